/**
 * Who hears of a refresh, and when: the log (`Logger.report`), the `on('refresh')` listeners
 * and the `limeade:after-refresh` / `limeade:error` events of `import.meta.hot`.
 *
 * A refresh of given files (the watcher's, an invalidate's) may fail only because a burst of
 * saves is half on disk: an importer saved before the module it needs. Its error waits
 * ERROR_GRACE_MS and is dropped if a refresh that applied or tried something finished
 * meanwhile (that refresh saw the rest of the burst). Nothing was applied either way.
 * A `refresh()` of everything and every success are published at once.
 */
import type { HotRuntime } from './hot.js';
import type { Logger, RefreshReport } from './report.js';
import type { Files } from './queue.js';
import type { Timers } from './timers.js';

/** How long a watcher-started refresh's error waits for a later save of the same burst. */
export const ERROR_GRACE_MS = 30;

export type RefreshListener = (report: RefreshReport) => void;

export interface PublishDeps {
  logger: Pick<Logger, 'report' | 'warn' | 'debug'>;
  hot: Pick<HotRuntime, 'emit'>;
  /** Default: the global timer functions. */
  timers?: Timers;
}

export interface Publisher {
  /** Adds an `on('refresh')` listener; returns its removal. */
  listen(listener: RefreshListener): () => void;
  /** Logs a report and, if it applied or tried something, tells the listeners and hot events. */
  publish(report: RefreshReport): void;
  /** Publishes what a refresh of `files` returned, now or after the error grace. */
  settle(report: RefreshReport, files: Files): void;
}

export function createPublisher({ logger, hot, timers: injected }: PublishDeps): Publisher {
  const timers: Timers = injected ?? globalThis;
  const listeners = new Set<RefreshListener>();
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
  // Counts the refreshes that applied or tried something: a waiting error is shown only if
  // the count did not move while it waited.
  let generation = 0;
  const settle = (report: RefreshReport, files: Files): void => {
    if (report.modules.length || !report.ok) generation++;
    const mine = generation;
    if (report.ok || !files) return publish(report);
    timers
      .setTimeout(() => {
        if (generation === mine) publish(report);
        else logger.debug(`refresh error superseded by a later refresh: ${report.error?.message}`);
      }, ERROR_GRACE_MS)
      .unref();
  };
  return {
    listen(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    publish,
    settle,
  };
}
