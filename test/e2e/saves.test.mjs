// docs/design.md §2.7: never lose a save. Whatever the editor does, the program ends on exactly
// the content on disk. Each test runs with native file events and with polling.
import assert from 'node:assert/strict';
import { open, unlink } from 'node:fs/promises';
import { eachNode } from '../helpers.mjs';

/** The writer's own pace: an editor writing in steps. Never a success criterion. */
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

const main = `
import './harness.js';
import { value } from './lib.js';
globalThis.probe = () => value();
globalThis.__limeade.on('refresh', (r) => console.log('REFRESHED ' + r.ok));
`;
const lib = (v) => `// version ${v}\nexport function value() {\n  return ${JSON.stringify(v)};\n}\n`;

const MODES = [
  ['native events', {}],
  ['polling', { LIMEADE_WATCH_POLL: '20' }],
];

for (const [mode, env] of MODES) {
  const start = (startApp, files = { 'main.js': main, 'lib.js': lib('v0') }) => startApp(files, { watch: true, env });

  eachNode(`${mode}: truncate, then write in chunks`, async (t, startApp) => {
    const app = await start(startApp);
    t.after(() => app.stop());
    await app.until('probe()', 'v0');
    const text = lib('chunked') + '// padding\n'.repeat(50);
    const fh = await open(app.path('lib.js'), 'w');
    for (let i = 0; i < text.length; i += 200) {
      await fh.write(text.slice(i, i + 200));
      await pause(12);
    }
    await fh.close();
    await app.until('probe()', 'chunked');
  });

  eachNode(`${mode}: two saves 5 to 40 ms apart end on the second`, async (t, startApp) => {
    const app = await start(startApp);
    t.after(() => app.stop());
    for (const gap of [5, 15, 25, 40]) {
      await app.write('lib.js', lib(`first ${gap}`));
      await pause(gap);
      await app.write('lib.js', lib(`second ${gap}`));
      await app.until('probe()', `second ${gap}`);
    }
  });

  eachNode(`${mode}: temp file and rename, delete and re-create`, async (t, startApp) => {
    const app = await start(startApp);
    t.after(() => app.stop());
    await app.writeAtomic('lib.js', lib('renamed'));
    await app.until('probe()', 'renamed');
    await unlink(app.path('lib.js'));
    await app.waitFor('lib.js was deleted');
    assert.equal(await app.eval('probe()'), 'renamed', 'the code keeps running');
    await app.write('lib.js', lib('recreated'));
    await app.until('probe()', 'recreated');
  });

  eachNode(`${mode}: a save that leaves the content unchanged is no refresh; a revert is applied`, async (t, startApp) => {
    const app = await start(startApp);
    t.after(() => app.stop());
    await app.write('lib.js', lib('v1'));
    await app.until('probe()', 'v1');
    await app.waitFor(() => app.count('REFRESHED true') === 1);
    await app.write('lib.js', lib('v1'));
    await app.write('lib.js', lib('v0'));
    await app.until('probe()', 'v0');
    await app.waitFor(() => app.count('REFRESHED true') === 2);
  });
}

eachNode('a burst over many files is one transaction, dependencies first', async (t, startApp) => {
  const files = { 'main.js': `import './harness.js';\n${[...Array(8).keys()].map((i) => `import { f${i} } from './m${i}.js';`).join('\n')}\nglobalThis.probe = () => [${[...Array(8).keys()].map((i) => `f${i}()`).join(', ')}].join(' ');\nglobalThis.__limeade.on('refresh', (r) => console.log('REFRESHED ' + r.ok + ' ' + r.modules.length));\n` };
  for (let i = 0; i < 8; i++) files[`m${i}.js`] = `export function f${i}() { return 'a${i}'; }\n`;
  const app = await startApp(files, { watch: true });
  t.after(() => app.stop());
  await app.until('probe()', 'a0 a1 a2 a3 a4 a5 a6 a7');
  // m7 starts to use a new export of m0: applying m7 before m0, or alone, would fail.
  const writes = [];
  writes.push(app.write('m7.js', `import { extra } from './m0.js';\nexport function f7() { return 'b7' + extra(); }\n`));
  for (let i = 1; i < 7; i++) writes.push(app.write(`m${i}.js`, `export function f${i}() { return 'b${i}'; }\n`));
  writes.push(app.write('m0.js', `export function f0() { return 'b0'; }\nexport function extra() { return '+'; }\n`));
  await Promise.all(writes);
  await app.until('probe()', 'b0 b1 b2 b3 b4 b5 b6 b7+');
  assert.doesNotMatch(app.output(), /REFRESHED false/);
});

eachNode('saves that arrive while a refresh runs are applied by exactly one more refresh', async (t, startApp) => {
  const app = await startApp(
    {
      'main.js': main.replace("import { value } from './lib.js';", "import { value } from './lib.js';\nimport { other } from './slow.js';").replace('() => value()', "() => value() + ' ' + other()"),
      'lib.js': lib('v0'),
      'slow.js': `export function other() { return 'o0'; }\n`,
    },
    { watch: true },
  );
  t.after(() => app.stop());
  // This save's new statement keeps the refresh busy until the next save is on disk.
  await app.write('slow.js', `import { existsSync } from 'node:fs';\nexport function other() { return 'o1'; }\nconsole.log('SLOW START');\nconst until = Date.now() + 10000;\nwhile (!existsSync(new URL('./go', import.meta.url)) && Date.now() < until);\n`);
  await app.waitFor('SLOW START');
  await app.write('lib.js', lib('v1'));
  await app.write('lib.js', lib('v2'));
  await app.write('go', '');
  await app.until('probe()', 'v2 o1');
  await app.waitFor(() => app.count('REFRESHED true') === 2);
  assert.equal(app.count('REFRESHED'), 2, app.output());
});
