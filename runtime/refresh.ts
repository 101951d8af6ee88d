/**
 * One refresh, from the queue's call to its published report: load the transaction (lazily),
 * run it, run the accept callbacks, and turn anything thrown into a report. The queue
 * (queue.ts) decides when this runs; publish.ts decides when the report is heard.
 */
import type { RefreshReport } from './report.js';
import type { Files } from './queue.js';

/** The parser, differ and patcher: runtime/transaction.ts and what it imports. */
export type Transaction = typeof import('./transaction.js');

export interface RefreshOnceDeps {
  /** Runs the transaction's refresh: the one place that knows its dependencies. */
  run(transaction: Transaction, files: Files): Promise<RefreshReport>;
  /** import.meta.hot accept callbacks, after a refresh that applied something. */
  accepted(report: RefreshReport): Promise<void>;
  /** Publishes the report (publish.ts: at once or after the error grace). */
  settle(report: RefreshReport, files: Files): void;
  /** Default: importTransaction. */
  load?: (attempt: number) => Promise<Transaction>;
}

/**
 * The parser, differ and patcher load with the first refresh, not at start-up. If that load
 * fails (no file descriptors left), the next refresh tries again under a new URL: Node 20
 * keeps a failed import failed.
 */
export function importTransaction(attempt: number): Promise<Transaction> {
  return import(attempt ? `./transaction.js?retry=${attempt}` : './transaction.js');
}

/** Returns the function the queue calls for one refresh; it never rejects for the program's code. */
export function createRefreshOnce({ run, accepted, settle, load = importTransaction }: RefreshOnceDeps): (files: Files) => Promise<RefreshReport> {
  let failedLoads = 0;
  return async (files) => {
    let report: RefreshReport;
    let transaction: Transaction | undefined;
    try {
      transaction = await load(failedLoads);
      report = await run(transaction, files);
      // Accept callbacks run after commit (a throw is a note, nothing rolls back), before anyone hears of the refresh.
      if (report.ok && report.modules.length) await accepted(report);
    } catch (err: any) {
      if (!transaction) failedLoads++;
      report = failureReport(err, !transaction);
    }
    // (Columns are counted from 0 inside limeade, as acorn and V8 count them; the report's are from 1, as printed and as editors count.)
    if (report.error) report = { ...report, error: { ...report.error, column: report.error.column + 1 } };
    settle(report, files);
    return report;
  };
}

/** A throw out of loading or running the transaction: a system error while loading, or a limeade bug. */
function failureReport(err: any, loading: boolean): RefreshReport {
  const message = String(err instanceof Error ? `${err.name}: ${err.message}` : err);
  if (loading && typeof err?.code === 'string')
    return { ok: false, modules: [], durationMs: 0, error: { kind: 'evaluation', file: '(limeade)', line: 1, column: 0, message: `could not load limeade's refresh code (${message}); the next refresh tries again`, frame: '' } };
  return { ok: false, modules: [], durationMs: 0, error: { kind: 'internal', file: '(limeade)', line: 1, column: 0, message: `internal error: ${message}`, frame: String(err?.stack ?? ''), ...(err?.stack ? { stack: String(err.stack) } : {}) } };
}
