/**
 * The registrations runtime/effects.ts records, and how each is taken back and put back:
 *
 * - timers: `setTimeout`, `setInterval`, `setImmediate` (global and `node:timers`). Taken back
 *   with `clear…`; put back in the same Timeout object (the program may hold it), an
 *   immediate as a new one;
 * - listeners: `on`, `addListener`, `once`, `prependListener`, `prependOnceListener` of
 *   `EventEmitter.prototype` (so `process` and streams too) and `addEventListener` of
 *   `EventTarget.prototype`. An emitter created by the same run of the same owner is left
 *   out (`http.createServer(h)` adds its own listeners to the server it makes): what is
 *   registered on it goes with it;
 * - servers: `net.Server.prototype.listen` (http, https, tls, Express's `app.listen`):
 *   closed, and put back listening on the address it had;
 * - workers: a `new Worker(…)` (seen by `EventEmitter.init`): terminated once the refresh
 *   commits, since a terminated thread cannot be put back (found by session 17's review);
 * - definitions on a CommonJS module's own exports: `Object.defineProperty(exports, key, …)`
 *   made by its top-level code (express 4's throwing accessors for middleware moved out).
 *   Taken back to the descriptor the key had before (none: deleted); put back as defined. Not
 *   a non-configurable one (TypeScript's `__esModule` and re-export getters): it cannot be;
 * - router layers: `use` and `route` of the `router` package's (Express 5) or Express 4's
 *   router prototype, found by shape among loaded CommonJS modules, never imported: the
 *   layers they pushed on `router.stack` are taken out, and a layer that replaces one takes
 *   its place (a route changed above a catch-all middleware stays above it).
 *
 * Wrappers are installed by `installWrappers` while top-level code runs and removed after
 * (runtime/effects.ts `arm`); each is the original behind one check of a variable. A call a
 * wrapper makes is not recorded again inside (`once` calls `on`; `listen` adds listeners).
 */
/** One registration that top-level code made. */
export interface Effect {
  /** What the report counts: `interval`, `listener`, … (routes and middleware are listed by label). */
  readonly kind: 'timer' | 'interval' | 'immediate' | 'listener' | 'server' | 'worker' | 'route' | 'middleware' | 'export' | 'definition';
  /** Takes it back; false if nothing was left to take back (a timeout that fired, a listener already removed). */
  undo(): boolean;
  /** What taking it back cannot put back, done once the refresh committed (a worker terminated). */
  commit?(): void;
  /** Puts it back as it was (the refresh that took it back failed). */
  redo(): void;
  /** `route GET /beta`, `middleware logger`: listed one by one in the report. */
  label?(): string;
  /** A router layer: the stack it is on (a new layer is placed in source order among them). */
  layer?: { stack: unknown[]; layer: unknown };
  /** Is there still something to take back? (A list of them drops those that are not: a top-level loop of short registrations keeps nothing alive.) */
  live?(): boolean;
  /**
   * A listener: its emitter, event and function, and how many times it is registered there
   * now. A list keeps only that many of the records that name it (the newest): a top-level
   * loop that adds and removes the same listener keeps one.
   */
  listener?: { on: object; type: unknown; fn: unknown; copies(): number };
}

/** What the wrappers ask runtime/effects.ts (handed in by `installWrappers`: no import cycle). */
export interface Tracker {
  /** Top-level code runs whose registrations are recorded. */
  tracking(): boolean;
  /** The number of the owner's current run. */
  run(): number;
  /** The exports object of the CommonJS module whose top-level code runs (undefined: none, or an ES module). */
  ownExports(): unknown;
  record(effect: Effect): void;
  /** Recording failed (a limeade bug): said once, tracking goes on. */
  failed(err: unknown): void;
  untracked<T>(work: () => T): T;
  /** A router layer was taken out at `index` / where a new one goes. */
  leaveSlot(stack: unknown[], index: number): void;
  takeSlot(stack: unknown[]): number | undefined;
  /** Where a listener added now goes among its event's listeners (undefined: where it is). */
  listenerPlace(emitter: { rawListeners(type: unknown): unknown[] }, type: unknown): number | undefined;
}
let host: Tracker;
const tracking = (): boolean => host.tracking();
/**
 * Records what `make` says was registered. The program's call has returned by then: a
 * failure here is limeade's, said once, never the program's (its call's result stands).
 */
