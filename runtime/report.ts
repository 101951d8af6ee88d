/**
 * The one result type of a refresh and the one place that logs it (docs/design.md §2.8).
 */
import { relative, sep } from 'node:path';
import { asWritten } from './source.js';
// (node:fs as in cache.ts: the CommonJS module, not its ES facade, which costs start-up time.)
const { readFileSync } = process.getBuiltinModule('node:fs');

export interface ModuleReport {
  /** Path relative to the working directory. */
  file: string;
  /** `patch`: changed code compiled into the live module; `reimport`: its shape changed. */
  path: 'patch' | 'reimport';
  /** Why a re-import was needed. */
  reason?: string;
  /** Functions, classes, members and values that now run or hold the new version. */
  updated: string[];
  /** Declarations whose text did not change, evaluated again because they read a value that did (docs/design.md §2.3). */
  recomputed?: string[];
  /** Top-level names the new text no longer declares (their last code keeps working). */
  removed: string[];
  /** New or changed top-level statements that ran. */
  statements: number;
  /** Imports and exports the module gained in place: `imported shout from './util.js'`, `exported fmt` (runtime/extras.ts). */
  linked?: string[];
  /** Limits that applied to this edit. */
  notes: string[];
  /** What replaced or removed top-level code had registered and was taken back: `stopped 1 interval`, `removed route GET /beta` (runtime/effects.ts). */
  undone?: string[];
}

export interface RefreshError {
  kind: 'syntax' | 'evaluation' | 'declined' | 'internal';
  file: string;
  /** From 1. */
  line: number;
  /** From 1, as printed (`file:line:column`). */
  column: number;
  message: string;
  /** A few lines of the file around the error, with a caret. */
  frame: string;
  stack?: string;
}

export interface RefreshReport {
  ok: boolean;
  /** Modules whose new content was applied (empty when nothing changed or on error). */
  modules: ModuleReport[];
  error?: RefreshError;
  /**
   * Files whose text already failed to apply and is still on disk: the refresh applied the
   * other files without them (their error was reported when they failed; save them again
   * once fixed).
   */
  stillFailing?: string[];
  /** From the start of the refresh to commit or rollback, in milliseconds. */
  durationMs: number;
}

export type LogLevel = 'silent' | 'info' | 'debug' | 'json';

