#!/usr/bin/env node
// Soak test: a real HTTP server run under `node --import limeade/register`, a keep-alive
// client hammering it, and a seeded generator of valid and invalid edits saved the ways
// editors save. After every edit the server's behaviour is checked (marker strings, a
// differential oracle against a fresh plain `node server.js` for a sample, unchanged answers
// for invalid edits) and its in-memory state must never be lost.
//
//   node test/soak/soak.mjs [--edits N] [--seed S] [--verbose]
//
// Exits non-zero on any crash, failed request, state loss or failed check.
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, symlink, writeFile, rename, open, unlink, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import { parse } from 'acorn';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// ---------------------------------------------------------------- arguments
const argv = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const EDITS = Number(arg('--edits', 100));
const SEED = Number(arg('--seed', Date.now() % 1e9));
const VERBOSE = argv.includes('--verbose');
const KEEP_GOING = argv.includes('--keep-going'); // default: stop editing at the first problem
const ORACLE_EVERY = Number(arg('--oracle-every', 10));
const MAX_ITEMS = 150;
const REQUEST_TIMEOUT = 2000;
const APPLY_TIMEOUT = 5000;

// ---------------------------------------------------------------- seeded PRNG (mulberry32)
let prngState = SEED >>> 0;
function rand() {
  prngState = (prngState + 0x6d2b79f5) >>> 0;
  let t = prngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (arr) => arr[Math.floor(rand() * arr.length)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => { if (VERBOSE) console.error('[soak]', ...a); };

// ---------------------------------------------------------------- the app, generated from a model
const model = {
  greet: 'hello-e0',
  renderTag: 'r-e0',
  tag: 'tag-e0',
  methods: [], // Store methods used from handlers: { name, out }
  helpers: [], // util helpers used from handlers (shape change): { name, out }
  logs: { 'util.js': [], 'cache.js': [], 'service.js': [], 'handlers.js': [] },
};
const clone = (o) => JSON.parse(JSON.stringify(o));
const logLines = (m, file) => m.logs[file].map((id) => `console.log('soak-log-${id}');\n`).join('');

function gen(m) {
  return {
    'util.js':
      `export const SEP = ' | ';\n` +
      `export const TAG = '${m.tag}';\n` +
      `export function pad(s) { return '[' + s + ']'; }\n` +
      `export function upper(s) { return String(s).toUpperCase(); }\n` +
      m.helpers.map((h) => `export function ${h.name}(s) { return '${h.out}(' + s + ')'; }\n`).join('') +
      logLines(m, 'util.js'),
    'cache.js':
      `export const hits = new Map();\n` +
      `export function count(route) { hits.set(route, (hits.get(route) || 0) + 1); }\n` +
      `export function total() { let n = 0; for (const v of hits.values()) n += v; return n; }\n` +
      logLines(m, 'cache.js'),
    'service.js':
      `import { upper } from './util.js';\n\n` +
      `export class Store {\n` +
      `  constructor() { this.items = []; }\n` +
      `  add(name) { this.items.push({ name, at: this.items.length }); }\n` +
      `  render(it, i) {\n    return '${m.renderTag}#' + i + ':' + upper(it.name);\n  }\n` +
      m.methods.map((x) => `  ${x.name}(it) { return '${x.out}-' + it.name.length; }\n`).join('') +
      `}\n\n` +
      `export const store = new Store();\n` +
      logLines(m, 'service.js'),
    'handlers.js':
      `import { store } from './service.js';\n` +
      `import { SEP, TAG, pad${m.helpers.map((h) => ', ' + h.name).join('')} } from './util.js';\n` +
      `import { count, total } from './cache.js';\n\n` +
      `export function getItems(req, res) {\n` +
      `  count('GET /items');\n` +
      `  const lines = store.items.map((it, i) => {\n` +
      `    let line = store.render(it, i) + SEP + pad(TAG);\n` +
      m.methods.map((x) => `    line += SEP + store.${x.name}(it);\n`).join('') +
      m.helpers.map((h) => `    line += SEP + ${h.name}(it.name);\n`).join('') +
      `    return line;\n` +
      `  });\n` +
      `  res.writeHead(200, { 'content-type': 'text/plain' });\n` +
      `  res.end('${m.greet}\\n' + lines.join('\\n') + '\\n');\n` +
      `}\n\n` +
      `export function postItem(req, res, url) {\n` +
      `  count('POST /items');\n` +
      `  const name = url.searchParams.get('name');\n` +
      `  if (!name) { res.writeHead(400); res.end('name required\\n'); return; }\n` +
      `  store.add(name);\n` +
      `  res.writeHead(200, { 'content-type': 'text/plain' });\n` +
      `  res.end('added ' + name + '\\n');\n` +
      `}\n\n` +
      `export function getCount(req, res) {\n` +
      `  count('GET /count');\n` +
      `  res.writeHead(200, { 'content-type': 'application/json' });\n` +
      `  res.end(JSON.stringify({ items: store.items.length, names: store.items.map((it) => it.name), requests: total(), heapUsed: process.memoryUsage().heapUsed }));\n` +
      `}\n` +
      logLines(m, 'handlers.js'),
    'server.js':
      `import http from 'node:http';\n` +
      `import { getItems, postItem, getCount } from './handlers.js';\n\n` +
      `const routes = new Map([['GET /items', getItems], ['POST /items', postItem], ['GET /count', getCount]]);\n` +
      `const server = http.createServer((req, res) => {\n` +
      `  const url = new URL(req.url, 'http://localhost');\n` +
      `  const handler = routes.get(req.method + ' ' + url.pathname);\n` +
      `  if (!handler) { res.writeHead(404); res.end('not found\\n'); return; }\n` +
      `  try { handler(req, res, url); } catch (err) { res.writeHead(500); res.end(String((err && err.stack) || err)); }\n` +
      `});\n` +
      `server.keepAliveTimeout = 60000;\n` +
      `server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));\n`,
  };
}

// ---------------------------------------------------------------- processes
async function makeDir(files, withLimeade) {
  const dir = await mkdtemp(join(tmpdir(), 'limeade-soak-'));
  if (withLimeade) {
    await mkdir(join(dir, 'node_modules'), { recursive: true });
    await symlink(ROOT, join(dir, 'node_modules', 'limeade'), 'dir');
  }
  await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

function startServer(dir, withLimeade) {
  const args = withLimeade ? ['--import', 'limeade/register', 'server.js'] : ['server.js'];
  const child = spawn(process.execPath, args, {
    cwd: dir,
    env: { ...process.env, NODE_OPTIONS: '', LIMEADE_WATCH: '1', LIMEADE_CACHE: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = { child, dir, stdout: '', stderr: '', exited: null, port: 0 };
  child.stdout.on('data', (d) => { proc.stdout += d; });
  child.stderr.on('data', (d) => { proc.stderr += d; });
  proc.exitPromise = new Promise((r) => child.on('exit', (code, signal) => { proc.exited = { code, signal }; r(proc.exited); }));
  proc.ready = (async () => {
    const t0 = Date.now();
    while (!/PORT (\d+)/.test(proc.stdout)) {
      if (proc.exited) throw new Error(`server exited at start ${JSON.stringify(proc.exited)}\n${proc.stderr}`);
      if (Date.now() - t0 > 10000) throw new Error(`server did not print its port\n${proc.stdout}\n${proc.stderr}`);
      await sleep(10);
    }
    proc.port = Number(proc.stdout.match(/PORT (\d+)/)[1]);
    proc.agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    return proc;
  })();
  return proc;
}

async function stopServer(proc) {
  proc.agent?.destroy();
  if (!proc.exited) { proc.child.kill(); await proc.exitPromise; }
}

function request(proc, method, path) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: proc.port, method, path, agent: proc.agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => { clearTimeout(timer); resolve({ status: res.statusCode, body }); });
      res.on('error', (e) => { clearTimeout(timer); reject(e); });
    });
    const timer = setTimeout(() => { req.destroy(new Error(`timeout > ${REQUEST_TIMEOUT} ms: ${method} ${path}`)); }, REQUEST_TIMEOUT);
    req.on('error', (e) => { clearTimeout(timer); reject(e); });
    req.end();
  });
}