function record(make: () => Effect | void): void {
  try {
    const effect = make();
    if (effect) host.record(effect);
  } catch (err) {
    host.failed(err);
  }
}
const untracked = <T>(work: () => T): T => host.untracked(work);

const events = process.getBuiltinModule('node:events');
const timers = process.getBuiltinModule('node:timers');
const { isProxy } = process.getBuiltinModule('node:util').types;
const Module = process.getBuiltinModule('node:module') as unknown as {
  prototype: { require: Function; _compile: Function };
  _cache: Record<string, { exports?: unknown } | undefined>;
};
const EE = events.EventEmitter as unknown as { prototype: any; init: Function };
const { Worker } = process.getBuiltinModule('node:worker_threads');
const { clearTimeout, clearInterval, clearImmediate, setImmediate } = timers;

/** Inside a wrapped call: what it does inside is part of that registration. */
let depth = 0;
/** Emitters created by an owner's run, with that run's number. */
const young = new WeakMap<object, number>();

type Install = { target: any; key: string; wrap: (original: any) => Function };
interface Installed {
  target: any;
  key: string;
  original: unknown;
  wrapper: Function;
}
let installed: Installed[] = [];

/** Calls `original` on `self` with `args`, inside a registration (nothing inside it is recorded again). */
function inside<T>(original: Function, self: unknown, args: ArrayLike<unknown>): T {
  depth++;
  try {
    return Reflect.apply(original, self, args) as T;
  } finally {
    depth--;
  }
}

/** Should this call be recorded? Top-level code runs, and the call is not made by a registration. */
const recording = (): boolean => depth === 0 && tracking();

/** A wrapper that looks like its original (`name`, `length`, `util.promisify.custom`, …). */
function dressed(wrapper: Function, original: Function): Function {
  for (const key of Reflect.ownKeys(original)) {
    if (key === 'prototype' || key === 'arguments' || key === 'caller') continue;
    const desc = Object.getOwnPropertyDescriptor(original, key)!;
    try {
      Object.defineProperty(wrapper, key, desc);
    } catch {
      /* not configurable on the wrapper */
    }
  }
  return wrapper;
}

// ---- timers

function timerWrap(kind: 'timer' | 'interval'): (original: Function) => Function {
  return (original) =>
    dressed(function (this: unknown) {
      if (!recording()) return Reflect.apply(original, this, arguments);
      const t = inside<any>(original, this, arguments);
      record(() => timerEffect(kind, t));
      return t;
    }, original);
}

function timerEffect(kind: 'timer' | 'interval', t: any): Effect {
  let saved: { idle: unknown; callback: unknown; args: unknown; repeat: unknown } | undefined;
  return {
    kind,
    live: () => !(t === null || typeof t !== 'object' || t._destroyed),
    undo() {
      // A Node Timeout: `_destroyed` once it fired (a timeout) or was cleared.
      if (t === null || typeof t !== 'object' || t._destroyed) return false;
      // Node 24 and later empty what the timer passes its callback when it is cleared, too.
      saved = { idle: t._idleTimeout, callback: t._onTimeout, args: t._timerArgs, repeat: t._repeat };
      (kind === 'interval' ? clearInterval : clearTimeout)(t);
      return true;
    },
    redo() {
      if (!saved || typeof t.refresh !== 'function') return;
      // The same object, scheduled again (a program holding it can still clear it).
      t._idleTimeout = saved.idle;
      t._onTimeout = saved.callback;
      t._timerArgs = saved.args;
      t._repeat = saved.repeat;
      t.refresh();
    },
  };
}

