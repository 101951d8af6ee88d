// The minimatch probe. `L` is `index.js`'s namespace; the names every version of the window
// exports are `minimatch`, `sep`, `GLOBSTAR`, `filter`, `defaults`, `braceExpand`, `makeRe`,
// `match` and `Minimatch` (`default` goes in 9.0.0, `escape`/`unescape` come in 7.4.0, `AST`
// in 8.0.0: reached as properties of `minimatch`, `minimatch.escape`, after a check). Every
// case matches fixed paths against fixed patterns under fixed options, or asks what a pattern
// compiles to (`makeRe`'s source and flags, a `Minimatch`'s `set` and `negate`), expands
// braces, escapes; a throw is a result. Options a version does not know are ignored by it,
// the same in every process. Nothing a case does changes what the next run sees.
//
// `setup` does what a program does once: `Minimatch` objects made at start (a plain one, a
// negated one, one with `dot`/`nocase`/`matchBase`, one with braces and extglobs), a filter
// closure (`filter(pattern)`), a `defaults({ dot: true })` function and its `Minimatch`, and
// the `makeRe` of a pattern, kept to test paths against later.

import { each } from './serialize.mjs';

const PATHS = [
  'a.js', '.hidden.js', 'src/a.js', 'src/b.ts', 'src/.dot/c.js', 'src/lib/deep/d.js', 'src/lib/e.JS',
  'test/a.test.js', 'test/fixtures/x.json', 'README.md', 'readme.MD', 'a/b/c', 'a/b', 'a', '',
  'ab', 'abc', 'a[b]c', 'a*b', 'a\\b', 'C:\\x\\y.js', 'x/../y', './src/a.js', 'src//a.js', '/abs/a.js',
  'foo.min.js', 'foo.bar.baz', 'a+b', 'a(b)', 'a{b}', 'a!b', 'x.tar.gz',
];

const PATTERNS = [
  '*.js', '**/*.js', 'src/**', 'src/**/*.js', '**', '*', '?', '??', 'a*', 'a?c', '[ab]*', '[!a]*', '[^a]*',
  '[a-c]b*', '[[:alpha:]]*', '[[:upper:]]*', '*.{js,ts}', '{src,test}/*.js', 'src/{a,b}.{js,ts}', '{1..3}',
  '!*.js', '!!*.js', '#comment', '*.+(js|ts)', '*.@(js)', '*.!(js)', '?(a)b*', '*(a|b)', 'a\\*b', 'a\\[b\\]c',
  'src/*/*.js', '**/.dot/*', '.*', '*/', 'a/**/c', 'a/**', '*.min.js', '**/fixtures/**', 'README.*', 'x/../y',
  '/abs/*.js', './src/*.js', 'src//*.js', '[', 'a[', '*.[jt]s', '[]]*', '\\!*', 'a/b/', '*.tar.*',
];

const OPTIONS = {
  default: {},
  dot: { dot: true },
  nocase: { nocase: true },
  matchBase: { matchBase: true },
  nonegate: { nonegate: true },
  nocomment: { nocomment: true },
  noglobstar: { noglobstar: true },
  noext: { noext: true },
  nobrace: { nobrace: true },
  flipNegate: { flipNegate: true },
  windowsPathsNoEscape: { windowsPathsNoEscape: true },
  partial: { partial: true },
  posix: { platform: 'linux' },
  win32: { platform: 'win32' },
  optimize0: { optimizationLevel: 0 },
  optimize2: { optimizationLevel: 2 },
  preserveMultipleSlashes: { preserveMultipleSlashes: true },
  nocaseMagicOnly: { nocase: true, nocaseMagicOnly: true },
  magicalBraces: { magicalBraces: true },
};

/** The paths a pattern matches under options, as one string of 0/1 (or the throw). */
function matches(L, pattern, options) {
  try {
    return PATHS.map((p) => (L.minimatch(p, pattern, options) ? '1' : '0')).join('');
  } catch (e) {
    return { threw: `${e?.name}: ${e?.message}` };
  }
}

