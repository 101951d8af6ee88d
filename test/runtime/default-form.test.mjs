// A default export that changes form between `export default <expr>` (the instrumenter binds it
// as `__lmdefault`, loader/contract.ts DEFAULT_BINDING) and `export { x as default }`: the
// module is imported again ("exports changed"), and what the program took from the running
// version — its namespace, an importer's binding — reads the new version's default, then and
// after later patches, as a fresh process on the new text would (runtime/reimport.ts
// `aliasExports`, `syncExports`; found by the defu replay, 5.0.0 → 5.0.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './harness.mjs';

/** Loads `texts[0]` as lib.mjs, takes its namespace, and saves and refreshes each later text; returns the namespace and the reports. */
async function saves(t, texts) {
  const app = await load({ 'lib.mjs': texts[0] });
  t.after(app.close);
  const ns = app.ns;
  const reports = [];
  for (const text of texts.slice(1)) {
    app.write('lib.mjs', text);
    const r = await app.refresh();
    assert.equal(r.ok, true, r.error?.message);
    reports.push(r.modules.find((m) => m.file.endsWith('lib.mjs')));
  }
  return { ns, reports };
}

test('export default n → export { n as default }, n changed: the namespace taken before reads the new default', async (t) => {
  const { ns, reports } = await saves(t, [`const n = 1;\nexport default n;\n`, `const n = 2;\nexport { n as default };\n`]);
  assert.equal(reports[0].path, 'reimport');
  assert.equal(ns.default, 2);
  assert.ok(!reports[0].removed.includes('default'), `the module still exports default (removed: ${reports[0].removed})`);
});

test('the defu shape: export default f → export { f as default } (re-import), then f made anew (patch)', async (t) => {
  const { ns, reports } = await saves(t, [
    `function make(t) { return () => t; }\nconst f = make('v1');\nexport default f;\n`,
    `function make(t) { return () => t; }\nconst f = make('v1');\nexport { f as default };\n`,
    `function make(t) { return () => t; }\nconst f = make('v3');\nexport { f as default };\n`,
  ]);
  assert.deepEqual(
    reports.map((r) => r.path),
    ['reimport', 'patch'],
  );
  assert.equal(ns.default(), 'v3');
});

test('export { n as default } → export default n, n changed in the same save', async (t) => {
  const { ns } = await saves(t, [`const n = 1;\nexport { n as default };\n`, `const n = 2;\nexport default n;\n`]);
  assert.equal(ns.default, 2);
});

test('export { n as default } → export default n + 1: the default is no longer n', async (t) => {
  const { ns } = await saves(t, [`const n = 1;\nexport { n as default };\n`, `const n = 1;\nexport default n + 1;\n`]);
  assert.equal(ns.default, 2);
});

test('export { n as default } → export default n (re-import), then n changes (patch)', async (t) => {
  const { ns } = await saves(t, [`const n = 1;\nexport { n as default };\n`, `const n = 1;\nexport default n;\n`, `const n = 2;\nexport default n;\n`]);
  assert.equal(ns.default, 2);
});

test('control: the same form across a re-import (a new class), then n changes', async (t) => {
  const { ns } = await saves(t, [`const n = 1;\nexport default n;\n`, `const n = 1;\nexport default n;\nexport class K {}\n`, `const n = 2;\nexport default n;\nexport class K {}\n`]);
  assert.equal(ns.default, 2);
});

test('an unedited importer of the default reads the new default after the form changes, and after a later patch', async (t) => {
  const app = await load({
    'main.mjs': `import d from './lib.mjs';\nexport const read = () => d;\n`,
    'lib.mjs': `let n = 1;\nexport default n;\n`,
  });
  t.after(app.close);
  const { read } = app.ns;
  app.write('lib.mjs', `let n = 2;\nexport { n as default };\n`);
  assert.equal((await app.refresh()).ok, true);
  assert.equal(read(), 2);
  app.write('lib.mjs', `let n = 3;\nexport { n as default };\n`);
  assert.equal((await app.refresh()).ok, true);
  assert.equal(read(), 3);
});

test('two form changes: every older version follows the live default', async (t) => {
  const app = await load({ 'main.mjs': `import d from './lib.mjs';\nexport const read = () => d;\n`, 'lib.mjs': `const n = 1;\nexport default n;\n` });
  t.after(app.close);
  const { read } = app.ns;
  const texts = [`const n = 2;\nexport { n as default };\n`, `const n = 3;\nexport default n;\n`, `const n = 4;\nexport { n as default };\n`, `const n = 5;\nexport { n as default };\n`];
  const seen = [];
  for (const text of texts) {
    app.write('lib.mjs', text);
    assert.equal((await app.refresh()).ok, true);
    seen.push(read());
  }
  assert.deepEqual(seen, [2, 3, 4, 5]);
});

test('a failed refresh after a form change takes the synced default back', async (t) => {
  const app = await load({ 'lib.mjs': `const n = 1;\nexport default n;\n` });
  t.after(app.close);
  const ns = app.ns;
  app.write('lib.mjs', `const n = 2;\nexport { n as default };\n`);
  assert.equal((await app.refresh()).ok, true);
  app.write('lib.mjs', `const n = 3;\nexport { n as default };\nnull.boom;\n`);
  assert.equal((await app.refresh()).ok, false);
  assert.equal(ns.default, 2);
});
