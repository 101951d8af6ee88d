// The yargs-parser probe. `L.default` is the entry's parser function (`yargsParser(args, opts)`
// with `.detailed`, `.camelCase`, `.decamelize` and, from 20.2.0, `.looksLikeNumber`);
// `L.parser`, `L.strings`, `L.tokenize` are the namespaces of `yargs-parser.js`,
// `string-utils.js` and `tokenize-arg-string.js` (the same names across the window, but
// `looksLikeNumber`, behind a feature check). Every case parses fixed argv (strings and
// arrays) with fixed options and returns the argv object, or `detailed`'s whole answer
// (argv, error, aliases, newAliases, defaulted, configuration).
//
// State: `new YargsParser(mixin)` writes the module-level `let mixin` every parser shares
// (the entry's too). The probe's mixin behaves as the entry's for what the probe uses
// (`format`, `normalize`, `resolve`, `env` = `process.env`), so which of the two is in place
// changes nothing; config files are never read. The variables `envPrefix` reads are set here,
// at load, the same in every process.
//
// `setup` keeps what a program takes at start: the parser function and `detailed` copied, a
// `YargsParser` made with the first version's class and its `parse` bound, a closure over the
// copied function with the program's options (coerce functions included).
import { format } from 'node:util';
import { normalize, resolve } from 'node:path';
import { each } from './serialize.mjs';

process.env.YPROBE_NAME = 'from-env';
process.env.YPROBE_DEEP_VALUE = '7';
process.env.YPROBE_FLAG = 'true';

const MIXIN = {
  cwd: () => '/',
  env: () => process.env,
  format,
  normalize,
  resolve,
  require: (path) => { throw new Error(`probe reads no config file (${path})`); },
};

/** `detailed`'s answer as a program reads it (the error by name and message). */
const detail = (d) => ({
  argv: d.argv,
  error: d.error ? `${d.error.name}: ${d.error.message}` : null,
  aliases: d.aliases,
  newAliases: d.newAliases,
  defaulted: d.defaulted,
  configuration: d.configuration,
});

const ARGV = [
  '--foo bar -x 1 -y -z',
  '--no-color --count=3 -vvv positional 42 0x10 -- --rest 7',
  '--name "quoted value" --other \'single\' plain',
  '-abc --dotted.key.path=5 --dotted.other x',
  '--list a b c --list d --num -5 --neg -.5 --exp 1e3 --big 12345678901234567890',
  '--camel-case-option yes --snake_case no --Upper X',
  '--- ---x --= -- -',
  '--empty= --eq=a=b -n5 -k=v',
  ' leading  and\ttabs "unterminated',
  '',
];

const ARRAYS = [
  ['--foo', 'bar', '-x', '1'],
  ['--name', '"quoted"', '--single', "'s'", '--eq="x"'],
  ['---', '---x', 'pos', '07', '08.5', '0x1f'],
  ['--arr', '1', '2', '--arr', '3', '--bool', 'false', '--str', '00'],
  ['-vvv', '--no-foo', '--foo', '--', 'a', '--b'],
];

const OPTS = () => ({
  alias: { verbose: ['v', 'V'], 'output-file': 'o', n: 'number-of-things' },
  boolean: ['verbose', 'flag', 'bool'],
  string: ['str', 'name', 'output-file'],
  number: ['num', 'port'],
  array: ['arr', { key: 'nums', number: true }, { key: 'bools', boolean: true }],
  count: ['v'],
  default: { port: 8080, name: 'anon', flag: false, 'output-file': 'out.txt' },
  coerce: { upper: (s) => String(s).toUpperCase(), json: (s) => JSON.parse(s), pair: (s) => String(s).split(':') },
  narg: { pt: 2 },
  normalize: ['path'],
});

const OPT_ARGV = [
  '-vv --verbose --flag --str 5 --name 0 --num 3.5 --port=0x10 --arr 1 2 3 --nums 4 five --bools true false x',
  '-o result.bin --number-of-things 3 --upper abc --json {"a":1} --pair k:v --pt a b c --path ./a/../b//c/',
  '--no-verbose --no-flag --str --num --arr --upper',
  '--json {bad --pt only',
  ['--name', 'x y', '--output-file=f', '-nvv', '--path', 'x/./y', '--', '--verbose'],
];

