/**
 * What a module's top-level declarations read, and how its names connect to other modules:
 * the facts a refresh needs to find the values derived from a value that changed
 * (docs/design.md §2.3). Pure: a parse in, plain data out.
 *
 * "Reads while it evaluates" is taken statically: every identifier an initializer refers
 * to, except inside functions it only creates (an arrow stored for later reads nothing now)
 * and class methods; an immediately called function's body counts. A name a nested block
 * declares for itself may be counted too: the result is a superset, so a dependent is never
 * missed, and at worst a declaration is evaluated again that a fresh process would have
 * computed the same way.
 */
import { topLevel, walk, type Item, type Node } from './analyze.js';
import { calledInPlace } from './inline.js';

/** An import binding: where from (the specifier as written) and which export ('*': the namespace). */
export interface ImportBinding {
  from: string;
  name: string;
}

/** An exported name: a local binding of the module, or another module's export passed on. */
export type ExportBinding = { local: string } | { from: string; name: string };

export interface ModuleLinks {
  imports: Map<string, ImportBinding>;
  exports: Map<string, ExportBinding>;
  /** `export * from '…'`: every name of those modules (but `default`) is passed on. */
  stars: string[];
  /** Value declarations (not functions or classes), in source order, with what they read. */
  values: Array<{ item: Item; reads: Set<string> }>;
  /** Local names declared with `let` or `var`: the module may assign them after it loaded. */
  mutable: Set<string>;
  /**
   * CommonJS requires of a top-level declarator, by local name (`requiresOf`): `const x =
   * require('./m')` (name '*': the exports object itself), `const { a, b: c } =
   * require('./m')` (a, c: those keys), `const v = require('./m').name` (name: the key; ''
   * for a computed one: any key).
   */
  requires: Map<string, ImportBinding>;
  /**
   * Per value declaration (same index as `values`) that reads a local holding a whole exports
   * object (`requires` with name '*'): the keys it reads of it (`lib.VERSION`), or null when
   * it uses the object otherwise (passes it, a computed key). Empty when it reads none.
   */
  members: Array<Map<string, Set<string> | null>>;
  /** Every relative specifier the module's top-level code passes to `require` while it runs (outside the functions it only creates): what it evaluates first. */
  required: string[];
  /** An ES module's top level declares `require` from `createRequire(…)` (`module.createRequire(…)`): its requires are CommonJS's. */
  createsRequire: boolean;
}

/** The specifiers a module's links import from: its imports, its re-exports and its `export *`. */
export function importedSpecifiers(links: ModuleLinks): string[] {
  return [...[...links.imports.values()].map((b) => b.from), ...links.stars, ...[...links.exports.values()].flatMap((b) => ('from' in b ? [b.from] : []))];
}

/** A module's links, computed once per parse (a pure function of it; the refresh asks several times). */
export function linksOf(program: Node, source: string): ModuleLinks {
  let links = parsed.get(program);
  if (!links) parsed.set(program, (links = computeLinks(program, source)));
  return links;
}
const parsed = new WeakMap<Node, ModuleLinks>();

