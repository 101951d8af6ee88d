/**
 * Holders: where a handle finds the code in force.
 *
 * A handle reads `holder.f`, where `holder` is a global its module's prologue defines
 * (loader/contract.ts HOLDER_PLACEHOLDER) and `f` lives on the holder's prototype. A refresh
 * never writes `f`: it gives the holder a new prototype `{ f: newCode }`. Why: when V8
 * inlines a handle it folds a global nothing assigns to the holder object, and a load from a constant object through a stable map to a property that
 * was never written again to its value, so the call is to a known function and is inlined
 * too. Replacing the prototype changes the holder's map: code that relied on it is
 * deoptimized and, re-optimized, folds the new function. A reassigned variable or a
 * rewritten property, by contrast, stays "mutable" for the life of the process, and V8
 * stopped inlining every edited function (measured: 1.3 → 11 ns a call, 8–9x, Node 20/22/24;
 * bench/calls.mjs). The new prototype is made a fast-mode object at once (`keepFast`): V8
 * would keep it a dictionary until the guard had run often enough to have feedback.
 */
import { envClassName, envClassSource, holderPrefix, type Holder } from '../loader/contract.js';

export type { Holder };

/**
 * The inline functions made with a holder that their statement passed to a call (loader/instrument.ts
 * `made`): what a save that changes their parameters gives a new `length`. Weak: the program may
 * drop them (a route removed). A statement that makes more than MADE_LIMIT of them (top-level
 * code looping over data) is not followed (`null`): each weak reference costs the collector, and
 * the report says their `length` stays.
 */
const made = new WeakMap<Holder, Array<WeakRef<Function>> | null>();
const MADE_LIMIT = 64;

export function rememberMade(holder: Holder, fn: unknown): void {
  if (typeof fn !== 'function') return;
  const list = made.get(holder);
  if (list === null) return;
  if (!list) made.set(holder, [new WeakRef(fn)]);
  else if (list.length < MADE_LIMIT) list.push(new WeakRef(fn));
  else made.set(holder, null);
}

/** The functions still alive that were made with `holder` and passed to a call (none when there were too many to follow). */
export function madeAt(holder: Holder): Function[] {
  return (made.get(holder) ?? []).flatMap((r) => {
    const fn = r.deref();
    return fn ? [fn] : [];
  });
}

/**
 * `n` new holders for code a refresh compiles (the closure sites of an owner's new text, a
 * function an edit adds), each a global of a fresh prefix that text names, as a module's are
 * (loader/contract.ts HOLDER_PLACEHOLDER): V8 folds a global, where it did not fold a local
 * `const` on Node 26's stack replacement.
 */
export function globalHolders(n: number): { name: (i: number) => string; holders: Holder[] } {
  const prefix = holderPrefix();
  return { name: (i) => prefix + i, holders: defineHolders(prefix, n) };
}

/** The globals `prefix0` … `prefix{n-1}`, a new holder each: not enumerable, not writable. Throws if one exists or `globalThis` is not extensible. */
export function defineHolders(prefix: string, n: number): Holder[] {
  return Array.from({ length: n }, (_, i) => {
    const holder = newHolder();
    Object.defineProperty(globalThis, prefix + i, { value: holder });
    return holder;
  });
}

/**
 * The global classes of per-call environments (loader/closures.ts envClassName), one per set
 * of names, defined once per realm: not enumerable, not writable, so that V8 folds them.
 */
export function defineEnvironments(sets: Iterable<readonly string[]>): void {
  for (const names of sets) {
    const name = envClassName(names);
    if (Object.prototype.hasOwnProperty.call(globalThis, name)) continue;
    Object.defineProperty(globalThis, name, { value: (0, eval)(envClassSource(names)) });
  }
}

/** A holder with no code yet (`f` undefined): a constructor slot before any edit. */
export function newHolder(): Holder {
  return Object.create({ f: undefined }) as Holder;
}

/**
 * Point a holder at `fn`. `owner` is the function that reads the holder in its own guard
 * (loader/instrument.ts guardedSource): pointing it at itself means "its own body", which is
 * an empty holder (a holder holding its owner would recurse forever).
 */
export function setHolder(holder: Holder, fn: Function | undefined, owner?: Function | null): void {
  point(holder, fn === owner ? undefined : fn);
}

/** Sets a holder's code, and its followers' (theirs too: a re-import after a re-import chains them). */
function point(holder: Holder, f: Function | undefined): void {
  const proto = { f };
  Object.setPrototypeOf(holder, proto);
  keepFast(proto);
  for (const x of followers.get(holder) ?? []) point(x.holder, f ?? x.base);
}

/**
 * Holders that follow another's code: an inline function of a declaration a re-import
 * evaluated again, which the program took from the old value (runtime/reimport.ts
 * `forwardInlines`), runs what the new version's function at its place runs — `base`, the
 * new text, while that one has no code of its own.
 */
const followers = new WeakMap<Holder, Array<{ holder: Holder; base: Function }>>();

/** `holder` runs what `leader` runs from now on (its own `base` when `leader` has none). Returns the undo. */
export function follow(leader: Holder, holder: Holder, base: Function): () => void {
  const list = followers.get(leader) ?? [];
  const entry = { holder, base };
  followers.set(leader, [...list, entry]);
  return () => followers.set(leader, list);
}

/**
 * Makes V8 keep `o`, an object limeade made a prototype, in fast mode. V8 keeps a new
 * prototype in dictionary mode until an inline cache walks a chain that starts below it: a
 * holder's new prototype only once its guard has run enough to have feedback, and a class's
 * field layer (runtime/class-writes.ts) never, since the instances' chains are walked from the
 * class's prototype, marked fast already, and the walk stops there: every store that added a
 * property to a new instance went through the dictionary, 8 ns a `new` (docs/benchmarks.md
 * run 22). A `for…in` over an object that inherits from `o` marks it (V8's enumeration does).
 */
export function keepFast(o: object): void {
  for (const _ in Object.create(o) as object);
}