const re = (r) => (r instanceof RegExp ? { source: r.source, flags: r.flags } : r);

/** What a Minimatch object holds, as a program reads it. */
function mmShape(m) {
  return {
    pattern: m.pattern,
    negate: m.negate,
    comment: m.comment,
    empty: m.empty,
    set: m.set.map((parts) => parts.map((x) => (typeof x === 'symbol' ? '**' : re(x)))),
    globSet: m.globSet ?? null,
    hasMagic: typeof m.hasMagic === 'function' ? m.hasMagic() : null,
  };
}

export const cases = {
  'exports': (L) => ({
    types: ['minimatch', 'sep', 'GLOBSTAR', 'filter', 'defaults', 'braceExpand', 'makeRe', 'match', 'Minimatch'].map((k) => [k, typeof L[k]]),
    sep: L.sep,
    globstar: String(L.GLOBSTAR),
    props: ['sep', 'GLOBSTAR', 'filter', 'defaults', 'braceExpand', 'makeRe', 'match', 'Minimatch', 'escape', 'unescape', 'AST'].map((k) => [k, typeof L.minimatch[k]]),
    same: [L.minimatch.Minimatch === L.Minimatch, L.minimatch.makeRe === L.makeRe, L.minimatch.GLOBSTAR === L.GLOBSTAR],
    methods: Object.getOwnPropertyNames(L.Minimatch.prototype).sort(),
  }),
  ...Object.fromEntries(Object.entries(OPTIONS).map(([name, options]) => [`match ${name}`, (L) =>
    Object.fromEntries(PATTERNS.map((pat) => [pat, matches(L, pat, options)]))])),
  'makeRe': (L) => each(PATTERNS.flatMap((pat) => [
    [pat, () => re(L.makeRe(pat))],
    [`${pat} dot nocase`, () => re(L.makeRe(pat, { dot: true, nocase: true }))],
  ])),
  'Minimatch objects': (L) => each(PATTERNS.map((pat) => [pat, () => mmShape(new L.Minimatch(pat))])),
  'braceExpand': (L) => each([
    'a{b,c}d', '{a,b}{1,2}', '{1..5}', '{01..10..3}', '{a..e}', 'a{,b}', '{a}', 'x{a,{b,c}}y', '\\{a,b}', '{a,b', 'a{1..3}b{x,y}', '', '{}', '{,}',
  ].flatMap((p) => [[p, () => L.braceExpand(p)], [`${p} nobrace`, () => L.braceExpand(p, { nobrace: true })]])),
  'match and filter': (L) => each([
    ['match js', () => L.match(PATHS, '**/*.js')],
    ['match nonull', () => L.match(PATHS, '*.nothing', { nonull: true })],
    ['match dot', () => L.match(PATHS, '**/*.js', { dot: true })],
    ['match negated', () => L.match(PATHS, '!**/*.js')],
    ['filter', () => PATHS.filter(L.filter('src/**'))],
    ['filter matchBase', () => PATHS.filter(L.filter('*.js', { matchBase: true }))],
    ['bad pattern', () => L.minimatch('a', 5)],
    ['long pattern', () => L.minimatch('a', 'a'.repeat(70000))],
    ['no pattern', () => new L.Minimatch()],
  ]),
  'defaults': (L) => {
    const mm = L.defaults({ dot: true, nocase: true });
    return each([
      ['fn', () => PATHS.map((p) => (mm(p, '**/*.js') ? 1 : 0)).join('')],
      ['override', () => PATHS.map((p) => (mm(p, '**/*.js', { dot: false }) ? 1 : 0)).join('')],
      ['Minimatch', () => mmShape(new mm.Minimatch('*.JS'))],
      ['Minimatch match', () => { const m = new mm.Minimatch('src/*.JS'); return PATHS.map((p) => (m.match(p) ? 1 : 0)).join(''); }],
      ['makeRe', () => re(mm.makeRe('*.js'))],
      ['braceExpand', () => mm.braceExpand('{a,b}')],
      ['filter', () => PATHS.filter(mm.filter('.*'))],
      ['match', () => mm.match(PATHS, 'readme.*')],
      ['nested', () => PATHS.filter((p) => mm.defaults({ matchBase: true })(p, '*.js'))],
      ['same', () => L.defaults({}) === L.minimatch],
    ]);
  },
  'Minimatch methods': (L) => each([
    ['match partial', () => { const m = new L.Minimatch('src/lib/**/*.js'); return ['src', 'src/lib', 'src/lib/deep', 'other'].map((p) => m.match(p, true)); }],
    ['matchOne', () => { const m = new L.Minimatch('a/*/c'); return [m.matchOne(['a', 'b', 'c'], m.set[0]), m.matchOne(['a', 'c'], m.set[0])]; }],
    ['negate flip', () => { const m = new L.Minimatch('!*.js', { flipNegate: true }); return ['a.js', 'b.ts'].map((p) => m.match(p)); }],
    ['makeRe cached', () => { const m = new L.Minimatch('*.js'); return m.makeRe() === m.makeRe(); }],
    ['debug off', () => { const m = new L.Minimatch('*.js'); return typeof m.debug; }],
    ['escape', () => (typeof L.minimatch.escape === 'function'
      ? ['a*b?[c]', 'x{y}', '(a|b)', 'a\\b'].flatMap((s) => [L.minimatch.escape(s), L.minimatch.escape(s, { windowsPathsNoEscape: true })])
      : 'absent')],
    ['unescape', () => (typeof L.minimatch.unescape === 'function'
      ? ['a\\*b', '[*]', 'a\\\\b', '[[]x'].flatMap((s) => [L.minimatch.unescape(s), L.minimatch.unescape(s, { windowsPathsNoEscape: true })])
      : 'absent')],
    ['escape roundtrip', () => (typeof L.minimatch.escape === 'function'
      ? PATHS.map((p) => (L.minimatch(p, L.minimatch.escape(p)) ? 1 : 0)).join('')
      : 'absent')],
    ['AST', () => {
      const A = L.minimatch.AST;
      if (typeof A !== 'function') return 'absent';
      return ['*.js', '+(a|b)c', '!(x).y', '@(a|b)*'].map((p) => { const ast = A.fromGlob(p); return [ast.toString(), ast.hasMagic, re(ast.toMMPattern())]; });
    }],
  ]),
};

