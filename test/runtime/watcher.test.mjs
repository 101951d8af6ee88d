// The watcher (runtime/watcher.ts) only reports changes: which files to refresh, and when,
// for what chokidar sends and what is on disk. chokidar, the clock and the disk are fakes:
// a test emits chokidar's events, changes the fake disk, and advances the clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWatcher, VERIFY_MS } from '../../dist/runtime/watcher.js';
import { FakeClock, FakeFs, FakeFSWatcher } from './fakes.mjs';

const A = '/app/a.js';
const B = '/app/b.js';
const C = '/app/c.js';

/** A watcher on `files` (all on the fake disk); what it reported is in `changes` and `deletes`. */
function watching(files, options = {}) {
  const clock = new FakeClock();
  const fs = new FakeFs();
  for (const f of files) fs.write(f);
  const changes = [];
  const deletes = [];
  let chokidar;
  const watcher = createWatcher(
    { onChange: (set) => changes.push([...set]), onDelete: (file) => deletes.push(file), debug() {}, ...options },
    { fs, timers: clock, createFSWatcher: (opts) => (chokidar = new FakeFSWatcher(opts)) },
  );
  watcher.add(files);
  return { clock, fs, changes, deletes, watcher, chokidar };
}

/** Past the check every file gets once its watch is set up, with what it reported cleared. */
async function settled(files) {
  const w = watching(files);
  await w.clock.advance(150);
  assert.deepEqual(w.changes, [files], 'the start-up check compares every file once');
  w.changes.length = 0;
  w.chokidar.calls.length = 0;
  return w;
}

test('the re-check runs 60 ms after chokidar’s 50 ms throttle window', () => {
  assert.equal(VERIFY_MS, 60);
});

test('chokidar is asked to watch without keeping the program alive, and to poll with pollMs', () => {
  assert.deepEqual(watching([A]).chokidar.options, { persistent: false, ignoreInitial: true, atomic: false });
  assert.deepEqual(watching([A], { pollMs: 500 }).chokidar.options, {
    persistent: false,
    ignoreInitial: true,
    atomic: false,
    usePolling: true,
    interval: 500,
    binaryInterval: 500,
  });
});

test('added files are watched, and each is compared once 150 ms later (a save while the watch was set up)', async () => {
  const { clock, changes, chokidar } = watching([A, B]);
  assert.deepEqual(chokidar.calls, [['add', [A, B]]]);
  await clock.advance(149);
  assert.deepEqual(changes, []);
  await clock.advance(1);
  assert.deepEqual(changes, [[A, B]]);
  await clock.advance(1000);
  assert.deepEqual(changes, [[A, B]]);
});

test('the events of one turn are one change with all their files', async () => {
  const { clock, changes, chokidar } = await settled([A, B, C]);
  chokidar.emit('change', A);
  chokidar.emit('change', B);
  chokidar.emit('add', C);
  chokidar.emit('change', A);
  assert.deepEqual(changes, [], 'nothing before the turn ends');
  await clock.advance(0);
  assert.deepEqual(changes, [[A, B, C]]);
});

test('a change chokidar drops is caught by the re-check 60 ms after the last event', async () => {
  const { clock, changes, chokidar } = await settled([A]);
  chokidar.emit('change', A);
  await clock.advance(0);
  assert.deepEqual(changes, [[A]]);
  // A second save 30 ms later: chokidar swallows it (same path within its 50 ms window).
  await clock.advance(59);
  assert.deepEqual(changes, [[A]]);
  await clock.advance(1);
  assert.deepEqual(changes, [[A], [A]]);
  await clock.advance(1000);
  assert.deepEqual(changes, [[A], [A]], 'one re-check, then quiet');
});

test('each event moves its file’s re-check to 60 ms after it', async () => {
  const { clock, changes, chokidar } = await settled([A, B]);
  chokidar.emit('change', A);
  chokidar.emit('change', B);
  await clock.advance(40);
  chokidar.emit('change', A);
  await clock.advance(20);
  assert.deepEqual(changes, [[A, B], [A], [B]], 'B re-checked at 60 ms, A not yet');
  await clock.advance(39);
  assert.deepEqual(changes, [[A, B], [A], [B]]);
  await clock.advance(1);
  assert.deepEqual(changes, [[A, B], [A], [B], [A]], 'A re-checked 60 ms after its last event');
});

test('a save in two chunks: the first chunk’s event refreshes, the re-check reads the whole file', async () => {
  const { clock, changes, chokidar } = await settled([A]);
  chokidar.emit('change', A); // first chunk written; the second lands 10 ms later, unreported
  await clock.advance(10);
  assert.deepEqual(changes, [[A]]);
  await clock.advance(50);
  assert.deepEqual(changes, [[A], [A]]);
});

