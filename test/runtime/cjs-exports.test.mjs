// `module.exports = { … }` keeps its object (runtime/cjs-exports.ts, docs/design.md §6), in
// process. A binding the same statement sets (`const proto = module.exports = { … }`) is that
// object too: what the module's later statements add through it reaches the object the
// program holds, as in a fresh process. Found by the koa replay (2.5.2: context.js's
// `delegate(proto, 'request')` chain gained `.access('accept')` while the literal gained
// `get cookies()`; the accessor went to the new literal, which nothing required).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './harness.mjs';

const DELEGATES = `module.exports = Delegator;
function Delegator(proto, target) {
  if (!(this instanceof Delegator)) return new Delegator(proto, target);
  this.proto = proto;
  this.target = target;
}
Delegator.prototype.getter = function (name) {
  const target = this.target;
  Object.defineProperty(this.proto, name, { get() { return this[target][name]; }, configurable: true, enumerable: true });
  return this;
};
`;

/** context.js as koa writes it: the prototype is the exports object, delegates add accessors to it. */
const CTX = (props, getters, extra = '') => `'use strict';
const delegate = require('./delegates.cjs');
${extra}const proto = module.exports = {
  hello() { return 'hi ' + this.request.who; },
${props}};
delegate(proto, 'request')
${getters.map((g) => `  .getter('${g}')`).join('\n')};
`;

const programFiles = (ctx) => ({
  'main.mjs': `import ctx from './ctx.cjs';\nexport { ctx };\n`,
  'ctx.cjs': ctx,
  'delegates.cjs': DELEGATES,
});

/** A context made from the exports object, as koa's createContext does. */
const made = (proto) => Object.assign(Object.create(proto), { request: { who: 'ann', a: 1, b: 2 } });

test('const proto = module.exports = { … } edited with a statement adding through proto: the held object gets both (patch path)', async (t) => {
  const app = await load(programFiles(CTX('', ['a'])));
  t.after(app.close);
  const ctx = app.ns.ctx;
  app.write('ctx.cjs', CTX(`  get extra() { return 'x'; },\n`, ['a', 'b']));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.modules[0].path, 'patch');
  assert.equal(app.ns.ctx, ctx, 'the exports object the program holds');
  assert.deepEqual(Object.keys(ctx).sort(), ['a', 'b', 'extra', 'hello']);
  const c = made(ctx);
  assert.deepEqual([c.hello(), c.a, c.b, c.extra], ['hi ann', 1, 2, 'x']);
});

test('the same in a re-imported version (a new declaration shadowing a global): the binding is the held object', async (t) => {
  const app = await load(programFiles(CTX(`  url() { return typeof URL; },\n`, ['a'])));
  t.after(app.close);
  const ctx = app.ns.ctx;
  app.write('ctx.cjs', CTX(`  url() { return typeof URL; },\n  get extra() { return 'x'; },\n`, ['a', 'b'], `const URL = 'mine';\n`));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.modules[0].path, 'reimport');
  assert.equal(app.ns.ctx, ctx);
  assert.deepEqual(Object.keys(ctx).sort(), ['a', 'b', 'extra', 'hello', 'url']);
  const c = made(ctx);
  assert.deepEqual([c.url(), c.a, c.b, c.extra], ['string', 1, 2, 'x']);
});

test('an edit of its methods updates the object in place: a method a statement took from it runs the new code; no note on the statements passing it', async (t) => {
  const take = `module.exports[Symbol.for('greet')] = module.exports.hello;\n`;
  const app = await load(programFiles(CTX('', ['a']) + take));
  t.after(app.close);
  const ctx = app.ns.ctx;
  const hello = ctx.hello;
  app.write('ctx.cjs', CTX(`  get extra() { return 'x'; },\n`, ['a'], '').replace(`'hi '`, `'hello '`) + take);
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual(r.modules[0].notes, []);
  assert.deepEqual(Object.keys(ctx).sort(), ['a', 'extra', 'hello']);
  const c = made(ctx);
  assert.equal(ctx.hello, hello, 'the method the program held, with new code');
  assert.deepEqual([c.hello(), c[Symbol.for('greet')](), c.extra], ['hello ann', 'hello ann', 'x']);
});

