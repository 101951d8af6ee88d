// Issue 12's failure classes, each as a running program sees it: after every save the
// program computes what a fresh process on the new files computes (docs/design.md §2).
import assert from 'node:assert/strict';
import { assertOk, eachNode } from '../helpers.mjs';

eachNode('an anonymous default-export arrow edited: held and imported references run the new body', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';\nimport inc from './inc.js';\nconst held = inc;\nglobalThis.probe = () => [held(1), inc(1)];\n`,
    'inc.js': `export default (x) => x + 1;\n`,
  });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), [2, 2]);
  await app.write('inc.js', `export default (x) => x + 100;\n`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules[0].path, 'patch');
  assert.deepEqual(await app.eval('probe()'), [101, 101]);
});

eachNode('an async function made synchronous returns its value, through held references and the binding', async (t, startApp) => {
  const LIB_V1 = `export async function load(id) { return 'async ' + id; }\nexport class Repo { async get(id) { return 'async get ' + id; } }\n`;
  const LIB_V2 = `export function load(id) { return 'sync ' + id; }\nexport class Repo { get(id) { return 'sync get ' + id; } }\n`;
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { load, Repo } from './lib.js';\nconst held = load;\nconst repo = new Repo();\nconst kind = (v) => (v instanceof Promise ? 'promise' : v);\nglobalThis.probe = () => [kind(held(1)), kind(load(2)), kind(repo.get(3))];\n`,
    'lib.js': LIB_V1,
  });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), ['promise', 'promise', 'promise']);
  await app.write('lib.js', LIB_V2);
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), ['sync 1', 'sync 2', 'sync get 3']);
  // And back: an async function again returns a Promise.
  await app.write('lib.js', LIB_V1);
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), ['promise', 'promise', 'promise']);
});

eachNode('a file that keeps failing never blocks an unrelated save', async (t, startApp) => {
  const A1 = `export function a() { return 'a1'; }\n`;
  const B1 = `export function b() { return 'b1'; }\n`;
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { a } from './a.js';\nimport { b } from './b.js';\nglobalThis.probe = () => [a(), b()];\n`,
    'a.js': A1,
    'b.js': B1,
  });
  t.after(() => app.stop());
  await app.write('a.js', `export function a() { return 'a2'; }\nundefinedName.x;\n`);
  const broken = await app.refresh();
  assert.deepEqual([broken.ok, broken.error.kind, broken.error.file, broken.error.line], [false, 'evaluation', 'a.js', 2]);

  await app.write('b.js', `export function b() { return 'b2'; }\n`);
  const r = await app.refresh();
  assert.deepEqual([r.ok, r.modules.map((m) => m.file), r.stillFailing], [true, ['b.js'], ['a.js']]);
  assert.deepEqual(await app.eval('probe()'), ['a1', 'b2']);

  await app.write('a.js', `export function a() { return 'a3'; }\n`);
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), ['a3', 'b2']);
});

