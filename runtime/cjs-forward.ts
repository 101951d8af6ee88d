/**
 * A CommonJS export written inline and then refactored (docs/design.md §6): the running text
 * has `exports.greet = (s) => …`, the new one gives `greet` otherwise (`function greet(s) { … }`
 * and `exports.greet = greet`). The program may hold the old arrow (`const { greet } =
 * require('./fmt')`): a fresh process would give it the new function. The old arrow has a
 * guard and a holder (an inline function of its statement, loader/inline.ts), so once the new
 * text ran, its holder is pointed at what the exports object has under that key now: calls of
 * the old arrow run the new function (and follow it: a top-level function is a handle). Such
 * a holder keeps following its key: when a later refresh gives the key another function (a
 * statement run again makes a new arrow), the holder is pointed at that one. The same for a
 * function that was the exports themselves (`module.exports = function fmt…` rewritten as
 * `module.exports = (s) => …`): `const fmt = require('./fmt')` calls what `module.exports`
 * is now. A holder is never pointed at a function that runs it again: its own function (the
 * old arrow still under its key, a removed function's own handle under a key the new text
 * did not take back) or one whose holders forward back to it (that call would never return:
 * found by the path-to-regexp replays, tsc's CommonJS); and a removed function the new text
 * declares again stops following its key (its family has code of its own again).
 */
import { exportsTarget, topLevel, type Node } from '../loader/analyze.js';
import { inlineKey } from '../loader/contract.js';
import { inlineFunctions } from '../loader/inline.js';
import type { CompiledModule } from './patch.js';
import { runningProgram } from './registry.js';
import { setHolder } from './slots.js';
import type { Holder } from './slots.js';
import type { UndoLog } from './undo.js';

/** By module record: the holders of old export functions that follow a key of its exports. */
const followers = new WeakMap<object, Map<string, Holder[]>>();

/**
 * A member of a top-level binding the module assigns a function to (`picomatch.matchBase = (…)
 * => …`, `Emitter.prototype.on = function …`): its key among the followers, `\0X.key` or
 * `\0X.prototype.key` (the same rule as an export's: a function held from the old statement
 * calls what the member is now; found by the picomatch replay, 3.0.0, whose `matchBase` changed
 * a parameter's default: the statement ran again, and a `matchBase` taken at start kept calling
 * `utils.isWindows`, gone).
 */
function memberTarget(left: Node, declared: ReadonlySet<string>): string | undefined {
  if (left.type !== 'MemberExpression' || left.computed || left.property.type !== 'Identifier') return undefined;
  const o = left.object as Node;
  if (o.type === 'Identifier' && declared.has(o.name)) return `\0${o.name}.${left.property.name}`;
  if (o.type === 'MemberExpression' && !o.computed && o.property.type === 'Identifier' && o.property.name === 'prototype' && o.object.type === 'Identifier' && declared.has(o.object.name))
    return `\0${o.object.name}.prototype.${left.property.name}`;
  return undefined;
}

/** What a member key (`memberTarget`) holds now, read in the module's scope. */
function memberNow(record: CompiledModule['record'], key: string): unknown {
  const path = key.slice(1).split('.');
  let v: unknown;
  try {
    v = record.home(path[0]!);
  } catch {
    return undefined;
  }
  for (const k of path.slice(1)) {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return undefined;
    v = Object.getOwnPropertyDescriptor(v, k)?.value;
  }
  return v;
}

/** The function each follower holder guards (its statement made it): never pointed at itself. */
const guarded = new WeakMap<Holder, unknown>();
/** Per module, what the member targets of its running text's statements held before this refresh evaluated. */
const before = new WeakMap<object, Map<string, unknown>>();

/**
 * Before a refresh evaluates anything: what each `X.key = <function>` statement of a module's
 * running text put there. A re-imported version's statement assigns its own `X` (the program
 * keeps the first), so its member may still be the old function afterwards: a holder is never
 * pointed at the function it guards (that call would never return).
 */
