// The mustache probe. `L` is mustache.mjs's namespace, `L.default` the exported object (the
// module has no other export). Every case renders fixed templates with fixed views and
// partials, or parses them, and returns the text, the tokens or the throw. What changes the
// module's global state is put back by the case that changed it (`mustache.escape`,
// `mustache.tags`, `mustache.templateCache`), so the next run sees what the first one saw;
// the default writer's cache fills up, which no output depends on.
//
// `setup` does what a program does once: a `Writer` of its own with a template parsed into
// its cache, one with a custom `templateCache` (a Map-backed object, as the README shows),
// tokens from `mustache.parse` kept to render later, a `Context` over a view with a lambda,
// `const render = mustache.render` taken out of the object, and the `render` function a
// section lambda was given (kept by the lambda, as a program deferring work would).

import { each } from './serialize.mjs';

const VIEW = {
  name: 'Ada <Lovelace>',
  title: 'Countess & "Engineer"',
  n: 42,
  zero: 0,
  yes: true,
  no: false,
  empty: [],
  items: [{ k: 'a', v: 1 }, { k: 'b', v: 2 }, { k: 'c<', v: 3 }],
  words: ['x', 'y', 'z'],
  person: { first: 'Grace', last: 'Hopper', address: { city: 'NYC' } },
  html: '<b>bold</b>',
  nil: null,
  str: 'text',
  get computed() { return `${this.n * 2}`; },
  upper() { return (text, render) => render(text).toUpperCase(); },
  bold() { return (text) => `<b>${text}</b>`; },
  twice() { return (text, render) => render(text) + render(text); },
  fullName() { return `${this.first} ${this.last}`; },
  dropped() { return () => null; },
};

const TEMPLATES = {
  variables: 'Hi {{name}}, {{{name}}} {{&title}} {{n}} {{zero}} {{missing}}|{{nil}}|{{computed}}',
  dotted: '{{person.first}} {{person.address.city}} {{person.nope.deeper}} {{str.length}} {{words.length}}',
  sections: '{{#items}}[{{k}}={{v}}]{{/items}} {{#yes}}yes{{/yes}}{{#no}}no{{/no}} {{#person}}{{first}} {{fullName}}{{/person}} {{#str}}<{{.}}>{{/str}} {{#n}}({{.}}){{/n}}',
  inverted: '{{^empty}}none{{/empty}}|{{^no}}not no{{/no}}|{{^items}}hidden{{/items}}|{{^missing}}missing{{/missing}}|{{^zero}}zero{{/zero}}',
  implicit: '{{#words}}{{.}},{{/words}}',
  nested: '{{#items}}{{#yes}}{{k}}:{{name}};{{/yes}}{{/items}}',
  lambdas: '{{#upper}}hi {{name}}{{/upper}} {{#bold}}{{n}}{{/bold}} {{#twice}}-{{k}}{{/twice}} {{#dropped}}gone{{/dropped}}',
  comments: 'a{{! a comment }}b\n  {{! standalone }}\nc',
  delimiters: '{{=<% %>=}}<% name %> {{name}} <%={{ }}=%>{{n}}',
  standalone: '<ul>\n  {{#words}}\n  <li>{{.}}</li>\n  {{/words}}\n</ul>\n',
  whitespace: '  {{#yes}}  \n  in\n  {{/yes}}  \n{{^no}}\nout\n{{/no}}',
};

const PARTIALS = {
  card: '<div>{{name}}</div>',
  row: '{{k}}:{{v}}\n',
  list: '{{#items}}\n{{> row}}\n{{/items}}',
  deep: '[{{> card}}|{{> nothing}}]',
  indented: 'line1\nline2 {{n}}\n',
  custom: '<% name %> {{name}}',
  customNested: '(<% > custom %>)',
};

const PARTIAL_TEMPLATES = {
  simple: '{{> card}}',
  list: '{{> list}}',
  deep: 'start {{> deep}} end',
  indented: 'begin\n    {{> indented}}\nend\n',
  inline: 'x {{> indented}} y',
  missing: '{{> missing}}!',
};

