/**
 * diff: old source + new source → patch plan. Pure.
 *
 * Declarations are matched by name, other top-level statements by a longest-common-
 * subsequence of their texts (so two identical statements are two statements, docs/design.md §2.3).
 * The plan lists, in source order, what a patch must compile and evaluate; `shape` says why
 * the module must be re-imported instead (docs/design.md §2.6, §3.6).
 */
import {
  assignsModuleExports,
  classMembers,
  exportsTarget,
  exportSignature,
  hasTopLevelAwait,
  importSignature,
  isDirective,
  isFunctionNode,
  memberId,
  parseModule,
  position,
  shadowedDeclarations,
  topLevel,
  type Item,
  type Member,
  type Node,
  walk,
} from './analyze.js';
import { declaringIds, heldIn } from './unheld.js';
import { blankedText, inlineFunctions, inlineRoot, inlineUnguardable, isInvoked, localNames, mentions } from './inline.js';
import { changeRegions, handsTo, lexical, statementConsts, statementShared } from './closures.js';
import { linkChanges, type InPlaceLinks } from './extras.js';
import { freeReferences, writtenNames } from './scope.js';
import { forwardElements, forwardFunctions, keepFunctions, literalProps, objectChange, type ElementForward, type ObjectChange } from './objects.js';
import { lcsPairs } from './lcs.js';
import { arrowRestParameter } from './handles.js';
import { layoutFreeKeys, sameBlanked, sameCode } from './layout.js';
import { reparse } from './reparse.js';

export { lcsMatches, lcsPairs } from './lcs.js';

export { commonPrefix, commonSuffix } from './reparse.js';

export interface FnStep {
  type: 'fn';
  name: string;
  node: Node;
  /** A function declaration (the text is a declaration) or a function/arrow expression. */
  declaration: boolean;
  /** A name the module did not bind: the function lives in its extra scope (runtime/extras.ts). */
  fresh?: true;
  /** Its text did not change: it reads a constant that an edit changed, and is compiled again to read it where it lives now (runtime/consts.ts). */
  reread?: true;
}
export interface ValueStep {
  type: 'value';
  item: Item;
  /** Its text did not change: it reads a value that did, so it is evaluated again (docs/design.md §2.3). */
  derived?: boolean;
  /** A plain object literal on both sides: the properties to update in the object the program holds (docs/design.md §2.2). */
  object?: ObjectChange | undefined;
  /** An array literal on both sides: the old elements' functions whose calls go to the new array's (loader/objects.ts forwardElements). */
  elements?: ElementForward[];
  /** Its text did not change: it reads a constant that an edit changed, and is compiled again to read it where it lives now (runtime/consts.ts). */
  reread?: true;
  /** An empty `[]`, `{}`, `new Map()` or `new Set()` that state builders fill: emptied where it is rather than made anew (runtime/builders.ts). */
  emptied?: true;
}
export interface MemberChange {
  id: string;
  member: Member;
  change: 'added' | 'changed' | 'removed';
  /** Its text did not change: it is compiled again to read module-level names from the live version (runtime/classes.ts `withOuterReaders`). */
  reads?: true;
}
export interface ClassStep {
  type: 'class';
  name: string;
  node: Node;
  members: MemberChange[];
  /** The extends clause changed: the new parent expression (null: none). */
  heritage?: { node: Node | null };
  /** Its text did not change: static fields that read a value that changes, evaluated again (runtime/derive.ts). */
  derived?: true;
  /** Its text did not change: it reads a constant that an edit changed, and is compiled again to read it where it lives now (runtime/consts.ts). */
  reread?: true;
}
export interface RunStep {
  type: 'run';
  node: Node;
  /**
   * Members the statement builds again (`block.normal = { ...block }` run again after
   * `block` changed, runtime/derive.ts): the object a member held before takes what the
   * statement made and stays there, as an object literal updated in place does, so what
   * took it before (an instance's `this.rules`) sees the new one (runtime/patch.ts).
   */
  refill?: Array<{ root: string; key: string }>;
  /**
   * `X.prototype = { … }`, `module.exports.config = { … }` changed outside its functions'
   * bodies, paired with the running text's statement assigning the same member a literal: the
   * object the member holds is updated in place (runtime/patch.ts objectUpdate), as a
   * top-level `const x = { … }` is, instead of the statement running (docs/design.md §2.2).
   */
  object?: { target: Node; change: ObjectChange; owner?: number };
  /**
   * After a statement that builds an object again: its keys in the order a fresh process
   * gives them (its literal's, then the statements' in source order; those the program
   * added after them), as statements that ran again re-added theirs last.
   */
  order?: Array<{ root: string; keys: string[] }>;
  /**
   * An `Object.assign(target, mix)` run again because `mix`'s keys change (runtime/derive.ts
   * withAssignCopies): what `mix` held when the refresh began, by key, so that a key it lost is
   * taken off `target` where the copy put it (runtime/patch.ts uncopy).
   */
  copied?: Map<PropertyKey, unknown>;
}
/**
 * A statement or declaration whose only change is inside the bodies of its inline functions
 * (loader/inline.ts): those functions get new code through their holders, and the owner is
 * neither run nor evaluated again (docs/design.md §2.1).
 */
export interface InlineStep {
  type: 'inline';
  /** The statement or declaration (where an error is reported). */
  node: Node;
  /** Where the running version keeps the holders: a declaration's name, or the statement's old index. */
  owner: string | number;
  /** The changed functions, by ordinal in the owner, as the new version has them (`old`: the running text's, in its source). */
  fns: Array<{ ordinal: number; node: Node; old: Node; consts?: readonly string[]; shared?: readonly string[] }>;
  /**
   * What to do instead when the program holds no guarded closures of this owner: it ran
   * again since it loaded, and what that made has no guards (runtime/patch.ts).
   */
  fallback: RunStep | ValueStep;
  /** Its text did not change: it reads a constant that an edit changed, and is compiled again to read it where it lives now (runtime/consts.ts). */
  reread?: true;
  /**
   * A statement kept by a re-import (its functions take their new text there): what running
   * it again instead takes (`reimportFallback`), where the program holds none of its guarded
   * functions — its new index, its running index and text.
   */
  rerun?: { index: number; was: number; text: string };
}

