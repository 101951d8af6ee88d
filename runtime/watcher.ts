/**
 * The watcher only reports changes: chokidar over the files of the loaded module graph,
 * a short coalescing window so one save or one burst of saves becomes one refresh, and
 * content (not timestamps) decides in the transaction whether anything changed.
 */
import { FSWatcher } from 'chokidar';

export interface Watcher {
  add(file: string): void;
  close(): Promise<void>;
}

/** Coalescing window: editors write a file in several events within a few milliseconds. */
const SETTLE_MS = 8;
/**
 * chokidar drops a `change` that follows the previous one for the same path within 50 ms
 * and never reports it later (DESIGN §4). So after the last event of a file, its content is
 * checked once more when that window has passed; unchanged content costs one read.
 */
const VERIFY_MS = 60;
/** chokidar sets up a watch asynchronously; the file is compared once after that. */
const STARTUP_CHECK_MS = 150;

export function createWatcher(onChange: (files: Set<string>) => void, debug: (m: string) => void): Watcher {
  // persistent: false — the watcher never keeps a program alive that would otherwise exit.
  const fsw = new FSWatcher({ persistent: false, ignoreInitial: true, atomic: false });
  let batch = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const verify = new Map<string, NodeJS.Timeout>();
  const flush = (): void => {
    timer = undefined;
    const files = batch;
    batch = new Set();
    onChange(files);
  };
  const schedule = (file: string): void => {
    batch.add(file);
    timer ??= setTimeout(flush, SETTLE_MS).unref();
  };
  const recheck = (file: string, ms: number): void => {
    clearTimeout(verify.get(file));
    verify.set(
      file,
      setTimeout(() => {
        verify.delete(file);
        debug(`watch: re-checking ${file}`);
        schedule(file);
      }, ms).unref(),
    );
  };
  const event = (kind: string) => (file: string) => {
    debug(`watch: ${kind} ${file}`);
    schedule(file);
    recheck(file, VERIFY_MS);
  };
  fsw.on('change', event('change'));
  fsw.on('add', event('add'));
  fsw.on('unlink', (file) => debug(`watch: unlink ${file} (its code keeps running)`));
  fsw.on('error', (err) => debug(`watch: error ${String(err)}`));
  return {
    add: (file) => {
      fsw.add(file);
      // A save between the module's load and the watch being in place sends no event.
      recheck(file, STARTUP_CHECK_MS);
    },
    close: () => {
      for (const t of verify.values()) clearTimeout(t);
      clearTimeout(timer);
      return fsw.close();
    },
  };
}