function computeLinks(program: Node, source: string): ModuleLinks {
  const links: ModuleLinks = { imports: new Map(), exports: new Map(), stars: [], values: [], mutable: new Set(), requires: new Map(), members: [], required: [], createsRequire: false };
  for (const stmt of program.body as Node[]) {
    if (stmt.type === 'ImportDeclaration') {
      for (const s of stmt.specifiers as Node[]) {
        const name = s.type === 'ImportNamespaceSpecifier' ? '*' : s.type === 'ImportDefaultSpecifier' ? 'default' : nameOf(s.imported);
        links.imports.set(s.local.name, { from: stmt.source.value, name });
      }
    } else if (stmt.type === 'ExportAllDeclaration') {
      if (stmt.exported) links.exports.set(nameOf(stmt.exported), { from: stmt.source.value, name: '*' });
      else links.stars.push(stmt.source.value);
    } else if (stmt.type === 'ExportNamedDeclaration') {
      for (const s of (stmt.specifiers ?? []) as Node[]) {
        const exported = nameOf(s.exported);
        links.exports.set(exported, stmt.source ? { from: stmt.source.value, name: nameOf(s.local) } : { local: nameOf(s.local) });
      }
    }
  }
  for (const it of topLevel(program, source)) {
    if (it.stmt.type === 'ExportNamedDeclaration' || (it.stmt.type === 'ExportDefaultDeclaration' && !it.anonymousDefault))
      for (const n of it.names) links.exports.set(it.stmt.type === 'ExportDefaultDeclaration' ? 'default' : n, { local: n });
    if (it.anonymousDefault) links.exports.set('default', { local: 'default' });
    if (it.kind === 'var' && !it.anonymousDefault && (it.declKind === 'let' || it.declKind === 'var')) for (const n of it.names) links.mutable.add(n);
    if (it.kind === 'var' && it.init !== 'function' && it.init !== 'class') {
      const init: Node | null = it.anonymousDefault ? it.node : it.node.init;
      links.values.push({ item: it, reads: init ? readsOf(init) : new Set() });
    }
  }
  // (A cheap look at the text first: most ES modules never call `require`.)
  if (source.includes('require')) {
    links.createsRequire = (program.body as Node[]).some(
      (st) =>
        st.type === 'VariableDeclaration' &&
        (st.declarations as Node[]).some((d) => {
          const c = d.id.type === 'Identifier' && d.id.name === 'require' && d.init?.type === 'CallExpression' ? d.init.callee : undefined;
          return c && (c.type === 'Identifier' ? c.name === 'createRequire' : c.type === 'MemberExpression' && !c.computed && c.property.name === 'createRequire');
        }),
    );
    links.requires = requiresOf(program);
    walkEvaluated(program, (n) => {
      const spec = requireCall(n);
      if (spec !== undefined) links.required.push(spec);
    });
  }
  const wholes = new Set([...links.requires].flatMap(([local, b]) => (b.name === '*' ? [local] : [])));
  // (A declarator that is one of those requires is not a reader of it: `requires` says what it takes.)
  const own = (item: Item): boolean => (item.names.length ? item.names : [item.name]).some((n) => links.requires.has(n));
  links.members = links.values.map(({ item, reads }) => {
    const init = item.node.init as Node | null | undefined;
    if (!init || own(item) || !((wholes.size && [...reads].some((r) => wholes.has(r))) || (links.required.length && reads.has('require')))) return new Map();
    // `const { f, g: h } = lib`: reads those keys of it.
    const keys = init.type === 'Identifier' && wholes.has(init.name) ? patternKeys(item.node.id) : undefined;
    return keys !== undefined ? new Map([[init.name, keys]]) : memberReadsOf(init, wholes);
  });
  return links;
}

/** The keys an object pattern takes (undefined: not one; null: a rest element or a computed key, which take what is not named). */
function patternKeys(id: Node): Set<string> | null | undefined {
  if (id.type !== 'ObjectPattern') return undefined;
  const keys = new Set<string>();
  for (const p of id.properties as Node[]) {
    if (p.type !== 'Property' || p.computed) return null;
    keys.add(nameOf(p.key));
  }
  return keys;
}

/** A relative `require('./m')` call with one string argument: its specifier. */
function requireCall(n: Node | null | undefined): string | undefined {
  if (!n || n.type !== 'CallExpression' || n.callee.type !== 'Identifier' || n.callee.name !== 'require' || n.arguments.length !== 1) return undefined;
  const a = n.arguments[0] as Node;
  const spec = a.type === 'Literal' && typeof a.value === 'string' ? a.value : a.type === 'TemplateLiteral' && !a.expressions.length ? a.quasis[0].value.cooked : undefined;
  return typeof spec === 'string' && /^\.{1,2}\//.test(spec) ? spec : undefined;
}

/**
 * The requires of a CommonJS module's top-level declarators (`ModuleLinks.requires`): only
 * relative specifiers, and only these forms — a require anywhere else (inside an
 * expression, a function, a statement) is not an import of a name.
 */