/** A re-import's plan runs the statement of `step` (InlineStep.rerun) again, as the plan of one that cannot keep it does. */
export function reimportFallback(plan: Plan, step: InlineStep): void {
  const r = step.rerun;
  if (!r) return;
  plan.inlineEdited?.delete(r.text);
  plan.runStatements[r.index] = true;
  if (plan.statementMap) plan.statementMap[r.was] = -1;
  plan.steps[plan.steps.indexOf(step)] = step.fallback;
}
export type Step = FnStep | ValueStep | ClassStep | RunStep | InlineStep;

/** Steps in the order of the new text (a patch runs them in that order). */
export const inSourceOrder = (steps: readonly Step[]): Step[] => [...steps].sort((a, b) => stepStart(a) - stepStart(b));
const stepStart = (s: Step): number => (s.type === 'value' ? s.item.node.start : s.node.start);

/**
 * Gates the new text's statement `index` to run again, in a plan's gates (copies the caller
 * made): its running counterpart, if the statement map has one, counts as replaced, so what
 * it registered is undone first (runtime/effects.ts).
 */
export function rerunStatement(runStatements: boolean[], statementMap: number[] | undefined, index: number): void {
  runStatements[index] = true;
  const old = statementMap?.indexOf(index) ?? -1;
  if (statementMap && old >= 0) statementMap[old] = -1;
}

export interface Plan {
  /** Why the module must be re-imported, or null when a patch can apply it. */
  shape: string | null;
  steps: Step[];
  /** Top-level names that the new version no longer declares. */
  removed: string[];
  /** Top-level names that changed between function and class (a re-import): their value changes, so what reads them is evaluated again. */
  kindChanged?: string[];
  /** Import bindings the new version no longer has (in place: the extra scope lets go of those it holds). */
  removedImports?: string[];
  /** For the new version's statements, in order: run it (new or changed) or not. */
  runStatements: boolean[];
  /**
   * For the old version's statements, in order: its index in the new version, or -1
   * (removed, or runs again). Undefined: the statements did not change (a plan of derived values).
   */
  statementMap: number[] | undefined;
  /** Statements patched in place (inline steps), old text → new text: what owns their `import.meta.hot` registrations now. */
  inlineEdited?: Map<string, string>;
  /**
   * Statements whose only change is inside their inline functions, old index → new index,
   * kept when a re-import runs them again anyway: the closures their old functions made
   * are paired with the new ones' (runtime/closures.ts carryClosures).
   */
  inlinePairs?: Map<number, number>;
  /** Simple declarators (with a value or none) whose text did not change: their values carry over. */
  carry: string[];
  /** Of `carry`, names the new text gives a value an old declaration of another name held (its initializer unchanged): new → old. */
  carryRenamed?: Map<string, string>;
  /** Carried declarators emptied in place before the version fills them again (runtime/builders.ts). */
  emptied?: string[];
  /**
   * Classes both versions declare: a re-import continues the running class object, changed
   * in place where the new version declares it (runtime/reimport.ts).
   */
  classes: string[];
  /** The export declarations' text changed (what the module exports may have). */
  exportsChanged?: boolean;
  /**
   * Classes the new text declares under another name, exported as the old one was (a
   * bundler's `class Renderer` → `var _Renderer = class`, `export { _Renderer as Renderer }`):
   * new name → old name. A re-import continues the running class under the new name.
   */
  renamedClasses?: Map<string, string>;
  /** Things the user should know (limits that applied). */
  notes: string[];
  unchanged: number;
  /** Every top-level name of the old and the new version: all stay bound in the live scope. */
  declared: string[];
  /** The new version, parsed: the old version of the next diff. */
  program: Node;
  /**
   * New top-level names, imports and exports applied in place, in the module's extra scope
   * (runtime/extras.ts); undefined when there are none, or when `shape` says a re-import.
   */
  extras?: PlanExtras | undefined;
  /**
   * Constants of the live scope this refresh assigns, with their values now: they move to the
   * extra scope before any code is swapped (runtime/consts.ts).
   */
  moved?: ReadonlyMap<string, unknown> | undefined;
  /**
   * A re-import that gives moved constants new values: the functions of the running text that
   * read them, compiled again before the new version takes over (runtime/consts.ts).
   */
  movedReaders?: Step[] | undefined;
}

export interface PlanExtras extends InPlaceLinks {
  /** Every name the extra scope gains: new declarations and new import bindings. */
  names: string[];
}

type Category = 'function' | 'class' | 'value';

/** The function a function item declares (`function f`, `const f = function…`, `export default function`). */
const functionNode = (it: Item): Node => (it.kind === 'function' || it.anonymousDefault ? it.node : it.node.init);

function category(it: Item): Category {
  return it.kind === 'function' || it.init === 'function' ? 'function' : it.kind === 'class' || it.init === 'class' ? 'class' : 'value';
}

const bindingKey = (it: Item): string => (it.name ? it.name : it.names.join(','));

/** Why a module that could be patched is imported again: another module links against what it exports, or its namespace does. */
export const LINKED = 'imported again to link against exports added in place';

/**
 * `known`: names the live module scope already binds (declared by an earlier version and
 * since removed from the text); declaring them again needs no re-import.
 */