// ---------------------------------------------------------------- saves
async function saveAs(path, text, pattern) {
  if (pattern === 'in-place') {
    await writeFile(path, text);
  } else if (pattern === 'truncate-chunks') {
    const fh = await open(path, 'w');
    const half = Math.floor(text.length / 2);
    await fh.write(text.slice(0, half));
    await fh.sync().catch(() => {});
    await sleep(10);
    await fh.write(text.slice(half));
    await fh.close();
  } else if (pattern === 'temp-rename') {
    const tmp = join(dirname(path), `.${path.split('/').pop()}.${process.pid}.tmp`);
    await writeFile(tmp, text);
    await rename(tmp, path);
  } else if (pattern === 'two-saves') {
    await writeFile(path, text.slice(0, Math.floor(text.length / 2)));
    await sleep(20);
    await writeFile(path, text);
  } else throw new Error(pattern);
}
const PATTERNS = ['in-place', 'truncate-chunks', 'temp-rename', 'two-saves'];

// ---------------------------------------------------------------- the run
const stats = {
  editsApplied: 0, validEdits: 0, oracleChecks: 0, invalidEdits: 0, invalidRejected: 0,
  crashes: 0, requests: 0, failedRequests: 0, transitionErrors: 0, stateLosses: 0, checkFailures: 0,
  heapStart: 0, heapEnd: 0,
};
const problems = [];
function problem(kind, msg) {
  problems.push(`[${kind}] ${msg}`);
  if (kind === 'state') stats.stateLosses++;
  else if (kind === 'request') stats.failedRequests++;
  else if (kind === 'crash') stats.crashes++;
  else stats.checkFailures++;
  if (problems.length <= 5) console.error(`[soak] ${kind}: ${msg.length > 3000 ? msg.slice(0, 3000) + '…' : msg}`);
  else if (problems.length === 6) console.error('[soak] (further problems are counted, not printed)');
}