export function snapshotMembers(w: CompiledModule): void {
  const { record, plan } = w;
  before.delete(record);
  // Only the statements that will not run as they were (removed, or run again).
  const map = w.inline.statements ?? plan.statementMap;
  const program = !map || record.source === undefined || record.source === w.source ? undefined : runningProgram(record);
  if (!program) return;
  const items = topLevel(program, record.source!);
  let declared: Set<string> | undefined;
  const values = new Map<string, unknown>();
  let index = 0;
  for (const it of items) {
    if (it.kind !== 'stmt') continue;
    if (map![index++] !== -1) continue;
    const e = it.stmt.type === 'ExpressionStatement' ? (it.stmt.expression as Node) : undefined;
    if (e?.type !== 'AssignmentExpression' || e.operator !== '=' || e.left.type !== 'MemberExpression') continue;
    // An export's key: what its removed arrow's holder must not be pointed at (the arrow itself, when the key keeps it).
    const target = record.commonjs ? exportsTarget(e.left) : undefined;
    if (target) {
      const key = exportKey(target);
      const exports = record.commonjs!.module.exports as Record<string, unknown> | null;
      if (exports !== null && (typeof exports === 'object' || typeof exports === 'function')) values.set(key, key === '' ? exports : Object.getOwnPropertyDescriptor(exports, key)?.value);
      continue;
    }
    declared ??= new Set(items.flatMap((x) => (x.kind === 'function' || x.kind === 'class' || x.kind === 'var' ? x.names : [])));
    const key = memberTarget(e.left, declared);
    if (key) values.set(key, memberNow(record, key));
  }
  if (values.size) before.set(record, values);
}

/** A followers key of an exports target: the property (`exports.greet` → `greet`), '' for `module.exports` itself. */
const exportKey = (target: string): string => (target.startsWith('\0') ? target : target === 'module.exports' ? '' : target.slice(target.lastIndexOf('.') + 1));

/**
 * Would a holder pointed at `fn` call itself again? `fn` is a function a holder guards (an old
 * arrow it was made for), or a handle of the module whose holder is `holder` or forwards, through
 * other holders, to one that is.
 */
function loops(familyOf: ReadonlyMap<unknown, Family>, holder: Holder, fn: Function): boolean {
  const seen = new Set<Holder>([holder]);
  for (let f: unknown = fn; typeof f === 'function'; ) {
    const family = familyOf.get(f);
    const h = family?.holder ?? [...seen].find((x) => guarded.get(x) === f);
    if (!h) return false;
    if (seen.has(h) || family?.holders.includes(holder)) return true;
    seen.add(h);
    f = h.f;
  }
  return false;
}

/** A handle's family: its holders, and the one it reads. */
type Family = { holders: Holder[]; holder: Holder };

/** The module's handles and their families (a handle reads the holder of its version: handles[i], holders[i]). */
function families(record: CompiledModule['record']): Map<unknown, Family> {
  const familyOf = new Map<unknown, Family>();
  for (const { handles, holders } of record.fns.values())
    handles.forEach((h, i) => {
      const own = holders[Math.min(i, holders.length - 1)];
      if (own) familyOf.set(h, { holders, holder: own });
    });
  return familyOf;
}

