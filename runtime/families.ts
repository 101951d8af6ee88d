/**
 * Families: what stays the same object across versions of a module, so that everything the
 * program holds follows edits. One family per top-level function (its handles and their
 * holders) and per class (its class object and member slots), looked up by name in the
 * module's record. Also the two writes every operation on them is made of, each recording
 * its undo: pointing a function family at new code (`setImpl`) and assigning a top-level
 * binding in every live version of a module (`assign`).
 */
import { ClassFlags, CTOR_KEY, IMPL_SUFFIX, type Hook, type Holder } from '../loader/contract.js';
import { setHolder } from './slots.js';
import type { UndoLog } from './undo.js';

/** Every handle of one top-level function, across the module's versions. */
export interface FnFamily {
  name: string;
  binding: string;
  /** handles[0] is the identity the program holds; later versions' handles forward too. */
  handles: Function[];
  /** The holders the handles forward through (one per module version; runtime/slots.ts). */
  holders: Holder[];
  impl: Function;
  /** Some handle passes `new.target` on (HandleFlags.PassesNewTarget, given when it registered). */
  passesNewTarget: boolean;
}

/** What a site's closures of one code version captured (filled from the text that made them). */
export interface SiteFacts {
  captures: ReadonlySet<string>;
  /** The captures its guard passes as values, in order (loader/closures.ts Site.consts). */
  consts: readonly string[];
  usesThis: boolean;
  /** Its guard passes a reader of `super` (loader/closures.ts SUPER_READER). */
  usesSuper: boolean;
  arrow: boolean;
  generator: boolean;
  /** What the owner's running text calls a captured variable whose parameter an edit renamed: that name → the captured one. */
  names?: ReadonlyMap<string, string>;
}

/** One code version of an owner that made closures at a site: the holder their guards read. */
export interface ClosureEntry {
  holder: Holder;
  /** Undefined for holders registered at load: the text they came from is the owner's old text then. */
  facts?: SiteFacts;
}

export interface MemberSlot {
  /** The holder the handle forwards through (runtime/slots.ts). */
  holder: Holder;
  /** The public handle (null for a `#private` member, whose forwarder is in the class body). */
  handle: Function | null;
  impl: Function;
}

export interface ClassFamily {
  name: string;
  binding: string;
  /** The class object the program holds (identity). */
  cls: any;
  /** Class scope hook: compiles new members where the class's `#names` are visible. */
  hook: Hook;
  /**
   * The home scope hook of the module version the class was created in: the module scope
   * its class scope hook sees. Once a re-import made a newer version the live one, code
   * compiled in the class scope reads module-level names through that version's scope
   * (runtime/class-code.ts `outerScope`).
   */
  home: Hook;
  /** Created with an extends clause: its constructor calls `super(…)` (loader/ctor.ts), whatever its parent is now. */
  derived: boolean;
  /**
   * The `#names` code compiled in its scope can use: those the class was created with, and
   * those refreshes gave it in scopes nested in its own (`grown`, runtime/class-privates.ts).
   */
  privates: ReadonlySet<string>;
  /** Scopes nested in the class's for `#names` it was not created with, oldest first; `hook` compiles in the newest. */
  grown: readonly PrivateScope[];
  /**
   * What `super` means in members a refresh compiled: empty objects whose prototypes are
   * the parents of the class's prototype and of the class. A member is compiled as a method
   * of an object literal inheriting from one of them (docs/design.md §4.1), so a changed
   * extends clause re-parents these two instead of every member compiled so far.
   */
  supers: { proto: object; statics: object };
  /** `${static ? 1 : 0}|${part}|${key}` → slot. */
  slots: Map<string, MemberSlot>;
  /** Members added by a refresh: generic handles over a holder. */
  added: Map<string, { holder: Holder; handle: Function }>;
  /** The constructor body in force (without field wrappers): undefined — the class's own; null — none. */
  ctor: Function | null | undefined;
  /** Instance fields added or changed by refreshes: new instances get them after construction. */
  fieldInits: Map<string, (o: object) => void>;
}

/** A scope a refresh nested in a class's for `#names` the class was not created with (runtime/class-privates.ts). */
export interface PrivateScope {
  names: ReadonlySet<string>;
  /** Its names are the class's own (static members), not its instances'. */
  isStatic: boolean;
  /** Does `o` have the names? */
  has(o: object): boolean;
  /** Give `o` the names: their field initializers run on it. */
  give(o: object): void;
  /** The field initializers `give` runs, by name (refreshes set them: `setInit`). */
  inits: Record<string, Function | undefined>;
}

export const slotKey = (isStatic: boolean | number, part: string, key: string): string => `${isStatic ? 1 : 0}|${part}|${key}`;
export const CTOR_SLOT = slotKey(0, 'value', CTOR_KEY);

/** What a class registers with (loader/contract.ts `ModuleApi.cls`). */
export interface ClassRegistration {
  binding: string;
  cls: any;
  /** Its class scope hook. */
  hook: Hook;
  /** Its module version's home scope hook. */
  home: Hook;
  slots: Map<string, MemberSlot>;
  privates: string;
  flags: number;
}