let server;
const names = []; // confirmed items, in order
let postsAllowed = true;
let clientRunning = true;
let inflightPost = Promise.resolve();
let itemSeq = 0;

// While the files of a multi-file edit are being saved one after the other, the server may
// briefly run a new handler against the old service (two saves are two refreshes: limeade
// applies each as soon as it is on disk). Such answers are counted, not failures.
let transition = false;

async function tracked(method, path) {
  stats.requests++;
  try {
    const r = await request(server, method, path);
    if (r.status !== 200 && transition && /is not a function|is not defined/.test(r.body)) stats.transitionErrors++;
    else if (r.status !== 200) problem('request', `${method} ${path} → ${r.status}: ${r.body.slice(0, 500)}`);
    return r;
  } catch (e) {
    problem('request', `${method} ${path} → ${e.message}`);
    return null;
  }
}

async function postItem() {
  const name = `it${++itemSeq}`;
  const r = await tracked('POST', `/items?name=${name}`);
  if (r && r.status === 200) names.push(name);
}

async function clientLoop() {
  const t0 = Date.now();
  let n = 0;
  while (clientRunning && !server.exited && n < 200000 && Date.now() - t0 < 30 * 60 * 1000) {
    n++;
    if (postsAllowed && n % 8 === 0 && names.length < MAX_ITEMS) {
      let done;
      inflightPost = new Promise((r) => { done = r; });
      await postItem();
      done();
    } else {
      await tracked('GET', '/items');
    }
    await sleep(3);
  }
}

async function pausePosts() {
  postsAllowed = false;
  await inflightPost;
}

