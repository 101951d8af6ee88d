// Steady state of an HTTP server (issue 4): requests per second on loopback, plain node
// against `node --import limeade/register`, before any edit and after 10 edits of the hot
// handler module.
//
// The server answers a small JSON API from handler.js: it parses the query string, filters
// a list of 400 products, builds a `LineItem` and a few `Money` objects per match (classes
// with small methods and a getter), sorts and sums them and serialises a page of them. The
// client is a second process (this process's node, never limeade): BENCH_HTTP_CONNECTIONS
// keep-alive connections (node:http Agent), each sending its next request as soon as the
// previous answer arrives, over 16 different URLs; per window it warms up, then counts the
// answers over BENCH_HTTP_MS and reads the server's CPU time (process.cpuUsage, via
// /__cpu) and its own at both ends. Every answer is checked: status 200 and the
// `x-version` header of the version that must be running.
//
// Per Node version: a plain and a limeade server (port 0, LIMEADE_WATCH=0) run side by
// side, idle but for the window being measured; one window each not counted (warm-up), then
// BENCH_HTTP_RUNS rounds of one window each, the order alternating; then 10 edits of the limeade server's handler.js (the bodies of
// `handle` and `Money.prototype.format` change; the server writes the new text and calls
// refresh(), which must report a patch that updated both); then as many rounds again. The
// plain server's windows of the second phase are the baseline of "after 10 edits". The
// client stays up for all windows, so its own code is equally warm in each. Reported:
// median over windows (min–max) of req/s, of the server's CPU µs per request (less
// sensitive than req/s to how much of the 2 cores the machine's other processes leave), and
// of the server's and client's CPU use in the window (100% = one core: which side is the
// bottleneck); ratios paired window by window. Nothing here is a threshold.
//
//   node bench/http.mjs    BENCH_HTTP_RUNS=5 BENCH_HTTP_MS=1000 BENCH_HTTP_WARMUP_MS=300 BENCH_HTTP_CONNECTIONS=4 BENCH_NODES=a,b BENCH_KEEP=1
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import { join } from 'node:path';
import { hrMs, makeAppDir, median, nodeBinaries, ratio, removeDir, requireBuild, spread, table, knob, nodesNote, runIfMain } from './lib.mjs';

const RUNS = knob('BENCH_HTTP_RUNS', 3, 5);
const WINDOW_MS = knob('BENCH_HTTP_MS', 500, 1000);
const WARMUP_MS = knob('BENCH_HTTP_WARMUP_MS', 200, 300);
const CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS || 4);
const EDITS = 10;

/** The hot handler module, version k (k is in the answer's header and in a never-taken branch). */
export function handlerSource(k) {
  return `// the hot handler module (version ${k})
const PRODUCTS = Array.from({ length: 400 }, (_, i) => ({
  id: i,
  name: 'product-' + i,
  cents: 100 + ((i * 7919) % 9900),
  tags: ['t' + (i % 7), 'g' + (i % 3)],
  stock: (i * 31) % 50,
}));

export class Money {
  constructor(cents, currency) {
    this.cents = cents;
    this.currency = currency;
  }
  add(other) {
    return new Money(this.cents + other.cents, this.currency);
  }
  times(n) {
    return new Money(this.cents * n, this.currency);
  }
  format() {
    if (this.currency === undefined) return '${k}';
    const whole = Math.floor(this.cents / 100);
    const rest = String(this.cents % 100).padStart(2, '0');
    return whole + '.' + rest + ' ' + this.currency;
  }
}

export class LineItem {
  constructor(product, quantity) {
    this.product = product;
    this.quantity = quantity;
    this.total = this.unit.times(quantity);
  }
  get unit() {
    return new Money(this.product.cents, 'EUR');
  }
  toJSON() {
    return { id: this.product.id, name: this.product.name, quantity: this.quantity, unit: this.unit.format(), total: this.total.format() };
  }
}

function parseQuery(url) {
  const out = {};
  const q = url.indexOf('?');
  if (q < 0) return out;
  for (const pair of url.slice(q + 1).split('&')) {
    const eq = pair.indexOf('=');
    if (eq > 0) out[decodeURIComponent(pair.slice(0, eq))] = decodeURIComponent(pair.slice(eq + 1));
  }
  return out;
}

const number = (s, fallback) => (s === undefined || s === '' || Number.isNaN(Number(s)) ? fallback : Number(s));

function matches(product, query) {
  if (query.tag && !product.tags.includes(query.tag)) return false;
  const cents = product.cents;
  return cents >= number(query.min, 0) * 100 && cents <= number(query.max, Infinity) * 100;
}

function select(query) {
  const items = [];
  for (const p of PRODUCTS) if (matches(p, query)) items.push(new LineItem(p, 1 + (p.id % 3)));
  items.sort((a, b) => b.total.cents - a.total.cents || a.product.id - b.product.id);
  return items;
}

export function handle(req, res) {
  const query = parseQuery(req.url);
  const items = select(query);
  let sum = new Money(0, 'EUR');
  for (const item of items) sum = sum.add(item.total);
  const size = number(query.size, 20);
  const page = number(query.page, 0);
  const body = JSON.stringify({ count: items.length, total: sum.format(), page, items: items.slice(page * size, (page + 1) * size) });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-version': '${k}' });
  res.end(body);
}
`;
}

