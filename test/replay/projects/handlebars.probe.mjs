// The handlebars probe. `L` is what `require('./dist/cjs/handlebars.js')` gave at start: the
// default instance `inst` that handlebars.js made at load by `create()` (a
// `HandlebarsEnvironment` with the runtime's names copied onto it by `Utils.extend(hb, base)`,
// `compile`/`precompile` closures over it, `AST`, `Compiler`, `JavaScriptCompiler`, `Parser`,
// `parse`, `create`, `Visitor`, `default`). Every case compiles and renders fixed templates
// with fixed contexts, on an environment it makes (`L.create()`) when it registers helpers or
// partials, never on the default one: nothing a case does stays for the next run. Names that
// exist across the window are asked directly (`parseWithoutProcessing` and
// `LAST_COMPATIBLE_COMPILER_REVISION` (4.3/4.4 on) only through `typeof`). A thrown
// `Handlebars.Exception` is described by its name, message, lineNumber and column (never its
// stack). The `log` helper is caught by the environment's own `log` (no console).
//
// Proto access (4.6.0 on: `{{constructor}}` denied, with a warning logged once per name, a
// module-level table) is asked with `allowProtoPropertiesByDefault` and
// `allowProtoMethodsByDefault` set, so nothing is logged and the probe is repeatable.
//
// `setup` keeps what a program makes with the first version: a template compiled (and
// rendered once, which is when handlebars compiles) from the default instance, an environment
// from `create()` with a helper, a partial and a decorator-free inline partial template, a
// template made from precompiled text (`L.template(spec)`), a SafeString and an Exception.
import { createHash } from 'node:crypto';
import { each } from './serialize.mjs';

/** What a thrown value says: an Exception's fields, or `Name: message` of anything else. */
const described = (e) => {
  if (!e || typeof e !== 'object') return `non-error: ${String(e)}`;
  return {
    name: e.name,
    message: String(e.message),
    lineNumber: e.lineNumber ?? null,
    column: e.column ?? null,
    endLineNumber: e.endLineNumber ?? null,
    endColumn: e.endColumn ?? null,
    isException: typeof e.description !== 'undefined' || 'lineNumber' in e,
  };
};

const run = (rows) => each(rows, described);

const CTX = {
  title: 'Hello <World> & "friends"',
  safe: '<b>bold</b>',
  n: 0,
  empty: [],
  people: [
    { first: 'Ann', last: 'Lee', tags: ['a', 'b'], age: 31 },
    { first: 'Bob', last: 'O\'Neil', tags: [], age: 0 },
    { first: 'Cy', last: 'Zed', tags: ['c'], age: null },
  ],
  map: { x: 1, y: 'two', z: { deep: true } },
  author: { name: 'Ann', address: { city: 'Oslo' } },
  keys: ['x', 'z', 'missing'],
  nested: { list: [{ v: 1 }, { v: 2 }] },
  fn: function () { return `fn of ${this.title ? 'ctx' : 'none'}`; },
};

