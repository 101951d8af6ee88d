/**
 * The extra scope of a module (runtime/extras.ts says what lives there and why): the object,
 * the names whose references are rewritten to read it, and the home hook that rewrites
 * them. Apart from runtime/extras.ts so that the registry, which makes every record's hook,
 * does not import what imports the registry.
 */
import MagicString from 'magic-string';
import { Parser } from 'acorn';
import type { Node } from '../loader/analyze.js';
import type { Hook } from '../loader/contract.js';
import { rewroteEvalCode } from './positions.js';
import { redirect } from './redirect.js';
import { uncached } from './uncached.js';

/** What has an extra scope: a module record. */
export interface Scoped {
  extras?: Extras | undefined;
  /** The extra scope object (`scopeOf`). */
  scope?: Record<string, unknown> | undefined;
}

export interface Extras {
  /** Names the scope holds that the live version does not bind: references to them are rewritten. */
  names: Set<string>;
  /** Names the refresh in progress adds (known while it compiles and evaluates; kept at commit). */
  pending: Set<string>;
  /** Exports added in place: name → reader of the current value. */
  exports: Map<string, () => unknown>;
  /** Those of them the live version's namespace has too (a re-import since): a module can link against them. */
  linkable: Set<string>;
}

/** The path compiled code reads the extra scope at (a module's `__lm$` is its ModuleApi). */
export const EXTRA_SCOPE = '__lm$.x';

export function extrasOf(record: Scoped): Extras {
  return (record.extras ??= { names: new Set(), pending: new Set(), exports: new Map(), linkable: new Set() });
}

/** The extra scope object alone: every module version's `__lm$.x`, made when it registers (one empty object). */
export function scopeOf(record: Scoped): Record<string, unknown> {
  return (record.scope ??= newScope());
}

/**
 * An object whose properties V8 keeps in fast mode (an `Object.create(null)` is a dictionary
 * from the start: every read a hash lookup), with nothing inherited that a name could hit
 * (`constructor`, `toString`): its prototype has no prototype.
 */
function newScope(): Record<string, unknown> {
  return Object.create(Object.create(null));
}

/** Every name references are rewritten for now. */
function active(record: Scoped): ReadonlySet<string> {
  const e = record.extras;
  if (!e || (!e.names.size && !e.pending.size)) return EMPTY;
  if (!e.pending.size) return e.names;
  if (!e.names.size) return e.pending;
  return new Set([...e.names, ...e.pending]);
}

const EMPTY: ReadonlySet<string> = new Set();

const hooks = new WeakMap<Hook, Hook>();
/** The record each hook `liveHook` (or `nestedHook`) made belongs to. */
const owners = new WeakMap<Hook, Scoped>();
/** The scope hook each hook `liveHook` made wraps. */
const raws = new WeakMap<Hook, Hook>();

/**
 * `raw`, a scope hook of `record` (a version's home, or a class's scope), as the runtime uses
 * it: code it evaluates reads the extra scope for the module's new names, and is compiled
 * past V8's compilation cache (runtime/uncached.ts). One wrapper per hook, so hooks compare
 * as they did.
 */
export function liveHook(record: Scoped, raw: Hook): Hook {
  let hook = hooks.get(raw);
  if (!hook) {
    hook = (code: string, value?: unknown) => {
      const names = active(record);
      const rewritten = names.size ? withExtras(code, names) : code;
      // (In front of the line breaks framed code starts with: lines stay; runtime/patch.ts strictness.)
      const text = strictCode.has(record) ? `'use strict';${rewritten}` : rewritten;
      return uncached(() => raw(text, value));
    };
    hooks.set(raw, hook);
    owners.set(hook, record);
    raws.set(hook, raw);
  }
  return hook;
}

/**
 * Records whose new code is compiled strict in a sloppy scope: a CommonJS file whose text
 * says `'use strict'` now, where the version that loaded did not (runtime/patch.ts
 * `strictness`). Direct eval code that begins with the directive is strict code.
 */
const strictCode = new WeakSet<Scoped>();

export function compileStrict(record: Scoped, on: boolean): void {
  if (on) strictCode.add(record);
  else strictCode.delete(record);
}

/**
 * The scope hook `hook` (made by `liveHook`) wraps: code it evaluates reads and assigns the
 * version's own bindings, also of names the extra scope holds now (runtime/reimport.ts
 * `syncExports`).
 */
export function rawHook(hook: Hook): Hook {
  return raws.get(hook) ?? hook;
}

/**
 * A scope hook made inside the scope of `outer` (a hook `liveHook` made): code it evaluates
 * is used as `outer`'s is, after `rewrite`.
 */
export function nestedHook(outer: Hook, raw: Hook, rewrite: (code: string) => string): Hook {
  const record = owners.get(outer);
  const inner = record ? liveHook(record, raw) : raw;
  const hook: Hook = (code, value) => inner(rewrite(code), value);
  if (record) owners.set(hook, record);
  return hook;
}

/** `code` with its free references to `names` read from the extra scope. */
export function withExtras(code: string, names: ReadonlySet<string>): string {
  if (![...names].some((n) => code.includes(n))) return code;
  let program: Node;
  try {
    // A class scope hook's code uses the class's `#names`, declared outside it.
    program = Parser.parse(code, { ecmaVersion: 'latest', sourceType: 'module', checkPrivateFields: false }) as unknown as Node;
  } catch {
    return code; // eval reports the syntax error itself
  }
  const ms = new MagicString(code);
  redirect(ms, program, names, EXTRA_SCOPE);
  // Longer names move the columns behind them: an error's report says where the user wrote it.
  if (ms.hasChanged()) rewroteEvalCode(ms, code);
  return ms.toString();
}

/** The refresh committed: its new names are the module's. */
export function commitExtras(record: Scoped): void {
  const e = record.extras;
  if (!e?.pending.size) return;
  for (const n of e.pending) e.names.add(n);
  e.pending = new Set();
}

/** The refresh failed: its names are gone (their values were undone by the undo log). */
export function dropPending(record: Scoped): void {
  if (record.extras?.pending.size) record.extras.pending = new Set();
}

