/**
 * The re-import path (docs/design.md §2.6): a module whose shape changed is imported again as
 * `url?limeade=N`, through the whole loader chain. The new version takes over the state of
 * unchanged declarations while it evaluates (`__lm$.carries`), runs only new or changed
 * statements (`__lm$.runs`), and then every handle and class of the old version is pointed
 * at the new code, so what the program already holds follows.
 */
import type { Plan } from '../loader/diff.js';
import { DEFAULT_BINDING, HandleFlags } from '../loader/contract.js';
import { withVersion } from '../loader/url.js';
import type { RefreshDeps } from './deps.js';
import { assign, classFamily, CTOR_SLOT, dress, setImpl } from './families.js';
import type { LoadingVersion, ModuleRecord } from './registry.js';
import type { UndoLog } from './undo.js';

export interface ReimportResult {
  updated: string[];
  /** Declarations evaluated again because they read a value that changed. */
  recomputed: string[];
  notes: string[];
}

/**
 * The first half of a re-import: the new version loads and evaluates; nothing the program
 * holds changes yet. A transaction loads every re-import before it swaps any code: import()
 * yields to the event loop, and a callback that runs then must see one version (docs/design.md §2.5).
 */
export async function loadVersion(deps: RefreshDeps, record: ModuleRecord, plan: Plan, undo: UndoLog): Promise<LoadingVersion> {
  const previous = record.version;
  const { version, loading } = deps.registry.expect(record, plan.carry, plan.runStatements);
  deps.setLoaderVersion(record.url, version);
  undo.push(() => deps.setLoaderVersion(record.url, previous));
  record.version = version;
  undo.push(() => (record.version = previous));
  try {
    await deps.importModule(withVersion(record.url, version));
  } finally {
    deps.registry.loaded(record);
  }
  return loading;
}

/** The second half, synchronous: every handle and class of the old version takes the new code. */
export function adopt(record: ModuleRecord, plan: Plan, undo: UndoLog, ctx: LoadingVersion): ReimportResult {
  const hook = ctx.hook;
  if (!hook) throw new Error(`the new version of ${record.file} was not instrumented, so it cannot replace the running one`);

  const updated: string[] = [];
  const recomputed: string[] = [];
  const notes: string[] = [];
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
  // Classes: the class object the program holds takes the new version's members.
  for (const [name, fresh] of ctx.classes) {
    const family = record.classes.get(name);
    updated.push(name);
    if (!family) {
      rebind(name, fresh.binding, fresh.cls);
      record.classes.set(name, classFamily(name, fresh.binding, fresh.cls, fresh.hook, fresh.slots));
      undo.push(() => record.classes.delete(name));
      continue;
    }
    const unchanged = !plan.steps.some((s) => s.type === 'class' && s.name === name);
    if (!unchanged) {
      adoptMembers(family.cls.prototype, fresh.cls.prototype, undo);
      adoptMembers(family.cls, fresh.cls, undo, true);
      const before = { hook: family.hook, slots: family.slots, added: family.added };
      // The class object keeps the constructor it forwards from (its slot lives in the old scope).
      const slots = new Map(fresh.slots);
      const ctorSlot = family.slots.get(CTOR_SLOT);
      if (ctorSlot) slots.set(CTOR_SLOT, ctorSlot);
      Object.assign(family, { hook: fresh.hook, slots, added: new Map() });
      undo.push(() => Object.assign(family, before));
      notes.push(
        `class ${name} was re-imported: instances made before keep their fields; its constructor stays the one it was created with, and methods of the new version that use #private names work on new instances only`,
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
