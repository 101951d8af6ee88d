// `npm run demo`: a todo server edited while it runs, narrated step by step.
//
// It copies examples/server to a fresh temp directory, starts it under
// `node --import limeade/register`, and then edits its files on disk the way an editor
// would: a route, a class method, a syntax error, a fix. After each edit it asks the
// server again until the answer changes, and checks the state from before the edit is
// still there. It doubles as a smoke test: it exits 1 (printing the server's output) if
// anything expected does not happen. No fixed sleeps decide success: every wait is on
// the server's output or answers, bounded by a timeout. NODE_DEBUG=limeade npm run demo
// shows limeade's debug lines too.
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLE = join(ROOT, 'examples', 'server');
/** How long one expected change may take to show (a refresh takes milliseconds). */
const WAIT_MS = 5000;
/** The whole demo normally takes about a second; past this it has hung. */
const DEMO_MS = 15000;

let dir;
let child;
let port;
let output = ''; // everything the server printed, for the failure report
let nextWaiters = new Set(); // resolved on each chunk of server output

const step = (n, text) => console.log(`\n── step ${n}: ${text}`);
const say = (text) => console.log(`   ${text}`);
const indent = (text, prefix) => text.replace(/\n$/, '').split('\n').map((l) => prefix + l).join('\n');

async function main() {
  console.log('limeade demo: a todo server whose code is edited while it runs');
  await setup();

  step(1, 'the server as started — add two todos, toggle one, list them');
  await request('POST', '/todos', { body: 'buy milk' });
  await request('POST', '/todos', { body: 'write docs' });
  await request('POST', '/todos/1/toggle');
  const first = await request('GET', '/todos');
  expect(first.includes('#1 buy milk (done)') && first.includes('#2 write docs'), 'both todos are listed', first);

  step(2, 'editing routes.js: a new heading and a bullet per todo');
  let mark = await edit(
    'routes.js',
    ['const lines = listTodos().map((todo) => todo.describe());', 'const lines = listTodos().map((todo) => `  - ${todo.describe()}`);'],
    ['`Todos (${lines.length}):', '`${lines.length} things to do:'],
  );
  const second = await until('GET', '/todos', (body) => body.startsWith('2 things to do:'));
  expect(second.includes('  - #1 buy milk (done)') && second.includes('  - #2 write docs'), 'the todos added before the edit are still there', second);
  await waitForOutput(/\[limeade\] updated routes\.js/, 'the [limeade] line for routes.js', mark);
  say('✓ new route code, same server, same todos');

  step(3, 'editing model.js: Todo#describe() renders a checkbox');
  mark = await edit('model.js', [
    "return `#${this.id} ${this.title}${this.done ? ' (done)' : ''}`;",
    "return `[${this.done ? 'x' : ' '}] ${this.title}`;",
  ]);
  const third = await until('GET', '/todos', (body) => body.includes('[x] buy milk'));
  expect(third.includes('  - [ ] write docs'), 'both instances created before the edit use the new describe()', third);
  await waitForOutput(/\[limeade\] updated model\.js/, 'the [limeade] line for model.js', mark);
  await request('POST', '/todos', { body: 'water plants' });
  await request('POST', '/todos/2/toggle');
  say('✓ old and new instances alike run the new method');

  step(4, 'a broken edit of routes.js (a syntax error)');
  const before = await request('GET', '/todos', { quiet: true });
  mark = await edit(
    'routes.js',
    ['`${lines.length} things to do:', '`${lines.length} things to do (:'],
    ["if (req.method === 'GET' && pathname === '/todos') {", "if (req.method === 'GET' && pathname === '/todos' {"],
  );
  await waitForOutput(/\[limeade\] routes\.js:\d+:\d+ [^\n]*\n[\s\S]*Nothing was applied/, 'the [limeade] error for routes.js', mark);
  const during = await request('GET', '/todos');
  expect(during === before, 'the server keeps answering with the previous code', during);
  say('✓ the error names file, line and column; the server kept serving');

  step(5, 'fixing routes.js — and adding a GET /stats route in the same save');
  mark = await edit(
    'routes.js',
    ["if (req.method === 'GET' && pathname === '/todos' {", "if (req.method === 'GET' && pathname === '/todos') {"],
    ['`${lines.length} things to do (:', '`${lines.length} things to do:'],
    [
      "  if (req.method === 'POST' && pathname === '/todos') {",
      "  if (req.method === 'GET' && pathname === '/stats') {\n" +
        '    const all = listTodos();\n' +
        '    return send(res, 200, `${all.length} todos, ${all.filter((t) => t.done).length} done\\n`);\n' +
        '  }\n\n' +
        "  if (req.method === 'POST' && pathname === '/todos') {",
    ],
  );
  await until('GET', '/stats', (body, status) => status === 200 && body === '3 todos, 2 done\n');
  await waitForOutput(/\[limeade\] updated routes\.js/, 'the [limeade] line for routes.js', mark);
  const last = await request('GET', '/todos');
  expect(last.startsWith('3 things to do:') && last.includes('  - [x] write docs'), 'all todos survived the broken save', last);
  say('✓ the next good save applies normally');

  console.log('\nAll steps behaved as expected: one process, its todos kept through every edit.');
}

