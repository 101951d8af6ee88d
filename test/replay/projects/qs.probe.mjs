// The qs probe. `L` is what `require('./lib/index.js')` gave at start: `{ formats, parse,
// stringify }` (module.exports of index.js; `held` copies those three at start). Every case
// parses or stringifies fixed inputs with a spread of options and returns what it got; an
// option a version does not know is ignored by it, an option value it rejects throws, and the
// throw is the result. qs keeps no module state: nothing to reset between runs.
//
// `setup` takes what a program keeps from qs at start besides the functions: the formats
// object and its `formatters` (functions of formats.js), and configured wrappers — closures of
// the probe that call the functions copied at start.

import { each } from './serialize.mjs';

/** What serialize cannot say: null prototypes, holes in arrays (recursively, small values). */
function shape(v) {
  if (Array.isArray(v)) {
    const out = [];
    for (let i = 0; i < v.length; i++) out.push(i in v ? shape(v[i]) : { $: 'hole' });
    return out;
  }
  if (v && typeof v === 'object') {
    const out = Object.getPrototypeOf(v) === null ? { $proto: null } : {};
    for (const k of Object.keys(v)) out[k === '__proto__' ? '[__proto__]' : k] = shape(v[k]);
    return out;
  }
  return v;
}

const parseRows = (L, input, optionSets) => each(optionSets.map((o) => [JSON.stringify(o, (k, v) => (v instanceof RegExp ? String(v) : v)) ?? 'none', () => shape(L.parse(input, o))]));
const stringifyRows = (L, input, optionSets) => each(optionSets.map((o) => [JSON.stringify(o) ?? 'none', () => L.stringify(input, o)]));

const nested = { a: { b: 'c', d: ['e', 'f'] }, g: [{ h: 'i' }, { j: 'k' }], l: 'm n', 'o.p': 'q' };
const date = new Date(Date.UTC(2020, 1, 29, 12, 30, 0));

