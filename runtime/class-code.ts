/**
 * The text of a class member as a refresh compiles it, and the scope it is compiled in.
 *
 * Members are compiled in the class scope hook: only there are the class's `#names` the
 * ones every instance carries (docs/design.md §4.1, §4.3). That hook also sees the module
 * scope of the version the class was created in. After a re-import the module's live scope
 * is a newer version's, which alone has the names the re-import added (a new import, a new
 * helper) and the current values of its mutable bindings; so there, a member's references to
 * module-level names are rewritten to read and write that scope through accessors
 * (`__v.o.name`, `outerScope`). The class object, its `#names` and its instances stay the ones
 * the program holds; only the names around it come from the newest version.
 */
import MagicString from 'magic-string';
import { importMetaRanges, position, type Node } from '../loader/analyze.js';
import { META_LOCAL, type Hook } from '../loader/contract.js';
import type { ClassStep } from '../loader/diff.js';
import { freeReferences, moduleNames } from '../loader/scope.js';
import type { ClassFamily } from './families.js';
import { redirect } from './redirect.js';
import { framed } from './framing.js';
import type { ModuleRecord } from './registry.js';

/** What compiling one class step needs. */
export interface ClassCompile {
  family: ClassFamily;
  url: string;
  /** The new text of the module. */
  source: string;
  step: ClassStep;
  /** Where module-level names are read from (`outerScope`); null: the class's own module scope. */
  outer: Outer | null;
  /** The module's live home scope hook: a new extends clause is evaluated there. */
  home: Hook;
  /** The module (on the patch path): the closures of changed members follow (runtime/closures.ts). */
  record?: ModuleRecord;
}

/** Module-level names a member reads through the newest version's scope, and the accessors it reads them with. */
export interface Outer {
  names: ReadonlySet<string>;
  accessors: object;
}

/**
 * What compiled class code gets as `__v` from the hook: `p`, the object its `super` resolves
 * from (ClassFamily.supers), and `o`, the accessors of `Outer`.
 */
export function hookValue(family: ClassFamily, isStatic: boolean, outer: Outer | null): { p: object; o: object | undefined } {
  return { p: isStatic ? family.supers.statics : family.supers.proto, o: outer?.accessors };
}

/**
 * Where code compiled in `family`'s class scope must read module-level names: null while the
 * class's own module version is the live one (`home`), else the names of the live version
 * (`program`) that its class scope would read from the wrong version. Left out are names
 * both scopes bind to the same value and keep so: functions and classes (every version
 * binds a family's handle or class object), `const`s (a changed one is assigned in every
 * version, runtime/reimport.ts `adopt`) and imports (both versions' import the same export;
 * only an exporter that was itself re-imported and reassigns an exported `let` afterwards
 * could part them). Names new in the live version, and `let`s and `var`s, which the
 * program writes there, are read through it.
 */
export function outerScope(record: ModuleRecord, family: ClassFamily, program: Node, source: string, home: Hook): Outer | null {
  if (family.home === home) return null;
  const names = new Set<string>();
  for (const [name, binding] of moduleNames(program, source)) {
    if (name === family.binding) continue; // inside the class, the class itself
    // What the live version binds the name to for good (a re-import binds it so in `adopt`).
    const fn = record.fns.get(name);
    const cls = record.classes.get(name);
    const stable = binding !== 'other' ? () => home(name) : fn ? () => fn.handles[0] : cls ? () => cls.cls : undefined;
    if (stable && bindsTo(family.hook, name, stable)) continue;
    names.add(name);
  }
  return accessorsOf(names, home);
}

function accessorsOf(names: Set<string>, home: Hook): Outer {
  // Accessors on a class's prototype: an object literal with accessors is a dictionary-mode
  // object, whose getters V8 does not inline (measured, Node 20: 22 ns a read against 3).
  const key = (n: string): string => (n === 'constructor' ? '["constructor"]' : n);
  const list = [...names].map((n) => `get ${key(n)}(){return ${n}}set ${key(n)}(__lm$v){${n}=__lm$v}`);
  return { names, accessors: list.length ? (home(`new(class{${list.join('')}})`) as object) : {} };
}

function bindsTo(hook: Hook, name: string, value: () => unknown): boolean {
  try {
    return hook(name) === value();
  } catch {
    return false; // not bound there, or not initialized yet
  }
}

/**
 * The source as a compile of `node` needs it: `import.meta` as the prologue's capture of it
 * (docs/design.md §4.8), and references to `outer`'s names through its accessors. Callers
 * make further edits and slice out the node.
 */
export function editable(source: string, node: Node, outer: Outer | null): MagicString {
  const ms = new MagicString(source);
  for (const [s, e] of importMetaRanges(node)) ms.overwrite(s, e, META_LOCAL.padEnd(e - s));
  if (outer) redirect(ms, node, outer.names, '__v.o');
  return ms;
}

/** Does `node` read or write any of `outer`'s names? */
export function readsOuter(node: Node, outer: Outer): boolean {
  return freeReferences(node, outer.names).length > 0;
}


/** A member's text compiled in the class's scope, as a method of an object literal whose `super` is the class's (docs/design.md §4.1). */
export function compileIn(c: ClassCompile, n: Node, text: string, isStatic: boolean): any {
  const at = position(c.source, n.start);
  return c.family.hook(framed(c.url, at.line, at.column, `({__proto__:__v.p,`, text, `})`), hookValue(c.family, isStatic, c.outer));
}

/** An expression of the class's text, framed for its class scope hook (which gets `hookValue`). */
export function classExpression(c: ClassCompile, value: Node, before: string, after: string): string {
  const at = position(c.source, value.start);
  return framed(c.url, at.line, at.column, before, editable(c.source, value, c.outer).slice(value.start, value.end), after);
}
