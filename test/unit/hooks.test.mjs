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

test("the program's root: the nearest package.json, or the workspace root above it (npm/yarn workspaces, pnpm); an installed package stops at node_modules", async (t) => {
  const { projectRoot } = await import('../../dist/loader/hooks.js');
  const { mkdirSync } = await import('node:fs');
  const dir = mkdtempSync(join(tmpdir(), 'limeade-root-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const make = (path, text) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  make('plain/package.json', '{ "name": "plain" }');
  make('plain/src/app.js', '');
  make('mono/package.json', '{ "private": true, "workspaces": ["packages/*"] }');
  make('mono/packages/api/package.json', '{ "name": "api" }');
  make('mono/packages/api/src/index.js', '');
  make('pn/pnpm-workspace.yaml', 'packages:\n  - apps/*\n');
  make('pn/apps/web/package.json', '{}');
  make('pn/apps/web/main.js', '');
  make('mono/node_modules/tool/package.json', '{ "name": "tool" }');
  make('mono/node_modules/tool/cli.js', '');
  assert.equal(projectRoot('src/app.js', join(dir, 'plain')), join(dir, 'plain') + sep);
  assert.equal(projectRoot('packages/api/src/index.js', join(dir, 'mono')), join(dir, 'mono') + sep);
  assert.equal(projectRoot(join(dir, 'pn/apps/web/main.js'), dir), join(dir, 'pn') + sep);
  assert.equal(projectRoot('node_modules/tool/cli.js', join(dir, 'mono')), join(dir, 'mono/node_modules/tool') + sep);
});
