// The semver probe. `L` is what `require('./index.js')` gave at start: in 7.0.0 an exports
// object of lazy getters (each replaced by a value on first read), from 7.1.x a plain
// `module.exports = { … }`; `held` copies every export at start. Every case asks fixed
// versions and ranges with the three option sets semver knows (none, `loose`,
// `includePrerelease`) and returns what it got; a throw is the result (`TypeError: Invalid
// Version: …`). Objects are described by what semver prints of them (`version`, `range`,
// `value`, the comparator sets), never by their fields: fields are the class's inside.
//
// State: range.js's memo of parsed ranges (7.3.5+) keeps what a first run parsed; a second run
// in a fresh process asks the same ranges and must get the same (checked by the replay).
// re.js's regular expressions are built once at load.
//
// `setup` keeps what a program makes with the first version: SemVer, Range and Comparator
// instances (methods called on them later; `inc` mutates, so it is called on a copy), a
// sorted list, and closures over functions copied at start (a predicate, a comparator).

import { each } from './serialize.mjs';

const OPTS = [['none', undefined], ['loose', { loose: true }], ['pre', { includePrerelease: true }]];

const VERSIONS = [
  '1.2.3', 'v1.2.3', '=1.2.3', ' 1.2.3 ', '1.2.3-beta.1', '1.2.3-beta.1+build.5', '1.2.3+build',
  '1.2', '01.2.3', '1.2.3-01', '1.2.3-alpha.-1', '1.2.3.4', 'a.b.c', '~1.2.3', '', '2.0.0-0',
  '99999999999999999999.0.0', '1.2.3-rc.1+b.2.c', '  =v1.2.3-x-y-z.0  ', '1.2.3-', '0.0.0',
];

const RANGES = [
  '^1.2.3', '~1.2.3', '1.x', '1.2.3 - 2.3.4', '>=1.2.7 <1.3.0', '1.2.7 || >=1.2.9 <2.0.0', '*', '',
  '^0.0.1', '~0.2', '>1.2.3-alpha.3', '^1.2.3-beta.2', '1.2 - 2', '<=1.2', 'x.x.x', '>= 1.2.3',
  '^ 1.2', '~> 1.2', '>=01.2.3', 'blerg', '>=1.0.0 <1.0.0', '<0.0.0-0', '^1.2.3+build',
  '~1.2.3-beta', '>=1.2.3 || 2.x', '||', '1.2.3 ||  ', '>1', '<2.0.0-0', '=*', '~0.0.1-0',
];

const PAIRS = [
  ['1.2.3', '1.2.4'], ['1.2.3', '1.2.3'], ['1.2.3-alpha', '1.2.3'], ['1.2.3-alpha.1', '1.2.3-alpha.beta'],
  ['1.2.3-2', '1.2.3-10'], ['1.2.3+a', '1.2.3+b'], ['v2.0.0', '=1.9.9'], ['1.0.0-rc.1', '1.0.0-rc.1+x'],
  ['10.0.0', '9.99.99'], ['0.0.0-0', '0.0.0'],
];

const TRIPLES = [['1.2.3', '^1.2.0'], ['1.3.0-beta', '^1.2.0'], ['2.0.0', '^1.2.0'], ['1.2.3-pre', '>=1.2.3-alpha'], ['0.0.3', '^0.0.1'], ['1.2.3', 'blerg'], ['1.2.4', '1.2.3 - 1.2.5 || 3']];

const opt = (rows) => each(rows.flatMap(([label, fn]) => OPTS.map(([o, options]) => [`${label} [${o}]`, () => fn(options)])));

const sv = (v) => (v && typeof v === 'object' ? { version: v.version, raw: v.raw, major: v.major, minor: v.minor, patch: v.patch, prerelease: [...v.prerelease], build: [...v.build], str: String(v) } : v);
const rg = (r) => (r && typeof r === 'object' ? { range: r.range, raw: r.raw, str: String(r), format: r.format(), set: r.set.map((cs) => cs.map((c) => c.value)) } : r);
const cm = (c) => (c && typeof c === 'object' ? { value: c.value, operator: c.operator, semver: String(c.semver), str: String(c) } : c);

