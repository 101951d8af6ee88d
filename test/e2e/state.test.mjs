// docs/design.md §2.3: a refresh runs only what changed; unchanged state survives.
import assert from 'node:assert/strict';
import { eachNode, assertOk } from '../helpers.mjs';

const lib = ({ limit = 10, label = 'a', stmt = "registry.push('boot');", extra = '' } = {}) => `
export const cache = new Map();
export let counter = 0;
export const LIMIT = ${limit};
export const registry = [];
export function bump() { counter++; cache.set(counter, '${label}'); return counter; }
export function limit() { return LIMIT; }
${stmt}
globalThis.sideEffects = (globalThis.sideEffects || 0) + 1;
${extra}
`;

const main = `
import './harness.js';
import * as ns from './lib.js';
import { LIMIT, bump, cache, registry, limit } from './lib.js';
globalThis.probe = () => ({ named: LIMIT, ns: ns.LIMIT, inside: limit(), size: cache.size, values: [...cache.values()], counter: ns.counter, registry: [...registry], side: globalThis.sideEffects });
globalThis.bump = bump;
`;

eachNode('unchanged declarations keep their values; changed const is seen through named and namespace imports', async (t, startApp) => {
  const app = await startApp({ 'main.js': main, 'lib.js': lib() });
  t.after(() => app.stop());
  await app.eval('bump(), bump(), bump()');
  await app.write('lib.js', lib({ limit: 20, label: 'b' }));
  assertOk(await app.refresh(), app);
  await app.eval('bump()');
  const p = await app.eval('probe()');
  assert.equal(p.named, 20);
  assert.equal(p.ns, 20);
  assert.equal(p.inside, 20);
  assert.equal(p.size, 4, 'the Map survived');
  assert.deepEqual(p.values, ['a', 'a', 'a', 'b']);
  assert.equal(p.counter, 4);
  assert.deepEqual(p.registry, ['boot'], 'unchanged statement did not run again');
  assert.equal(p.side, 1);
});

eachNode('a changed top-level statement runs once; a new one runs once; identical statements are matched in order', async (t, startApp) => {
  const app = await startApp({ 'main.js': main, 'lib.js': lib() });
  t.after(() => app.stop());
  await app.write('lib.js', lib({ stmt: "registry.push('boot2');" }));
  const r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].statements, 1);
  assert.deepEqual((await app.eval('probe()')).registry, ['boot', 'boot2']);
  assertOk(await app.refresh(), app);
  assert.deepEqual((await app.eval('probe()')).registry, ['boot', 'boot2'], 'no re-run without a change');
  await app.write('lib.js', lib({ stmt: "registry.push('boot2');\nregistry.push('boot2');" }));
  assertOk(await app.refresh(), app);
  assert.deepEqual((await app.eval('probe()')).registry, ['boot', 'boot2', 'boot2'], 'the second identical statement is new');
  assert.equal((await app.eval('probe()')).side, 1);
});

eachNode('a changed declaration is evaluated with the new code of functions changed in the same refresh', async (t, startApp) => {
  const src = (v) => `export function base() { return ${v}; }\nexport const derived = base() * 2;\n`;
  const app = await startApp({ 'main.js': `import './harness.js';\nimport { derived } from './v.js';\nimport * as ns from './v.js';\nglobalThis.probe = () => ns.derived;\n`, 'v.js': src(1) });
  t.after(() => app.stop());
  assert.equal(await app.eval('probe()'), 2);
  await app.write('v.js', src(5).replace('* 2', '* 3'));
  assertOk(await app.refresh(), app);
  assert.equal(await app.eval('probe()'), 15);
});

eachNode('a re-import carries variables declared without a value and set by a statement (let x; x = …)', async (t, startApp) => {
  const lib = (extra) => `export let cache;\nvar hits;\ncache = new Map();\nhits = 0;\nexport function hit(k) { hits++; cache.set(k, hits); return [...cache.keys()].join(',') + ':' + hits; }\n${extra}`;
  const app = await startApp({ 'main.js': `import './harness.js';\nimport { hit } from './lib.js';\nglobalThis.probe = (k) => hit(k);\n`, 'lib.js': lib('') });
  t.after(() => app.stop());
  assert.equal(await app.eval("probe('a')"), 'a:1');
  await app.write('lib.js', lib('export class Added {}\n'));
  const r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].path, 'reimport');
  assert.equal(await app.eval("probe('b')"), 'a,b:2');
});

// docs/design.md §2.2: objects are reused, also the one a statement assigns a literal to.
const FOO = `export function Foo(x) { this.x = x; }
Foo.prototype = {
  constructor: Foo,
  bar: function () { return 'bar1 ' + this.x; },
};
export const config = {};
config.server = { port: 1, name: 'a' };
`;