export function diff(oldSource: string, newSource: string, known: ReadonlySet<string> = new Set(), oldParsed?: Node, guardedFns?: ReadonlySet<string>, inPlace = true): Plan {
  // (`inPlace` false: a re-import, for any change; runtime/plan.ts asks it of a module that must link again.)
  // The previous refresh parsed the old version already: one parse per refresh, not two.
  const oldProgram = oldParsed ?? parseModule(oldSource);
  const oldItems = topLevel(oldProgram, oldSource);
  // With the old parse at hand only the changed statements are parsed again; the rest of
  // the old parse is shared as it is, or copied to its new offset (oldParsed never changes).
  const program = (oldParsed && reparse(oldSource, oldParsed, newSource)) || parseModule(newSource);
  const items = topLevel(program, newSource);
  const names = new Set<string>();
  for (const list of [oldItems, items]) for (const it of list) if (!it.anonymousDefault) for (const n of it.names) names.add(n);
  const declared = [...names];
  const plan: Plan = { shape: null, steps: [], removed: [], runStatements: [], statementMap: [], carry: [], classes: [], notes: [], unchanged: 0, declared, program };
  const shape = (reason: string): void => {
    plan.shape ??= reason;
  };
  plan.notes.push(...shadowedEdits(oldProgram, oldSource, program, newSource));

  // New names, imports and exports go to the module's extra scope when nothing else changes
  // what a name means (loader/extras.ts); `inPlace: false` asks for the re-import instead.
  const importsChanged = importSignature(oldProgram, oldSource).join('\n') !== importSignature(program, newSource).join('\n');
  const exportsChanged = exportSignature(oldProgram, oldSource).join('\n') !== exportSignature(program, newSource).join('\n');
  const extras: PlanExtras = { names: [], imports: [], loads: [], exports: [] };
  /** Can `names` be new names of the extra scope? Not if old code refers to them: it means a global by them, which the new name would replace. */
  const freshInPlace = (names: readonly string[]): boolean => inPlace && (!names.length || !freeReferences(oldProgram, new Set(names)).length);
  if (exportsChanged) plan.exportsChanged = true;
  if (importsChanged || exportsChanged) {
    const links = inPlace ? linkChanges(oldProgram, oldSource, program, newSource) : { reason: importsChanged ? 'imports changed' : 'exports changed' };
    if ('reason' in links) shape(links.reason);
    else if (!freshInPlace(links.imports.map((b) => b.local))) shape('imports changed');
    else {
      const { dropped, ...added } = links;
      Object.assign(extras, added);
      extras.names.push(...links.imports.map((b) => b.local));
      if (dropped.length) plan.removedImports = dropped;
    }
  }
  // A function that had no guard (nothing could hold it, loader/unheld.ts) and that new code holds: its version gets one.
  const unguarded = new Set(guardedFns ? oldItems.filter((i) => i.name && (i.kind === 'function' || (i.kind === 'var' && i.init === 'function')) && !guardedFns.has(i.name)).map((i) => i.name) : []);
  if (unguarded.size) {
    const oldTexts = new Set(oldItems.map((i) => i.text));
    const changed = items.filter((i) => !oldTexts.has(i.text)).map((i) => (i.kind === 'stmt' ? i.stmt : i.node));
    for (const name of heldIn(changed, unguarded, declaringIds(items))) shape(`${name} is now passed, stored or exported (it was only called by name, with no guard)`);
  }

  const oldByKey = new Map<string, Item>();
  for (const it of oldItems) if (it.kind !== 'stmt' && it.kind !== 'import' && it.kind !== 'export') oldByKey.set(bindingKey(it), it);
  const oldNames = new Set<string>();
  for (const it of oldItems) for (const n of it.names) oldNames.add(n);

  const oldStmtItems = oldItems.filter((it) => it.kind === 'stmt');
  const oldStmts = oldStmtItems.map((it) => it.text);
  const newStmts = items.filter((it) => it.kind === 'stmt');
  // Without their layout: a statement only reformatted (or its TypeScript types changed) is the same statement.
  const pairs = lcsPairs(...layoutFreeKeys(oldStmts, newStmts.map((it) => it.text)));
  const edited = pairInlineEdits(oldStmtItems, newStmts, pairs);
  const statementMap = oldStmts.map(() => -1);
  for (const [j, i] of pairs) statementMap[i] = j;
  plan.statementMap = statementMap;
  // A re-import runs those statements again, as it evaluates those declarations again: what
  // the new version's closures hold are its own holders (runtime/registry.ts rekeyInlines).
  const fallbacks: Array<() => void> = [];

  // Changed statements assigning an object literal to a member, paired by their target.
  const literalPairs = memberLiteralPairs(oldStmtItems, newStmts, pairs, oldSource, newSource);

  const renames = classRenames(oldItems, oldProgram, items, program);
  const seen = new Set<string>();
  /** The names the new text assigns (reassigned), found once when a declaration changes only its keyword. */
  let written: Set<string> | undefined;
  let statement = 0;
  for (const it of items) {
    if (it.kind === 'import' || it.kind === 'export') continue;
    if (it.kind === 'stmt') {
      const index = statement++;
      const old = edited.get(index);
      // A directive (`'use strict'` added) does nothing when it runs: the mode it sets is said (runtime/patch.ts strictness).
      const runs = !pairs.has(index) && !isDirective(it.stmt, program);
      plan.runStatements.push(runs);
      if (old !== undefined) {
        // (Without holders it runs again: an object literal assigned to a member is updated in place then.)
        const fallback = memberLiteralStep(oldStmtItems[old]!, oldSource, it, newSource, old) ?? { type: 'run' as const, node: it.stmt };
        const step = inlineStep(oldStmtItems[old]!, oldSource, it, newSource, old, fallback, plan.notes);
        if (step) plan.steps.push(step);
        (plan.inlineEdited ??= new Map()).set(oldStmtItems[old]!.text, it.text);
        (plan.inlinePairs ??= new Map()).set(old, index);
        // A statement whose every changed function takes its new code (a route whose handler's
        // body changed, in the save that adds a class) does not run again in a re-import either:
        // the functions it made take their new text in the new version's scope (runtime/reimport.ts
        // rebaseInlines), so the framework keeps the one route it has (found by session 18's review).
        const whole = !!step && fallback.type === 'run' && !fallback.object && step.fns.length === changedInline(oldStmtItems[old]!, oldSource, it, newSource);
        if (whole) step.rerun = { index, was: old, text: oldStmtItems[old]!.text };
        fallbacks.push(() => {
          if (whole) return;
          plan.inlineEdited?.delete(oldStmtItems[old]!.text);
          plan.runStatements[index] = true;
          statementMap[old] = -1;
          if (step) plan.steps[plan.steps.indexOf(step)] = step.fallback;
        });
      } else if (!runs) plan.unchanged++;
      else {
        if (hasTopLevelAwait(it.stmt)) shape('a new or changed top-level statement uses await');
        const was = literalPairs.get(index);
        plan.steps.push((was !== undefined && memberLiteralStep(oldStmtItems[was]!, oldSource, it, newSource, was)) || { type: 'run', node: it.stmt });
      }
      continue;
    }
    const key = bindingKey(it);
    seen.add(key);
    const old = oldByKey.get(key);
    const renamedFrom = renames.get(key);
    if (!old && renamedFrom) {
      shape(`class ${renamedFrom.name} is declared as ${key}`);
      plan.classes.push(key);
      plan.steps.push(classStep(renamedFrom, it, oldSource, newSource));
      (plan.renamedClasses ??= new Map()).set(key, renamedFrom.name);
      continue;
    }
    if (!old) {
      const fresh = it.names.filter((n) => !oldNames.has(n) && !known.has(n));
      if (fresh.length) {
        const kind = category(it);
        if (kind === 'class' || it.anonymousDefault || fresh.length !== it.names.length || hasTopLevelAwait(it.node) || !freshInPlace(fresh))
          shape(`new top-level declaration ${fresh.join(', ')}`);
        else {
          extras.names.push(...fresh);
          if (kind === 'function') plan.steps.push({ type: 'fn', name: it.name, node: it.kind === 'function' ? it.node : it.node.init, declaration: it.kind === 'function', fresh: true });
          else plan.steps.push({ type: 'value', item: it });
        }
      } else if (category(it) === 'class') shape(`class ${key} was declared again`);
      else if (it.kind === 'function') plan.steps.push({ type: 'fn', name: it.name, node: it.node, declaration: true });
      else plan.steps.push({ type: 'value', item: it });
      continue;
    }
    if (category(old) === 'class' && category(it) === 'class') plan.classes.push(key);
    if (sameCode(old.text, it.text) || sameButKeyword(old, it, () => (written ??= reassigned(program)))) {
      plan.unchanged++;
      if (it.kind === 'var' && it.name && (it.init === 'value' || it.init === 'none')) plan.carry.push(it.name);
      continue;
    }
    const was = category(old);
    const now = category(it);
    if (hasTopLevelAwait(it.node)) shape(`the changed declaration of ${key} uses top-level await`);
    if (was !== now && (was === 'class' || now === 'class')) {
      shape(`${key} changed from a ${was} to a ${now}`);
      if (it.name) (plan.kindChanged ??= []).push(it.name);
      // (A class made a value: the re-import gives older versions' binding the value, as for any changed value.)
      if (it.kind === 'var' && now !== 'function') plan.steps.push({ type: 'value', item: it });
      continue;
    }
    const [g0, g1] = now === 'function' && was === 'function' ? [functionNode(old), functionNode(it)] : [];
    // (An arrow made a function that uses `this`: the arrow the program holds has none to pass on.)
    const thisNow = !!g0 && !!g1 && g0.type === 'ArrowFunctionExpression' && g1.type !== 'ArrowFunctionExpression' && lexical(g1, 'this');
    if (g0 && g1 && (thisNow || !!g0.generator !== !!g1.generator || (g0.generator && !!g0.async !== !!g1.async))) {
      // (Its handles are the old kind: a generator's forwards with `yield*`, which a sync
      // generator cannot do to an async one, and an async one turns a sync one's into async.)
      shape(
        `${key} changed between ${thisNow ? 'an arrow function and a function that uses this' : g0.generator && g1.generator ? 'a generator function and an async generator function' : 'a generator function and a function'}`,
      );
      if (it.name) (plan.kindChanged ??= []).push(it.name);
      continue;
    }
    if (now === 'function' && was === 'function') {
      const declaration = it.kind === 'function';
      // An anonymous default export's node is the function itself (`export default (x) => …`).
      plan.steps.push({ type: 'fn', name: it.name, node: declaration || it.anonymousDefault ? it.node : it.node.init, declaration });
    } else if (now === 'class') {
      plan.steps.push(classStep(old, it, oldSource, newSource));
    } else if (inlineOnly(old, it)) {
      // Without holders (the declaration ran again since it loaded): the update the text asks for.
      const step = inlineStep(old, oldSource, it, newSource, it.name, valueStep(old, oldSource, it, newSource), plan.notes);
      if (step) plan.steps.push(step);
      plan.carry.push(it.name);
      fallbacks.push(() => {
        plan.carry.splice(plan.carry.indexOf(it.name), 1);
        if (step) plan.steps[plan.steps.indexOf(step)] = step.fallback;
      });
    } else {
      const step = valueStep(old, oldSource, it, newSource);
      if (step.object) plan.notes.push(...replacedMethods(old, literalInits(old, oldSource, it, newSource)[0], oldSource, step.object, newSource));
      else plan.notes.push(...remadeFunctions(old, oldSource, it, newSource));
      plan.steps.push(step);
    }
  }
  // (An anonymous default export that became `export default function handler`, or `export { handler as default }`, is not gone: the module still has a default.)
  const isDefault = (n: Node | null | undefined): boolean => !!n && (n.type === 'Identifier' ? n.name : n.value) === 'default';
  const hasDefault = (program.body as Node[]).some(
    (s) =>
      s.type === 'ExportDefaultDeclaration' ||
      (s.type === 'ExportNamedDeclaration' && ((s.specifiers ?? []) as Node[]).some((x) => isDefault(x.exported))) ||
      (s.type === 'ExportAllDeclaration' && isDefault(s.exported)),
  );
  const renamedOld = new Set(plan.renamedClasses?.values());
  // (A name a new declaration of another form still declares is not gone: `const { f } = …` → `const { f, g } = …`.)
  const still = new Set(items.filter((it) => it.kind !== 'stmt' && it.kind !== 'import' && it.kind !== 'export' && !it.anonymousDefault).flatMap((it) => it.names));
  for (const [key, it] of oldByKey)
    if (!seen.has(key) && !renamedOld.has(key) && !(it.anonymousDefault && hasDefault)) plan.removed.push(...(it.name ? [it.name] : it.names).filter((n) => !still.has(n)));
  // Not in place: the module must link again (runtime/plan.ts), whatever changed.
  if (!inPlace) shape(LINKED);
  if (plan.shape) for (const undo of fallbacks) undo();
  // A value declaration renamed, its initializer as it was (`export default new Registry()` made
  // `export const registry = new Registry()`): the version carries what the old one holds, as
  // it carries an unchanged declaration, with what the program did to it (plugins registered).
  if (plan.shape) {
    const gone = [...oldByKey].filter(([key, it]) => !seen.has(key) && it.kind === 'var' && it.init === 'value' && (it.anonymousDefault ? !hasDefault : !!it.name && !still.has(it.name)));
    for (const it of items) {
      if (it.kind !== 'var' || it.init !== 'value' || !it.name || it.anonymousDefault || oldNames.has(it.name) || plan.carry.includes(it.name)) continue;
      const init: Node | null | undefined = it.node.init;
      const text = init ? newSource.slice(init.start, init.end) : undefined;
      const from = text === undefined ? [] : gone.filter(([, o]) => {
        const init: Node = o.anonymousDefault ? o.node : o.node.init;
        return sameCode(oldSource.slice(init.start, init.end), text);
      });
      if (from.length !== 1) continue;
      const was = from[0]![1];
      plan.carry.push(it.name);
      (plan.carryRenamed ??= new Map()).set(it.name, was.anonymousDefault ? 'default' : was.name);
      gone.splice(gone.indexOf(from[0]!), 1);
    }
  }
  else if (extras.names.length || extras.loads.length || extras.exports.length) plan.extras = extras;
  plan.notes.push(...loopingAsync(plan, newSource));
  return plan;
}

