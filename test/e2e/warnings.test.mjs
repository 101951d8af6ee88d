// Nothing limeade does makes Node print a warning (issue 15): not DEP0205, which Node 26
// prints for `module.register` (limeade takes `module.registerHooks` wherever it exists,
// loader/capabilities.ts), nor an ExperimentalWarning, nor any other. The app exercises
// what limeade uses at start and at edit time: the hooks in the main thread and in a
// worker, the disk cache, the watcher, TypeScript stripped at load and at refresh, a patch
// and a re-import. A warning the app emits itself at the end shows that warnings do reach
// stderr in this set-up, and is the only one there.
import assert from 'node:assert/strict';
import { eachNode } from '../helpers.mjs';

const files = {
  'main.js': `import './harness.js';
import { Worker } from 'node:worker_threads';
import { f } from './lib.js';
import { g } from './util.ts';
const worker = new Worker(new URL('./worker.js', import.meta.url));
const asks = [];
worker.on('message', (v) => asks.shift()(v));
globalThis.probe = () => [f(), g(2)];
globalThis.askWorker = () => new Promise((resolve) => { asks.push(resolve); worker.postMessage('ask'); });
globalThis.stopWorker = () => worker.terminate().then(() => 'stopped');
`,
  'lib.js': 'export function f() { return 1; }\n',
  'util.ts': 'export function g(n: number): number { return n * 2; }\n',
  'worker.js': `import { parentPort } from 'node:worker_threads';
import { w } from './wlib.js';
parentPort.on('message', () => parentPort.postMessage(w()));
`,
  'wlib.js': 'export function w() { return "w1"; }\n',
};

eachNode('limeade makes Node print no warning: start, worker, watcher, cache, TypeScript, patch, new names in place and re-import', async (t, startApp) => {
  const app = await startApp(files, { watch: true, env: { NODE_NO_WARNINGS: '0' } });
  t.after(() => app.stop());
  await app.until('probe()', [1, 4]);
  assert.equal(await app.eval('askWorker()'), 'w1');

  await app.replace('lib.js', 'return 1;', 'return 2;'); // a patch
  await app.until('probe()', [2, 4]);
  await app.replace('util.ts', 'n * 2;', 'n * 3;'); // types stripped again at refresh
  await app.until('probe()', [2, 6]);
  await app.write('lib.js', 'export function f() { return h(); }\nexport const h = () => 3;\n'); // a new export: in place
  await app.until('probe()', [3, 6]);
  await app.write('lib.js', 'export function f() { return h() + new K().n; }\nexport const h = () => 3;\nclass K { n = 1; }\n'); // a new class: a re-import
  await app.until('probe()', [4, 6]);
  await app.replace('wlib.js', '"w1"', '"w2"'); // the worker's own watcher and hooks
  await app.until('askWorker()', 'w2');
  assert.equal(await app.eval('stopWorker()'), 'stopped');

  await app.eval(`process.emitWarning('the app itself', { type: 'DeprecationWarning', code: 'LIMEADE_TEST_CONTROL' })`);
  await app.waitFor('LIMEADE_TEST_CONTROL');
  const stderr = app.output().split('--- stderr ---\n')[1];
  const warnings = stderr.split('\n').filter((line) => /Warning\b/.test(line));
  assert.deepEqual(warnings.map((line) => line.replace(/^\(node:\d+\) /, '')), ['[LIMEADE_TEST_CONTROL] DeprecationWarning: the app itself'], app.output());
});
