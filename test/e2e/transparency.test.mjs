// Issue 6, "Instrumentation is transparent": force-instrument big real ES module packages from
// npm (lodash-es, date-fns; rxjs's ES2015 build, three.js's module build and source tree) and
// run a deterministic probe of their exports with and without limeade: the outputs must be
// identical, and every instrumented file must parse.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'acorn';
import { instrument } from '../../dist/loader/instrument.js';
import { NODES, ROOT } from '../helpers.mjs';

const MODULES = join(ROOT, 'node_modules');
const PACKAGES = ['lodash-es', 'date-fns'];

/**
 * The probes' serializer, shared: written into the temp app before each probe. `uuid` keys
 * (three.js fills them from Math.random) are left out; everything else is kept.
 */
function probeLib() {
  // ---- serialization: everything becomes plain JSON, deterministically ----
  const flags = (d) => (d ? (d.writable ? 'w' : '-') + (d.enumerable ? 'e' : '-') + (d.configurable ? 'c' : '-') + (d.get ? 'g' : '') + (d.set ? 's' : '') : null);
  const path = new Set();
  function ser(v, depth = 0) {
    if (v === undefined) return { $: 'undefined' };
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
    if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? v : { $: 'number', v: Object.is(v, -0) ? '-0' : String(v) };
    if (typeof v === 'bigint') return { $: 'bigint', v: String(v) };
    if (typeof v === 'symbol') return { $: 'symbol', v: String(v) };
    if (typeof v === 'function') return { $: 'function', name: v.name, length: v.length };
    if (depth > 10) return { $: 'deep' };
    if (path.has(v)) return { $: 'circular' };
    path.add(v);
    try {
      if (v instanceof Date) return { $: 'Date', v: Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString() };
      if (v instanceof Error) return { $: 'Error', name: v.name, message: v.message };
      if (v instanceof RegExp) return { $: 'RegExp', v: String(v), lastIndex: v.lastIndex };
      if (v instanceof Map) return { $: 'Map', v: [...v].map((e) => ser(e, depth + 1)) };
      if (v instanceof Set) return { $: 'Set', v: [...v].map((e) => ser(e, depth + 1)) };
      if (v instanceof WeakMap || v instanceof WeakSet || v instanceof Promise) return { $: Object.prototype.toString.call(v) };
      if (ArrayBuffer.isView(v)) return { $: v.constructor.name, v: Array.from(v instanceof DataView ? new Uint8Array(v.buffer) : v, String) };
      if (v instanceof ArrayBuffer) return { $: 'ArrayBuffer', v: Array.from(new Uint8Array(v)) };
      const own = {};
      for (const k of Reflect.ownKeys(v)) {
        if (k === 'uuid') continue;
        const d = Object.getOwnPropertyDescriptor(v, k);
        own[String(k)] = 'value' in d ? ser(d.value, depth + 1) : { $: 'accessor', flags: flags(d) };
      }
      if (Array.isArray(v)) return v.length === Object.keys(v).length ? Array.from(v, (x) => ser(x, depth + 1)) : { $: 'Array', own };
      const proto = Object.getPrototypeOf(v);
      if (proto === Object.prototype) return own;
      const cls = proto === null ? null : Object.prototype.hasOwnProperty.call(proto, 'constructor') ? proto.constructor?.name : `(${proto.constructor?.name})`;
      return { $: 'object', cls, tag: Object.prototype.toString.call(v), own };
    } finally {
      path.delete(v);
    }
  }
  /** What a program can observe about a function without calling it (its source text aside). */
  function describeFn(f) {
    const names = Object.getOwnPropertyNames(f).sort();
    const out = {
      name: f.name,
      length: f.length,
      kind: Object.getPrototypeOf(f)?.constructor?.name,
      tag: Object.prototype.toString.call(f),
      own: Object.fromEntries(names.map((k) => [k, flags(Object.getOwnPropertyDescriptor(f, k))])),
      statics: Object.fromEntries(names.filter((k) => !['name', 'length', 'prototype'].includes(k)).map((k) => [k, ser(f[k])])),
    };
    if (Object.prototype.hasOwnProperty.call(f, 'prototype') && f.prototype) {
      const p = f.prototype;
      out.prototype = {
        members: Object.fromEntries(Reflect.ownKeys(p).map((k) => {
          const d = Object.getOwnPropertyDescriptor(p, k);
          const fn = (g) => (typeof g === 'function' ? [g.name, g.length] : typeof g);
          return [String(k), [flags(d), ...('value' in d ? [fn(d.value)] : [fn(d.get), fn(d.set)])]];
        })),
        constructorIsSelf: p.constructor === f,
        parent: Object.getPrototypeOf(p)?.constructor?.name ?? null,
      };
    }
    return out;
  }
  const describe = (v) => (typeof v === 'function' ? { typeof: 'function', ...describeFn(v) } : { typeof: typeof v, value: ser(v) });
  /** A probe call: `calls[label]` is what fn returned, or what it threw, serialized. */
  const recorder = (calls) => (label, fn) => {
    if (label in calls) throw new Error('duplicate probe label ' + label);
    try {
      calls[label] = ser(fn());
    } catch (err) {
      calls[label] = { $: 'throws', name: err?.name, message: err?.message };
    }
  };
  return { ser, describe, flags, recorder };
}

/**
 * The probe: written into the temp app as `probe.js` (this function's source, called at the
 * top level). It only uses fixed inputs: no clock, no randomness; TZ=UTC is set by the test.
 * Prints one JSON line: `{ result, modules }`, where `modules` (what limeade instrumented)
 * is not part of the comparison.
 */