/**
 * Changed async functions and methods whose old code awaits inside a loop (`while (this.running)
 * { await tick(); … }`): a call already running goes on with the code it started with, and a
 * loop that does not end never takes the new code (found by session 17's review: a polling
 * loop kept its old body for good, silently). Said once each.
 */
function loopingAsync(plan: Plan, newSource: string): string[] {
  const out: string[] = [];
  const say = (name: string, fn: Node): void => {
    if (!fn.async || !awaitsInLoop(fn)) return;
    out.push(`${name} at line ${position(newSource, fn.start).line} is async and awaits in a loop: a call of it already running (a polling loop started before) goes on with the code it started with: restart to run the new code there`);
  };
  for (const s of plan.steps) {
    if (s.type === 'fn' && !s.fresh) say(s.name, s.node);
    // An inline one (a stream pipeline's `async function* (source) { for await … }`, found by session 18's review).
    else if (s.type === 'inline')
      for (const f of s.fns) {
        if (f.old.async && f.old.generator) out.push(`the function at line ${position(newSource, f.node.start).line} is an async generator: one of its runs already going (a stream stage, a loop over it) goes on with the code it started with: restart to run the new code there`);
        else if (f.old.async && awaitsInLoop(f.old)) say('the function', f.node);
      }
    else if (s.type === 'class')
      for (const m of s.members) if (m.change === 'changed' && m.member.kind === 'method' && m.member.node.value) say(`${s.name}.${m.member.key}`, m.member.node.value);
  }
  return out;
}

