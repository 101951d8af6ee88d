// The marked probe. `L` is marked.esm.js's namespace. Every case parses fixed markdown and
// returns the HTML or the tokens; options `{ mangle: false, headerIds: false }` keep 5.x from
// warning (later versions ignore them). A case on an API a version lacks throws, and that
// throw is its result.
//
// `setup` does what a program does once: `marked.use(…)` on the default instance with a
// renderer override, an inline extension, `walkTokens` and hooks (written for both renderer
// signatures: positional up to 14.x, a token from 15.0.0), and keeps instances made with the
// first version's constructors: a `Marked` with the same extension, a plain `Marked`, a
// `Lexer`, a `Parser`, a `Renderer`, a `TextRenderer`. Nothing a case does changes what
// the next run sees: the default instance is never `use`d again, `setOptions` is not called.

import { each } from './serialize.mjs';

// A new object at every use: constructors up to 11.x store `tokenizer` and `renderer` into the
// options they are given, which would carry them into the next call.
const O = () => ({ mangle: false, headerIds: false });

const DOCS = {
  headings: '# One\n\nSetext two\n----------\n\n### Three *em* `code`\n\n####### not a heading\n',
  lists: '- a\n- b\n  - nested **bold**\n  - [ ] task\n  - [x] done\n\n1. one\n2. two\n\n3) three\n\n* loose\n\n* list\n',
  table: '| a | b | c |\n|:--|:-:|--:|\n| 1 | **2** | `3` |\n| x \\| y | | z |\n',
  code: '```js\nconst x = 1 < 2;\n```\n\n    indented <code>\n\n~~~\nfenced ~\n~~~\n\nInline `a<b` and ``tick ` tick``.\n',
  links: 'A [link](http://example.com "title") and ![img](/a.png) and <http://auto.link> and www.example.com\n\n[ref]: http://ref.example "Ref"\n\nUse [ref] and [text][ref]. Mail foo@example.com.\n',
  emphasis: '*em* _em_ **strong** __strong__ ***both*** ~~del~~ a*b*c _a_b_ **unclosed\n\nLine one  \nline two\\\nthree\n',
  html: '<div class="x">\n*not md*\n</div>\n\n<span>*inline md*</span> &amp; &copy; < > "q"\n\n<!-- comment -->\n',
  blockquote: '> quote\n> > nested\n>\n> - list in quote\n\n---\n\n***\n',
  mixed: '# Title @alice\n\nHello @bob, see [docs](https://x.test).\n\n1. item with @carol\n',
};

const INLINE = ['**bold** and _em_', '`code` <b>html</b> [l](u)', 'a\\*b \\_c\\_', 'www.auto.link @dave ~~x~~', 'line  \nbreak'];

/** A renderer override taking either signature: `(text, level)` up to 14.x, a token from 15.0.0. */
function heading(a, level) {
  const token = typeof a === 'object' && a !== null;
  const text = token ? this.parser.parseInline(a.tokens) : a;
  const depth = token ? a.depth : level;
  return `<h${depth} class="custom">${text}</h${depth}>\n`;
}

function codespan(a) {
  const text = typeof a === 'object' && a !== null ? a.text : a;
  return `<code class="custom">${text}</code>`;
}

/** An inline extension: `@name` → a mention link. */
const mention = {
  name: 'mention',
  level: 'inline',
  start(src) { const i = src.indexOf('@'); return i < 0 ? undefined : i; },
  tokenizer(src) {
    const m = /^@([a-z]+)/.exec(src);
    if (m) return { type: 'mention', raw: m[0], user: m[1] };
  },
  renderer(token) { return `<a class="mention" href="/u/${token.user}">@${token.user}</a>`; },
};

/** What a program passes to `use` once: renderer overrides, an extension, walkTokens, hooks. */
function extension() {
  return {
    ...O(),
    renderer: { heading, codespan },
    extensions: [mention],
    walkTokens(token) { if (token.type === 'link' && typeof token.href === 'string') token.href = token.href.replace('https://x.test', 'https://docs.x.test'); },
    hooks: {
      preprocess(md) { return md.replace(/\r\n/g, '\n'); },
      postprocess(html) { return html.replace(/\n+$/, '\n'); },
    },
  };
}

/** Tokens as JSON gives them (the lexer's array also carries `links`). */
const lexed = (tokens) => ({ tokens: JSON.parse(JSON.stringify(tokens)), links: tokens?.links && JSON.parse(JSON.stringify(tokens.links)) });

const parseAll = (parse) => each(Object.entries(DOCS).map(([name, md]) => [name, () => parse(md)]));

