// issue 5: `limeade [node flags] app.ts [args]` = `node [node flags] --import limeade/register app.ts [args]`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { makeApp, NODES, ROOT } from '../helpers.mjs';

const BIN = join(ROOT, 'bin', 'limeade.js');
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** Runs the bin in a fresh app directory; resolves once it exited. `during(child, out)` drives it. */
async function runBin(node, files, args, during = async () => {}, timeout = 15000) {
  const dir = await makeApp(files);
  const child = spawn(node, [BIN, ...args], { cwd: dir, env: { ...process.env, LIMEADE_WATCH: '0', NODE_OPTIONS: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '', all: () => `--- stdout ---\n${out.stdout}\n--- stderr ---\n${out.stderr}` };
  const waiters = new Set();
  child.stdout.on('data', (d) => ((out.stdout += d), waiters.forEach((w) => w())));
  child.stderr.on('data', (d) => ((out.stderr += d), waiters.forEach((w) => w())));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
  out.waitFor = (text) =>
    new Promise((resolve, reject) => {
      const check = () => {
        if ((out.stdout + out.stderr).includes(text)) (waiters.delete(check), resolve());
      };
      waiters.add(check);
      check();
      exited.then(() => (waiters.has(check) ? reject(new Error(`exited before printing ${text}\n${out.all()}`)) : undefined));
    });
  try {
    await during(child, out, dir);
    const result = await exited;
    return { ...result, ...out };
  } finally {
    clearTimeout(timer);
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
}

const app = `import { value } from './lib.js';
import { createInterface } from 'node:readline';
const limeade = (globalThis as any).__limeade;
console.log(JSON.stringify({ args: process.argv.slice(2), execArgv: process.execArgv.filter((a) => !a.includes('register')), active: !!limeade }));
createInterface({ input: process.stdin }).on('line', async (line: string) => {
  if (line === 'refresh') await limeade.refresh();
  if (line === 'exit') process.exit(7);
  console.log('value: ' + value());
});
console.log('ready');
`;
const lib = (v) => `export function value(): number {\n  return ${v} as number;\n}\n`;

for (const node of NODES) {
  const label = node === process.execPath ? process.version : node.match(/node(\d+)[\\/]bin/)?.[1] ? `node ${node.match(/node(\d+)[\\/]bin/)[1]}` : node;

  test(`limeade app.ts args: runs the app under limeade, its edits apply, its exit code is the bin's [${label}]`, async () => {
    const r = await runBin(node, { 'main.ts': app, 'lib.ts': lib(1) }, ['main.ts', 'one', '--two'], async (child, out, dir) => {
      await out.waitFor('ready');
      child.stdin.write('probe\n');
      await out.waitFor('value: 1');
      await writeFile(join(dir, 'lib.ts'), lib(2));
      child.stdin.write('refresh\n');
      await out.waitFor('value: 2');
      child.stdin.write('exit\n');
    });
    assert.equal(r.code, 7, r.all());
    const info = JSON.parse(r.stdout.split('\n')[0]);
    assert.deepEqual(info.args, ['one', '--two']);
    assert.equal(info.active, true);
  });

  test(`node flags before the script go to node; --import tsx registers before limeade [${label}]`, async () => {
    const files = { 'main.ts': `enum E { A = 5 }\nconsole.log(JSON.stringify({ e: E.A, active: !!(globalThis as any).__limeade, execArgv: process.execArgv }));\n` };
    const r = await runBin(node, files, ['--inspect=127.0.0.1:0', '--conditions', 'custom', '--import', TSX, 'main.ts', '--not-a-node-flag']);
    assert.equal(r.code, 0, r.all());
    const info = JSON.parse(r.stdout.trim().split('\n').pop());
    assert.equal(info.e, 5, 'tsx transformed the enum');
    assert.equal(info.active, true);
    assert.deepEqual(info.execArgv.slice(0, 5), ['--inspect=127.0.0.1:0', '--conditions', 'custom', '--import', TSX]);
    assert.ok(!info.execArgv.includes('--not-a-node-flag'));
    assert.match(r.stderr, /Debugger listening on ws:\/\/127\.0\.0\.1:\d+/);
  });

  test(`signals sent to the bin reach the program; a program killed by a signal kills the bin the same way [${label}]`, async () => {
    const handled = `process.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(3); });\nsetInterval(() => {}, 1000);\nconsole.log('ready');\n`;
    const r = await runBin(node, { 'main.js': handled }, ['main.js'], async (child, out) => {
      await out.waitFor('ready');
      child.kill('SIGTERM');
    });
    assert.equal(r.code, 3, r.all());
    assert.match(r.stdout, /got SIGTERM/);
    const plain = `setInterval(() => {}, 1000);\nconsole.log('ready');\n`;
    const r2 = await runBin(node, { 'main.js': plain }, ['main.js'], async (child, out) => {
      await out.waitFor('ready');
      child.kill('SIGINT');
    });
    assert.equal(r2.signal, 'SIGINT', r2.all());
  });
}

test('limeade without a script prints its usage', async () => {
  const r = await runBin(process.execPath, {}, []);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /usage: limeade \[node options\] <script>/);
});
