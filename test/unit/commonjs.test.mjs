// CommonJS, the pure parts (docs/design.md §6): the instrumented form of a CommonJS file, and
// `module.exports = { … }` applied in place with its undo.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instrument } from '../../dist/loader/instrument.js';
import { tagHolders } from '../../dist/loader/contract.js';
import { defineHolders } from '../../dist/runtime/slots.js';
import { diff } from '../../dist/loader/diff.js';
import { keepExportsInPlace } from '../../dist/runtime/cjs-exports.js';
import { UndoLog } from '../../dist/runtime/undo.js';

const URL_ = 'file:///app/fmt.cjs';

/** Runs instrumented CommonJS code as Node's wrapper would, against a recording runtime. */
function run(code) {
  const calls = [];
  globalThis.__lm$rt = { module: (url, hook, meta, cjs) => (calls.push({ url, meta, cjs }), { holders: defineHolders, fn() {}, inline() {}, member: () => () => {}, cls(name, binding, cls) { calls.push({ cls: name, binding, value: cls }); }, runs: () => true, carries: () => false, evaluated() {}, at: (o, v) => v, made: (h, f) => f }) };
  try {
    const module = { exports: {} };
    const fn = new Function('exports', 'require', 'module', '__filename', '__dirname', tagHolders(code));
    fn.call(module.exports, module.exports, () => ({}), module, '/app/fmt.cjs', '/app');
    return { calls, module };
  } finally {
    delete globalThis.__lm$rt;
  }
}

test("a CommonJS file's prologue follows its directives, so 'use strict' stays in force", () => {
  const code = instrument(`'use strict'\nfunction f() { return this; }\nmodule.exports = { f, strict: f() === undefined };\n`, 0, { url: URL_ });
  assert.match(code, /^'use strict';const __lm\$=__lm\$rt\.module\("file:\/\/\/app\/fmt\.cjs",\(__c,__v\)=>eval\(__c\),void 0,\{module,require\}\)/);
  // No line moves; the tail (the end of top-level code, runtime/effects.ts) is one appended line.
  assert.equal(code.split('\n').length, 5, 'no line moves');
  const { calls, module } = run(code);
  assert.equal(module.exports.strict, true);
  assert.equal(calls[0].url, URL_);
  assert.equal(calls[0].cjs.module, module);
  assert.equal(typeof calls[0].cjs.require, 'function');
});

