/**
 * The refresh side of `import.meta.hot` (loaded with the transaction, with the parser):
 * which modules decline, which were invalidated, who owns each registration, and the
 * dispose step that runs right before a module's first changed top-level code.
 */
import { parseModule, position, topLevel, type Item, type Node } from '../loader/analyze.js';
import type { Plan, Step } from '../loader/diff.js';
import type { HotModule, HotRuntime, Owner, Registration } from './hot.js';
import type { ModuleRecord, Registry } from './registry.js';
import { codeFrame, rel, type RefreshError } from './report.js';

/**
 * Before planning: adds invalidated modules (their text may be unchanged), refuses declined
 * ones, and resolves the owners of new registrations against the text that registered them.
 * Returns the error that stops the refresh, if any.
 */
export function prepareHot(hot: HotRuntime, registry: Registry, changed: Array<[ModuleRecord, string]>): RefreshError | undefined {
  const before = changed.length;
  for (const m of hot.modules.values()) {
    if (m.invalidated === undefined || changed.some(([r]) => r === m.record) || m.record.source === undefined) continue;
    changed.push([m.record, m.record.source]);
  }
  // Load order, dependencies first, as the read phase sorted the rest.
  if (changed.length > before) {
    const order = [...registry.modules.values()];
    changed.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
  }
  for (const [record] of changed) {
    const m = hot.modules.get(record);
    if (!m) continue;
    if (m.declined) {
      const file = rel(record.file);
      const { line, column } = m.declined;
      return {
        kind: 'declined',
        file,
        line,
        column: column - 1,
        message: `this module called import.meta.hot.decline(): its edits are not applied while the program runs. Restart the program to apply them.`,
        frame: codeFrame(record.source ?? '', line, column - 1),
      };
    }
    resolveOwners(m);
  }
  return undefined;
}

function resolveOwners(m: HotModule): void {
  const todo = m.regs.filter((r) => r.owner === undefined);
  const source = m.record.source;
  if (!todo.length || source === undefined) return;
  let program: Node;
  if (m.record.parsed?.source === source) program = m.record.parsed.program;
  else {
    try {
      program = parseModule(source);
    } catch {
      for (const r of todo) r.owner = null;
      return;
    }
    // The differ reuses this parse for the old side of its diff: parsed once, not twice.
    m.record.parsed = { source, program };
  }
  const items = topLevel(program, source);
  for (const r of todo) r.owner = ownerAt(items, source, r.site);
}

/** The top-level statement or value declaration that contains the call site. */
function ownerAt(items: Item[], source: string, site: Registration['site']): Owner {
  if (!site) return null;
  // Line 1 carries limeade's prologue in front of the program's first line: its columns are shifted.
  const it =
    site.line === 1
      ? items.find((i) => position(source, i.stmt.start).line === 1)
      : items.find((i) => {
          const a = position(source, i.node.start);
          const b = position(source, i.node.end);
          const after = (p: { line: number; column: number }): boolean => site.line > p.line || (site.line === p.line && site.column - 1 >= p.column);
          return after(a) && !after(b);
        }) ?? items.find((i) => position(source, i.stmt.start).line <= site.line && position(source, i.stmt.end).line >= site.line);
  if (!it) return null;
  if (it.kind === 'stmt') return { text: it.text };
  if (it.kind === 'var' && it.init !== 'function' && it.init !== 'class' && it.names.length) return { names: it.names };
  return null; // a function or class body: code that runs when called, not top-level code
}

/**
 * invalidate(): the plan of a full re-import — every statement runs, no declaration keeps its
 * value, every class takes the new version's members.
 */
export function fullPlan(plan: Plan, source: string, message: string): Plan {
  const items = topLevel(plan.program, source);
  const steps: Step[] = plan.steps.filter((s) => s.type !== 'value' && s.type !== 'class');
  for (const it of items) {
    if (it.kind === 'class' || (it.kind === 'var' && it.init === 'class')) steps.push({ type: 'class', name: it.name, node: it.node, members: [] });
    else if (it.kind === 'var' && it.init !== 'function') steps.push({ type: 'value', item: it });
  }
  return {
    ...plan,
    shape: `invalidated${message ? ` (${message})` : ''}`,
    steps,
    carry: [],
    runStatements: plan.runStatements.map(() => true),
  };
}

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
  m.regs = regs.filter((r) => !drop.has(r));
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
function disposeError(err: unknown): Error {
  const e = err instanceof Error ? err : new Error(String(err));
  const wrapped = new Error(`${e.message} (thrown by an import.meta.hot.dispose callback)`);
  wrapped.name = e.name;
  wrapped.stack = `${e.name}: ${wrapped.message}\n${String(e.stack ?? '').split('\n').slice(1).join('\n')}`;
  return wrapped;
}

/** Texts of the new version's statements that do not run again. */
function keptStatements(plan: Plan, source: string): Set<string> {
  const kept = new Set<string>();
  let i = 0;
  for (const it of topLevel(plan.program, source)) if (it.kind === 'stmt' && plan.runStatements[i++] === false) kept.add(it.text);
  return kept;
}
