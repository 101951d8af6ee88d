// Closure sites (loader/closures.ts): which functions made inside a function get a guard,
// what they capture, and that instrumented code behaves as the original.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModule } from '../../dist/loader/analyze.js';
import { closureSites, unguardedSites } from '../../dist/loader/closures.js';
import { instrument } from '../../dist/loader/instrument.js';
import { tagHolders } from '../../dist/loader/contract.js';
import { defineHolders } from '../../dist/runtime/slots.js';

const sitesOf = (src) => {
  const fn = parseModule(src).body[0];
  return closureSites(fn).map((s) => ({ text: src.slice(s.node.start, s.node.end), captures: s.captures, usesThis: s.usesThis, consts: s.consts }));
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
    { text: '(x) => x + k + n', captures: ['k', 'n'], usesThis: false, consts: ['k'] },
    { text: 'function () { return this.v + k; }', captures: ['k'], usesThis: false, consts: ['k'] },
    { text: '() => this.v', captures: [], usesThis: true, consts: [] },
  ]);
});

test('no guard for what the guard could not pass on: a default making a function, a generator with patterns, arguments in an arrow, new.target', () => {
  const src = `function f() {
  return [(a = () => 1) => a, function* ({ b }) {}, () => arguments[0], function () { return new.target; }, ({ c }) => { function c() {} }];
}`;
  // Only the functions inside them: the default's arrow and the declaration.
  assert.deepEqual(sitesOf(src).map((s) => s.text), ['() => 1', 'function c() {}']);
});

test('defaults, patterns, rest parameters and generators get a guard', () => {
  const src = `function f(k) {
  return [(a = k) => a, ({ b }) => b, function* () {}, (...r) => r, ([x], ...[y]) => x + y];
}`;
  assert.deepEqual(sitesOf(src).map((s) => s.text), ['(a = k) => a', '({ b }) => b', 'function* () {}', '(...r) => r', '([x], ...[y]) => x + y']);
});

test('instrumented closures with defaults and patterns behave as the original: values, order, length, expression bodies', async () => {
  const src = `export const log = [];
const note = (x) => (log.push(x), x);
export function make(k) {
  return {
    a: ({ p, q = note('q') }, [r] = [k], ...rest) => [p, q, r, rest.length],
    b: (x, y = x + 1, { z } = { z: y * 2 }) => ({ x, y, z }),
    c: function ({ t = this.tag }, u) { return t + u; },
    d: async ([h, ...tl] = [k, k]) => h + tl.length,
    e: (n, ...[m, o]) => n + m + o,
    f: ({ a },) => a,
    g: function* ({ w }) { yield w; },
  };
}
`;
  const url = `data:text/javascript,${encodeURIComponent(tagHolders(instrument(src)))}`;
  const saved = globalThis.__lm$rt;
  const fn = (name, binding, handle, impl, holder) => handle !== impl && Object.setPrototypeOf(holder, { f: impl });
  globalThis.__lm$rt = { module: () => ({ holders: defineHolders, fn, closure() {}, inline() {}, at: (owner, x) => x }) };
  try {
    const m = await import(url);
    const o = m.make(7);
    assert.deepEqual([o.a.length, o.b.length, o.c.length, o.d.length, o.e.length, o.f.length], [1, 1, 2, 0, 1, 1]);
    assert.deepEqual(o.a({ p: 1 }, undefined, 'x', 'y'), [1, 'q', 7, 2]);
    assert.deepEqual(o.a({ p: 1, q: 2 }, [3]), [1, 2, 3, 0]);
    assert.deepEqual(m.log, ['q']);
    assert.deepEqual(o.b(1), { x: 1, y: 2, z: 4 });
    assert.deepEqual(o.b(1, 5, { z: 0 }), { x: 1, y: 5, z: 0 });
    assert.equal(o.c.call({ tag: 'T' }, {}, 'u'), 'Tu');
    assert.equal(await o.d(), 8);
    assert.equal(o.e(1, 2, 3), 6);
    assert.equal(o.f({ a: 'A' }), 'A');
    assert.deepEqual([...o.g({ w: 'W' })], ['W']);
    assert.throws(() => o.a(), TypeError, 'destructuring undefined still throws');
  } finally {
    globalThis.__lm$rt = saved;
  }
});

test('captures passed as values: nothing assigns them, no var, initialized before the closure is made', () => {
  const src = `function f(p, q) {
  q = q || 1;
  const c = 1;
  let l = 2;
  let w = 3;
  w++;
  var v = 4;
  function h() {}
  class K {}
  for (const x of [1]) setTimeout(() => x);
  return () => [p, q, c, l, w, v, h, K, late];
  const late = 5;
}`;
  const [, loop, all] = sitesOf(src); // (h is a site too)
  assert.deepEqual(loop.consts, ['x'], 'a for-of binding');
  assert.deepEqual(all.consts, ['p', 'c', 'l', 'h', 'K']);
});

test('a shadowed name is not a capture; a block scope is', () => {
  const src = `function f(p) {
  for (const i of [1, 2]) { setTimeout(() => i + p); }
  return (p) => p;
}`;
  assert.deepEqual(sitesOf(src).map((s) => s.captures), [['i', 'p'], []]);
});

test('a class made inside a function: its methods and accessors are sites (with their key; super passed), its constructor is not; what its guard could not pass is listed as unguarded', () => {
  const src = `function mixin(Base) {
  return class extends Base {
    #p = 1;
    f = () => this.x;
    constructor() { super(); this.g = () => Base; }
    m() { return super.m(); }
    get v() { return 1; }
    static s() { return Base; }
    h() { return this.#p; }
    w() { super.x = 1; }
  };
}`;
  const fn = parseModule(src).body[0];
  const text = (s) => src.slice(s.node.start, s.node.end);
  assert.deepEqual(
    closureSites(fn).map((s) => [text(s), s.member, s.usesThis, s.usesSuper, s.captures]),
    [
      ['() => this.x', undefined, true, false, []],
      ['() => Base', undefined, false, false, ['Base']],
      ['() { return super.m(); }', 'm', false, true, []],
      ['() { return 1; }', 'v', false, false, []],
      ['() { return Base; }', 's', false, false, ['Base']],
    ],
  );
  assert.deepEqual(
    unguardedSites(fn).map((s) => [s.member, s.why]),
    [
      ['h', 'it uses #p, a private name of a class made inside a function'],
      ['w', 'it calls super() or assigns a property of super'],
    ],
  );
});

test('instrumented factories behave as the original (expression bodies, loops, nested arrows)', async () => {
  const src = `export const makeAdder = (k) => (x) => x + k;
export function loop() { const out = []; for (let i = 0; i < 3; i++) { out.push(() => i); } return out.map((f) => f()); }
export function nested(a) { return (b) => (c) => a + b + c; }
`;
  const url = `data:text/javascript,${encodeURIComponent(tagHolders(instrument(src)))}`;
  const saved = globalThis.__lm$rt;
  // A stand-in runtime: holders, and handles pointed at their implementation (runtime/registry.ts does the same).
  const fn = (name, binding, handle, impl, holder) => handle !== impl && Object.setPrototypeOf(holder, { f: impl });
  globalThis.__lm$rt = { module: () => ({ holders: defineHolders, fn, closure() {}, inline() {} }) };
  const m = await import(url);
  assert.equal(m.makeAdder(2)(3), 5);
  assert.deepEqual(m.loop(), [0, 1, 2]);
  assert.equal(m.nested(1)(2)(3), 6);
  globalThis.__lm$rt = saved;
});
