// The yaml probe. `L` is `browser/dist/index.js`'s namespace (the same 29 names in every
// version of the window). Every case parses fixed YAML texts or stringifies fixed values with
// fixed options and returns what came out: plain values (`toJS`), texts, errors and warnings
// described by `name`, `code`, `message`, `pos` and `linePos`, CST tokens by type and source,
// what a visitor saw. Nothing is returned as a node object itself (its enumerable fields are
// the schema, the options, source tokens): a node is described by its class, its type and
// its range. A case on an option a version lacks gets that version's answer.
//
// `setup` does what a program does once: a `Document` parsed (with a custom tag) and kept to
// be edited later, a YAML 1.1 one with anchors, aliases and `<<` merge keys, a `Parser` whose
// `onNewLine` callback writes into a list the case empties first (and whose stream `offset` a
// case sets back to 0), a `Composer` and a `Lexer`, nodes created from values, a custom tag
// and a visitor object. The instance cases edit the kept documents and undo their edits
// before returning, so the probe can run twice.

import { each } from './serialize.mjs';

const err = (e) => ({
  name: e.name,
  code: e.code,
  message: e.message,
  pos: e.pos,
  linePos: e.linePos,
});
const errs = (list) => (list ?? []).map(err);

/** A throw as a program reads it (the yaml error's fields when it is one). */
function attempt(fn) {
  try {
    return { value: fn() };
  } catch (e) {
    return { threw: e && typeof e === 'object' && 'code' in e ? err(e) : `${e?.name}: ${e?.message}` };
  }
}

/** What a node is, without its schema or options. */
function node(L, n, depth = 0) {
  if (n === null || typeof n !== 'object') return n;
  const base = { class: n.constructor?.name, range: n.range ?? null };
  if (L.isScalar(n)) return { ...base, value: typeof n.value === 'bigint' ? `${n.value}n` : n.value, type: n.type ?? null, tag: n.tag ?? null, anchor: n.anchor ?? null, comment: n.comment ?? null, commentBefore: n.commentBefore ?? null };
  if (L.isAlias(n)) return { ...base, source: n.source };
  if (L.isPair(n)) return { class: n.constructor?.name, key: node(L, n.key, depth + 1), value: node(L, n.value, depth + 1) };
  if (L.isCollection(n)) return depth > 4 ? { ...base, deep: true } : { ...base, flow: n.flow ?? null, tag: n.tag ?? null, anchor: n.anchor ?? null, items: n.items.map((it) => node(L, it, depth + 1)) };
  return { other: Object.prototype.toString.call(n) };
}

const docInfo = (L, doc) => ({
  js: doc.toJS(),
  text: attempt(() => doc.toString()),
  errors: errs(doc.errors),
  warnings: errs(doc.warnings),
  range: doc.range ?? null,
  directives: doc.directives ? { version: doc.directives.yaml?.version, explicit: doc.directives.yaml?.explicit ?? null, tags: doc.directives.tags, docStart: doc.directives.docStart ?? null } : null,
  comment: doc.comment ?? null,
  commentBefore: doc.commentBefore ?? null,
});