test("a function's own 'use strict' in a sloppy file stays its first statement: guards and caches go after it", () => {
  const code = instrument(`function f() { 'use strict'; return this; }\nexports.f = f;\nexports.g = function () { 'use strict'\n}\n`, 0, { url: URL_ });
  assert.match(code, /function f\(\) \{ 'use strict';const __lmg=/);
  assert.match(code, /function \(\) \{ 'use strict';const __lmg=/, 'the `;` it lacked');
  const { module } = run(code);
  assert.equal(module.exports.f.call(undefined), undefined);
  assert.equal(module.exports.g(), undefined);
  // (One captured variable: with the cache its context has two slots, so the cache stays; loader/closures.ts ENV_MODE.)
  const made = instrument(`exports.h = function (k) { "use strict"; let n = k; return () => ++n; };\n`, 0, { url: URL_ });
  assert.match(made, /function \(k\) \{ "use strict";const __lmg=[^]*?const __lme\$0=\{\};/, 'the cache after the guard, both after the directive');
});

test('no import.meta in CommonJS output, a top-level return parses, and a version leaves directives ungated', () => {
  const v0 = instrument(`if (!module) return;\nexports.x = () => 1;\n`, 0, { url: URL_ });
  assert.doesNotMatch(v0, /import\.meta/);
  assert.equal(run(v0).module.exports.x(), 1);
  const v2 = instrument(`'use strict';\nexports.x = () => 2;\n`, 2, { url: `${URL_}?limeade=2` });
  assert.match(v2, /^'use strict';;const __lm\$/);
  assert.match(v2, /if\(__lm\$\.runs\(1\)\)exports\.x/);
  assert.doesNotMatch(v2, /runs\(0\)/);
});

test('module.exports = { … } during a refresh edits the object held, keeps keys added since, and rolls back', () => {
  const held = { a: 1, b: 2 };
  const module = { exports: held };
  let log;
  keepExportsInPlace({ module, require: () => {} }, () => log);
  module.exports.added = 'later'; // `module.exports.added = …` elsewhere in the file
  log = new UndoLog();
  module.exports = { a: 10, c: 3 };
  assert.equal(module.exports, held);
  assert.deepEqual({ ...held }, { a: 10, added: 'later', c: 3 });
  log.unwind();
  assert.deepEqual({ ...held }, { a: 1, b: 2, added: 'later' });
  // Outside a refresh, an assignment is an assignment, as without limeade.
  log = undefined;
  const other = { z: 1 };
  module.exports = other;
  assert.equal(module.exports, other);
});

test('objects nested in module.exports = { … } are updated in place too: held ones see the new properties; keys the program added stay; undone on rollback', () => {
  const module = { exports: {} };
  let log;
  keepExportsInPlace({ module, require: () => {} }, () => log);
  const g1 = (v) => v;
  module.exports = { d: 'x', f: { g: g1, deep: { n: 1, gone: true } }, list: [1] };
  const held = module.exports;
  const f = held.f; // `const f = m.f` in another module
  const deep = f.deep;
  const list = held.list;
  f.cache = 'mine'; // added by the program since
  log = new UndoLog();
  const g2 = (v) => String(v);
  module.exports = { d: 'y', f: { g: g2, deep: { n: 2 } }, list: [2] };
  assert.equal(module.exports, held);
  assert.equal(held.f, f);
  assert.equal(f.deep, deep);
  assert.deepEqual([f.g, f.cache, { ...deep }, held.d], [g2, 'mine', { n: 2 }, 'y']);
  // Arrays are values: replaced.
  assert.notEqual(held.list, list);
  assert.deepEqual(held.list, [2]);
  log.unwind();
  assert.deepEqual([held.f, f.g, f.cache, { ...deep }, held.d, held.list], [f, g1, 'mine', { n: 1, gone: true }, 'x', list]);
  // A second refresh: the keys the last one brought are what a new object lacking them removes.
  log = new UndoLog();
  module.exports = { d: 'z', f: { g: g2, more: 1 } };
  assert.deepEqual({ ...f }, { cache: 'mine', g: g2, more: 1 });
  assert.equal('list' in held, false);
});

test('module.exports assigned a function during a refresh is replaced (and restored on rollback)', () => {
  const held = { a: 1 };
  const module = { exports: held };
  const log = new UndoLog();
  keepExportsInPlace({ module, require: () => {} }, () => log);
  const fn = () => 1;
  module.exports = fn;
  assert.equal(module.exports, fn);
  log.unwind();
  assert.equal(module.exports, held);
});

test('module.exports = class … is a class: registered by its target, the statement kept, an anonymous class left unnamed', () => {
  const src = `module.exports = class Store {\n  list() {\n    return 1;\n  }\n};\nexports.Point = class {\n  show() {\n    return 'p';\n  }\n};\n`;
  const code = instrument(src, 0, { url: URL_ });
  assert.equal(code.split('\n').length, src.split('\n').length + 1, 'no line moves');
  const { calls, module } = run(code);
  const classes = calls.filter((c) => c.cls);
  assert.deepEqual(classes.map((c) => [c.cls, c.binding]), [['module.exports', '__lmx$module$exports'], ['exports.Point', '__lmx$exports$Point']]);
  assert.equal(classes[0].value, module.exports);
  assert.equal(module.exports.name, 'Store');
  assert.equal(classes[1].value.name, '', 'a class assigned to a property takes no name');
  // An edit of a member: a class step, and no statement runs again.
  const plan = diff(src, src.replace('return 1;', 'return 2;'));
  assert.equal(plan.shape, null);
  assert.deepEqual(plan.steps.map((s) => [s.type, s.name, s.members.map((m) => m.id)]), [['class', 'module.exports', ['method list']]]);
  assert.deepEqual(plan.runStatements, []);
  // A target assigned twice stays two statements.
  const twice = `module.exports = class A {};\nmodule.exports = class B {};\n`;
  assert.deepEqual(diff(twice, twice.replace('B {}', 'B { x() {} }')).runStatements, [false, true]);
});

test('exportedKeys: what top-level statements give the exports object, or undefined when it cannot be known', async () => {
  const { exportedKeys, parseModule } = await import('../../dist/loader/analyze.js');
  const keys = (src) => { const k = exportedKeys(parseModule(src)); return k && [...k].sort(); };
  assert.deepEqual(keys(`exports.a = 1;\nmodule.exports.b = () => exports.a;\nexports.C = class {};\nconst x = 1;\n`), ['C', 'a', 'b']);
  assert.deepEqual(keys(`module.exports = { a, 'b': 2, c() {} };\nexports.d = 1;\n`), ['a', 'b', 'c', 'd']);
  assert.equal(keys(`module.exports = { ...base };\n`), undefined);
  assert.equal(keys(`module.exports = require('./x');\n`), undefined);
  assert.equal(keys(`exports.a = 1;\nObject.assign(exports, { b: 2 });\n`), undefined);
  assert.equal(keys(`for (const k of ks) module.exports[k] = 1;\n`), undefined);
});

test('hasModuleSyntax decides a file of a package with no "type" as Node does: import or export declarations and import.meta make an ES module; dynamic import(), the words in comments or strings, sloppy-mode code and a top-level return do not', async () => {
  const { hasModuleSyntax } = await import('../../dist/loader/instrument.js');
  const esm = ['import fs from "node:fs";\n', 'export const x = 1;\n', 'const u = import.meta.url;\n', '// a comment\nexport default function () {}\n', 'export * from "./x.js";\n'];
  const cjs = [
    'module.exports = { x: 1 };\n',
    '// import the config\nconst c = require("./c"); // export it\nexports.c = c;\n',
    'const s = "import x from y; export {}";\n',
    'exports.load = () => import("./esm.mjs");\n',
    'with (Math) { exports.pi = PI; }\n',
    'if (process.env.X) return;\nexports.x = 010;\n',
    'const imports = 1, exported = 2;\nmodule.exports = { imports, exported };\n',
  ];
  assert.deepEqual(esm.map(hasModuleSyntax), esm.map(() => true));
  assert.deepEqual(cjs.map(hasModuleSyntax), cjs.map(() => false));
});

test('a top-level `return` is found inside a top-level statement, not inside its functions (runtime/returned.ts)', async () => {
  const { topLevelReturn } = await import('../../dist/runtime/returned.js');
  const { parseModule } = await import('../../dist/loader/analyze.js');
  const body = (src) => parseModule(src).body;
  const [ret, nested, inFn, inClass] = body('if (a) return;\nif (b) { for (;;) { return; } }\nif (c) (function () { return 1; })();\nclass K { m() { return 1; } }\n');
  assert.equal(topLevelReturn(ret)?.type, 'ReturnStatement');
  assert.equal(topLevelReturn(nested)?.type, 'ReturnStatement');
  assert.equal(topLevelReturn(inFn), undefined);
  assert.equal(topLevelReturn(inClass), undefined);
});

test('the functions a top-level statement declares in its blocks (Annex B: module vars in sloppy code), not those in its functions, generators, async ones or names it binds lexically', async () => {
  const { blockFunctions, parseModule } = await import('../../dist/loader/analyze.js');
  const [stmt] = parseModule(
    'if (x) { function a() {} function* g() {} async function h() {} { function b() {} } (function () { function c() {} })(); let d; { function d() {} } try {} catch (e) { { function e() {} } } }\n',
  ).body;
  assert.deepEqual(blockFunctions(stmt), ['a', 'b']);
});
