/**
 * Errors raised by limeade's own code while the program's code was on the stack (a registry
 * call made by an instrumented module as it evaluates): marked, so that the program is not
 * blamed for them (runtime/blame.ts). A leaf: the registry and the blame both import it.
 */
const ownErrors = new WeakSet<object>();

export function limeadeBug(err: unknown): unknown {
  if (err && typeof err === 'object') ownErrors.add(err);
  return err;
}

export const isLimeadeBug = (err: unknown): boolean => !!err && typeof err === 'object' && ownErrors.has(err);
