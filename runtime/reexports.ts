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
 * bumped by a function would read 0 for ever). And the same for an unedited importer of a
 * name whose link changed — a re-export pointed at another module (`export { cap } from
 * './m.js'` → `from './compat.js'`), a local function that became a re-export — since ESM
 * links an import once: imported again, its code calls what a fresh process would. (A
 * namespace object the program took before, and a function copied out of it, keep the first
 * target: that function is the old target itself, which other modules still use as it is;
 * docs/design.md §5.) An importer edited in the same save whose namespace import or imported
 * `let` is such a link is imported again too, with its edit, instead of patched in place. So is
 * an ES module holding the namespace of a CommonJS file whose exported names change.
 */
import { components } from './graph.js';
import { exportedKeys } from '../loader/analyze.js';
import { runningProgram } from './registry.js';
import { diff } from '../loader/diff.js';
import { importedSpecifiers, type ExportBinding, type ModuleLinks } from '../loader/reads.js';
import { linksFor, resolve } from './derive.js';
import type { Planned } from './ops.js';
import type { Registry } from './registry.js';
import { rel } from './report.js';

/** `exists`: whether a module's file is still there (a deleted module cannot be imported again: it keeps its last version). */
export function withReexporters(registry: Registry, planned: readonly Planned[], exists: (file: string) => boolean): Planned[] {
  const byUrl = new Map(planned.map((p) => [p.record.url, p]));
  const reimported = new Set(planned.filter((p) => p.plan.shape).map((p) => p.record.url));
  // CommonJS files whose exported names change: Node made an ES module's namespace of one
  // (`import * as util from './util.cjs'`) from its first names, for good; imported again, the
  // importer gets one of the names now (runtime/cjs-names.ts). Found by session 17's review.
  const renamed = new Set(planned.filter((p) => p.record.commonjs && cjsNamesChange(p)).map((p) => p.record.url));
  if (!reimported.size && !renamed.size) return [...planned];
  const added: Planned[] = [];
  const replaced = new Map<Planned, Planned>();
  const retargeted = retargets(registry, byUrl);
  for (let grew = true; grew; ) {
    grew = false;
    for (const record of registry.modules.values()) {
      // An importer edited in the same save and patched in place (its plan has no shape) is linked
      // to the old version too: it is imported again instead, with its edit (found by session
      // 17's review: `import * as lib` kept the barrel's first names when main.js was saved with it).
      const edited = byUrl.get(record.url);
      if ((edited && (edited.plan.shape || reimported.has(record.url))) || record.source === undefined || !exists(record.file)) continue;
      const links = linksFor(record, edited);
      if (!links) continue;
      const sources = [...links.stars, ...[...links.exports.values()].flatMap((b) => ('from' in b ? [b.from] : []))];
      const reexported = sources.map((s) => resolve(registry, record.url, s)).find((u) => u !== undefined && reimported.has(u));
      const mutable = reexported ? undefined : importsMutable(registry, record.url, links, reimported, byUrl);
      const cjs = record.commonjs || !renamed.size ? undefined : [...links.imports.values()].find((b) => b.name === '*' && renamed.has(resolve(registry, record.url, b.from) ?? ''));
      const moved = reexported || mutable ? undefined : cjs ? { name: '*', from: resolve(registry, record.url, cjs.from)! } : importsRetargeted(registry, record.url, links, reimported, retargeted, !!edited);
      const via = reexported ?? mutable ?? moved?.from;
      if (!via) continue;
      // (An edited importer's named imports of names added in place link on the patch path: runtime/extras.ts.)
      if (edited && !mutable && moved?.name !== '*') continue;
      const file = rel(byUrl.get(via)!.record.file);
      const shape = !moved
        ? `it re-exports ${file}, which is imported again`
        : cjs
          ? `it imports the namespace of ${file}, whose exported names changed`
          : moved.name === '*'
          ? `it imports the namespace of ${file}, which now passes a name on from elsewhere`
          : ownBinding(byUrl.get(via)!, moved.name)
            ? `it imports ${moved.name} from ${file}, which now exports another of its bindings under that name`
            : `it imports ${moved.name} from ${file}, which now passes it on from elsewhere`;
      reimported.add(record.url);
      grew = true;
      if (edited) {
        const p: Planned = { ...edited, plan: { ...edited.plan, shape } };
        replaced.set(edited, p);
        byUrl.set(record.url, p);
        continue;
      }
      const same = diff(record.source, record.source, record.known, record.parsed?.source === record.source ? record.parsed.program : undefined);
      const p: Planned = { record, source: record.source, plan: { ...same, shape } };
      added.push(p);
      byUrl.set(record.url, p);
    }
  }
  const given = planned.map((p) => replaced.get(p) ?? p);
  return added.length ? registry.inLoadOrder([...given, ...added]) : given;
}

/** Does the new text of `p` export `name` from a binding of its own (not a re-export)? */
function ownBinding(p: Planned, name: string): boolean {
  const b = linksFor(p.record, p)?.exports.get(name);
  return !!b && 'local' in b && !linksFor(p.record, p)?.imports.has(b.local);
}

