/**
 * `import.meta.hot`: the subset of Vite's HMR API that has a meaning where a module is never
 * re-run as a whole (README "import.meta.hot"). One `LimeadeHot` per module, shared by all
 * of its versions, so `data` and the callbacks survive re-imports.
 *
 * Every registration (dispose, accept, on) remembers the call site; at the module's next
 * refresh it is resolved to its *owner*: the top-level statement or declaration whose
 * evaluation registered it (hot-apply.ts). When the owner runs again or is removed, its
 * registrations are dropped (the new run registers anew), so a re-run never duplicates a
 * listener. This file loads at start-up: no parser here.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { baseOf, withVersion } from '../loader/url.js';
import type { RefreshReport } from './report.js';
import { rel } from './report.js';
import type { ModuleRecord } from './registry.js';

/** A module namespace object, as `import()` returns it. */
export type ModuleNamespace = Record<string, any> & { [Symbol.toStringTag]: 'Module' };

/** Payloads of the events limeade emits to `import.meta.hot.on` listeners. */
export interface LimeadeHotEvents {
  /** Compilation succeeded; the new code is about to be applied. `files`: relative paths. */
  'limeade:before-refresh': { files: string[] };
  /** A refresh applied changes (after accept callbacks ran). */
  'limeade:after-refresh': RefreshReport;
  /** A refresh failed: nothing was applied. `report.error` says where and why. */
  'limeade:error': RefreshReport;
}

/**
 * `import.meta.hot` in a module limeade instruments (undefined elsewhere).
 *
 * @example
 * const timer = setInterval(tick, 1000);
 * import.meta.hot?.dispose(() => clearInterval(timer));
 */
export interface LimeadeHot {
  /** One object per module for the life of the process: the same object after every refresh and re-import. */
  readonly data: any;
  /** Accepted for Vite compatibility: every module takes edits in place already. */
  accept(): void;
  /** `cb(namespace)` after a refresh updated this module (patch or re-import), once it is committed. */
  accept(cb: (mod: ModuleNamespace | undefined) => void): void;
  /** `cb(namespace)` after a refresh updated the dependency `dep` (a specifier as this module imports it). */
  accept(dep: string, cb: (mod: ModuleNamespace | undefined) => void): void;
  /** `cb(namespaces)` after a refresh updated one of `deps`; the others' entries are undefined. */
  accept(deps: readonly string[], cb: (mods: Array<ModuleNamespace | undefined>) => void): void;
  /** Same as `accept(cb)`: a module is never invalidated by changed exports here. */
  acceptExports(exportNames: string | readonly string[], cb?: (mod: ModuleNamespace | undefined) => void): void;
  /**
   * `cb(data)` runs right before the code that registered it runs again (it changed, or the
   * module is re-imported with it changed, or invalidated), or is removed; also before a
   * top-level declaration that `cb`'s own text names is evaluated again.
   */
  dispose(cb: (data: any) => void): void;
  /** Never called: Node never unloads a module. Accepted for Vite compatibility. */
  prune(cb: (data: any) => void): void;
  /** Edits to this module are not applied until a restart; refreshes that include it fail and say so. */
  decline(): void;
  /** Re-import this module as a new version, running all its top-level code again (fresh state, same `data`). */
  invalidate(message?: string): void;
  on<E extends keyof LimeadeHotEvents>(event: E, cb: (payload: LimeadeHotEvents[E]) => void): void;
  on(event: string, cb: (payload: any) => void): void;
  off<E extends keyof LimeadeHotEvents>(event: E, cb: (payload: LimeadeHotEvents[E]) => void): void;
  off(event: string, cb: (payload: any) => void): void;
  /** Delivers `data` to every `on(event)` listener in this process (there is no dev server to send to). */
  send(event: string, data?: unknown): void;
}

/** Who registered a callback: a declaration (its names), a top-level statement (its text), or neither. */
export type Owner = { names: string[] } | { text: string } | null;

export interface Registration {
  kind: 'dispose' | 'accept' | 'on';
  fn: Function;
  event?: string;
  /** accept(deps): the dependencies' module URLs; undefined: the module itself. */
  deps?: string[];
  /** accept(dep, cb) with one string: the callback gets one namespace, not an array. */
  single?: boolean;
  /** Where it was registered: line and column in the module's current text. */
  site: { line: number; column: number } | undefined;
  /** undefined until resolved (at the module's next refresh, when its parse is at hand). */
  owner?: Owner;
}

export interface HotModule {
  record: ModuleRecord;
  data: Record<string, any>;
  regs: Registration[];
  declined?: { line: number; column: number } | undefined;
  /** invalidate(message) was called: re-import it at the next refresh. */
  invalidated?: string | undefined;
  api: LimeadeHot;
}

export interface HotDeps {
  warn: (message: string) => void;
  /** Start a refresh of these files (the runtime's queue: one at a time). */
  refresh: (files: Set<string>) => void;
}

