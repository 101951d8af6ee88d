// The defu probe. `L` is the namespace of dist/defu.mjs: `default` in every version, and from
// 6.0 `defu`, `defuFn`, `defuArrayFn`, `createDefu`. Cases merge fixed objects (nested,
// arrays, null and undefined, functions, `__proto__`/`constructor` keys, class instances,
// Dates, Maps, null-prototype and inherited keys, symbols, non-object arguments) and return
// the results with what they share with their inputs. The merging functions of 6.x are asked
// by their 6.x names first (`L.defuFn ?? L.default.fn`): a namespace made at 4.0.0 lacks them,
// and a case that differs on them is counted apart.
//
// `setup` makes what a program keeps from the first version: `defu` and the fn/arrayFn
// variants taken from the module, mergers made at start with the factory (`createDefu`, or
// `defu.extend` before 6.0) over the program's own merger functions — one summing numbers,
// one logging the namespaces it is called with, one replacing arrays — and a closure
// applying defaults with the `defu` it took. Instance cases call them.
import { each } from './serialize.mjs';

class Point {
  constructor(x, y) { this.x = x; this.y = y; }
}

/** The inputs, made anew for each case (defu must not mutate them: a case checks). */
const inputs = () => ({
  base: { a: 1, nested: { b: 2, deep: { c: 3 } }, list: [1, 2], keep: 'base', nul: null, und: undefined, zero: 0, empty: '', f: false },
  defaults: { a: 10, nested: { b: 20, d: 40, deep: { e: 5 } }, list: [3, 4], extra: 'default', nul: 'filled', und: 'filled', zero: 9, empty: 'x', f: true },
});

/** A merged result with, for each of its object values, whether it is one of the inputs'. */
const withSharing = (result, ...sources) => ({
  result,
  shared: Object.fromEntries(Object.keys(result ?? {}).filter((k) => result[k] && typeof result[k] === 'object').map((k) => [k, sources.map((s) => s?.[k] === result[k])])),
});

const make = (L) => L.createDefu ?? L.default.extend;
const fnOf = (L) => L.defuFn ?? L.default.fn;
const arrayFnOf = (L) => L.defuArrayFn ?? L.default.arrayFn;

