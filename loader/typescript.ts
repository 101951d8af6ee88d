/**
 * TypeScript without a transform: types are replaced by whitespace, so every line and column
 * of the JavaScript is where it is in the .ts file (stack traces and limeade's patches need
 * no source map). Shared by the loader (first load) and the runtime (each refresh), so both
 * produce the same JavaScript for the same text.
 *
 * Which stripper, chosen by the capability table (loader/capabilities.ts):
 * - Node ≥ 22.13 has `module.stripTypeScriptTypes` (its own bundled amaro, 1.1.x);
 * - older Node (20) gets the `amaro` package (0.1.x), loaded on the first .ts file.
 * Measured on rxjs/src (251 files, 814 KB), median of 5 runs, 2 cores: the built-in strips at
 * 14 MB/s on Node 22.23 and 24.21 (first call 52 ms), the package at 5.5–7.2 MB/s (Node 20:
 * 5.5; 22: 6.7; 24: 7.2) after 62–78 ms to load its 3.5 MB. The built-in is twice as fast and
 * starts sooner, so it wins where it exists. Its errors carry no position: on that (rare)
 * path the package is loaded to find the line and column.
 */
import { createRequire } from 'node:module';
import { capabilities, type BuiltinTypeStripper, type Capabilities } from './capabilities.js';

/**
 * Node can load .ts itself (format `module-typescript`). The loader reads this from its
 * state's table; kept for callers outside it.
 */
export const nodeStripsTypes = capabilities().nodeStripsTypes;

type Strip = (source: string) => string;
let amaro: { transformSync(code: string, options: object): { code: string } } | undefined;

function amaroStrip(source: string): string {
  amaro ??= createRequire(import.meta.url)('amaro') as NonNullable<typeof amaro>;
  return amaro.transformSync(source, { mode: 'strip-only' }).code;
}

/** Node's built-in prints an ExperimentalWarning on first use: not the program's business. */
function quietly(builtin: BuiltinTypeStripper): Strip {
  return (source) => {
    const emit = process.emitWarning;
    process.emitWarning = ((warning: string | Error, ...rest: any[]) => {
      if (!String(warning).includes('stripTypeScriptTypes')) (emit as any).call(process, warning, ...rest);
    }) as typeof process.emitWarning;
    try {
      return builtin(source, { mode: 'strip' });
    } finally {
      process.emitWarning = emit;
    }
  };
}

/** The stripper a table chooses: Node's built-in where there is one, else the package. */
export function stripperFor(caps: Capabilities): Strip {
  return caps.builtinTypeStripper ? quietly(caps.builtinTypeStripper) : amaroStrip;
}

/**
 * One stripper per thread, from the thread's own table: the loader (first load) and the
 * runtime (each refresh) must make the same JavaScript of the same text.
 */
let strip: Strip | undefined;

/** What a TypeScript file cannot be loaded with here: its construct and where. */
export class TypeScriptError extends Error {
  constructor(
    message: string,
    /** 1-based. */
    readonly line: number,
    /** 0-based. */
    readonly column: number,
    /** Syntax that needs a real transform (enum, namespace, parameter property, `import =`). */
    readonly unsupported: boolean,
  ) {
    super(message);
  }
}

export const TSX_HINT = 'run the program with `node --import tsx --import limeade/register` to use it';

/**
 * What syntax that needs a transform is called where the running Node transforms it
 * (--experimental-transform-types): `TypeScript enum needs a transform`, from its error's
 * "… is not supported: it needs a transform …".
 */
export const needsTransform = (message: string): string => message.replace(/ is not supported: it needs a transform.*$/, ' needs a transform');

/**
 * The JavaScript of a TypeScript module: the same text with its types blanked out.
 * @throws TypeScriptError for a syntax error or syntax that needs a transform.
 */
export function stripTypes(source: string): string {
  strip ??= stripperFor(capabilities());
  try {
    return strip(source);
  } catch (err) {
    throw describe(err, source);
  }
}

function describe(err: unknown, source: string): TypeScriptError {
  let text = typeof err === 'string' ? err : String((err as Error)?.message ?? err);
  // amaro (the package) throws swc's rendered diagnostic: the message, then the code with
  // `N | line` rows and a `: ^^^` row under the construct. The built-in gives only the message.
  if (typeof err !== 'string') {
    try {
      amaroStrip(source);
    } catch (located) {
      if (typeof located === 'string') text = located;
    }
  }
  const message = (/^\s*x (.+)$/m.exec(text)?.[1] ?? text.split('\n')[0] ?? 'invalid TypeScript').trim();
  let line = 1;
  let column = 0;
  const rows = text.split('\n');
  const caret = rows.findIndex((r) => /^\s*: *\^/.test(r));
  const spanning = rows.map((r) => /^\s*(\d+) \| ,-> /.exec(r)).find(Boolean);
  // The snippet's header, `,-[7:3]`: where swc places the error when no row marks it (the end of the file).
  const header = rows.map((r) => /^\s*,-\[(\d+):(\d+)\]/.exec(r)).find(Boolean);
  if (caret > 0) {
    const numbered = /^\s*(\d+) \| /.exec(rows[caret - 1]!);
    const row = rows[caret]!;
    if (numbered) line = Number(numbered[1]);
    // Several marks on the row: a labelled one (`^|`, its label on the rows below: "Tried to parse
    // the condition for an if statement") is context; the error's own is the one without.
    const marks = [...row.matchAll(/\^+(\|?)/g)];
    const mark = marks.find((m) => !m[1]) ?? marks[0]!;
    column = Math.max(0, mark.index! - (row.indexOf(':') + 2));
  } else if (spanning) {
    // A construct over several lines is marked from its first line (`,->`), without a column.
    line = Number(spanning[1]);
    column = Math.max(0, source.split('\n')[line - 1]?.search(/\S/) ?? 0);
  } else if (header) {
    line = Number(header[1]);
    column = Math.max(0, Math.min(Number(header[2]) - 1, source.split('\n')[line - 1]?.length ?? 0));
  }
  const unsupported = /not supported in strip-only mode/.test(message);
  return new TypeScriptError(unsupported ? `${message.replace(/ in strip-only mode$/, '')}: it needs a transform, not just type stripping; ${TSX_HINT}` : `SyntaxError: ${message}`, line, column, unsupported);
}

const TS_PATH = /\.m?ts$/;

/** A TypeScript ES module by its URL (`.ts`, `.mts`; the query does not count). */
export function isTypeScriptUrl(url: string): boolean {
  return TS_PATH.test(url.replace(/[?#].*$/, ''));
}

export function isCommonJsTypeScript(url: string, format: string | null | undefined): boolean {
  return format === 'commonjs-typescript' || /\.cts$/.test(url.replace(/[?#].*$/, ''));
}

/**
 * `./x.js` written in a .ts file means `./x.ts` when only that exists (TypeScript's own
 * resolution): the specifier to try instead, or undefined.
 */
export function typeScriptSibling(specifier: string, parentURL: string | undefined, exists: (url: URL) => boolean): string | undefined {
  if (!parentURL || !isTypeScriptUrl(parentURL)) return undefined;
  if (!/^(\.{1,2}\/|\/|file:)/.test(specifier)) return undefined;
  const m = /\.(m?)js(?=$|[?#])/.exec(specifier);
  if (!m) return undefined;
  const alt = `${specifier.slice(0, m.index)}.${m[1]}ts${specifier.slice(m.index + m[0].length)}`;
  try {
    return exists(new URL(alt, parentURL)) ? alt : undefined;
  } catch {
    return undefined;
  }
}
