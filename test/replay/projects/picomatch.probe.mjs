// The picomatch probe. `L` is what `require('./index.js')` gave at start: the `picomatch`
// function itself, with its methods as properties (the harness's view of it cannot be called:
// the cases use the methods, `L.isMatch(str, glob, options)` making a matcher per call).
// Every case matches fixed paths against fixed globs with a few option sets (never `windows`:
// from 3.0.0 the entry fills it in from the platform), or compiles them (`makeRe`, `scan`,
// `parse`) and returns what it got; a throw is the result.
//
// `setup` takes the function itself (`require` of the entry, as the program did) and keeps
// what a program makes with the first version: matchers (closures made inside `picomatch`),
// one over a list with an ignore list, one returning its state, one with `onMatch`/`onResult`
// callbacks that log, a regex, and closures over methods copied at start.

import { createRequire } from 'node:module';
import { each } from './serialize.mjs';

const GLOBS = [
  '*.js', '**/*.js', 'src/**/*.{js,ts}', '!*.md', 'a/*/b', '?(a|b).txt', '+(x|y)', '@(foo)', '*(a)',
  '[a-c]*.js', '[!a]*', 'foo/**', '**', '*', '.*', 'a/{1..3}/b', '{a,b}/c', 'a\\*b', '(a|b)', 'a/**/b',
  '**/.git/**', 'file.+(js|ts)', '[[:alpha:]]', 'a/b/', '!(*.test).js', '*.!(js)', 'a/**/', '**/*.@(md|txt)',
];
const PATHS = [
  'a.js', 'src/x/y.ts', 'README.md', '.env', 'a/x/b', 'a.txt', 'foo', 'foo/bar/baz', 'a/2/b', 'b/c', 'a*b', 'x',
  'xy', 'a/b/c.js', '.git/config', 'x/.git/y', 'file.js', 'a', 'A.js', 'a/b/', 'x.test.js', 'aaa', 'docs/a.md', './a.js',
];
const OPTIONS = [['none', undefined], ['dot', { dot: true }], ['nocase', { nocase: true }], ['basename', { basename: true }], ['noext', { noextglob: true, nobrace: true }]];

const re = (r) => (r instanceof RegExp ? { source: r.source, flags: r.flags } : r);
const rows = (fn) => each(OPTIONS.flatMap(([o, options]) => GLOBS.map((g) => [`${g} [${o}]`, () => fn(g, options)])));

