// CommonJS (issue 15, docs/design.md §6): on Node ≥ 22.15 `module.registerHooks` sees
// `require`, and CommonJS files get the contract ES modules have — held, destructured and
// re-exported functions, classes with their instances, `module.exports = { … }` reused in
// place, `exports.x = …`, inline callbacks (express via `require`), require cycles, ES
// modules and CommonJS files importing each other. On Node 20 (no synchronous hooks) one
// message at start-up, and a refresh that finds an edited CommonJS file says it was not
// applied. Fixture apps in fresh directories, real files, port 0, waits on output.
import assert from 'node:assert/strict';
import { assertOk, eachNode } from '../helpers.mjs';

/** Does the Node this test runs on have synchronous hooks (`module.registerHooks`)? Its label says which Node. */
function live(t) {
  const m = /\[(?:v|node )(\d+)/.exec(t.name);
  return !m || Number(m[1]) >= 22;
}

// `lib/` is CommonJS (its package.json says so), the root is "type": "module"; `.cjs` files are
// CommonJS anywhere. The entry is CommonJS too; the harness is an ES module it requires.
const APP = {
  'main.cjs': `require('./harness.js');\nglobalThis.app = require('./lib/app.js');\n`,
  'lib/package.json': '{ "type": "commonjs" }',
  'lib/fmt.js': `function format(x) {
  return 'v1:' + x;
}
exports.format = format;
exports.shout = (s) => s.toUpperCase() + '!';
exports.version = 1;
`,
  'lib/index.js': `const { format } = require('./fmt.js');
module.exports = { format, Counter: require('../counter.cjs').Counter };
`,
  'counter.cjs': `'use strict';
class Counter {
  constructor() {
    this.n = 0;
  }
  inc() {
    this.n += 1;
    return this.n;
  }
}
module.exports = { Counter, label: 'c1' };
`,
  'lib/app.js': `const { format } = require('./fmt.js');
const fmt = require('./fmt.js');
const index = require('./index.js');
const { Counter } = require('../counter.cjs');
const counter = new Counter();
module.exports = {
  formatted: () => [format(1), fmt.format(2), index.format(3), fmt.shout('a'), fmt.version].join(' '),
  count: () => counter.inc(),
  isCounter: () => counter instanceof index.Counter,
  counterModule: () => require('../counter.cjs'),
};
`,
};

eachNode('CommonJS: held, destructured and re-exported functions, instances and exports objects follow edits', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks: see the next test');
  const app = await startApp(APP, { entry: 'main.cjs' });
  t.after(() => app.stop());
  assert.equal(await app.eval('app.formatted()'), 'v1:1 v1:2 v1:3 A! 1');
  assert.equal(await app.eval('app.count()'), 1);
  await app.eval('globalThis.held = app.counterModule(), 0');

  // Function bodies and an `exports.x = …` statement: the destructured `format`, the one the
  // re-exporter holds and the inline `shout` run the new code; the statement runs again.
  await app.replace('lib/fmt.js', `'v1:'`, `'v2:'`);
  await app.replace('lib/fmt.js', `+ '!'`, `+ '?'`);
  await app.replace('lib/fmt.js', 'exports.version = 1', 'exports.version = 2');
  let r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].path, 'patch');
  assert.equal(await app.eval('app.formatted()'), 'v2:1 v2:2 v2:3 A? 2');

  // A method of a class with an instance made at start: the instance keeps its state.
  await app.replace('counter.cjs', 'this.n += 1', 'this.n += 10');
  assertOk(await app.refresh(), app);
  assert.equal(await app.eval('app.count()'), 11);
  assert.equal(await app.eval('app.isCounter()'), true);

  // `module.exports = { … }` edited: the object the program holds is the one edited.
  await app.replace('counter.cjs', `label: 'c1' }`, `label: 'c2', extra: 7 }`);
  assertOk(await app.refresh(), app);
  assert.equal(await app.eval('held === app.counterModule()'), true);
  assert.equal(await app.eval('held.label + held.extra'), 'c27');
  assert.equal(await app.eval('app.count()'), 21);

  // A new top-level function (the module's shape changes, in place): the held functions follow.
  await app.replace('lib/fmt.js', `function format(x) {\n  return 'v2:' + x;`, `function wrap(s) {\n  return '[' + s + ']';\n}\nfunction format(x) {\n  return wrap('v3:' + x);`);
  r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].path, 'patch');
  assert.equal(await app.eval('app.formatted()'), '[v3:1] [v3:2] [v3:3] A? 2');
  assert.equal(await app.eval('app.count()'), 31);
  // A new class: the module is evaluated again as a new version; the held functions follow.
  await app.replace('lib/fmt.js', `function wrap(s) {\n  return '[' + s + ']';`, `class Box {}\nfunction wrap(s) {\n  return '(' + s + ')';`);
  r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].path, 'reimport');
  assert.equal(await app.eval('app.formatted()'), '(v3:1) (v3:2) (v3:3) A? 2');
  assert.equal(await app.eval('app.count()'), 41);
  // Node prints no warning for anything limeade did (a version is compiled with node:vm).
  assert.doesNotMatch(app.output(), /Warning/);
});

