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
}

export function linksOf(program: Node, source: string): ModuleLinks {
  const links: ModuleLinks = { imports: new Map(), exports: new Map(), stars: [], values: [], mutable: new Set() };
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
  return links;
}

const nameOf = (n: Node): string => (n.type === 'Identifier' ? n.name : String(n.value));

const FUNCTIONS = new Set(['FunctionExpression', 'ArrowFunctionExpression', 'FunctionDeclaration']);

/** Identifiers `node` refers to while it evaluates (see the header). */
export function readsOf(node: Node): Set<string> {
  const reads = new Set<string>();
  walk(node, (n, parent) => {
    // A function is created, not run, unless it is called right here.
    if (FUNCTIONS.has(n.type)) return isCalled(n, parent);
    // A method runs when called; an instance field when an instance is made.
    if (n.type === 'MethodDefinition' || (n.type === 'PropertyDefinition' && !n.static)) return false;
    if (n.type === 'Identifier' && !isName(n, parent)) reads.add(n.name);
    return undefined;
  });
  return reads;
}

/**
 * The functions `node` calls by name while it evaluates (`build()`, `new Store()`,
 * `make(x)(y)`'s `make`), as `readsOf` counts: not inside functions it only creates.
 */
export function callsOf(node: Node): Set<string> {
  const calls = new Set<string>();
  walk(node, (n, parent) => {
    if (FUNCTIONS.has(n.type)) return isCalled(n, parent);
    if (n.type === 'MethodDefinition' || (n.type === 'PropertyDefinition' && !n.static)) return false;
    if ((n.type === 'CallExpression' || n.type === 'NewExpression') && n.callee.type === 'Identifier') calls.add(n.callee.name);
    return undefined;
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