/** NODE_DEBUG=limeade (as util.debuglog reads it; node:util itself costs ~5 ms to load). */
const debugEnabled = (process.env.NODE_DEBUG ?? '')
  .split(/[\s,]+/)
  .some((name) => name !== '' && new RegExp(`^${name.replace(/[|\\{}()[\]^$+?.]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test('limeade'));

export function logLevel(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const v = (env.LIMEADE_LOG ?? '').toLowerCase();
  if (v === 'silent' || v === 'debug' || v === 'json' || v === 'info') return v;
  return debugEnabled ? 'debug' : 'info';
}

export function rel(file: string): string {
  const cwd = process.cwd();
  // Most files are below the working directory: path.relative costs ~20 µs a call on Node 20.
  if (file.startsWith(cwd) && file[cwd.length] === sep && !file.includes(`${sep}..${sep}`)) return file.slice(cwd.length + 1);
  const r = relative(cwd, file);
  return r && !r.startsWith('..') ? r : file;
}

export class Logger {
  constructor(private readonly level: LogLevel = logLevel()) {}

  /** A function is called only at debug level (a message per module costs start-up time). */
  debug(message: string | (() => string)): void {
    if (this.level === 'debug') process.stderr.write(`[limeade] ${typeof message === 'function' ? message() : message}\n`);
  }

  warn(message: string): void {
    if (this.level !== 'silent') process.stderr.write(`[limeade] ${message}\n`);
  }

  report(r: RefreshReport): void {
    if (this.level === 'silent') return;
    if (this.level === 'json') {
      process.stderr.write(`${JSON.stringify({ limeade: r })}\n`);
      return;
    }
    if (!r.ok && r.error) {
      process.stderr.write(`${formatError(r.error)}\n`);
      return;
    }
    if (!r.modules.length) return this.debug(`refresh: nothing changed (${r.durationMs.toFixed(1)} ms)`);
    process.stderr.write(`${formatSuccess(r)}\n`);
    for (const m of r.modules) for (const n of m.notes) process.stderr.write(`[limeade]   note: ${m.file}: ${n}\n`);
    if (r.stillFailing?.length)
      process.stderr.write(`[limeade]   ${r.stillFailing.join(', ')} still ${r.stillFailing.length > 1 ? 'have' : 'has'} the error reported before and keep${r.stillFailing.length > 1 ? '' : 's'} running the previous code: fix and save ${r.stillFailing.length > 1 ? 'them' : 'it'}.\n`);
  }
}

/**
 * Did the refresh apply anything to this module? A save that changes only types, comments or
 * layout (loader/layout.ts), or only code that never runs (a function declared again later),
 * changes no declaration, member or statement: the report must not say it updated the file.
 */
export function applied(m: ModuleReport): boolean {
  return (
    m.path === 'reimport' ||
    m.updated.length > 0 ||
    !!m.recomputed?.length ||
    m.statements > 0 ||
    !!m.linked?.length ||
    m.removed.length > 0 ||
    !!m.undone?.length
  );
}

export function formatSuccess(r: RefreshReport): string {
  const parts = r.modules.filter(applied).map((m) => {
    const what = [
      ...m.updated,
      ...(m.recomputed?.length ? [`recomputed ${m.recomputed.join(', ')}`] : []),
      ...(m.statements ? [`${m.statements} statement${m.statements > 1 ? 's' : ''} ran`] : []),
      ...(m.linked ?? []),
      ...m.removed.map((n) => `${n} removed`),
      ...(m.undone ?? []),
    ];
    const path = m.path === 'reimport' ? `re-imported: ${m.reason}` : 'patched';
    // (A module imported again for its importers' sake, nothing of its own changed: the reason alone.)
    return `${m.file} (${what.length ? `${what.join(', ')}; ` : ''}${path})`;
  });
  // (With notes, they say why: an edit of code that never runs is no layout change.)
  const idle = r.modules.filter((m) => !applied(m));
  const nothing = idle.length
    ? `${idle.map((m) => m.file).join(', ')}: no change that runs${idle.some((m) => m.notes.length) ? '' : ' (types, comments or layout only)'}`
    : '';
  const time = ` in ${r.durationMs.toFixed(1)} ms`;
  if (!parts.length) return `[limeade] ${nothing}${time}`;
  return `[limeade] updated ${parts.join(', ')}${nothing ? `; ${nothing}` : ''}${time}`;
}

export function formatError(e: RefreshError): string {
  if (e.kind === 'internal')
    // No position in the program's code to show: the stack is what a maintainer needs.
    return `[limeade] ${e.file}: ${e.message}\n${e.stack ?? e.frame}\n[limeade] Nothing was applied; the program keeps running the previous code. This is a limeade bug, not a problem in your code: please report it ${reportTo()} with this message and the edit that caused it (${versions()}). Saving again retries the edit.`;
  const what = e.kind === 'syntax' ? 'Fix the syntax and save again.' : e.kind === 'declined' ? 'Restart the program to run the new code.' : 'Fix the error and save again.';
  return `[limeade] ${e.file}:${e.line}:${e.column} ${e.message}\n${e.frame ? `${e.frame}\n` : ''}[limeade] Nothing was applied; the program keeps running the previous code. ${what}`;
}

/** limeade's package.json (read only to word a bug report). */
function ownPackage(): { version?: string; bugs?: string | { url?: string }; repository?: string | { url?: string } } {
  try {
    return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  } catch {
    return {};
  }
}

/** Where bugs go: the package's `bugs` or `repository` address when it names one. */
function reportTo(): string {
  const p = ownPackage();
  const url = (v: string | { url?: string } | undefined): string | undefined => (typeof v === 'string' ? v : v?.url);
  const bugs = url(p.bugs);
  if (bugs) return `at ${bugs}`;
  const repo = url(p.repository)?.replace(/^git\+/, '').replace(/\.git$/, '');
  return repo?.startsWith('http') ? `at ${repo}/issues` : "to limeade's issue tracker";
}

function versions(): string {
  return `limeade ${ownPackage().version ?? '(unknown version)'}, Node ${process.version}, ${process.platform}-${process.arch}`;
}

/** Lines around (line, column) of `source`, with a caret under the column. */
export function codeFrame(source: string, line: number, column: number): string {
  // TypeScript: its text, not the JavaScript it was stripped to (same lines and columns).
  const lines = asWritten(source).split(/\r?\n/);
  const from = Math.max(1, line - 2);
  const to = Math.min(lines.length, line + 2);
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${lines[n - 1] ?? ''}`);
    if (n === line) out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, column))}^`);
  }
  return out.join('\n');
}
