// The js-yaml probe. `L` is what `require('./index.js')` gave at start: in 3.x the exports
// object of lib/js-yaml.js (index.js re-exports it), in 4.x index.js's own. Every case loads
// or dumps fixed texts and objects; names that exist across the window are asked directly
// (`load`, `loadAll`, `dump`, `safeLoad`, `safeDump`: 4.x keeps the last two as functions that
// throw "removed in js-yaml 4"), version-specific API behind feature checks (a schema is
// extended with `Schema#extend` where it exists (4.x), else by `new Schema({ include, … })`).
// A thrown YAMLException is described by its name, reason, message, mark (name, line, column,
// position, and 4.x's snippet) and `toString(true)`: never its stack, never 3.x's `Mark#buffer`
// (the whole input). A Type is described by its fields' types and what its functions return.
//
// State: js-yaml keeps none between calls (schemas and tables are built at load), so the
// probe is repeatable as it is.
//
// `setup` keeps what a program makes with the first version: a custom sequence type
// (`!point`, constructing a class of the probe) and a scalar one (`!upper`), a schema extended
// with them, an error caught from `load` and a YAMLException made by hand, a Type's fields,
// and closures over functions copied at start (`const { load, dump } = yaml`).
import { each } from './serialize.mjs';

/** What a thrown value says: a YAMLException's fields, or `Name: message` of anything else. */
const described = (e) => {
  if (!e || typeof e !== 'object' || e.name !== 'YAMLException') return `${e?.name}: ${e?.message}`;
  const m = e.mark;
  return {
    name: e.name,
    reason: e.reason ?? null,
    message: e.message,
    compact: e.toString(true),
    full: String(e),
    mark: m ? { name: m.name ?? null, line: m.line, column: m.column, position: m.position, snippet: m.snippet ?? null } : null,
  };
};

const run = (rows) => each(rows, described);

class Point {
  constructor(x, y, z) {
    this.x = x;
    this.y = y;
    this.z = z;
  }
}

const pointType = (L) => new L.Type('!point', {
  kind: 'sequence',
  resolve: (data) => data !== null && data.length === 3,
  construct: (data) => new Point(data[0], data[1], data[2]),
  instanceOf: Point,
  represent: (p) => [p.x, p.y, p.z],
});

const upperType = (L) => new L.Type('!upper', {
  kind: 'scalar',
  resolve: (data) => typeof data === 'string',
  construct: (data) => data.toUpperCase(),
  predicate: (v) => typeof v === 'string' && v.length > 0 && v === v.toUpperCase() && /[A-Z]/.test(v),
  represent: (v) => v.toLowerCase(),
});

/** `base` with `def` added: `base.extend(def)` (4.x), else a 3.x Schema including `base`. */
const extend = (L, base, def) => {
  if (typeof base.extend === 'function') return base.extend(def);
  const d = Array.isArray(def) ? { explicit: def } : def;
  return new L.Schema({ include: [base], implicit: d.implicit ?? [], explicit: d.explicit ?? [] });
};

/** The safe default schema: 4.x's DEFAULT_SCHEMA, 3.x's DEFAULT_SAFE_SCHEMA. */
const safeSchema = (L) => (typeof L.Schema.prototype.extend === 'function' ? L.DEFAULT_SCHEMA : L.DEFAULT_SAFE_SCHEMA);

const typeInfo = (t) => ({
  fields: Object.fromEntries(Object.keys(t).map((k) => [k, t[k] === null ? null : typeof t[k]])),
  tag: t.tag,
  kind: t.kind,
  defaultStyle: t.defaultStyle ?? null,
  styleAliases: t.styleAliases ?? null,
  multi: t.multi ?? null,
});

const SCALARS = `
ints: [0, 12, +12, -0, 0x1F, 0o17, 017, 0b101, 1_000, 190:20:30, 0x_1F]
floats: [1.5, -2., 1e3, 6.8523015e+5, 685.230_15e+03, .inf, -.INF, .NaN, 190:20:30.15, .5]
bools: [true, True, TRUE, false, yes, no, on, off, y]
nulls: [null, Null, ~, , NULL]
times: [2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43.10, 2002-12-14, 2001-12-15T02:59:43.1Z, 2001-12-14 21:59:43.10 +5]
strings: ['single ''q''', "double \\t \\x41 \\u263A \\U0001F600 \\N \\_ \\L", plain text, 'multi
  line', "esc \\
  aped"]
binary: !!binary |
  SGVsbG8sIFlBTUwh
  AAECAw==
literal: |
  line 1
    line 2
  line 3
folded: >
  folded
  text

  para
keep: |+
  kept

strip: >-
  stripped
indented: |2
    two extra
`;

