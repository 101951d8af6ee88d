/**
 * The writes class operations are made of (runtime/classes.ts compiles the code they put in
 * place): a member pointed at new code through its slot or a generic handle, a member
 * removed, a field that appears lazily on old instances, the constructor slot pointed at
 * the constructor in force (loader/ctor.ts). Each records its undo.
 */
import { classLength, CTOR_SLOT, dress, slotKey, type ClassFamily } from './families.js';
import { keepFast, newHolder, setHolder } from './slots.js';
import type { UndoLog } from './undo.js';

export function swap<K extends 'ctor' | 'fieldInits'>(family: ClassFamily, key: K, value: ClassFamily[K], undo: UndoLog): void {
  const before = family[key];
  family[key] = value;
  undo.push(() => (family[key] = before));
}

/**
 * Point the constructor slot at the constructor in force, wrapped so that fields added or
 * changed by refreshes are set on every new instance.
 */
export function installConstructor(family: ClassFamily, derived: boolean, current: Function | null, undo: UndoLog): void {
  const slot = family.slots.get(CTOR_SLOT);
  if (!slot) return;
  const fields = [...family.fieldInits.values()];
  // family.ctor: undefined — the class's own constructor is in force; null — none (default).
  const body = family.ctor === undefined ? (fields.length ? current : undefined) : family.ctor;
  const inner: Function | undefined = body === null ? (derived ? defaultDerived : defaultBase) : body;
  // (A plain loop, and the one field alone: `forEach` with a closure made `new` 5x slower, 70 ns against 14.)
  const init = fields.length === 1 ? fields[0]! : (o: object): void => {
    for (let i = 0; i < fields.length; i++) fields[i]!(o);
  };
  const fn =
    !fields.length || !inner
      ? inner
      : derived
        ? // The guard's protocol (loader/ctor.ts): pass every request through, set the fields
          // on the instance as soon as super() returned it.
          function* (nt: unknown, ...a: unknown[]): Generator<unknown, unknown, unknown> {
            const g = inner.call(undefined, nt, ...a) as Generator<[number, unknown], unknown, unknown>;
            let r = g.next();
            while (!r.done) {
              const q = r.value;
              const v = yield q;
              if (q[0] === 0) init(v as object);
              r = g.next(v);
            }
            return r.value;
          }
        : function (self: object, nt: unknown, ...a: unknown[]) {
            init(self);
            return inner(self, nt, ...a);
          };
  const prev = slot.impl;
  setHolder(slot.holder, fn);
  slot.impl = fn as Function;
  if (inner) classLength(family.cls, inner, derived);
  undo.push(() => {
    setHolder(slot.holder, prev);
    slot.impl = prev;
  });
}

const defaultBase = function (): void {};
const defaultDerived = function* (_nt: unknown, ...a: unknown[]): Generator<unknown, void, unknown> {
  yield [0, a];
};

export function restore(target: object, key: PropertyKey, desc: PropertyDescriptor | undefined): void {
  if (desc) Object.defineProperty(target, key, desc);
  else delete (target as any)[key];
}

/**
 * Remove one part of a member. The key may already hold what the new text declares under
 * another kind (a getter that became a method: `get x` removed, `x()` added), so only the
 * part itself goes: a method only if the key holds a value, an accessor only its own half.
 */
export function removeMember(target: any, key: string, part: 'value' | 'get' | 'set', undo: UndoLog): void {
  const before = Object.getOwnPropertyDescriptor(target, key);
  if (!before || (part === 'value' ? !('value' in before) : !before[part])) return;
  if (part === 'value' || !(before.get && before.set)) delete target[key];
  else Object.defineProperty(target, key, { ...before, [part]: undefined });
  undo.push(() => Object.defineProperty(target, key, before));
}

/** Point a member at new code: through its slot when it has one, else a generic handle. */
/**
 * The class's own function for a member gets `fn` as its code, the property where it was
 * installed left as it is: a statement after the class replaced that property (a wrapper
 * around the function, `C.prototype.m = wrap(C.prototype.m)`), and what it put there stays, as
 * in a fresh process, calling the class's function, which now runs the new code. False when the
 * member has no slot (a member no version guarded: nothing holds its function).
 */
export function retarget(family: ClassFamily, key: PropertyKey, isStatic: boolean, part: 'value' | 'get' | 'set', fn: Function, undo: UndoLog): boolean {
  const slot = typeof key === 'string' ? family.slots.get(slotKey(isStatic, part, key)) : undefined;
  if (!slot) return false;
  const prev = slot.impl;
  setHolder(slot.holder, fn, slot.handle);
  slot.impl = fn;
  undo.push(() => {
    setHolder(slot.holder, prev, slot.handle);
    slot.impl = prev;
  });
  return true;
}

