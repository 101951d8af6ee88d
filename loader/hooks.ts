/**
 * The loader hooks, built over one state object (one per registration). They only route:
 * `resolve` sends imports of a module that was re-imported to its newest version (and
 * `./x.js` in a .ts file to `./x.ts` when only that exists); `load` lets the next loaders run
 * first (so tsx applies), strips the types of TypeScript that reaches it untransformed
 * (loader/typescript.ts), then instruments the program's own ES modules, and tells the runtime
 * which of the program's JSON files were loaded (they load as Node loads them: runtime/json.ts
 * edits the object Node made). Instrumenting never breaks a module: on any
 * failure the module loads untouched and a warning says why.
 */
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InstrumentCache } from './cache.js';
import type { Capabilities } from './capabilities.js';
import { isCommonJsTypeScript, isTypeScriptUrl, needsTransform, stripTypes, TSX_HINT, typeScriptSibling, TypeScriptError } from './typescript.js';
import { baseOf, facadeRequestOf, sourceRequestOf, versionOf, withFacadeRequest, withVersion } from './url.js';
import { tagHolders } from './contract.js';
// (node:fs as in cache.ts: the CommonJS module, not its ES facade, which costs start-up time.)
const { existsSync, readFileSync } = process.getBuiltinModule('node:fs');

/** Facade requests made (each a new URL: Node keeps every module it loaded). */
let facadeRequests = 0;

/**
 * How a module's JavaScript was made from `text` (the file as read), when it is not `text`
 * itself: types stripped (the runtime strips a new text the same way), or another loader's
 * transform (the runtime asks the chain again: runtime/source.ts).
 */
export interface Origin {
  kind: 'typescript' | 'chain';
  text: string;
}

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
  /** What this thread's Node offers (loader/capabilities.ts). */
  caps: Capabilities;
  cache: InstrumentCache;
  /** Newest version of each re-imported module, by base URL. */
  versions: Map<string, number>;
  /**
   * Hands the JavaScript of an instrumented module to the runtime (the base of the first
   * diff), with its origin when that is not the file's own text; and the answers to source
   * requests (`?limeade-source=N`).
   */
  report(url: string, source: string, origin?: Origin): void;
  warn(message: string): void;
  /** A JSON file of the program was loaded from this text (runtime/json.ts keeps it live). */
  json?(url: string, source: string): void;
  /**
   * Hooks that do not see `require` (Node 20's hooks thread): the program loaded one of its
   * own CommonJS files, which are not live there (runtime/cjs.ts `CommonJsNotLive`).
   */
  commonJsSeen?(url: string): void;
  /**
   * In-thread hooks: ES facades of the program's loaded CommonJS modules (runtime/cjs-names.ts).
   * `wants`: should this import (resolved to `url`, from `parent`) go to one; `source`: its text.
   */
  facade?: { wants(url: string, parent: string | undefined): boolean; source(url: string): string };
}

export function loaderConfig(env: NodeJS.ProcessEnv, ownRoot: string, entry: string | undefined, cwd: string): LoaderConfig {
  const list = (v: string | undefined): string[] => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);
  return { root: projectRoot(entry, cwd), include: list(env.LIMEADE_INCLUDE), exclude: list(env.LIMEADE_EXCLUDE), ownRoot };
}

/**
 * The program's own files are those below its root: the directory of the package.json
 * nearest its entry — or, in a monorepo, the workspace root above it (a package.json with
 * `"workspaces"`, a pnpm-workspace.yaml): the other packages of the workspace are the
 * developer's code too, and Node loads them at their real path, outside `node_modules`.
 */
export function projectRoot(entry: string | undefined, cwd: string): string {
  const slash = (d: string): string => (d.endsWith(sep) ? d : d + sep);
  let dir = entry ? dirname(resolve(cwd, entry)) : cwd;
  let root: string | undefined;
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml')) || (existsSync(join(dir, 'package.json')) && hasWorkspaces(join(dir, 'package.json')))) return slash(dir);
    if (root === undefined && existsSync(join(dir, 'package.json'))) root = dir;
    const up = dirname(dir);
    if (up === dir) return slash(root ?? cwd);
    // Above a node_modules directory is another project: the program is a package installed there.
    if (root !== undefined && basename(dir) === 'node_modules') return slash(root);
    dir = up;
  }
}

