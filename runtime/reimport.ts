/**
 * The re-import path (docs/design.md §2.6, §3.6): a module whose shape changed is imported
 * again as `url?limeade=N`, through the whole loader chain. The new version takes over the
 * state of unchanged declarations while it evaluates (`__lm$.carries`), continues the classes
 * the program has instead of creating them again (`__lm$.carriesClass`, changed in place
 * where the version declares them), runs only new or changed statements (`__lm$.runs`), and
 * then every handle of the old version is pointed at the new code, so what the program
 * already holds follows.
 */
import { hasTopLevelAwait, parseModule, position, topLevel, type Item, type Node } from '../loader/analyze.js';
import { linksOf, type ModuleLinks } from '../loader/reads.js';
import { statementConsts, statementShared } from '../loader/closures.js';
import { inlineFunctions, inlineRoot, inlineUnguardable, isInvoked } from '../loader/inline.js';
import { freeReferences } from '../loader/scope.js';
import { rel } from './report.js';
import type { ClassStep, Plan, ValueStep } from '../loader/diff.js';
import { reimportFallback } from '../loader/diff.js';
import { DEFAULT_BINDING, HandleFlags, inlineKey, type Holder, type Hook } from '../loader/contract.js';
import { withVersion } from '../loader/url.js';
import { outerScope } from './class-code.js';
import { compileClass, withOuterReaders } from './classes.js';
import type { RefreshDeps } from './deps.js';
import { liveHook, rawHook } from './extra-scope.js';
import { uncached } from './uncached.js';
import { handOver } from './extras.js';
import { assign, assignAll, classFamily, copyOwn, CTOR_SLOT, dress, FUNCTION_OWN, setImpl, type ClassFamily } from './families.js';
import { syncSupers } from './heritage.js';
import { deepStacks, ProgramError, runProgram, type Compiled, type Op } from './ops.js';
import { fallsBack, inlineCode, lackingMade, objectUpdate, oldFunctions, refill } from './patch.js';
import { delegate, hasPrivates, isClass } from './moved.js';
import { literalProps, setsPrototype, type ObjectChange, type PropChange } from '../loader/objects.js';
import { keptConstNames } from '../loader/consts.js';
import { framed, sliceForEval } from './framing.js';
import { follow } from './slots.js';
import { limeadeBug } from './own-errors.js';
import { runningProgram, type ExportAlias, type LoadingVersion, type ModuleRecord, type OlderExports, type Registry } from './registry.js';
import { carryClosures } from './closures.js';
import { linksFor } from './derive.js';
import { UndoLog } from './undo.js';

export interface ReimportResult {
  updated: string[];
  /** Declarations evaluated again because they read a value that changed. */
  recomputed: string[];
  notes: string[];
}

/** A version that has loaded: what it registered, and what its continued classes reported. */
export interface LoadedVersion {
  loading: LoadingVersion;
  updated: string[];
  notes: string[];
  /** The version's namespace: its exports, re-exported names included (they bind nothing in its scope). */
  namespace?: Record<string, unknown>;
  /**
   * A CommonJS version, compiled, not run yet: runs its top-level code, synchronously, at its
   * module's turn in the evaluate phase (after the modules before it in the new graph have
   * evaluated their changes, what its `require`s read); returns the swaps of the classes it
   * continued, to make for good.
   */
  run?: () => readonly Op[];
}

/**
 * The classes the re-imports of one refresh continue, and the member swaps that make them
 * the new text. A transaction loads every re-import before it swaps any code: import()
 * yields to the event loop, and a callback that runs then must see one version
 * (docs/design.md §2.5). But the versions' own new top-level code must see such a class as a
 * fresh process would. So the swaps are in force exactly while a version's top-level code
 * runs — from its first statement (`enter`) to its last (`leave`), synchronously, with no
 * program callback in between — and made for good in the swap phase with every other file's
 * (`swaps`). What a class declaration evaluates — a new extends clause, changed static values
 * and static blocks — is done once, where the version declares the class, and stays, as the
 * version's other new top-level code does.
 */
export class ContinuedClasses {
  /** Phase-0 operations of every class continued so far, in order. */
  readonly swaps: Op[] = [];
  readonly #families: ClassFamily[] = [];
  /** The swaps in force while a version's code runs. */
  readonly #early = new UndoLog();

  constructor(readonly undo: UndoLog) {}