eachNode('Foo.prototype = { … } and config.server = { … } changed outside their functions update the objects there: old instances run the new methods, state kept', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { Foo, config } from './foo.js';\nglobalThis.Foo = Foo;\nglobalThis.old = new Foo(1);\nglobalThis.server = config.server;\n`,
    'foo.js': FOO,
  });
  t.after(() => app.stop());
  await app.eval('server.name = "set by the program", 0');
  await app.write('foo.js', FOO.replace("'bar1 ' + this.x; },", "'bar2 ' + this.x; },\n  baz() { return 'baz ' + this.x; },").replace('port: 1', 'port: 2'));
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules[0].updated.sort(), ['Foo.prototype', 'config.server']);
  assert.deepEqual(await app.eval('[old.bar(), typeof old.baz, old instanceof Foo, old.baz()]'), ['bar2 1', 'function', true, 'baz 1']);
  assert.deepEqual(await app.eval('[server.port, server.name]'), [2, 'set by the program']);
});

eachNode('after a re-import, a getter of an unchanged top-level object literal reads the module state the new version counts, as its methods do', async (t, startApp) => {
  const C = `let count = 0;
export function inc() { count++; return 'inc1 ' + count; }
export const api = { get count() { return count; }, read() { return count; }, arrow: () => count };
`;
  const app = await startApp({ 'main.js': `import './harness.js';\nimport * as C from './c.js';\nglobalThis.C = C;\n`, 'c.js': C });
  t.after(() => app.stop());
  await app.eval('C.inc(), C.inc()');
  await app.write('c.js', C.replace("'inc1 '", "'inc2 '").replace('export const api', 'class Extra {}\nexport const api'));
  const r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules.find((m) => m.file === 'c.js').path, 'reimport');
  assert.equal(await app.eval('C.inc()'), 'inc2 3');
  assert.deepEqual(await app.eval('[C.api.count, C.api.read(), C.api.arrow()]'), [3, 3, 3]);
});

// A declaration reading a namespace import only through members whose values did not change
// keeps its value: an edit of another export of that module makes nothing anew (a server
// listening on `cfg.PORT`, a cache sized by `cfg.MAX`); one reading the changed member, or the
// namespace whole, is evaluated again.
eachNode('a namespace import read through unchanged members: its readers keep their values when another export changes', async (t, startApp) => {
  const cfg = (name) => `export const NAME = '${name}';\nexport const MAX = 5;\n`;
  const app = await startApp({
    'main.js': `import './harness.js';
import * as cfg from './cfg.js';
class Cache { constructor(n) { this.n = n; this.entries = []; } }
export const sized = new Cache(cfg.MAX);
export const named = new Cache(cfg.NAME);
export const whole = Object.keys(cfg).length + cfg.NAME.length;
sized.entries.push('kept'); named.entries.push('kept');
globalThis.probe = () => [sized.entries, named.entries, named.n, whole];
`,
    'cfg.js': cfg('shop'),
  });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), [['kept'], ['kept'], 'shop', 6]);
  await app.write('cfg.js', cfg('shop22'));
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(await app.eval('probe()'), [['kept'], [], 'shop22', 8]);
  assert.deepEqual(r.modules.find((m) => m.file === 'main.js').recomputed.sort(), ['named', 'whole']);
});

// The same for an object literal the edit updates in place (imported by name, or in the
// module itself): the program keeps the same object, so a reader of its unchanged
// properties keeps its value; a reader of a changed property, or of a method (which may
// read the changed one through `this`), is evaluated again.
eachNode('an object literal updated in place: readers of its unchanged properties keep their values', async (t, startApp) => {
  const config = (port, host) => `export const config = { size: 20, port: ${port}, host: '${host}', url() { return this.host + ':' + this.port; } };\n`;
  const app = await startApp({
    'main.js': `import './harness.js';
import { config } from './config.js';
class Cache { constructor(n) { this.n = n; this.entries = []; } }
const local = { a: 1, b: 2 };
export const sized = new Cache(config.size);
export const ported = new Cache(config.port);
export const linked = new Cache(config.url());
export const own = new Cache(local.a);
for (const c of [sized, ported, linked, own]) c.entries.push('kept');
globalThis.probe = () => [sized, ported, linked, own].map((c) => c.entries.length + ' ' + c.n);
`,
    'config.js': config(3000, 'h'),
  });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), ['1 20', '1 3000', '1 h:3000', '1 1']);
  await app.write('config.js', config(4000, 'h'));
  await app.replace('main.js', 'b: 2', 'b: 3');
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(await app.eval('probe()'), ['1 20', '0 4000', '0 h:4000', '1 1']);
  assert.deepEqual(r.modules.find((m) => m.file === 'main.js').recomputed.sort(), ['linked', 'ported']);
  await app.replace('main.js', 'a: 1', 'a: 9');
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), ['1 20', '0 4000', '0 h:4000', '0 9']);
});
