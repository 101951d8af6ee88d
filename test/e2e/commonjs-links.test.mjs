// An ES module and a CommonJS file linked across the two systems gain names together
// (docs/design.md §2 rule 6, §6 CommonJS): an ES module's named import of a key its CommonJS
// file gains in the same save or an earlier one (Node's facade keeps the names of the file's
// first text), and `require()` of an ES module that gains an export (its namespace object
// cannot grow). Fixture apps in fresh directories, real files, the oracle a fresh process.
import assert from 'node:assert/strict';
import { assertOk, eachNode } from '../helpers.mjs';

/** Does the Node this test runs on have synchronous hooks (`module.registerHooks`)? Its label says which Node. */
function live(t) {
  const m = /\[(?:v|node )(\d+)/.exec(t.name);
  return !m || Number(m[1]) >= 22;
}

const C1 = `exports.a = () => 'a1';\n`;
const C2 = C1 + `exports.b = () => 'b-new';\n`;
const M1 = `import { a } from './c.cjs';\nexport const probe = () => [a()];\n`;
const M2 = `import { a, b } from './c.cjs';\nexport const probe = () => [a(), b()];\n`;
const ESM_APP = {
  'package.json': '{}',
  'c.cjs': C1,
  'm.mjs': M1,
  'main.mjs': `import { probe } from './m.mjs';\nglobalThis.probe = probe;\nawait import('./harness.js');\n`,
};

eachNode('CommonJS: an ES module imports by name a key its CommonJS file gains in the same save', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const app = await startApp(ESM_APP, { entry: 'main.mjs' });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), ['a1']);
  await app.write('c.cjs', C2);
  await app.write('m.mjs', M2);
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(await app.eval('probe()'), ['a1', 'b-new']);
  // What it says is what happens: the import reads the key, no "keeps the old value" note.
  assert.ok(!r.modules.some((m) => m.notes.some((n) => n.includes('snapshot'))), JSON.stringify(r.modules));
  // The key's later values reach it, as a fresh process on those texts would read them.
  await app.write('c.cjs', C1 + `exports.b = () => 'b-3';\n`);
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), ['a1', 'b-3']);
  // Nothing is stuck: a later save of another file applies alone.
  await app.replace('m.mjs', '[a(), b()]', '[b(), a()]');
  const later = await app.refresh();
  assertOk(later, app);
  assert.equal(later.stillFailing, undefined);
  assert.deepEqual(await app.eval('probe()'), ['b-3', 'a1']);
});

eachNode('CommonJS: an ES module imports by name a key its CommonJS file gained in an earlier refresh', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const app = await startApp(ESM_APP, { entry: 'main.mjs' });
  t.after(() => app.stop());
  await app.write('c.cjs', C2);
  assertOk(await app.refresh(), app);
  await app.write('m.mjs', M2);
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), ['a1', 'b-new']);
});

eachNode('CommonJS: a re-imported ES module links to the CommonJS file as it is now, and follows its values', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const app = await startApp(ESM_APP, { entry: 'main.mjs' });
  t.after(() => app.stop());
  // A top-level await: m.mjs is imported again (a version), its import of c.cjs links anew.
  await app.write('c.cjs', C2 + 'exports.N = 1;\n');
  await app.write('m.mjs', `import { a, b, N } from './c.cjs';\nawait 0;\nexport const probe = () => [a(), b(), N];\n`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules.find((m) => m.file === 'm.mjs').path, 'reimport');
  assert.deepEqual(await app.eval('probe()'), ['a1', 'b-new', 1]);
  await app.write('c.cjs', C2 + 'exports.N = 2;\n');
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), ['a1', 'b-new', 2]);
});

eachNode('CommonJS: a named import no CommonJS text exports fails as in a fresh process, and applies with the save that adds it', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const app = await startApp(ESM_APP, { entry: 'main.mjs' });
  t.after(() => app.stop());
  await app.write('m.mjs', M2);
  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.equal(r.error.file, 'm.mjs');
  assert.match(r.error.message, /does not provide an export named 'b'/);
  assert.deepEqual(await app.eval('probe()'), ['a1']);
  await app.write('c.cjs', C2);
  const next = await app.refresh();
  assertOk(next, app);
  assert.deepEqual(await app.eval('probe()'), ['a1', 'b-new']);
});

