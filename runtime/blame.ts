/**
 * Whose fault a failed refresh is, and where: the program's (its new text does not parse,
 * or its code threw: file, line and column in the edited file), the file system's (the
 * module's file vanished while it was re-imported), or limeade's own (a bug: said as one).
 * Decided by where the error was raised, never by reading stack traces: program code runs
 * through `runProgram` (runtime/ops.ts), dispose callbacks' errors are DisposeCallbackError,
 * registry calls made while a module evaluates mark their errors as limeade's.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { instrumented } from '../loader/instrument.js';
import { baseOf, versionOf, withVersion } from '../loader/url.js';
import { evalColumn, originalColumn, untagged } from './positions.js';
import { holderPrefixes, type ModuleRecord } from './registry.js';
import { codeFrame, rel, type RefreshError } from './report.js';
import { DisposeCallbackError } from './hot-dispose.js';
import { ProgramError } from './ops.js';
import { isLimeadeBug } from './own-errors.js';

/** Raised inside a phase: carries where in which file it went wrong. */
export class PhaseError extends Error {
  constructor(readonly error: RefreshError) {
    super(error.message);
  }
}


/** The file system codes that mean a module's file could not be read (not a program error, not a limeade bug). */
const FILE_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EMFILE', 'ENFILE', 'EIO', 'EBUSY', 'ELOOP', 'ERR_MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT']);

export interface Culprit {
  record: ModuleRecord;
  source: string;
  /** (A re-import: its CommonJS version's frames name the file's path.) */
  plan?: { shape?: string | null | undefined };
}

/**
 * An error of the evaluate phase for module `w` (`importing`: while its new version loaded): the program's code threw
 * (ProgramError, a dispose callback, or anything an import of the new version raised that
 * limeade did not mark as its own), the module's own file could not be read by the loader,
 * or limeade failed.
 */
export function classify(err: unknown, w: Culprit | undefined, importing: boolean, isFile: (file: string) => boolean, records: Records = () => undefined): PhaseError {
  if (!w) return new PhaseError(internalError(err, undefined));
  if (err instanceof ProgramError) return evaluationError(err.cause, w, records);
  if (err instanceof DisposeCallbackError) return evaluationError(err, w, records);
  if (!importing || isLimeadeBug(err)) return new PhaseError(internalError(err, w.record));
  const e = err as NodeJS.ErrnoException;
  const code = typeof e?.code === 'string' ? e.code : '';
  const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_UNSUPPORTED_DIR_IMPORT' || code === 'ENOENT';
  // About this module's own file (the program's code may fail to read other files).
  const ours = e?.path === w.record.file || [w.record.file, w.record.url].some((f) => String(e?.message).includes(f));
  if (FILE_CODES.has(code) && ours && (!missing || !isFile(w.record.file))) {
    const file = rel(w.record.file);
    const pe = located('evaluation', file, w.source, 1, 0, `could not read ${file} while applying the edit (${code}: ${e.message}); save it again once it is readable`);
    if (e.stack) pe.error.stack = e.stack;
    return pe;
  }
  return evaluationError(err, w, records);
}

export function located(kind: RefreshError['kind'], file: string, source: string, line: number, column: number, message: string): PhaseError {
  return new PhaseError({ kind, file, line, column, message, frame: codeFrame(source, line, column) });
}

/**
 * Where in the edited file the error was thrown: the first stack frame in that file (the
 * column the user wrote, runtime/positions.ts), else where the caller said the failing code
 * is (`failedAt`). When the error was thrown in another file (a module the new code
 * requires throws at its top level), the message says where.
 */