export class HotRuntime {
  readonly modules = new Map<ModuleRecord, HotModule>();
  /** Registrations as they were when the running transaction began (rollback restores them). */
  private snapshot: Map<HotModule, Registration[]> | undefined;
  /** Modules disposed in the running transaction (dispose runs once per module and refresh). */
  readonly disposed = new Set<HotModule>();
  /** Accept callbacks in force when the transaction began, and what it committed. */
  private accepting: Array<[HotModule, Registration]> = [];
  private committed: ModuleRecord[] = [];
  /** Invalidations this transaction carries out (one requested while it runs waits for the next). */
  private invalidating = new Set<HotModule>();
  /** Modules the committed transaction re-imported for invalidate(): their own accept callbacks are skipped. */
  private invalidated = new Set<HotModule>();

  constructor(readonly deps: HotDeps) {}

  /** Called by the registry when a module (or a new version of it) starts evaluating. */
  attach(record: ModuleRecord, meta: object): void {
    let m = this.modules.get(record);
    if (!m) {
      m = { record, data: {}, regs: [], api: undefined as unknown as LimeadeHot };
      m.api = new HotContext(this, m);
      this.modules.set(record, m);
    }
    Object.defineProperty(meta, 'hot', { value: m.api, configurable: true, enumerable: true, writable: false });
  }

  /** Calls every `on(event)` listener of every module; a listener that throws is reported, never fatal. */
  emit(event: string, payload: unknown): void {
    for (const m of this.modules.values())
      for (const r of [...m.regs])
        if (r.kind === 'on' && r.event === event) this.guard(m, `an import.meta.hot.on('${event}') listener`, () => r.fn(payload));
  }

  /** Runs `fn`; if it throws, warns with the file:line of the throw and returns the message. */
  guard(m: HotModule, what: string, fn: () => unknown): string | undefined {
    try {
      const p = fn();
      if (p && typeof (p as Promise<unknown>).then === 'function') (p as Promise<unknown>).then(undefined, (err) => this.warnThrow(m, what, err));
      return undefined;
    } catch (err) {
      return this.warnThrow(m, what, err);
    }
  }

