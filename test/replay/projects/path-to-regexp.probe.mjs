// The path-to-regexp 7–8 probe. `L` is what `require('./index.js')` gave at start (the exports
// object tsc's `exports.x = x` statements fill). Every case parses, matches, compiles, turns
// into a regexp or stringifies a fixed list of paths written for either syntax (7.x's
// modifiers `? * +` and custom patterns, 8.x's `{…}` groups and `*wildcards`, escapes,
// quoted names, bad paths) with fixed options, and returns tokens, match results, compiled
// strings, regexp sources and keys, or the error a version throws (name and message). A path
// a version does not know is its own answer. `pathToRegexp`, `stringify` and `PathError` are
// asked behind feature checks (`typeof`).
//
// State: none in the library; the probe keeps none either.
//
// `setup` makes what a router makes once at start: matchers (default options, `decode: false`,
// `end: false`, `sensitive`, a wildcard route), compilers (default, a custom `encode`,
// `encode: false`), a TokenData parsed at start and the functions taken out of the exports.
import { each } from './serialize.mjs';

const PATHS = [
  '/users/:id',
  '/users/:id/posts/:postId',
  '/files/*path',
  '/files{/*path}',
  '/a{/:b}/c',
  '{/:lang}/docs',
  '/:a-:b',
  '/:a.:ext',
  '/:"quoted name"',
  '/static\\(x\\)/:y',
  '/café/:ü',
  '/:id?',
  '/:id+',
  '/:id(\\d+)',
  '/(.*)',
  '/*',
  ':x',
  '',
  '/:',
  '/{',
  '/a{b',
  '/:a:b',
  '/{:a}{:b}',
];

const URLS = ['/users/42', '/users/42/', '/Users/42', '/users/42/posts/7', '/files/x/y.txt', '/files', '/a/b/c', '/a/c', '/en/docs', '/docs', '/x-y', '/pic.png', '/quoted%20v', '/static(x)/z', '/caf%C3%A9/%C3%BC%20x', '/123', '/a', '', 'plain', '/%E0%A4%A'];

const err = (e) => `${e?.name}: ${e?.message}`;

const token = (t) => (t && typeof t === 'object' ? Object.fromEntries(Object.entries(t).map(([k, v]) => [k, k === 'tokens' && Array.isArray(v) ? v.map(token) : v])) : t);

const data = (d) => ({ class: d?.constructor?.name, tokens: Array.isArray(d?.tokens) ? d.tokens.map(token) : d?.tokens, originalPath: d?.originalPath ?? null, delimiter: d?.delimiter ?? null });

const matched = (r) => (r && typeof r === 'object' ? { path: r.path, index: r.index ?? null, params: { ...r.params } } : r);

const matchAll = (fn) => Object.fromEntries(URLS.map((u) => { try { return [u, matched(fn(u))]; } catch (e) { return [u, { threw: err(e) }]; } }).filter(([, v]) => v !== false));

const regexp = (r) => {
  const re = r instanceof RegExp ? r : r.regexp;
  return { source: re.source, flags: re.flags, keys: (r.keys ?? []).map(token) };
};

const PARAMS = [
  { id: '42', postId: 'a b', path: ['x', 'y z'], b: 'bee', lang: 'fr', a: 'x', ext: 'png', 'quoted name': 'q', y: '1', ü: 'é', x: 'q' },
  { id: ['1', '2'], path: [] },
  {},
  { id: 5, path: 'str' },
];

