// A function moved to another module in one save (docs/design.md §2.6, runtime/moved.ts): what
// the program took before calls the function's new home, as a fresh process would hold it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './harness.mjs';

const START = {
  'main.mjs': `import { list } from './handlers.mjs';\nexport const routes = new Map([['/', list]]);\nexport { list };\n`,
  'handlers.mjs': `export function list() { return 'old list'; }\nexport function show() { return 'show'; }\n`,
};

test('a function moved to a new module, its importer taking it from there: a reference taken before calls the new one, and follows its later edits', async (t) => {
  const app = await load(START);
  t.after(app.close);
  const registered = app.ns.routes.get('/');
  app.write('list.mjs', `export function list() { return 'new list'; }\n`);
  app.write('handlers.mjs', `export function show() { return 'show'; }\n`);
  app.write('main.mjs', START['main.mjs'].replace('./handlers.mjs', './list.mjs'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(registered(), 'new list');
  assert.ok(r.modules.some((m) => m.updated.some((u) => /^list moved to .*list\.mjs$/.test(u))), JSON.stringify(r.modules.map((m) => m.updated)));
  app.write('list.mjs', `export function list() { return 'newer list'; }\n`);
  assert.equal((await app.refresh()).ok, true);
  assert.equal(registered(), 'newer list');
});

test('the old module deleted in the same save: the same', async (t) => {
  const app = await load({ ...START, 'main.mjs': START['main.mjs'].replace("{ list }", "{ list, show }").replace('export { list }', 'export { list, show }') });
  t.after(app.close);
  const registered = app.ns.routes.get('/');
  app.write('lib/handlers.mjs', `export function list() { return 'new list'; }\nexport function show() { return 'new show'; }\n`);
  app.remove('handlers.mjs');
  app.write('main.mjs', `import { list, show } from './lib/handlers.mjs';\nexport const routes = new Map([['/', list]]);\nexport { list, show };\n`);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(registered(), 'new list');
});

test('not a move: the old module still declares the function (another importer may use it), or the importer takes another name from the same module', async (t) => {
  const app = await load({ ...START, 'other.mjs': `export function list() { return 'other list'; }\n` });
  t.after(app.close);
  const registered = app.ns.routes.get('/');
  app.write('main.mjs', START['main.mjs'].replace('./handlers.mjs', './other.mjs'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(registered(), 'old list', 'handlers.mjs still has its list');
  assert.equal(r.modules.some((m) => m.updated.some((u) => /moved/.test(u))), false);
});

test('a failed refresh takes the move back', async (t) => {
  const app = await load(START);
  t.after(app.close);
  const registered = app.ns.routes.get('/');
  app.write('list.mjs', `export function list() { return 'new list'; }\n`);
  app.write('handlers.mjs', `export function show() { return 'show'; }\n`);
  app.write('main.mjs', START['main.mjs'].replace('./handlers.mjs', './list.mjs') + `throw new Error('boom');\n`);
  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.equal(registered(), 'old list');
});

test('CommonJS: a key of the exports the program took functions from, given a function of a new file while the old file is deleted: the functions taken before call the new ones (js-yaml 4.0.0)', async (t) => {
  const app = await load({
    'main.mjs': `import lib from './index.cjs';\nexport { lib };\n`,
    'index.cjs': `module.exports = require('./old/api.cjs');\n`,
    'old/api.cjs': `var loader = require('./loader.cjs');\nmodule.exports.load = loader.load;\nmodule.exports.safe = true;\n`,
    'old/loader.cjs': `function load(s) { return 'old ' + s; }\nmodule.exports.load = load;\n`,
  });
  t.after(app.close);
  const held = { ...app.ns.lib };
  app.write('loader.cjs', `function load(s) { return 'new ' + s; }\nmodule.exports.load = load;\n`);
  app.write('index.cjs', `var loader = require('./loader.cjs');\nmodule.exports.load = loader.load;\n`);
  app.remove('old/api.cjs');
  app.remove('old/loader.cjs');
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(app.ns.lib.load('x'), 'new x');
  assert.equal(held.load('x'), 'new x', 'a fresh process holds the new load');
  assert.ok(r.modules.some((m) => m.updated.some((u) => /^load moved to .*loader\.cjs$/.test(u))), JSON.stringify(r.modules.map((m) => m.updated)));
  app.write('loader.cjs', `function load(s) { return 'newer ' + s; }\nmodule.exports.load = load;\n`);
  assert.equal((await app.refresh()).ok, true);
  assert.equal(held.load('y'), 'newer y');
});

test('CommonJS: not a move while the old file is there (other code may require it)', async (t) => {
  const app = await load({
    'main.mjs': `import lib from './index.cjs';\nexport { lib };\n`,
    'index.cjs': `module.exports = require('./old.cjs');\n`,
    'old.cjs': `module.exports.load = function load(s) { return 'old ' + s; };\n`,
  });
  t.after(app.close);
  const held = { ...app.ns.lib };
  app.write('new.cjs', `module.exports.load = function load(s) { return 'new ' + s; };\n`);
  app.write('index.cjs', `module.exports.load = require('./new.cjs').load;\n`);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(app.ns.lib.load('x'), 'new x');
  assert.equal(held.load('x'), 'old x');
});

// Found by session 17's review ("extract to a new file" in an Express app written in CommonJS):
// a function declaration replaced by the same name taken from a new file
// (`const { validate } = require('./validate.cjs')`) left what took the old function (a route)
// on its old code, and the new file's later edits never reached it; an ES module was followed.
for (const [form, validateFile, bind] of [
  ['const { validate } = require(…)', (v) => `exports.validate = function validate(x) { return '${v} ' + x; };\n`, `const { validate } = require('./validate.cjs');\n`],
  ['const validate = require(…)', (v) => `module.exports = function validate(x) { return '${v} ' + x; };\n`, `const validate = require('./validate.cjs');\n`],
])
  test(`a function declaration replaced by one taken from a new file (${form}): what took the old one calls the new one, and its later edits`, async (t) => {
    const ROUTES = (decl) => `const routes = [];\n${decl}routes.push(validate);\nmodule.exports = { routes };\n`;
    const app = await load({ 'main.mjs': `import r from './routes.cjs';\nexport const held = r.routes[0];\n`, 'routes.cjs': ROUTES(`function validate(x) { return 'v1 ' + x; }\n`) });
    t.after(app.close);
    const { held } = app.ns;
    app.write('validate.cjs', validateFile('v2'));
    app.write('routes.cjs', ROUTES(bind));
    let r = await app.refresh();
    assert.ok(r.ok, JSON.stringify(r.error));
    assert.equal(held('a'), 'v2 a');
    assert.deepEqual(r.modules.flatMap((m) => m.notes), []);
    app.write('validate.cjs', validateFile('v3'));
    r = await app.refresh();
    assert.ok(r.ok, JSON.stringify(r.error));
    assert.equal(held('a'), 'v3 a');
  });

// Found by session 17's review: a function moved from one file to another behind a barrel
// (`export *`, or `export { f } from` pointed at the new file): what took it before — a
// listener, a copy — kept running the deleted function; the importer's own import did not change.
// (A barrel pointing `export { onTick } from` at the new file: test/e2e/reexports.test.mjs, which needs the loader.)
for (const [form, barrel1, barrel2] of [['export * from both', `export * from './a.mjs';\nexport * from './b.mjs';\n`, `export * from './a.mjs';\nexport * from './b.mjs';\n`]])
  test(`a function moved between files behind a barrel (${form}): a listener registered with it runs the new file's code`, async (t) => {
    const app = await load({
      'main.mjs': `import { EventEmitter } from 'node:events';\nimport { onTick } from './index.mjs';\nexport const bus = new EventEmitter();\nbus.on('tick', onTick);\nexport const held = onTick;\n`,
      'index.mjs': barrel1,
      'a.mjs': `export function onTick() { return 'tick-a'; }\nexport const A = 1;\n`,
      'b.mjs': `export const B = 1;\n`,
    });
    t.after(app.close);
    const { bus, held } = app.ns;
    app.write('a.mjs', `export const A = 1;\n`);
    app.write('b.mjs', `export const B = 1;\nexport function onTick() { return 'tick-b'; }\n`);
    app.write('index.mjs', barrel2);
    const r = await app.refresh();
    assert.ok(r.ok, JSON.stringify(r.error));
    assert.deepEqual([held(), bus.listeners('tick')[0]()], ['tick-b', 'tick-b']);
  });

// Found by session 17's review: a class a function makes (`const User = Model('users')`, a
// mixin) made anew by an edit of its declaration left the instances made before outside it
// (`instanceof` false, old methods), silently.
test('a class a factory makes, made anew by an edit or a changed constant it reads: instances made before are instanceof the new one and run its code; a failed refresh undoes it', async (t) => {
  const V = (table, prefix = 'v1_', tail = '') => `const PREFIX = '${prefix}';\nconst Model = (table) => class { static table = table; where() { return 'from ' + table; } };\nexport const User = Model(PREFIX + '${table}');\nexport const make = () => new User();\n${tail}`;
  const app = await load({ 'm.mjs': V('users') });
  t.after(app.close);
  const u = app.ns.make();
  const state = () => [u instanceof app.ns.User, u.where(), app.ns.User.table];
  app.write('m.mjs', V('people'));
  let r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual(state(), [true, 'from v1_people', 'v1_people']);
  app.write('m.mjs', V('people', 'v2_'));
  r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual(state(), [true, 'from v2_people', 'v2_people']);
  app.write('m.mjs', V('rows', 'v2_', 'null.x;\n'));
  r = await app.refresh();
  assert.equal(r.ok, false);
  assert.deepEqual(state(), [true, 'from v2_people', 'v2_people']);
});

// Found by session 17's review: a CommonJS barrel (`Object.assign(exports, require('./a.cjs'),
// require('./b.cjs'))`) did not copy again after a function moved from a.cjs to b.cjs.
test('a CommonJS barrel made with Object.assign(exports, require(…), …) copies again: a function moved between its files is the new one there, and a copy taken before calls it', async (t) => {
  const app = await load({
    'main.mjs': `import user from './user.cjs';\nexport { user };\n`,
    'user.cjs': `const { hello } = require('./index.cjs');\nconst held = hello;\nexports.probe = () => [require('./index.cjs').hello(), held()];\n`,
    'index.cjs': `Object.assign(exports, require('./a.cjs'), require('./b.cjs'));\n`,
    'a.cjs': `function hello() { return 'hello-a'; }\nmodule.exports = { hello, A: 1 };\n`,
    'b.cjs': `module.exports = { B: 1 };\n`,
  });
  t.after(app.close);
  app.write('a.cjs', `module.exports = { A: 1 };\n`);
  app.write('b.cjs', `function hello() { return 'hello-b'; }\nmodule.exports = { hello, B: 1 };\n`);
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual(app.ns.user.probe(), ['hello-b', 'hello-b']);
});

// Found by this session's long replay (axios 1.17.0, lib/utils.js): a default export's function
// family and an anonymous `export default { … }` in the new text made the stale-notes pass read
// a declarator the anonymous default does not have, and every refresh of the file failed as a
// limeade bug.
test('an anonymous default function made an anonymous default object, read by a statement: the refresh applies', async (t) => {
  const app = await load({
    'main.mjs': `import def from './lib.mjs';\nexport const seen = [];\nseen.push(typeof def);\n`,
    'lib.mjs': `export default function () { return 1; }\n`,
  });
  t.after(app.close);
  app.write('lib.mjs', `export default { x: 1 };\n`);
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
});

test('a binding given another existing class by a call (a class picked among others) leaves the old class as it is', async (t) => {
  const V = (which) => `export class A { who() { return 'a'; } }\nexport class B { who() { return 'b'; } }\nconst pick = (k) => (k === 'a' ? A : B);\nexport const Svc = pick('${which}');\n`;
  const app = await load({ 'm.mjs': V('a') });
  t.after(app.close);
  const a = new app.ns.A();
  app.write('m.mjs', V('b'));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual([a.who(), a instanceof app.ns.B, new app.ns.Svc().who()], ['a', false, 'b']);
});
