// instrument(): for a corpus of real-world module shapes, the output
//   (a) parses as an ES module,
//   (b) keeps every original line on its line (docs/design.md §3.4: stack traces need no source map),
//   (c) behaves like the original when evaluated against the real runtime registry.
// Fixtures are self-contained (they run from data: URLs, which can import node: builtins only).
// A test marked `todo: 'bug: …'` documents a known defect of the loader; see the list at the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, tokenizer } from 'acorn';
import { instrument, RUNTIME_KEY } from '../../dist/loader/instrument.js';
import { tagHolders } from '../../dist/loader/contract.js';
import { LimeadeSyntaxError } from '../../dist/loader/analyze.js';
import { Registry } from '../../dist/runtime/registry.js';
import { slotKey } from '../../dist/runtime/families.js';
import { setHolder } from '../../dist/runtime/slots.js';

// The global the instrumented prologue reads (RUNTIME_KEY).
const RUNTIME = RUNTIME_KEY;
const records = [];
const registry = new Registry((record) => records.push(record));
globalThis[RUNTIME] = registry;

const ACORN = { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true };

let loads = 0;
/** Evaluate module text as a fresh module instance (the trailing comment line makes each URL unique). */
const load = (code) => import(`data:text/javascript,${encodeURIComponent(`${tagHolders(code)}\n// load ${++loads}`)}`);

// ---------------------------------------------------------------------------------------
// (b) line check

const lineCount = (s) => s.split(/\r\n?|\n|\u2028|\u2029/).length;

function lex(src) {
  const tokens = [];
  const comments = [];
  const opts = {
    ...ACORN,
    locations: true,
    onComment: (_block, _text, start, end, startLoc, endLoc) =>
      comments.push({ raw: src.slice(start, end), line: startLoc.line, endLine: endLoc.line }),
  };
  for (const t of tokenizer(src, opts)) {
    tokens.push({ label: t.type.label, raw: src.slice(t.start, t.end), value: t.value, line: t.loc.start.line, endLine: t.loc.end.line, start: t.start, end: t.end });
  }
  // `new.target` is one unit (a constructor rewrite may replace it by one identifier).
  const merged = [];
  for (let i = 0; i < tokens.length; i++) {
    const [a, b, c] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    if (a.label === 'new' && b?.label === '.' && c?.label === 'name' && c.value === 'target' && a.line === c.line) {
      merged.push({ label: 'new.target', raw: 'new.target', value: 'new.target', line: a.line, endLine: a.line });
      i += 2;
    } else if (a.label === 'super' && b?.label === '.' && c?.label === 'name' && a.line === c.line) {
      // `super.x` is one unit too: a derived constructor's rewrite makes it `__lmSG("x")`.
      merged.push({ ...a, raw: `super.${c.value}` });
      i += 2;
    } else merged.push(a);
  }
  return { tokens: merged, comments };
}

const generated = (o) => typeof o.value === 'string' && (o.value.startsWith('__lm') || o.value.startsWith('"__lm'));

/**
 * May output token `o` stand for input token `t` on the same line? The raw text must be the
 * same, except for the rewrites the instrumenter documents: `const` → `let`, a top-level
 * function's name → its implementation slot `name$lm`, a `#private` method's key → the
 * string "__lm#name", and in a constructor `arguments` and `constructor` / `this` / `super` / `new.target` →
 * generated `__lm…` names.
 */
function stands(t, o) {
  if (o.endLine !== t.endLine) return false;
  if (o.raw === t.raw) return true;
  if (t.raw === 'const' && o.raw === 'let') return true;
  if (t.label === 'name' && o.label === 'name' && o.value === `${t.value}$lm`) return true;
  if (t.label === 'privateId' && o.label === 'string' && o.value === `__lm#${t.value}`) return true;
  if ((t.value === 'constructor' || t.value === 'arguments' || t.label === 'this' || t.label === 'super' || t.label === 'new.target') && generated(o)) return true;
  return false;
}

/**
 * Where the parameters with defaults or patterns of functions that get a guard are (not
 * top-level functions, which get a handle): the guard moves them into the body, after its
 * `{` (loader/params.ts).
 */
function movedParams(src) {
  const program = parse(src, ACORN);
  const top = new Set();
  for (let st of program.body) {
    if (st.type.startsWith('Export') && st.declaration) st = st.declaration;
    if (st.type === 'FunctionDeclaration' || /Function/.test(st.type)) top.add(st);
    if (st.type === 'VariableDeclaration') for (const d of st.declarations) top.add(d.init);
  }
  const out = [];
  const visit = (n) => {
    if (!n || typeof n.type !== 'string') return;
    if (/Function/.test(n.type) && !top.has(n) && !n.params.every((p) => p.type === 'Identifier')) for (const p of n.params) out.push([p.start, p.end]);
    for (const k in n) {
      const v = n[k];
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') visit(v);
    }
  };
  visit(program);
  return out;
}

function assertLinesKept(src, out) {
  src = src.replace(/^\ufeff/, ''); // instrument drops a byte order mark (acorn's lexer rejects one before #!)
  const nIn = lineCount(src);
  const nOut = lineCount(out);
  assert.ok(nOut === nIn || nOut === nIn + 1, `output has ${nOut} lines for ${nIn} input lines (expected ${nIn} or ${nIn + 1})`);
  const a = lex(src);
  const b = lex(out);
  const moved = movedParams(src);
  const outByLine = new Map();
  for (const o of b.tokens) {
    if (!outByLine.has(o.line)) outByLine.set(o.line, []);
    outByLine.get(o.line).push(o);
  }
  const inByLine = new Map();
  for (const t of a.tokens) {
    if (!inByLine.has(t.line)) inByLine.set(t.line, []);
    inByLine.get(t.line).push(t);
  }
  for (const [line, ins] of inByLine) {
    const outs = outByLine.get(line) ?? [];
    let j = 0;
    for (const t of ins) {
      if (t.label === 'export' || t.label === 'default') continue; // blanked for declarations
      if (moved.some(([from, to]) => t.start >= from && t.end <= to)) continue;
      while (j < outs.length && !stands(t, outs[j])) j++;
      assert.ok(
        j < outs.length,
        `input line ${line}: token ${JSON.stringify(t.raw)} is not (in order) on output line ${line}\n` +
          `  in:  ${src.split('\n')[line - 1]?.slice(0, 300)}\n  out: ${out.split('\n')[line - 1]?.slice(0, 300)}`,
      );
      j++;
    }
  }
  const outComments = b.comments.map((c) => `${c.line}:${c.endLine}:${c.raw}`);
  for (const c of a.comments) {
    const k = outComments.indexOf(`${c.line}:${c.endLine}:${c.raw}`);
    assert.ok(k >= 0, `comment ${JSON.stringify(c.raw)} of input line ${c.line} is not on output line ${c.line}`);
    outComments.splice(k, 1);
  }
}

// ---------------------------------------------------------------------------------------
// (c) behaviour

/** What a program can observe of an export without calling it. */
function observe(v, depth = 0) {
  if (typeof v === 'function') {
    const isClass = /^class\b/.test(Function.prototype.toString.call(v));
    const o = {
      type: isClass ? 'class' : 'function',
      name: typeof v.name === 'string' ? v.name : typeof v.name,
      tag: Object.prototype.toString.call(v),
      parent: Object.getPrototypeOf(v)?.name ?? null,
    };
    if (!isClass) o.length = v.length; // class .length is checked on its own (see below)
    if (isClass) {
      o.statics = Reflect.ownKeys(v).map(String).sort();
      o.protoKeys = Reflect.ownKeys(v.prototype).map(String).sort();
    }
    return o;
  }
  if (v && typeof v === 'object') {
    if (depth > 0) return `object ${Object.keys(v).length}`;
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, observe(v[k], depth + 1)]));
  }
  return v;
}

