// Values derived from what changed (docs/design.md §2.3), in process: a declaration whose
// text is the same but that reads a value the refresh changes is evaluated again, in its own
// module and in the modules that import the value; everything else keeps its value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applied, load } from './harness.mjs';

/** Per module: what the report says was updated and recomputed. */
const outcome = (r) => {
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return Object.fromEntries(r.modules.map((m) => [m.file.split('/').pop(), { updated: m.updated, recomputed: m.recomputed ?? [] }]));
};

test('in one module: an object built from an edited value is built again; an unrelated value is kept', async (t) => {
  const app = await load({
    'rules.mjs': `export const normal = /a+/;\nexport const gfm = /b+/;\nexport const block = { normal, gfm };\nexport const hits = [];\n`,
  });
  t.after(app.close);
  const hits = app.ns.hits;
  hits.push('kept');
  app.write('rules.mjs', `export const normal = /a+/;\nexport const gfm = /c+/;\nexport const block = { normal, gfm };\nexport const hits = [];\n`);
  assert.deepEqual(outcome(await app.refresh()), { 'rules.mjs': { updated: ['gfm'], recomputed: ['block'] } });
  assert.deepEqual([String(app.ns.block.gfm), app.ns.block.gfm === app.ns.gfm, app.ns.hits, app.ns.hits === hits], ['/c+/', true, ['kept'], true]);
});

test('across modules, transitively, in load order: PRICE = 10 * RATE in an importer, TOTAL from PRICE', async (t) => {
  const app = await load({
    'main.mjs': `export { PRICE, TOTAL, cache } from './price.mjs';\nexport { RATE } from './rates.mjs';\n`,
    'rates.mjs': `export const RATE = 2;\n`,
    'price.mjs': `import { RATE } from './rates.mjs';\nexport const PRICE = 10 * RATE;\nexport const TOTAL = PRICE + 1;\nexport const cache = new Map();\n`,
  });
  t.after(app.close);
  const cache = app.ns.cache;
  assert.deepEqual([app.ns.PRICE, app.ns.TOTAL], [20, 21]);
  app.write('rates.mjs', `export const RATE = 3;\n`);
  assert.deepEqual(outcome(await app.refresh()), {
    'rates.mjs': { updated: ['RATE'], recomputed: [] },
    'price.mjs': { updated: [], recomputed: ['PRICE', 'TOTAL'] },
  });
  assert.deepEqual([app.ns.RATE, app.ns.PRICE, app.ns.TOTAL, app.ns.cache === cache], [3, 30, 31, true]);
});

test('through an unedited `export *` barrel and a namespace import', async (t) => {
  const app = await load({
    'main.mjs': `export { options, scaled } from './use.mjs';\n`,
    'defaults.mjs': `export const defaults = { retries: 1, timeout: 100 };\nexport const factor = 2;\n`,
    'index.mjs': `export * from './defaults.mjs';\n`,
    'use.mjs': `import { defaults } from './index.mjs';\nimport * as d from './defaults.mjs';\nexport const options = { ...defaults, retries: 3 };\nexport const scaled = d.factor * 10;\n`,
  });
  t.after(app.close);
  app.write('defaults.mjs', `export const defaults = { retries: 1, timeout: 500 };\nexport const factor = 2;\n`);
  const r = outcome(await app.refresh());
  // `scaled` reads `d.factor` only, which did not change: it keeps its value.
  assert.deepEqual(r['use.mjs'], { updated: [], recomputed: ['options'] });
  assert.deepEqual([app.ns.options, app.ns.scaled], [{ retries: 3, timeout: 500 }, 20]);
  app.write('defaults.mjs', `export const defaults = { retries: 1, timeout: 500 };\nexport const factor = 3;\n`);
  assert.deepEqual(outcome(await app.refresh())['use.mjs'], { updated: [], recomputed: ['scaled'] });
  assert.equal(app.ns.scaled, 30);
});

test('a value that reads nothing that changed keeps its state; a function reading the value sees it live', async (t) => {
  const app = await load({
    'a.mjs': `export const LIMIT = 5;\nexport let count = 0;\nexport const made = [];\nexport function clamp(x, max = LIMIT) { return Math.min(x, max); }\nexport const later = () => LIMIT;\n`,
  });
  t.after(app.close);
  app.ns.made.push(1);
  app.write('a.mjs', `export const LIMIT = 7;\nexport let count = 0;\nexport const made = [];\nexport function clamp(x, max = LIMIT) { return Math.min(x, max); }\nexport const later = () => LIMIT;\n`);
  assert.deepEqual(outcome(await app.refresh()), { 'a.mjs': { updated: ['LIMIT'], recomputed: [] } });
  assert.deepEqual([app.ns.clamp(100), app.ns.later(), app.ns.made], [7, 7, [1]]);
});