const STRUCTURES = `
base: &base { a: 1, b: [x, y] }
copy: *base
merged:
  <<: *base
  c: 3
multi:
  <<: [ *base, { d: 4 } ]
  a: override
? [complex, key]
: value
? |
  block key
: v
set: !!set { a, b, c }
omap: !!omap [ { one: 1 }, { two: 2 } ]
pairs: !!pairs [ { k: 1 }, { k: 2 } ]
seq_of_maps:
  - name: a
    v: 1
  - name: b
    v: [1, {x: [2, 3]}]
empty_map: {}
empty_seq: []
explicit: !!str 123
explicit_int: !!int "42"
explicit_float: !!float '1'
explicit_map: !!map { x: 1 }
quoted_keys: { "a b": 1, 'c:d': 2, ? e : 3 }
`;

const MULTI = `%YAML 1.2
---
first: 1
--- # second
- a
- b
---
...
--- !!str
third
---
&x [1, *x]
`;

const BAD = [
  ['unclosed flow', 'a: [1, 2'],
  ['bad indentation', 'a:\n  b: 1\n c: 2'],
  ['duplicate key', 'a: 1\na: 2'],
  ['unknown tag', 'x: !foo bar'],
  ['unknown alias', 'x: *nope'],
  ['tab indent', 'a:\n\tb: 1'],
  ['unclosed quote', 'x: "abc'],
  ['two documents', 'a: 1\n---\nb: 2'],
  ['bad escape', 'x: "\\q"'],
  ['block in flow', '[a, b: - c]'],
  ['directive', '%YAML 2.0\n--- x'],
  ['bad directive args', '%YAML\n--- x'],
  ['tag handle', '%TAG !e! tag:example.com,2000:\n---\n!f!x 1'],
  ['bad binary', '!!binary "@@@"'],
  ['bad int', '!!int "abc"'],
  ['set with value', '!!set { a: 1 }'],
  ['omap duplicate', '!!omap [ { a: 1 }, { a: 2 } ]'],
  ['merge non-map', '<<: 1'],
  ['long line', 'key: ' + 'v'.repeat(120) + ' ]'],
  ['js regexp', 'r: !!js/regexp /a+b/gi'],
  ['js undefined', 'u: !!js/undefined ~'],
  ['anchor on alias', 'a: &x 1\nb: &y *x'],
  ['bom and nul', '\uFEFFa: 1\u0000'],
  ['deep nesting', '['.repeat(30) + ']'.repeat(30)],
];

const DUMPABLE = {
  str: 'hello',
  num: [0, -1, 1.5, 1e21, -0, NaN, Infinity, -Infinity, 0.1],
  bool: [true, false],
  nil: null,
  date: new Date(Date.UTC(2001, 11, 14, 21, 59, 43, 100)),
  tricky: ['yes', 'no', 'true', 'null', '~', '123', '1e3', '0x10', '', ' lead', 'trail ', 'a: b', '#c', '- d', '@e', '`f', 'é', '\u0001', 'multi\nline\n', 'tab\there', '"q"', "'s'", '0o17', '190:20:30', '.inf', '=', '<<'],
  long: 'word '.repeat(40).trim(),
  longNoSpace: 'x'.repeat(100),
  nested: { list: [1, [2, [3, { deep: [4] }]]], map: { b: 2, a: 1, c: { z: [], y: {} } } },
  buffer: Buffer.from('binary data here'),
  'key with space': 1,
  '': 'empty key',
};

const DUMP_OPTIONS = [
  ['defaults', {}],
  ['indent 4', { indent: 4 }],
  ['flowLevel 1', { flowLevel: 1 }],
  ['flowLevel 0 condensed', { flowLevel: 0, condenseFlow: true }],
  ['sortKeys', { sortKeys: true }],
  ['sortKeys fn', { sortKeys: (a, b) => (a < b ? 1 : a > b ? -1 : 0) }],
  ['lineWidth 20', { lineWidth: 20 }],
  ['lineWidth -1', { lineWidth: -1 }],
  ['noCompatMode', { noCompatMode: true }],
  ['noArrayIndent', { noArrayIndent: true }],
  ['styles', { styles: { '!!null': 'canonical', '!!int': 'hexadecimal', '!!bool': 'uppercase', '!!float': 'lowercase' } }],
  ['quotingType', { quotingType: '"' }],
  ['forceQuotes', { forceQuotes: true, quotingType: '"' }],
  ['replacer', { replacer: (k, v) => (typeof v === 'number' && Number.isInteger(v) ? v * 10 : v) }],
];