  /** A version starts evaluating: the classes continued by the versions before it take their new text. */
  enter(): void {
    this.leave();
    for (const op of this.swaps) op.apply(this.#early);
  }

  /** Control may return to the program: every class looks as it did before the refresh but for what its declaration evaluated. */
  leave(): void {
    const failed = this.#early.unwind();
    // `super` of compiled members follows the parent a new extends clause linked, which stays.
    for (const family of this.#families) syncSupers(family, this.undo);
    if (failed.length) throw limeadeBug(new Error(`taking back a continued class's members failed: ${failed.join('; ')}`));
  }

  /** Compiled class operations: the swaps take effect now (until `leave`), the rest for good. */
  add(family: ClassFamily, ops: readonly Op[]): void {
    const swaps = ops.filter((op) => op.phase === 0);
    for (const op of swaps) op.apply(this.#early);
    for (const op of ops) if (op.phase === 1) op.apply(this.undo);
    this.swaps.push(...swaps);
    this.#families.push(family);
  }
}

/**
 * The first half of a re-import: the new version loads and evaluates; nothing the program
 * holds changes yet but what `ContinuedClasses` says.
 */
export async function loadVersion(deps: RefreshDeps, record: ModuleRecord, source: string, plan: Plan, continued: ContinuedClasses): Promise<LoadedVersion> {
  return importVersion(deps, prepareVersion(deps, record, source, plan, continued));
}

/** A version announced to the loader (its number) and the registry, not imported yet (`importVersion`). */
export interface PreparedVersion {
  record: ModuleRecord;
  version: number;
  loaded: LoadedVersion;
  continued: ContinuedClasses;
  /**
   * Its top-level statements that await and after which nothing is declared but functions
   * (`for await (const line of rl) { … }`, `await once(process, 'SIGTERM')` at an entry's end):
   * a version waiting in one of them has made everything the program takes from it, and may
   * wait for good (`importVersion`). Their indexes, with their lines.
   */
  waitable: Map<number, number>;
}

/**
 * The part of `loadVersion` before the import: the registry expects the version, and the
 * loader resolves the module's URL to it from now on. Modules re-imported together that
 * import each other are all prepared before the first is imported, so each new version
 * links against the others' new versions, as a fresh process links the new texts (runtime/evaluate.ts).
 */
export function prepareVersion(deps: RefreshDeps, record: ModuleRecord, source: string, plan: Plan, continued: ContinuedClasses): PreparedVersion {
  const undo = continued.undo;
  const previous = record.version;
  // A statement edited only in its functions that the plan keeps: run again where its functions have no guards (InlineStep.rerun).
  for (const s of [...plan.steps]) if (s.type === 'inline' && s.rerun && fallsBack(record, s)) reimportFallback(plan, s);
  const refilled = heldLiterals(plan, source);
  const { version, loading } = deps.registry.expect(record, [...plan.carry, ...refilled], plan.runStatements, plan.carryRenamed);
  if (plan.emptied?.length) loading.emptied = { names: new Set(plan.emptied), undo };
  if (refilled.length) {
    loading.refills = new Set(refilled);
    // Where the version declares it, before the statements after it read it: those that
    // finish building it (`block.normal = { ...block }`, runtime/derive.ts
    // withCompletingStatements) run on what the literal makes now, as in a fresh process.
    loading.refill = (name, held) => {
      const step = plan.steps.find((s): s is ValueStep => s.type === 'value' && s.item.name === name);
      if (!step || !loading.hook) throw limeadeBug(new Error(`no literal to refill ${name} from`));
      refillLiteral(record, source, step.item, loading.hook, held, undo);
    };
  }
  const loaded: LoadedVersion = { loading, updated: [], notes: [] };
  loading.continueClass = (name) => {
    try {
      return continueClass(record, source, plan, name, loading, loaded, continued);
    } catch (err) {
      // The class's new static code (run through runProgram) is the program's; anything else is limeade's.
      throw err instanceof ProgramError ? err : limeadeBug(err);
    }
  };
  loading.entered = () => continued.enter();
  loading.evaluated = () => continued.leave();
  deps.setLoaderVersion(record.url, version);
  undo.push(() => deps.setLoaderVersion(record.url, previous));
  record.version = version;
  undo.push(() => (record.version = previous));
  return { record, version, loaded, continued, waitable: waitableStatements(plan.program, source) };
}

function waitableStatements(program: Node, source: string): Map<number, number> {
  const out = new Map<number, number>();
  const items = topLevel(program, source);
  let index = items.filter((it) => it.kind === 'stmt').length;
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i]!;
    if (it.kind === 'var' || it.kind === 'class') break;
    if (it.kind !== 'stmt') continue;
    index--;
    if (hasTopLevelAwait(it.stmt)) out.set(index, position(source, it.stmt.start).line);
  }
  return out;
}

/** How long a version that waits in a `waitable` statement is given to go on before the refresh goes on without it. */
const WAIT_MS = 50;

/**
 * The import of a version; or, once it waits in one of its `waitable` statements for
 * WAIT_MS without settling, undefined: the refresh goes on (a loop over input, a wait for a
 * signal, would hold it and every refresh after it for good) and the import settles later.
 */
function importOrWaiting(deps: RefreshDeps, url: string, prepared: PreparedVersion, settled: () => void): Promise<unknown> {
  const loading = prepared.loaded.loading;
  const importing = deps.importModule(url);
  if (!prepared.waitable.size) return importing;
  return new Promise((resolve, reject) => {
    let done = false;
    let since: number | undefined;
    const check = (): void => {
      if (done) return;
      const at = loading.reached;
      if (at === undefined || !prepared.waitable.has(at)) since = undefined;
      else if (since === undefined) since = Date.now();
      else if (Date.now() - since >= WAIT_MS) {
        done = true;
        prepared.loaded.notes.push(`its new version waits at the top-level await of line ${prepared.waitable.get(at)}: applied with what it made before it; what follows runs when that await ends, as in a fresh process`);
        // (Settles later: then the version's end, or its error, is the program's.)
        importing.then(settled, (err: unknown) => {
          settled();
          deps.warn(`[limeade] ${rel(prepared.record.file)}: the new version's top-level code threw after the refresh applied it: ${String((err as Error)?.stack ?? err)}`);
        });
        resolve(undefined);
        return;
      }
      setTimeout(check, 10).unref?.();
    };
    importing.then(
      (ns) => (done ? undefined : ((done = true), resolve(ns))),
      (err: unknown) => (done ? undefined : ((done = true), reject(err))),
    );
    setTimeout(check, 10).unref?.();
  });
}

/** The second part of `loadVersion`: the prepared version is imported (evaluated, or found evaluated by a module of its cycle). */
export async function importVersion(deps: RefreshDeps, prepared: PreparedVersion): Promise<LoadedVersion> {
  const { record, version, loaded, continued } = prepared;
  const settled = (): void => {
    deps.registry.loaded(record);
    continued.leave(); // the version failed before its end, or was not instrumented
  };
  if (record.commonjs && deps.commonJsVersion) {
    // A CommonJS version reads what it requires as values, when it runs (`const { strip } =
    // require('./help')`): it runs where a fresh process would run it, after the modules it
    // requires have evaluated this refresh's changes (a key one adds), not before the swap.
    let run: () => void;
    try {
      run = await deps.commonJsVersion(withVersion(record.url, version));
    } catch (err) {
      settled();
      throw err;
    }
    loaded.run = () => {
      const before = continued.swaps.length;
      try {
        deepStacks(run);
      } finally {
        settled();
      }
      return continued.swaps.slice(before);
    };
    return loaded;
  }
  let waiting = false;
  try {
    const ns = await importOrWaiting(deps, withVersion(record.url, version), prepared, settled);
    waiting = ns === undefined;
    if (ns !== null && typeof ns === 'object') loaded.namespace = ns as Record<string, unknown>;
  } finally {
    if (!waiting) settled();
  }
  return loaded;
}

/**
 * A class the program has, declared again by the version being loaded: the same class
 * object takes the new text, compiled in its own class scope (its `#names` are the ones
 * every instance has) and reading module-level names from the new version's scope
 * (runtime/class-code.ts) — what the patch path does, at the point where a fresh process
 * would evaluate the class. Its members that read module-level names are compiled again
 * even where their text did not change: the names they read now live in the new version.
 */
function continueClass(
  record: ModuleRecord,
  source: string,
  plan: Plan,
  name: string,
  loading: LoadingVersion,
  loaded: LoadedVersion,
  continued: ContinuedClasses,
): object | undefined {
  // (A class the version declares under a new name continues the one the program holds under the old: loader/diff.ts classRenames.)
  const family = record.classes.get(name) ?? record.classes.get(plan.renamedClasses?.get(name) ?? '');
  const home = loading.hook;
  if (!family || !home || !plan.classes.includes(name)) return undefined;
  const found = plan.steps.find((s): s is ClassStep => s.type === 'class' && s.name === name) ?? unchangedStep(plan, source, name);
  if (!found) return undefined;
  const step = withNewParent(found, source, home, family.cls);
  const outer = outerScope(record, family, plan.program, source, home);
  const { ops, notes } = compileClass({ family, url: record.url, source, step: withOuterReaders(step, source, outer), outer, home });
  continued.add(family, ops);
  if (step.members.length || step.heritage) loaded.updated.push(name);
  loaded.notes.push(...notes);
  return family.cls;
}

/**
 * A class whose extends clause names a binding (`extends Base`) that means another class in
 * the version than the running class's parent (its import now comes from another file: `import
 * { Base } from './cached.js'`): re-linked, as a changed clause is (found by session 17's
 * review: old instances and `new` kept the old parent). Not a clause that calls (`extends
 * mixin(Base)` makes a new class each time it is evaluated).
 */
function withNewParent(step: ClassStep, source: string, home: Hook, cls: Function): ClassStep {
  const parent = step.node.superClass as Node | null;
  if (step.heritage || !parent || !(parent.type === 'Identifier' || (parent.type === 'MemberExpression' && !parent.computed))) return step;
  let now: unknown;
  try {
    now = home(`(${source.slice(parent.start, parent.end)})`);
  } catch {
    return step;
  }
  return typeof now === 'function' && now !== Object.getPrototypeOf(cls) ? { ...step, heritage: { node: parent } } : step;
}

function unchangedStep(plan: Plan, source: string, name: string): ClassStep | undefined {
  const it = topLevel(plan.program, source).find((i) => i.name === name && (i.kind === 'class' || (i.kind === 'var' && i.init === 'class')));
  return it && { type: 'class', name, node: it.kind === 'class' ? it.node : it.node.init, members: [] };
}

/**
 * What the version's statements assigned to its own function object (`parse.fastpaths = (…) =>
 * …`, `Proto.prototype.m = function …` that ran again in it) goes onto the function the
 * program holds, which the module's name means from now on: in a fresh process there is one
 * function and those are its members. Found by the picomatch replay (2.0.2, parse.js imported
 * again: the held `parse.fastpaths` kept the first version's code, which at 3.0.0 called
 * `utils.isWindows`, gone).
 */
function carryMembers(from: Function, to: Function, undo: UndoLog): void {
  if (from === to) return;
  copyOwn(from, to, FUNCTION_OWN, undo);
  const fp = Object.getOwnPropertyDescriptor(from, 'prototype')?.value as object | undefined;
  const tp = Object.getOwnPropertyDescriptor(to, 'prototype')?.value as object | undefined;
  if (fp && tp && fp !== tp && typeof fp === 'object' && typeof tp === 'object') copyOwn(fp, tp, new Set(['constructor']), undo);
}

/** The second half, synchronous: every handle and class of the old version takes the new code. */
export function adopt(registry: Registry, record: ModuleRecord, plan: Plan, source: string, undo: UndoLog, loaded: LoadedVersion): ReimportResult {
  const ctx = loaded.loading;
  const hook = ctx.hook;
  if (!hook) throw new Error(`the new version of ${record.file} was not instrumented, so it cannot replace the running one`);

  const updated: string[] = [...loaded.updated];
  // (A value carried under its new name: `registry (was default)`.)
  for (const [name, was] of plan.carryRenamed ?? []) updated.push(`${name} (was ${was})`);
  const recomputed: string[] = [];
  const notes: string[] = [...loaded.notes];
  const olderHomes = record.homes;
  /** A name that changed kind (function ↔ class): older versions' bindings take the new value. */
  const rebind = (name: string, binding: string, value: unknown, what = 'changed between function and class'): void => {
    assign(olderHomes, binding, value, undo);
    for (const families of [record.fns, record.classes] as Array<Map<string, unknown>>) {
      const stale = families.get(name);
      if (stale === undefined) continue;
      notes.push(`${name} ${what}: references taken before keep the old code`);
      families.delete(name);
      undo.push(() => families.set(name, stale));
    }
  };
  // Functions: old handles forward to the new implementations; the new version's binding
  // becomes the handle the program already holds (identity across versions).
  // (The old and new texts' functions, each looked up once: what a changed factory now sets.)
  const oldFns = oldFunctions(record, (n) => ctx.fns.has(n) && record.fns.has(n));
  const newFns = new Map(topLevel(plan.program, source).flatMap((it) => (oldFns.has(it.name) ? [[it.name, it] as const] : [])));
  let keptNames: ReadonlySet<string> | undefined;
  for (const [name, fresh] of ctx.fns) {
    // A generator that became a function (or the reverse): its handles cannot run the other kind.
    const flipped = record.fns.has(name) && !!plan.kindChanged?.includes(name);
    const family = flipped ? undefined : record.fns.get(name);
    updated.push(name);
    if (!family) {
      rebind(name, fresh.binding, fresh.handle, flipped ? 'changed its kind of function (arrow, function, generator, async generator), which what the program holds cannot take' : undefined);
      const passesNewTarget = (fresh.flags & HandleFlags.PassesNewTarget) !== 0;
      record.fns.set(name, { name, binding: fresh.binding, handles: [fresh.handle], holders: [fresh.holder], impl: fresh.impl, passesNewTarget });
      undo.push(() => record.fns.delete(name));
      continue;
    }
    // (What a changed factory's objects now get, those it made before lack: said, as on the patch path.)
    const was = oldFns.get(name);
    const now = was && functionOf(newFns.get(name));
    if (was && now && was.source.slice(was.node.start, was.node.end) !== source.slice(now.start, now.end)) notes.push(...lackingMade(record, name, was, now, source));
    setImpl(family, fresh.impl, undo);
    const passed = family.passesNewTarget;
    family.handles.push(fresh.handle);
    family.holders.push(fresh.holder);
    family.passesNewTarget ||= (fresh.flags & HandleFlags.PassesNewTarget) !== 0;
    undo.push(() => {
      family.handles.pop();
      family.holders.pop();
      family.passesNewTarget = passed;
    });
    dress(fresh.handle, fresh.impl);
    // A helper the version keeps `const` (loader/consts.ts) keeps its own function: only ever
    // called by name, it reaches later patches through its holder, one of the family's now.
    if (!(keptNames ??= keptConstNames(plan.program, source)).has(fresh.binding)) hook(`${fresh.binding}=__v`, family.handles[0]);
    carryMembers(fresh.handle, family.handles[0]!, undo);
  }
  // A function the module no longer declares but passes on from another module (moved
  // there, `export { f } from './f.js'`): references taken before call the new one, as
  // importers of the module do now. It was this module's own function: nothing else uses it
  // as it was.
  // So does one the module exported under another name that the version gives another
  // function (`export default function runTask` renamed `executeTask`, or made an arrow): a
  // route handler or a `const runner = task` taken before calls the new default.
  const oldExports = linksFor(record, undefined)?.exports;
  for (const [name, family] of record.fns) {
    if (ctx.fns.has(name) || ctx.classes.has(name)) continue;
    const ns = loaded.namespace;
    let now: unknown;
    let aliased = false;
    try {
      now = ns && Object.hasOwn(ns, name) ? ns[name] : hook(family.binding);
    } catch {
      aliased = true;
      const alias = ns === undefined ? undefined : [...(oldExports ?? [])].find(([e, b]) => e !== name && 'local' in b && b.local === name && Object.hasOwn(ns, e))?.[0];
      if (alias === undefined) continue; // no longer a name of the module (or not initialized)
      try {
        now = ns![alias];
      } catch {
        continue;
      }
    }
    if (typeof now !== 'function' || family.handles.includes(now) || isClass(now)) continue;
    setImpl(family, now, undo);
    // The version declares it without a guard (loader/unheld.ts: only called by name there):
    // its binding becomes the handle the program holds, so later patches of the family
    // reach its callers too.
    if (declaresFunction(plan, name)) hook(`${family.binding}=__v`, family.handles[0]);
    // (A name the version exports as an alias of its own function — `export { format as fmt }`,
    // `export default function handler` — is still this module's.)
    else if (!aliased && ![...ctx.fns.values()].some((f) => f.handle === now || f.impl === now)) notes.push(`${name} now comes from another module: references taken before call that one`);
  }
  // The same for a class moved to another module and passed on from there (`export { Svc }
  // from './models/svc.js'`): what it made, and the class where the program holds it, run the
  // new one's code (runtime/moved.ts `delegate`), unless it has #private names they lack.
  for (const [name, family] of record.classes) {
    if (ctx.fns.has(name) || ctx.classes.has(name)) continue;
    const ns = loaded.namespace;
    let now: unknown;
    try {
      now = ns && Object.hasOwn(ns, name) ? ns[name] : undefined;
    } catch {
      continue;
    }
    if (!isClass(now) || now === family.cls) continue;
    if (hasPrivates(registry, now)) {
      notes.push(`${name} now comes from another module: what the class made before keeps its code (the new class has #private names, which those objects lack); restart for them to run the new code`);
      continue;
    }
    delegate(family.cls, now, undo);
    notes.push(`${name} now comes from another module: what the class made before runs that one's code`);
  }
  // Functions the version declares without a guard (loader/unheld.ts: only called by name, no
  // family): code of older versions still running — an inline function of a statement the
  // version did not run again (`exports.go = () => run(x)`, `app.get('/', () => render())`) —
  // calls them by name in its own scope, whose binding takes the version's function, as a
  // patch assigns one to every version's binding (runtime/patch.ts).
  const unheld: Array<[string, unknown]> = [];
  for (const it of topLevel(plan.program, source)) {
    const name = it.name;
    if (!name || !(it.kind === 'function' || (it.kind === 'var' && it.init === 'function'))) continue;
    if (ctx.fns.has(name) || ctx.classes.has(name) || record.fns.has(name) || record.classes.has(name)) continue;
    let fn: unknown;
    try {
      fn = hook(name);
    } catch {
      continue; // (not initialized: the version failed before it, and the refresh rolls back)
    }
    if (typeof fn === 'function') unheld.push([name, fn]);
  }
  // (All of them in one compile per older version: a module of many small helpers imported
  // again many times made this a compile per helper and version, 27 ms a re-import.)
  assignAll(olderHomes, unheld, undo);
  // A class continued under a new name is the family of that name from now on: later patches of the new name reach it.
  for (const [now, was] of plan.renamedClasses ?? []) {
    const family = record.classes.get(was);
    if (!family || ctx.classes.has(now) || record.classes.has(now)) continue;
    record.classes.delete(was);
    record.classes.set(now, family);
    undo.push(() => {
      record.classes.delete(now);
      record.classes.set(was, family);
    });
  }
  // Classes the version created: new ones become families; a class declared again after
  // an earlier version removed it is a new class object, whose members the one the program
  // holds takes (continued classes were changed in place as the version loaded).
  for (const [name, fresh] of ctx.classes) {
    const family = record.classes.get(name);
    updated.push(name);
    if (!family) {
      rebind(name, fresh.binding, fresh.cls);
      record.classes.set(name, classFamily(name, fresh));
      undo.push(() => record.classes.delete(name));
      continue;
    }
    const unchanged = !plan.steps.some((s) => s.type === 'class' && s.name === name);
    if (!unchanged) {
      adoptMembers(family.cls.prototype, fresh.cls.prototype, undo);
      adoptMembers(family.cls, fresh.cls, undo, true);
      const before = { hook: family.hook, home: family.home, slots: family.slots, added: family.added, privates: family.privates, grown: family.grown };
      // The class object keeps the constructor it forwards from (its slot lives in the old scope).
      const slots = new Map(fresh.slots);
      const ctorSlot = family.slots.get(CTOR_SLOT);
      if (ctorSlot) slots.set(CTOR_SLOT, ctorSlot);
      // Code compiled from now on is compiled in the new class's scope: its `#names` are the ones there.
      const privates = new Set(fresh.privates.split(' ').filter(Boolean));
      Object.assign(family, { hook: fresh.hook, home: fresh.home, slots, added: new Map(), privates, grown: [] });
      undo.push(() => Object.assign(family, before));
      notes.push(
        `class ${name} was declared again: the class the program holds took the new members, but keeps the constructor it was created with, and members that use #private names fail on its instances until a restart`,
      );
    }
    hook(`${fresh.binding}=__v`, family.cls);
  }
  // Values that changed: every older version's binding sees the new value (its importers too).
  for (const step of plan.steps) {
    if (step.type !== 'value') continue;
    // (It took the literal's new properties as the version read it: LoadingVersion.refill.)
    if (loaded.loading.refills?.has(step.item.name)) {
      (step.derived ? recomputed : updated).push(step.item.name);
      continue;
    }
    for (const name of step.item.names) {
      const binding = step.item.anonymousDefault ? DEFAULT_BINDING : name;
      assign(olderHomes, binding, hook(binding), undo);
      (step.derived ? recomputed : updated).push(name);
    }
  }
  // Exports older versions bind under another local name than the version does: by export name.
  aliasExports(record, plan, source, loaded.namespace, undo);
  syncExports(record, undo);
  const homes = record.homes;
  const home = record.home;
  const meta = record.meta;
  const live = liveHook(record, hook);
  record.homes = [...homes, live];
  record.home = live;
  if (ctx.meta) record.meta = ctx.meta;
  undo.push(() => {
    record.homes = homes;
    record.home = home;
    record.meta = meta;
  });
  handOver(record, hook, loaded.namespace, undo);
  notes.push(...forwardInlines(record, plan, source, ctx, undo));
  // Closures the running version made stay with the module (runtime/closures.ts carryClosures).
  const running = runningProgram(record);
  if (running && record.source !== undefined) {
    // An inline owner is carried when its statement maps to one the version does not run, or its declaration carries over.
    const inlineCarried = (owner: string): boolean => (owner.startsWith('#') ? (plan.statementMap?.[Number(owner.slice(1))] ?? -1) >= 0 : plan.carry.includes(owner));
    // The state the module's variables hold lives in the new version from now on: code of the
    // old one that reads them reads a copy nothing assigns any more (docs/design.md §2.6).
    const state = moduleState(record);
    const rebased = rebaseInlines(record, plan, source, running, state, undo, updated);
    notes.push(...rebased);
    notes.push(...rebaseAccessors(record, plan, source, running, state, undo));
    const carried = carryClosures(record, { program: running, source: record.source }, { program: plan.program, source }, ctx.closures, (c, v) => hook(c, v), inlineCarried, plan.inlinePairs, state, plan.statementMap);
    for (const op of carried.ops) op.apply(undo);
    notes.push(...carried.notes);
  }
  return { updated, recomputed, notes };
}

/**
 * Export name → the local binding behind it (`export default <expr>`: DEFAULT_BINDING), for
 * the exports `links` gives a local of the module's own: not re-exports, nor imports passed on
 * (an import binding cannot be assigned).
 */
function exportLocals(links: ModuleLinks): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, b] of links.exports) {
    if (!('local' in b) || links.imports.has(b.local)) continue;
    out.set(name, b.local === 'default' ? DEFAULT_BINDING : b.local);
  }
  return out;
}

