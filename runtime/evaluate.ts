/**
 * The evaluate phase: the compiled operations and the re-imports take effect, each change
 * recorded in the undo log the registry opened. Order (docs/design.md §2.5), modules in the
 * plan's order (the new import graph: what a module imports first):
 *
 * 1. every re-import loads (import() yields to the event loop: the program's callbacks that
 *    run meanwhile see nothing changed yet); a CommonJS version is only compiled;
 * 2. code is swapped, every module (phase 0: no program code runs);
 * 3. module by module, a re-imported version is adopted (a CommonJS one runs first: its
 *    `require`s read the values the modules before it have just evaluated), or changed
 *    declarations and statements are evaluated in source order (phase 1), dispose callbacks
 *    first.
 *
 * From the first swap to the end there is no await, unless a dispose callback returns a
 * promise: a callback of the program sees all old or all new code, never a mix.
 */
import { exportsTarget, type Node } from '../loader/analyze.js';
import { classify } from './blame.js';
import type { RefreshDeps } from './deps.js';
import { beginEffects, undoneReport } from './effects.js';
import { applyTracked, noteOutOfOrder, refusedRoute, undoReplaced } from './effects-refresh.js';
import { keepExportsForRollback, orderExports } from './cjs-exports.js';
import { updateFacades } from './cjs-names.js';
import { forwardReplacedExports, snapshotMembers } from './cjs-forward.js';
import { linkExtras } from './extras.js';
import { disposeHot } from './hot-dispose.js';
import type { CompiledModule } from './patch.js';
import { followMoved, followMovedExports, snapshotExports } from './moved.js';
import { adopt, ContinuedClasses, importVersion, prepareVersion, syncExports, type LoadedVersion } from './reimport.js';
import { runningProgram, type Registry } from './registry.js';
import { resolve } from './derive.js';
import { importedSpecifiers, linksOf } from '../loader/reads.js';
import { components } from './graph.js';
import { rel, type ModuleReport } from './report.js';
import type { UndoLog } from './undo.js';