export function requiresOf(program: Node): Map<string, ImportBinding> {
  const out = new Map<string, ImportBinding>();
  for (const stmt of program.body as Node[]) {
    if (stmt.type !== 'VariableDeclaration') continue;
    for (const d of stmt.declarations as Node[]) {
      const init = d.init as Node | null;
      const whole = requireCall(init);
      const member = !whole && init?.type === 'MemberExpression' ? requireCall(init.object) : undefined;
      if (whole && d.id.type === 'Identifier') out.set(d.id.name, { from: whole, name: '*' });
      else if (whole && d.id.type === 'ObjectPattern') {
        for (const p of d.id.properties as Node[]) {
          // `const { a, b: c, d = 1 } = require(…)`; a rest element or a computed key takes what is not named.
          if (p.type !== 'Property' || p.computed) continue;
          const local = p.value.type === 'Identifier' ? p.value : p.value.type === 'AssignmentPattern' && p.value.left.type === 'Identifier' ? p.value.left : undefined;
          if (local) out.set(local.name, { from: whole, name: nameOf(p.key) });
        }
      } else if (member && d.id.type === 'Identifier') {
        const key = init!.computed ? (init!.property.type === 'Literal' ? String(init!.property.value) : undefined) : nameOf(init!.property);
        out.set(d.id.name, { from: member, name: key ?? '' });
      }
    }
  }
  return out;
}

/**
 * For each of `names` that `node` reads while it evaluates (as `readsOf` counts): the keys it
 * reads of it (`lib.VERSION`, `lib['VERSION']`), or null when it uses the value otherwise. A
 * relative `require('./m')` it calls counts as a name, `require:./m` (`require('./c.json').port`).
 */
export function memberReadsOf(node: Node, names: ReadonlySet<string>): Map<string, Set<string> | null> {
  const out = new Map<string, Set<string> | null>();
  walkEvaluated(node, (n, parent) => {
    const spec = requireCall(n);
    const name = spec !== undefined ? `require:${spec}` : n.type === 'Identifier' && names.has(n.name) && !isName(n, parent) ? n.name : undefined;
    if (name === undefined) return;
    const key =
      parent?.type === 'MemberExpression' && parent.object === n
        ? parent.computed
          ? parent.property.type === 'Literal' ? String(parent.property.value) : undefined
          : nameOf(parent.property)
        : undefined;
    const keys = out.get(name);
    if (key === undefined || keys === null) out.set(name, null);
    else out.set(name, (keys ?? new Set()).add(key));
  });
  return out;
}

const nameOf = (n: Node): string => (n.type === 'Identifier' ? n.name : String(n.value));

/**
 * What an expression of a CommonJS file reads of its own exports object while it evaluates
 * (`exports.rate * 2`, `module.exports.rate`, `const { rate } = exports`): the keys, null when
 * it uses the object otherwise (passes it, spreads it, a computed key), undefined when it does
 * not read it. A module whose statement assigning `exports.rate` changes computes such values
 * from the new one in a fresh process.
 */
export function ownExportReads(node: Node): Set<string> | null | undefined {
  let out: Set<string> | null | undefined;
  const isModuleExports = (n: Node): boolean => n.type === 'MemberExpression' && !n.computed && n.object.type === 'Identifier' && n.object.name === 'module' && nameOf(n.property) === 'exports';
  walkEvaluated(node, (n, parent) => {
    if (!(n.type === 'Identifier' && n.name === 'exports' && !isName(n, parent)) && !isModuleExports(n)) return;
    // (`module.exports = …` inside it writes the object, it does not read it.)
    if (out === null || (parent?.type === 'AssignmentExpression' && parent.left === n)) return;
    const key = parent?.type === 'MemberExpression' && parent.object === n ? (parent.computed ? (parent.property.type === 'Literal' ? String(parent.property.value) : undefined) : nameOf(parent.property)) : undefined;
    out = key === undefined ? null : (out ?? new Set()).add(key);
  });
  return out;
}

/** Calls that copy an object's keys or values as they are when they run. */
const COPIES = new Set(['Object.keys', 'Object.values', 'Object.entries', 'Object.assign', 'Object.freeze', 'JSON.stringify', 'structuredClone']);

/**
 * Which of `names` `node` copies whole while it evaluates, keys and values as they are then:
 * spread (`{ ...defaults }`, `[...list]`), `for (const k in o)`, `Object.entries(o)`,
 * `Object.assign(t, o)`, `JSON.stringify(o)`. An object updated in place later gains its new
 * keys, but such a copy (or the loop over it) has what it had.
 */