eachNode('a value derived from an edited value in another module is recomputed; state is kept', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { PRICE, options, seen } from './price.js';\nglobalThis.probe = () => ({ PRICE, options, seen: seen.length });\nseen.push('start');\n`,
    'config.js': `export const RATE = 2;\nexport const defaults = { retries: 1 };\n`,
    'price.js': `import { RATE, defaults } from './config.js';\nexport const PRICE = 10 * RATE;\nexport const options = { ...defaults, timeout: 5 };\nexport const seen = [];\n`,
  });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), { PRICE: 20, options: { retries: 1, timeout: 5 }, seen: 1 });
  await app.write('config.js', `export const RATE = 3;\nexport const defaults = { retries: 4 };\n`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(
    r.modules.map((m) => [m.file, m.updated, m.recomputed ?? []]),
    [
      ['config.js', ['RATE', 'defaults'], []],
      ['price.js', [], ['PRICE', 'options']],
    ],
  );
  assert.deepEqual(await app.eval('probe()'), { PRICE: 30, options: { retries: 4, timeout: 5 }, seen: 1 });
});

eachNode('an edited object literal is updated in place: holders in other modules and Maps see it, state kept', async (t, startApp) => {
  const V1 = `export const handlers = {\n  hits: 0,\n  label: 'v1',\n  handle(x) { this.hits++; return this.label + ':' + x; },\n};\n`;
  const V2 = `export const handlers = {\n  hits: 0,\n  label: 'v2',\n  handle(x) { this.hits++; return this.label + '>' + x; },\n  extra: true,\n};\n`;
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { handlers } from './handlers.js';\nconst registry = new Map([['h', handlers]]);\nglobalThis.probe = (x) => { const h = registry.get('h'); return [h === handlers, h.handle(x), h.hits, h.extra ?? null]; };\n`,
    'handlers.js': V1,
  });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe(1)'), [true, 'v1:1', 1, null]);
  await app.write('handlers.js', V2);
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe(2)'), [true, 'v2>2', 2, true]);
});

// Several files, one save, new names between them (issue 12, failure class 1).
const USER_MAIN = `import './harness.js';\nimport { use } from './user.js';\nglobalThis.probe = () => use();\n`;

eachNode('one save: a module adds an export that an importer saved with it uses for the first time', async (t, startApp) => {
  const app = await startApp({
    'main.js': USER_MAIN,
    'lib.js': `export function a() { return 'a'; }\n`,
    'user.js': `import { a } from './lib.js';\nexport function use() { return a(); }\n`,
  });
  t.after(() => app.stop());
  await app.write('lib.js', `export function a() { return 'a'; }\nexport function b() { return 'b'; }\n`);
  await app.write('user.js', `import { a, b } from './lib.js';\nexport function use() { return a() + b(); }\n`);
  assertOk(await app.refresh(), app);
  assert.equal(await app.eval('probe()'), 'ab');
});

eachNode('one save: a function moved from one file to another with its importer updated', async (t, startApp) => {
  const app = await startApp({
    'main.js': USER_MAIN,
    'lib.js': `export function a() { return 'a'; }\nexport function helper() { return 'h1'; }\n`,
    'util.js': `export function other() { return 'o'; }\n`,
    'user.js': `import { a, helper } from './lib.js';\nimport { other } from './util.js';\nexport function use() { return a() + helper() + other(); }\n`,
  });
  t.after(() => app.stop());
  await app.write('lib.js', `export function a() { return 'a'; }\n`);
  await app.write('util.js', `export function other() { return 'o'; }\nexport function helper() { return 'h2'; }\n`);
  await app.write('user.js', `import { a } from './lib.js';\nimport { other, helper } from './util.js';\nexport function use() { return a() + helper() + other(); }\n`);
  assertOk(await app.refresh(), app);
  assert.equal(await app.eval('probe()'), 'ah2o');
});

eachNode('one save: a new name reaches an importer through an unedited export * barrel', async (t, startApp) => {
  const app = await startApp({
    'main.js': USER_MAIN,
    'lib.js': `export function a() { return 'a'; }\n`,
    'index.js': `export * from './lib.js';\n`,
    'user.js': `import { a } from './index.js';\nexport function use() { return a(); }\n`,
  });
  t.after(() => app.stop());
  await app.write('lib.js', `export function a() { return 'a'; }\nexport function b() { return 'b'; }\n`);
  await app.write('user.js', `import { a, b } from './index.js';\nexport function use() { return a() + b(); }\n`);
  const r = await app.refresh();
  assertOk(r, app);
  // user.js links against b through the barrel, whose namespace has only what lib.js exported
  // when it linked: lib.js and the barrel are imported again; user.js takes b in place.
  assert.deepEqual(r.modules.map((m) => [m.file, m.path]), [['lib.js', 'reimport'], ['index.js', 'reimport'], ['user.js', 'patch']]);
  assert.equal(await app.eval('probe()'), 'ab');
});