// The statement form: `exports = module.exports = { … }` run again left `exports` on the new
// literal, so a changed `exports.b = …` after it wrote to an object nobody requires (silently).
const ALIASED = (a, b, extra = '') => `'use strict';\n${extra}exports = module.exports = { a: ${a}, url() { return typeof URL; } };\nexports.b = ${b};\n`;

test('exports = module.exports = { … } run again: exports is the held object, a changed exports.b reaches it (patch path)', async (t) => {
  const app = await load({ 'main.mjs': `import m from './m.cjs';\nexport { m };\n`, 'm.cjs': ALIASED(1, 2) });
  t.after(app.close);
  const m = app.ns.m;
  app.write('m.cjs', ALIASED(10, 20));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.modules[0].path, 'patch');
  assert.equal(app.ns.m, m);
  assert.deepEqual([m.a, m.b], [10, 20]);
});

test('the same in a re-imported version', async (t) => {
  const app = await load({ 'main.mjs': `import m from './m.cjs';\nexport { m };\n`, 'm.cjs': ALIASED(1, 2) });
  t.after(app.close);
  const m = app.ns.m;
  app.write('m.cjs', ALIASED(10, 20, `const URL = 'mine';\n`));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.modules[0].path, 'reimport');
  assert.equal(app.ns.m, m);
  assert.deepEqual([m.a, m.b, m.url()], [10, 20, 'string']);
});

// ws 8.0.0's constants.js: `module.exports = { BINARY_TYPES, EMPTY_BUFFER, GUID, kForOnEventAttribute, … }`
// where 7.x listed `{ BINARY_TYPES, GUID, kStatusCode, kWebSocket, EMPTY_BUFFER, NOOP }`. A fresh
// process's object has the literal's keys in its order (then what later statements add): so
// does the object kept in place (was: the old keys in their old order, the new ones last).
test('module.exports = { … } kept in place takes the new literal\'s key order, what a later statement adds after it', async (t) => {
  const CONSTS = (keys) => `'use strict';\nmodule.exports = { ${keys.map((k) => `${k}: '${k}'`).join(', ')} };\nmodule.exports.later = 'l';\n`;
  const app = await load({ 'main.mjs': `import c from './c.cjs';\nexport { c };\n`, 'c.cjs': CONSTS(['a', 'g', 'k', 'e']) });
  t.after(app.close);
  const c = app.ns.c;
  assert.deepEqual(Object.keys(c), ['a', 'g', 'k', 'e', 'later']);
  app.write('c.cjs', CONSTS(['a', 'e', 'g', 'f', 'k']));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(app.ns.c, c, 'the object the program holds');
  assert.deepEqual(Object.keys(c), ['a', 'e', 'g', 'f', 'k', 'later']);
  assert.deepEqual(Object.values(c), ['a', 'e', 'g', 'f', 'k', 'l']);
});

// ws 8.18.0: constants.js's `module.exports = { …, kListener: Symbol('kListener'), … }` runs
// again (another key changed) while event-target.js keeps the symbols it destructured at load
// and websocket.js, its destructuring edited, takes them again. A fresh process has one
// symbol each; the refresh made a second (was: websocket.js looked for `listener[kListener]`
// under a symbol event-target.js never set: `ws.onmessage` answered the wrapper).
test('module.exports = { … } run again keeps a symbol made again with the same description: the modules that took it at load and those that take it now agree', async (t) => {
  const C = (n) => `'use strict';\nmodule.exports = { n: ${n}, k: Symbol('k'), other: Symbol('other') };\n`;
  const SETTER = `'use strict';\nconst { k } = require('./c.cjs');\nmodule.exports = (o) => { o[k] = 'set'; return o; };\n`;
  const GETTER = (extra) => `'use strict';\nconst { k${extra} } = require('./c.cjs');\nmodule.exports = (o) => o[k];\n`;
  const app = await load({
    'main.mjs': `import c from './c.cjs';\nimport set from './set.cjs';\nimport get from './get.cjs';\nexport { c, set, get };\n`,
    'c.cjs': C(1),
    'set.cjs': SETTER,
    'get.cjs': GETTER(''),
  });
  t.after(app.close);
  const { c } = app.ns;
  const k = c.k;
  app.write('c.cjs', C(2));
  app.write('get.cjs', GETTER(', n'));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(c.n, 2);
  assert.equal(c.k, k, 'the symbol every module took');
  assert.equal(app.ns.get(app.ns.set({})), 'set');
});