export const cases = {
  // ---- constants and regular expressions ----
  'constants': (L) => ({ spec: L.SEMVER_SPEC_VERSION, tokens: Object.keys(L.tokens).length, src: L.src.length, re: L.re.length }),
  'tokens': (L) => Object.fromEntries(['FULL', 'LOOSE', 'TILDE', 'CARET', 'XRANGE', 'COMPARATOR', 'HYPHENRANGE', 'COERCE', 'GTLT', 'STAR'].map((k) => [k, L.src[L.tokens[k]] ?? null])),
  'regexps': (L) => each(['FULL', 'LOOSE', 'COERCE', 'CARET', 'TILDE'].map((k) => [k, () => {
    const re = L.re[L.tokens[k]];
    return VERSIONS.map((v) => re.test(v));
  }])),
  'identifiers': (L) => PAIRS.flatMap(([a, b]) => [L.compareIdentifiers(a, b), L.rcompareIdentifiers(a, b), L.compareIdentifiers(3, 10), L.compareIdentifiers('a', 2)]),

  // ---- versions ----
  'parse': (L) => opt(VERSIONS.map((v) => [v, (o) => sv(L.parse(v, o))])),
  'valid and clean': (L) => opt(VERSIONS.map((v) => [v, (o) => [L.valid(v, o), L.clean(v, o)]])),
  'non-strings': (L) => each([[null], [42], [{}], [new L.SemVer('1.2.3')], [new L.SemVer('1.2.3-a', { loose: true })]].map(([v], i) => [`#${i}`, () => [sv(L.parse(v)), L.valid(v), L.major(v), L.prerelease(v)]])),
  'parts': (L) => opt(['1.2.3', '1.2.3-alpha.1', 'v4.5.6-x.7'].map((v) => [v, (o) => [L.major(v, o), L.minor(v, o), L.patch(v, o), L.prerelease(v, o)]])),
  'SemVer': (L) => opt(VERSIONS.map((v) => [v, (o) => {
    const s = new L.SemVer(v, o);
    return [sv(s), s.format(), s.compare('1.2.3'), s.compareMain('1.2.3'), s.comparePre('1.2.3-beta'), s.compareBuild('1.2.3+build')];
  }])),
  'SemVer errors': (L) => each([
    ['too long', () => new L.SemVer('1.2.' + '3'.repeat(300))],
    ['not a string', () => new L.SemVer(1.2)],
    ['too big', () => new L.SemVer('9007199254740992.0.0')],
    ['bad', () => new L.SemVer('x1.2.3')],
    ['same instance', () => { const s = new L.SemVer('1.2.3'); return [new L.SemVer(s) === s, new L.SemVer(s, { loose: true }) === s]; }],
  ]),
  'inc': (L) => each(['1.2.3', '1.2.3-beta.1', '1.2.0-0', '0.0.1-alpha', '1.2.3-beta', 'bad'].flatMap((v) => [
    'major', 'premajor', 'minor', 'preminor', 'patch', 'prepatch', 'prerelease', 'pre', 'release', 'nope',
  ].flatMap((r) => [
    [`${v} ${r}`, () => L.inc(v, r)],
    [`${v} ${r} beta`, () => L.inc(v, r, 'beta')],
    [`${v} ${r} beta 1`, () => L.inc(v, r, 'beta', '1')],
    [`${v} ${r} beta false`, () => L.inc(v, r, { loose: true }, 'beta', false)],
  ]))),
  'inc on SemVer': (L) => each(['major', 'preminor', 'prerelease'].map((r) => [r, () => { const s = new L.SemVer('1.2.3-rc.1+b'); const back = s.inc(r, 'rc'); return [back === s, sv(s)]; }])),
  'diff': (L) => each([...PAIRS, ['1.2.3', '2.0.0-pre'], ['1.0.0-1', '1.0.0'], ['1.1.0-pre', '1.1.0'], ['0.0.1', '0.1.0-pre'], ['1.2.3', 'bad']].map(([a, b]) => [`${a} ${b}`, () => [L.diff(a, b), L.diff(b, a)]])),
  'compare': (L) => opt(PAIRS.map(([a, b]) => [`${a} ${b}`, (o) => [
    L.compare(a, b, o), L.rcompare(a, b, o), L.compareBuild(a, b, o), L.compareLoose(a, b),
    L.gt(a, b, o), L.lt(a, b, o), L.eq(a, b, o), L.neq(a, b, o), L.gte(a, b, o), L.lte(a, b, o),
  ]])),
  'cmp': (L) => each(['===', '!==', '', '=', '==', '!=', '>', '>=', '<', '<=', 'nope'].map((op) => [op || 'empty', () => [L.cmp('1.2.3', op, '1.2.4'), L.cmp('1.2.3', op, '1.2.3'), L.cmp(new L.SemVer('1.2.3'), op, '1.2.3')]])),
  'sort': (L) => {
    const list = ['1.2.3', '1.2.3-alpha', '0.9.0', '1.2.3+b', '1.2.3+a', '10.0.0', '2.0.0-rc.1', '1.2.3-alpha.1'];
    return { sort: L.sort([...list]), rsort: L.rsort([...list]), loose: L.sort(['v1.0.0', '=0.1.0'], true) };
  },
  'coerce': (L) => each(['1', 'v2', '3.4.5.6', 'x 1.2 y', '1.2.3-pre+b', '10.20.30.40', 'abc', '42.6.7.9.3-alpha', 'v1.2.3 4.5.6', '1.2.3.4.5.6', '9'.repeat(20), 12, null].flatMap((v) => [
    [`${v}`, () => sv(L.coerce(v))],
    [`${v} rtl`, () => sv(L.coerce(v, { rtl: true }))],
    [`${v} pre`, () => sv(L.coerce(v, { includePrerelease: true }))],
  ])),

  // ---- ranges ----
  'Range': (L) => opt(RANGES.map((r) => [r || 'empty', (o) => rg(new L.Range(r, o))])),
  'validRange and toComparators': (L) => opt(RANGES.map((r) => [r || 'empty', (o) => [L.validRange(r, o), L.toComparators(r, o)]])),
  'Range methods': (L) => opt(['^1.2.3', '1.x || >=2.5.0', '>=1.0.0-beta <1.0.0', '*'].map((r) => [r, (o) => {
    const range = new L.Range(r, o);
    return [range.test('1.2.4'), range.test('1.0.0-rc.1'), range.test('2.5.1'), range.test('bad'), range.test(null),
      range.intersects(new L.Range('>=1.5.0', o), o), range.intersects(new L.Range('<1.0.0', o), o),
      new L.Range(range, o) === range, rg(new L.Range(new L.Comparator('>=1.2.3'), o))];
  }])),
  'satisfies': (L) => opt(TRIPLES.map(([v, r]) => [`${v} ${r}`, (o) => [L.satisfies(v, r, o), L.outside(v, r, '>', o), L.outside(v, r, '<', o), L.gtr(v, r, o), L.ltr(v, r, o)]])),
  'outside bad hilo': (L) => each([['x', () => L.outside('1.2.3', '^1.0.0', 'x')]]),
  'max/min satisfying': (L) => {
    const list = ['1.2.3', '1.2.4', '1.3.0-beta', '1.3.0', '2.0.0', 'bad', '0.9.0'];
    return opt(['^1.2.0', '~1.2.0', '>=1.3.0-alpha', '<1.0.0', 'blerg', '*'].map((r) => [r, (o) => [L.maxSatisfying(list, r, o), L.minSatisfying(list, r, o)]]));
  },
  'minVersion': (L) => opt(RANGES.map((r) => [r || 'empty', (o) => sv(L.minVersion(r, o))])),
  'intersects': (L) => opt([['^1.2.0', '>=1.5.0'], ['^1.2.0', '<1.0.0'], ['1.x', '2.x'], ['>=1.0.0-beta', '<1.0.0'], ['*', '>0.0.0-0'], ['blerg', '1.x']].map(([a, b]) => [`${a} ${b}`, (o) => L.intersects(a, b, o)])),
  'simplifyRange': (L) => {
    const versions = ['1.0.0', '1.1.0', '1.2.0', '1.2.1', '2.0.0', '2.1.0-beta', '3.0.0'];
    return each(['1.0.0 || 1.1.0 || 1.2.0 || 1.2.1', '>=1.0.0 <2.0.0', '1.x || 2.x', '*', '3.0.0 || 1.0.0', '2.1.0-beta', '<0.5.0'].map((r) => [r, () => L.simplifyRange(versions, r)]));
  },
  'subset': (L) => opt([['^1.2.3', '^1.0.0'], ['^1.0.0', '^1.2.3'], ['1.2.3', '>=1.0.0'], ['*', '>=0.0.0'], ['>=1.0.0-pre.1', '>=1.0.0-pre.0'], ['1.x || 2.x', '>=1.0.0 <3.0.0'], ['>1.0.0 <1.0.0', '2.x'], ['<2.0.0-0', '*']].map(([a, b]) => [`${a} in ${b}`, (o) => L.subset(a, b, o)])),

  // ---- comparators ----
  'Comparator': (L) => opt(['>=1.2.3', '<1.2.3-beta', '=1.2.3', '1.2.3', '', '>', '~1.2.3', 'v1.2.3', '>= 1.2.3', '<=0.0.0-0'].map((c) => [c || 'empty', (o) => {
    const comp = new L.Comparator(c, o);
    return [cm(comp), comp.test('1.2.3'), comp.test('1.2.4-pre'), comp.test('bad'),
      comp.intersects(new L.Comparator('<2.0.0', o), o), comp.intersects(new L.Comparator('>0.1.0', o), o), new L.Comparator(comp, o) === comp];
  }])),
  'Comparator errors': (L) => each([
    ['invalid', () => new L.Comparator('=>1.2.3')],
    ['intersects non-comparator', () => new L.Comparator('>1.0.0').intersects('>2.0.0')],
    ['ANY', () => typeof L.Comparator.ANY],
  ]),
};