eachNode('a file first loaded by a refresh gains an export that its importer, saved with it, passes on', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';\nimport './index.js';\nimport { use } from './user.js';\nglobalThis.use = () => use();\n`,
    'index.js': `export const a = 1;\n`,
    'user.js': `export function use() { return 'none'; }\n`,
  });
  t.after(() => app.stop());
  await app.write('leaf.js', `export function get(o, k) { return o[k]; }\nfunction set(o, k, v) { return { ...o, [k]: v }; }\n`);
  await app.write('index.js', `export const a = 1;\nexport { get } from './leaf.js';\n`);
  assertOk(await app.refresh(), app);
  await app.write('leaf.js', `export function get(o, k) { return o[k]; }\nexport function set(o, k, v) { return { ...o, [k]: v }; }\n`);
  await app.write('index.js', `export const a = 1;\nexport { get, set } from './leaf.js';\n`);
  await app.write('user.js', `import { get, set } from './index.js';\nexport function use() { return get(set({}, 'k', 'v'), 'k'); }\n`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules.map((m) => m.file), ['leaf.js', 'index.js', 'user.js'], 'in the order of the new import graph');
  assert.equal(await app.eval('use()'), 'v');
});

eachNode('an imported name that becomes a local declaration', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { f } from './a.js';\nconst held = f;\nglobalThis.probe = () => [f(1), held(1)];\n`,
    'a.js': `import { helper } from './b.js';\nexport function f(x) { return helper(x); }\n`,
    'b.js': `export function helper(x) { return x + 1; }\n`,
  });
  t.after(() => app.stop());
  await app.write('a.js', `export function f(x) { return helper(x) * 2; }\nfunction helper(x) { return x + 10; }\n`);
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), [22, 22]);
});

eachNode('an exported let the module assigns keeps reaching unedited importers after a re-import', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { read } from './b.js';\nimport { bump } from './s.js';\nglobalThis.probe = () => { bump(); return read(); };\n`,
    's.js': `export let epoch = 0;\nexport function bump() { epoch++; }\n`,
    'b.js': `import { epoch } from './s.js';\nexport function read() { return epoch; }\n`,
  });
  t.after(() => app.stop());
  assert.equal(await app.eval('probe()'), 1);
  await app.write('s.js', `export let epoch = 0;\nconst step = 10;\nexport function bump() { epoch += step; }\n`);
  assertOk(await app.refresh(), app);
  assert.equal(await app.eval('probe()'), 11);
});

// Found by the replay (@tanstack/form-core 1.1.0 `swapFieldValues`, 1.9.0 `defaultFieldMeta`).
eachNode('after a re-import, a class member calling an imported function first in a statement after a line without `;` runs as written', async (t, startApp) => {
  const FORM = `import { shift } from './helpers.js';\nexport class Form {\n  log = [];\n  set(v) { this.log.push('set ' + v); return this; }\n  swap = (v) => {\n    this.set(v)\n\n    // then\n    shift(this)\n    return this.log;\n  };\n}\n`;
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { Form } from './form.js';\nglobalThis.probe = () => new Form().swap(1);\n`,
    'helpers.js': `export function shift(form) { form.log.push('shift'); }\n`,
    'form.js': FORM,
  });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), ['set 1', 'shift']);
  // helpers.js gains an export and form.js imports it, and each declares a new class: both are imported again.
  await app.write('helpers.js', `export function shift(form) { form.log.push('shift'); }\nexport const twice = 2;\nexport class Unused {}\n`);
  await app.write('form.js', FORM.replace('{ shift }', '{ shift, twice }').replace("'set ' + v", "'set ' + v * twice") + 'class Local {}\n');
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules.map((m) => m.path), ['reimport', 'reimport']);
  assert.deepEqual(await app.eval('probe()'), ['set 2', 'shift']);
});

eachNode('an object literal updated in place has the keys in the order of the new text', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { defaults } from './meta.js';\nconst held = defaults;\nglobalThis.probe = () => [held === defaults, Object.keys({ ...held, errors: ['e'] }).join()];\n`,
    'meta.js': `export const defaults = {\n  dirty: false,\n  pristine: true,\n  errors: [],\n};\n`,
  });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), [true, 'dirty,pristine,errors']);
  await app.write('meta.js', `export const defaults = {\n  dirty: false,\n  pristine: true,\n  valid: true,\n  errors: [],\n};\n`);
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), [true, 'dirty,pristine,valid,errors']);
});

