/**
 * The JavaScript of a module's new text, made the way the loader made the running version's
 * (a refresh reads the file itself and never goes through the loader; README "Decisions"):
 *
 * - the file's own text (plain JavaScript): as is;
 * - TypeScript the loader stripped: stripped the same way (loader/typescript.ts), in place;
 * - another loader's output (tsx, …): its transform cannot run here, so the chain is asked
 *   for it: `import(url?limeade-source=N)` runs every loader on the file as it is now, and
 *   limeade's load hook, which comes first and sees the chain's answer, hands that JavaScript
 *   back (`Sources.reported`) and gives Node an empty module.
 *
 * What the loader made last is remembered by text, so a refresh of every module converts
 * only files whose text changed.
 */
import type { Origin } from '../loader/hooks.js';
import { sourceRequestOf, withSourceRequest } from '../loader/url.js';
import { needsTransform, TSX_HINT } from '../loader/typescript.js';
import type { ModuleRecord, Registry } from './registry.js';

interface Made extends Origin {
  js: string;
}

export interface SourceFailure {
  message: string;
  line: number;
  column: number;
  /** TypeScript that needs a transform, which the running Node applies (--experimental-transform-types): a restart runs it. */
  transformed?: boolean;
}

/** The chain answers within a load; this is only a guard against waiting forever. */
const REQUEST_TIMEOUT_MS = 10_000;

/** What the loader reported about modules' JavaScript, and the source requests waiting for it. One per runtime. */
export class Sources {
  /** By module URL: the last text converted and its JavaScript. */
  readonly #made = new Map<string, Made>();
  /** By request URL: who waits for the chain's answer. */
  readonly #waiting = new Map<string, (source: string) => void>();
  #requests = 0;
  /** The text that could not be converted, and why (the plan phase reports it as the refresh's error). */
  readonly #failures = new WeakMap<ModuleRecord, { text: string; error: SourceFailure }>();

  constructor(private readonly registry: Registry) {}

  /** Every source the loader reports (loader/register.ts): a module's first JavaScript, or an answer to a request. */
  reported(url: string, source: string, origin?: Origin): void {
    if (sourceRequestOf(url)) {
      this.#waiting.get(url)?.(source);
      this.#waiting.delete(url);
      return;
    }
    this.registry.reportSource(url, source);
    if (origin) this.#made.set(url, { ...origin, js: source });
    if (origin?.kind === 'typescript') wrote(url, source, origin.text);
  }

  /**
   * The read phase's JavaScript for `text`, the file's content. When it cannot be made (a
   * TypeScript syntax error, syntax that needs a transform, the other loader failed), `text`
   * itself, and failureOf says why.
   */
  async javaScriptOf(record: ModuleRecord, text: string, importModule: (url: string) => Promise<unknown>): Promise<string> {
    const made = this.#made.get(record.url);
    // Blank is blank in every transform (and an editor's truncate-then-write is no request).
    if (!made || !text.trim()) return text;
    if (made.text === text) return made.js;
    if (this.#failures.get(record)?.text === text) return text;
    this.#failures.delete(record);
    try {
      const js = made.kind === 'typescript' ? (await import('../loader/typescript.js')).stripTypes(text) : await this.#fromChain(record.url, importModule);
      made.text = text;
      made.js = js;
      if (made.kind === 'typescript') wrote(record.url, js, text);
      return js;
    } catch (err) {
      this.#failures.set(record, { text, error: describe(err, record) });
      return text;
    }
  }

  failureOf(record: ModuleRecord, text: string): SourceFailure | undefined {
    const f = this.#failures.get(record);
    return f && f.text === text ? f.error : undefined;
  }

  async #fromChain(url: string, importModule: (url: string) => Promise<unknown>): Promise<string> {
    const request = withSourceRequest(url, ++this.#requests);
    let timer: NodeJS.Timeout | undefined;
    // Node 20: the answer crosses from the hooks thread on limeade's port, and may arrive
    // after the import settled; with in-thread hooks it is there before.
    const answer = new Promise<string>((resolve, reject) => {
      this.#waiting.set(request, resolve);
      timer = setTimeout(() => reject(new Error(`the loader chain did not answer for ${url} (a limeade bug)`)), REQUEST_TIMEOUT_MS);
    });
    try {
      await importModule(request);
      return await answer;
    } finally {
      clearTimeout(timer);
      this.#waiting.delete(request);
    }
  }
}

function describe(err: any, record: ModuleRecord): SourceFailure {
  // (Found by session 18's review: an enum an edit added under --experimental-transform-types was called a syntax error.)
  if (err?.unsupported && (process.features as { typescript?: unknown }).typescript === 'transform')
    return {
      message: `${needsTransform(String(err.message))}: Node transforms this file (--experimental-transform-types), but limeade only strips types, so this edit is not applied until the program restarts; ${TSX_HINT} and have such edits applied`,
      line: err.line,
      column: err.column,
      transformed: true,
    };
  if (typeof err?.line === 'number' && typeof err?.column === 'number') return { message: err.message, line: err.line, column: err.column };
  // Other loaders' errors name the place as `file:line:column` in their message (esbuild, via tsx).
  const text = String(err?.message ?? err);
  const m = new RegExp(`${escape(record.file)}:(\\d+):(\\d+):\\s*(?:ERROR:\\s*)?(.*)`).exec(text);
  const message = `${err?.name ?? 'Error'}: ${m?.[3] || text.split('\n')[0]}`;
  return m ? { message, line: Number(m[1]), column: Number(m[2]) } : { message, line: 1, column: 0 };
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * TypeScript's text by the JavaScript it was stripped to (the same lines and columns: types
 * become spaces), the last of each module: a frame shows the line as the user wrote it
 * (runtime/report.ts codeFrame).
 */
const written = new Map<string, string>();
const writtenByUrl = new Map<string, string>();

function wrote(url: string, js: string, text: string): void {
  const before = writtenByUrl.get(url);
  if (before !== undefined && before !== js) written.delete(before);
  writtenByUrl.set(url, js);
  if (js !== text) written.set(js, text);
}

/** The text the user wrote, for JavaScript made from it (stripped TypeScript); else `js` itself. */
export function asWritten(js: string): string {
  return written.get(js) ?? js;
}
