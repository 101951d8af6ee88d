/**
 * The registry: one record per module of the program (its home scope hooks, function and
 * class families), the runtime the instrumented code calls while it evaluates (the
 * `RuntimeApi` and `ModuleApi` of loader/contract.ts), and the owner of a refresh's
 * outcome: it opens the undo log (`begin`), and it alone writes the result into the records
 * (`commit`) or takes everything back (`rollback`).
 */
import { fileURLToPath } from 'node:url';
import { closureKey, DEFAULT_BINDING, RUNTIME_KEY, HandleFlags, inlineClosureOwner, inlineClosureParts, inlineKey, type CommonJsScope, type Hook, type Holder, type MemberEntry, type MemberPart, type ModuleApi, type RuntimeApi } from '../loader/contract.js';
import { baseOf, versionOf } from '../loader/url.js';
import { parseModule, topLevel, type Node } from '../loader/analyze.js';
import { keepExportsInPlace } from './cjs-exports.js';
import { facadeSource, registerFacade } from './cjs-names.js';
import { at } from './effects.js';
import { defineExport } from './effect-kinds.js';
import { commitExtras, dropPending, liveHook, scopeOf, type Extras } from './extra-scope.js';
import { classFamily, type ClosureEntry, define, displayName, dress, slotKey, type ClassFamily, type ClassRegistration, type FnFamily, type MemberSlot } from './families.js';
import { limeadeBug } from './own-errors.js';
import { defineEnvironments, defineHolders, rememberMade, setHolder } from './slots.js';
import { UndoLog } from './undo.js';
import { rel } from './report.js';
import { emptyInPlace } from './empty.js';
import { refillable } from '../loader/objects.js';

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
  /**
   * Holders of inline functions (loader/inline.ts), by `inlineKey(owner, ordinal)`: the
   * closures the program holds forward through them. Re-keyed at commit when statements moved.
   */
  inlines: Map<string, Holder>;
  /**
   * Holders of closure sites (loader/closures.ts) by `closureKey(owner, ordinal)`: one entry per
   * code version of the owner that made closures there (runtime/closures.ts).
   */
  closures: Map<string, ClosureEntry[]>;
  /** Names any version of the module declared at top level. */
  known: Set<string>;
  /** Applied patches and re-imports, for status(). */
  refreshes: number;
  /** Content that failed to apply: the watcher does not try the same text again. */
  failed?: string | undefined;
  /** `source` parsed, when a refresh or the hot API needed it (the differ never changes it). */
  parsed?: { source: string; program: Node } | undefined;
  /** A CommonJS module: its wrapper's `module` and `require` (runtime/cjs.ts). */
  commonjs?: CommonJsScope | undefined;
  /**
   * How far its first evaluation got: the index of the last top-level statement that began
   * (statements after it have not run: the module waits at a top-level `await`, or is
   * evaluating, or threw), -1 when only a declaration's initializer began, or `Infinity` once
   * it ended. Undefined: nothing it marks began (a module of functions and classes only).
   */
  reached?: number | undefined;
  /** The live version's `import.meta` (an ES module): new imports resolve with it. */
  meta?: { resolve?: (specifier: string) => string } | undefined;
  /** Names edits added in place, and the scope they live in (runtime/extras.ts). */
  extras?: Extras | undefined;
  /** The extra scope object, made when the module registers (runtime/extra-scope.ts `scopeOf`). */
  scope?: Record<string, unknown> | undefined;
  /**
   * The text of the version whose scope is the live one (the first load, or the last
   * re-import): the top-level constants it keeps `const` cannot be assigned there
   * (runtime/consts.ts).
   */
  liveText?: string | undefined;
  /** `liveText`'s constants, once a refresh asked (runtime/consts.ts). */
  liveConsts?: { text: string; names: ReadonlySet<string> } | undefined;
  /**
   * The versions a re-import replaced (an ES module): each one's own scope hook and, by export
   * name, the local binding behind it there (runtime/reimport.ts `aliasExports`).
   */
  olderExports?: OlderExports[] | undefined;
  /**
   * Bindings of older versions behind an export the live version binds under another local
   * name (`export default n` ↔ `export { n as default }`): they take the live value of that
   * export after each refresh of the module (runtime/reimport.ts `syncExports`).
   */
  exportAliases?: ExportAlias[] | undefined;
}