eachNode('CommonJS: a failed refresh leaves module.exports as it was, and the next save applies', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const app = await startApp(APP, { entry: 'main.cjs' });
  t.after(() => app.stop());
  await app.eval('globalThis.held = app.counterModule(), 0');
  await app.replace('counter.cjs', `label: 'c1' }`, `label: 'c2' };\nthrow new Error('boom at load');`);
  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.equal(r.error.kind, 'evaluation');
  assert.match(r.error.message, /boom at load/);
  assert.equal(r.error.file, 'counter.cjs');
  assert.equal(await app.eval('held.label'), 'c1');
  assert.equal(await app.eval('held === app.counterModule()'), true);
  await app.replace('counter.cjs', `\nthrow new Error('boom at load');`, '');
  assertOk(await app.refresh(), app);
  assert.equal(await app.eval('held.label'), 'c2');
});

/** Starts `server.cjs` (an Express app exporting its `server`) through a CommonJS entry; waits for its port. */
async function startServer(t, startApp, files) {
  const app = await startApp({ 'main.cjs': `require('./harness.js');\nglobalThis.app = require('./server.cjs');\n`, ...files }, { entry: 'main.cjs', links: ['express'] });
  t.after(async () => {
    await app.eval('app.server.close(), 0').catch(() => {});
    await app.stop();
  });
  await app.waitFor(/LISTENING (\d+)/);
  const port = /LISTENING (\d+)/.exec(app.output())[1];
  return { app, get: async (path) => (await fetch(`http://127.0.0.1:${port}${path}`)).text() };
}

const EXPRESS = `const express = require('express');
const app = express();
app.get('/hello/:name', (req, res) => {
  res.send('hi ' + req.params.name);
});
const server = app.listen(0, '127.0.0.1', () => console.log('LISTENING ' + server.address().port));
module.exports = { routes: () => app.router.stack.length, server };
`;

eachNode('CommonJS: an express route registered inline through require answers with its new body, no route added', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const { app, get } = await startServer(t, startApp, { 'server.cjs': EXPRESS });
  assert.equal(await get('/hello/ann'), 'hi ann');
  const routes = await app.eval('app.routes()');
  await app.replace('server.cjs', `res.send('hi '`, `res.send('hello '`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].statements, 0);
  assert.equal(await get('/hello/ann'), 'hello ann');
  assert.equal(await app.eval('app.routes()'), routes);
});

// A middleware or router required inside the statement that registers it: the registration is
// that statement's, not the required file's. An edit of the required file's body leaves it in
// place (it was taken back as the file's own: every request then skipped the auth check); an
// edit of the statement replaces it.
eachNode('CommonJS: app.use(require(…)): an edit of the required middleware or router keeps the registration; an edit of the statement replaces it', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const SERVER = `const express = require('express');
const app = express();
app.use(require('./auth.cjs'));
app.use('/api', require('./api.cjs'));
const server = app.listen(0, '127.0.0.1', () => console.log('LISTENING ' + server.address().port));
module.exports = { layers: () => app.router.stack.length, server };
`;
  const { app, get } = await startServer(t, startApp, {
    'server.cjs': SERVER,
    'auth.cjs': `module.exports = function auth(req, res, next) {\n  if (req.query.deny) return res.status(403).send('denied v1');\n  next();\n};\n`,
    'api.cjs': `const { Router } = require('express');\nconst router = Router();\nrouter.get('/items', (req, res) => res.send('items v1'));\nmodule.exports = router;\n`,
  });
  const layers = await app.eval('app.layers()');
  await app.replace('auth.cjs', 'denied v1', 'denied v2');
  let r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules.flatMap((m) => m.undone ?? []), []);
  assert.deepEqual([await get('/api/items?deny=1'), await get('/api/items')], ['denied v2', 'items v1']);
  await app.replace('api.cjs', 'items v1', 'items v2');
  assertOk(await app.refresh(), app);
  assert.deepEqual([await get('/api/items?deny=1'), await get('/api/items'), await app.eval('app.layers()')], ['denied v2', 'items v2', layers]);
  await app.replace('server.cjs', `app.use('/api', require('./api.cjs'));`, `app.use('/v2', require('./api.cjs'));`);
  r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual([await get('/v2/items'), (await fetch(`http://127.0.0.1:${/LISTENING (\d+)/.exec(app.output())[1]}/api/items`)).status, await app.eval('app.layers()')], ['items v2', 404, layers]);
});

// The usual layout: a controller file exporting an object of methods, a router file passing them.
const CONTROLLER = `let served = 0;
module.exports = {
  list(req, res) {
    served++;
    res.json({ v: 1, served });
  },
  show({ params: { id } }, res) {
    res.send('user ' + id);
  },
};
`;
const ROUTES = `const express = require('express');
const users = require('./users.cjs');
const app = express();
app.get('/users', users.list);
app.get('/users/:id', users.show);
const server = app.listen(0, '127.0.0.1', () => console.log('LISTENING ' + server.address().port));
module.exports = { routes: () => app.router.stack.length, server };
`;

