// The refresh queue (runtime/queue.ts): one refresh at a time; what is asked meanwhile is
// merged into exactly one follow-up covering the union of the files. The refreshes here are
// promises the test settles by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createQueue } from '../../dist/runtime/queue.js';
import { deferred } from './fakes.mjs';

/**
 * A queue over refreshes the test settles with finish(n, report) (n from 1). `runs` lists each
 * refresh's files ('all' for undefined); `log` its start.
 */
function queue() {
  const runs = [];
  const pending = [];
  const log = [];
  let running = 0;
  const request = createQueue((files) => {
    runs.push(files ? [...files].sort() : 'all');
    log.push(`start ${runs.length}`);
    if (running++) log.push('two refreshes at once');
    const d = deferred();
    pending.push(d);
    return d.promise.finally(() => running--);
  });
  const finish = (n, report) => pending[n - 1].resolve(report);
  const fail = (n, error) => pending[n - 1].reject(error);
  return { request, runs, log, finish, fail };
}

const set = (...files) => new Set(files);

test('an idle queue starts a refresh at once, with the files asked for', () => {
  const { request, runs } = queue();
  void request(set('a.js'));
  assert.deepEqual(runs, [['a.js']]);
});

test('three requests while one runs: exactly one follow-up, with the union of their files, after it', async () => {
  const { request, runs, finish } = queue();
  const first = request(set('a.js'));
  const second = request(set('b.js'));
  const third = request(set('c.js', 'b.js'));
  const fourth = request(set('d.js'));
  assert.deepEqual(runs, [['a.js']], 'nothing else starts while the first runs');
  assert.equal(third, second, 'merged callers share one promise');
  assert.equal(fourth, second);
  finish(1, 'first report');
  assert.equal(await first, 'first report');
  assert.deepEqual(runs, [['a.js'], ['b.js', 'c.js', 'd.js']]);
  finish(2, 'follow-up report');
  assert.deepEqual(await Promise.all([second, third, fourth]), ['follow-up report', 'follow-up report', 'follow-up report']);
  assert.deepEqual(runs, [['a.js'], ['b.js', 'c.js', 'd.js']], 'no third refresh');
});

test('undefined files (every loaded file) absorb the sets merged before and after', async () => {
  for (const order of [
    [set('b.js'), undefined, set('c.js')],
    [undefined, set('b.js')],
    [set('b.js'), undefined],
  ]) {
    const { request, runs, finish } = queue();
    const first = request(set('a.js'));
    for (const files of order) void request(files);
    finish(1);
    await first;
    assert.deepEqual(runs, [['a.js'], 'all'], `merging ${order.map((f) => (f ? [...f] : 'all')).join(' then ')}`);
  }
});

test('a refresh of everything running does not absorb a later request: it gets a follow-up', async () => {
  const { request, runs, finish } = queue();
  const first = request();
  void request(set('a.js'));
  finish(1);
  await first;
  assert.deepEqual(runs, ['all', ['a.js']]);
});

test('merging never changes the sets callers passed', async () => {
  const { request, finish } = queue();
  const b = set('b.js');
  const first = request(set('a.js'));
  void request(b);
  void request(set('c.js'));
  finish(1);
  await first;
  assert.deepEqual([...b], ['b.js']);
});

test('the first refresh’s callers hear of it before the follow-up starts, and before its callers hear', async () => {
  const { request, log, finish } = queue();
  const first = request(set('a.js')).then((r) => log.push(`heard ${r}`));
  const second = request(set('b.js')).then((r) => log.push(`heard ${r}`));
  finish(1, 'first');
  await first;
  finish(2, 'second');
  await second;
  assert.deepEqual(log, ['start 1', 'heard first', 'start 2', 'heard second']);
});

test('a request during the follow-up queues the next one; once idle, a request starts at once', async () => {
  const { request, runs, finish } = queue();
  const first = request(set('a.js'));
  const second = request(set('b.js'));
  finish(1);
  await first;
  const third = request(set('c.js'));
  void request(set('d.js'));
  assert.deepEqual(runs, [['a.js'], ['b.js']]);
  finish(2);
  await second;
  assert.deepEqual(runs, [['a.js'], ['b.js'], ['c.js', 'd.js']]);
  finish(3);
  await third;
  void request(set('e.js'));
  assert.deepEqual(runs, [['a.js'], ['b.js'], ['c.js', 'd.js'], ['e.js']]);
});

test('a caller of the first refresh who asks again as soon as it hears joins the queued follow-up', async () => {
  const { request, runs, log, finish } = queue();
  const first = request(set('a.js'));
  // Registered before the follow-up is queued: runs before the follow-up starts.
  const again = first.then(() => request(set('c.js')));
  const second = request(set('b.js'));
  finish(1);
  await first;
  assert.deepEqual(runs, [['a.js'], ['b.js', 'c.js']]);
  finish(2, 'follow-up report');
  assert.deepEqual(await Promise.all([second, again]), ['follow-up report', 'follow-up report']);
  assert.deepEqual(log, ['start 1', 'start 2'], 'never two refreshes at once');
});

test('a refresh that rejects (a limeade bug) still lets the follow-up run, and the queue keeps working', async () => {
  const { request, runs, log, finish, fail } = queue();
  const first = request(set('a.js'));
  const second = request(set('b.js'));
  fail(1, new Error('bug'));
  await assert.rejects(first, /bug/);
  finish(2, 'follow-up report');
  assert.equal(await second, 'follow-up report');
  const third = request(set('c.js'));
  const fourth = request(set('d.js'));
  finish(3, 'third report');
  await third;
  finish(4, 'fourth report');
  assert.equal(await fourth, 'fourth report');
  assert.deepEqual(runs, [['a.js'], ['b.js'], ['c.js'], ['d.js']]);
  assert.deepEqual(log, ['start 1', 'start 2', 'start 3', 'start 4']);
});