// The same after the key came by a refresh (ws 8.0.0 added kListener to constants.js's object,
// 8.18.0 ran the statement again): the in-place update's own definitions on the exports object
// are not the statement's `Object.defineProperty(exports, …)` registrations (runtime/effect-kinds.ts),
// which running the statement again takes back (was: kListener deleted first, then made anew).
test('a key an earlier refresh put on the kept exports object stays through the next run of the statement', async (t) => {
  const C = (n, k2) => `'use strict';\nmodule.exports = { n: ${n}, k: Symbol('k')${k2 ? ", k2: Symbol('k2')" : ''} };\n`;
  const app = await load({ 'main.mjs': `import c from './c.cjs';\nexport { c };\n`, 'c.cjs': C(1, false) });
  t.after(app.close);
  const { c } = app.ns;
  app.write('c.cjs', C(2, true));
  assert.ok((await app.refresh()).ok);
  const k2 = c.k2;
  assert.equal(typeof k2, 'symbol');
  app.write('c.cjs', C(3, true));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual([c.n, c.k2 === k2], [3, true]);
  assert.deepEqual(Object.keys(c), ['n', 'k', 'k2']);
});

test("tsc's header of exports (`exports.a = exports.b = void 0;`) new or changed: the unchanged `exports.a = a;` after it runs again, as in a fresh process (path-to-regexp 6.2.0)", async (t) => {
  const V1 = `"use strict";\nfunction parse(s) { return 'p1:' + s; }\nexports.parse = parse;\nexports.LIMIT = 3;\n`;
  const V2 = `"use strict";\nexports.LIMIT = exports.parse = void 0;\nfunction parse(s) { return 'p2:' + s; }\nexports.parse = parse;\nexports.LIMIT = 3;\n`;
  const V3 = `"use strict";\nexports.LIMIT = exports.parse = exports.format = void 0;\nfunction parse(s) { return 'p2:' + s; }\nexports.parse = parse;\nfunction format(s) { return 'f:' + s; }\nexports.format = format;\nexports.LIMIT = 3;\n`;
  const app = await load({ 'main.mjs': `import lib from './lib.cjs';\nexport { lib };\n`, 'lib.cjs': V1 });
  t.after(app.close);
  const { lib } = app.ns;
  const parse = lib.parse;
  app.write('lib.cjs', V2);
  let r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(lib.parse, parse, 'the same function');
  assert.deepEqual([lib.parse('a'), lib.LIMIT], ['p2:a', 3]);
  // An export added: the header changes (and runs), so do the statements after it.
  app.write('lib.cjs', V3);
  r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual([typeof lib.parse, lib.parse('b'), lib.format('c'), lib.LIMIT], ['function', 'p2:b', 'f:c', 3]);
  const fresh = {};
  new Function('exports', V3)(fresh);
  assert.deepEqual(Object.keys(lib), Object.keys(fresh), 'the key order of a fresh process');
});

test('a failed refresh puts the exports object back as it was: exports.x = … values, keys it gained, key order (patch path and re-import)', async (t) => {
  const V1 = `exports.a = 1;\nexports.b = 'b1';\nexports.f = function () { return 'f1'; };\n`;
  const app = await load({ 'main.mjs': `import lib from './lib.cjs';\nexport { lib };\n`, 'lib.cjs': V1 });
  t.after(app.close);
  const { lib } = app.ns;
  const state = () => [Object.keys(lib), lib.a, lib.b, lib.f()];
  const before = [['a', 'b', 'f'], 1, 'b1', 'f1'];
  app.write('lib.cjs', `exports.added = 1;\nexports.a = 2;\nexports.b = 'b2';\nexports.f = function () { return 'f1'; };\nnull.x;\n`);
  let r = await app.refresh();
  assert.equal(r.ok, false);
  assert.deepEqual(state(), before);
  app.write('lib.cjs', `class Extra {}\nexports.a = 3;\nexports.more = 1;\nexports.f = function () { return 'f1'; };\nnull.x;\n`);
  r = await app.refresh();
  assert.equal(r.ok, false);
  assert.deepEqual(state(), before);
  app.write('lib.cjs', V1.replace("'f1'", "'f3'"));
  r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual(state(), [['a', 'b', 'f'], 1, 'b1', 'f3']);
});