async function getCount() {
  const r = await tracked('GET', '/count');
  if (!r || r.status !== 200) return null;
  try { return JSON.parse(r.body); } catch { problem('check', `GET /count is not JSON: ${r.body.slice(0, 300)}`); return null; }
}

/** Poll GET /items until pred(body) holds; returns the last body, or null on timeout. */
async function pollItems(pred, ms = APPLY_TIMEOUT) {
  const t0 = Date.now();
  let last = null;
  while (Date.now() - t0 < ms && !server.exited) {
    const r = await tracked('GET', '/items');
    if (r && r.status === 200) {
      last = r.body;
      if (pred(last)) return { ok: true, body: last };
    }
    await sleep(15);
  }
  return { ok: false, body: last };
}

async function checkState(label) {
  if (server.exited) return;
  const c = await getCount();
  if (!c) return;
  const expected = names.slice();
  if (c.items !== expected.length || JSON.stringify(c.names) !== JSON.stringify(expected))
    problem('state', `${label}: server has ${c.items} items ${JSON.stringify(c.names)}, expected ${expected.length} ${JSON.stringify(expected)}`);
  const r = await tracked('GET', '/items');
  if (r && r.status === 200) {
    const missing = expected.filter((n) => !r.body.includes(':' + n.toUpperCase()));
    if (missing.length) problem('state', `${label}: GET /items does not list ${missing.join(', ')}\n${r.body.slice(0, 500)}`);
  }
}

async function oracle(files) {
  const dir = await makeDir(files, false);
  const fresh = startServer(dir, false);
  try {
    await fresh.ready;
    for (const n of names) {
      const r = await request(fresh, 'POST', `/items?name=${n}`);
      if (r.status !== 200) throw new Error(`fresh server POST → ${r.status} ${r.body}`);
    }
    const items = await request(fresh, 'GET', '/items');
    const count = JSON.parse((await request(fresh, 'GET', '/count')).body);
    return { items: items.body, count };
  } finally {
    await stopServer(fresh);
    await rm(dir, { recursive: true, force: true });
  }
}

const isValidJs = (text) => { try { parse(text, { ecmaVersion: 'latest', sourceType: 'module' }); return true; } catch { return false; } };