/**
 * A re-import: the running version joins the older versions, and every older version's
 * binding behind an export the new version binds under another local name becomes an alias
 * of that export (`const n = 1; export default n`, the binding `__lmdefault`, saved as `export
 * { n as default }`). Values are assigned to older versions by binding name (their importers,
 * and namespaces the program took, read those bindings); these are kept in sync by export
 * name instead (`syncExports`): in a fresh process `ns.default` is the new text's `n`. Found by
 * the defu replay (5.0.0 → 5.0.1: `export default defu` became `export { defu as default }`,
 * and the namespace the program held kept the first `defu`).
 */
function aliasExports(record: ModuleRecord, plan: Plan, source: string, namespace: Record<string, unknown> | undefined, undo: UndoLog): void {
  if (record.commonjs || !namespace) return;
  const text = record.liveText;
  let running: OlderExports | undefined;
  if (text !== undefined) {
    try {
      const program = record.parsed?.source === text ? record.parsed.program : parseModule(text);
      running = { hook: rawHook(record.home), locals: exportLocals(linksOf(program, text)) };
    } catch {
      // (The instrumenter parsed it; a text that does not parse here has no exports to follow.)
    }
  }
  const before = { older: record.olderExports, aliases: record.exportAliases };
  const older = [...(before.older ?? []), ...(running?.locals.size ? [running] : [])];
  const now = exportLocals(linksOf(plan.program, source));
  const aliases: ExportAlias[] = [];
  for (const version of older)
    for (const [name, local] of version.locals) {
      const live = now.get(name);
      if (live === undefined || live === local) continue; // gone, or assigned by name
      const [get, set] = uncached(() => version.hook(`[()=>${local},(__w)=>{${local}=__w}]`)) as [() => unknown, (v: unknown) => void];
      aliases.push({ name, live: () => namespace[name], get, set });
    }
  record.olderExports = older;
  record.exportAliases = aliases.length ? aliases : undefined;
  undo.push(() => {
    record.olderExports = before.older;
    record.exportAliases = before.aliases;
  });
}

