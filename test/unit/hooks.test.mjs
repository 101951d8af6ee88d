// The loader hooks load the instrumenter only when a module needs it (loader/hooks.ts): a warm
// start never loads the parser. Where ES modules cannot be required, the asynchronous hook
// imports it and instruments the module it was loading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { asyncHooks, syncHooks } from '../../dist/loader/hooks.js';
import { createCache } from '../../dist/loader/cache.js';
import { capabilities } from '../../dist/loader/capabilities.js';

function project(t, caps = capabilities()) {
  const dir = mkdtempSync(join(tmpdir(), 'limeade-hooks-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const source = 'export function f(x) { return x + 1; }\n';
  writeFileSync(join(dir, 'a.js'), source);
  const warnings = [];
  const reported = [];
  const state = {
    config: { root: dir + sep, include: [], exclude: [], ownRoot: '/nowhere/' },
    caps,
    cache: createCache(null),
    versions: new Map(),
    report: (url, src) => reported.push([url, src]),
    warn: (m) => warnings.push(m),
  };
  return { url: pathToFileURL(join(dir, 'a.js')).href, source, state, warnings, reported };
}

test('without require(esm), the asynchronous load hook imports the instrumenter and instruments the module', async (t) => {
  const { url, source, state, warnings, reported } = project(t, { ...capabilities(), requireModule: false });
  const r = await asyncHooks(state).load(url, {}, async () => ({ format: 'module', source: Buffer.from(source) }));
  assert.deepEqual(warnings, []);
  assert.match(r.source, /__lm\$rt\.module\(import\.meta\.url/);
  assert.ok(r.source.includes('return x + 1;'));
  assert.deepEqual(reported, [[url, source]]);
});

test('the synchronous load hook instruments with the instrumenter required in place', (t) => {
  const { url, source, state, warnings } = project(t);
  const r = syncHooks(state).load(url, {}, () => ({ format: 'module', source: Buffer.from(source) }));
  assert.deepEqual(warnings, []);
  assert.match(r.source, /__lm\$rt\.module\(import\.meta\.url/);
});

test('a module outside the project comes back from the load hook untouched', (t) => {
  const { state } = project(t);
  const other = pathToFileURL(join(tmpdir(), 'elsewhere.js')).href;
  const given = { format: 'module', source: 'export const x = 1;' };
  assert.equal(syncHooks(state).load(other, {}, () => given), given);
});
