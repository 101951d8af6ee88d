/**
 * A refresh, as a transaction over named phases (docs/design.md §3.2). Each phase is a
 * function in its own file that takes the previous one's value and returns the next:
 *
 *   read      (runtime/read.ts)     which files changed, and their new JavaScript (or JSON)
 *   plan      (runtime/plan.ts)     the differ's plan per module (loader/diff.ts, pure)
 *   compile   (runtime/patch.ts)    plans → operations; no program code runs (JSON texts
 *                                   parse here: runtime/json.ts)
 *   evaluate  (runtime/evaluate.ts) re-imports load, code swaps, changed code evaluates,
 *                                   every change recorded in the registry's undo log
 *   commit    (Registry.commit)     the new texts become the base of the next refresh;
 *   or rollback (Registry.rollback) the undo log runs backwards, nothing changed.
 *
 * `refresh` never throws: every outcome is a RefreshReport.
 */
import { internalError, PhaseError } from './blame.js';
import type { RefreshDeps } from './deps.js';
import { commitEffects, dropEffects } from './effects.js';
import { evaluate } from './evaluate.js';
import { unlinkable } from './extras.js';
import { withInvalidated } from './hot-plan.js';
import { applyJson, commitJson, prepareJson, type JsonChange, type JsonStep } from './json.js';
import { takeUnplannedNotes } from './stale.js';
import { compile } from './patch.js';
import { plan, type Planned } from './plan.js';
import type { ModuleRecord, Registry } from './registry.js';
import { read, type Change } from './read.js';
import { renewFailedRuns, renewUnparsed } from './failed-runs.js';
import { rel, type ModuleReport, type RefreshError, type RefreshReport } from './report.js';

export type { RefreshDeps } from './deps.js';

/**
 * Applies what changed on disk: every loaded file, or `only` these (the watcher's), plus
 * files that failed before. A file never blocks the others (docs/design.md §2.5): when the
 * refresh fails because of a text that already failed and has not changed since, it is run
 * again without the texts being retried, so an unrelated save applies; the report names the
 * files that still fail.
 */
export async function refresh(deps: RefreshDeps, only?: ReadonlySet<string>): Promise<RefreshReport> {
  const started = performance.now();
  const done = (r: Omit<RefreshReport, 'durationMs'>): RefreshReport => ({ ...r, durationMs: performance.now() - started });
  const { registry } = deps;
  let changes: Change[];
  let json: JsonChange[];
  let renewed: Map<ModuleRecord, ModuleReport>;
  let unparsed: ModuleReport[];
  try {
    unparsed = renewUnparsed(deps, only);
    const found = await read(deps, only);
    for (const record of found.recovered) registry.forgetFailure(record);
    renewed = await renewFailedRuns(deps, found.changes);
    changes = withInvalidated(deps.hot, registry, found.changes.filter((c) => !renewed.has(c.record)));
    json = found.json;
  } catch (err) {
    return done({ ok: false, modules: [], error: internalError(err, undefined) });
  }
  // (Renewed modules are said with whatever else the refresh did: they run anew at their next import either way.)
  const withRenewed = (r: Omit<RefreshReport, 'durationMs'>): Omit<RefreshReport, 'durationMs'> => (r.ok && (renewed.size || unparsed.length) ? { ...r, modules: [...unparsed, ...renewed.values(), ...r.modules] } : r);
  // A failure in a saved file is the save's to fix: all or nothing. Elsewhere — in a text
  // that already failed, or in a module that follows the changes (a declaration derived from
  // a changed value fails as a fresh process would) — it may be the old failure's: the
  // refresh runs again without the texts being retried, so an unrelated save applies.
  const first = await attempt(deps, changes, json);
  const retried = [...changes, ...json].filter((c) => c.retry);
  const saved = new Set([...changes, ...json, ...[...renewed.keys()].map((record) => ({ record }))].filter((c) => !('retry' in c && c.retry)).map((c) => rel(c.record.file)));
  if (first.ok || !retried.length || saved.has(first.error.file)) return done(withRenewed(first));
  const rest = changes.filter((c) => !c.retry);
  const restJson = json.filter((c) => !c.retry);
  const second = rest.length || restJson.length ? await attempt(deps, rest, restJson) : undefined;
  // If nothing applied without them either, the first error is the one to fix.
  if (!second?.ok) return done(first);
  return done(withRenewed({ ...second, stillFailing: retried.map((c) => rel(c.record.file)) }));
}