/** A version a re-import replaced: its scope hook (not `liveHook`'s), and its exports' local bindings. */
export interface OlderExports {
  hook: Hook;
  /** Export name → the local binding it reads (imports left out: they cannot be assigned). */
  locals: ReadonlyMap<string, string>;
}

/** An older version's binding behind export `name`, and what that export is in the live version. */
export interface ExportAlias {
  name: string;
  /** The live version's value of the export. */
  live: () => unknown;
  get: () => unknown;
  set: (value: unknown) => void;
}

/** A JSON file of the program, as the loader reported it (runtime/json.ts keeps it live). */
export interface JsonRecord {
  url: string;
  file: string;
  /** The text whose content the program holds now. */
  source: string;
  /** Content that failed to parse: the watcher does not try the same text again alone. */
  failed?: string | undefined;
  /** Applied refreshes, for status(). */
  refreshes: number;
}

/**
 * A version being loaded by a re-import: what its gates are told (which declarations keep
 * their value, which statements run) and what it registers while it evaluates.
 */
export interface LoadingVersion {
  record: ModuleRecord;
  carry: ReadonlySet<string>;
  /** Of `carry`, names that take the value of an old declaration of another name (Plan.carryRenamed). */
  renamed?: ReadonlyMap<string, string> | undefined;
  runs: readonly boolean[];
  /** Carried values emptied in place as the version reads them (runtime/builders.ts), with the refresh's undo log. */
  emptied?: { names: ReadonlySet<string>; undo: UndoLog } | undefined;
  /**
   * `const x = { … }` literals the version carries only if the held object can take the
   * literal's new properties (runtime/reimport.ts heldLiterals): those it did carry stay in
   * the set, the others leave it (the version evaluates them itself).
   */
  refills?: Set<string> | undefined;
  /** Gives the held object of one of `refills` what its literal makes now, in the version's scope, as the version reads it. */
  refill?: ((name: string, held: unknown) => void) | undefined;
  hook: Hook | null;
  /** The last top-level statement it began (its `at` marks), Infinity once it ended. */
  reached?: number | undefined;
  /** Its `import.meta`, once it evaluates. */
  meta?: object | undefined;
  fns: Map<string, { binding: string; handle: Function; impl: Function; holder: Holder; flags: number }>;
  inlines: Map<string, Holder>;
  /** Holders of the closure sites of its own code (its text's ordinals): the module's once it takes over. */
  closures: Map<string, ClosureEntry[]>;
  /** Classes the version created (new ones: the running ones continue, `continueClass`). */
  classes: Map<string, ClassRegistration>;
  /**
   * Set by the re-import (runtime/reimport.ts): where the version declares class `name`,
   * change the running class to the version's text and return it; undefined if the class
   * does not continue (the version creates it).
   */
  continueClass?: (name: string) => object | undefined;
  /** Set by the re-import: the version's top-level code starts (its prologue registers it) and has run (`ModuleApi.evaluated`). */
  entered?: () => void;
  evaluated?: () => void;
}

/**
 * How the holders of inline functions follow a refresh (computed by the compile phase,
 * applied at commit): `statements[i]` is the new index of old top-level statement `i`, or -1
 * when it is gone or ran again (its closures are new ones, made without guards: an edit of
 * them later runs the statement again); `dropped` are declarations evaluated again.
 */
export interface InlineRekey {
  statements: readonly number[] | undefined;
  dropped: readonly string[];
}

/** A module a refresh applied: the text it now runs, parsed, and every name it declared. */
export interface Applied {
  record: ModuleRecord;
  source: string;
  program: Node;
  declared: readonly string[];
  inline?: InlineRekey | undefined;
}

/** limeade's compiled code (dist/): its own imports never go to a CommonJS facade. */
const OWN_CODE = new URL('../', import.meta.url).href;