eachNode('CommonJS: an object of route handlers passed to express follows edits of its methods, state and routes kept', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const { app, get } = await startServer(t, startApp, { 'server.cjs': ROUTES, 'users.cjs': CONTROLLER });
  assert.equal(await get('/users'), '{"v":1,"served":1}');
  const routes = await app.eval('app.routes()');
  await app.replace('users.cjs', `res.json({ v: 1, served })`, `res.json({ v: 2, served })`);
  assertOk(await app.refresh(), app);
  await app.replace('users.cjs', `res.send('user ' + id)`, `res.send('member ' + id)`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].statements, 0);
  assert.equal(await get('/users'), '{"v":2,"served":2}');
  assert.equal(await get('/users/7'), 'member 7');
  assert.equal(await app.eval('app.routes()'), routes);
});

eachNode('CommonJS: a require cycle, and ES modules and CommonJS files importing each other', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const app = await startApp(
    {
      'main.js': `import './harness.js';\nimport { shown } from './view.mjs';\nimport { createRequire } from 'node:module';\nglobalThis.app = { shown, a: createRequire(import.meta.url)('./a.cjs') };\n`,
      // a.cjs and b.cjs require each other; view.mjs imports a named export of a.cjs; a.cjs requires an ES module.
      'a.cjs': `exports.name = () => 'a1';\nconst b = require('./b.cjs');\nconst { tag } = require('./tag.mjs');\nexports.both = () => tag(exports.name() + '+' + b.name());\n`,
      'b.cjs': `const a = require('./a.cjs');\nexports.name = () => 'b1';\nexports.peer = () => a.name();\n`,
      'tag.mjs': `export function tag(s) {\n  return '<' + s + '>';\n}\n`,
      'view.mjs': `import { both } from './a.cjs';\nexport const shown = () => both();\n`,
    },
    { entry: 'main.js' },
  );
  t.after(() => app.stop());
  assert.equal(await app.eval('app.shown()'), '<a1+b1>');
  await app.replace('a.cjs', `'a1'`, `'a2'`);
  await app.replace('b.cjs', `'b1'`, `'b2'`);
  await app.replace('tag.mjs', `'<' + s + '>'`, `'{' + s + '}'`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules.map((m) => m.file).sort(), ['a.cjs', 'b.cjs', 'tag.mjs']);
  assert.equal(await app.eval('app.shown()'), '{a2+b2}');
  assert.equal(await app.eval('app.a.both()'), '{a2+b2}');
  // limeade reads nothing of a module's exports that a cycle's Proxy would warn about.
  assert.doesNotMatch(app.output(), /inside circular dependency/);
});

// Most CommonJS programs declare no "type" in package.json: `require` hands their `.js` files
// to the load hook with no format, and Node decides from the syntax (CommonJS, or an ES module
// when it has import/export). Both kinds are live; the ES one is required (require(esm)).
eachNode('CommonJS in a package with no "type": required .js and .ts files (and ones with ES module syntax) follow edits, state kept', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const app = await startApp(
    {
      'main.cjs': `require('./harness.js');\nglobalThis.app = require('./plain/index.js');\n`,
      'plain/package.json': '{ "name": "plain" }',
      'plain/index.js': `const fmt = require('./fmt');\nconst { Store } = require('./store.js');\nconst esm = require('./esm.js');\nconst typed = require('./typed.ts');\nconst { twice } = require('./esm-typed.ts');\nconst store = new Store();\nmodule.exports = {\n  show: (x) => fmt.format(x) + ' ' + esm.tag(x) + ' ' + typed.half(x) + ' ' + twice(x),\n  add: (k) => store.add(k),\n};\n`,
      'plain/fmt.js': `exports.format = (x) => 'v1:' + x;\n`,
      'plain/store.js': `class Store {\n  constructor() {\n    this.items = [];\n  }\n  add(k) {\n    this.items.push(k);\n    return this.items.length;\n  }\n}\nmodule.exports = { Store };\n`,
      'plain/esm.js': `export function tag(x) {\n  return '<' + x + '>';\n}\n`,
      'plain/typed.ts': `function half(x: number): number {\n  return x / 2;\n}\nmodule.exports = { half };\n`,
      'plain/esm-typed.ts': `export function twice(x: number): number {\n  return x * 2;\n}\n`,
    },
    { entry: 'main.cjs' },
  );
  t.after(() => app.stop());
  assert.equal(await app.eval('app.show(1)'), 'v1:1 <1> 0.5 2');
  assert.equal(await app.eval('app.add("a")'), 1);
  await app.replace('plain/typed.ts', 'x / 2', 'x / 4');
  await app.replace('plain/esm-typed.ts', 'x * 2', 'x * 3');
  await app.replace('plain/fmt.js', `'v1:'`, `'v2:'`);
  await app.replace('plain/store.js', 'return this.items.length', 'return this.items.length * 10');
  await app.replace('plain/esm.js', `'<' + x + '>'`, `'[' + x + ']'`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules.map((m) => [m.file, m.path]).sort(), [['plain/esm-typed.ts', 'patch'], ['plain/esm.js', 'patch'], ['plain/fmt.js', 'patch'], ['plain/store.js', 'patch'], ['plain/typed.ts', 'patch']]);
  assert.equal(await app.eval('app.show(1)'), 'v2:1 [1] 0.25 3');
  assert.equal(await app.eval('app.add("b")'), 20, 'the Store made at start runs the new method, its items kept');
});

