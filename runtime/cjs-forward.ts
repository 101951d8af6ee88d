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
 * is now.
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

/** Points the holders of removed `exports.x = <function>` statements at the export's new function; returns the keys it did. */
export function forwardReplacedExports(w: CompiledModule, undo: UndoLog): string[] {
  const { record, plan } = w;
  const scope = record.commonjs;
  // (Statements whose step fell back to running again are -1 there too: runtime/patch.ts inlineRekey.)
  const map = w.inline.statements ?? plan.statementMap;
  if (!scope || !map || record.source === undefined || record.source === w.source) return [];
  const exports = scope.module.exports as Record<string, unknown> | null;
  if (exports === null || (typeof exports !== 'object' && typeof exports !== 'function')) return [];
  const program = runningProgram(record);
  if (!program) return [];
  const out: string[] = [];
  let index = 0;
  for (const it of topLevel(program, record.source)) {
    if (it.kind !== 'stmt') continue;
    const i = index++;
    if (map[i] !== -1) continue;
    const e = it.stmt.type === 'ExpressionStatement' ? (it.stmt.expression as Node) : undefined;
    if (e?.type !== 'AssignmentExpression' || e.operator !== '=') continue;
    const target = exportsTarget(e.left);
    if (!target) continue;
    const fn = e.right as Node;
    if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') continue;
    // The assigned function is the statement's first inline function (nothing before it has one).
    if (inlineFunctions(it.stmt)[0] !== fn) continue;
    const holder = record.inlines.get(inlineKey(i, 0));
    if (!holder) continue;
    // ('' for `module.exports = <function>`: the holder follows the exports themselves.)
    const key = target === 'module.exports' ? '' : target.slice(target.lastIndexOf('.') + 1);
    const keys = followers.get(record) ?? new Map<string, Holder[]>();
    followers.set(record, keys);
    const list = keys.get(key) ?? [];
    if (list.includes(holder)) continue;
    keys.set(key, [...list, holder]);
    undo.push(() => void keys.set(key, list));
  }
  // A removed top-level function the running text exported by name (`module.exports = { format }`,
  // `exports.format = format`) follows its key too: a named import of it, or a `const { format }
  // = require(…)` taken before, calls what the exports have there now (`exports.format = (s) => …`).
  const removed = new Set(plan.removed.filter((n) => record.fns.has(n)));
  if (removed.size) {
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
  for (const [key, holders] of followers.get(record) ?? []) {
    const now = key === '' ? exports : Object.getOwnPropertyDescriptor(exports, key)?.value;
    if (typeof now !== 'function') continue;
    let moved = false;
    for (const holder of holders) {
      if (holder.f === now) continue;
      const before = Object.getPrototypeOf(holder);
      setHolder(holder, now);
      undo.push(() => Object.setPrototypeOf(holder, before));
      moved = true;
    }
    if (moved) out.push(key);
  }
  return out;
}