export class Registry implements RuntimeApi {
  /** By module URL (without limeade's query), in load order: dependencies before importers. */
  readonly modules = new Map<string, ModuleRecord>();
  /** Re-imported versions evaluating now, by module URL: alive from `expect` to `loaded`. */
  readonly #loading = new Map<string, LoadingVersion>();
  /** The JavaScript the loader instrumented, by module URL (reported before or after the module registers). */
  readonly #sources = new Map<string, string>();
  /** The last version number handed to a re-import (of any module): never reused. */
  #versions = 0;
  /** Versions re-imported by the refresh in progress: their inline holders join at commit. */
  readonly #reimported = new Map<ModuleRecord, LoadingVersion>();
  /** The undo log of the refresh in progress. */
  #log: UndoLog | undefined;

  /** Gives each version's `import.meta` its `hot` (runtime/hot.ts). */
  onMeta: ((record: ModuleRecord, meta: object) => void) | undefined;
  /**
   * A module's first version ran again (a CommonJS file whose `require.cache` entry was
   * deleted, a file imported under a second URL): its registrations join the record of the
   * copy that ran first, whose functions edits reach; the new copy keeps its code.
   */
  onRerun: ((record: ModuleRecord) => void) | undefined;

  /**
   * The texts the refresh in progress evaluates, parsed, by module URL (set by runtime/evaluate.ts
   * while it runs): a CommonJS facade made meanwhile offers the names the new text exports.
   */
  planned: ReadonlyMap<string, Node> | undefined;

  /** Is a refresh in progress (its undo log open)? */
  get refreshing(): boolean {
    return this.#log !== undefined;
  }

  /**
   * Should an ES module's import of `url` (resolved from `parent`) go to a facade limeade makes
   * (runtime/cjs-names.ts)? When it is a CommonJS module of the program that has run, imported
   * by a re-imported version or while a refresh runs: Node's own facade has the names of the
   * file's first text.
   */
  wantsFacade(url: string, parent: string | undefined): boolean {
    const scope = this.modules.get(url)?.commonjs;
    // (Not limeade's own imports: linkExtras reads Node's facade and the exports object itself.)
    if (!scope || !(scope.module as { loaded?: boolean }).loaded || !parent?.startsWith('file:') || parent.startsWith(OWN_CODE)) return false;
    return versionOf(parent) > 0 || this.refreshing;
  }

  /** The text of a facade for CommonJS module `url` (loader/hooks.ts; runtime/cjs-names.ts). */
  facadeSource(url: string): string {
    const record = this.modules.get(url)!;
    return facadeSource(url, record, this.planned?.get(url) ?? runningProgram(record), RUNTIME_KEY);
  }