/** Does a function's own body (not a function inside it) await inside a loop? */
export function awaitsInLoop(fn: Node): boolean {
  let found = false;
  const own = (root: Node, visit: (n: Node) => void): void =>
    walk(root, (n) => {
      if (found || (n !== fn && isFunctionNode(n))) return false;
      visit(n);
      return undefined;
    });
  own(fn, (n) => {
    if (n.type === 'ForOfStatement' && n.await) found = true;
    else if (/^(While|DoWhile|For|ForOf|ForIn)Statement$/.test(n.type)) own(n, (m) => void (m.type === 'AwaitExpression' && (found = true)));
  });
  return found;
}

/**
 * Edited function declarations that a later declaration of the same name replaces
 * (analyze.ts shadowedDeclarations): they never run, in a fresh process either, so the
 * edit applies nothing; said, as the report would otherwise be silent about the edit.
 */
function shadowedEdits(oldProgram: Node, oldSource: string, program: Node, newSource: string): string[] {
  const shadowed = shadowedDeclarations(program);
  if (!shadowed.size) return [];
  const before = [...shadowedDeclarations(oldProgram).keys()].map((n) => oldSource.slice(n.start, n.end));
  const out: string[] = [];
  for (const [fn, later] of shadowed) {
    const text = newSource.slice(fn.start, fn.end);
    const i = before.findIndex((t) => sameCode(t, text));
    if (i >= 0) {
      before.splice(i, 1);
      continue;
    }
    out.push(
      `the function ${fn.id.name} at line ${position(newSource, fn.start).line} is declared again at line ${position(newSource, later.start).line}, which replaces it (as in a fresh process): its code never runs, so this edit of it changes nothing`,
    );
  }
  return out;
}

/**
 * The initializers of two versions of a declaration as an object update sees them: the
 * literal at the end of a chain assigning `module.exports` (`const proto = module.exports =
 * { … }`, koa's context.js), when both versions assign the same targets — the binding and the
 * exports object are the one object the program holds (analyze.ts assignsModuleExports), so
 * it is updated in place as a plain literal's is: its inline functions keep their identity
 * (what the module's statements took of it, `exports[inspect.custom] = exports.inspect`) and
 * what statements added to it stays (delegates' accessors). Otherwise the initializers.
 */
function literalInits(old: Item, oldSource: string, it: Item, newSource: string): [Node, Node] {
  const initOf = (x: Item): Node => (x.anonymousDefault ? x.node : x.node.init);
  const [a, b] = [initOf(old), initOf(it)];
  if (!assignsModuleExports(a) || !assignsModuleExports(b)) return [a, b];
  const end = (n: Node): Node => (n.type === 'AssignmentExpression' ? end(n.right) : n);
  const targets = (n: Node, source: string): string => source.slice(n.start, end(n).start).replace(/\s+/g, '');
  return targets(a, oldSource) === targets(b, newSource) ? [end(a), end(b)] : [a, b];
}