const immediateWrap = (original: Function): Function =>
  dressed(function (this: unknown) {
    if (!recording()) return Reflect.apply(original, this, arguments);
    const im = inside<any>(original, this, arguments);
    let saved: { callback: Function; args: unknown[] } | undefined;
    record(() => ({
      kind: 'immediate',
      live: () => typeof im?._onImmediate === 'function',
      undo() {
        if (im === null || typeof im !== 'object' || typeof im._onImmediate !== 'function') return false;
        saved = { callback: im._onImmediate, args: im._argv ?? [] };
        clearImmediate(im);
        return true;
      },
      redo() {
        if (saved) Reflect.apply(setImmediate, undefined, [saved.callback, ...saved.args]);
      },
    }));
    return im;
  }, original);

// ---- listeners

function listenerWrap(): (original: Function) => Function {
  return (original) =>
    dressed(function (this: any, type: unknown, listener: unknown) {
      if (!recording() || young.get(this) === host.run() || this === null || typeof this !== 'object' && typeof this !== 'function' || byWorker())
        return Reflect.apply(original, this, arguments);
      const emitter = this;
      const result = inside(original, emitter, arguments);
      try {
        placeListener(emitter, type, listener);
      } catch (err) {
        host.failed(err);
      }
      const copies = (): number =>
        typeof emitter.rawListeners !== 'function' ? 1 : emitter.rawListeners(type).filter((l: any) => l === listener || l?.listener === listener).length;
      const present = (): boolean => copies() > 0;
      record(() => ({
        kind: 'listener',
        listener: { on: emitter, type, fn: listener, copies },
        undo() {
          if (!present()) return false;
          emitter.removeListener(type, listener);
          return true;
        },
        redo() {
          untracked(() => Reflect.apply(original, emitter, [type, listener]));
        },
      }));
      return result;
    }, original);
}

/**
 * A listener a refresh's statement added goes where a fresh process has it among the
 * listeners of its event (effects.ts listenerPlace): the emitter's own list, rearranged.
 */
function placeListener(emitter: any, type: unknown, listener: unknown): void {
  const events = emitter._events;
  if (typeof emitter.rawListeners !== 'function' || events === null || typeof events !== 'object' || !Array.isArray(events[type as PropertyKey])) return;
  const at = host.listenerPlace(emitter, type);
  const list = events[type as PropertyKey] as unknown[];
  const i = list.findIndex((l) => l === listener || (l as { listener?: unknown })?.listener === listener);
  // (The last added is the one a `once` or `on` put last; a `prependListener` put it first already.)
  if (at === undefined || i < 0 || i !== list.length - 1 || at >= i) return;
  // In place: Node 24 and later keep state on the array (how many emits are going through it), and never while one is.
  if (Object.getOwnPropertySymbols(list).some((k) => k.description === 'events.emitting' && (list as unknown as Record<symbol, unknown>)[k] !== 0)) return;
  const [moved] = list.splice(i, 1);
  list.splice(at, 0, moved);
}

/** `EventEmitter.init` runs for every emitter made: one made by the owner's own run is its own. */
const initWrap = (original: Function): Function =>
  dressed(function (this: object) {
    if (tracking() && this !== null && typeof this === 'object') {
      young.set(this, host.run());
      if (this instanceof Worker && depth === 0) workerMade(this);
    }
    return Reflect.apply(original, this, arguments);
  }, original);

// ---- workers

/** The run that made a worker last (its constructor's own listeners, below). */
let workerRun = -1;

/**
 * A `new Worker(…)` of top-level code: taken back, it is terminated once the refresh commits
 * (a rollback keeps it running), as a fresh process has only the new one. The listeners its
 * constructor adds (its ports, its stdio piped to the process's) are its own, not the program's.
 */
function workerMade(worker: InstanceType<typeof Worker>): void {
  workerRun = host.run();
  let going = false;
  record(() => ({
    kind: 'worker',
    live: () => worker.threadId >= 0,
    undo() {
      if (worker.threadId < 0) return false;
      going = true;
      return true;
    },
    redo() {
      going = false;
    },
    commit() {
      if (going) void worker.terminate();
    },
  }));
}

