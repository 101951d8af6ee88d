/**
 * Functions nothing can hold (docs/design.md §5, "what needs a guard or handle"): a top-level
 * function of a module that the module never exports, passes, stores or reads other than by
 * calling it by name (`isDigit(c)`). No other code can get hold of it, so it needs no guard and
 * no handle: a refresh assigns its new code to the binding (runtime/patch.ts, as for any name
 * without a family), and every call, made by name, runs it. Pure: nodes in, names out.
 *
 * Why: a guard is bytecode in every guarded function, so a tiny helper (`const isDigit = (c) =>
 * c >= 48 && c <= 57`) no longer fits what V8 inlines for free (27 bytes) and spends its
 * callers' inlining budget; the tokenizer workload of bench/calls.mjs, whose helpers are all
 * module-private, ran ~1.1–1.2x plain with them guarded (docs/benchmarks.md run 13).
 *
 * Over-approximate on purpose: any other use of the name anywhere in the module, shadowed or
 * not (`typeof f`, `f.call`, `new f`, `{ f }`, `export { f }`, `module.exports = f`, an
 * assignment, a parameter of that name), counts as holding it. A later edit that starts
 * holding one makes the differ re-import the module (loader/diff.ts), whose version gives it
 * a guard.
 */
import { walk, type Item, type Node } from './analyze.js';

/** The names of the top-level functions in `items` that are only ever called by name. */
export function calledOnlyByName(program: Node, items: readonly Item[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const it of items)
    for (const name of it.names) {
      if (seen.has(name)) twice.add(name);
      seen.add(name);
    }
  const candidates = new Set<string>();
  for (const it of items) {
    const fn = it.kind === 'function' || (it.kind === 'var' && it.init === 'function');
    const exported = it.stmt.type === 'ExportNamedDeclaration' || it.stmt.type === 'ExportDefaultDeclaration';
    if (fn && it.name && !exported && !it.anonymousDefault && !twice.has(it.name)) candidates.add(it.name);
  }
  // Exported by an export statement (`export default add`, lodash-es's way): no walk needed for those.
  for (const s of program.body as Node[]) {
    if (s.type === 'ExportDefaultDeclaration' && s.declaration.type === 'Identifier') candidates.delete(s.declaration.name);
    if (s.type === 'ExportNamedDeclaration' && !s.declaration) for (const sp of s.specifiers as Node[]) candidates.delete(sp.local.name);
  }
  if (!candidates.size) return candidates;
  for (const name of heldIn([program], candidates, declaringIds(items))) candidates.delete(name);
  return candidates;
}

/** The identifiers top-level function items declare their names with. */
export function declaringIds(items: readonly Item[]): Set<Node> {
  return new Set(items.filter((it) => it.kind === 'function' || (it.kind === 'var' && it.init === 'function')).map(idOf));
}

/** The names of `names` that code under `roots` uses other than by calling them by name (`ids`: their declarations). */
export function heldIn(roots: readonly Node[], names: ReadonlySet<string>, ids: ReadonlySet<Node>): Set<string> {
  const held = new Set<string>();
  for (const root of roots)
    walk(root, (n, parent) => {
      if (n.type === 'Identifier' && names.has(n.name) && !ids.has(n) && !byName(n, parent)) held.add(n.name);
    });
  return held;
}

/** The identifier a function item declares its name with (a declaration's, or its declarator's). */
const idOf = (it: Item): Node => it.node.id as Node;

/** Is this identifier a call by name, or no reference at all (a property key, a label)? */
function byName(n: Node, parent: Node | null): boolean {
  if (!parent) return false;
  switch (parent.type) {
    case 'CallExpression':
      return parent.callee === n;
    case 'MemberExpression':
      return parent.property === n && !parent.computed;
    case 'Property':
      return parent.key === n && !parent.computed && !parent.shorthand;
    case 'MethodDefinition':
    case 'PropertyDefinition':
      return parent.key === n && !parent.computed;
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return true;
    default:
      return false;
  }
}