export const cases = {
  // ---- formats ----
  'formats': (L) => ({ keys: Object.keys(L.formats), default: L.formats.default, formatters: Object.keys(L.formats.formatters) }),
  'formatters': (L) => Object.fromEntries(Object.entries(L.formats.formatters).map(([k, f]) => [k, [f('a%20b+c'), f(5), typeof f(5)]])),

  // ---- parse ----
  'parse basic': (L) => each([
    ['pairs', () => L.parse('a=b&c=d&e')],
    ['encoded', () => L.parse('a%5Bb%5D=c&d=%20x+y&e=%ZZ&f=%E2%9C%93')],
    ['empty', () => [L.parse(''), L.parse(null), L.parse(undefined), L.parse('&&')]],
    ['object input', () => L.parse({ 'a[b]': 'c', 'd.e': 'f', g: ['h'] }, { allowDots: true })],
    ['plus and equals', () => L.parse('a==b&c=d=e&=f&g')],
  ]),
  'parse nested': (L) => parseRows(L, 'a[b][c]=d&a[b][e]=f&x[]=1&x[]=2&y[0][z]=3&y[1]=4', [undefined, { depth: 1 }, { depth: 0 }, { depth: false }]),
  'parse depth': (L) => parseRows(L, 'a[b][c][d][e][f][g][h][i]=j', [undefined, { depth: 2 }, { depth: 2, strictDepth: true }, { depth: 9, strictDepth: true }]),
  'parse arrays': (L) => ({
    order: parseRows(L, 'a[1]=b&a[0]=c&a[]=d', [undefined, { parseArrays: false }]),
    limit: parseRows(L, 'a[21]=b&c[2]=d&e[]=1&e[]=2&e[]=3', [undefined, { arrayLimit: 1 }, { arrayLimit: 0 }, { arrayLimit: 1, throwOnLimitExceeded: true }]),
    sparse: parseRows(L, 'a[1]=b&a[5]=c&a[3]=&d[2][x]=y', [undefined, { allowSparse: true }]),
    mixed: parseRows(L, 'a[]=b&a[]=c&a=d&a[x]=e', [undefined]),
    empty: parseRows(L, 'a[]&b[]=&c=d', [undefined, { allowEmptyArrays: true }, { allowEmptyArrays: true, strictNullHandling: true }]),
  }),
  'parse dots': (L) => parseRows(L, 'a.b.c=d&a.e=f&g%2Eh.i=j&k[l.m]=n', [undefined, { allowDots: true }, { allowDots: true, decodeDotInKeys: true }, { decodeDotInKeys: true }]),
  'parse delimiter and prefix': (L) => ({
    delimiter: parseRows(L, 'a=b;c=d,e=f', [{ delimiter: ';' }, { delimiter: /[;,]/ }]),
    prefix: parseRows(L, '?a=b&c=d', [undefined, { ignoreQueryPrefix: true }]),
  }),
  'parse charset': (L) => ({
    latin1: parseRows(L, 'a=%E4%F8&b=%C3%A4', [undefined, { charset: 'iso-8859-1' }]),
    sentinel: parseRows(L, 'utf8=%E2%9C%93&a=%C3%B8&b=%F8', [{ charsetSentinel: true }, { charset: 'iso-8859-1', charsetSentinel: true }]),
    isoSentinel: parseRows(L, 'a=%F8&utf8=%26%2310003%3B', [{ charsetSentinel: true }]),
    entities: parseRows(L, 'a=%26%239786%3B&b=%26%2365%3B', [{ charset: 'iso-8859-1', interpretNumericEntities: true }, { interpretNumericEntities: true }]),
  }),
  'parse comma': (L) => parseRows(L, 'a=b,c&d=e&f[]=g,h&i=%2C', [undefined, { comma: true }, { comma: true, arrayLimit: 1 }]),
  'parse nulls and duplicates': (L) => ({
    nulls: parseRows(L, 'a&b=&c=d', [undefined, { strictNullHandling: true }]),
    duplicates: parseRows(L, 'a=1&a=2&b[]=3&b=4', [undefined, { duplicates: 'first' }, { duplicates: 'last' }, { duplicates: 'combine' }]),
  }),
  'parse prototypes': (L) => parseRows(L, 'a[hasOwnProperty]=b&toString=z&c[constructor]=d&e[__proto__][f]=g', [undefined, { allowPrototypes: true }, { plainObjects: true }]),
  'parse parameter limit': (L) => parseRows(L, 'a=1&b=2&c=3&d=4', [{ parameterLimit: 2 }, { parameterLimit: 2, throwOnLimitExceeded: true }, { parameterLimit: Infinity }]),
  'parse decoder': (L) => {
    const log = [];
    const r = L.parse('a[b]=c%20d&e', {
      decoder: (str, defaultDecoder, charset, type) => {
        log.push([str, charset ?? null, type ?? null]);
        return typeof defaultDecoder === 'function' ? defaultDecoder(str).toUpperCase() : str;
      },
    });
    return { r, log };
  },
  'parse option checks': (L) => parseRows(L, 'a=b', [
    { decoder: 'x' }, { charset: 'utf-16' }, { duplicates: 'nope' }, { allowEmptyArrays: 'yes' },
    { decodeDotInKeys: 1 }, { throwOnLimitExceeded: 'x' }, { parameterLimit: 0 }, { depth: -1 },
  ]),

  // ---- stringify ----
  'stringify basic': (L) => each([
    ['nested', () => L.stringify(nested)],
    ['values', () => L.stringify({ a: 1, b: true, c: 0, d: '', e: null, f: undefined, g: [], h: {}, i: NaN, j: 10n, k: Symbol('s'), l: () => 1 })],
    ['non-objects', () => [L.stringify('a'), L.stringify(null), L.stringify(5), L.stringify([1, 2]), L.stringify(undefined)]],
    ['unicode', () => L.stringify({ 'ä ü': 'ø ✓ 😀', '\u00a0': '~!*()\'' })],
  ]),
  'stringify arrayFormat': (L) => stringifyRows(L, { a: ['b', 'c'], d: [{ e: 'f' }, { g: ['h'] }], i: ['j'], k: [] }, [
    undefined, { arrayFormat: 'indices' }, { arrayFormat: 'brackets' }, { arrayFormat: 'repeat' },
    { arrayFormat: 'comma' }, { arrayFormat: 'comma', commaRoundTrip: true }, { indices: false },
    { arrayFormat: 'comma', encodeValuesOnly: true }, { arrayFormat: 'nope' }, { allowEmptyArrays: true },
  ]),
  'stringify dots': (L) => stringifyRows(L, { a: { b: { c: 'd' } }, 'e.f': { 'g.h': 'i' }, j: ['k'] }, [
    { allowDots: true }, { allowDots: true, encodeDotInKeys: true }, { encodeDotInKeys: true }, { allowDots: true, arrayFormat: 'brackets' },
  ]),
  'stringify encoding': (L) => stringifyRows(L, { 'a b': 'c d', 'e[f]': ['g&h', 'i=j'], k: { l: 'm/n' } }, [
    undefined, { encode: false }, { encodeValuesOnly: true }, { format: 'RFC1738' }, { format: 'RFC3986' },
    { format: 'WHATWG' }, { format: 'nope' }, { encodeValuesOnly: true, arrayFormat: 'brackets' },
  ]),
  'stringify charset': (L) => stringifyRows(L, { a: 'æ☺', b: '\u0100' }, [
    { charset: 'iso-8859-1' }, { charset: 'utf-8', charsetSentinel: true }, { charset: 'iso-8859-1', charsetSentinel: true }, { charset: 'koi8-r' },
  ]),
  'stringify nulls': (L) => stringifyRows(L, { a: null, b: undefined, c: '', d: { e: null }, f: [null, 'g'] }, [
    undefined, { strictNullHandling: true }, { skipNulls: true }, { strictNullHandling: true, arrayFormat: 'comma' },
  ]),
  'stringify prefix, delimiter, sort': (L) => stringifyRows(L, { c: '3', a: '1', b: { z: 'x', y: 'w' } }, [
    { addQueryPrefix: true }, { delimiter: ';' }, { sort: (x, y) => x.localeCompare(y) }, { sort: (x, y) => y.localeCompare(x), encode: false },
  ]),
  'stringify filter': (L) => {
    const seen = [];
    const fn = L.stringify({ a: 'b', c: { d: 'e', f: 'g' }, h: [1, 2] }, {
      filter: (prefix, value) => { seen.push([prefix, typeof value]); return prefix === 'h' ? undefined : value; },
    });
    return { fn, seen, array: L.stringify({ a: 'b', c: { d: 'e', f: 'g' }, h: [1, 2] }, { filter: ['c', 'd', 'h', 0] }) };
  },
  'stringify dates': (L) => stringifyRows(L, { a: date, b: [date] }, [
    undefined, { serializeDate: (d) => String(d.getTime()) }, { arrayFormat: 'comma', serializeDate: (d) => d.toISOString().slice(0, 10) },
  ]),
  'stringify encoder': (L) => {
    const log = [];
    const r = L.stringify({ a: { b: 'c d' }, e: ['f'] }, {
      encoder: (str, defaultEncoder, charset, type, format) => {
        log.push([String(str), charset ?? null, type ?? null, format ?? null]);
        return typeof defaultEncoder === 'function' ? `<${defaultEncoder(str)}>` : `<${str}>`;
      },
    });
    return { r, log };
  },
  'stringify cycle and depth': (L) => {
    const cyclic = { a: { b: 'c' } };
    cyclic.a.self = cyclic;
    const deep = { a: { b: { c: { d: { e: 'f' } } } } };
    return each([
      // Versions before 6.10 have no cycle detection: they would recurse until the stack
      // overflows (seconds a run, the key growing at every level); a filter that gives up
      // at 40 levels says so instead.
      ['cyclic', () => {
        let levels = 0;
        return L.stringify(cyclic, {
          filter: (prefix, value) => {
            if (++levels > 40) throw new Error('no cycle detection: 40 levels');
            return value;
          },
        });
      }],
      ['shared, not cyclic', () => { const s = { x: 'y' }; return L.stringify({ a: s, b: s, c: [s, s] }); }],
      ['deep', () => L.stringify(deep)],
      ['depth 2', () => L.stringify(deep, { depth: 2 })],
    ]);
  },
  'stringify option checks': (L) => stringifyRows(L, { a: 'b' }, [
    { encoder: 'x' }, { allowEmptyArrays: 1 }, { encodeDotInKeys: 'x' }, { commaRoundTrip: 'x' },
    { arrayFormat: 'comma', commaRoundTrip: 1 }, { filter: 'x' }, { sort: 'x' },
  ]),
  'round trips': (L) => {
    const inputs = [nested, { a: ['b', { c: ['d', 'e'] }] }, { 'a.b': 'c', d: { 'e.f': ['g'] } }];
    const opts = [undefined, { allowDots: true }, { arrayFormat: 'brackets' }, { allowDots: true, encodeDotInKeys: true, decodeDotInKeys: true }];
    return each(inputs.flatMap((input, i) => opts.map((o, j) => [`${i}/${j}`, () => shape(L.parse(L.stringify(input, o), o))])));
  },
};