export const cases = {
  'default shape': (L) => ({
    type: typeof L.default,
    name: L.default.name,
    length: L.default.length,
    keys: Object.keys(L.default).sort(),
    props: ['fn', 'arrayFn', 'extend'].map((k) => typeof L.default[k]),
  }),
  'basics': (L) => each([
    ['two', () => { const { base, defaults } = inputs(); return withSharing(L.default(base, defaults), base, defaults); }],
    ['three', () => L.default({ a: 1 }, { a: 2, b: 2 }, { a: 3, b: 3, c: 3 })],
    ['one', () => L.default({ a: { b: 1 } })],
    ['none', () => L.default()],
    ['order of keys', () => Object.keys(L.default({ z: 1, a: 1 }, { m: 1, a: 2, b: 2 }))],
    ['inputs untouched', () => { const { base, defaults } = inputs(); const before = JSON.stringify([base, defaults]); L.default(base, defaults); return JSON.stringify([base, defaults]) === before; }],
  ]),
  'nested': (L) => each([
    ['deep', () => L.default({ a: { b: { c: { d: 1 } } } }, { a: { b: { c: { e: 2 }, f: 3 }, g: 4 } })],
    ['object over scalar', () => L.default({ a: { b: 1 } }, { a: 'str' })],
    ['scalar over object', () => L.default({ a: 'str' }, { a: { b: 1 } })],
    ['copies nested defaults', () => { const d = { n: { x: 1 } }; const r = L.default({}, d); return { r, same: r.n === d.n }; }],
    ['merged nested is new', () => { const b = { n: { x: 1 } }; const d = { n: { y: 2 } }; const r = L.default(b, d); return { r, sameB: r.n === b.n, sameD: r.n === d.n }; }],
  ]),
  'arrays': (L) => each([
    ['concat', () => L.default({ a: [1, 2] }, { a: [3, 4] })],
    ['array over object', () => L.default({ a: [1] }, { a: { 0: 'x' } })],
    ['object over array', () => L.default({ a: { 0: 'x' } }, { a: [1] })],
    ['nested arrays', () => L.default({ a: { b: [[1]] } }, { a: { b: [[2]] } })],
    ['array arguments', () => L.default([1, 2], [3, 4, 5])],
    ['array of objects', () => L.default({ a: [{ x: 1 }] }, { a: [{ y: 2 }] })],
  ]),
  'null and undefined': (L) => each([
    ['values', () => L.default({ a: null, b: undefined, c: 0, d: '', e: false, f: Number.NaN }, { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 })],
    ['base null', () => L.default(null, { a: 1 })],
    ['base undefined', () => L.default(undefined, { a: 1 })],
    ['defaults null', () => L.default({ a: 1 }, null)],
    ['defaults undefined', () => L.default({ a: 1 }, undefined, { b: 2 })],
    ['nested null', () => L.default({ a: { b: null } }, { a: { b: { c: 1 } } })],
  ]),
  'non-object arguments': (L) => each([
    ['string base', () => L.default('str', { a: 1 })],
    ['string defaults', () => L.default({ a: 1 }, 'str')],
    ['number', () => L.default(5, { a: 1 })],
    ['function base', () => L.default(Object.assign(() => 1, { p: 1 }), { a: 1 })],
    ['boolean', () => L.default({ a: 1 }, true, { b: 2 })],
  ]),
  'functions as values': (L) => each([
    ['fn over value', () => { const f = function named() {}; const r = L.default({ a: f }, { a: 1 }); return { r, same: r.a === f }; }],
    ['value over fn', () => L.default({ a: 1 }, { a: () => 2 })],
    ['fn in defaults', () => { const f = () => 1; const r = L.default({}, { a: f }); return { r, same: r.a === f }; }],
  ]),
  'unsafe keys': (L) => each([
    ['__proto__', () => { const r = L.default(JSON.parse('{"__proto__":{"polluted":1},"a":1}'), { b: 2 }); return { r, polluted: ({}).polluted ?? null, proto: Object.getPrototypeOf(r) === Object.prototype }; }],
    ['constructor', () => { const r = L.default({ constructor: { prototype: { x: 1 } }, a: 1 }, {}); return { keys: Object.keys(r), own: Object.hasOwn(r, 'constructor') }; }],
    ['__proto__ in defaults', () => { const r = L.default({ a: 1 }, JSON.parse('{"__proto__":{"p":1}}')); return { keys: Object.keys(r), p: r.p ?? null }; }],
  ]),
  'non-plain objects': (L) => each([
    ['class instance base', () => L.default({ p: new Point(1, 2) }, { p: { z: 3 } })],
    ['class instance defaults', () => L.default({ p: { z: 3 } }, { p: new Point(1, 2) })],
    ['class instance argument', () => L.default(new Point(1, 2), { z: 3 })],
    ['class instance as defaults', () => L.default({ z: 3 }, new Point(1, 2))],
    ['Date', () => L.default({ d: new Date(0) }, { d: { x: 1 } })],
    ['Map', () => L.default({ m: new Map([[1, 2]]) }, { m: { x: 1 } })],
    ['Map in defaults', () => L.default({ m: { x: 1 } }, { m: new Map([[1, 2]]) })],
    ['RegExp', () => L.default({ r: /a/g }, { r: { x: 1 } })],
    ['null prototype', () => { const n = Object.assign(Object.create(null), { x: 1 }); return L.default({ n }, { n: { y: 2 } }); }],
    ['null prototype defaults', () => { const n = Object.assign(Object.create(null), { y: 2 }); return L.default({ n: { x: 1 } }, { n }); }],
    ['tagged', () => L.default({ t: { [Symbol.toStringTag]: 'Tag', x: 1 } }, { t: { y: 2 } })],
    ['iterable', () => L.default({ t: { [Symbol.iterator]: function* () {}, x: 1 } }, { t: { y: 2 } })],
    ['module-like', () => L.default({ t: { [Symbol.toStringTag]: 'Module', x: 1 } }, { t: { y: 2 } })],
  ]),
  'inherited and symbol keys': (L) => each([
    ['inherited in base', () => L.default(Object.create({ inh: 1 }, { own: { value: 2, enumerable: true } }), { inh: 0, d: 3 })],
    ['inherited in defaults', () => Object.keys(L.default({ a: 1 }, Object.create({ inh: 1 })))],
    ['non-enumerable', () => L.default(Object.defineProperty({ a: 1 }, 'hidden', { value: 2 }), { hidden: 0 })],
    ['symbol keys', () => { const s = Symbol.for('defu-probe'); const r = L.default({ [s]: 1 }, { [s]: 2, b: 1 }); return { sym: r[s], b: r.b }; }],
    ['getter in base', () => L.default({ get g() { return 'got'; } }, { g: 'default' })],
  ]),

  // ---- the fn/arrayFn variants and the factory (6.x names; 4.x–5.x: properties of default) ----
  'defuFn': (L) => each([
    ['function transforms default', () => fnOf(L)({ a: (v) => v * 2, b: (v) => [...v, 'x'] }, { a: 21, b: ['y'] })],
    ['function with no default', () => { const r = fnOf(L)({ a: (v) => v }, {}); return { type: typeof r.a }; }],
    ['undefined default', () => { const r = fnOf(L)({ a: (v) => 'got ' + v }, { a: undefined }); return typeof r.a === 'function' ? 'function' : r.a; }],
    ['null default', () => fnOf(L)({ a: (v) => 'got ' + v }, { a: null })],
    ['nested', () => fnOf(L)({ n: { x: (v) => v + 1 } }, { n: { x: 1, y: 2 } })],
  ]),
  'defuArrayFn': (L) => each([
    ['array transformed', () => arrayFnOf(L)({ a: (arr) => arr.filter((x) => x > 1), b: 'str' }, { a: [1, 2, 3], b: 'default' })],
    ['not an array', () => { const r = arrayFnOf(L)({ a: (v) => v }, { a: 5 }); return typeof r.a; }],
  ]),
  'createDefu': (L) => each([
    ['merger called with', () => {
      const calls = [];
      const m = make(L)((obj, key, value, ns) => { calls.push([key, value === null ? null : typeof value, ns]); });
      const r = m({ a: 1, n: { b: 2, d: { e: 1 } } }, { n: { c: 3, d: {} } });
      return { r, calls };
    }],
    ['merger handles', () => {
      const m = make(L)((obj, key, value) => {
        if (typeof value === 'number' && typeof obj[key] === 'number') { obj[key] = obj[key] + value; return true; }
        return false;
      });
      return m({ a: 1, b: 'x', n: { c: 2 } }, { a: 10, b: 'y', n: { c: 20 } }, { a: 100 });
    }],
    ['merger returns truthy without setting', () => make(L)(() => 1)({ a: 1 }, { a: 2, b: 2 })],
    ['no merger', () => make(L)()({ a: 1 }, { a: 2, b: 2 })],
    ['factory result', () => { const m = make(L)(() => {}); return { type: typeof m, name: m.name, length: m.length }; }],
  ]),
  'named defu (6.x)': (L) => ({ same: L.defu === L.default, r: L.defu({ a: 1 }, { b: 2 }) }),
};

