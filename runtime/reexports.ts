/**
 * Re-exporters of a re-imported module (docs/design.md §2.6): a module that passes another
 * module's names on (`export * from './lib.js'`, `export { x } from './lib.js'`) is linked to
 * the record it was loaded with. When that module is imported again as a new version (its
 * exports may have changed), an unedited re-exporter would go on passing the old version's
 * names, and an importer saved in the same burst that asks it for a new name would fail to
 * link. So the re-exporter is imported again too, right after what it re-exports (load
 * order), with every declaration carried and no statement run: it then links to the new
 * version. Transitively: a barrel of barrels follows.
 */
import { diff } from '../loader/diff.js';
import { linksFor, resolve } from './derive.js';
import type { Planned } from './ops.js';
import type { Registry } from './registry.js';
import { rel } from './report.js';

export function withReexporters(registry: Registry, planned: readonly Planned[]): Planned[] {
  const byUrl = new Map(planned.map((p) => [p.record.url, p]));
  const reimported = new Set(planned.filter((p) => p.plan.shape).map((p) => p.record.url));
  if (!reimported.size) return [...planned];
  const added: Planned[] = [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const record of registry.modules.values()) {
      if (byUrl.has(record.url) || record.source === undefined) continue;
      const links = linksFor(registry, record, undefined);
      if (!links) continue;
      const sources = [...links.stars, ...[...links.exports.values()].flatMap((b) => ('from' in b ? [b.from] : []))];
      const via = sources.map((s) => resolve(registry, record.url, s)).find((u) => u !== undefined && reimported.has(u));
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
