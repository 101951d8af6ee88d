#!/usr/bin/env node
// The failure classes the replay found, each reduced to a few lines: a program that imports
// a module at start (namespace `ns`, every export copied into `held`), a list of saves (a
// refresh after each), then the same probe in the live process and in a fresh one on the
// final files. Prints EQUAL or DIFFER per class, with each refresh's result.
//
//   node test/replay/classes.mjs [--node /path/to/node]
//
// Not a test: what it prints is issue 12's to-do list (test/replay/README.md).
import { resolve } from 'node:path';
import { startApp } from '../helpers.mjs';

const CLASSES = [
  {
    name: 'stuck: a file first loaded by a refresh; a later save gives it a new export its importer uses',
    seen: 'nanostores 0.10.3 → 0.11.0 (deep-map/), es-toolkit 1.46.1 → 1.47.0 (_internal/globalThis.mjs)',
    entry: 'index.js',
    start: { 'index.js': `export const a = 1;\n` },
    saves: [
      { 'leaf.js': `export function get(o, k) { return o[k]; }\nfunction set(o, k, v) { return { ...o, [k]: v }; }\n`, 'index.js': `export const a = 1;\nexport { get } from './leaf.js';\n` },
      { 'leaf.js': `export function get(o, k) { return o[k]; }\nexport function set(o, k, v) { return { ...o, [k]: v }; }\n`, 'index.js': `export const a = 1;\nexport { get, set } from './leaf.js';\n` },
      { 'index.js': `export const a = 2;\nexport { get, set } from './leaf.js';\n` },
    ],
    probe: `a: () => ns.a, get: () => ns.get({ k: 'v' }, 'k')`,
  },
  {
    name: 'internal + stuck: an imported name becomes a local declaration',
    seen: 'es-toolkit 1.52.0 → 1.53.0 (compat/object/cloneDeepWith.mjs: copyProperties)',
    start: { 'a.js': `import { helper } from './b.js';\nexport function f(x) { return helper(x); }\n`, 'b.js': `export function helper(x) { return x + 1; }\n` },
    saves: [
      { 'a.js': `export function f(x) { return helper(x) * 2; }\nfunction helper(x) { return x + 10; }\n` },
      { 'b.js': `export function helper(x) { return x + 2; }\n` },
    ],
    probe: `ns: () => ns.f(1), held: () => held.f(1)`,
  },
  {
    name: 'a re-export pointed at another module: the namespace and held functions keep the old target',
    seen: 'es-toolkit compat/index.mjs, 1.31–1.39 (negate, at, flatMap, capitalize, …: `from \'../x\'` → `from \'./x\'`)',
    entry: 'index.js',
    start: {
      'index.js': `export { cap } from './m.js';\n`,
      'm.js': `export function cap(s) { return s.toUpperCase(); }\n`,
      'compat.js': `import { cap as c } from './m.js';\nexport function cap(s) { return c(String(s ?? '')); }\n`,
    },
    saves: [{ 'index.js': `export { cap } from './compat.js';\n` }],
    probe: `ns: () => ns.cap(), held: () => held.cap()`,
  },
  {
    name: 'class after a re-import: new instances keep the first version\'s constructor (a field added)',
    seen: '@tanstack/form-core 1.1.0 (FormApi.resetField), 1.6.3, 1.10.0 (state the constructor builds)',
    start: { 'a.js': `import { X } from './b.js';\nexport class Form {\n  get = () => X;\n}\n`, 'b.js': `export const X = 1;\nexport const Y = 2;\n` },
    saves: [{ 'a.js': `import { X, Y } from './b.js';\nexport class Form {\n  get = () => X;\n  reset = () => Y;\n}\n` }],
    probe: `ns: () => new ns.Form().reset(), held: () => new held.Form().reset()`,
  },
  {
    name: 'module state after a re-import: an exported `let` the module changes at run time stays frozen for unedited importers',
    seen: 'nanostores d1e42d620 (atom/index.js: new top-level `lqIndex`; computed/ reads `epoch`, so computed stores stop updating)',
    start: {
      'a.js': `export { read } from './b.js';\n`,
      's.js': `export let epoch = 0;\nexport function bump() { epoch++; }\n`,
      'b.js': `import { epoch, bump } from './s.js';\nexport const read = () => { const before = epoch; bump(); return epoch - before; };\n`,
    },
    saves: [{ 's.js': `export let epoch = 0;\nconst STEP = 1;\nexport function bump() { epoch += STEP; }\n` }],
    probe: `read: () => ns.read()`,
  },
  {
    name: 'CommonJS: a value read across require keeps the function an `exports.x = function` statement made, once that statement is gone',
    seen: 'qs 6.5.1 → 6.5.2 → 6.6.0 (utils.js `exports.decode = function` → `var decode = function` + `module.exports = { decode }`; parse.js `defaults.decoder: utils.decode`)',
    entry: 'p.cjs',
    start: {
      'u.cjs': `'use strict';\nexports.decode = function (s) {\n    return 'v1:' + s;\n};\n`,
      'p.cjs': `'use strict';\nvar utils = require('./u.cjs');\nvar defaults = { decoder: utils.decode };\nmodule.exports = function parse(s) { return defaults.decoder(s); };\n`,
    },
    saves: [{ 'u.cjs': `'use strict';\nvar decode = function (s) {\n    return 'v2:' + s;\n};\nmodule.exports = { decode: decode };\n` }],
    probe: `parse: () => ns.default('x')`,
  },
  {
    name: 'CommonJS: an object nested in `module.exports = { … }` and taken at start keeps its functions\' old code when the statement runs again (ESM: followed)',
    seen: 'qs formats.js 6.7.0 → 6.7.2 (`formatters.RFC3986` returns String(value); a `Format` constant added), old-instance case',
    entry: 'a.js',
    start: {
      'a.js': `import m from './m.cjs';\nexport const f = m.f;\n`,
      'm.cjs': `'use strict';\nmodule.exports = {\n    d: 'x',\n    f: {\n        g: function (v) {\n            return v;\n        }\n    }\n};\n`,
    },
    saves: [{ 'm.cjs': `'use strict';\nvar D = 'x';\nmodule.exports = {\n    d: D,\n    f: {\n        g: function (v) {\n            return String(v);\n        }\n    }\n};\n` }],
    probe: `g: () => typeof ns.f.g(5)`,
  },
  {
    name: 'fixed: a field with a computed key added to a class: new instances lacked it',
    seen: 'lru-cache 10.1.0 → 10.2.0 (`[Symbol.toStringTag] = \'LRUCache\'`)',
    start: { 'a.js': `export class C {\n  a = 1;\n}\n` },
    saves: [{ 'a.js': `export class C {\n  a = 1;\n  [Symbol.toStringTag] = 'C';\n}\n` }],
    probe: `tag: () => String(new ns.C())`,
  },
  {
    name: 'fixed (was a syntax error, stuck): a field added while the constructor sets a #private name the running class lacks',
    seen: 'lru-cache 11.4.0 → 11.5.0 (`backgroundFetchSize;` added, the constructor sets `#perf`, new in 11.2.0); the refresh applies, and since the running class gains #private names (docs/design.md §3.11) new instances run the new constructor',
    start: { 'a.js': `export class C {\n  #a;\n  constructor(o) {\n    this.#a = o;\n  }\n  get a() { return this.#a; }\n}\n` },
    saves: [{ 'a.js': `export class C {\n  #a;\n  #p;\n  b;\n  constructor(o) {\n    this.#a = o;\n    this.#p = 2;\n  }\n  get a() { return this.#a; }\n}\n` }],
    probe: `a: () => new ns.C(1).a`,
  },
  {
    name: 'fixed: a class whose new text declares #private names its running class was not created with: members using them kept their old code',
    seen: 'lru-cache 10.3.0 on (most releases add some: `#memoMethod`, `#onInsert`, `#perf`, …)',
    start: { 'a.js': `export class C {\n  #a = 1;\n  get a() { return this.#a; }\n}\nexport const old = new C();\n` },
    saves: [{ 'a.js': `export class C {\n  #a = 1;\n  #b = 2;\n  static #n = 3;\n  #sum() { return this.#a + this.#b + C.#n; }\n  get a() { return this.#sum(); }\n}\nexport const old = new C();\n` }],
    probe: `a: () => new ns.C().a, old: () => ns.old.a`,
  },
  {
    name: 'fixed: a removed `F.prototype.m = function` statement left the method on the prototype (CommonJS and ESM alike)',
    seen: 'eventemitter3 2.0.0 (`EventEmitter.prototype._events = undefined` gone), 3.0.0 (`setMaxListeners` gone)',
    entry: 'e.cjs',
    start: { 'e.cjs': `'use strict';\nfunction E() {}\nE.prototype._x = undefined;\nE.prototype.a = function a() { return 1; };\nE.prototype.b = function b() { return 2; };\nmodule.exports = E;\n` },
    saves: [{ 'e.cjs': `'use strict';\nfunction E() { this._x = 0; }\nE.prototype.a = function a() { return 10; };\nmodule.exports = E;\n` }],
    probe: `keys: () => Object.keys(ns.default.prototype), a: () => new ns.default().a()`,
  },
  {
    name: 'fixed: a re-imported CommonJS version ran before what it requires evaluated the same refresh: a key added there read as undefined',
    seen: 'commander 12.1.0 → 13.0.0-0 (help.js gains `exports.stripColor`; command.js, re-imported for the new name, destructures it: "stripColor is not a function" in every help text)',
    entry: 'a.cjs',
    start: { 'b.cjs': `exports.Help = 1;\n`, 'a.cjs': `const { Help } = require('./b.cjs');\nclass C { run(s) { return s; } }\nexports.go = () => new C().run(' x ');\n` },
    saves: [{ 'b.cjs': `exports.Help = 1;\nfunction strip(s) { return s.trim(); }\nexports.strip = strip;\n`, 'a.cjs': `const { Help, strip } = require('./b.cjs');\nclass C { run(s) { return strip(s); } }\nexports.go = () => new C().run(' x ');\n` }],
    probe: `go: () => ns.default.go()`,
  },
  {
    name: 'fixed: after a re-import, an inline function of a statement not run again called the first version\'s private helper',
    seen: 'reducing the commander replay (a CommonJS re-import for a new destructured require name: `exports.go = () => run(x)` kept the old `run`; ES modules alike with `o.go = …`)',
    entry: 'a.cjs',
    start: { 'a.cjs': `function run(s) { return s; }\nexports.go = () => run(' x ');\n` },
    saves: [{ 'a.cjs': `class K {}\nfunction run(s) { return s.trim(); }\nexports.go = () => run(' x ');\n` }],
    probe: `go: () => ns.default.go()`,
  },
  {
    name: 'fixed (was a syntax error at load): a parenthesized default export, `export default (function …)`',
    seen: 'dayjs esm/plugin/* (every plugin, as Babel writes it): limeade dropped the opening parenthesis',
    start: { 'a.js': `export default (function (o) { return o + 1; });\n` },
    saves: [{ 'a.js': `export default (function (o) { return o + 2; });\n` }],
    probe: `ns: () => ns.default(1), held: () => held.default(1)`,
  },
  {
    name: 'fixed: a method a plugin assigned to a prototype, whose parameters an edit changed, kept its old code',
    seen: 'dayjs 1.9.4 (timezone: `d.tz = function (input, timezone)` → `(input, arg1, arg2)`, `proto.tz` gains `keepLocalTime`)',
    start: { 'a.js': `function C() {}\nexport const c = new C();\nexport const plugin = function (K) {\n  K.prototype.tz = function (input) { return input; };\n};\nplugin(C);\n` },
    saves: [{ 'a.js': `function C() {}\nexport const c = new C();\nexport const plugin = function (K) {\n  K.prototype.tz = function (input, zone) { return input + (zone || '-'); };\n};\nplugin(C);\n` }],
    probe: `ns: () => ns.c.tz('x', 'y'), held: () => held.c.tz('x')`,
  },
  {
    name: 'a plugin function that ran at start gains a method it assigns to a prototype: not installed (noted; restart)',
    seen: 'dayjs 1.9.4 (duration: `Dayjs.prototype.subtract = …`), 1.9.7 (timezone: `proto.startOf = …`), 1.10.0 (relativeTime: `proto.fromToBase = …`)',
    start: { 'a.js': `function C() {}\nexport const c = new C();\nexport const plugin = function (K) {\n  K.prototype.a = function () { return 1; };\n};\nplugin(C);\n` },
    saves: [{ 'a.js': `function C() {}\nexport const c = new C();\nexport const plugin = function (K) {\n  K.prototype.a = function () { return 1; };\n  K.prototype.b = function () { return 2; };\n};\nplugin(C);\n` }],
    probe: `b: () => ns.c.b()`,
  },
  {
    name: 'fixed: a class compiled for ES5 (`var X = function () { function X() {} … return X; }()`) gaining a method was built anew: what was made before kept the old class',
    seen: 'dayjs 1.9.7, 1.11.8 (duration: `Duration` gains `format`, then `valueOf`; a duration made at start is no longer `instanceof Duration`)',
    start: { 'a.js': `var X = function () {\n  function X(v) { this.v = v; }\n  X.prototype.get = function () { return this.v; };\n  return X;\n}();\nexport const box = {};\nbox.kept = new X(1);\nexport const make = (v) => new X(v);\nexport const is = (x) => x instanceof X;\n` },
    saves: [{ 'a.js': `var X = function () {\n  function X(v) { this.v = v; }\n  X.prototype.get = function () { return this.v; };\n  X.prototype.twice = function () { return this.v * 2; };\n  return X;\n}();\nexport const box = {};\nbox.kept = new X(1);\nexport const make = (v) => new X(v);\nexport const is = (x) => x instanceof X;\n` }],
    probe: `made: () => [ns.make(2).twice(), ns.is(ns.make(2))], kept: () => [ns.is(ns.box.kept), typeof ns.box.kept.twice]`,
  },
];