export const cases = {
  'exports': (L) => Object.keys(L).sort().map((k) => [k, typeof L[k]]),
  'parse': (L) => each(PATHS.map((p) => [p, () => data(L.parse(p))]), err),
  'parse options': (L) => each([
    ['encodePath', () => data(L.parse('/café/:x', { encodePath: encodeURI }))],
    ['delimiter', () => data(L.parse('/:a.:b', { delimiter: '.' }))],
  ], err),
  'match': (L) => each(PATHS.map((p) => [p, () => matchAll(L.match(p))]), err),
  'match options': (L) => each([
    ['decode false', () => matchAll(L.match('/files/*path', { decode: false }))],
    ['decode fn', () => matchAll(L.match('/:a{/*rest}', { decode: (v) => `<${v}>` }))],
    ['end false', () => matchAll(L.match('/users/:id', { end: false }))],
    ['trailing false', () => matchAll(L.match('/users/:id', { trailing: false }))],
    ['sensitive', () => matchAll(L.match('/Users/:id', { sensitive: true }))],
    ['delimiter', () => matchAll(L.match('/:a.:b', { delimiter: '.' }))],
    ['loose false', () => matchAll(L.match('/users/:id', { loose: false }))],
    ['array', () => matchAll(L.match(['/users/:id', '/files/*path']))],
    ['TokenData', () => matchAll(L.match(L.parse('/users/:id')))],
  ], err),
  'compile': (L) => each(PATHS.map((p) => [p, () => {
    const toPath = L.compile(p);
    return PARAMS.map((params) => { try { return toPath(params); } catch (e) { return { threw: err(e) }; } });
  }]), err),
  'compile options': (L) => each([
    ['encode', () => L.compile('/:a/*b', { encode: (v) => `[${v}]` })({ a: 'x y', b: ['1', '2'] })],
    ['encode false', () => L.compile('/:a/*b', { encode: false })({ a: 'x/y z', b: ['p q', 'r'] })],
    ['validate false', () => L.compile('/:id', { validate: false })({ id: 'a/b' })],
    ['delimiter', () => L.compile('/*p', { delimiter: '.' })({ p: ['a', 'b'] })],
    ['missing', () => L.compile('/:a/:b')({ a: 1 })],
    ['no params', () => L.compile('/a{/:b}')()],
    ['TokenData', () => L.compile(L.parse('/x/:y'))({ y: 'z' })],
    ['bad wildcard value', () => L.compile('/*p')({ p: 'not-array' })],
    ['empty wildcard', () => L.compile('/*p')({ p: [] })],
  ], err),
  'pathToRegexp': (L) => (typeof L.pathToRegexp === 'function'
    ? each([
      ...PATHS.map((p) => [p, () => regexp(L.pathToRegexp(p))]),
      ['options', () => regexp(L.pathToRegexp('/:a{/:b}', { end: false, sensitive: true, trailing: false, delimiter: '-' }))],
      ['array', () => regexp(L.pathToRegexp(['/a/:x', '/b{/:y}']))],
      ['many combinations', () => regexp(L.pathToRegexp('{/a}{/b}{/c}{/d}{/e}{/f}{/g}{/h}{/i}'))],
    ], err)
    : 'absent'),
  'stringify': (L) => (typeof L.stringify === 'function'
    ? each(PATHS.map((p) => [p, () => L.stringify(L.parse(p))]), err)
    : 'absent'),
  'errors': (L) => each([
    ...['/:', '/{', '/a{b', '/:a:b', '/:id?', '/(x)', '/*'].map((p) => [p, () => {
      try { L.parse(p); return 'parsed'; } catch (e) {
        return { name: e.name, message: e.message, class: e.constructor?.name, isTypeError: e instanceof TypeError, isPathError: typeof L.PathError === 'function' ? e instanceof L.PathError : 'absent', originalPath: e.originalPath ?? null };
      }
    }]),
    ['new PathError', () => (typeof L.PathError === 'function' ? (({ name, message, originalPath }) => ({ name, message, originalPath }))(new L.PathError('m', '/p')) : 'absent')],
    ['new TokenData', () => { const d = new L.TokenData([{ type: 'text', value: '/x' }], '/x'); return [data(d), matched(L.match(d)('/x'))]; }],
  ], err),
};

const make = (fn) => { try { return fn(); } catch (e) { return () => ({ threwAtStart: err(e) }); } };

/** What a router makes once at start. */
export function setup(L) {
  return {
    user: make(() => L.match('/users/:id')),
    raw: make(() => L.match('/users/:id', { decode: false })),
    prefix: make(() => L.match('/users/:id', { end: false })),
    sensitive: make(() => L.match('/Users/:id', { sensitive: true })),
    files: make(() => L.match('/files/*path')),
    toUser: make(() => L.compile('/users/:id/posts/:postId')),
    toEncoded: make(() => L.compile('/:a', { encode: (v) => v.toUpperCase() })),
    toRaw: make(() => L.compile('/:a', { encode: false })),
    toFiles: make(() => L.compile('/files/*path')),
    tokens: make(() => L.parse('/x/:y')),
    match: L.match,
    compile: L.compile,
  };
}

const run = (fn, inputs) => inputs.map((x) => { try { return matched(fn(x)); } catch (e) { return { threw: err(e) }; } });

export const instanceCases = {
  'kept matchers': (I) => ({
    user: run(I.user, URLS),
    raw: run(I.raw, ['/users/a%20b', '/users/%E0']),
    prefix: run(I.prefix, URLS),
    sensitive: run(I.sensitive, ['/Users/1', '/users/1']),
    files: run(I.files, ['/files/a/b%20c', '/files', '/files/']),
  }),
  'kept compilers': (I) => ({
    toUser: run(I.toUser, PARAMS),
    toEncoded: run(I.toEncoded, [{ a: 'x y' }, {}]),
    toRaw: run(I.toRaw, [{ a: 'x/y z' }]),
    toFiles: run(I.toFiles, [{ path: ['a', 'b'] }, { path: 'c' }, {}]),
  }),
  'kept TokenData and functions': (I, L) => ({
    tokens: I.tokens && typeof I.tokens === 'object' ? data(I.tokens) : null,
    matchTokens: (() => { try { return run(L.match(I.tokens), ['/x/1', '/x']); } catch (e) { return err(e); } })(),
    compileTokens: (() => { try { return L.compile(I.tokens)({ y: 'z' }); } catch (e) { return err(e); } })(),
    heldMatch: run(I.match('/a{/:b}'), ['/a', '/a/x']),
    heldCompile: (() => { try { return I.compile('/a/:b')({ b: 'c d' }); } catch (e) { return err(e); } })(),
  }),
};