/**
 * After a refresh of the module (a patch, or a re-import): each alias of an export
 * (`aliasExports`) takes the live version's value of that export, so a namespace or an import
 * binding of an older version reads what the module exports now. Not a function or class the
 * module's families hold: those forward to the new code themselves (`adopt`), and keep their
 * identity.
 */
export function syncExports(record: ModuleRecord, undo: UndoLog): void {
  for (const alias of record.exportAliases ?? []) {
    let value: unknown;
    let was: unknown;
    try {
      value = alias.live();
      was = alias.get();
    } catch {
      continue; // (not initialized)
    }
    if (Object.is(value, was) || heldCode(record, was)) continue;
    try {
      alias.set(value);
    } catch {
      continue;
    }
    undo.push(() => alias.set(was));
  }
}

/** Is `value` a handle of one of the module's function families, or one of its classes? */
function heldCode(record: ModuleRecord, value: unknown): boolean {
  if (typeof value !== 'function') return false;
  for (const family of record.fns.values()) if (family.handles.includes(value)) return true;
  for (const family of record.classes.values()) if (family.cls === value) return true;
  return false;
}

/** The function a top-level item declares (`function f`, `const f = () => …`), if it is one. */
function functionOf(it: Item | undefined): Node | undefined {
  const node = it?.kind === 'function' ? it.node : it?.kind === 'var' && it.init === 'function' ? it.node.init : undefined;
  return node && node.body ? node : undefined;
}

