// Closure sites (loader/closures.ts): which functions made inside a function get a guard,
// what they capture, and that instrumented code behaves as the original.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModule } from '../../dist/loader/analyze.js';
import { closureSites } from '../../dist/loader/closures.js';
import { instrument } from '../../dist/loader/instrument.js';

const sitesOf = (src) => {
  const fn = parseModule(src).body[0];
  return closureSites(fn).map((s) => ({ text: src.slice(s.node.start, s.node.end), captures: s.captures, usesThis: s.usesThis }));
};

test('callbacks consumed by the call (map, forEach, IIFE) get no guard; escaping closures do, with their captures', () => {
  const src = `function f(a, k) {
  let n = 0;
  a.map((x) => x * k).forEach((y) => n += y);
  (() => n)();
  const g = (x) => x + k + n;
  return { g, h: function () { return this.v + k; }, t: () => this.v };
}`;
  assert.deepEqual(sitesOf(src), [
    { text: '(x) => x + k + n', captures: ['k', 'n'], usesThis: false },
    { text: 'function () { return this.v + k; }', captures: ['k'], usesThis: false },
    { text: '() => this.v', captures: [], usesThis: true },
  ]);
});

test('no guard for what the guard could not pass on: defaults, patterns, generators, arguments in an arrow, new.target', () => {
  const src = `function f() {
  return [(a = 1) => a, ({ b }) => b, function* () {}, () => arguments[0], function () { return new.target; }];
}`;
  assert.deepEqual(sitesOf(src), []);
});

test('a shadowed name is not a capture; a block scope is', () => {
  const src = `function f(p) {
  for (const i of [1, 2]) { setTimeout(() => i + p); }
  return (p) => p;
}`;
  assert.deepEqual(sitesOf(src).map((s) => s.captures), [['i', 'p'], []]);
});

test('instrumented factories behave as the original (expression bodies, loops, nested arrows)', async () => {
  const src = `export const makeAdder = (k) => (x) => x + k;
export function loop() { const out = []; for (let i = 0; i < 3; i++) { out.push(() => i); } return out.map((f) => f()); }
export function nested(a) { return (b) => (c) => a + b + c; }
`;
  const url = `data:text/javascript,${encodeURIComponent(instrument(src))}`;
  const saved = globalThis.__lm$rt;
  // A stand-in runtime: holders, and handles pointed at their implementation (runtime/registry.ts does the same).
  const fn = (name, binding, handle, impl, holder) => handle !== impl && Object.setPrototypeOf(holder, { f: impl });
  globalThis.__lm$rt = { module: () => ({ holder: () => Object.create({ f: undefined }), fn, closure() {}, inline() {} }) };
  const m = await import(url);
  assert.equal(m.makeAdder(2)(3), 5);
  assert.deepEqual(m.loop(), [0, 1, 2]);
  assert.equal(m.nested(1)(2)(3), 6);
  globalThis.__lm$rt = saved;
});
