// Putting loaded files under watch (runtime/watching.ts): batched within 20 ms, chokidar's
// watcher loaded with the first batch, a deletion announced once. The watcher is a fake the
// test drives through the callbacks it was given; the clock is a fake too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createWatching, WATCH_DELAY_MS } from '../../dist/runtime/watching.js';
import { deferred, FakeClock } from './fakes.mjs';

const A = join(process.cwd(), 'a.js');
const B = join(process.cwd(), 'b.js');
const C = join(process.cwd(), 'c.js');

/**
 * A Watching whose watcher module is a fake: `loads` counts its imports, `watchers` lists the
 * watchers made ({ options, added, closed }); `loaded` gates the import when given.
 */
function watching({ watch = true, loaded } = {}) {
  const clock = new FakeClock();
  const changes = [];
  const warnings = [];
  const watchers = [];
  let loads = 0;
  const createWatcher = (options) => {
    const w = { options, added: [], closed: false, add: (files) => w.added.push(files), close: async () => void (w.closed = true) };
    watchers.push(w);
    return w;
  };
  const load = async () => {
    loads++;
    await loaded;
    return { createWatcher };
  };
  const w = createWatching({ watch, onChange: (files) => changes.push([...files]), warn: (m) => warnings.push(m), debug() {}, timers: clock, load });
  return Object.assign(w, { clock, changes, warnings, watchers, loads: () => loads });
}

test('files loaded within 20 ms are put under watch together, by one watcher loaded then', async () => {
  assert.equal(WATCH_DELAY_MS, 20);
  const w = watching();
  w.add(A);
  await w.clock.advance(19);
  w.add(B);
  assert.deepEqual([w.loads(), w.active], [0, false], 'nothing loaded on the start-up path');
  await w.clock.advance(1);
  assert.equal(w.watchers.length, 1);
  assert.deepEqual(w.watchers[0].added, [[A, B]]);
  assert.equal(w.active, true);
});

test('a later batch goes to the same watcher', async () => {
  const w = watching();
  w.add(A);
  await w.clock.advance(20);
  w.add(B);
  w.add(C);
  await w.clock.advance(20);
  assert.equal(w.watchers.length, 1);
  assert.deepEqual(w.watchers[0].added, [[A], [B, C]]);
});

test('the watcher reports to onChange, and polls when LIMEADE_WATCH_POLL says so', async (t) => {
  process.env.LIMEADE_WATCH_POLL = '250';
  t.after(() => delete process.env.LIMEADE_WATCH_POLL);
  const w = watching();
  w.add(A);
  await w.clock.advance(20);
  assert.equal(w.watchers[0].options.pollMs, 250);
  w.watchers[0].options.onChange(new Set([A, B]));
  assert.deepEqual(w.changes, [[A, B]]);
});

test('with watching off (LIMEADE_WATCH=0) nothing is loaded or watched', async () => {
  const w = watching({ watch: false });
  w.add(A);
  await w.clock.advance(1000);
  assert.deepEqual([w.loads(), w.watchers.length, w.active], [0, 0, false]);
});

test('close() before the batch is due: nothing is loaded, and later files are not watched', async () => {
  const w = watching();
  w.add(A);
  await w.close();
  w.add(B);
  await w.clock.advance(1000);
  assert.deepEqual([w.loads(), w.watchers.length], [0, 0]);
});

test('close() while chokidar loads: no watcher is made', async () => {
  const gate = deferred();
  const w = watching({ loaded: gate.promise });
  w.add(A);
  const due = w.clock.advance(20);
  await w.close();
  gate.resolve();
  await due;
  assert.deepEqual([w.loads(), w.watchers.length, w.active], [1, 0, false]);
});

test('close() closes the watcher; status says not watching', async () => {
  const w = watching();
  w.add(A);
  await w.clock.advance(20);
  await w.close();
  assert.deepEqual([w.watchers[0].closed, w.active], [true, false]);
});

test('a deleted file is announced once, until the watcher sees it again', async () => {
  const w = watching();
  w.add(A);
  await w.clock.advance(20);
  const { onDelete, onChange } = w.watchers[0].options;
  const warning = 'a.js was deleted; the program keeps running its last code. Restore the file to edit it again.';
  onDelete(A);
  onDelete(A);
  assert.deepEqual(w.warnings, [warning]);
  onChange(new Set([A]));
  onDelete(A);
  assert.deepEqual(w.warnings, [warning, warning]);
  assert.deepEqual(w.changes, [[A]]);
});
