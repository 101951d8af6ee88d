/**
 * Object literals updated in place (docs/design.md §2.2): the property-level difference
 * between two versions of a top-level `const x = { … }`, so a refresh can change the object
 * the program already holds instead of replacing it. Pure.
 *
 * Only plain literals qualify: every key a name or a string or number, no spread, each key
 * once — but for a getter and a setter of the same key, which are one property (`pair`: its
 * other half; found by an exploratory differential run: `{ _level: 1, get level() {…}, set
 * level(x) {…} }` was built anew on an edit of its getter, losing the `_level` the program had
 * set). A computed key (`[ADD](s) {…}`, `[Symbol.iterator]`) is known by its text
 * (`computedKey`: the update evaluates it where the object lives, `runtime/patch.ts`); a
 * literal whose computed key reads a value that changes is evaluated again as a whole
 * (`keyReads`). A `__proto__: base` whose text did not change is no property: the object keeps
 * its prototype (`proto`), and its methods' `super` is that prototype. Anything else is
 * evaluated again as a whole, and the object the program holds takes what that made
 * (runtime/patch.ts `refill`).
 */
import { walk, type Node } from './analyze.js';
import { blankedText, inlineFunctions, localNames, mentions, stableKey } from './inline.js';
import { changeRegions, sameKind } from './closures.js';
import { sameBlanked } from './layout.js';
import { readsOf } from './reads.js';
import { lcsPairs } from './lcs.js';

export interface PropChange {
  key: string;
  /** The Property node in the new text. */
  node: Node;
  /** An accessor's other half, the setter of a getter or the reverse (after `node` in the text). */
  pair?: Node;
  change: 'same' | 'changed' | 'added';
  /**
   * A changed property whose old value was one inline function of its owner, replaced by
   * another whose kind a call can be handed to (`getUser(req, res) {…}` saved as `async
   * getUser(…)`): that old function's ordinal. Its guard hands its calls to the new function,
   * so a reference taken before (`app.get('/users/:id', ctrl.getUser)`) runs the new code.
   */
  forward?: number;
}

/** The key of a property with a computed key: its text, marked (no name or string key has a NUL). */
export const computedKey = (text: string): string => `\u0000${text}`;
/** The text of a computed key's expression, or undefined for a name or string key. */
export const computedText = (key: string): string | undefined => (key.startsWith('\u0000') ? key.slice(1) : undefined);

export interface ObjectChange {
  /** The literal sets its prototype (`__proto__: base`, the same text in both versions): the object has it. */
  proto?: boolean;
  props: PropChange[];
  /** Keys the old literal had and the new one does not. */
  removed: string[];
  /** Of `removed`, keys statements build again (RunStep.refill): their objects are kept aside for them. */
  stash?: string[];
  /** The inline functions the update leaves on the object (keptFunctions). */
  kept?: KeptFunctions;
}

/**
 * The inline functions (loader/inline.ts) of an object literal that an update in place
 * leaves on the object: those of unchanged properties, and of properties whose text changed
 * only inside the bodies of those functions (`keys`: not evaluated again, marked `same`; the
 * functions in `fns` take their new code through their holders, so a method handed out
 * before — `app.get('/users', users.list)` — runs it too). Ordinals are an owner's.
 */
export interface KeptFunctions {
  keys: string[];
  fns: Array<{ ordinal: number; was: number; node: Node; old: Node }>;
  /** Old ordinal → new, of every function left on the object. */
  ordinals: Array<[number, number]>;
}

/**
 * Finds what `KeptFunctions` says in `change` (a change of `oldObj` into `newObj`) and marks
 * the properties it keeps `same`. `guardable(fn)` says whether a function has a holder.
 */
