/**
 * An ES module still waiting at a top-level `await` (`await db.connect()`, `for await (…)`
 * over input): the code after the statement it waits in has not run, and when it does, it is
 * the code the module was loaded with (a module's own text is never compiled again). A
 * refresh cannot run the new or changed statements and declarations there now: they would
 * read bindings that code has not made yet (a ReferenceError, reported as if the program's
 * code were wrong), or run before what comes ahead of them. So it runs none of them, and the
 * report says so; function declarations (hoisted: live already) and the functions inside
 * those statements are patched as usual, so what that code calls, and the callbacks it
 * registers when it gets there, run the new code. Found by an adversarial test (an Express
 * entry awaiting its database before `const app = express()`).
 */
import { position, topLevel } from '../loader/analyze.js';
import { sameCode } from '../loader/layout.js';
import type { Plan, Step } from '../loader/diff.js';
import type { Planned } from './ops.js';
import { runningProgram, type ModuleRecord } from './registry.js';

/** A step of code the module's pending evaluation would run or evaluate after offset `end`. */
function after(step: Step, end: number): boolean {
  if (step.type !== 'run' && step.type !== 'value') return false;
  return (step.type === 'value' ? step.item.node.start : step.node.start) >= end;
}

/** The text of the top-level statement a module's first evaluation waits in (the last one that began), or undefined when it ended. */
function waitingIn(record: ModuleRecord): string | undefined {
  const reached = record.reached;
  if (record.commonjs || typeof reached !== 'number' || reached === Infinity || record.source === undefined) return undefined;
  const program = runningProgram(record);
  return program && topLevel(program, record.source).filter((it) => it.kind === 'stmt')[reached]?.text;
}

/** The planned module, with what its pending top-level code will run as it was loaded cut out (and said). */
export function withPending(planned: Planned): Planned {
  const { record, source, plan } = planned;
  if (plan.shape) return planned;
  const text = waitingIn(record);
  if (text === undefined) return planned;
  const stmts = topLevel(plan.program, source).filter((it) => it.kind === 'stmt');
  const at = stmts.find((it) => sameCode(it.text, text));
  // (The statement it waits in changed, which runs on as loaded: cut from behind the last
  // statement before it that the new text keeps, or from the start.)
  const kept = at ? undefined : plan.statementMap?.slice(0, record.reached).reverse().find((j) => j >= 0);
  const end = at ? at.stmt.end : kept !== undefined ? stmts[kept]!.stmt.end : 0;
  const cut = plan.steps.filter((s) => after(s, end));
  const statements = stmts.filter((it, i) => it.stmt.start >= end && plan.runStatements[i]).length;
  if (!cut.length && !statements) return planned;
  const count = new Set([...cut.map((s) => (s.type === 'value' ? s.item.node : s.node)), ...stmts.filter((it, i) => it.stmt.start >= end && plan.runStatements[i]).map((it) => it.stmt)]).size;
  const where = at ? `after line ${position(source, at.stmt.start).line}` : 'in its top-level code';
  const note = `${count === 1 ? 'the new or changed statement' : `the ${count} new or changed statements and declarations`} ${where} did not run: the module still waits at a top-level await there, and its code after that runs as it was loaded when it gets there (the functions it calls run the new code); restart to run the new statements`;
  const runStatements = plan.runStatements.map((runs, i) => runs && stmts[i]!.stmt.start < end);
  const next: Plan = { ...plan, steps: plan.steps.filter((s) => !after(s, end)), runStatements, notes: [...plan.notes, note] };
  return { ...planned, plan: next };
}
