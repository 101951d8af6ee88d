/**
 * The forms a function takes in instrumented code (loader/instrument.ts uses them): a
 * handle in front of it, a guard first in its body, or a method handle; and the facts that
 * choose between them. Each form forwards to the code in force through a holder
 * (runtime/slots.ts); their sizes are measured against V8's inlining limits (docs/design.md §4.2).
 */
import type MagicString from 'magic-string';
import type { Node } from './analyze.js';
import { walk } from './analyze.js';
import { HandleFlags, READY, runtimeCall } from './contract.js';

/**
 * A handle: forwards calls to the code in force, `holder.f` (runtime/slots.ts: a `const`
 * holder whose prototype a refresh replaces, so V8 keeps inlining through the handle after
 * edits).
 *
 * Its size matters: V8 inlines functions of up to 27 bytes of bytecode wherever they are
 * called, outside its inlining budget; `function f(){return h.f.apply(this,arguments)}` is
 * about as small as `function f(...a){return h.f.apply(this,a)}` (25), the form used before,
 * and costs the same where TurboFan inlines it; Maglev, V8's middle tier, does not inline a
 * rest parameter spread into `apply`: a loop calling the rest form ran 22–23 ns a call there
 * against 1.0–2.4 with `arguments` (Node 24 and 26, `--max-opt=2`; docs/benchmarks.md run 13).
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
  const forward = constructs ? `new.target?${runtimeCall('construct')}(${cur},arguments,new.target):${cur}.apply(this,arguments)` : `${cur}.apply(this,arguments)`;
  if (!early) return `function ${handle}(){return ${forward}}`;
  const fallback = constructs ? `${runtimeCall('early')}(${early},this,arguments,new.target)` : `${early}.apply(this,arguments)`;
  return `function ${handle}(){try{return ${forward}}catch(e){if(${READY}!==undefined)throw e;return ${fallback}}}`;
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
export function guardedSource(fn: Node, holder: string, early: boolean, args?: string): string {
  const cur = GUARD_LOCAL;
  const pass = args === undefined ? `.apply(this,arguments)` : `.call(this${args ? `,${args}` : ''})`;
  // (Never an async function: those get handles, see `guarded`.)
  const forward = fn.generator
    ? `yield*${cur}${pass}`
    : constructs(fn)
      ? `new.target?${runtimeCall('construct')}(${cur},arguments,new.target):${cur}.apply(this,arguments)`
      : `${cur}${pass}`;
  return `const ${cur}=${early ? `${READY}&&` : ''}${holder}.f;if(${cur}!==undefined)return ${forward};`;
}

/**
 * Puts the guard (guardedSource) first in `fn`'s body, forwarding without `arguments` where
 * it can. `part` says what a class member is: a getter forwards `.call(this)`, a setter its
 * one parameter. A function or method in strict code gets a rest parameter after its own
 * (`function sub(a, b, ...__lma)`), and its guard forwards `__lmg.call(this,a,b,...__lma)`:
 * the same `this`, the same `length` (a rest parameter does not count) and every argument the
 * caller passed, with no `arguments` object. One difference: a caller passing fewer
 * arguments than the parameters passes the missing ones as `undefined`, which only new code
 * that counts its arguments can see (padsArguments; the report says so). A function that
 * reads `arguments` itself keeps the `apply` form, and so does one that loops (restParameter:
 * a loop statement of its own, or a function it writes passed to a call) and one that makes
 * closures (a function or class in its body).
 *
 * Why (docs/benchmarks.md run 13): a guard's `arguments` object is bytecode of every guarded
 * function and, on Node 26, an allocation V8 did not always drop; Maglev, V8's middle tier,
 * ran a loop over a guarded function at 1.8–2.2 ns a call with `apply(this,arguments)`
 * against 1.4 with the rest form and 0.8–0.9 plain (Node 24, `--max-opt=2`), and the
 * tokenizer workload (bench/calls.mjs) went from 1.5–1.8x plain to ~1.2x on Node 24.
 * Sloppy code keeps `arguments`: there a rest parameter would unmap `arguments` from the
 * parameters and make a duplicate parameter name or a `'use strict'` body a SyntaxError; so
 * does a function whose body says `'use strict'`, and one whose `)` is not followed by its
 * body's `{` alone (a comment between them).
 */