test('a derived value that throws fails the save, as a fresh process would; the next save of another file is not blocked', async (t) => {
  const app = await load({
    'main.mjs': `export { PRICE } from './price.mjs';\nexport { RATE } from './rates.mjs';\nexport { g } from './other.mjs';\n`,
    'rates.mjs': `export const RATE = 2;\n`,
    'price.mjs': `import { RATE } from './rates.mjs';\nconst check = (r) => { if (r > 5) throw new RangeError('rate ' + r); return r; };\nexport const PRICE = 10 * check(RATE);\n`,
    'other.mjs': `export function g() { return 'g1'; }\n`,
  });
  t.after(app.close);
  app.write('rates.mjs', `export const RATE = 9;\n`);
  const r = await app.refresh();
  assert.deepEqual([r.ok, r.error.kind, r.error.file.split('/').pop(), r.error.message], [false, 'evaluation', 'price.mjs', 'RangeError: rate 9']);
  assert.deepEqual([app.ns.RATE, app.ns.PRICE], [2, 20]);
  app.write('other.mjs', `export function g() { return 'g2'; }\n`);
  const next = await app.refresh(['other.mjs']);
  assert.deepEqual([next.ok, next.stillFailing?.map((f) => f.split('/').pop()), app.ns.g(), app.ns.RATE], [true, ['rates.mjs'], 'g2', 2]);
});

test('a static field that reads a value that changes is evaluated again on the class, in its module and in an importer; the class and its other statics stay', async (t) => {
  const app = await load({
    'main.mjs': `export { Shop } from './shop.mjs';\nexport { RATE } from './rates.mjs';\n`,
    'rates.mjs': `export let RATE = 2;\n`,
    'shop.mjs': `import { RATE } from './rates.mjs';\nconst FEE = 1;\nexport class Shop {\n  static price = 10 * RATE + FEE;\n  static later = () => RATE;\n  static made = [];\n}\n`,
  });
  t.after(app.close);
  const { Shop } = app.ns;
  Shop.made.push('x');
  app.write('rates.mjs', `export let RATE = 3;\n`);
  assert.deepEqual(outcome(await app.refresh()), { 'rates.mjs': { updated: ['RATE'], recomputed: [] }, 'shop.mjs': { updated: [], recomputed: ['Shop.price (static)'] } });
  assert.deepEqual([Shop.price, Shop.later(), Shop.made, app.ns.Shop === Shop], [31, 3, ['x'], true]);
  // A module constant (kept `const`, moved to the extra scope by its edit) read by a static field.
  app.write('shop.mjs', `import { RATE } from './rates.mjs';\nconst FEE = 5;\nexport class Shop {\n  static price = 10 * RATE + FEE;\n  static later = () => RATE;\n  static made = [];\n}\n`);
  assert.deepEqual(outcome(await app.refresh()), { 'shop.mjs': { updated: ['FEE'], recomputed: ['Shop.price (static)'] } });
  assert.deepEqual([Shop.price, Shop.made], [35, ['x']]);
});

test('what stays as it was is said: a statement reading a changed value or calling a function whose own code changed, a declaration computed by such a call; not when only the closures a function makes changed', async (t) => {
  const cfg = (events, mul, tag) => `export const EVENTS = [${events}];
export function build() { return [1, 2].map((x) => x * ${mul}); }
export function makeAuth(role) { return (req) => '${tag}' + role + req; }
`;
  const main = `import { EventEmitter } from 'node:events';
import { EVENTS, build, makeAuth } from './cfg.mjs';
export const bus = new EventEmitter();
function onEvent() {}
for (const e of EVENTS) bus.on(e, onEvent);
export const table = build();
export const auth = makeAuth('admin');
`;
  const app = await load({ 'main.mjs': main, 'cfg.mjs': cfg("'a'", 10, 'v1') });
  t.after(app.close);
  const notes = (r) => r.modules.flatMap((m) => m.notes.map((n) => `${m.file.split('/').pop()}: ${n.replace(/\/\S*\//g, '')}`));
  let r = await (app.write('cfg.mjs', cfg("'a', 'b'", 10, 'v1')), app.refresh());
  assert.deepEqual(notes(r), [
    'cfg.mjs: the statement at main.mjs:5:1 reads EVENTS, whose value this refresh changed; it does not run again (a statement runs again only when its own text changes), so what it did stays as the old value made it: edit the statement, or restart, to run it again',
  ]);
  assert.equal(app.ns.bus.listenerCount('b'), 0);
  r = await (app.write('cfg.mjs', cfg("'a', 'b'", 100, 'v1')), app.refresh());
  assert.match(notes(r).join('\n'), /^cfg\.mjs: table at main\.mjs:6:14 keeps the value build computed before this refresh changed its code/);
  assert.deepEqual(app.ns.table, [10, 20]);
  r = await (app.write('cfg.mjs', cfg("'a', 'b'", 100, 'v2')), app.refresh());
  assert.deepEqual([notes(r), app.ns.auth('!')], [[], 'v2admin!']);
});

test('a declaration computed by a static method whose code changed is said to keep its value, in its module and through an import', async (t) => {
  const shapes = (k) => `export class Square {\n  static create(n) { return { side: n * ${k} }; }\n}\nexport const unit = Square.create(1);\n`;
  const app = await load({ 'main.mjs': `import { Square as Sq } from './shapes.mjs';\nexport const big = Sq.create(10);\n`, 'shapes.mjs': shapes(1) });
  t.after(app.close);
  const r = await (app.write('shapes.mjs', shapes(2)), app.refresh());
  const notes = r.modules.flatMap((m) => m.notes).join('\n');
  assert.match(notes, /unit at \S*shapes\.mjs:4:14 keeps the value Square\.create computed before this refresh changed its code/);
  assert.match(notes, /big at \S*main\.mjs:2:14 keeps the value Sq\.create computed before this refresh changed its code/);
  assert.equal(app.ns.big.side, 10, 'kept, as the note says');
});

