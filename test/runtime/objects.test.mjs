// Objects reused in place (docs/design.md §2.2), in process: a top-level object literal whose
// text changed updates the object the program already holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applied, load } from './harness.mjs';

test('changed and added properties take the new values, removed ones go, unchanged ones keep their state', async (t) => {
  const app = await load({
    'config.mjs': `export const config = {\n  port: 3000,\n  seen: [],\n  name: 'old',\n  legacy: true,\n  greet() { return 'hi ' + this.name; },\n};\n`,
    'holder.mjs': `import { config } from './config.mjs';\nexport const held = new Map([['config', config]]);\n`,
  });
  t.after(app.close);
  const config = app.ns.config;
  config.seen.push('request 1');
  config.port = 8080; // the program changed it; its text does not change below
  app.write('config.mjs', `export const config = {\n  port: 3000,\n  seen: [],\n  name: 'new',\n  timeout: 5,\n  greet() { return 'hello ' + this.name; },\n};\n`);
  const r = await app.refresh();
  // The method whose body changed keeps its function, which takes the new code (inline, §2.1).
  assert.deepEqual([r.ok, r.modules[0].updated], [true, ['method greet at line 6', 'config']]);
  assert.equal(app.ns.config, config, 'the same object');
  assert.deepEqual(
    { ...config, greet: config.greet() },
    { port: 8080, seen: ['request 1'], name: 'new', timeout: 5, greet: 'hello new' },
  );
  assert.equal('legacy' in config, false);
});

test('an object built from a value that changed is updated in place, only in the properties that read it', async (t) => {
  const app = await load({
    'rules.mjs': `export const normal = /a+/;\nexport const gfm = /b+/;\nexport const block = { normal, gfm, counter: { n: 0 } };\n`,
  });
  t.after(app.close);
  const block = app.ns.block;
  block.counter.n = 5;
  app.write('rules.mjs', `export const normal = /a+/;\nexport const gfm = /c+/;\nexport const block = { normal, gfm, counter: { n: 0 } };\n`);
  const r = await app.refresh();
  assert.deepEqual([r.ok, r.modules[0].recomputed], [true, ['block']]);
  assert.equal(app.ns.block, block);
  assert.deepEqual([String(block.gfm), block.counter.n], ['/c+/', 5]);
});

test('a failed refresh leaves the object exactly as it was', async (t) => {
  const app = await load({ 'c.mjs': `export const c = { a: 1, b: 2 };\n` });
  t.after(app.close);
  const c = app.ns.c;
  app.write('c.mjs', `export const c = { a: 10, c: 3 };\nnull.boom;\n`);
  assert.equal((await app.refresh()).ok, false);
  assert.deepEqual(c, { a: 1, b: 2 });
});

test('a literal that spreads others is evaluated whole, and the object the program holds takes what it made; a frozen one is replaced', async (t) => {
  const app = await load({
    'main.mjs': `export { c, f } from './c.mjs';\nexport { server } from './server.mjs';\n`,
    'c.mjs': `const base = { x: 1, debug: true };\nexport const c = { ...base, y: 2 };\nexport const f = Object.freeze({ z: 1 });\n`,
    'server.mjs': `import { c } from './c.mjs';\nclass Server { constructor(opts) { this.opts = opts; } }\nexport const server = new Server(c);\n`,
  });
  t.after(app.close);
  const { c, f, server } = app.ns;
  // The literal changed (y), and its spread's source lost a key (debug) and gained one (z).
  app.write('c.mjs', `const base = { x: 1, w: 0 };\nexport const c = { ...base, y: 3 };\nexport const f = Object.freeze({ z: 2 });\n`);
  assert.equal((await app.refresh()).ok, true);
  assert.deepEqual([app.ns.c, app.ns.c === c, server.opts === c, Object.keys(c)], [{ x: 1, w: 0, y: 3 }, true, true, ['x', 'w', 'y']]);
  assert.deepEqual([app.ns.f, app.ns.f === f], [{ z: 2 }, false]);
  // Derived: only the spread's source changes.
  app.write('c.mjs', `const base = { x: 5 };\nexport const c = { ...base, y: 3 };\nexport const f = Object.freeze({ z: 2 });\n`);
  assert.equal((await app.refresh()).ok, true);
  assert.deepEqual([server.opts, app.ns.c === c], [{ x: 5, y: 3 }, true]);
  // A refresh that fails after the object took its new properties leaves it as it was.
  app.write('c.mjs', `const base = { x: 6 };\nexport const c = { ...base, y: 4 };\nexport const f = Object.freeze({ z: 2 });\nthrow new Error('boom');\n`);
  assert.equal((await app.refresh()).ok, false);
  assert.deepEqual([server.opts, Object.keys(c)], [{ x: 5, y: 3 }, ['x', 'y']]);
});

