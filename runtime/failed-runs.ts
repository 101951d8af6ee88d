/**
 * Modules whose first run threw (docs/design.md §2.5, "A failed file never blocks the
 * others"). An ES module that throws while it evaluates — a new file of a save that failed,
 * a lazy `import('./plugin.js')` of the program — stays failed in Node's module map for good:
 * every later import of its URL gets the same error, and so do the modules that import it.
 * Patching its code would change nothing a fresh process would see. So when a refresh finds
 * such a module, its record goes and the loader is told to load it, and those of its
 * importers that never began to run, under a new URL the next time anything imports it (a
 * retried importer in the same refresh, or the program's next `import()`): it then runs its
 * new text from the start, as in a fresh process.
 */
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RefreshDeps } from './deps.js';
import type { Change } from './read.js';
import type { ModuleRecord } from './registry.js';
import { rel, type ModuleReport } from './report.js';
import { forgetModule } from './effects.js';
import { parseModule } from '../loader/analyze.js';

/** How long an import of a module that began to run may take to settle before it counts as waiting (a top-level `await`). */
const SETTLE_MS = 20;

type Outcome = 'ran' | 'failed' | 'waiting';

/** Does importing `url` again settle, and how? (Node answers a module it holds at once; the loader's hooks may take a thread's round trip.) */
async function outcome(deps: RefreshDeps, url: string): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const waiting = new Promise<Outcome>((resolve) => (timer = setTimeout(resolve, SETTLE_MS, 'waiting')));
  try {
    return await Promise.race([
      deps.importModule(url).then(
        (): Outcome => 'ran',
        (): Outcome => 'failed',
      ),
      waiting,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The changed modules whose first run did not end because it threw: each renewed (its record
 * dropped, what that run registered taken back, later imports load it anew), with the line
 * its report gives. Then the modules that never began to run and whose import fails too (they
 * import one of them) get a new URL as well.
 */
export async function renewFailedRuns(deps: RefreshDeps, changes: readonly Change[]): Promise<Map<ModuleRecord, ModuleReport>> {
  const out = new Map<ModuleRecord, ModuleReport>();
  // (Begun and not ended: a module marks where its top-level code is, and that it ended.)
  const candidates = changes.filter((c) => !c.record.commonjs && typeof c.record.reached === 'number' && c.record.reached !== Infinity && deps.registry.modules.get(c.record.url) === c.record);
  if (!candidates.length) return out;
  for (const { record, source } of candidates) {
    if ((await outcome(deps, record.url)) !== 'failed') continue;
    const undone = forgetModule(record);
    deps.setLoaderVersion(record.url, deps.registry.renew(record.url, source));
    out.set(record, {
      file: rel(record.file),
      path: 'reimport',
      reason: 'its first run threw: it runs anew where it is next imported',
      updated: [],
      removed: [],
      statements: 0,
      notes: [],
      ...(undone ? { undone: [`took back ${undone} registration${undone > 1 ? 's' : ''} of its run that threw`] } : {}),
    });
  }
  // Modules that import one of them and so never began to run: Node holds them failed too.
  if (out.size)
    for (const url of deps.registry.unstarted())
      if ((await outcome(deps, url)) === 'failed') deps.setLoaderVersion(url, deps.registry.renew(url, undefined));
  return out;
}

/**
 * Files the program imported that never parsed — an ES module with a syntax error, an invalid
 * JSON file, both typically imported lazily (`import('./plugin.js')`) — whose text changed
 * since. Node 20 keeps such a failed load under its URL: every later import of the fixed file
 * failed with the old error, and a JSON one made the refresh fail inside limeade (it asked
 * for the object the program holds, which never existed). Each is dropped and gets a new URL
 * for its next import, where it loads what its file holds now, as in a fresh process; the
 * report lists it. (Node 24 loads such a URL again by itself; the new URL does the same
 * there.) `only`: the files the watcher saw change.
 */
export function renewUnparsed(deps: RefreshDeps, only?: ReadonlySet<string>): ModuleReport[] {
  const { registry } = deps;
  const out: ModuleReport[] = [];
  const changed = (file: string, was: string): string | undefined => {
    if (only && !only.has(file)) return undefined;
    try {
      const now = deps.readFile(file);
      return (now.charCodeAt(0) === 0xfeff ? now.slice(1) : now) === was ? undefined : now;
    } catch {
      return undefined;
    }
  };
  const said = (file: string): ModuleReport => ({
    file: rel(file),
    path: 'reimport',
    reason: 'it never loaded (its text did not parse): it loads anew where it is next imported',
    updated: [],
    removed: [],
    statements: 0,
    notes: [],
  });
  for (const url of registry.unstarted()) {
    const was = registry.reportedText(url);
    if (was === undefined || parses(was)) continue;
    const file = fileURLToPath(url);
    const now = changed(file, was);
    if (now === undefined) continue;
    deps.setLoaderVersion(url, registry.renew(url, now));
    out.push(said(file));
  }
  // Node 20 and 22 hold failed the modules that import one of them too (never begun): those
  // whose text names a renewed file get a new URL as well.
  const names = out.map((r) => basename(r.file));
  if (names.length)
    for (const url of registry.unstarted()) {
      const text = registry.reportedText(url);
      if (text !== undefined && names.some((n) => text.includes(n))) deps.setLoaderVersion(url, registry.renew(url, undefined));
    }
  for (const record of [...registry.json.values()]) {
    if (parsesJson(record.source)) continue;
    if (changed(record.file, record.source) === undefined) continue;
    registry.json.delete(record.url);
    deps.setLoaderVersion(record.url, registry.renew(record.url, undefined));
    out.push(said(record.file));
  }
  return out;
}

function parses(text: string): boolean {
  try {
    parseModule(text);
    return true;
  } catch {
    return false;
  }
}

function parsesJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