const ERRORS = {
  unclosedTag: 'a {{name',
  unclosedSection: '{{#items}}x',
  unopened: 'x{{/items}}',
  mismatched: '{{#a}}{{/b}}',
  badDelimiters: '{{=<%=}}',
};

function render(M, ...args) {
  try {
    return M.render(...args);
  } catch (e) {
    return { threw: `${e?.name}: ${e?.message}` };
  }
}

/** `fn` with `mustache.escape` set to `escape`, put back after. */
function withEscape(M, escape, fn) {
  const saved = M.escape;
  M.escape = escape;
  try { return fn(); } finally { M.escape = saved; }
}

/** `fn` with `mustache.tags` set, put back after. */
function withTags(M, tags, fn) {
  const saved = M.tags;
  M.tags = tags;
  try { return fn(); } finally { M.tags = saved; }
}

export const cases = {
  'api': (L) => {
    const M = L.default;
    return {
      names: Object.keys(L),
      keys: Object.keys(M).map((k) => [k, typeof M[k]]),
      name: M.name,
      version: M.version,
      tags: M.tags,
      templateCache: typeof M.templateCache,
      accessor: Object.keys(Object.getOwnPropertyDescriptor(M, 'templateCache') ?? {}).sort(),
      Writer: Object.getOwnPropertyNames(M.Writer.prototype).sort(),
      Context: Object.getOwnPropertyNames(M.Context.prototype).sort(),
      Scanner: Object.getOwnPropertyNames(M.Scanner.prototype).sort(),
      escape: M.escape('<a href="x">&\'`=/</a>'),
    };
  },
  'render': (L) => each(Object.entries(TEMPLATES).map(([k, t]) => [k, () => L.default.render(t, VIEW)])),
  'partials': (L) => each([
    ...Object.entries(PARTIAL_TEMPLATES).map(([k, t]) => [k, () => L.default.render(t, VIEW, PARTIALS)]),
    ['function', () => L.default.render('{{> card}}/{{> row}}/{{> none}}', { name: 'F', k: 1, v: 2 }, (name) => PARTIALS[name])],
    ['no partials', () => L.default.render('a{{> card}}b', VIEW)],
  ]),
  'custom tags': (L) => {
    const M = L.default;
    return each([
      ['array', () => M.render('<% name %> {{name}} <%# words %><% . %><%/ words %>', VIEW, {}, ['<%', '%>'])],
      ['partial with tags', () => M.render('<% > custom %>', VIEW, PARTIALS, ['<%', '%>'])],
      ['nested partial with tags', () => M.render('<% > customNested %>', VIEW, PARTIALS, ['<%', '%>'])],
      ['section then partial', () => M.render('<%# yes %><% > custom %><%/ yes %>', VIEW, PARTIALS, ['<%', '%>'])],
      ['config tags', () => M.render('[[ name ]] {{name}}', VIEW, {}, { tags: ['[[', ']]'] })],
      ['mustache.tags', () => withTags(M, ['((', '))'], () => M.render('(( name )) {{name}}', VIEW))],
      ['parse with tags', () => M.parse('<% a %> {{b}}', ['<%', '%>'])],
      ['string tags', () => render(M, '{{=| |=}}|name|', VIEW)],
    ]);
  },
  'escape': (L) => {
    const M = L.default;
    const upper = (s) => String(s).toUpperCase();
    return each([
      ['config escape', () => render(M, '{{name}} {{{name}}} {{n}}', VIEW, {}, { escape: upper })],
      ['config escape and tags', () => render(M, '<% name %>', VIEW, {}, { escape: upper, tags: ['<%', '%>'] })],
      ['config escape in section and partial', () => render(M, '{{#items}}{{k}}{{/items}} {{> card}}', VIEW, PARTIALS, { escape: (s) => `[${s}]` })],
      ['mustache.escape', () => withEscape(M, (s) => `<<${s}>>`, () => M.render('{{name}} {{n}} {{{html}}}', VIEW))],
      ['identity escape', () => withEscape(M, (s) => s, () => M.render('{{html}} {{n}}', VIEW))],
      ['numbers', () => M.render('{{a}} {{b}} {{c}}', { a: 1.5, b: -0, c: NaN })],
    ]);
  },
  'parse': (L) => each([
    ['tokens', () => L.default.parse('Hi {{name}}!\n{{#items}}\n  {{> row}}\n{{/items}}\n{{^no}}x{{/no}}{{{raw}}}{{&amp}}{{! c }}')],
    ['empty', () => L.default.parse('')],
    ['cached', () => { const a = L.default.parse('{{cached}}'); return a === L.default.parse('{{cached}}'); }],
  ]),
  'errors': (L) => each([
    ...Object.entries(ERRORS).map(([k, t]) => [k, () => L.default.render(t, VIEW)]),
    ['not a string', () => L.default.render(42, VIEW)],
    ['array template', () => L.default.render(['x'], VIEW)],
    ['lambda without template', () => new L.default.Writer().renderTokens(L.default.parse('{{#bold}}x{{/bold}}'), new L.default.Context(VIEW), {}, undefined)],
  ]),
  'Writer': (L) => {
    const M = L.default;
    const w = new M.Writer();
    return each([
      ['render', () => w.render('{{#items}}{{k}}{{/items}} {{> card}}', VIEW, PARTIALS)],
      ['cache', () => { w.parse('{{a}}'); return Object.keys(w.templateCache._cache); }],
      ['clearCache', () => { w.clearCache(); return Object.keys(w.templateCache._cache); }],
      ['no cache', () => { const x = new M.Writer(); x.templateCache = undefined; return [x.render('{{n}}', VIEW), x.parse('{{n}}').length]; }],
      ['renderTokens', () => w.renderTokens(M.parse('{{name}}|{{#n}}{{.}}{{/n}}'), new M.Context(VIEW), {}, '{{name}}|{{#n}}{{.}}{{/n}}')],
      ['escapedValue', () => [w.escapedValue(['name', 'html'], new M.Context(VIEW)), w.unescapedValue(['&', 'html'], new M.Context(VIEW)), w.rawValue(['text', 'raw'])]],
      ['indentPartial', () => w.indentPartial('a\nb\n', '  ', false)],
      ['config helpers', () => [typeof w.getConfigTags, typeof w.getConfigEscape]],
    ]);
  },
  'Context and Scanner': (L) => {
    const M = L.default;
    const c = new M.Context(VIEW);
    const child = c.push({ name: 'child', only: 1 });
    const s = new M.Scanner('ab {{x}} cd');
    return each([
      ['lookup', () => [c.lookup('name'), c.lookup('person.first'), c.lookup('computed'), c.lookup('missing') ?? null, c.lookup('.') === VIEW]],
      ['child', () => [child.lookup('name'), child.lookup('only'), child.lookup('n'), child.parent === c]],
      ['function', () => typeof c.lookup('upper')],
      ['primitive', () => new M.Context('str').lookup('length')],
      ['scanner', () => [s.scanUntil(/\{\{/), s.scan(/\{\{/), s.scanUntil(/\}\}/), s.scan(/\}\}/), s.pos, s.eos(), s.scanUntil(/zz/), s.eos()]],
    ]);
  },
  // What code counting parameters sees (4.1.0 adds `config` to five methods).
  'arity': (L) => {
    const W = L.default.Writer.prototype;
    return {
      Writer: Object.getOwnPropertyNames(W).sort().map((k) => [k, typeof W[k] === 'function' ? W[k].length : null]),
      render: L.default.render.length,
      parse: L.default.parse.length,
    };
  },
  'templateCache': (L) => {
    const M = L.default;
    const saved = M.templateCache;
    try {
      const log = [];
      const map = new Map();
      M.templateCache = { set: (k, v) => { log.push(['set', k]); map.set(k, v); }, get: (k) => { log.push(['get', k]); return map.get(k); }, clear: () => { log.push(['clear']); map.clear(); } };
      const out = [M.render('{{n}}!', VIEW), M.render('{{n}}!', VIEW), M.clearCache()];
      M.templateCache = undefined;
      out.push(M.render('{{n}}?', VIEW));
      return { out, log };
    } finally {
      M.templateCache = saved;
    }
  },
};

