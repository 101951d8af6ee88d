// docs/design.md §2.6: shape changes — new names, imports and exports applied in place, in the
// module's extra scope; what that cannot hold re-imports the module as a new version — keep
// state and handles.
import assert from 'node:assert/strict';
import { eachNode, assertOk } from '../helpers.mjs';

const main = `
import './harness.js';
import { hello, items } from './lib.js';
import { use } from './user.js';
const held = hello;
globalThis.probe = () => ({ held: held('h'), use: use(), items: items.length });
globalThis.add = () => items.push(1);
`;
const lib = `export const items = [];\nexport function hello(x) { return 'hello ' + x; }\n`;
const user = `import { hello } from './lib.js';\nexport function use() { return 'use ' + hello('u'); }\n`;

eachNode('an export added and used by an edited importer; state and held handles carried over', async (t, startApp) => {
  const app = await startApp({ 'main.js': main, 'lib.js': lib, 'user.js': user });
  t.after(() => app.stop());
  await app.eval('add(), add()');
  await app.write('lib.js', lib.replace("'hello '", "'hi '") + `export function extra() { return 'extra'; }\n`);
  await app.write('user.js', `import { hello, extra } from './lib.js';\nexport function use() { return 'use ' + hello('u') + ' ' + extra(); }\n`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules.map((m) => [m.file, m.path]), [['lib.js', 'patch'], ['user.js', 'patch']]);
  assert.deepEqual(await app.eval('probe()'), { held: 'hi h', use: 'use hi u extra', items: 2 });
  // A later patch reaches every holder, the new function's too.
  await app.write('lib.js', lib.replace("'hello '", "'hey '") + `export function extra() { return 'EXTRA'; }\n`);
  const r2 = await app.refresh();
  assertOk(r2, app);
  assert.equal(r2.modules[0].path, 'patch');
  assert.deepEqual(await app.eval('probe()'), { held: 'hey h', use: 'use hey u EXTRA', items: 2 });
});

eachNode('an export removed and an import added', async (t, startApp) => {
  const app = await startApp({
    'main.js': main,
    'lib.js': lib + `export function old() { return 1; }\n`,
    'user.js': user,
    'helper.js': `export const shout = (s) => s.toUpperCase();\n`,
  });
  t.after(() => app.stop());
  await app.eval('add()');
  await app.write('lib.js', lib);
  await app.write('user.js', `import { hello } from './lib.js';\nimport { shout } from './helper.js';\nexport function use() { return shout('use ' + hello('u')); }\n`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules.map((m) => m.path), ['patch', 'patch']);
  assert.deepEqual(await app.eval('probe()'), { held: 'hello h', use: 'USE HELLO U', items: 1 });
});

eachNode('a function turned into a class, and a new top-level declaration', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';\nimport * as ns from './k.js';\nglobalThis.probe = () => { try { return String(new ns.Thing().v) + ' ' + ns.twice(2); } catch (e) { return 'ERR ' + e.message; } };\n`,
    'k.js': `export function Thing() { this.v = 'fn'; }\nexport function twice(x) { return x * 2; }\n`,
  });
  t.after(() => app.stop());
  assert.equal(await app.eval('probe()'), 'fn 4');
  await app.write('k.js', `export class Thing { constructor() { this.v = 'class'; } }\nconst factor = 3;\nexport function twice(x) { return x * factor; }\n`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].path, 'reimport');
  assert.equal(await app.eval('probe()'), 'class 6');
});