eachNode('CommonJS TypeScript (.cts) is live where Node strips types', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 cannot load .cts');
  const app = await startApp({ 'main.cjs': `require('./harness.js');\nglobalThis.app = require('./calc.cts');\n`, 'calc.cts': `function add(a: number, b: number): number {\n  return a + b;\n}\nmodule.exports = { add };\n` }, { entry: 'main.cjs' });
  t.after(() => app.stop());
  assert.equal(await app.eval('app.add(2, 3)'), 5);
  await app.replace('calc.cts', 'return a + b;', 'return a * b;');
  assertOk(await app.refresh(), app);
  assert.equal(await app.eval('app.add(2, 3)'), 6);
});

eachNode('Node 20: CommonJS files are said not to be live, once; a refresh with an edited one is not ok', async (t, startApp) => {
  if (live(t)) return t.skip('CommonJS is live on this Node: see the tests above');
  const app = await startApp(APP, { entry: 'main.cjs' });
  t.after(() => app.stop());
  await app.waitFor('not live');
  assert.match(app.output(), /\[limeade\] main\.cjs:1:1 is CommonJS, which is not live on Node v20/);
  // The message can come before main.cjs has required the rest: an edit made before that
  // would be loaded as it is. Wait for the program to have loaded v1.
  assert.equal(await app.eval('app.formatted()'), 'v1:1 v1:2 v1:3 A! 1');
  await app.replace('lib/fmt.js', `'v1:'`, `'v2:'`);
  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.equal(r.error.kind, 'declined');
  assert.equal(r.error.file, 'lib/fmt.js');
  assert.match(r.error.message, /not live on Node v20.*not applied/);
  assert.equal(await app.eval('app.formatted()'), 'v1:1 v1:2 v1:3 A! 1');
  assert.equal(app.count('which is not live'), 1);
});

eachNode('Node 20: no CommonJS message for an ES module program whose packages are CommonJS', async (t, startApp) => {
  if (live(t)) return t.skip('CommonJS is live on this Node');
  const app = await startApp({ 'main.js': `import './harness.js';\nimport express from 'express';\nglobalThis.ok = typeof express;\n` }, { links: ['express'] });
  t.after(() => app.stop());
  assert.equal(await app.eval('ok'), 'function');
  assert.equal((await app.refresh()).ok, true);
  assert.doesNotMatch(app.output(), /CommonJS/);
});

// A module-private constant (kept `const`, docs/design.md §3.10) in a CommonJS file, read by a
// function, a closure made before, an inline arrow and a method of the exported object;
// edited as a patch, then in a save that adds a class (a re-import through vm).
const CONSTANT = {
  'main.cjs': `require('./harness.js');\nconst lib = require('./lib.cjs');\nconst { f, held, api } = lib;\nglobalThis.show = () => [f(), held(), api.read(), api.m(), lib.f()];\n`,
  'lib.cjs': `const K = 1;
function f() { return K; }
const make = () => () => K * 100;
const api = { read: () => K, m() { return K; } };
module.exports = { f, held: make(), api };
`,
};

eachNode('CommonJS: a module constant edited reaches its readers, as a patch and through a re-import', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const app = await startApp(CONSTANT, { entry: 'main.cjs' });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('show()'), [1, 100, 1, 1, 1]);
  await app.replace('lib.cjs', 'const K = 1;', 'const K = 2;');
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual([r.modules[0].path, r.modules[0].updated], ['patch', ['K']]);
  assert.deepEqual(await app.eval('show()'), [2, 200, 2, 2, 2]);
  await app.replace('lib.cjs', 'const K = 2;', 'const K = 3;\nclass Extra {}');
  const again = await app.refresh();
  assertOk(again, app);
  assert.equal(again.modules[0].path, 'reimport');
  assert.deepEqual(await app.eval('show()'), [3, 300, 3, 3, 3]);
});

// `module.exports = class …` and `exports.X = class …`: the class is patched in place as a
// class declaration is (the statement does not run again), so instances made before run the
// new code, and `require` keeps returning the class the program holds.
const EXPORTED_CLASS = {
  'main.cjs': `require('./harness.js');
const Store = require('./store.cjs');
const { Point } = require('./point.cjs');
const store = new Store();
const point = new Point(2);
globalThis.show = () => [store.list().join(','), Store.kind(), store.size, store.base(), point.show()].join(' ');
globalThis.same = () => [require('./store.cjs') === Store, store instanceof require('./store.cjs'), require('./point.cjs').Point === Point, Point.name, Store.name];
`,
  'base.cjs': `module.exports = class Base {\n  base() {\n    return 'b1';\n  }\n};\n`,
  'store.cjs': `'use strict';
const Base = require('./base.cjs');
module.exports = class Store extends Base {
  constructor() {
    super();
    this.items = [1, 2];
  }
  list() {
    return this.items.map((s) => s);
  }
  static kind() {
    return 'k1';
  }
  get size() {
    return this.items.length;
  }
};
`,
  'point.cjs': `exports.Point = class {\n  constructor(x) {\n    this.x = x;\n  }\n  show() {\n    return 'p' + this.x;\n  }\n};\n`,
};