/**
 * Classes the new text declares under a new name where the old text declared one it no longer
 * does, both exported under the same name (`class Renderer` … `export { Renderer }` →
 * `var _Renderer = class …` … `export { _Renderer as Renderer }`, marked 6.0.0's esbuild
 * output after Rollup's): new name → the old class's item. One to one; the class the program
 * holds is the same class to a fresh process's importers, so it continues (runtime/reimport.ts).
 */
function classRenames(oldItems: readonly Item[], oldProgram: Node, items: readonly Item[], program: Node): Map<string, Item> {
  const isClass = (i: Item): boolean => !!i.name && !i.anonymousDefault && category(i) === 'class';
  const oldNames = new Set(oldItems.flatMap((i) => i.names));
  const newNames = new Set(items.flatMap((i) => i.names));
  const gone = oldItems.filter((i) => !newNames.has(i.name) && isClass(i));
  const fresh = items.filter((i) => !oldNames.has(i.name) && isClass(i));
  if (!gone.length || !fresh.length) return new Map();
  const oldExports = exportedAs(oldProgram);
  const newExports = exportedAs(program);
  const out = new Map<string, Item>();
  for (const it of fresh) {
    const as = newExports.get(it.name) ?? [];
    const matches = gone.filter((o) => (oldExports.get(o.name) ?? []).some((e) => as.includes(e)));
    if (matches.length === 1 && ![...out.values()].includes(matches[0]!)) out.set(it.name, matches[0]!);
  }
  return out;
}

/** A module's own names by the names it exports them as (`export { a as b }`, `export class C`). */
function exportedAs(program: Node): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (local: string, name: string): void => void out.set(local, [...(out.get(local) ?? []), name]);
  for (const s of program.body as Node[]) {
    if (s.type !== 'ExportNamedDeclaration' || s.source) continue;
    const d = s.declaration as Node | null;
    if (d?.type === 'ClassDeclaration' || d?.type === 'FunctionDeclaration') add(d.id.name, d.id.name);
    else if (d?.type === 'VariableDeclaration') for (const v of d.declarations as Node[]) if (v.id.type === 'Identifier') add(v.id.name, v.id.name);
    for (const sp of (s.specifiers ?? []) as Node[]) if (sp.local.type === 'Identifier') add(sp.local.name, sp.exported.type === 'Identifier' ? sp.exported.name : String(sp.exported.value));
  }
  return out;
}

/**
 * A declaration whose only change is its keyword (`const markedInstance = new Marked()` →
 * `var markedInstance = new Marked()`, a bundler's output changing): the same initializer,
 * so it keeps its value as an unchanged one does (found by the marked replay: esbuild's `var`s
 * for Rollup's `const`s made the default instance, and the extensions a program had `use`d on
 * it, anew). Not a constant the new text assigns: the live scope may hold it as a `const`
 * (loader/consts.ts), which only a value step moves where it can be assigned.
 */
function sameButKeyword(old: Item, it: Item, written: () => ReadonlySet<string>): boolean {
  if (old.kind !== 'var' || it.kind !== 'var' || old.anonymousDefault || it.anonymousDefault || old.declKind === it.declKind) return false;
  if (!sameCode(old.text.slice(old.declKind.length), it.text.slice(it.declKind.length))) return false;
  return old.declKind !== 'const' || !it.names.some((n) => written().has(n));
}

/** The names a program assigns anywhere, but for its top-level declarations' own bindings (`var x = …` is no reassignment of `x`). */
function reassigned(program: Node): Set<string> {
  const out = new Set<string>();
  for (const stmt of program.body as Node[]) {
    const decl = stmt.type === 'ExportNamedDeclaration' && stmt.declaration ? (stmt.declaration as Node) : stmt;
    const parts = decl.type === 'VariableDeclaration' ? (decl.declarations as Node[]).flatMap((d) => (d.init ? [d.init as Node] : [])) : [stmt];
    for (const part of parts) for (const n of writtenNames(part)) out.add(n);
  }
  return out;
}

/**
 * A declaration evaluated again, or, for a plain object literal on both sides, the update of
 * the object the program holds (loader/objects.ts), keeping the inline functions it can.
 */
function valueStep(old: Item, oldSource: string, it: Item, newSource: string): ValueStep {
  // (`export default { … }`: the item's node is the literal itself.)
  const [was, now] = literalInits(old, oldSource, it, newSource);
  const object = !it.name ? undefined : objectChange(was, oldSource, now, newSource);
  if (object) keepFunctions(was, oldSource, now, newSource, object, (fn) => !inlineUnguardable(fn));
  if (object && inlineRoot(old)) forwardFunctions(inlineRoot(old)!, was, oldSource, now, newSource, object, (fn) => !inlineUnguardable(fn));
  if (object) return { type: 'value', item: it, object };
  const elements = it.name && inlineRoot(old) ? forwardElements(inlineRoot(old)!, was, oldSource, now, newSource, (fn) => !inlineUnguardable(fn)) : [];
  return elements.length ? { type: 'value', item: it, elements } : { type: 'value', item: it };
}

/**
 * The methods and accessors an object update replaces in their object instead of giving their
 * function new code (not inline functions: a method using `super`, an accessor; loader/inline.ts) whose old text makes functions: what they made before keeps its
 * code, and a reference taken before is the old function. Said, never silent (found by an
 * exploratory differential run: closures a `super`-using method had made stayed on their old
 * body with no note).
 */
