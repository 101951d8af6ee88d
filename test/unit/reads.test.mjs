// readsOf / linksOf (loader/reads.ts): what a top-level initializer reads while it evaluates,
// and how a module's names connect to other modules. Pure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModule } from '../../dist/loader/analyze.js';
import { linksOf } from '../../dist/loader/reads.js';

const valuesOf = (src) => Object.fromEntries(linksOf(parseModule(src), src).values.map((v) => [v.item.name || v.item.names.join(','), [...v.reads].sort()]));

test('an initializer reads what it refers to, not what a function it only creates refers to', () => {
  assert.deepEqual(
    valuesOf(`const a = b * c.d + e[f];
const g = { h, i: j, [k]: 1, m() { return n; } };
const o = () => p;
const q = (() => r)();
const s = new (class extends T { static u = v; w = x; y() { return z; } })();
const { aa, bb } = cc;
export default dd + 1;
`),
    {
      a: ['b', 'c', 'e', 'f'],
      g: ['h', 'j', 'k'],
      q: ['r'],
      s: ['T', 'v'],
      'aa,bb': ['cc'],
      default: ['dd'],
    },
  );
});

test('imports, exports, re-exports and star exports', () => {
  const src = `import d, { a as b, c } from './x.js';
import * as ns from './y.js';
export { b as B, c };
export { z as Z } from './z.js';
export * from './w.js';
export * as all from './v.js';
export const k = 1;
export default k;
`;
  const l = linksOf(parseModule(src), src);
  assert.deepEqual(Object.fromEntries(l.imports), {
    d: { from: './x.js', name: 'default' },
    b: { from: './x.js', name: 'a' },
    c: { from: './x.js', name: 'c' },
    ns: { from: './y.js', name: '*' },
  });
  assert.deepEqual(Object.fromEntries(l.exports), {
    B: { local: 'b' },
    c: { local: 'c' },
    Z: { from: './z.js', name: 'z' },
    all: { from: './v.js', name: '*' },
    k: { local: 'k' },
    default: { local: 'default' },
  });
  assert.deepEqual(l.stars, ['./w.js']);
});