/** What a program keeps from the first version. */
export function setup(L) {
  const defu = L.default;
  const factory = make(L);
  const fn = fnOf(L);
  const arrayFn = arrayFnOf(L);
  const log = [];
  const sum = factory((obj, key, value) => {
    if (typeof obj[key] === 'number' && typeof value === 'number') {
      obj[key] += value;
      return true;
    }
  });
  const traced = factory((obj, key, value, ns) => { log.push(`${ns}|${String(key)}`); });
  const replaceArrays = factory((obj, key, value) => {
    if (Array.isArray(value)) {
      obj[key] = value;
      return true;
    }
  });
  const withDefaults = (options) => defu(options, { port: 3000, host: 'localhost', plugins: ['core'], db: { pool: 2, ssl: false } });
  return { defu, fn, arrayFn, sum, traced, replaceArrays, log, withDefaults };
}

export const instanceCases = {
  'defu taken at start': (I) => each([
    ['basic', () => { const { base, defaults } = inputs(); return I.defu(base, defaults); }],
    ['arrays', () => I.defu({ a: [1] }, { a: [2] }, { a: [3] })],
    ['non-plain', () => I.defu({ p: new Point(1, 2), m: new Map() }, { p: { z: 1 }, m: { x: 1 } })],
    ['inherited', () => I.defu(Object.create({ inh: 1 }), { d: 1 })],
    ['null', () => I.defu({ a: undefined, b: null }, { a: 1, b: 2 })],
  ]),
  'fn variants taken at start': (I) => each([
    ['fn', () => I.fn({ a: (v) => v * 3, n: { x: (v) => `x${v}` } }, { a: 2, n: { x: 1 } })],
    ['arrayFn', () => I.arrayFn({ a: (arr) => arr.map((x) => x * 10) }, { a: [1, 2] })],
    ['shapes', () => [typeof I.fn, typeof I.arrayFn]],
  ]),
  'mergers made at start': (I) => each([
    ['sum', () => I.sum({ a: 1, n: { b: 2, s: 'x' } }, { a: 10, n: { b: 20, s: 'y' } }, { a: 100 })],
    ['sum arrays', () => I.sum({ l: [1] }, { l: [2] })],
    ['traced', () => { I.log.length = 0; const r = I.traced({ a: 1, n: { b: 1, d: { e: 1 } } }, { n: { c: 1, d: {} } }); return { r, log: I.log.splice(0) }; }],
    ['replaceArrays', () => I.replaceArrays({ l: [1], n: { m: [2] } }, { l: [3, 4], n: { m: [5] } })],
    ['non-plain through sum', () => I.sum({ d: new Date(0), p: new Point(1, 2) }, { d: { x: 1 }, p: { x: 5 } })],
  ]),
  'closure over defu': (I) => each([
    ['none', () => I.withDefaults({})],
    ['some', () => I.withDefaults({ port: 1, plugins: ['extra'], db: { ssl: true } })],
    ['undefined', () => I.withDefaults(undefined)],
  ]),
};
