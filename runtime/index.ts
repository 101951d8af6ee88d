/**
 * limeade's public API. The program gets it as `globalThis.__limeade` once it runs under
 * `node --import limeade/register`, or imports it:
 *
 * @example
 * import { refresh } from 'limeade';
 * const report = await refresh();
 * if (!report.ok) console.error(report.error?.message);
 */
import { RUNTIME_KEY } from '../loader/contract.js';
import type { RefreshDeps } from './deps.js';
import { HotRuntime } from './hot.js';
import { Registry } from './registry.js';
import { Sources } from './source.js';
import { formatError, formatSuccess, Logger, rel, type RefreshReport } from './report.js';
import type { Watcher } from './watcher.js';

export type { ModuleReport, RefreshError, RefreshReport } from './report.js';
export type { LimeadeHot, LimeadeHotEvents, ModuleNamespace } from './hot.js';
export { formatError, formatSuccess };

/** What `status()` returns. */
export interface Status {
  /** Modules limeade instruments: relative path, re-import version (0 until the first shape change), applied refreshes. */
  modules: Array<{ file: string; version: number; refreshes: number }>;
  /** Whether files are watched (false with LIMEADE_WATCH=0 or after close()). */
  watching: boolean;
}

/**
 * The runtime's API: `globalThis.__limeade` in a program started with
 * `node --import limeade/register`, or the functions this package exports.
 *
 * @example
 * // a hotkey, a REPL command or a test applies what is on disk:
 * const report = await globalThis.__limeade?.refresh();
 * if (report && !report.ok) console.error(report.error?.file, report.error?.line, report.error?.message);
 */
export interface Limeade {
  /**
   * Apply every loaded file whose content changed on disk, all in one transaction.
   * Never rejects because of the program's code: look at `report.ok` and `report.error`.
   * Concurrent calls wait for the one in flight.
   *
   * @example
   * const { ok, modules } = await __limeade.refresh();
   * for (const m of modules) console.log(m.file, m.path, m.updated);
   */
  refresh(): Promise<RefreshReport>;
  /**
   * Called after every refresh that found changes (successful or not). Returns an unsubscribe function.
   *
   * @example
   * const off = __limeade.on('refresh', (r) => r.ok || notify(r.error!.message));
   * off();
   */
  on(event: 'refresh', listener: (report: RefreshReport) => void): () => void;
  /**
   * The instrumented modules and whether files are watched.
   *
   * @example
   * console.table(__limeade.status().modules);
   */
  status(): Status;
  /** Stop watching files (refresh() keeps working); lets a program whose work is done exit. */
  close(): Promise<void>;
}

declare global {
  /** limeade's runtime, set by `node --import limeade/register`; undefined without it. */
  // eslint-disable-next-line no-var
  var __limeade: Limeade | undefined;
}

/** Files loaded within this window are put under watch together. */
const WATCH_DELAY_MS = 20;
/** How long a watcher-started refresh's error waits for a later save of the same burst. */
const ERROR_GRACE_MS = 30;

export interface RuntimeOptions {
  watch: boolean;
  setLoaderVersion: (url: string, version: number) => void;
}

