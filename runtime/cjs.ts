/**
 * CommonJS modules (docs/design.md §6). Where `module.registerHooks` sees `require` (Node ≥
 * 22.15), the loader instruments a CommonJS file as it does an ES module, inside Node's
 * module wrapper (loader/instrument.ts `CommonJsTarget`): the prologue hands the runtime the
 * wrapper's `module` and `require`, and everything else — holders, guards, handles, inline
 * functions, classes, the home scope hook — is the ES module machinery unchanged. Two things
 * differ, and are here:
 *
 * - **`module.exports = { … }` keeps its object** (runtime/cjs-exports.ts).
 * - **A version is evaluated here, not imported.** Node caches a CommonJS module by its file
 *   and `import('./x.cjs?limeade=N')` returns that cached module without evaluating anything
 *   (measured on 22.23, 24.21 and 26.12). A re-import (docs/design.md §3.6) of a CommonJS
 *   module compiles its instrumented new text with the wrapper's parameters and calls it
 *   with the module's own `exports`, `require` and `module` (`compileCommonJsVersion`), at
 *   the module's turn in the refresh: after the modules it requires have evaluated their
 *   changes, as in a fresh process (`const { a, b } = require('./m')` reads a key the same
 *   refresh adds to `./m`).
 *
 * Without synchronous hooks (Node 20, or `LIMEADE_HOOKS=register`) `require` never reaches
 * limeade's hooks: `CommonJsNotLive` says so once at start-up, and a refresh that finds an
 * edited CommonJS file says it was not applied.
 */
import { versionOf } from '../loader/url.js';
import { tagHolders } from '../loader/contract.js';
import type { ModuleRecord } from './registry.js';
import { rel, type RefreshReport } from './report.js';
import type { Sources } from './source.js';
// (node:fs as in cache.ts: the CommonJS module, not its ES facade, which costs start-up time.)
const { readFileSync, statSync } = process.getBuiltinModule('node:fs');
const { dirname } = process.getBuiltinModule('node:path');

type Instrument = (typeof import('../loader/instrument.js'))['instrument'];
const WRAPPER_PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname'];

/**
 * Version `url` (`…/x.cjs?limeade=N`) of a CommonJS module, ready to run: `text`, the file's
 * content, made JavaScript as the loader made the running one's (types stripped),
 * instrumented as that version and compiled with the wrapper's parameters. Calling the
 * result runs it, synchronously, with the module's own `exports`, `require` and `module`
 * (`this` is `exports`, as in Node's wrapper); the version's gates decide which statements
 * run (docs/design.md §3.6). What it throws is the program's. A refresh compiles first and
 * runs at the module's turn, after what the modules it requires evaluate (runtime/evaluate.ts).
 */
export async function compileCommonJsVersion(record: ModuleRecord, url: string, text: string, sources: Sources, importModule: (url: string) => Promise<unknown>): Promise<() => void> {
  const scope = record.commonjs;
  if (!scope) throw new Error(`${rel(record.file)} is not a CommonJS module limeade loaded (a limeade bug)`);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const source = await sources.javaScriptOf(record, text, importModule);
  const instrument: Instrument = (await import('../loader/instrument.js')).instrument;
  const code = tagHolders(instrument(source, versionOf(url), { url }));
  const vm = process.getBuiltinModule('node:vm');
  // `import()` inside the version resolves as in the file itself (Node ≥ 21.7's default loader).
  const fn = vm.compileFunction(code, WRAPPER_PARAMETERS, {
    filename: record.file,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  } as Parameters<typeof vm.compileFunction>[2]);
  return () => {
    const exports = scope.module.exports;
    fn.call(exports, exports, scope.require, scope.module, record.file, dirname(record.file));
  };
}