/**
 * `const x = { … }` declarations the version evaluates again (their text changed, or they read
 * a name this refresh changes: a destructuring that gained a name) whose object the program
 * holds can take the new properties (runtime/patch.ts refill, as the patch path does): the
 * version carries the held object instead (`__lm$.carries`, where the held object is
 * refillable, runtime/registry.ts), and refillLiteral gives it what
 * the literal makes in the version's scope, as the version reads it: the statements after it
 * that finish building it run on that (marked 7.0.5's `const block`: refilled after the
 * version ran, it lost what they added). Objects made from it before (pino's loggers:
 * `Object.create(prototype)`) and the prototype a later statement gave it
 * (`Object.setPrototypeOf(prototype, EventEmitter.prototype)`, which the version does not run
 * again) stay; a new object has neither. Not a literal that sets its own `__proto__` or spreads.
 */
function heldLiterals(plan: Plan, source: string): string[] {
  const out: string[] = [];
  // Only a constant the version's text keeps `const` (loader/consts.ts): any other binding of
  // the version takes the held object afterwards, as older versions' do, and keeps the
  // version's own instrumented functions (their holders: later edits reach them).
  let kept: Set<string> | undefined;
  for (const step of plan.steps) {
    if (step.type !== 'value') continue;
    const it = step.item;
    const init = it.node.init as Node | null | undefined;
    if (!it.name || it.anonymousDefault || it.declKind !== 'const' || init?.type !== 'ObjectExpression') continue;
    if (!(kept ??= keptConstNames(plan.program, source)).has(it.name)) continue;
    if ((init.properties as Node[]).some((p) => p.type === 'SpreadElement' || (p.type === 'Property' && !p.computed && ((p.key.type === 'Identifier' && p.key.name === '__proto__') || p.key.value === '__proto__')))) continue;
    out.push(it.name);
  }
  return out;
}

