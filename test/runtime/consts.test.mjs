// Top-level constants stay `const` (loader/consts.ts) and an edit of one still reaches every
// reader (runtime/consts.ts, docs/design.md §3.10): the constant moves to the extra scope and
// its readers, unchanged, are compiled again. In process, v1 → v2 → v3, with a rollback and
// a re-import between.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instrument } from '../../dist/loader/instrument.js';
import { applied, load } from './harness.mjs';

const V1 = `const K = 1;
const [A, B] = [10, 20];
const table = { k() { return K; }, get kk() { return K * 2; }, plain: 5, arrow: () => 1 };
const D = K * 100;
export function f() { return K; }
export const g = (x) => x + K;
export class C { field = K; m() { return K; } }
export function makeReader() { return () => K + A; }
export const api = { read: () => K };
export function d() { return D; }
export const t = () => table.k() + table.kk + table.plain;
export const reader = makeReader();
export const old = new C();
export const tbl = () => table;
export const all = () => [f(), g(0), old.m(), new C().field, reader(), api.read(), d(), t()];
`;

const withK = (k, a = 10) => V1.replace('const K = 1;', `const K = ${k};`).replace('[10, 20]', `[${a}, 20]`);

test('the instrumented text keeps plain, unexported top-level constants const', () => {
  const out = instrument(V1, 0);
  assert.match(out, /const K = /);
  assert.match(out, /const \[A, B\] = /);
  assert.match(out, /const table = /);
  assert.doesNotMatch(out, /const g =|const api =/, 'exported and function constants can be assigned');
  const exported = instrument(`const X = 1;\nexport { X };\n`, 0);
  assert.doesNotMatch(exported, /const X/, 'a constant exported by a specifier is a binding importers read live');
});

test('v1 → v2 → v3: a changed constant reaches functions, arrows, methods, fields, closures made before, inline functions, object methods and derived constants', async (t) => {
  const app = await load({ 'lib.mjs': V1 });
  t.after(app.close);
  const { all, reader, old } = app.ns;
  assert.deepEqual(all(), [1, 1, 1, 1, 11, 1, 100, 1 + 2 + 5]);
  app.write('lib.mjs', withK(2));
  const r = await app.refresh();
  assert.deepEqual(applied(r), [{ file: 'lib.mjs', path: 'patch', updated: ['K'], statements: 0 }]);
  assert.deepEqual(r.modules[0].recomputed, ['D']);
  assert.deepEqual(all(), [2, 2, 2, 2, 12, 2, 200, 2 + 4 + 5]);
  assert.deepEqual([app.ns.reader === reader, app.ns.old === old], [true, true], 'nothing was made again');
  assert.deepEqual(app.imported, [], 'no re-import');
  app.write('lib.mjs', withK(3, 11));
  applied(await app.refresh());
  assert.deepEqual(all(), [3, 3, 3, 3, 14, 3, 300, 3 + 6 + 5]);
  // The object whose methods were compiled again keeps its inline functions' holders: an
  // edit of one patches it, the declaration is not evaluated again.
  const table = app.ns.tbl();
  app.write('lib.mjs', withK(3, 11).replace('arrow: () => 1', 'arrow: () => 2'));
  const edit = await app.refresh();
  assert.deepEqual(applied(edit)[0].path, 'patch');
  assert.deepEqual([app.ns.tbl() === table, table.arrow()], [true, 2]);
});

test('a refresh that fails after moving a constant takes it back: readers see the old value, the next refresh applies', async (t) => {
  const app = await load({ 'lib.mjs': V1 });
  t.after(app.close);
  const { all } = app.ns;
  app.write('lib.mjs', withK(5) + `throw new Error('v2 fails');\n`);
  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.deepEqual(all(), [1, 1, 1, 1, 11, 1, 100, 1 + 2 + 5]);
  assert.deepEqual([...(app.record('lib.mjs').extras?.names ?? [])], [], 'the constant stays where it was');
  app.write('lib.mjs', withK(5));
  applied(await app.refresh());
  assert.deepEqual(all(), [5, 5, 5, 5, 15, 5, 500, 5 + 10 + 5]);
});

test('a constant moved, then a re-import (a new class), then changed again: the new version binds it, and it moves again', async (t) => {
  const app = await load({ 'lib.mjs': V1 });
  t.after(app.close);
  const { all } = app.ns;
  app.write('lib.mjs', withK(2));
  applied(await app.refresh());
  app.write('lib.mjs', withK(2) + `export class Extra {}\n`);
  const r = await app.refresh();
  assert.equal(applied(r)[0].path, 'reimport');
  assert.deepEqual(all(), [2, 2, 2, 2, 12, 2, 200, 2 + 4 + 5]);
  app.write('lib.mjs', withK(7) + `export class Extra {}\n`);
  applied(await app.refresh());
  assert.deepEqual(all(), [7, 7, 7, 7, 17, 7, 700, 7 + 14 + 5]);
});

