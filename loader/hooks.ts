/**
 * The loader hooks, built over one state object (one per registration). They only route:
 * `resolve` sends imports of a module that was re-imported to its newest version; `load`
 * lets the next loaders run first (so tsx and Node's own TypeScript support apply), then
 * instruments the program's own ES modules. Instrumenting never breaks a module: on any
 * failure the module loads untouched and a warning says why.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InstrumentCache } from './cache.js';
import { instrument } from './instrument.js';
import { baseOf, versionOf, withVersion } from './url.js';

export interface LoaderConfig {
  /**
   * The project: the directory of the nearest package.json above the program's entry file
   * (or the working directory). Files outside it are not instrumented unless included.
   */
  root: string;
  /** Path substrings: when set, only matching files are instrumented. */
  include: string[];
  /** Path substrings never instrumented (node_modules always, unless included explicitly). */
  exclude: string[];
  /** limeade's own package directory: never instrumented. */
  ownRoot: string;
}

export interface LoaderState {
  config: LoaderConfig;
  cache: InstrumentCache;
  /** Newest version of each re-imported module, by base URL. */
  versions: Map<string, number>;
  /** Hands the JavaScript source of an instrumented module to the runtime (the base of the first diff). */
  report(url: string, source: string): void;
  warn(message: string): void;
}

export function loaderConfig(env: NodeJS.ProcessEnv, ownRoot: string, entry: string | undefined, cwd: string): LoaderConfig {
  const list = (v: string | undefined): string[] => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);
  return { root: projectRoot(entry, cwd), include: list(env.LIMEADE_INCLUDE), exclude: list(env.LIMEADE_EXCLUDE), ownRoot };
}

function projectRoot(entry: string | undefined, cwd: string): string {
  let dir = entry ? dirname(resolve(cwd, entry)) : cwd;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir.endsWith(sep) ? dir : dir + sep;
    const up = dirname(dir);
    if (up === dir) return cwd.endsWith(sep) ? cwd : cwd + sep;
    dir = up;
  }
}

export function shouldInstrument(url: string, format: string | null | undefined, config: LoaderConfig): boolean {
  if (format !== 'module' || !url.startsWith('file:')) return false;
  const file = fileURLToPath(baseOf(url));
  if (file.startsWith(config.ownRoot)) return false;
  if (config.exclude.some((x) => file.includes(x))) return false;
  if (config.include.length) return config.include.some((x) => file.includes(x));
  // node_modules below the project root are dependencies; the root itself may sit in one.
  return file.startsWith(config.root) && !/(^|[\\/])node_modules[\\/]/.test(file.slice(config.root.length));
}

interface ResolveResult {
  url: string;
  format?: string | null | undefined;
  [k: string]: unknown;
}
interface LoadResult {
  format?: string | null | undefined;
  source?: string | ArrayBuffer | ArrayBufferView | null | undefined;
  [k: string]: unknown;
}

export function afterResolve<R extends ResolveResult>(result: R, state: LoaderState): R {
  if (!result.url.startsWith('file:') || versionOf(result.url) > 0) return result;
  const v = state.versions.get(result.url);
  return v ? { ...result, url: withVersion(result.url, v) } : result;
}

export function afterLoad<R extends LoadResult>(url: string, result: R, state: LoaderState): R {
  if (!shouldInstrument(url, result.format, state.config) || result.source == null) return result;
  const source = typeof result.source === 'string' ? result.source : new TextDecoder().decode(result.source as ArrayBuffer);
  const version = versionOf(url);
  try {
    const cached = state.cache.get(source, version > 0);
    const code = cached ?? instrument(source, version);
    if (cached === undefined) state.cache.set(source, version > 0, code);
    if (version === 0) state.report(url, source);
    else if ((state.versions.get(baseOf(url)) ?? 0) < version) state.versions.set(baseOf(url), version);
    return { ...result, source: code };
  } catch (err: any) {
    const where = err?.line ? `:${err.line}:${err.column + 1}` : '';
    state.warn(
      `[limeade] ${fileURLToPath(baseOf(url))}${where} could not be instrumented (${err?.message ?? err}); it runs as is and edits to it will not apply.`,
    );
    return result;
  }
}

type NextResolve = (specifier: string, context?: any) => any;
type NextLoad = (url: string, context?: any) => any;

/** Synchronous hooks for `module.registerHooks` (Node ≥ 22.15, in-thread). */
export function syncHooks(state: LoaderState) {
  return {
    resolve: (specifier: string, context: any, next: NextResolve) => afterResolve(next(specifier, context), state),
    load: (url: string, context: any, next: NextLoad) => afterLoad(url, next(url, context), state),
  };
}

/** Asynchronous hooks for `module.register` (Node 20, off-thread). */
export function asyncHooks(state: LoaderState) {
  return {
    resolve: async (specifier: string, context: any, next: NextResolve) => afterResolve(await next(specifier, context), state),
    load: async (url: string, context: any, next: NextLoad) => afterLoad(url, await next(url, context), state),
  };
}
