// Write-to-new-behaviour latency (issue 3): `node bench/latency.mjs` (after `npm run build`).
//
// For each tool, a small HTTP app runs in a child process; the bench rewrites its handler
// module so that it answers a new string, and measures the time from just before the write
// to the first HTTP response carrying that string (requests sent back to back on a
// keep-alive connection, no sleeps). Tools:
//
//   floor        a bare fs.watch on the directory + import('./handler.js?v=N'), no tool
//   limeade      node --import limeade/register server.js (Node 20 = this process's node,
//                and Node 24 and 26 from the node24/node26 dev dependencies)
//   hot-hook     node --import=hot-hook/register server.js, the handler imported per request
//                with `await import('./handler.js', import.meta.hot?.boundary)` (its README)
//   dynohot      node --import dynohot server.js, `import.meta.hot?.accept('./handler.js')`
//                and its live import bindings (its README)
//   node --watch a restart; measured to the first correct answer of the new process (its new
//                port is read from its stdout)
//
// Options: --edits N (default 60), --watch-edits N (node --watch, default 20: each is a
// restart), --timeout MS (per edit, default 5000), --gap MS (after an edit is served,
// default 120: chokidar drops a change that follows another within 50 ms), --only a,b
// (tool ids: floor,limeade,limeade-24,limeade-26,hot-hook,dynohot,node-watch).
// Prints a table and, last, one JSON line. No thresholds: it never fails on time.
// Issue 3's numbers from this machine before limeade existed (medians): floor 4.0 ms,
// hot-hook 6.5 ms, dynohot 126 ms (a 100 ms debounce), node --watch 315 ms.
// `export async function latency(options)` returns the rows, for other scripts.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { quantile } from './lib.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The dev-dependency Nodes limeade is also measured on, when installed: id suffix → binary. */
const DEV_NODES = ['24', '26'].map((major) => ({ major, bin: join(ROOT, `node_modules/node${major}/bin/node`) }));

// ---- the apps -------------------------------------------------------------------------

const handlerSource = (text) => `export function handler(req, res) {\n  res.end(${JSON.stringify(text)});\n}\n`;
const announce = `server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));\n`;

/** server.js of each tool; the handler module is always handler.js exporting handler(req, res). */
const SERVERS = {
  // The floor: what any tool has to do at least. ~20 lines.
  floor: `import { createServer } from 'node:http';
import { watch } from 'node:fs';
import { handler as first } from './handler.js';

let current = first;
let requested = 0;
let applied = 0;
// fs.watch on the directory (on the file it dies after a rename-style save); a save gives
// several raw events, the first often on a still-empty file: import on every one, keep the
// newest import that has the export.
watch(import.meta.dirname, (kind, name) => {
  if (name !== 'handler.js') return;
  const v = ++requested;
  import('./handler.js?v=' + v).then((m) => {
    if (v > applied && typeof m.handler === 'function') { applied = v; current = m.handler; }
  }, () => {});
});
const server = createServer((req, res) => current(req, res));
${announce}`,
  // limeade: the server holds the handler function; limeade makes it run the newest code.
  limeade: `import { createServer } from 'node:http';
import { handler } from './handler.js';

const server = createServer(handler);
${announce}`,
  // hot-hook (README "Usage"): dynamic import of the boundary on every request.
  'hot-hook': `import { createServer } from 'node:http';

const server = createServer(async (req, res) => {
  const { handler } = await import('./handler.js', import.meta.hot?.boundary);
  handler(req, res);
});
${announce}`,
  // dynohot (README "Swappable middleware"): accept updates of the dependency; its imports are
  // live bindings, so the wrapper calls the newest handler.
  dynohot: `import { createServer } from 'node:http';
import { handler } from './handler.js';

const server = createServer((req, res) => handler(req, res));
import.meta.hot?.accept('./handler.js');
${announce}`,
  // node --watch: restarts the process on a change.
  'node-watch': `import { createServer } from 'node:http';
import { handler } from './handler.js';

const server = createServer(handler);
${announce}`,
};