async function outcome(fn) {
  try {
    return { value: await fn() };
  } catch (err) {
    return { error: `${err?.constructor?.name}: ${err?.message}` };
  }
}

async function behaviour(code, check) {
  return outcome(async () => {
    const ns = await load(code);
    return { exports: observe(ns), check: check ? await check(ns) : null };
  });
}

const collect = async (it) => {
  const out = [];
  for await (const x of it) out.push(x);
  return out;
};

// ---------------------------------------------------------------------------------------
// The corpus. `todo` marks a known defect (per check) so the suite stays green.

const LONG_ARRAY = Array.from({ length: 3000 }, (_, i) => i).join(', ');
const LONG_METHODS = Array.from({ length: 200 }, (_, i) => `m${i}() { return ${i} }`).join(' ');

const corpus = [
  {
    name: 'export { a as default }',
    src: `function a(x) { return x * 2 }
const b = (y) => a(y) + 1
export { a as default, b }
`,
    check: (ns) => [ns.default(21), ns.b(1), ns.default.name, ns.b.name],
  },
  {
    name: 'export default class extends X {}',
    src: `export class X {
  hi() { return 'hi from ' + this.constructor.name }
  static make() { return new this() }
}
export default class extends X {
  hi() { return super.hi() + '!' }
}
`,
    check: (ns) => [new ns.default().hi(), ns.default.make() instanceof ns.X, ns.default.make().hi(), Object.getPrototypeOf(ns.default) === ns.X],
  },
  {
    name: 'export default function () {}',
    src: `export default function (a, b) {
  return 'anon:' + arguments.length
}
`,
    check: (ns) => [ns.default(1, 2, 3), new ns.default() instanceof ns.default],
  },
  {
    name: 'export default async function* gen(){}',
    src: `export default async function* gen(n) {
  for (let i = 0; i < n; i++) yield i * 2
}
export const viaName = () => gen
`,
    check: async (ns) => [await collect(ns.default(3)), ns.viaName() === ns.default],
  },
  {
    name: 'export default (a) => a',
    src: `export default (a) => a
`,
    check: (ns) => [ns.default(5), ns.default(ns.default) === ns.default],
  },
  {
    name: 'export default async () => {}',
    src: `export default async (x, y) => x + y;
`,
    check: async (ns) => [await ns.default(1, 2)],
  },
  {
    name: 'export default 42',
    src: `export default 42
export const also = 1
`,
    check: (ns) => [ns.default, ns.also],
  },
  {
    name: 'export default { x: 1 }',
    src: `export default {
  x: 1,
  f() { return this.x },
}
`,
    check: (ns) => [ns.default.x, ns.default.f()],
  },
  {
    name: 'string-literal export names',
    src: `const a = 1
function b() { return 'b' }
class K {}
export { a as "a-b", b as "b c", K as "🍋" }
`,
    check: (ns) => [ns['a-b'], ns['b c'](), ns['🍋'].name],
  },
  {
    name: "export * from 'node:path'",
    src: `export * from 'node:path'
export const mine = 1
`,
    check: (ns) => [ns.join('a', 'b'), ns.mine],
  },
  {
    name: "export * as ns from 'node:path'",
    src: `export * as ns from 'node:path'
export * as os from 'node:os'
`,
    check: (ns) => [ns.ns.join('a', 'b'), typeof ns.os.EOL],
  },
  {
    name: 'top-level await',
    src: `const wait = (ms) => new Promise((r) => setTimeout(r, ms))
await wait(1)
const v = await Promise.resolve(5)
export const w = v * 2
export async function f() { return (await v) + 1 }
export const seen = []
for await (const x of [1, Promise.resolve(2)]) seen.push(x)
`,
    check: async (ns) => [ns.w, await ns.f(), ns.seen],
  },
  {
    name: 'class static blocks',
    src: `export class Config {
  static values = []
  static { this.values.push('block1') }
  static count = this.values.push('field')
  static {
    this.values.push('block2:' + this.helper() + ':' + Config.#secret())
  }
  static helper() { return 'h' }
  static #secret() { return 's' }
}
`,
    check: (ns) => [ns.Config.values, ns.Config.count],
  },
  {
    name: 'static fields calling static methods',
    src: `export class Registry {
  static default = Registry.make('d')
  static viaThis = this.make('t')
  static make(name) { return new Registry(name) }
  constructor(name) { this.name = name }
  describe() { return 'registry ' + this.name }
}
`,
    check: (ns) => [ns.Registry.default.describe(), ns.Registry.viaThis.name, ns.Registry.default instanceof ns.Registry],
  },
  {
    name: 'static private methods called from static initializers',
    src: `export class Pool {
  static #make(n) { return new Pool(n) }
  static #count = 0
  static shared = Pool.#make(3)
  static second = this.#make(4)
  #size
  constructor(n) { this.#size = n; Pool.#count++ }
  get size() { return this.#size }
  static get count() { return Pool.#count }
  static has(o) { return #size in o }
}
`,
    check: (ns) => [ns.Pool.shared.size, ns.Pool.second.size, ns.Pool.count, ns.Pool.has(ns.Pool.shared), ns.Pool.has({})],
  },
  {
    name: 'private getters and setters',
    src: `export class Temp {
  #c = 0
  get #f() { return this.#c * 9 / 5 + 32 }
  set #f(v) { this.#c = (v - 32) * 5 / 9 }
  static get #unit() { return 'F' }
  static set #unit(v) { Temp.last = v }
  setF(v) { this.#f = v; return this }
  read() { return this.#f + Temp.#unit }
  static tag(v) { Temp.#unit = v; return Temp.last }
  static isTemp(o) { return #f in o }
}
`,
    check: (ns) => [new ns.Temp().setF(212).read(), ns.Temp.tag('x'), ns.Temp.isTemp(new ns.Temp()), ns.Temp.isTemp({})],
  },
  {
    name: 'getter/setter pairs',
    src: `export class Box {
  #v = 1
  get value() { return this.#v }
  set value(v) { this.#v = v * 10 }
  static #all = 0
  static get total() { return Box.#all }
  static set total(v) { Box.#all = v }
  get onlyGet() { return 'g' }
  set onlySet(v) { this.last = v }
}
export const plain = { get x() { return 1 }, set x(v) {} }
`,
    check: (ns) => {
      const b = new ns.Box();
      b.value = 2;
      ns.Box.total = 5;
      b.onlySet = 7;
      const d = (o, k) => {
        const x = Object.getOwnPropertyDescriptor(o, k);
        return { get: x.get?.name, set: x.set?.name, enumerable: x.enumerable, configurable: x.configurable };
      };
      return [b.value, ns.Box.total, b.onlyGet, b.last, d(ns.Box.prototype, 'value'), d(ns.Box, 'total'), d(ns.Box.prototype, 'onlyGet'), d(ns.Box.prototype, 'onlySet'), ns.plain.x];
    },
  },
  {
    name: 'methods named like keywords (get, set, delete, class, static, …)',
    src: `export class Store {
  #data = new Map()
  'constructor'() { this.made = true }
  get(k) { return this.#data.get(k) }
  set(k, v) { this.#data.set(k, v); return this }
  delete(k) { return this.#data.delete(k) }
  class() { return 'class' }
  static static() { return 'static' }
  static get get() { return 'static getter named get' }
  new() { return 'new' }
  async() { return 'async' }
  'quoted key'() { return 'q' }
  42() { return 42 }
  0x10() { return 16 }
  static name() { return 'custom name' }
  static constructor() { return 'static method named constructor' }
}
`,
    check: (ns) => {
      const s = new ns.Store();
      const { Store } = ns;
      return [
        s.set('a', 1).get('a'), s.delete('a'), s.class(), Store.static(), Store.get, s.new(), s.async(),
        s['quoted key'](), s[42](), s[16](), Store.name(), Store.constructor(), s.made,
        Object.getOwnPropertyNames(Store.prototype).sort(), Object.getOwnPropertyNames(Store).sort(),
        Store.prototype.get.name, Store.prototype.delete.length,
      ];
    },
  },
  {
    name: 'computed keys',
    src: `const key = 'dyn'
export class Bag {
  #items = [1, 2, 3];
  *[Symbol.iterator]() { yield* this.#items }
  [key + 'amic']() { return 'computed' }
  get [Symbol.toStringTag]() { return 'Bag' }
  static [Symbol.hasInstance](o) { return Array.isArray(o) }
  ['literal']() { return 'lit' }
}
`,
    check: (ns) => [[...new ns.Bag()], new ns.Bag().dynamic(), String(new ns.Bag()), [] instanceof ns.Bag, new ns.Bag().literal()],
  },
  {
    name: 'generators and async methods',
    src: `export class Gen {
  *nums() { yield 1; yield 2 }
  async val() { return 3 }
  async *stream() { yield 4; yield 5 }
  static async sval() { return 6 }
  *#hidden() { yield 7 }
  async #later() { return 8 }
  static *sgen() { yield 9 }
  all() { return [...this.nums(), ...this.#hidden()] }
  later() { return this.#later() }
}
`,
    check: async (ns) => {
      const g = new ns.Gen();
      const tag = (f) => Object.prototype.toString.call(f);
      return [
        g.all(), await g.val(), await collect(g.stream()), await ns.Gen.sval(), await g.later(), [...ns.Gen.sgen()],
        [g.nums, g.val, g.stream, ns.Gen.sval, ns.Gen.sgen].map(tag),
      ];
    },
  },
  {
    name: 'new.target in an old-style constructor function',
    src: `export function Point(x, y) {
  if (!new.target) return new Point(x, y)
  this.x = x
  this.y = y
}
Point.prototype.norm = function () { return Math.hypot(this.x, this.y) }
Point.origin = function () { return Point(0, 0) }
export function Legacy(v) {
  if (!(this instanceof Legacy)) return new Legacy(v)
  this.v = v
}
Legacy.prototype = { constructor: Legacy, get() { return this.v } }
export class Point3 extends Point {
  constructor(x, y, z) { super(x, y); this.z = z }
}
export class Legacy2 extends Legacy {
  constructor(v) { super(v * 2) }
}
export function Made(x) { return { made: x } }
export function Counted() { Counted.n = (Counted.n || 0) + 1; this.n = Counted.n }
`,
    check: (ns) => {
      const { Point, Legacy, Point3, Legacy2, Made, Counted } = ns;
      return [
        new Point(3, 4).norm(), Point(3, 4).norm(), Point(1, 1) instanceof Point, Point.origin().norm(),
        Legacy(5).get(), new Legacy(6) instanceof Legacy, new Point3(1, 2, 2).norm(), new Point3(1, 2, 2) instanceof Point,
        Point.prototype.constructor === Point, Point(1, 2).constructor === Point, JSON.stringify(new Point3(1, 2, 3)),
        // Functions that do not read new.target (plain handles): new, super(), a returned object.
        new Legacy2(4).get(), new Legacy2(4) instanceof Legacy, Object.getPrototypeOf(new Legacy2(1)) === Legacy2.prototype,
        JSON.stringify(new Made(1)), new Made(1) instanceof Made, new Counted().n, new Counted() instanceof Counted,
        Object.getPrototypeOf(new Counted()) === Counted.prototype,
      ];
    },
  },
  {
    name: 'functions used before their declaration (hoisting)',
    src: `export const early = useLater(2)
export const viaDefault = twice(4)
function useLater(x) { return helper(x) + 1 }
function helper(x) { return x * 10 }
export default function twice(x) { return x * 2 }
export const fact = (n) => (n <= 1 ? 1 : n * fact(n - 1))
export function isEven(n) { return n === 0 ? true : isOdd(n - 1) }
function isOdd(n) { return n === 0 ? false : isEven(n - 1) }
`,
    check: (ns) => [ns.early, ns.viaDefault, ns.fact(5), ns.isEven(10)],
  },
  {
    name: 'labels',
    src: `export const found = []
outer: for (let i = 0; i < 3; i++) {
  inner: for (let j = 0; j < 3; j++) {
    if (j === 1) continue outer
    if (i === 2) break outer
    found.push([i, j])
  }
}
block: {
  found.push('in block')
  break block
}
export function search(grid) {
  let hit = null
  rows: for (const row of grid) for (const cell of row) if (cell) { hit = cell; break rows }
  return hit
}
`,
    check: (ns) => [ns.found, ns.search([[0, 0], [0, 'x'], ['y']])],
  },
  {
    name: 'ASI-sensitive code',
    src: `export const log = []
const s = 'abc'
[1]
const t = (x) => x
(5)
let n = 1
++n
const g = function () { return 'g' }
;[1, 2].forEach((x) => log.push(x))
;(function () { log.push('iife') })()
export default 42
;\`tpl\`.length
var v = 1, w = () => 2
;(() => log.push('arrow iife ' + w()))()
function decl() { return 'decl' }
(decl)
class K {}
[0].map(() => log.push(typeof K))
export { s, t, g, n, v, w, decl }
`,
    check: (ns) => [ns.log, ns.default, ns.s, ns.t((y) => y * 3), ns.g(), ns.n, ns.v, ns.w(), ns.decl()],
  },
  {
    name: 'comments and template literals containing code-like text',
    src: `export const code = "function f() { return 1 }"
/* class X { method() {} } */
export const tpl = \`
function g() { return 2 }
class Y extends Z {}
export default \${code.length}
\`
// const z = 1; export function fake() {}
export function real() { return tpl.split('\\n').length + code.length /* ) { */ }
export const nested = \`outer \${\`inner \${'function h() {}'} \`} end\`
const re = /function\\s+\\w+\\(\\)/g
export const matches = (code + tpl).match(re)
export default function /* x */ named() { return 'named' } // trailing
/**
 * export function doc() {}
 */
export class Q { /* { */ m() { return '} //' } /* } */ }
`,
    check: (ns) => [ns.real(), ns.nested, ns.matches, ns.default(), ns.tpl, new ns.Q().m()],
  },
  {
    name: 'regex literals',
    src: `export const re = /[/]class\\/(?<n>\\d+)/gu
export const m = [...'a/class/12 b/class/7'.matchAll(re)].map((x) => x.groups.n)
const ten = 10, two = 2
export const half = ten / two / 1
export const div = (x) => x / 2 / 1, hasArrow = (s) => /=>/.test(s)
export const tricky = [/\\/*not a comment*\\//.source, /\`/.test('\`'), /"/.source, /[\\]/]/.source]
`,
    check: (ns) => [ns.m, ns.half, ns.div(8), ns.hasArrow('a => b'), ns.tricky],
  },
  {
    name: 'very long lines',
    src: `export const big = [${LONG_ARRAY}]; export function sum() { return big.reduce((a, b) => a + b, 0) }; export class Long { ${LONG_METHODS} }
export const after = sum()
`,
    check: (ns) => [ns.sum(), new ns.Long().m199(), ns.big.length, ns.after],
  },
  {
    name: '#! line',
    src: `#!/usr/bin/env node
export function main() { return 'ran' }
export const v = main()
`,
    check: (ns) => [ns.v, ns.main()],
  },
  {
    name: '#! line only, no newline',
    src: `#!/usr/bin/env node`,
  },
  {
    name: 'unicode identifiers',
    src: `const ñandú = () => 1
export class Ünïcode {
  método() { return ñandú() + 1 }
  get ŝtate() { return 'ok' }
  #prívate() { return 'p' }
  pr() { return this.#prívate() }
}
export function 函数(x) { return x }
export function \\u0066n() { return 'escaped' }
export { ñandú }
`,
    check: (ns) => [ns.ñandú(), new ns.Ünïcode().método(), new ns.Ünïcode().ŝtate, new ns.Ünïcode().pr(), ns.函数(3), ns.fn()],
  },
  {
    name: 'multiple declarators',
    src: `const obj = { c: 3, d: 4 }
export const a = 1, b = () => 2, { c, d } = obj, [e, , f = 6] = [5]
export let g = function () { return 'g' }, h = class { k() { return 'h' } }
`,
    check: (ns) => [ns.a, ns.b(), ns.c, ns.d, ns.e, ns.f, ns.g(), new ns.h().k()],
  },
  {
    name: 'let / var functions',
    src: `export let lf = function named() { return 'lf' }
export var vf = () => 'vf'
var va = async function () { return 'va' }
let gen = function* () { yield 1 }
export { va, gen }
`,
    check: async (ns) => [ns.lf(), ns.vf(), await ns.va(), [...ns.gen()]],
  },
  {
    name: 'class expressions',
    src: `export const C = class { m() { return 'C.m' } static s() { return 'C.s' } }
export const D = class Named {
  static who() { return Named.name }
  #p() { return 'p' }
  usesP() { return this.#p() }
}
export const E = class extends D { m() { return 'E' } }
`,
    check: (ns) => [new ns.C().m(), ns.C.s(), ns.D.who(), new ns.D().usesP(), new ns.E().usesP(), new ns.E().m()],
  },
  {
    name: 'destructuring exports',
    src: `const obj = { a: 1, b: { c: 2 }, rest1: 3, rest2: 4 }
export const { a, b: { c }, ...rest } = obj
export const [x, , y = 'dflt', ...others] = [10, 20, undefined, 30, 40]
export let { z = () => 'z' } = {}
`,
    check: (ns) => [ns.a, ns.c, ns.rest, ns.x, ns.y, ns.others, ns.z()],
  },
  {
    name: 'constructors (base, derived, returns, fields)',
    src: `class Base {
  base = 'field'
  constructor(a) { this.a = a; this.kind = new.target.name }
  hello() { return 'base ' + this.a }
}
export class Derived extends Base {
  extra = this.a + 1
  constructor(a, b = 2) {
    const early = () => this;
    super(a)
    this.b = b
    this.sameThis = early() === this
    this.greeting = super.hello()
  }
}
export class Returns { constructor(o) { if (o) return o; this.own = true } }
export class DerivedReturn extends Base {
  constructor(flag) {
    super(1)
    if (flag) return
    this.after = true
  }
}
export class NoCtor extends Base { z = 3; }
export class Empty {}
`,
    check: (ns) => {
      const j = (o) => JSON.stringify(o);
      return [
        j(new ns.Derived(1)), new ns.Derived(1) instanceof Object.getPrototypeOf(ns.Derived), j(new ns.Returns({ x: 1 })), j(new ns.Returns()),
        j(new ns.DerivedReturn(true)), j(new ns.DerivedReturn(false)), j(new ns.NoCtor(5)), new ns.Empty() instanceof ns.Empty,
        Object.getPrototypeOf(new ns.Derived(1)) === ns.Derived.prototype,
      ];
    },
  },
  {
    name: 'derived constructor: a line before super(…) or after a bare return without semicolon',
    src: `class Base { constructor(v) { this.v = v } }
export class D extends Base {
  constructor(v) {
    const self = () => this
    super(v)
    if (v > 1) return
    [1, 2].forEach((x) => { this['k' + x] = x })
  }
}
`,
    check: (ns) => [JSON.stringify(new ns.D(1)), JSON.stringify(new ns.D(2))],
  },
  {
    name: 'last line is a // comment without trailing newline',
    src: `export const x = 1
export function f() { return x }
// the end`,
    check: (ns) => [ns.f()],
  },
  { name: 'empty module', src: '' },
  { name: 'comments only', src: '\n\n// nothing here\n/* really */\n' },
  {
    name: 'only imports',
    src: `import 'node:path'
import { join } from 'node:path'
import * as fs from 'node:fs'
import os, { EOL } from 'node:os'
`,
  },

  // --- shapes that reveal defects (see the bug list in the final report) ---------------
  {
    name: 'a top-level binding named Symbol (lodash-es _Symbol.js)',
    src: `var Symbol = globalThis.Symbol;
export default Symbol;
`,
    check: (ns) => [ns.default === globalThis.Symbol],
  },
  {
    name: 'a var function declared twice',
    src: `var f = function () { return 1 }
var f = function () { return 2 }
export const r = f()
export { f }
`,
    check: (ns) => [ns.r, ns.f()],
  },
  {
    name: 'anonymous default function with a ( in a comment before its parameters',
    src: `export default function /* ( */ () { return 1 }
`,
    check: (ns) => [ns.default()],
  },
  {
    name: "a #private method next to a public '#name' string key",
    src: `export class C {
  #m() { return 'private' }
  '#m'() { return 'public' }
  t() { return this.#m() + ' ' + this['#m']() }
}
`,
    check: (ns) => [new ns.C().t()],
  },
  {
    name: 'inline functions in top-level statements and declarations (issue 13)',
    src: `export const out = [];
export const handlers = [];
handlers.push((a, b) => a + b, x =>
  x * 2, async (y) => y, function (z) { return this === undefined ? z : [z, arguments.length]; });
export const made = [1, 2].map((n) => ({ n }));
export const obj = { m() { return 1; }, f: () => ({ k: 1 }) };
export const gen = [function* (n) { yield n; }];
for (const n of [1]) out.push(() => n);
export const nested = ((f) => () => f)(() => 3);
export const defaults = [(a = 1, { b } = {}) => a + (b ?? 0)];
`,
    check: async (ns) => [
      ns.handlers[0](1, 2), ns.handlers[1](3), await ns.handlers[2](4), ns.handlers[3](5), ns.handlers[3].call(1, 6, 7),
      ns.made, ns.obj.f(), [...ns.gen[0](8)], ns.out[0](), ns.nested()(), ns.defaults[0](),
    ],
  },
  {
    name: 'one-line class ending in a field without semicolon',
    src: `export class P { x = 1 }
export class Q { #m() { return 2 } y = this.#m() }
export default class { static n = this.name }
`,
    check: (ns) => [new ns.P().x, new ns.Q().y, ns.default.n],
  },
];

