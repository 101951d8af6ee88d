// The ufo probe. `L` is the namespace of dist/index.mjs. Every case calls functions with fixed
// inputs (a list of URL shapes: absolute, protocol-relative, paths, relative, special
// protocols, auth, ports, IPv6, IDN hosts, encoded characters, odd queries) and returns what
// each gave, by input; a throw is a result. Cases on names that arrive during the window are
// apart (`since …`), so that a case on the start namespace's names never asks a missing one.
//
// `setup` makes what a program keeps from the first version: `$URL` objects (one appended to
// later by a case, restored after), functions copied from the namespace, closures over them (a
// partially applied `joinURL`, a `withBase` for one base, a table of helpers) and a parsed URL
// object. Instance cases leave them as they found them.
import { each } from './serialize.mjs';

const URLS = [
  '',
  '/',
  'http://example.com',
  'http://example.com/',
  'https://user:pa%20ss@Example.COM:8080/a/b/../c/?x=1&y=2&x=3#frag',
  'HTTP://EXAMPLE.COM/A/B',
  '//cdn.example.com/lib.js?v=1',
  '/path/to/file.txt?q=a+b&r=%20c#h',
  'path/without/slash',
  './rel/file',
  '../up/one',
  'file:///C:/dir/file.txt',
  'file:///home/u/x',
  'mailto:someone@example.com',
  'javascript:alert(1)',
  'data:text/plain,hello',
  'blob:https://example.com/uuid',
  'http://例え.テスト/パス?キー=値#ハッシュ',
  'http://münchen.de/ä',
  'http://a.com/%2F%20x?q=%3D&e=',
  'http://[::1]:3000/x',
  'http://a.com?',
  'http://a.com#',
  'http://a.com/?#',
  'ws://host/b?c=d&e',
  'http://a.com/?a[]=1&a[]=2&__proto__=x&constructor=y&b=1&b=2&b=3',
  '\\\\server\\share\\x',
  '  http://spaced.com/x',
  'https:/one-slash.com/x',
  'http://a.com//double//slashes///x',
  '/a?b=1?c=2#d#e',
  'custom+scheme.v1://h/p',
  'C:\\Windows\\path',
  '#only-hash',
  '?only=query',
];

/** `fn(input)` for each input, by input; a throw as `{ threw }`. */
const over = (inputs, fn) => each(inputs.map((u) => [typeof u === 'string' ? u : JSON.stringify(u), () => fn(u)]));

/** A parsed URL as plain data, with the protocol-relative flag (a symbol key, 1.4 on) named. */
const parsedView = (p) => {
  if (!p || typeof p !== 'object') return p;
  const out = { ...p };
  const sym = Symbol.for('ufo:protocolRelative');
  if (sym in p) out['@protocolRelative'] = p[sym];
  return out;
};

/** A query object: its entries and what its prototype is (1.6.0's EmptyObject, `Object.create(null)`). */
const queryView = (q) => {
  if (!q || typeof q !== 'object') return q;
  const proto = Object.getPrototypeOf(q);
  const kind = proto === Object.prototype ? 'Object' : proto === null ? 'null' : Object.getPrototypeOf(proto) === null ? 'null-prototyped' : 'other';
  return { entries: Object.entries(q), proto: kind };
};

/**
 * A `$URL` as data: own fields sorted (1.6's class fields define them in another order), its
 * query as entries (the query of an object made at start is the first version's, a plain
 * object; 1.6.0's parseQuery makes an EmptyObject), and its getters.
 */
const urlView = (u) => {
  const own = {};
  for (const k of Object.keys(u).sort()) own[k] = k === 'query' && u.query && typeof u.query === 'object' ? Object.entries(u.query) : u[k];
  const got = {};
  for (const g of ['hostname', 'port', 'username', 'password', 'hasProtocol', 'isAbsolute', 'search', 'origin', 'fullpath', 'encodedAuth', 'href']) {
    try { got[g] = u[g]; } catch (e) { got[g] = { threw: `${e?.name}: ${e?.message}` }; }
  }
  let params;
  try { params = [...u.searchParams]; } catch (e) { params = { threw: e?.name }; }
  return { own, got, params, string: String(u), json: JSON.stringify(u) };
};

