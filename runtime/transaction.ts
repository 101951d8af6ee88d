/**
 * A refresh is a transaction (DESIGN §2.4), in named phases:
 *
 *   read     — the content on disk of every loaded module; unchanged content is no work
 *   plan     — parse old and new, diff them (a syntax error stops here: nothing ran)
 *   compile  — every changed function and method is compiled in its scope (no user code runs)
 *   apply    — modules in load order (dependencies first): swap code, evaluate changed
 *              declarations and statements, re-import modules whose shape changed;
 *              every step pushes its undo
 *   commit   — the new texts become the base of the next diff; or, on any error,
 *   rollback — the undo log runs backwards and the old code keeps running.
 */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LimeadeSyntaxError, position } from '../loader/analyze.js';
import { diff, type Plan } from '../loader/diff.js';
import { disposeHot, fullPlan, prepareHot } from './hot-apply.js';
import type { HotRuntime } from './hot.js';
import { compilePatch, StepError, type Op, type Undo } from './patch.js';
import { adopt, loadVersion } from './reimport.js';
import { codeFrame, rel, type ModuleReport, type RefreshError, type RefreshReport } from './report.js';
import type { ModuleRecord, Registry, Reimport } from './registry.js';
import { failureOf, javaScriptOf } from './source.js';

interface Work {
  record: ModuleRecord;
  source: string;
  plan: Plan;
  ops: Op[];
  report: ModuleReport;
}

/** Raised inside a phase: carries where in which file it went wrong. */
class PhaseError extends Error {
  constructor(readonly error: RefreshError) {
    super(error.message);
  }
}

export interface TransactionDeps {
  registry: Registry;
  setLoaderVersion: (url: string, version: number) => void;
  debug: (message: string) => void;
  /** import.meta.hot (decline, invalidate, dispose, accept, events). */
  hot?: HotRuntime;
  /** Problems the user must hear about that are not the refresh's result (a file that cannot be read). */
  warn?: (message: string) => void;
}

export async function runRefresh(deps: TransactionDeps, only?: ReadonlySet<string>): Promise<RefreshReport> {
  const started = performance.now();
  const done = (r: Omit<RefreshReport, 'durationMs'>): RefreshReport => ({ ...r, durationMs: performance.now() - started });
  let work: Work[] = [];
  let changed: Array<[ModuleRecord, string]> = [];
  try {
    changed = await read(deps, only);
    const declined = deps.hot && prepareHot(deps.hot, deps.registry, changed);
    if (declined) throw new PhaseError(declined);
    if (!changed.length) return done({ ok: true, modules: [] });
    work = changed.map(([record, source]) => plan(record, source, deps.hot?.modules.get(record)?.invalidated));
    await apply(deps, work);
  } catch (err) {
    deps.hot?.rollback(changed.map(([r]) => r));
    const error = err instanceof PhaseError ? err.error : internalError(err, work[0]?.record);
    for (const [record, source] of changed) {
      record.failed = source;
      record.parsed = undefined; // the differ reused (and moved) nodes of it
    }
    return done({ ok: false, modules: [], error });
  }
  for (const w of work) {
    w.record.failed = undefined;
    w.record.source = w.source;
    w.record.parsed = { source: w.source, program: w.plan.program };
    w.record.refreshes++;
    for (const name of w.plan.declared) w.record.known.add(name);
  }
  deps.hot?.commit(work.map((w) => w.record));
  return done({ ok: true, modules: work.map((w) => w.report) });
}