test('a rename save seen as unlink + add is a change, never a deletion', async () => {
  const { clock, fs, changes, deletes, chokidar } = await settled([A]);
  fs.remove(A);
  chokidar.emit('unlink', A);
  fs.write(A); // the temp file renamed over it: a new inode
  chokidar.emit('add', A);
  await clock.advance(0);
  assert.deepEqual(changes, [[A]]);
  await clock.advance(VERIFY_MS);
  assert.deepEqual(changes, [[A], [A]]);
  assert.deepEqual(deletes, []);
  assert.deepEqual(chokidar.calls, [['unwatch', A], ['add', A]], 'the new inode is watched anew');
});

test('a file deleted and back before the re-check without chokidar seeing it come: watched anew and compared', async () => {
  const { clock, fs, changes, deletes, chokidar } = await settled([A]);
  const inode = fs.inode(A);
  fs.remove(A);
  chokidar.emit('unlink', A);
  await clock.advance(30);
  fs.write(A, { inode }); // the same inode number: only the unlink tells chokidar's watch is gone
  assert.deepEqual(changes, [], 'an unlink alone refreshes nothing');
  await clock.advance(30);
  assert.deepEqual(deletes, []);
  assert.deepEqual(changes, [[A]]);
  assert.deepEqual(chokidar.calls, [['unwatch', A], ['add', A]]);
  await clock.advance(VERIFY_MS);
  assert.deepEqual(changes, [[A], [A]], 'and compared again for a save while the new watch was set up');
});

test('a deleted file is reported once, looked for every 100 ms, and refreshed when it returns', async () => {
  const { clock, fs, changes, deletes, chokidar } = await settled([A]);
  fs.remove(A);
  chokidar.emit('unlink', A);
  await clock.advance(VERIFY_MS);
  assert.deepEqual(deletes, [A]);
  assert.deepEqual(changes, []);
  await clock.advance(1000);
  assert.deepEqual(deletes, [A], 'reported once while it stays missing');
  assert.deepEqual(clock.pending(), [100], 'the next look is 100 ms after the last');
  fs.write(A);
  await clock.advance(100);
  assert.deepEqual(changes, [[A]]);
  assert.deepEqual(chokidar.calls, [['unwatch', A], ['add', A]]);
  await clock.advance(VERIFY_MS);
  assert.deepEqual(changes, [[A], [A]], 'compared again after the new watch is set up');
  assert.deepEqual(clock.pending(), [], 'no more looking');
  // Deleted again: reported again (the runtime decides what the user hears).
  fs.remove(A);
  chokidar.emit('unlink', A);
  await clock.advance(VERIFY_MS);
  assert.deepEqual(deletes, [A, A]);
});

test('a directory where the file was: refreshed (the refresh says it cannot read it), then awaited as a file', async () => {
  const { clock, fs, changes, deletes, chokidar } = await settled([A]);
  fs.mkdir(A);
  chokidar.emit('change', A);
  await clock.advance(0);
  assert.deepEqual(changes, [[A]]);
  await clock.advance(VERIFY_MS);
  assert.deepEqual(changes, [[A], [A]]);
  assert.deepEqual(deletes, []);
  await clock.advance(100);
  assert.deepEqual(changes, [[A], [A]], 'still a directory: nothing to read');
  fs.write(A);
  await clock.advance(100);
  assert.deepEqual(changes, [[A], [A], [A]]);
  assert.deepEqual(chokidar.calls, [['unwatch', A], ['add', A]]);
});

test('a file replaced under the same name (a new inode) is watched anew at its re-check', async () => {
  const { clock, fs, changes, chokidar } = await settled([A]);
  fs.remove(A);
  fs.write(A);
  chokidar.emit('change', A);
  await clock.advance(VERIFY_MS);
  assert.deepEqual(changes, [[A], [A]]);
  assert.deepEqual(chokidar.calls, [['unwatch', A], ['add', A]]);
  await clock.advance(VERIFY_MS);
  assert.deepEqual(changes, [[A], [A], [A]]);
  assert.deepEqual(chokidar.calls, [['unwatch', A], ['add', A]], 'the same inode since: no other rewatch');
});

test('close() stops chokidar and every pending check', async () => {
  const { clock, changes, chokidar, watcher } = await settled([A, B]);
  chokidar.emit('change', A);
  chokidar.emit('unlink', B);
  await watcher.close();
  assert.deepEqual(chokidar.calls, [['close']]);
  assert.deepEqual(clock.pending(), []);
  await clock.advance(1000);
  assert.deepEqual(changes, []);
});

test('a chokidar error is a debug message, nothing else', async () => {
  const messages = [];
  const { clock, changes, deletes, chokidar } = watching([A], { debug: (m) => messages.push(m) });
  chokidar.error(new Error('EMFILE'));
  await clock.advance(0);
  assert.deepEqual(messages, ['watch: error Error: EMFILE']);
  assert.deepEqual([changes, deletes], [[], []]);
});
