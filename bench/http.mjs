// Steady state of an HTTP server (issue 4): requests per second on loopback, plain node
// against `node --import limeade/register`, before any edit and after 10 edits of the hot
// handler module.
//
// The server (one child per mode and round, listening on port 0) answers a small JSON API
// from handler.js: it parses the query string, filters a product list, builds a `LineItem`
// and a few `Money` objects per product (classes with small methods and a getter), sums
// them and serialises a page of them (~0.1 ms of work per request). The client is a second
// process (this process's node, never limeade): `BENCH_HTTP_CONNECTIONS` keep-alive
// connections (node:http Agent), each sending its next request as soon as the previous
// answer arrives, over 16 different URLs; it warms up, then counts the answers over a
// window and reads the server's CPU time (process.cpuUsage, via /__cpu) at both ends of it.
// Every answer is checked: status 200 and the `x-version` header of the expected version.
//
// Per server, two windows: the first on the fresh server; then, in limeade's case only, 10
// edits of handler.js (the body of `handle` and of `Money.prototype.format` change each
// time; the server writes the new text and calls refresh(), which must report a patch that
// updated both; LIMEADE_WATCH=0), then the second window. The plain server's second window
// is its baseline for the "after 10 edits" ratio, so both ratios compare servers that have
// run equally long. Rounds alternate which server goes first. Reported: median over rounds
// (min–max) of req/s and of server CPU µs per request, and ratios paired round by round.
// Nothing here is a threshold.
//
//   node bench/http.mjs    BENCH_HTTP_RUNS=5 BENCH_HTTP_MS=1000 BENCH_HTTP_WARMUP_MS=300 BENCH_HTTP_CONNECTIONS=4 BENCH_NODES=a,b BENCH_KEEP=1
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hrMs, makeAppDir, median, nodeBinaries, ratio, removeDir, requireBuild, run, spread, table } from './lib.mjs';

const RUNS = Number(process.env.BENCH_HTTP_RUNS || 5);
const WINDOW_MS = Number(process.env.BENCH_HTTP_MS || 1000);
const WARMUP_MS = Number(process.env.BENCH_HTTP_WARMUP_MS || 300);
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

/** The client: keep-alive connections sending back to back; prints one JSON line. */
const CLIENT = `import http from 'node:http';

const cfg = JSON.parse(process.env.BENCH_CFG);
const agent = new http.Agent({ keepAlive: true, maxSockets: cfg.connections });
const control = new http.Agent({ keepAlive: true, maxSockets: 1 });
const tags = ['t0', 't1', 't2', 't3', 't4', 't5', 't6', 'g0'];
const paths = Array.from({ length: 16 }, (_, i) =>
  '/products?tag=' + tags[i % 8] + '&min=' + (i % 4) * 5 + '&max=' + (40 + (i % 5) * 15) + '&page=' + (i % 2) + '&size=' + (10 + (i % 3) * 5));

function get(path, via) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: cfg.port, path, agent: via }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, version: res.headers['x-version'], body }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}
const cpu = async () => JSON.parse((await get('/__cpu', control)).body).cpuUs;

let measuring = false;
let stop = false;
let count = 0;
let bad = 0;
let sample = '';
async function worker(i) {
  while (!stop) {
    const r = await get(paths[i++ % paths.length], agent);
    if (r.status !== 200 || r.version !== cfg.version) {
      bad++;
      sample ||= r.status + ' version ' + r.version + ': ' + r.body.slice(0, 200);
    } else if (measuring) count++;
  }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const workers = Array.from({ length: cfg.connections }, (_, i) => worker(i * 5));
await sleep(cfg.warmupMs);
const cpu0 = await cpu();
const own0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
measuring = true;
await sleep(cfg.windowMs);
measuring = false;
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const own = process.cpuUsage(own0);
const cpu1 = await cpu();
stop = true;
await Promise.all(workers);
agent.destroy();
control.destroy();
process.stdout.write('@@' + JSON.stringify({ requests: count, seconds, cpuUs: cpu1 - cpu0, clientCpuUs: own.user + own.system, bad, sample }) + '\\n');
`;

/** Starts the server; resolves { child, port } once it prints its port. */
function startServer(node, args, dir) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, NODE_OPTIONS: '', LIMEADE_WATCH: '0', LIMEADE_LOG: 'silent' };
    delete env.LIMEADE_CACHE;
    const child = spawn(node.path, [...args, 'server.js'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      const m = /PORT (\d+)/.exec((out += d));
      if (m) resolve({ child, port: Number(m[1]), log: () => out });
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`http: the ${node.version} server exited (${code}) before listening\n${out}`)));
  });
}