test('a declaration computed by a static method a subclass inherits (`Square.create` of `Shape.create`) is said to keep its value', async (t) => {
  const shapes = (k) => `export class Shape {\n  static create(n) { return new this(n * ${k}); }\n  constructor(n) { this.n = n; }\n}\nexport class Square extends Shape {}\nexport class Tile extends Square {\n  static create(n) { return new Tile(n); }\n}\nexport const unit = Square.create(1);\nexport const tile = Tile.create(1);\n`;
  const app = await load({ 'shapes.mjs': shapes(1) });
  t.after(app.close);
  const r = await (app.write('shapes.mjs', shapes(10)), app.refresh());
  const notes = r.modules.flatMap((m) => m.notes).join('\n');
  assert.match(notes, /unit at \S*shapes\.mjs:9:14 keeps the value Square\.create computed before this refresh changed its code/);
  assert.doesNotMatch(notes, /tile at/, 'Tile declares its own create, which did not change');
  assert.deepEqual([app.ns.unit.n, app.ns.Square.create(1).n], [1, 10]);
});

test('a function that gains a registration (a plugin, a setup function) says that a call made before does not make it; an edited handler, a changed response, or a registration it had, say nothing', async (t) => {
  const plugin = (extra, reply) => `export default async function routes(fastify) {
  const items = [];
  fastify.get('/items', async () => {
    return { items${reply} };
  });
  await fastify.register(async (inner) => inner.get('/x', () => 1));${extra}
}
export function handler(req, res) {
  res.send('ok');
}
`;
  const app = await load({ 'routes.mjs': plugin('', '') });
  t.after(app.close);
  const notes = (r) => r.modules.flatMap((m) => m.notes.map((n) => n.replace(/ at \S*\//, ' at ')));
  // The handler's body and the response, and calls named like routes that are none: no note.
  app.write('routes.mjs', plugin('\n  new Map().delete(items);\n  await Promise.all([]);', ', v: 2').replace(`res.send('ok')`, `res.set('x', '1');\n  res.send('ok2')`));
  assert.deepEqual(notes(await app.refresh()), []);
  // A route, a listener and a timer added to the plugin: one note each, at file:line:column.
  app.write('routes.mjs', plugin(`\n  new Map().delete(items);\n  await Promise.all([]);\n  fastify.delete('/items', async () => {\n    items.length = 0;\n  });\n  fastify.addHook('onClose', () => {});\n  setInterval(() => {}, 1000).unref();`, ', v: 2').replace(`res.send('ok')`, `res.set('x', '1');\n  res.send('ok2')`));
  const r = await app.refresh();
  assert.deepEqual(notes(r), [
    "`fastify.delete('/items', async () => { items.length = 0; });` at routes.mjs:9:3 is new in the function at line 1: it runs on that function's next call; if it already ran and is not called again (a plugin, a setup function called at start), this registration is not made: restart to make it",
    "`fastify.addHook('onClose', () => {});` at routes.mjs:12:3 is new in the function at line 1: it runs on that function's next call; if it already ran and is not called again (a plugin, a setup function called at start), this registration is not made: restart to make it",
    "`setInterval(() => {}, 1000).unref();` at routes.mjs:13:3 is new in the function at line 1: it runs on that function's next call; if it already ran and is not called again (a plugin, a setup function called at start), this registration is not made: restart to make it",
  ]);
});

// Found by session 18's review: a timer kept in a declaration of a connection handler, a hook
// given to a plugin's own API, and a registration taken out of a function were not said.
test("a function's registrations kept in a declaration or given to its parameter's methods are said when new, and when removed", async (t) => {
  const V = (body) => `export const seen = [];\nexport function install(api, ws) {\n${body}}\n`;
  const app = await load({ 'p.mjs': V(`  const t = setInterval(() => seen.push(1), 200);\n  api.hook('a', (n) => n);\n  api.items.forEach((x) => seen.push(x));\n`) });
  t.after(app.close);
  const notes = (r) => r.modules.flatMap((m) => m.notes.map((n) => n.replace(/ at \S*\//, ' at ').replace(/\(was at \S*\//, '(was at ')));
  app.write('p.mjs', V(`  const t = setInterval(() => seen.push(1), 20);\n  api.addCommand('b', () => 1);\n  api.items.forEach((x) => seen.push(x * 2));\n`));
  const got = notes(await app.refresh());
  assert.doesNotMatch(got.join('\n'), /forEach/, 'an array method is no registration');
  assert.match(got.join('\n'), /`const t = setInterval\(\(\) => seen\.push\(1\), 200\);` \(was at p\.mjs:3:3\) is not in the new text of its function: what it registered on something that lives on .* stays registered/);
  assert.match(got.join('\n'), /`api\.hook\('a', \(n\) => n\);` \(was at p\.mjs:4:3\) is not in the new text/);
  assert.match(got.join('\n'), /`const t = setInterval\(\(\) => seen\.push\(1\), 20\);` at p\.mjs:3:3 is new in the function at line 2/);
  assert.match(got.join('\n'), /`api\.addCommand\('b', \(\) => 1\);` at p\.mjs:4:3 is new in the function at line 2/);
});

test('a statement that only prints what an edited function returns is not said to stay as it ran (it left no state); one that stores it is', async (t) => {
  const app = await load({
    'main.mjs': `import { label } from './lib.mjs';\nconsole.log('ready', label());\nprocess.stdout.write('');\nexport const kept = [];\nkept.push(label());\n`,
    'lib.mjs': `export function label() {\n  return 'v1';\n}\n`,
  });
  t.after(app.close);
  app.write('lib.mjs', `export function label() {\n  return 'v2';\n}\n`);
  const r = await app.refresh();
  const notes = r.modules.flatMap((m) => m.notes.map((n) => n.replace(/ at \S*\//, ' at ')));
  assert.deepEqual(notes, [
    'the statement at main.mjs:5:1 calls label, whose code this refresh changed; it does not run again (a statement runs again only when its own text changes), so what it did stays as the old code made it: edit the statement, or restart, to run it again',
  ]);
});

test("a class's static block (a registry's `static { Codec.register(this) }`) and static field that call a function whose code changed are said to stay as they ran, in their module and through an import", async (t) => {
  const codecs = (k) => `export const registry = new Map();
export class Codec {
  static register(c) { registry.set(c.name${k}, c); return registry.size; }
}
export class Json extends Codec {
  static { Codec.register(this); }
  static n = Codec.register(this);
}
`;
  const app = await load({ 'main.mjs': `import { Codec } from './codecs.mjs';\nexport class Csv {\n  static { Codec.register(this); }\n}\n`, 'codecs.mjs': codecs('') });
  t.after(app.close);
  let r = await (app.write('codecs.mjs', codecs('.toLowerCase()')), app.refresh());
  const notes = r.modules.flatMap((m) => m.notes).join('\n');
  assert.match(notes, /the static block of Json at \S*codecs\.mjs:6:3 calls Codec\.register, whose code this refresh changed; it does not run again/);
  assert.match(notes, /Json\.n at \S*codecs\.mjs:7:3 keeps the value Codec\.register computed before this refresh changed its code/);
  assert.match(notes, /the static block of Csv at \S*main\.mjs:3:3 calls Codec\.register, whose code this refresh changed/);
  assert.deepEqual([...app.record('codecs.mjs').home('registry').keys()], ['Json', 'Csv'], 'kept, as the notes say');
  r = await (app.write('codecs.mjs', codecs('.toLowerCase()').replace('static { Codec.register(this); }', 'static { Codec.register(this); registry.set("x", 1); }')), app.refresh());
  assert.doesNotMatch(r.modules.flatMap((m) => m.notes).join('\n'), /static block of Json/, 'a block whose text changed runs again: no note');
});

test("a re-imported module whose top-level code calls a function the same save patches in another module (top-level await) is said to have run the old one", async (t) => {
  const app = await load({
    'app.mjs': `import { load } from './loader.mjs';\nexport const config = await load('a');\n`,
    'loader.mjs': `export async function load(name) { return { name, v: 1 }; }\n`,
  });
  t.after(app.close);
  app.write('loader.mjs', `export async function load(name) { return { name, v: 2 }; }\n`);
  app.write('app.mjs', `import { load } from './loader.mjs';\nexport const config = await load('b');\n`);
  const r = await app.refresh();
  assert.deepEqual(applied(r).map((m) => [m.file, m.path]), [['loader.mjs', 'patch'], ['app.mjs', 'reimport']]);
  assert.match(r.modules.flatMap((m) => m.notes).join('\n'), /app\.mjs was imported again before this refresh's changes to \S*loader\.mjs were in place .*: its top-level code ran with the old load; edit it again, or restart/);
  app.write('loader.mjs', `export async function load(name) { return { name, v: 3 }; }\n`);
  assert.deepEqual(r.modules.length, 2);
  const r2 = await app.refresh();
  assert.doesNotMatch(r2.modules.flatMap((m) => m.notes).join('\n'), /imported again before/, 'a patch alone: no note');
});

test('a declaration computed by an array method calling a function passed by name whose code changed (`nums.filter(isEven)`) is said to keep its value', async (t) => {
  const src = (k) => `const nums = [1, 2, 3, 4];\nfunction isEven(n) { return n % 2 === ${k}; }\nexport const evens = nums.filter(isEven);\nexport const sorted = [...nums].sort((a, b) => b - a);\n`;
  const app = await load({ 'm.mjs': src(0) });
  t.after(app.close);
  const r = await (app.write('m.mjs', src(1)), app.refresh());
  const notes = r.modules.flatMap((m) => m.notes).join('\n');
  assert.match(notes, /evens at \S*m\.mjs:3:14 keeps the value isEven computed before this refresh changed its code/);
  assert.doesNotMatch(notes, /sorted/);
  assert.deepEqual(app.ns.evens, [2, 4], 'kept, as the note says');
});

test('what a callback of an array method reads while the declaration evaluates is read by the declaration (`[1, 2].map((x) => x * BASE)`), and by a statement (`forEach`)', async (t) => {
  const app = await load({
    'ui.mjs': `import { BASE } from './consts.mjs';\nexport const seen = [];\nexport const SIZES = [1, 2, 3].map((x) => x * BASE);\n['a'].forEach((n) => seen.push(n + BASE));\n`,
    'consts.mjs': `export const BASE = 2;\n`,
  });
  t.after(app.close);
  const r = await (app.write('consts.mjs', `export const BASE = 3;\n`), app.refresh());
  assert.deepEqual(app.ns.SIZES, [3, 6, 9]);
  assert.deepEqual(r.modules.find((m) => m.file.endsWith('ui.mjs'))?.recomputed, ['SIZES']);
  assert.match(r.modules.flatMap((m) => m.notes).join('\n'), /the statement at \S*ui\.mjs:4:1 reads BASE, whose value this refresh changed/);
});

test('a declaration evaluated again because its inline functions have no holders (an object with a spread, built anew by an earlier refresh) changes its value: what reads it is evaluated again', async (t) => {
  const api = (get, list, x = '') => `const more = {};\nexport const api = { ...more, ${x}get() { return '${get}'; }, list() { return '${list}'; } };\n`;
  const app = await load({ 'use.mjs': `import { api } from './api.mjs';\nexport const { list } = api;\n`, 'api.mjs': api('b1', 'l1') });
  t.after(app.close);
  await app.refresh(app.write('api.mjs', api('b2', 'l2', 'x: 1, ')));
  assert.equal(app.ns.list(), 'l2');
  const r = await (app.write('api.mjs', api('b2', 'l3', 'x: 1, ')), app.refresh());
  assert.deepEqual(r.modules.find((m) => m.file.endsWith('use.mjs'))?.recomputed, ['list']);
  assert.equal(app.ns.list(), 'l3');
});

test('a statement that copied an object the refresh updates in place (its entries, a spread, a for…in) is noted with the keys it lacks; one that holds the object is not', async (t) => {
  const SRC = (ops) => `export const registry = new Map();\nconst ops = ${ops};\nfor (const [k, f] of Object.entries(ops)) registry.set(k, f);\nexport const copy = { ...ops };\nexport const held = [];\nheld.push(ops);\n`;
  const app = await load({ 'm.mjs': SRC('{ double: (x) => x * 2, n: 1 }') });
  t.after(app.close);
  app.write('m.mjs', SRC('{ double: (x) => x * 20, n: 1, square: (x) => x * x }'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(app.ns.registry.get('double')(3), 60, 'the function copied into the map runs its new body');
  const notes = r.modules[0].notes.join('\n');
  assert.match(notes, /the statement at \S*m\.mjs:3:1 reads ops \(square\), whose value this refresh changed; it does not run again/);
  assert.doesNotMatch(notes, /m\.mjs:6:1/, 'held.push(ops) holds the object, which has the new key');
  assert.equal(app.ns.held[0].square(3), 9);
});

test('statements that finish building a value (`block.def = edit(block.def)…`) run again after it when it is evaluated again or updated in place, on the literal\'s properties (found by the marked replay)', async (t) => {
  const rules = (def, decl = 'const', extra = '') => `${decl} block = { def: '${def}', n: 1 };
block._label = 'L';
block.def = block.def.replace('label', block._label);
block.normal = { ...block };
${extra}export const get = () => [block.def, block.normal.def, block._label, block.n];
export const getNormal = () => block.normal;
export const hits = [];
`;
  const app = await load({ 'rules.mjs': rules('a-label') });
  t.after(app.close);
  const hits = app.ns.hits;
  // The object updated in place: a changed property, and one whose text did not change (`def` kept its text the second time).
  await (app.write('rules.mjs', rules('b-label')), app.refresh());
  assert.deepEqual(app.ns.get(), ['b-L', 'b-L', 'L', 1]);
  const r = await (app.write('rules.mjs', rules('b-label', 'var')), app.refresh());
  assert.equal(r.ok, true);
  assert.deepEqual(app.ns.get(), ['b-L', 'b-L', 'L', 1]);
  // A re-import (an export removed) evaluates the changed declaration anew: the statements fill the new object.
  await (app.write('rules.mjs', rules('c-label', 'var', 'export const more = 2;\n')), app.refresh());
  await (app.write('rules.mjs', rules('d-label', 'let')), app.refresh());
  assert.deepEqual([app.ns.get(), app.ns.hits === hits], [['d-L', 'd-L', 'L', 1], true]);
  // What they added is not there before they run again (`{ ...block }` does not copy the old `normal`),
  // and the object they built before takes what they build now: what took it (an instance's `this.rules`) sees it.
  const normal = app.ns.getNormal();
  await (app.write('rules.mjs', rules('e-label', 'let')), app.refresh());
  assert.deepEqual([app.ns.get(), 'normal' in app.ns.getNormal(), app.ns.getNormal() === normal, normal.def], [['e-L', 'e-L', 'L', 1], false, true, 'e-L']);
});

test('a changed statement that builds an object from itself runs with the others that do, on the literal\'s properties; statements that only set a key keep what the program stored (found by the marked replay, 9.1.6)', async (t) => {
  const rules = (heading) => `const block = { paragraph: 'P:heading', blockquote: 'Q:paragraph', count: 0 };
block.count = 0;
block.bullet = 'B';
block.listItemStart = block.bullet + '!';
block._tag = 'T';
block.paragraph = block.paragraph.replace('heading', '${heading}');
block.blockquote = block.blockquote.replace('paragraph', block.paragraph);
block.normal = { ...block };
export const get = () => [block.paragraph, block.blockquote, block.count];
export const bump = () => ++block.count;
export { block };
`;
  const app = await load({ 'rules.mjs': rules('#') });
  t.after(app.close);
  app.ns.bump();
  const r = await (app.write('rules.mjs', rules('#(\\\\s|$)')), app.refresh());
  assert.equal(r.ok, true);
  assert.deepEqual(app.ns.get(), ['P:#(\\s|$)', 'Q:P:#(\\s|$)', 1]);
  // Its keys in a fresh process's order: those the statements built again are not moved last.
  assert.deepEqual(Object.keys(app.ns.block), ['paragraph', 'blockquote', 'count', 'bullet', 'listItemStart', '_tag', 'normal']);
  assert.deepEqual(Object.keys(app.ns.block.normal), ['paragraph', 'blockquote', 'count', 'bullet', 'listItemStart', '_tag']);
});

test('a re-imported version whose `const` literal changed fills the object the program holds, then runs the statements that finish building it on that (marked 7.0.0 → 7.0.5: `var block` → `const block`, its templates came back unfilled, `block.normal` gone)', async (t) => {
  const rules = (v2) => `${v2 ? 'const' : 'var'} block = { def: 'D:label', html: '${v2 ? 'h2' : 'h1'}' };
block._label = 'L';
block.def = block.def.replace('label', block._label);
block.normal = { ...block };
${v2 ? 'class _Lexer' : 'var _Lexer2 = class'} { static rules() { return block; } }
export const get = () => [block.def, block.normal?.def, block.html, Object.keys(block)];
export { ${v2 ? '_Lexer' : '_Lexer2'} as Lexer };
`;
  const app = await load({ 'rules.mjs': rules(false) });
  t.after(app.close);
  const held = app.ns.Lexer.rules();
  const r = await (app.write('rules.mjs', rules(true)), app.refresh());
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.modules[0].path, 'reimport');
  assert.deepEqual(app.ns.get(), ['D:L', 'D:L', 'h2', ['def', 'html', '_label', 'normal']]);
  assert.equal(app.ns.Lexer.rules(), held);
});

test('a declaration of an instance evaluated again (its text, or a value it reads, changed) says that what the program did to the old one is not on the new one (marked 6.0.0: `new Marked(defaults)` → `new Marked()` dropped what `use` added, silently)', async (t) => {
  const text = (arg, size = 1, re = 'a') => `class Box { constructor(n) { this.n = n; this.items = []; } add(x) { this.items.push(x); } }
const SIZE = ${size};
const box = new Box(${arg});
const pattern = new RegExp('${re}');
export const add = (x) => box.add(x);
export const items = () => box.items;
export const test = (s) => pattern.test(s);
`;
  const app = await load({ 'box.mjs': text('SIZE') });
  t.after(app.close);
  app.ns.add('kept?');
  const r = await (app.write('box.mjs', text('SIZE + 0', 1, 'b')), app.refresh());
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(app.ns.items(), []); // a fresh process's: the new instance, as §2.3 says
  const notes = r.modules[0].notes;
  assert.equal(notes.length, 1, notes.join('\n'));
  assert.match(notes[0], /^box at .*box\.mjs:3:7 is made anew \(its text changed\): a new Box; what the program did to the one it replaces/);
  app.ns.add('again');
  const d = await (app.write('box.mjs', text('SIZE + 0', 2, 'b')), app.refresh());
  assert.match(d.modules[0].notes.join('\n'), /box at .* is made anew \(it reads a value this refresh changed\)/);
});

test('a value made anew (`const axios = create(…)` changed): a statement after it that assigns one of its members, changed only inside its function, runs again on the new value (axios 1.13.6 lost formToJSON)', async (t) => {
  const V = (a, p) => `function create(d) { return { d }; }\nconst axios = create(${a});\naxios.formToJSON = ${p ? '(thing)' : 'thing'} => 'f${a}:' + thing;\naxios.other = 2;\nexport default axios;\n`;
  const app = await load({ 'main.mjs': `import axios from './api.mjs';\nexport const get = () => axios;\n`, 'api.mjs': V(1, false) });
  t.after(app.close);
  const held = app.ns.get().formToJSON;
  app.write('api.mjs', V(2, true));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(Object.keys(app.ns.get()), ['d', 'formToJSON', 'other']);
  assert.deepEqual([app.ns.get().formToJSON('x'), held('y')], ['f2:x', 'f2:y']);
  assert.equal(r.modules[0].notes.some((n) => /does not run again/.test(n)), false, r.modules[0].notes.join('\n'));
});

// Found by session 17's review (an Express app's `import config from './config.js'`): an edit of
// one key of a default-exported config object made anew every importer's value reading any
// key (a session store emptied, a server listening again); a named import was precise already.
for (const [form, config] of [
  ['export default { … }', (name) => `export default { appName: '${name}', ttl: 5 };\n`],
  ['const config = { … }; export default config', (name) => `const config = { appName: '${name}', ttl: 5 };\nexport default config;\n`],
  ['export const config = { … }; export default config', (name) => `export const config = { appName: '${name}', ttl: 5 };\nexport default config;\n`],
])
  test(`a default-exported object literal (${form}) edited in one key: an importer's value reading only other keys keeps its value; one reading it is computed again`, async (t) => {
    const app = await load({
      'main.mjs': `import config from './config.mjs';\nexport const store = new Map([['ttl', config.ttl]]);\nexport const title = 'app ' + config.appName;\nexport const label = () => config.appName;\n`,
      'config.mjs': config('shop'),
    });
    t.after(app.close);
    const store = app.ns.store;
    app.write('config.mjs', config('shop2'));
    const r = await app.refresh();
    assert.ok(r.ok, JSON.stringify(r.error));
    assert.deepEqual([app.ns.store === store, app.ns.title, app.ns.label()], [true, 'app shop2', 'shop2']);
    assert.deepEqual(r.modules.find((m) => m.file.endsWith('main.mjs'))?.recomputed, ['title']);
  });

// Found by session 17's review (TypeScript's `static readonly TIMEOUT_MS = Client.TIMEOUT_S *
// 1000`): values read from a static field an edit changed — a sibling static (`Config.TTL`,
// `this.TTL`), a declaration of the module, an importer's — kept the old value, silently.
test('values computed from a changed static field (sibling statics, declarations here and in an importer) are computed again; instances and declarations that only use the class keep theirs', async (t) => {
  const V = (ttl, rate) => `export const RATE = ${rate};
export class Config {
  static TTL = ${ttl};
  static LIMIT = Config.TTL * 2;
  static HALF = this.TTL / 2;
  static PRICE = 10 * RATE;
  static made = [];
  constructor() { Config.made.push(1); }
}
export const OUTSIDE = Config.TTL + 1;
export const inst = new Config();
`;
  const app = await load({ 'main.mjs': `import { Config, OUTSIDE, inst } from './svc.mjs';\nexport const MS = Config.TTL * 1000;\nexport const other = new Config();\nexport const probe = () => ({ TTL: Config.TTL, LIMIT: Config.LIMIT, HALF: Config.HALF, PRICE: Config.PRICE, OUTSIDE, MS });\nexport { inst };\n`, 'svc.mjs': V(60, 1) });
  t.after(app.close);
  const { inst, other } = app.ns;
  app.write('svc.mjs', V(120, 2));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual(app.ns.probe(), { TTL: 120, LIMIT: 240, HALF: 60, PRICE: 20, OUTSIDE: 121, MS: 120000 });
  assert.equal(app.ns.inst, inst);
  assert.equal(app.ns.other, other);
});

// Found by session 17's review: a declaration computed by a tagged template (`html\`…\``) was
// not said to keep the value its edited tag computed; the same as a plain call was.
test('a declaration computed by a tagged template whose tag changed is said to keep its value, in its module and through an import', async (t) => {
  const tags = (k) => `export const html = (s, ...v) => s.map((x, i) => x + (v[i] ?? '')).join('')${k};\nexport const local = html\`<b>\${1}</b>\`;\n`;
  const app = await load({ 'main.mjs': `import { html } from './tags.mjs';\nconst who = 'bob';\nexport const page = html\`<p>\${who}</p>\`;\n`, 'tags.mjs': tags('') });
  t.after(app.close);
  const r = await (app.write('tags.mjs', tags('.toUpperCase()')), app.refresh());
  const notes = r.modules.flatMap((m) => m.notes).join('\n');
  assert.match(notes, /local at \S*tags\.mjs:2:14 keeps the value html computed before this refresh changed its code/);
  assert.match(notes, /page at \S*main\.mjs:3:14 keeps the value html computed before this refresh changed its code/);
});

// Found by session 17's review: a function a call made (`pipe(…)`, `.bind(null, x)`) made anew
// by an edit of its declaration left what took the old one on it, silently.
test('a function a call made, made anew: said, with where', async (t) => {
  const V = (steps) => `const pipe = (...fs) => (x) => fs.reduce((v, f) => f(v), x);\nconst trim = (s) => s.trim();\nconst up = (s) => s.toUpperCase();\nexport const handler = pipe(${steps});\nexport const held = [handler];\n`;
  const app = await load({ 'h.mjs': V('trim') });
  t.after(app.close);
  app.write('h.mjs', V('trim, up'));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(app.ns.handler(' a '), 'A');
  assert.match(r.modules[0].notes.join('\n'), /handler at \S*h\.mjs:4:14 is made anew: a function its call returned, which takes no new code, so what took the old one \(a listener, a route, a copy\) keeps calling it/);
});

test('a frozen object made anew is said: what took the old one keeps it', async (t) => {
  const V = (max) => `export const LIMITS = Object.freeze({ max: ${max} });\nlet kept;\nexport function boot() { kept = LIMITS; }\nexport const max = () => kept.max;\nboot();\n`;
  const app = await load({ 'c.mjs': V(1) });
  t.after(app.close);
  app.write('c.mjs', V(2));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(app.ns.max(), 1, 'kept, as the note says');
  assert.match(r.modules[0].notes.join('\n'), /LIMITS at \S*c\.mjs:1:14 is made anew: the object it held is frozen/);
});

// Found by session 18's review: only a statement naming the changed function was said to stay
// as it ran; one calling it through another function of the module, a method of an instance,
// a bound copy or a constructor was not.
test('a statement or declaration that runs a changed function through a function, a method, a bound copy or a constructor of its module is said to stay as it ran', async (t) => {
  const V = (k) => `export const out = [];
function compute(n) { return n * ${k}; }
function main() { out.push(compute(1)); }
main();
export class Monitor { start() { out.push(compute(2)); } }
export class Poller { constructor() { this.tick(); } tick() { out.push(${k}); } }
const mon = new Monitor();
mon.start();
const twice = compute.bind(null, 2);
export const bound = twice();
export const p = new Poller();
`;
  const app = await load({ 'main.mjs': V(10) });
  t.after(app.close);
  app.write('main.mjs', V(20).replace('start() { out.push(compute(2)); }', 'start() { out.push(compute(3)); }'));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  const notes = r.modules.flatMap((m) => m.notes.map((n) => n.replace(/ at \S*\//, ' at '))).join('\n');
  assert.match(notes, /the statement at main\.mjs:4:1 calls main \(which calls compute\), whose code this refresh changed/);
  assert.match(notes, /the statement at main\.mjs:8:1 calls mon\.start \(Monitor\.prototype\.start\), whose code this refresh changed/);
  assert.match(notes, /bound at main\.mjs:10:14 keeps the value twice \(compute bound\) computed before/);
  assert.match(notes, /p at main\.mjs:11:14 keeps the value Poller \(whose constructor calls this\.tick, Poller\.prototype\.tick\) computed before/);
});

// Found by session 18's review: a member added to an enum as tsx compiles it made every
// declaration reading any member anew (a session store emptied).
test("a compiled enum run again: a declaration reading only members whose value stayed is kept; one reading a changed member is evaluated again", async (t) => {
  const E = (members) => `export var Role = /* @__PURE__ */ ((Role2) => {\n${members}  return Role2;\n})(Role || {});\n`;
  const app = await load({
    'main.mjs': `import { Role } from './roles.mjs';\nexport const store = { def: Role.User, rows: [] };\nexport const admin = 'is ' + Role.Admin;\nexport const roles = () => Object.keys(Role);\n`,
    'roles.mjs': E(`  Role2["User"] = "user";\n  Role2["Admin"] = "admin";\n`),
  });
  t.after(app.close);
  const { store } = app.ns;
  store.rows.push('a');
  app.write('roles.mjs', E(`  Role2["User"] = "user";\n  Role2["Admin"] = "root";\n  Role2["Guest"] = "guest";\n`));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(app.ns.store, store);
  assert.deepEqual([app.ns.store.rows, app.ns.admin, app.ns.roles()], [['a'], 'is root', ['User', 'Admin', 'Guest']]);
});

// Found by session 18's second review: a game loop's delay tuned (`setTimeout(loop, 5)` → 7) was
// told to restart three times, though its chain runs the new code from its next call.
test("a loop that schedules itself again, edited: no note says it stays as it ran", async (t) => {
  const V = (ms) => `export const world = { frames: 0, running: true };\nfunction loop() { if (!world.running) return; world.frames++; setTimeout(loop, ${ms}); }\nloop();\n`;
  const app = await load({ 'main.mjs': V(5) });
  t.after(() => { app.ns.world.running = false; return app.close(); });
  app.write('main.mjs', V(7));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual(r.modules[0].notes, []);
});

// Found by session 18's second review: an env-defaults module edited said "2 statements ran"
// and kept the values its first run had set.
test('a statement run again that sets something only where it is not set yet is said to keep its first value; a new one is not', async (t) => {
  globalThis.__limeadeEnv = {};
  const V = (port, extra = '') => `export const env = globalThis.__limeadeEnv;\n__limeadeEnv.PORT = __limeadeEnv.PORT || '${port}';\n__limeadeEnv.MODE ??= 'dev';\n${extra}`;
  const app = await load({ 'main.mjs': V(4000) });
  t.after(() => { delete globalThis.__limeadeEnv; return app.close(); });
  app.write('main.mjs', V(5000, `__limeadeEnv.HOST ??= 'x';\n`));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(app.ns.env.PORT, '4000');
  const notes = r.modules[0].notes.join('\n');
  assert.match(notes, /main\.mjs:2:1 sets __limeadeEnv\.PORT only where it is not set yet, and it ran before/);
  assert.doesNotMatch(notes, /HOST/);
});

// Found by session 18's review: a reactive store (a Proxy a call made) made anew because its
// initial object changed left its effect subscribed to the old one, unsaid.
test('a proxy a call made (a reactive store), made anew: the report says what subscribed to the old one keeps it', async (t) => {
  const V = (init) => `const reactive = (o) => new Proxy(o, {});\nexport const state = reactive(${init});\n`;
  const app = await load({ 'main.mjs': V('{ count: 0 }') });
  t.after(app.close);
  app.write('main.mjs', V('{ count: 0, user: null }'));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.match(r.modules[0].notes.join('\n'), /state at \S*main\.mjs:2:14 is made anew: the object it held was a proxy its call made \(a reactive store\)/);
});
