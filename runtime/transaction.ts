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
import { readFile } from 'node:fs/promises';
import { LimeadeSyntaxError, position } from '../loader/analyze.js';
import { diff, type Plan } from '../loader/diff.js';
import { disposeHot, fullPlan, prepareHot } from './hot-apply.js';
import type { HotRuntime } from './hot.js';
import { compilePatch, StepError, type Op, type Undo } from './patch.js';
import { reimport } from './reimport.js';
import { codeFrame, rel, type ModuleReport, type RefreshError, type RefreshReport } from './report.js';
import type { ModuleRecord, Registry } from './registry.js';
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
      text = await readFile(record.file, 'utf8');
    } catch (err: any) {
      deps.debug(`${rel(record.file)}: cannot read (${err?.code ?? err}); its code keeps running`);
      continue;
    }
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
  const hot = deps.hot;
  // Dispose callbacks run as late as they can: right before the module's first changed top-level code.
  const dispose = (w: Work): Promise<void> | undefined => hot && disposeHot(hot, w.record, w.plan, w.source);
  try {
    hot?.begin(work.map((w) => w.record));
    // Code first (no user code runs), then evaluation in source order, module by module.
    for (const w of work) for (const op of w.ops) if (op.phase === 0) (current = w), op.apply(undo);
    for (const w of work) {
      current = w;
      if (w.plan.shape) {
        await dispose(w);
        const r = await reimport(deps.registry, w.record, w.plan, undo, deps.setLoaderVersion);
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
    for (const u of undo.reverse()) {
      try {
        u();
      } catch (e) {
        deps.debug(`rollback step failed: ${String(e)}`);
      }
    }
    throw current ? evaluationError(err, current) : err;
  }
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
    message: `internal error: ${e?.message ?? String(err)}`,
    frame: String(e?.stack ?? ''),
    ...(e?.stack ? { stack: e.stack } : {}),
  };
}
