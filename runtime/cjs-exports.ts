/**
 * `module.exports = { … }` keeps its object (docs/design.md §6). A program holds the exports
 * object it got from `require` (and an ES module importing the file holds it as its default
 * export): a refresh that runs such a statement again, on the patch path or in a re-imported
 * version (runtime/cjs.ts), edits the object already there, property by property, instead
 * of replacing it; every change is in the refresh's undo log.
 */
import { exportedKeys, type Node } from '../loader/analyze.js';
import type { CommonJsScope } from '../loader/contract.js';
import type { UndoLog } from './undo.js';
import { reorder as reorderKeys } from './reorder.js';

const isPlainObject = (v: unknown): v is Record<PropertyKey, unknown> => {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * Makes `module.exports` an accessor: outside a refresh it stores what is assigned, as Node's
 * data property does; during one (`undo()` gives the refresh's undo log), a plain object
 * assigned over a plain object is copied into the object already there. Keys the previous
 * assignment brought and the new object lacks are deleted; keys the program added since
 * (`module.exports.x = …`) stay, as they would in a fresh process that ran both.
 */
export function keepExportsInPlace(scope: CommonJsScope, undo: () => UndoLog | undefined): void {
  const { module } = scope;
  const desc = Object.getOwnPropertyDescriptor(module, 'exports');
  if (!desc || !desc.configurable || !('value' in desc)) return;
  let current: unknown = desc.value;
  let assigned: (string | symbol)[] = isPlainObject(current) ? Reflect.ownKeys(current) : [];
  Object.defineProperty(module, 'exports', {
    configurable: true,
    enumerable: desc.enumerable ?? true,
    get: () => current,
    set(value: unknown) {
      const log = undo();
      if (log && value !== current && isPlainObject(value) && isPlainObject(current) && !Object.isFrozen(current)) {
        const was = assigned;
        log.push(() => (assigned = was));
        assigned = mergeInto(current, value, assigned, log);
        return;
      }
      if (log) {
        const [was, keys] = [current, assigned];
        log.push(() => ((current = was), (assigned = keys)));
      }
      current = value;
      assigned = isPlainObject(value) ? Reflect.ownKeys(value) : [];
      if (!log && isPlainObject(value)) noteNested(value, 0);
    },
  });
}

/** How deep nested plain objects are followed (each level is a walk of the object). */
const DEPTH = 4;

/**
 * The keys each nested plain object of an exports object got from the `module.exports = { … }`
 * that made it (or last updated it in place): those a new one lacks are deleted, keys the
 * program added since stay — as for the exports object itself (`assigned`).
 */
const given = new WeakMap<object, (string | symbol)[]>();

function noteNested(obj: Record<PropertyKey, unknown>, depth: number): void {
  if (depth >= DEPTH) return;
  for (const key of Reflect.ownKeys(obj)) {
    const d = Object.getOwnPropertyDescriptor(obj, key);
    if (!d || !('value' in d) || !isPlainObject(d.value) || given.has(d.value)) continue;
    given.set(d.value, Reflect.ownKeys(d.value));
    noteNested(d.value, depth + 1);
  }
}

/**
 * `next`'s properties into `target` (each change undoable); returns the keys `next` brought. A
 * plain object `next` has where `target` has another plain object (`f: { g() { … } }`) is
 * copied into the one there, the same way, so what the program took from it at start
 * (`const f = m.f`) sees the new properties — as an ES module's object literal updated in
 * place. Not a frozen one, an accessor's, nor past `DEPTH` levels.
 */
function mergeInto(target: Record<PropertyKey, unknown>, next: Record<PropertyKey, unknown>, assigned: (string | symbol)[], log: UndoLog, depth = 0, seen = new Set<object>()): (string | symbol)[] {
  seen.add(target);
  // Pushed first, so it runs last on rollback: the keys' order as it was.
  const order = Reflect.ownKeys(target);
  log.push(() => void reorderKeys(target, order));
  const keys = Reflect.ownKeys(next);
  const keep = new Set(keys);
  // (The objects nested in `next` are noted when they are merged, or below when they are new here.)
  noteNested(next, depth);
  const restore = (key: string | symbol): void => {
    const before = Object.getOwnPropertyDescriptor(target, key);
    log.push(() => (before ? Object.defineProperty(target, key, before) : delete target[key]));
  };
  for (const key of assigned) {
    if (keep.has(key) || !Object.getOwnPropertyDescriptor(target, key)?.configurable) continue;
    restore(key);
    delete target[key];
  }
  for (const key of keys) {
    const d = Object.getOwnPropertyDescriptor(next, key)!;
    const before = Object.getOwnPropertyDescriptor(target, key);
    const was = before && 'value' in before ? before.value : undefined;
    if (
      depth + 1 < DEPTH && 'value' in d && was !== d.value && isPlainObject(was) && isPlainObject(d.value) &&
      !Object.isFrozen(was) && !seen.has(was) && !seen.has(d.value)
    ) {
      const keysBefore = given.get(was);
      log.push(() => (keysBefore ? given.set(was, keysBefore) : given.delete(was)));
      given.set(was, mergeInto(was, d.value, keysBefore ?? Reflect.ownKeys(was), log, depth + 1, seen));
      continue;
    }
    if (sameSymbol(was, d)) continue;
    if (before && !before.configurable) {
      if (before.writable) target[key] = d.value;
      continue;
    }
    restore(key);
    Object.defineProperty(target, key, d);
  }
  reorderKeys(target, keys);
  return keys;
}

/**
 * A changed property of an object updated in place (runtime/patch.ts objectUpdate) whose old
 * and new values are both plain objects: `next`'s properties go into `was`, as
 * `module.exports = { … }` run again does (mergeInto). False, changing nothing, when either is
 * not a plain object or `was` is frozen.
 */
export function mergeNested(was: unknown, next: unknown, log: UndoLog): boolean {
  if (was === next || !isPlainObject(was) || !isPlainObject(next) || Object.isFrozen(was)) return false;
  const keysBefore = given.get(was);
  log.push(() => (keysBefore ? given.set(was, keysBefore) : given.delete(was)));
  given.set(was, mergeInto(was, next, keysBefore ?? Reflect.ownKeys(was), log, 1));
  return true;
}

/**
 * The new value is a symbol made again as the old one was (`kListener: Symbol('kListener')`,
 * the same description): the old one stays. A symbol is nothing but its identity, and a fresh
 * process has one, which every module that destructured the object shares; run again, the
 * literal made a second one that the modules not run again never see (ws 8.18.0: websocket.js
 * took the new `kForOnEventAttribute` while event-target.js kept marking listeners with the old).
 */
function sameSymbol(was: unknown, d: PropertyDescriptor): boolean {
  const v = d.value;
  return typeof was === 'symbol' && typeof v === 'symbol' && was !== v && Symbol.keyFor(v) === undefined && was.description === v.description;
}

/**
 * The keys of `target` in the order a fresh process's object has them: the new literal's, in
 * its order, then those the program added since (a later `module.exports.x = …`), in theirs —
 * `Object.keys` shows it (ws 8.0.0's constants.js listed `EMPTY_BUFFER` second where 7.x had
 * it fifth; kept in place, the old keys kept their places and the new ones came last).
 */
function reorder(target: Record<PropertyKey, unknown>, keys: (string | symbol)[], log: UndoLog): void {
  const was = Reflect.ownKeys(target);
  if (reorderKeys(target, keys)) log.push(() => void reorderKeys(target, was));
}

/**
 * The exports object of a CommonJS module whose statements ran during a refresh takes the key
 * order a fresh run of its new text gives (loader/analyze.ts `exportedKeys`, when the text
 * says every key it exports): a statement run again (tsc's `exports.a = exports.b = void 0;`
 * header, new when an export is added) assigns keys that are already there, in another place.
 */
export function orderExports(scope: CommonJsScope, program: Node, log: UndoLog): void {
  const target = scope.module.exports as Record<PropertyKey, unknown> | null;
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return;
  const keys = exportedKeys(program);
  if (keys?.size) reorder(target, [...keys], log);
}

/**
 * All or nothing for a CommonJS module's exports object (docs/design.md §2.5): `exports.x = …`
 * run again or new, on the patch path or in a re-imported version, writes the object the
 * program holds, and nothing else records that write. Before the refresh changes anything,
 * the object's own properties (attributes, values, order) are kept; a rollback puts back those
 * that differ, deletes those it gained and restores the order. Before any other undo step in
 * the log, so it runs last: what the other steps took back is already there. A key that was
 * made non-configurable since stays as it is (a rollback step that fails says so).
 */
export function keepExportsForRollback(scope: CommonJsScope, log: UndoLog): void {
  const target = scope.module.exports as Record<PropertyKey, unknown> | null;
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return;
  const keys = Reflect.ownKeys(target);
  const descriptors = new Map(keys.map((k) => [k, Object.getOwnPropertyDescriptor(target, k)!]));
  log.push(() => {
    const had = new Set(keys);
    for (const k of Reflect.ownKeys(target)) {
      if (had.has(k)) continue;
      if (!Reflect.deleteProperty(target, k)) throw new Error(`exports.${String(k)} cannot be removed (not configurable)`);
    }
    for (const [k, before] of descriptors) {
      const now = Object.getOwnPropertyDescriptor(target, k);
      if (now && sameDescriptor(now, before)) continue;
      if (!Reflect.defineProperty(target, k, before)) throw new Error(`exports.${String(k)} cannot be put back (not configurable)`);
    }
    reorderKeys(target, keys);
  });
}

const sameDescriptor = (a: PropertyDescriptor, b: PropertyDescriptor): boolean =>
  a.get === b.get && a.set === b.set && Object.is(a.value, b.value) && a.writable === b.writable && a.enumerable === b.enumerable && a.configurable === b.configurable;