const TEMPLATES = [
  ['plain', 'just text'],
  ['escape', '{{title}} | {{{title}}} | {{&title}} | {{safe}} | {{{safe}}}'],
  ['paths', '{{author.name}} {{author/address/city}} {{author.address.city}} {{this.title}} {{./map.x}} {{map.[x]}} {{missing.deep}}'],
  ['if/else', '{{#if n}}yes{{else}}no{{/if}} {{#if people}}has{{/if}} {{#if empty}}E{{else if map}}M{{else}}none{{/if}} {{#unless n}}zero{{/unless}}'],
  ['if includeZero', '{{#if n includeZero=true}}zero-ok{{else}}falsy{{/if}}'],
  ['each array', '{{#each people}}[{{@index}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}} {{first}} {{../title}}]{{/each}}'],
  ['each object', '{{#each map}}{{@key}}={{this}};{{/each}}'],
  ['each else', '{{#each empty}}x{{else}}nothing{{/each}}'],
  ['each block params', '{{#each people as |p i|}}{{i}}:{{p.first}}({{#each p.tags as |t|}}{{t}}{{/each}}) {{/each}}'],
  ['with', '{{#with author}}{{name}} in {{address.city}}{{/with}} {{#with missing}}x{{else}}no author{{/with}}'],
  ['with block params', '{{#with author.address as |a|}}{{a.city}}{{/with}}'],
  ['lookup', '{{#each keys}}{{lookup ../map this}},{{/each}} {{lookup people 1}} {{#with (lookup people 0)}}{{first}}{{/with}} {{lookup (lookup people 0) "first"}}'],
  ['nested each', '{{#each nested.list}}{{#each ../nested.list}}{{../v}}{{v}} {{/each}}{{/each}}'],
  ['data frames', '{{#each people}}{{#each tags}}{{@../index}}.{{@index}}{{/each}}{{/each}}'],
  ['whitespace', '  {{~#if title~}}  A  {{~/if~}}  |  {{~title}}  '],
  ['standalone', 'a\n{{#if title}}\nline\n{{/if}}\nb\n  {{! comment }}\nc'],
  ['comments', '{{! short }}x{{!-- long }} --}}y'],
  ['raw block', '{{{{raw}}}}{{not parsed}}{{{{/raw}}}}'],
  ['literals', '{{lookup map "x"}} {{#if true}}T{{/if}} {{#if false}}F{{else}}notF{{/if}} {{#if null}}N{{else}}notN{{/if}} {{#if undefined}}U{{else}}notU{{/if}}'],
  ['function value', '{{fn}}'],
  ['subexpression', '{{#if (lookup map "x")}}sub{{/if}}'],
  ['escaped mustache', '\\{{title}} \\\\{{n}}'],
];

const render = (env, tpl, ctx = CTX, options, runtime) => env.compile(tpl, options)(ctx, runtime);

const BAD = [
  ['unclosed', '{{foo'],
  ['mismatched block', '{{#if x}}a{{/each}}'],
  ['unclosed block', '{{#if x}}a'],
  ['else outside', '{{else}}'],
  ['bad path', '{{foo/../bar}}'],
  ['invalid this', '{{this/foo}}'],
  ['bad partial', '{{> }}'],
  ['unknown helper block', '{{#nope}}x{{/nope}}'],
  ['helper missing args', '{{nope 1 2}}'],
  ['each no arg', '{{#each}}x{{/each}}'],
  ['if two args', '{{#if a b}}x{{/if}}'],
  ['with two args', '{{#with a b}}x{{/with}}'],
  ['partial missing', '{{> missing}}'],
  ['dynamic partial missing', '{{> (lookup . "name")}}'],
  ['raw mismatched', '{{{{raw}}}} x {{{{/other}}}}'],
  ['multiline error', 'line1\nline2 {{#if}}\n{{/if}}\n{{bad'],
  ['strict missing', ['{{a.b.c}}', { strict: true }]],
  ['known helpers only', ['{{#custom}}x{{/custom}}', { knownHelpersOnly: true }]],
  ['not a string', [42]],
];