  /** A facade evaluates (its generated code calls this). */
  readonly commonJsFacade = (url: string, names: readonly string[], set: (values: readonly unknown[]) => void): void => {
    const record = this.modules.get(url);
    if (record) registerFacade(record, names, set, this.#log);
  };

  /** The program's JSON files, by URL, in load order (runtime/json.ts): no code, only the object Node parsed. */
  readonly json = new Map<string, JsonRecord>();
  /** A JSON file was loaded for the first time (the runtime watches it). */
  onJson: ((record: JsonRecord) => void) | undefined;

  constructor(private readonly onModule: (record: ModuleRecord) => void) {}

  readonly construct = Reflect.construct;

  readonly early = (fn: Function, self: unknown, args: unknown[], nt: Function | undefined): unknown =>
    nt ? Reflect.construct(fn, args, nt) : Reflect.apply(fn, self, args);

  /** `const __lm$ = rt.module(import.meta.url, hook, import.meta)`: the first thing every instrumented module runs. */
  module(url: string, hook: Hook, meta?: object, commonjs?: CommonJsScope): ModuleApi {
    const base = baseOf(url);
    const loading = versionOf(url) > 0 ? this.#loading.get(base) : undefined;
    if (loading) {
      loading.hook = hook;
      loading.meta = meta;
      if (meta) this.onMeta?.(loading.record, meta);
      own(() => loading.entered?.());
      return new ModuleCalls(loading.record, loading);
    }
    let record = this.modules.get(base);
    if (!record) {
      record = {
        url: base,
        file: base.startsWith('file:') ? fileURLToPath(base) : base,
        source: this.#sources.get(base),
        liveText: this.#sources.get(base),
        // (A module loaded anew after its first run threw comes under a versioned URL: `renew`.)
        version: versionOf(url),
        home: hook,
        homes: [],
        fns: new Map(),
        classes: new Map(),
        inlines: new Map(),
        closures: new Map(),
        known: new Set(),
        refreshes: 0,
      };
      record.home = liveHook(record, hook);
      record.homes.push(record.home);
      if (meta) record.meta = meta;
      if (commonjs) {
        record.commonjs = commonjs;
        keepExportsInPlace(commonjs, () => this.#log);
      }
      this.modules.set(base, record);
      this.onModule(record);
    } else if (versionOf(url) === 0) this.onRerun?.(record);
    if (meta) this.onMeta?.(record, meta);
    return new ModuleCalls(record, undefined);
  }

  /** The loader instrumented `url` from this JavaScript (Node 20: it may arrive after the module registered). */
  reportSource(url: string, source: string): void {
    this.#sources.set(url, source);
    const record = this.modules.get(url);
    if (record && record.source === undefined) record.source = source;
    if (record && record.liveText === undefined) record.liveText = source;
  }

  /**
   * The loader loaded a JSON file of the program from this text. Only its first load counts:
   * ES modules and `require` share the object Node parsed then (through `require.cache`).
   */
  reportJson(url: string, source: string): void {
    if (this.json.has(url)) return;
    const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
    const record: JsonRecord = { url, file: fileURLToPath(url), source: text, refreshes: 0 };
    this.json.set(url, record);
    this.onJson?.(record);
  }

  /** These items sorted in load order: a module's dependencies registered before it (docs/design.md §2.6). */
  inLoadOrder<T extends { record: ModuleRecord }>(items: readonly T[]): T[] {
    const position = new Map<ModuleRecord, number>();
    for (const r of this.modules.values()) position.set(r, position.size);
    return [...items].sort((a, b) => position.get(a.record)! - position.get(b.record)!);
  }

  /** A re-import of `record` is about to load: its version number, and what its gates will be told. */
  expect(record: ModuleRecord, carry: readonly string[], runs: readonly boolean[], renamed?: ReadonlyMap<string, string>): { version: number; loading: LoadingVersion } {
    const loading: LoadingVersion = { record, carry: new Set(carry), renamed, runs, hook: null, fns: new Map(), classes: new Map(), inlines: new Map(), closures: new Map() };
    this.#loading.set(record.url, loading);
    this.#reimported.set(record, loading);
    // A version number is never reused: Node caches a module that failed to evaluate.
    return { version: ++this.#versions, loading };
  }

  /**
   * A module whose first run threw, or that Node failed with a module it imports: Node keeps
   * it failed under its URL for good (a later import gets the same error), so its record goes
   * and the version returned is where later imports load it anew (`text`: the JavaScript it
   * will run, its record's source when it registers again). runtime/failed-runs.ts.
   */
  renew(url: string, text: string | undefined): number {
    this.modules.delete(url);
    if (text !== undefined) this.#sources.set(url, text);
    return ++this.#versions;
  }

  /** The text the loader reported for a module URL (undefined: none). */
  reportedText(url: string): string | undefined {
    return this.#sources.get(url);
  }

  /** ES modules the loader instrumented that never began to run (no record): their imports failed, or they are still loading. */
  unstarted(): string[] {
    return [...this.#sources].flatMap(([url, text]) => (url.startsWith('file:') && !this.modules.has(url) && versionOf(url) === 0 && /^\s*(import|export)\b/m.test(text) ? [url] : []));
  }

  /** The re-import of `record` settled (evaluated or failed). */
  loaded(record: ModuleRecord): void {
    this.#loading.delete(record.url);
  }

  /** Keeps a parse of a module's current text (the differ never changes it). */
  keepParse(record: ModuleRecord, source: string, program: Node): void {
    record.parsed = { source, program };
  }

  /** A failed text is gone from the file (back to what runs): saving it again is news again. */
  forgetFailure(record: { failed?: string | undefined }): void {
    record.failed = undefined;
  }

  /** A refresh starts: its undo log. */
  begin(): UndoLog {
    if (this.#log?.size) throw new Error('a refresh began while another one had not ended (a limeade bug)');
    return (this.#log = new UndoLog());
  }

  /** The refresh succeeded: what it applied is the base of the next one. */
  commit(applied: readonly Applied[]): void {
    for (const a of applied) {
      a.record.failed = undefined;
      a.record.source = a.source;
      a.record.parsed = { source: a.source, program: a.program };
      a.record.refreshes++;
      const version = this.#reimported.get(a.record);
      // A re-imported version's scope binds what its text declares, not what earlier versions
      // did: a name declared again later is new to it (found by the path-to-regexp replay:
      // `pathToRegexp`, removed by a re-imported version and declared again, was patched as a
      // name the scope had, and the new code calling it threw a ReferenceError).
      if (version !== undefined) a.record.known = new Set(topLevel(a.program, a.source).flatMap((it) => (it.anonymousDefault ? [] : it.names)));
      else for (const name of a.declared) a.record.known.add(name);
      commitExtras(a.record);
      if (a.inline) a.record.inlines = rekeyInlines(a.record.inlines, a.inline, version);
      if (a.inline) a.record.closures = rekeyInlineClosures(a.record.closures, a.inline, version);
      // Closure sites are keyed by their ordinals in the text that made them: after a re-import
      // the new version's own are the module's (the running version's were carried into them,
      // runtime/closures.ts carryClosures), with those of inline functions whose statement or
      // declaration the version did not run again: their text is the same (docs/design.md §3.7).
      if (version) {
        const merged = new Map(version.closures);
        for (const [key, list] of a.record.closures) if (inlineClosureParts(key)) merged.set(key, [...list, ...(merged.get(key) ?? [])]);
        a.record.closures = merged;
      }
      if (this.#reimported.has(a.record)) a.record.liveText = a.source;
    }
    this.#reimported.clear();
    this.#log = undefined;
  }

  /**
   * The refresh failed: every change it made is undone, last first, and these texts are
   * remembered as failed (retried with the next real change). Returns the messages of undo
   * steps that threw (a limeade bug: the program may then run a mix of versions).
   */
  rollback(failed: ReadonlyArray<{ record: { failed?: string | undefined }; source: string }>): string[] {
    const errors = this.#log?.unwind() ?? [];
    this.#log = undefined;
    this.#reimported.clear();
    this.#loading.clear(); // a CommonJS version compiled but never run (runtime/reimport.ts)
    for (const record of this.modules.values()) dropPending(record);
    for (const { record, source } of failed) record.failed = source;
    return errors;
  }
}

/** By module: the names its last evaluated version's holders were given (runtime/blame.ts maps its columns with them). */
export const holderPrefixes = new WeakMap<ModuleRecord, string>();

/** The `ModuleApi` of one module version (loader/contract.ts says what each call means). */
class ModuleCalls implements ModuleApi {
  carried: unknown = undefined;
  /** A data property, read on every call of a new function: a getter here cost 10–30x in a hot loop (Node 24/26). */
  readonly x: object;

  constructor(
    private readonly record: ModuleRecord,
    private readonly loading: LoadingVersion | undefined,
  ) {
    this.x = scopeOf(record);
  }

  holders(prefix: string, n: number): void {
    // Never defined twice (tagHolders): a name the program took, or a globalThis it made
    // non-extensible, fails here, saying why, rather than later, obscurely.
    holderPrefixes.set(this.record, prefix);
    try {
      defineHolders(prefix, n);
    } catch (err) {
      throw new Error(`[limeade] ${rel(this.record.file)}: cannot define the globals that hold its functions' code (${(err as Error).message}); limeade needs globalThis extensible while modules load, and the names starting with __lmg$: leave them so, or keep this file out (LIMEADE_EXCLUDE)`);
    }
  }

  envs(...sets: string[]): void {
    defineEnvironments(sets.map((s) => s.split(' ')));
  }

  fn(name: string, binding: string, handle: Function, impl: Function, holder: Holder, flags: number): void {
    own(() => this.#fn(name, binding, handle, impl, holder, flags));
  }

  #fn(name: string, binding: string, handle: Function, impl: Function, holder: Holder, flags: number): void {
    const { record, loading } = this;
    dress(handle, impl, displayName(name, impl));
    record.known.add(binding);
    // A redeclaration (`var f = …` twice) shares the first one's handle and holder: the
    // latest declaration is in force, as without limeade.
    const family = loading ? undefined : record.fns.get(name);
    // A guarded function (loader/instrument.ts guardedSource) is its own handle: its new
    // holder stays empty until an edit, and it runs its own body.
    if (impl !== handle) setHolder(holder, impl);
    if (family?.holders.includes(holder)) family.impl = impl;
    if (loading) loading.fns.set(name, { binding, handle, impl, holder, flags });
    else if (!family)
      record.fns.set(name, { name, binding, handles: [handle], holders: [holder], impl, passesNewTarget: (flags & HandleFlags.PassesNewTarget) !== 0 });
  }

  member(cls: any): (holder: Holder, key: string, isStatic: number, part: MemberPart) => void {
    return (holder, key, isStatic, part) => {
      const desc = Object.getOwnPropertyDescriptor(isStatic ? cls : cls.prototype, key);
      setHolder(holder, desc?.[part]);
    };
  }

  cls(name: string, binding: string, cls: any, hook: Hook, entries: MemberEntry[], privates: string, flags: number): void {
    own(() => this.#cls(name, binding, cls, hook, entries, privates, flags));
  }

  #cls(name: string, binding: string, cls: any, hook: Hook, entries: MemberEntry[], privates: string, flags: number): void {
    const { record, loading } = this;
    if (binding === DEFAULT_BINDING && cls.name === DEFAULT_BINDING) define(cls, 'name', 'default');
    const slots = new Map<string, MemberSlot>();
    for (const [key, isStatic, part, holder, given] of entries) {
      const target = isStatic ? cls : cls.prototype;
      const desc = Object.getOwnPropertyDescriptor(target, key);
      const impl = desc?.[part] as Function;
      // No handle given: a guarded member (loader/instrument.ts guardedSource) is its own.
      const handle = given === undefined ? (impl ?? null) : given;
      slots.set(slotKey(isStatic, part, key), { holder, handle, impl });
      if (given === undefined || !desc) continue;
      if (handle === null) {
        delete target[key];
        continue;
      }
      dress(handle, impl);
      Object.defineProperty(target, key, { ...desc, [part]: handle });
    }
    record.known.add(binding);
    const registration = { binding, cls, hook: liveHook(record, hook), home: loading ? liveHook(record, loading.hook!) : record.home, slots, privates, flags };
    if (loading) loading.classes.set(name, registration);
    else if (!record.classes.has(name)) record.classes.set(name, classFamily(name, registration));
  }

  evaluated(): void {
    own(() => this.loading?.evaluated?.());
  }

  carriesClass(name: string): boolean {
    // continueClass marks its own errors (runtime/reimport.ts): the class's new static code is the program's.
    const cls = this.loading?.continueClass?.(name);
    if (cls === undefined) return false;
    this.carried = cls;
    return true;
  }

  inline(owner: string | number, ordinal: number, holder: Holder): void {
    (this.loading ?? this.record).inlines.set(inlineKey(owner, ordinal), holder);
  }

  made<F>(holder: Holder, fn: F): F {
    try {
      rememberMade(holder, fn);
    } catch {
      // (Never in the program's way: the function is what the call gets either way.)
    }
    return fn;
  }

  closure(owner: string, ordinal: number, holder: Holder): void {
    // A re-imported version's closures are its own (they become the module's at commit).
    const closures = (this.loading ?? this.record).closures;
    const key = closureKey(owner, ordinal);
    const list = closures.get(key) ?? [];
    list.push({ holder });
    closures.set(key, list);
  }

  carries(name: string): boolean {
    const { loading } = this;
    if (!loading?.carry.has(name)) return false;
    const from = loading.renamed?.get(name) ?? name;
    try {
      this.carried = loading.record.home(from === 'default' ? DEFAULT_BINDING : from);
    } catch {
      return false;
    }
    // (Read when the version runs: the held value is known for sure only then.)
    if (loading.refills?.has(name)) {
      if (!refillable(this.carried)) {
        loading.refills.delete(name);
        return false;
      }
      // Now, not after the version ran: the statements after the declaration build on it.
      loading.refill?.(name, this.carried);
    }
    // State its builders fill again (runtime/builders.ts): emptied where it is, or made anew.
    return !loading.emptied?.names.has(name) || emptyInPlace(this.carried, loading.emptied.undo);
  }

  defineExport(target: object, key: PropertyKey, descriptor: PropertyDescriptor): object {
    return defineExport(target, key, descriptor);
  }

  at(owner: number | string | null, value?: unknown): unknown {
    // Whose top-level code runs (runtime/effects.ts): a version's is its refresh's.
    at(this.record, owner, this.loading !== undefined);
    if (this.loading) {
      if (typeof owner === 'number') this.loading.reached = owner;
      else if (owner === null && arguments.length === 1) this.loading.reached = Infinity;
    }
    // How far the first evaluation got (the module's last line says `at(null)`: it ended).
    if (!this.loading && this.record.reached !== Infinity) {
      if (typeof owner === 'number') this.record.reached = owner;
      else if (owner === null && arguments.length === 1) this.record.reached = Infinity;
      // (A declaration's initializer began before any statement: begun, not ended.)
      else if (typeof owner === 'string' && this.record.reached === undefined) this.record.reached = -1;
    }
    return value;
  }

  runs(index: number): boolean {
    return this.loading ? (this.loading.runs[index] ?? true) : true;
  }
}

/**
 * The inline holders after a refresh: statements' holders under their new index, those of
 * statements and declarations that ran again dropped; a re-imported version's holders of
 * the statements it ran and the declarations it evaluated (not carried) join.
 */
function rekeyInlines(inlines: Map<string, Holder>, rekey: InlineRekey, version: LoadingVersion | undefined): Map<string, Holder> {
  const out = new Map<string, Holder>();
  const dropped = new Set(rekey.dropped);
  for (const [key, holder] of inlines) {
    const at = key.lastIndexOf(':');
    const owner = key.slice(0, at);
    const ordinal = Number(key.slice(at + 1));
    if (!owner.startsWith('#')) {
      if (!dropped.has(owner) && !(version && !version.carry.has(owner))) out.set(key, holder);
      continue;
    }
    const to = rekey.statements ? (rekey.statements[Number(owner.slice(1))] ?? -1) : Number(owner.slice(1));
    if (to >= 0) out.set(inlineKey(to, ordinal), holder);
  }
  if (version)
    for (const [key, holder] of version.inlines) {
      const owner = key.slice(0, key.lastIndexOf(':'));
      const fresh = owner.startsWith('#') ? version.runs[Number(owner.slice(1))] !== false : !version.carry.has(owner);
      if (fresh) out.set(key, holder);
    }
  return out;
}

/**
 * The closure sites of inline functions (`inline #3:0:1`: statement 3's first inline function,
 * its second site) follow their statement as rekeyInlines moves it; those of statements and
 * declarations that ran again are dropped (the closures they made have no guards).
 */
function rekeyInlineClosures(closures: Map<string, ClosureEntry[]>, rekey: InlineRekey, version: LoadingVersion | undefined): Map<string, ClosureEntry[]> {
  const out = new Map<string, ClosureEntry[]>();
  const dropped = new Set(rekey.dropped);
  for (const [key, list] of closures) {
    const parts = inlineClosureParts(key);
    if (!parts?.owner.startsWith('#')) {
      if (!parts || (!dropped.has(parts.owner) && !(version && !version.carry.has(parts.owner)))) out.set(key, list);
      continue;
    }
    const from = Number(parts.owner.slice(1));
    const to = rekey.statements ? (rekey.statements[from] ?? -1) : from;
    if (to >= 0) out.set(closureKey(inlineClosureOwner(to, parts.ordinal), parts.site), list);
  }
  return out;
}

/** Registry code runs inside the program's module evaluation: what it throws is limeade's (runtime/ops.ts). */
function own(work: () => void): void {
  try {
    work();
  } catch (err) {
    throw limeadeBug(err);
  }
}

/**
 * The parse of the text `record` runs now, kept on the record (`parsed`: the differ never
 * changes it); undefined when there is no text, or it does not parse here.
 */
export function runningProgram(record: ModuleRecord): Node | undefined {
  const source = record.source;
  if (source === undefined) return undefined;
  if (record.parsed?.source !== source) {
    try {
      record.parsed = { source, program: parseModule(source) };
    } catch {
      return undefined;
    }
  }
  return record.parsed!.program;
}