export const cases = {
  'exports': (L) => ({
    names: Object.keys(L).sort().map((k) => [k, typeof L[k]]),
    marked: Object.keys(L.marked).sort(),
    Marked: L.Marked && Object.getOwnPropertyNames(L.Marked.prototype).sort(),
    Lexer: [Object.getOwnPropertyNames(L.Lexer).sort(), Object.getOwnPropertyNames(L.Lexer.prototype).sort()],
    Parser: [Object.getOwnPropertyNames(L.Parser).sort(), Object.getOwnPropertyNames(L.Parser.prototype).sort()],
    Renderer: Object.getOwnPropertyNames(L.Renderer.prototype).sort(),
    Tokenizer: Object.getOwnPropertyNames(L.Tokenizer.prototype).sort(),
    Hooks: L.Hooks && [Object.getOwnPropertyNames(L.Hooks).sort(), L.Hooks.passThroughHooks && [...L.Hooks.passThroughHooks]],
  }),
  'defaults': (L) => each([
    ['getDefaults', () => Object.keys(L.getDefaults()).sort()],
    ['defaults', () => Object.keys(L.defaults).sort()],
    ['extended', () => [typeof L.defaults.extensions, L.defaults.extensions && Object.keys(L.defaults.extensions.renderers ?? {})]],
  ]),
  'rules': (L) => each([
    ['block', () => L.Lexer.rules.block],
    ['inline', () => L.Lexer.rules.inline],
  ]),
  // The default instance, extended once by setup.
  'marked': (L) => parseAll((md) => L.marked(md, O())),
  'parse': (L) => parseAll((md) => L.parse(md, O())),
  'marked.parse': (L) => parseAll((md) => L.marked.parse(md, O())),
  'parseInline': (L) => each(INLINE.map((s) => [s, () => L.parseInline(s, O())])),
  'lexer': (L) => each(Object.entries(DOCS).map(([name, md]) => [name, () => lexed(L.lexer(md, O()))])),
  'parser': (L) => each([
    ['tokens', () => L.parser(L.lexer(DOCS.lists + DOCS.table, O()), O())],
    ['text', () => L.Parser.parse(L.Lexer.lex(DOCS.emphasis, O()), { ...O(), renderer: new L.TextRenderer() })],
  ]),
  'walkTokens': (L) => each([
    ['types', () => { const seen = []; L.walkTokens(L.lexer(DOCS.lists + DOCS.links, O()), (t) => { seen.push(t.type); }); return seen; }],
  ]),
  // Instances made by each call with this version's code.
  'new Marked': (L) => {
    const m = new L.Marked(extension());
    return { parse: parseAll((md) => m.parse(md)), inline: each(INLINE.map((s) => [s, () => m.parseInline(s)])) };
  },
  'new Lexer': (L) => each([
    ['lex', () => lexed(new L.Lexer(O()).lex(DOCS.mixed + DOCS.blockquote))],
    ['lexInline', () => lexed(L.Lexer.lexInline('**a** _b_ `c`', O()))],
    ['inlineTokens', () => lexed(new L.Lexer(O()).inlineTokens('*x* [y](z) <i>h</i>'))],
  ]),
  'new Renderer': (L) => {
    const r = new L.Renderer(O());
    return each([
      ['positional', () => [r.hr(), r.br(), r.codespan('a<b'), r.strong('s'), r.em('e'), r.del('d'), r.text('t&')]],
      ['tokens', () => [r.codespan({ text: 'a<b' }), r.strong({ tokens: [] }), r.text({ text: 't&' }), r.code({ text: 'x<y', lang: 'js', escaped: false })]],
      ['code', () => r.code('x<y', 'js', false)],
      ['link', () => [r.link('http://a', 't', 'x'), r.image('/i.png', null, 'alt')]],
    ]);
  },
};

/** What a program makes once at start. */
export function setup(L) {
  L.marked.use(extension());
  const renderer = new L.Renderer(O());
  return {
    custom: new L.Marked(extension()),
    plain: new L.Marked(O()),
    lexer: new L.Lexer(O()),
    renderer,
    parser: new L.Parser({ ...O(), renderer: new L.Renderer(O()) }),
    text: new L.TextRenderer(),
  };
}

export const instanceCases = {
  'custom Marked': (I) => ({ parse: parseAll((md) => I.custom.parse(md)), inline: each(INLINE.map((s) => [s, () => I.custom.parseInline(s)])) }),
  'plain Marked': (I) => ({ parse: parseAll((md) => I.plain.parse(md)), lexer: each([['lexer', () => lexed(I.plain.lexer(DOCS.table))]]) }),
  'kept Lexer': (I) => each([
    ['inlineTokens', () => lexed(I.lexer.inlineTokens('*x* [y](z) <i>h</i> ~~d~~'))],
    ['blockTokens', () => lexed(I.lexer.blockTokens('# h\n\n- a\n- b\n'))],
  ]),
  'kept Renderer': (I) => each([
    ['positional', () => [I.renderer.hr(), I.renderer.br(), I.renderer.codespan('a<b'), I.renderer.code('x<y', 'js', false)]],
    ['tokens', () => [I.renderer.codespan({ text: 'a<b' }), I.renderer.code({ text: 'x<y', lang: 'js', escaped: false })]],
  ]),
  'kept Parser': (I, L) => each([
    ['parse', () => I.parser.parse(L.lexer(DOCS.headings + DOCS.lists, O()))],
  ]),
  'kept TextRenderer': (I) => each([
    ['methods', () => [I.text.strong('s'), I.text.text('t'), I.text.strong({ text: 's' }), I.text.text({ text: 't' }), I.text.br()]],
  ]),
};