  private warnThrow(m: HotModule, what: string, err: unknown): string {
    const message = `${what} threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
    this.deps.warn(`${where(err, m.record)} ${message}`);
    return message;
  }

  /** Transaction start: remember the registrations, tell listeners. */
  begin(records: ModuleRecord[]): void {
    this.snapshot = new Map([...this.modules.values()].map((m) => [m, [...m.regs]]));
    this.disposed.clear();
    this.accepting = [...this.modules.values()].flatMap((m) => m.regs.filter((r) => r.kind === 'accept').map((r): [HotModule, Registration] => [m, r]));
    this.committed = [];
    this.invalidating = new Set([...this.modules.values()].filter((m) => m.invalidated !== undefined));
    this.emit('limeade:before-refresh', { files: records.map((r) => rel(r.file)) });
  }

  commit(records: ModuleRecord[]): void {
    for (const m of this.invalidating) m.invalidated = undefined;
    this.invalidated = this.invalidating;
    this.invalidating = new Set();
    this.committed = records;
    this.snapshot = undefined;
  }

  /** The refresh failed: registrations as before it (callbacks that ran are not undone). */
  rollback(records: ReadonlyArray<ModuleRecord>): void {
    const began = this.snapshot !== undefined;
    if (this.snapshot) for (const [m, regs] of this.snapshot) m.regs = regs;
    this.snapshot = undefined;
    this.accepting = [];
    // A failed invalidation is reported like any failed refresh; calling invalidate() again retries.
    for (const r of records) {
      const m = this.modules.get(r);
      if (m && (!began || this.invalidating.has(m))) m.invalidated = undefined;
    }
    this.invalidating.clear();
  }

  /**
   * After commit: the accept callbacks that were in force call back with the new
   * namespaces. One that throws is reported and noted in the report; nothing rolls back.
   */
  async accepted(report: RefreshReport): Promise<void> {
    const updated = new Map<string, ModuleRecord>(this.committed.map((r) => [r.url, r]));
    const calls = this.accepting;
    this.accepting = [];
    if (!calls.length) return;
    const ns = new Map<string, ModuleNamespace | undefined>();
    // The version just committed, by its own URL: no question of which one the resolver picks.
    const namespace = async (url: string): Promise<ModuleNamespace | undefined> => {
      if (!ns.has(url)) ns.set(url, await import(withVersion(url, updated.get(url)!.version)).catch(() => undefined));
      return ns.get(url);
    };
    for (const [m, r] of calls) {
      // A module's own accept callback would see its own invalidation, and could invalidate again, forever.
      if (!r.deps && this.invalidated.has(m)) continue;
      const deps = r.deps ?? [m.record.url];
      if (!deps.some((d) => updated.has(d))) continue;
      const mods = await Promise.all(deps.map((d) => (updated.has(d) ? namespace(d) : undefined)));
      const error = this.guard(m, 'an import.meta.hot.accept callback', () => r.fn(r.deps && !r.single ? mods : mods[0]));
      if (error) report.modules.find((x) => x.file === rel(m.record.file))?.notes.push(error);
    }
  }
}

/**
 * One module's `import.meta.hot`. A class, as Vite's context is: one small object per module
 * at start-up (an object of closures measured 4–5 µs a module, warm), its methods called on
 * it (`import.meta.hot.dispose(…)`).
 */
class HotContext implements LimeadeHot {
  readonly #rt: HotRuntime;
  readonly #m: HotModule;

  constructor(rt: HotRuntime, m: HotModule) {
    this.#rt = rt;
    this.#m = m;
  }

  get data(): any {
    return this.#m.data;
  }

  #add(kind: Registration['kind'], fn: unknown, extra: Partial<Registration> = {}): void {
    if (typeof fn !== 'function') throw new TypeError(`[limeade] import.meta.hot.${kind}: the callback must be a function`);
    this.#m.regs.push({ kind, fn, site: callSite(this.#m.record.url), ...extra });
  }

  accept(a?: unknown, b?: unknown): void {
    if (a === undefined) return;
    if (typeof a === 'function') return this.#add('accept', a);
    const list = typeof a === 'string' ? [a] : Array.isArray(a) ? (a as string[]) : undefined;
    if (!list) throw new TypeError('[limeade] import.meta.hot.accept(deps, cb): deps must be a string or an array of strings');
    const deps = list.map((d) => resolveDep(d, this.#m.record.url));
    if (b !== undefined) this.#add('accept', b, { deps, single: typeof a === 'string' });
  }

  acceptExports(_names: string | readonly string[], cb?: (mod: ModuleNamespace | undefined) => void): void {
    this.accept(cb);
  }

  dispose(cb: (data: any) => void): void {
    this.#add('dispose', cb);
  }

  prune(_cb: (data: any) => void): void {}

  decline(): void {
    this.#m.declined ??= callSite(this.#m.record.url) ?? { line: 1, column: 0 };
  }

  invalidate(message?: string): void {
    const m = this.#m;
    if (m.invalidated !== undefined) return;
    m.invalidated = message ?? '';
    this.#rt.deps.warn(`${rel(m.record.file)} invalidated${message ? ` (${message})` : ''}: re-importing it, all of its top-level code runs again`);
    this.#rt.deps.refresh(new Set([m.record.file]));
  }

  on(event: string, cb: Function): void {
    this.#add('on', cb, { event });
  }

  off(event: string, cb: Function): void {
    const regs = this.#m.regs;
    const i = regs.findIndex((r) => r.kind === 'on' && r.event === event && r.fn === cb);
    if (i >= 0) regs.splice(i, 1);
  }

  send(event: string, data?: unknown): void {
    this.#rt.emit(event, data);
  }
}

/**
 * accept(dep): the module URL a specifier names from `base`. Relative paths and URLs as
 * `import` reads them; a bare specifier as `require` would find it (import.meta.resolve
 * takes no parent URL without a flag), without our version query.
 */
function resolveDep(spec: string, base: string): string {
  try {
    if (/^(\.{1,2}\/|\/|[a-z][a-z0-9+.-]*:)/i.test(spec)) return baseOf(new URL(spec, base).href);
    return pathToFileURL(createRequire(base).resolve(spec)).href;
  } catch {
    return spec;
  }
}

/**
 * Where in the module `url` the registering call is: the outermost stack frame in that file
 * (its top-level code), or the eval'd code a refresh ran there (the frame just inside the
 * scope hook that ran it).
 */
export function callSite(url: string): { line: number; column: number } | undefined {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  let sites: NodeJS.CallSite[] = [];
  // Raw call sites, whatever the program set (source-map support, a frozen Error): no site, no owner.
  try {
    Error.prepareStackTrace = (_e, s) => s;
    Error.stackTraceLimit = 100;
    sites = new Error().stack as unknown as NodeJS.CallSite[];
  } catch {
    return undefined;
  } finally {
    try {
      Error.prepareStackTrace = prepare;
      Error.stackTraceLimit = limit;
    } catch {
      /* left as it was */
    }
  }
  if (!Array.isArray(sites)) return undefined;
  const inFile = (s: NodeJS.CallSite | undefined): boolean => {
    const name = s?.getScriptNameOrSourceURL?.() ?? s?.getFileName();
    return !!name && baseOf(name) === url;
  };
  for (let i = sites.length - 1; i >= 0; i--) {
    if (!inFile(sites[i])) continue;
    const s = inFile(sites[i - 1]) && sites[i - 1]!.isEval() ? sites[i - 1]! : sites[i]!;
    return { line: s.getLineNumber() ?? 1, column: s.getColumnNumber() ?? 1 };
  }
  return undefined;
}

/** `file:line:column` of the first stack frame of `err` in the module's file, or the file. */
function where(err: unknown, record: ModuleRecord): string {
  const stack = String((err as Error)?.stack ?? '');
  const url = record.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${url}(?:\\?[^:]*)?:(\\d+):(\\d+)`).exec(stack);
  return m ? `${rel(record.file)}:${m[1]}:${m[2]}` : rel(record.file);
}
