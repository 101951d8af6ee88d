// import.meta.hot (README "import.meta.hot"): data, dispose, accept, decline, invalidate,
// on/off/send, on the patch and the re-import paths, with failures that roll back.
import assert from 'node:assert/strict';
import { eachNode, assertOk } from '../helpers.mjs';

// Resources the fixtures open and close: what is open is what the program sees.
const RES = `
export const open = (name) => { globalThis.active.add(name); return name; };
export const close = (name) => { globalThis.active.delete(name); globalThis.log.push('close ' + name); };
globalThis.active = new Set();
globalThis.log = [];
`;

const main = (extra = '') => `
import './harness.js';
import * as lib from './lib.js';
globalThis.lib = lib;
globalThis.probe = () => ({ active: [...globalThis.active].sort(), log: globalThis.log });
${extra}
`;

const lib = ({ res = 'a', stmt = "console.log('stmt 1');", block = 's1', extra = '' } = {}) => `import { open, close } from './res.js';
export const res = open('${res}');
import.meta.hot.dispose(() => close(res));
${stmt}
{ const r = open('${block}'); import.meta.hot.dispose(() => close(r)); }
${extra}
`;

eachNode('import.meta.hot is defined in instrumented modules only, also in edited code; data survives patches and re-imports', async (t, startApp) => {
  const counter = (n) => `export const hasHot = !!import.meta.hot;
globalThis.firstData ??= import.meta.hot.data;
{ globalThis.same = globalThis.firstData === import.meta.hot.data; import.meta.hot.data.runs = (import.meta.hot.data.runs ?? 0) + 1 + 0 * ${n}; }
`;
  const app = await startApp({
    'main.js': main(`import { plain } from './node_modules/plain/index.js';\nglobalThis.plain = plain;\n`),
    'res.js': RES,
    'lib.js': counter(1),
    'node_modules/plain/index.js': 'export const plain = import.meta.hot === undefined;\n',
    'node_modules/plain/package.json': '{"type":"module"}',
  });
  t.after(() => app.stop());
  assert.equal(await app.eval('lib.hasHot'), true);
  assert.equal(await app.eval('plain'), true, 'a module limeade does not instrument has no import.meta.hot');
  await app.write('lib.js', counter(2));
  const r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].path, 'patch');
  assert.equal(await app.eval('firstData.runs'), 2, 'the changed statement ran as a patch, with import.meta.hot');
  await app.write('lib.js', counter(3) + 'export const added = 1;\n');
  const r2 = await app.refresh();
  assertOk(r2, app);
  assert.equal(r2.modules[0].path, 'reimport');
  assert.equal(await app.eval('firstData.runs'), 3);
  assert.equal(await app.eval('same'), true, 'the re-imported version sees the same data object');
});

eachNode('dispose runs before the code that registered it runs again, or a declaration its text names is evaluated again; never on a compile error', async (t, startApp) => {
  const app = await startApp({ 'main.js': main(), 'res.js': RES, 'lib.js': lib() });
  t.after(() => app.stop());
  assert.deepEqual((await app.eval('probe()')).active, ['a', 's1']);

  await app.write('lib.js', lib({ res: 'b' }));
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), { active: ['b', 's1'], log: ['close a'] }, 'the callback naming res ran');

  await app.write('lib.js', lib({ res: 'b', stmt: "console.log('stmt 2');" }));
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), { active: ['b', 's1'], log: ['close a'] }, 'an unrelated statement disposes nothing');

  await app.write('lib.js', lib({ res: 'c', block: 's2' }));
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), { active: ['c', 's2'], log: ['close a', 'close b', 'close s1'] });

  await app.write('lib.js', lib({ res: 'c', block: 's3' }));
  assertOk(await app.refresh(), app);
  assert.deepEqual((await app.eval('probe()')).log, ['close a', 'close b', 'close s1', 'close s2'], 'the re-run block registered once, not twice');

  await app.write('lib.js', lib({ res: 'd', block: 's3', extra: 'export const res2 = (;' }));
  const bad = await app.refresh();
  assert.equal(bad.ok, false);
  assert.equal(bad.error.kind, 'syntax');
  assert.deepEqual(await app.eval('probe()'), { active: ['c', 's3'], log: ['close a', 'close b', 'close s1', 'close s2'] }, 'no dispose on a compile error');

  // A removed statement: its dispose callbacks run, and are gone.
  await app.write('lib.js', lib({ res: 'c', block: 's3' }).replace(/\{ const r.*\n/, ''));
  assertOk(await app.refresh(), app);
  assert.deepEqual((await app.eval('probe()')).active, ['c']);
});

eachNode('a top-level throw in new code rolls back; the disposed resource stays closed and the callback runs again on the next good save', async (t, startApp) => {
  const app = await startApp({ 'main.js': main(), 'res.js': RES, 'lib.js': lib() });
  t.after(() => app.stop());
  await app.write('lib.js', lib({ res: 'b', stmt: "throw new Error('boom');" }));
  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.equal(r.error.kind, 'evaluation');
  assert.match(r.error.message, /boom/);
  const p = await app.eval('probe()');
  assert.deepEqual(p.log, ['close a'], 'dispose ran right before the module\'s first changed code');
  assert.equal(await app.eval('lib.res'), 'a', 'the binding is rolled back');
  assert.deepEqual(p.active, ['b', 's1'], "what dispose closed stays closed; what the new code did before the throw stays done");
  await app.write('lib.js', lib({ res: 'b' }));
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), { active: ['b', 's1'], log: ['close a', 'close a'] });
  assert.equal(await app.eval('lib.res'), 'b');
});

eachNode('dispose on a re-import; a throwing dispose callback rolls the refresh back and names its line', async (t, startApp) => {
  const app = await startApp({ 'main.js': main(), 'res.js': RES, 'lib.js': lib() });
  t.after(() => app.stop());
  await app.write('lib.js', lib({ res: 'b', extra: 'export const more = 1;' }));
  const r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].path, 'reimport');
  assert.deepEqual(await app.eval('probe()'), { active: ['b', 's1'], log: ['close a'] });

  const throwing = lib({ res: 'b', extra: 'export const more = 1;' }).replace('import.meta.hot.dispose(() => close(res));', "import.meta.hot.dispose(() => { throw new Error('no ' + res); });");
  await app.write('lib.js', throwing);
  assertOk(await app.refresh(), app); // the statement that registers it changed: the old callback (close b) ran
  assert.deepEqual(await app.eval('probe()'), { active: ['s1'], log: ['close a', 'close b'] });
  await app.write('lib.js', throwing.replace("open('b')", "open('c')"));
  const bad = await app.refresh();
  assert.equal(bad.ok, false);
  assert.match(bad.error.message, /dispose callback threw Error: no b/);
  assert.equal(bad.error.file, 'lib.js');
  assert.equal(bad.error.line, 3);
  assert.equal(await app.eval('lib.res'), 'b', 'nothing was applied');
  assert.match(app.output(), /\[limeade\] lib\.js:3:\d+ Error: an import\.meta\.hot\.dispose callback threw Error: no/);
});
