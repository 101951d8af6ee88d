/**
 * Whose fault a failed refresh is, and where: the program's (its new text does not parse,
 * or its code threw: file, line and column in the edited file), the file system's (the
 * module's file vanished while it was re-imported), or limeade's own (a bug: said as one).
 * Decided by where the error was raised, never by reading stack traces: program code runs
 * through `runProgram` (runtime/ops.ts), dispose callbacks' errors are DisposeCallbackError,
 * registry calls made while a module evaluates mark their errors as limeade's.
 */
import type { ModuleRecord } from './registry.js';
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
}

/**
 * An error of the evaluate phase for module `w` (`importing`: while its new version loaded): the program's code threw
 * (ProgramError, a dispose callback, or anything an import of the new version raised that
 * limeade did not mark as its own), the module's own file could not be read by the loader,
 * or limeade failed.
 */
export function classify(err: unknown, w: Culprit | undefined, importing: boolean, isFile: (file: string) => boolean): PhaseError {
  if (!w) return new PhaseError(internalError(err, undefined));
  if (err instanceof ProgramError) return evaluationError(err.cause, w);
  if (err instanceof DisposeCallbackError) return evaluationError(err, w);
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
  return evaluationError(err, w);
}

export function located(kind: RefreshError['kind'], file: string, source: string, line: number, column: number, message: string): PhaseError {
  return new PhaseError({ kind, file, line, column, message, frame: codeFrame(source, line, column) });
}

/** Where in the edited file the error was thrown: the first stack frame in that file. */
function evaluationError(err: unknown, w: Culprit): PhaseError {
  const e = err as Error;
  const stack = String(e?.stack ?? '');
  const url = w.record.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${url}(?:\\?[^:]*)?:(\\d+):(\\d+)`).exec(stack);
  const line = m ? Number(m[1]) : 1;
  const column = m ? Number(m[2]) - 1 : 0;
  const message = e instanceof Error ? `${e.name}: ${e.message}` : `thrown: ${String(err)}`;
  const pe = located('evaluation', rel(w.record.file), w.source, line, column, message);
  pe.error.stack = stack;
  return pe;
}

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
