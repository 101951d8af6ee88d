/**
 * `node --import limeade/register app.js`: installs the loader hooks, creates the runtime
 * (`globalThis.__limeade`) and, unless LIMEADE_WATCH=0, the watcher. Nothing else.
 *
 * Capability: `module.registerHooks` (Node ≥ 22.15 / 23.5) runs hooks in-thread and
 * synchronously (~3 ms fixed cost); Node 20 has only `module.register`, whose hooks run on
 * a separate thread (~40 ms fixed) and talk to the runtime over a MessagePort (DESIGN §4).
 */
import * as nodeModule from 'node:module';
import { dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MessageChannel as NodeMessageChannel } from 'node:worker_threads';
import { createRuntime } from '../runtime/index.js';
import { cacheDir, createCache } from './cache.js';
import { loaderConfig, syncHooks, type LoaderState, type Origin } from './hooks.js';

// limeade's own compiled code (dist/) is never instrumented; the rest of its repository
// (examples/) is app code like any other.
const ownRoot = dirname(dirname(fileURLToPath(import.meta.url))) + sep;
const config = loaderConfig(process.env, ownRoot, process.argv[1], process.cwd());
const watch = process.env.LIMEADE_WATCH !== '0' && process.env.LIMEADE_WATCH !== 'false';
const registerHooks = (nodeModule as any).registerHooks as ((hooks: object) => unknown) | undefined;

if (!globalThis.__limeade) {
  if (typeof registerHooks === 'function' && process.env.LIMEADE_HOOKS !== 'register') {
    const versions = new Map<string, number>();
    const { sources } = createRuntime({ watch, setLoaderVersion: (url, v) => void versions.set(url, v) });
    const state: LoaderState = {
      config,
      cache: createCache(cacheDir(process.env, process.cwd())),
      versions,
      report: (url, source, origin) => sources.reported(url, source, origin),
      warn: (message) => void process.stderr.write(`${message}\n`),
    };
    registerHooks(syncHooks(state));
  } else {
    // The global MessageChannel (Node's own): importing node:worker_threads costs ~2 ms.
    const { port1, port2 } = new (globalThis.MessageChannel as unknown as typeof NodeMessageChannel)();
    const { sources } = createRuntime({
      watch,
      setLoaderVersion: (url, version) => port1.postMessage({ type: 'version', url, version }),
    });
    port1.on('message', (m: { type: string; url: string; source: string; origin?: Origin; message: string }) => {
      if (m.type === 'source') sources.reported(m.url, m.source, m.origin);
      else if (m.type === 'warn') process.stderr.write(`${m.message}\n`);
    });
    port1.unref();
    const data = { port: port2, config, cacheDir: cacheDir(process.env, process.cwd()) };
    nodeModule.register('./hooks-thread.js', import.meta.url, { data, transferList: [port2] });
  }
}