/**
 * The held object of a carried literal (heldLiterals) takes what the literal makes now, in the
 * version's scope, where the version declares it (its binding is not initialized yet).
 */
function refillLiteral(record: ModuleRecord, source: string, it: Item, hook: NonNullable<LoadingVersion['hook']>, held: unknown, undo: UndoLog): void {
  const init = it.node.init as Node;
  const at = position(source, init.start);
  const now = runProgram(() => hook(framed(record.url, at.line, at.column, '(', sliceForEval(source, init), ')')));
  if (!refill(held, now, undo, true)) throw limeadeBug(new Error(`the object ${it.name} holds could not take its literal's new properties`));
}

/**
 * Inline functions of a declaration the version evaluated again (an object of route handlers
 * whose method body changed, saved with a new class: `users` re-evaluated, a new object): the
 * program may hold the old ones (`router.get('/', users.list)`). Each takes the new text of
 * the function at its place (paired by ordinal, when both texts have as many), compiled in
 * the new version's scope, and from then on runs what the version's own function runs
 * (runtime/slots.ts `follow`), so later edits reach it too.
 */
function forwardInlines(record: ModuleRecord, plan: Plan, source: string, ctx: LoadingVersion, undo: UndoLog): string[] {
  const running = runningProgram(record);
  if (!running || record.source === undefined) return [];
  const before = new Map(topLevel(running, record.source).map((it) => [it.name, it]));
  const out: Compiled = { ops: [], notes: [] };
  const pairs: Array<{ was: Holder; leader: Holder }> = [];
  for (const it of topLevel(plan.program, source)) {
    if (it.kind !== 'var' || !it.name || plan.carry.includes(it.name)) continue;
    const old = before.get(it.name);
    const [root, oldRoot] = [inlineRoot(it), old && inlineRoot(old)];
    if (!root || !oldRoot) continue;
    const [fns, oldFns] = [inlineFunctions(root), inlineFunctions(oldRoot)];
    if (fns.length !== oldFns.length) continue;
    fns.forEach((fn, i) => {
      const was = record.inlines.get(inlineKey(it.name, i));
      const leader = ctx.inlines.get(inlineKey(it.name, i));
      if (!was || !leader || statementConsts(oldFns[i]!, oldRoot)?.length !== 0) return;
      inlineCode(record, source, it.name, { node: fn, old: oldFns[i]! }, i, was, out);
      pairs.push({ was, leader });
    });
  }
  for (const op of out.ops) op.apply(undo);
  for (const { was, leader } of pairs) {
    const base = Object.getPrototypeOf(was).f as Function | undefined;
    if (base) undo.push(follow(leader, was, base));
  }
  return out.notes;
}