test("an object updated in place has the new literal's key order (an added key is not last), and a failed refresh restores the old order", async (t) => {
  const app = await load({
    'meta.mjs': `export const defaults = {\n  dirty: false,\n  pristine: true,\n  errors: [],\n};\nexport const meta = () => ({ ...defaults, errors: ['x'] });\n`,
    'other.mjs': `export const v = 1;\n`,
  });
  t.after(app.close);
  const defaults = app.ns.defaults;
  defaults.extra = 'added by the program';
  app.write('meta.mjs', `export const defaults = {\n  dirty: false,\n  pristine: true,\n  valid: true,\n  errors: [],\n};\nexport const meta = () => ({ ...defaults, errors: ['x'] });\n`);
  const r = await app.refresh();
  assert.equal(r.ok, true);
  assert.equal(app.ns.defaults, defaults, 'the same object');
  assert.deepEqual(Object.keys(defaults), ['dirty', 'pristine', 'valid', 'errors', 'extra']);
  assert.deepEqual(Object.keys(app.ns.meta()), ['dirty', 'pristine', 'valid', 'errors', 'extra']);

  // A save whose new statement throws rolls the object back, order included.
  app.write('meta.mjs', `export const defaults = {\n  errors: [],\n  dirty: false,\n};\nexport const meta = () => ({ ...defaults, errors: ['x'] });\nif (defaults.errors) throw new Error('boom');\n`);
  const failed = await app.refresh();
  assert.equal(failed.ok, false);
  assert.deepEqual(Object.keys(defaults), ['dirty', 'pristine', 'valid', 'errors', 'extra']);
});

test('an object updated in place evaluates again the properties whose text did not change but that read a value the same save changed, nested ones and those kept for their methods included', async (t) => {
  const src = (n, a, body) => `export const T = ${n};
const PORT = ${n} + 5000;
export const o = { a: ${a}, t: T, nested: { u: T + 1 }, f() { return T; } };
export const config = { name: 'x${a}', db: { port: PORT, pool() { return ${body}; } } };
`;
  const app = await load({ 'm.mjs': src(1, 1, "'pool'") });
  t.after(app.close);
  const { o, config } = app.ns;
  const r = await (app.write('m.mjs', src(2, 2, "'pool:' + PORT")), app.refresh());
  applied(r);
  assert.deepEqual(r.modules[0].notes, []);
  assert.deepEqual([o.a, o.t, o.nested.u, o.f(), app.ns.o === o], [2, 2, 3, 2, true]);
  assert.deepEqual([config.name, config.db.port, config.db.pool(), app.ns.config === config], ['x2', 5002, 'pool:5002', true]);
  applied(await (app.write('m.mjs', src(3, 2, "'pool:' + PORT")), app.refresh()));
  assert.deepEqual([o.t, o.nested.u, config.db.port, config.db.pool()], [3, 4, 5003, 'pool:5003']);
});

test('a method an update in place added to an object, then edited alone, updates the object (it has no holder: the object is updated again)', async (t) => {
  const V1 = `export const service = {\n  a() { return 'a'; },\n  load() { return this.a(); },\n};\n`;
  const V2 = `export const service = {\n  a() { return 'a'; },\n  load() { return this.b(this.a()); },\n  b(v) { return v.toUpperCase(); },\n};\n`;
  const V3 = V2.replace('v.toUpperCase()', "v + '!'");
  const app = await load({ 'm.mjs': V1 });
  t.after(app.close);
  const { service } = app.ns;
  const { load: held } = service;
  applied(await (app.write('m.mjs', V2), app.refresh()));
  assert.equal(service.load(), 'A');
  applied(await (app.write('m.mjs', V3), app.refresh()));
  assert.deepEqual([service.load(), held.call(service), app.ns.service === service], ['a!', 'a!', true]);
});