export function keepFunctions(oldObj: Node, oldSource: string, newObj: Node, newSource: string, change: ObjectChange, guardable: (fn: Node) => boolean): void {
  const before = literalProps(oldObj, oldSource);
  if (!before) return;
  const fa = inlineFunctions(oldObj);
  const fb = inlineFunctions(newObj);
  const inside = (fns: Node[], n: Node): Node[] => fns.filter((f) => f.start >= n.start && f.end <= n.end);
  const locals = localNames(newObj);
  const kept: KeptFunctions = { keys: [], fns: [], ordinals: [] };
  for (const p of change.props) {
    const old = before.get(p.key);
    if (!old || p.change === 'added') continue;
    const fo = inside(fa, old.node);
    const fn = inside(fb, p.node);
    if (!fn.length || fo.length !== fn.length) continue;
    if (p.change === 'changed') {
      const bodiesOnly =
        sameBlanked(blankedText(old.text, old.node.start, fo, changeRegions), blankedText(newSource.slice(p.node.start, p.node.end), p.node.start, fn, changeRegions)) &&
        fn.every((f, i) => sameKind(fo[i]!, f)) &&
        [...fo, ...fn].every(guardable) &&
        fn.every((f) => !mentions(f, locals).length);
      if (!bodiesOnly) continue;
      kept.keys.push(p.key);
      p.change = 'same';
      fn.forEach((f, i) => {
        if (oldSource.slice(fo[i]!.start, fo[i]!.end) !== newSource.slice(f.start, f.end)) kept.fns.push({ ordinal: fb.indexOf(f), was: fa.indexOf(fo[i]!), node: f, old: fo[i]! });
      });
    }
    fn.forEach((f, i) => kept.ordinals.push([fa.indexOf(fo[i]!), fb.indexOf(f)]));
  }
  if (kept.ordinals.length) change.kept = kept;
}

/**
 * Marks in `change` (of `oldObj` into `newObj`, `oldRoot` the owner whose inline functions
 * number the old ones) the changed properties whose function a call to the old one can be
 * handed to (PropChange.forward): a method or function value for one, not a generator on
 * either side, not an arrow for a method, and not an async function for a plain one (its
 * callers would get a value where they got a promise).
 */
export function forwardFunctions(oldRoot: Node, oldObj: Node, oldSource: string, newObj: Node, newSource: string, change: ObjectChange, guardable: (fn: Node) => boolean): void {
  const before = literalProps(oldObj, oldSource);
  const after = literalProps(newObj, newSource);
  if (!before || !after) return;
  const fa = inlineFunctions(oldRoot);
  const fnOf = (p: Node): Node | undefined => {
    if (p.kind !== 'init') return undefined;
    const v = p.value as Node;
    return v.type === 'FunctionExpression' || v.type === 'ArrowFunctionExpression' ? v : undefined;
  };
  for (const c of change.props) {
    if (c.change !== 'changed' || c.pair) continue;
    const was = before.get(c.key);
    const f0 = was && !was.pair ? fnOf(was.node) : undefined;
    const f1 = fnOf(c.node);
    if (!f0 || !f1 || f0.generator || f1.generator || (f0.async && !f1.async) || !guardable(f0)) continue;
    // (An arrow's guard has no `this` to hand on: not to a method or function.)
    if (f0.type === 'ArrowFunctionExpression' && f1.type !== 'ArrowFunctionExpression') continue;
    const i = fa.indexOf(f0);
    if (i >= 0) c.forward = i;
  }
}

/**
 * An element of an array literal evaluated again (a table of routes, middleware, handlers)
 * whose function a call to the old one can be handed to: `at` its index in the new array,
 * `key` the property of the element object that holds it (none: the element is the function),
 * `ordinal` the old function's among its owner's inline functions (runtime/patch.ts).
 */
export interface ElementForward {
  at: number;
  /** Its index in the old array. */
  from: number;
  key?: string;
  ordinal: number;
}

/**
 * The functions of `oldArr`'s elements that a call can be handed to the new text's, where an
 * element is the same on both sides but for the bodies of its functions (paired by a longest
 * common subsequence of their texts so blanked; an element added or removed between shifts no
 * pair): the element's own function, or a function value of a plain key of its object literal.
 * Found by session 18's review: a route table gaining a route lost the edit of another route's
 * handler, whose old function the framework holds.
 */