async function read(deps: TransactionDeps, only?: ReadonlySet<string>): Promise<Array<[ModuleRecord, string]>> {
  const out: Array<[ModuleRecord, string]> = [];
  const retry: Array<[ModuleRecord, string]> = [];
  for (const record of deps.registry.modules.values()) {
    // The watcher names the files it saw change; files that failed before are read too:
    // a save of another file (a missing export added) may be what they were waiting for.
    if (only && !only.has(record.file) && record.failed === undefined) continue;
    record.source ??= deps.registry.sources.get(record.url);
    if (record.source === undefined) {
      deps.debug(`${rel(record.file)}: the loader has not reported its source yet; skipped`);
      continue;
    }
    let text: string;
    try {
      // Synchronous: ~30 µs for 20 KB, against ~0.6 ms for fs/promises' four trips to the
      // thread pool (a third of a one-function refresh), and a refresh() of every file of
      // a 600-module app would wait for 600 of them one after another.
      text = readFileSync(record.file, 'utf8');
    } catch (err: any) {
      unreadable(deps, record, err);
      continue;
    }
    readErrors.delete(record);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    text = await javaScriptOf(deps.registry, record, text); // TypeScript, other loaders' output
    if (text === record.source) {
      record.failed = undefined; // the broken text is gone: saving it again is news again
      continue;
    }
    // An editor that truncates and then writes shows the watcher an empty file first; the
    // watcher's re-check reads it again once it is written.
    if (only && !text.trim()) {
      deps.debug(`${rel(record.file)}: empty (a save in progress?); waiting for the next event`);
      continue;
    }
    // Content that already failed is tried again only together with a real change:
    // a watcher re-check or a touch of the same broken text reports nothing new.
    if (only && text === record.failed) retry.push([record, text]);
    else out.push([record, text]);
  }
  if (!only || out.length) out.push(...retry);
  deps.debug(`read: ${out.length ? out.map(([r]) => rel(r.file)).join(', ') : 'no content changed'}`);
  // Load order: a module's dependencies registered before it (DESIGN §2.6).
  const order = [...deps.registry.modules.values()];
  return out.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
}

/** The last read error reported for a module's file: the same error is not reported again. */
const readErrors = new WeakMap<ModuleRecord, string>();

/**
 * A file the watcher or refresh() named cannot be read. A deleted file is the watcher's to
 * report (it waits for it to come back); any other failure — no permission, a directory in
 * its place, no file descriptors left — is reported here, once until it changes.
 */
function unreadable(deps: TransactionDeps, record: ModuleRecord, err: any): void {
  const code = String(err?.code ?? err);
  const file = rel(record.file);
  if (code === 'ENOENT' || readErrors.get(record) === code) return deps.debug(`${file}: cannot read (${code}); its code keeps running`);
  readErrors.set(record, code);
  const what = code === 'EMFILE' || code === 'ENFILE' ? 'The process has no file descriptors left: close some (or raise `ulimit -n`), then save again.' : 'Make it readable again and save it.';
  (deps.warn ?? deps.debug)(`${file}: cannot read it (${err?.message ?? code}); its code keeps running. ${what}`);
}

function plan(record: ModuleRecord, source: string, invalidated?: string): Work {
  const file = rel(record.file);
  const failed = failureOf(record, source); // the read phase could not make its JavaScript
  if (failed) throw located('syntax', file, source, failed.line, failed.column, failed.message);
  let p: Plan;
  try {
    const parsed = record.parsed && record.parsed.source === record.source ? record.parsed.program : undefined;
    p = diff(record.source!, source, record.known, parsed);
    if (invalidated !== undefined) p = fullPlan(p, source, invalidated);
  } catch (err) {
    if (err instanceof LimeadeSyntaxError) throw located('syntax', file, source, err.line, err.column, `SyntaxError: ${err.message}`);
    throw err;
  }
  const report: ModuleReport = { file, path: p.shape ? 'reimport' : 'patch', updated: [], removed: p.removed, statements: 0, notes: p.notes };
  if (p.shape) report.reason = p.shape;
  let ops: Op[] = [];
  if (!p.shape) {
    try {
      ops = compilePatch(record, source, p);
    } catch (err) {
      if (!(err instanceof StepError)) throw err;
      const at = position(source, err.node.start);
      const e = err.cause as Error;
      throw located(e?.name === 'SyntaxError' ? 'syntax' : 'evaluation', file, source, at.line, at.column, `${e?.name ?? 'Error'}: ${e?.message ?? e}`);
    }
  }
  return { record, source, plan: p, ops, report };
}

