/**
 * Emptying a value where it is, for state a refresh fills again (runtime/builders.ts): the
 * object the program and other modules hold stays theirs. A leaf: the registry uses it while a
 * re-imported version reads its carried values.
 */
import type { UndoLog } from './undo.js';

/**
 * Empties `value` where it is (an array, a plain object, a Map or a Set), the undo putting its
 * content back; false when it is none of those or cannot be emptied (frozen).
 */
export function emptyInPlace(value: unknown, undo: UndoLog): boolean {
  if (Array.isArray(value)) {
    if (!Object.isExtensible(value) || Object.isFrozen(value)) return false;
    const snap = value.slice();
    value.length = 0;
    undo.push(() => {
      value.length = 0;
      for (let i = 0; i < snap.length; i++) if (i in snap) value[i] = snap[i];
      value.length = snap.length;
    });
    return true;
  }
  if (value instanceof Map || value instanceof Set) {
    const snap = [...value.entries()];
    value.clear();
    undo.push(() => {
      value.clear();
      for (const [k, v] of snap) value instanceof Map ? value.set(k, v) : value.add(k);
    });
    return true;
  }
  if (value && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if ((proto !== Object.prototype && proto !== null) || Object.isFrozen(value)) return false;
    const descriptors = Object.getOwnPropertyDescriptors(value);
    if (Reflect.ownKeys(descriptors).some((k) => !descriptors[k as string]!.configurable)) return false;
    for (const k of Reflect.ownKeys(descriptors)) delete (value as Record<PropertyKey, unknown>)[k];
    undo.push(() => {
      for (const k of Reflect.ownKeys(value)) delete (value as Record<PropertyKey, unknown>)[k];
      Object.defineProperties(value, descriptors);
    });
    return true;
  }
  return false;
}
