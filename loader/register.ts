/**
 * `node --import limeade/register app.js`: installs the loader hooks, creates the runtime
 * (`globalThis.__limeade`) and, unless LIMEADE_WATCH=0, the watcher. Nothing else.
 *
 * The hook kind comes from the capability table (loader/capabilities.ts): in-thread and
 * synchronous with `module.registerHooks` (Node ≥ 22.15 / 23.5, ~3 ms fixed cost), which
 * sees `require` too, so CommonJS files are live; else `module.register`, whose hooks run on
 * Node's hooks thread (~40 ms fixed), talk to the runtime over a MessagePort
 * (docs/design.md §4.5) and never see `require`: CommonJS files are said not to be live
 * (runtime/cjs.ts).
 */
import * as nodeModule from 'node:module';
import { dirname, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MessageChannel as NodeMessageChannel } from 'node:worker_threads';
import { createRuntime } from '../runtime/index.js';
import { cacheDir, createCache } from './cache.js';
import { capabilities } from './capabilities.js';
import { loaderConfig, shouldInstrument, syncHooks, type LoaderState, type Origin } from './hooks.js';

// limeade's own compiled code (dist/) is never instrumented; the rest of its repository
// (examples/) is app code like any other.
const ownRoot = dirname(dirname(fileURLToPath(import.meta.url))) + sep;
const config = loaderConfig(process.env, ownRoot, process.argv[1], process.cwd());
const watch = process.env.LIMEADE_WATCH !== '0' && process.env.LIMEADE_WATCH !== 'false';
const caps = capabilities();

if (!globalThis.__limeade) {
  if (caps.inThreadHooks) {
    const versions = new Map<string, number>();
    const { sources, registry } = createRuntime({
      watch,
      // A CommonJS module is cached by its file, whatever the URL: its versions are
      // evaluated by the runtime (runtime/cjs.ts), and imports keep the one module.
      setLoaderVersion: (url, v) => void (registry.modules.get(url)?.commonjs || versions.set(url, v)),
    });
    const state: LoaderState = {
      config,
      caps,
      cache: createCache(cacheDir(process.env, process.cwd())),
      versions,
      report: (url, source, origin) => sources.reported(url, source, origin),
      warn: (message) => void process.stderr.write(`${message}\n`),
      json: (url, source) => registry.reportJson(url, source),
      facade: { wants: (url, parent) => registry.wantsFacade(url, parent), source: (url) => registry.facadeSource(url) },
    };
    caps.inThreadHooks(syncHooks(state));
  } else {
    // The global MessageChannel (Node's own): importing node:worker_threads costs ~2 ms.
    const { port1, port2 } = new (globalThis.MessageChannel as unknown as typeof NodeMessageChannel)();
    const { sources, commonJs, registry } = createRuntime({
      watch,
      setLoaderVersion: (url, version) => port1.postMessage({ type: 'version', url, version }),
      commonJsNotLive: (file) => shouldInstrument(pathToFileURL(file).href, 'module', config),
    });
    port1.on('message', (m: { type: string; url: string; source: string; origin?: Origin; message: string }) => {
      if (m.type === 'source') sources.reported(m.url, m.source, m.origin);
      else if (m.type === 'warn') process.stderr.write(`${m.message}\n`);
      else if (m.type === 'commonjs') commonJs?.seen(fileURLToPath(m.url));
      else if (m.type === 'json') registry.reportJson(m.url, m.source);
    });
    port1.unref();
    const data = { port: port2, config, cacheDir: cacheDir(process.env, process.cwd()) };
    nodeModule.register('./hooks-thread.js', import.meta.url, { data, transferList: [port2] });
  }
}