eachNode('circular imports: edits on both sides in one refresh', async (t, startApp) => {
  const A1 = `import { b } from './b.js';\nexport function a(n) { return n <= 0 ? ['a1'] : b(n - 1); }\n`;
  const B1 = `import { a } from './a.js';\nexport function b(n) { return ['b1', ...a(n - 1)]; }\nexport const early = a(0);\n`;
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { a } from './a.js';\nimport { early } from './b.js';\nglobalThis.probe = () => ({ chain: a(4), early });\n`,
    'a.js': A1,
    'b.js': B1,
  });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), { chain: ['b1', 'b1', 'a1'], early: ['a1'] });
  await app.write('a.js', A1.replace("['a1']", "['a2']"));
  await app.write('b.js', B1.replace("'b1'", "'b2'"));
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules.map((m) => [m.file, m.path]), [['b.js', 'patch'], ['a.js', 'patch']]);
  // `early` did not change its text: it keeps the value a1 computed at start.
  assert.deepEqual(await app.eval('probe()'), { chain: ['b2', 'b2', 'a2'], early: ['a1'] });
});

eachNode('circular imports: hoisted functions called before their module evaluated (call, new, async), then edited', async (t, startApp) => {
  const a = (v) =>
    `import { fromB } from './b.js';\nexport function P(x) { this.x = x + ${v}; }\nexport async function later(x) { return 'later${v}:' + x; }\nexport function plain(x) { return 'plain${v}:' + x; }\nexport const seen = fromB;\n`;
  const b = `import { P, later, plain } from './a.js';\nexport const fromB = [new P(1).x, new P(1) instanceof P, plain('b'), await later('b')].join(' ');\n`;
  const app = await startApp({ 'main.js': `import './harness.js';\nimport { P, later, plain, seen } from './a.js';\nglobalThis.probe = async () => [seen, new P(1).x, plain('m'), await later('m')].join(' | ');\n`, 'a.js': a(1), 'b.js': b });
  t.after(() => app.stop());
  assert.equal(await app.eval('probe()'), '2 true plain1:b later1:b | 2 | plain1:m | later1:m');
  await app.write('a.js', a(5));
  assertOk(await app.refresh(), app);
  assert.equal(await app.eval('probe()'), '2 true plain1:b later1:b | 6 | plain5:m | later5:m');
});

const RECORD = (file) => `[...globalThis.__lm$rt.modules.values()].find((r) => r.file.endsWith('/${file}'))`;

eachNode('in place across files: a new import, function and export, used by an edited importer; no module version; a later edit of the new function reaches a reference taken before', async (t, startApp) => {
  const app = await startApp({ 'main.js': main, 'lib.js': lib, 'user.js': user });
  t.after(() => app.stop());
  await app.write('lib.js', `import { basename } from 'node:path';\n${lib}function tag(s) { return '<' + basename('/x/' + s) + '>'; }\nexport const TAGS = { tag };\n`);
  await app.write('user.js', `import { hello, TAGS } from './lib.js';\nglobalThis.heldTag = TAGS.tag;\nexport function use() { return TAGS.tag(hello('u')); }\n`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules.map((m) => [m.file, m.path]), [['lib.js', 'patch'], ['user.js', 'patch']]);
  assert.deepEqual(await app.eval('probe()'), { held: 'hello h', use: '<hello u>', items: 0 });
  assert.deepEqual(await app.eval(`[${RECORD('lib.js')}.version, ${RECORD('user.js')}.version]`), [0, 0], 'no module version was made');
  await app.write('lib.js', `import { basename } from 'node:path';\n${lib}function tag(s) { return '[' + basename('/x/' + s) + ']'; }\nexport const TAGS = { tag };\n`);
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval(`[heldTag('x'), probe().use]`), ['[x]', '[hello u]']);
});

eachNode('one save: a module loaded for the first time imports an export added in place: the exporter is imported again first', async (t, startApp) => {
  const app = await startApp({ 'main.js': main, 'lib.js': lib, 'user.js': user });
  t.after(() => app.stop());
  await app.write('lib.js', `${lib}export const LIMIT = 3;\n`);
  await app.write('extra.js', `import { LIMIT } from './lib.js';\nexport const twice = () => LIMIT * 2;\n`);
  await app.write('user.js', `import { hello, LIMIT } from './lib.js';\nimport { twice } from './extra.js';\nexport function use() { return hello('u') + ' ' + LIMIT + ' ' + twice(); }\n`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules.map((m) => [m.file, m.path]), [['lib.js', 'reimport'], ['user.js', 'patch']]);
  assert.match(r.modules[0].reason, /link against exports added in place/);
  assert.equal((await app.eval('probe()')).use, 'hello u 3 6');
});

eachNode('a namespace import reading an export added in place: the exporter and the importer are imported again and link', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { run } from './app.js';\nglobalThis.probe = () => run();\n`,
    'lib.js': `export function a() { return 'a'; }\n`,
    'app.js': `import * as lib from './lib.js';\nexport function run() { return lib.a(); }\n`,
  });
  t.after(() => app.stop());
  await app.write('lib.js', `export function a() { return 'a'; }\nexport function b() { return 'b'; }\n`);
  await app.write('app.js', `import * as lib from './lib.js';\nexport function run() { return lib.a() + lib.b(); }\n`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules.map((m) => [m.file, m.path]), [['lib.js', 'reimport'], ['app.js', 'reimport']]);
  assert.equal(await app.eval('probe()'), 'ab');
});

