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
import type { RefreshDeps } from './deps.js';
import type { Change } from './read.js';
import type { ModuleRecord } from './registry.js';
import { rel, type ModuleReport } from './report.js';
import { forgetModule } from './effects.js';

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