/** Does a CommonJS module's edit change the names it exports (both texts say every key they export)? */
function cjsNamesChange(p: Planned): boolean {
  const old = runningProgram(p.record);
  if (!old || p.record.source === p.source) return false;
  const before = exportedKeys(old);
  const after = exportedKeys(p.plan.program);
  return !!before && !!after && (before.size !== after.size || [...after].some((k) => !before.has(k)));
}

/**
 * Per re-imported module, the export names whose link changes with its new text: another
 * module or binding behind a re-export, a local binding that became a re-export or the
 * reverse, a name that comes through an `export *` list that changed; and, transitively, the
 * names it passes on from a module whose link of them changed. ('*': any name may have.)
 */
function retargets(registry: Registry, byUrl: ReadonlyMap<string, Planned>): (url: string) => ReadonlySet<string> {
  const memo = new Map<string, Set<string>>();
  const of = (url: string): Set<string> => {
    const known = memo.get(url);
    if (known) return known;
    const out = new Set<string>();
    memo.set(url, out); // a cycle of re-exports ends here
    const p = byUrl.get(url);
    const record = p?.record ?? registry.modules.get(url);
    const after = record && linksFor(record, p);
    if (!record || !after) return out;
    const before = p?.plan.shape ? linksFor(record, undefined) : after;
    const target = (links: ModuleLinks, b: ExportBinding): string => {
      const imported = 'local' in b ? links.imports.get(b.local) : b;
      if (!imported) return `#${(b as { local: string }).local}`;
      return `${resolve(registry, url, imported.from) ?? imported.from}#${imported.name}`;
    };
    if (before && before !== after) {
      for (const [name, b] of after.exports) {
        const a = before.exports.get(name);
        if (a && target(before, a) !== target(after, b)) out.add(name);
      }
      if (before.stars.join('\0') !== after.stars.join('\0')) out.add('*');
      // A name it gained or lost: what `export *` passes on, and its namespace, change too.
      for (const name of after.exports.keys()) if (!before.exports.has(name)) out.add(name);
      for (const name of before.exports.keys()) if (!after.exports.has(name)) out.add(name);
    }
    for (const [name, b] of after.exports) {
      const from = 'local' in b ? after.imports.get(b.local) : b;
      const u = from && resolve(registry, url, from.from);
      const theirs = u === undefined || u === url ? undefined : of(u);
      if (theirs && moves(theirs, from!.name)) out.add(name);
    }
    for (const spec of after.stars) {
      const u = resolve(registry, url, spec);
      const theirs = u === undefined || u === url ? undefined : of(u);
      if (theirs?.size) out.add('*');
    }
    return out;
  };
  return of;
}

/** A name `record` imports (by its current text) from a re-imported module whose link of it changed. */
function importsRetargeted(
  registry: Registry,
  url: string,
  links: ModuleLinks,
  reimported: ReadonlySet<string>,
  retargeted: (url: string) => ReadonlySet<string>,
  namespaceFirst = false,
): { from: string; name: string } | undefined {
  // For an edited importer, a namespace import first: it is imported again for that, not for a
  // name it also imports from there (`import { add }` beside `import * as lib`, found by session 18's review).
  let first: { from: string; name: string } | undefined;
  for (const b of links.imports.values()) {
    const from = resolve(registry, url, b.from);
    if (from === undefined || !reimported.has(from) || !moves(retargeted(from), b.name)) continue;
    if (!namespaceFirst || b.name === '*') return { from, name: b.name };
    first ??= { from, name: b.name };
  }
  return first;
}

/** Does a module whose retargeted names are `moved` change what its `name` ('*': its namespace) links to? */
function moves(moved: ReadonlySet<string>, name: string): boolean {
  return moved.has('*') || (name === '*' ? moved.size > 0 : moved.has(name));
}

/** The re-imported module `record` imports a `let`/`var` binding from (by its new text), if any. */
function importsMutable(registry: Registry, url: string, links: ModuleLinks, reimported: ReadonlySet<string>, byUrl: Map<string, Planned>): string | undefined {
  for (const b of links.imports.values()) {
    const from = resolve(registry, url, b.from);
    const p = from !== undefined && reimported.has(from) ? byUrl.get(from) : undefined;
    if (!p) continue;
    const theirs = linksFor(p.record, p);
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
    const links = linksFor(p.record, p);
    if (!links) return [];
    const specs = importedSpecifiers(links);
    // A CommonJS module registers before it requires: what it requires comes first all the same
    // (so does what an ES module requires through `createRequire`).
    if (p.record.commonjs || links.createsRequire) specs.push(...links.required);
    return specs.flatMap((spec) => byUrl.get(resolve(registry, p.record.url, spec) ?? '') ?? []);
  };
  return components(ordered, depsOf).flatMap((component) => registry.inLoadOrder(component));
}
