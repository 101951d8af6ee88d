// A name that changes between function and class (a re-import, docs/design.md §2.6): its value
// is another one, so what reads it is evaluated again, as in a fresh process (found by the mime
// replay, 2.0.5: `class Mime` became `function Mime`, and `module.exports = Mime` kept the class).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { load } from './harness.mjs';

test('CommonJS: `module.exports = Mime` after class Mime became a function: require() gives the function, and later edits reach it', async (t) => {
  const app = await load({
    'main.mjs': `import lib from './index.cjs';\nexport { lib };\n`,
    'index.cjs': `module.exports.make = function () { var M = require('./mime.cjs'); return new M(); };\n`,
    'mime.cjs': `class Mime { kind() { return 'class v1'; } }\nmodule.exports = Mime;\n`,
  });
  t.after(app.close);
  assert.equal(app.ns.lib.make().kind(), 'class v1');
  app.write('mime.cjs', `function Mime() {}\nMime.prototype.kind = function () { return 'function v2'; };\nmodule.exports = Mime;\n`);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.match(r.modules[0].notes.join('\n'), /Mime changed between function and class: references taken before keep the old code/);
  assert.equal(app.ns.lib.make().kind(), 'function v2');
  const req = createRequire(join(app.dir, 'x.js'));
  assert.equal(new (req('./mime.cjs'))().kind(), 'function v2');
  app.write('mime.cjs', `function Mime() {}\nMime.prototype.kind = function () { return 'function v3'; };\nmodule.exports = Mime;\n`);
  assert.equal((await app.refresh()).ok, true);
  assert.equal(app.ns.lib.make().kind(), 'function v3');
});

test('ES module: a declaration reading a name that became a class is evaluated again', async (t) => {
  const app = await load({
    'lib.mjs': `export function Shape() { return { kind: 'function' }; }\nexport const Default = Shape;\nexport const label = typeof Shape.prototype.area;\n`,
  });
  t.after(app.close);
  app.write('lib.mjs', `export class Shape { area() { return 1; } }\nexport const Default = Shape;\nexport const label = typeof Shape.prototype.area;\n`);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(app.ns.Default, app.ns.Shape);
  assert.equal(new app.ns.Default().area(), 1);
  assert.equal(app.ns.label, 'function');
});

test('a generator function that becomes a plain function (or the reverse): the new code calls the new kind, references taken before keep theirs, said (path-to-regexp 8.4.0: `function* flatten` → `function flatten(…, callback)`)', async (t) => {
  const V1 = `export function* flatten(xs) { for (const x of xs) yield x * 2; }\nexport function all(xs) { return [...flatten(xs)]; }\n`;
  const V2 = `export function flatten(xs, cb) { for (const x of xs) cb(x * 3); }\nexport function all(xs) { const out = []; flatten(xs, (v) => out.push(v)); return out; }\n`;
  const app = await load({ 'lib.mjs': V1 });
  t.after(app.close);
  const held = app.ns.flatten;
  assert.deepEqual(app.ns.all([1, 2]), [2, 4]);
  app.write('lib.mjs', V2);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.modules[0].path, 'reimport');
  assert.match(r.modules[0].notes.join('\n'), /flatten changed its kind of function \(arrow, function, generator, async generator\), which what the program holds cannot take: references taken before keep the old code/);
  assert.deepEqual(app.ns.all([1, 2]), [3, 6]);
  assert.deepEqual([...held([1])], [2], 'the old generator, as the note says');
  // And back.
  app.write('lib.mjs', V1.replace('x * 2', 'x * 4'));
  const r2 = await app.refresh();
  assert.equal(r2.ok, true, JSON.stringify(r2.error));
  assert.deepEqual(app.ns.all([1, 2]), [4, 8]);
});

test('a function a re-imported version no longer declares, declared again by a later save: the new code calls it (path-to-regexp 8.0.0 → 8.1.0 failed with a ReferenceError)', async (t) => {
  const X = (gen, p) => `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.match = match;
${p ? 'exports.pathToRegexp = pathToRegexp;\n' : ''}function ${gen ? '*' : ''}flat(xs) { ${gen ? 'yield* xs;' : 'return xs;'} }
function match(s) { return ${p ? 'pathToRegexp(s)' : "'m2:' + s"}; }
${p ? `function pathToRegexp(s) { return '${p}:' + [...flat([s])].join(''); }\n` : ''}`;
  const app = await load({ 'main.mjs': `import lib from './lib.cjs';\nexport { lib };\n`, 'lib.cjs': X(true, 'p1') });
  t.after(app.close);
  const { lib } = app.ns;
  assert.equal(lib.match('a'), 'p1:a');
  app.write('lib.cjs', X(false, null));
  let r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.modules[0].path, 'reimport');
  assert.equal(lib.match('a'), 'm2:a');
  app.write('lib.cjs', X(false, 'p3'));
  r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual([lib.match('a'), lib.pathToRegexp('b')], ['p3:a', 'p3:b']);
});