/** Applies `work` (in the plan's order); returns one report per module, or throws a PhaseError (the caller rolls back). */
export async function evaluate(deps: RefreshDeps, work: readonly CompiledModule[], undo: UndoLog): Promise<ModuleReport[]> {
  const reports = new Map(work.map((w) => [w, reportOf(w)]));
  let current: CompiledModule | undefined;
  // While re-imports load, the program's top-level code runs: what it throws is its own.
  let importing = true;
  const hot = deps.hot;
  // Dispose callbacks run as late as they can: right before the module's first changed top-level code.
  const dispose = (w: CompiledModule): Promise<void> | undefined => hot && disposeHot(hot, w.record, w.plan, w.source);
  // A CommonJS facade made while this runs offers the names of the texts it evaluates (runtime/cjs-names.ts).
  deps.registry.planned = new Map(work.map((w) => [w.record.url, w.plan.program]));
  try {
    hot?.begin(work.map((w) => w.record));
    beginEffects(undo);
    // `exports.x = …` writes nothing else records: the exports objects as they are now, first in the log.
    for (const w of work) if (w.record.commonjs) keepExportsForRollback(w.record.commonjs, undo);
    const loaded = new Map<CompiledModule, LoadedVersion>();
    const cycles = importCycles(deps.registry, work);
    const continued = new ContinuedClasses(undo);
    for (const w of work) snapshotMembers(w);
    const exportsBefore = snapshotExports(work);
    const handled = new Set<CompiledModule>();
    for (const w of work) {
      if (handled.has(w)) continue;
      // Modules that import each other in their new texts go together (one at a time
      // otherwise): their re-imported versions first, prepared all before the first is
      // imported, so each links against the others' new versions; then the new imports the
      // others gain in place (luxon 3.4.4: util.js newly imported a function conversions.js
      // added in the same save, and linked against the running conversions.js).
      const group = cycles.get(w) ?? [w];
      for (const m of group) handled.add(m);
      const shaped = group.filter((m) => m.plan.shape);
      for (const m of shaped) {
        current = m;
        await dispose(m);
        // What its replaced code registered goes before the new version runs (a port is free again).
        undoReplaced(m);
      }
      const prepared = shaped.map((m) => prepareVersion(deps, m.record, m.source, m.plan, continued));
      for (const [i, m] of shaped.entries()) {
        current = m;
        loaded.set(m, await importVersion(deps, prepared[i]!));
      }
      for (const m of group)
        if (!m.plan.shape && m.plan.extras) {
          current = m;
          await linkExtras(deps, m.record, m.source, m.plan, undo, (r) => work.find((x) => x.record === r)?.plan.program);
        }
    }
    importing = false;
    for (const w of work) for (const op of w.ops) if (op.phase === 0) (current = w), op.apply(undo);
    // The classes the re-imports continued: their members, for good.
    for (const op of continued.swaps) op.apply(undo);
    for (const w of work) {
      current = w;
      const report = reports.get(w)!;
      const version = loaded.get(w);
      if (version?.run) {
        // A CommonJS version runs now (runtime/reimport.ts): what it requires has evaluated.
        importing = true;
        const swaps = version.run();
        importing = false;
        for (const op of swaps) op.apply(undo);
      }
      if (version) {
        const r = adopt(deps.registry, w.record, w.plan, w.source, undo, version);
        if (!w.record.commonjs && version.namespace) requiredNamespace(w.record, version.namespace, undo);
        report.updated.push(...r.updated);
        if (r.recomputed.length) report.recomputed = r.recomputed;
        report.notes.push(...r.notes);
        report.statements = w.plan.runStatements.filter(Boolean).length;
        forwarded(w, report);
        said(w, report);
        if (w.record.commonjs) updateFacades(w.record, undo);
        continue;
      }
      rebindExports(w, undo);
      for (const op of w.ops) {
        const disposing = op.phase === 1 ? dispose(w) : undefined;
        if (disposing) await disposing;
        if (op.phase === 1) {
          undoReplaced(w);
          applyTracked(w, op, () => op.apply(undo));
        }
        if (op.label === 'statement') report.statements++;
        else if (op.derived) (report.recomputed ??= []).push(op.label);
        // One site patched in the holders of several versions is one update.
        else if (op.label && !report.updated.includes(op.label)) report.updated.push(op.label);
      }
      // Older versions' bindings behind an export the live version binds under another name (runtime/reimport.ts).
      syncExports(w.record, undo);
      // A CommonJS module whose statements ran: its exports in a fresh run's key order.
      if (w.record.commonjs && w.plan.steps.some((s) => s.type === 'run')) orderExports(w.record.commonjs, w.plan.program, undo);
      // Removed statements and declarations: their dispose callbacks run too.
      const removed = dispose(w);
      if (removed) await removed;
      undoReplaced(w);
      forwarded(w, report);
      said(w, report);
      // ES facades limeade made for it (runtime/cjs-names.ts) take its new values.
      if (w.record.commonjs) updateFacades(w.record, undo);
    }
    // A function moved to another module by this save: references taken before call the new one.
    for (const [w, { updated, notes }] of followMoved(deps.registry, work, deps.isFile, undo)) {
      reports.get(w)!.updated.push(...updated);
      reports.get(w)!.notes.push(...notes);
    }
    for (const [w, labels] of followMovedExports(deps.registry, work, exportsBefore, deps.isFile, undo)) reports.get(w)!.updated.push(...labels);
  } catch (err) {
    throw (current && refusedRoute(err, current)) ?? classify(err, current, importing, deps.isFile, (url) => deps.registry.modules.get(url));
  } finally {
    deps.registry.planned = undefined;
  }
  /** CommonJS: functions held from removed `exports.x = …` statements run the export's new function (runtime/cjs-forward.ts). */
  function forwarded(w: CompiledModule, report: ModuleReport): void {
    for (const key of forwardReplacedExports(w, undo)) if (!report.updated.includes(key)) report.updated.push(key);
  }
  // A note said for each version of an owner that made closures says one thing: once.
  return work.map((w) => {
    const report = reports.get(w)!;
    report.notes = [...new Set(report.notes)];
    return report;
  });
}

/**
 * CommonJS: the running text assigned `module.exports = …` and the new one no longer does (it
 * writes `exports.x = …` instead). In a fresh process `exports` is `module.exports`; here the
 * wrapper's `exports` is still the object the module started with, which nobody reads. So it
 * is bound to the exports object the program holds before the new statements run.
 */
