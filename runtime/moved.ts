/**
 * A function moved to another module in one save (docs/design.md §2.6): an importer that took
 * `f` from `./a.js` takes it from `./b.js` in its new text, and `a.js` no longer declares the
 * function it exported as `f` (the same save removed it, or deleted the file). A fresh process
 * would hold `b.js`'s function wherever the program took `f` (a route registered with it, a
 * copy kept at start); here those references are the old function, which no new code would
 * ever reach. So the old function's handles forward to the new one (its identity, which
 * follows later edits of `b.js`), undone with the refresh. ES modules only: what a CommonJS
 * file takes from `require` has no such static link.
 */
import { fileURLToPath } from 'node:url';
import { parseModule } from '../loader/analyze.js';
import { linksOf, type ImportBinding, type ModuleLinks } from '../loader/reads.js';
import { setImpl, type FnFamily } from './families.js';
import type { CompiledModule } from './patch.js';
import type { ModuleRecord, Registry } from './registry.js';
import { rel } from './report.js';
import type { UndoLog } from './undo.js';

/** A move found: the old function's family, and the function it now forwards to. */
interface Move {
  family: FnFamily;
  to: Function;
  label: string;
}

/** The links of a module's text (its parse kept on the record when it is that text). */
function linksOfText(record: ModuleRecord, text: string): ModuleLinks | undefined {
  try {
    const program = record.parsed?.source === text ? record.parsed.program : parseModule(text);
    return linksOf(program, text);
  } catch {
    return undefined;
  }
}

/** The local binding behind export `name` of a module's text (`export default <expr>` has none that matters here). */
function localOf(links: ModuleLinks | undefined, name: string): string | undefined {
  const b = links?.exports.get(name);
  return b && 'local' in b ? b.local : undefined;
}

/** The record of a relative specifier, as written in `from`'s text (a bare one: not the program's). */
function target(registry: Registry, from: ModuleRecord, spec: string): ModuleRecord | undefined {
  if (!spec.startsWith('./') && !spec.startsWith('../')) return undefined;
  try {
    return registry.modules.get(new URL(spec, from.url).href);
  } catch {
    return undefined;
  }
}

/**
 * The moves `work` (a refresh's modules, evaluated, not committed) makes, applied: labels by
 * importer (`f moved to b.js`) for its report. `isFile` tells a deleted module.
 */
export function followMoved(registry: Registry, work: readonly CompiledModule[], isFile: (file: string) => boolean, undo: UndoLog): Map<CompiledModule, string[]> {
  const out = new Map<CompiledModule, string[]>();
  const byRecord = new Map(work.map((w) => [w.record, w]));
  const moves = new Map<FnFamily, Move | null>();
  for (const w of work) {
    const old = w.record.source;
    if (w.record.commonjs || old === undefined || old === w.source) continue;
    const before = linksOfText(w.record, old);
    if (!before) continue;
    const after = linksOf(w.plan.program, w.source);
    for (const [local, was] of before.imports) {
      const now: ImportBinding | undefined = after.imports.get(local);
      if (!now || was.name === '*' || now.name === '*' || (now.from === was.from && now.name === was.name)) continue;
      const a = target(registry, w.record, was.from);
      const b = target(registry, w.record, now.from);
      if (!a || !b || a === b || a.commonjs || b.commonjs || a.source === undefined) continue;
      const name = localOf(linksOfText(a, a.source), was.name);
      const family = name === undefined ? undefined : a.fns.get(name);
      if (!family || moves.get(family) === null) continue;
      // Gone from its module: removed by this refresh, or the file deleted.
      const wa = byRecord.get(a);
      const gone = wa ? wa.plan.removed.includes(name!) : !isFile(fileURLToPath(a.url));
      if (!gone) continue;
      const wb = byRecord.get(b);
      const bLocal = localOf(linksOfText(b, wb ? wb.source : (b.source ?? '')), now.name);
      let to: unknown;
      try {
        to = bLocal === undefined ? undefined : (b.fns.get(bLocal)?.handles[0] ?? b.home(bLocal));
      } catch {
        continue; // (not initialized)
      }
      if (typeof to !== 'function' || family.handles.includes(to)) continue;
      const had = moves.get(family);
      // Two importers that moved it to two places: no one place is the new code.
      if (had && had.to !== to) moves.set(family, null);
      else if (!had) {
        moves.set(family, { family, to, label: `${was.name} moved to ${rel(b.file)}` });
        out.set(w, [...(out.get(w) ?? []), `${was.name} moved to ${rel(b.file)}`]);
      }
    }
  }
  for (const move of moves.values()) if (move) setImpl(move.family, move.to, undo);
  // An importer whose move was given up has no label for it.
  for (const [w, labels] of out) {
    const kept = labels.filter((l) => [...moves.values()].some((m) => m?.label === l));
    if (kept.length) out.set(w, kept);
    else out.delete(w);
  }
  return out;
}