const QUERIES = [
  {},
  { a: 1 },
  { a: 'x y', b: 'a&b=c', c: '#h', d: '+plus', e: '/slash' },
  { list: ['1', '2', 'three'] },
  { empty: '', zero: 0, f: false, t: true, n: null, u: undefined },
  { obj: { nested: [1, 2] } },
  { 'k=ey': 'v=al', 'ünï': 'çödé', '`^{|}': '`^{|}' },
];

export const cases = {
  'exports': (L) => Object.keys(L).filter((k) => ['$URL', 'parseURL', 'withQuery', 'joinURL', 'createURL', 'normalizeURL', 'resolveURL'].includes(k)).sort(),
  'parseURL': (L) => over(URLS, (u) => parsedView(L.parseURL(u))),
  'parseURL default protocol': (L) => over(['example.com/x', '//h/p', 'http://h/p', '/p', ''], (u) => parsedView(L.parseURL(u, 'https://'))),
  'parsePath': (L) => over(['/a/b?c=d#e', '?x', '#y', 'a?b?c#d#e', '', '/%20'], (u) => L.parsePath(u)),
  'parseAuth': (L) => over(['user:pass', 'user', ':p', 'u%40x:p%3Ay', '', 'a:b:c'], (u) => L.parseAuth(u)),
  'parseHost': (L) => over(['a.com:80', 'a.com', 'a.com:', 'a.com:x1', '[::1]:3000', 'ünï.com:8', ''], (u) => L.parseHost(u)),
  'stringifyParsedURL round trip': (L) => over(URLS, (u) => L.stringifyParsedURL(L.parseURL(u))),
  'stringifyParsedURL parts': (L) => each([
    ['full', () => L.stringifyParsedURL({ protocol: 'https:', auth: 'u:p', host: 'h.com', pathname: '/p', search: '?a=1', hash: '#x' })],
    ['no protocol', () => L.stringifyParsedURL({ host: 'h.com', pathname: '/p', search: 'a=1', hash: '' })],
    ['path only', () => L.stringifyParsedURL({ pathname: '/p', search: '', hash: '#h' })],
    ['empty', () => L.stringifyParsedURL({})],
  ]),
  'parseQuery': (L) => over(['', '?', 'a=1', '?a=1&a=2&a=3', 'a', 'a=&b', 'a+b=c+d', 'a=%20%2B%26', '__proto__=1&constructor=2&toString=3', 'a=1&&b=2', '=x', 'a=b=c', 'k=%E0%A4%A', '0=zero&1=one'], (q) => queryView(L.parseQuery(q))),
  'getQuery': (L) => over(URLS, (u) => queryView(L.getQuery(u))),
  'stringifyQuery': (L) => over(QUERIES, (q) => L.stringifyQuery(q)),
  'encodeQueryItem': (L) => each([
    ['string', () => L.encodeQueryItem('k', 'v v')],
    ['array', () => L.encodeQueryItem('k', ['a', 'b c'])],
    ['empty', () => L.encodeQueryItem('k', '')],
    ['number', () => L.encodeQueryItem('k', 5)],
    ['zero', () => L.encodeQueryItem('k', 0)],
    ['boolean', () => L.encodeQueryItem('k', true)],
    ['object', () => L.encodeQueryItem('k', { a: 1 })],
  ]),
  'withQuery': (L) => Object.fromEntries(['http://a.com', 'http://a.com/p?x=1&y=2#h', '/p?a=1', '', '//h/p?q', 'http://a.com/?a[]=1'].map((u) => [u, over(QUERIES, (q) => L.withQuery(u, q))])),
  'encoders': (L) => {
    const inputs = ['a b', 'a+b', 'a&b=c', '/path/with spaces/#?', 'ünïcödé', '`^{|}[]', '%2F%252f', '\u{1F600}', 'a\u0000b', 'x/y?z#w', 123];
    const fns = ['encode', 'encodeHash', 'encodeQueryValue', 'encodeQueryKey', 'encodePath', 'encodeParam'];
    return Object.fromEntries(fns.map((f) => [f, over(inputs, (s) => L[f](s))]));
  },
  'decoders': (L) => {
    const inputs = ['a%20b', 'a+b', '%E0%A4%A', '%25', '%2F%252F', 'ü%C3%BC', '', 'no-escapes'];
    return {
      decode: over(inputs, (s) => L.decode(s)),
      decodeQueryValue: over(inputs, (s) => L.decodeQueryValue(s)),
      decodeNoArg: L.decode(),
    };
  },
  'encodeHost': (L) => over(['example.com', 'münchen.de', '例え.テスト', 'xn--already.com', 'UPPER.com', 'a\u3002b', '', 'user@ünï.com'], (h) => L.encodeHost(h)),
  'slashes': (L) => {
    const inputs = ['', '/', '//', 'a', '/a', 'a/', '/a/', '/a/?x=1', '/a?x=/', '/a#/b/', 'http://h.com/', 'http://h.com'];
    const fns = ['hasTrailingSlash', 'withTrailingSlash', 'withoutTrailingSlash', 'hasLeadingSlash', 'withLeadingSlash', 'withoutLeadingSlash'];
    const out = Object.fromEntries(fns.map((f) => [f, over(inputs, (s) => L[f](s))]));
    out['respect query'] = Object.fromEntries(['hasTrailingSlash', 'withTrailingSlash', 'withoutTrailingSlash'].map((f) => [f, over(inputs, (s) => L[f](s, true))]));
    out.noArg = fns.map((f) => L[f]());
    return out;
  },
  'cleanDoubleSlashes': (L) => over(['//a//b', 'http://a.com//b//c', 'http://a//b://c//d', '///', 'a', ''], (u) => L.cleanDoubleSlashes(u)),
  'protocols': (L) => ({
    hasProtocol: over(URLS, (u) => L.hasProtocol(u)),
    acceptRelative: over(URLS, (u) => L.hasProtocol(u, true)),
    strict: over(URLS, (u) => L.hasProtocol(u, { strict: true })),
    isRelative: over(URLS, (u) => L.isRelative(u)),
  }),
  'joinURL': (L) => each([
    ['basic', () => L.joinURL('a', 'b', 'c')],
    ['slashes', () => L.joinURL('/a/', '/b/', '/c/')],
    ['base url', () => L.joinURL('http://h.com', 'x', '/y', 'z/')],
    ['empty segments', () => L.joinURL('a', '', '/', undefined, 'b')],
    ['only base', () => L.joinURL('a')],
    ['no base', () => L.joinURL('', 'b', 'c')],
    ['undefined base', () => L.joinURL(undefined, 'b')],
    ['dot segments', () => L.joinURL('/a', './b', '../c')],
    ['query in base', () => L.joinURL('/a?x=1', 'b')],
    ['protocol in segment', () => L.joinURL('/a', 'http://b.com/c')],
  ]),
  'withBase': (L) => each([
    ['plain', () => L.withBase('/p', '/base')],
    ['already', () => L.withBase('/base/p', '/base')],
    ['prefix only', () => L.withBase('/basement', '/base')],
    ['base slash', () => L.withBase('/p', '/base/')],
    ['empty base', () => L.withBase('/p', '')],
    ['root base', () => L.withBase('/p', '/')],
    ['absolute input', () => L.withBase('http://h.com/p', '/base')],
    ['query', () => L.withBase('/base?x=1', '/base')],
  ]),
  'withoutBase': (L) => each([
    ['plain', () => L.withoutBase('/base/p', '/base')],
    ['exact', () => L.withoutBase('/base', '/base')],
    ['prefix only', () => L.withoutBase('/basement', '/base')],
    ['other', () => L.withoutBase('/other/p', '/base')],
    ['base slash', () => L.withoutBase('/base/p/', '/base/')],
    ['double slash', () => L.withoutBase('/base//p', '/base')],
    ['query', () => L.withoutBase('/base?x=1', '/base')],
    ['empty base', () => L.withoutBase('/p', '')],
  ]),
  'empty urls': (L) => ({
    isEmptyURL: over(['', '/', '//', 'a', undefined], (u) => L.isEmptyURL(u)),
    isNonEmptyURL: over(['', '/', '//', 'a', undefined], (u) => L.isNonEmptyURL(u)),
  }),
  'isSamePath': (L) => each([
    ['slash', () => L.isSamePath('/a', '/a/')],
    ['encoded', () => L.isSamePath('/a%20b', '/a b')],
    ['different', () => L.isSamePath('/a', '/b')],
    ['case', () => L.isSamePath('/A', '/a')],
  ]),
  'normalizeURL': (L) => over(URLS, (u) => L.normalizeURL(u)),
  'resolveURL': (L) => each([
    ['paths', () => L.resolveURL('http://h.com/a', 'b', '/c')],
    ['queries', () => L.resolveURL('http://h.com/a?x=1', '/b?y=2', 'c?x=3')],
    ['hash', () => L.resolveURL('/a#one', 'b#two')],
    ['empty', () => L.resolveURL('/a', '', '/')],
    ['no base', () => L.resolveURL('', 'b')],
    ['only base', () => L.resolveURL('http://h.com/a/')],
    ['protocol in input', () => L.resolveURL('/a', 'http://x.com/b')],
  ]),
  '$URL': (L) => over(URLS.filter((u) => !u.startsWith('\\')), (u) => urlView(new L.$URL(u))),
  '$URL errors and statics': (L) => each([
    ['non-string', () => new L.$URL(5)],
    ['no arg', () => urlView(new L.$URL())],
    ['createURL', () => urlView(L.createURL('http://u:p@h.com:81/a?b=1#c'))],
    ['instanceof', () => L.createURL('/x') instanceof L.$URL],
    ['prototype getters', () => Object.getOwnPropertyNames(L.$URL.prototype).filter((n) => ['href', 'origin', 'search', 'append', 'toJSON', 'toString', 'hostname'].includes(n)).sort()],
    ['append', () => { const u = new L.$URL('http://h.com/a?x=1#h'); u.append(new L.$URL('b/c?y=2#i')); return urlView(u); }],
    ['append protocol', () => { const u = new L.$URL('/a'); u.append(new L.$URL('http://h.com/b')); return urlView(u); }],
    ['query mutation', () => { const u = new L.$URL('/a?x=1'); u.query.y = ['2', '3']; u.pathname = '/b c'; u.hash = '#d e'; return urlView(u); }],
  ]),

  // ---- names that arrive during the window (the start namespace may lack them) ----
  'since 0.7.3: decodePath': (L) => over(['/a%2Fb', '/a%252Fb', '/a%20b', '%E0%A4%A'], (s) => L.decodePath(s)),
  'since 0.8.4: isEqual': (L) => each([
    ['slash', () => L.isEqual('/a', '/a/')],
    ['leading', () => L.isEqual('a', '/a')],
    ['encoding', () => L.isEqual('/a%20b', '/a b')],
    ['strict', () => L.isEqual('/a', '/a/', { trailingSlash: true, leadingSlash: true, encoding: true })],
  ]),
  'since 0.8.2: protocols': (L) => {
    const inputs = ['h.com/x', 'http://h.com', 'https://h.com', '//h.com', 'ftp://h.com', 'mailto:x'];
    return {
      withHttp: over(inputs, (u) => L.withHttp(u)),
      withHttps: over(inputs, (u) => L.withHttps(u)),
      withoutProtocol: over(inputs, (u) => L.withoutProtocol(u)),
      withProtocol: over(inputs, (u) => L.withProtocol(u, 'ws://')),
    };
  },
  'since 1.2: decodeQueryKey, isScriptProtocol, parseFilename': (L) => ({
    decodeQueryKey: over(['a+b', '%3D', '%E0%A4%A'], (s) => L.decodeQueryKey(s)),
    isScriptProtocol: over(['javascript:', 'JAVASCRIPT:', 'data:', 'http:', ' vbscript:', '', undefined], (s) => L.isScriptProtocol(s)),
    parseFilename: over(['http://h.com/a/b.txt', '/a/b', '/a/b/', 'file.txt', '/a/.env'], (s) => L.parseFilename(s, { strict: false })),
    parseFilenameStrict: over(['http://h.com/a/b.txt', '/a/b', '/a/.env'], (s) => L.parseFilename(s, { strict: true })),
  }),
  'since 1.4: fragments': (L) => ({
    withFragment: over(['/a', '/a#old', 'http://h.com/?x=1', ''], (u) => L.withFragment(u, 'new frag')),
    withFragmentEmpty: over(['/a#old'], (u) => [L.withFragment(u, ''), L.withFragment(u, '#')]),
    withoutFragment: over(URLS, (u) => L.withoutFragment(u)),
  }),
  'since 1.5: joinRelativeURL, withoutHost': (L) => ({
    joinRelativeURL: each([
      ['basic', () => L.joinRelativeURL('a', 'b', '../c')],
      ['up', () => L.joinRelativeURL('../a', '../../b')],
      ['absolute', () => L.joinRelativeURL('/a/b', './c', '/d/')],
      ['protocol', () => L.joinRelativeURL('http://h.com/a', '../../b')],
      ['dot', () => L.joinRelativeURL('./a', 'b')],
    ]),
    withoutHost: over(URLS, (u) => L.withoutHost(u)),
  }),
  'since 1.6: filterQuery': (L) => over(['/a?x=1&y=2&x=3', '/a', 'http://h.com/?keep=1&drop=2#h'], (u) => L.filterQuery(u, (k) => k !== 'drop' && k !== 'y')),
};