export const cases = {
  'exports': (L) => Object.fromEntries([
    'helpers', 'partials', 'decorators', 'HandlebarsEnvironment', 'VERSION', 'COMPILER_REVISION', 'REVISION_CHANGES',
    'log', 'createFrame', 'logger', 'SafeString', 'Exception', 'Utils', 'escapeExpression', 'VM', 'template', 'compile',
    'precompile', 'AST', 'Compiler', 'JavaScriptCompiler', 'Parser', 'parse', 'create', 'noConflict', 'Visitor', 'default',
  ].map((k) => [k, typeof L[k]])),
  // (`L.VERSION` itself is a string a program copies at start, `held`: asked through a new environment.)
  'version': (L) => { const e = L.create(); return { VERSION: e.VERSION, COMPILER_REVISION: e.COMPILER_REVISION, changes: e.REVISION_CHANGES }; },
  'default helpers': (L) => ({ helpers: Object.keys(L.helpers).sort(), decorators: Object.keys(L.decorators).sort(), partials: Object.keys(L.partials) }),
  'render': (L) => run(TEMPLATES.map(([label, tpl]) => [label, () => render(L, tpl)])),
  'render options': (L) => run([
    ['noEscape', () => render(L, '{{title}}', CTX, { noEscape: true })],
    ['strict ok', () => render(L, '{{author.name}}', CTX, { strict: true })],
    ['assumeObjects', () => render(L, '{{missing.deep}}x', CTX, { assumeObjects: true })],
    ['compat', () => render(L, '{{#with author}}{{title}}{{/with}}', CTX, { compat: true })],
    ['preventIndent', () => { const e = L.create(); e.registerPartial('p', 'a\nb\n'); return render(e, '  {{> p}}', CTX, { preventIndent: true }); }],
    ['indented partial', () => { const e = L.create(); e.registerPartial('p', 'a\nb\n'); return render(e, 'x\n  {{> p}}\ny'); }],
    ['data false', () => render(L, '{{#each people}}{{@index}}{{first}}{{/each}}', CTX, { data: false })],
    ['runtime data', () => render(L, '{{@root.title}} {{@extra}}', CTX, undefined, { data: { extra: 'E' } })],
    ['runtime helpers', () => render(L, '{{up title}}', CTX, undefined, { helpers: { up: (s) => s.toUpperCase() } })],
    ['runtime partials', () => render(L, '[{{> inline}}]', CTX, undefined, { partials: { inline: 'P {{title}}' } })],
    ['proto allowed', () => render(L, '{{map.constructor.name}}|{{#with map}}{{hasOwnProperty "x"}}{{/with}}', CTX, undefined, { allowProtoPropertiesByDefault: true, allowProtoMethodsByDefault: true })],
    ['explicitPartialContext', () => { const e = L.create(); e.registerPartial('p', '[{{title}}]'); return render(e, '{{> p}}{{> p author}}', CTX, { explicitPartialContext: true }); }],
  ]),
  'helpers': (L) => {
    const e = L.create();
    const calls = [];
    e.registerHelper('up', (s) => String(s).toUpperCase());
    e.registerHelper('join', function (list, options) { return (list || []).join(options.hash.sep ?? ','); });
    e.registerHelper('list', function (items, options) {
      let out = '<ul>';
      for (let i = 0; i < items.length; i++) out += '<li>' + options.fn(items[i], { data: e.createFrame ? Object.assign(e.createFrame(options.data), { pos: i + 1 }) : options.data }) + '</li>';
      return new e.SafeString(out + '</ul>');
    });
    e.registerHelper('either', function (a, options) { return a ? options.fn(this) : options.inverse(this); });
    e.registerHelper('info', function (...args) {
      const options = args.pop();
      calls.push({ args, name: options.name ?? null, hash: options.hash, hasFn: typeof options.fn, loc: options.loc ?? null });
      return args.length;
    });
    e.registerHelper({ a: () => 'A', b: () => new e.SafeString('<B>') });
    e.registerHelper('params', function (p1, p2, options) { return `${p1}|${p2}|${JSON.stringify(options.hash)}`; });
    e.registerHelper('bp', function (options) { return options.fn(this, { blockParams: ['x', 'y'] }); });
    e.registerHelper('helperMissing', function (...args) { const o = args.pop(); return `missing:${o.name}(${args.length})`; });
    const rows = run([
      ['simple', () => e.compile('{{up title}} {{up "lit"}} {{up 3}}')(CTX)],
      ['hash', () => e.compile('{{join people.0.tags sep="-"}} {{join keys}}')(CTX)],
      ['block', () => e.compile('{{#list people}}{{@pos}}.{{first}} {{up last}}{{/list}}')(CTX)],
      ['inverse', () => e.compile('{{#either n}}y{{else}}n{{/either}}{{#either title}}Y{{/either}}')(CTX)],
      ['info', () => e.compile('{{info 1 "s" true null title k=1 v=(up "x")}}{{#info}}in{{/info}}')(CTX)],
      ['object form', () => e.compile('{{a}}{{b}}{{{b}}}')(CTX)],
      ['params', () => e.compile('{{params title people.length a=1 b="two" c=n}}')(CTX)],
      ['helper block params', () => e.compile('{{#bp as |one two|}}{{one}}+{{two}}{{/bp}}')(CTX)],
      ['helperMissing', () => e.compile('{{nothere 1 2}} {{alsomissing}}')(CTX)],
      ['unregister', () => { e.unregisterHelper('a'); return [typeof e.helpers.a, e.compile('{{a}}')(CTX)]; }],
      ['shadowing', () => e.compile('{{up}}|{{#with author}}{{name}}{{/with}}')({ up: 'field', author: { name: 'x' } })],
    ]);
    return { rows, calls };
  },
  'log helper': (L) => {
    const e = L.create();
    const logged = [];
    e.log = (level, ...args) => logged.push([level, ...args]);
    const out = e.compile('{{log "one" title level="warn"}}{{log "two"}}')(CTX);
    return { out, logged, levels: ['debug', 'info', 'warn', 'error', 'nope', 2].map((l) => L.logger.lookupLevel(l)) };
  },
  'partials': (L) => {
    const e = L.create();
    e.registerPartial('person', '{{first}} {{last}}');
    e.registerPartial({ header: '<h1>{{title}}</h1>', footer: '<f>{{@root.n}}</f>' });
    e.registerPartial('layout', '<main>{{> @partial-block}}</main>');
    e.registerPartial('fnPartial', (ctx) => `fn(${ctx.first ?? ctx.title})`);
    return run([
      ['basic', () => e.compile('{{> header}}{{#each people}}{{> person}};{{/each}}{{> footer}}')(CTX)],
      ['context', () => e.compile('{{> person people.[0]}}')(CTX)],
      ['hash', () => e.compile('{{> person first="X" last=title}}')(CTX)],
      ['dynamic', () => e.compile('{{> (lookup . "which")}}')({ which: 'header', title: 't' })],
      ['block', () => e.compile('{{#> layout}}inside {{title}}{{/layout}}')(CTX)],
      ['failover', () => e.compile('{{#> nope}}fallback {{n}}{{/nope}}')(CTX)],
      ['inline', () => e.compile('{{#*inline "row"}}<r>{{this}}</r>{{/inline}}{{#each keys}}{{> row}}{{/each}}')(CTX)],
      ['inline in layout', () => e.compile('{{#> layout}}{{#*inline "x"}}X{{/inline}}{{> x}}{{/layout}}')(CTX)],
      ['function partial', () => e.compile('{{> fnPartial}}|{{> fnPartial people.[1]}}')(CTX)],
      ['unregister', () => { e.unregisterPartial('footer'); return e.compile('{{> footer}}')(CTX); }],
      ['compiled partial', () => { e.registerPartial('pc', e.compile('[{{n}}]')); return e.compile('{{> pc}}')(CTX); }],
    ]);
  },
  'errors': (L) => run(BAD.map(([label, t]) => [label, () => {
    const [tpl, options] = Array.isArray(t) ? t : [t];
    return L.compile(tpl, options)(CTX);
  }])),
  'exception': (L) => run([
    ['plain', () => { throw new L.Exception('by hand'); }],
    ['fields', () => { const x = new L.Exception('node', { loc: { start: { line: 2, column: 3 }, end: { line: 2, column: 9 } } }); return { message: x.message, line: x.lineNumber, column: x.column, endColumn: x.endColumn ?? null, isError: x instanceof Error, name: x.name, keys: Object.keys(x).filter((k) => k !== 'stack').sort() }; }],
  ]),
  'SafeString and utils': (L) => ({
    safe: [String(new L.SafeString('<i>')), new L.SafeString('<i>').toHTML(), new L.SafeString('x') instanceof L.SafeString],
    escape: ['<a href="x">&\'`=</a>', null, undefined, 0, false, 12, new L.SafeString('<ok>'), { toHTML: () => '<h>' }].map((v) => L.escapeExpression(v)),
    utils: {
      isEmpty: [[], [1], 0, '', null, undefined, false, {}].map((v) => L.Utils.isEmpty(v)),
      extend: L.Utils.extend({ a: 1 }, { b: 2 }, { a: 3 }),
      indexOf: L.Utils.indexOf([1, 2, 3], 2),
      appendContextPath: [L.Utils.appendContextPath('a', 'b'), L.Utils.appendContextPath('', 'b')],
      blockParams: L.Utils.blockParams([1, 2], ['x', 'y']),
      frame: Object.keys(L.createFrame({ a: 1 })),
      isArray: L.Utils.isArray([]),
      isFunction: L.Utils.isFunction(() => {}),
    },
  }),
  'parse': (L) => {
    const ast = L.parse('a {{#if x as |y|}}{{y.z}}{{else}}{{> p k=1}}{{/if}} {{!c}} {{{raw}}} {{helper (sub 1) "s" n=2}}');
    const strip = (node, depth = 0) => {
      if (Array.isArray(node)) return node.map((n) => strip(n, depth));
      if (!node || typeof node !== 'object' || depth > 12) return node;
      const out = {};
      for (const [k, v] of Object.entries(node)) if (k !== 'loc') out[k] = strip(v, depth + 1);
      return out;
    };
    const visited = [];
    const V = function () {};
    V.prototype = new L.Visitor();
    V.prototype.PathExpression = function (path) { visited.push(path.original); };
    V.prototype.MustacheStatement = function (m) { visited.push('mustache'); L.Visitor.prototype.MustacheStatement.call(this, m); };
    new V().accept(ast);
    return {
      ast: strip(ast),
      visited,
      helpers: {
        simpleId: L.AST.helpers.simpleId(ast.body[1].params[0]),
        scopedId: L.AST.helpers.scopedId(ast.body[1].params[0]),
        helperExpression: L.AST.helpers.helperExpression(ast.body[1]),
      },
      parseWithoutProcessing: typeof L.parseWithoutProcessing,
      loc: ast.body[1].loc,
    };
  },
  'precompile': (L) => run([
    ['spec', () => {
      const text = L.precompile('{{#each people as |p|}}{{p.first}}{{> inner}}{{/each}} {{title}} {{up n}}');
      return { length: text.length, sha256: createHash('sha256').update(text).digest('hex').slice(0, 16) };
    }],
    ['options', () => {
      const text = L.precompile('{{title}} {{#if n}}x{{/if}}', { knownHelpers: { up: true }, knownHelpersOnly: false, strict: true, data: false });
      return { length: text.length, sha256: createHash('sha256').update(text).digest('hex').slice(0, 16) };
    }],
    ['template from spec', () => {
      const spec = new Function(`return ${L.precompile('{{#each people}}<{{first}}>{{/each}} {{{title}}}')}`)();
      return L.template(spec)(CTX);
    }],
    ['spec with partial', () => {
      const e = L.create();
      e.registerPartial('inner', '<{{this.first}}>');
      const spec = new Function(`return ${e.precompile('{{#each people}}{{> inner}}{{/each}}')}`)();
      return e.template(spec)(CTX);
    }],
    ['stale revision', () => L.template({ compiler: [1, '1.0.0'], main: () => '' })({})],
    ['not a spec', () => L.template(null)],
  ]),
  'compiler classes': (L) => ({
    compilerProto: Object.keys(L.Compiler.prototype).sort(),
    jsCompilerProto: Object.keys(L.JavaScriptCompiler.prototype).sort(),
    isChild: L.JavaScriptCompiler.isValidJavaScriptVariableName?.('abc') ?? null,
    reserved: L.JavaScriptCompiler.isValidJavaScriptVariableName?.('class') ?? null,
    environment: Object.keys(L.HandlebarsEnvironment.prototype).sort(),
    custom: (() => {
      // A JavaScriptCompiler subclass, as the docs show: prefixes every name lookup.
      const e = L.create();
      function My() {}
      My.prototype = new L.JavaScriptCompiler();
      My.prototype.nameLookup = function (parent, name, type) {
        if (type === 'context') return `${parent}[${JSON.stringify('p_' + name)}]`;
        return L.JavaScriptCompiler.prototype.nameLookup.call(this, parent, name, type);
      };
      e.JavaScriptCompiler = My;
      return e.compile('{{a}}-{{b}}')({ p_a: 'A', b: 'B', p_b: 'PB' });
    })(),
  }),
};