eachNode('CommonJS: module.exports = class … is patched in place; instances made before run the new code', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const app = await startApp(EXPORTED_CLASS, { entry: 'main.cjs' });
  t.after(() => app.stop());
  assert.equal(await app.eval('show()'), '1,2 k1 2 b1 p2');
  // A method, a static method and an accessor, and a method of the parent class.
  await app.replace('store.cjs', 'map((s) => s)', 'map((s) => s * 10)');
  await app.replace('store.cjs', `'k1'`, `'k2'`);
  await app.replace('store.cjs', 'this.items.length', 'this.items.length * 100');
  await app.replace('base.cjs', `'b1'`, `'b2'`);
  await app.replace('point.cjs', `'p' + this.x`, `'q' + this.x`);
  let r = await app.refresh();
  assertOk(r, app);
  const store = r.modules.find((m) => m.file === 'store.cjs');
  assert.equal(store.path, 'patch');
  assert.equal(store.statements, 0);
  assert.equal(await app.eval('show()'), '10,20 k2 200 b2 q2');
  assert.deepEqual(await app.eval('same()'), [true, true, true, '', 'Store']);
  // A new class declaration in the file: it is evaluated again as a new version, which
  // continues the running class.
  await app.replace('store.cjs', `const Base = require('./base.cjs');`, `const Base = require('./base.cjs');\nclass Helper {}`);
  await app.replace('store.cjs', 'map((s) => s * 10)', 'map((s) => s + 1)');
  r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].path, 'reimport');
  assert.equal(await app.eval('show()'), '2,3 k2 200 b2 q2');
  assert.deepEqual(await app.eval('same()'), [true, true, true, '', 'Store']);
  // And after it, a patch again.
  await app.replace('store.cjs', `'k2'`, `'k3'`);
  assertOk(await app.refresh(), app);
  assert.equal(await app.eval('show()'), '2,3 k3 200 b2 q2');
  assert.deepEqual(await app.eval('same()'), [true, true, true, '', 'Store']);
});

// `module.exports = { LIMIT, f }` and `exports.X = LIMIT` read a value an edit changes: they run
// again (the object the program holds is updated in place), as a fresh process computes them.
const EXPORTED_VALUES = {
  'main.cjs': `require('./harness.js');
const lib = require('./lib.cjs');
const named = require('./named.cjs');
const { f } = lib;
globalThis.show = () => [lib.LIMIT, f(), lib.f(), lib.double, named.LIMIT, named.label].join(' ');
globalThis.same = () => require('./lib.cjs') === lib && require('./named.cjs') === named;
`,
  'lib.cjs': `const LIMIT = 10;
const DOUBLE = LIMIT * 2;
function f() {
  return LIMIT;
}
module.exports = { LIMIT, f, double: DOUBLE };
`,
  'named.cjs': `const LIMIT = 5;\nexports.LIMIT = LIMIT;\nexports.label = 'n' + LIMIT;\n`,
};

eachNode('CommonJS: module.exports = { LIMIT, f } and exports.X = … follow an edited value they read, as a patch and through a re-import', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const app = await startApp(EXPORTED_VALUES, { entry: 'main.cjs' });
  t.after(() => app.stop());
  assert.equal(await app.eval('show()'), '10 10 10 20 5 n5');
  await app.replace('lib.cjs', 'const LIMIT = 10;', 'const LIMIT = 1;');
  await app.replace('named.cjs', 'const LIMIT = 5;', 'const LIMIT = 6;');
  let r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules.map((m) => [m.file, m.path, m.statements]).sort(), [['lib.cjs', 'patch', 1], ['named.cjs', 'patch', 2]]);
  assert.equal(await app.eval('show()'), '1 1 1 2 6 n6');
  assert.equal(await app.eval('same()'), true);
  // With a new class in the file: a re-import, which runs the statement again too.
  await app.replace('lib.cjs', 'const LIMIT = 1;', 'const LIMIT = 3;\nclass Extra {}');
  r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].path, 'reimport');
  assert.equal(await app.eval('show()'), '3 3 3 6 6 n6');
  assert.equal(await app.eval('same()'), true);
});

// The same when the save also changes a function's body inside the literal: the function is
// patched (a reference taken before runs the new body), the properties that read the changed
// value are evaluated again on the object the program holds, and the others keep their state.
eachNode('CommonJS: module.exports = { f: () => …, LABEL, cache } with f and LABEL edited in one save: both apply, the cache is kept', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const M = `const LABEL = 'a';\nmodule.exports = {\n  f: () => 1,\n  LABEL,\n  cache: new Map(),\n};\n`;
  const app = await startApp({ 'main.cjs': `require('./harness.js');\nconst m = require('./m.cjs');\nconst { f } = m;\nm.cache.set('k', 1);\nglobalThis.show = () => [f(), m.f(), m.LABEL, m.cache.size];\nconsole.log('LOADED');\n`, 'm.cjs': M }, { entry: 'main.cjs' });
  t.after(() => app.stop());
  await app.waitFor('LOADED');
  assert.deepEqual(await app.eval('show()'), [1, 1, 'a', 1]);
  await app.write('m.cjs', M.replace("'a'", "'b'").replace('() => 1', '() => 2'));
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules[0].notes, []);
  assert.deepEqual(await app.eval('show()'), [2, 2, 'b', 1]);
});