/** What a program keeps from the first version. */
export function setup(L) {
  const { joinURL, withQuery, parseURL, withBase, stringifyQuery } = L;
  const api = (path) => joinURL('/api/v1', path);
  const underBase = (path) => withBase(path, '/app');
  const helpers = { parse: parseURL, query: withQuery, join: joinURL, stringify: stringifyQuery };
  const url = new L.$URL('https://user:secret@shop.example.com:8443/cart/items?page=2&tag=a&tag=b#top');
  const appended = L.createURL('http://h.com/base/?x=1');
  const rel = new L.$URL('/relative/path?q=ünï');
  const parsed = parseURL('http://h.com/p?a=1#h');
  return { api, underBase, helpers, url, appended, rel, parsed, first: { url: url.href, appended: appended.href } };
}

export const instanceCases = {
  'closures over copied functions': (I) => each([
    ['api', () => [I.api('users'), I.api('/users/1/'), I.api('')]],
    ['underBase', () => [I.underBase('/x'), I.underBase('/app/y'), I.underBase('/apple')]],
    ['helpers.parse', () => parsedView(I.helpers.parse('//h.com/p?q=1'))],
    ['helpers.query', () => I.helpers.query('/p?a=1', { b: ['x y', 'z'], c: 0 })],
    ['helpers.join', () => I.helpers.join('http://h.com/', '/a/', 'b')],
    ['helpers.stringify', () => I.helpers.stringify({ a: 'x y', b: ['1', '2'], c: '' })],
  ]),
  '$URL made at start': (I) => urlView(I.url),
  '$URL made at start, relative': (I) => urlView(I.rel),
  '$URL made at start, instanceof': (I, L) => ({ url: I.url instanceof L.$URL, created: I.appended instanceof L.$URL, sameProto: Object.getPrototypeOf(I.url) === L.$URL.prototype }),
  '$URL made at start, append': (I) => {
    const query = I.appended.query;
    const saved = { pathname: I.appended.pathname, query: { ...query }, hash: I.appended.hash };
    try {
      I.appended.append(new I.url.constructor('child/leaf?y=2#frag'));
      return urlView(I.appended);
    } finally {
      for (const k of Object.keys(query)) if (!(k in saved.query)) delete query[k];
      Object.assign(query, saved.query);
      I.appended.query = query;
      I.appended.pathname = saved.pathname;
      I.appended.hash = saved.hash;
    }
  },
  'parsed at start, stringified now': (I, L) => ({
    again: L.stringifyParsedURL(I.parsed),
    withQuery: L.withQuery(L.stringifyParsedURL(I.parsed), { b: 2 }),
  }),
};