/** `Function`, `AsyncFunction`, `GeneratorFunction` or `AsyncGeneratorFunction`. */
const kindOf = (fn: Function): string => Object.getPrototypeOf(fn)?.constructor?.name ?? 'Function';

export function setMember(family: ClassFamily, target: any, key: PropertyKey, isStatic: boolean, part: 'value' | 'get' | 'set', fn: Function, undo: UndoLog): void {
  const before = Object.getOwnPropertyDescriptor(target, key);
  const given = typeof key === 'string' ? family.slots.get(slotKey(isStatic, part, key)) : undefined;
  // A method the class was made with forwards as its kind does (a generator's guard with
  // `yield*`): one made another kind of generator, or a generator made a function or the
  // reverse, takes a plain forwarding handle of its own, as an added method does.
  const slot = given?.handle && part === 'value' && kindOf(given.handle) !== kindOf(fn) && [kindOf(given.handle), kindOf(fn)].some((k) => k.includes('Generator')) ? undefined : given;
  if (given && !slot) retarget(family, key, isStatic, part, fn, undo);
  let handle: Function | null;
  if (slot) {
    // A guarded member is its own handle: its holder is empty while it is in force.
    retarget(family, key, isStatic, part, fn, undo);
    handle = slot.handle;
  } else {
    const id = `${isStatic ? 1 : 0}|${part}|${String(key)}`;
    let added = family.added.get(id);
    if (!added) {
      // A holder in a `const`, as the instrumented handles have (runtime/slots.ts).
      const holder = newHolder() as { f: Function };
      const h =
        part === 'value'
          ? function (this: unknown, ...a: unknown[]) {
              return holder.f.apply(this, a);
            }
          : part === 'get'
            ? function (this: unknown) {
                return holder.f.call(this);
              }
            : function (this: unknown, v: unknown) {
                holder.f.call(this, v);
              };
      added = { holder, handle: h };
      family.added.set(id, added);
    }
    const box = added;
    const prev = box.holder.f;
    setHolder(box.holder, fn);
    undo.push(() => setHolder(box.holder, prev));
    handle = box.handle;
  }
  if (!handle) return; // a #private member: its forwarder follows the slot
  dress(handle, fn);
  const desc: PropertyDescriptor =
    part === 'value'
      ? { value: handle, writable: true, enumerable: false, configurable: true }
      : ({ get: before?.get, set: before?.set, enumerable: false, configurable: true, [part]: handle } as PropertyDescriptor);
  if (before?.[part] !== handle || (part === 'value' && !('value' in before))) {
    Object.defineProperty(target, key, desc);
    undo.push(() => restore(target, key, before));
  }
}

/**
 * A function that defines `key` on an object as a class field does (an own, writable,
 * enumerable data property, whatever the prototype chain has under that key). A class whose
 * parent returns its argument defines its fields on that object (docs/design.md §3.11), and
 * V8 compiles a field's definition to a store: 5–20 ns where `Object.defineProperty` took
 * 250–280 ns (Node 24/26, docs/benchmarks.md run 21). One class per key.
 */
export function ownDefiner(key: PropertyKey): (o: object, value: unknown) => void {
  let definer = definers.get(key);
  if (definer) return definer;
  const box: { v: unknown } = { v: undefined };
  // (TypeScript types a class's computed field names statically; this one is a value.)
  const k = key as typeof FIELD;
  const Base = function (o: object) {
    return o;
  } as unknown as new (o: object) => object;
  const Define =
    namedDefiner(key, Base, box) ??
    class extends Base {
      [k] = box.v;
    };
  definer = (o, value) => {
    box.v = value;
    new Define(o);
    box.v = undefined;
  };
  definers.set(key, definer);
  return definer;
}

const definers = new Map<PropertyKey, (o: object, value: unknown) => void>();

/**
 * The definer's class with the field written by its name (`tags = box.v`): V8 compiles a
 * named field's definition to a store it inlines, where a computed key (`[k] = box.v`) went
 * through a keyed definition, 12–18 ns a `new` against 29 (Node 24, a field added by a
 * refresh; docs/benchmarks.md run 22). Undefined for a key that is not an identifier (or is
 * `constructor`, which a class may not name a field), or where strings cannot be compiled.
 */
function namedDefiner(key: PropertyKey, base: new (o: object) => object, box: { v: unknown }): (new (o: object) => object) | undefined {
  if (typeof key !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(key) || key === 'constructor') return undefined;
  try {
    return new Function('B', 'box', `return class extends B{${key}=box.v}`)(base, box) as new (o: object) => object;
  } catch {
    return undefined;
  }
}
declare const FIELD: unique symbol;