/** Creates the main-thread runtime and installs it on globalThis. Called by `limeade/register`. */
export function createRuntime(options: RuntimeOptions): { api: Limeade; registry: Registry; sources: Sources } {
  const logger = new Logger();
  const debug = (m: string | (() => string)): void => logger.debug(m);
  const listeners = new Set<(r: RefreshReport) => void>();
  let watcher: Watcher | undefined;
  const deleted = new Set<string>();
  // Files are watched in batches, off the start-up path: chokidar (and its stat of every
  // file) loads once the program's modules are loaded. The watcher compares each file once
  // after its watch is set up, so a save in between is not lost.
  let unwatched: string[] = [];
  let watchTimer: NodeJS.Timeout | undefined;
  const watchPending = async (): Promise<void> => {
    watchTimer = undefined;
    const files = unwatched;
    unwatched = [];
    if (!options.watch || !files.length) return;
    const { createWatcher } = await import('./watcher.js');
    if (!options.watch) return;
    watcher ??= createWatcher({
      onChange: (changed) => {
        for (const f of changed) deleted.delete(f);
        void run(changed);
      },
      onDelete: (file) => {
        if (deleted.has(file)) return;
        deleted.add(file);
        logger.warn(`${rel(file)} was deleted; the program keeps running its last code. Restore the file to edit it again.`);
      },
      debug,
      pollMs: Number(process.env.LIMEADE_WATCH_POLL) || undefined,
    });
    watcher.add(files);
  };
  const hot = new HotRuntime({ warn: (m) => logger.warn(m), refresh: (files) => void run(files) });
  const registry = new Registry((record) => {
    debug(() => `instrumented ${rel(record.file)}`);
    if (!options.watch || !record.url.startsWith('file:')) return;
    unwatched.push(record.file);
    watchTimer ??= setTimeout(() => void watchPending(), WATCH_DELAY_MS).unref();
  });
  registry.onMeta = (record, meta) => hot.attach(record, meta);
  const sources = new Sources(registry);
  const deps: RefreshDeps = {
    registry,
    sources,
    readFile: (file) => readFileSync(file, 'utf8'),
    isFile,
    importModule: (url) => import(url),
    setLoaderVersion: options.setLoaderVersion,
    debug,
    warn: (m) => logger.warn(m),
    hot,
  };
  const publish = (report: RefreshReport): void => {
    logger.report(report);
    if (!report.modules.length && report.ok) return;
    for (const l of listeners) {
      try {
        l(report);
      } catch (err) {
        logger.warn(`a refresh listener threw: ${String(err)}`);
      }
    }
    if (report.ok) hot.emit('limeade:after-refresh', report);
    else hot.emit('limeade:error', report);
  };
  // A refresh the watcher started may fail only because a burst of saves is half on disk
  // (an importer saved before the module it needs): its error is published only if no
  // later refresh started within ERROR_GRACE_MS. Nothing was applied either way.
  let generation = 0;
  // The parser, differ and patcher load with the first refresh, not at start-up. If that
  // load fails (no file descriptors left), the next refresh tries again under a new URL:
  // Node 20 keeps a failed import failed.
  let loads = 0;
  const load = (): Promise<typeof import('./transaction.js')> => import(loads ? `./transaction.js?retry=${loads}` : './transaction.js');
  const once = async (files: Set<string> | undefined): Promise<RefreshReport> => {
    let report: RefreshReport;
    let runRefresh: (typeof import('./transaction.js'))['refresh'] | undefined;
    try {
      ({ refresh: runRefresh } = await load());
      report = await runRefresh(deps, files);
      // Accept callbacks run after commit (a throw is a note, nothing rolls back), before anyone hears of the refresh.
      if (report.ok && report.modules.length) await hot.accepted(report);
    } catch (err: any) {
      const message = String(err instanceof Error ? `${err.name}: ${err.message}` : err);
      if (!runRefresh) loads++;
      report = !runRefresh && typeof err?.code === 'string'
        ? { ok: false, modules: [], durationMs: 0, error: { kind: 'evaluation', file: '(limeade)', line: 1, column: 0, message: `could not load limeade's refresh code (${message}); the next refresh tries again`, frame: '' } }
        : { ok: false, modules: [], durationMs: 0, error: { kind: 'internal', file: '(limeade)', line: 1, column: 0, message: `internal error: ${message}`, frame: String(err?.stack ?? ''), ...(err?.stack ? { stack: String(err.stack) } : {}) } };
    }
    // Only a refresh that applied or tried something supersedes an error waiting to be shown.
    if (report.modules.length || !report.ok) generation++;
    const mine = generation;
    if (report.ok || !files) publish(report);
    else
      setTimeout(() => {
        if (generation === mine) publish(report);
        else debug(`refresh error superseded by a later refresh: ${report.error?.message}`);
      }, ERROR_GRACE_MS).unref();
    return report;
  };
  // One refresh at a time. Requests that arrive meanwhile are merged into exactly one
  // follow-up refresh, which covers all their files (undefined: every loaded file).
  let running: Promise<RefreshReport> | undefined;
  let queued: { files: Set<string> | undefined; promise: Promise<RefreshReport> } | undefined;
  const start = (files: Set<string> | undefined): Promise<RefreshReport> => {
    const p = once(files).finally(() => {
      if (running === p) running = undefined;
    });
    running = p;
    return p;
  };
  const run = (files?: Set<string>): Promise<RefreshReport> => {
    if (!running) return start(files);
    if (queued) {
      if (!files) queued.files = undefined;
      else if (queued.files) for (const f of files) queued.files.add(f);
      return queued.promise;
    }
    const next: { files: Set<string> | undefined; promise: Promise<RefreshReport> } = {
      files: files && new Set(files),
      promise: running.then(() => {
        queued = undefined;
        return start(next.files);
      }),
    };
    queued = next;
    return next.promise;
  };
  const api: Limeade = {
    refresh: () => run(),
    on(event, listener) {
      if (event !== 'refresh') throw new TypeError(`[limeade] unknown event ${JSON.stringify(event)}; the only event is 'refresh'`);
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    status: () => ({
      modules: [...registry.modules.values()].map((r) => ({ file: rel(r.file), version: r.version, refreshes: r.refreshes })),
      watching: !!watcher,
    }),
    close: async () => {
      options.watch = false;
      clearTimeout(watchTimer);
      await watcher?.close();
      watcher = undefined;
    },
  };
  Object.defineProperty(globalThis, RUNTIME_KEY, { value: registry, configurable: true, enumerable: false, writable: false });
  globalThis.__limeade = api;
  return { api, registry, sources };
}

/** (node:fs as in loader/cache.ts: the CommonJS module, not its ES facade, which costs start-up time.) */
const { readFileSync, statSync } = process.getBuiltinModule('node:fs');

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function current(): Limeade {
  const l = globalThis.__limeade;
  if (!l) throw new Error('[limeade] not active: start the program with `node --import limeade/register app.js`');
  return l;
}

/**
 * Apply what changed on disk (see {@link Limeade.refresh}). Throws if the program was not
 * started with `node --import limeade/register`.
 *
 * @example
 * import { refresh } from 'limeade';
 * const report = await refresh();
 */
export const refresh = (): Promise<RefreshReport> => current().refresh();
/**
 * Listen to refreshes (see {@link Limeade.on}).
 *
 * @example
 * import { on } from 'limeade';
 * const off = on('refresh', (report) => console.log(report.ok));
 */
export const on = (event: 'refresh', listener: (report: RefreshReport) => void): (() => void) => current().on(event, listener);
/**
 * The instrumented modules (see {@link Limeade.status}).
 *
 * @example
 * import { status } from 'limeade';
 * console.log(status().modules.length);
 */
export const status = (): Status => current().status();
