/**
 * What the compile phase hands the evaluate phase: operations, each already compiled (no
 * program code runs while compiling), applied in two phases:
 *
 * - phase 0 swaps code: points handles and members at new functions. No program code runs,
 *   so an error here is limeade's own.
 * - phase 1 evaluates: changed declarations and new or changed statements, in source
 *   order. The program's code runs through `runProgram`, so an error it throws is told
 *   apart from one of limeade's without reading stack traces.
 *
 * Every operation records in the undo log how to take back what it did.
 */
import type { Node } from '../loader/analyze.js';
import type { Plan } from '../loader/diff.js';
import type { ModuleRecord } from './registry.js';
import type { UndoLog } from './undo.js';

/** What the plan phase hands the compile phase: one module, its new JavaScript and its plan. */
export interface Planned {
  record: ModuleRecord;
  /** The new JavaScript (the running text, for a module planned only for its derived values). */
  source: string;
  plan: Plan;
}

export interface Op {
  phase: 0 | 1;
  /** What the report lists (`f`, `Counter.inc`, `statement`; '' for nothing). */
  label: string;
  /** A declaration evaluated again because it reads a value that changed (the report lists it as recomputed). */
  derived?: boolean;
  node: Node;
  apply(undo: UndoLog): void;
}

/** What the compile phase made of one module: its operations and what the user should know. */
export interface Compiled {
  ops: Op[];
  notes: string[];
}

/** A compile failure of one step: the node says where. */
export class StepError extends Error {
  constructor(
    readonly cause: unknown,
    readonly node: Node,
  ) {
    super(String((cause as Error)?.message ?? cause));
  }
}

/** An error the program's own code threw while a refresh evaluated it. */
export class ProgramError extends Error {
  constructor(readonly cause: unknown) {
    super(String((cause as Error)?.message ?? cause));
  }
}

/** Runs program code (an initializer, a statement, a static block): what it throws is the program's. */
export function runProgram<T>(code: () => T): T {
  try {
    return deepStacks(code);
  } catch (err) {
    throw new ProgramError(err);
  }
}

/**
 * Runs `code` with stack traces deep enough to reach the program's frame under Node's and
 * limeade's own: an error `require` raises in new code has ten frames of the module loader
 * and its hooks above the call (runtime/blame.ts reads the frame in the edited file). A limit
 * the program set higher, or changed meanwhile, stays.
 */
export function deepStacks<T>(code: () => T): T {
  const limit = Error.stackTraceLimit;
  const deeper = typeof limit === 'number' && limit < DEEP_STACKS && setLimit(DEEP_STACKS);
  try {
    return code();
  } finally {
    if (deeper && Error.stackTraceLimit === DEEP_STACKS) setLimit(limit);
  }
}

/** (False when the program made it read-only.) */
function setLimit(n: number): boolean {
  try {
    Error.stackTraceLimit = n;
    return Error.stackTraceLimit === n;
  } catch {
    return false;
  }
}

const DEEP_STACKS = 100;