const FLAGS = {
  'boolean-negation': false,
  'camel-case-expansion': false,
  'combine-arrays': true,
  'dot-notation': false,
  'duplicate-arguments-array': false,
  'flatten-duplicate-arrays': false,
  'greedy-arrays': false,
  'halt-at-non-option': true,
  'nargs-eats-options': true,
  'negation-prefix': 'without-',
  'parse-numbers': false,
  'parse-positional-numbers': false,
  'populate--': true,
  'set-placeholder-key': true,
  'short-option-groups': false,
  'strip-aliased': true,
  'strip-dashed': true,
  'unknown-options-as-args': true,
};

const FLAG_ARGV = '--no-thing --without-other --dash-case 1 --a.b.c 2 --arr 1 2 --arr 3 4 cmd --after 5 -xyz 08 9 --pt -q r -- 10 tail';
const FLAG_OPTS = () => ({
  alias: { 'dash-case': 'd' },
  array: ['arr'],
  narg: { pt: 2 },
  string: ['placeholder'],
  boolean: ['known'],
  default: { arr: ['0'] },
  configObjects: [{ arr: ['c'] }],
});

const parseRows = (parse, inputs, opts) => inputs.map((a, i) => [`${i}`, () => parse(a, opts?.())]);

const cli = (parse) => (argv) => parse(argv, OPTS());

export const cases = {
  'exports': (L) => ({
    main: Object.keys(L.default).sort().map((k) => [k, typeof L.default[k]]),
    parser: [typeof L.parser.YargsParser, Object.getOwnPropertyNames(L.parser.YargsParser.prototype).sort()],
    strings: [typeof L.strings.camelCase, typeof L.strings.decamelize],
    tokenize: typeof L.tokenize.tokenizeArgString,
  }),
  'strings': (L) => each(parseRows(L.default, ARGV)),
  'arrays': (L) => each(parseRows(L.default, ARRAYS)),
  'options': (L) => each(parseRows(L.default, OPT_ARGV, OPTS)),
  'options detailed': (L) => each(OPT_ARGV.map((a, i) => [`${i}`, () => detail(L.default.detailed(a, OPTS()))])),
  'configuration': (L) => each(Object.entries(FLAGS).map(([flag, value]) => [flag, () => {
    const d = L.default.detailed(FLAG_ARGV, { ...FLAG_OPTS(), configuration: { [flag]: value } });
    return { argv: d.argv, error: d.error ? String(d.error.message) : null, newAliases: d.newAliases };
  }])),
  'configuration combined': (L) => each([
    ['halt+unknown', () => L.default('--a 1 b --c -d e', { configuration: { 'halt-at-non-option': true, 'unknown-options-as-args': true }, boolean: ['a'] })],
    ['unknown known', () => L.default(['--known', 'x', '--unknown', 'y', '-k', 'z', 'notdash'], { configuration: { 'unknown-options-as-args': true }, string: ['known'], alias: { known: 'k' } })],
    ['strip both', () => L.default('--foo-bar 1 -f 2', { alias: { 'foo-bar': 'f' }, configuration: { 'strip-aliased': true, 'strip-dashed': true } })],
    ['dup arrays', () => L.default('--x 1 --x 2 --y a b --y c d', { array: ['y'], configuration: { 'duplicate-arguments-array': false, 'flatten-duplicate-arrays': false } })],
    ['no numbers', () => L.default('--n 5 6 -- 7', { number: ['n'], configuration: { 'parse-numbers': false, 'parse-positional-numbers': false } })],
    ['populate and halt', () => L.default('a --b -- c', { configuration: { 'populate--': true, 'halt-at-non-option': true } })],
  ]),
  'aliases and defaults': (L) => each([
    ['transitive', () => L.default.detailed('-a 1', { alias: { a: ['b'], b: ['c', 'c-d'], e: 'c' } }).aliases],
    ['camel aliases', () => detail(L.default.detailed('--some-option 1 --other_thing 2', { alias: { 'some-option': 'so', otherThing: 'ot' } }))],
    ['default fn and key', () => L.default('', { default: { a: 1, 'b-c': 2, 'd.e': 3, arr: [1], obj: { x: 1 } }, alias: { a: 'A' } })],
    ['defaulted', () => L.default.detailed('--a 5', { default: { a: 1, b: 2 }, alias: { b: 'B' } }).defaulted],
    ['key option', () => L.default('--x 1', { key: { y: true } })],
    ['boolean default', () => [L.default('--b', { boolean: ['b'], default: { b: false } }), L.default('', { boolean: ['b', 'c'] })]],
    ['count default', () => L.default('-v -v --verbose', { count: ['v'], alias: { v: 'verbose' } })],
  ]),
  'coerce': (L) => each([
    ['throws', () => detail(L.default.detailed('--n x', { coerce: { n: (v) => { throw new Error(`bad ${v}`); } } }))],
    ['array', () => L.default('--a 1 --a 2', { array: ['a'], coerce: { a: (arr) => arr.map((v) => v * 2) } })],
    ['alias', () => L.default('--long 3', { alias: { long: 'l' }, coerce: { l: (v) => v + 1 } })],
    ['dotted', () => L.default('--o.x 1 --o.y 2', { coerce: { o: (v) => Object.keys(v) } })],
    ['undefined', () => L.default('--u', { coerce: { u: () => undefined } })],
  ]),
  'env and configObjects': (L) => each([
    ['env', () => L.default('--flag false', { envPrefix: 'YPROBE', boolean: ['flag'] })],
    ['env over default', () => L.default('', { envPrefix: 'YPROBE', default: { name: 'd' } })],
    ['configObjects', () => L.default('--a 1', { configObjects: [{ a: 9, b: { c: 2 }, 'd-e': 3 }, { b: { f: 4 } }] })],
    ['combine-arrays', () => L.default('--list x', { array: ['list'], configObjects: [{ list: ['y'] }], configuration: { 'combine-arrays': true } })],
  ]),
  'string utils': (L) => {
    const words = ['foo-bar', 'foo_bar', 'Foo-Bar', 'fooBar', 'FOO', '-foo', 'foo--bar', 'i18n-x', 'ĞÜŞ-iİ', ''];
    const nums = ['0', '07', '0.5', '08', '0x1F', '.5', '-3', '1e5', '1e', 'x', '00', 5, null];
    return {
      camelCase: words.map((w) => L.strings.camelCase(w)),
      decamelize: ['fooBar', 'FooBar', 'fooBAR', 'aBc', 'İstanbul'].map((w) => [L.strings.decamelize(w), L.strings.decamelize(w, '_')]),
      viaDefault: [L.default.camelCase('a-b-c'), L.default.decamelize('aBC')],
      looksLikeNumber: typeof L.strings.looksLikeNumber === 'function' ? nums.map((n) => L.strings.looksLikeNumber(n)) : 'absent',
      defaultLooksLikeNumber: typeof L.default.looksLikeNumber === 'function' ? nums.map((n) => L.default.looksLikeNumber(n)) : 'absent',
    };
  },
  'tokenize': (L) => each([...ARGV, ['already', 'an array'], '--a "b c" \'d e\' "f\'g" x"y z"'].map((a, i) => [`${i}`, () => L.tokenize.tokenizeArgString(a)])),
  'YargsParser': (L) => {
    const p = new L.parser.YargsParser(MIXIN);
    return each([
      ...parseRows((a, o) => detail(p.parse(a, o)), OPT_ARGV, OPTS),
      ['flags', () => detail(p.parse(FLAG_ARGV, FLAG_OPTS()))],
    ]);
  },
};

