// The plan phase (runtime/plan.ts over loader/diff.ts): a plan is a value computed from the
// old and new texts, and computing it changes neither — the old parse stays valid for the
// next refresh whether this one commits or not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModule } from '../../dist/loader/analyze.js';
import { diff } from '../../dist/loader/diff.js';
import { applied, load } from './harness.mjs';

const V1 = `import { x } from './x.js';
export function a() { return 1; }
export const b = 2;
console.log('stmt');
export class C { m() { return 3; } }
`;
const V2 = V1.replace('return 1', 'return 10 + 1');

/** A parse as plain data (offsets included), to compare before and after. */
const snapshot = (program) => JSON.stringify(program);

test('diff with the old parse at hand leaves that parse exactly as it was', () => {
  const old = parseModule(V1);
  const before = snapshot(old);
  const plan = diff(V1, V2, new Set(), old);
  assert.equal(snapshot(old), before);
  assert.deepEqual(plan.steps.map((s) => [s.type, s.name]), [['fn', 'a']]);
  // The new parse it returns is what a full parse of the new text gives.
  assert.equal(snapshot(plan.program), snapshot(parseModule(V2)));
});

test('v1 → v2 → v3 reusing each parse gives the plans a fresh parse gives', () => {
  const V3 = V2.replace('return 3', 'return 30').replace("'stmt'", "'stmt 2'");
  const p2 = diff(V1, V2, new Set(), parseModule(V1));
  const p3 = diff(V2, V3, new Set(), p2.program);
  const fresh3 = diff(V2, V3, new Set());
  const steps = (p) => p.steps.map((s) => [s.type, s.name ?? s.node.type]);
  assert.deepEqual(steps(p3), steps(fresh3));
  assert.deepEqual(steps(p3), [['run', 'ExpressionStatement'], ['class', 'C']]);
  assert.equal(snapshot(p3.program), snapshot(parseModule(V3)));
});

test('a failed refresh keeps the parse of what runs: the next refresh diffs against it', async (t) => {
  const app = await load({ 'a.mjs': `export function f() { return 1; }\nexport function g() { return 1; }\n` });
  t.after(app.close);
  app.write('a.mjs', `export function f() { return 2; }\nexport function g() { return 2; }\n`);
  applied(await app.refresh());
  const kept = app.record('a.mjs').parsed;
  const before = snapshot(kept.program);
  app.write('a.mjs', `export function f() { return 3; }\nnull.x;\nexport function g() { return 3; }\n`);
  assert.equal((await app.refresh()).ok, false);
  assert.equal(app.record('a.mjs').parsed, kept);
  assert.equal(snapshot(kept.program), before, 'the failed plan did not move its nodes');
  app.write('a.mjs', `export function f() { return 4; }\nexport function g() { return 2; }\n`);
  assert.deepEqual(applied(await app.refresh())[0].updated, ['f']);
  assert.deepEqual([app.ns.f(), app.ns.g()], [4, 2]);
});

test('a module that declined edits stops the refresh with the line of its decline() call', async (t) => {
  const app = await load({ 'a.mjs': `export const v = 1;\nimport.meta.hot.decline();\n` });
  t.after(app.close);
  app.write('a.mjs', `export const v = 2;\nimport.meta.hot.decline();\n`);
  const r = await app.refresh();
  assert.deepEqual([r.ok, r.error.kind, r.error.line], [false, 'declined', 2]);
  assert.equal(app.ns.v, 1);
});
