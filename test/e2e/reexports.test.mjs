// What `export *` passes on, and what a namespace holds, after the re-exported module gains or
// loses names; and the module's state after a re-import, as the code of statements it did not
// run again reads it (docs/design.md §2.6). Found by an exploratory differential run.
import assert from 'node:assert/strict';
import { assertOk, eachNode } from '../helpers.mjs';

eachNode('a name moved between two modules behind an export * barrel: importers, namespaces and import() see the new set', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';\nimport * as ns from './index.js';\nimport { a } from './index.js';\nglobalThis.probe = async () => { const m = await import('./index.js'); return [a, Object.keys(ns).join(), ns.b ?? null, Object.keys(m).join(), m.c ?? null]; };\n`,
    'index.js': `export * from './x.js';\nexport * from './y.js';\n`,
    'x.js': `export const a = 'a1';\nexport const b = 'b1';\n`,
    'y.js': `export const z = 1;\n`,
  });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), ['a1', 'a,b,z', 'b1', 'a,b,z', null]);
  await app.write('x.js', `export const a = 'a2';\n`);
  await app.write('y.js', `export const z = 1;\nexport const b = 'by';\n`);
  let r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules.flatMap((m) => m.notes), []);
  assert.deepEqual(await app.eval('probe()'), ['a2', 'a,b,z', 'by', 'a,b,z', null]);
  await app.write('x.js', `export const a = 'a3';\nexport const c = 'c3';\n`);
  await app.write('y.js', `export const z = 1;\n`);
  r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(await app.eval('probe()'), ['a3', 'a,c,z', null, 'a,c,z', 'c3']);
});

eachNode('after a re-import, inline functions and closures of code it did not run again read the module state where the new version keeps it', async (t, startApp) => {
  const MAIN = (extra) =>
    `import './harness.js';\nimport { X } from './lib.js';\nlet count = 0;\nfunction bump() { return ++count; }\nfunction make() { return () => [bump(), count]; }\nconst held = make();\nconst api = { read() { return count; } };\nglobalThis.probe = () => [bump(), count, X, held(), api.read()];\n${extra}`;
  const app = await startApp({ 'main.js': MAIN(''), 'lib.js': 'export const X = 1;\n' });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), [1, 1, 1, [2, 2], 2]);
  await app.write('main.js', MAIN('class K {}\n'));
  await app.write('lib.js', 'export const X = 2;\n');
  const r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules.find((m) => m.file === 'main.js').path, 'reimport');
  assert.deepEqual(await app.eval('probe()'), [3, 3, 2, [4, 4], 4]);
  // Later edits reach them as before.
  await app.write('main.js', MAIN('class K {}\n').replace('[bump(), count, X,', '[bump(), count * 10, X,'));
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), [5, 50, 2, [6, 6], 6]);
});

eachNode('a module passed on as a namespace (export * as cmds) gains and loses names: importers see its new set', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { cmds } from './index.js';\nglobalThis.probe = () => Object.entries(cmds).map(([k, f]) => k + '=' + f());\n`,
    'index.js': `export * as cmds from './cmds.js';\n`,
    'cmds.js': `export const a = () => 'a1';\n`,
  });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), ['a=a1']);
  await app.write('cmds.js', `export const a = () => 'a2';\nexport const b = () => 'b2';\n`);
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), ['a=a2', 'b=b2']);
  await app.write('cmds.js', `export const b = () => 'b3';\n`);
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), ['b=b3']);
});

// Found by session 17's review: a barrel's `export { f } from './a.js'` pointed at a new file
// that now has the function (a move): a listener registered at start kept the deleted code.
eachNode('a function moved between files and its barrel re-export pointed at the new one: a listener and a copy taken before run the new code', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { EventEmitter } from 'node:events';\nimport { onTick } from './index.js';\nconst bus = new EventEmitter();\nbus.on('tick', onTick);\nconst held = onTick;\nglobalThis.probe = () => [held(), bus.listeners('tick')[0](), onTick()];\n`,
    'index.js': `export { onTick } from './a.js';\nexport { B } from './b.js';\n`,
    'a.js': `export function onTick() { return 'tick-a'; }\nexport const A = 1;\n`,
    'b.js': `export const B = 1;\n`,
  });
  t.after(() => app.stop());
  await app.write('a.js', `export const A = 1;\n`);
  await app.write('b.js', `export const B = 1;\nexport function onTick() { return 'tick-b'; }\n`);
  await app.write('index.js', `export { onTick, B } from './b.js';\n`);
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), ['tick-b', 'tick-b', 'tick-b']);
});

// Found by session 17's review: a barrel gained an `export *` line in the save that also edited
// its namespace importer, which was then patched in place and kept the barrel's first names
// (unedited, it is imported again and sees them).
// Session 18's review: with a named import from the same barrel beside the namespace import
// (`import { x }` and `import * as lib`), the importer was patched all the same, and
// `lib.y()` threw until a restart; so did a name added behind an unchanged barrel.
eachNode('a barrel gains an export * line and its namespace importer is edited in the same save: the namespace has the new names', async (t, startApp) => {
  for (const named of ['', `import { x } from './index.js';\n`]) {
    const MAIN = (probe) => `import './harness.js';\n${named}import * as lib from './index.js';\nglobalThis.probe = () => ${probe};\n`;
    const app = await startApp({
      'main.js': MAIN(`[Object.keys(lib).join()]`),
      'index.js': `export * from './a.js';\n`,
      'a.js': `export const x = 1;\n`,
      'c.js': `export function y() { return 'y'; }\n`,
    });
    t.after(() => app.stop());
    await app.write('index.js', `export * from './a.js';\nexport * from './c.js';\n`);
    await app.write('main.js', MAIN(`[Object.keys(lib).join(), lib.y?.() ?? null]`));
    assertOk(await app.refresh(), app);
    assert.deepEqual(await app.eval('probe()'), ['x,y', 'y']);
    await app.write('a.js', `export const x = 1;\nexport const z = (n) => n * 2;\n`);
    await app.write('main.js', MAIN(`[Object.keys(lib).join(), lib.z?.(2) ?? null]`));
    assertOk(await app.refresh(), app);
    assert.deepEqual(await app.eval('probe()'), ['x,y,z', 4]);
  }
});

// Found by session 18's review: `export default function format` saved as `export default (n) => …`:
// the importer is imported again, and what it computed with format kept its value, unsaid.
eachNode('a default export function made an anonymous arrow: values computed with it are said to keep their value, the reason names the new binding', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';\nimport format from './format.js';\nconst label = format(1);\nglobalThis.get = () => [format(3), label];\n`,
    'format.js': `export default function format(n) { return '#' + n; }\n`,
  });
  t.after(() => app.stop());
  await app.write('format.js', `export default (n) => '~' + n;\n`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(await app.eval('get()'), ['~3', '#1']);
  const main = r.modules.find((m) => m.file.endsWith('main.js'));
  assert.match(main.reason, /imports default from format\.js, which now exports another of its bindings under that name/);
  assert.match(r.modules.flatMap((m) => m.notes).join('\n'), /label at main\.js:3:7 keeps the value format computed before this refresh changed its code/);
});