/** Is a listener being added by the constructor of a worker this run made? (Node's own code, by the stack.) */
const byWorker = (): boolean => workerRun === host.run() && /node:internal\/(worker|streams)/.test(new Error().stack ?? '');

const eventTargetWrap = (original: Function): Function =>
  dressed(function (this: any, type: unknown, listener: unknown, options: unknown) {
    if (!recording() || this === null || typeof this !== 'object' || byWorker()) return Reflect.apply(original, this, arguments);
    const target = this;
    const result = inside(original, target, arguments);
    const capture = typeof options === 'boolean' ? options : !!(options as { capture?: boolean } | undefined)?.capture;
    record(() => ({
      kind: 'listener',
      undo() {
        target.removeEventListener(type, listener, { capture });
        return true;
      },
      redo() {
        untracked(() => Reflect.apply(original, target, [type, listener, options]));
      },
    }));
    return result;
  }, original);

// ---- servers

const listenWrap = (original: Function): Function =>
  dressed(function (this: any) {
    if (!recording() || this === null || typeof this !== 'object') return Reflect.apply(original, this, arguments);
    const server = this;
    const result = inside(original, server, arguments);
    let address: unknown;
    record(() => ({
      kind: 'server',
      undo() {
        if (!server.listening) return false;
        address = server.address();
        server.close();
        return true;
      },
      redo() {
        if (server.listening || address == null) return;
        // The port it had (bound synchronously); a named host is looked up again.
        const at = typeof address === 'string' ? address : address as { port: number; address: string };
        const options = typeof at === 'string' ? { path: at } : at.address === '::' || at.address === '0.0.0.0' ? { port: at.port } : { port: at.port, host: at.address };
        untracked(() => Reflect.apply(original, server, [options]));
      },
    }));
    return result;
  }, original);

// ---- routers (Express, the `router` package)

/** Router prototypes found so far (Express 5's `router` package, Express 4's own). */
const routers = new Set<object>();

/** A router prototype: `use`, `route`, `handle`, `param`; not an application (`set`). */
function routerShape(c: any): boolean {
  return (
    c != null &&
    (typeof c === 'object' || typeof c === 'function') &&
    typeof own(c, 'use') === 'function' &&
    typeof own(c, 'route') === 'function' &&
    typeof own(c, 'handle') === 'function' &&
    typeof own(c, 'param') === 'function' &&
    typeof own(c, 'set') !== 'function'
  );
}

/**
 * An own data property, read without running the program's code: no getter, no Proxy trap,
 * and nothing of the prototype, where Node puts a Proxy that warns about a property read
 * inside a require cycle ("Accessing non-existent property 'use' of module exports inside
 * circular dependency"). A router's methods are its own (Express 4's `proto`, the `router`
 * package's `Router.prototype`).
 */
function own(c: object, key: string): unknown {
  const d = Object.getOwnPropertyDescriptor(c, key);
  return d && 'value' in d ? d.value : undefined;
}

/** Looks at what a CommonJS module exports for a router prototype. */
function lookForRouter(exports: any): object | undefined {
  if (exports == null || (typeof exports !== 'object' && typeof exports !== 'function') || isProxy(exports)) return undefined;
  for (const c of [own(exports, 'prototype'), exports]) if (routerShape(c) && !routers.has(c as object)) return c as object;
  return undefined;
}

function findRouters(): void {
  for (const key in Module._cache) {
    const found = lookForRouter(Module._cache[key]?.exports);
    if (found) routers.add(found);
  }
}

const layerWrap = (original: Function): Function =>
  dressed(function (this: any) {
    const stack = this?.stack;
    if (!recording() || !Array.isArray(stack)) return Reflect.apply(original, this, arguments);
    const before = stack.length;
    const result = inside(original, this, arguments);
    if (this.stack === stack) for (const layer of stack.slice(before)) record(() => layerEffect(stack, place(stack, layer)));
    return result;
  }, original);

