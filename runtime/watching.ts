/**
 * Putting loaded files under watch, off the start-up path: files loaded within WATCH_DELAY_MS
 * are watched together, and chokidar (watcher.ts, with its stat of every file) is imported
 * with the first batch, once the program's modules are loaded. The watcher compares each
 * file once after its watch is set up, so a save in between is not lost.
 *
 * Also the user's side of a deletion: a deleted file is announced once, until it comes back.
 */
import { rel } from './report.js';
import type { Timers } from './timers.js';
import type { Watcher, WatcherOptions } from './watcher.js';

/** Files loaded within this window are put under watch together. */
export const WATCH_DELAY_MS = 20;

export interface WatchingDeps {
  /** false: never watch (LIMEADE_WATCH=0). */
  watch: boolean;
  /** Files the watcher says to refresh. */
  onChange(files: Set<string>): void;
  warn(message: string): void;
  debug(message: string): void;
  /** Default: the global timer functions. */
  timers?: Timers;
  /** Default: import('./watcher.js'), which loads chokidar. */
  load?: () => Promise<{ createWatcher(options: WatcherOptions): Watcher }>;
}

export interface Watching {
  /** Watches a loaded module's file, with the others of its batch. */
  add(file: string): void;
  /** Whether a watcher exists (status().watching). */
  readonly active: boolean;
  /** Whether files are to be watched (not LIMEADE_WATCH=0, not closed): the watcher, made a little after start, says deletions. */
  readonly enabled: boolean;
  /** Stops watching for good; refresh() keeps working. */
  close(): Promise<void>;
}

export function createWatching(deps: WatchingDeps): Watching {
  const { onChange, warn, debug, load = () => import('./watcher.js') } = deps;
  const timers: Timers = deps.timers ?? globalThis;
  let on = deps.watch;
  let watcher: Watcher | undefined;
  // Files whose deletion was announced: said once, until the watcher sees them again.
  const deleted = new Set<string>();
  let unwatched: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const watchPending = async (): Promise<void> => {
    timer = undefined;
    const files = unwatched;
    unwatched = [];
    if (!on || !files.length) return;
    const { createWatcher } = await load();
    if (!on) return; // closed while chokidar loaded
    watcher ??= createWatcher({
      onChange: (changed) => {
        for (const f of changed) deleted.delete(f);
        onChange(changed);
      },
      onDelete: (file) => {
        if (deleted.has(file)) return;
        deleted.add(file);
        warn(`${rel(file)} was deleted; the program keeps running its last code. Restore the file to edit it again.`);
      },
      debug,
      pollMs: Number(process.env.LIMEADE_WATCH_POLL) || undefined,
    });
    watcher.add(files);
  };
  return {
    add(file) {
      if (!on) return;
      unwatched.push(file);
      // The callback's promise is for tests (their fake clock returns it); Node ignores it.
      timer ??= timers.setTimeout(watchPending, WATCH_DELAY_MS).unref();
    },
    get enabled() {
      return on;
    },
    get active() {
      return !!watcher;
    },
    async close() {
      on = false;
      timers.clearTimeout(timer);
      await watcher?.close();
      watcher = undefined;
    },
  };
}