async function probe() {
  const lodashNs = await import('lodash-es');
  const lodash = lodashNs.default;
  const dfnsNs = await import('date-fns');
  // The namespaces the calls below go through count which exported functions they use.
  const used = new Set();
  const track = (ns, prefix) => new Proxy(ns, { get: (t, k) => (typeof t[k] === 'function' && typeof k === 'string' && used.add(prefix + k), t[k]) });
  const _ = track(lodashNs, 'lodash-es/');
  const D = track(dfnsNs, 'date-fns/');
  const { de } = await import('date-fns/locale/de');
  const lodashUrl = import.meta.resolve('lodash-es');
  const dfnsUrl = import.meta.resolve('date-fns');
  const internal = async (base, file) => (await import(new URL(file, base).href)).default;
  const Hash = await internal(lodashUrl, './_Hash.js');
  const MapCache = await internal(lodashUrl, './_MapCache.js');
  const ListCache = await internal(lodashUrl, './_ListCache.js');
  const Stack = await internal(lodashUrl, './_Stack.js');
  const SetCache = await internal(lodashUrl, './_SetCache.js');
  const LodashWrapper = await internal(lodashUrl, './_LodashWrapper.js');
  const LazyWrapper = await internal(lodashUrl, './_LazyWrapper.js');
  const { Setter, ValueSetter, DateTimezoneSetter } = await import(new URL('./parse/_lib/Setter.js', dfnsUrl).href);
  const { Parser } = await import(new URL('./parse/_lib/Parser.js', dfnsUrl).href);
  const { parsers } = await import(new URL('./parse/_lib/parsers.js', dfnsUrl).href);

  const { ser, describe, recorder } = probeLib();

  const result = { exports: {}, calls: {}, async: {} };
  const sorted = (ns) => Object.keys(ns).sort();
  for (const k of sorted(lodashNs)) result.exports['lodash-es.' + k] = describe(lodashNs[k]);
  for (const k of sorted(lodash)) result.exports['lodash.' + k] = describe(lodash[k]);
  for (const k of Object.getOwnPropertyNames(lodash.prototype).sort()) result.exports['lodash.prototype.' + k] = describe(lodash.prototype[k]);
  for (const k of sorted(dfnsNs)) result.exports['date-fns.' + k] = describe(dfnsNs[k]);
  for (const [k, v] of Object.entries({ Hash, MapCache, ListCache, Stack, SetCache, LodashWrapper, LazyWrapper, Setter, ValueSetter, DateTimezoneSetter, Parser }))
    result.exports['internal.' + k] = describe(v);
  // date-fns's parser classes (a base class, ~40 subclasses with fields): the classes and one instance of each.
  for (const k of Object.keys(parsers).sort()) {
    result.exports['internal.parsers.' + k] = describe(parsers[k].constructor);
    result.exports['internal.parsers.' + k + '.instance'] = { typeof: 'object', value: ser(parsers[k]) };
  }

  const call = recorder(result.calls);

  // ---- lodash-es: Array ----
  call('chunk', () => _.chunk(['a', 'b', 'c', 'd', 'e'], 2));
  call('compact', () => _.compact([0, 1, false, 2, '', 3, null, NaN, undefined]));
  call('concat', () => _.concat([1], 2, [3], [[4]]));
  call('difference', () => _.difference([2, 1, 5], [2, 3]));
  call('differenceBy', () => _.differenceBy([2.1, 1.2], [2.3, 3.4], Math.floor));
  call('differenceWith', () => _.differenceWith([{ x: 1 }, { x: 2 }], [{ x: 1 }], _.isEqual));
  call('drop', () => _.drop([1, 2, 3], 2));
  call('dropRightWhile', () => _.dropRightWhile([1, 2, 3, 4], (n) => n > 2));
  call('fill', () => _.fill(Array(4), '*', 1, 3));
  call('findIndex', () => _.findIndex([{ a: 1 }, { a: 2 }], { a: 2 }));
  call('findLastIndex', () => _.findLastIndex([1, 2, 3, 2], (n) => n === 2));
  call('flattenDeep', () => _.flattenDeep([1, [2, [3, [4]], 5]]));
  call('flattenDepth', () => _.flattenDepth([1, [2, [3, [4]], 5]], 2));
  call('fromPairs', () => _.fromPairs([['a', 1], ['b', 2]]));
  call('head/last/nth', () => [_.head([1, 2, 3]), _.last([1, 2, 3]), _.nth(['a', 'b', 'c'], -2)]);
  call('intersectionBy', () => _.intersectionBy([{ x: 1 }, { x: 2 }], [{ x: 1 }], 'x'));
  call('pull/pullAt/remove', () => {
    const a = [1, 2, 3, 1, 2, 3, 4, 5, 6];
    const pulled = _.pullAt(_.pull(a, 2, 3), 0, 1);
    const removed = _.remove(a, (n) => n % 2 === 0);
    return { a, pulled, removed };
  });
  call('sortedIndexBy', () => [_.sortedIndex([30, 50], 40), _.sortedIndexBy([{ x: 4 }, { x: 5 }], { x: 4 }, 'x'), _.sortedUniq([1, 1, 2])]);
  call('take/takeRightWhile', () => [_.take([1, 2, 3], 2), _.takeRightWhile([1, 2, 3, 4], (n) => n > 2)]);
  call('union/unionBy/uniqWith', () => [_.union([2], [1, 2]), _.unionBy([2.1], [1.2, 2.3], Math.floor), _.uniqWith([{ a: 1 }, { a: 1 }, { a: 2 }], _.isEqual)]);
  call('uniqBy large', () => _.uniqBy(_.range(500).map((i) => ({ k: i % 37 })), 'k').length);
  call('zip/unzip/zipWith', () => [_.zip(['a', 'b'], [1, 2], [true, false]), _.unzip([['a', 1], ['b', 2]]), _.zipWith([1, 2], [10, 20], (a, b) => a + b)]);
  call('zipObjectDeep', () => _.zipObjectDeep(['a.b[0].c', 'a.b[1].d'], [1, 2]));
  call('without/xor/xorBy', () => [_.without([2, 1, 2, 3], 1, 2), _.xor([2, 1], [2, 3]), _.xorBy([2.1, 1.2], [2.3, 3.4], Math.floor)]);
  call('intersection large', () => _.intersection(_.range(0, 400, 2), _.range(0, 400, 3)).slice(0, 10));
  call('difference large', () => _.difference(_.range(300), _.range(5, 300)).concat(_.uniq(_.range(300).map((i) => i % 7))));
  // ---- Collection ----
  call('countBy', () => _.countBy([6.1, 4.2, 6.3], Math.floor));
  call('every/some', () => [_.every([true, 1, null], Boolean), _.some([null, 0, 'yes'], Boolean), _.every([{ a: 1 }], { a: 1 })]);
  call('filter/reject', () => [_.filter([{ a: 1, b: 0 }, { a: 1, b: 1 }], ['b', 1]), _.reject([1, 2, 3, 4], (n) => n % 2)]);
  call('find/findLast', () => [_.find([{ u: 'a', age: 36 }, { u: 'b', age: 40 }], (o) => o.age > 36), _.findLast([1, 2, 3, 4], (n) => n % 2 === 1)]);
  call('flatMapDeep', () => _.flatMapDeep([1, 2], (n) => [[[n, n]]]));
  call('forEach order', () => {
    const seen = [];
    _.forEach({ b: 2, a: 1 }, (v, k) => seen.push(k + v));
    _.forEachRight([1, 2, 3], (v) => seen.push(v));
    return seen;
  });
  call('groupBy', () => _.groupBy(['one', 'two', 'three', 'four'], 'length'));
  call('includes', () => [_.includes([1, 2, 3], 1, 2), _.includes({ a: 1 }, 1), _.includes('abcd', 'bc')]);
  call('invokeMap', () => _.invokeMap([[5, 1, 7], [3, 2, 1]], 'sort'));
  call('keyBy', () => _.keyBy([{ dir: 'left', code: 97 }, { dir: 'right', code: 100 }], (o) => String.fromCharCode(o.code)));
  call('map', () => [_.map([4, 8], (n) => n * n), _.map({ a: 4, b: 8 }, (n) => n * 2), _.map([{ u: 'x' }], 'u')]);
  call('orderBy', () => _.orderBy([{ u: 'fred', a: 48 }, { u: 'barney', a: 34 }, { u: 'fred', a: 40 }], ['u', 'a'], ['asc', 'desc']));
  call('partition', () => _.partition([{ a: 1, b: true }, { a: 2, b: false }], 'b'));
  call('reduce/reduceRight', () => [_.reduce({ a: 1, b: 2, c: 1 }, (r, v, k) => ((r[v] || (r[v] = [])).push(k), r), {}), _.reduceRight([[0, 1], [2, 3]], (f, o) => f.concat(o), [])]);
  call('size', () => [_.size([1, 2, 3]), _.size({ a: 1, b: 2 }), _.size('pebbles'), _.size(new Map([[1, 1]]))]);
  call('sortBy', () => _.sortBy([{ u: 'fred', a: 48 }, { u: 'barney', a: 36 }, { u: 'fred', a: 30 }], ['u', (o) => o.a]));
  call('sampleSize 0/shuffle []', () => [_.sampleSize([1, 2, 3], 0), _.shuffle([])]);
  // ---- Function ----
  call('after/before/once', () => {
    let n = 0;
    const a = _.after(2, () => ++n);
    const b = _.before(3, () => ++n);
    const o = _.once(() => ++n);
    return [a(), a(), a(), b(), b(), b(), o(), o(), n];
  });
  call('ary/unary/rearg/flip', () => [_.map(['6', '8', '10'], _.ary(parseInt, 1)), _.map(['6', '8', '10'], _.unary(parseInt)), _.rearg((a, b, c) => [a, b, c], [2, 0, 1])('b', 'c', 'a'), _.flip((...args) => args)('a', 'b', 'c')]);
  call('bind/bindKey placeholders', () => {
    const greet = function (greeting, punctuation) { return greeting + ' ' + this.user + punctuation; };
    const bound = _.bind(greet, { user: 'fred' }, _.bind.placeholder, '!');
    const obj = { user: 'barney', greet(g, p) { return g + ' ' + this.user + p; } };
    const bk = _.bindKey(obj, 'greet', 'hi');
    return [bound('hi'), bk('?'), _.bind.placeholder === lodash, bound.length];
  });
  call('curry/curryRight', () => {
    const abc = (a, b, c) => [a, b, c];
    const c = _.curry(abc);
    const r = _.curryRight(abc);
    return [c(1)(2)(3), c(1, 2)(3), c(1)(_.curry.placeholder, 3)(2), r(3)(2)(1), c.length, c.placeholder === lodash, _.curry.placeholder === lodash];
  });
  call('partial/partialRight', () => {
    const greet = (g, n) => g + ' ' + n;
    return [_.partial(greet, 'hello')('fred'), _.partialRight(greet, 'fred')('hi'), _.partial(greet, _, 'fred')('hey'), _.partial.placeholder === _.default];
  });
  call('memoize', () => {
    let calls = 0;
    const m = _.memoize((o) => (calls++, Object.keys(o).length));
    const o1 = { a: 1, b: 2 };
    const r = [m(o1), m(o1), calls];
    m.cache.set(o1, 'X');
    const r2 = _.memoize((a, b) => a + b, (a, b) => a + '|' + b);
    return [...r, m(o1), m.cache instanceof _.memoize.Cache, _.memoize.Cache === MapCache, m.cache.constructor.name, r2(1, 2), r2.cache.has('1|2')];
  });
  call('memoize custom Cache', () => {
    const saved = _.memoize.Cache;
    _.memoize.Cache = WeakMap;
    try {
      const m = _.memoize((o) => o.v);
      const k = { v: 7 };
      return [m(k), m.cache instanceof WeakMap];
    } finally {
      _.memoize.Cache = saved;
    }
  });
  call('negate/overArgs/rest/spread', () => [_.filter([1, 2, 3, 4], _.negate((n) => n % 2 === 0)), _.overArgs((x, y) => [x, y], [(n) => n * 2, (n) => n * n])(9, 3), _.rest((w, names) => w + ' ' + names.join(','))('hi', 'a', 'b'), _.spread((a, b) => a + b)([1, 2])]);
  call('wrap/flow/flowRight', () => [_.wrap(_.escape, (f, t) => '<p>' + f(t) + '</p>')('a & b'), _.flow([_.add, _.multiply.bind(null, 3)])(1, 2), _.flowRight(_.toUpper, _.trim)('  x  ')]);
  // ---- Lang ----
  const tree = () => {
    const o = { n: 1, s: 'str', d: new Date(Date.UTC(2024, 1, 29, 12)), r: /ab+c/gi, m: new Map([['k', { deep: [1, 2] }]]), st: new Set([1, 'two']), t: new Uint8Array([1, 2, 3]), arr: [1, { x: [2, 3] }], sym: Symbol.for('s'), nul: null, und: undefined };
    o.self = o;
    return o;
  };
  call('cloneDeep', () => {
    const o = tree();
    const c = _.cloneDeep(o);
    return { c, sameRef: c === o, selfOk: c.self === c, mapClone: c.m !== o.m && c.m.get('k') !== o.m.get('k'), dateClone: c.d !== o.d, eq: _.isEqual(_.omit(c, 'self'), _.omit(o, 'self')) };
  });
  call('clone/cloneWith/cloneDeepWith', () => [_.clone({ a: [1] }), _.cloneWith({ a: 1 }, (v) => (typeof v === 'number' ? v * 10 : undefined)), _.cloneDeepWith({ a: { b: 2 } }, (v) => (typeof v === 'number' ? -v : undefined))]);
  call('cloneDeep class instance', () => {
    class Point { constructor(x) { this.x = x; } len() { return this.x; } }
    const c = _.cloneDeep(new Point(3));
    return [c instanceof Point, c.len(), Object.getPrototypeOf(c) === Point.prototype];
  });
  call('isEqual', () => [
    _.isEqual(tree(), tree()),
    _.isEqual({ a: [1, 2, { b: new Set([1, 2]) }] }, { a: [1, 2, { b: new Set([2, 1]) }] }),
    _.isEqual(new Map([[1, { a: 1 }]]), new Map([[1, { a: 2 }]])),
    _.isEqual(_.range(300).map((i) => ({ i })), _.range(300).map((i) => ({ i }))),
    _.isEqual([NaN], [NaN]),
    _.isEqual(new Date(0), new Date(0)),
    _.isEqual(new Uint8Array([1]), new Uint8Array([2])),
  ]);
  call('isEqualWith/isMatch', () => [_.isEqualWith(['hello'], ['hi'], (a, b) => (/^h(?:i|ello)$/.test(a) && /^h(?:i|ello)$/.test(b)) || undefined), _.isMatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: 2 } }), _.isMatchWith({ g: 'hi' }, { g: 'hello' }, () => true)]);
  call('is*', () => {
    const fns = ['isArguments', 'isArray', 'isArrayBuffer', 'isArrayLike', 'isArrayLikeObject', 'isBoolean', 'isBuffer', 'isDate', 'isElement', 'isEmpty', 'isError', 'isFinite', 'isFunction', 'isInteger', 'isLength', 'isMap', 'isNaN', 'isNative', 'isNil', 'isNull', 'isNumber', 'isObject', 'isObjectLike', 'isPlainObject', 'isRegExp', 'isSafeInteger', 'isSet', 'isString', 'isSymbol', 'isTypedArray', 'isUndefined', 'isWeakMap', 'isWeakSet'];
    const values = [[], {}, '', 'a', 0, 1.5, NaN, null, undefined, true, Symbol.iterator, new Date(0), /x/, new Map(), new Set(), new WeakMap(), new Uint8Array(1), new ArrayBuffer(1), new Error('e'), Math.max, () => 1, async () => 1, function* g() {}, Object.create(null), new (class K {})(), (function () { return arguments; })(1)];
    return Object.fromEntries(fns.map((f) => [f, values.map((v) => { try { return _[f](v); } catch (e) { return 'throws ' + e.message; } })]));
  });
  call('isFunction on lodash functions', () => _.every(Object.keys(lodashNs).filter((k) => typeof lodashNs[k] === 'function'), (k) => lodashNs.isFunction(lodashNs[k])));
  call('isNative on lodash functions', () => ['chunk', 'map', 'curry', 'memoize'].map((k) => { try { return _.isNative(_[k]); } catch (e) { return e.message; } }));
  call('to*', () => [_.toArray({ a: 1, b: 2 }), _.toArray('abc'), _.toFinite('3.2'), _.toInteger(Infinity), _.toLength(-1), _.toNumber('0b101'), _.toPlainObject(Object.create({ b: 2 }, { a: { value: 1, enumerable: true } })), _.toSafeInteger(2 ** 60), _.toString([1, [2, -0]]), _.castArray(1), _.conformsTo({ a: 1 }, { a: (n) => n > 0 })]);
  call('compare', () => [_.eq(NaN, NaN), _.gt(3, 1), _.gte(1, 1), _.lt(1, 3), _.lte(3, 1)]);
  // ---- Math / Number ----
  call('math', () => [_.add(6, 4), _.ceil(4.006, 2), _.divide(6, 4), _.floor(0.046, 2), _.max([4, 2, 8]), _.maxBy([{ n: 1 }, { n: 2 }], 'n'), _.mean([4, 2, 8, 6]), _.meanBy([{ n: 4 }, { n: 2 }], (o) => o.n), _.min([]), _.minBy([{ n: 1 }, { n: 2 }], 'n'), _.multiply(6, 4), _.round(4060, -2), _.subtract(6, 4), _.sum([4, 2, 8]), _.sumBy([{ n: 4 }, { n: 6 }], 'n')]);
  call('number', () => [_.clamp(-10, -5, 5), _.clamp(10, -5, 5), _.inRange(3, 2, 4), _.inRange(-3, -2, -6), _.random(5, 5)]);
  // ---- Object ----
  call('assign family', () => {
    function Foo() { this.a = 1; }
    Foo.prototype.b = 2;
    return [_.assign({ c: 0 }, new Foo()), _.assignIn({ c: 0 }, new Foo()), _.assignWith({ a: 1 }, { a: 2, b: 3 }, (o, s) => (o === undefined ? s : o)), _.defaults({ a: 1 }, { b: 2 }, { a: 3 }), _.defaultsDeep({ a: { b: 2 } }, { a: { b: 1, c: 3 } })];
  });
  call('at/get/has/set/unset/update', () => {
    const o = { a: [{ b: { c: 3 } }, 4] };
    const r = [_.at(o, ['a[0].b.c', 'a[1]']), _.get(o, 'a[0].b.c'), _.get(o, ['a', '0', 'b', 'c']), _.get(o, 'a.b.c', 'default'), _.has(o, 'a[0].b'), _.hasIn(Object.create({ x: 1 }), 'x')];
    _.set(o, 'x[0].y.z', 5);
    _.setWith(o, '[1][2]', 'w', Object);
    _.unset(o, 'a[0].b.c');
    _.update(o, 'a[1]', (n) => n * n);
    return [r, o];
  });
  call('create', () => {
    function Shape() { this.x = 0; }
    function Circle() { Shape.call(this); }
    Circle.prototype = _.create(Shape.prototype, { constructor: Circle });
    const c = new Circle();
    return [c instanceof Circle, c instanceof Shape, Object.keys(Circle.prototype)];
  });
  call('findKey/forOwn/forIn', () => {
    function Foo() { this.a = 1; this.b = 2; }
    Foo.prototype.c = 3;
    const keys = [];
    _.forOwn(new Foo(), (v, k) => keys.push(k));
    _.forIn(new Foo(), (v, k) => keys.push(k));
    return [_.findKey({ x: { a: 1 }, y: { a: 2 } }, { a: 2 }), _.findLastKey({ x: 1, y: 2 }, (v) => v < 3), keys, _.functions({ f() {}, g: 1 })];
  });
  call('invert/invertBy/invoke', () => [_.invert({ a: 1, b: 2, c: 1 }), _.invertBy({ a: 1, b: 2, c: 1 }, (v) => 'g' + v), _.invoke({ a: [{ b: { c: [1, 2, 3, 4] } }] }, 'a[0].b.c.slice', 1, 3)]);
  call('keys/values/entries', () => {
    function Foo() { this.a = 1; }
    Foo.prototype.b = 2;
    return [_.keys(new Foo()), _.keysIn(new Foo()), _.values('hi'), _.valuesIn(new Foo()), _.toPairs(new Map([[1, 2]])), _.toPairsIn(new Foo()), _.keys(Object('ab'))];
  });
  call('mapKeys/mapValues', () => [_.mapKeys({ a: 1, b: 2 }, (v, k) => k + v), _.mapValues({ f: { age: 40 }, p: { age: 1 } }, 'age')]);
  call('merge/mergeWith', () => [
    _.merge({ a: [{ b: 2 }, { d: 4 }] }, { a: [{ c: 3 }, { e: 5 }] }),
    _.merge({}, tree()).m instanceof Map,
    _.mergeWith({ a: [1], b: [2] }, { a: [3], b: [4] }, (o, s) => (Array.isArray(o) ? o.concat(s) : undefined)),
    _.merge({ d: new Date(0) }, { d: { x: 1 } }),
  ]);
  call('omit/pick', () => [_.omit({ a: 1, b: '2', c: 3 }, ['a', 'c']), _.omitBy({ a: 1, b: '2' }, _.isNumber), _.pick({ a: { b: 1, c: 2 }, d: 3 }, ['a.b', 'd']), _.pickBy({ a: 1, b: '2' }, _.isString)]);
  call('result/transform', () => [_.result({ a: { b: () => 'fn' } }, 'a.b'), _.result({}, 'x', () => 'dflt'), _.transform([2, 3, 4], (r, n) => (r.push(n * n), n % 2 === 0), []), _.transform({ a: 1, b: 2, c: 1 }, (r, v, k) => (r[v] || (r[v] = [])).push(k), {})]);
  // ---- Seq (the lodash wrapper and its lazy evaluation) ----
  call('wrapper implicit', () => {
    const w = lodash([1, 2, 3]);
    return [w instanceof lodash, w instanceof LodashWrapper, w.map((n) => n * 3).reverse().value(), w.sum(), w.head(), lodash('abc').toUpper(), Object.getPrototypeOf(w).constructor === LodashWrapper];
  });
  call('wrapper explicit chain', () => {
    const users = [{ u: 'barney', a: 36 }, { u: 'fred', a: 40 }, { u: 'pebbles', a: 1 }];
    return [_.chain(users).sortBy('a').map((o) => o.u + ' is ' + o.a).head().value(), lodash(users).chain().filter((o) => o.a > 5).map('u').value(), lodash([1, 2]).tap((a) => a.push(3)).value(), lodash('  abc ').chain().trim().thru((v) => [v]).value()];
  });
  call('wrapper lazy', () => {
    let iterations = 0;
    const big = _.range(1000);
    const w = lodash(big).map((n) => (iterations++, n * 2)).filter((n) => n % 3 === 0).takeRight(4).reverse();
    const v = w.value();
    const lazy = lodash(big).map(_.identity).__wrapped__ instanceof LazyWrapper;
    const w2 = lodash(big).drop(3).take(5).slice(1, 3);
    return [v, iterations, lazy, w2.value(), lodash(big).filter((n) => n < 3).map((n) => n + 1).value(), lodash(big).reject((n) => n > 1).value(), lodash(big).takeWhile((n) => n < 3).value(), lodash(big).compact().last(), lodash(big).invokeMap('toFixed', 1).take(2).value()];
  });
  call('wrapper iterator/commit/plant/toJSON', () => {
    const arr = [1, 2];
    const w = lodash(arr).map((n) => n * 10);
    const it = [...w];
    const w2 = lodash([1, 2]).push(3).commit();
    const planted = lodash([1]).map((n) => n * n).plant([3, 4]).value();
    return [it, w2.value(), planted, w.toJSON(), w.valueOf(), String(lodash([1, 2])), lodash([1, 2]).next(), lodash({ a: 1 }).keys().value()];
  });
  call('wrapper mixin', () => {
    const target = {};
    _.mixin(target, { vowels: (s) => _.filter(s, (v) => /[aeiou]/i.test(v)) });
    return [target.vowels('fred'), typeof lodash.vowels];
  });
  // ---- String ----
  call('cases', () => ['Foo Bar', '--foo-bar--', '__FOO_BAR__', 'fooBar', 'XMLHttpRequest', 'déjà vu'].map((s) => [_.camelCase(s), _.kebabCase(s), _.snakeCase(s), _.startCase(s), _.lowerCase(s), _.upperCase(s), _.capitalize(s), _.upperFirst(s), _.lowerFirst(s), _.words(s)]));
  call('deburr/escape', () => [_.deburr('déjà vu Ærøskøbing'), _.escape('fred, barney, & <pebbles> "\''), _.unescape('fred, barney, &amp; &lt;pebbles&gt; &quot;&#39;'), _.escapeRegExp('[lodash](https://lodash.com/)')]);
  call('pad/repeat/trim/truncate', () => [_.pad('abc', 8, '_-'), _.padStart('abc', 6), _.padEnd('abc', 6, '_'), _.repeat('*', 3), _.trim('-_-abc-_-', '_-'), _.trimStart('  abc  '), _.trimEnd('  abc  '), _.truncate('hi-diddly-ho there, neighborino', { length: 24, separator: /,? +/ }), _.truncate('hi-diddly-ho there', { omission: ' [...]', length: 15 })]);
  call('string misc', () => [_.endsWith('abc', 'b', 2), _.startsWith('abc', 'b', 1), _.parseInt('08'), _.map(['6', '08', '10'], _.parseInt), _.replace('Hi Fred', 'Fred', 'Barney'), _.split('a-b-c', '-', 2), _.toLower('--Foo-Bar--'), _.toUpper('--foo-bar--'), _.words('fred, barney, & pebbles', /[^, ]+/g)]);
  call('template', () => {
    const compiled = _.template('hello <%= user %>! <%- html %> <% _.forEach(list, function(x) { %><li><%- x %></li><% }); %> ${ es }');
    const custom = _.template('hi {{ name }}', { interpolate: /{{([\s\S]+?)}}/g });
    const imported = _.template('<% jq.each(users, function(u) { %><i><%- u %></i><% }); %>', { imports: { jq: { each: (a, f) => a.forEach(f) } } });
    return [compiled({ user: 'fred', html: '<b>', list: ['a', '<x>'], es: 'es6' }), custom({ name: 'mustache' }), imported({ users: ['a', 'b'] }), typeof compiled.source, compiled.source.length > 0, _.templateSettings.variable, Object.keys(_.templateSettings).sort()];
  });
  call('template errors', () => _.attempt(() => _.template('<%= a.b.c %>')({ a: {} })));
  // ---- Util ----
  call('attempt/cond/conforms', () => {
    const f = _.cond([[_.matches({ a: 1 }), _.constant('matches A')], [_.conforms({ b: _.isNumber }), _.constant('matches B')], [_.stubTrue, _.constant('no match')]]);
    return [_.attempt((s) => s.toUpperCase(), 'x'), _.attempt(() => { throw new TypeError('boom'); }).message, f({ a: 1, b: 2 }), f({ a: 0, b: 1 }), f({ a: '1', b: '2' }), _.filter([{ a: 2, b: 1 }, { a: 1, b: 2 }], _.conforms({ b: (n) => n > 1 }))];
  });
  call('iteratee shorthands', () => {
    const users = [{ u: 'barney', a: 36, active: true }, { u: 'fred', a: 40, active: false }];
    return [_.map(users, _.iteratee('u')), _.filter(users, _.iteratee({ active: true })), _.filter(users, _.iteratee(['a', 40])), _.map(users, _.property('a')), _.filter(users, _.matchesProperty('u', 'fred')), _.map([{ a: { b: () => 2 } }], _.method('a.b')), _.map(['a', 'b'], _.propertyOf({ a: 1, b: 2 })), _.map(['a.b'], _.methodOf({ a: { b: () => 'mo' } }))];
  });
  call('util misc', () => [_.defaultTo(NaN, 10), _.identity(5), _.noop(), _.nthArg(-2)('a', 'b', 'c'), _.over([Math.max, Math.min])(1, 2, 3, 4), _.overEvery([Boolean, isFinite])('1'), _.overSome([Boolean, isFinite])(null), _.range(-4), _.range(0, 20, 5), _.rangeRight(1, 4), _.stubArray(), _.stubObject(), _.stubString(), _.times(4, _.constant(0)), _.toPath('a[0].b.c'), _.uniqueId('contact_'), _.uniqueId()]);
  // ---- internals: the old-style constructor functions with prototype methods ----
  call('internal Hash/ListCache/MapCache', () => {
    const h = new Hash([['a', 1], ['b', 2]]);
    const lc = new ListCache([['x', 1]]);
    const mc = new MapCache([['k', 'v'], [{}, 'obj'], [1, 'num']]);
    h.set('c', 3);
    h.delete('a');
    lc.set('y', 2);
    mc.set('k', 'v2');
    return [h instanceof Hash, h.size, h.get('b'), h.has('a'), Object.keys(Hash.prototype), lc.size, lc.get('y'), lc.has('x'), mc.size, mc.get('k'), mc.has(1), mc instanceof MapCache, Object.getPrototypeOf(mc) === MapCache.prototype, mc.constructor === MapCache, mc.__data__.hash instanceof Hash];
  });
  call('internal Stack/SetCache', () => {
    const s = new Stack([['a', 1]]);
    for (let i = 0; i < 250; i++) s.set('k' + i, i);
    const sc = new SetCache([1, 2, 2, 3]);
    return [s.size, s.get('k200'), s.has('a'), s.__data__.constructor === MapCache, s.delete('a'), s.size, sc.has(2), sc.has(4), sc.__data__.size, new Stack() instanceof Stack];
  });
  call('internal wrappers', () => {
    const lw = new LodashWrapper([1, 2], true);
    const lz = new LazyWrapper([1, 2, 3]);
    return [lw instanceof LodashWrapper, lw instanceof lodash, lw.__chain__, lw.value(), lz instanceof LazyWrapper, lz.map((n) => n + 1).reverse().value(), lz.clone() instanceof LazyWrapper, LodashWrapper.prototype.constructor === LodashWrapper, LazyWrapper.prototype.constructor === LazyWrapper];
  });
  call('lodash default object', () => [lodash.VERSION, lodash.chunk === _.chunk, lodash.prototype.constructor === lodash, typeof lodash.prototype.chain, lodash.placeholder === lodash, lodash.isFunction(lodash)]);
  call('typeof timers', () => [typeof _.debounce, typeof _.throttle, typeof _.debounce(_.noop, 10).cancel, typeof _.throttle(_.noop, 10).flush, _.debounce.length, _.throttle.length, _.defer.length, _.delay.length]);

  // ---- date-fns (fixed dates; the default locale is en-US; TZ=UTC) ----
  const d1 = new Date(Date.UTC(2024, 1, 29, 13, 45, 30, 123)); // a Thursday, leap day
  const d2 = new Date(Date.UTC(2025, 6, 4, 8, 5, 0));
  const d3 = new Date(Date.UTC(2020, 0, 1));
  call('df format', () => D.format(d1, "yyyy-MM-dd'T'HH:mm:ss.SSSxxx EEEE EEE do MMMM MMM QQQ Qo wo Io II RRRR GGGG aaa bbbb BBBB h K k t T X z"));
  call('df format tokens', () => ['P', 'PP', 'PPP', 'PPPP', 'p', 'pp', 'Pp', 'PPPPpppp', 'yo', 'Yo', 'LLLL', 'cccc', 'eeee', 'D', 'DD', 'Do', 'O', 'OOOO', 'ii', 'iiii', 'iiiii', 'qqqq'].map((t) => { try { return D.format(d1, t, { useAdditionalDayOfYearTokens: true, useAdditionalWeekYearTokens: true }); } catch (e) { return 'throws ' + e.message; } }));
  call('df format errors', () => [() => D.format(new Date(NaN), 'yyyy'), () => D.format(d1, 'YYYY'), () => D.format(d1, 'j')].map((f) => { try { return f(); } catch (e) { return e.constructor.name + ': ' + e.message; } }));
  call('df format de', () => [D.format(d1, 'PPPPpppp', { locale: de }), D.formatDistance(d1, d2, { locale: de, addSuffix: true }), D.formatRelative(d1, d2, { locale: de })]);
  call('df ISO/RFC', () => [D.formatISO(d1), D.formatISO(d1, { representation: 'date' }), D.formatISO9075(d1), D.formatRFC3339(d1, { fractionDigits: 3 }), D.formatRFC7231(d1), D.formatISODuration({ years: 1, days: 2, seconds: 3 }), D.lightFormat(d1, 'yyyy-MM-dd HH:mm:ss.SSS')]);
  call('df formatDistance', () => [D.formatDistance(d1, d2), D.formatDistance(d2, d1, { addSuffix: true, includeSeconds: true }), D.formatDistance(d1, new Date(d1.getTime() + 25000), { includeSeconds: true }), D.formatDistanceStrict(d1, d2, { unit: 'day' }), D.formatDistanceStrict(d2, d1, { addSuffix: true, roundingMethod: 'floor' })]);
  call('df formatRelative/Duration', () => [D.formatRelative(d1, d2), D.formatRelative(D.subDays(d1, 3), d1), D.formatRelative(D.addDays(d1, 1), d1), D.formatDuration({ years: 2, months: 9, weeks: 1, days: 7, hours: 5, minutes: 9, seconds: 30 }), D.formatDuration({ months: 9, days: 2 }, { format: ['months'], delimiter: ', ' })]);
  call('df intlFormat', () => [D.intlFormat(d1, { locale: 'en-US' }), D.intlFormat(d1, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }, { locale: 'en-US' })]);
  call('df add/sub', () => [D.addDays(d1, 1), D.addMonths(d1, 12), D.addYears(d1, 1), D.addBusinessDays(d1, 3), D.addHours(d1, 30), D.addMinutes(d1, -90), D.addSeconds(d1, 3600), D.addMilliseconds(d1, 877), D.addWeeks(d1, 2), D.addQuarters(d1, 1), D.addISOWeekYears(d1, 1), D.add(d1, { years: 1, months: 2, weeks: 1, days: 3, hours: 4, minutes: 5, seconds: 6 }), D.sub(d1, { months: 1, days: 1 }), D.subDays(d1, 60), D.subBusinessDays(d1, 10), D.subMonths(d1, 1)]);
  call('df differences', () => [D.differenceInDays(d2, d1), D.differenceInBusinessDays(d2, d1), D.differenceInCalendarDays(d2, d1), D.differenceInCalendarMonths(d2, d1), D.differenceInCalendarWeeks(d2, d1), D.differenceInCalendarYears(d2, d1), D.differenceInCalendarISOWeeks(d2, d1), D.differenceInCalendarQuarters(d2, d1), D.differenceInHours(d2, d1), D.differenceInMinutes(d2, d1), D.differenceInSeconds(d2, d1), D.differenceInMilliseconds(d2, d1), D.differenceInMonths(d2, d1), D.differenceInQuarters(d2, d1), D.differenceInWeeks(d2, d1), D.differenceInYears(d2, d1), D.differenceInISOWeekYears(d2, d1)]);
  call('df eachXOfInterval', () => [D.eachDayOfInterval({ start: d1, end: D.addDays(d1, 4) }), D.eachWeekOfInterval({ start: d3, end: D.addDays(d3, 20) }), D.eachMonthOfInterval({ start: d1, end: d2 }).length, D.eachWeekendOfInterval({ start: d1, end: D.addDays(d1, 10) }), D.eachHourOfInterval({ start: d1, end: D.addHours(d1, 3) }), D.eachMinuteOfInterval({ start: d1, end: D.addMinutes(d1, 2) }), D.eachQuarterOfInterval({ start: d3, end: d1 }), D.eachYearOfInterval({ start: d3, end: d2 }), D.eachWeekendOfMonth(d1).length, D.eachWeekendOfYear(d1).length, D.eachDayOfInterval({ start: d1, end: D.addDays(d1, 6) }, { step: 3 })]);
  call('df startOf/endOf', () => [D.startOfWeek(d1), D.startOfWeek(d1, { weekStartsOn: 1 }), D.endOfWeek(d1), D.startOfMonth(d1), D.endOfMonth(d1), D.startOfISOWeek(d1), D.startOfISOWeekYear(d1), D.startOfQuarter(d1), D.endOfQuarter(d1), D.startOfYear(d1), D.endOfYear(d1), D.startOfDay(d1), D.endOfDay(d1), D.startOfHour(d1), D.endOfMinute(d1), D.startOfSecond(d1), D.startOfDecade(d1), D.endOfDecade(d1), D.lastDayOfMonth(d1), D.lastDayOfISOWeek(d1), D.startOfWeekYear(d1, { firstWeekContainsDate: 4 })]);
  call('df predicates', () => [D.isValid(d1), D.isValid(new Date(NaN)), D.isAfter(d1, d2), D.isBefore(d1, d2), D.isEqual(d1, new Date(d1)), D.isSameDay(d1, D.addHours(d1, 5)), D.isSameMonth(d1, d2), D.isSameISOWeek(d1, D.addDays(d1, 2)), D.isWeekend(d1), D.isLeapYear(d1), D.isFirstDayOfMonth(d1), D.isLastDayOfMonth(d1), D.isThursday(d1), D.isWithinInterval(d1, { start: d3, end: d2 }), D.areIntervalsOverlapping({ start: d3, end: d1 }, { start: d1, end: d2 }, { inclusive: true }), D.isExists(2023, 1, 29), D.isMatch('29/02/2024', 'dd/MM/yyyy'), D.isDate(d1), D.isDate('x')]);
  call('df getters', () => [D.getDay(d1), D.getDate(d1), D.getDayOfYear(d1), D.getDaysInMonth(d1), D.getDaysInYear(d1), D.getISOWeek(d1), D.getISOWeekYear(d1), D.getISOWeeksInYear(d1), D.getWeek(d1), D.getWeekOfMonth(d1), D.getWeeksInMonth(d1), D.getWeekYear(d1), D.getQuarter(d1), D.getUnixTime(d1), D.getTime(d1), D.getDecade(d1), D.getOverlappingDaysInIntervals({ start: d3, end: d1 }, { start: D.subDays(d1, 10), end: d2 }), D.getDefaultOptions(), D.getTimezoneOffset ? 'has getTimezoneOffset' : 'none']);
  call('df setters', () => [D.setDay(d1, 0), D.setDay(d1, 1, { weekStartsOn: 1 }), D.setISOWeek(d1, 1), D.setHours(d1, 0), D.setMonth(d1, 1), D.setYear(d1, 2023), D.set(d1, { year: 2030, month: 0, date: 31, hours: 1, minutes: 2, seconds: 3, milliseconds: 4 }), D.setDayOfYear(d1, 1), D.setQuarter(d1, 4), D.setWeek(d1, 10), D.setISODay(d1, 7)]);
  call('df parseISO/parseJSON/toDate', () => [D.parseISO('2024-02-29T13:45:30.123Z'), D.parseISO('2024-W09-4'), D.parseISO('2024-060'), D.parseISO('2024-02-29T13:45:30+05:30'), D.parseISO('garbage'), D.parseJSON('2024-02-29T13:45:30.123Z'), D.parseJSON('2024-02-29T13:45:30+0100'), D.toDate(0), D.toDate('2024-01-01T00:00:00Z'), D.fromUnixTime(1700000000)]);
  call('df parse', () => [
    ['29/02/2024 13:45:30', 'dd/MM/yyyy HH:mm:ss'],
    ['Thursday, February 29th, 2024 1:45 PM', 'EEEE, MMMM do, yyyy h:mm a'],
    ['2024-W09-4', "RRRR-'W'II-i"],
    ['6th week of 2024', "wo 'week of' yyyy"],
    ['Q1 2024', "QQQ yyyy"],
    ['1709214330', 't'],
    ['1709214330123', 'T'],
    ['2024-02-29T13:45:30+05:30', "yyyy-MM-dd'T'HH:mm:ssXXX"],
    ['AD 2024 060', 'G yyyy DDD'],
    ['12 noon', "h b"],
    ['in the evening 7', "BBBB h"],
    ['02/30/2024', 'MM/dd/yyyy'],
    ['nonsense', 'yyyy'],
    ['13 o\'clock', "H 'o''clock'"],
  ].map(([s, f]) => D.parse(s, f, d3, { useAdditionalDayOfYearTokens: true })));
  call('df parse de', () => D.parse('Donnerstag, 29. Februar 2024', 'EEEE, d. MMMM yyyy', d3, { locale: de }));
  call('df parse errors', () => [() => D.parse('2024', 'YYYY', d3), () => D.parse('1', 'ff', d3)].map((f) => { try { return f(); } catch (e) { return e.constructor.name + ': ' + e.message; } }));
  call('df max/min/closest/compare', () => {
    const ds = [d2, d1, d3];
    return [D.max(ds), D.min(ds), D.closestTo(d1, [d2, d3]), D.closestIndexTo(d1, [d2, d3]), [...ds].sort(D.compareAsc), [...ds].sort(D.compareDesc), D.clamp(d3, { start: d1, end: d2 })];
  });
  call('df intervals', () => [D.intervalToDuration({ start: d1, end: d2 }), D.interval(d2, d1), D.interval(d1, d2, { assertPositive: true }), (() => { try { return D.interval(d2, d1, { assertPositive: true }); } catch (e) { return e.message; } })(), D.areIntervalsOverlapping({ start: d1, end: d2 }, { start: d3, end: d1 })]);
  call('df rounding', () => [D.roundToNearestMinutes(d1, { nearestTo: 15 }), D.roundToNearestHours(d1, { roundingMethod: 'ceil' }), D.nextMonday(d1), D.nextSunday(d1), D.previousFriday(d1), D.previousDay(d1, 2), D.nextDay(d1, 6)]);
  call('df conversions', () => [D.milliseconds({ years: 1, days: 2 }), D.hoursToMinutes(2.5), D.daysToWeeks(15), D.secondsToHours(7300), D.minutesToMilliseconds(3), D.monthsToQuarters(7), D.weeksToDays(2), D.quartersToYears(9), D.yearsToMonths(1.5), D.millisecondsToSeconds(1234)]);
  call('df constructFrom/transpose', () => {
    class MyDate extends Date {}
    const md = new MyDate(d1.getTime());
    const c = D.constructFrom(md, 0);
    const t = D.transpose(d1, MyDate);
    return [c instanceof MyDate, c.getTime(), t instanceof MyDate, t.getTime() === d1.getTime(), D.addDays(md, 1) instanceof MyDate];
  });
  call('df Parser classes', () => {
    const names = Object.keys(parsers).sort();
    return {
      names,
      priorities: names.map((k) => [k, parsers[k].constructor.name, parsers[k].priority, parsers[k].subPriority ?? null, parsers[k] instanceof Parser, (parsers[k].incompatibleTokens ?? []).length]),
      setter: (() => {
        const vs = new ValueSetter(5, () => true, (date, _f, value) => D.setDate(date, value), 10, 1);
        const tz = new DateTimezoneSetter(d1, d1);
        return [vs instanceof Setter, vs.validate(d1, {}), vs.set(d1, {}, {}), vs.priority, vs.subPriority, tz.priority, tz.subPriority, Object.getOwnPropertyNames(Setter.prototype).sort(), Object.getOwnPropertyNames(new Setter()).sort()];
      })(),
    };
  });
  call('df defaultOptions', () => {
    const before = D.getDefaultOptions();
    D.setDefaultOptions({ weekStartsOn: 1 });
    const during = [D.startOfWeek(d1), D.getDefaultOptions()];
    D.setDefaultOptions({ weekStartsOn: undefined });
    return [before, during, D.startOfWeek(d1), D.getDefaultOptions()];
  });
  call('df fp-style options', () => [D.format(d1, 'EEEE', { locale: { ...de, code: 'de-custom' } }), D.startOfWeek(d1, { locale: de }), D.getWeek(d1, { locale: de }), D.formatDistanceToNowStrict.length, D.isToday.length]);

  // ---- timers: deterministic sequences of debounce, throttle, defer and delay ----
  // (Windows of 400 ms: with 20 ms, a loaded machine that paused between thr(1) and thr(2)
  // made the plain run itself log 'throttled 2'.)
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  {
    const log = [];
    const deb = _.debounce((x) => log.push('debounced ' + x), 400);
    deb(1); deb(2); deb(3);
    const thr = _.throttle((x) => log.push('throttled ' + x), 400);
    thr(1); thr(2); thr(3);
    _.defer((x) => log.push('deferred ' + x), 'a');
    _.delay((x) => log.push('delayed ' + x), 5, 'b');
    const lead = _.debounce((x) => log.push('leading ' + x), 400, { leading: true, trailing: false });
    lead(1); lead(2);
    const cancelled = _.debounce(() => log.push('never'), 10);
    cancelled(); cancelled.cancel();
    const flushed = _.debounce((x) => (log.push('flushed ' + x), x), 1000);
    flushed('f');
    log.push('flush returned ' + flushed.flush());
    // Eight entries are due; wait for them (not for a fixed time), then a little for a stray one.
    for (let i = 0; i < 500 && log.length < 8; i++) await sleep(10);
    await sleep(30);
    result.async.timers = log.sort();
  }

  result.used = [...used].sort();
  // Not compared: how many exported functions are limeade's handles (their source is the handle's).
  const handles = [lodashNs, dfnsNs].flatMap((ns) => Object.values(ns)).filter((f) => typeof f === 'function' && /__lmg\$\w*\$\d+\.f\.apply\(this,(a|arguments)\)|__lmg\$\w*\$\d+\.f;if\(__lmg!==undefined\)/.test(Function.prototype.toString.call(f))).length;
  const modules = globalThis.__limeade ? globalThis.__limeade.status().modules.map((m) => m.file) : null;
  process.stdout.write(JSON.stringify({ result, modules, handles }) + '\n');
}

