// The report line says what happened (docs/design.md §2.8): a save that changes only
// TypeScript types, comments or layout applies nothing, and the line says so instead of
// "updated … (no code change; patched)". Real files, no sleeps.
import assert from 'node:assert/strict';
import { assertOk, eachNode } from '../helpers.mjs';

const LIB = (type) => `export interface Todo { title: ${type}; }\nexport function describe(todo: Todo): string {\n  return 'v1 ' + todo.title;\n}\n`;

eachNode('a save that changes only types, comments or layout says there is no change that runs, and a real edit after it applies', async (t, startApp) => {
  const app = await startApp(
    { 'lib.ts': LIB('string'), 'main.ts': `import { describe } from './lib.ts';\n(globalThis as any).probe = () => describe({ title: 'a' });\nawait import('./harness.js');\n` },
    { entry: 'main.ts', env: { LIMEADE_LOG: 'info' } },
  );
  t.after(() => app.stop());
  assert.equal(await app.eval('probe()'), 'v1 a');
  const lines = () => app.output().split('--- stderr ---')[1].split('\n').filter((l) => l.startsWith('[limeade] '));
  // Types only.
  await app.write('lib.ts', LIB('string | number').replace('todo: Todo): string', 'todo: Todo): string | undefined'));
  let r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual([r.modules[0]?.updated, r.modules[0]?.statements], [[], 0]);
  // Comments and layout.
  await app.write('lib.ts', `// Todos.\n${LIB('string | number')}`.replace("return 'v1 ' + todo.title;", "return 'v1 '  +  todo.title; // joined"));
  r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules[0]?.updated, []);
  const said = lines();
  assert.equal(said.length, 2, said.join('\n'));
  for (const l of said) assert.match(l, /^\[limeade\] lib\.ts: no change that runs \(types, comments or layout only\) in [\d.]+ ms$/);
  assert.equal(await app.eval('probe()'), 'v1 a');
  await app.replace('lib.ts', "'v1 '", "'v2 '");
  assertOk(await app.refresh(), app);
  assert.equal(await app.eval('probe()'), 'v2 a');
  assert.match(lines().at(-1), /^\[limeade\] updated lib\.ts \(describe; patched\) in /);
});