// A sync generator's guard forwards with `yield*`, which cannot take an async generator's
// iterator (every call threw), and an async one's would make a sync one's async: a function
// changed between the two is imported again (references taken before keep their kind, said);
// a class method changed so takes a plain forwarding handle, so old and new instances call
// the new kind.
test('a generator made an async generator (function, class method), and back: new calls get the new kind', async (t) => {
  const V = (a) => `export ${a}function* pages() { yield 1;${a ? ' await null;' : ''} yield 2; }\nexport class Feed { ${a}*items() { yield 'a'; } }\nexport const old = new Feed();\n`;
  const drain = async (it) => {
    if (!it[Symbol.asyncIterator]) return 'sync:' + [...it];
    const out = [];
    for await (const x of it) out.push(x);
    return 'async:' + out;
  };
  const app = await load({ 'lib.mjs': V('') });
  t.after(app.close);
  const held = app.ns.pages;
  app.write('lib.mjs', V('async '));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.match(r.modules[0].notes.join('\n'), /pages changed its kind of function \(arrow, function, generator, async generator\)/);
  assert.deepEqual(await Promise.all([drain(app.ns.pages()), drain(app.ns.old.items()), drain(new app.ns.Feed().items()), drain(held())]), ['async:1,2', 'async:a', 'async:a', 'sync:1,2']);
  app.write('lib.mjs', V(''));
  const r2 = await app.refresh();
  assert.equal(r2.ok, true, JSON.stringify(r2.error));
  assert.deepEqual(await Promise.all([drain(app.ns.pages()), drain(app.ns.old.items()), drain(new app.ns.Feed().items())]), ['sync:1,2', 'sync:a', 'sync:a']);
});

// An arrow has no `this` of its own to pass on: one made a function that uses `this` is
// imported again; the new code (and what takes the name from now on) calls it with its
// receiver, references taken before keep the arrow, said.
test('an arrow made a function that uses this: calls through the name get their receiver; a reference taken before keeps the arrow, said', async (t) => {
  const V1 = `export const onData = (d) => 'v1:' + d;\nexport const api = { name: 'api' };\nexport const call = (d) => { api.onData = onData; return api.onData(d); };\n`;
  const app = await load({ 'e.mjs': V1 });
  t.after(app.close);
  const held = app.ns.onData;
  app.write('e.mjs', V1.replace("(d) => 'v1:' + d", "function (d) { return 'v2:' + d + '@' + this?.name; }"));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.match(r.modules[0].notes.join('\n'), /onData changed its kind of function .*: references taken before keep the old code/);
  assert.deepEqual([app.ns.call(1), app.ns.onData.call({ name: 'x' }, 2), held(3)], ['v2:1@api', 'v2:2@x', 'v1:3']);
});

// Found by the cookie replay (0.4.2 → 0.5.0, session 18): `var decode = decodeURIComponent;`
// saved as `function decode(str) { … }` left the binding undefined, reported updated.
test('a value (a builtin, a bound function, a call’s result) made a function declaration of the same name: the binding is that function, and follows later edits', async (t) => {
  for (const [kw, init] of [['var', 'decodeURIComponent'], ['const', 'String.bind(null)'], ['let', '((f) => f)(String)']]) {
    const V2 = (k) => `export function parse(s) { return decode(s); }\nfunction decode(str) { return '${k} ' + str; }\n`;
    const app = await load({ 'main.mjs': `export function parse(s) { return decode(s); }\n${kw} decode = ${init};\n` });
    t.after(app.close);
    app.write('main.mjs', V2('new'));
    assert.ok((await app.refresh()).ok);
    assert.equal(app.ns.parse('x'), 'new x', kw);
    app.write('main.mjs', V2('newer'));
    assert.ok((await app.refresh()).ok);
    assert.equal(app.ns.parse('x'), 'newer x', kw);
  }
});