/**
 * The second probe: rxjs (its ES2015 module build, copied into the app as `rxjs-esm` with
 * file extensions added to its specifiers, which Node's ES module resolution needs) and
 * three.js (its module build and its source tree, the same calls on both). Fixed inputs
 * only: rxjs's timing runs on the TestScheduler's virtual time, three's randomness is left
 * out (uuids) or seeded (MathUtils.seededRandom).
 */
async function probeRxThree() {
  const { ser, describe, recorder } = probeLib();
  const rxNs = await import('rxjs-esm');
  const opsNs = await import('rxjs-esm/operators');
  const { TestScheduler } = await import('rxjs-esm/testing');
  const buildNs = await import('three');
  const srcNs = await import('three/src/Three.js');
  const used = new Set();
  const track = (ns, prefix) => new Proxy(ns, { get: (t, k) => (typeof t[k] === 'function' && typeof k === 'string' && used.add(prefix + k), t[k]) });
  const rx = track(rxNs, 'rxjs/');
  const op = track(opsNs, 'rxjs/operators/');

  const result = { exports: {}, calls: {}, async: {} };
  const sorted = (ns) => Object.keys(ns).sort();
  for (const k of sorted(rxNs)) result.exports['rxjs.' + k] = describe(rxNs[k]);
  for (const k of sorted(opsNs)) result.exports['rxjs/operators.' + k] = describe(opsNs[k]);
  for (const k of sorted(buildNs)) result.exports['three.' + k] = describe(buildNs[k]);
  for (const k of sorted(srcNs)) result.exports['three/src.' + k] = describe(srcNs[k]);
  const call = recorder(result.calls);
  /** Everything a synchronous observable emits, with how it ended. */
  const sync = (obs) => {
    const out = [];
    obs.subscribe({ next: (v) => out.push(v), error: (e) => out.push({ error: e?.message ?? String(e) }), complete: () => out.push('|') });
    return out;
  };

  // ---- rxjs: creation, combination, transformation, filtering (synchronous) ----
  call('rx of/from/range', () => [sync(rx.of(1, 2, 3)), sync(rx.from([4, 5])), sync(rx.range(3, 4)), sync(rx.EMPTY), sync(rx.from(new Map([[1, 'a']])))]);
  call('rx generate/defer/iif', () => {
    let n = 0;
    const d = rx.defer(() => rx.of(++n));
    return [sync(rx.generate({ initialState: 1, condition: (x) => x < 40, iterate: (x) => x * 3 })), sync(d), sync(d), sync(rx.iif(() => n > 1, rx.of('yes'), rx.of('no')))];
  });
  call('rx map/filter/scan/reduce', () => sync(rx.range(1, 10).pipe(op.map((x) => x * x), op.filter((x) => x % 2), op.scan((a, x) => a + x, 0), op.toArray())));
  call('rx reduce/count/max/min/every/find', () => [
    sync(rx.range(1, 5).pipe(op.reduce((a, x) => a * x, 1))), sync(rx.range(1, 5).pipe(op.count((x) => x > 2))), sync(rx.of(3, 9, 1).pipe(op.max())), sync(rx.of(3, 9, 1).pipe(op.min())),
    sync(rx.of(2, 4).pipe(op.every((x) => x % 2 === 0))), sync(rx.of(1, 5, 7).pipe(op.find((x) => x > 4))), sync(rx.of(1, 5, 7).pipe(op.findIndex((x) => x > 4))), sync(rx.EMPTY.pipe(op.isEmpty())),
  ]);
  call('rx combination', () => [
    sync(rx.concat(rx.of(1, 2), rx.of(3))), sync(rx.merge(rx.of('a'), rx.of('b'))), sync(rx.zip(rx.of(1, 2, 3), rx.of('x', 'y'))), sync(rx.combineLatest([rx.of(1, 2), rx.of('a', 'b')])),
    sync(rx.forkJoin({ a: rx.of(1, 2), b: rx.of(3) })), sync(rx.race(rx.of('first'), rx.of('second'))), sync(rx.of(1).pipe(op.startWith(0), op.endWith(2))), sync(rx.of(1, 2).pipe(op.withLatestFrom(rx.of('w')))),
    sync(rx.of(1, 2, 3).pipe(op.concatWith(rx.of(4)), op.mergeWith(rx.of(5)))),
  ]);
  call('rx higher-order', () => [
    sync(rx.of(1, 2, 3).pipe(op.mergeMap((x) => rx.of(x, x * 10)))), sync(rx.of(1, 2).pipe(op.concatMap((x) => rx.range(x, 2)))), sync(rx.of(1, 2).pipe(op.switchMap((x) => rx.of('s' + x)))),
    sync(rx.of(1, 2).pipe(op.exhaustMap((x) => rx.of('e' + x)))), sync(rx.of(rx.of(1), rx.of(2)).pipe(op.mergeAll())), sync(rx.of(1).pipe(op.expand((x) => (x < 50 ? rx.of(x * 3) : rx.EMPTY)))),
    sync(rx.range(1, 7).pipe(op.groupBy((x) => x % 3), op.mergeMap((g) => g.pipe(op.toArray(), op.map((a) => [g.key, a]))))),
    sync(rx.range(1, 5).pipe(op.windowCount(2), op.mergeMap((w) => w.pipe(op.toArray())))),
  ]);
  call('rx filtering', () => [
    sync(rx.of(1, 1, 2, 2, 1).pipe(op.distinctUntilChanged())), sync(rx.of(1, 2, 1, 3).pipe(op.distinct())), sync(rx.range(1, 9).pipe(op.skip(2), op.take(3))), sync(rx.range(1, 9).pipe(op.takeWhile((x) => x < 4, true))),
    sync(rx.range(1, 9).pipe(op.takeLast(2))), sync(rx.range(1, 5).pipe(op.pairwise())), sync(rx.range(1, 7).pipe(op.bufferCount(3, 2))), sync(rx.EMPTY.pipe(op.first(undefined, 'dflt'))), sync(rx.EMPTY.pipe(op.last())),
    sync(rx.of(5).pipe(op.single())), sync(rx.EMPTY.pipe(op.defaultIfEmpty('none'))), sync(rx.range(1, 5).pipe(op.elementAt(3))), sync(rx.range(1, 5).pipe(op.ignoreElements())),
  ]);
  call('rx errors', () => {
    let tries = 0;
    const flaky = rx.defer(() => (++tries < 3 ? rx.throwError(() => new Error('try ' + tries)) : rx.of('ok after ' + tries)));
    const log = [];
    return [
      sync(rx.throwError(() => new TypeError('bad')).pipe(op.catchError((e) => rx.of('caught ' + e.name)))), sync(flaky.pipe(op.retry(5))),
      sync(rx.of(1, 2).pipe(op.map((x) => { if (x === 2) throw new RangeError('two'); return x; }))),
      sync(rx.of(1).pipe(op.tap({ next: (v) => log.push('tap ' + v), complete: () => log.push('tap done') }), op.finalize(() => log.push('finalized')))), log,
      sync(rx.of(1, 2).pipe(op.materialize())).map((n) => [n.kind, n.value]), sync(rx.EMPTY.pipe(op.throwIfEmpty())),
      [new rx.EmptyError() instanceof Error, new rx.ArgumentOutOfRangeError().name, new rx.ObjectUnsubscribedError().message, rx.EmptyError.name],
    ];
  });
  call('rx subjects', () => {
    const out = [];
    const s = new rx.Subject();
    s.subscribe((v) => out.push('A' + v));
    s.next(1);
    const sub = s.subscribe((v) => out.push('B' + v));
    s.next(2);
    sub.unsubscribe();
    s.next(3);
    s.complete();
    const b = new rx.BehaviorSubject('init');
    const bv = [b.value];
    b.subscribe((v) => bv.push('sub ' + v));
    b.next('next');
    const r = new rx.ReplaySubject(2);
    [1, 2, 3].forEach((v) => r.next(v));
    const a = new rx.AsyncSubject();
    a.next('x'); a.next('y'); a.complete();
    return [out, bv, b.getValue(), sync(r.pipe(op.take(2))), sync(a), s.closed, s.observed, s instanceof rx.Observable];
  });
  call('rx sharing', () => {
    let subs = 0;
    const src = new rx.Observable((o) => { subs++; o.next(subs); o.complete(); });
    const shared = src.pipe(op.shareReplay(1));
    const c = rx.connectable(rx.of(1, 2), { connector: () => new rx.Subject() });
    const got = [];
    c.subscribe((v) => got.push(v));
    c.connect();
    return [sync(shared), sync(shared), subs, got, sync(src.pipe(op.share()))];
  });
  call('rx Observable and Subscription', () => {
    const log = [];
    const obs = new rx.Observable((o) => { o.next('a'); o.next('b'); return () => log.push('teardown'); });
    const s = obs.subscribe((v) => log.push(v));
    const child = new rx.Subscription(() => log.push('child'));
    s.add(child);
    s.unsubscribe();
    const custom = (source) => new rx.Observable((o) => source.subscribe({ next: (v) => o.next(v + '!'), complete: () => o.complete() }));
    return [log, s.closed, sync(rx.of('x').pipe(custom)), rx.isObservable(rx.of(1)), rx.isObservable({}), rx.pipe(op.map((x) => x + 1))(rx.of(1)) instanceof rx.Observable, rx.identity(7), rx.noop(), typeof rx.config, rx.config.useDeprecatedSynchronousErrorHandling];
  });
  call('rx queueScheduler', () => {
    const log = [];
    rx.queueScheduler.schedule(() => { log.push('outer'); rx.queueScheduler.schedule(() => log.push('inner')); log.push('outer end'); });
    return log;
  });
  // ---- rxjs: virtual time (TestScheduler: frames, not clocks) ----
  const marbles = (fn) => {
    const frames = [];
    const ts = new TestScheduler((actual) => frames.push(actual.map((f) => [f.frame, f.notification.kind, f.notification.value ?? null, f.notification.error?.message ?? null])));
    ts.run((helpers) => fn(helpers));
    return frames;
  };
  call('rx time: debounce/throttle/audit/sample', () => marbles(({ cold, expectObservable }) => {
    const src = cold('a-b-c---d-e----f|');
    expectObservable(src.pipe(op.debounceTime(2))).toBe('');
    expectObservable(src.pipe(op.throttleTime(3))).toBe('');
    expectObservable(src.pipe(op.auditTime(3))).toBe('');
    expectObservable(src.pipe(op.sampleTime(4))).toBe('');
  }));
  call('rx time: delay/timer/interval/timeout/buffer', () => marbles(({ cold, hot, expectObservable }) => {
    expectObservable(cold('ab|').pipe(op.delay(5))).toBe('');
    expectObservable(rx.timer(3, 2).pipe(op.take(4))).toBe('');
    expectObservable(rx.interval(4).pipe(op.take(3), op.map((x) => x * 2))).toBe('');
    expectObservable(cold('a----b|').pipe(op.timeout({ each: 3, with: () => rx.of('late') }))).toBe('');
    expectObservable(hot('-a-b-c-d-e|').pipe(op.bufferTime(3))).toBe('');
    expectObservable(cold('-a--b---c|').pipe(op.switchMap((x) => rx.timer(2).pipe(op.map(() => x))))).toBe('');
    expectObservable(cold('-a-b|').pipe(op.concatMap((x) => cold('x-y|', { x: x + 'x', y: x + 'y' })))).toBe('');
  }));
  // ---- rxjs: real schedulers (order, not time) and promises ----
  {
    const log = [];
    rx.asyncScheduler.schedule(() => log.push('async'), 2);
    rx.asapScheduler.schedule(() => log.push('asap'));
    rx.queueScheduler.schedule(() => log.push('queue'));
    log.push('sync');
    const last = await rx.lastValueFrom(rx.timer(3).pipe(op.map(() => 'timer'), op.concatWith(rx.of('after'))));
    const first = await rx.firstValueFrom(rx.interval(1).pipe(op.skip(2)));
    let err;
    try { await rx.firstValueFrom(rx.EMPTY); } catch (e) { err = e.name; }
    const fromPromise = await rx.lastValueFrom(rx.from(Promise.resolve(42)).pipe(op.toArray()));
    for (let i = 0; i < 100 && log.length < 4; i++) await new Promise((r) => setTimeout(r, 5));
    result.async.rx = [log, last, first, err, fromPromise];
  }

  // ---- three.js: the same calls on the module build and on the source tree ----
  const threeCalls = (tag, T0) => {
    const T = track(T0, tag + '/');
    const v = (x) => (x && typeof x.toArray === 'function' ? x.toArray().map((n) => Math.round(n * 1e6) / 1e6) : x);
    call(tag + ' Vector3', () => {
      const a = new T.Vector3(1, 2, 3);
      const b = new T.Vector3(-2, 0.5, 4);
      return [v(a.clone().add(b)), v(a.clone().cross(b)), a.dot(b), a.length(), v(a.clone().normalize()), a.angleTo(b), v(a.clone().lerp(b, 0.25)), a.distanceTo(b), v(a.clone().applyAxisAngle(new T.Vector3(0, 1, 0), Math.PI / 3)), a.equals(new T.Vector3(1, 2, 3))];
    });
    call(tag + ' Matrix4/Quaternion/Euler', () => {
      const e = new T.Euler(0.3, -0.7, 1.1, 'YXZ');
      const q = new T.Quaternion().setFromEuler(e);
      const m = new T.Matrix4().compose(new T.Vector3(1, 2, 3), q, new T.Vector3(2, 2, 2));
      const pos = new T.Vector3(); const rot = new T.Quaternion(); const scl = new T.Vector3();
      m.decompose(pos, rot, scl);
      const inv = m.clone().invert();
      const q2 = new T.Quaternion().setFromAxisAngle(new T.Vector3(1, 0, 0), 1);
      return [v(m), m.determinant(), v(inv.multiply(m)), v(pos), v(rot), v(scl), v(new T.Euler().setFromQuaternion(q, 'XYZ')), v(q.clone().slerp(q2, 0.5)), v(new T.Matrix4().lookAt(new T.Vector3(0, 0, 5), new T.Vector3(), new T.Vector3(0, 1, 0))), v(new T.Matrix3().getNormalMatrix(m))];
    });
    call(tag + ' Color', () => {
      const c = new T.Color(0x336699);
      const hsl = {};
      c.getHSL(hsl);
      return [c.getHexString(), c.getHex(), hsl, new T.Color('rgb(255, 128, 0)').getHexString(), new T.Color('red').getHexString(), new T.Color().setHSL(0.5, 0.5, 0.5).getHexString(), c.clone().lerp(new T.Color(1, 1, 1), 0.5).getHexString(), v(new T.Color(0.5, 0.2, 0.9).convertSRGBToLinear())];
    });
    call(tag + ' geometries', () => {
      const box = new T.BoxGeometry(1, 2, 3, 2, 2, 2);
      box.computeBoundingSphere();
      const sphere = new T.SphereGeometry(1, 12, 8);
      const knot = new T.TorusKnotGeometry(1, 0.3, 32, 6);
      const shape = new T.Shape().moveTo(0, 0).lineTo(2, 0).lineTo(2, 1).quadraticCurveTo(1, 2, 0, 1).lineTo(0, 0);
      const extrude = new T.ExtrudeGeometry(shape, { depth: 0.5, bevelEnabled: false });
      const flat = box.toNonIndexed();
      flat.computeVertexNormals();
      const pos = (g) => Array.from(g.attributes.position.array.slice(0, 12), (n) => Math.round(n * 1e5) / 1e5);
      return [box.attributes.position.count, box.index.count, pos(box), box.boundingSphere.radius, sphere.attributes.position.count, pos(sphere), knot.attributes.position.count, extrude.attributes.position.count, pos(extrude), flat.attributes.position.count, new T.EdgesGeometry(box).attributes.position.count, box.groups.map((g) => [g.start, g.count, g.materialIndex])];
    });
    call(tag + ' scene graph, raycasting, camera', () => {
      const scene = new T.Scene();
      const group = new T.Group();
      group.name = 'g';
      group.position.set(1, 0, 0);
      group.rotation.y = Math.PI / 2;
      const mesh = new T.Mesh(new T.BoxGeometry(1, 1, 1), new T.MeshBasicMaterial({ color: 0xff0000 }));
      mesh.name = 'box';
      mesh.position.set(0, 0, -3);
      group.add(mesh);
      scene.add(group);
      scene.updateMatrixWorld(true);
      const names = [];
      scene.traverse((o) => names.push(o.type + ':' + o.name));
      const world = mesh.getWorldPosition(new T.Vector3());
      const ray = new T.Raycaster(new T.Vector3(-10, 0, 0), new T.Vector3(1, 0, 0));
      const hits = ray.intersectObject(scene, true).map((h) => [h.distance, v(h.point), h.faceIndex, h.object.name]);
      const camera = new T.PerspectiveCamera(60, 16 / 9, 0.1, 100);
      camera.position.set(0, 0, 10);
      camera.updateMatrixWorld();
      const frustum = new T.Frustum().setFromProjectionMatrix(new T.Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse));
      const box3 = new T.Box3().setFromObject(mesh);
      return [names, v(world), hits, v(camera.projectionMatrix), v(new T.Vector3(1, 1, 0).project(camera)), frustum.containsPoint(new T.Vector3(0, 0, 0)), v(box3.min), v(box3.max), mesh.material.color.getHexString(), mesh.clone().name, group.children.length];
    });
    call(tag + ' math helpers', () => {
      const tri = new T.Triangle(new T.Vector3(0, 0, 0), new T.Vector3(1, 0, 0), new T.Vector3(0, 1, 0));
      const plane = new T.Plane().setFromCoplanarPoints(tri.a, tri.b, tri.c);
      const sph = new T.Spherical().setFromVector3(new T.Vector3(1, 1, 1));
      return [tri.getArea(), v(tri.getNormal(new T.Vector3())), plane.distanceToPoint(new T.Vector3(0, 0, 2)), [sph.radius, sph.phi, sph.theta], new T.Sphere(new T.Vector3(), 2).containsPoint(new T.Vector3(1, 1, 1)), new T.Ray(new T.Vector3(0, 0, 5), new T.Vector3(0, 0, -1)).intersectsSphere(new T.Sphere(new T.Vector3(), 1)),
        T.MathUtils.clamp(5, 0, 3), T.MathUtils.degToRad(90), T.MathUtils.smoothstep(0.3, 0, 1), T.MathUtils.euclideanModulo(-1, 3), T.MathUtils.seededRandom(42), T.MathUtils.seededRandom(), T.MathUtils.isPowerOfTwo(64), T.MathUtils.ceilPowerOfTwo(100)];
    });
    call(tag + ' curves and shapes', () => {
      const curve = new T.CatmullRomCurve3([new T.Vector3(0, 0, 0), new T.Vector3(1, 2, 0), new T.Vector3(3, 1, 1), new T.Vector3(4, 0, 0)]);
      const bez = new T.CubicBezierCurve(new T.Vector2(0, 0), new T.Vector2(1, 2), new T.Vector2(2, 2), new T.Vector2(3, 0));
      const contour = [new T.Vector2(0, 0), new T.Vector2(4, 0), new T.Vector2(4, 4), new T.Vector2(0, 4)];
      const hole = [new T.Vector2(1, 1), new T.Vector2(1, 2), new T.Vector2(2, 2), new T.Vector2(2, 1)];
      return [curve.getPoints(6).map(v), Math.round(curve.getLength() * 1e6) / 1e6, bez.getPoints(4).map(v), T.ShapeUtils.triangulateShape(contour, [hole]), T.ShapeUtils.area(contour), T.ShapeUtils.isClockWise(hole)];
    });
    call(tag + ' animation and events', () => {
      const obj = new T.Object3D();
      const track = new T.NumberKeyframeTrack('.position[x]', [0, 1, 2], [0, 10, 4]);
      const clip = new T.AnimationClip('move', -1, [track]);
      const mixer = new T.AnimationMixer(obj);
      mixer.clipAction(clip).play();
      const xs = [];
      for (let i = 0; i < 5; i++) { mixer.update(0.4); xs.push(Math.round(obj.position.x * 1e6) / 1e6); }
      const ed = new T.EventDispatcher();
      const got = [];
      const l = (e) => got.push(e.type + ':' + e.n);
      ed.addEventListener('ping', l);
      ed.dispatchEvent({ type: 'ping', n: 1 });
      ed.removeEventListener('ping', l);
      ed.dispatchEvent({ type: 'ping', n: 2 });
      return [clip.duration, xs, got, ed.hasEventListener('ping', l), T.REVISION, T.AnimationUtils.arraySlice ? 'arraySlice' : 'none'];
    });
  };
  threeCalls('three', buildNs);
  threeCalls('three/src', srcNs);

  result.used = [...used].sort();
  const handles = [rxNs, opsNs, buildNs, srcNs].flatMap((ns) => Object.values(ns)).filter((f) => typeof f === 'function' && /__lmg\$\w*\$\d+\.f\.apply\(this,(a|arguments)\)|__lmg\$\w*\$\d+\.f;if\(__lmg!==undefined\)/.test(Function.prototype.toString.call(f))).length;
  const modules = globalThis.__limeade ? globalThis.__limeade.status().modules.map((m) => m.file) : null;
  process.stdout.write(JSON.stringify({ result, modules, handles }) + '\n');
}