export const cases = {
  'isMatch': (L) => rows((g, o) => PATHS.filter((p) => L.isMatch(p, g, o)).join(' ')),
  'isMatch lists': (L) => each([
    ['list', () => PATHS.filter((p) => L.isMatch(p, ['*.js', '**/*.md', '!README.md']))],
    ['ignore', () => PATHS.filter((p) => L.isMatch(p, '**', { ignore: ['**/*.js', '.*'] }))],
    ['negated list', () => PATHS.filter((p) => L.isMatch(p, ['!**/*.js']))],
    ['contains', () => PATHS.filter((p) => L.isMatch(p, 'a', { contains: true }))],
    ['format', () => PATHS.filter((p) => L.isMatch(p, 'a.js', { format: (s) => s.replace(/^\.\//, '') }))],
  ]),
  'makeRe': (L) => rows((g, o) => re(L.makeRe(g, o))),
  'makeRe output and state': (L) => each(['*.js', 'a/**/b', '!(foo)', '{a,b}/*'].map((g) => [g, () => {
    const out = L.makeRe(g, {}, true, true);
    return [re(out), out?.state ? { output: out.state.output, negated: out.state.negated, fastpaths: out.state.fastpaths } : null];
  }])),
  'scan': (L) => each(GLOBS.map((g) => [g, () => {
    const s = L.scan(g, { tokens: true, parts: true });
    return { prefix: s.prefix, input: s.input, base: s.base, glob: s.glob, isBrace: s.isBrace, isBracket: s.isBracket, isGlob: s.isGlob, isExtglob: s.isExtglob, isGlobstar: s.isGlobstar, negated: s.negated, parts: s.parts ?? null };
  }])),
  'parse': (L) => each(GLOBS.map((g) => [g, () => {
    const s = L.parse(g);
    const one = Array.isArray(s) ? s[0] : s;
    return { output: one.output, negated: one.negated ?? null };
  }])),
  'test and matchBase': (L) => each(PATHS.flatMap((p) => [
    [`test ${p}`, () => { const r = L.test(p, /^[a-z]+\.js$/, {}, { glob: '*.js' }); return { isMatch: r.isMatch, match: !!r.match, output: r.output }; }],
    [`matchBase ${p}`, () => L.matchBase(p, '*.js')],
  ])),
  'toRegex': (L) => each([['ok', () => re(L.toRegex('^(?:a|b)$'))], ['nocase', () => re(L.toRegex('^a$', { flags: 'i' }))], ['debug off', () => re(L.toRegex('(', {}))]]),
  'constants': (L) => {
    const c = L.constants;
    return { keys: Object.keys(c).sort(), max: c.MAX_LENGTH, posix: Object.keys(c.globChars(false)).sort(), win: c.globChars(true).SLASH_LITERAL, extglob: Object.keys(c.extglobChars(c.globChars(false))).sort() };
  },
  'errors': (L) => each([
    ['makeRe number', () => L.makeRe(5)],
    ['makeRe empty', () => L.makeRe('')],
    ['isMatch empty', () => L.isMatch('a', '')],
    ['too long', () => L.makeRe('a'.repeat(70000))],
    ['maxLength', () => L.makeRe('abcdef', { maxLength: 3 })],
    ['unclosed', () => re(L.makeRe('a/[b'))],
    ['strict brackets', () => re(L.makeRe('a/[b', { strictBrackets: true }))],
  ]),
};

export function setup(L) {
  const pm = createRequire(import.meta.url)('../lib/index.js');
  const log = [];
  const { isMatch, makeRe } = L;
  return {
    log,
    isJs: pm('**/*.js'),
    docs: pm(['*.md', 'docs/**'], { ignore: ['README.md'] }),
    stated: pm('src/**/!(*.test).js', {}, true),
    logged: pm('*.txt', {
      onMatch: (r) => log.push(['match', r.input, r.output]),
      onResult: (r) => log.push(['result', r.input, r.isMatch]),
      onIgnore: (r) => log.push(['ignore', r.input]),
      ignore: 'b*',
    }),
    regex: pm.makeRe('*.{a,b}'),
    isTs: (p) => isMatch(p, '**/*.ts'),
    reOf: (g) => makeRe(g, { dot: true }),
  };
}

const SOME = ['a.js', 'src/x/y.js', 'src/x/y.test.js', 'README.md', 'docs/x/y', 'a.txt', 'b.txt', 'c.a', 'src/a.ts', '.x.ts'];

export const instanceCases = {
  'matchers kept': (I) => each([
    ['isJs', () => SOME.filter((p) => I.isJs(p))],
    ['isJs object', () => { const r = I.isJs('a/b.js', true); return { isMatch: r.isMatch, output: r.output, match: !!r.match }; }],
    ['docs', () => SOME.filter((p) => I.docs(p))],
    ['stated', () => [SOME.filter((p) => I.stated(p)), I.stated.state ? { output: I.stated.state.output, negated: I.stated.state.negated } : null]],
  ]),
  'callbacks kept': (I) => { for (const p of SOME) I.logged(p); return I.log.splice(0); },
  'regex kept': (I) => [re(I.regex), SOME.map((p) => I.regex.test(p))],
  'closures over copied methods': (I) => each([
    ['isTs', () => SOME.filter(I.isTs)],
    ['reOf', () => [re(I.reOf('**/*.md')), re(I.reOf('*'))]],
  ]),
};