test('a getter and a setter of one key are one property: the object is updated in place, its state kept; an edit of either half, or dropping one, takes both from the new text', async (t) => {
  const V = (get, set) => `export const cfg = {\n  _level: 1,\n  get level() { return ${get}; },\n  bump() { return ++this._level; },\n${set === undefined ? '' : `  set level(x) {\n    this._level = ${set};\n  },\n`}};\n`;
  const app = await load({ 'cfg.mjs': V("'v1 ' + this._level", 'x') });
  t.after(app.close);
  const cfg = app.ns.cfg;
  cfg.level = 5;
  app.write('cfg.mjs', V("'v2 ' + this._level", 'x'));
  let r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(app.ns.cfg, cfg, 'the same object');
  assert.equal(cfg.level, 'v2 5');
  cfg.level = 7;
  assert.equal(cfg.level, 'v2 7', 'the setter is still there');
  app.write('cfg.mjs', V("'v2 ' + this._level", 'x * 10'));
  r = await app.refresh();
  cfg.level = 2;
  assert.deepEqual([r.ok, app.ns.cfg === cfg, cfg.level, cfg.bump()], [true, true, 'v2 20', 21]);
  app.write('cfg.mjs', V("'v3 ' + this._level"));
  r = await app.refresh();
  assert.deepEqual([r.ok, app.ns.cfg === cfg, Object.getOwnPropertyDescriptor(cfg, 'level').set, cfg.level], [true, true, undefined, 'v3 21']);
});

test('a literal with computed keys or a __proto__ is updated in place: state kept, super from its prototype; a key that reads a changed value: evaluated whole, into the same object', async (t) => {
  const V = (v, key = `'add'`) => `const ADD = ${key};\nconst base = { hi() { return 'base'; } };\nexport const h = {\n  __proto__: base,\n  count: 0,\n  [ADD](s) { this.count++; return s + '+${v} ' + super.hi(); },\n  ['del']: (s) => s + '-${v}',\n  *[Symbol.iterator]() { yield '${v}'; },\n};\n`;
  const app = await load({ 'h.mjs': V('v1') });
  t.after(app.close);
  const h = app.ns.h;
  assert.deepEqual([h.add('a'), h.del('b'), [...h], h.count], ['a+v1 base', 'b-v1', ['v1'], 1]);
  app.write('h.mjs', V('v2'));
  let r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(app.ns.h, h, 'the same object');
  assert.deepEqual([h.add('a'), h.del('b'), [...h], h.count, Object.keys(h)], ['a+v2 base', 'b-v2', ['v2'], 2, ['count', 'add', 'del']]);
  // The key reads a value the same save changes: a fresh process's object has the new key.
  app.write('h.mjs', V('v3', `'plus'`));
  r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual([app.ns.h === h, h.plus?.('a'), 'add' in h, Object.keys(h)], [true, 'a+v3 base', false, ['count', 'plus', 'del']]);
});