test('a re-import that changes a constant: the running version\'s closures, inline functions and carried objects read the new value', async (t) => {
  const app = await load({ 'lib.mjs': V1 });
  t.after(app.close);
  const { all } = app.ns;
  const extra = `export class Extra {}\n`;
  app.write('lib.mjs', withK(4) + extra + `throw new Error('v2 fails');\n`);
  assert.equal((await app.refresh()).ok, false);
  assert.deepEqual(all(), [1, 1, 1, 1, 11, 1, 100, 1 + 2 + 5], 'a failed re-import takes the move back');
  app.write('lib.mjs', withK(2) + extra);
  const r = await app.refresh();
  assert.equal(applied(r)[0].path, 'reimport');
  assert.deepEqual(all(), [2, 2, 2, 2, 12, 2, 200, 2 + 4 + 5]);
  app.write('lib.mjs', withK(3) + extra);
  assert.equal(applied(await app.refresh())[0].path, 'patch');
  assert.deepEqual(all(), [3, 3, 3, 3, 13, 3, 300, 3 + 6 + 5]);
});

test('an object literal updated in place by the same edit: its unchanged methods that read the constant read the new value too', async (t) => {
  const src = `const K = 1;
const api = { limit() { return K; }, get twice() { return K * 2; }, arrow: () => K, other: 1 };
export const get = () => [api.limit(), api.twice, api.arrow(), api.other];
export const obj = () => api;
`;
  const app = await load({ 'lib.mjs': src });
  t.after(app.close);
  const api = app.ns.obj();
  app.write('lib.mjs', src.replace('K = 1', 'K = 2').replace('other: 1', 'other: 5'));
  assert.deepEqual(applied(await app.refresh()), [{ file: 'lib.mjs', path: 'patch', updated: ['K', 'api'], statements: 0 }]);
  assert.deepEqual([app.ns.get(), app.ns.obj() === api], [[2, 4, 2, 5], true]);
  // A property added before others: the inline functions' ordinals move, and each keeps its own code.
  app.write('lib.mjs', src.replace('K = 1', 'K = 3').replace('other: 1', 'extra: () => K + 100, other: 6'));
  applied(await app.refresh());
  assert.deepEqual([app.ns.get(), api.extra()], [[3, 6, 3, 6], 103]);
});

test('a reader that cannot be compiled again is named in the report; methods of classes a function made and closures an immediately invoked function made are compiled again', async (t) => {
  const src = `const K = 1;
export const C = (() => class { m() { return K; } })();
export const c = new C();
export const get = ((k) => () => K * k)(1);
export function f() { return class { m() { return K; } }; }
export const D = f();
export const P = (() => class { #p = 0; m() { return K + this.#p; } })();
export const p = new P();
`;
  const app = await load({ 'lib.mjs': src });
  t.after(app.close);
  const { get, c, D, p } = app.ns;
  const d = new D();
  app.write('lib.mjs', src.replace('K = 1', 'K = 2'));
  const r = await app.refresh();
  assert.equal(r.ok, true);
  assert.deepEqual(
    r.modules[0].notes.map((n) => n.replace(/^.*lib\.mjs:/, '')),
    ['7:19 reads K, a constant this edit changed, and keeps its old value until a restart (limeade cannot compile it again where it is)'],
  );
  assert.deepEqual([get(), c.m(), d.m(), p.m(), new (app.ns.f())().m()], [2, 2, 2, 1, 2]);
});

