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

export function createWatcher(onChange: (files: Set<string>) => void, debug: (m: string) => void): Watcher {
  // persistent: false — the watcher never keeps a program alive that would otherwise exit.
  const fsw = new FSWatcher({ persistent: false, ignoreInitial: true, atomic: false });
  let batch = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const event = (kind: string) => (file: string) => {
    debug(`watch: ${kind} ${file}`);
    batch.add(file);
    timer ??= setTimeout(() => {
      timer = undefined;
      const files = batch;
      batch = new Set();
      onChange(files);
    }, SETTLE_MS).unref();
  };
  fsw.on('change', event('change'));
  fsw.on('add', event('add'));
  fsw.on('unlink', (file) => debug(`watch: unlink ${file} (its code keeps running)`));
  fsw.on('error', (err) => debug(`watch: error ${String(err)}`));
  return {
    add: (file) => void fsw.add(file),
    close: () => fsw.close(),
  };
}