export function setup(L) {
  const plain = new L.Minimatch('src/**/*.js');
  const negated = new L.Minimatch('!**/*.test.js');
  const options = new L.Minimatch('*.JS', { dot: true, nocase: true, matchBase: true });
  const braces = new L.Minimatch('{src,test}/**/*.+(js|json)');
  const isSrc = L.filter('src/**', { dot: true });
  const dotted = L.defaults({ dot: true });
  const dottedMM = new dotted.Minimatch('**/*.js');
  const jsRe = L.makeRe('**/*.{js,ts}');
  return { plain, negated, options, braces, isSrc, dotted, dottedMM, jsRe, match: plain.match.bind(plain) };
}

export const instanceCases = {
  'kept Minimatch': (I) => Object.fromEntries(['plain', 'negated', 'options', 'braces', 'dottedMM'].map((k) => [k, {
    matches: PATHS.map((p) => (I[k].match(p) ? 1 : 0)).join(''),
    shape: mmShape(I[k]),
    re: re(I[k].makeRe()),
    partial: ['src', 'test/fixtures', 'x'].map((p) => I[k].match(p, true)),
  }])),
  'kept closures': (I) => ({
    isSrc: PATHS.filter(I.isSrc),
    dotted: PATHS.map((p) => (I.dotted(p, '*') ? 1 : 0)).join(''),
    dottedMakeRe: re(I.dotted.makeRe('*.js')),
    bound: PATHS.map((p) => (I.match(p) ? 1 : 0)).join(''),
    jsRe: [re(I.jsRe), PATHS.map((p) => (I.jsRe.test(p) ? 1 : 0)).join('')],
  }),
};