async function main() {
  let current = gen(model); // last good content on disk
  const dir = await makeDir(current, true);
  server = startServer(dir, true);
  await server.ready;
  const clientDone = clientLoop();
  for (let i = 0; i < 3; i++) await postItem();
  stats.heapStart = (await getCount())?.heapUsed ?? 0;
  const t0 = Date.now();
  let validCount = 0;
  const KINDS = [
    ['handler-string', 3], ['method-body', 3], ['add-method', 2], ['util-const', 2], ['add-helper', 2], ['log-stmt', 1],
    ['invalid-syntax', 1], ['invalid-throw', 1], ['invalid-half', 1], ['delete-restore', 1],
  ];
  const totalWeight = KINDS.reduce((s, [, w]) => s + w, 0);
  const pickKind = () => { let x = rand() * totalWeight; for (const [k, w] of KINDS) { if ((x -= w) < 0) return k; } return KINDS[0][0]; };

  for (let e = 1; e <= EDITS; e++) {
    if (server.exited) break;
    if (problems.length && !KEEP_GOING) { console.error(`[soak] stopping after edit ${e - 1}: first problem found (--keep-going to continue)`); break; }
    stats.editsDone = e;
    const kind = pickKind();
    const pattern = pick(PATTERNS);
    const id = `e${e}`;
    await pausePosts();
    const label = `edit ${e} ${kind} (${pattern})`;
    log(label, JSON.stringify({ model }));
    const before = await tracked('GET', '/items');
    const errLenBefore = server.stderr.length;

    if (!kind.startsWith('invalid') && kind !== 'delete-restore') {
      // ---------------- valid edit
      const m = clone(model);
      let marker; let where = 'items';
      if (kind === 'handler-string') { m.greet = `hello-${id}`; marker = `hello-${id}\n`; }
      else if (kind === 'method-body') { m.renderTag = `r-${id}`; marker = `r-${id}#`; }
      else if (kind === 'add-method') {
        m.methods.push({ name: `extra_${id}`, out: `x-${id}` });
        if (m.methods.length > 3) m.methods.shift();
        marker = `x-${id}-`;
      } else if (kind === 'util-const') { m.tag = `tag-${id}`; marker = `[tag-${id}]`; }
      else if (kind === 'add-helper') {
        m.helpers.push({ name: `help_${id}`, out: `h-${id}` });
        if (m.helpers.length > 3) m.helpers.shift();
        marker = `h-${id}(`;
      } else if (kind === 'log-stmt') {
        const f = pick(Object.keys(m.logs));
        m.logs[f].push(id);
        if (m.logs[f].length > 3) m.logs[f].shift();
        marker = `soak-log-${id}\n`; where = 'stdout';
      }
      const next = gen(m);
      const changed = Object.keys(next).filter((f) => next[f] !== current[f]);
      // several files: random order, written concurrently like a format-on-save burst
      changed.sort(() => rand() - 0.5);
      transition = changed.length > 1;
      await Promise.all(changed.map((f) => saveAs(join(dir, f), next[f], pattern)));
      Object.assign(model, m);
      current = next;
      stats.validEdits++;
      validCount++;
      let applied;
      if (where === 'stdout') {
        const t = Date.now();
        while (!server.stdout.includes(marker) && Date.now() - t < APPLY_TIMEOUT && !server.exited) await sleep(10);
        applied = server.stdout.includes(marker);
        if (applied && before) {
          // a log statement changes nothing else
          const after = await pollItems((b) => b === before.body, 1000);
          if (!after.ok) problem('check', `${label}: GET /items changed after adding a log statement\nbefore:\n${before.body}\nafter:\n${after.body}`);
        }
      } else {
        applied = (await pollItems((b) => b.includes(marker))).ok;
      }
      transition = false;
      if (!applied) problem('check', `${label}: marker ${JSON.stringify(marker)} never appeared (files ${changed.join(', ')})\n--- stderr tail ---\n${server.stderr.slice(-1500)}`);
      else stats.editsApplied++;
      if (applied && validCount % ORACLE_EVERY === 0) {
        stats.oracleChecks++;
        const want = await oracle(current);
        const got = await pollItems((b) => b === want.items, 3000);
        if (!got.ok) problem('check', `${label}: differential oracle: GET /items differs from a fresh process\nfresh:\n${want.items}\nlive:\n${got.body}`);
        const c = await getCount();
        if (c && (c.items !== want.count.items || JSON.stringify(c.names) !== JSON.stringify(want.count.names)))
          problem('check', `${label}: differential oracle: GET /count items ${c.items} vs fresh ${want.count.items}`);
      }
    } else {
      // ---------------- invalid edit
      stats.invalidEdits++;
      let file; let ok = true;
      if (kind === 'delete-restore') {
        file = pick(['util.js', 'cache.js', 'service.js', 'handlers.js']);
        await unlink(join(dir, file));
      } else {
        let bad;
        if (kind === 'invalid-syntax') {
          file = 'handlers.js';
          bad = current[file].replace(`  count('GET /items');\n`, `  count('GET /items');\n  if (store.items.length > -1 {\n`);
        } else if (kind === 'invalid-throw') {
          file = 'util.js';
          bad = current[file] + `throw new Error('soak ${id}: top-level throw');\n`;
        } else {
          file = pick(['util.js', 'cache.js', 'service.js', 'handlers.js']);
          let cut = Math.floor(current[file].length / 2);
          while (cut > 1 && isValidJs(current[file].slice(0, cut))) cut--;
          bad = current[file].slice(0, cut);
        }
        await saveAs(join(dir, file), bad, pattern);
      }
      // wait for limeade to say something about it
      const want = kind === 'delete-restore' ? /\[limeade\].*deleted/ : /\[limeade\][^\n]*(Error|error)|Nothing was applied/;
      const t = Date.now();
      while (!want.test(server.stderr.slice(errLenBefore)) && Date.now() - t < APPLY_TIMEOUT && !server.exited) await sleep(10);
      if (!want.test(server.stderr.slice(errLenBefore))) {
        ok = false;
        problem('check', `${label} on ${file}: no [limeade] ${kind === 'delete-restore' ? 'deletion notice' : 'error'} on stderr within ${APPLY_TIMEOUT} ms\n--- stderr tail ---\n${server.stderr.slice(-1500)}`);
      }
      await sleep(80); // past the watcher's 60 ms re-check
      if (before) {
        const after = await tracked('GET', '/items');
        if (after && after.body !== before.body) {
          ok = false;
          problem('check', `${label} on ${file}: answers changed by an invalid edit\nbefore:\n${before.body}\nafter:\n${after.body}`);
        }
      }
      // restore the last good content
      await writeFile(join(dir, file), current[file]);
      await sleep(80);
      if (before) {
        const after = await pollItems((b) => b === before.body, 2000);
        if (!after.ok) { ok = false; problem('check', `${label} on ${file}: answers differ after restoring the good content\nbefore:\n${before.body}\nafter:\n${after.body}`); }
      }
      if (ok) stats.invalidRejected++;
    }
    if (server.exited) break;
    await checkState(label);
    postsAllowed = true;
    await sleep(10 + Math.floor(rand() * 20)); // let the client post a little between edits
  }

  if (server.exited) problem('crash', `server exited ${JSON.stringify(server.exited)}\n--- stderr tail ---\n${server.stderr.slice(-3000)}`);
  await pausePosts();
  clientRunning = false;
  await clientDone;
  if (!server.exited) {
    await checkState('end');
    stats.heapEnd = (await getCount())?.heapUsed ?? 0;
  }
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  await stopServer(server);
  if (!problems.length) await rm(dir, { recursive: true, force: true });
  else {
    await writeFile(join(dir, 'server.stdout.log'), server.stdout);
    await writeFile(join(dir, 'server.stderr.log'), server.stderr);
    console.error(`[soak] app directory kept, with the server's output in server.stdout.log and server.stderr.log: ${dir}`);
  }

  const mb = (b) => (b / 1048576).toFixed(1) + ' MB';
  const rows = [
    ['seed', SEED], ['edits done', `${stats.editsDone ?? 0} / ${EDITS}`], ['duration', seconds + ' s'],
    ['valid edits applied', `${stats.editsApplied} / ${stats.validEdits}`],
    ['differential oracle checks', stats.oracleChecks],
    ['invalid edits rejected cleanly', `${stats.invalidRejected} / ${stats.invalidEdits}`],
    ['crashes', stats.crashes], ['requests', stats.requests], ['failed requests', stats.failedRequests],
    ['answers mid multi-file save', stats.transitionErrors],
    ['state losses', stats.stateLosses], ['other failed checks', stats.checkFailures],
    ['items in memory', names.length],
    ['heap used start → end', `${mb(stats.heapStart)} → ${mb(stats.heapEnd)}`],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  console.log('\n| ' + 'metric'.padEnd(w) + ' | value');
  console.log('|-' + '-'.repeat(w) + '-|------');
  for (const [k, v] of rows) console.log('| ' + k.padEnd(w) + ' | ' + v);
  const bad = stats.crashes + stats.failedRequests + stats.stateLosses + stats.checkFailures;
  if (bad) console.log(`\nFAILED: ${problems.length} problem(s); first: ${problems[0].split('\n')[0]}`);
  process.exitCode = bad ? 1 : 0;
}

main().catch(async (e) => {
  console.error('[soak] aborted:', e);
  if (server && !server.exited) server.child.kill();
  process.exitCode = 2;
});