function replacedMethods(old: Item, literal: Node, oldSource: string, object: ObjectChange, newSource: string): string[] {
  const before = literalProps(literal, oldSource);
  const inline = new Set(inlineFunctions(literal));
  const out: string[] = [];
  for (const p of object.props) {
    const was = p.change === 'changed' ? before?.get(p.key) : undefined;
    if (!was || (was.node.kind === 'init' && !was.node.method) || inline.has(was.node.value)) continue;
    const makes = [was.node, ...(was.pair ? [was.pair] : [])].some((n) => {
      let found = false;
      walk(n.value.body, (f: Node) => void ((f.type === 'FunctionExpression' || f.type === 'ArrowFunctionExpression') && (found = true)));
      return found;
    });
    if (!makes) continue;
    const key = newSource.slice(p.node.key.start, p.node.key.end);
    out.push(
      `the ${was.node.kind === 'init' ? 'method' : 'accessor'} ${p.node.computed ? `[${key}]` : key} of ${old.name} at line ${position(newSource, p.node.start).line} is replaced in its object (${was.node.kind === 'init' ? 'a method using super' : 'an accessor'}): functions it made before this refresh keep their code, and a reference to it taken before is the old method (make it a plain method, or restart, for them to run the new code)`,
    );
  }
  return out;
}

/**
 * A declaration evaluated again as a whole (not an object updated in place: a literal with a
 * spread, a computed key that is not a plain name, …) makes its functions anew: those the old
 * value's functions made (closures, a listener's handler) keep the code they had, however
 * their text changed. Said for each old function whose text changed and that makes
 * functions (found by an exploratory differential run: a rebuilt object's method had handed
 * out closures that stayed on their old body, with no note).
 */