for (const fx of corpus) {
  const todo = fx.todo ?? {};
  test(`${fx.name}: output parses as a module (versions 0 and 1)`, { todo: todo.parse }, () => {
    for (const version of [0, 1]) {
      const out = instrument(fx.src, version);
      assert.doesNotThrow(() => parse(out, ACORN), `version ${version}:\n${out.slice(0, 2000)}`);
    }
  });
  test(`${fx.name}: every line stays on its line`, { todo: todo.lines }, () => {
    for (const version of [0, 1]) assertLinesKept(fx.src, instrument(fx.src, version));
  });
  test(`${fx.name}: behaves like the original`, { todo: todo.behaviour }, async () => {
    const expected = await behaviour(fx.src, fx.check);
    assert.ok(!expected.error, `the original fixture itself fails: ${expected.error}`);
    // Version 1 runs with every gate open (the registry has no re-import pending for it).
    for (const version of [0, 1]) {
      const actual = await behaviour(instrument(fx.src, version), fx.check);
      assert.deepStrictEqual(actual, expected, `version ${version}`);
    }
  });
}

// ---------------------------------------------------------------------------------------
// Contract details that the corpus comparison does not pin.

const sameAsOriginal = async (src, check) => {
  const expected = await behaviour(src, check);
  assert.ok(!expected.error, expected.error);
  assert.deepStrictEqual(await behaviour(instrument(src), check), expected);
};