eachNode('a function moved to a new file and the old file deleted: the route registered with it at start answers with the new code', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { list } from './handlers.js';\nconst routes = new Map([['/items', list]]);\nglobalThis.probe = () => routes.get('/items')();\n`,
    'handlers.js': `export function list() { return 'handlers.js list'; }\n`,
  });
  t.after(() => app.stop());
  assert.equal(await app.eval('probe()'), 'handlers.js list');
  await app.write('routes/list.js', `export function list() { return 'routes/list.js list'; }\n`);
  await app.remove('handlers.js');
  await app.write('main.js', `import './harness.js';\nimport { list } from './routes/list.js';\nconst routes = new Map([['/items', list]]);\nglobalThis.probe = () => routes.get('/items')();\n`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.ok(r.modules.some((m) => m.updated.includes('list moved to routes/list.js')), JSON.stringify(r.modules));
  assert.equal(await app.eval('probe()'), 'routes/list.js list');
  await app.write('routes/list.js', `export function list() { return 'edited'; }\n`);
  assertOk(await app.refresh(), app);
  assert.equal(await app.eval('probe()'), 'edited');
});

// A module with state moved whole (a Map, a counter): its functions move, its state does not,
// and the report says so rather than let the records vanish silently.
eachNode('a module with state moved to another file: its functions follow; that its state stays behind is said', async (t, startApp) => {
  const STORE = `const records = new Map();\nlet nextId = 0;\nexport function add(x) { records.set(++nextId, x); return nextId; }\n`;
  const app = await startApp({ 'main.js': `import './harness.js';\nimport { add } from './store.js';\nglobalThis.probe = (x) => add(x);\n`, 'store.js': STORE });
  t.after(() => app.stop());
  assert.deepEqual([await app.eval('probe("a")'), await app.eval('probe("b")')], [1, 2]);
  await app.write('data/store.js', STORE);
  await app.remove('store.js');
  await app.write('main.js', `import './harness.js';\nimport { add } from './data/store.js';\nglobalThis.probe = (x) => add(x);\n`);
  const r = await app.refresh();
  assertOk(r, app);
  const main = r.modules.find((m) => m.file === 'main.js');
  assert.ok(main.updated.includes('add moved to data/store.js'), JSON.stringify(main));
  assert.match(main.notes.join('\n'), /store\.js was deleted and its functions moved to data\/store\.js, which runs with state of its own: what store\.js held \(records, nextId\) did not move with them/);
});

// A class moved the same way: what the old class made takes the new class's methods and
// statics (and later edits of the new file), is `instanceof` it, and a failed save takes all
// of it back; a new class with #private names cannot serve the old objects, and the report says so.
eachNode('a class moved to a new file, the old one deleted: objects made before run the new class, instanceof holds, later edits follow', async (t, startApp) => {
  const main = (from, extra = '') => `import './harness.js';\nimport { Cart } from './${from}';\nglobalThis.kept ??= new Cart(2);\nglobalThis.OldCart ??= Cart;\nglobalThis.probe = () => [kept.total(), OldCart.currency(), kept instanceof Cart, kept.constructor === Cart, new Cart(3).total()];\n${extra}`;
  const cart = (v) => `export class Cart {\n  constructor(n) { this.n = n; }\n  total() { return '${v} ' + this.n * 10; }\n  static currency() { return '${v} EUR'; }\n}\n`;
  const app = await startApp({ 'main.js': main('cart.js'), 'cart.js': cart('v1') });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), ['v1 20', 'v1 EUR', true, true, 'v1 30']);
  // A save that fails (its main.js throws): nothing of the move stays.
  await app.write('shop/cart.js', cart('v2'));
  await app.remove('cart.js');
  await app.write('main.js', main('shop/cart.js', "throw new Error('not yet');\n"));
  assert.equal((await app.refresh()).ok, false);
  assert.deepEqual(await app.eval('[kept.total(), kept.constructor === OldCart]'), ['v1 20', true]);
  await app.write('main.js', main('shop/cart.js'));
  const r = await app.refresh();
  assertOk(r, app);
  assert.ok(r.modules.some((m) => m.updated.includes('Cart moved to shop/cart.js')), JSON.stringify(r.modules));
  assert.deepEqual(await app.eval('probe()'), ['v2 20', 'v2 EUR', true, true, 'v2 30']);
  await app.write('shop/cart.js', cart('v3'));
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), ['v3 20', 'v3 EUR', true, true, 'v3 30']);
  // Moved again, as a class with a #private field: the objects made before keep their code, said.
  await app.write('cart2.js', cart('v4').replace('constructor(n) { this.n = n; }', '#n;\n  constructor(n) { this.#n = n; this.n = n; }'));
  await app.remove('shop/cart.js');
  await app.write('main.js', main('cart2.js'));
  const r2 = await app.refresh();
  assertOk(r2, app);
  assert.match(r2.modules.find((m) => m.file === 'main.js').notes.join('\n'), /Cart moved to cart2\.js: what shop\/cart\.js's class made before this refresh keeps its code \(the new class has #private names/);
  assert.deepEqual(await app.eval('[kept.total(), new OldCart(1).total()]'), ['v3 20', 'v3 10']);
});

// Moved with the old file passing it on (`export { Svc } from './models/svc.js'`), importers
// unchanged: the same, through the old module's re-import.
eachNode('a class moved to another file that the old one re-exports: objects made before run the new class and follow its edits', async (t, startApp) => {
  const CLASS = `export class Svc {\n  items = [];\n  add(x) { this.items.push(x); return this; }\n  get total() { return this.items.reduce((a, b) => a + b, 0); }\n}\n`;
  const app = await startApp({ 'main.js': `import './harness.js';\nimport { Svc } from './svc.js';\nconst svc = new Svc().add(1).add(2);\nglobalThis.probe = () => [svc.total, svc instanceof Svc];\n`, 'svc.js': CLASS });
  t.after(() => app.stop());
  await app.write('models/svc.js', CLASS);
  await app.write('svc.js', `export { Svc } from './models/svc.js';\n`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.match(r.modules.find((m) => m.file === 'svc.js').notes.join('\n'), /Svc now comes from another module: what the class made before runs that one's code/);
  assert.deepEqual(await app.eval('probe()'), [3, true]);
  await app.replace('models/svc.js', 'a + b, 0)', 'a + b, 0) * 10');
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), [30, true]);
});

eachNode('modules re-imported in one save that import each other load together: util newly imports a function conv adds (luxon 3.4.4)', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { c } from './conv.js';\nimport { show } from './locale.js';\nconst held = c;\nglobalThis.probe = () => [held(), show()];\n`,
    'util.js': `export function a() { return 1; }\n`,
    'conv.js': `import { a } from './util.js';\nexport function c() { return a() + 1; }\n`,
    'locale.js': `import { a } from './util.js';\nexport function show() { return 'a=' + a(); }\n`,
  });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), [2, 'a=1']);
  await app.write('util.js', `import { d } from './conv.js';\nexport function a() { return d() - 1; }\nexport function b() { return d() * 10; }\n`);
  await app.write('conv.js', `import { a } from './util.js';\nexport function c() { return a() + 1; }\nexport function d() { return 3; }\n`);
  await app.write('locale.js', `import { a, b } from './util.js';\nexport function show() { return 'a=' + a() + ' b=' + b(); }\n`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(await app.eval('probe()'), [3, 'a=2 b=30']);
  // A later edit of either is applied as usual.
  await app.write('conv.js', `import { a } from './util.js';\nexport function c() { return a() + 10; }\nexport function d() { return 3; }\n`);
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), [12, 'a=2 b=30']);
});

