/**
 * The contract between the code the instrumenter emits (loader/instrument.ts, loader/ctor.ts)
 * and the runtime that code calls (runtime/registry.ts): the global it is reached through,
 * the names it calls, what it passes, and the generated identifiers both sides agree on.
 * Both sides import this file and nothing else of each other, so an emitted call that the
 * runtime does not implement is a type error (`call()` below takes only keys of the
 * interfaces). No dependencies: the runtime loads it at start-up without the parser.
 *
 * Names are spelled out (`fn`, `cls`, `carries`): they are emitted once per registration,
 * never on a hot path, and nothing measured says a shorter name matters there.
 */

/** Where a handle finds the code in force (runtime/slots.ts explains the prototype swap). */
export type Holder = { readonly f: Function | undefined };

/** A scope hook planted by the instrumenter: direct eval in a module's or a class's scope. */
export type Hook = (code: string, value?: unknown) => unknown;

/** Which part of a property a class member is. */
export type MemberPart = 'value' | 'get' | 'set';

/**
 * One class member as the class's static block registers it:
 * `[key, isStatic (0|1), part, holder, handle?]`. No handle: a guarded member, its own
 * handle. `null`: a `#private` member (its forwarder is in the class body).
 */
export type MemberEntry = [key: string, isStatic: number, part: MemberPart, holder: Holder, handle?: Function | null];

/**
 * Facts about a function handle, recorded when it registers (`ModuleApi.fn`'s bit flags),
 * so the runtime never has to recover them from the handle's text.
 */
export const HandleFlags = {
  None: 0,
  /** The handle passes `new.target` on (`new` reaches the code in force as a construct). */
  PassesNewTarget: 1,
} as const;

/** Facts about a class, recorded when it registers (`ModuleApi.cls`'s bit flags). */
export const ClassFlags = {
  None: 0,
  /**
   * Created with an extends clause: its constructor is a derived one, which must call
   * `super(…)` (loader/ctor.ts), whatever parent a later edit links it to.
   */
  Derived: 1,
} as const;

/**
 * What `globalThis[RUNTIME_KEY]` is: the registry. Called by every instrumented module's
 * prologue, and by handles (`construct`, `early`) when they run.
 */
export interface RuntimeApi {
  /**
   * `const __lm$ = rt.module(import.meta.url, homeHook, import.meta)`: the module's first
   * statement. A CommonJS module passes its URL, no `meta`, and its wrapper's `module` and
   * `require` (runtime/cjs.ts).
   */
  module(url: string, hook: Hook, meta?: object, commonjs?: CommonJsScope): ModuleApi;
  /** `new` through a handle that passes `new.target` on. */
  construct(target: Function, args: ArrayLike<unknown>, newTarget: Function): unknown;
  /** A hoisted function's handle called before its module's prologue ran (an import cycle). */
  early(fn: Function, self: unknown, args: unknown[], newTarget: Function | undefined): unknown;
}

/** What Node's CommonJS wrapper gives a module that limeade needs: `{module,require}`. */
export interface CommonJsScope {
  module: { exports: unknown };
  require: (id: string) => unknown;
}