/** The server: the handler, plus /__cpu and /__edit?k=N for the bench (not part of the measured work). */
const SERVER = `import { createServer } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { handle } from './handler.js';

const json = (res, status, value) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
};

async function control(req, res) {
  if (req.url === '/__cpu') {
    const { user, system } = process.cpuUsage();
    return json(res, 200, { cpuUs: user + system });
  }
  const k = /^\\/__edit\\?k=(\\d+)$/.exec(req.url)?.[1];
  if (!k) return json(res, 404, { error: 'no such control path' });
  writeFileSync('handler.js', readFileSync('edits/' + k + '.txt', 'utf8'));
  const report = await globalThis.__limeade.refresh();
  const m = report.modules[0];
  const ok = report.ok && report.modules.length === 1 && m.path === 'patch' && m.updated.includes('handle') && m.updated.includes('Money.format');
  json(res, ok ? 200 : 500, { ok, durationMs: report.durationMs, report });
}

const server = createServer((req, res) => (req.url.startsWith('/__') ? control(req, res) : handle(req, res)));
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write('PORT ' + server.address().port + '\\n'));
`;

/**
 * The client, one process per Node version for all windows (its own code stays warm, so
 * its cost per request is the same in every window). Each IPC message { port, version }
 * runs one window against that server; the answer is the window's counts.
 */
const CLIENT = `import http from 'node:http';

const tags = ['t0', 't1', 't2', 't3', 't4', 't5', 't6', 'g0'];
const paths = Array.from({ length: 16 }, (_, i) =>
  '/products?tag=' + tags[i % 8] + '&min=' + (i % 4) * 5 + '&max=' + (40 + (i % 5) * 15) + '&page=' + (i % 2) + '&size=' + (10 + (i % 3) * 5));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function get(port, path, agent) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, version: res.headers['x-version'], body }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function measure({ port, version, connections, warmupMs, windowMs }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const control = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const cpu = async () => JSON.parse((await get(port, '/__cpu', control)).body).cpuUs;
  let measuring = false;
  let stop = false;
  let count = 0;
  let bad = 0;
  let sample = '';
  async function worker(i) {
    while (!stop) {
      const r = await get(port, paths[i++ % paths.length], agent);
      if (r.status !== 200 || r.version !== version) {
        bad++;
        sample ||= r.status + ' version ' + r.version + ': ' + r.body.slice(0, 200);
      } else if (measuring) count++;
    }
  }
  const workers = Array.from({ length: connections }, (_, i) => worker(i * 5));
  await sleep(warmupMs);
  const cpu0 = await cpu();
  const own0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  measuring = true;
  await sleep(windowMs);
  measuring = false;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const own = process.cpuUsage(own0);
  const cpu1 = await cpu();
  stop = true;
  await Promise.all(workers);
  agent.destroy();
  control.destroy();
  return { requests: count, seconds, cpuUs: cpu1 - cpu0, clientCpuUs: own.user + own.system, bad, sample };
}

process.on('message', (msg) => {
  if (msg === 'exit') return process.disconnect();
  measure(msg).then((r) => process.send(r), (err) => process.send({ error: String(err?.stack ?? err) }));
});
`;

/** Starts a child; resolves once it prints `PORT n` (server) or at once (client, ipc). */
function start(bin, args, dir, { ipc = false } = {}) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, NODE_OPTIONS: '', LIMEADE_WATCH: '0', LIMEADE_LOG: 'silent' };
    delete env.LIMEADE_CACHE;
    const child = spawn(bin, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? ['ipc'] : [])] });
    let out = '';
    const proc = { child, port: 0, log: () => out };
    child.stdout.on('data', (d) => {
      const m = /PORT (\d+)/.exec((out += d));
      if (m && !proc.port) resolve(Object.assign(proc, { port: Number(m[1]) }));
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`http: ${args.join(' ')} exited (${code})\n${out}`)));
    if (ipc) resolve(proc);
  });
}

async function stop(proc) {
  if (!proc) return;
  proc.child.removeAllListeners('exit');
  const done = proc.child.exitCode !== null || proc.child.signalCode !== null;
  const exited = done ? null : new Promise((resolve) => proc.child.once('exit', resolve));
  proc.child.kill('SIGKILL');
  await exited;
}

/** One GET from this process (the control path), as parsed JSON with its status. */
function control(port, path) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode, value: JSON.parse(body) }));
      })
      .on('error', reject);
  });
}