function hasWorkspaces(file: string): boolean {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))?.workspaces != null;
  } catch {
    return false;
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

type Instrumenter = typeof import('./instrument.js');
type Instrument = Instrumenter['instrument'];

/**
 * The instrumenter (acorn, magic-string and limeade's rewriter: ~23 ms to load) is loaded on
 * the first module the disk cache does not have, so a warm start never loads it. In-thread
 * hooks are synchronous and load it with require() where ES modules can be required
 * (`requireModule` in the table); elsewhere afterLoad throws PENDING and the asynchronous
 * load hook imports it and runs afterLoad again.
 */
let instrumenterModule: Instrumenter | undefined;
/** Why the last import() of the instrumenter failed: the module that waited for it loads as is. */
let importFailure: { error: unknown } | undefined;
const PENDING = Symbol('limeade: instrumenter not loaded');

function loaded(caps: Capabilities): Instrumenter {
  if (instrumenterModule) return instrumenterModule;
  if (importFailure) {
    const { error } = importFailure;
    importFailure = undefined;
    throw error;
  }
  if (!caps.requireModule) throw PENDING;
  return (instrumenterModule = createRequire(import.meta.url)('./instrument.js') as Instrumenter);
}

const instrumenter = (caps: Capabilities): Instrument => loaded(caps).instrument;

async function loadInstrumenter(): Promise<void> {
  try {
    instrumenterModule ??= await import('./instrument.js');
  } catch (error) {
    importFailure = { error };
  }
}

export function afterResolve<R extends ResolveResult>(result: R, state: LoaderState, context?: { parentURL?: string; conditions?: readonly string[] }): R {
  if (!result.url.startsWith('file:')) return result;
  // An ES module's import (not a require) of a loaded CommonJS module, by a re-imported
  // version or during a refresh: Node's facade would offer the names of the file's first
  // text, so it gets one of limeade's, made now (runtime/cjs-names.ts).
  if (state.facade && !context?.conditions?.includes('require') && state.facade.wants(result.url, context?.parentURL))
    return { ...result, url: withFacadeRequest(result.url, ++facadeRequests), format: 'module' };
  // Node 20 (and 22 with stripping off) knows no format for .ts: limeade strips it in load.
  if (result.format == null && !state.caps.nodeStripsTypes && isTypeScriptUrl(result.url)) result = { ...result, format: 'module' };
  if (versionOf(result.url) > 0) return result;
  const v = state.versions.get(result.url);
  return v ? { ...result, url: withVersion(result.url, v) } : result;
}

const utf8 = new TextDecoder();
const decode = (source: NonNullable<LoadResult['source']>): string =>
  typeof source === 'string' ? source : utf8.decode(source as ArrayBuffer);

function readText(file: string): string | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}

/**
 * Where a module's JavaScript came from, compared with its file: the file itself (no
 * origin), the file with its types stripped (here, or by Node), or another loader's output.
 */
function originOf(url: string, file: string, format: string | null | undefined, source: string): { raw: boolean; origin?: Origin } {
  const ts = format === 'module-typescript' || format === 'commonjs-typescript' || isTypeScriptUrl(url);
  const text = readText(file);
  if (format === 'module-typescript' || format === 'commonjs-typescript' || (ts && source === text)) return { raw: ts, origin: { kind: 'typescript', text: source } };
  if (text === undefined || source === text) return { raw: false };
  // Stripped already (position-preserving: same length), by Node or a loader like ours.
  if (ts && source.length === text.length) {
    try {
      if (stripTypes(text) === source) return { raw: false, origin: { kind: 'typescript', text } };
    } catch {
      /* not ours to judge: another loader made it */
    }
  }
  return { raw: false, origin: { kind: 'chain', text } };
}

