/**
 * What the running Node offers limeade, decided here and nowhere else: one frozen table,
 * made once per thread by `capabilities()` and handed to whoever acts on it (register.ts
 * picks the hook kind, the loader state carries it to the hooks, typescript.ts picks its
 * stripper). `capabilitiesOf` makes a table from a pretend `node:module`, `process` and
 * environment, so a test can ask what limeade would do on a Node it is not running on.
 *
 * Functions in the table cannot cross a MessagePort: Node 20's hooks thread makes its own
 * table (the same Node, the same answers) when hooks-thread.ts starts.
 *
 * Not entries, because nothing is decided: `process.getBuiltinModule` (Node ≥ 20.16, the
 * `engines` floor; cache.ts, hooks.ts and runtime/report.ts use it to get the CommonJS
 * `node:fs` without its ES facade) and `module.register` (Node ≥ 20.6: always there, the
 * fallback when `inThreadHooks` is not).
 *
 * Imported by `limeade/register`, so it loads nothing: `node:module` is already loaded.
 */
import * as nodeModule from 'node:module';

/** `module.registerHooks` (resolve/load hooks that run in the calling thread). */
export type RegisterHooks = (hooks: { resolve?: unknown; load?: unknown }) => unknown;

/** `module.stripTypeScriptTypes`, as limeade calls it. */
export type BuiltinTypeStripper = (code: string, options: { mode: 'strip' }) => string;

export interface Capabilities {
  /**
   * `module.registerHooks` when limeade's hooks run in-thread and synchronously; undefined
   * when they run on Node's hooks thread through `module.register`, talking to the runtime
   * over a MessagePort (docs/design.md §4.5). `registerHooks` is in Node ≥ 22.15 and 23.5; Node 20
   * has only `module.register`. In-thread hooks cost ~3 ms fixed at start-up against ~40 ms
   * for the hooks thread, and see `require` too. `LIMEADE_HOOKS=register` forces the hooks
   * thread where both exist.
   *
   * Preferred wherever it exists also because `module.register` is deprecated (DEP0205,
   * nodejs/node#62395): at run time from Node 26, where calling it prints a
   * DeprecationWarning. limeade must not make Node print one: on Node 26 and later,
   * `module.register` is reached only when `LIMEADE_HOOKS=register` asks for it.
   */
  readonly inThreadHooks: RegisterHooks | undefined;
  /**
   * ES modules can be loaded with `require()` (`process.features.require_module`: Node ≥
   * 20.19 and 22.12 by default). The instrumenter (~23 ms to load) is loaded on the first
   * module the disk cache does not have: synchronously where this holds, otherwise the
   * asynchronous load hook `import()`s it and tries again (loader/hooks.ts).
   */
  readonly requireModule: boolean;
  /**
   * Node loads .ts itself, as format `module-typescript` (`process.features.typescript`,
   * `'strip'` or `'transform'`: 22.18+ and 23.6+ by default, 22.6+ with
   * `--experimental-strip-types`, off with `--no-experimental-strip-types`; the feature
   * itself is in 22.10+, so 22.6–22.9 read false). Where it does not, the resolve hook gives
   * .ts files the format `module` and the load hook strips their types.
   */
  readonly nodeStripsTypes: boolean;
  /**
   * `module.stripTypeScriptTypes` (Node ≥ 22.13 and 23.2; its own bundled amaro, 1.1.x), or
   * undefined: then the `amaro` package (0.1.x) is loaded on the first .ts file. Measured
   * in loader/typescript.ts: the built-in strips twice as fast and starts sooner.
   */
  readonly builtinTypeStripper: BuiltinTypeStripper | undefined;
}

/** The parts of `node:module` the table reads (neither is in @types/node 20's typings). */
export interface ModuleLike {
  readonly registerHooks?: unknown;
  readonly stripTypeScriptTypes?: unknown;
}

/** The parts of `process` the table reads. */
export interface ProcessLike {
  readonly features: { readonly require_module?: boolean; readonly typescript?: unknown };
}

/** The table for a given `node:module`, `process` and environment. */
export function capabilitiesOf(module: ModuleLike, proc: ProcessLike, env: Readonly<Record<string, string | undefined>>): Capabilities {
  const registerHooks = typeof module.registerHooks === 'function' ? (module.registerHooks as RegisterHooks) : undefined;
  const strip = typeof module.stripTypeScriptTypes === 'function' ? (module.stripTypeScriptTypes as BuiltinTypeStripper) : undefined;
  return Object.freeze({
    inThreadHooks: env.LIMEADE_HOOKS === 'register' ? undefined : registerHooks,
    requireModule: !!proc.features.require_module,
    nodeStripsTypes: !!proc.features.typescript,
    builtinTypeStripper: strip,
  });
}

let made: Capabilities | undefined;

/** The table for the running Node, made on first use in this thread. */
export function capabilities(): Capabilities {
  return (made ??= capabilitiesOf(nodeModule as ModuleLike, process, process.env));
}
