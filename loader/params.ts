/**
 * Parameters with defaults or patterns, for a guard (issue 13, docs/design.md §3.7): in
 * `({ id }, limit = 10) => …` the old code would destructure and evaluate the defaults
 * before a guard first in the body could hand the call to new code, which then does it again
 * with the values already taken apart. So the guarded function gets plain parameters
 * (`(__lmp$0, __lmp$1 = undefined)`) and the original ones move, unchanged, to just after
 * its guard as `var` declarations (`var { id } = __lmp$0; var limit = __lmp$1 === undefined ?
 * (10) : __lmp$1;`): evaluated once, by whichever code is in force, in the same order. The
 * function keeps its `length` (parameters from the first default on get a default of their
 * own, `undefined`, which changes no value). Pure: nodes in, MagicString edits out.
 */
import type MagicString from 'magic-string';
import { patternNames, walk, type Node } from './analyze.js';

export const PARAM = (i: number): string => `__lmp$${i}`;

/** Are all parameters plain names (nothing to lower)? */
export const plainParams = (fn: Node): boolean => (fn.params as Node[]).every((p) => p.type === 'Identifier');

/**
 * Why `fn`'s parameters cannot move into its body, or undefined. A function or class in a
 * default would be created in the body's scope instead of the parameters'; a function
 * declared in the body with a parameter's name would be overwritten by the moved `var`.
 */
export function unlowerable(fn: Node): string | undefined {
  if (plainParams(fn)) return undefined;
  let nested = false;
  for (const p of fn.params as Node[])
    walk(p, (n) => {
      if (n.type.startsWith('Function') || n.type.startsWith('Arrow') || n.type.startsWith('Class')) nested = true;
      return nested ? false : undefined;
    });
  if (nested) return 'a default value of its parameters makes a function or class';
  const names = new Set((fn.params as Node[]).flatMap((p) => patternNames(p)));
  const body = fn.body as Node;
  if (body.type === 'BlockStatement' && (body.body as Node[]).some((s) => s.type === 'FunctionDeclaration' && names.has(s.id?.name)))
    return 'it declares a function named like one of its parameters';
  return undefined;
}

/** The plain parameter list that replaces `fn`'s (what its guard forwards: `forward`). */
export function loweredParams(fn: Node): { list: string[]; forward: string[] } {
  const list: string[] = [];
  const forward: string[] = [];
  let optional = false;
  (fn.params as Node[]).forEach((p, i) => {
    if (p.type === 'RestElement') {
      const name = p.argument.type === 'Identifier' ? (p.argument.name as string) : PARAM(i);
      list.push(`...${name}`);
      forward.push(`...${name}`);
      return;
    }
    if (p.type === 'AssignmentPattern') optional = true;
    const name = p.type === 'Identifier' ? (p.name as string) : PARAM(i);
    list.push(optional && p.type !== 'Identifier' ? `${name}=undefined` : name);
    forward.push(name);
  });
  return { list, forward };
}

/** What binds parameter `p` (the `i`th) from its plain stand-in, `text(node)` giving a node's code. */
function binding(p: Node, i: number, text: (n: Node) => string): string {
  if (p.type === 'Identifier') return '';
  if (p.type === 'RestElement') return p.argument.type === 'Identifier' ? '' : `var ${text(p.argument)}=${PARAM(i)};`;
  if (p.type === 'AssignmentPattern') return `var ${text(p.left)}=${PARAM(i)}===undefined?(${text(p.right)}):${PARAM(i)};`;
  return `var ${text(p)}=${PARAM(i)};`;
}

/** The declarations that bind `fn`'s parameters in its body (for code compiled from a slice). */
export function paramPrologue(fn: Node, text: (n: Node) => string): string {
  return (fn.params as Node[]).map((p, i) => binding(p, i, text)).join('');
}

/**
 * Rewrites `fn`'s parameters in `ms` to the plain list and moves the original ones to `at`
 * (a position in the body: right after its guard, which must already be appended there), as
 * the declarations of paramPrologue. Their text moves with whatever other edits it carries.
 */
export function lowerParams(fn: Node, ms: MagicString, at: number): void {
  const { list } = loweredParams(fn);
  (fn.params as Node[]).forEach((p, i) => {
    const plain = list[i]!;
    if (p.type === 'Identifier' || (p.type === 'RestElement' && p.argument.type === 'Identifier')) return;
    const moved = p.type === 'RestElement' ? (p.argument as Node) : p;
    // The plain name stays where the parameter was (`...` of a rest parameter stays too).
    ms.appendLeft(moved.start, plain.startsWith('...') ? PARAM(i) : plain);
    ms.prependRight(moved.start, 'var ');
    if (moved.type === 'AssignmentPattern') {
      ms.prependRight(moved.right.start, `${PARAM(i)}===undefined?(`);
      ms.appendLeft(moved.right.end, `):${PARAM(i)}`);
    } else ms.appendLeft(moved.end, `=${PARAM(i)}`);
    ms.appendLeft(moved.end, ';');
    ms.move(moved.start, moved.end, at);
  });
}
