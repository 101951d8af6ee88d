// Holders as globals (docs/design.md §3.4): each evaluation of a module gets holders of its
// own, named by a tag the loader gives it, so a CommonJS file run twice in one process (its
// `require.cache` entry deleted) keeps two sets (edits reach the first copy, a warning says
// so at the second's load); the program sees none of them in
// `Object.keys(globalThis)` or `for…in`. Functions bound by `const` and functions with a loop of
// their own are guarded in place, with the forms a V8 version compiles best: what callers pass
// beyond the old parameters still reaches new code. A factory's context is the kind plain node
// makes (V8's bytecode listing says which). Fixture apps in fresh directories, real files,
// waits on output.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { assertOk, eachNode, makeApp } from '../helpers.mjs';

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

// The context a factory makes keeps what V8 gives the same factory under plain node: on Node 26
// a function context of at most two slots, in a function with simple parameters, tracks its
// slots (context cells, `CreateFunctionContextWithCells`); a rest parameter in the guard took
// that away, and a loop calling a closure the factory made ran 3–4x slower (docs/benchmarks.md
// run 27). Read from V8's bytecode listing, which says it without timing anything.
eachNode('a factory under limeade makes the same kind of context as under plain node (Node 26: context cells kept)', async (t, _startApp, runToExit, node) => {
  // Node 20's hooks run in an isolate of their own, whose listing interleaves with the app's.
  if (!live(t)) return t.skip("Node 20's hooks thread prints bytecode too");
  const files = {
    'main.js': `import { makeTally, makeOffset } from './lib.js';
const t = makeTally(1), o = makeOffset(1, 2);
console.log('done', t(1) + t(2) + o(3));
`,
    'lib.js': `export function makeTally(start) {
  let seen = start;
  return (x) => { seen++; return x * seen; };
}
export function makeOffset(a, b) {
  return (x) => x + a + b;
}
`,
  };
  const args = ['--print-bytecode', '--print-bytecode-filter=make*'];
  /** The bytecode that makes each factory's context: `name → Create…Context…` (Node's own `make…` functions left out). */
  const contexts = (out) => {
    const found = {};
    for (const part of out.split('[generated bytecode for function: ').slice(1)) {
      const name = /^(\w+)/.exec(part)?.[1];
      // A function with a rest parameter puts its body's `let`s in a block context of their own.
      const made = /(Create(?:Function|Block)Context\w*)/.exec(part)?.[1];
      if ((name === 'makeTally' || name === 'makeOffset') && made) found[name] ??= made;
    }
    return found;
  };
  const dir = await makeApp(files);
  t.after(() => rm(dir, { recursive: true, force: true }));
  const plain = spawnSync(node, [...args, 'main.js'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  assert.match(plain.stdout, /done 14/, plain.stderr);
  const instrumented = await runToExit(files, { args });
  assert.match(instrumented.stdout, /done 14/, instrumented.stderr);
  const want = contexts(plain.stdout);
  assert.deepEqual(Object.keys(want).sort(), ['makeOffset', 'makeTally'], plain.stdout.slice(0, 2000));
  assert.deepEqual(contexts(instrumented.stdout), want);
  if (/\[node 26\]/.test(t.name)) assert.equal(want.makeTally, 'CreateFunctionContextWithCells', 'Node 26 gives a small context cells');
});
