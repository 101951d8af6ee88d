// The path-to-regexp 4–6 probe. `L` is what `require('./index.js')` gave at start (the
// exports object the file's `exports.x = x` statements fill). Every case parses, matches,
// compiles or turns into a regexp a fixed list of paths (parameters, custom patterns,
// modifiers `? * +`, groups `{…}` where the version has them, escapes, bad paths) with fixed
// options, and returns tokens, match results (path, index, params), compiled strings, regexp
// sources and keys, or the TypeError a version throws. A path a version does not know is its
// own answer. `normalizePathname` (4.x only) is asked behind a feature check.
//
// State: none in the library; the probe keeps none either.
//
// `setup` makes what a router makes once at start: matchers for its routes (default options,
// `decode`, `end: false`, `sensitive`/`strict`, a custom delimiter), compilers (default, a
// custom `encode`, `validate: false`), a regexp with its keys array filled, a matcher made by
// `regexpToFunction` from that regexp, a token list parsed at start.
import { each } from './serialize.mjs';

const PATHS = [
  '/users/:id',
  '/users/:id/posts/:postId',
  '/:foo/:bar?',
  '/:foo*',
  '/:foo+',
  '/files/:path*',
  '/:id(\\d+)',
  '/route(\\d+)?',
  '/(.*)',
  '/:a-:b',
  '/:a.:ext?',
  '/:a:b',
  '{/:lang}?/docs',
  '/a{-:b}?/c',
  '/\\(x\\)/:y',
  '/café/:ü',
  ':x',
  '',
  '/:foo(',
  '/:foo(?:x)',
  '/:foo((x))',
  '/:',
  '/{',
];

const URLS = ['/users/42', '/users/42/', '/Users/42', '/users/42/posts/7', '/a', '/a/b', '/a/b/c', '/files/x/y.txt', '/123', '/route7', '/route', '/x-y', '/pic.png', '/pic', '/en/docs', '/docs', '/a-1/c', '/a/c', '/(x)/z', '/caf%C3%A9/%C3%BC%20x', 'plain', ''];

const err = (e) => `${e?.name}: ${e?.message}`;

/** The fields of a key or token, in a fixed order. */
const token = (t) => (typeof t === 'string' ? t : { name: t.name, prefix: t.prefix, suffix: t.suffix ?? null, pattern: t.pattern, modifier: t.modifier ?? null, optional: t.optional ?? null, repeat: t.repeat ?? null, partial: t.partial ?? null, asterisk: t.asterisk ?? null, delimiter: t.delimiter ?? null });

const matched = (r) => (r && typeof r === 'object' ? { path: r.path, index: r.index, params: { ...r.params } } : r);

const regexp = (re, keys) => ({ source: re.source, flags: re.flags, keys: keys.map(token) });

const matchAll = (fn) => Object.fromEntries(URLS.map((u) => { try { return [u, matched(fn(u))]; } catch (e) { return [u, { threw: err(e) }]; } }).filter(([, v]) => v !== false));

const PARAMS = [{ id: 42, postId: 'a b', foo: 'x', bar: 'y/z', path: ['a', 'b c'], a: 'x', b: 'y', ext: 'png', lang: 'fr', y: '1', ü: 'é', x: 'q' }, { id: '1' }, {}, { foo: ['p', 'q'], path: [] }, { id: 'abc' }];