function remadeFunctions(old: Item, oldSource: string, it: Item, newSource: string): string[] {
  const root = inlineRoot(old);
  if (!root || !it.name) return [];
  // Every function of the value, not inside another (methods using `super` and accessors included).
  const outer = (r: Node): Node[] => {
    const fns: Node[] = [];
    walk(r, (n: Node) => {
      if (n.type === 'ClassExpression' || n.type === 'FunctionDeclaration') return false;
      if (n.type !== 'FunctionExpression' && n.type !== 'ArrowFunctionExpression') return undefined;
      fns.push(n);
      return false;
    });
    return fns;
  };
  inlineFunctions(root); // (marks those invoked where they stand)
  const now = new Set(outer(inlineRoot(it) ?? it.node).map((f) => newSource.slice(f.start, f.end)));
  const out: string[] = [];
  for (const f of outer(root)) {
    if (isInvoked(f) || now.has(oldSource.slice(f.start, f.end))) continue;
    let makes = false;
    walk(f.body, (n: Node) => void ((n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') && (makes = true)));
    if (makes)
      out.push(
        `${it.name} is evaluated again as a whole (its value is made anew): the functions the old function at line ${position(oldSource, f.start).line} made before this refresh keep their code, and a reference to it taken before is the old function (restart for them to run the new code)`,
      );
  }
  return out;
}

/**
 * What changed in a class: its members (a getter that became a method is a removal and an
 * addition), and its extends clause. Neither needs a new class: members are patched on the
 * running class, a new parent is linked to it (runtime/classes.ts), and what a running
 * class cannot take (new `#names`) is said when it is compiled, where the class's own
 * names are known.
 */
function classStep(old: Item, it: Item, oldSource: string, newSource: string): ClassStep {
  const oldCls = old.kind === 'class' ? old.node : old.node.init;
  const cls = it.kind === 'class' ? it.node : it.node.init;
  const heritage = (c: Node, src: string): string => (c.superClass ? src.slice(c.superClass.start, c.superClass.end) : '');
  const oldMembers = new Map(classMembers(oldCls, oldSource).map((m) => [memberId(m), m]));
  const members = classMembers(cls, newSource);
  const changes: MemberChange[] = [];
  const ids = new Set<string>();
  for (const m of members) {
    const id = memberId(m);
    ids.add(id);
    const before = oldMembers.get(id);
    if (before && sameCode(before.text, m.text)) continue;
    changes.push({ id, member: m, change: before ? 'changed' : 'added' });
  }
  for (const [id, m] of oldMembers) if (!ids.has(id)) changes.push({ id, member: m, change: 'removed' });
  const step: ClassStep = { type: 'class', name: it.name, node: cls, members: changes };
  if (heritage(oldCls, oldSource) !== heritage(cls, newSource)) step.heritage = { node: cls.superClass ?? null };
  return step;
}


/**
 * Second pass over the statements the LCS left unmatched: an old and a new one whose texts
 * differ only inside the bodies of their inline functions are the same statement, edited
 * (added to `pairs`). Returns them as new index → old index.
 */
function pairInlineEdits(oldItems: Item[], items: Item[], pairs: Map<number, number>): Map<number, number> {
  const taken = new Set(pairs.values());
  const out = new Map<number, number>();
  items.forEach((it, j) => {
    if (pairs.has(j)) return;
    const i = oldItems.findIndex((old, i) => !taken.has(i) && inlineOnly(old, it));
    if (i < 0) return;
    taken.add(i);
    pairs.set(j, i);
    out.set(j, i);
  });
  return out;
}

/**
 * `Foo.prototype = { … }`, `exports.config = { … }`, `module.exports.x = { … }`: a top-level
 * statement assigning an object literal to a member (a chain of names, no computed key; not
 * `module.exports` itself, which runtime/cjs-exports.ts keeps); its target's text without layout.
 */
function memberLiteral(it: Item, source: string): { target: string; left: Node; literal: Node } | undefined {
  if (it.kind !== 'stmt' || it.stmt.type !== 'ExpressionStatement') return undefined;
  const e = it.stmt.expression as Node;
  if (e.type !== 'AssignmentExpression' || e.operator !== '=' || e.right.type !== 'ObjectExpression' || e.left.type !== 'MemberExpression') return undefined;
  let n: Node = e.left;
  while (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier') n = n.object;
  if (n.type !== 'Identifier') return undefined;
  return { target: source.slice(e.left.start, e.left.end).replace(/\s+/g, ''), left: e.left, literal: e.right };
}

/**
 * The changed statements (new index → old index; neither in `pairs`) that assign an object
 * literal to the same member in both texts, one each (memberLiteral).
 */
function memberLiteralPairs(oldItems: Item[], items: Item[], pairs: Map<number, number>, oldSource: string, newSource: string): Map<number, number> {
  const out = new Map<number, number>();
  const taken = new Set(pairs.values());
  const byTarget = (list: Item[], source: string, skip: (i: number) => boolean): Map<string, number | null> => {
    const m = new Map<string, number | null>();
    list.forEach((it, i) => {
      const t = skip(i) ? undefined : memberLiteral(it, source)?.target;
      if (t !== undefined) m.set(t, m.has(t) ? null : i);
    });
    return m;
  };
  const olds = byTarget(oldItems, oldSource, (i) => taken.has(i));
  if (!olds.size) return out;
  for (const [t, j] of byTarget(items, newSource, (j) => pairs.has(j))) {
    const i = olds.get(t);
    if (j !== null && i !== undefined && i !== null) out.set(j, i);
  }
  return out;
}

/** The run step of a changed `X.y = { … }` updating the object there in place (RunStep.object), or undefined when either literal is not plain. */
function memberLiteralStep(old: Item, oldSource: string, it: Item, newSource: string, owner: number): RunStep | undefined {
  const a = memberLiteral(old, oldSource);
  const b = memberLiteral(it, newSource);
  if (!a || !b || a.target !== b.target) return undefined;
  const change = objectChange(a.literal, oldSource, b.literal, newSource);
  if (change && old.kind === 'stmt') forwardFunctions(old.stmt, a.literal, oldSource, b.literal, newSource, change, (fn) => !inlineUnguardable(fn));
  return change ? { type: 'run', node: it.stmt, object: { target: b.left, change, owner } } : undefined;
}

/** Do `old` and `it` differ, and only inside their inline functions (bodies and parameters, loader/closures.ts changeRegions)? */
function inlineOnly(old: Item, it: Item): boolean {
  if (sameCode(old.text, it.text)) return false;
  const a = inlineRoot(old);
  const b = inlineRoot(it);
  if (!a || !b) return false;
  const fa = inlineFunctions(a);
  const fb = inlineFunctions(b);
  return (
    fb.length > 0 &&
    fa.length === fb.length &&
    fa.every((f, i) => handsTo(f, fb[i]!)) &&
    sameBlanked(blankedText(old.text, textStart(old), fa, changeRegions), blankedText(it.text, textStart(it), fb, changeRegions))
  );
}

/** How many of the inline functions of a statement edited only inside them changed. */
function changedInline(old: Item, oldSource: string, it: Item, newSource: string): number {
  const before = inlineFunctions(inlineRoot(old)!);
  return inlineFunctions(inlineRoot(it)!).filter((fn, i) => oldSource.slice(before[i]!.start, before[i]!.end) !== newSource.slice(fn.start, fn.end)).length;
}

/** A function's `length`: its parameters before the first default or rest one. */
export function arity(fn: Node): number {
  const k = (fn.params as Node[]).findIndex((p) => p.type === 'AssignmentPattern' || p.type === 'RestElement');
  return k < 0 ? fn.params.length : k;
}

/** Where an item's text starts in its source (a declarator's text begins with its `const `, not in the source there). */
const textStart = (it: Item): number => (it.kind === 'var' && !it.anonymousDefault ? it.node.start - it.declKind.length - 1 : it.kind === 'var' ? it.node.start - 'default '.length : it.stmt.start);

/**
 * The inline step of an owner whose only change is in inline bodies, or null when none of
 * the changed functions can take new code: those keep theirs, and the notes say why.
 */
function inlineStep(old: Item, oldSource: string, it: Item, source: string, owner: string | number, fallback: RunStep | ValueStep, notes: string[]): InlineStep | null {
  const root = inlineRoot(it)!;
  const oldRoot = inlineRoot(old)!;
  const before = inlineFunctions(oldRoot);
  const fns: InlineStep['fns'] = [];
  inlineFunctions(root).forEach((fn, ordinal) => {
    const was = before[ordinal]!;
    if (oldSource.slice(was.start, was.end) === source.slice(fn.start, fn.end)) return;
    const where = `the function at line ${position(source, fn.start).line}`;
    // Names of its statement it reads: its guard passes those the old function read, as values
    // (statementConsts) and, those the statement assigns, through an environment (statementShared).
    const sharedWas = statementShared(was, oldRoot);
    const sharedNow = statementShared(fn, root);
    const consts = sharedNow ? [...sharedNow.consts, ...sharedNow.shared] : statementConsts(fn, root);
    const passed = sharedWas?.consts ?? statementConsts(was, oldRoot);
    const through = sharedWas?.shared ?? [];
    const unguardable = inlineUnguardable(fn);
    const unseen = consts && passed ? consts.filter((n) => !passed.includes(n) && !through.includes(n)) : mentions(fn, localNames(root));
    // A name passed as a value that the new code assigns would not follow (the statement's other readers hold it).
    const held = sharedNow ? sharedNow.shared.filter((n) => passed?.includes(n)) : [];
    if (unguardable) notes.push(`${where} keeps its code: ${unguardable} (restart, or make it a named top-level function)`);
    else if (unseen.length)
      notes.push(
        `${where} keeps its code: it uses ${unseen.join(', ')}, declared by its statement around it, which ${passed ? 'its old code does not pass on' : 'new code cannot see'} (restart to apply it)`,
      );
    else if (held.length) notes.push(`${where} keeps its code: its new code assigns ${held.join(', ')}, declared by its statement around it, which its old code only read (restart to apply it)`);
    else {
      fns.push({ ordinal, node: fn, old: was, consts: passed ?? [], ...(through.length ? { shared: through } : {}) });
      // (A changed `length`: the runtime gives it to the functions it kept, or says it stays, runtime/patch.ts inlineCode.)
      // Its guard's rest parameter forwards what the caller passed beyond the old parameters, and those as they are: `undefined` where the caller passed fewer.
      if (was.type === 'ArrowFunctionExpression' && was.params.length > 0 && arrowRestParameter(was, oldSource) && (fn.params as Node[]).some((p) => p.type === 'RestElement'))
        notes.push(`${where} counts its arguments now (a rest parameter): called with fewer than its ${was.params.length} earlier parameters, it sees the missing ones as undefined arguments until the program restarts`);
    }
  });
  return fns.length ? { type: 'inline', node: it.kind === 'stmt' ? it.stmt : it.node, owner, fns, fallback } : null;
}
