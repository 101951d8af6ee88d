/**
 * A CommonJS file's top-level `return` (a script may return from Node's module wrapper): when
 * the module returned there as it loaded, what follows that statement never ran, and a fresh
 * process on the new text, reaching the same statement, returns there too. So a refresh runs
 * none of the new or changed statements and declarations after it, and evaluates none of
 * them again (function declarations are hoisted: they are live, and patched as usual); the
 * report's notes say so. A new or changed statement holding a top-level `return` cannot run
 * in the running module (eval code cannot return from the wrapper): the refresh is declined,
 * at the statement, with what to do. Found by an adversarial differential run (`if
 * (exports.f) return;` then a new `exports.h = 1;` after it ran, which a fresh process never
 * reaches).
 */
import { isFunctionNode, position, topLevel, walk, type Item, type Node } from '../loader/analyze.js';
import { sameCode } from '../loader/layout.js';
import type { Plan, Step } from '../loader/diff.js';
import { located } from './blame.js';
import type { Planned } from './ops.js';
import { runningProgram, type ModuleRecord } from './registry.js';
import { rel } from './report.js';

/** The text of the statement each module returned at while it loaded (found at its first refresh), or null: it did not. */
const returnedAt = new WeakMap<ModuleRecord, string | null>();

/** The top-level `return` inside a top-level statement (not inside a function or class), if any. */
export function topLevelReturn(stmt: Node): Node | undefined {
  let found: Node | undefined;
  walk(stmt, (n) => {
    if (found || isFunctionNode(n) || n.type === 'ClassBody') return false;
    if (n.type === 'ReturnStatement') found = n;
    return undefined;
  });
  return found;
}

/** The planned module, with what the statement its load returned at keeps from running cut out. */
export function withReturn(planned: Planned): Planned {
  const { record, source, plan } = planned;
  if (!record.commonjs || plan.shape) return planned;
  // (Most refreshes: no statement runs, and the module did not return as it loaded.)
  if (!plan.runStatements.includes(true) && returned(record) === null) return planned;
  const items = topLevel(plan.program, source);
  const stmts = items.filter((it) => it.kind === 'stmt');
  // A statement the edit adds or changes that returns from the module cannot run here.
  stmts.forEach((it, i) => {
    const ret = plan.runStatements[i] ? topLevelReturn(it.stmt) : undefined;
    if (!ret) return;
    const at = position(source, ret.start);
    throw located(
      'declined',
      rel(record.file),
      source,
      at.line,
      at.column,
      'a new or changed top-level statement returns from the module (a top-level `return`): limeade cannot run it in the running module',
    );
  });
  const text = returned(record);
  if (!text) return planned;
  const at = stmts.find((it) => topLevelReturn(it.stmt) && sameCode(it.text, text));
  if (!at) return planned;
  const end = at.stmt.end;
  const cut = plan.steps.filter((s) => after(s, end));
  const statements = stmts.filter((it, i) => it.stmt.start >= end && plan.runStatements[i]).length;
  if (!cut.length && !statements) return planned;
  const runStatements = plan.runStatements.map((runs, i) => runs && stmts[i]!.stmt.start < end);
  const line = position(source, at.stmt.start).line;
  const what = cut.length === 1 ? 'the new or changed code' : `the ${cut.length} new or changed statements and declarations`;
  const note = `${what} after line ${line} did not run: the module returned at its top-level \`return\` there when it loaded, as a fresh process on this text would (restart if it would not return there now)`;
  const next: Plan = { ...plan, steps: plan.steps.filter((s) => !after(s, end)), runStatements, notes: [...plan.notes, note] };
  return { ...planned, plan: next };
}

/** A step of code that runs (or is evaluated) after offset `end`: all but function declarations, which are hoisted. */
function after(step: Step, end: number): boolean {
  if (step.type === 'fn' && step.declaration) return false;
  return (step.type === 'value' ? step.item.node.start : step.node.start) >= end;
}

/**
 * The text of the statement the module's load returned at: the last statement that began
 * (ModuleRecord.reached) when the module finished loading before its end, if that statement
 * holds a top-level `return`. Found from the loaded text, at the first refresh.
 */
function returned(record: ModuleRecord): string | null {
  let text = returnedAt.get(record);
  if (text !== undefined) return text;
  text = null;
  const loaded = (record.commonjs?.module as { loaded?: boolean } | undefined)?.loaded === true;
  const reached = record.reached;
  if (loaded && typeof reached === 'number' && reached !== Infinity && record.refreshes === 0 && record.source !== undefined) {
    const program = runningProgram(record);
    const stmt: Item | undefined = program && topLevel(program, record.source).filter((it) => it.kind === 'stmt')[reached];
    if (stmt && topLevelReturn(stmt.stmt)) text = stmt.text;
  }
  returnedAt.set(record, text);
  return text;
}