// Found by the replay (es-toolkit's compat entry, 1.31–1.53: dozens of `export { x } from
// '../x.mjs'` pointed at compat's own `./x.mjs`). ESM links an import once: an unedited
// importer of the name is imported again and calls the new target.
eachNode('a re-export pointed at another module: unedited importers, by name and by namespace, call the new target', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { run } from './app.js';\nglobalThis.probe = () => run();\n`,
    'app.js': `import { cap } from './index.js';\nimport * as lib from './index.js';\nexport const run = () => [cap(undefined), lib.cap(null), cap('a')];\n`,
    'index.js': `export { cap } from './m.js';\nexport const other = 1;\n`,
    'm.js': `export function cap(s) { return s === undefined || s === null ? 'missing' : s.toUpperCase(); }\n`,
    'compat.js': `import { cap as c } from './m.js';\nexport function cap(s) { return 'compat ' + c(String(s ?? '')); }\n`,
  });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), ['missing', 'missing', 'A']);
  await app.write('index.js', `export { cap } from './compat.js';\nexport const other = 1;\n`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(
    r.modules.map((m) => [m.file, m.path, m.reason]),
    [
      ['index.js', 'reimport', 'exports changed'],
      ['app.js', 'reimport', 'it imports cap from index.js, which now passes it on from elsewhere'],
    ],
  );
  assert.deepEqual(await app.eval('probe()'), ['compat ', 'compat ', 'compat A']);
  // And back: the first target again.
  await app.write('index.js', `export { cap } from './m.js';\nexport const other = 1;\n`);
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), ['missing', 'missing', 'A']);
});

eachNode('a function moved to another module and re-exported from its old one: references taken before call the new one', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { fmt } from './util.js';\nimport * as util from './util.js';\nconst held = fmt;\nglobalThis.probe = () => [held(1), fmt(2), util.fmt(3)];\n`,
    'util.js': `export function fmt(n) { return 'util ' + n; }\nexport const other = 1;\n`,
  });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), ['util 1', 'util 2', 'util 3']);
  await app.write('fmt.js', `export function fmt(n) { return 'fmt ' + n; }\n`);
  await app.write('util.js', `export { fmt } from './fmt.js';\nexport const other = 1;\n`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules.find((m) => m.file === 'util.js').notes, ['fmt now comes from another module: references taken before call that one']);
  assert.deepEqual(await app.eval('probe()'), ['fmt 1', 'fmt 2', 'fmt 3']);
  // An edit of the new home reaches them too.
  await app.write('fmt.js', `export function fmt(n) { return 'fmt v2 ' + n; }\n`);
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), ['fmt v2 1', 'fmt v2 2', 'fmt v2 3']);
});