/** What a program makes once at start. */
export function setup(L) {
  const M = L.default;
  const writer = new M.Writer();
  writer.parse(TEMPLATES.sections);
  const log = [];
  const map = new Map();
  const cached = new M.Writer();
  cached.templateCache = {
    set: (k, v) => { log.push('set'); map.set(k, v); },
    get: (k) => { log.push('get'); return map.get(k); },
    clear: () => { log.push('clear'); map.clear(); },
  };
  // A lambda that keeps the `render` it is given (renderSection's inner `subRender` closure,
  // which 4.1.0 makes pass the call's `config` on), from a render with custom tags.
  let subRender = null;
  M.render('<%# keep %>x<%/ keep %>', { name: 'kept', keep: () => (text, r) => { subRender = r; return ''; } }, {}, ['<%', '%>']);
  return {
    M,
    writer,
    subRender,
    cached,
    cacheLog: log,
    tokens: M.parse(TEMPLATES.lambdas),
    context: new M.Context({ ...VIEW, name: 'kept' }),
    render: M.render,
    parse: M.parse,
    escape: M.escape,
    Writer: M.Writer,
  };
}

export const instanceCases = {
  'kept object': (I, L) => ({
    same: I.M === L.default,
    version: I.M.version,
    render: I.M.render('{{#items}}{{k}}{{/items}}{{> card}}', VIEW, PARTIALS),
    escape: render(I.M, '{{name}}', VIEW, {}, { escape: (s) => `[${s}]` }),
  }),
  'kept writer': (I) => each([
    ['render cached', () => I.writer.render(TEMPLATES.sections, VIEW)],
    ['render new', () => I.writer.render('{{> card}} {{name}}', VIEW, PARTIALS)],
    ['config', () => I.writer.render('<% name %>', VIEW, {}, { tags: ['<%', '%>'], escape: (s) => `[${s}]` })],
    ['partial tags', () => I.writer.render('<% > customNested %>', VIEW, PARTIALS, ['<%', '%>'])],
    ['methods', () => [typeof I.writer.getConfigTags, typeof I.writer.getConfigEscape]],
  ]),
  'kept custom cache': (I) => {
    I.cacheLog.length = 0;
    const out = [I.cached.render('{{n}}', VIEW), I.cached.render('{{n}}', VIEW), I.cached.render('{{name}}', VIEW)];
    const log = [...I.cacheLog];
    I.cached.clearCache();
    I.cacheLog.length = 0;
    return { out, log };
  },
  'kept tokens': (I, L) => new L.default.Writer().renderTokens(I.tokens, new L.default.Context(VIEW), {}, TEMPLATES.lambdas),
  'kept context': (I, L) => ({
    lookup: [I.context.lookup('name'), I.context.lookup('person.address.city'), I.context.lookup('computed')],
    render: L.default.render('{{name}} {{#items}}{{k}}{{/items}}', I.context),
    pushed: I.context.push({ name: 'pushed' }).lookup('name'),
  }),
  'kept lambda render': (I) => each([
    ['tags', () => I.subRender('<% name %> {{name}}')],
    ['section', () => I.subRender('<%# name %>[<% . %>]<%/ name %>')],
  ]),
  'taken functions': (I) => each([
    ['render', () => I.render('{{name}} {{n}}', VIEW, {}, { escape: (s) => `[${s}]` })],
    ['render tags', () => I.render('<% name %>', VIEW, {}, ['<%', '%>'])],
    ['parse', () => I.parse('{{a}}{{#b}}{{/b}}')],
    ['escape', () => I.escape('<&>')],
    ['Writer', () => new I.Writer().render('{{#words}}{{.}}{{/words}}', VIEW)],
  ]),
};