/**
 * The module's bindings whose value may differ between its versions after a re-import: its
 * `let` and `var` variables (the program assigns them; the new version carried their values
 * once and assigns its own from then on) and its imports (the new version links them anew,
 * to modules that may have been imported again with it: a barrel whose `export *` now
 * passes a name on from elsewhere, a namespace that gained a name).
 */
function moduleState(record: ModuleRecord): ReadonlySet<string> {
  const links = linksFor(record, undefined);
  const out = new Set(links?.mutable ?? []);
  for (const local of links?.imports.keys() ?? []) out.add(local);
  return out;
}

/**
 * Inline functions of the statements and declarations a re-import carried (it did not run
 * them again: their text did not change) were compiled in the running version's scope: one
 * that reads the module's state (`moduleState`: `globalThis.probe = () => count` after a
 * re-import, while `count` is incremented by the new version's code) would read what the old
 * version's bindings hold, which nothing assigns any more. Each such function the program
 * may hold (it has a holder) takes its own text compiled in the new version's scope, as an
 * edit of its body would give it, so it reads the state where it lives now. (Found by an
 * exploratory differential run: a listener read a counter that stopped at its value of the
 * re-import while the module's functions went on counting.)
 */
function rebaseInlines(record: ModuleRecord, plan: Plan, source: string, running: Node, state: ReadonlySet<string>, undo: UndoLog, updated: string[]): string[] {
  const kept = plan.steps.some((s) => s.type === 'inline' && s.rerun);
  if ((!state.size && !kept) || !record.inlines.size || record.source === undefined) return [];
  const out: Compiled = { ops: [], notes: [] };
  const oldItems = topLevel(running, record.source);
  const newItems = topLevel(plan.program, source);
  const newStatements = newItems.filter((it) => it.kind === 'stmt');
  const owners: Array<{ owner: string | number; old: Node; now: Node }> = [];
  let index = 0;
  for (const it of oldItems) {
    const i = it.kind === 'stmt' ? index++ : -1;
    const j = i >= 0 ? (plan.statementMap?.[i] ?? i) : -1;
    const root = inlineRoot(it);
    if (!root) continue;
    if (i >= 0 && j >= 0 && plan.runStatements[j] === false) {
      const to = newStatements[j];
      const now = to && inlineRoot(to);
      if (now) owners.push({ owner: i, old: root, now });
    } else if (i < 0 && it.name && plan.carry.includes(it.name)) {
      const to = newItems.find((n) => n.kind === 'var' && n.name === it.name);
      const now = to && inlineRoot(to);
      if (now) owners.push({ owner: it.name, old: root, now });
    }
  }
  for (const { owner, old, now } of owners) {
    const [before, after] = [inlineFunctions(old), inlineFunctions(now)];
    if (before.length !== after.length) continue;
    after.forEach((fn, ordinal) => {
      const was = before[ordinal]!;
      // (Its text changed in a statement the re-import keeps, InlineStep.rerun: it takes the new text.)
      const edited = source.slice(fn.start, fn.end) !== record.source!.slice(was.start, was.end);
      if (isInvoked(fn) || (!edited && !freeReferences(fn, state).length)) return;
      const holder = record.inlines.get(inlineKey(owner, ordinal));
      const at = position(source, fn.start);
      const where = `the function at ${rel(record.file)}:${at.line}:${at.column + 1}`;
      const reads = [...new Set(freeReferences(fn, state).map((r) => r.node.name as string))].join(', ');
      const keeps = (why: string): void =>
        void out.notes.push(
          edited
            ? `${where} keeps its code: ${why} (restart to apply it)`
            : `${where} reads ${reads} of its running version, which this re-import replaced: ${why}, so it reads the values of the re-import's time (restart for it to read the module's state)`,
        );
      if (!holder) return keeps('its statement ran again since the program loaded (it has no guard)');
      const unguardable = inlineUnguardable(fn);
      if (unguardable) return keeps(unguardable);
      const shared = statementShared(was, old);
      const consts = shared ? shared.consts : statementConsts(was, old);
      if (!consts) return keeps('it uses a name its statement declares and assigns, or it is a generator or reads `arguments` or `new.target`, which its guard passes on as they are');
      inlineCode(record, source, owner, { node: fn, old: was, consts, ...(shared?.shared.length ? { shared: shared.shared } : {}) }, ordinal, holder, out);
      if (edited) updated.push(`inline function at line ${at.line}`);
    });
  }
  for (const op of out.ops) op.apply(undo);
  return out.notes;
}