/** A layer that replaces one goes where that one was (`takeSlot`); others stay last. */
function place(stack: unknown[], layer: unknown): unknown {
  const at = stack.lastIndexOf(layer);
  const slot = host.takeSlot(stack);
  if (slot !== undefined && slot < at) {
    stack.splice(at, 1);
    stack.splice(slot, 0, layer);
  }
  return layer;
}

function layerEffect(stack: unknown[], layer: any): Effect {
  let index = -1;
  return {
    kind: layer?.route ? 'route' : 'middleware',
    layer: { stack, layer },
    undo() {
      index = stack.indexOf(layer);
      if (index < 0) return false;
      stack.splice(index, 1);
      host.leaveSlot(stack, index);
      return true;
    },
    redo() {
      if (index >= 0 && !stack.includes(layer)) stack.splice(Math.min(index, stack.length), 0, layer);
    },
    label() {
      const route = layer?.route;
      if (!route) return `middleware ${layer?.name && layer.name !== '<anonymous>' ? layer.name : '(anonymous)'}`;
      const methods = Object.keys(route.methods ?? {}).filter((m) => route.methods[m]);
      return `route ${methods.map((m) => (m === '_all' ? 'ALL' : m.toUpperCase())).join(',') || 'ALL'} ${String(route.path)}`;
    },
  };
}

// ---- definitions on a CommonJS module's own exports

/**
 * `Object.defineProperty(exports, key, …)` by a CommonJS module's top-level code, on its own
 * exports. A plain `exports.x = …` needs no record (the statement run again assigns again; a
 * removed one is runtime/effects-refresh.ts `undoRemovedExports`), but a definition can make
 * what a fresh process never has in the way of the new text: express 4.15 defined a getter
 * that throws for `json` in a top-level loop, and 4.16 assigns `exports.json = …` before a
 * loop that no longer names it — onto the old getter, which has no setter (found by the
 * express replay). Other targets pass straight through. Not a wrapper of `Object.defineProperty`
 * while top-level code runs: a library loading then keeps the wrapper it took
 * (`var defineProperty = Object.defineProperty`), and lodash's `isNative` check turned its
 * `toString` definitions off; the instrumenter rewrites the module's own calls instead.
 */
export function defineExport(target: object, key: PropertyKey, descriptor: PropertyDescriptor): object {
  if (!host || !recording() || target !== host.ownExports()) return Object.defineProperty(target, key, descriptor);
  const before = Reflect.getOwnPropertyDescriptor(target, key);
  // A new key defined without saying `configurable` (tsc's `Object.defineProperty(exports, 'x',
  // { enumerable: true, get })`) is made configurable, so that an edit can take the definition
  // back: otherwise the statement replacing it (`exports.x = …`) throws in strict code, at every
  // save (found by session 18's second review). A fresh process's descriptor says false there.
  const given = !before && descriptor !== null && typeof descriptor === 'object' && !('configurable' in descriptor) ? { ...descriptor, configurable: true } : descriptor;
  const result = inside<object>(Object.defineProperty, Object, [target, key, given]);
  record(() => definitionEffect(target, key, before));
  return result;
}

const sameDescriptor = (a: PropertyDescriptor | undefined, b: PropertyDescriptor): boolean =>
  !!a && a.get === b.get && a.set === b.set && a.value === b.value && a.writable === b.writable && a.enumerable === b.enumerable && a.configurable === b.configurable;

/** Takes back a definition while the key still has it (nothing redefined it since), and a non-configurable one never. */
function definitionEffect(o: object, key: PropertyKey, before: PropertyDescriptor | undefined): Effect | void {
  const defined = Reflect.getOwnPropertyDescriptor(o, key);
  if (!defined?.configurable) return;
  const current = (): boolean => sameDescriptor(Reflect.getOwnPropertyDescriptor(o, key), defined);
  return {
    kind: 'definition',
    label: () => `the definition of exports.${String(key)}`,
    live: current,
    undo: () => {
      if (!current()) return false;
      return before ? Reflect.defineProperty(o, key, before) : Reflect.deleteProperty(o, key);
    },
    redo: () => void Reflect.defineProperty(o, key, defined),
  };
}

