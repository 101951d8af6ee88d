/**
 * limeade's public API. The program gets it as `globalThis.__limeade` once it runs under
 * `node --import limeade/register`, or imports it:
 *
 * @example
 * import { refresh } from 'limeade';
 * const report = await refresh();
 * if (!report.ok) console.error(report.error?.message);
 */
import { createRequire } from 'node:module';
import { RUNTIME_KEY } from '../loader/contract.js';
import { baseOf, versionOf } from '../loader/url.js';
import { CommonJsNotLive, compileCommonJsVersion, evaluateCommonJsVersion } from './cjs.js';
import type { RefreshDeps } from './deps.js';
import { HotRuntime } from './hot.js';
import { Registry, type JsonRecord } from './registry.js';
import { Sources } from './source.js';
import { createPublisher } from './publish.js';
import { createQueue } from './queue.js';
import { createRefreshOnce } from './refresh.js';
import { formatError, formatSuccess, Logger, rel, type RefreshReport } from './report.js';
import { createWatching } from './watching.js';

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

export interface RuntimeOptions {
  watch: boolean;
  setLoaderVersion: (url: string, version: number) => void;
  /**
   * Hooks that do not see `require` (Node 20): which CommonJS files are the program's own;
   * they are said not to be live (runtime/cjs.ts `CommonJsNotLive`).
   */
  commonJsNotLive?: (file: string) => boolean;
}

/**
 * Creates the main-thread runtime and installs it on globalThis. Called by `limeade/register`.
 *
 * The wiring of the runtime's units: the watcher (watching.ts) and import.meta.hot ask the
 * queue (queue.ts) for refreshes; the queue runs one at a time (refresh.ts), whose report
 * publish.ts logs and hands to the listeners.
 */
export function createRuntime(options: RuntimeOptions): { api: Limeade; registry: Registry; sources: Sources; commonJs: CommonJsNotLive | undefined } {
  const logger = new Logger();
  const debug = (m: string | (() => string)): void => logger.debug(m);
  const warn = (m: string): void => logger.warn(m);
  const hot = new HotRuntime({ warn, refresh: (files) => void request(files) });
  const watching = createWatching({ watch: options.watch, onChange: (files) => void request(files), warn, debug });
  const registry = new Registry((record) => {
    debug(() => `instrumented ${rel(record.file)}`);
    if (record.url.startsWith('file:')) watching.add(record.file);
  });
  registry.onMeta = (record, meta) => hot.attach(record, meta);
  const reran = new Set<string>();
  registry.onRerun = (record) => {
    if (reran.has(record.file)) return;
    reran.add(record.file);
    warn(`${rel(record.file)} ran a second time in this process (its require.cache entry deleted, or loaded under a second URL): edits reach the copy that ran first; the new copy keeps the code it was loaded with until the program restarts.`);
  };
  registry.onJson = (record) => {
    debug(() => `watching ${rel(record.file)} (JSON)`);
    watching.add(record.file);
  };
  const sources = new Sources(registry);
  const deps: RefreshDeps = {
    registry,
    sources,
    readFile: (file) => readFileSync(file, 'utf8'),
    isFile,
    watching: () => watching.enabled,
    // A CommonJS module's version is evaluated, not imported (runtime/cjs.ts).
    importModule: (url) => {
      const record = registry.modules.get(baseOf(url));
      return record?.commonjs && versionOf(url) > 0 ? evaluateCommonJsVersion(record, url, sources, (u) => import(u)) : import(url);
    },
    commonJsVersion: (url) => {
      const record = registry.modules.get(baseOf(url))!;
      return compileCommonJsVersion(record, url, readFileSync(record.file, 'utf8'), sources, (u) => import(u));
    },
    heldJson,
    setLoaderVersion: options.setLoaderVersion,
    debug,
    warn,
    hot,
  };
  const publisher = createPublisher({ logger, hot });
  const isOwn = options.commonJsNotLive;
  const commonJs = isOwn && new CommonJsNotLive({ isOwn, watch: (file) => watching.add(file), warn, cache: () => createRequire(import.meta.url).cache });
  const refreshOnce = createRefreshOnce({
    run: async (transaction, files) => {
      const report = await transaction.refresh(deps, files);
      return commonJs ? commonJs.check(report, files) : report;
    },
    accepted: (report) => hot.accepted(report),
    settle: publisher.settle,
  });
  const request = createQueue(refreshOnce);
  const api: Limeade = {
    refresh: () => request(),
    on(event, listener) {
      if (event !== 'refresh') throw new TypeError(`[limeade] unknown event ${JSON.stringify(event)}; the only event is 'refresh'`);
      return publisher.listen(listener);
    },
    status: () => ({
      modules: [...registry.modules.values()].map((r) => ({ file: rel(r.file), version: r.version, refreshes: r.refreshes })),
      watching: watching.active,
    }),
    close: () => watching.close(),
  };
  Object.defineProperty(globalThis, RUNTIME_KEY, { value: registry, configurable: true, enumerable: false, writable: false });
  globalThis.__limeade = api;
  return { api, registry, sources, commonJs: commonJs || undefined };
}

// (node:fs as in loader/cache.ts: the CommonJS module, not its ES facade, which costs start-up time.)
const { readFileSync, statSync } = process.getBuiltinModule('node:fs');

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The object the program holds for a JSON file: Node's JSON loaders, for `import` and for
 * `require`, share it through `require.cache` (Node 20–26). If the program took it out of the
 * cache, the ES module's default export, which an `import()` of the loaded module returns.
 */
async function heldJson(record: JsonRecord): Promise<unknown> {
  const cached = createRequire(import.meta.url).cache[record.file];
  if (cached) return cached.exports;
  return ((await import(record.url, { with: { type: 'json' } })) as { default: unknown }).default;
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
