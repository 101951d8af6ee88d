/**
 * What a refresh needs from the world, handed to it as one value: the registry it applies to,
 * how it reads files and imports module versions, how it talks to the loader and the user.
 * The runtime (runtime/index.ts) gives the real ones; the in-process tests (test/runtime/)
 * give their own file contents and import function, so a refresh runs without a process of
 * its own.
 */
import type { HotRuntime } from './hot.js';
import type { JsonRecord, Registry } from './registry.js';
import type { Sources } from './source.js';

export interface RefreshDeps {
  registry: Registry;
  sources: Sources;
  /**
   * A module file's text. Synchronous on purpose: `readFileSync` takes ~30 µs for 20 KB,
   * against ~0.6 ms for fs/promises' four trips to the thread pool (a third of a
   * one-function refresh), and a refresh of a 600-module app would wait for 600 of them.
   */
  readFile(file: string): string;
  /** Is there a regular file at this path (a file the loader could not read may have come back)? */
  isFile(file: string): boolean;
  /** `import(url)` from the runtime: re-imported versions and source requests go through Node's loader chain. */
  importModule(url: string): Promise<unknown>;
  /**
   * Version `url` of a CommonJS module, compiled from the file's text: calling it runs the
   * version's top-level code, synchronously (runtime/cjs.ts). Without it, CommonJS versions
   * go through `importModule` and run as they load.
   */
  commonJsVersion?(url: string): Promise<() => void>;
  /**
   * The value the program holds for a JSON file (runtime/json.ts): the object Node parsed,
   * shared by `import` and `require` through `require.cache`.
   */
  heldJson(record: JsonRecord): Promise<unknown>;
  /** Tells the loader which version of a module later imports get. */
  setLoaderVersion(url: string, version: number): void;
  debug(message: string): void;
  /** Problems the user must hear about that are not the refresh's result (a file that cannot be read). */
  warn(message: string): void;
  /** Are files watched? The watcher says itself when a file is deleted; without it, refresh() does. */
  watching?(): boolean;
  /** import.meta.hot (decline, invalidate, dispose, accept, events). */
  hot?: HotRuntime | undefined;
}
