// Functions nothing can hold (loader/unheld.ts, docs/design.md §5): a module-private function
// only ever called by name gets no guard and no handle; an edit assigns its new code to the
// binding, and every call runs it. When new code starts holding one (passes, stores or
// exports it), the module is imported again and the function gets a guard from then on.
// A `const` helper (`const isDigit = (c) => …`) stays `const`, guarded in place
// (loader/consts.ts): an edit reaches it through its holder, held or not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applied, load } from './harness.mjs';
import { instrument } from '../../dist/loader/instrument.js';

const LEXER = (digit, extra = '') => `const isDigit = (c) => ${digit};
function isSpace(c) {
  return c === 32;
}
function count(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (isDigit(s.charCodeAt(i)) && !isSpace(s.charCodeAt(i))) n++;
  return n;
}
export function digits(s) {
  return count(s);
}
${extra}`;

test('a private helper called by name has no guard (a const one a guard, and stays const); edited, its callers run the new code, also a held reference to an exported caller', async (t) => {
  const text = LEXER('c >= 48 && c <= 57');
  const out = instrument(text);
  assert.match(out, /const isDigit = \(c,\.\.\.__lma\) =>\{const __lmg=(__lmg\$\$\d+)\.f;if\(__lmg!==undefined\)return __lmg\(c,\.\.\.__lma\);return\( c >= 48 && c <= 57\)\};;__lm\$\.fn\("isDigit","isDigit",isDigit,isDigit,\1,0\);/, 'const, a guard, no handle');
  assert.match(out, /function isSpace\(c\) \{\n/, 'no guard');
  assert.match(out, /export function digits\(s,\.\.\.__lma\) \{const __lmg=/, 'the exported function keeps its guard');
  const app = await load({ 'lex.mjs': text });
  t.after(app.close);
  const { digits } = app.ns;
  assert.equal(digits('a1b22'), 3);
  app.write('lex.mjs', LEXER('c >= 48 && c <= 50'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.modules[0].path ?? 'patch', 'patch');
  assert.equal(digits('a1b29'), 2, 'the held exported function calls the new helper');
});

const HOLDER = (digit, body = '', space = 'c === 32') =>
  LEXER(digit, `export const registry = [];\nexport function register() {\n  ${body}\n}\n`).replace('return c === 32;', `return ${space};`);

test('new code that holds a helper (stores it) re-imports the module: the helper gets a guard, and later edits reach what holds it', async (t) => {
  const app = await load({ 'lex.mjs': HOLDER('c >= 48 && c <= 57') });
  t.after(app.close);
  const { registry } = app.ns;
  app.write('lex.mjs', HOLDER('c >= 48 && c <= 57', 'registry.push(isSpace);'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.match(JSON.stringify(r), /isSpace is now passed, stored or exported/);
  app.ns.register();
  const held = registry[0];
  assert.deepEqual([held(32), held(9)], [true, false]);
  app.write('lex.mjs', HOLDER('c >= 48 && c <= 57', 'registry.push(isSpace);', 'c === 9'));
  const r2 = await app.refresh();
  assert.equal(r2.ok, true, JSON.stringify(r2.error));
  assert.deepEqual([held(32), held(9), app.ns.digits('0 1\t2')], [false, true, 3]);
});

test('new code that holds a const helper is a patch: the helper had its guard, and later edits reach what holds it and its callers', async (t) => {
  const app = await load({ 'lex.mjs': HOLDER('c >= 48 && c <= 57') });
  t.after(app.close);
  const { digits, registry } = app.ns;
  app.write('lex.mjs', HOLDER('c >= 48 && c <= 57', 'registry.push(isDigit);'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.modules[0].path, 'patch');
  app.ns.register();
  const held = registry[0];
  assert.equal(held(49), true);
  app.write('lex.mjs', HOLDER('c === 48', 'registry.push(isDigit);'));
  const r2 = await app.refresh();
  assert.equal(r2.ok, true, JSON.stringify(r2.error));
  assert.deepEqual([held(49), held(48), digits('0123')], [false, true, 1]);
});

test('a const helper across a re-import: the version keeps it const and guarded, and later edits reach the callers of both versions', async (t) => {
  const text = (digit, extra = '') => `${extra}${LEXER(digit)}export const first = digits;\n`;
  const app = await load({ 'lex.mjs': text('c >= 48 && c <= 57') });
  t.after(app.close);
  const { first } = app.ns;
  assert.equal(first('a1b22'), 3);
  // A new class: the module is imported again.
  app.write('lex.mjs', text('c >= 48 && c <= 50', 'export class K {}\n'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.modules[0].path, 'reimport');
  assert.deepEqual([first('a1b29'), app.ns.digits('a1b29')], [2, 2]);
  app.write('lex.mjs', text('c === 57', 'export class K {}\n'));
  const r2 = await app.refresh();
  assert.equal(r2.ok, true, JSON.stringify(r2.error));
  assert.equal(r2.modules[0].path, 'patch');
  assert.deepEqual([first('a1b29'), app.ns.digits('a1b29')], [1, 1]);
  app.write('lex.mjs', text('c === 50', 'export class K {}\nexport class L {}\n'));
  const r3 = await app.refresh();
  assert.equal(r3.ok, true, JSON.stringify(r3.error));
  assert.equal(r3.modules[0].path, 'reimport');
  assert.deepEqual([first('2a1b29'), app.ns.digits('2a1b29')], [2, 2]);
});

test('what counts as holding: export, a shorthand property, new, typeof, .call, an assignment; a call by name or a property key does not', () => {
  const guardedNames = (src) => [...instrument(src).matchAll(/__lm\$\.fn\("(\w+)"/g)].map((m) => m[1]).sort();
  assert.deepEqual(
    guardedNames(`function a() {}\nfunction b() {}\nfunction c() {}\nfunction d() {}\nfunction e() {}\nfunction f() {}\nfunction g() {}
export { a };\nconst o = { b };\nnew c();\ntypeof d;\ne.call(null);\nlet x; x = f;\ng(); const p = { g: 1 }; p.g;\n`),
    ['a', 'b', 'c', 'd', 'e', 'f'],
  );
  // Shadowed by a parameter that is passed on: guarded, to be safe; `k`, only called, is not.
  assert.deepEqual(guardedNames(`function h() {}\nfunction k(h) { return [h]; }\nk(1);\n`), ['h']);
});

// Found while reducing the commander replay's CommonJS re-import: `exports.go = () => run(x)`
// kept calling the first `run` once a re-import (a new class, a new destructured require)
// came; a held `run` followed. Both module systems.
for (const [file, start, edited] of [
  ['a.mjs', `function run(s) { return s; }\nexport const o = {};\no.go = () => run(' x ');\n`, (body, extra = '') => `${extra}function run(s) { return ${body}; }\nexport const o = {};\no.go = () => run(' x ');\n`],
  ['a.cjs', `function run(s) { return s; }\nexports.go = () => run(' x ');\n`, (body, extra = '') => `${extra}function run(s) { return ${body}; }\nexports.go = () => run(' x ');\n`],
]) {
  test(`after a re-import, an inline function of a statement not run again calls the version's helper by name, and later patches of it (${file})`, async (t) => {
    const app = await load({ 'main.mjs': `import * as m from './${file}';\nexport { m };\n`, [file]: start });
    t.after(app.close);
    const go = file.endsWith('.cjs') ? app.ns.m.default.go : app.ns.m.o.go;
    assert.equal(go(), ' x ');
    app.write(file, edited(`s.trim()`, `class K {}\n`));
    const r = await app.refresh();
    assert.ok(r.ok, JSON.stringify(r.error));
    assert.equal(r.modules[0].path, 'reimport');
    assert.equal(go(), 'x', 'the version\'s helper');
    app.write(file, edited(`s.trim() + '!'`, `class K {}\n`));
    const r2 = await app.refresh();
    assert.ok(r2.ok, JSON.stringify(r2.error));
    assert.equal(r2.modules[0].path, 'patch');
    assert.equal(go(), 'x!', 'a later patch of the helper');
  });
}

// CommonJS (sloppy): an arrow helper and a `function` expression helper, both kept `const`, across a patch, a re-import and a patch.
const CJS_HELPERS = (d, f) => `const isDigit = (c) => ${d};
const twice = function (s) { return s + s + ${f}; };
function count(s) { let n = 0; for (let i = 0; i < s.length; i++) if (isDigit(s.charCodeAt(i))) n++; return twice(n); }
exports.digits = (s) => count(s);
`;
test('const helpers of a CommonJS file: a patch, a re-import, a patch; every save reaches their callers', async (t) => {
  const app = await load({ 'main.mjs': `import m from './lex.cjs';\nexport { m };\n`, 'lex.cjs': CJS_HELPERS('c >= 48 && c <= 57', 0) });
  t.after(app.close);
  const { digits } = app.ns.m;
  assert.equal(digits('a12'), 4);
  app.write('lex.cjs', CJS_HELPERS('c === 49', 1));
  applied(await app.refresh());
  assert.equal(digits('a12'), 3);
  app.write('lex.cjs', CJS_HELPERS('c === 50', 2) + 'class K {}\nexports.K = K;\n');
  applied(await app.refresh());
  assert.equal(digits('a122'), 6);
  app.write('lex.cjs', CJS_HELPERS('c === 97', 3) + 'class K {}\nexports.K = K;\n');
  applied(await app.refresh());
  assert.equal(digits('a122'), 5);
});

// Factories kept `const`: the closures they made before the save run the new bodies, with what they captured.
const FACTORIES = (body, add) => `const makeX = (k) => (y) => ${body};
let n = 0;
const makeC = (k) => { return () => (n += ${add}); };
export const g = makeX(2);
export const c = makeC(3);
`;
test('const factory helpers: closures they made before a save run the new bodies with what they captured (a parameter, a module let)', async (t) => {
  assert.match(instrument(FACTORIES('y + k', 'k')), /const makeX = \(k,\.\.\.__lma\) =>\{const __lmg=/);
  const app = await load({ 'm.mjs': FACTORIES('y + k', 'k') });
  t.after(app.close);
  const { g, c } = app.ns;
  assert.deepEqual([g(1), c()], [3, 3]);
  app.write('m.mjs', FACTORIES('y * k', '10 * k'));
  assert.deepEqual(applied(await app.refresh())[0].updated, ['makeX', 'closure at line 1', 'makeC', 'closure at line 3']);
  assert.deepEqual([g(5), c()], [10, 33]);
});
