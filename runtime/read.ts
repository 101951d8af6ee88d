/**
 * The read phase: which loaded modules' files changed, and the JavaScript of their new text
 * (runtime/source.ts makes it the way the loader made the running version's). It changes
 * nothing: what it found is a value for the plan phase, and which failed texts are gone from
 * their files (the registry forgets those failures).
 */
import type { RefreshDeps } from './deps.js';
import type { JsonChange } from './json.js';
import type { JsonRecord, ModuleRecord } from './registry.js';
import { rel } from './report.js';

/** A module whose file now holds other JavaScript than the program runs. */
export interface Change {
  record: ModuleRecord;
  source: string;
  /** The same text already failed to apply, and the file has not changed since. */
  retry?: boolean;
}

export interface ReadResult {
  /** In load order: a module's dependencies before it. */
  changes: Change[];
  /** Modules whose file is back to the text that runs: a failed text of theirs is gone. */
  recovered: Array<ModuleRecord | JsonRecord>;
  /** JSON files whose text changed (runtime/json.ts), in load order. */
  json: JsonChange[];
}

/**
 * `only`: the files the watcher saw change (undefined: every loaded file, as `refresh()`
 * asks). Files that failed before are read too: a save of another file (a missing export
 * added) may be what they were waiting for.
 */
export async function read(deps: RefreshDeps, only?: ReadonlySet<string>): Promise<ReadResult> {
  const fresh: Change[] = [];
  const retry: Change[] = [];
  const recovered: Array<ModuleRecord | JsonRecord> = [];
  for (const record of deps.registry.modules.values()) {
    if (only && !only.has(record.file) && record.failed === undefined) continue;
    if (record.source === undefined) {
      deps.debug(`${rel(record.file)}: the loader has not reported its source yet; skipped`);
      continue;
    }
    const raw = readText(deps, record);
    if (raw === undefined) continue;
    const text = await deps.sources.javaScriptOf(record, raw, deps.importModule); // TypeScript, other loaders' output
    const change = changeOf(deps, record, text, only, recovered);
    if (change) (change.retry ? retry : fresh).push(change);
  }
  const json = readJson(deps, only, recovered);
  const anyFresh = fresh.length > 0 || json.some((c) => !c.retry);
  // (refresh() asks for everything: a failed text is tried again even alone.)
  const changes = !only || anyFresh ? [...fresh, ...retry] : fresh;
  const jsonChanges = !only || anyFresh ? json : json.filter((c) => !c.retry);
  const all = [...changes, ...jsonChanges];
  deps.debug(`read: ${all.length ? all.map((c) => rel(c.record.file)).join(', ') : 'no content changed'}`);
  return { changes: deps.registry.inLoadOrder(changes), recovered, json: jsonChanges };
}

/**
 * The JSON files whose text changed, by the same rules as modules' (the text, not a
 * timestamp, decides; an empty file seen by the watcher is a save in progress; a text that
 * already failed is retried only with a real change).
 */
function readJson(deps: RefreshDeps, only: ReadonlySet<string> | undefined, recovered: Array<ModuleRecord | JsonRecord>): JsonChange[] {
  const out: JsonChange[] = [];
  for (const record of deps.registry.json.values()) {
    if (only && !only.has(record.file) && record.failed === undefined) continue;
    const text = readText(deps, record);
    const change = text === undefined ? undefined : changeOf(deps, record, text, only, recovered);
    if (change) out.push(change);
  }
  return out;
}

/**
 * A file's text as a change, by the same rules for modules and JSON files; undefined when
 * there is none to apply now (the text it runs; a failed text that is back is `recovered`).
 */
function changeOf<R extends ModuleRecord | JsonRecord>(
  deps: RefreshDeps,
  record: R,
  text: string,
  only: ReadonlySet<string> | undefined,
  recovered: Array<ModuleRecord | JsonRecord>,
): { record: R; source: string; retry?: true } | undefined {
  if (text === record.source) {
    if (record.failed !== undefined) recovered.push(record);
    return undefined;
  }
  // An editor that truncates and then writes shows the watcher an empty file first; the
  // watcher's re-check reads it again once it is written.
  if (only && !text.trim()) {
    deps.debug(`${rel(record.file)}: empty (a save in progress?); waiting for the next event`);
    return undefined;
  }
  // Content that already failed is tried again only together with a real change:
  // a watcher re-check or a touch of the same broken text reports nothing new.
  return text === record.failed ? { record, source: text, retry: true } : { record, source: text };
}

/** A file's text without a byte order mark, or undefined when it cannot be read (reported: `unreadable`). */
function readText(deps: RefreshDeps, record: ModuleRecord | JsonRecord): string | undefined {
  let text: string;
  try {
    text = deps.readFile(record.file);
  } catch (err: any) {
    unreadable(deps, record, err);
    return undefined;
  }
  readErrors.delete(record);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The last read error reported for a module's file: the same error is not reported again. */
const readErrors = new WeakMap<ModuleRecord | JsonRecord, string>();

/**
 * A file the watcher or refresh() named cannot be read. A deleted file is the watcher's to
 * report (it waits for it to come back), or, with no watcher (LIMEADE_WATCH=0, close()),
 * refresh()'s; any other failure — no permission, a directory in its place, no file
 * descriptors left — is reported here. Each once until it changes.
 */
function unreadable(deps: RefreshDeps, record: ModuleRecord | JsonRecord, err: any): void {
  const code = String(err?.code ?? err);
  const file = rel(record.file);
  if ((code === 'ENOENT' && deps.watching?.() !== false) || readErrors.get(record) === code) return deps.debug(`${file}: cannot read (${code}); its code keeps running`);
  readErrors.set(record, code);
  if (code === 'ENOENT') return deps.warn(`${file} was deleted; the program keeps running its last code. Restore the file to edit it again.`);
  const what = code === 'EMFILE' || code === 'ENFILE' ? 'The process has no file descriptors left: close some (or raise `ulimit -n`), then save again.' : 'Make it readable again and save it.';
  deps.warn(`${file}: cannot read it (${err?.message ?? code}); its code keeps running. ${what}`);
}