const TEXTS = {
  plain: 'a: 1\nb: two\nc: [x, y, z]\nd: { e: true, f: null }\n',
  types: 'int: 0x1F\noct: 0o17\nfloat: 6.8523015e+5\ninf: -.inf\nnan: .NaN\nbool: True\nnull: ~\nstr: "line\\nbreak"\nsingle: \'it\'\'s\'\nts: 2001-12-14t21:59:43.10-05:00\n',
  block: 'literal: |\n  one\n  two\n\nfolded: >-\n  folded\n  text\n\n  para\nkeep: |+\n  kept\n\n',
  anchors: 'base: &b { x: 1, y: 2 }\nref: *b\nlist: [&i 7, *i, *i]\nmerged:\n  <<: *b\n  y: 3\n',
  comments: '# head\n\na: 1 # one\n# before b\nb:\n  - x # ex\n  # in seq\n  - y\n# tail\n',
  multi: '%YAML 1.2\n---\nfirst: 1\n...\n---\nsecond: 2\n--- !!str third\n',
  complex: '? [a, b]\n: pair\n? { k: v }\n: map\n"quoted key": 1\n',
  tags: 'set: !!set { a, b }\nomap: !!omap [ { one: 1 }, { two: 2 } ]\npairs: !!pairs [ { k: 1 }, { k: 2 } ]\nbin: !!binary aGVsbG8=\nlocal: !thing value\n',
  errors: 'a: 1\na: 2\nb: [1, 2\nc: "unterminated\n  d: {x: 1\n',
  indent: 'top:\n  - a\n - b\n   c: 1\n',
  tabs: 'a:\n\t- b\n',
  badAlias: 'a: *nothing\nb: &x 1\nc: *x\n',
  unicode: 'emoji: "\\U0001F600"\nesc: "\\x41\\u00e9\\t"\nkey with spaces: ü\n',
  long: `text: ${'word '.repeat(40).trim()}\nquoted: "${'abc '.repeat(30).trim()}"\n`,
  empty: '',
  onlyComment: '# nothing\n',
  version11: '%YAML 1.1\n---\nyes: yes\noct: 017\nsexa: 1:20\nbin: 0b101\n',
};

const VALUES = {
  nested: { name: 'app', version: 3, tags: ['a', 'b'], config: { debug: false, ratio: 0.5, nothing: null, deep: { list: [1, [2, 3], { four: 4 }] } } },
  strings: { multi: 'line one\nline two\n', lead: ' padded', colon: 'a: b', hash: 'x # y', num: '123', bool: 'true', empty: '', quote: "it's \"q\"", long: 'lorem ipsum '.repeat(12).trim(), unicode: 'é ü ✓ \u0000' },
  numbers: { int: 42, neg: -7, float: 3.25, exp: 1e21, small: 1e-7, inf: Infinity, nan: NaN, zero: -0 },
  collections: { map: new Map([['k', 1], [2, 'two']]), set: new Set(['x', 'y']), emptyArr: [], emptyObj: {}, date: new Date(Date.UTC(2020, 2, 4, 5, 6, 7)) },
  shared: (() => { const s = { s: 1 }; return { a: s, b: s, c: [s] }; })(),
  topArray: [1, 'two', { three: 3 }, [4]],
  scalar: 'just a string',
};

/** A tag for RegExp values (`!re /src/flags`), as a program passes it in `customTags`. */
const reTag = () => ({
  tag: '!re',
  identify: (v) => v instanceof RegExp,
  resolve: (str) => {
    const m = /^\/(.*)\/([a-z]*)$/.exec(str);
    return m ? new RegExp(m[1], m[2]) : new RegExp(str);
  },
  stringify: (item) => String(item.value),
});

const showJs = (v) => JSON.parse(JSON.stringify(v, (k, x) => (x instanceof RegExp ? `re:${x}` : x instanceof Map ? { map: [...x] } : x instanceof Set ? { set: [...x] } : x instanceof Uint8Array ? { bytes: [...x] } : typeof x === 'bigint' ? `${x}n` : x === undefined ? '<undefined>' : x)) ?? null);

