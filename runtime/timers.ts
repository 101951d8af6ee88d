/**
 * The timer functions the runtime's units take, so that a test drives them with a fake clock
 * it advances (test/runtime/clock.mjs) instead of sleeping.
 *
 * The default is `globalThis` itself, read at each call as the code always did: a program
 * that installs fake timers of its own (sinon, jest) also moves limeade's. That is today's
 * behaviour, not a choice made here; binding the real functions at load would change it.
 *
 * Types only: importing this file loads nothing at run time. A fake returns, from
 * setTimeout, an object whose `unref()` returns itself.
 */

export interface Timers {
  setTimeout(callback: () => void, ms: number): NodeJS.Timeout;
  clearTimeout(timer: NodeJS.Timeout | undefined): void;
}

/** The check phase: callbacks run at the end of the current loop turn. */
export interface Immediates {
  setImmediate(callback: () => void): NodeJS.Immediate;
  clearImmediate(immediate: NodeJS.Immediate | undefined): void;
}