eachNode('CommonJS: a removed exports.x = … statement takes its export back (and a failed refresh puts it back)', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const app = await startApp(
    {
      'main.cjs': `require('./harness.js');\nglobalThis.lib = require('./lib.cjs');\n`,
      'lib.cjs': `exports.a = 1;\nexports.flag = true;\nexports.Extra = class {};\nmodule.exports.b = 2;\n`,
    },
    { entry: 'main.cjs' },
  );
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('Object.keys(lib)'), ['a', 'flag', 'Extra', 'b']);
  // Removed with an error in the same save: nothing applies, the export stays.
  await app.replace('lib.cjs', 'exports.flag = true;\n', `throw new Error('boom');\n`);
  const failed = await app.refresh();
  assert.equal(failed.ok, false);
  assert.deepEqual(await app.eval('Object.keys(lib)'), ['a', 'flag', 'Extra', 'b']);
  await app.replace('lib.cjs', `throw new Error('boom');\n`, '');
  await app.replace('lib.cjs', 'exports.Extra = class {};\n', '');
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules[0].undone, ['removed exports flag, Extra']);
  assert.deepEqual(await app.eval('Object.keys(lib)'), ['a', 'b']);
  // A key another statement still gives stays: here the object literal that replaces them.
  await app.replace('lib.cjs', 'module.exports.b = 2;\n', 'module.exports.b = 2;\nexports.c = 3;\n');
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('Object.keys(lib)'), ['a', 'b', 'c']);
});

eachNode('CommonJS: a failed refresh takes back the exports.x = … it ran (values, added keys, order), as a patch and through a re-import', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const V1 = `exports.a = 1;\nexports.b = 'b1';\nexports.f = function () { return 'f1'; };\n`;
  const app = await startApp({ 'main.cjs': `require('./harness.js');\nglobalThis.C = require('./c.cjs');\n`, 'c.cjs': V1 }, { entry: 'main.cjs' });
  t.after(() => app.stop());
  const probe = 'JSON.stringify([Object.keys(C), C.a, C.b, C.f()])';
  const before = JSON.stringify([['a', 'b', 'f'], 1, 'b1', 'f1']);
  assert.equal(await app.eval(probe), before);
  // Patch path: changed and added keys, one moved before the others, then a throw.
  await app.write('c.cjs', `exports.added = 1;\nexports.a = 2;\nexports.b = 'b2';\nexports.f = function () { return 'f1'; };\nObject.defineProperty(exports, 'd', { value: 1, configurable: true });\nnull.x;\n`);
  let r = await app.refresh();
  assert.equal(r.ok, false);
  assert.equal(r.error.kind, 'evaluation');
  assert.equal(r.error.file, 'c.cjs');
  assert.equal(r.error.line, 6);
  assert.equal(await app.eval(probe), before);
  assert.equal(await app.eval('"added" in C || "d" in C'), false);
  // Re-import path (a new class): the version ran on the same exports object.
  await app.write('c.cjs', `class Extra {}\nexports.a = 3;\nexports.more = 1;\nexports.f = function () { return 'f1'; };\nnull.x;\n`);
  r = await app.refresh();
  assert.equal(r.ok, false);
  assert.equal(await app.eval(probe), before);
  assert.equal(await app.eval('"more" in C'), false);
  // The save that fixes it ends where a fresh process does.
  await app.write('c.cjs', V1.replace("'f1'", "'f3'"));
  assertOk(await app.refresh(), app);
  assert.equal(await app.eval(probe), JSON.stringify([['a', 'b', 'f'], 1, 'b1', 'f3']));
});

eachNode('CommonJS: Foo.prototype = { … } changed outside its methods updates the prototype in place: an instance made before runs the new and added methods', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const C = `function Foo(x) { this.x = x; }\nFoo.prototype = {\n  constructor: Foo,\n  bar: function () { return 'bar1 ' + this.x; },\n};\nmodule.exports = Foo;\n`;
  const app = await startApp({ 'main.cjs': `require('./harness.js');\nglobalThis.C = require('./c.cjs');\nglobalThis.old = new C(1);\n`, 'c.cjs': C }, { entry: 'main.cjs' });
  t.after(() => app.stop());
  await app.write('c.cjs', C.replace("'bar1 ' + this.x; },", "'bar2 ' + this.x; },\n  baz() { return 'baz ' + this.x; },"));
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual([r.modules[0].path, r.modules[0].updated], ['patch', ['Foo.prototype']]);
  assert.deepEqual(await app.eval('[old.bar(), typeof old.baz, old instanceof C]'), ['bar2 1', 'function', true]);
});

eachNode('CommonJS: after a re-import, a getter of module.exports = { … } reads the module state the new version counts, as its methods do', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const C = `let count = 0;\nfunction inc() { count++; return 'inc1 ' + count; }\nmodule.exports = { inc, get count() { return count; }, read() { return count; }, arrow: () => count };\n`;
  const app = await startApp({ 'main.cjs': `require('./harness.js');\nglobalThis.C = require('./c.cjs');\n`, 'c.cjs': C }, { entry: 'main.cjs' });
  t.after(() => app.stop());
  await app.eval('C.inc(), C.inc()');
  await app.write('c.cjs', C.replace("'inc1 '", "'inc2 '").replace('module.exports', 'class Extra {}\nmodule.exports'));
  const r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].path, 'reimport');
  assert.equal(await app.eval('C.inc()'), 'inc2 3');
  assert.deepEqual(await app.eval('[C.count, C.read(), C.arrow()]'), [3, 3, 3]);
});