export function afterLoad<R extends LoadResult>(url: string, result: R, state: LoaderState): R {
  if (sourceRequestOf(url)) return answerSourceRequest(url, result, state);
  if (!url.startsWith('file:')) return result;
  if (result.format === 'json') return afterLoadJson(url, result, state);
  if (result.format === 'commonjs' || result.format === 'commonjs-typescript') return afterLoadCommonJs(url, result, state);
  if (result.source == null) return result;
  if (state.caps.inThreadHooks && ((result.format == null && url.endsWith('.js')) || result.format === 'typescript')) return afterLoadUntyped(url, result, state);
  let path: string | undefined;
  const file = (): string => (path ??= fileURLToPath(baseOf(url)));
  if (isCommonJsTypeScript(url, result.format)) {
    if (shouldInstrument(url, 'module', state.config)) state.warn(commonJsMessage(file()));
    return result;
  }
  const ts = result.format === 'module-typescript' || (result.format === 'module' && isTypeScriptUrl(url));
  const mine = shouldInstrument(url, ts ? 'module' : result.format, state.config);
  // TypeScript outside the project is stripped too (Node 20 cannot load it otherwise), but
  // never in node_modules, where Node refuses to strip types as well.
  if (!mine && !(ts && !/[\\/]node_modules[\\/]/.test(file()))) return result;
  let source = decode(result.source);
  const { raw, origin } = originOf(url, file(), result.format, source);
  if (raw) {
    try {
      source = stripTypes(source);
    } catch (err) {
      if (!(err instanceof TypeScriptError)) throw err;
      const message = `${file()}:${err.line}:${err.column + 1} ${err.message}`;
      // (With --experimental-transform-types Node transforms it and it runs: but not live.)
      const transforms = err.unsupported && result.format === 'module-typescript' && (process.features as { typescript?: unknown }).typescript === 'transform';
      state.warn(transforms ? `[limeade] ${file()}:${err.line}:${err.column + 1} ${needsTransform(err.message)}: Node transforms this file (--experimental-transform-types) and it runs, but limeade only strips types, so edits to it are not applied until the program restarts; ${TSX_HINT} and have them applied` : `[limeade] ${message}`);
      // Node's own loader then fails with its error; where nothing else can, the import does.
      if (result.format === 'module-typescript') return result;
      const e = new SyntaxError(message);
      e.stack = `SyntaxError: ${message}`; // the place is in the message; limeade's frames would mislead
      throw e;
    }
  }
  if (!mine) return { ...result, format: 'module', source };
  const version = versionOf(url);
  try {
    const cached = state.cache.get(file(), source, version > 0);
    const code = cached ?? instrumenter(state.caps)(source, version);
    if (cached === undefined) state.cache.set(file(), source, version > 0, code);
    if (version === 0) state.report(url, source, origin);
    else if ((state.versions.get(baseOf(url)) ?? 0) < version) state.versions.set(baseOf(url), version);
    return { ...result, format: 'module', source: tagHolders(code) };
  } catch (err: any) {
    if (err === PENDING) throw err;
    // A text that does not parse (loader/analyze.ts LimeadeSyntaxError): Node's own loader
    // fails with its error, which says where. The text is reported all the same, so that the
    // file is watched and its fix loads anew at the next import (runtime/failed-runs.ts renewUnparsed).
    if (err?.constructor?.name === 'LimeadeSyntaxError') {
      if (version === 0) state.report(url, source, origin);
      return { ...result, format: 'module', source };
    }
    const where = err?.line ? `:${err.line}:${err.column + 1}` : '';
    state.warn(`[limeade] ${file()}${where} could not be instrumented (${err?.message ?? err}); it runs as is and edits to it will not apply.`);
    return { ...result, format: 'module', source };
  }
}

/**
 * A JSON file of the program (`import … with { type: 'json' }`, or `require` where the hooks
 * see it): loaded untouched, as Node loads it; the runtime hears of it, with the text the
 * program's object was parsed from, and edits that object when the file changes.
 */
