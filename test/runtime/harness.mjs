// The in-process harness: a program of ES modules (and `.cjs` files, patched or re-imported) loaded into the test's own process the
// way limeade's loader loads it (each file instrumented as it is imported), and refreshes
// run through the real registry and transaction — no child process, no watcher, no loader
// hooks. The test holds the files' text: `write()` is a save, `refresh()` applies it.
//
//   const app = await load({ 'main.mjs': MAIN_V1, 'lib.mjs': LIB_V1 });
//   app.write('lib.mjs', LIB_V2);
//   const report = await app.refresh();
//
// Each program gets a fresh temp directory, so its module URLs are new to this process.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RUNTIME_KEY, tagHolders } from '../../dist/loader/contract.js';
import { compileCommonJsVersion } from '../../dist/runtime/cjs.js';
import { instrument } from '../../dist/loader/instrument.js';
import { baseOf, versionOf } from '../../dist/loader/url.js';
import { HotRuntime } from '../../dist/runtime/hot.js';
import { Registry } from '../../dist/runtime/registry.js';
import { Sources } from '../../dist/runtime/source.js';
import { refresh } from '../../dist/runtime/transaction.js';

/**
 * Loads `files` (name → text); the first file is the entry unless `entry` says otherwise;
 * `commonjs(name)` says which files are CommonJS (by default `.cjs` ones; a `.js` one in the
 * temporary directory, which has no package.json, loads as CommonJS too).
 * Returns the entry's namespace and the means to edit and refresh.
 */
export async function load(files, { entry = Object.keys(files)[0], commonjs = (name) => name.endsWith('.cjs') } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'limeade-runtime-'));
  const path = (name) => join(dir, name);
  /** What the program's files hold now: what limeade reads. */
  const disk = new Map();
  const warnings = [];
  const imported = [];
  const registry = new Registry(() => {});
  const sources = new Sources(registry);
  const hot = new HotRuntime({ warn: (m) => warnings.push(m), refresh: () => {} });
  registry.onMeta = (record, meta) => hot.attach(record, meta);
  globalThis[RUNTIME_KEY] = registry;

  /** What the loader does on a first load: instrument the file, tell the runtime its JavaScript. */
  const place = (name, text) => {
    disk.set(path(name), text);
    mkdirSync(dirname(path(name)), { recursive: true }); // a name may be in a folder ('router/index.js')
    // A `.cjs` file is instrumented as the loader does CommonJS (Node's wrapper; `require` finds the instrumented files).
    writeFileSync(path(name), tagHolders(commonjs(name) ? instrument(text, 0, { url: pathToFileURL(path(name)).href }) : instrument(text, 0)));
    sources.reported(pathToFileURL(path(name)).href, text);
  };
  for (const [name, text] of Object.entries(files)) place(name, text);

  const deps = {
    registry,
    sources,
    hot,
    readFile(file) {
      if (!disk.has(file)) throw Object.assign(new Error(`ENOENT: no such file, open '${file}'`), { code: 'ENOENT', path: file });
      return disk.get(file);
    },
    isFile: (file) => disk.has(file),
    // A re-imported version, or a module a new import loads: instrumented for its version, as
    // the load hook would do.
    async importModule(url) {
      if (!url.startsWith('file:')) return import(url); // a built-in a new import names
      imported.push(url);
      const file = fileURLToPath(baseOf(url));
      globalThis[RUNTIME_KEY] = registry;
      writeFileSync(file, tagHolders(instrument(disk.get(file), versionOf(url))));
      return import(url);
    },
    // A CommonJS module's re-imported version: compiled from the saved text, run by the refresh (runtime/cjs.ts).
    async commonJsVersion(url) {
      imported.push(url);
      globalThis[RUNTIME_KEY] = registry;
      return compileCommonJsVersion(registry.modules.get(baseOf(url)), url, disk.get(fileURLToPath(baseOf(url))), sources, (u) => import(u));
    },
    setLoaderVersion() {},
    debug() {},
    warn: (m) => warnings.push(m),
  };

  const ns = await import(pathToFileURL(path(entry)).href);
  return {
    ns,
    registry,
    hot,
    dir,
    /** Warnings limeade gave (not refresh errors: those are in the report). */
    warnings,
    /** URLs the refreshes imported (re-imported versions, modules new imports loaded). */
    imported,
    /** A save: the file's new text (a file new to the program is loadable by a later import of it). */
    write(name, text) {
      if (disk.has(path(name))) disk.set(path(name), text);
      else place(name, text);
    },
    /** A deletion: the file is gone for the refreshes after it. */
    remove(name) {
      disk.delete(path(name));
    },
    /** The module record of a file, as the registry keeps it. */
    record: (name) => registry.modules.get(pathToFileURL(path(name)).href),
    /** Applies every saved change: the report of the refresh. */
    refresh(only) {
      globalThis[RUNTIME_KEY] = registry;
      return refresh(deps, only && new Set(only.map(path)));
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A refresh report reduced to what a spec compares: per module, how it applied and what it updated. */
export function applied(report) {
  if (!report.ok) throw new Error(`refresh failed: ${report.error.kind} ${report.error.file}:${report.error.line}:${report.error.column} ${report.error.message}`);
  return report.modules.map((m) => ({ file: m.file.split('/').pop(), path: m.path, updated: m.updated, statements: m.statements }));
}