eachNode('CommonJS: a function held from exports.x = (…) => … follows when the export is rewritten as a declaration, and after', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const app = await startApp(
    {
      'main.cjs': `require('./harness.js');\nconst lib = require('./lib.cjs');\nconst { greet, other } = lib;\nglobalThis.show = () => [greet('a'), lib.greet('b'), other('c'), lib.other('d')].join(' ');\n`,
      'lib.cjs': `exports.greet = (s) => 'hi ' + s;\nexports.other = function (s) {\n  return 'o1' + s;\n};\n`,
    },
    { entry: 'main.cjs' },
  );
  t.after(() => app.stop());
  assert.equal(await app.eval('show()'), 'hi a hi b o1c o1d');
  // Refactored: a declaration exported by name, and an arrow in place of a function expression.
  await app.write('lib.cjs', `function greet(s) {\n  return 'hello ' + s;\n}\nexports.greet = greet;\nexports.other = (s, t = '') => 'o2' + s + t;\n`);
  let r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules[0].updated.sort(), ['greet', 'other']);
  assert.equal(await app.eval('show()'), 'hello a hello b o2c o2d');
  // Later edits reach them: the declaration's body, and the arrow (its statement runs again).
  await app.replace('lib.cjs', `'hello '`, `'hey '`);
  await app.replace('lib.cjs', `'o2'`, `'o3'`);
  assertOk(await app.refresh(), app);
  assert.equal(await app.eval('show()'), 'hey a hey b o3c o3d');
  // Through a re-import (a new class in the file) too.
  await app.replace('lib.cjs', `'hey '`, `'yo '`);
  await app.replace('lib.cjs', `exports.greet = greet;`, `exports.greet = greet;\nclass Extra {}`);
  r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].path, 'reimport');
  assert.equal(await app.eval('show()'), 'yo a yo b o3c o3d');
});

eachNode('CommonJS: a function held from module.exports = function … follows when the exports become another function, and after', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const app = await startApp(
    {
      'main.cjs': `require('./harness.js');
const fmt = require('./fmt.cjs');
globalThis.show = () => fmt('x') + require('./fmt.cjs')('y');
console.log('LOADED');
`,
      'fmt.cjs': `module.exports = function fmt(s) {
  return '<' + s + '>';
};
`,
    },
    { entry: 'main.cjs' },
  );
  t.after(() => app.stop());
  await app.waitFor('LOADED');
  assert.equal(await app.eval('show()'), '<x><y>');
  await app.write('fmt.cjs', `module.exports = (s) => '{' + s + '}';
`);
  const r = await app.refresh();
  assertOk(r, app);
  // (The function held followed the exports themselves: said as such, not as a nameless key.)
  assert.ok(r.modules[0].updated.every((u) => u !== ''), JSON.stringify(r.modules[0].updated));
  assert.equal(await app.eval('show()'), '{x}{y}');
  await app.replace('fmt.cjs', `'{' + s + '}'`, `'[' + s + ']'`);
  assertOk(await app.refresh(), app);
  assert.equal(await app.eval('show()'), '[x][y]');
});

// A class that was the exports (or an export) rewritten as a declaration exported by name:
// the class the program took with `require` at start, and what it made, run the new class's
// code and follow its later edits (runtime/moved.ts `followMovedExports`, `delegate`).
eachNode('CommonJS: module.exports = class A { … } rewritten as class A { … } and module.exports = A: the class taken before and its objects follow', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const app = await startApp(
    {
      'main.cjs': `require('./harness.js');\nconst Lib = require('./lib.cjs');\nconst o = new Lib();\nglobalThis.show = () => [o.m(), new Lib().m(), Lib.kind(), o instanceof require('./lib.cjs')].join(' ');\nconsole.log('LOADED');\n`,
      'lib.cjs': `module.exports = class A {\n  m() { return 'A1'; }\n  static kind() { return 'k1'; }\n};\n`,
    },
    { entry: 'main.cjs' },
  );
  t.after(() => app.stop());
  await app.waitFor('LOADED');
  assert.equal(await app.eval('show()'), 'A1 A1 k1 true');
  await app.write('lib.cjs', `class A {\n  m() { return 'A2'; }\n  static kind() { return 'k2'; }\n}\nmodule.exports = A;\n`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.ok(r.modules[0].updated.includes('the class module.exports was (followed)'), JSON.stringify(r.modules));
  assert.equal(await app.eval('show()'), 'A2 A2 k2 true');
  await app.replace('lib.cjs', `'A2'`, `'A3'`);
  assertOk(await app.refresh(), app);
  assert.equal(await app.eval('show()'), 'A3 A3 k2 true');
});

// Values derived across `require` (docs/design.md §2.3, §6): a declaration that read an export
// key of a required file — through the whole exports object, destructured, `require(…).key`,
// or a required JSON file — is evaluated again when that key changes, as a fresh process on
// the new files computes it; the exports objects stay the ones the program holds.
const DERIVED = {
  'main.cjs': `require('./harness.js');
const lib = require('./lib.cjs');
const { VERSION } = require('./lib.cjs');
const port = require('./config.json').port;
const banner = 'lib ' + lib.VERSION;
const tagged = VERSION + '/' + port;
const server = { port: require('./config.json').port, started: [] };
const user = require('./user.cjs');
globalThis.show = () => [banner, tagged, server.port, user.label, user.g(5)].join(' ');
globalThis.held = { server, started: server.started, user };
globalThis.same = () => held.server === server && held.started === server.started && held.user === require('./user.cjs');
console.log('LOADED');
`,
  'lib.cjs': `const VERSION = '1.0';\nmodule.exports = { VERSION, nested: { g: function (v) { return v; } } };\n`,
  'user.cjs': `const { nested } = require('./lib.cjs');\nconst V = require('./lib.cjs').VERSION;\nmodule.exports = { label: 'u' + V, g: (v) => nested.g(v) };\n`,
  'config.json': `{ "port": 3000 }\n`,
};

