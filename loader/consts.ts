/**
 * Top-level constants that stay `const` in the instrumented text (docs/design.md §3.10). Pure.
 *
 * V8 folds a module-scope `const` into the optimized code that reads it (a hot read of
 * `const MASK = 7` costs 0.4–0.6 ns; the same name as a `let`, 2.4–2.5 ns, on Node 22–26), so
 * the instrumenter keeps a `const` a `const` where nothing limeade emits must assign it: a
 * declaration whose every declarator holds a plain value (not a function or a class, which
 * become handles and continued classes), and which is not exported (an exported binding is
 * a module cell that V8 does not fold either way, and importers read it live, so a refresh
 * must assign it there). When an edit changes such a constant, the refresh moves it to the
 * module's extra scope and compiles its readers again (runtime/consts.ts).
 *
 * A declarator may also hold a function nothing can hold (loader/unheld.ts: a module-private
 * helper only ever called by name, `const isDigit = (c) => c >= 48 && c <= 57`) whose
 * parameters are plain names: it stays `const` and gets a guard instead of a binding a
 * refresh assigns (loader/instrument.ts), since every call of a `let` helper reads the
 * binding again where a `const` one is folded (the tokenizer of bench/calls.mjs ran 5–7%
 * slower with its two arrow helpers made `let`, Node 24 and 26; docs/benchmarks.md run 24).
 */
import { topLevel, type Item, type Node } from './analyze.js';
import { guarded } from './handles.js';
import { calledOnlyByName } from './unheld.js';

/** The top-level `const` declarations the instrumented text keeps `const`. */
export function keptConstDeclarations(program: Node, items: readonly Item[], unheld?: ReadonlySet<string>): Set<Node> {
  const exported = new Set<string>();
  for (const s of program.body as Node[]) {
    if (s.type === 'ExportNamedDeclaration' && !s.declaration && !s.source)
      for (const sp of s.specifiers as Node[]) if (sp.local.type === 'Identifier') exported.add(sp.local.name);
  }
  const byDecl = new Map<Node, Item[]>();
  for (const it of items) {
    if (it.kind !== 'var' || it.anonymousDefault || it.declKind !== 'const' || it.stmt.type !== 'VariableDeclaration') continue;
    const list = byDecl.get(it.stmt) ?? [];
    list.push(it);
    byDecl.set(it.stmt, list);
  }
  const out = new Set<Node>();
  const held = (): ReadonlySet<string> => (unheld ??= calledOnlyByName(program, items));
  for (const [decl, list] of byDecl)
    if (list.every((it) => (it.init === 'value' && !it.names.some((n) => exported.has(n))) || (it.init === 'function' && guardedHelper(it) && held().has(it.name)))) out.add(decl);
  return out;
}

/** A function declarator a kept `const` may hold: a plain-parameter arrow or function expression, guarded in place. */
const guardedHelper = (it: Item): boolean => {
  const init = it.node.init as Node | null | undefined;
  return !!it.name && !!init && (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression') && guarded(init);
};

/** The names bound by the constants a text keeps `const` (keptConstDeclarations). */
export function keptConstNames(program: Node, source: string): Set<string> {
  const items = topLevel(program, source);
  const decls = keptConstDeclarations(program, items);
  return new Set(items.filter((it) => decls.has(it.stmt)).flatMap((it) => it.names));
}
