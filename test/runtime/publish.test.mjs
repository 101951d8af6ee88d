// Who hears of a refresh, and when (runtime/publish.ts): the log, the on('refresh') listeners,
// import.meta.hot's events; and the error grace, on a fake clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublisher, ERROR_GRACE_MS } from '../../dist/runtime/publish.js';
import { FakeClock } from './fakes.mjs';

const applied = (file) => ({ ok: true, modules: [{ file, path: 'patch', updated: ['f'], removed: [], statements: 0, notes: [] }], durationMs: 1 });
const failed = (message) => ({ ok: false, modules: [], durationMs: 1, error: { kind: 'syntax', file: 'a.js', line: 1, column: 0, message, frame: '' } });
const nothing = { ok: true, modules: [], durationMs: 1 };
const WATCHED = new Set(['/app/a.js']); // a refresh of given files: the watcher's
const EVERYTHING = undefined; // refresh()

/** A publisher whose every audience writes into `heard`, as [who, report or message]. */
function publisher() {
  const clock = new FakeClock();
  const heard = [];
  const logger = {
    report: (r) => heard.push(['log', r]),
    warn: (m) => heard.push(['warn', m]),
    debug: (m) => heard.push(['debug', m]),
  };
  const hot = { emit: (event, r) => heard.push([event, r]) };
  const p = createPublisher({ logger, hot, timers: clock });
  const off = p.listen((r) => heard.push(['listener', r]));
  return { ...p, off, clock, heard };
}

test('the grace is 30 ms', () => {
  assert.equal(ERROR_GRACE_MS, 30);
});

test('a success is published at once: the log, the listeners, limeade:after-refresh', () => {
  const { settle, heard } = publisher();
  const report = applied('a.js');
  settle(report, WATCHED);
  assert.deepEqual(heard, [['log', report], ['listener', report], ['limeade:after-refresh', report]]);
});

test('a refresh that found nothing to apply is only logged', () => {
  const { settle, heard } = publisher();
  settle(nothing, WATCHED);
  settle(nothing, EVERYTHING);
  assert.deepEqual(heard, [['log', nothing], ['log', nothing]]);
});

test('the error of a refresh() of every file is published at once, with limeade:error', () => {
  const { settle, heard } = publisher();
  const report = failed('Unexpected token');
  settle(report, EVERYTHING);
  assert.deepEqual(heard, [['log', report], ['listener', report], ['limeade:error', report]]);
});

test('a lone error of a watcher’s refresh is published 30 ms later', async () => {
  const { settle, heard, clock } = publisher();
  const report = failed('Unexpected token');
  settle(report, WATCHED);
  await clock.advance(29);
  assert.deepEqual(heard, []);
  await clock.advance(1);
  assert.deepEqual(heard, [['log', report], ['listener', report], ['limeade:error', report]]);
});

test('a refresh that applied something within the grace supersedes the waiting error', async () => {
  const { settle, heard, clock } = publisher();
  const error = failed('b is not defined');
  const success = applied('a.js');
  settle(error, WATCHED);
  await clock.advance(10);
  settle(success, WATCHED);
  await clock.advance(1000);
  assert.deepEqual(heard, [
    ['log', success],
    ['listener', success],
    ['limeade:after-refresh', success],
    ['debug', 'refresh error superseded by a later refresh: b is not defined'],
  ]);
});

test('a later error supersedes the waiting one and waits its own 30 ms', async () => {
  const { settle, heard, clock } = publisher();
  const first = failed('first');
  const second = failed('second');
  settle(first, WATCHED);
  await clock.advance(10);
  settle(second, WATCHED);
  await clock.advance(20);
  assert.deepEqual(heard, [['debug', 'refresh error superseded by a later refresh: first']]);
  await clock.advance(10);
  assert.deepEqual(heard.slice(1), [['log', second], ['listener', second], ['limeade:error', second]]);
});

test('a later refresh that found nothing changed supersedes nothing', async () => {
  const { settle, heard, clock } = publisher();
  const error = failed('Unexpected token');
  settle(error, WATCHED);
  await clock.advance(10);
  settle(nothing, WATCHED);
  await clock.advance(20);
  assert.deepEqual(heard, [['log', nothing], ['log', error], ['listener', error], ['limeade:error', error]]);
});

test('a refresh after the grace supersedes nothing: the error was already published', async () => {
  const { settle, heard, clock } = publisher();
  const error = failed('Unexpected token');
  const success = applied('a.js');
  settle(error, WATCHED);
  await clock.advance(30);
  settle(success, WATCHED);
  assert.deepEqual(heard, [
    ['log', error],
    ['listener', error],
    ['limeade:error', error],
    ['log', success],
    ['listener', success],
    ['limeade:after-refresh', success],
  ]);
});

test('a listener that throws is a warning; the other listeners and the hot event still follow', () => {
  const { settle, listen, heard } = publisher();
  listen(() => {
    throw new Error('oops');
  });
  listen((r) => heard.push(['second listener', r]));
  const report = applied('a.js');
  settle(report, EVERYTHING);
  assert.deepEqual(heard, [
    ['log', report],
    ['listener', report],
    ['warn', 'a refresh listener threw: Error: oops'],
    ['second listener', report],
    ['limeade:after-refresh', report],
  ]);
});

test('a removed listener hears nothing more', () => {
  const { settle, off, heard } = publisher();
  off();
  const report = applied('a.js');
  settle(report, EVERYTHING);
  assert.deepEqual(heard, [['log', report], ['limeade:after-refresh', report]]);
});