test('the prologue is on line 1, or line 2 after #!; the tail is one appended line', () => {
  const out = instrument('export function f() {}\nexport function g({ a }) {}\nexport class C {}\n');
  const lines = out.split('\n');
  assert.equal(lines.length, 5);
  assert.match(lines[0], /^const __lm\$=__lm\$rt\.module\(import\.meta\.url,/);
  // A function with plain parameters keeps its declaration, with a guard; others get a handle.
  // (Strict code: the guard forwards through a rest parameter it adds, not `arguments`.)
  assert.match(lines[0], /export function f\(\.\.\.__lma\) \{const __lmg=__lmg\$\$0\.f;if\(__lmg!==undefined\)return __lmg\.call\(this,\.\.\.__lma\);\}$/);
  assert.match(lines[1], /function g\$lm\(\{ a \}\) \{\}/);
  assert.match(lines[2], /^export class C \{static\{/);
  assert.equal(lines[3], '');
  assert.match(lines[4], /export\{g\}/);
  const shebang = instrument('#!/usr/bin/env node\nexport const x = 1\n').split('\n');
  assert.equal(shebang[0], '#!/usr/bin/env node');
  // A value's initializer says whose top-level code runs (runtime/effects.ts).
  assert.match(shebang[1], /^const __lm\$=.*export let {3}x = \(__lm\$\.at\("x"\),1\)$/);
  assert.match(instrument('export const a = 1, b = 2'), /export let {3}a = \(__lm\$\.at\("a"\),1\), b = \(__lm\$\.at\("b"\),2\)/);
});

test('gates appear only for version > 0', () => {
  const src = 'export const n = 1\nlet m = 2\nconsole.log(n)\nexport function f() {}\n';
  assert.doesNotMatch(instrument(src, 0), /__lm\$\.(carries|runs)\(/);
  const v1 = instrument(src, 1);
  assert.match(v1, /let {3}n =__lm\$\.carries\("n"\)\?__lm\$\.carried: \(__lm\$\.at\("n"\),1\)/);
  assert.match(v1, /let m =__lm\$\.carries\("m"\)\?__lm\$\.carried: \(__lm\$\.at\("m"\),2\)/);
  assert.match(v1, /__lm\$\.at\(0\);if\(__lm\$\.runs\(0\)\)console\.log\(n\)/);
});

test('version > 0: carried values skip their initializer; statements run only when the runtime says so', async () => {
  const src = `export const log = []
export const count = log.push('init count') && 1
export let other = 2
log.push('s0')
log.push('s1')
export function f() { return count + other }
`;
  const real = globalThis[RUNTIME];
  globalThis[RUNTIME] = {
    module(url, hook) {
      const api = registry.module(url, hook);
      return Object.assign(api, {
        carries(name) {
          if (name !== 'count') return false;
          api.carried = 100;
          return true;
        },
        runs: (i) => i === 1,
      });
    },
  };
  let ns;
  try {
    ns = await load(instrument(src, 1));
  } finally {
    globalThis[RUNTIME] = real;
  }
  assert.deepEqual(ns.log, ['s1']);
  assert.equal(ns.count, 100);
  assert.equal(ns.f(), 102);
});

test('version > 0: a carried value whose initializer is a parenthesized sequence', async () => {
  const src = `export const log = []
export const x = (log.push('init'), 1)
`;
  const real = globalThis[RUNTIME];
  globalThis[RUNTIME] = {
    module(url, hook) {
      const api = registry.module(url, hook);
      return Object.assign(api, { carries: (name) => name === 'x' && ((api.carried = 100), true), runs: () => true });
    },
  };
  let ns;
  try {
    ns = await load(instrument(src, 1));
  } finally {
    globalThis[RUNTIME] = real;
  }
  assert.deepEqual([ns.x, ns.log], [100, []]);
});

test('version > 0: a class the runtime continues is the running class (its body is not evaluated); another is the class as written', async () => {
  const src = `export const log = []
export class Kept { static { log.push('Kept body') } }
export class Fresh extends Array { static { log.push('Fresh body') } m() { return 'fresh' } }
export const Anon = class { static { log.push('Anon body') } }
export default class { static { log.push('default body') } }
[1].forEach((x) => log.push('after ' + x))
`;
  const running = class Running {};
  const real = globalThis[RUNTIME];
  const asked = [];
  globalThis[RUNTIME] = {
    module(url, hook) {
      const api = registry.module(url, hook);
      return Object.assign(api, {
        carriesClass(name) {
          asked.push(name);
          if (name !== 'Kept' && name !== 'default') return false;
          api.carried = running;
          return true;
        },
      });
    },
  };
  let ns;
  try {
    ns = await load(instrument(src, 1));
  } finally {
    globalThis[RUNTIME] = real;
  }
  assert.deepEqual(asked, ['Kept', 'Fresh', 'Anon', 'default']);
  assert.deepEqual(ns.log, ['Fresh body', 'Anon body', 'after 1']);
  assert.deepEqual([ns.Kept === running, ns.default === running, new ns.Fresh().m(), ns.Fresh.name, ns.Anon.name, Object.getPrototypeOf(ns.Fresh) === Array], [true, true, 'fresh', 'Fresh', 'Anon', true]);
  // At version 0 nothing is asked.
  assert.doesNotMatch(instrument(src, 0), /carriesClass/);
});

test('a class registers the #names its body declares and whether it extends something', () => {
  const out = instrument('export class A { #x = 1; #m() {} static #s; get #g() { return 1 } }\nexport class B extends A {}\n', 0);
  assert.match(out, /\],"#x #m #s #g",0\)\}/);
  assert.match(out, /\],"",1\)\}/);
});