/** What a program takes once at start. */
export function setup(L) {
  const parse = L.default;
  const detailed = L.default.detailed;
  const camel = L.default.camelCase;
  const yp = new L.parser.YargsParser(MIXIN);
  return {
    parse,
    detailed,
    camel,
    yp,
    ypParse: yp.parse.bind(yp),
    cli: cli(parse),
    tokenize: L.tokenize.tokenizeArgString,
  };
}

export const instanceCases = {
  'kept parse': (I) => each(parseRows(I.parse, [...ARGV, ...ARRAYS])),
  'kept detailed': (I) => each(OPT_ARGV.map((a, i) => [`${i}`, () => detail(I.detailed(a, OPTS()))])),
  'kept cli': (I) => each(OPT_ARGV.map((a, i) => [`${i}`, () => I.cli(a)])),
  'kept YargsParser': (I) => each([
    ...parseRows((a, o) => detail(I.yp.parse(a, o)), OPT_ARGV, OPTS),
    ['bound', () => detail(I.ypParse(FLAG_ARGV, FLAG_OPTS()))],
    ['flags', () => Object.fromEntries(Object.entries(FLAGS).map(([flag, value]) => [flag, I.ypParse(FLAG_ARGV, { ...FLAG_OPTS(), configuration: { [flag]: value } }).argv]))],
  ]),
  'kept helpers': (I) => ({ camel: ['Foo-Bar', 'fooBar', 'x-y'].map((w) => I.camel(w)), tokenize: I.tokenize('--a "b c" ---') }),
};