// ── the server in a temp directory ──────────────────────────────────────────────────────

async function setup() {
  dir = await mkdtemp(join(tmpdir(), 'limeade-demo-'));
  for (const name of await readdir(EXAMPLE)) await copyFile(join(EXAMPLE, name), join(dir, name));
  // What `npm install limeade` would give the app: a resolvable package, ES modules.
  await mkdir(join(dir, 'node_modules'));
  await symlink(ROOT, join(dir, 'node_modules', 'limeade'), 'dir');
  await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  say(`copied examples/server to ${dir}`);
  say('$ PORT=0 node --import limeade/register app.js');

  // The default log level and the watcher on, whatever the environment says
  // (NODE_DEBUG=limeade still shows limeade's debug lines).
  const env = { ...process.env, PORT: '0' };
  delete env.LIMEADE_LOG;
  delete env.LIMEADE_WATCH;
  child = spawn(process.execPath, ['--import', 'limeade/register', 'app.js'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  relay(child.stdout);
  relay(child.stderr);
  child.on('exit', () => wake());

  const match = await waitForOutput(/listening on http:\/\/localhost:(\d+)/, 'the server to print its URL');
  port = Number(match[1]);
}

/** Print the server's output as it arrives, one line at a time, marked as the server's. */
function relay(stream) {
  let partial = '';
  stream.on('data', (chunk) => {
    output += chunk;
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop();
    for (const line of lines) console.log(`   │ ${line}`);
    wake();
  });
}

function wake() {
  const waiters = nextWaiters;
  nextWaiters = new Set();
  for (const w of waiters) w();
}

/** Wait until the server's output (stdout and stderr) from offset `from` on matches `pattern`. */
async function waitForOutput(pattern, what, from = 0) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const match = output.slice(from).match(pattern);
    if (match) return match;
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited while waiting for ${what}`);
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`);
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, left);
      nextWaiters.add(() => (clearTimeout(timer), resolve()));
    });
  }
}

// ── requests and edits ─────────────────────────────────────────────────────────────────

async function request(method, path, { body, quiet = false } = {}) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, body });
  const text = await res.text();
  if (!quiet) {
    say(`> ${method} ${path}${body ? ` ${JSON.stringify(body)}` : ''}`);
    console.log(indent(`${res.status} ${text}`, '   < '));
  }
  return text;
}

/** Ask again until `ok(body, status)`: the edit has been applied. Prints the answer that passed. */
async function until(method, path, ok) {
  const deadline = Date.now() + WAIT_MS;
  let tries = 0;
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { method });
    const body = await res.text();
    tries++;
    if (ok(body, res.status)) {
      say(`> ${method} ${path}   (answer changed after ${tries} request${tries > 1 ? 's' : ''})`);
      console.log(indent(`${res.status} ${body}`, '   < '));
      return body;
    }
    if (Date.now() > deadline) throw new Error(`the answer to ${method} ${path} did not change within ${WAIT_MS} ms; last answer:\n${body}`);
    await delay(20); // pacing between polls, not a success criterion
  }
}

/**
 * Replace each [from, to] in `file` (each `from` must be there) and save it, as an editor
 * would. Returns where the server's output stood before the save.
 */
async function edit(file, ...replacements) {
  let text = await readFile(join(dir, file), 'utf8');
  for (const [from, to] of replacements) {
    if (!text.includes(from)) throw new Error(`${file} no longer contains ${JSON.stringify(from)}: update examples/demo.mjs`);
    text = text.replace(from, to);
    say(`- ${from.split('\n')[0].trim()}`);
    for (const line of to.split('\n')) if (line.trim()) say(`+ ${line.trim()}`);
  }
  const mark = output.length;
  await writeFile(join(dir, file), text);
  return mark;
}

function expect(condition, what, actual) {
  if (!condition) throw new Error(`expected: ${what}; got:\n${actual}`);
  say(`✓ ${what}`);
}

// ── run, and always clean up ──────────────────────────────────────────────────────────

async function cleanup() {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await Promise.race([exited, delay(2000)]);
  }
  if (dir) await rm(dir, { recursive: true, force: true });
}

const watchdog = setTimeout(() => fail(new Error(`the demo did not finish within ${DEMO_MS / 1000} s`)), DEMO_MS);

async function fail(err) {
  console.error(`\ndemo FAILED: ${err.message}`);
  console.error(`\n── everything the server printed:\n${output || '(nothing)'}`);
  await cleanup();
  process.exit(1);
}

main().then(
  async () => {
    clearTimeout(watchdog);
    await cleanup();
    process.exit(0);
  },
  (err) => fail(err),
);
