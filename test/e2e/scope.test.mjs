// What limeade instruments: the program's own modules under its project root, never
// node_modules or files outside the project unless LIMEADE_INCLUDE names them.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { eachNode } from '../helpers.mjs';

const main = `
import './harness.js';
import { dep } from 'dep';
globalThis.load = (url) => import(url);
globalThis.files = () => globalThis.__limeade.status().modules.map((m) => m.file).sort();
`;
const files = {
  'main.js': main,
  'node_modules/dep/package.json': JSON.stringify({ name: 'dep', type: 'module', exports: './index.js' }),
  'node_modules/dep/index.js': 'export function dep() { return 1; }\n',
};

for (const [label, env, expectOutside] of [
  ['by default', {}, false],
  ['with LIMEADE_INCLUDE', { LIMEADE_INCLUDE: 'limeade-outside-,main.js,harness.js' }, true],
]) {
  eachNode(`files outside the project root and in node_modules are not instrumented ${label}`, async (t, startApp) => {
    const outside = await mkdtemp(join(tmpdir(), 'limeade-outside-'));
    t.after(() => rm(outside, { recursive: true, force: true }));
    await mkdir(outside, { recursive: true });
    await writeFile(join(outside, 'x.js'), 'export function x() { return 2; }\n');
    const app = await startApp(files, { env });
    t.after(() => app.stop());
    await app.eval(`load(${JSON.stringify(pathToFileURL(join(outside, 'x.js')).href)})`);
    const seen = await app.eval('files()');
    assert.ok(seen.includes('main.js'), seen.join());
    assert.ok(!seen.some((f) => f.includes('node_modules')), seen.join());
    assert.equal(seen.some((f) => f.includes('limeade-outside-')), expectOutside, seen.join());
  });
}

// A monorepo: the program starts in one workspace package and loads another at its real path
// (a `node_modules/@scope/pkg` link resolves there; here a relative import does the same).
// Both are the developer's code: the workspace root is the project root.
eachNode('in a workspace (package.json "workspaces"), the other packages of the workspace are live too', async (t, startApp) => {
  const app = await startApp(
    {
      'package.json': JSON.stringify({ private: true, type: 'module', workspaces: ['packages/*'] }),
      'packages/api/package.json': JSON.stringify({ name: 'api', type: 'module' }),
      'packages/api/main.js': `import '../../harness.js';\nimport { greet } from '../common/index.js';\nglobalThis.greet = greet;\nglobalThis.files = () => globalThis.__limeade.status().modules.map((m) => m.file).sort();\n`,
      'packages/common/package.json': JSON.stringify({ name: '@mono/common', type: 'module' }),
      'packages/common/index.js': `export function greet(name) {\n  return 'hello ' + name;\n}\n`,
    },
    { entry: 'packages/api/main.js' },
  );
  t.after(() => app.stop());
  assert.equal(await app.eval('greet("a")'), 'hello a');
  assert.ok((await app.eval('files()')).includes('packages/common/index.js'));
  await app.replace('packages/common/index.js', `'hello '`, `'hi '`);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.deepEqual(r.modules.map((m) => m.file), ['packages/common/index.js']);
  assert.equal(await app.eval('greet("a")'), 'hi a');
});