/** What the app keeps from qs at start: formats, its formatters, wrappers over copied functions. */
export function setup(L) {
  const { parse, stringify } = L;
  return {
    formats: L.formats,
    formatters: L.formats.formatters,
    rfc1738: L.formats.formatters.RFC1738,
    parseQuery: (s) => parse(s, { ignoreQueryPrefix: true, allowDots: true, depth: 2, comma: true }),
    buildQuery: (o) => stringify(o, { addQueryPrefix: true, arrayFormat: 'brackets', format: L.formats.RFC1738 }),
  };
}

export const instanceCases = {
  'formats object': (I) => ({ keys: Object.keys(I.formats), formatters: Object.keys(I.formats.formatters), default: I.formats.default }),
  'formatters kept': (I) => Object.fromEntries(Object.entries(I.formatters).map(([k, f]) => [k, [f('a%20b'), typeof f(5)]])),
  'RFC1738 kept': (I) => [I.rfc1738('x%20y%20z'), typeof I.rfc1738(1)],
  'wrappers': (I) => each([
    ['parseQuery', () => shape(I.parseQuery('?a.b=c,d&e[f][g][h]=i&j=%E4'))],
    ['buildQuery', () => I.buildQuery({ a: ['b c', 'd'], e: { f: 'g+h' }, i: null, j: '' })],
  ]),
};