export const cases = {
  'exports': (L) => Object.fromEntries(['Type', 'Schema', 'FAILSAFE_SCHEMA', 'JSON_SCHEMA', 'CORE_SCHEMA', 'DEFAULT_SCHEMA', 'load', 'loadAll', 'dump', 'safeLoad', 'safeLoadAll', 'safeDump', 'YAMLException'].map((k) => [k, typeof L[k]])),
  'schemas': (L) => Object.fromEntries(['FAILSAFE_SCHEMA', 'JSON_SCHEMA', 'CORE_SCHEMA', 'DEFAULT_SCHEMA'].map((k) => {
    const s = L[k];
    return [k, {
      isSchema: s instanceof L.Schema,
      implicit: s.compiledImplicit.map((t) => t.tag),
      explicit: s.compiledExplicit.map((t) => t.tag),
      kinds: Object.fromEntries(['scalar', 'sequence', 'mapping'].map((kind) => [kind, Object.keys(s.compiledTypeMap[kind]).sort()])),
    }];
  })),
  'load scalars': (L) => run([
    ['default', () => L.load(SCALARS)],
    ...SCALARS.split(/\n(?=[a-z]+:)/).filter((t) => t.trim()).map((t) => [`line ${t.slice(0, t.indexOf(':')).trim()}`, () => L.load(t)]),
    ['json schema', () => L.load('a: [1, 1.5, true, null, "x", 0x10, yes]', { schema: L.JSON_SCHEMA })],
    ['core schema', () => L.load(SCALARS.split('\nbinary')[0], { schema: L.CORE_SCHEMA })],
    ['failsafe schema', () => L.load(SCALARS.split('\nbinary')[0], { schema: L.FAILSAFE_SCHEMA })],
    ['plain scalar', () => [L.load('42'), L.load('~'), L.load(''), L.load('# only a comment'), L.load('"x"'), L.load('- 1')]],
  ]),
  'load structures': (L) => run([
    ['default', () => {
      const doc = L.load(STRUCTURES);
      return { doc, sameAlias: doc.copy === doc.base, setProto: Object.getPrototypeOf(doc.set) === Object.prototype };
    }],
    ['self reference', () => { const d = L.load('&a [1, *a]'); return [d.length, d[0], d[1] === d]; }],
    ['proto key', () => { const d = L.load('__proto__: { polluted: 1 }\na: 1'); return { own: Object.keys(d), plain: Object.getPrototypeOf(d) === Object.prototype, polluted: d.polluted ?? null }; }],
    ['proto merge', () => { const d = L.load('base: &b { __proto__: { polluted: 2 }, q: 1 }\nm:\n  <<: *b\n  a: 1'); return { own: Object.keys(d.m), plain: Object.getPrototypeOf(d.m) === Object.prototype, polluted: d.m.polluted ?? null }; }],
    ['json duplicates', () => L.load('a: 1\na: 2\nb: { c: 1, c: 3 }', { json: true })],
    ['number keys', () => L.load('1: a\n1.5: b\ntrue: c\n~: d\n[1, 2]: e\n{ x: 1 }: f')],
  ]),
  'load options': (L) => run([
    ['filename', () => L.load('a: [', { filename: 'conf.yml' })],
    ['onWarning', () => {
      const warnings = [];
      const doc = L.load('%YAML 1.3\n%FOO bar\n---\na: 1', { onWarning: (w) => warnings.push(described(w)) });
      return { doc, warnings };
    }],
    ['listener', () => {
      const events = [];
      L.load('a: [1, {b: 2}]\nc: d', { listener: (event, state) => events.push([event, state.position, state.line, state.kind ?? null]) });
      return events;
    }],
    ['schema option junk', () => L.load('a: 1', { schema: null })],
  ]),
  'loadAll': (L) => run([
    ['iterator', () => { const docs = []; const r = L.loadAll(MULTI, (d) => docs.push(d)); return { docs, returned: r ?? null }; }],
    ['no iterator', () => L.loadAll(MULTI)],
    ['options second', () => L.loadAll('--- 1\n--- 0x10', { schema: L.FAILSAFE_SCHEMA })],
    ['empty', () => { const docs = []; L.loadAll('', (d) => docs.push(d)); return docs; }],
    ['error midway', () => { const docs = []; try { L.loadAll('--- a\n--- [\n--- c', (d) => docs.push(d)); } catch (e) { return { docs, error: described(e) }; } return { docs }; }],
  ]),
  'errors': (L) => run(BAD.map(([label, text]) => [label, () => L.load(text)])),
  'errors compact': (L) => run(BAD.slice(0, 6).map(([label, text]) => [label, () => L.load(text, { filename: `${label}.yml` })])),
  'safe functions': (L) => run([
    ['safeLoad', () => L.safeLoad('a: [1, !!binary "AAEC"]')],
    ['safeLoad js', () => L.safeLoad('r: !!js/regexp /x/')],
    ['safeLoadAll', () => { const docs = []; L.safeLoadAll('--- 1\n--- 2', (d) => docs.push(d)); return docs; }],
    ['safeDump', () => L.safeDump({ a: [1, 2], b: 'x' })],
    ['safeDump function', () => L.safeDump({ f() {} })],
  ]),
  'dump': (L) => run(DUMP_OPTIONS.map(([label, options]) => [label, () => L.dump(DUMPABLE, options)])),
  'dump special': (L) => run([
    ['function', () => L.dump({ f() {} })],
    ['function skipInvalid', () => L.dump({ f() {}, u: undefined, a: 1 }, { skipInvalid: true })],
    ['undefined', () => L.dump({ u: undefined })],
    ['regexp', () => L.dump({ r: /a+b/gi })],
    ['symbol skip', () => L.dump({ s: Symbol('x'), a: 1 }, { skipInvalid: true })],
    ['refs', () => { const shared = { s: 1 }; return L.dump({ a: shared, b: shared, c: [shared] }); }],
    ['noRefs', () => { const shared = { s: 1 }; return L.dump({ a: shared, b: shared }, { noRefs: true }); }],
    ['cycle', () => { const o = { name: 'loop' }; o.self = o; return L.dump(o); }],
    ['scalar root', () => [L.dump('x'), L.dump(1), L.dump(null), L.dump([]), L.dump({})]],
    ['json schema', () => L.dump({ a: 1, d: new Date(0) }, { schema: L.JSON_SCHEMA })],
    ['failsafe schema', () => L.dump({ a: 1, b: 'x', c: [true] }, { schema: L.FAILSAFE_SCHEMA, skipInvalid: true })],
    ['set and omap', () => L.dump(L.load('s: !!set { a, b }\no: !!omap [ { x: 1 } ]'))],
  ]),
  'round trip': (L) => run([
    ['structures', () => L.dump(L.load(STRUCTURES), { sortKeys: true })],
    ['scalars', () => L.load(L.dump(L.load(SCALARS)))],
    ['dumpable', () => L.load(L.dump({ ...DUMPABLE, buffer: undefined, num: [0, 1.5, 0.1] }, { skipInvalid: true }))],
  ]),
  'custom types': (L) => run([
    ['point', () => {
      const schema = extend(L, safeSchema(L), [pointType(L), upperType(L)]);
      const doc = L.load('p: !point [1, 2, 3]\nu: !upper hello\nbad: !point [1]', { schema });
      return doc;
    }],
    ['point ok', () => {
      const schema = extend(L, safeSchema(L), [pointType(L), upperType(L)]);
      const doc = L.load('p: !point [1, 2, 3]\nu: !upper hello\nlist: [!point [4, 5, 6]]', { schema });
      return { doc, isPoint: doc.p instanceof Point, dumped: L.dump({ p: new Point(7, 8, 9), u: 'LOUD', s: 'quiet' }, { schema }) };
    }],
    ['implicit override', () => {
      const yesBool = new L.Type('tag:yaml.org,2002:bool', {
        kind: 'scalar',
        resolve: (d) => ['yes', 'no', 'true', 'false'].includes(d),
        construct: (d) => d === 'yes' || d === 'true',
        predicate: (v) => typeof v === 'boolean',
        represent: (v) => (v ? 'yes' : 'no'),
      });
      const schema = extend(L, safeSchema(L), { implicit: [yesBool] });
      return { implicit: schema.compiledImplicit.map((t) => t.tag), doc: L.load('[yes, no, true, True, off]', { schema }), dumped: L.dump([true, false], { schema }) };
    }],
    ['mapping type', () => {
      const env = new L.Type('!env', { kind: 'mapping', construct: (d) => Object.entries(d ?? {}).map(([k, v]) => `${k}=${v}`).join(';') });
      return L.load('e: !env { A: 1, B: two }\nempty: !env {}', { schema: extend(L, safeSchema(L), [env]) });
    }],
    ['type fields', () => typeInfo(pointType(L))],
    ['type defaults', () => { const t = new L.Type('!plain'); return [typeInfo(t), t.resolve('x'), t.construct('y')]; }],
    ['type style aliases', () => typeInfo(new L.Type('!s', { kind: 'scalar', defaultStyle: 'lower', styleAliases: { lower: ['l', 'low'], upper: ['U'] } }))],
    ['bad kind', () => new L.Type('!x', { kind: 'tree' })],
    ['bad option', () => new L.Type('!x', { kind: 'scalar', nope: 1 })],
    ['non-scalar implicit', () => extend(L, safeSchema(L), { implicit: [pointType(L)] }).compiledImplicit.map((t) => t.tag)],
    ['non-type', () => extend(L, safeSchema(L), [{ tag: '!fake' }]).compiledExplicit.map((t) => t.tag)],
    ['built-in type options', () => Object.fromEntries(safeSchema(L).compiledImplicit.map((t) => [t.tag, t.options ? Object.keys(t.options) : null]))],
  ]),
  'YAMLException': (L) => run([
    ['plain', () => { const e = new L.YAMLException('a reason'); return [described(e), e instanceof Error, e instanceof L.YAMLException, Object.prototype.toString.call(e)]; }],
    ['no reason', () => described(new L.YAMLException())],
    ['caught', () => { try { L.load('x: [1,\n  2\n y'); } catch (e) { return [described(e), e instanceof L.YAMLException, e.constructor === L.YAMLException]; } return null; }],
    ['mark toString', () => { try { L.load('a: "b\n'); } catch (e) { return [String(e.mark), typeof e.mark.toString]; } return null; }],
    ['prototype', () => [L.YAMLException.prototype.name ?? null, Object.getPrototypeOf(L.YAMLException.prototype) === Error.prototype, L.YAMLException.name]],
  ]),
};

