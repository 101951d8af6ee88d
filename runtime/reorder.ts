/**
 * The order of an object's own keys, which `Object.keys`, `JSON.stringify` and spreads show:
 * objects updated in place (an object literal's, a JSON file's, a CommonJS exports object's)
 * take the order a fresh evaluation would give them.
 */
/**
 * Gives `target`'s own properties the order `keys` (those it has), keeping identity, values
 * and attributes: from the first key out of place on, each is deleted and defined again.
 * Integer keys keep the order the language gives them; a non-configurable key stays where
 * it is, and so do the keys before it. Returns whether any key moved.
 */
export function reorder(target: object, keys: readonly PropertyKey[]): boolean {
  const isIndex = (k: PropertyKey): boolean => typeof k === 'string' && /^(0|[1-9]\d*)$/.test(k);
  const now = Reflect.ownKeys(target).filter((k) => !isIndex(k));
  const want = keys.filter((k): k is string | symbol => !isIndex(k) && now.includes(k as string | symbol));
  for (const k of now) if (!want.includes(k)) want.push(k);
  let from = 0;
  while (from < want.length && want[from] === now[from]) from++;
  const moved = want.slice(from);
  if (!moved.length || moved.some((k) => !Object.getOwnPropertyDescriptor(target, k)!.configurable)) return false;
  for (const k of moved) {
    const desc = Object.getOwnPropertyDescriptor(target, k)!;
    delete (target as Record<PropertyKey, unknown>)[k];
    Object.defineProperty(target, k, desc);
  }
  return true;
}