/** The modules that export `message`'s missing name only in place (committed, or added by this attempt's plans), not yet re-imported for it. */
function exportersInPlace(registry: Registry, planned: readonly Planned[], message: string, linked: ReadonlySet<ModuleRecord>): ModuleRecord[] {
  const name = /does not provide an export named '([^']+)'/.exec(message)?.[1];
  if (name === undefined) return [];
  const out = new Set<ModuleRecord>();
  for (const record of registry.modules.values()) if (record.extras?.exports.has(name) && !record.extras.linkable.has(name)) out.add(record);
  for (const p of planned) if (!p.plan.shape && p.plan.extras?.exports.some((e) => e.name === name)) out.add(p.record);
  return [...out].filter((r) => !linked.has(r));
}

type Attempt = { ok: true; modules: ModuleReport[] } | { ok: false; modules: []; error: RefreshError };

/**
 * One transaction over these changes: plan → compile → evaluate → commit, or rollback. When
 * a module failed to link against a name that another module exports only in place (its
 * extra scope, runtime/extras.ts: a module loaded for the first time, or imported again,
 * imports it), the attempt is made again with that exporter imported again.
 */
async function attempt(deps: RefreshDeps, changes: Change[], json: JsonChange[], linked: ReadonlySet<ModuleRecord> = new Set()): Promise<Attempt> {
  const { registry } = deps;
  let planned: Planned[] = [];
  // Modules this attempt loads for the first time that never begin to run (a new file whose
  // import failed to link): Node holds them failed under their URLs (below).
  const unstarted = new Set(registry.unstarted());
  try {
    // JSON texts parse first (an invalid one fails like a syntax error); those applied in
    // place change their importers' values, which are then derived again (runtime/derive.ts).
    const steps: JsonStep[] = await prepareJson(json, deps.heldJson);
    const seeds = new Map(steps.filter((s) => !s.blocked).map((s) => [s.change.record.url, new Set(['default'])]));
    planned = plan(deps, changes, linked, seeds);
    const unlinked = unlinkable(registry, planned).filter((r) => !linked.has(r));
    if (unlinked.length) return await attempt(deps, changes, json, new Set([...linked, ...unlinked]));
    if (!planned.length && !steps.length) return { ok: true, modules: [] };
    const compiled = planned.map(compile);
    const undo = registry.begin();
    // A JSON file is a dependency of the modules that read it: its content changes first.
    const jsonReports = applyJson(steps, undo);
    // What stays as it was because of a JSON file's change (a statement that read its keys): in its report.
    const unplanned = takeUnplannedNotes();
    jsonReports.forEach((r, i) => r.notes.push(...(unplanned.get(steps[i]!.change.record.url) ?? [])));
    const modules = await evaluate(deps, compiled, undo);
    registry.commit(compiled.map((c) => ({ record: c.record, source: c.source, program: c.plan.program, declared: c.plan.declared, inline: c.inline })));
    commitJson(steps);
    commitEffects(compiled.map((c) => ({ record: c.record, statements: c.inline.statements })));
    deps.hot?.commit(compiled.map((c) => c.record));
    return { ok: true, modules: [...jsonReports, ...modules] };
  } catch (err) {
    const error: RefreshError = err instanceof PhaseError ? err.error : internalError(err, changes[0]?.record);
    const exporters = exportersInPlace(registry, planned, error.message, linked);
    const failed = registry.rollback([...changes, ...json]);
    dropEffects();
    // A new file that failed to link (it imports a name its dependency does not export yet)
    // would fail again at every later import of its URL, after the export is added too: the
    // next import loads it under a new one (found by session 17's review).
    for (const url of registry.unstarted()) if (!unstarted.has(url)) deps.setLoaderVersion(url, registry.renew(url, undefined));
    if (exporters.length && !failed.length) {
      deps.hot?.rollback(changes.map((c) => c.record));
      return attempt(deps, changes, json, new Set([...linked, ...exporters]));
    }
    // Said, not hidden: a step that could not be undone may leave a mix of versions.
    if (failed.length)
      error.message += ` (and ${failed.length} rollback step${failed.length > 1 ? 's' : ''} failed: ${failed[0]}; restart the program to be sure it runs one version)`;
    deps.hot?.rollback(changes.map((c) => c.record));
    return { ok: false, modules: [], error };
  }
}