/** One GET from this process (the control path), as parsed JSON with its status. */
function control(port, path) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode, value: JSON.parse(body) }));
      })
      .on('error', reject);
  });
}

async function window(dir, port, version) {
  const cfg = { port, version: String(version), connections: CONNECTIONS, warmupMs: WARMUP_MS, windowMs: WINDOW_MS };
  const res = await run(process.execPath, ['client.mjs'], { cwd: dir, env: { BENCH_CFG: JSON.stringify(cfg) } });
  const line = res.stdout.split('\n').find((l) => l.startsWith('@@'));
  if (res.code !== 0 || !line) throw new Error(`http: the client failed (exit ${res.code})\n${res.stdout}\n${res.stderr}`);
  const out = JSON.parse(line.slice(2));
  if (out.bad) throw new Error(`http: ${out.bad} answers were not version ${version} with status 200, e.g. ${out.sample}`);
  return {
    rps: out.requests / out.seconds,
    cpuUsPerReq: out.cpuUs / out.requests,
    serverBusy: out.cpuUs / 1e4 / out.seconds,
    clientBusy: out.clientCpuUs / 1e4 / out.seconds,
  };
}

/** One server: a window, the edits (limeade only), a second window. */
async function serve(node, mode, dir, refreshMs) {
  const args = mode === 'plain' ? [] : ['--import', 'limeade/register'];
  const server = await startServer(node, args, dir);
  try {
    const first = await window(dir, server.port, 0);
    let version = 0;
    if (mode === 'limeade')
      for (let k = 1; k <= EDITS; k++) {
        const r = await control(server.port, `/__edit?k=${k}`);
        if (r.status !== 200) throw new Error(`http: edit ${k} was not applied as a patch of handle and Money.format: ${JSON.stringify(r.value)}`);
        refreshMs.push(r.value.durationMs);
        version = k;
      }
    const second = await window(dir, server.port, version);
    return { first, second };
  } finally {
    server.child.removeAllListeners('exit');
    server.child.kill('SIGKILL');
  }
}

export async function main({ log = console.log } = {}) {
  requireBuild();
  const started = process.hrtime.bigint();
  const nodes = nodeBinaries();
  const edits = Object.fromEntries(Array.from({ length: EDITS + 1 }, (_, k) => [`edits/${k}.txt`, handlerSource(k)]));
  const dir = await makeAppDir('http', { 'server.js': SERVER, 'client.mjs': CLIENT, 'handler.js': handlerSource(0), ...edits });
  log(`## HTTP server: requests/s on loopback and server CPU µs per request, median of ${RUNS} rounds (min–max); ratios paired round by round`);
  log(`(client: a second process on ${process.version}, ${CONNECTIONS} keep-alive connections back to back, ${WARMUP_MS} ms warm-up then a ${WINDOW_MS} ms window; "after ${EDITS} edits": the limeade server's second window, after ${EDITS} refresh() patches of handle and Money.format, against the plain server's second window)\n`);
  const results = [];
  try {
    for (const node of nodes) {
      const data = { plain: [], limeade: [] };
      const refreshMs = [];
      for (let r = 0; r < RUNS; r++) {
        const order = r % 2 ? ['limeade', 'plain'] : ['plain', 'limeade'];
        for (const mode of order) {
          await writeFile(join(dir, 'handler.js'), handlerSource(0));
          data[mode].push(await serve(node, mode, dir, refreshMs));
        }
      }
      const col = (mode, w, key) => data[mode].map((d) => d[w][key]);
      const rows = [
        ['req/s', 'rps', 0],
        ['server CPU µs / request', 'cpuUsPerReq', 1],
        ['server CPU % of the window', 'serverBusy', 0],
        ['client CPU % of the window', 'clientBusy', 0],
      ].map(([label, key, digits]) => [
        label,
        spread(col('plain', 'first', key), digits),
        spread(col('limeade', 'first', key), digits),
        ratio(col('limeade', 'first', key), col('plain', 'first', key)),
        spread(col('plain', 'second', key), digits),
        spread(col('limeade', 'second', key), digits),
        ratio(col('limeade', 'second', key), col('plain', 'second', key)),
      ]);
      log(`### Node ${node.version}\n`);
      log(table(['measure', 'plain', 'limeade', 'limeade / plain', 'plain, 2nd window', `after ${EDITS} edits`, 'edited / plain'], rows));
      log(`\nrefresh() of handler.js (patch: handle + Money.format): median ${median(refreshMs).toFixed(2)} ms over ${refreshMs.length} refreshes\n`);
      results.push({ node: node.version, data, refreshMs });
    }
  } finally {
    await removeDir(dir);
  }
  log(`(http took ${(hrMs(started) / 1000).toFixed(1)} s)\n`);
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
