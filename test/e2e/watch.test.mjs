// The watcher applies a saved file without anyone calling refresh().
import assert from 'node:assert/strict';
import { eachNode } from '../helpers.mjs';

const main = `
import './harness.js';
import { answer } from './lib.js';
globalThis.probe = () => answer();
globalThis.__limeade.on('refresh', (r) => console.log('REFRESHED ' + r.ok + ' ' + r.modules.map((m) => m.file).join()));
`;

for (const [name, write] of [
  ['in place', (app, text) => app.write('lib.js', text)],
  ['temp file and rename', (app, text) => app.writeAtomic('lib.js', text)],
]) {
  eachNode(`a save (${name}) is picked up by the watcher`, async (t, startApp) => {
    const app = await startApp({ 'main.js': main, 'lib.js': `export function answer() { return 1; }\n` }, { watch: true });
    t.after(() => app.stop());
    assert.equal(await app.eval('probe()'), 1);
    for (const v of [2, 3]) {
      await write(app, `export function answer() { return ${v}; }\n`);
      await app.waitFor(() => app.output().includes(`REFRESHED true lib.js`) && app.output().split('REFRESHED true').length > v - 1);
      assert.equal(await app.eval('probe()'), v);
    }
    assert.match(app.output(), /\[limeade\] updated lib\.js \(answer; patched\)/);
  });
}

eachNode('the watcher does not keep a finished program alive', async (t, _startApp, runToExit) => {
  const run = await runToExit(
    { 'main.js': `import { x } from './lib.js';\nconsole.log('done', x());\n`, 'lib.js': `export const x = () => 1;\n` },
    { watch: true },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, 'done 1\n');
});

eachNode('a broken save is reported once, and the next good save applies', async (t, startApp) => {
  const app = await startApp({ 'main.js': main, 'lib.js': `export function answer() { return 1; }\n` }, { watch: true });
  t.after(() => app.stop());
  await app.write('lib.js', `export function answer() { return 2 +; }\n`);
  await app.waitFor('REFRESHED false');
  // The watcher re-checks the file after its first event; the same broken text is not tried again.
  await app.write('lib.js', `export function answer() { return 3; }\n`);
  await app.waitFor('REFRESHED true');
  assert.equal(app.output().split('REFRESHED false').length - 1, 1, app.output());
  assert.equal(app.output().split('SyntaxError').length - 1, 1, app.output());
  assert.equal(await app.eval('probe()'), 3);
});

eachNode('the same broken text saved again after the good text came back is reported again', async (t, startApp) => {
  const app = await startApp({ 'main.js': main, 'lib.js': `export function answer() { return 1; }\n` }, { watch: true, env: { LIMEADE_LOG: 'debug' } });
  t.after(() => app.stop());
  const good = `export function answer() { return 1; }\n`;
  const broken = `export function answer() { return 1 +; }\n`;
  await app.eval('probe()');
  await app.write('lib.js', broken);
  await app.waitFor(() => app.count('REFRESHED false') === 1);
  // The restore is the running text: the watcher reads it and finds nothing to apply. The
  // first event of the save may find the file still empty (also "no content changed"); a
  // re-check reads what the save left.
  const rechecks = app.count('watch: re-check');
  await app.write('lib.js', good);
  await app.waitFor(() => {
    const sinceRecheck = app.output().split('watch: re-check').at(-1);
    return app.count('watch: re-check') > rechecks && sinceRecheck.includes('read: no content changed') && !sinceRecheck.includes('empty (a save in progress?)');
  });
  await app.write('lib.js', broken);
  await app.waitFor(() => app.count('REFRESHED false') === 2);
  assert.equal(await app.eval('probe()'), 1);
});

// The watcher's start-up check runs from a timer; the refresh it schedules must not wait for
// an unrelated event to wake the event loop (an unref'd setImmediate did: ~8 s here).
eachNode('a save made before the watch is set up is applied by the start-up check', async (t, startApp) => {
  const app = await startApp(
    {
      'main.js': `${main}import { writeFileSync } from 'node:fs';\nwriteFileSync(new URL('./lib.js', import.meta.url), 'export function answer() { return 2; }\\n');\nsetInterval(() => {}, 1e9);\n`,
      'lib.js': `export function answer() { return 1; }\n`,
    },
    { watch: true },
  );
  t.after(() => app.stop());
  await app.waitFor('REFRESHED true lib.js', 3000);
  assert.equal(await app.eval('probe()'), 2);
});