/** A class family as a class registers: nothing changed by a refresh yet. */
export function classFamily(name: string, r: ClassRegistration): ClassFamily {
  const { binding, cls, hook, home, slots } = r;
  const supers = { proto: Object.create(Object.getPrototypeOf(cls.prototype)), statics: Object.create(Object.getPrototypeOf(cls)) };
  const privates = new Set(r.privates.split(' ').filter(Boolean));
  const derived = (r.flags & ClassFlags.Derived) !== 0;
  return { name, binding, cls, hook, home, derived, privates, grown: [], supers, slots, added: new Map(), ctor: undefined, fieldInits: new Map() };
}

/** Make a handle look like its implementation: name, length, kind (async, generator), prototype. */
export function dress(handle: Function, impl: Function, name: string = impl.name): void {
  if (typeof impl !== 'function' || handle === impl) return;
  if (handle.name !== name) define(handle, 'name', name);
  if (handle.length !== impl.length) define(handle, 'length', impl.length);
  if (Object.getPrototypeOf(handle) !== Object.getPrototypeOf(impl)) Object.setPrototypeOf(handle, Object.getPrototypeOf(impl));
  if (Object.prototype.hasOwnProperty.call(impl, 'prototype') && Object.prototype.hasOwnProperty.call(handle, 'prototype')) {
    const proto = (impl as any).prototype;
    // Old-style constructors: instances made through the handle and through the
    // implementation share one prototype object, kept from the first version on.
    if ((handle as any).prototype !== proto && isPlainPrototype(proto, impl)) (impl as any).prototype = (handle as any).prototype;
  }
}

function isPlainPrototype(proto: any, impl: Function): boolean {
  return proto && typeof proto === 'object' && proto.constructor === impl && Object.getOwnPropertyNames(proto).length === 1;
}

/** A function's own keys that are the language's, not members a program gave it. */
export const FUNCTION_OWN: ReadonlySet<PropertyKey> = new Set(['length', 'name', 'prototype', 'arguments', 'caller']);

/** Copies `from`'s own properties but `except` onto `to` (each write undone in `undo`), past the non-configurable ones `to` has. */
export function copyOwn(from: object, to: object, except: ReadonlySet<PropertyKey>, undo: UndoLog): void {
  for (const key of Reflect.ownKeys(from)) {
    if (except.has(key)) continue;
    const was = Object.getOwnPropertyDescriptor(to, key);
    if (was && !was.configurable) continue;
    Object.defineProperty(to, key, Object.getOwnPropertyDescriptor(from, key)!);
    undo.push(() => (was ? Object.defineProperty(to, key, was) : delete (to as Record<PropertyKey, unknown>)[key]));
  }
}

export function define(o: object, key: string, value: unknown): void {
  try {
    Object.defineProperty(o, key, { value, configurable: true });
  } catch {
    /* a frozen function: keep what it has */
  }
}

/** After a constructor edit, the class's `length` is the new parameter count (minus `__lmNT`, and a base class's `__lmS`). */
export function classLength(cls: Function, ctor: Function, derived: boolean): void {
  define(cls, 'length', Math.max(0, ctor.length - (derived ? 1 : 2)));
}

/** The name JavaScript would have given the function without instrumentation. */
export function displayName(name: string, impl: Function): string {
  const own = impl.name.endsWith(IMPL_SUFFIX) ? impl.name.slice(0, -IMPL_SUFFIX.length) : impl.name;
  return own && !own.startsWith('__lm') ? own : name;
}

/** Point every handle of a function family at `impl`. */
export function setImpl(family: FnFamily, impl: Function, undo: UndoLog): void {
  const before = family.impl;
  const shown = displayName(family.name, family.impl);
  const write = (fn: Function): void => {
    family.holders.forEach((holder, i) => setHolder(holder, fn, family.handles[i]));
    for (const h of family.handles) dress(h, fn, shown);
    family.impl = fn;
  };
  // The undo goes first: a write that fails half-way (a limeade bug) is undone too.
  undo.push(() => write(before));
  write(impl);
}

/**
 * `assign` for several bindings at once: one compile per scope, each binding written where
 * that version has it (a missing one, or a read-only import binding, is passed over).
 */
export function assignAll(homes: readonly Hook[], entries: ReadonlyArray<readonly [string, unknown]>, undo: UndoLog): void {
  if (!entries.length) return;
  const write = entries.map(([n], i) => `try{__v.b[${i}]=${n};${n}=__v.v[${i}];__v.d[${i}]=1}catch{}`).join('');
  const back = entries.map(([n], i) => `if(__v.d[${i}])try{${n}=__v.b[${i}]}catch{}`).join('');
  const values = entries.map(([, v]) => v);
  for (const home of homes) {
    const state = { b: [] as unknown[], v: values, d: [] as number[] };
    home(write, state);
    if (state.d.length) undo.push(() => home(back, state));
  }
}

/** Assign a top-level binding in these scopes (a module's live versions) that have it. */
export function assign(homes: readonly Hook[], binding: string, value: unknown, undo: UndoLog): void {
  for (const home of homes) {
    let before: unknown;
    try {
      before = home(binding);
    } catch {
      continue; // this version has no such binding
    }
    try {
      home(`${binding}=__v`, value);
    } catch {
      // An import binding in that version (the name was imported there and is declared
      // now): read-only, and nothing of that version's code runs any more to read it.
      continue;
    }
    undo.push(() => home(`${binding}=__v`, before));
  }
}
