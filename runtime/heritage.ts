/**
 * A changed extends clause (docs/design.md §2.2: "a new `extends` clause re-parents the same
 * class object"): the class and its prototype are linked to the new parent, as
 * `class … extends` links a new class, so `super(…)` in its constructor (which follows the
 * class's [[Prototype]], loader/ctor.ts) and `super.m()` reach the new parent, for instances
 * made before and after.
 */
import { position, type Node } from '../loader/analyze.js';
import type { ClassCompile } from './class-code.js';
import type { ClassFamily } from './families.js';
import { linkPoint, prototypeParent } from './class-writes.js';
import { framed, sliceForEval } from './framing.js';
import { runProgram, type Op } from './ops.js';
import type { UndoLog } from './undo.js';

/**
 * The phase-1 operation that links the class to the value of `node` (null: no extends
 * clause). The clause is the program's code: evaluated in the module's live scope, then
 * given to a throwaway class as its parent, which throws what a class declaration throws for
 * a value that cannot be one, and hands over the two parents a class would get.
 */
export function heritageOp(c: ClassCompile, node: Node | null, notes: string[]): Op {
  const { family, step } = c;
  const cls = family.cls;
  const at = node && position(c.source, node.start);
  const code = node && at ? framed(c.url, at.line, at.column, '(', sliceForEval(c.source, node), ')') : null;
  const probe = at ? framed(c.url, at.line, at.column, '', '(class extends __v{})', '') : '';
  notes.push(
    node
      ? `class ${step.name} now extends ${c.source.slice(node.start, node.end)}: the class and its prototype are re-linked, so instances made before inherit its methods too, but not what its constructor or fields set (they were constructed before): restart for those`
      : `class ${step.name} no longer extends anything: the class and its prototype are re-linked, so instances made before no longer inherit`,
  );
  if (!node && family.derived)
    notes.push(`class ${step.name} was created with an extends clause: its constructor still calls super(), which an empty base class answers until a restart`);
  return {
    phase: 1,
    label: `${step.name} (extends)`,
    node: node ?? step.node,
    apply(undo) {
      const linked = code === null ? null : (runProgram(() => c.home(probe, c.home(code))) as Function);
      const protoParent = linked ? Object.getPrototypeOf(linked.prototype) : Object.prototype;
      // A class created derived calls super() whatever its text says now: something must answer it.
      const ctorParent = linked ? Object.getPrototypeOf(linked) : family.derived ? EMPTY_BASE : Function.prototype;
      // A cycle or a frozen class is the program's doing.
      runProgram(() => {
        relink(linkPoint(family), protoParent, undo);
        relink(cls, ctorParent, undo);
      });
      syncSupers(family, undo);
    },
  };
}

/**
 * Point `super` of the members refreshes compiled (ClassFamily.supers) at the class's
 * parents as they are now: after a changed extends clause, or where the program re-linked
 * the class itself (a mixin).
 */
export function syncSupers(family: ClassFamily, undo: UndoLog): void {
  const parent = Object.getPrototypeOf(family.cls) as object | null;
  relink(family.supers.proto, prototypeParent(family), undo);
  relink(family.supers.statics, parent === EMPTY_BASE ? Function.prototype : parent, undo);
}

/** The parent of a class created derived whose text no longer extends anything: `super()` in its constructor makes the instance. */
const EMPTY_BASE = function () {};

function relink(o: object, parent: object | null, undo: UndoLog): void {
  const before = Object.getPrototypeOf(o) as object | null;
  if (before === parent) return;
  Object.setPrototypeOf(o, parent);
  undo.push(() => Object.setPrototypeOf(o, before));
}