/** What a program keeps from the first version. */
export function setup(L) {
  const tpl = L.compile('{{#each people}}{{first}}:{{#if age}}{{age}}{{else}}?{{/if}} {{/each}}{{title}}');
  tpl(CTX); // compiled now (handlebars compiles at the first call), by the first version's compiler
  const lazy = L.compile('{{#with author}}{{name}}@{{address.city}}{{/with}} {{{safe}}}'); // compiled at its first call, later
  const env = L.create();
  env.registerHelper('shout', (s, options) => `${String(s).toUpperCase()}${options.hash.bang ? '!' : ''}`);
  env.registerHelper('wrap', function (options) { return new env.SafeString(`<w>${options.fn(this)}</w>`); });
  env.registerPartial('card', '[{{shout first bang=true}}]');
  const envTpl = env.compile('{{#each people}}{{> card}}{{/each}}{{#wrap}}{{shout title}}{{/wrap}}');
  envTpl(CTX);
  const spec = new Function(`return ${L.precompile('{{#each keys}}{{lookup ../map this}};{{/each}}')}`)();
  const fromSpec = L.template(spec);
  let caught = null;
  try {
    L.compile('{{#if x}}oops{{/each}}')({});
  } catch (e) {
    caught = e;
  }
  const { compile, precompile, escapeExpression } = L; // copied at start, called later
  return { tpl, lazy, env, envTpl, fromSpec, safe: new L.SafeString('<kept>'), caught, compile, precompile, escapeExpression, helpers: L.helpers };
}