export function copiedWhole(node: Node, names: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  walkEvaluated(node, (n, parent) => {
    if (n.type !== 'Identifier' || !names.has(n.name) || isName(n, parent) || !parent) return;
    const copied =
      parent.type === 'SpreadElement' ||
      (parent.type === 'ForInStatement' && parent.right === n) ||
      (parent.type === 'CallExpression' && parent.arguments.includes(n) && COPIES.has(calleeName(parent.callee)));
    if (copied) out.add(n.name);
  });
  return out;
}

const calleeName = (c: Node): string =>
  c.type === 'Identifier' ? c.name : c.type === 'MemberExpression' && !c.computed && c.object.type === 'Identifier' ? `${c.object.name}.${nameOf(c.property)}` : '';

const FUNCTIONS = new Set(['FunctionExpression', 'ArrowFunctionExpression', 'FunctionDeclaration']);

/** Identifiers `node` refers to while it evaluates (see the header). */
export function readsOf(node: Node): Set<string> {
  const reads = new Set<string>();
  walkEvaluated(node, (n, parent) => {
    if (n.type === 'Identifier' && !isName(n, parent)) reads.add(n.name);
  });
  return reads;
}

/**
 * Visits what `node` evaluates when it runs: a function is created, not run, unless it is
 * called right here (immediately invoked, or a callback an array method calls before it
 * returns: `[1, 2].map((x) => x * BASE)`); a method runs when called, an instance field
 * when an instance is made.
 */
function walkEvaluated(node: Node, visit: (n: Node, parent: Node | null) => void): void {
  walk(node, (n, parent) => {
    if (FUNCTIONS.has(n.type)) return isCalled(n, parent) || calledInPlace(n, parent, true);
    if (n.type === 'MethodDefinition' || (n.type === 'PropertyDefinition' && !n.static)) return false;
    visit(n, parent);
    return undefined;
  });
}

/**
 * The functions `node` calls by name while it evaluates (`build()`, `new Store()`,
 * `make(x)(y)`'s `make`, `Square.create(1)` as `Square.create`, and `isEven` of
 * `nums.filter(isEven)`), as `readsOf` counts:
 * not inside functions it only creates.
 */
export function callsOf(node: Node): Set<string> {
  const calls = new Set<string>();
  walkEvaluated(node, (n, parent) => {
    if ((n.type === 'CallExpression' || n.type === 'NewExpression') && n.callee.type === 'Identifier') calls.add(n.callee.name);
    // A tagged template calls its tag (`html\`<p>${who}</p>\``, `db.sql\`…\``).
    if (n.type === 'TaggedTemplateExpression') {
      const t = n.tag as Node;
      if (t.type === 'Identifier') calls.add(t.name);
      else if (t.type === 'MemberExpression' && !t.computed && t.object.type === 'Identifier' && t.property.type === 'Identifier') calls.add(`${t.object.name}.${t.property.name}`);
    }
    // A function passed by name to an array method that calls it there (`nums.filter(isEven)`, `xs.forEach(register)`).
    if (n.type === 'Identifier' && parent?.type === 'CallExpression' && parent.callee !== n && calledInPlace(n, parent, true)) calls.add(n.name);
    const c = n.type === 'CallExpression' ? n.callee : undefined;
    if (c?.type === 'MemberExpression' && !c.computed && c.object.type === 'Identifier' && c.property.type === 'Identifier') calls.add(`${c.object.name}.${c.property.name}`);
  });
  return calls;
}

/** An identifier that names a property or a label, not a binding. */
function isName(n: Node, parent: Node | null): boolean {
  if (!parent) return false;
  if (parent.type === 'MemberExpression') return parent.property === n && !parent.computed;
  if (parent.type === 'Property' || parent.type === 'PropertyDefinition') return parent.key === n && !parent.computed && parent.value !== n;
  return parent.type === 'LabeledStatement' || parent.type === 'BreakStatement' || parent.type === 'ContinueStatement';
}

/** `(() => …)()`, `(function () { … })()`, `new (function () { … })()`. */
function isCalled(fn: Node, parent: Node | null): boolean {
  return !!parent && (parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.callee === fn;
}
