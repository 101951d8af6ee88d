/**
 * V8's inlining budget, widened for the handles.
 *
 * TurboFan inlines, into one optimized function, callees of at most 920 bytes of bytecode in
 * all (`--max-inlined-bytecode-size-cumulative`, the same default on Node 20, 22 and 24).
 * Every call of an instrumented function or method goes through a handle, which is inlined
 * too and counts ~25 bytes of that budget, so a big function that calls many small ones ran
 * out of it twice as early under limeade: in bench/calls.mjs's tokenizer workload the
 * tokenizer itself was no longer inlined into its caller (`--trace-turbo-inlining`), 1.7–1.9x
 * plain node's time on Node 22/24. Doubling the budget gives the program's own code back the
 * room it has without limeade. It applies to all code of the process, so code limeade does
 * not instrument may be inlined a little more than under plain node: docs/benchmarks.md
 * measures that too. A value the user set (`--max-inlined-bytecode-size-cumulative` in
 * execArgv or NODE_OPTIONS) wins; LIMEADE_V8_INLINING=0 keeps V8's default.
 */
import { setFlagsFromString } from 'node:v8';

const FLAG = '--max-inlined-bytecode-size-cumulative';
export const V8_DEFAULT_BUDGET = 920;

export function widenInliningBudget(env: NodeJS.ProcessEnv, execArgv: readonly string[]): boolean {
  if (env.LIMEADE_V8_INLINING === '0' || env.LIMEADE_V8_INLINING === 'false') return false;
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  // V8 reads `_` and `-` in flag names alike.
  if (given.some((a) => a.replaceAll('_', '-').startsWith(FLAG))) return false;
  setFlagsFromString(`${FLAG}=${2 * V8_DEFAULT_BUDGET}`);
  return true;
}
