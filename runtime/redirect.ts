/**
 * Compiled code that reaches names another scope keeps: its free references to them become
 * property accesses of an object that reads and writes that scope — a newer version's scope
 * (runtime/class-code.ts), or a module's extra scope (runtime/extras.ts).
 */
import type MagicString from 'magic-string';
import { walk, type Node } from '../loader/analyze.js';
import { freeReferences, type Reference } from '../loader/scope.js';

/**
 * Rewrites the references under `root` to `names` that nothing under it shadows into
 * property accesses of the object at `through` (`through.name`): how compiled code reaches
 * names another scope keeps.
 */
export function redirect(ms: MagicString, root: Node, names: ReadonlySet<string>, through: string): void {
  const refs = freeReferences(root, names);
  const starts = refs.some((r) => r.callee) ? listStatementStarts(root) : new Set<number>();
  for (const r of refs) {
    const text = redirected(r, through);
    // `(0,__v.o.f)(…)` first in a statement after a line with no `;` would call that line's
    // value (`this.set(…)\n  f(this)` read as `this.set(…)(0,…)(this)`): end the line first.
    ms.overwrite(r.node.start, r.node.end, text.startsWith('(') && starts.has(r.node.start) ? `;${text}` : text);
  }
}

/** Where the expression statements of statement lists under `root` start (an empty statement may go before them). */
function listStatementStarts(root: Node): Set<number> {
  const out = new Set<number>();
  const lists = new Set(['Program', 'BlockStatement', 'StaticBlock', 'SwitchCase']);
  walk(root, (n, parent) => {
    if (n.type === 'ExpressionStatement' && parent && lists.has(parent.type)) out.add(n.start);
  });
  return out;
}

function redirected(r: Reference, via: string): string {
  const name = r.node.name as string;
  const through = `${via}.${name}`;
  if (r.shorthand) return `${name}:${through}`;
  // A call through the accessor object would pass it as `this`.
  return r.callee && !r.write ? `(0,${through})` : through;
}