export const cases = {
  'exports': (L) => Object.keys(L).sort().map((k) => [k, typeof L[k]]),
  'parse': (L) => each(PATHS.map((p) => [p, () => L.parse(p).map(token)]), err),
  'parse options': (L) => each([
    ['delimiter', () => L.parse('/:a.:b', { delimiter: '.' }).map(token)],
    ['prefixes', () => L.parse('/:a.:b-:c', { prefixes: './' }).map(token)],
    ['whitelist', () => L.parse('/:a.:b-:c', { whitelist: ['.'] }).map(token)],
  ], err),
  'match': (L) => each(PATHS.map((p) => [p, () => matchAll(L.match(p))]), err),
  'match options': (L) => each([
    ['decode', () => matchAll(L.match('/:a/:rest*', { decode: decodeURIComponent }))],
    ['decode key', () => matchAll(L.match('/:a/:b?', { decode: (v, key) => `${key.name}=${v}` }))],
    ['end false', () => matchAll(L.match('/users/:id', { end: false }))],
    ['start false', () => matchAll(L.match(':x/c', { start: false }))],
    ['strict', () => matchAll(L.match('/users/:id', { strict: true }))],
    ['sensitive', () => matchAll(L.match('/Users/:id', { sensitive: true }))],
    ['delimiter', () => matchAll(L.match('/:a.:b', { delimiter: '.' }))],
    ['endsWith', () => matchAll(L.match('/:a', { endsWith: '?#', end: false }))],
    ['encode', () => matchAll(L.match('/café/:ü', { encode: encodeURI }))],
  ], err),
  'compile': (L) => each(PATHS.map((p) => [p, () => {
    const toPath = L.compile(p);
    return PARAMS.map((params) => { try { return toPath(params); } catch (e) { return { threw: err(e) }; } });
  }]), err),
  'compile options': (L) => each([
    ['encode', () => L.compile('/:a/:b*', { encode: (v, key) => `[${key?.name}:${v}]` })({ a: 'x y', b: ['1', '2'] })],
    ['encodeURIComponent', () => L.compile('/:a', { encode: encodeURIComponent })({ a: 'x/y z' })],
    ['no validate', () => L.compile('/:id(\\d+)', { validate: false })({ id: 'abc' })],
    ['validate', () => L.compile('/:id(\\d+)')({ id: 'abc' })],
    ['missing', () => L.compile('/:a/:b')({ a: 1 })],
    ['array for single', () => L.compile('/:a')({ a: ['x'] })],
    ['empty array', () => L.compile('/:a+')({ a: [] })],
    ['number', () => L.compile('/:a')({ a: 0 })],
  ], err),
  'pathToRegexp': (L) => each([
    ...PATHS.map((p) => [p, () => { const keys = []; return regexp(L.pathToRegexp(p, keys), keys); }]),
    ['array', () => { const keys = []; return regexp(L.pathToRegexp(['/a/:x', '/b/:y?', /\/c\/(\d+)/], keys), keys); }],
    ['regexp', () => { const keys = []; return regexp(L.pathToRegexp(/\/(\w+)\/(?<named>\d+)/, keys), keys); }],
    ['options', () => { const keys = []; return regexp(L.pathToRegexp('/:a/:b?', keys, { end: false, strict: true, sensitive: true, start: false, delimiter: '-', endsWith: '#' }), keys); }],
    ['no keys', () => regexp(L.pathToRegexp('/:a'), [])],
  ], err),
  'tokens': (L) => each([
    ['tokensToRegexp', () => { const keys = []; return regexp(L.tokensToRegexp(L.parse('/a/:b/:c?'), keys, { end: false }), keys); }],
    ['tokensToFunction', () => L.tokensToFunction(L.parse('/a/:b/:c?'))({ b: 'x', c: 'y' })],
    ['regexpToFunction', () => { const keys = []; const re = L.pathToRegexp('/:a/:b*', keys); return matchAll(L.regexpToFunction(re, keys, { decode: (v) => v.toUpperCase() })); }],
    ['hand tokens', () => { const toks = ['/x', { name: 'n', prefix: '/', suffix: '', pattern: '\\d+', modifier: '' }]; const keys = []; return [regexp(L.tokensToRegexp(toks, keys), keys), L.tokensToFunction(toks)({ n: 5 })]; }],
    ['normalizePathname', () => (typeof L.normalizePathname === 'function' ? ['/a//b/../c/', '/caf%C3%A9', 'x/./y'].map((p) => L.normalizePathname(p)) : 'absent')],
  ], err),
};

const make = (fn) => { try { return fn(); } catch (e) { return () => ({ threwAtStart: err(e) }); } };

/** What a router makes once at start. */
export function setup(L) {
  const keys = [];
  const re = L.pathToRegexp('/items/:id/:rest*', keys);
  return {
    user: make(() => L.match('/users/:id')),
    files: make(() => L.match('/files/:path*', { decode: decodeURIComponent })),
    prefix: make(() => L.match('/users/:id', { end: false })),
    strict: make(() => L.match('/Users/:id', { strict: true, sensitive: true })),
    dotted: make(() => L.match('/:a.:b', { delimiter: '.' })),
    fromRegexp: make(() => L.regexpToFunction(re, keys, { decode: (v) => `<${v}>` })),
    toUser: make(() => L.compile('/users/:id/posts/:postId?')),
    toFiles: make(() => L.compile('/files/:path*', { encode: (v) => v.toUpperCase() })),
    toLoose: make(() => L.compile('/:id(\\d+)', { validate: false })),
    re,
    keys,
    tokens: L.parse('/a/:b/:c?'),
    match: L.match,
  };
}

const run = (fn, inputs) => inputs.map((x) => { try { return matched(fn(x)); } catch (e) { return { threw: err(e) }; } });

export const instanceCases = {
  'kept matchers': (I) => ({
    user: run(I.user, URLS),
    files: run(I.files, ['/files/a/b%20c', '/files', '/files/']),
    prefix: run(I.prefix, URLS),
    strict: run(I.strict, ['/Users/1', '/Users/1/', '/users/1']),
    dotted: run(I.dotted, ['/x.y', '/x', '/x.y.z']),
    fromRegexp: run(I.fromRegexp, ['/items/1', '/items/1/a/b', '/items']),
  }),
  'kept compilers': (I) => ({
    toUser: run(I.toUser, PARAMS),
    toFiles: run(I.toFiles, [{ path: ['a', 'b'] }, { path: 'c' }, {}]),
    toLoose: run(I.toLoose, [{ id: 'abc' }, { id: 5 }]),
  }),
  'kept regexp and tokens': (I, L) => ({
    regexp: regexp(I.re, I.keys),
    tokensToRegexp: (() => { const k = []; return regexp(L.tokensToRegexp(I.tokens, k), k); })(),
    tokensToFunction: run(L.tokensToFunction(I.tokens), [{ b: 'x' }, { b: 'x', c: 'y' }, {}]),
    match: run(I.match('/:a/:b?'), ['/x', '/x/y', '/']),
  }),
};