test('exports.config = { port: PORT } run again for a changed PORT updates the object the program holds, in the properties that read it (what the program stored stays)', async (t) => {
  const V1 = `const PORT = 1;\nexports.config = { port: PORT, name: 'a' };\n`;
  const app = await load({ 'main.mjs': `import lib from './lib.cjs';\nexport { lib };\n`, 'lib.cjs': V1 });
  t.after(app.close);
  const { lib } = app.ns;
  const config = lib.config;
  config.name = 'set by the program';
  app.write('lib.cjs', V1.replace('PORT = 1', 'PORT = 2'));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(lib.config, config, 'the same object');
  assert.deepEqual([config.port, config.name], [2, 'set by the program']);
});

// Found by session 16's review: `module.exports = { … }` edited in a method's body and in
// another property ran again, making its state anew (`cache: new Map()`), and a method the
// program took before kept its old body. Now it is updated in place as `exports.x = { … }`
// is: a fresh process has the state it computed since only because the program put it there.
const SERVICE = (body, limit, db = `{ host: 'h', port: 1 }`) => `'use strict';
const LIMIT = ${limit};
module.exports = {
  cache: new Map(),
  limit: LIMIT,
  db: ${db},
  get(k) { ${body} },
  put(k, v) { this.cache.set(k, v); return this.cache.size; },
};
`;

test('module.exports = { … } edited in a method and another property is updated in place: unchanged state kept, a method taken before runs the new body, the constant it reads applied', async (t) => {
  const app = await load({
    'main.mjs': `import svc from './svc.cjs';\nexport const held = svc.get;\nexport const db = svc.db;\nexport { svc };\n`,
    'svc.cjs': SERVICE(`return 'v1 ' + this.cache.get(k) + ' ' + this.limit;`, 1),
  });
  t.after(app.close);
  const { svc, db } = app.ns;
  const cache = svc.cache;
  svc.put('a', 'A');
  const state = () => [svc.get('a'), app.ns.held.call(svc, 'a'), svc.cache === cache, app.ns.svc === svc];
  app.write('svc.cjs', SERVICE(`return 'v2 ' + this.cache.get(k) + ' ' + this.limit;`, 2));
  let r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual(state(), ['v2 A 2', 'v2 A 2', true, true]);
  // A nested literal changed: the object the program took from it takes the new properties.
  app.write('svc.cjs', SERVICE(`return 'v3 ' + this.cache.get(k) + ' ' + this.limit + ' ' + this.db.port;`, 3, `{ host: 'h', port: 2, tls: true }`));
  r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual(state(), ['v3 A 3 2', 'v3 A 3 2', true, true]);
  assert.equal(svc.db, db);
  assert.deepEqual({ ...db }, { host: 'h', port: 2, tls: true });
  assert.deepEqual(Object.keys(svc), ['cache', 'limit', 'db', 'get', 'put']);
});

// Found by session 18's second review: `module.exports = function factory(deps) { return { … } }`
// gaining a method: the service made at start lacks it, unsaid (a declared factory said so).
test('an exported factory whose object gains a key: what it made before is said to lack it', async (t) => {
  const V = (extra) => `module.exports = function createUsers(db) {\n  return {\n    list() { return db.slice(); },${extra}\n  };\n};\n`;
  const app = await load({ 'main.cjs': `const users = require('./users.cjs')([1, 2]);\nexports.users = users;\n`, 'users.cjs': V('') });
  t.after(app.close);
  app.write('users.cjs', V(`\n    count() { return db.length; },`));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.match(r.modules.flatMap((m) => m.notes).join('\n'), /the function exported at line 1: the objects it made before this refresh lack count, which it now sets \(\S*users\.cjs:4:5\)/);
});
