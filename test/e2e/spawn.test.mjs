// Tools that spawn Node keep working with limeade registered: `node --test`, a program that
// starts a child with its own execArgv, and NODE_OPTIONS. No crash, no hang (the watcher is
// on and never keeps a process alive), and the exit code is the program's.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { test } from 'node:test';
import { eachNode, makeApp, NODES } from '../helpers.mjs';

const LIB = `export function add(a, b) { return a + b; }\n`;
const PASSING = `
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { add } from './lib.js';
test('adds', () => assert.equal(add(1, 2), 3));
test('runs under limeade', () => assert.equal(globalThis.__limeade.status().modules.some((m) => m.file.endsWith('lib.js')), true));
`;
const FAILING = `
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { add } from './lib.js';
test('adds wrongly', () => assert.equal(add(1, 2), 4));
`;

// The outer test runner tells its children (NODE_TEST_CONTEXT) to report to it; this run is
// a user's own, so it starts without that.
const TEST_RUN = { args: ['--test', '--test-reporter=tap', 'tests/a.test.js'], entry: 'tests/b.test.js', watch: true, env: { NODE_TEST_CONTEXT: undefined } };

eachNode('node --import limeade/register --test: test files run instrumented and the run ends with their result', async (t, _startApp, runToExit) => {
  const pass = await runToExit({ 'tests/lib.js': LIB, 'tests/a.test.js': PASSING, 'tests/b.test.js': PASSING }, TEST_RUN);
  assert.equal(pass.code, 0, pass.stdout + pass.stderr);
  assert.match(pass.stdout, /# pass 4/);
  assert.match(pass.stdout, /# fail 0/);

  const fail = await runToExit({ 'tests/lib.js': LIB, 'tests/a.test.js': PASSING, 'tests/b.test.js': FAILING }, TEST_RUN);
  assert.equal(fail.code, 1, fail.stdout + fail.stderr);
  assert.match(fail.stdout, /# pass 2/);
  assert.match(fail.stdout, /# fail 1/);
});

const CHILD = `
import { answer } from './lib.js';
console.log('child', answer(), !!globalThis.__limeade);
process.exitCode = 3;
`;
const CHILD_LIB = `export function answer() { return 42; }\n`;

eachNode('a child spawned with process.execArgv runs under limeade; the parent exits with its code', async (t, _startApp, runToExit) => {
  const parent = `
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
console.log('parent', JSON.stringify(process.execArgv));
const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(new URL('./child.js', import.meta.url))], { stdio: 'inherit' });
child.on('exit', (code) => { process.exitCode = code; });
`;
  const run = await runToExit({ 'main.js': parent, 'child.js': CHILD, 'lib.js': CHILD_LIB }, { watch: true });
  assert.equal(run.code, 3, run.stderr);
  assert.equal(run.stdout, 'parent ["--import","limeade/register"]\nchild 42 true\n');
});

// NODE_OPTIONS reaches every Node the program starts, the way tools (test runners, nodemon,
// npm scripts) pass flags on.
for (const bin of NODES) test(`NODE_OPTIONS=--import limeade/register: parent, worker and child all run under limeade and exit [${bin === process.execPath ? process.version : bin.replace(/.*node_modules\/(node\d+)\/bin\/node$/, "$1")}]`, async (t) => {
  const parent = `
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { answer } from './lib.js';
import { Worker } from 'node:worker_threads';
console.log('parent', answer(), !!globalThis.__limeade);
await new Promise((resolve) => new Worker(new URL('./worker.js', import.meta.url)).on('exit', resolve));
const child = spawn(process.execPath, [fileURLToPath(new URL('./child.js', import.meta.url))], { stdio: 'inherit' });
child.on('exit', (code) => { process.exitCode = code; });
`;
  const worker = `import { answer } from './lib.js';\nconsole.log('worker', answer(), !!globalThis.__limeade);\n`;
  const dir = await makeApp({ 'main.js': parent, 'child.js': CHILD, 'worker.js': worker, 'lib.js': CHILD_LIB });
  t.after(() => rm(dir, { recursive: true, force: true }));
  const run = await new Promise((resolve, reject) => {
    const child = spawn(bin, ['main.js'], { cwd: dir, env: { ...process.env, NODE_OPTIONS: '--import limeade/register', LIMEADE_WATCH: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => (child.kill(), reject(new Error(`still running after 15 s\n${stdout}\n${stderr}`))), 15000);
    child.on('exit', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
  });
  assert.equal(run.code, 3, run.stderr);
  assert.equal(run.stdout, 'parent 42 true\nworker 42 true\nchild 42 true\n');
});