function afterLoadJson<R extends LoadResult>(url: string, result: R, state: LoaderState): R {
  if (result.source != null && shouldInstrument(url, 'module', state.config)) state.json?.(baseOf(url), decode(result.source));
  return result;
}

/**
 * A `.js` (or `.ts`) file that `require` loads from a package whose package.json says no
 * `"type"` (or that has none): Node decides its format after the hook, from its syntax (the
 * hook sees no format, or `typescript`). A file of the program without module syntax is
 * CommonJS, live as any other (the most common CommonJS program declares no type); one with
 * it is an ES module (require(esm)), live too.
 */
function afterLoadUntyped<R extends LoadResult>(url: string, result: R, state: LoaderState): R {
  if (!shouldInstrument(url, 'module', state.config)) return result;
  const source = decode(result.source!);
  const ts = result.format === 'typescript';
  // The decision is cached with the text it was made for: a warm start parses nothing.
  const key = `${fileURLToPath(baseOf(url))}?format`;
  let format = state.cache.get(key, source, false);
  if (format !== 'module' && format !== 'commonjs') {
    let js = source;
    if (ts)
      try {
        js = stripTypes(source);
      } catch (err) {
        if (!(err instanceof TypeScriptError)) throw err;
        return result; // Node's own loader fails with its error
      }
    format = 'commonjs';
    try {
      if (loaded(state.caps).hasModuleSyntax(js)) format = 'module';
    } catch (err) {
      if (err === PENDING) throw err; // (the instrumenter could not load: the CommonJS path says so)
    }
    state.cache.set(key, source, false, format);
  }
  if (format === 'module') return afterLoad(url, { ...result, format: ts ? 'module-typescript' : 'module', source }, state);
  return afterLoadCommonJs(url, { ...result, format: ts ? 'commonjs-typescript' : 'commonjs', source }, state);
}

/**
 * A CommonJS file of the program (docs/design.md §6). In-thread hooks see `require`: the
 * file is instrumented like an ES module, inside Node's wrapper (runtime/cjs.ts), its types
 * stripped first if it is TypeScript (`.cts`, a `.ts` outside `"type": "module"`). Hooks on
 * Node 20's thread see only the entry and files ES modules import, never `require`: the
 * runtime hears of it and says CommonJS is not live there.
 */
function afterLoadCommonJs<R extends LoadResult>(url: string, result: R, state: LoaderState): R {
  if (!shouldInstrument(url, 'module', state.config)) return result;
  if (!state.caps.inThreadHooks) {
    state.commonJsSeen?.(url);
    return result;
  }
  const file = fileURLToPath(baseOf(url));
  let source = result.source == null ? readText(file) : decode(result.source);
  if (source === undefined) return result;
  const ts = isCommonJsTypeScript(url, result.format) || isTypeScriptUrl(url);
  const { raw, origin } = originOf(url, file, ts ? 'commonjs-typescript' : result.format, source);
  if (raw) {
    try {
      source = stripTypes(source);
    } catch (err) {
      if (!(err instanceof TypeScriptError)) throw err;
      state.warn(`[limeade] ${file}:${err.line}:${err.column + 1} ${err.message}`);
      return result; // Node's own loader fails with its error
    }
  }
  // Its own cache entry: the same text in an ES module is instrumented differently.
  const key = `${file}?commonjs`;
  try {
    const cached = state.cache.get(key, source, false);
    const code = cached ?? instrumenter(state.caps)(source, 0, { url });
    if (cached === undefined) state.cache.set(key, source, false, code);
    state.report(url, source, origin);
    return { ...result, format: 'commonjs', source: tagHolders(code) };
  } catch (err: any) {
    const where = err?.line ? `:${err.line}:${err.column + 1}` : '';
    state.warn(`[limeade] ${file}${where} could not be instrumented (${err?.message ?? err}); it runs as is and edits to it will not apply.`);
    return { ...result, format: 'commonjs', source };
  }
}

