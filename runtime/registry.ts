/**
 * The registry: one record per app module (its home scope hooks, function families and
 * class families), and the small API the instrumented code calls while it evaluates
 * (`__lm$.f`, `.c`, `.d`, `.k`, `.s`).
 */
import { fileURLToPath } from 'node:url';
import { CTOR_KEY, DEFAULT_BINDING, IMPL_SUFFIX } from '../loader/names.js';
import { baseOf, versionOf } from '../loader/url.js';
import type { Plan } from '../loader/diff.js';
import type { Node } from '../loader/analyze.js';
import type { Hook } from './compile.js';
import { newHolder, setHolder, type Holder } from './slots.js';

/** Every handle of one top-level function, across the module's versions. */
export interface FnFamily {
  name: string;
  binding: string;
  /** handles[0] is the identity the program holds; later versions' handles forward too. */
  handles: Function[];
  /** The holders the handles forward through (one per module version; runtime/slots.ts). */
  holders: Holder[];
  impl: Function;
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
  /** `${static ? 1 : 0}|${part}|${key}` → slot. */
  slots: Map<string, MemberSlot>;
  /** Members added by a refresh: generic handles over a holder. */
  added: Map<string, { holder: Holder; handle: Function }>;
  /** The constructor body in force (without field wrappers): undefined — the class's own; null — none. */
  ctor: Function | null | undefined;
  /** Instance fields added or changed by refreshes: new instances get them after construction. */
  fieldInits: Map<string, (o: object) => void>;
}

export interface ModuleRecord {
  url: string;
  file: string;
  /** The JavaScript the program runs now (after other loaders), as the loader saw it. */
  source: string | undefined;
  /** Latest re-import version (0 until the first shape change). */
  version: number;
  /** Home hook of the newest version: patches compile here. */
  home: Hook;
  /** Home hooks of every live version (changed values are assigned in all of them). */
  homes: Hook[];
  fns: Map<string, FnFamily>;
  classes: Map<string, ClassFamily>;
  /** Names any version of the module declared at top level. */
  known: Set<string>;
  /** Applied patches and re-imports, for status(). */
  refreshes: number;
  /** Content that failed to apply: the watcher does not try the same text again. */
  failed?: string | undefined;
  /** The applied source, parsed (kept from the last refresh: the next diff needs it). */
  parsed?: { source: string; program: Node } | undefined;
}

/** What a re-imported version reports while it evaluates. */
export interface Reimport {
  record: ModuleRecord;
  plan: Plan;
  hook: Hook | null;
  fns: Map<string, { binding: string; handle: Function; impl: Function; holder: Holder }>;
  classes: Map<string, { binding: string; cls: any; hook: Hook; slots: Map<string, MemberSlot> }>;
}

export const slotKey = (isStatic: boolean | number, part: string, key: string): string => `${isStatic ? 1 : 0}|${part}|${key}`;
export const CTOR_SLOT = slotKey(0, 'value', CTOR_KEY);

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

function define(o: object, key: string, value: unknown): void {
  try {
    Object.defineProperty(o, key, { value, configurable: true });
  } catch {
    /* a frozen function: keep what it has */
  }
}

export class Registry {
  readonly modules = new Map<string, ModuleRecord>();
  /** Re-imports in flight, by module URL. */
  readonly pending = new Map<string, Reimport>();
  /** Sources the loader instrumented, by module URL (the loader fills this). */
  readonly sources = new Map<string, string>();
  /** The last version number handed to a re-import (of any module). */
  versions = 0;
  /** `new` through a function handle (old-style constructor functions). */
  readonly construct = Reflect.construct;
  /** A call of a hoisted function's handle before its module's prologue ran (an import cycle). */
  readonly early = (fn: Function, self: unknown, args: unknown[], nt: Function | undefined): unknown =>
    nt ? Reflect.construct(fn, args, nt) : Reflect.apply(fn, self, args);

  /** Gives each version's `import.meta` its `hot` (runtime/hot.ts). */
  onMeta: ((record: ModuleRecord, meta: object) => void) | undefined;

  constructor(private readonly onModule: (record: ModuleRecord) => void) {}