eachNode('a cycle re-imported in one save whose evaluation fails changes nothing, and the next save applies', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { c } from './conv.js';\nglobalThis.probe = () => c();\n`,
    'util.js': `import { c } from './conv.js';\nexport function a() { return 1; }\n`,
    'conv.js': `import { a } from './util.js';\nexport function c() { return a() + 1; }\n`,
  });
  t.after(() => app.stop());
  await app.write('util.js', `import { c, d } from './conv.js';\nexport function a() { return d() - 1; }\n`);
  await app.write('conv.js', `import { a } from './util.js';\nexport function c() { return a() + 1; }\nexport function d() { return 3; }\nthrow new Error('boom');\n`);
  const r = await app.refresh();
  assert.equal(r.ok, false, JSON.stringify(r));
  assert.equal(await app.eval('probe()'), 2);
  await app.write('conv.js', `import { a } from './util.js';\nexport function c() { return a() + 1; }\nexport function d() { return 3; }\n`);
  assertOk(await app.refresh(), app);
  assert.equal(await app.eval('probe()'), 3);
});

// A value whose declaration is renamed with its initializer as it was (a default export made a
// named one): the new name holds what the old one held, with what the program did to it.
eachNode('export default new Registry() made export const registry = new Registry(): the registry the plugins filled is kept', async (t, startApp) => {
  const REG = `class Registry { constructor() { this.names = []; } add(n) { this.names.push(n); } }\n`;
  const app = await startApp({
    'main.js': `import './harness.js';\nimport registry from './registry.js';\nimport './plugin.js';\nglobalThis.probe = () => registry.names;\n`,
    'registry.js': REG + `export default new Registry();\n`,
    'plugin.js': `import registry from './registry.js';\nregistry.add('dup');\n`,
  });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), ['dup']);
  await app.write('registry.js', REG + `export const registry = new Registry();\n`);
  await app.write('plugin.js', `import { registry } from './registry.js';\nregistry.add('dup');\n`);
  await app.write('main.js', `import './harness.js';\nimport { registry } from './registry.js';\nimport './plugin.js';\nglobalThis.probe = () => registry.names;\n`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.ok(r.modules.find((m) => m.file === 'registry.js').updated.includes('registry (was default)'), JSON.stringify(r.modules));
  assert.deepEqual(await app.eval('probe()'), ['dup']);
});

// A class moved with state in its statics, then moved back: the statics the program filled
// carry to the class it moved to; moving back gives the first class its members and parents
// again (each inherited from the other: every refresh failed after).
eachNode('a class with filled statics moved to another file and back: the statics carry, objects made before keep working', async (t, startApp) => {
  const A = (tag) => `export class A {\n  static count = 0;\n  constructor(n) { this.n = n; A.count++; }\n  m() { return '${tag}:' + this.n; }\n}\n`;
  const main = (from) => `import './harness.js';\nimport { A } from './${from}';\nglobalThis.objs ??= [new A(1), new A(2)];\nglobalThis.probe = () => [objs[0].m(), A.count, objs[0] instanceof A];\n`;
  const app = await startApp({ 'main.js': main('a.js'), 'a.js': A('m1') });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), ['m1:1', 2, true]);
  await app.write('b.js', A('m2'));
  await app.remove('a.js');
  await app.write('main.js', main('b.js'));
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), ['m2:1', 2, true]);
  await app.write('a.js', A('m3'));
  await app.remove('b.js');
  await app.write('main.js', main('a.js'));
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(await app.eval('probe()'), ['m3:1', 2, true]);
  await app.replace('a.js', "'m3:'", "'m4:'");
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), ['m4:1', 2, true]);
});
