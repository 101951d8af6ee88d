/**
 * The watcher only reports changes; the transaction compares content and decides.
 *
 * chokidar watches the files of the loaded module graph (`persistent: false`: it never keeps
 * a program alive that would otherwise exit). What it cannot be trusted with, and what is
 * done about it (docs/design.md §4.9):
 *
 * - it drops a `change` that follows the previous one for the same path within 50 ms and
 *   never sends it later: after the last event of a file, the file is checked once more
 *   when that window has passed (a read; unchanged content is no refresh);
 * - a save in chunks fires on the first chunk: the same re-check catches the rest;
 * - a temp-file-and-rename save may arrive as unlink + add: a deleted file is only
 *   reported if it is still missing when the re-check runs;
 * - the watch on a file is set up asynchronously: every file is checked once after that.
 *
 * Events of one I/O turn are coalesced so one save or a burst of saves (a checkout, a
 * format-on-save of many files) becomes one refresh.
 *
 * chokidar, the clock and the file-system checks are injectable (`WatcherDeps`), so the
 * rules above are tested in-process with a fake clock (test/runtime/watcher.test.mjs).
 */
import { existsSync, statSync } from 'node:fs';
import { FSWatcher, type ChokidarOptions } from 'chokidar';
import type { Immediates, Timers } from './timers.js';

export interface Watcher {
  add(files: string[]): void;
  close(): Promise<void>;
}

export interface WatcherOptions {
  /** Files to refresh (their content may or may not have changed). */
  onChange(files: Set<string>): void;
  /** A watched file is gone (its code keeps running). */
  onDelete(file: string): void;
  debug(message: string): void;
  /** Poll every N ms instead of native events (LIMEADE_WATCH_POLL), for network drives and containers. */
  pollMs?: number | undefined;
}

/** What the watcher uses of chokidar's FSWatcher. */
export interface FileWatcher {
  add(paths: string | string[]): unknown;
  unwatch(paths: string | string[]): unknown;
  close(): Promise<void>;
  on(event: 'all', listener: (kind: string, file: string) => void): unknown;
  on(event: 'error', listener: (err: unknown) => void): unknown;
}

/** The file-system checks the watcher makes itself (chokidar makes its own). */
export interface WatcherFs {
  existsSync(file: string): boolean;
  /** A regular file is at the path (not a directory, not nothing). */
  isFile(file: string): boolean;
  /** The path's inode number, undefined if nothing is there. */
  inode(file: string): number | undefined;
}

/** What createWatcher uses from the outside world; tests pass fakes, production the real ones. */
export interface WatcherDeps {
  fs: WatcherFs;
  timers: Timers & Immediates;
  createFSWatcher(options: ChokidarOptions): FileWatcher;
}

const realDeps: WatcherDeps = {
  fs: { existsSync, isFile, inode },
  // The globals, read at each call as before (see timers.ts).
  timers: globalThis,
  createFSWatcher: (options) => new FSWatcher(options),
};

/** After chokidar's 50 ms throttle window. */
export const VERIFY_MS = 60;
/** How often a deleted module's file is looked for. */
const RETURN_POLL_MS = 100;
/** chokidar sets up a watch asynchronously; each file is compared once after that. */
const STARTUP_CHECK_MS = 150;

