/**
 * The forms a function takes in instrumented code (loader/instrument.ts uses them): a
 * handle in front of it, a guard first in its body, or a method handle; and the facts that
 * choose between them. Each form forwards to the code in force through a holder
 * (runtime/slots.ts); their sizes are measured against V8's inlining limits (docs/design.md §4.2).
 */
import type { Node } from './analyze.js';
import { walk } from './analyze.js';
import { HandleFlags, READY, runtimeCall } from './contract.js';

/**
 * A handle: forwards calls to the code in force, `holder.f` (runtime/slots.ts: a `const`
 * holder whose prototype a refresh replaces, so V8 keeps inlining through the handle after
 * edits).
 *
 * Its size matters: V8 inlines functions of up to 27 bytes of bytecode wherever they are
 * called, outside its inlining budget; `function f(...a){return h.f.apply(this,a)}` is 25.
 * Larger handles used up the budget of a big caller twice as fast (a tokenizer ran 1.7–1.9x).
 * So the plain form is the rule, and two cases get more:
 *
 * - `constructs`: the function reads `new.target`, so `new` must reach it as a construct
 *   (`Reflect.construct`). Without `new.target` the plain form is already right for `new`:
 *   the handle's own [[Construct]] makes `this` from `f.prototype` (the implementation shares
 *   it, registry.ts dress) and returns what the implementation returns if that is an object.
 * - `early`: a hoisted declaration in a module that imports others can be called before its
 *   module has started evaluating (another module of an import cycle calls it from its top
 *   level), while the holder is still in its temporal dead zone. Then the handle calls the
 *   original implementation, which is hoisted too; `READY`, a hoisted `var` the prologue
 *   sets once the holders exist, tells that case from an exception of the function itself,
 *   which is rethrown. A try block costs nothing while nothing throws (a check of `READY`
 *   on every call cost ~0.7 ns in a tight loop).
 */
export function handleSource(handle: string, holder: string, constructs: boolean, early?: string): string {
  const cur = `${holder}.f`;
  const forward = constructs ? `new.target?${runtimeCall('construct')}(${cur},a,new.target):${cur}.apply(this,a)` : `${cur}.apply(this,a)`;
  if (!early) return `function ${handle}(...a){return ${forward}}`;
  const fallback = constructs ? `${runtimeCall('early')}(${early},this,a,new.target)` : `${early}.apply(this,a)`;
  return `function ${handle}(...a){try{return ${forward}}catch(e){if(${READY}!==undefined)throw e;return ${fallback}}}`;
}

/**
 * A named function declaration whose parameters are plain names is its own handle: a guard
 * first in its body hands the call to the code in force once an edit put one in its holder.
 * While the holder is empty V8 folds the guard away where it optimizes the function, so it
 * is the original function, inlined as itself: a handle in front of it cost the inlining
 * budget of its callers twice (bench/calls.mjs's tokenizer workload ran 1.8x plain node's
 * time with handles). It also keeps what a program can see of the function: its name,
 * `length`, kind (`util.types.isAsyncFunction`), `prototype`, and stack frames. `arguments`
 * passes exactly what the caller passed, which default values and patterns would not: those
 * functions get a handle (handleSource), as do anonymous default exports.
 *
 * `early`: in a module that imports others, the function can be called before the module
 * started evaluating, while the holder is in its temporal dead zone; then `READY` is still
 * undefined and the function runs its own body.
 *
 * What the guard still costs (measured, Node 20, `--trace-turbo-inlining`): 26 bytes of
 * bytecode (31 with `READY`), so every guarded function is above V8's small-function limit
 * (`--max-inlined-bytecode-size-small`, 27 bytes), and a method like `is(k){return
 * this.kind===k}` (13 bytes alone), which plain node inlines outside the budget, counts
 * against its callers' cumulative budget (920 bytes).
 */
export function guardedSource(fn: Node, holder: string, early: boolean): string {
  const cur = GUARD_LOCAL;
  // (Never an async function: those get handles, see `guarded`.)
  const forward = fn.generator
    ? `yield*${cur}.apply(this,arguments)`
    : constructs(fn)
      ? `new.target?${runtimeCall('construct')}(${cur},arguments,new.target):${cur}.apply(this,arguments)`
      : `${cur}.apply(this,arguments)`;
  return `const ${cur}=${early ? `${READY}&&` : ''}${holder}.f;if(${cur}!==undefined)return ${forward};`;
}

/**
 * The guard's local: the holder's code, read once. Reading `holder.f` twice (test, then
 * call) cost 9 more bytes of bytecode in every guarded function (a context load, its
 * temporal-dead-zone check and a property load), bytes that count against the inlining
 * budget of every caller. `READY` is `1` or `undefined`, so `READY&&holder.f` is the code or
 * undefined without reading the holder before the module started.
 */
export const GUARD_LOCAL = '__lmg';

/**
 * A named declaration, method or accessor (not an anonymous default export) with plain
 * parameters, not an async function (async generators are generators here). An async function's guard would sit inside the async body, so the
 * function would still return a Promise after an edit made it synchronous: what a fresh
 * process returns must come back, so async functions forward from a handle, which returns
 * whatever the code in force returns (issue 12, failure class 7). The cost: the handle is
 * not an async function to `util.types.isAsyncFunction` (its prototype chain and
 * `constructor.name` are AsyncFunction's). A generator keeps its guard (`yield*`): its kind
 * is checked by frameworks (`isGeneratorFunction`), and an edit that makes one a plain
 * function is rare; then the report says so (runtime/patch.ts).
 */
export const guarded = (fn: Node, anonymousDefault = false): boolean => !anonymousDefault && !(fn.async && !fn.generator) && fn.params.every((p: Node) => p.type === 'Identifier');

/**
 * The handle of something that is no constructor (an arrow, an async function expression, a
 * class method or accessor) is a method, so that, like what it forwards to, it has no own
 * `prototype` and `new` on it throws. Same size, same speed.
 */
export function methodHandleSource(key: string, holder: string, part: 'value' | 'get' | 'set' = 'value'): string {
  const body = part === 'value' ? `(...a){return ${holder}.f.apply(this,a)}` : part === 'get' ? `(){return ${holder}.f.call(this)}` : `(v){${holder}.f.call(this,v)}`;
  return `({${key}${body}}).${key}`;
}

export const isMethodLike = (fn: Node): boolean => fn.type === 'ArrowFunctionExpression' || (fn.async && !fn.generator);

/** HandleFlags of the handle made for `fn` (what the runtime records when it registers). */
export const flagsOf = (fn: Node, method = false): number => (!method && constructs(fn) ? HandleFlags.PassesNewTarget : HandleFlags.None);

/** Does `new` need to reach this function as a construct (it reads `new.target`)? */
export function constructs(fn: Node): boolean {
  if (fn.type === 'ArrowFunctionExpression' || fn.async || fn.generator) return false;
  let found = false;
  walk(fn.body, (n) => {
    if (n.type === 'MetaProperty' && n.meta.name === 'new') found = true;
    // Their own new.target; arrows see the function's.
    return n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration' || n.type === 'ClassBody' ? false : undefined;
  });
  return found;
}