const APP = {
  'package.json': JSON.stringify({ type: 'module' }),
  'probe.js': `${probeLib.toString()}\nawait (${probe.toString()})();\n`,
};

const RX_APP = {
  'package.json': JSON.stringify({ type: 'module' }),
  'probe.js': `${probeLib.toString()}\nawait (${probeRxThree.toString()})();\n`,
};
const RX_FROM = join(MODULES, 'rxjs', 'dist', 'esm');

/**
 * rxjs's ES2015 build as a package Node can load as ES modules: `type: module`, and every
 * relative specifier given the file it means (`./Subscriber` → `./Subscriber.js`, a folder →
 * `…/index.js`). The code itself is untouched.
 */
function copyRxjs(to) {
  const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []));
  for (const file of walk(RX_FROM)) {
    let text = readFileSync(file, 'utf8');
    const sources = parse(text, { ecmaVersion: 'latest', sourceType: 'module' }).body.filter((n) => n.source && /^\.\.?\//.test(n.source.value)).map((n) => n.source);
    for (const lit of sources.reverse()) {
      const spec = existsSync(join(dirname(file), lit.value + '.js')) ? lit.value + '.js' : lit.value + '/index.js';
      text = text.slice(0, lit.start) + JSON.stringify(spec) + text.slice(lit.end);
    }
    const out = join(to, relative(RX_FROM, file));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
  }
  writeFileSync(join(to, 'package.json'), JSON.stringify({ name: 'rxjs-esm', type: 'module', exports: { '.': './index.js', './operators': './operators/index.js', './testing': './testing/index.js' } }));
}