function tools(node20, editsN, watchEdits) {
  return [
    { id: 'floor', label: 'floor (fs.watch + import ?v=N)', server: 'floor', bin: node20, args: ['server.js'], edits: editsN },
    { id: 'limeade', label: 'limeade', server: 'limeade', bin: node20, args: ['--import', 'limeade/register', 'server.js'], edits: editsN },
    ...DEV_NODES.filter(({ bin }) => existsSync(bin)).map(({ major, bin }) => (
      { id: `limeade-${major}`, label: 'limeade', server: 'limeade', bin, args: ['--import', 'limeade/register', 'server.js'], edits: editsN })),
    { id: 'hot-hook', label: 'hot-hook', server: 'hot-hook', bin: node20, args: ['--import=hot-hook/register', 'server.js'], edits: editsN },
    { id: 'dynohot', label: 'dynohot', server: 'dynohot', bin: node20, args: ['--import', 'dynohot', 'server.js'], edits: editsN },
    { id: 'node-watch', label: 'node --watch', server: 'node-watch', bin: node20, args: ['--watch', 'server.js'], edits: watchEdits },
  ];
}

// ---- processes and temp dirs (all cleaned up, also on failure) ------------------------

const children = new Set();
let tmpRoot;

function cleanup() {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGKILL'); // its process group: node --watch has a grandchild
    } catch {}
  }
  children.clear();
  if (tmpRoot && process.env.BENCH_KEEP !== '1') rmSync(tmpRoot, { recursive: true, force: true });
}

/**
 * Starts a child; `ports` receives each port it announces (a restart announces a new one).
 * Apps live under bench/.tmp-latency-*, so that resolution walks up to this repo's
 * node_modules (hot-hook, dynohot and their dependencies); limeade itself is a symlink.
 */
function startApp(tool) {
  const dir = mkdtempSync(join(tmpRoot, `${tool.id}-`));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'limeade'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  writeFileSync(join(dir, 'server.js'), SERVERS[tool.server]);
  writeFileSync(join(dir, 'handler.js'), handlerSource('v0'));
  const env = { ...process.env, NODE_OPTIONS: '' };
  const child = spawn(tool.bin, tool.args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.add(child);
  const app = { dir, child, port: 0, portWaiters: [], log: '', exited: false };
  let buf = '';
  const onData = (d) => {
    const s = String(d);
    app.log = (app.log + s).slice(-4000);
    buf += s;
    let m;
    const re = /PORT (\d+)/g;
    while ((m = re.exec(buf))) {
      app.port = Number(m[1]);
      for (const w of app.portWaiters.splice(0)) w(app.port);
    }
    buf = buf.slice(buf.lastIndexOf('\n') + 1);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', (d) => (app.log = (app.log + String(d)).slice(-4000)));
  child.on('exit', () => {
    app.exited = true;
    for (const w of app.portWaiters.splice(0)) w(0);
  });
  return app;
}

function stopApp(app) {
  try {
    process.kill(-app.child.pid, 'SIGKILL');
  } catch {}
  children.delete(app.child);
}

const waitPort = (app, ms) =>
  app.port
    ? Promise.resolve(app.port)
    : new Promise((resolve) => {
        const t = setTimeout(() => resolve(0), ms);
        app.portWaiters.push((p) => (clearTimeout(t), resolve(p)));
      });

// ---- HTTP ---------------------------------------------------------------------------------

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(port) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(body));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls until the app answers `want`: back-to-back requests; after a failed connection
 * (a restarting process) 1 ms before the next try, so the poller does not starve the
 * restart on a small machine. Returns the time the answer arrived, or -1 at the deadline.
 */
async function until(app, want, deadline) {
  while (performance.now() < deadline) {
    if (app.exited) return -1;
    const port = app.port;
    try {
      const body = await get(port);
      if (body === want) return performance.now();
    } catch {
      await sleep(1);
    }
  }
  return -1;
}

// ---- one tool ---------------------------------------------------------------------------

const WARMUP = 3;

async function measure(tool, { timeout, gap }) {
  const app = startApp(tool);
  const file = join(app.dir, 'handler.js');
  try {
    if (!(await waitPort(app, 15000))) throw new Error(`${tool.id} did not start:\n${app.log}`);
    // The first request loads the handler (hot-hook watches it only from then on); then let
    // the watchers finish setting up.
    if ((await until(app, 'v0', performance.now() + 10000)) < 0) throw new Error(`${tool.id} does not answer v0:\n${app.log}`);
    await sleep(500);
    const times = [];
    let misses = 0;
    for (let n = 1; n <= WARMUP + tool.edits; n++) {
      const want = `v${n}`;
      const t0 = performance.now();
      writeFileSync(file, handlerSource(want));
      const t1 = await until(app, want, t0 + timeout);
      if (app.exited) throw new Error(`${tool.id} exited:\n${app.log}`);
      if (n > WARMUP) {
        if (t1 < 0) misses++;
        else times.push(t1 - t0);
      }
      await sleep(gap);
    }
    return { times, misses };
  } finally {
    stopApp(app);
  }
}

// ---- statistics and output ----------------------------------------------------------------

function table(header, rows) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r) => `| ${r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (i === 0 ? ':' : '-') + '-'.repeat(w) + (i === 0 ? '-' : ':')).join('|')}|`;
  return [line(header), sep, ...rows.map(line)].join('\n');
}