/** Points the holders of removed `exports.x = <function>` (or `X.key = <function>`) statements at the new function there; returns the keys it did. */
export function forwardReplacedExports(w: CompiledModule, undo: UndoLog): string[] {
  const { record, plan } = w;
  const scope = record.commonjs;
  // (Statements whose step fell back to running again are -1 there too: runtime/patch.ts inlineRekey.)
  const map = w.inline.statements ?? plan.statementMap;
  const mapped = !!map && record.source !== undefined && record.source !== w.source;
  if (!mapped && !followers.has(record)) return [];
  const exported = scope?.module.exports as Record<string, unknown> | null | undefined;
  const exports = exported !== null && (typeof exported === 'object' || typeof exported === 'function') ? exported : undefined;
  const program = runningProgram(record);
  if (!program) return [];
  // The top-level names of the new text whose members a statement may assign (asked only of such a statement).
  let names: Set<string> | undefined;
  const declared = (): Set<string> => (names ??= new Set(topLevel(plan.program, w.source).flatMap((it) => (it.kind === 'function' || it.kind === 'class' || it.kind === 'var' ? it.names : []))));
  const out: string[] = [];
  let index = 0;
  for (const it of mapped ? topLevel(program, record.source!) : []) {
    if (it.kind !== 'stmt') continue;
    const i = index++;
    if (map![i] !== -1) continue;
    const e = it.stmt.type === 'ExpressionStatement' ? (it.stmt.expression as Node) : undefined;
    if (e?.type !== 'AssignmentExpression' || e.operator !== '=') continue;
    const target = (exports ? exportsTarget(e.left) : undefined) ?? (e.left.type === 'MemberExpression' ? memberTarget(e.left, declared()) : undefined);
    if (!target) continue;
    const fn = e.right as Node;
    if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') continue;
    // The assigned function is the statement's first inline function (nothing before it has one).
    if (inlineFunctions(it.stmt)[0] !== fn) continue;
    const holder = record.inlines.get(inlineKey(i, 0));
    if (!holder) continue;
    // ('' for `module.exports = <function>`: the holder follows the exports themselves.)
    const key = exportKey(target);
    const keys = followers.get(record) ?? new Map<string, Holder[]>();
    followers.set(record, keys);
    const list = keys.get(key) ?? [];
    if (list.includes(holder)) continue;
    if (before.get(record)?.has(key) && !guarded.has(holder)) guarded.set(holder, before.get(record)!.get(key));
    keys.set(key, [...list, holder]);
    undo.push(() => void keys.set(key, list));
  }
  // A removed top-level function the running text exported by name (`module.exports = { format }`,
  // `exports.format = format`) follows its key too: a named import of it, or a `const { format }
  // = require(…)` taken before, calls what the exports have there now (`exports.format = (s) => …`).
  const removed = new Set(plan.removed.filter((n) => record.fns.has(n)));
  if (removed.size && exports) {
    const keys = followers.get(record) ?? new Map<string, Holder[]>();
    followers.set(record, keys);
    const follow = (key: string, local: Node | undefined): void => {
      const family = local?.type === 'Identifier' && removed.has(local.name) ? record.fns.get(local.name) : undefined;
      if (!family) return;
      const list = keys.get(key) ?? [];
      const more = family.holders.filter((h) => !list.includes(h));
      if (!more.length) return;
      keys.set(key, [...list, ...more]);
      undo.push(() => void keys.set(key, list));
    };
    for (const st of program.body as Node[]) {
      const e = st.type === 'ExpressionStatement' ? (st.expression as Node) : undefined;
      const target = e?.type === 'AssignmentExpression' && e.operator === '=' ? exportsTarget(e.left) : undefined;
      if (!target) continue;
      if (target !== 'module.exports') follow(target.slice(target.lastIndexOf('.') + 1), e!.right);
      else if (e!.right.type !== 'ObjectExpression') follow('', e!.right);
      else {
        for (const p of e!.right.properties as Node[]) {
          if (p.type === 'Property' && !p.computed && p.kind === 'init') follow(p.key.type === 'Identifier' ? p.key.name : String(p.key.value), p.value);
        }
      }
    }
  }
  // A removed function the new text declares again runs its own code: its holders follow no key any more.
  const keys = followers.get(record);
  if (keys && mapped) {
    const again = new Set(topLevel(plan.program, w.source).flatMap((it) => (it.kind === 'function' ? it.names : [])));
    const own = new Set<Holder>();
    for (const name of again) for (const h of record.fns.get(name)?.holders ?? []) own.add(h);
    for (const [key, list] of keys) {
      const kept = list.filter((h) => !own.has(h));
      if (kept.length === list.length) continue;
      keys.set(key, kept);
      undo.push(() => void keys.set(key, list));
    }
  }
  let familyOf: Map<unknown, Family> | undefined;
  for (const [key, holders] of followers.get(record) ?? []) {
    const now = key.startsWith('\0') ? memberNow(record, key) : !exports ? undefined : key === '' ? exports : Object.getOwnPropertyDescriptor(exports, key)?.value;
    if (typeof now !== 'function') continue;
    let moved = false;
    for (const holder of holders) {
      if (holder.f === now || loops((familyOf ??= families(record)), holder, now)) continue;
      const before = Object.getPrototypeOf(holder);
      setHolder(holder, now);
      undo.push(() => Object.setPrototypeOf(holder, before));
      moved = true;
    }
    if (moved) out.push(key.startsWith('\0') ? key.slice(1) : key === '' ? 'module.exports' : key);
  }
  return out;
}