export function forwardElements(oldRoot: Node, oldArr: Node, oldSource: string, newArr: Node, newSource: string, guardable: (fn: Node) => boolean): ElementForward[] {
  if (oldArr?.type !== 'ArrayExpression' || newArr?.type !== 'ArrayExpression') return [];
  const fa = inlineFunctions(oldRoot);
  const blank = (e: Node | null, source: string): string => (e ? blankedText(source.slice(e.start, e.end), e.start, functionsIn(e)) : '\u0001');
  const a = (oldArr.elements as Array<Node | null>).map((e) => blank(e, oldSource));
  const b = (newArr.elements as Array<Node | null>).map((e) => blank(e, newSource));
  const out: ElementForward[] = [];
  const fnOf = (n: Node | undefined): Node | undefined => (n && (n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') ? n : undefined);
  const hand = (f0: Node | undefined, f1: Node | undefined, at: number, from: number, key?: string): void => {
    if (!f0 || !f1 || f0.generator || f1.generator || (f0.async && !f1.async) || !guardable(f0)) return;
    if (f0.type === 'ArrowFunctionExpression' && f1.type !== 'ArrowFunctionExpression') return;
    const ordinal = fa.indexOf(f0);
    if (ordinal >= 0) out.push(key === undefined ? { at, from, ordinal } : { at, from, key, ordinal });
  };
  for (const [j, i] of lcsPairs(a, b)) {
    const e0 = (oldArr.elements as Array<Node | null>)[i]!;
    const e1 = (newArr.elements as Array<Node | null>)[j]!;
    if (oldSource.slice(e0.start, e0.end) === newSource.slice(e1.start, e1.end)) continue;
    if (fnOf(e0)) hand(fnOf(e0), fnOf(e1), j, i);
    else if (e0.type === 'ObjectExpression' && e1.type === 'ObjectExpression') {
      const before = literalProps(e0, oldSource);
      const after = literalProps(e1, newSource);
      if (!before || !after) continue;
      for (const [key, p1] of after) {
        const p0 = before.get(key);
        if (!p0 || p0.pair || p1.pair || p0.node.kind !== 'init' || p1.node.kind !== 'init' || p0.node.method || p1.node.method) continue;
        hand(fnOf(p0.node.value), fnOf(p1.node.value), j, i, key);
      }
    }
  }
  return out;
}

/** The inline functions in `n` not inside another one (their bodies are what an edit may change). */
function functionsIn(n: Node): Node[] {
  const out: Node[] = [];
  walk(n, (x) => {
    if (x.type !== 'FunctionExpression' && x.type !== 'ArrowFunctionExpression') return undefined;
    out.push(x);
    return false;
  });
  return out;
}

/** Marks the map literalProps returns with the text of the literal's `__proto__: …` (not a property). */
const PROTO = Symbol('proto');
type Props = Map<string, { node: Node; text: string; pair?: Node }> & { [PROTO]?: string };

/** Does the literal whose properties these are set its prototype (`__proto__: base`)? */
export const setsPrototype = (props: Props): boolean => props[PROTO] !== undefined;

/** The properties of a plain object literal by key, or undefined if it is not one. */
export function literalProps(obj: Node | null | undefined, source: string): Props | undefined {
  if (obj?.type !== 'ObjectExpression') return undefined;
  const out: Props = new Map();
  for (const p of obj.properties as Node[]) {
    if (p.type !== 'Property') return undefined;
    if (p.computed && !stableKey(p.key)) return undefined;
    const key = p.computed
      ? computedKey(source.slice(p.key.start, p.key.end))
      : p.key.type === 'Identifier'
        ? p.key.name
        : typeof p.key.value === 'string' || typeof p.key.value === 'number'
          ? String(p.key.value)
          : undefined;
    if (key === undefined) return undefined;
    if (key === '__proto__') {
      // `__proto__: base` sets the prototype; `__proto__() {}`, `get __proto__()` or a shorthand are properties of that name.
      if (p.kind !== 'init' || p.method || p.shorthand || out[PROTO] !== undefined) return undefined;
      out[PROTO] = source.slice(p.value.start, p.value.end);
      continue;
    }
    const first = out.get(key);
    if (first) {
      // A getter and a setter of one key: one property, whose text is both.
      const kinds = [first.node.kind, p.kind].sort().join();
      if (first.pair || kinds !== 'get,set') return undefined;
      out.set(key, { node: first.node, text: `${first.text}\u0000${source.slice(p.start, p.end)}`, pair: p });
      continue;
    }
    out.set(key, { node: p, text: source.slice(p.start, p.end) });
  }
  return out;
}

/** What changed between two versions of a literal; undefined when either is not plain. */
export function objectChange(oldObj: Node | null | undefined, oldSource: string, newObj: Node | null | undefined, newSource: string): ObjectChange | undefined {
  const before = literalProps(oldObj, oldSource);
  const after = literalProps(newObj, newSource);
  if (!before || !after || before[PROTO] !== after[PROTO]) return undefined;
  const props: PropChange[] = [];
  for (const [key, p] of after) {
    const old = before.get(key);
    props.push({ key, node: p.node, ...(p.pair ? { pair: p.pair } : {}), change: !old ? 'added' : old.text === p.text ? 'same' : 'changed' });
  }
  return { ...(after[PROTO] !== undefined ? { proto: true } : {}), props, removed: [...before.keys()].filter((k) => !after.has(k)) };
}

/** The names the computed keys of a literal read (`[ADD]`: ADD); its `__proto__` value's too. */
export function keyReads(obj: Node | null | undefined): Set<string> {
  const out = new Set<string>();
  if (obj?.type !== 'ObjectExpression') return out;
  for (const p of obj.properties as Node[]) {
    if (p.type !== 'Property') continue;
    if (p.computed) for (const n of readsOf(p.key)) out.add(n);
    else if (!p.method && p.kind === 'init' && !p.shorthand && (p.key.name ?? p.key.value) === '__proto__') for (const n of readsOf(p.value)) out.add(n);
  }
  return out;
}

/** The same literal, evaluated again because some of its properties read values that change. */
export function derivedObject(obj: Node | null | undefined, source: string, changed: ReadonlySet<string>): ObjectChange | undefined {
  const props = literalProps(obj, source);
  // (A key or prototype that reads a changed value: a fresh process's object has another key or prototype.)
  if (!props || [...keyReads(obj)].some((n) => changed.has(n))) return undefined;
  return {
    ...(props[PROTO] !== undefined ? { proto: true } : {}),
    props: [...props].map(([key, p]) => ({
      key,
      node: p.node,
      ...(p.pair ? { pair: p.pair } : {}),
      // A method or accessor reads when it is called: it already sees the new value.
      change: p.node.kind === 'init' && !p.node.method && [...readsOf(p.node.value)].some((n) => changed.has(n)) ? 'changed' : 'same',
    })),
    removed: [],
  };
}

/** Can `target` take another object's own properties (runtime/patch.ts refill)? Extensible, no array, every key deletable. */
export function refillable(target: unknown): target is Record<PropertyKey, unknown> {
  return target !== null && typeof target === 'object' && !Array.isArray(target) && Object.isExtensible(target) && Reflect.ownKeys(target).every((k) => Object.getOwnPropertyDescriptor(target, k)!.configurable);
}

/**
 * Can an update in place change this value (runtime/patch.ts objectUpdate)? A plain, extensible
 * object. `constant`: the binding is a `const` declared by the literal, so it holds the literal's
 * object whatever its prototype now is — one a later statement set
 * (`Object.setPrototypeOf(prototype, EventEmitter.prototype)`, pino's lib/proto.js), which an
 * object built anew would lack (a fresh process runs that statement after the literal).
 */
export function updatableInPlace(value: unknown, proto = false, constant = false): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  // (A literal that sets its prototype may have any: the object is still the literal's.)
  const p = Object.getPrototypeOf(value);
  return (proto || constant ? !Array.isArray(value) && typeof value !== 'function' : p === Object.prototype || p === null) && Object.isExtensible(value);
}