/** What a module's `__lm$` is: the calls its prologue, class blocks and re-import gates make. */
export interface ModuleApi {
  /** The module's extra scope: names edits added in place (runtime/extras.ts). Read by code a refresh compiles, never emitted. */
  readonly x: object;
  /**
   * `__lm$.holders("__lmg$1_a$", n)`, right after the module's first statement: defines the
   * globals `__lmg$1_a$0` … `__lmg$1_a$${n-1}`, a new holder each, which the module's guards,
   * handles and registrations name (HOLDER_PLACEHOLDER).
   */
  holders(prefix: string, n: number): void;
  /**
   * `__lm$.envs("calls", "a b")`: defines, once per realm, the global class of the per-call
   * environments of each set of names (space-separated), which guards name
   * (loader/closures.ts envClassName).
   */
  envs(...sets: string[]): void;
  /** A top-level function: registry name, module binding, the handle the program holds, the code, its holder, HandleFlags. */
  fn(name: string, binding: string, handle: Function, impl: Function, holder: Holder, flags: number): void;
  /** For class `cls`: a function that points a member's holder at the member's own code. */
  member(cls: Function): (holder: Holder, key: string, isStatic: number, part: MemberPart) => void;
  /**
   * A top-level class with its class scope hook, its members, the `#names` its body declares
   * (space-separated, with their hash: the only ones code compiled in its scope can use) and
   * ClassFlags.
   */
  cls(name: string, binding: string, cls: Function, hook: Hook, entries: MemberEntry[], privates: string, flags: number): void;
  /**
   * An inline function (loader/inline.ts): its holder, by owner (a declaration's name, or the
   * index of a top-level statement among the statements) and its ordinal in the owner.
   */
  inline(owner: string | number, ordinal: number, holder: Holder): void;
  /**
   * An inline function passed where it stands to a call (`app.use((err, req, res, next) => …)`):
   * returned as it is, and remembered by its holder, so that a save that changes its parameters
   * gives the function the program holds the new `length` (runtime/slots.ts `madeAt`).
   */
  made<F>(holder: Holder, fn: F): F;
  /**
   * A closure site (loader/closures.ts): its holder, by owner (a top-level function's name, or
   * `Class#member` for a class member, `closureOwner`) and its ordinal in the owner.
   */
  closure(owner: string, ordinal: number, holder: Holder): void;
  /** Re-import only: does declaration `name` keep the running version's value? Then it is in `carried`. */
  carries(name: string): boolean;
  /** The value `carries()` found (a property, so that `undefined` can be carried too). */
  readonly carried: unknown;
  /**
   * Re-import only: does the running class `name` continue in this version? Then `carried` is
   * that class object, already changed to this version's text, and the version's class body
   * is not evaluated (its `#names` would be new ones, foreign to every instance).
   */
  carriesClass(name: string): boolean;
  /**
   * The top-level code of `owner` starts (a statement's index among the statements, or a
   * value declaration's name; null: no owner — a class, the end of the module, or a
   * top-level `await` about to suspend, whose operand `value` is returned). What it
   * registers meanwhile (timers, listeners, servers, routes) is its own, undone when it runs
   * again or is removed (runtime/effects.ts).
   */
  at(owner: number | string | null, value?: unknown): unknown;
  /**
   * `Object.defineProperty(exports, key, descriptor)` as a CommonJS module's code writes it
   * (loader/instrument.ts rewrites those calls, on `exports` or `module.exports`): the same
   * definition, which top-level code registers as its statement's (runtime/effect-kinds.ts).
   */
  defineExport(target: object, key: PropertyKey, descriptor: PropertyDescriptor): object;
  /** Re-import only: does top-level statement `index` (0-based, in order) run? */
  runs(index: number): boolean;
  /**
   * Re-import only, the module's last statement: its top-level code has run. Classes the
   * refresh's re-imports continue have their new members in force for that code only; the
   * program sees them from the refresh's swap on, with every other file's (runtime/reimport.ts).
   */
  evaluated(): void;
}

/** The emitted text of a call of the contract: `call('fn')` is `__lm$.fn`. */
export function call(name: keyof ModuleApi): string {
  return `${MODULE_LOCAL}.${name}`;
}
/** The emitted text of a runtime call: `runtimeCall('construct')` is `__lm$rt.construct`. */
export function runtimeCall(name: keyof RuntimeApi): string {
  return `${RUNTIME_KEY}.${name}`;
}

/**
 * The global through which instrumented modules reach the runtime: a plain identifier a
 * program will not declare (a module's own `var Symbol` or `var Reflect`, as lodash-es
 * has, must not break the code limeade adds).
 */
export const RUNTIME_KEY = '__lm$rt';

/** The module's `ModuleApi`, a `const` of its prologue. */
export const MODULE_LOCAL = '__lm$';

/** `import.meta`, captured by the prologue: eval code cannot say `import.meta` (runtime/compile.ts). */
export const META_LOCAL = '__lm$m';

/**
 * A hoisted `var` of every instrumented module that has holders, set by its prologue once
 * they exist: until then a handle of a hoisted function calls the original implementation
 * (loader/instrument.ts handleSource).
 */
export const READY = '__lm$r';

/**
 * The holders of a module are globals, `__lmg$<tag>$<n>`, defined by its prologue
 * (`ModuleApi.holders`), not `const`s of the module: V8 folds a global that is never
 * reassigned to its value in every tier, and so the guard's load of the holder's code, where
 * it folds a `const` of the module's scope only when it knows the function's context, which
 * Node 26's concurrent on-stack replacement does not (docs/design.md §4.2). The instrumenter
 * writes `__lmg$$<n>` (its output is cached by content, across processes); the loader gives
 * each evaluation its tag (`tagHolders`), unique in the process, since a CommonJS file can
 * run twice in one realm (a `require.cache` entry deleted).
 */
export const HOLDER_PLACEHOLDER = '__lmg$$';

/** `code` with its holders named for one evaluation (HOLDER_PLACEHOLDER): the tag is the thread's id and a count, so no two evaluations share one. */
export function tagHolders(code: string): string {
  return code.includes(HOLDER_PLACEHOLDER) ? code.split(HOLDER_PLACEHOLDER).join(holderPrefix()) : code;
}