const argv = process.argv.slice(2);
const node = argv.includes('--node') ? resolve(argv[argv.indexOf('--node') + 1]) : process.execPath;

function program(c) {
  return `import './harness.js';
import * as ns from './${c.entry ?? 'a.js'}';
const held = { ...ns };
globalThis.probe = () => {
  const out = {};
  for (const [k, f] of Object.entries({ ${c.probe} })) {
    try { out[k] = f(); } catch (e) { out[k] = 'throws ' + e.message; }
  }
  return out;
};
`;
}

for (const c of CLASSES) {
  const main = program(c);
  const live = await startApp({ 'main.js': main, ...c.start }, { node });
  // One round trip first: the program has evaluated, so a file it `require`s (read when the
  // requiring module runs, not when the ESM graph links) is loaded before the first save.
  await live.eval('1');
  const refreshes = [];
  let files = { ...c.start };
  let got;
  try {
    for (const save of c.saves) {
      for (const [f, text] of Object.entries(save)) await live.write(f, text);
      files = { ...files, ...save };
      const r = await live.refresh();
      refreshes.push(r.ok ? `ok (${r.modules.map((m) => `${m.file}: ${m.path}`).join(', ')})` : `FAILED ${r.error.kind}: ${r.error.message.split('\n')[0]}`);
    }
    got = await live.eval('probe()');
  } finally {
    await live.stop();
  }
  const fresh = await startApp({ 'main.js': main, ...files }, { node });
  let want;
  try {
    want = await fresh.eval('probe()');
  } finally {
    await fresh.stop();
  }
  // Every save's files load in a fresh process: a failed refresh is a difference too.
  const same = JSON.stringify(got) === JSON.stringify(want) && refreshes.every((r) => r.startsWith('ok'));
  console.log(`${same ? 'EQUAL ' : 'DIFFER'} ${c.name}\n  seen in: ${c.seen}`);
  refreshes.forEach((r, i) => console.log(`  save ${i + 1}: ${r}`));
  if (!same) console.log(`  fresh: ${JSON.stringify(want)}\n  live:  ${JSON.stringify(got)}`);
}