export function guardFunction(fn: Node, holder: string, early: boolean, source: string, ms: MagicString, strict: boolean, part: 'value' | 'get' | 'set' = 'value'): void {
  const names = (fn.params as Node[]).map((p) => p.name as string);
  let args: string | undefined = part === 'value' ? undefined : names.join(',');
  const rest = part === 'value' && strict && !constructs(fn) ? restParameter(fn, source) : undefined;
  if (rest !== undefined) {
    ms.appendLeft(rest.at, rest.text);
    args = [...names, `...${REST_LOCAL}`].join(',');
  }
  // Before what is already there (the environment caches of its closures): a call the guard
  // hands to new code makes nothing of the old scope (the context V8 makes on entry aside).
  ms.prependLeft(bodyTop(fn.body, source, ms), guardedSource(fn, holder, early, args));
}

/**
 * Where code that runs first in a function's block body goes: after its directive prologue.
 * In front of a function's own `'use strict'`, the directive would be a plain expression, and
 * the function sloppy in a sloppy file (`this` the global object, not `undefined`). The last
 * directive gets the `;` it may lack (`function f() { 'use strict' }`).
 */
export function bodyTop(body: Node, source: string, ms: MagicString): number {
  let at = body.start + 1;
  if (body.type !== 'BlockStatement') return at;
  for (const s of body.body as Node[]) {
    if (s.type !== 'ExpressionStatement' || typeof s.directive !== 'string') break;
    at = s.end;
  }
  if (at > body.start + 1 && source[at - 1] !== ';') ms.overwrite(at - 1, at, `${source[at - 1]};`, { contentOnly: true });
  return at;
}

/**
 * What the rest form cannot pass on: how many arguments the caller gave when it gave fewer
 * than the declared parameters (they arrive as `undefined`). Only code that counts them sees
 * it: new code that reads `arguments` or has a rest parameter, called through a function whose
 * guard has the rest form (runtime/patch.ts notes it). True when `now` is such code and `was`
 * (the running text of the function) got the rest form.
 */
export function padsArguments(was: Node, wasSource: string, now: Node): boolean {
  if (restParameter(was, wasSource) === undefined) return false;
  return readsArguments(now) || (now.params as Node[]).some((p) => p.type === 'RestElement');
}

/**
 * Does `fn`'s body loop or make closures: a loop statement, or a function or a class (which
 * may capture its variables; passed to a call, `a.map((x) => …)`, V8 inlines it into a loop
 * where the callee is a builtin). The first one found answers.
 */
function loopsOrMakesClosures(fn: Node): boolean {
  let found = false;
  walk(fn.body, (n) => {
    if (LOOPS.has(n.type) || CLOSURES.has(n.type)) found = true;
    return found ? false : undefined;
  });
  return found;
}

const CLOSURES = new Set(['FunctionExpression', 'FunctionDeclaration', 'ArrowFunctionExpression', 'ClassExpression', 'ClassDeclaration']);
const LOOPS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

/** Does `fn`'s own body (or an arrow in it) read `arguments`? */
function readsArguments(fn: Node): boolean {
  let found = false;
  walk(fn.body, (n) => {
    if (n.type === 'Identifier' && n.name === 'arguments') found = true;
    return n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration' || n.type === 'ClassBody' ? false : undefined;
  });
  return found;
}

/** The rest parameter a guard forwards the arguments beyond the declared ones through. */
export const REST_LOCAL = '__lma';