eachNode('CommonJS: values derived across require (whole exports, destructured, .key, JSON) are evaluated again; nested exports objects updated in place', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const app = await startApp(DERIVED, { entry: 'main.cjs' });
  t.after(() => app.stop());
  // Every file is required before the first edit.
  await app.waitFor('LOADED');
  assert.equal(await app.eval('show()'), 'lib 1.0 1.0/3000 3000 u1.0 5');
  await app.replace('lib.cjs', `'1.0'`, `'2.0'`);
  let r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules.map((m) => [m.file, m.recomputed ?? []]), [
    ['lib.cjs', []],
    ['user.cjs', ['V']],
    ['main.cjs', ['VERSION', 'banner', 'tagged']],
  ]);
  assert.equal(await app.eval('show()'), 'lib 2.0 2.0/3000 3000 u2.0 5');
  // The statement runs again (a value it reads is added): the nested object the program took is updated in place.
  await app.replace('lib.cjs', `const VERSION = '2.0';\n`, `const VERSION = '2.0';\nconst D = 'x';\n`);
  await app.replace('lib.cjs', 'return v;', `return String(v) + D;`);
  r = await app.refresh();
  assertOk(r, app);
  assert.equal(await app.eval('show()'), 'lib 2.0 2.0/3000 3000 u2.0 5x');
  await app.replace('config.json', '3000', '3100');
  r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules.map((m) => [m.file, m.recomputed ?? []]), [
    ['config.json', []],
    ['main.cjs', ['port', 'tagged', 'server']],
  ]);
  assert.equal(await app.eval('show()'), 'lib 2.0 2.0/3100 3100 u2.0 5x');
  // `server` is an object literal: updated in place, its other properties kept.
  assert.equal(await app.eval('same()'), true);
});

// Found by session 18's second review: a statement that read a required JSON file's keys was
// not said to stay as it ran (the same content in config.js was).
eachNode("CommonJS: a statement reading a required JSON file's keys is said to stay as it ran, in the JSON file's report", async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const app = await startApp(
    {
      'main.cjs': `require('./harness.js');\nconst config = require('./config.json');\nconst seen = [];\nseen.push(config.origin);\nglobalThis.seen = seen;\nconsole.log('LOADED');\n`,
      'config.json': `{ "origin": "a" }\n`,
    },
    { entry: 'main.cjs' },
  );
  t.after(() => app.stop());
  await app.waitFor('LOADED');
  await app.replace('config.json', '"a"', '"b"');
  const r = await app.refresh();
  assertOk(r, app);
  const json = r.modules.find((m) => m.file === 'config.json');
  assert.match(json.notes.join('\n'), /the statement at main\.cjs:4:1 reads config\.origin, whose value this refresh changed; it does not run again/);
  assert.deepEqual(await app.eval('seen'), ['a']);
});

// A function's own `'use strict'` in a sloppy file keeps it strict: its guard and its
// closures' caches go after the directive (before it, the directive is an expression and the
// function sloppy: `this` the global object). Before an edit and after one.
const STRICT_FNS = `function f() { 'use strict'; return 'f1 ' + typeof this; }
exports.f = f;
exports.o = { m() { 'use strict'; return 'm1 ' + typeof this; } };
exports.bound = function () { 'use strict'
  return typeof this; }.bind(5);
exports.make = function (k) { 'use strict'; let n = 0; return function () { 'use strict'; n++; return 'c1 ' + k + n + typeof this; }; };
exports.held = exports.make('k');
exports.sloppy = function () { return 's1 ' + typeof this; };
`;

eachNode('CommonJS: a function that says "use strict" in a sloppy file stays strict, before and after its edit', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const app = await startApp({ 'main.cjs': `globalThis.C = require('./lib/c.js');\nrequire('./harness.js');\n`, 'lib/package.json': '{ "type": "commonjs" }', 'lib/c.js': STRICT_FNS }, { entry: 'main.cjs' });
  t.after(() => app.stop());
  const probe = `[(0, C.f)(), (0, C.o.m)(), C.bound(), (0, C.held)(), (0, C.sloppy)()]`;
  assert.deepEqual(await app.eval(probe), ['f1 undefined', 'm1 undefined', 'number', 'c1 k1undefined', 's1 object']);
  let text = STRICT_FNS;
  for (const [from, to] of [["'f1 '", "'f2 '"], ["'m1 '", "'m2 '"], ['return typeof this; }.bind', 'return typeof this + 2; }.bind'], ["'c1 '", "'c2 '"], ["'s1 '", "'s2 '"]]) text = text.replace(from, to);
  await app.write('lib/c.js', text);
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval(probe), ['f2 undefined', 'm2 undefined', 'number2', 'c2 k2undefined', 's2 object']);
});