  /** `__lm$ = runtime.m(import.meta.url, hook, import.meta)`: the first thing every instrumented module runs. */
  m(url: string, hook: Hook, meta?: object): object {
    const base = baseOf(url);
    const reimport = versionOf(url) > 0 ? this.pending.get(base) : undefined;
    if (reimport) {
      reimport.hook = hook;
      if (meta) this.onMeta?.(reimport.record, meta);
      return this.api(reimport.record, reimport);
    }
    let record = this.modules.get(base);
    if (!record) {
      record = {
        url: base,
        file: base.startsWith('file:') ? fileURLToPath(base) : base,
        source: this.sources.get(base),
        version: 0,
        home: hook,
        homes: [hook],
        fns: new Map(),
        classes: new Map(),
        known: new Set(),
        refreshes: 0,
      };
      this.modules.set(base, record);
      this.onModule(record);
    }
    if (meta) this.onMeta?.(record, meta);
    return this.api(record, undefined);
  }

  private api(record: ModuleRecord, reimport: Reimport | undefined): object {
    const api = {
      v: undefined as unknown,
      h: newHolder,
      f: (name: string, binding: string, handle: Function, impl: Function, holder: Holder): void => {
        dress(handle, impl, displayName(name, impl));
        record.known.add(binding);
        // A redeclaration (`var f = …` twice) shares the first one's handle and holder: the
        // latest declaration is in force, as without limeade.
        const family = reimport ? undefined : record.fns.get(name);
        // A guarded function (loader/instrument.ts guardedSource) is its own handle: its new
        // holder stays empty until an edit, and it runs its own body.
        if (impl !== handle) setHolder(holder, impl);
        if (family?.holders.includes(holder)) family.impl = impl;
        if (reimport) reimport.fns.set(name, { binding, handle, impl, holder });
        else if (!family) record.fns.set(name, { name, binding, handles: [handle], holders: [holder], impl });
      },
      d: (cls: any) => (holder: Holder, key: string, isStatic: number, part: 'value' | 'get' | 'set') => {
        const desc = Object.getOwnPropertyDescriptor(isStatic ? cls : cls.prototype, key);
        setHolder(holder, desc?.[part]);
      },
      c: (name: string, binding: string, cls: any, hook: Hook, entries: Array<[string, number, 'value' | 'get' | 'set', Holder, (Function | null)?]>): void => {
        if (binding === DEFAULT_BINDING && cls.name === DEFAULT_BINDING) define(cls, 'name', 'default');
        const slots = new Map<string, MemberSlot>();
        for (const [key, isStatic, part, holder, given] of entries) {
          const target = isStatic ? cls : cls.prototype;
          const desc = Object.getOwnPropertyDescriptor(target, key);
          const impl = desc?.[part] as Function;
          // No handle given: a guarded member (loader/instrument.ts guardedSource) is its own.
          const handle = given === undefined ? (impl ?? null) : given;
          slots.set(slotKey(isStatic, part, key), { holder, handle, impl });
          if (given === undefined) continue;
          if (!desc) continue;
          if (handle === null) {
            delete target[key];
            continue;
          }
          dress(handle, impl);
          Object.defineProperty(target, key, { ...desc, [part]: handle });
        }
        record.known.add(binding);
        if (reimport) reimport.classes.set(name, { binding, cls, hook, slots });
        else if (!record.classes.has(name))
          record.classes.set(name, { name, binding, cls, hook, slots, added: new Map(), ctor: undefined, fieldInits: new Map() });
      },
      k: (name: string): boolean => {
        if (!reimport?.plan.carry.includes(name)) return false;
        try {
          api.v = reimport.record.home(name === 'default' ? DEFAULT_BINDING : name);
          return true;
        } catch {
          return false;
        }
      },
      s: (index: number): boolean => (reimport ? reimport.plan.runStatements[index] ?? true : true),
    };
    return api;
  }
}

/** After a constructor edit, the class's `length` is the new parameter count (minus `__lmNT`). */
export function classLength(cls: Function, ctor: Function): void {
  define(cls, 'length', Math.max(0, ctor.length - 1));
}

/** The name JavaScript would have given the function without instrumentation. */
export function displayName(name: string, impl: Function): string {
  const own = impl.name.endsWith(IMPL_SUFFIX) ? impl.name.slice(0, -IMPL_SUFFIX.length) : impl.name;
  return own && !own.startsWith('__lm') ? own : name;
}
