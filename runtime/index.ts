/**
 * limeade's public API. The program gets it as `globalThis.__limeade` once it runs under
 * `node --import limeade/register`, or imports it:
 *
 * @example
 * import { refresh } from 'limeade';
 * const report = await refresh();
 * if (!report.ok) console.error(report.error?.message);
 */
import { RUNTIME_KEY } from '../loader/instrument.js';
import { Registry } from './registry.js';
import { formatError, formatSuccess, Logger, rel, type RefreshReport } from './report.js';
import { runRefresh } from './transaction.js';
import { createWatcher, type Watcher } from './watcher.js';

export type { ModuleReport, RefreshError, RefreshReport } from './report.js';
export { formatError, formatSuccess };

export interface Status {
  /** Modules limeade instruments, relative paths. */
  modules: Array<{ file: string; version: number; refreshes: number }>;
  watching: boolean;
}

export interface Limeade {
  /**
   * Apply every loaded file whose content changed on disk, all in one transaction.
   * Never rejects because of the program's code: look at `report.ok` and `report.error`.
   * Concurrent calls wait for the one in flight.
   */
  refresh(): Promise<RefreshReport>;
  /** Called after every refresh that found changes (successful or not). Returns an unsubscribe function. */
  on(event: 'refresh', listener: (report: RefreshReport) => void): () => void;
  status(): Status;
  /** Stop watching files (refresh() keeps working). */
  close(): Promise<void>;
}

declare global {
  // eslint-disable-next-line no-var
  var __limeade: Limeade | undefined;
}

export interface RuntimeOptions {
  watch: boolean;
  setLoaderVersion: (url: string, version: number) => void;
}

/** Creates the main-thread runtime and installs it on globalThis. Called by `limeade/register`. */
export function createRuntime(options: RuntimeOptions): { api: Limeade; registry: Registry } {
  const logger = new Logger();
  const debug = (m: string): void => logger.debug(m);
  const listeners = new Set<(r: RefreshReport) => void>();
  let watcher: Watcher | undefined;
  const registry = new Registry((record) => {
    debug(`instrumented ${rel(record.file)}`);
    if (options.watch && record.url.startsWith('file:')) {
      watcher ??= createWatcher((files) => void run(files), debug);
      watcher.add(record.file);
    }
  });
  let chain: Promise<unknown> = Promise.resolve();
  const run = (files?: Set<string>): Promise<RefreshReport> => {
    const next = chain.then(async () => {
      let report: RefreshReport;
      try {
        report = await runRefresh({ registry, setLoaderVersion: options.setLoaderVersion, debug }, files);
      } catch (err) {
        report = { ok: false, modules: [], durationMs: 0, error: { kind: 'internal', file: '(limeade)', line: 1, column: 0, message: `internal error: ${String(err)}`, frame: '' } };
      }
      logger.report(report);
      if (report.modules.length || !report.ok)
        for (const l of listeners) {
          try {
            l(report);
          } catch (err) {
            logger.warn(`a refresh listener threw: ${String(err)}`);
          }
        }
      return report;
    });
    chain = next;
    return next;
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
      await watcher?.close();
      watcher = undefined;
      options.watch = false;
    },
  };
  Object.defineProperty(globalThis, RUNTIME_KEY, { value: registry, configurable: true, enumerable: false, writable: false });
  globalThis.__limeade = api;
  return { api, registry };
}

function current(): Limeade {
  const l = globalThis.__limeade;
  if (!l) throw new Error('[limeade] not active: start the program with `node --import limeade/register app.js`');
  return l;
}

/** @see Limeade.refresh */
export const refresh = (): Promise<RefreshReport> => current().refresh();
/** @see Limeade.on */
export const on = (event: 'refresh', listener: (report: RefreshReport) => void): (() => void) => current().on(event, listener);
/** @see Limeade.status */
export const status = (): Status => current().status();
