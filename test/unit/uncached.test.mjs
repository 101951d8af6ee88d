// runtime/uncached.ts: what a refresh compiles is not kept by V8's compilation cache (Node 26,
// where each text compiled by direct eval is kept: 1.1–2.7 KB after GC). A child with
// --expose-gc compiles 4,000 new texts through direct eval inside `uncached` and measures the
// heap they keep (with 1,000, the heap's own noise — up to 0.5 KB a text on Node 26 — made the
// comparison fail now and then). On older Nodes `uncached` changes nothing, and little is kept anyway.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NODES, ROOT } from '../helpers.mjs';

const child = (wrap) => `
import { uncached } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/runtime/uncached.js')).href)};
const hook = (c) => eval(c);
const run = ${wrap ? 'uncached' : '(f) => f()'};
async function heap() { for (let i = 0; i < 6; i++) { gc(); await new Promise((r) => setImmediate(r)); } return process.memoryUsage().heapUsed; }
let keep = [];
for (let i = 0; i < 20; i++) keep = run(() => hook('(function f(){ return ' + i + '; })'));
const a = await heap();
for (let i = 20; i < 4020; i++) keep = run(() => hook('(function f(){ return ' + i + '; })'));
const b = await heap();
if (keep() !== 4019) throw new Error('the compiled code did not run');
console.log((b - a) / 4000);
`;

const perText = (node, wrap) => {
  const r = spawnSync(node, ['--expose-gc', '--input-type=module', '-e', child(wrap)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout.trim());
};

for (const path of NODES) {
  const label = spawnSync(path, ['-v'], { encoding: 'utf8' }).stdout.trim();
  test(`a text compiled through uncached() is not kept after GC; the compiled code runs [${label}]`, (t) => {
    const plain = perText(path, false);
    // Where V8 keeps little anyway (Node 20–24: 0.1–0.4 KB, within the measure's noise)
    // uncached() does nothing: nothing to tell apart.
    if (plain < 800) return t.skip(`this Node keeps ${plain.toFixed(0)} bytes per text without it`);
    const kept = perText(path, true);
    assert.ok(kept < plain / 3, `uncached: ${kept.toFixed(0)} bytes kept per compiled text (plain: ${plain.toFixed(0)})`);
  });

  test(`a program started with --no-compilation-cache keeps its setting (uncached changes no flag) [${label}]`, () => {
    const code = `import { uncached } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/runtime/uncached.js')).href)};
import v8 from 'node:v8';
const calls = [];
const real = v8.setFlagsFromString;
v8.setFlagsFromString = (f) => (calls.push(f), real(f));
console.log(uncached(() => 42), JSON.stringify(calls));`;
    const r = spawnSync(path, ['--no-compilation-cache', '--input-type=module', '-e', code], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '42 []');
  });
}