test('the home scope hook assigns module bindings; holders retarget function and member handles', async () => {
  const src = `export const n = 1
export function f() { return 'f1' }
export const g = () => 'g1'
export default function () { return 'd1' }
export class K {
  m() { return 'm1' }
  static s() { return 's1' }
  get v() { return 'v1' }
  #p() { return 'p1' }
  p() { return this.#p() }
}
`;
  const ns = await load(instrument(src));
  const rec = records.at(-1);
  const { f, g, default: d, K } = ns;
  const k = new K();
  const heldM = k.m;
  const heldS = K.s;
  rec.home(`n = 2`);
  const fn = (name) => rec.fns.get(name).holders[0];
  setHolder(fn('f'), function () { return 'f2' });
  setHolder(fn('g'), () => 'g2');
  setHolder(fn('default'), () => 'd2');
  assert.equal(ns.n, 2);
  assert.deepEqual([f(), g(), d()], ['f2', 'g2', 'd2']);
  assert.equal(ns.f, f);
  const fam = rec.classes.get('K');
  const slot = (st, part, key) => fam.slots.get(slotKey(st, part, key)).holder;
  setHolder(slot(0, 'value', 'm'), function () { return 'm2' });
  setHolder(slot(1, 'value', 's'), function () { return 's2' });
  setHolder(slot(0, 'get', 'v'), function () { return 'v2' });
  setHolder(slot(0, 'value', '__lm#p'), function () { return 'p2' });
  assert.deepEqual([k.m(), heldM.call(k), K.s(), heldS(), k.v, k.p()], ['m2', 'm2', 's2', 's2', 'v2', 'p2']);
  // The class scope hook sees the class's #names.
  assert.equal(fam.hook('(o) => #p in o')(k), true);
  // No string key left behind for the private method.
  assert.deepEqual(Object.getOwnPropertyNames(K.prototype).sort(), ['constructor', 'm', 'p', 'v']);
});