/** The getters `lazyField` put on prototypes. */
const lazyGetters = new WeakSet<Function>();

/**
 * Where values for instances made before a refresh go (`protoValue`, `lazyField`): an object
 * put between the class's prototype and its parent, so the prototype keeps the own keys its
 * class text gives it (`Object.getOwnPropertyNames(C.prototype)`, what a fresh process lists;
 * the hono replay's differences). One per class; a changed extends clause re-links it
 * (runtime/heritage.ts).
 */
export function fieldLayer(family: ClassFamily, undo: UndoLog): object {
  const proto = family.cls.prototype as object;
  const parent = Object.getPrototypeOf(proto) as object | null;
  let layer = layers.get(family);
  if (layer && parent === layer) return layer;
  layer = Object.create(parent) as object;
  layers.set(family, layer);
  Object.setPrototypeOf(proto, layer);
  undo.push(() => Object.setPrototypeOf(proto, parent));
  return layer;
}

const layers = new WeakMap<ClassFamily, object>();

/** The object a class's prototype inherits from, past the layer `fieldLayer` put there. */
export function prototypeParent(family: ClassFamily): object | null {
  const parent = Object.getPrototypeOf(family.cls.prototype) as object | null;
  return parent && parent === layers.get(family) ? (Object.getPrototypeOf(parent) as object | null) : parent;
}

/** The object whose prototype a changed extends clause sets: the layer, if the class has one in place. */
export function linkPoint(family: ClassFamily): object {
  const parent = Object.getPrototypeOf(family.cls.prototype) as object | null;
  return parent && parent === layers.get(family) ? parent : family.cls.prototype;
}

/** A prototype (an object its constructor names as its own prototype), not an instance. */
const isPrototype = (o: object): boolean => Object.prototype.hasOwnProperty.call(o, 'constructor') && (o as { constructor?: { prototype?: unknown } }).constructor?.prototype === o;

/** A value for instances that lack `key`: a writable data property they inherit, which their own writes shadow. */
export function protoValue(family: ClassFamily, key: PropertyKey, value: unknown, undo: UndoLog): void {
  const layer = fieldLayer(family, undo);
  const before = Object.getOwnPropertyDescriptor(layer, key);
  Object.defineProperty(layer, key, { value, writable: true, enumerable: false, configurable: true });
  keepFast(layer);
  undo.push(() => restore(layer, key, before));
}

/**
 * A public field added to a class: existing instances get it the first time it is read or
 * written. `sets`: after that many writes through the accessor (new instances' constructors
 * write it there), it is given up, and writes are plain stores again.
 */
export function lazyField(family: ClassFamily, key: PropertyKey, init: Function, undo: UndoLog, sets = Infinity): void {
  const layer = fieldLayer(family, undo);
  const before = Object.getOwnPropertyDescriptor(layer, key);
  const own = ownDefiner(key);
  /** The values of instances that can take no own property (below). */
  const kept = new WeakMap<object, unknown>();
  let left = sets;
  Object.defineProperty(layer, key, {
    configurable: true,
    enumerable: false,
    get: lazyGetter(function (this: object) {
      // Read on a prototype (the class's, a subclass's): nothing to give.
      if (this === layer || isPrototype(this)) return undefined;
      // A frozen, sealed or non-extensible instance can take no own property: its value is kept
      // beside it, made once, as the field a fresh process's instance would have.
      if (!Object.isExtensible(this)) {
        if (!kept.has(this)) kept.set(this, init.call(this));
        return kept.get(this);
      }
      const v = init.call(this);
      own(this, v);
      return v;
    }),
    set(this: object, v: unknown) {
      if (!Object.isExtensible(this)) {
        // (A frozen instance's field is read-only: class code, strict, throws writing it.)
        if (Object.isFrozen(this)) throw new TypeError(`Cannot assign to read only property '${String(key)}' of object`);
        kept.set(this, v);
        return;
      }
      own(this, v);
      if (--left === 0) restore(layer, key, before);
    },
  });
  keepFast(layer);
  undo.push(() => restore(layer, key, before));
}

function lazyGetter(get: (this: object) => unknown): (this: object) => unknown {
  lazyGetters.add(get);
  return get;
}

/** A field removed again: the accessor `lazyField` put in place for it goes too (new instances would read it). */
export function dropLazyField(family: ClassFamily, key: PropertyKey, undo: UndoLog): void {
  const layer = layers.get(family);
  if (!layer) return;
  const before = Object.getOwnPropertyDescriptor(layer, key);
  if (!before?.get || !lazyGetters.has(before.get)) return;
  delete (layer as Record<PropertyKey, unknown>)[key];
  undo.push(() => Object.defineProperty(layer, key, before));
}