let appDir;
let rxDir;
before(async () => {
  // Inside the repository, the packages resolve from ROOT/node_modules.
  const make = async (tag, files) => {
    const dir = await mkdtemp(join(ROOT, 'test', `.tmp-transparency-${tag}-`));
    await mkdir(join(dir, 'node_modules'));
    await symlink(ROOT, join(dir, 'node_modules', 'limeade'), 'dir');
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    return dir;
  };
  appDir = await make('lodash', APP);
  rxDir = await make('rx', RX_APP);
  copyRxjs(join(rxDir, 'node_modules', 'rxjs-esm'));
});
after(() => Promise.all([appDir, rxDir].map((d) => d && rm(d, { recursive: true, force: true }))));

function run(node, withLimeade, dir = appDir, include = PACKAGES.map((p) => `node_modules/${p}`)) {
  const args = withLimeade ? ['--import', 'limeade/register', 'probe.js'] : ['probe.js'];
  const env = { ...process.env, TZ: 'UTC', LANG: 'en_US.UTF-8', NODE_OPTIONS: '' };
  for (const k of Object.keys(env)) if (k.startsWith('LIMEADE_')) delete env[k];
  if (withLimeade) Object.assign(env, { LIMEADE_INCLUDE: include.join(','), LIMEADE_WATCH: '0', LIMEADE_CACHE: '0' });
  return new Promise((resolve, reject) => {
    const child = spawn(node, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill(), 60000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`${node} ${args.join(' ')} exited with ${code ?? signal}\n--- stderr ---\n${stderr}\n--- stdout ---\n${stdout.slice(0, 2000)}`));
      try {
        resolve({ ...JSON.parse(stdout), stderr });
      } catch (err) {
        reject(new Error(`${node} ${args.join(' ')} printed no JSON (${err.message})\n--- stderr ---\n${stderr}\n--- stdout ---\n${stdout.slice(0, 2000)}`));
      }
    });
  });
}

