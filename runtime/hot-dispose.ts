/**
 * The evaluate side of `import.meta.hot`: dispose callbacks run right before a module's
 * first changed top-level code, and the registrations of replaced code are dropped.
 */
import { topLevel } from '../loader/analyze.js';
import type { Plan } from '../loader/diff.js';
import type { HotRuntime, Owner, Registration } from './hot.js';
import type { ModuleRecord } from './registry.js';

/** A dispose callback threw (or rejected): the program's error, which fails the refresh. */
export class DisposeCallbackError extends Error {}

/** Names of declarations the plan evaluates again, and of what it removes. */
function touched(plan: Plan): { values: Set<string>; removed: Set<string> } {
  const values = new Set<string>();
  for (const s of plan.steps) if (s.type === 'value') for (const n of s.item.names.length ? s.item.names : [s.item.name]) values.add(n);
  return { values, removed: new Set(plan.removed) };
}

/**
 * Right before the module's first changed top-level code runs: dispose callbacks of code
 * about to run again (or removed), and of callbacks whose text names a re-evaluated
 * declaration, run with `data`; registrations of replaced code are dropped. A callback that
 * throws (or rejects) fails the refresh, which rolls back. Synchronous unless a callback
 * returns a promise: a patch stays one synchronous step.
 */
export function disposeHot(hot: HotRuntime, record: ModuleRecord, plan: Plan, source: string): Promise<void> | undefined {
  const m = hot.modules.get(record);
  if (!m || hot.disposed.has(m) || !m.regs.length) return undefined;
  hot.disposed.add(m);
  const full = m.invalidated !== undefined;
  const { values, removed } = touched(plan);
  const kept = full ? new Set<string>() : keptStatements(plan, source);
  const replaced = (o: Owner | undefined): boolean =>
    full || (!!o && ('names' in o ? o.names.some((n) => values.has(n) || removed.has(n)) : !kept.has(o.text)));
  const names = [...values].map((n) => new RegExp(`(^|[^\\w$])${n.replace(/\$/g, '\\$')}([^\\w$]|$)`));
  const regs = m.regs;
  const drop = new Set(regs.filter((r) => replaced(r.owner)));
  // A statement patched in place (its inline bodies) keeps its registrations under its new
  // text; new objects, so that a rollback restores the old ones (HotRuntime.rollback).
  const edited = plan.inlineEdited;
  const owned = (r: Registration): Registration => {
    const to = edited && r.owner && 'text' in r.owner ? edited.get(r.owner.text) : undefined;
    return to === undefined ? r : { ...r, owner: { text: to } };
  };
  m.regs = regs.filter((r) => !drop.has(r)).map(owned);
  const due = regs.filter((r) => r.kind === 'dispose' && (drop.has(r) || names.some((re) => re.test(Function.prototype.toString.call(r.fn)))));
  return runCallbacks(due, m.data, 0);
}

function runCallbacks(due: Registration[], data: unknown, from: number): Promise<void> | undefined {
  for (let i = from; i < due.length; i++) {
    let result: unknown;
    try {
      result = due[i]!.fn(data);
    } catch (err) {
      throw disposeError(err);
    }
    if (result && typeof (result as Promise<unknown>).then === 'function')
      return Promise.resolve(result).then(
        () => runCallbacks(due, data, i + 1),
        (err) => {
          throw disposeError(err);
        },
      );
  }
  return undefined;
}

/** Keeps the callback's stack (the report locates the throw in the module's file). */
function disposeError(err: unknown): DisposeCallbackError {
  const e = err instanceof Error ? err : new Error(String(err));
  const wrapped = new DisposeCallbackError(`${e.message} (thrown by an import.meta.hot.dispose callback)`);
  wrapped.name = e.name;
  wrapped.stack = `${e.name}: ${wrapped.message}\n${String(e.stack ?? '').split('\n').slice(1).join('\n')}`;
  return wrapped;
}

/** Texts of the new version's statements that do not run again. */
function keptStatements(plan: Plan, source: string): Set<string> {
  const kept = new Set<string>();
  let i = 0;
  for (const it of topLevel(plan.program, source)) if (it.kind === 'stmt' && plan.runStatements[i++] === false) kept.add(it.text);
  for (const from of plan.inlineEdited?.keys() ?? []) kept.add(from);
  return kept;
}