// ---- module loading: a `require` made by top-level code loads a module with no owner

const requireWrap = (original: Function): Function =>
  dressed(function (this: unknown) {
    const result = tracking() ? untracked(() => Reflect.apply(original, this, arguments)) : Reflect.apply(original, this, arguments);
    netNow();
    return result;
  }, original);

/** `require('http')` (of the program, or of a package it imports) may have loaded node:net just now. */
function netNow(): void {
  if (netModule === undefined && netLoaded()) install(listenStep());
}

/** A CommonJS module compiled while top-level code runs may be a router's. */
const compileWrap = (original: Function): Function =>
  dressed(function (this: { exports?: unknown }) {
    const result = Reflect.apply(original, this, arguments);
    netNow();
    const found = lookForRouter(this?.exports);
    if (found) {
      routers.add(found);
      for (const key of ['use', 'route']) install({ target: found, key, wrap: layerWrap });
    }
    return result;
  }, original);

// ---- installing

function plan(): Install[] {
  const list: Install[] = [
    { target: globalThis, key: 'setTimeout', wrap: timerWrap('timer') },
    { target: globalThis, key: 'setInterval', wrap: timerWrap('interval') },
    { target: globalThis, key: 'setImmediate', wrap: immediateWrap },
    { target: timers, key: 'setTimeout', wrap: timerWrap('timer') },
    { target: timers, key: 'setInterval', wrap: timerWrap('interval') },
    { target: timers, key: 'setImmediate', wrap: immediateWrap },
    { target: EE, key: 'init', wrap: initWrap },
    { target: Module.prototype, key: 'require', wrap: requireWrap },
    { target: Module.prototype, key: '_compile', wrap: compileWrap },
  ];
  for (const key of ['on', 'addListener', 'once', 'prependListener', 'prependOnceListener']) list.push({ target: EE.prototype, key, wrap: listenerWrap() });
  if (typeof EventTarget === 'function') list.push({ target: EventTarget.prototype, key: 'addEventListener', wrap: eventTargetWrap });
  if (netLoaded()) list.push(listenStep());
  findRouters();
  for (const proto of routers) for (const key of ['use', 'route']) list.push({ target: proto, key, wrap: layerWrap });
  return list;
}

let netModule: typeof import('node:net') | undefined;
/**
 * Has the program loaded node:net (http does)? Loading it for nothing cost 4–13 ms of
 * start-up: a program without it has no server to listen with. (`process.moduleLoadList`
 * lists the built-ins loaded; without it, load node:net.)
 */
function netLoaded(): boolean {
  const list = (process as unknown as { moduleLoadList?: string[] }).moduleLoadList;
  return netModule !== undefined || !Array.isArray(list) || list.includes('NativeModule net');
}
function listenStep(): Install {
  netModule ??= process.getBuiltinModule('node:net');
  return { target: netModule.Server.prototype, key: 'listen', wrap: listenWrap };
}

/** What a wrapper wraps, by wrapper: a wrapper found in place is never wrapped again. */
const wrappers = new WeakSet<Function>();

function install({ target, key, wrap }: Install): void {
  const original = target[key];
  if (typeof original !== 'function' || wrappers.has(original)) return;
  const wrapper = wrap(original);
  wrappers.add(wrapper);
  target[key] = wrapper;
  installed.push({ target, key, original, wrapper });
}

/** Top-level code starts: the wrappers go in (runtime/effects.ts `arm`). */
export function installWrappers(tracker: Tracker): void {
  host = tracker;
  for (const step of plan()) install(step);
}

/** Top-level code ended: Node's own functions again, where nobody replaced ours since. */
export function removeWrappers(): void {
  const list = installed;
  installed = [];
  for (let i = list.length - 1; i >= 0; i--) {
    const { target, key, original, wrapper } = list[i]!;
    if (target[key] === wrapper) target[key] = original;
  }
}