const E1 = `export function f() { return 'esm1'; }\n`;
const E2 = E1 + `export function g() { return 'g1'; }\n`;
const reqApp = (c) => ({
  'package.json': '{}',
  'e.mjs': E1,
  'c.cjs': c,
  'main.mjs': `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nglobalThis.req = require;\nglobalThis.C = require('./c.cjs');\nawait import('./harness.js');\n`,
});

eachNode('CommonJS: require() of an ES module that gains an export in the same save (destructured)', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const app = await startApp(reqApp(`const { f } = require('./e.mjs');\nexports.probe = () => [f()];\n`), { entry: 'main.mjs' });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('C.probe()'), ['esm1']);
  await app.write('e.mjs', E2);
  await app.write('c.cjs', `const { f, g } = require('./e.mjs');\nexports.probe = () => [f(), g()];\n`);
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('C.probe()'), ['esm1', 'g1']);
  // A require made later gets the module's namespace as a fresh process's would have it.
  assert.deepEqual(await app.eval(`Object.keys(req('./e.mjs'))`), ['f', 'g']);
});

eachNode('CommonJS: a namespace held from require() of an ES module gains the export, in one save or two', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const C = `const ns = require('./e.mjs');\nexports.probe = () => [ns.f()];\nexports.keys = () => Object.keys(ns);\n`;
  const CG = C.replace('[ns.f()]', '[ns.f(), ns.g()]');
  for (const twoSaves of [false, true]) {
    const app = await startApp(reqApp(C), { entry: 'main.mjs' });
    try {
      await app.eval('globalThis.keys = C.keys, 0');
      await app.write('e.mjs', E2);
      if (twoSaves) assertOk(await app.refresh(), app);
      await app.write('c.cjs', CG);
      assertOk(await app.refresh(), app);
      assert.deepEqual(await app.eval('C.probe()'), ['esm1', 'g1']);
      // A function taken at start reads the same binding.
      assert.deepEqual(await app.eval('keys()'), ['f', 'g']);
    } finally {
      await app.stop();
    }
  }
});

eachNode('CommonJS: a failed save that gains an export through require(esm) changes nothing, and the next one applies', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const C = `const ns = require('./e.mjs');\nexports.probe = () => [ns.f()];\n`;
  const app = await startApp({ ...reqApp(C), 'boom.cjs': `exports.x = 1;\n` }, { entry: 'main.mjs' });
  t.after(() => app.stop());
  await app.eval(`req('./boom.cjs'), 0`);
  await app.write('e.mjs', E2);
  await app.write('c.cjs', C.replace('[ns.f()]', '[ns.f(), ns.g()]'));
  await app.write('boom.cjs', `exports.x = 1;\nnull.boom;\n`);
  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.equal(r.error.file, 'boom.cjs');
  assert.deepEqual(await app.eval('C.probe()'), ['esm1']);
  assert.deepEqual(await app.eval(`Object.keys(req('./e.mjs'))`), ['f']);
  await app.write('boom.cjs', `exports.x = 2;\n`);
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('C.probe()'), ['esm1', 'g1']);
});

// Found by session 17's review: an ES module's namespace of a CommonJS file (`import * as util
// from './util.cjs'`) kept the names of the file's first text, silently, where an ES file's
// namespace importer is imported again.
eachNode('an ES namespace import of a CommonJS file whose exported names change: the importer is imported again and sees the new names', async (t, startApp) => {
  if (!live(t)) return;
  const app = await startApp({
    'main.js': `import './harness.js';\nimport * as util from './util.cjs';\nglobalThis.probe = () => [typeof util.c, util.c?.() ?? null, util.a()];\n`,
    'util.cjs': `exports.a = () => 'a1';\nexports.b = 1;\n`,
  });
  t.after(() => app.stop());
  await app.write('util.cjs', `exports.a = () => 'a2';\nexports.c = () => 'c2';\n`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.match(r.modules.find((m) => m.file === 'main.js')?.reason ?? '', /imports the namespace of util\.cjs, whose exported names changed/);
  assert.deepEqual(await app.eval('probe()'), ['function', 'c2', 'a2']);
});