function evaluationError(err: unknown, w: Culprit, records: Records): PhaseError {
  const e = err as Error;
  const stack = String(e?.stack ?? '');
  const frames = stackFrames(stack);
  const { url, file } = w.record;
  const own = frames.find((f) => f.location === url || f.location === file || baseOf(f.location) === url);
  const fallback = failedAt.get(e as object);
  const line = own?.line ?? fallback?.line ?? 1;
  const column = own ? userColumn(own.location, own.line, own.column - 1, w, records) : (fallback?.column ?? 0);
  let message = e instanceof Error ? `${e.name}: ${e.message}` : `thrown: ${String(err)}`;
  const top = frames[0];
  if (top && top !== own) {
    const path = top.location.startsWith('file:') ? fileURLToPath(baseOf(top.location)) : top.location;
    message += ` (thrown at ${rel(path)}:${top.line}:${userColumn(top.location, top.line, top.column - 1, w, records) + 1})`;
  }
  const pe = located('evaluation', rel(w.record.file), w.source, line, column, message);
  pe.error.stack = stack;
  return pe;
}

/** Where the program's code that threw `err` is, when its stack cannot say (a module a new import declaration loads: the declaration). */
const failedAt = new WeakMap<object, { line: number; column: number }>();

export function failedHere<T>(err: T, line: number, column: number): T {
  if (err && typeof err === 'object' && !failedAt.has(err)) failedAt.set(err, { line, column });
  return err;
}

interface Frame {
  location: string;
  line: number;
  column: number;
}

/** limeade's own files (dist/): never the program's place. */
const OWN = new URL('..', import.meta.url).href;
const OWN_PATH = fileURLToPath(OWN);

/** The stack's frames in files (not Node's own, not limeade's), top first. */
function stackFrames(stack: string): Frame[] {
  const out: Frame[] = [];
  for (const text of stack.split('\n')) {
    const m = /^\s+at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/.exec(text);
    if (!m) continue;
    const location = m[1]!.replace(/^async /, '');
    if (!/^(?:file:\/\/|\/|[A-Za-z]:\\)/.test(location) || location.startsWith(OWN) || location.startsWith(OWN_PATH)) continue;
    out.push({ location, line: Number(m[2]), column: Number(m[3]) });
  }
  return out;
}

/**
 * The column (0-based) the user wrote for `column` of a frame on `line` of `location`. Code a
 * refresh compiled there (runtime/framing.ts) has the file's columns, but where it was given
 * longer names and on line 1 (positions.ts evalColumn). Otherwise the frame is the module's own code, as
 * the loader instrumented it: made again, from the text of that version, for its map. An ES
 * module's frames name their version (`?limeade=N`); a CommonJS version runs under the file's
 * path (runtime/cjs.ts), its newest. `w` is being re-imported: its newest version is `w.source`.
 */
function userColumn(location: string, line: number, column: number, w: Culprit, records: Records): number {
  // (Eval code's frames name its sourceURL as it is; a CommonJS module's own, the file's path.)
  const compiled = evalColumn(location, line, column);
  if (compiled !== undefined) return compiled;
  const url = location.startsWith('file:') ? baseOf(location) : pathToFileURL(location).href;
  const record = url === w.record.url ? w.record : records(url);
  if (!record) return column;
  const commonjs = !!record.commonjs;
  const version = commonjs ? record.version : versionOf(location);
  if (version !== record.version) return column; // a version replaced since: its text is gone
  const text = record === w.record && w.plan?.shape ? w.source : record.liveText;
  if (text === undefined) return column;
  try {
    const ms = instrumented(text, version, commonjs ? { url: version ? withVersion(record.url, version) : record.url } : undefined);
    const lines = ms.generateDecodedMap({ hires: true }).mappings;
    return originalColumn(lines, line, untagged(ms.toString(), line, column, holderPrefixes.get(record)));
  } catch {
    return column;
  }
}

/** The program's module records, by URL. */
export type Records = (url: string) => ModuleRecord | undefined;

export function internalError(err: unknown, record: ModuleRecord | undefined): RefreshError {
  const e = err as Error;
  return {
    kind: 'internal',
    file: record ? rel(record.file) : '(limeade)',
    line: 1,
    column: 0,
    message: `internal error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(err)}`,
    frame: String(e?.stack ?? ''),
    ...(e?.stack ? { stack: e.stack } : {}),
  };
}