// One save that changes a constant, an object's method body, and the object reads the constant
// in another method: the method evaluated again for the constant and the kept one both apply.
test('a moved constant and a method body edited in the same object: both apply', async (t) => {
  const src = (k, tag) => `const K = ${k};
export const api = {
  n: 1,
  read() { return K; },
  label() { return '${tag}' + K; },
};
`;
  const app = await load({ 'o.mjs': src(1, 'v1') });
  t.after(app.close);
  const { api } = app.ns;
  const label = api.label;
  app.write('o.mjs', src(2, 'v2').replace('n: 1', 'n: 2'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual([api.read(), api.label(), api.n, app.ns.api === api, label()], [2, 'v22', 2, true, 'v22']);
  app.write('o.mjs', src(2, 'v3').replace('n: 1', 'n: 2'));
  assert.equal((await app.refresh()).ok, true);
  assert.deepEqual([api.label(), label(), api.read()], ['v32', 'v32', 2], 'the method kept on the object follows; the one evaluated again too');
});

// A statement that ran again since load made its inline functions without holders; one of them
// reading a constant the edit changes cannot take new code, so the statement runs again (as a
// body edit of it does): what a fresh process gives. Found by the picomatch replay (2.0.5:
// constants.js's `module.exports = { globChars(w) { return w ? WINDOWS_CHARS : … } }`, run again
// by an earlier save, kept returning the old `WINDOWS_CHARS`).
test('a reader in a statement that ran again since load: the statement runs again, the object the program holds takes the new method', async (t) => {
  const C = (y, extra = '') => `'use strict';
const POSIX = { s: '/' };
const WIN = { ...POSIX, s: '${y}' };
module.exports = {
  max: 1,${extra}
  chars(w) { return w ? WIN : POSIX; }
};
`;
  const app = await load({ 'main.mjs': `import c from './c.cjs';\nexport { c };\n`, 'c.cjs': C('\\\\') });
  t.after(app.close);
  const { c } = app.ns;
  assert.equal(c.chars(true).s, '\\');
  // The statement runs again (its text changed outside its functions): its new methods have no holders.
  app.write('c.cjs', C('\\\\', ' min: 0,'));
  assert.ok((await app.refresh()).ok);
  assert.equal(c.min, 0);
  app.write('c.cjs', C('[/]', ' min: 0,'));
  const r = await app.refresh();
  assert.ok(r.ok, r.error?.message);
  assert.deepEqual(r.modules[0].notes, []);
  assert.equal(r.modules[0].statements, 1);
  assert.equal(c.chars(true).s, '[/]');
  assert.equal(app.ns.c, c, 'the same exports object');
});

test("a declaration whose only change is its keyword (a bundler's `const` → `var`) keeps its value, on a patch and on a re-import; one the new text assigns is evaluated again (found by the marked replay)", async (t) => {
  const lib = (kw, extra = '') => `class Store { constructor() { this.items = []; } }
${kw.instance} instance = new Store();
${kw.defaults} defaults = { a: 1 };
function change(d) { defaults = d; }
export function use(x) { instance.items.push(x); change({ a: x }); }
export const read = () => [instance.items, defaults];
${extra}`;
  const app = await load({ 'lib.mjs': lib({ instance: 'const', defaults: 'let' }, 'export const gone = 1;\n') });
  t.after(app.close);
  app.ns.use(5);
  let r = await (app.write('lib.mjs', lib({ instance: 'var', defaults: 'var' })), app.refresh());
  assert.equal(r.ok, true);
  assert.deepEqual(app.ns.read(), [[5], { a: 5 }]);
  r = await (app.write('lib.mjs', lib({ instance: 'let', defaults: 'let' }, 'export const more = 2;\n')), app.refresh());
  assert.deepEqual([r.ok, app.ns.read()], [true, [[5], { a: 5 }]]);
  app.ns.use(6);
  assert.deepEqual(app.ns.read(), [[5, 6], { a: 6 }]);
});

// A private `const` helper holding a function stays const too, guarded in place
// (loader/consts.ts); saved as a value and then as a function again, each save reaches its
// callers. The same kind changes of an exported arrow (a `let` with a handle) must not leave
// the last save patching the first function's family, which nothing calls by name any more.
const COUNTER = (decl) => `${decl}
function count(s) { let n = 0; for (let i = 0; i < s.length; i++) if (isDigit(s.charCodeAt(i))) n++; return n; }
export function digits(s) { return count(s); }
`;

test('a const helper saved as a value, then as a function twice: every save reaches its callers', async (t) => {
  assert.match(instrument(COUNTER('const isDigit = (c) => c >= 48 && c <= 57;')), /const isDigit = \(c,\.\.\.__lma\) =>\{const __lmg=/);
  const app = await load({ 'lex.mjs': COUNTER('const isDigit = (c) => c >= 48 && c <= 57;') });
  t.after(app.close);
  const { digits } = app.ns;
  assert.equal(digits('a12'), 2);
  const steps = [
    ['const isDigit = ((re) => (c) => re.test(String.fromCharCode(c)))(/[0-1]/);', 'a12', 1],
    ['const isDigit = (c, k = 50) => c === k;', 'a122', 2],
    ['const isDigit = (c) => c === 49;', 'a122', 1],
    ['const isDigit = (c) => c !== 49;', 'a122', 3],
  ];
  for (const [decl, input, want] of steps) {
    app.write('lex.mjs', COUNTER(decl));
    applied(await app.refresh());
    assert.equal(digits(input), want, decl);
  }
});

test('an exported arrow saved as a value, then as a function twice: calls by name and through the namespace run the last save', async (t) => {
  const src = (decl) => `${decl}\nexport function use(x) { return f(x); }\n`;
  const app = await load({ 'm.mjs': src('export const f = (c) => c + 1;') });
  t.after(app.close);
  assert.equal(app.ns.use(1), 2);
  for (const [decl, want] of [
    ['export const f = ((k) => (c) => c + k)(2);', 3],
    ['export const f = (c) => c + 3;', 4],
    ['export const f = (c) => c + 4;', 5],
  ]) {
    app.write('m.mjs', src(decl));
    applied(await app.refresh());
    assert.deepEqual([app.ns.use(1), app.ns.f(1)], [want, want], decl);
  }
});
