/**
 * The names instrumented code and the runtime agree on. No dependencies: the runtime loads
 * this at start-up without the parser.
 */

/**
 * The global through which instrumented modules reach the runtime: a plain identifier a
 * program will not declare (a module's own `var Symbol` or `var Reflect`, as lodash-es
 * has, must not break the code limeade adds).
 */
export const RUNTIME_KEY = '__lm$rt';

/**
 * A hoisted `var` of every instrumented module that has holders, set by its prologue once
 * they exist: until then a handle of a hoisted function calls the original implementation
 * (loader/instrument.ts handleSource).
 */
export const READY = '__lm$r';

/** Prefix of the string key a `#private` method's body lives under until the class is set up. */
export const PRIVATE_PREFIX = '__lm';

/** The binding an anonymous default export is held in. */
export const DEFAULT_BINDING = '__lmdefault';

/** The string key a replaced constructor body is compiled under (loader/ctor.ts). */
export const CTOR_KEY = '__lm:ctor';

/**
 * The implementation slot of top-level function `name`: `name$lm`. The function gets this
 * name from its own declaration, so nothing redefines `name` on it:
 * `Object.defineProperty(impl, 'name')` made every call through the handle ~12x slower (V8
 * stopped inlining `impl.apply`; 1.3 → 15 ns, Node 20 and 24). Stack traces read
 * `at add$lm (…)`. ASCII on purpose: an invisible U+200D, tried first, made V8 store every
 * instrumented module's source as two-byte text (twice the memory).
 */
export const IMPL_SUFFIX = '$lm';
export const implName = (name: string): string => `${name}${IMPL_SUFFIX}`;
