/**
 * The re-import path (docs/design.md §2.6): a module whose shape changed is imported again as
 * `url?limeade=N`, through the whole loader chain. The new version takes over the state of
 * unchanged declarations while it evaluates (`__lm$.carries`), runs only new or changed
 * statements (`__lm$.runs`), and then every handle and class of the old version is pointed
 * at the new code, so what the program already holds follows.
 */
import { topLevel } from '../loader/analyze.js';
import type { ClassStep, Plan } from '../loader/diff.js';
import { DEFAULT_BINDING, HandleFlags } from '../loader/contract.js';
import { withVersion } from '../loader/url.js';
import { outerScope } from './class-code.js';
import { compileClass, withOuterReaders } from './classes.js';
import type { RefreshDeps } from './deps.js';
import { assign, classFamily, CTOR_SLOT, dress, setImpl } from './families.js';
import { ProgramError } from './ops.js';
import { limeadeBug } from './own-errors.js';
import type { LoadingVersion, ModuleRecord } from './registry.js';
import type { UndoLog } from './undo.js';

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
}

/**
 * The first half of a re-import: the new version loads and evaluates. Nothing the program
 * holds changes yet, but for the classes the version continues: each is changed in place
 * where the version declares it (`continueClass`), so the version's own top-level code sees
 * the class as a fresh process would. A transaction loads every re-import before it swaps
 * any code: import() yields to the event loop, and a callback that runs then must see one
 * version (docs/design.md §2.5).
 */
export async function loadVersion(deps: RefreshDeps, record: ModuleRecord, source: string, plan: Plan, undo: UndoLog): Promise<LoadedVersion> {
  const previous = record.version;
  const { version, loading } = deps.registry.expect(record, plan.carry, plan.runStatements);
  const loaded: LoadedVersion = { loading, updated: [], notes: [] };
  loading.continueClass = (name) => {
    try {
      return continueClass(record, source, plan, loading, name, undo, loaded);
    } catch (err) {
      // The class's new static code (run through runProgram) is the program's; anything else is limeade's.
      throw err instanceof ProgramError ? err : limeadeBug(err);
    }
  };
  deps.setLoaderVersion(record.url, version);
  undo.push(() => deps.setLoaderVersion(record.url, previous));
  record.version = version;
  undo.push(() => (record.version = previous));
  try {
    await deps.importModule(withVersion(record.url, version));
  } finally {
    deps.registry.loaded(record);
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
function continueClass(record: ModuleRecord, source: string, plan: Plan, loading: LoadingVersion, name: string, undo: UndoLog, out: LoadedVersion): object | undefined {
  const family = record.classes.get(name);
  const home = loading.hook;
  if (!family || !home || !plan.classes.includes(name)) return undefined;
  const step = plan.steps.find((s): s is ClassStep => s.type === 'class' && s.name === name) ?? unchangedStep(plan, source, name);
  if (!step) return undefined;
  const outer = outerScope(record, family, plan.program, source, home);
  const { ops, notes } = compileClass({ family, url: record.url, source, step: withOuterReaders(step, source, outer), outer, home });
  for (const phase of [0, 1]) for (const op of ops) if (op.phase === phase) op.apply(undo);
  if (step.members.length || step.heritage) out.updated.push(name);
  out.notes.push(...notes);
  return family.cls;
}

function unchangedStep(plan: Plan, source: string, name: string): ClassStep | undefined {
  const it = topLevel(plan.program, source).find((i) => i.name === name && (i.kind === 'class' || (i.kind === 'var' && i.init === 'class')));
  return it && { type: 'class', name, node: it.kind === 'class' ? it.node : it.node.init, members: [] };
}

/** The second half, synchronous: every handle and class of the old version takes the new code. */
export function adopt(record: ModuleRecord, plan: Plan, undo: UndoLog, loaded: LoadedVersion): ReimportResult {
  const ctx = loaded.loading;
  const hook = ctx.hook;
  if (!hook) throw new Error(`the new version of ${record.file} was not instrumented, so it cannot replace the running one`);

  const updated: string[] = [...loaded.updated];
  const recomputed: string[] = [];
  const notes: string[] = [...loaded.notes];
  const olderHomes = record.homes;
  /** A name that changed kind (function ↔ class): older versions' bindings take the new value. */
  const rebind = (name: string, binding: string, value: unknown): void => {
    assign(olderHomes, binding, value, undo);
    for (const families of [record.fns, record.classes] as Array<Map<string, unknown>>) {
      const stale = families.get(name);
      if (stale === undefined) continue;
      notes.push(`${name} changed between function and class: references taken before keep the old code`);
      families.delete(name);
      undo.push(() => families.set(name, stale));
    }
  };
  // Functions: old handles forward to the new implementations; the new version's binding
  // becomes the handle the program already holds (identity across versions).
  for (const [name, fresh] of ctx.fns) {
    const family = record.fns.get(name);
    updated.push(name);
    if (!family) {
      rebind(name, fresh.binding, fresh.handle);
      const passesNewTarget = (fresh.flags & HandleFlags.PassesNewTarget) !== 0;
      record.fns.set(name, { name, binding: fresh.binding, handles: [fresh.handle], holders: [fresh.holder], impl: fresh.impl, passesNewTarget });
      undo.push(() => record.fns.delete(name));
      continue;
    }
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
    hook(`${fresh.binding}=__v`, family.handles[0]);
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
      const before = { hook: family.hook, home: family.home, slots: family.slots, added: family.added };
      // The class object keeps the constructor it forwards from (its slot lives in the old scope).
      const slots = new Map(fresh.slots);
      const ctorSlot = family.slots.get(CTOR_SLOT);
      if (ctorSlot) slots.set(CTOR_SLOT, ctorSlot);
      Object.assign(family, { hook: fresh.hook, home: fresh.home, slots, added: new Map() });
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
    for (const name of step.item.names) {
      const binding = step.item.anonymousDefault ? DEFAULT_BINDING : name;
      assign(olderHomes, binding, hook(binding), undo);
      (step.derived ? recomputed : updated).push(name);
    }
  }
  const homes = record.homes;
  const home = record.home;
  record.homes = [...homes, hook];
  record.home = hook;
  undo.push(() => {
    record.homes = homes;
    record.home = home;
  });
  return { updated, recomputed, notes };
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