export function createWatcher(options: WatcherOptions, deps: Partial<WatcherDeps> = {}): Watcher {
  const { onChange, onDelete, debug, pollMs } = options;
  const { fs, timers, createFSWatcher } = { ...realDeps, ...deps };
  const fsw = createFSWatcher({
    persistent: false,
    ignoreInitial: true,
    atomic: false,
    ...(pollMs ? { usePolling: true, interval: pollMs, binaryInterval: pollMs } : {}),
  });
  let batch = new Set<string>();
  // The first event of a quiet period is acted on at once (setImmediate: the events of the
  // same I/O turn join it); events that arrive while that refresh runs are merged into
  // exactly one follow-up refresh by the runtime. Files a burst leaves broken for a moment
  // (an importer saved before the module it needs) are retried with the rest.
  let timer: NodeJS.Immediate | undefined;
  const rechecks = new Map<string, NodeJS.Timeout>();
  const flush = (): void => {
    timer = undefined;
    const files = batch;
    batch = new Set();
    onChange(files);
  };
  const schedule = (file: string): void => {
    batch.add(file);
    // Not unref'd: with only unref'd immediates pending, Node lets the poll phase block, so
    // one scheduled from a timer (a re-check) waited for the next unrelated event, seconds
    // later. A ref'd immediate runs at the end of this loop turn and holds nothing after.
    timer ??= timers.setImmediate(flush);
  };
  const recheck = (file: string, ms: number): void => {
    timers.clearTimeout(rechecks.get(file));
    const t = timers.setTimeout(() => {
      rechecks.delete(file);
      if (!fs.existsSync(file)) {
        onDelete(file);
        return awaitReturn(file);
      }
      // Something else where the file was (a directory): the refresh says it cannot read
      // it, and chokidar, which now watches a directory there, would miss the file's return.
      if (!fs.isFile(file)) {
        schedule(file);
        return awaitReturn(file);
      }
      debug(`watch: re-check ${file}`);
      // A new inode: the file was replaced (deleted and written anew, or a directory there
      // for a moment) and chokidar's watch may be on the old one.
      const ino = fs.inode(file);
      const before = inodes.get(file);
      if (ino !== undefined) inodes.set(file, ino);
      if (dropped.delete(file) || (before !== undefined && before !== ino)) {
        debug(`watch: ${file} was replaced; watched anew`);
        rewatch(file);
        recheck(file, VERIFY_MS); // a save while the new watch was set up
      }
      schedule(file);
    }, ms).unref();
    rechecks.set(file, t);
  };
  // chokidar does not always report a deleted file that comes back (seen with several
  // watched files in one folder), nor a file that returns where a directory was: the
  // file is looked for until it is there again, then watched anew and compared.
  const awaitReturn = (file: string): void => {
    const t = timers.setTimeout(() => {
      rechecks.delete(file);
      if (!fs.isFile(file)) return awaitReturn(file);
      debug(`watch: ${file} is back`);
      dropped.delete(file);
      rewatch(file);
      schedule(file);
      recheck(file, VERIFY_MS);
    }, RETURN_POLL_MS).unref();
    rechecks.set(file, t);
  };
  // After an unlink chokidar has closed its watch on the path. A file back before the
  // re-check (a quick delete and restore, a directory there for a moment) sends no `add`
  // when chokidar did not see it come: the re-check watches it anew.
  const dropped = new Set<string>();
  const inodes = new Map<string, number>();
  const rewatch = (file: string): void => {
    fsw.unwatch(file);
    fsw.add(file);
    const ino = fs.inode(file);
    if (ino !== undefined) inodes.set(file, ino);
  };
  fsw.on('all', (kind: string, file: string) => {
    debug(`watch: ${kind} ${file}`);
    // A change seen while something else was at the path (the directory case) also leaves
    // chokidar's watch on what is gone; inode numbers may be reused, so they cannot tell.
    if (kind === 'unlink' || kind === 'unlinkDir' || (kind === 'change' && !fs.isFile(file))) dropped.add(file);
    else if (kind === 'add') dropped.delete(file);
    if (kind === 'change' || kind === 'add') schedule(file);
    recheck(file, VERIFY_MS);
  });
  fsw.on('error', (err: unknown) => debug(`watch: error ${String(err)}`));
  return {
    add(files) {
      fsw.add(files);
      for (const file of files) recheck(file, STARTUP_CHECK_MS);
    },
    close() {
      for (const t of rechecks.values()) timers.clearTimeout(t);
      rechecks.clear();
      if (timer) timers.clearImmediate(timer);
      return fsw.close();
    },
  };
}

function inode(file: string): number | undefined {
  try {
    return statSync(file).ino;
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