async function apply(deps: TransactionDeps, work: Work[]): Promise<void> {
  const undo: Undo[] = [];
  let current: Work | undefined;
  let swapping = false;
  const hot = deps.hot;
  // Dispose callbacks run as late as they can: right before the module's first changed top-level code.
  const dispose = (w: Work): Promise<void> | undefined => hot && disposeHot(hot, w.record, w.plan, w.source);
  try {
    hot?.begin(work.map((w) => w.record));
    // Every re-import loads first, in load order: import() yields to the event loop, so the
    // program's timers and microtasks run meanwhile, and nothing they can see has changed
    // yet. From the first swap to the commit there is no await (unless a dispose callback
    // of a patched module returns a promise): a callback of the program sees all the old
    // code or all the new code of the refresh, never a mix. (A re-imported module's new
    // top-level code therefore runs before the patches of the same refresh.)
    const loaded = new Map<Work, Reimport>();
    for (const w of work) {
      if (!w.plan.shape) continue;
      current = w;
      await dispose(w);
      loaded.set(w, await loadVersion(deps.registry, w.record, w.plan, undo, deps.setLoaderVersion));
    }
    // Code first (no user code runs), then evaluation in source order, module by module.
    swapping = true;
    for (const w of work) for (const op of w.ops) if (op.phase === 0) (current = w), op.apply(undo);
    swapping = false;
    for (const w of work) {
      current = w;
      const ctx = loaded.get(w);
      if (ctx) {
        const r = adopt(w.record, w.plan, undo, ctx);
        w.report.updated.push(...r.updated);
        w.report.notes.push(...r.notes);
        w.report.statements = w.plan.runStatements.filter(Boolean).length;
        continue;
      }
      for (const op of w.ops) {
        const disposing = op.phase === 1 ? dispose(w) : undefined;
        if (disposing) await disposing;
        if (op.phase === 1) op.apply(undo);
        if (op.label === 'statement') w.report.statements++;
        else if (op.label) w.report.updated.push(op.label);
      }
      // Removed statements and declarations: their dispose callbacks run too.
      const removed = dispose(w);
      if (removed) await removed;
    }
  } catch (err) {
    const failed: string[] = [];
    for (const u of undo.reverse()) {
      try {
        u();
      } catch (e) {
        failed.push(String(e));
      }
    }
    const pe = classify(err, current, swapping);
    // Said, not hidden: a step that could not be undone may leave a mix of versions.
    if (failed.length) pe.error.message += ` (and ${failed.length} rollback step${failed.length > 1 ? 's' : ''} failed: ${failed[0]}; restart the program to be sure it runs one version)`;
    throw pe;
  }
}

/** The file system codes that mean a module's file could not be read (not a program error, not a limeade bug). */
const FILE_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EMFILE', 'ENFILE', 'EIO', 'EBUSY', 'ELOOP', 'ERR_MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT']);
/** limeade's own files (dist/): a frame there means limeade's code threw. */
const OWN_DIR = fileURLToPath(new URL('../', import.meta.url));

/**
 * Whose fault an error of the apply phase is: the program's (its new code threw: the first
 * frame in the edited file names where), the file system's (the module's file vanished or
 * could not be read while the loader re-imported it), or limeade's own (it threw in limeade's
 * code, or while swapping, when no code of the program runs).
 */
function classify(err: unknown, w: Work | undefined, swapping: boolean): PhaseError {
  const e = err as NodeJS.ErrnoException;
  if (!w) return new PhaseError(internalError(err, undefined));
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
  // A dispose callback's throw comes wrapped by limeade (runtime/hot-apply.ts): the program's.
  const disposed = e instanceof Error && e.message.endsWith('(thrown by an import.meta.hot.dispose callback)');
  if (swapping || (e instanceof Error && !disposed && !code.startsWith('ERR_') && firstFrameIsOwn(String(e.stack ?? '')))) return new PhaseError(internalError(err, w.record));
  return evaluationError(err, w);
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The first stack frame with a file location (Node's internals and native frames skipped) is
 * in limeade. The loader hooks only pass the program's imports on: an error raised further
 * down the chain (a missing module, another loader) is not limeade's.
 */
function firstFrameIsOwn(stack: string): boolean {
  for (const line of stack.split('\n')) {
    const m = /^\s+at (?:.*?\()?(?:file:\/\/)?(\/[^():]+|[A-Za-z]:[\\/][^():]+):\d+:\d+/.exec(line);
    if (!m) continue;
    const path = line.includes('file://') ? decodeURIComponent(m[1]!) : m[1]!;
    if (path.startsWith(OWN_DIR) && /[\\/]loader[\\/]hooks(-thread)?\.js$/.test(path)) continue;
    return path.startsWith(OWN_DIR);
  }
  return false;
}

function located(kind: RefreshError['kind'], file: string, source: string, line: number, column: number, message: string): PhaseError {
  return new PhaseError({ kind, file, line, column, message, frame: codeFrame(source, line, column) });
}

/** Where in the edited file the error was thrown: the first stack frame in that file. */
function evaluationError(err: unknown, w: Work): PhaseError {
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

function internalError(err: unknown, record: ModuleRecord | undefined): RefreshError {
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