export const instanceCases = {
  'old templates': (I) => run([
    ['compiled at start', () => I.tpl(CTX)],
    ['compiled later', () => I.lazy(CTX)],
    ['from spec', () => I.fromSpec(CTX)],
    ['env template', () => I.envTpl(CTX)],
  ]),
  'old environment': (I) => {
    const rows = run([
      ['compile new', () => I.env.compile('{{#each people as |p|}}{{shout p.last}} {{/each}}{{> card people.[2]}}')(CTX)],
      ['register more', () => {
        I.env.registerHelper('twice', (s) => `${s}${s}`);
        const out = I.env.compile('{{twice (shout "a")}}')(CTX);
        I.env.unregisterHelper('twice');
        return out;
      }],
      ['helpers', () => Object.keys(I.env.helpers).sort()],
      ['precompile', () => { const t = I.env.precompile('{{shout x}}'); return t.length; }],
      ['error', () => I.env.compile('{{#shout}}')(CTX)],
    ]);
    return rows;
  },
  'old values': (I, L) => ({
    safe: [String(I.safe), I.safe instanceof L.SafeString, L.escapeExpression(I.safe)],
    caught: described(I.caught),
    caughtIsException: I.caught instanceof L.Exception,
  }),
  'functions copied at start': (I) => run([
    ['compile', () => I.compile('{{#each keys}}{{@index}}{{this}}{{/each}}')(CTX)],
    ['precompile', () => I.precompile('{{a}}').length],
    ['escape', () => I.escapeExpression('<&>')],
    ['default helpers held', () => Object.keys(I.helpers).sort()],
  ]),
};