// A program whose main module waits at a top-level `await` (a `for await` loop over input,
// `await main()`) has not run the statements after it: they will run with the new code and
// values, so the report does not say they stay as they ran; the ones before it did run.
eachNode('a module waiting at a top-level await: only the statements it already ran are said to stay as they ran', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';
import { handle, LIMIT } from './lib.js';
globalThis.seen = [];
seen.push(LIMIT);
const doubled = LIMIT * 2;
await new Promise((resolve) => (globalThis.release = resolve));
seen.push(handle(1));
seen.push(LIMIT, doubled);
console.log('MAIN DONE');
`,
    'lib.js': `export const LIMIT = 1;\nexport function handle(x) {\n  return 'v1:' + x;\n}\n`,
  });
  t.after(() => app.stop());
  await app.write('lib.js', `export const LIMIT = 2;\nexport function handle(x) {\n  return 'v2:' + x;\n}\n`);
  const r = await app.refresh();
  assertOk(r, app);
  const notes = r.modules.flatMap((m) => m.notes).filter((n) => n.includes('main.js'));
  assert.equal(notes.length, 2, notes.join('\n'));
  assert.match(notes.join('\n'), /the statement at main\.js:4:1 reads LIMIT, whose value this refresh changed/);
  // A constant its pending code reads as one is not recomputed behind its back: said, kept.
  assert.match(notes.join('\n'), /doubled at main\.js:5:7 keeps its value although it reads a value this refresh changed: its module has not finished its top-level code/);
  await app.eval('release(), 0');
  await app.waitFor('MAIN DONE');
  assert.deepEqual(await app.eval('seen'), [1, 'v2:1', 2, 2]);
});

// Its own statements and declarations after the await, new or changed, cannot run now (they
// would read what that code has not made yet, or run ahead of it): the refresh runs none of
// them and says so, and patches the functions, which that code calls when it gets there.
eachNode('a module waiting at a top-level await: its new or changed statements after the await do not run now, said; its functions are patched', async (t, startApp) => {
  const MAIN = `import './harness.js';
globalThis.seen = [];
function label(x) { return 'v1:' + x; }
await new Promise((resolve) => (globalThis.release = resolve));
const reg = ['a'];
seen.push(label(reg.join()));
console.log('MAIN DONE');
`;
  const app = await startApp({ 'main.js': MAIN });
  t.after(() => app.stop());
  await app.write('main.js', MAIN.replace("'v1:'", "'v2:'").replace("const reg = ['a'];", "const reg = ['a'];\nreg.push('b');").replace("seen.push(label(reg.join()));", "seen.push(label(reg.join('+')));"));
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules[0].updated, ['label']);
  assert.equal(r.modules[0].notes.length, 1, r.modules[0].notes.join('\n'));
  assert.match(r.modules[0].notes[0], /^the 2 new or changed statements and declarations after line 4 did not run: the module still waits at a top-level await there/);
  await app.eval('release(), 0');
  await app.waitFor('MAIN DONE');
  assert.deepEqual(await app.eval('seen'), ['v2:a']);
});

// Found by session 17's review: a default export that changed kind (a class made an instance,
// a function made an object, an anonymous class made an object) left what an importer computed
// from it (`const s = store`) on the old one, and an anonymous class made a value left even the
// import binding on the class, while the report said `s` was recomputed.
for (const [from, v1, v2, kind] of [
  ['export default class Store → export default new Store()', `export default class Store { items = [1]; }\n`, `class Store { items = [2]; }\nexport default new Store();\n`, 'object'],
  ['export default function → export default { … }', `export default function handler() { return 1; }\n`, `export default { handler() { return 2; } };\n`, 'object'],
  ['export default class { … } → export default { … }', `export default class { static port = 1; }\n`, `export default { port: 2 };\n`, 'object'],
  ['export default { … } → export default function', `export default { a: 1 };\n`, `export default function make() { return 2; }\n`, 'function'],
])
  eachNode(`a default export that changes kind (${from}): the import binding and a value computed from it follow`, async (t, startApp) => {
    const app = await startApp({
      'main.js': `import './harness.js';\nimport store from './store.js';\nconst s = store;\nglobalThis.probe = () => [typeof store, typeof s, store === s];\n`,
      'store.js': v1,
    });
    t.after(() => app.stop());
    await app.write('store.js', v2);
    assertOk(await app.refresh(), app);
    assert.deepEqual(await app.eval('probe()'), [kind, kind, true]);
  });