/** Every file a probe loads from the packages: the static import graph of its entry files, named from the package on. */
function importGraph(entries) {
  const files = new Set();
  const pending = [...entries];
  while (pending.length) {
    const file = pending.pop();
    if (files.has(file)) continue;
    files.add(file);
    for (const node of parse(readFileSync(file, 'utf8'), { ecmaVersion: 'latest', sourceType: 'module' }).body)
      if (node.source && /^\.\.?\//.test(node.source.value)) pending.push(join(dirname(file), node.source.value));
  }
  return [...files].map(fromPackage).sort();
}
const fromPackage = (f) => f.slice(f.lastIndexOf(`node_modules${sep}`) + `node_modules${sep}`.length).split(sep).join('/');

const LODASH_ENTRIES = [
  join(MODULES, 'lodash-es', 'lodash.js'),
  join(MODULES, 'date-fns', 'index.js'),
  join(MODULES, 'date-fns', 'locale', 'de.js'),
  ...['_Hash', '_MapCache', '_ListCache', '_Stack', '_SetCache', '_LodashWrapper', '_LazyWrapper'].map((f) => join(MODULES, 'lodash-es', f + '.js')),
  ...['Setter', 'Parser', 'parsers'].map((f) => join(MODULES, 'date-fns', 'parse', '_lib', f + '.js')),
];

/** The outputs of the two runs, compared per section so that a difference names what differs. */
function assertSame(plain, live) {
  for (const section of ['exports', 'calls', 'async', 'used']) {
    const a = plain.result[section];
    const b = live.result[section];
    assert.deepEqual(Object.keys(b), Object.keys(a), section);
    for (const k of Object.keys(a)) assert.deepEqual(b[k], a[k], `${section} ${k}`);
  }
}

const label = (node) => (node === process.execPath ? `Node ${process.versions.node}` : `Node ${node.match(/node(\d+)[\\/]bin/)?.[1] ?? node}`);

for (const node of NODES) {
  test(`lodash-es and date-fns behave the same with and without limeade [${label(node)}]`, async (t) => {
    const [plain, live] = await Promise.all([run(node, false), run(node, true)]);
    assert.equal(plain.modules, null);
    assert.equal(plain.handles, 0);
    // The exports really are instrumented: handles or guarded functions (lodash-es and date-fns export ~550 functions, ~480 of them declared as functions).
    assert.ok(live.handles > 400, `${live.handles} exports are handles`);
    // limeade instrumented every module of both packages the probe loaded, and nothing else.
    const loaded = live.modules.map((f) => f.slice(f.lastIndexOf('node_modules/') + 'node_modules/'.length)).sort();
    assert.ok(loaded.length > 600, `only ${loaded.length} modules instrumented`);
    assert.deepEqual(loaded, importGraph(LODASH_ENTRIES));
    assert.doesNotMatch(live.stderr, /could not be instrumented/);
    // Nothing else on stderr either: date-fns's own warnings (YYYY) come out the same.
    assert.equal(live.stderr, plain.stderr);
    // The probe really probed.
    const calls = Object.keys(plain.result.calls);
    assert.ok(calls.length > 90, `${calls.length} probe calls`);
    assert.ok(Object.keys(plain.result.exports).length > 1000);
    const used = (pkg) => plain.result.used.filter((k) => k.startsWith(pkg + '/')).length;
    assert.ok(used('lodash-es') > 200 && used('date-fns') > 120, `functions called: lodash-es ${used('lodash-es')}, date-fns ${used('date-fns')}`);
    assert.equal(plain.result.async.timers.length, 8, JSON.stringify(plain.result.async));
    assertSame(plain, live);
    t.diagnostic(`${calls.length} probe calls of ${used('lodash-es')} lodash-es and ${used('date-fns')} date-fns functions, ${Object.keys(plain.result.exports).length} exports described, ${loaded.length} modules instrumented`);
  });
}

const RX_ENTRIES = () => [
  ...['index.js', 'operators/index.js', 'testing/index.js'].map((f) => join(rxDir, 'node_modules', 'rxjs-esm', f)),
  join(MODULES, 'three', 'build', 'three.module.js'),
  join(MODULES, 'three', 'src', 'Three.js'),
];

for (const node of NODES) {
  test(`rxjs (ES2015 build) and three.js (module build and src/) behave the same with and without limeade [${label(node)}]`, async (t) => {
    const [plain, live] = await Promise.all([run(node, false, rxDir), run(node, true, rxDir, ['node_modules/rxjs-esm', 'node_modules/three'])]);
    assert.equal(plain.modules, null);
    assert.equal(plain.handles, 0);
    // rxjs exports ~270 functions declared as functions; three's exports are mostly classes.
    assert.ok(live.handles > 200, `${live.handles} exports are handles`);
    const loaded = live.modules.map(fromPackage).sort();
    assert.deepEqual(loaded, importGraph(RX_ENTRIES()));
    assert.ok(loaded.filter((f) => f.startsWith('rxjs-esm/')).length > 200 && loaded.filter((f) => f.startsWith('three/src/')).length > 300, `${loaded.length} modules`);
    assert.ok(loaded.includes('three/build/three.core.js'), 'the 1.4 MB core of the module build is instrumented');
    assert.doesNotMatch(live.stderr, /could not be instrumented/);
    assert.equal(live.stderr, plain.stderr);
    const calls = Object.keys(plain.result.calls);
    const throws = calls.filter((k) => plain.result.calls[k]?.$ === 'throws');
    assert.deepEqual(throws, [], 'every probe call ran to its end');
    assert.ok(calls.length >= 30, `${calls.length} probe calls`);
    const used = (prefix) => plain.result.used.filter((k) => k.startsWith(prefix)).length;
    const counts = { rxjs: used('rxjs/'), three: used('three/') - used('three/src/'), 'three/src': used('three/src/') };
    assert.ok(counts.rxjs > 70 && counts.three > 30 && counts['three/src'] > 30, `functions and classes used: ${JSON.stringify(counts)}`);
    assert.equal(plain.result.async.rx[0].length, 4, JSON.stringify(plain.result.async));
    // The build and the source tree are the same library: the same calls give the same answers.
    for (const k of calls.filter((c) => c.startsWith('three '))) assert.deepEqual(plain.result.calls[k.replace('three ', 'three/src ')], plain.result.calls[k], k);
    assertSame(plain, live);
    t.diagnostic(`${calls.length} probe calls using ${JSON.stringify(counts)} functions and classes, ${Object.keys(plain.result.exports).length} exports described, ${loaded.length} modules instrumented (${loaded.filter((f) => f.startsWith('rxjs-esm/')).length} rxjs, ${loaded.filter((f) => f.startsWith('three/')).length} three)`);
  });
}

/**
 * Every .js file of the packages: lodash-es and date-fns (ES modules and date-fns's CDN
 * scripts, big IIFEs), both ES module builds of rxjs (ES2015 and ES5), three's module build
 * (three.module.js, three.core.js) and its source tree.
 */
function packageFiles() {
  const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === 'node_modules' ? [] : walk(join(dir, e.name))) : e.name.endsWith('.js') ? [join(dir, e.name)] : []));
  return [
    ...PACKAGES.map((p) => join(MODULES, p)),
    join(MODULES, 'rxjs', 'dist', 'esm'),
    join(MODULES, 'rxjs', 'dist', 'esm5'),
    join(MODULES, 'three', 'src'),
  ]
    .flatMap(walk)
    // three's module build (the WebGPU and TSL builds repeat src/ once more).
    .concat(['three.module.js', 'three.core.js'].map((f) => join(MODULES, 'three', 'build', f)));
}

test('every .js file of lodash-es, date-fns, rxjs (esm, esm5) and three (module build, src) instruments (versions 0 and 1) to a module that parses and keeps its lines', (t) => {
  const files = packageFiles();
  assert.ok(files.length > 3000, `${files.length} files`);
  const failures = [];
  let bytes = 0;
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    bytes += source.length;
    const lines = source.split('\n').length;
    for (const version of [0, 1]) {
      const where = `${relative(MODULES, file)} (version ${version})`;
      let out;
      try {
        out = instrument(source, version);
      } catch (err) {
        failures.push(`${where}: instrument threw ${err.message}`);
        continue;
      }
      try {
        parse(out, { ecmaVersion: 'latest', sourceType: 'module' });
      } catch (err) {
        failures.push(`${where}: output does not parse: ${err.message}`);
      }
      const outLines = out.split('\n').length;
      if (outLines !== lines && outLines !== lines + 1) failures.push(`${where}: ${lines} lines became ${outLines}`);
    }
  }
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} failures`);
  t.diagnostic(`${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, instrumented twice each`);
});
