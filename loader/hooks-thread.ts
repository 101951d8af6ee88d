/**
 * The `module.register` entry (Node 20): runs on Node's hooks thread. State reaches it once
 * through `initialize`; sources go back to the runtime and versions come from it over the
 * MessagePort. The capability table holds functions, which cannot cross the port: this
 * thread makes its own (the same Node, the same answers; the choice of hook kind in it was
 * the main thread's to act on).
 */
import type { MessagePort } from 'node:worker_threads';
import { createCache } from './cache.js';
import { capabilities } from './capabilities.js';
import { asyncHooks, type LoaderConfig, type LoaderState } from './hooks.js';

let hooks: ReturnType<typeof asyncHooks> | undefined;

export function initialize(data: { port: MessagePort; config: LoaderConfig; cacheDir: string | null }): void {
  const { port, config } = data;
  const state: LoaderState = {
    config,
    caps: capabilities(),
    cache: createCache(data.cacheDir),
    versions: new Map(),
    report: (url, source, origin) => port.postMessage({ type: 'source', url, source, origin }),
    warn: (message) => port.postMessage({ type: 'warn', message }),
    commonJsSeen: (url) => port.postMessage({ type: 'commonjs', url }),
    json: (url, source) => port.postMessage({ type: 'json', url, source }),
  };
  port.on('message', (m: { type: string; url: string; version: number }) => {
    if (m.type === 'version') state.versions.set(m.url, m.version);
  });
  port.unref();
  hooks = asyncHooks(state);
}

export const resolve: ReturnType<typeof asyncHooks>['resolve'] = (specifier, context, next) =>
  hooks ? hooks.resolve(specifier, context, next) : next(specifier, context);

export const load: ReturnType<typeof asyncHooks>['load'] = (url, context, next) =>
  hooks ? hooks.load(url, context, next) : next(url, context);
