/**
 * Links between the modules of one refresh (docs/design.md §2.6): who must follow a module
 * that is imported again, and the order the new import graph gives.
 *
 * Re-exporters of a re-imported module: a module that passes another
 * module's names on (`export * from './lib.js'`, `export { x } from './lib.js'`) is linked to
 * the record it was loaded with. When that module is imported again as a new version (its
 * exports may have changed), an unedited re-exporter would go on passing the old version's
 * names, and an importer saved in the same burst that asks it for a new name would fail to
 * link. So the re-exporter is imported again too, right after what it re-exports (load
 * order), with every declaration carried and no statement run: it then links to the new
 * version. Transitively: a barrel of barrels follows. The same for an unedited importer of an
 * exported `let` or `var` of the re-imported module: its import is linked to the old
 * version's binding, which the new version's code no longer assigns (`export let epoch`
 * bumped by a function would read 0 for ever).
 */
import { diff } from '../loader/diff.js';
import type { ModuleLinks } from '../loader/reads.js';
import { linksFor, resolve } from './derive.js';
import type { Planned } from './ops.js';
import type { Registry } from './registry.js';
import { rel } from './report.js';

/** `exists`: whether a module's file is still there (a deleted module cannot be imported again: it keeps its last version). */
export function withReexporters(registry: Registry, planned: readonly Planned[], exists: (file: string) => boolean): Planned[] {
  const byUrl = new Map(planned.map((p) => [p.record.url, p]));
  const reimported = new Set(planned.filter((p) => p.plan.shape).map((p) => p.record.url));
  if (!reimported.size) return [...planned];
  const added: Planned[] = [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const record of registry.modules.values()) {
      if (byUrl.has(record.url) || record.source === undefined || !exists(record.file)) continue;
      const links = linksFor(registry, record, undefined);
      if (!links) continue;
      const sources = [...links.stars, ...[...links.exports.values()].flatMap((b) => ('from' in b ? [b.from] : []))];
      const via =
        sources.map((s) => resolve(registry, record.url, s)).find((u) => u !== undefined && reimported.has(u)) ??
        importsMutable(registry, record.url, links, reimported, byUrl);
      if (!via) continue;
      const same = diff(record.source, record.source, record.known, record.parsed?.source === record.source ? record.parsed.program : undefined);
      const p: Planned = { record, source: record.source, plan: { ...same, shape: `it re-exports ${rel(byUrl.get(via)!.record.file)}, which is imported again` } };
      added.push(p);
      byUrl.set(record.url, p);
      reimported.add(record.url);
      grew = true;
    }
  }
  return added.length ? registry.inLoadOrder([...planned, ...added]) : [...planned];
}

/** The re-imported module `record` imports a `let`/`var` binding from (by its new text), if any. */
function importsMutable(registry: Registry, url: string, links: ModuleLinks, reimported: ReadonlySet<string>, byUrl: Map<string, Planned>): string | undefined {
  for (const b of links.imports.values()) {
    const from = resolve(registry, url, b.from);
    const p = from !== undefined && reimported.has(from) ? byUrl.get(from) : undefined;
    if (!p) continue;
    const theirs = linksFor(registry, p.record, p);
    const e = theirs?.exports.get(b.name);
    if (b.name === '*' ? theirs?.mutable.size : e && 'local' in e && theirs?.mutable.has(e.local)) return from;
  }
  return undefined;
}

/**
 * The plans in the order of the new import graph: what a module imports (by its new text)
 * before it, so a module first loaded by a refresh, or one whose imports changed, is applied
 * after what it now needs. Modules of one import cycle keep their load order among
 * themselves (Tarjan's strongly connected components come out dependencies first).
 */
export function inNewGraphOrder(registry: Registry, planned: readonly Planned[]): Planned[] {
  const byUrl = new Map(planned.map((p) => [p.record.url, p]));
  const ordered = registry.inLoadOrder(planned);
  const depsOf = (p: Planned): Planned[] => {
    const links = linksFor(registry, p.record, p);
    if (!links) return [];
    const specs = [...links.imports.values()].map((b) => b.from).concat(links.stars, [...links.exports.values()].flatMap((b) => ('from' in b ? [b.from] : [])));
    return specs.flatMap((spec) => byUrl.get(resolve(registry, p.record.url, spec) ?? '') ?? []);
  };
  const index = new Map<Planned, number>();
  const low = new Map<Planned, number>();
  const stack: Planned[] = [];
  const out: Planned[] = [];
  const visit = (p: Planned): void => {
    index.set(p, index.size);
    low.set(p, index.get(p)!);
    stack.push(p);
    for (const d of depsOf(p)) {
      if (!index.has(d)) {
        visit(d);
        low.set(p, Math.min(low.get(p)!, low.get(d)!));
      } else if (stack.includes(d)) low.set(p, Math.min(low.get(p)!, index.get(d)!));
    }
    if (low.get(p) !== index.get(p)) return;
    const component: Planned[] = [];
    for (let q = stack.pop()!; ; q = stack.pop()!) {
      component.push(q);
      if (q === p) break;
    }
    out.push(...registry.inLoadOrder(component));
  };
  for (const p of ordered) if (!index.has(p)) visit(p);
  return out;
}