/** Compiles version `url` of a CommonJS module from its file (compileCommonJsVersion) and runs it now. */
export async function evaluateCommonJsVersion(record: ModuleRecord, url: string, sources: Sources, importModule: (url: string) => Promise<unknown>): Promise<void> {
  (await compileCommonJsVersion(record, url, readFileSync(record.file, 'utf8'), sources, importModule))();
}

/**
 * Without synchronous hooks `require` never reaches limeade (docs/design.md §6): the
 * program's own CommonJS files (the entry, files ES modules import, files found in
 * `require.cache`) are watched, said once at start-up not to be live, and a refresh that
 * finds one edited says its edit was not applied — never `ok: true` with nothing done.
 */
export class CommonJsNotLive {
  /**
   * The text each file had when first seen: an edit is a text that differs. Undefined: the
   * file had changed since the process started when it was first seen (a sweep can come after
   * an edit), so what runs is unknown and any text counts as an edit.
   */
  readonly #texts = new Map<string, string | undefined>();
  /** The last text of each file a refresh already reported (the watcher's re-check reports nothing new). */
  readonly #reported = new Map<string, string>();
  #said = false;
  #swept = false;

  constructor(
    private readonly deps: {
      isOwn(file: string): boolean;
      watch(file: string): void;
      /** Logged with the `[limeade]` prefix (runtime/report.ts Logger). */
      warn(message: string): void;
      cache(): Record<string, unknown>;
    },
  ) {}

  /** The loader saw `file` load as CommonJS; files it requires are looked for in `require.cache` next turn. */
  seen(file: string): void {
    if (this.#texts.has(file) || !this.deps.isOwn(file)) return;
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
      if (statSync(file).mtimeMs > performance.timeOrigin) text = undefined;
    } catch {
      return;
    }
    this.#texts.set(file, text);
    this.deps.watch(file);
    if (!this.#said) {
      this.#said = true;
      this.deps.warn(
        `${rel(file)}:1:1 is CommonJS, which is not live on Node ${process.version}: \`require\` reaches limeade's loader hooks only through \`module.registerHooks\` (Node ≥ 22.15). CommonJS files run as loaded and an edit to one needs a restart; ES modules (.mjs, or "type": "module") are live. Run on Node 22.15 or later to make CommonJS live too.`,
      );
    }
    // Files the seen one requires: next turn, and later (an entry the ES module loader
    // runs may start after the loader's message arrived).
    if (!this.#swept) {
      this.#swept = true;
      setImmediate(() => this.sweep()).unref();
      for (const ms of [50, 500, 2000]) setTimeout(() => this.sweep(), ms).unref();
    }
  }

  /** The program's CommonJS files Node loaded that the loader did not see (required from CommonJS). */
  sweep(): void {
    for (const file of Object.keys(this.deps.cache())) if (/\.c?[jt]s$/.test(file)) this.seen(file);
  }

  /** A refresh's report, with what it could not apply: edited CommonJS files among `files` (all when undefined). */
  check(report: RefreshReport, files: ReadonlySet<string> | undefined): RefreshReport {
    if (this.#texts.size) this.sweep();
    const edited: string[] = [];
    for (const [file, text] of this.#texts) {
      if (files && !files.has(file)) continue;
      let now: string;
      try {
        now = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      if (now === text || (files && this.#reported.get(file) === now)) continue;
      this.#reported.set(file, now);
      edited.push(file);
    }
    if (!edited.length) return report;
    const others = edited.length > 1 ? ` (and ${edited.slice(1).map(rel).join(', ')})` : '';
    const message = `CommonJS is not live on Node ${process.version}: this edit${others} was not applied, and the code loaded at start-up keeps running. Restart the program to run it, or run on Node 22.15 or later, where CommonJS files are live.`;
    if (report.ok && !report.modules.length)
      return { ok: false, modules: [], durationMs: report.durationMs, error: { kind: 'declined', file: rel(edited[0]!), line: 1, column: 0, message, frame: '' } };
    this.deps.warn(`${rel(edited[0]!)}:1:1 ${message}`);
    return report;
  }
}