test('guards forward every argument the caller passed, `this` and a setter value, without `arguments` in strict code', async () => {
  const src = `export function f(a, b,) { return [a, b] }
export function* gen(a) { yield a }
export const h = (a) => a
export class K {
  constructor(x) { this.x = x }
  m(a) { return a }
  get v() { return 'v1' }
  set v(x) { this.w = x }
  static s() { return 's1' }
}
`;
  const out = instrument(src);
  assert.match(out, /export function f\(a, b,\.\.\.__lma\) \{const __lmg=__lmg\$\$\d+\.f;if\(__lmg!==undefined\)return __lmg\.call\(this,a,b,\.\.\.__lma\);/);
  assert.match(out, /get v\(\) \{const __lmg=__lmg\$\$\d+\.f;if\(__lmg!==undefined\)return __lmg\.call\(this\);/);
  assert.match(out, /set v\(x\) \{const __lmg=__lmg\$\$\d+\.f;if\(__lmg!==undefined\)return __lmg\.call\(this,x\);/);
  assert.match(out, /constructor\(x,\.\.\.__lma\) \{const __lmg=__lmg\$\$\d+\.f;if\(__lmg!==undefined\)return __lmg\(this,new\.target,x,\.\.\.__lma\);/);
  assert.doesNotMatch(out, /\(\.\.\.a\)\{return __lmg\$\$/, 'handles forward `arguments`, not a rest parameter');
  const ns = await load(out);
  const rec = records.at(-1);
  const { f, gen, h, K } = ns;
  assert.deepEqual([f.length, gen.length, h.length, K.length, K.prototype.m.length], [2, 1, 1, 1, 1]);
  const fn = (name) => rec.fns.get(name).holders[0];
  // An edit that added parameters: the callers' extra arguments reach the new code.
  setHolder(fn('f'), function (a, b, c) { return [this, a, b, c, arguments.length] });
  setHolder(fn('gen'), function* (a, b) { yield a + b });
  setHolder(fn('h'), function (a, b) { return a + b });
  const self = {};
  assert.deepEqual(f.call(self, 1, 2, 3), [self, 1, 2, 3, 3]);
  // The rest form's one difference (padsArguments, noted by the refresh): fewer arguments than
  // the old parameters arrive padded with undefined.
  assert.deepEqual(f.call(self, 1), [self, 1, undefined, undefined, 2]);
  assert.deepEqual([...gen(1, 2)], [3]);
  assert.equal(h(1, 2), 3);
  const fam = rec.classes.get('K');
  const slot = (st, part, key) => fam.slots.get(slotKey(st, part, key)).holder;
  const k = new K(1);
  setHolder(slot(0, 'value', 'm'), function (a, b) { return [this === k, a, b] });
  setHolder(slot(0, 'get', 'v'), function () { return [this === k, arguments.length] });
  setHolder(slot(0, 'set', 'v'), function (x) { this.w = [x, arguments.length] });
  assert.deepEqual([k.m(1, 2), k.v], [[true, 1, 2], [true, 0]]);
  k.v = 5;
  assert.deepEqual(k.w, [5, 1]);
});

test("sloppy code and a 'use strict' body keep `arguments` in their guards (a rest parameter would be a syntax error or unmap it)", () => {
  const cjs = instrument(`function f(a) { return a }\nfunction g(a) { 'use strict'; return a }\nmodule.exports = { f, g };\n`, 0, { url: 'file:///x.cjs' });
  assert.match(cjs, /function f\(a\) \{const __lmg=__lmg\$\$\d+\.f;if\(__lmg!==undefined\)return __lmg\.apply\(this,arguments\);/);
  const strictCjs = instrument(`'use strict';\nfunction f(a) { return a }\nmodule.exports = { f };\n`, 0, { url: 'file:///x.cjs' });
  assert.match(strictCjs, /function f\(a,\.\.\.__lma\) \{/);
  const esm = instrument(`export function g(a) { 'use strict'; return a }\nexport function k(a) /* c */ { return a }\nexport function n(a) { return arguments.length }\n`);
  assert.match(esm, /function n\(a\) \{const __lmg=__lmg\$\$\d+\.f;if\(__lmg!==undefined\)return __lmg\.apply\(this,arguments\);/, 'it reads arguments itself');
  assert.match(esm, /function g\(a\) \{ 'use strict';const __lmg=__lmg\$\$\d+\.f;if\(__lmg!==undefined\)return __lmg\.apply\(this,arguments\);/, 'after its directive');
  assert.match(esm, /function k\(a\) \/\* c \*\/ \{const __lmg=__lmg\$\$\d+\.f;if\(__lmg!==undefined\)return __lmg\.apply\(this,arguments\);/);
  for (const code of [cjs, strictCjs]) new Function('module', 'require', 'exports', code.replace(/import\.meta/g, '{}'));
});

test('handles keep name, length and kind of what they forward to', async () => {
  await sameAsOriginal(
    `export function f(a, b, c) {}
export const g = async (x) => x
export const h = function* () {}
export default async function* () {}
export class C { m(a, b) {} static async s(x) {} get v() { return 1 } set v(x) {} }
`,
    (ns) => {
      const d = Object.getOwnPropertyDescriptor(ns.C.prototype, 'v');
      return [ns.f, ns.g, ns.h, ns.default, ns.C.prototype.m, ns.C.s, d.get, d.set].map((fn) => [
        fn.name, fn.length, Object.prototype.toString.call(fn),
      ]);
    },
  );
});

test("a class's .length is its constructor's parameter count", async () => {
  await sameAsOriginal(
    `export class A { constructor(a, b) {} }
export class B extends A { constructor(x) { super(x, x) } }
export class C {}
`,
    (ns) => [ns.A.length, ns.B.length, ns.C.length],
  );
});

test('arguments inside a constructor', async () => {
  await sameAsOriginal(
    `class Base { constructor() { this.base = arguments.length } }
export class A { constructor(a, b) { this.n = arguments.length; this.first = arguments[0] } }
export class D extends Base { constructor(...xs) { super(...arguments); this.n = arguments.length } }
`,
    (ns) => [JSON.stringify(new ns.A(1, 2)), JSON.stringify(new ns.D(1))],
  );
});

test('super.getter in a derived constructor reads with the instance as receiver', async () => {
  await sameAsOriginal(
    `class Base { get kind() { return 'kind of ' + this.constructor.name } }
export class D extends Base { constructor() { super(); this.k = super.kind } }
`,
    (ns) => [new ns.D().k],
  );
});

test('a function declarator referenced by a later declarator of the same statement', async () => {
  await sameAsOriginal(
    `export const f = () => 1, g = f, table = { f }
`,
    (ns) => [ns.f === ns.g, ns.table.f === ns.f],
  );
});

test('a named function expression that refers to itself', async () => {
  await sameAsOriginal(
    `export const tick = function tick() { return tick }
`,
    (ns) => [ns.tick() === ns.tick],
  );
});

test('arrows, async function expressions, methods and accessors have no own .prototype, and new on them throws', async () => {
  await sameAsOriginal(
    `export const arrow = () => 1
export const asyncArrow = async () => 1
export const asyncExpr = async function () {}
export class C { m() {} static s() {} get g() { return 1 } set g(v) {} }
`,
    (ns) => {
      const g = Object.getOwnPropertyDescriptor(ns.C.prototype, 'g');
      const fns = [ns.arrow, ns.asyncArrow, ns.asyncExpr, ns.C.prototype.m, ns.C.s, g.get, g.set];
      const throwsOnNew = (fn) => { try { new fn(); return false } catch (e) { return e instanceof TypeError } };
      return [fns.map((fn) => Object.hasOwn(fn, 'prototype')), fns.map(throwsOnNew)];
    },
  );
});

test('generator declarations are themselves: generator functions with their own .prototype', async () => {
  const { types } = await import('node:util');
  await sameAsOriginal(
    `export async function* ag(x) {}\nexport function* g(a) {}\n`,
    (ns) => [types.isGeneratorFunction(ns.g), types.isAsyncFunction(ns.ag), Object.hasOwn(ns.g, 'prototype')],
  );
});

test('an async function declaration is a handle: it returns what the code in force returns, and looks async but to util.types', async () => {
  await sameAsOriginal(`export async function af() { return 1; }\n`, async (ns) => [await ns.af(), ns.af.constructor.name, ns.af.name, ns.af.length]);
});

test('async function declarations are async functions to util.types and have no own .prototype', { todo: 'known limit: an async declaration forwards from a handle (issue 12: an async function made sync returns its value)' }, async () => {
  const { types } = await import('node:util');
  await sameAsOriginal(`export async function af() {}\n`, (ns) => [Object.hasOwn(ns.af, 'prototype'), types.isAsyncFunction(ns.af)]);
});

test('a function with default or pattern parameters keeps a handle (the async kind is not the handle\'s)', { todo: 'known limit: util.types.isAsyncFunction is false for handles' }, async () => {
  const { types } = await import('node:util');
  await sameAsOriginal(`export async function af(a = 1) {}\n`, (ns) => types.isAsyncFunction(ns.af));
});

test('instrument rejects a syntax error with its line and column', () => {
  assert.throws(
    () => instrument('export const a = 1\nconst b = = 2\n'),
    (err) => err instanceof LimeadeSyntaxError && err.line === 2 && err.column === 10 && /Unexpected token/.test(err.message),
  );
});

test('the line check itself catches a moved line, a moved token and a changed comment', () => {
  const src = 'export const a = 1\nexport function f() { return a }\n// note\nf()\n';
  const out = instrument(src);
  assertLinesKept(src, out);
  const lines = out.split('\n');
  const moved = [...lines.slice(0, 1), '', ...lines.slice(1)].join('\n'); // line 2 pushed down
  assert.throws(() => assertLinesKept(src, moved), /is not \(in order\) on output line 2|output has/);
  const token = out.replace('return a }', 'return }\na');
  assert.throws(() => assertLinesKept(src, token), /token "a"|output has/);
  const comment = out.replace('// note', '// n0te');
  assert.throws(() => assertLinesKept(src, comment), /comment "\/\/ note"/);
  const swapped = [lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n');
  assert.throws(() => assertLinesKept(src, swapped), /is not \(in order\)/);
});

// ---------------------------------------------------------------------------------------
// More shapes that break naive rewriters (issue 6): the same three checks.

/** Does the Node running the tests evaluate `using` declarations (Node 24 does; 20 and 22 do not)? */
const runsUsing = (() => {
  try {
    new Function('{ using x = null }');
    return true;
  } catch {
    return false;
  }
})();

const moreShapes = [
  {
    name: '`using` and `await using` declarations',
    src: `export const log = []
const res = (n) => ({ [Symbol.dispose]() { log.push('dispose ' + n) } })
const ares = (n) => ({ async [Symbol.asyncDispose]() { log.push('async dispose ' + n) } })
{
  using a = res('block')
  log.push('in block')
}
await using top = ares('top')
export function f() { using r = res('f'); log.push('in f'); return 1 }
export async function g() { await using q = ares('g'); return 2 }
export class U { m() { using x = res('m'); return 3 } }
for (using x of [res('loop')]) log.push('loop body')
export const using1 = 'using', using = 4
`,
    check: async (ns) => [ns.f(), await ns.g(), new ns.U().m(), ns.using, ns.using1, ns.log],
    behaviour: runsUsing ? undefined : `this Node (${process.version}) cannot run \`using\` (parse and lines are checked)`,
  },
  {
    name: 'a byte order mark',
    src: `\ufeffexport function f() { return 'bom' }
export const v = f()
`,
    check: (ns) => [ns.v, ns.f()],
  },
  {
    name: 'a byte order mark before a #! line',
    src: `\ufeff#!/usr/bin/env node
export function f() { return 'bom and #!' }
`,
    check: (ns) => [ns.f()],
    // Node's loader drops the mark when it decodes the file, so instrument() sees it only from
    // a loader earlier in the chain that returns text starting with it; it drops it too.
  },
  {
    name: 'getters and methods named like constructor (constructor, "constructor", ["constructor"], static)',
    src: `export class K {
  constructor() { this.made = 'ctor' }
  get ['constructor']() { return 'computed getter' }
  static get constructor() { return 'static getter' }
  static set constructor(v) { K.was = v }
  static 'constructor '() { return 'trailing space' }
  "constructor\\u0020x"() { return 'escaped' }
}
export const o = { get constructor() { return 'object getter' }, 'constructor': 1, ['proto' + 'type']: 2 }
export function f() { return new K().made }
`,
    check: (ns) => {
      const own = Object.getOwnPropertyDescriptor(ns.K.prototype, 'constructor');
      ns.K.constructor = 'set'
      return [ns.f(), typeof own.get, ns.K.constructor, ns.K.was, ns.K['constructor '](), new ns.K()['constructor x'](), Object.getOwnPropertyDescriptor(ns.o, 'constructor').value, ns.o.prototype];
    },
  },
  {
    name: 'labels named like top-level functions and classes',
    src: `export function f() { return 'f' }
export class C { m() { return 'm' } }
export const seen = []
f: for (const x of [1, 2]) { if (x === 2) break f; seen.push(f()) }
C: { seen.push(new C().m()); break C }
export function g() { g: for (;;) { break g } return typeof g }
`,
    check: (ns) => [ns.seen, ns.g()],
  },
  {
    name: 'string-literal names in exports, re-exports and imports',
    src: `const a = 1, b = () => 'b'
export { a as 'a b', b as "✓" }
export * as 'the path' from 'node:path'
export { sep as 'separator' } from 'node:path'
import { 'sep' as s2 } from 'node:path'
export function viaString() { return s2 }
`,
    check: (ns) => [ns['a b'], ns['✓'](), typeof ns['the path'].join, ns.separator, ns.viaString()],
  },
  {
    name: 'a minified one-line module: regex and template text that looks like code, no spaces',
    src: `const r=/function x\\(\\){}|class Y{}/g;export function a(){return r.test("function x(){}")}export class B{m(){return\`export default \${a()}\`}static s(){return/=>/.source}}export const c=()=>({t:\`\${1}}{\`,u:'}'+"{"});export default function(){return B.s()+new B().m()}
`,
    check: (ns) => [ns.a(), new ns.B().m(), ns.B.s(), ns.c(), ns.default()],
  },
];

for (const fx of moreShapes) {
  test(`${fx.name}: output parses as a module (versions 0 and 1)`, { todo: fx.todo }, () => {
    for (const version of [0, 1]) assert.doesNotThrow(() => parse(instrument(fx.src, version), ACORN), `version ${version}`);
  });
  test(`${fx.name}: every line stays on its line`, { todo: fx.todo }, () => {
    for (const version of [0, 1]) assertLinesKept(fx.src, instrument(fx.src, version));
  });
  test(`${fx.name}: behaves like the original`, { todo: fx.todo, skip: fx.behaviour }, async () => {
    const expected = await behaviour(fx.src, fx.check);
    assert.ok(!expected.error, `the original fixture itself fails: ${expected.error}`);
    for (const version of [0, 1]) assert.deepStrictEqual(await behaviour(instrument(fx.src, version), fx.check), expected, `version ${version}`);
  });
}

// ---------------------------------------------------------------------------------------
// Inline functions (issue 13, loader/inline.ts): a holder and a guard each, depth 1 only.

test('closures inside inline functions: sites of a block body, and of an expression body, are registered under the inline owner', () => {
  const out = instrument(`wss.on('connection', (ws) => { let n = 0; ws.on('message', (d) => ws.send(++n + d)); });
export const s = make((ws, n) => ws.on('m', (d) => ws.send(d + ++n)));
`);
  parse(out, ACORN);
  const lines = out.split('\n');
  assert.ok(lines[0].includes('__lm$.closure("inline #0:0",0,'), 'the message handler is a site of statement 0\'s first inline function');
  // `ws` is passed as a value (nothing assigns it), `n` through the environment cached in the listener's scope.
  assert.match(lines[0], /\(ws,\.\.\.__lma\) => \{const __lmg=__lmg\$\$\d+\.f;if\(__lmg!==undefined\)return __lmg\(ws,\.\.\.__lma\);const __lme\$0=\{\}; let n = 0; ws\.on\('message', \(d,\.\.\.__lma\) =>\{const __lmg=__lmg\$\$\d+\.f;if\(__lmg!==undefined\)return __lmg\(ws,__lme\$0\.__lmv\|\|\(__lme\$0\.__lmv=\(\(\)=>new\(class\{get n\(\)\{return n\}set n\(__lm\$v\)\{n=__lm\$v\}\}\)\)\(\)\),d,\.\.\.__lma\);/);
  assert.ok(lines[0].includes('__lm$.closure("inline s:0",0,'), "the handler inside `make((ws) => ws.on('m', …))` is a site of that arrow");
  assert.match(lines[1], /make\(__lm\$\.made\(__lmg\$\$\d+,\(ws, n,\.\.\.__lma\) =>\{const __lmg=__lmg\$\$\d+\.f;if\(__lmg!==undefined\)return __lmg\(ws,n,\.\.\.__lma\);const __lme\$\d+=\{\};return\( ws\.on\('m', \(d,\.\.\.__lma\) =>\{const __lmg=__lmg\$\$\d+\.f;if\(__lmg!==undefined\)return __lmg\(ws,__lme\$1\.__lmv\|\|/, 'the cache in the block its guard makes, after the guard');
});

test('inline functions: the guard forms, their registrations, and nothing inside functions', () => {
  const out = instrument(`bus.on('x', (o) => { f(o); });
setInterval(x => x + 1, 5);
app.use(function (req) { return this; });
export const server = make((a = 1) => a, async (r) => { return r; });
[1].forEach((n) => [2].forEach((m) => m));
export const sum = [1].map((n) => n).reduce((a, b) => a + b, (() => 0)());
`);
  const lines = out.split('\n');
  assert.equal(lines.length, 8);
  // Passed to a call where they stand: wrapped, so a save can give them a new `length` (runtime/slots.ts madeAt).
  // (The next statement's mark ends the line before it: a statement's own line starts as written.)
  assert.match(lines[0], /bus\.on\('x', __lm\$\.made\(__lmg\$\$0,\(o,\.\.\.__lma\) => \{const __lmg=__lmg\$\$0\.f;if\(__lmg!==undefined\)return __lmg\(o,\.\.\.__lma\); f\(o\); \}\)\);;__lm\$\.at\(1\);$/);
  assert.match(lines[1], /^setInterval\(__lm\$\.made\(__lmg\$\$1,\(x,\.\.\.__lma\) =>\{const __lmg=__lmg\$\$1\.f;if\(__lmg!==undefined\)return __lmg\(x,\.\.\.__lma\);return\( x \+ 1\)\}\), 5\);;__lm\$\.at\(2\);$/);
  assert.match(lines[2], /function \(req,\.\.\.__lma\) \{const __lmg=__lmg\$\$2\.f;if\(__lmg!==undefined\)return __lmg\.call\(this,req,\.\.\.__lma\); return this; \}/);
  // Default parameters move behind the guard (loader/params.ts); an async arrow has one too.
  assert.match(lines[3], /make\(__lm\$\.made\(__lmg\$\$3,\(__lmp\$0=undefined,\.\.\.__lma\) =>\{const __lmg=__lmg\$\$3\.f;if\(__lmg!==undefined\)return __lmg\(__lmp\$0,\.\.\.__lma\);var a = __lmp\$0===undefined\?\(1\):__lmp\$0;return\( a\)\}\), __lm\$\.made\(__lmg\$\$4,async \(r,\.\.\.__lma\) => \{const __lmg=__lmg\$\$4\.f;/);
  assert.equal(lines[4].split('__lmg=').length - 1, 1, 'only the outer arrow of a nested one');
  // An immediately invoked one is an inline function too, its closures follow edits (loader/inline.ts isInvoked).
  // So are callbacks of computing array methods: owners of the closures they make.
  assert.equal(lines[5].split('__lmg=').length - 1, 3, 'one in each callback of a computing array method and in the immediately invoked function');
  assert.match(lines[5], /\(\(\.\.\.__lma\) =>\{const __lmg=__lmg\$\$\d+\.f;if\(__lmg!==undefined\)return __lmg\(\.\.\.__lma\);return\( 0\)\}\)\(\)/);
  for (const reg of ['__lm$.inline(0,0,__lmg$$0)', '__lm$.inline(1,0,__lmg$$1)', '__lm$.inline(2,0,__lmg$$2)', '__lm$.inline("server",0,__lmg$$3)', '__lm$.inline("server",1,__lmg$$4)', '__lm$.inline(3,0,__lmg$$5)'])
    assert.ok(lines[0].includes(reg), reg);
});

test('a function that loops or makes closures forwards arguments, a leaf keeps the rest form; a const or var arrow or function expression is guarded in place, an async one keeps a handle', async () => {
  const src = `export function leaf(a, b) { return a - b; }
export function sum(xs) { let s = 0; for (const x of xs) s += x; return s; }
export function mapped(xs, k) { return xs.map((x) => leaf(x, k)); }
export function nested(xs) { return () => { for (const x of xs) leaf(x, 1); }; }
export function tally(start) { let seen = start; return () => ++seen; }
export const mul = (a, b) => a * b;
export const twice = function (x) { return x * 2; };
var legacy = (x) => x + 1;
export const later = async (x) => x;
export { legacy };
`;
  const out = instrument(src);
  assert.match(out, /function leaf\(a, b,\.\.\.__lma\) \{const __lmg=__lmg\$\$\d+\.f;if\(__lmg!==undefined\)return __lmg\.call\(this,a,b,\.\.\.__lma\);/);
  assert.match(out, /function sum\(xs\) \{const __lmg=__lmg\$\$\d+\.f;if\(__lmg!==undefined\)return __lmg\.apply\(this,arguments\);/, 'a loop statement');
  assert.match(out, /function mapped\(xs, k\) \{const __lmg=__lmg\$\$\d+\.f;if\(__lmg!==undefined\)return __lmg\.apply\(this,arguments\);/, 'a callback it writes');
  assert.match(out, /function tally\(start\) \{const __lmg=__lmg\$\$\d+\.f;if\(__lmg!==undefined\)return __lmg\.apply\(this,arguments\);const __lme\$\d+=\{\}; let seen = start;/, 'the guard first, then the cache of its closure\'s environment');
  assert.match(out, /function nested\(xs\) \{const __lmg=__lmg\$\$\d+\.f;if\(__lmg!==undefined\)return __lmg\.apply\(this,arguments\);/, 'a function that makes closures (no rest parameter: Node 26 tracks its context slots only with simple parameters)');
  assert.match(out, /export let {3}mul = \(a, b,\.\.\.__lma\) =>\{const __lmg=__lmg\$\$\d+\.f;if\(__lmg!==undefined\)return __lmg\(a,b,\.\.\.__lma\);return\( a \* b\)\};;__lm\$\.fn\("mul","mul",mul,mul,__lmg\$\$\d+,0\);/);
  assert.match(out, /__lm\$\.fn\("twice","twice",twice,twice,__lmg\$\$\d+,/);
  assert.match(out, /__lm\$\.fn\("legacy","legacy",legacy,legacy,/, 'a var too: a named function expression\'s own name is then the function the program holds');
  assert.match(out, /__lm\$\.fn\("later","later",__lmh\$later,later\$lm,/, 'an async arrow keeps its handle');
  const ns = await load(out);
  const t = ns.tally(1);
  assert.deepEqual([ns.leaf(5, 2), ns.sum([1, 2, 3]), ns.mapped([1, 2], 1), ns.mul(2, 3), ns.twice(4), ns.legacy(1), await ns.later(7), t(), t()], [3, 6, [0, 1], 6, 8, 2, 7, 2, 3]);
  assert.deepEqual([ns.mul.length, ns.mul.name, ns.twice.length, ns.twice.name], [2, 'mul', 1, 'twice']);
});