/** What a program keeps of js-yaml at start: custom types, a schema, errors, closures over copied functions. */
export function setup(L) {
  const { load, dump, loadAll } = L;
  const point = pointType(L);
  const upper = upperType(L);
  const schema = extend(L, safeSchema(L), [point, upper]);
  let caught = null;
  try {
    L.load('key: [1, 2\nother: x', { filename: 'kept.yml' });
  } catch (e) {
    caught = e;
  }
  return {
    point,
    upper,
    schema,
    caught,
    made: new L.YAMLException('made by hand', caught?.mark),
    parse: (text) => load(text, { schema }),
    write: (obj) => dump(obj, { schema, sortKeys: true }),
    parseAll: (text) => { const docs = []; loadAll(text, (d) => docs.push(d), { schema }); return docs; },
    viaL: (text) => L.load(text),
  };
}

export const instanceCases = {
  'kept types': (I) => run([
    ['point', () => [typeInfo(I.point), I.point.resolve([1, 2, 3]), I.point.resolve([1]), I.point.construct([1, 2, 3]), I.point.represent(new Point(4, 5, 6))]],
    ['upper', () => [typeInfo(I.upper), I.upper.construct('abc'), I.upper.predicate('ABC'), I.upper.predicate('abc')]],
  ]),
  'kept schema': (I, L) => run([
    ['load', () => L.load('p: !point [1, 2, 3]\nu: !upper hi\nn: 0x10', { schema: I.schema })],
    ['dump', () => L.dump({ p: new Point(1, 2, 3), u: 'SHOUT' }, { schema: I.schema })],
    ['tags', () => ({ implicit: I.schema.compiledImplicit.map((t) => t.tag), explicit: I.schema.compiledExplicit.map((t) => t.tag) })],
    ['isSchema', () => I.schema instanceof L.Schema],
  ]),
  'kept errors': (I, L) => run([
    ['caught', () => [described(I.caught), I.caught instanceof L.YAMLException, I.caught instanceof Error]],
    ['made', () => [described(I.made), I.made instanceof L.YAMLException]],
  ]),
  'kept closures': (I) => run([
    ['parse', () => I.parse('a: !point [1, 2, 3]\nb: !upper x\nc: [1, 2]')],
    ['parse error', () => I.parse('a: !nope 1')],
    ['write', () => I.write({ b: new Point(0, 0, 1), a: 'LOUD', c: [1, { d: null }] })],
    ['parseAll', () => I.parseAll('--- !point [1, 2, 3]\n--- !upper y\n--- plain')],
    ['viaL', () => I.viaL('a: &x 1\nb: *x\nc: 0o17')],
  ]),
};