/**
 * A refresh of a module another loader transforms asks for the chain's output of the new
 * text (`?limeade-source=N`): the runtime gets it, Node gets an empty module (a module
 * record is never freed, so it should hold nothing).
 */
function answerSourceRequest<R extends LoadResult>(url: string, result: R, state: LoaderState): R {
  state.report(url, result.source == null ? '' : decode(result.source));
  return { format: 'module', source: '', shortCircuit: true } as unknown as R;
}

function commonJsMessage(file: string): string {
  return `[limeade] ${file}: CommonJS TypeScript (.cts, or a CommonJS .ts outside a "type": "module" package) is not supported on Node ${process.version}: limeade's hooks see \`require\` only on Node 22.15 or later. It loads as Node loads it and edits to it are not applied. Run on Node 22.15 or later, or write it as an ES module (.mts, or "type": "module" in package.json).`;
}

/** A load that failed in the chain: CommonJS TypeScript on Node 20 ends here (unknown extension). */
function loadFailed(url: string, err: unknown, state: LoaderState): never {
  if (url.startsWith('file:') && isCommonJsTypeScript(url, null) && shouldInstrument(url, 'module', state.config)) {
    const message = commonJsMessage(fileURLToPath(baseOf(url)));
    state.warn(message);
    // Node 20: the warning crosses threads and may come after the program handled the error.
    if (err instanceof Error) err.message += `\n${message}`;
  }
  throw err;
}

/** `./x.js` that does not exist, written in a .ts file, may mean `./x.ts`. */
const siblingOf = (specifier: string, context: any, err: any): string | undefined =>
  err?.code === 'ERR_MODULE_NOT_FOUND' ? typeScriptSibling(specifier, context?.parentURL, (u) => existsSync(u)) : undefined;

type NextResolve = (specifier: string, context?: any) => any;
type NextLoad = (url: string, context?: any) => any;

/** Synchronous hooks for `module.registerHooks` (Node ≥ 22.15, in-thread). */
export function syncHooks(state: LoaderState) {
  const resolve = (specifier: string, context: any, next: NextResolve): any => {
    try {
      return next(specifier, context);
    } catch (err) {
      const alt = siblingOf(specifier, context, err);
      if (alt === undefined) throw err;
      return next(alt, context);
    }
  };
  const load = (url: string, context: any, next: NextLoad): any => {
    if (state.facade && facadeRequestOf(url)) return { format: 'module', source: state.facade.source(baseOf(url)), shortCircuit: true };
    try {
      return next(url, context);
    } catch (err) {
      return loadFailed(url, err, state);
    }
  };
  return {
    resolve: (specifier: string, context: any, next: NextResolve) => afterResolve(resolve(specifier, context, next), state, context),
    load: (url: string, context: any, next: NextLoad) => (facadeRequestOf(url) ? load(url, context, next) : afterLoad(url, load(url, context, next), state)),
  };
}

/** Asynchronous hooks for `module.register` (Node 20, off-thread). */
export function asyncHooks(state: LoaderState) {
  const resolve = async (specifier: string, context: any, next: NextResolve): Promise<any> => {
    try {
      return await next(specifier, context);
    } catch (err) {
      const alt = siblingOf(specifier, context, err);
      if (alt === undefined) throw err;
      return next(alt, context);
    }
  };
  const load = async (url: string, context: any, next: NextLoad): Promise<any> => {
    try {
      return await next(url, context);
    } catch (err) {
      return loadFailed(url, err, state);
    }
  };
  return {
    resolve: async (specifier: string, context: any, next: NextResolve) => afterResolve(await resolve(specifier, context, next), state),
    load: async (url: string, context: any, next: NextLoad) => {
      const result = await load(url, context, next);
      try {
        return afterLoad(url, result, state);
      } catch (err) {
        if (err !== PENDING) throw err;
        await loadInstrumenter();
        return afterLoad(url, result, state);
      }
    },
  };
}