test('a method replaced in its object (one using super) that made closures says that they keep their code; one with a computed key is an inline function: its closures follow', async (t) => {
  const V = (v) => `const base = { hi() { return 'base'; } }, MK = 'mkC';\nexport const obj = {\n  __proto__: base,\n  make() { const s = super.hi(); return () => s + ' ${v}'; },\n  [MK]() { return () => '${v}'; },\n  plain() { return () => '${v}'; },\n};\n`;
  const app = await load({ 'obj.mjs': V('v1') });
  t.after(app.close);
  const made = [app.ns.obj.make(), app.ns.obj.mkC(), app.ns.obj.plain()];
  app.write('obj.mjs', V('v2'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(made.map((f) => f()), ['base v1', 'v2', 'v2']);
  const notes = r.modules.flatMap((m) => m.notes).join('\n');
  assert.match(notes, /the method make of obj at line 4 is replaced in its object \(a method using super\): functions it made before this refresh keep their code/);
  assert.doesNotMatch(notes, /mk|method plain/);
});

test('methods with computed keys are inline functions: a reference taken before runs the new body, symbol keys too', async (t) => {
  const V = (v) => `const ADD = 'add';\nexport const h = {\n  [ADD](s) { return s + '${v}'; },\n  *[Symbol.iterator]() { yield '${v}'; },\n  async [Symbol.for('run')]() { return '${v}'; },\n};\n`;
  const app = await load({ 'h.mjs': V('v1') });
  t.after(app.close);
  const h = app.ns.h;
  const held = [h.add, h[Symbol.iterator], h[Symbol.for('run')]];
  app.write('h.mjs', V('v2'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(r.modules[0].updated, ['method [ADD] at line 3', 'method [Symbol.iterator] at line 4', "method [Symbol.for('run')] at line 5"]);
  assert.deepEqual([h.add === held[0], held[0]('a'), [...held[1].call(h)], await held[2](), [...h]], [true, 'av2', ['v2'], 'v2', ['v2']]);
});

test('an object built anew (a spread) whose old functions made closures says that those keep their code', async (t) => {
  const V = (v) => `const more = {};\nexport const obj = {\n  ...more,\n  tag: '${v}',\n  make() { return () => '${v}'; },\n  same() { return () => 1; },\n};\n`;
  const app = await load({ 'obj.mjs': V('v1') });
  t.after(app.close);
  const made = app.ns.obj.make();
  app.write('obj.mjs', V('v2'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual([made(), app.ns.obj.make()()], ['v1', 'v2']);
  assert.deepEqual(r.modules.flatMap((m) => m.notes), [
    'obj is evaluated again as a whole (its value is made anew): the functions the old function at line 5 made before this refresh keep their code, and a reference to it taken before is the old function (restart for them to run the new code)',
  ]);
});

// pino's lib/proto.js: `const prototype = { version, child, … }` then
// `Object.setPrototypeOf(prototype, EventEmitter.prototype)`; every logger is
// `Object.create(prototype)`. The literal's object has another prototype than Object.prototype.
const PINO_PROTO = (extra = '') => `const { EventEmitter } = require('events');\nconst { version } = require('./meta.cjs');\nconst prototype = {\n  version,\n  hello() { return 'hi'; },${extra}\n};\nObject.setPrototypeOf(prototype, EventEmitter.prototype);\nmodule.exports = function () { return Object.create(prototype); };\n`;

test('a literal whose prototype a later statement set (Object.setPrototypeOf) is updated in place: it keeps that prototype, loggers made before see the change', async (t) => {
  const app = await load({ 'main.cjs': `module.exports = require('./proto.cjs');\n`, 'proto.cjs': PINO_PROTO(), 'meta.cjs': `module.exports = { version: '1' };\n` }, { entry: 'main.cjs' });
  t.after(app.close);
  const make = app.ns.default;
  const old = make();
  // A value the literal reads changes (derived): only that property is evaluated again.
  app.write('meta.cjs', `module.exports = { version: '2' };\n`);
  let r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  const now = make();
  assert.deepEqual([typeof now.emit, now.version, old.version, Object.getPrototypeOf(now) === Object.getPrototypeOf(old)], ['function', '2', '2', true]);
  // The literal's own text changes: the same.
  app.write('proto.cjs', PINO_PROTO(`\n  bye() { return 'bye'; },`));
  r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  const later = make();
  assert.deepEqual([typeof later.emit, typeof later.on, later.bye(), old.bye(), old.version], ['function', 'function', 'bye', 'bye', '2']);
});

// pino 8.9.0: proto.js destructures a new symbol (a new top-level name: the module is imported
// again), which the literal's computed keys do not read, but the names of that destructuring
// all change, so the literal is evaluated whole.
const SYMBOLS = (extra = '') => `const aSym = Symbol('a');\n${extra ? `const bSym = Symbol('b');\n` : ''}module.exports = { aSym${extra ? ', bSym' : ''} };\n`;
const PROTO_SYMS = (v2 = false) => `const { EventEmitter } = require('events');\nconst { aSym${v2 ? ', bSym' : ''} } = require('./symbols.cjs');\nconst prototype = {\n  hello() { return 'hi${v2 ? ` ' + bSym.description` : `'`}; },\n  [aSym]: 1,\n};\nObject.setPrototypeOf(prototype, EventEmitter.prototype);\nmodule.exports = function () { return Object.create(prototype); };\n`;

test('a literal with computed keys evaluated whole in a re-imported version keeps the object the program holds and the prototype a later statement gave it', async (t) => {
  const app = await load({ 'main.cjs': `module.exports = require('./proto.cjs');\n`, 'proto.cjs': PROTO_SYMS(), 'symbols.cjs': SYMBOLS() }, { entry: 'main.cjs' });
  t.after(app.close);
  const make = app.ns.default;
  const old = make();
  old.counted = 1;
  app.write('symbols.cjs', SYMBOLS(true));
  app.write('proto.cjs', PROTO_SYMS(true));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  const now = make();
  assert.deepEqual([typeof now.emit, now.hello(), old.hello(), Object.getPrototypeOf(now) === Object.getPrototypeOf(old)], ['function', 'hi b', 'hi b', true]);
  assert.deepEqual(r.modules.flatMap((m) => m.notes), []);
});

// pino 9.13.0's proto.js: a destructuring of tools.js gains a name (`noop`, a function the file
// declared before), meta.js's version changes. A CommonJS module is looked at before the
// modules it requires, so `version` is found changed a pass after `prototype` was.
const TOOLS = (v2) => `function a() { return 'a'; }\n${v2 ? 'function noop() {}\n' : ''}module.exports = { a${v2 ? ', noop' : ''} };\n`;
const PROTO_META = (v2) => `const { a${v2 ? ', noop' : ''} } = require('./tools.cjs');\nconst { version } = require('./meta.cjs');\nconst prototype = {\n  version,\n  a,\n  child() { return typeof noop; },\n};\nmodule.exports = function () { return Object.create(prototype); };\n${v2 ? '' : 'function noop() {}\n'}`;

test('an object updated in place that reads two changed values, one found a pass later (a value required from a module looked at after), takes both', async (t) => {
  const app = await load({ 'main.cjs': `module.exports = require('./proto.cjs');\n`, 'proto.cjs': PROTO_META(false), 'tools.cjs': TOOLS(false), 'meta.cjs': `module.exports = { version: '1' };\n` }, { entry: 'main.cjs' });
  t.after(app.close);
  const old = app.ns.default();
  app.write('tools.cjs', TOOLS(true));
  app.write('proto.cjs', PROTO_META(true));
  app.write('meta.cjs', `module.exports = { version: '2' };\n`);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  const now = app.ns.default();
  assert.deepEqual([now.version, old.version, now.child(), Object.getPrototypeOf(now) === Object.getPrototypeOf(old)], ['2', '2', 'function', true]);
});

// pino 8.18.0: `function pino() { const instance = {}; … Object.assign(instance, { [levelCompSym]: … }) … return instance }`
// sets a new key on the loggers it makes; those made before lack it (their level methods then throw).
const FACTORY = (v2) => `const A = Symbol('a');\nconst B = Symbol('b');\nfunction make(level) {\n  const made = { level };\n  Object.assign(made, {\n    [A]: 1,${v2 ? '\n    [B]: () => 2,' : ''}\n  });\n  return made;\n}\nmodule.exports = { make, A, B };\n`;

test('a function whose returned object gains a key says that objects it made before lack it, at the key', async (t) => {
  const app = await load({ 'f.cjs': FACTORY(false) }, { entry: 'f.cjs' });
  t.after(app.close);
  app.write('f.cjs', FACTORY(true));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.match(r.modules[0].notes.join('\n'), /make: the objects it made before this refresh lack \[B\], which it now sets \(.*f\.cjs:7:5\)/);
  // Nothing said where the returned object keeps its keys.
  app.write('f.cjs', FACTORY(true).replace('level };', 'level, extra: 0 };').replace(/\n    \[B\]: \(\) => 2,/, '\n    [B]: () => 3,'));
  const again = await app.refresh();
  assert.match(again.modules[0].notes.join('\n'), /lack extra/);
  assert.doesNotMatch(again.modules[0].notes.join('\n'), /lack \[B\]/);
  // The same in a re-imported version (a new top-level name: pino 8.18.0's pino.js).
  app.write('f.cjs', FACTORY(true).replace(`const B = Symbol('b');`, `const [B, C] = [Symbol('b'), Symbol('c')];`).replace('level };', 'level, extra: 0, [C]: 3 };'));
  const reimported = await app.refresh();
  assert.equal(reimported.modules[0].path, 'reimport');
  assert.match(reimported.modules[0].notes.join('\n'), /make: the objects it made before this refresh lack \[C\], which it now sets \(.*f\.cjs:4:35\)/);
});

// An async function's returned object is a result handed on (a Fastify handler's reply), not
// state the program keeps: nothing said when it gains a key.
test('an async function whose returned object gains a key says nothing', async (t) => {
  const HANDLER = (v2) => `export async function getOne(id) { return { id, exp: id > 1${v2 ? ', v: 2' : ''} }; }\n`;
  const app = await load({ 'h.mjs': HANDLER(false) });
  t.after(app.close);
  app.write('h.mjs', HANDLER(true));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual([r.modules[0].notes, await app.ns.getOne(2)], [[], { id: 2, exp: true, v: 2 }]);
});

test('an object updated in place keeps the function a later statement assigned to it when that statement changed only in the function: its key stays, the function runs the new code (mustache 4.0.1 → 4.1.0)', async (t) => {
  const API = (v) => `const api = { version: '${v}' };\napi.render = function render (t) { return 'v${v} ' + t; };\napi.escape = String;\nexport default api;\n`;
  const app = await load({ 'api.mjs': API(1) });
  t.after(app.close);
  const api = app.ns.default;
  const render = api.render;
  app.write('api.mjs', API(2));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(Object.keys(api), ['version', 'render', 'escape']);
  assert.equal(api.version, '2');
  assert.equal(api.render, render, 'the same function');
  assert.equal(api.render('x'), 'v2 x');
  assert.equal(render('y'), 'v2 y');
  // Nothing is said of the statement assigning render: it does not run again, and need not.
  assert.equal(r.modules[0].notes.some((n) => /render/.test(n) && /does not run again/.test(n)), false, r.modules[0].notes.join('\n'));
  // A later save of the literal alone: still there.
  app.write('api.mjs', API(2).replace("version: '2'", "version: '3'"));
  assert.equal((await app.refresh()).ok, true);
  assert.deepEqual([api.version, api.render('z')], ['3', 'v2 z']);
});

test('Foo.prototype = { … } changed outside its methods updates the prototype in place: old instances see changed and added methods, removed ones go, state kept; a later body-only edit and a failed save too', async (t) => {
  const V1 = `export function Foo(x) { this.x = x; }\nFoo.prototype = {\n  constructor: Foo,\n  bar: function () { return 'bar1 ' + this.x; },\n  gone() { return 'gone'; },\n  hits: 0,\n};\n`;
  const V2 = V1.replace("'bar1 ' + this.x; },", "'bar2 ' + this.x; },\n  baz() { return 'baz ' + this.x; },").replace("  gone() { return 'gone'; },\n", '');
  const app = await load({ 'foo.mjs': V1 });
  t.after(app.close);
  const { Foo } = app.ns;
  const proto = Foo.prototype;
  const old = new Foo(1);
  proto.hits = 7; // the program's state on the prototype; its text does not change below
  app.write('foo.mjs', V2);
  let r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual([r.modules[0].path, r.modules[0].updated, r.modules[0].statements], ['patch', ['Foo.prototype'], 0]);
  assert.equal(Foo.prototype, proto, 'the same prototype object');
  assert.deepEqual([old.bar(), old.baz(), 'gone' in old, old instanceof Foo, old.hits], ['bar2 1', 'baz 1', false, true, 7]);
  assert.deepEqual(Object.keys(proto), ['constructor', 'bar', 'baz', 'hits']);
  // A body-only edit after it (the statement's functions have no holders now): in place again.
  app.write('foo.mjs', V2.replace("'baz '", "'baz2 '"));
  r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual([Foo.prototype === proto, old.baz(), old.hits], [true, 'baz2 1', 7]);
  // A failed save leaves the prototype as it was.
  app.write('foo.mjs', V2.replace("'bar2 '", "'bar3 '").replace('  hits: 0,\n', '  more: 1,\n  hits: 0,\n') + 'null.x;\n');
  r = await app.refresh();
  assert.equal(r.ok, false);
  assert.deepEqual([old.bar(), 'more' in proto, Object.keys(proto)], ['bar2 1', false, ['constructor', 'bar', 'baz', 'hits']]);
});

test('after a re-import, the accessors of a carried object literal read the module state where it lives now, as its methods do (ESM and CommonJS)', async (t) => {
  const ESM = `let count = 0;\nexport function inc() { count++; return 'inc1 ' + count; }\nexport const api = { get count() { return count; }, set count(v) { count = v; }, read() { return count; }, arrow: () => count };\n`;
  const CJS = `let count = 0;\nfunction inc() { count++; return 'inc1 ' + count; }\nmodule.exports = { inc, get count() { return count; }, read() { return count; }, arrow: () => count };\n`;
  const app = await load({ 'main.mjs': `import * as e from './e.mjs';\nimport c from './c.cjs';\nexport { e, c };\n`, 'e.mjs': ESM, 'c.cjs': CJS });
  t.after(app.close);
  const { e, c } = app.ns;
  const api = e.api;
  e.inc();
  e.inc();
  c.inc();
  c.inc();
  // A new class: both are imported again; the literals are carried (their text did not change).
  app.write('e.mjs', ESM.replace("'inc1 '", "'inc2 '").replace('export const api', 'class Extra {}\nexport const api'));
  app.write('c.cjs', CJS.replace("'inc1 '", "'inc2 '").replace('module.exports', 'class Extra {}\nmodule.exports'));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual(r.modules.filter((m) => m.file.endsWith('e.mjs') || m.file.endsWith('c.cjs')).map((m) => m.path), ['reimport', 'reimport']);
  assert.equal(app.ns.e.api, api, 'the same object');
  assert.equal(e.inc(), 'inc2 3');
  assert.deepEqual([api.count, api.read(), api.arrow()], [3, 3, 3]);
  api.count = 10;
  assert.deepEqual([api.read(), e.inc()], [10, 'inc2 11']);
  assert.equal(c.inc(), 'inc2 3');
  assert.deepEqual([c.count, c.read(), c.arrow()], [3, 3, 3]);
});

test('a nested literal whose text changed is merged into the object the program took from it (`const { db } = config`), its removed keys gone; a failed refresh puts it back', async (t) => {
  const V = (db, tail = '') => `export const config = { name: 'app', db: ${db} };\n${tail}`;
  const app = await load({ 'main.mjs': `import { config } from './config.mjs';\nconst { db } = config;\nexport { config, db };\n`, 'config.mjs': V(`{ host: 'a', port: 1, pool: 2 }`) });
  t.after(app.close);
  const { config, db } = app.ns;
  app.write('config.mjs', V(`{ host: 'b', port: 1, tls: true }`));
  let r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(config.db, db);
  assert.deepEqual(Object.entries(db), [['host', 'b'], ['port', 1], ['tls', true]]);
  app.write('config.mjs', V(`{ host: 'c' }`, 'null.x;\n'));
  r = await app.refresh();
  assert.equal(r.ok, false);
  assert.deepEqual(Object.entries(db), [['host', 'b'], ['port', 1], ['tls', true]]);
});

// Found by session 17's review: a top-level array literal (a table of rules an engine took at
// start) was made anew on an edit, and what took it kept the old table.
test('an array literal whose text changed: the array the program took gets the new elements; a failed refresh puts the old ones back', async (t) => {
  const V = (rules, tail = '') => `export const RULES = [${rules}];\n${tail}`;
  const app = await load({
    'main.mjs': `import { RULES } from './rules.mjs';\nlet rules;\nfunction boot() { rules = RULES; }\nboot();\nexport const route = (s) => { for (const [re, f] of rules) if (re.test(s)) return f(s); return 'none'; };\n`,
    'rules.mjs': V(`[/^a/, (s) => 'A:' + s]`),
  });
  t.after(app.close);
  const { route } = app.ns;
  app.write('rules.mjs', V(`[/^a/, (s) => 'A:' + s], [/^c/, (s) => 'C:' + s]`));
  let r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual([route('ann'), route('cat')], ['A:ann', 'C:cat']);
  app.write('rules.mjs', V(`[/^b/, (s) => 'B:' + s]`, 'null.x;\n'));
  r = await app.refresh();
  assert.equal(r.ok, false);
  assert.deepEqual([route('ann'), route('cat'), route('bob')], ['A:ann', 'C:cat', 'none']);
});

// Found by session 17's review (an Express controller object, `app.get('/users/:id',
// ctrl.getUser)`): a method made async, or rewritten as an arrow property, was a new function
// on the object, and the route kept calling the old one, silently in CommonJS.
for (const [form, file, wrap, main] of [
  ['export const ctrl = { … }', 'ctrl.mjs', (body) => `export const ctrl = {\n  name: 'c',\n${body}};\n`, `import { ctrl } from './ctrl.mjs';\nexport const held = ctrl.getUser;\nexport { ctrl };\n`],
  ['module.exports = { … }', 'ctrl.cjs', (body) => `module.exports = {\n  name: 'c',\n${body}};\n`, `import ctrl from './ctrl.cjs';\nexport const held = ctrl.getUser;\nexport { ctrl };\n`],
])
  test(`a method of an object literal (${form}) made async, then an arrow property: a reference taken before runs the new code`, async (t) => {
    const app = await load({ 'main.mjs': main, [file]: wrap(`  getUser(id) { return 'v1 ' + id + ' ' + this.name; },\n`) });
    t.after(app.close);
    const { held, ctrl } = app.ns;
    app.write(file, wrap(`  async getUser(id) { return 'v2 ' + id + ' ' + this.name; },\n`));
    let r = await app.refresh();
    assert.ok(r.ok, JSON.stringify(r.error));
    assert.equal(await held.call(ctrl, 1), 'v2 1 c');
    assert.equal(await ctrl.getUser(2), 'v2 2 c');
    app.write(file, wrap(`  getUser: async (id) => 'v3 ' + id,\n`));
    r = await app.refresh();
    assert.ok(r.ok, JSON.stringify(r.error));
    assert.deepEqual([await held.call(ctrl, 1), await ctrl.getUser(2)], ['v3 1', 'v3 2']);
  });

// Found by session 18's review: a route table gaining a route in the save that edited another
// route's handler was evaluated again, and the handler the framework took kept its old code.
test("an array literal evaluated again: the functions its elements held, taken before, run the new elements' code", async (t) => {
  const V = (a, extra = '') => `export const handlers = [\n  { name: 'a', run: (x) => '${a} ' + x },\n  (x) => '${a}-fn ' + x,\n${extra}];\nexport const reg = handlers.map((h) => (typeof h === 'function' ? h : h.run));\n`;
  const app = await load({ 'main.mjs': V('a1') });
  t.after(app.close);
  const { reg, handlers } = app.ns;
  app.write('main.mjs', V('a2', `  { name: 'b', run: (x) => 'b ' + x },\n`));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual([reg[0]('z'), reg[1]('z'), handlers.length, handlers[2].run('z')], ['a2 z', 'a2-fn z', 3, 'b z']);
  app.write('main.mjs', V('a3', `  { name: 'b', run: (x) => 'b ' + x },\n  { name: 'c', run: (x) => 'c ' + x },\n`));
  assert.ok((await app.refresh()).ok);
  assert.deepEqual([reg[0]('z'), reg[1]('z')], ['a3 z', 'a3-fn z']);
  // A failed refresh puts the old code back in the old functions.
  app.write('main.mjs', V('a4', `  { name: 'b', run: (x) => 'b ' + x },\n`) + 'null.boom;\n');
  assert.equal((await app.refresh()).ok, false);
  assert.deepEqual([reg[0]('z'), reg[1]('z')], ['a3 z', 'a3-fn z']);
});