/**
 * The accessors (and methods using `super`: not inline functions, loader/inline.ts) of a
 * carried top-level object literal — `module.exports = { get count() { return count; } }`,
 * `export const api = { get count() { … } }`, not run again by the re-import since their text
 * did not change — were made in the running version's scope: one that reads the module's state
 * (`moduleState`) would read the old version's bindings, which nothing assigns any more, while
 * the literal's methods, inline functions, follow (`rebaseInlines`). Each such property is
 * compiled again from its own text in the new version's scope and defined on the object the
 * program holds (runtime/patch.ts `objectUpdate`, the update an edit of it would make), when
 * that object is still a plain one there. Found by an adversarial test: after a re-import
 * `C.count` read 2 while `C.read()` read 3.
 */
function rebaseAccessors(record: ModuleRecord, plan: Plan, source: string, running: Node, state: ReadonlySet<string>, undo: UndoLog): string[] {
  const notes: string[] = [];
  if (!state.size || record.source === undefined) return notes;
  const oldTexts = new Set(topLevel(running, record.source).map((it) => it.text));
  const end = (n: Node): Node => (n.type === 'AssignmentExpression' && n.operator === '=' ? end(n.right) : n);
  let index = 0;
  for (const it of topLevel(plan.program, source)) {
    const j = it.kind === 'stmt' ? index++ : -1;
    // Carried: a statement the version did not run, a declaration whose text did not change.
    if (j >= 0 ? plan.runStatements[j] !== false : !(it.kind === 'var' && it.name && plan.carry.includes(it.name) && oldTexts.has(it.text))) continue;
    let literal: Node | undefined;
    let target: string | undefined;
    let constant = false;
    if (j >= 0) {
      const e = it.stmt.type === 'ExpressionStatement' ? (it.stmt.expression as Node) : undefined;
      if (e?.type !== 'AssignmentExpression' || e.operator !== '=') continue;
      // (The assignment whose value is the literal: `exports = module.exports = { … }` → module.exports.)
      let a: Node = e;
      while (a.right.type === 'AssignmentExpression' && a.right.operator === '=') a = a.right;
      // (A chain of names, `module.exports`, `exports.api`, `Foo.prototype`: nothing else is evaluated again.)
      let n: Node = a.left;
      while (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier') n = n.object;
      if (n.type !== 'Identifier') continue;
      literal = a.right;
      target = `(${sliceForEval(source, a.left)})`;
    } else {
      // (`let cache;`: no initializer.)
      literal = it.anonymousDefault || !it.node.init ? undefined : end(it.node.init as Node);
      target = it.name;
      constant = it.declKind === 'const';
    }
    const props = literal && literalProps(literal, source);
    if (!props) continue;
    const inline = new Set(inlineFunctions(literal!));
    const props2: PropChange[] = [];
    for (const [key, p] of props) {
      const fns = [p.node, ...(p.pair ? [p.pair] : [])].filter((n) => (n.kind !== 'init' || n.method) && !inline.has(n.value));
      const reads = fns.some((n) => freeReferences(n.value, state).length > 0);
      props2.push({ key, node: p.node, ...(p.pair ? { pair: p.pair } : {}), change: reads ? 'changed' : 'same' });
    }
    if (!props2.some((p) => p.change === 'changed')) continue;
    const change: ObjectChange = { ...(setsPrototype(props) ? { proto: true } : {}), props: props2, removed: [] };
    // (A member that no longer reads as an object, `a.b` where `a` is gone: nothing to rebase.)
    try {
      record.home(target!);
    } catch {
      continue;
    }
    // Not a reason to fail the re-import: said, and the accessors keep what they read.
    try {
      objectUpdate(record, source, target!, change, constant)(undo);
    } catch (err) {
      const at = position(source, literal!.start);
      notes.push(
        `the accessors of the object at ${rel(record.file)}:${at.line}:${at.column + 1} keep reading the running version's ${[...state].filter((n) => props2.some((p) => p.change === 'changed' && freeReferences(p.node.value, new Set([n])).length)).join(', ') || 'variables'}, which this re-import replaced: limeade could not compile them again (${(err as Error)?.message ?? err}; a limeade bug, please report it) — restart for them to read the module's state`,
      );
    }
  }
  return notes;
}

/** Does the version's text declare `name` as a top-level function? */
function declaresFunction(plan: Plan, name: string): boolean {
  return (plan.program.body as Node[]).some((stmt) => {
    const d = stmt.type === 'ExportNamedDeclaration' || stmt.type === 'ExportDefaultDeclaration' ? stmt.declaration : stmt;
    if (d?.type === 'FunctionDeclaration') return d.id?.name === name;
    if (d?.type !== 'VariableDeclaration') return false;
    return (d.declarations as Node[]).some((x) => x.id.type === 'Identifier' && x.id.name === name && (x.init?.type === 'ArrowFunctionExpression' || x.init?.type === 'FunctionExpression'));
  });
}

/** Copy methods and accessors of `from` onto `to`; members `to` has and `from` lacks are removed. */
function adoptMembers(to: any, from: any, undo: UndoLog, statics = false): void {
  const skip = new Set<PropertyKey>(statics ? ['prototype', 'length', 'name'] : ['constructor']);
  const keys = new Set<PropertyKey>([...Reflect.ownKeys(to), ...Reflect.ownKeys(from)]);
  for (const key of keys) {
    if (skip.has(key)) continue;
    const now = Object.getOwnPropertyDescriptor(from, key);
    const before = Object.getOwnPropertyDescriptor(to, key);
    const isCode = (d: PropertyDescriptor | undefined): boolean => !!d && (typeof d.value === 'function' || !!d.get || !!d.set);
    // Static data (counters, caches) belongs to the running program: only code moves over.
    if (statics && (before && !isCode(before) || (now && !isCode(now) && before))) continue;
    if (now) Object.defineProperty(to, key, now);
    else if (isCode(before)) delete to[key];
    else continue;
    undo.push(() => (before ? Object.defineProperty(to, key, before) : delete to[key]));
  }
}