function args(argv) {
  const o = { edits: 60, watchEdits: 20, timeout: 5000, gap: 120, only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--edits') o.edits = Number(v());
    else if (a === '--watch-edits') o.watchEdits = Number(v());
    else if (a === '--timeout') o.timeout = Number(v());
    else if (a === '--gap') o.gap = Number(v());
    else if (a === '--only') o.only = v().split(',');
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

const versionOf = (bin) =>
  bin === process.execPath
    ? process.version
    : new Promise((resolve) => {
        const c = spawn(bin, ['-p', 'process.version'], { stdio: ['ignore', 'pipe', 'ignore'] });
        let s = '';
        c.stdout.on('data', (d) => (s += d));
        c.on('close', () => resolve(s.trim()));
      });

/** Measures every tool in turn; returns the result rows (also used by the printout). */
export async function latency(options = {}) {
  const o = { ...args([]), ...options };
  if (!existsSync(join(ROOT, 'dist/loader/register.js'))) throw new Error('dist/ is missing; run `npm run build` first.');
  tmpRoot = mkdtempSync(join(ROOT, 'bench', '.tmp-latency-'));
  const results = [];
  try {
    for (const tool of tools(process.execPath, o.edits, o.watchEdits)) {
      if (o.only && !o.only.includes(tool.id)) continue;
      const node = await versionOf(tool.bin);
      process.stderr.write(`latency: ${tool.id} (${node}), ${tool.edits} edits…\n`);
      const { times, misses } = await measure(tool, o);
      results.push({
        id: tool.id,
        tool: tool.label,
        node,
        edits: tool.edits,
        median: quantile(times, 0.5),
        p90: quantile(times, 0.9),
        min: Math.min(...times),
        max: Math.max(...times),
        misses,
      });
    }
  } finally {
    cleanup();
  }
  return results;
}

async function main() {
  const o = args(process.argv.slice(2));
  const onSignal = () => (cleanup(), process.exit(130));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', cleanup);
  const results = await latency(o);
  const floor = results.find((r) => r.id === 'floor');
  const f = (x) => (Number.isFinite(x) ? x.toFixed(x >= 100 ? 0 : 1) : '–');
  console.log(`\nWrite-to-new-behaviour latency, ${new Date().toISOString().slice(0, 10)}, runner ${process.version}`);
  console.log(
    `(ms from just before the write to the first HTTP response with the new string; ${WARMUP} warm-up edits per tool not counted; ` +
      `${o.gap} ms between edits; an edit not served within ${o.timeout} ms is a miss)\n`,
  );
  console.log(
    table(
      ['tool', 'node', 'edits', 'median ms', 'p90 ms', 'min–max ms', 'misses', 'median / floor'],
      results.map((r) => [
        r.tool,
        r.node,
        r.id === 'node-watch' ? `${r.edits} (restarts)` : r.edits,
        f(r.median),
        f(r.p90),
        `${f(r.min)}–${f(r.max)}`,
        r.misses,
        floor ? `${(r.median / floor.median).toFixed(2)}x` : '–',
      ]),
    ),
  );
  console.log(`\n${JSON.stringify({ bench: 'latency', date: new Date().toISOString(), runner: process.version, results })}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err?.stack ?? err);
    cleanup();
    process.exit(1);
  });
}