/** One measured window of the client against one server. */
function window(client, server, version) {
  return new Promise((resolve, reject) => {
    const cfg = { port: server.port, version: String(version), connections: CONNECTIONS, warmupMs: WARMUP_MS, windowMs: WINDOW_MS };
    const onExit = (code) => reject(new Error(`http: the client exited (${code})\n${client.log()}`));
    client.child.once('exit', onExit);
    client.child.once('message', (out) => {
      client.child.off('exit', onExit);
      if (out.error) return reject(new Error(`http: the client failed: ${out.error}\n${server.log()}`));
      if (out.bad) return reject(new Error(`http: ${out.bad} answers were not version ${version} with status 200, e.g. ${out.sample}\n${server.log()}`));
      resolve({
        rps: out.requests / out.seconds,
        cpuUsPerReq: out.cpuUs / out.requests,
        serverBusy: out.cpuUs / 1e4 / out.seconds,
        clientBusy: out.clientCpuUs / 1e4 / out.seconds,
      });
    });
    client.child.send(cfg);
  });
}

/** RUNS rounds of one window per server, the order alternating from round to round. */
async function rounds(client, servers, versions, data) {
  for (let r = 0; r < RUNS; r++)
    for (const mode of r % 2 ? ['limeade', 'plain'] : ['plain', 'limeade']) data[mode].push(await window(client, servers[mode], versions[mode]));
}

/** Both servers up, windows before, 10 edits of the limeade server, windows after. */
async function oneNode(node, dir) {
  await writeFile(join(dir, 'handler.js'), handlerSource(0));
  const procs = {};
  try {
    procs.plain = await start(node.path, ['server.js'], dir);
    procs.limeade = await start(node.path, ['--import', 'limeade/register', 'server.js'], dir);
    procs.client = await start(process.execPath, ['client.mjs'], dir, { ipc: true });
    const before = { plain: [], limeade: [] };
    const after = { plain: [], limeade: [] };
    // One window per server not counted: the servers' code gets optimised before anyone edits it.
    await window(procs.client, procs.plain, 0);
    await window(procs.client, procs.limeade, 0);
    await rounds(procs.client, procs, { plain: 0, limeade: 0 }, before);
    const refreshMs = [];
    for (let k = 1; k <= EDITS; k++) {
      const r = await control(procs.limeade.port, `/__edit?k=${k}`);
      if (r.status !== 200) throw new Error(`http: edit ${k} was not applied as a patch of handle and Money.format: ${JSON.stringify(r.value)}`);
      refreshMs.push(r.value.durationMs);
    }
    await rounds(procs.client, procs, { plain: 0, limeade: EDITS }, after);
    return { before, after, refreshMs };
  } finally {
    for (const p of Object.values(procs)) await stop(p);
  }
}

export async function main({ log = console.log } = {}) {
  requireBuild();
  const started = process.hrtime.bigint();
  const nodes = nodeBinaries('ends');
  const edits = Object.fromEntries(Array.from({ length: EDITS + 1 }, (_, k) => [`edits/${k}.txt`, handlerSource(k)]));
  const dir = await makeAppDir('http', { 'server.js': SERVER, 'client.mjs': CLIENT, 'handler.js': handlerSource(0), ...edits });
  log(`## HTTP server: requests/s on loopback and server CPU µs per request, median of ${RUNS} windows per server (min–max); ratios paired window by window${nodesNote('ends')}`);
  log(`(client: a second process on ${process.version}, ${CONNECTIONS} keep-alive connections back to back, ${WARMUP_MS} ms warm-up then a ${WINDOW_MS} ms window, alternating between a plain and a limeade server; "after ${EDITS} edits": after ${EDITS} refresh() patches of handle and Money.format in the limeade server, against the plain server's windows at the same time)\n`);
  const results = [];
  try {
    for (const node of nodes) {
      const { before, after, refreshMs } = await oneNode(node, dir);
      const col = (phase, mode, key) => phase[mode].map((w) => w[key]);
      const rows = [
        ['req/s', 'rps', 0],
        ['server CPU µs / request', 'cpuUsPerReq', 1],
        ['server CPU % of the window', 'serverBusy', 0],
        ['client CPU % of the window', 'clientBusy', 0],
      ].map(([label, key, digits]) => [
        label,
        spread(col(before, 'plain', key), digits),
        spread(col(before, 'limeade', key), digits),
        ratio(col(before, 'limeade', key), col(before, 'plain', key)),
        spread(col(after, 'plain', key), digits),
        spread(col(after, 'limeade', key), digits),
        ratio(col(after, 'limeade', key), col(after, 'plain', key)),
      ]);
      log(`### Node ${node.version}\n`);
      log(table(['measure', 'plain', 'limeade', 'limeade / plain', 'plain (later)', `after ${EDITS} edits`, 'edited / plain'], rows));
      log(`\nrefresh() of handler.js (patch: handle + Money.format): median ${median(refreshMs).toFixed(2)} ms over ${refreshMs.length} refreshes\n`);
      results.push({ node: node.version, before, after, refreshMs });
    }
  } finally {
    await removeDir(dir);
  }
  log(`(http took ${(hrMs(started) / 1000).toFixed(1)} s)\n`);
  return results;
}

await runIfMain(import.meta.url, main);
