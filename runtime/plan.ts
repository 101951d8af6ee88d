/**
 * The plan phase: for each changed module, the differ's plan (loader/diff.ts, pure: old
 * text + new text → Plan) — or, for a module that `import.meta.hot.invalidate()`d itself,
 * the plan of a full re-import. Refuses modules that declined edits. Changes nothing but the
 * records' parse cache.
 */
import { LimeadeSyntaxError } from '../loader/analyze.js';
import { isTypeScriptUrl, TSX_HINT } from '../loader/typescript.js';
import { diff, LINKED } from '../loader/diff.js';
import { located, PhaseError } from './blame.js';
import type { RefreshDeps } from './deps.js';
import { withConstReaders } from './consts.js';
import { withDerived } from './derive.js';
import { withStaleNotes } from './stale.js';
import { withReturn } from './returned.js';
import { withPending } from './pending.js';
import { checkHot, fullPlan } from './hot-plan.js';
import { withBuilders } from './builders.js';
import { withMemoNotes } from './memos.js';
import { inNewGraphOrder, withReexporters } from './reexports.js';
import type { Change } from './read.js';
import type { Planned } from './ops.js';
import { runningProgram, type ModuleRecord } from './registry.js';
import { rel } from './report.js';

export type { Planned } from './ops.js';

/**
 * `linked`: modules whose exports added in place a module must link against (runtime/
 * transaction.ts found them when a first attempt failed to link): they are imported again,
 * changed or not, so that their new version's namespace has those names.
 */
export function plan(deps: RefreshDeps, changes: readonly Change[], linked: ReadonlySet<ModuleRecord> = new Set(), json: ReadonlyMap<string, ReadonlySet<string>> = new Map()): Planned[] {
  const declined = deps.hot && checkHot(deps.hot, deps.registry, changes);
  if (declined) throw new PhaseError(declined);
  const own = changes.map(({ record, source }) => planModule(deps, record, source, !linked.has(record)));
  for (const record of linked) {
    if (changes.some((c) => c.record === record) || record.source === undefined || !deps.isFile(record.file)) continue;
    const same = diff(record.source, record.source, record.known, record.parsed?.source === record.source ? record.parsed.program : undefined);
    own.push({ record, source: record.source, plan: { ...same, shape: LINKED } });
  }
  // Then the modules that follow the changed ones without a change of their own: the
  // re-exporters of modules imported again, and the declarations that read a value that
  // changes, in these modules and their importers (also those that read a JSON file whose
  // content changes: `json`, its URL and the exports, `default`, that change). (A module whose file is gone never
  // follows: it cannot be imported again, and it keeps its last code.)
  // A module's state that its top-level statements build in order, through private builder
  // functions, runs again as a whole when the edit touches it (runtime/builders.ts); results a
  // module keeps in a map, computed by code the edit changes, are said (runtime/memos.ts).
  const plans = withReexporters(deps.registry, own.map((p) => withMemoNotes(withBuilders(p))), deps.isFile);
  // Last, the constants those changes assign, moved out of the live scope with their readers
  // compiled again (runtime/consts.ts).
  const derived = withDerived(deps.registry, plans, json);
  // What stays as it was although a fresh process would compute it anew is said (runtime/stale.ts).
  // A CommonJS module that returned at a top-level `return` as it loaded runs nothing after it (runtime/returned.ts).
  return withConstReaders(inNewGraphOrder(deps.registry, withStaleNotes(deps.registry, derived.planned.map((p) => withPending(withReturn(p))), derived.changed, derived.exports)));
}

function planModule(deps: RefreshDeps, record: ModuleRecord, source: string, inPlace: boolean): Planned {
  const file = rel(record.file);
  const failed = deps.sources.failureOf(record, source); // the read phase could not make its JavaScript
  if (failed) throw located(failed.transformed ? 'declined' : 'syntax', file, source, failed.line, failed.column, failed.message);
  const invalidated = deps.hot?.modules.get(record)?.invalidated;
  try {
    // The running text's parse, kept for what else reads it this refresh (runtime/derive.ts,
    // runtime/consts.ts); the differ then parses again only the statements the edit touched.
    const parsed = runningProgram(record);
    const p = diff(record.source!, source, record.known, parsed, new Set(record.fns.keys()), inPlace);
    if (!inPlace && p.shape !== LINKED) p.shape += `: ${LINKED}`;
    return { record, source, plan: invalidated !== undefined ? fullPlan(p, source, invalidated) : p };
  } catch (err) {
    if (err instanceof LimeadeSyntaxError) throw located('syntax', file, source, err.line, err.column, `SyntaxError: ${err.message}${decoratorHint(record, source, err)}`);
    throw err;
  }
}

/**
 * TypeScript's decorators and `accessor` fields are left in place by type stripping, and are
 * no JavaScript the parser knows: said so, with what runs them (found by session 18's review:
 * "Fix the syntax" of valid TypeScript).
 */
function decoratorHint(record: ModuleRecord, source: string, err: LimeadeSyntaxError): string {
  if (!isTypeScriptUrl(record.url)) return '';
  const line = source.split('\n')[err.line - 1] ?? '';
  const at = line.slice(err.column);
  const before = line.slice(0, err.column);
  if (!at.startsWith('@') && !/\baccessor\s*$/.test(before) && !/^\s*accessor\b/.test(at)) return '';
  return ` (TypeScript decorators and \`accessor\` fields need a transform, not just type stripping; ${TSX_HINT})`;
}
