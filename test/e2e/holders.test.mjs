// Holders as globals (docs/design.md §3.4): each evaluation of a module gets holders of its
// own, named by a tag the loader gives it, so a CommonJS file run twice in one process (its
// `require.cache` entry deleted) keeps two sets (edits reach the first copy, a warning says
// so at the second's load); the program sees none of them in
// `Object.keys(globalThis)` or `for…in`. Functions bound by `const` and functions with a loop of
// their own are guarded in place, with the forms a V8 version compiles best: what callers pass
// beyond the old parameters still reaches new code. Fixture apps in fresh directories, real
// files, waits on output.
import assert from 'node:assert/strict';
import { assertOk, eachNode } from '../helpers.mjs';

/** Does the Node this test runs on have synchronous hooks (`module.registerHooks`)? Its label says which Node. */
function live(t) {
  const m = /\[(?:v|node )(\d+)/.exec(t.name);
  return !m || Number(m[1]) >= 22;
}

eachNode('a CommonJS file required twice (its require.cache entry deleted) runs as two copies, each with its own state and holders; edits reach the first, and limeade says so', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks: CommonJS is not live there');
  const app = await startApp(
    {
      'main.cjs': `require('./harness.js');
const first = require('./counter.cjs');
delete require.cache[require.resolve('./counter.cjs')];
const second = require('./counter.cjs');
first.bump(); first.bump(); second.bump();
globalThis.probe = () => [first.show(), second.show(), first === second];
`,
      'counter.cjs': `let n = 0;
function bump() { n += 1; return n; }
function show() { return 'n=' + n; }
module.exports = { bump, show };
`,
    },
    { entry: 'main.cjs' },
  );
  t.after(() => app.stop());
  // Two copies, each its own holders (with one set, loading the second threw) and state.
  assert.deepEqual(await app.eval('probe()'), ['n=2', 'n=1', false]);
  await app.waitFor(/\[limeade\] counter\.cjs ran a second time in this process .*edits reach the copy that ran first/);
  await app.replace('counter.cjs', "'n=' + n", "'count ' + n");
  assertOk(await app.refresh(), app);
  // A fresh process would run the new text in both copies: the limit the warning names.
  assert.deepEqual(await app.eval('probe()'), ['count 2', 'n=1', false]);
});

eachNode("limeade's globals are not enumerable: Object.keys(globalThis) and for…in see what plain node sees", async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';
import { twice, half } from './lib.js';
globalThis.probe = () => {
  const seen = [];
  for (const k in globalThis) if (k.startsWith('__lm')) seen.push(k);
  const holders = Object.getOwnPropertyNames(globalThis).filter((k) => k.startsWith('__lmg$')).length;
  return { keys: Object.keys(globalThis).filter((k) => k.startsWith('__lm')), seen, holders: holders >= 2, values: twice(4) + half(4) };
};
`,
    'lib.js': `export function twice(x) { return x * 2; }\nexport const half = (x) => x / 2;\n`,
  });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), { keys: [], seen: [], holders: true, values: 10 });
});

eachNode('a const arrow held before an edit, and a function with a loop of its own: new code gets every argument the caller passed, the old parameters or more', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';
import { scale, total } from './lib.js';
const held = scale;
const sum = total;
globalThis.probe = () => [held(2, 10), sum([1, 2, 3], 100), held.length, held.name, sum.length];
`,
    'lib.js': `export const scale = (x) => x * 3;
export function total(xs) {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}
`,
  });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), [6, 6, 1, 'scale', 1]);
  await app.write('lib.js', `export const scale = (x, k) => x * (k ?? 3);
export function total(xs, base) {
  let s = base ?? 0;
  for (const x of xs) s += x;
  return s;
}
`);
  const r = await app.refresh();
  assertOk(r, app);
  // \`length\` follows the new parameters, as a fresh process has them.
  assert.deepEqual(await app.eval('probe()'), [20, 106, 2, 'scale', 2]);
});