function rebindExports(w: CompiledModule, undo: UndoLog): void {
  const scope = w.record.commonjs;
  const old = scope && w.record.source !== w.source ? runningProgram(w.record) : undefined;
  if (!old) return;
  const assigns = (program: Node): boolean =>
    (program.body as Node[]).some((st) => st.type === 'ExpressionStatement' && st.expression.type === 'AssignmentExpression' && exportsTarget(st.expression.left) === 'module.exports');
  if (!assigns(old) || assigns(w.plan.program)) return;
  const set = w.record.home('(v) => { const was = exports; exports = v; return was; }') as (v: unknown) => unknown;
  const was = set(scope!.module.exports);
  undo.push(() => void set(was));
}

/**
 * An ES module imported again that `require` loaded too (require(esm)): `require.cache` keeps
 * the first version's namespace, which has none of the exports added since; later requires
 * (a CommonJS version running at its turn: `const { f, g } = require('./e.mjs')`) get the new
 * version's, as a fresh process's would. A namespace the program already holds stays the old
 * one (runtime/stale.ts notes it).
 */
function requiredNamespace(record: { file: string }, namespace: Record<string, unknown>, undo: UndoLog): void {
  const cache = (process.getBuiltinModule('node:module') as unknown as { _cache?: Record<string, { exports: unknown }> })._cache;
  const entry = cache?.[record.file];
  const held = entry?.exports as { [Symbol.toStringTag]?: unknown } | undefined;
  if (!entry || held === namespace || held == null || typeof held !== 'object' || held[Symbol.toStringTag] !== 'Module') return;
  entry.exports = namespace;
  undo.push(() => void (entry.exports = held));
}

/** What the module's replaced code had registered and the refresh took back (runtime/effects.ts). */
function said(w: CompiledModule, report: ModuleReport): void {
  noteOutOfOrder(w);
  const { undone, notes } = undoneReport(w.record);
  if (undone.length) report.undone = undone;
  report.notes.push(...notes);
}

function reportOf(w: CompiledModule): ModuleReport {
  const report: ModuleReport = {
    file: rel(w.record.file),
    path: w.plan.shape ? 'reimport' : 'patch',
    updated: [],
    removed: [...w.plan.removed],
    statements: 0,
    notes: [...w.plan.notes, ...w.notes],
  };
  if (w.plan.shape) report.reason = w.plan.shape;
  else if (w.plan.extras) {
    const { imports, loads, exports } = w.plan.extras;
    const linked = [
      ...imports.map((b) => `imported ${b.name === '*' ? `* as ${b.local}` : b.name === 'default' ? b.local : `{ ${b.name === b.local ? b.local : `${b.name} as ${b.local}`} }`} from '${b.from}'`),
      ...loads.filter((spec) => !imports.some((b) => b.from === spec)).map((spec) => `imported '${spec}'`),
      ...exports.map((e) => `exported ${e.name === e.local ? e.name : `${e.local} as ${e.name}`}`),
    ];
    if (linked.length) report.linked = linked;
  }
  return report;
}

/**
 * The ES modules of a refresh that import each other in their new texts (a cycle, also through
 * re-exports) and that load something (a re-import, or a new import applied in place): by
 * module, its group, in `work`'s order. They are loaded together.
 */
function importCycles(registry: Registry, work: readonly CompiledModule[]): Map<CompiledModule, CompiledModule[]> {
  const out = new Map<CompiledModule, CompiledModule[]>();
  const loading = work.filter((w) => (w.plan.shape || w.plan.extras) && !w.record.commonjs);
  if (loading.length < 2) return out;
  const byUrl = new Map(loading.map((w) => [w.record.url, w]));
  const edges = (w: CompiledModule): CompiledModule[] =>
    importedSpecifiers(linksOf(w.plan.program, w.source)).flatMap((spec) => {
      const m = byUrl.get(resolve(registry, w.record.url, spec) ?? '');
      return m && m !== w ? [m] : [];
    });
  for (const group of components(loading, edges)) {
    if (group.length < 2) continue;
    const ordered = loading.filter((w) => group.includes(w));
    for (const m of ordered) out.set(m, ordered);
  }
  return out;
}