/** Where and what to insert to give `fn` a last `...__lma` parameter, or undefined (see guardFunction). */
export function restParameter(fn: Node, source: string): { at: number; text: string } | undefined {
  const body = fn.body as Node;
  if (body.type !== 'BlockStatement' || !fn.params.every((p: Node) => p.type === 'Identifier')) return undefined;
  // It makes an `arguments` object anyway, and may count it (`arguments.length < 3`).
  if (readsArguments(fn)) return undefined;
  // A function that loops or makes closures forwards `arguments` (the apply form) instead.
  // A rest parameter cost there: a.map(…) in a function inlined into a hot loop ran
  // 1.23–1.25x plain on Node 24 with it, 0.99–1.03 with `arguments`; Node 26 compiles a loop
  // statement worse, on stack replacement, in a function with a rest parameter, even one
  // nothing reads (a loop summing calls: 5.4 ns a call against 1.9; docs/benchmarks.md run
  // 26); and with a rest parameter (any non-simple parameter list) the body's variables get a
  // block context of their own, which Node 26 does not track as constants and small integers
  // (context cells), so a loop calling a closure the function made ran 11 ns a call against
  // 2.9 plain once it had made many (docs/benchmarks.md run 27).
  if (loopsOrMakesClosures(fn)) return undefined;
  if ((body.body as Node[]).some((s) => s.type === 'ExpressionStatement' && s.directive === 'use strict')) return undefined;
  const close = source.lastIndexOf(')', body.start);
  if (close < 0 || source.slice(close + 1, body.start).trim() !== '') return undefined;
  return beforeClose((fn.params as Node[]).at(-1), close, source);
}

/** `...__lma` before the `)` at `close`, after the last parameter (a comma first unless it has a trailing one), or undefined when a comment sits between them. */
function beforeClose(last: Node | undefined, close: number, source: string): { at: number; text: string } | undefined {
  if (!last) return { at: close, text: `...${REST_LOCAL}` };
  const between = source.slice(last.end, close);
  // `(a, b,)`: after the trailing comma, since a rest parameter may not have one.
  if (/^\s*,\s*$/.test(between)) return { at: close, text: `...${REST_LOCAL}` };
  return between.trim() === '' ? { at: close, text: `,...${REST_LOCAL}` } : undefined;
}

/**
 * The edits that give an arrow a last `...__lma` parameter, or undefined. An arrow has no
 * `arguments`, so without it the guard of a closure site (loader/closures.ts guardSites) could
 * forward only the declared parameters: an inline handler saved as `(req, res, next) => …` is
 * still the function the framework holds, and its new code would get no `next`. None when it
 * has a rest parameter already (the guard forwards that one), when its body says `'use
 * strict'` (with a rest parameter a SyntaxError), or a comment sits between its parameters and
 * `=>`. `right`: inserted before the character at `at` (the `)`, which never moves where
 * loader/params.ts lowers the parameters before it); else after the character before it.
 */
export function arrowRestParameter(fn: Node, source: string): Array<{ at: number; text: string; right: boolean }> | undefined {
  const params = fn.params as Node[];
  if (params.at(-1)?.type === 'RestElement') return undefined;
  const body = fn.body as Node;
  if (body.type === 'BlockStatement' && (body.body as Node[]).some((s) => s.type === 'ExpressionStatement' && s.directive === 'use strict')) return undefined;
  const arrow = source.lastIndexOf('=>', body.start);
  const last = params.at(-1);
  if (arrow < 0) return undefined;
  // `x => …`: one parameter without parentheses gets them.
  if (last && source.slice(last.end, arrow).trim() === '') return [{ at: last.start, text: '(', right: true }, { at: last.end, text: `,...${REST_LOCAL})`, right: false }];
  const close = source.lastIndexOf(')', arrow);
  if (close < fn.start || source.slice(close + 1, arrow).trim() !== '') return undefined;
  const rest = beforeClose(last, close, source);
  return rest && [{ ...rest, right: true }];
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
  const body = part === 'value' ? `(){return ${holder}.f.apply(this,arguments)}` : part === 'get' ? `(){return ${holder}.f.call(this)}` : `(v){${holder}.f.call(this,v)}`;
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