/** A prefix for holder globals no other evaluation or compile in this process has (`__lmg$0_7$`): the thread's id and a count. */
export function holderPrefix(): string {
  const box = globalThis as { [TAG_COUNT]?: number };
  const count = (box[TAG_COUNT] = (box[TAG_COUNT] ?? 0) + 1);
  return `__lmg$${threadTag()}_${count.toString(36)}$`;
}

/** (On the global: the loader, the hooks thread and the runtime may each load this file as a module of its own.) */
const TAG_COUNT = Symbol.for('limeade.holderTags');

function threadTag(): string {
  if (thread === undefined) {
    const worker = (process as { getBuiltinModule?: (id: string) => { threadId?: number } | undefined }).getBuiltinModule?.('node:worker_threads');
    thread = (worker?.threadId ?? 0).toString(36);
  }
  return thread;
}

let thread: string | undefined;

/** Prefix of the string key a `#private` method's body lives under until the class is set up. */
export const PRIVATE_PREFIX = '__lm';

/** The binding an anonymous default export is held in. */
export const DEFAULT_BINDING = '__lmdefault';

/** The string key a replaced constructor body is compiled under (loader/ctor.ts). */
export const CTOR_KEY = '__lm:ctor';

/**
 * The implementation slot of top-level function `name`: `name$lm`. The function gets this
 * name from its own declaration, so nothing redefines `name` on it:
 * `Object.defineProperty(impl, 'name')` made every call through the handle ~12x slower (V8
 * stopped inlining `impl.apply`; 1.3 → 15 ns, Node 20 and 24). Stack traces read
 * `at add$lm (…)`. ASCII on purpose: an invisible U+200D, tried first, made V8 store every
 * instrumented module's source as two-byte text (twice the memory).
 */
export const IMPL_SUFFIX = '$lm';
export const implName = (name: string): string => `${name}${IMPL_SUFFIX}`;

/** The owner key of a class member's closure sites (ModuleApi.closure): `Button#field onClick`. */
export const memberOwner = (cls: string, memberId: string): string => `${cls}#${memberId}`;

/** The key a closure site's holders are kept under (ModuleApi.closure). */
export const closureKey = (owner: string, ordinal: number): string => `${owner}:${ordinal}`;

/**
 * The owner key of an inline function's closure sites (ModuleApi.closure): `inline #3:0`, or
 * `inline server:0`; re-keyed with the inline holders when statements move
 * (runtime/registry.ts).
 */
export const inlineClosureOwner = (owner: string | number, ordinal: number): string => `${INLINE_OWNER}${inlineKey(owner, ordinal)}`;
export const INLINE_OWNER = 'inline ';

/** A closure key of an inline owner (`inline #3:0:1`: `#3`, 0, site 1) taken apart; undefined for other keys. */
export function inlineClosureParts(key: string): { owner: string; ordinal: number; site: number } | undefined {
  if (!key.startsWith(INLINE_OWNER)) return undefined;
  const m = /^(.*):(\d+):(\d+)$/.exec(key.slice(INLINE_OWNER.length));
  return m ? { owner: m[1]!, ordinal: Number(m[2]), site: Number(m[3]) } : undefined;
}

/** The key an inline function's holder is kept under (ModuleApi.inline): `name:0`, or `#3:0` for statement 3. */
export const inlineKey = (owner: string | number, ordinal: number): string => `${typeof owner === 'number' ? '#' : ''}${owner}:${ordinal}`;

/**
 * The global class of the per-call environments of `shared` (defined once per realm by the
 * runtime, runtime/slots.ts defineEnvironments: `__lm$.envs("a b")` in the prologue, and for
 * new code before it is compiled): `__lmE$` and each name after its length (`__lmE$5calls`),
 * so that no two sets of names share one.
 */
export const envClassName = (shared: readonly string[]): string => `__lmE$${shared.map((n) => `${n.length}${n}`).join('')}`;

/**
 * That class's text: its instances hold one arrow (`__lm$f`) that the guard makes per call,
 * called with the name's index to read it, and with the value and `1` to assign it; an
 * accessor per name on the prototype, which V8 inlines.
 */
export function envClassSource(shared: readonly string[]): string {
  const key = (n: string): string => (n === 'constructor' ? '["constructor"]' : n);
  return `(class{constructor(f){this.__lm$f=f}${shared.map((n, i) => `get ${key(n)}(){return this.__lm$f(${i})}set ${key(n)}(__lm$v){this.__lm$f(${i},__lm$v,1)}`).join('')}})`;
}