export const cases = {
  'exports': (L) => ({
    names: Object.keys(L).sort().map((k) => [k, typeof L[k]]),
    visit: [typeof L.visit.BREAK, typeof L.visit.SKIP, typeof L.visit.REMOVE],
    cst: Object.keys(L.CST).sort(),
    Document: Object.getOwnPropertyNames(L.Document.prototype).sort(),
    YAMLMap: [Object.getPrototypeOf(L.YAMLMap).name, L.YAMLMap.tagName],
    YAMLSeq: [Object.getPrototypeOf(L.YAMLSeq).name, L.YAMLSeq.tagName],
    Scalar: [L.Scalar.PLAIN, L.Scalar.QUOTE_DOUBLE, L.Scalar.QUOTE_SINGLE, L.Scalar.BLOCK_LITERAL, L.Scalar.BLOCK_FOLDED],
    errors: [Object.getPrototypeOf(L.YAMLParseError).name, Object.getPrototypeOf(L.YAMLError).name],
  }),
  'parse': (L) => each(Object.entries(TEXTS).map(([k, src]) => [k, () => attempt(() => showJs(L.parse(src)))])),
  'parse options': (L) => each([
    ['yaml-1.1', () => showJs(L.parse(TEXTS.version11, { version: '1.1' }))],
    ['schema json', () => attempt(() => showJs(L.parse('a: 1\nb: "x"\nc: true\n', { schema: 'json' })))],
    ['schema json plain string', () => attempt(() => showJs(L.parse('a: bare\n', { schema: 'json' })))],
    ['failsafe', () => showJs(L.parse(TEXTS.plain, { schema: 'failsafe' }))],
    ['intAsBigInt', () => showJs(L.parse('big: 123456789012345678901\n', { intAsBigInt: true }))],
    ['merge', () => showJs(L.parse(TEXTS.anchors, { merge: true }))],
    ['no merge', () => showJs(L.parse(TEXTS.anchors, { merge: false }))],
    ['uniqueKeys false', () => attempt(() => showJs(L.parse('a: 1\na: 2\n', { uniqueKeys: false })))],
    ['strict false', () => attempt(() => showJs(L.parse('a: 1\n  b: 2\n', { strict: false })))],
    ['maxAliasCount', () => attempt(() => showJs(L.parse('a: &a [1, 2]\nb: [*a, *a, *a, *a]\n', { maxAliasCount: 2 })))],
    ['reviver', () => showJs(L.parse('a: 1\nb: [2, 3]\n', (k, v) => (typeof v === 'number' ? v * 10 : v)))],
    ['mapAsMap', () => showJs(L.parseDocument('a: 1\n? [b]\n: 2\n').toJS({ mapAsMap: true }))],
    ['custom tag', () => showJs(L.parse('r: !re /ab+c/gi\n', { customTags: [reTag()] }))],
    ['unknown tag', () => attempt(() => showJs(L.parse('x: !unknown 1\n')))],
    ['prettyErrors false', () => attempt(() => L.parse('a: [1\n', { prettyErrors: false }))],
  ]),
  'stringify': (L) => each(Object.entries(VALUES).map(([k, v]) => [k, () => attempt(() => L.stringify(v))])),
  'stringify options': (L) => each([
    ['indent 4', () => L.stringify(VALUES.nested, { indent: 4 })],
    ['indentSeq false', () => L.stringify(VALUES.nested, { indentSeq: false })],
    ['lineWidth 20', () => L.stringify(VALUES.strings, { lineWidth: 20, minContentWidth: 10 })],
    ['lineWidth 0', () => L.stringify(VALUES.strings, { lineWidth: 0 })],
    ['double quotes', () => L.stringify(VALUES.strings, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' })],
    ['single quotes', () => L.stringify(VALUES.strings, { singleQuote: true })],
    ['block literal', () => L.stringify(VALUES.strings, { blockQuote: 'literal' })],
    ['no block', () => L.stringify(VALUES.strings, { blockQuote: false })],
    ['flow', () => L.stringify(VALUES.nested, { collectionStyle: 'flow' })],
    ['flow padding', () => L.stringify({ a: [1, 2], b: { c: 3 } }, { collectionStyle: 'flow', flowCollectionPadding: false })],
    ['sort', () => L.stringify({ b: 1, a: 2, c: { z: 1, y: 2 } }, { sortMapEntries: true })],
    ['null str', () => L.stringify({ a: null, b: true, c: false }, { nullStr: '~', trueStr: 'yes', falseStr: 'no' })],
    ['yaml-1.1', () => L.stringify({ yes: 'yes', n: 'n', oct: 8, ts: new Date(Date.UTC(2001, 11, 14)) }, { version: '1.1' })],
    ['json schema', () => attempt(() => L.stringify(VALUES.numbers, { schema: 'json' }))],
    ['anchors', () => L.stringify(VALUES.shared, { aliasDuplicateObjects: true, anchorPrefix: 'ref' })],
    ['no anchors', () => L.stringify(VALUES.shared, { aliasDuplicateObjects: false })],
    ['replacer fn', () => L.stringify(VALUES.nested, (k, v) => (k === 'debug' ? undefined : typeof v === 'number' ? v + 1 : v))],
    ['replacer list', () => L.stringify(VALUES.nested, ['name', 'config', 'ratio'])],
    ['keepUndefined', () => L.stringify({ a: undefined, b: 1 }, { keepUndefined: true })],
    ['directives', () => L.stringify({ a: 1 }, { directives: true, version: '1.2' })],
    ['custom tag', () => L.stringify({ r: /ab+c/gi, s: 'x' }, { customTags: [reTag()] })],
    ['binary', () => L.stringify({ b: new Uint8Array([104, 101, 108, 108, 111]) }, { version: '1.1' })],
    ['number precision', () => L.stringify({ a: 1, b: 0.1 }, { minFractionDigits: 2 })],
    ['doubleQuotedAsJSON', () => L.stringify({ s: 'é\n\u0001' }, { defaultStringType: 'QUOTE_DOUBLE', doubleQuotedAsJSON: true })],
  ]),
  'round trip': (L) => each(Object.entries(TEXTS).filter(([k]) => !['errors', 'indent', 'tabs', 'badAlias'].includes(k)).map(([k, src]) => [k, () => attempt(() => {
    const doc = L.parseDocument(src);
    const text = doc.toString();
    return { text, again: L.parseDocument(text).toString() === text, same: JSON.stringify(showJs(L.parse(text))) === JSON.stringify(showJs(doc.toJS())) };
  })])),
  'documents': (L) => each([
    ...Object.entries(TEXTS).map(([k, src]) => [k, () => docInfo(L, L.parseDocument(src))]),
    ['all', () => L.parseAllDocuments(TEXTS.multi).map((d) => docInfo(L, d))],
    ['all empty', () => showJs(L.parseAllDocuments(''))],
    ['parse multi throws', () => attempt(() => L.parse(TEXTS.multi))],
    ['keepSourceTokens', () => { const d = L.parseDocument('a: 1\n', { keepSourceTokens: true }); return d.contents.items[0].value.srcToken?.type ?? null; }],
  ]),
  'errors': (L) => each([
    ['errors doc', () => { const d = L.parseDocument(TEXTS.errors); return { errors: errs(d.errors), warnings: errs(d.warnings), js: attempt(() => showJs(d.toJS())) }; }],
    ['indent doc', () => errs(L.parseDocument(TEXTS.indent).errors)],
    ['tabs doc', () => errs(L.parseDocument(TEXTS.tabs).errors)],
    ['bad alias', () => attempt(() => L.parse(TEXTS.badAlias))],
    ['parse throws', () => attempt(() => L.parse('a: [1, 2\nb: 3\n'))],
    ['warnings', () => { const d = L.parseDocument('%FOO bar\n---\nx: !local 1\n'); return { errors: errs(d.errors), warnings: errs(d.warnings) }; }],
    ['stringify throws', () => attempt(() => L.stringify({ f: Symbol('s') }))],
    ['toString of errored', () => attempt(() => L.parseDocument('a: [\n').toString())],
    ['error class', () => { const e = L.parseDocument('"x').errors[0]; return [e instanceof L.YAMLParseError, e instanceof L.YAMLError, e instanceof Error, e.name]; }],
    ['lineCounter', () => {
      const lc = new L.LineCounter();
      const d = L.parseDocument('a: 1\nb:\n  c: [1,\n', { lineCounter: lc });
      return { lineStarts: lc.lineStarts, pos: d.errors.map((e) => [e.pos, lc.linePos(e.pos[0])]), at: lc.linePos(9) };
    }],
  ]),
  'document api': (L) => each([
    ['get set', () => {
      const d = L.parseDocument(TEXTS.plain);
      d.set('a', 10);
      d.setIn(['d', 'e'], false);
      d.setIn(['new', 'deep'], [1]);
      d.addIn(['c'], 'w');
      d.deleteIn(['b']);
      return { has: [d.has('a'), d.hasIn(['d', 'f']), d.has('b')], get: [d.get('a'), d.getIn(['c', 3]), showJs(d.getIn(['d'])?.toJSON())], text: d.toString() };
    }],
    ['keepScalar', () => { const d = L.parseDocument('a: "x"\n'); return node(L, d.get('a', true)); }],
    ['createNode', () => { const d = new L.Document(); return node(L, d.createNode({ a: [1, 'b'], m: new Map([[1, 2]]) }, { flow: true })); }],
    ['createPair', () => { const d = new L.Document({}); d.contents.items.push(d.createPair('k', { v: 1 })); return d.toString(); }],
    ['new Document', () => new L.Document({ x: 1, y: [true, null] }).toString()],
    ['Document with options', () => new L.Document({ x: 'y' }, { version: '1.1' }).toString({ indent: 3 })],
    ['clone', () => { const d = L.parseDocument(TEXTS.anchors); const c = d.clone(); c.set('extra', 1); return [d.toString(), c.toString()]; }],
    ['alias', () => { const d = new L.Document({ a: { x: 1 } }); const a = d.createAlias(d.get('a'), 'anc'); d.set('b', a); return d.toString(); }],
    ['setSchema', () => { const d = L.parseDocument('a: 1\n'); d.setSchema('1.1'); return [d.toString(), d.directives?.yaml?.version]; }],
    ['comments', () => { const d = L.parseDocument(TEXTS.comments); d.commentBefore = ' new head'; d.get('b', true); d.contents.items[0].value.comment = ' changed'; return d.toString(); }],
    ['nodes', () => node(L, L.parseDocument(TEXTS.anchors).contents)],
    ['scalar types', () => node(L, L.parseDocument('- plain\n- "double"\n- \'single\'\n- |\n  lit\n- >\n  fold\n').contents)],
    ['to JSON', () => [JSON.stringify(L.parseDocument(TEXTS.types)), JSON.stringify(L.parseDocument(TEXTS.anchors).toJSON())]],
    ['YAMLMap direct', () => { const m = new L.YAMLMap(); m.set('b', 1); m.set('a', new L.Scalar(2)); m.add(new L.Pair('c', 3)); return [m.toJSON(), m.has('a'), m.get('a'), m.delete('b'), m.items.length, m.toString()]; }],
    ['YAMLSeq direct', () => { const s = new L.YAMLSeq(); s.add(1); s.add('x'); s.set(0, 9); return [s.toJSON(), s.get(1), s.has(5), s.delete(0), s.items.length, s.toString()]; }],
    ['Scalar direct', () => { const s = new L.Scalar('v'); s.type = L.Scalar.QUOTE_SINGLE; return [s.toJSON(), s.toString(), new L.Document(s).toString()]; }],
  ]),
  'visit': (L) => each([
    ['walk', () => {
      const seen = [];
      L.visit(L.parseDocument(TEXTS.anchors), (key, n, path) => { seen.push([key === null ? null : typeof key === 'symbol' ? String(key) : key, n?.constructor?.name, path.length]); });
      return seen;
    }],
    ['by type', () => {
      const seen = [];
      L.visit(L.parseDocument(TEXTS.plain), {
        Map: (k, n) => { seen.push(['map', n.items.length]); },
        Seq: (k, n) => { seen.push(['seq', n.items.length]); },
        Scalar: (k, n) => { seen.push(['scalar', n.value]); },
        Pair: (k, n) => { seen.push(['pair', L.isScalar(n.key) ? n.key.value : null]); },
      });
      return seen;
    }],
    ['edit', () => {
      const d = L.parseDocument(TEXTS.plain);
      L.visit(d, { Scalar(k, n) { if (typeof n.value === 'number') return new L.Scalar(`n${n.value * 100}`); if (n.value === 'y') return L.visit.REMOVE; if (n.value === 'z') return L.visit.BREAK; } });
      return d.toString();
    }],
    ['skip', () => {
      const seen = [];
      L.visit(L.parseDocument(TEXTS.plain), { Pair(k, n) { seen.push(n.key.value); if (n.key.value === 'c') return L.visit.SKIP; }, Scalar(k, n) { seen.push(['s', n.value]); } });
      return seen;
    }],
    ['replace pair key', () => {
      const d = L.parseDocument('a: 1\nb: 2\n');
      L.visit(d, { Pair(k, p) { if (p.key.value === 'a') return d.createPair('z', 26); } });
      return d.toString();
    }],
    ['async', () => (async () => {
      const seen = [];
      await L.visitAsync(L.parseDocument(TEXTS.plain), { Scalar: async (k, n) => { await null; seen.push(n.value); } });
      return seen;
    })()],
  ]),
  'cst': (L) => each([
    ['lexer', () => [...new L.Lexer().lex('a: [1, "b"] # c\n- x\n')].map((t) => JSON.stringify(t))],
    ['parser', () => [...new L.Parser().parse('a: 1\nb:\n  - x\n')].map((t) => ({ type: t.type, offset: t.offset, text: L.CST.stringify(t) }))],
    ['composer', () => {
      const c = new L.Composer();
      const docs = [...c.compose(new L.Parser().parse(TEXTS.multi))];
      return docs.map((d) => docInfo(L, d));
    }],
    ['cst visit', () => {
      const seen = [];
      for (const tok of new L.Parser().parse('a: [1, {b: 2}]\nc: d\n')) L.CST.visit(tok, (item, path) => { seen.push([path.length, item.key ? L.CST.stringify(item.key) : null, item.value ? L.CST.stringify(item.value).trim() : null]); });
      return seen;
    }],
    ['token type', () => ['\u0002', '\u001f', '---', '-', ':', '[', 'abc', '#x', '\n', '  '].map((s) => L.CST.tokenType(s) ?? null)],
    ['set scalar value', () => {
      const [doc] = new L.Parser().parse('a: old # c\n');
      L.CST.visit(doc, (item) => { if (L.CST.isScalar(item.value) && L.CST.stringify(item.value).startsWith('old')) L.CST.setScalarValue(item.value, 'new "value"'); });
      return L.CST.stringify(doc);
    }],
  ]),
};

/** What a program makes once at start: a document to edit later, a parser, a composer, nodes. */
export function setup(L) {
  const lines = [];
  const doc = L.parseDocument('# config\nname: app\nport: 8080\npattern: !re /a+b/g\nlist:\n  - one # first\n  - two\nnested: { a: 1, b: [x, y] }\n', { customTags: [reTag()] });
  const tmpl = new L.Document({ kind: 'template', items: [1, 2] });
  const doc11 = L.parseDocument('%YAML 1.1\n---\nbase: &b { x: 1, y: 2 }\nm:\n  <<: *b\n  y: 3\nlist: [*b, *b]\nflag: yes\noct: 017\n', { merge: true });
  return {
    doc,
    doc11,
    tmpl,
    lines,
    parser: new L.Parser((offset) => lines.push(offset)),
    composer: new L.Composer({ merge: true }),
    lexer: new L.Lexer(),
    lineCounter: new L.LineCounter(),
    map: doc.createNode({ made: 'at start', n: [1, 2] }),
    scalar: new L.Scalar('kept'),
    pair: new L.Pair('key', 'value'),
    tag: reTag(),
    visitor: { Scalar: (k, n) => (typeof n.value === 'number' ? new L.Scalar(`n${n.value + 1}`) : undefined) },
    parse: L.parse,
    stringify: (v) => L.stringify(v, { indent: 4 }),
  };
}

export const instanceCases = {
  'kept document': (I, L) => each([
    ['read', () => [I.doc.get('name'), I.doc.getIn(['nested', 'b', 1]), showJs(I.doc.toJS()), I.doc.toString(), errs(I.doc.errors)]],
    ['edit and undo', () => {
      I.doc.set('port', 9090);
      I.doc.setIn(['nested', 'c'], { deep: true });
      I.doc.addIn(['list'], 'three');
      I.doc.set('re2', /x/);
      const text = I.doc.toString();
      const js = showJs(I.doc.toJS());
      I.doc.set('port', 8080);
      I.doc.deleteIn(['nested', 'c']);
      I.doc.deleteIn(['list', 2]);
      I.doc.delete('re2');
      return { text, js, after: I.doc.toString() };
    }],
    ['options', () => [I.doc.toString({ indent: 4, lineWidth: 30 }), I.doc.toString({ collectionStyle: 'flow' })]],
    ['clone', () => { const c = I.doc.clone(); c.set('cloned', true); return [c.toString(), I.doc.has('cloned')]; }],
    ['visit kept', () => { const c = I.doc.clone(); L.visit(c, I.visitor); return c.toString(); }],
    ['createNode', () => node(L, I.doc.createNode({ x: [1, { y: 2 }] }))],
    ['yaml-1.1 with merge keys', () => [showJs(I.doc11.toJS()), I.doc11.toString(), errs(I.doc11.errors), errs(I.doc11.warnings), I.doc11.directives?.yaml?.version]],
    ['yaml-1.1 edited', () => {
      I.doc11.setIn(['m', 'z'], 'on');
      I.doc11.set('off', false);
      const out = [showJs(I.doc11.toJS()), I.doc11.toString()];
      I.doc11.deleteIn(['m', 'z']);
      I.doc11.delete('off');
      return out;
    }],
    ['template', () => { I.tmpl.set('name', 'n'); const t = I.tmpl.toString(); I.tmpl.delete('name'); return [t, I.tmpl.toString()]; }],
  ]),
  'kept pipeline': (I, L) => each([
    ['parser', () => {
      I.lines.length = 0;
      I.parser.offset = 0; // a stream's offset, kept from the last parse: each case starts one
      const toks = [...I.parser.parse('a: 1\nb:\n  - c\n  - d\n')].map((t) => [t.type, L.CST.stringify(t)]);
      return { toks, lines: [...I.lines] };
    }],
    ['parser then composer', () => {
      I.lines.length = 0;
      I.parser.offset = 0;
      const docs = [...I.composer.compose(I.parser.parse('base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n---\n- [oops\n'))];
      return docs.map((d) => docInfo(L, d));
    }],
    ['composer streamInfo', () => { const c = I.composer.streamInfo(); return { comment: c.comment, directives: c.directives?.yaml ?? null, errors: errs(c.errors), warnings: errs(c.warnings) }; }],
    ['lexer', () => [...I.lexer.lex('k: "v"\n- [1, 2]\n')].map((t) => JSON.stringify(t))],
    ['lexer incremental', () => [...I.lexer.lex('a: b', true), ...I.lexer.lex('c\n', false)].map((t) => JSON.stringify(t))],
    ['lineCounter', () => { const lc = I.lineCounter; lc.lineStarts.length = 0; const d = L.parseDocument('x: 1\ny: [\n', { lineCounter: lc }); return [lc.lineStarts, d.errors.map((e) => lc.linePos(e.pos[0]))]; }],
  ]),
  'kept nodes': (I, L) => each([
    ['map', () => [node(L, I.map), I.map.toJSON(), I.map.get('made'), new L.Document(I.map).toString()]],
    ['scalar', () => [node(L, I.scalar), I.scalar.toString(), new L.Document(I.scalar).toString()]],
    ['pair', () => [I.pair.toJSON(), I.pair.toString(), new L.Document({}).createPair('a', I.pair.value).toString()]],
    ['in a new doc', () => { const d = new L.Document({}); d.set('kept', I.map); d.set('s', I.scalar); return d.toString(); }],
    ['guards', () => [L.isMap(I.map), L.isScalar(I.scalar), L.isPair(I.pair), L.isNode(I.pair), L.isDocument(I.doc), L.isCollection(I.map)]],
  ]),
  'kept functions': (I) => each([
    ['tag', () => I.parse('v: !re /k+/m\n', { customTags: [I.tag] })],
    ['parse', () => I.parse('a: [1, 2]\n')],
    ['stringify', () => I.stringify({ a: [1, { b: 2 }] })],
  ]),
};