/** What a program keeps of semver at start: instances, a sorted list, closures over copied functions. */
export function setup(L) {
  const { satisfies, compare, valid, Range } = L;
  return {
    version: new L.SemVer('1.2.3-beta.4+build.9'),
    loose: new L.SemVer('=v2.0.0-rc.1', { loose: true }),
    caret: new L.Range('^1.2.3'),
    union: new L.Range('1.2.7 || >=1.2.9 <2.0.0', { includePrerelease: true }),
    comparator: new L.Comparator('>=1.2.3-alpha'),
    sorted: L.sort(['1.2.3', '1.2.3-alpha', '0.9.0', '10.0.0']),
    isSupported: (v) => satisfies(v, '^1.2.0 || ^2.0.0'),
    byVersion: (a, b) => compare(a.v, b.v),
    normalize: (v) => valid(v, { loose: true }),
    makeRange: (r) => new Range(r, { loose: true }),
  };
}

export const instanceCases = {
  'SemVer kept': (I, L) => {
    const v = I.version;
    return [sv(v), v.format(), v.compare('1.2.3'), v.compareMain('1.2.4'), v.comparePre('1.2.3-beta.10'), v.compareBuild('1.2.3-beta.4+build.10'),
      sv(new L.SemVer(v.version).inc('prerelease')), L.satisfies(v, '>=1.2.3-beta'), L.gt(v, I.loose), sv(I.loose), I.loose.compare('2.0.0')];
  },
  'Range kept': (I) => each([
    ['caret', () => [rg(I.caret), I.caret.test('1.9.9'), I.caret.test('2.0.0'), I.caret.test('1.3.0-rc.1'), I.caret.intersects(I.union)]],
    ['union', () => [rg(I.union), I.union.test('1.2.8'), I.union.test('1.3.0-rc.1'), I.union.test('1.2.7')]],
  ]),
  'Comparator kept': (I) => [cm(I.comparator), I.comparator.test('1.2.3-alpha.1'), I.comparator.test('1.2.2'), I.comparator.intersects(I.caret.set[0][0])],
  'sorted kept': (I) => I.sorted,
  'closures': (I) => each([
    ['isSupported', () => ['1.2.3', '2.5.0-pre', '3.0.0', 'bad'].map(I.isSupported)],
    ['byVersion', () => [{ v: '1.10.0' }, { v: '1.9.0' }, { v: '1.9.0-rc' }].sort(I.byVersion).map((x) => x.v)],
    ['normalize', () => ['=v1.2.3', ' 1.2.3-x ', 'a'].map(I.normalize)],
    ['makeRange', () => rg(I.makeRange('~>1.2'))],
  ]),
};
