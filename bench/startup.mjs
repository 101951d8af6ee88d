// Start-up benchmark: time from spawn to the app's ready line, plain node against
// `node --import limeade/register` (defaults: file watcher on; BENCH_NOWATCH=1 adds a
// column with LIMEADE_WATCH=0), for three apps:
//   empty         main.js prints the ready line
//   300 app       ~300 generated modules as the app's own code (all instrumented)
//   300 deps      the same modules under node_modules (not instrumented)
// Runs are interleaved (every app and mode once per round, after one discarded warm-up
// round), BENCH_STARTUP_RUNS rounds (default 5). Reported: median ms with min–max, and the
// ratio to plain node paired round by round. Nothing here is a threshold.
//
//   node bench/startup.mjs    BENCH_STARTUP_RUNS=5 BENCH_MODULES=300 BENCH_NOWATCH=1 BENCH_NODES=a,b BENCH_KEEP=1
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hrMs, makeAppDir, nodeBinaries, ratio, removeDir, requireBuild, spread, table, knob, nodesNote, runIfMain } from './lib.mjs';

const RUNS = knob('BENCH_STARTUP_RUNS', 3, 5);
const MODULES = Number(process.env.BENCH_MODULES || 300);

/** Deterministic pseudo-random numbers, so every run generates the same app. */
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/**
 * The siblings module i imports: its two children in a binary tree (so m0 reaches every
 * module) plus, while there is room above i, one more at random: 2–3 imports for most
 * modules, fewer only for the last few.
 */
function importsOf(i, n, rand) {
  const out = [2 * i + 1, 2 * i + 2].filter((j) => j < n);
  while (out.length < 2 + (rand() < 0.5 ? 1 : 0) && i + 1 < n) {
    const j = i + 1 + Math.floor(rand() * (n - i - 1));
    if (!out.includes(j)) out.push(j);
    else if (n - i - 1 <= out.length) break;
  }
  return out;
}

/** One module of a realistic shape: imports, constants, functions, a class, top-level work. */
export function moduleSource(i, deps) {
  const imports = deps
    .map((j) => `import { helper${j}, format${j}, Service${j}, LIMIT${j} } from './m${j}.js';`)
    .join('\n');
  const uses = deps.map((j) => `helper${j}(x % LIMIT${j})`).join(' + ') || '0';
  const fmt = deps.length ? `format${deps[0]}` : 'String';
  const svc = deps.length ? `Service${deps[deps.length - 1]}` : 'Object';
  return `${imports}

const CONFIG = Object.freeze({ name: 'm${i}', retries: ${i % 5}, timeoutMs: ${100 + ((i * 37) % 900)}, tags: ['t${i % 7}', 'g${i % 3}'] });
export const LIMIT${i} = ${10 + (i % 50)};
const table = new Map();

/** Combines this module's value with its siblings'. */
export function helper${i}(x) {
  const own = (x * ${(i % 9) + 1}) % ${97 + i};
  if (x < 0) return own;
  return own + (${uses}) % 1000;
}

export const format${i} = (value, width = 6) => \`m${i}:\` + String(value).padStart(width, '0');

function validate(obj) {
  if (!obj || typeof obj !== 'object') throw new TypeError('m${i}: expected an object, got ' + typeof obj);
  for (const key of Object.keys(obj)) if (key.startsWith('_')) throw new Error('m${i}: private key ' + key);
  return true;
}

export class Service${i} {
  #cache = new Map();
  static instances = 0;
  constructor(options = {}) {
    validate(options);
    this.options = { ...CONFIG, ...options };
    this.hits = 0;
    Service${i}.instances++;
  }
  get name() {
    return this.options.name;
  }
  lookup(key) {
    if (this.#cache.has(key)) {
      this.hits++;
      return this.#cache.get(key);
    }
    const value = ${fmt}(helper${i}(key.length));
    this.#cache.set(key, value);
    return value;
  }
  async load(keys) {
    const out = [];
    for (const key of keys) out.push(await Promise.resolve(this.lookup(key)));
    return out;
  }
  describe() {
    return \`\${this.name} (\${this.#cache.size} cached, \${this.hits} hits, base \${${svc}.name})\`;
  }
  static create(options) {
    return new Service${i}(options);
  }
}

export const instance${i} = Service${i}.create({ region: 'r${i % 4}' });
table.set('default', instance${i}.lookup('boot'));
`;
}

async function makeApps() {
  const rand = rng(42);
  const graph = Array.from({ length: MODULES }, (_, i) => importsOf(i, MODULES, rand));
  const modules = Object.fromEntries(graph.map((deps, i) => [`m${i}.js`, moduleSource(i, deps)]));
  const edges = graph.reduce((n, d) => n + d.length, 0);
  const bytes = Object.values(modules).reduce((n, t) => n + t.length, 0);
  const ready = (imp) =>
    `${imp}\nconst n = globalThis.__limeade ? globalThis.__limeade.status().modules.length : 0;\nprocess.stdout.write('ready ' + n + '\\n');\n`;
  const prefixed = (dir) => Object.fromEntries(Object.entries(modules).map(([k, v]) => [`${dir}/${k}`, v]));
  const empty = await makeAppDir('startup-empty', { 'main.js': ready('') });
  const app = await makeAppDir('startup-app', { 'main.js': ready(`import { instance0 } from './src/m0.js';`), ...prefixed('src') });
  const deps = await makeAppDir('startup-deps', { 'main.js': ready(`import { instance0 } from 'gen/m0.js';`), ...prefixed('node_modules/gen') });
  await writeFile(join(deps, 'node_modules/gen/package.json'), JSON.stringify({ name: 'gen', version: '1.0.0', type: 'module' }));
  return {
    info: { modules: MODULES, edges, kb: Math.round(bytes / 1024) },
    apps: [
      { key: 'empty', label: 'empty app', dir: empty, instrumented: 1 },
      { key: 'app', label: `${MODULES} modules as app code`, dir: app, instrumented: MODULES + 1 },
      { key: 'deps', label: `${MODULES} modules in node_modules`, dir: deps, instrumented: 1 },
    ],
  };
}

const MODES = [
  { key: 'plain', args: [], env: {} },
  { key: 'limeade', args: ['--import', 'limeade/register'], env: {} },
  // BENCH_NOWATCH=1 adds a column: limeade without its file watcher.
  ...(process.env.BENCH_NOWATCH === '1' ? [{ key: 'nowatch', args: ['--import', 'limeade/register'], env: { LIMEADE_WATCH: '0' } }] : []),
];

/**
 * ms from spawn to the first line the child prints; waits for the exit, then checks that
 * the child exited 0 and printed `want` (a RegExp or a string) before resolving.
 */
export function readyTime(bin, args, { cwd, env, want, what }) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(bin, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let ms = null;
    child.stdout.on('data', (d) => {
      if (ms === null && (out += d).includes('\n')) ms = hrMs(t0);
      else if (ms !== null) out += d;
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ok = want instanceof RegExp ? want.test(out) : out.includes(want);
      if (code !== 0 || !ok) return reject(new Error(`${what}: exit ${code}, expected ${want} in its output\n${out}\n${err}`));
      resolve(ms);
    });
  });
}

/**
 * `runs` rounds, each timing every app in every mode one after the other (so a drift of the
 * machine's load hits all alike), after one discarded warm-up round: ms by `app.key/mode.key`.
 */
export async function timeRounds(apps, modes, runs, time) {
  const times = {};
  for (const app of apps) for (const mode of modes) times[`${app.key}/${mode.key}`] = [];
  for (let r = -1; r < runs; r++)
    for (const app of apps)
      for (const mode of modes) {
        const ms = await time(mode, app);
        if (r >= 0) times[`${app.key}/${mode.key}`].push(ms);
      }
  return times;
}

/** ms from spawn to the ready line of one of this script's apps. */
function timeToReady(bin, mode, app) {
  const env = { ...process.env, NODE_OPTIONS: '', ...mode.env };
  delete env.NODE_COMPILE_CACHE;
  if (mode.key !== 'nowatch') delete env.LIMEADE_WATCH;
  const want = `ready ${mode.key === 'plain' ? 0 : app.instrumented}\n`;
  return readyTime(bin, [...mode.args, 'main.js'], { cwd: app.dir, env, want, what: `startup: ${bin} ${mode.key} ${app.key}` });
}

export async function main({ log = console.log } = {}) {
  requireBuild();
  const started = process.hrtime.bigint();
  const nodes = nodeBinaries('ends');
  const { info, apps } = await makeApps();
  log(`## Start-up: ms from spawn to the ready line, median of ${RUNS} runs (min–max); ratio to plain paired run by run${nodesNote('ends')}`);
  log(`(generated app: ${info.modules} modules, ${info.edges} imports, ${info.kb} KB; each module imports 4 names from each of 2–3 siblings and has 3 functions, a class with a #private field, 4 methods, a getter, a static method and field, and top-level work)\n`);
  const results = [];
  try {
    for (const node of nodes) {
      const times = await timeRounds(apps, MODES, RUNS, (mode, app) => timeToReady(node.path, mode, app));
      const rows = apps.map((app) => {
        const t = (m) => times[`${app.key}/${m}`];
        const row = [app.label, spread(t('plain')), spread(t('limeade')), ratio(t('limeade'), t('plain'))];
        return MODES.length > 2 ? [...row, spread(t('nowatch')), ratio(t('nowatch'), t('plain'))] : row;
      });
      const header = ['app', 'plain ms', 'limeade ms', 'limeade / plain'];
      if (MODES.length > 2) header.push('LIMEADE_WATCH=0 ms', 'no-watch / plain');
      log(`### Node ${node.version} (${node.major >= 22 ? 'module.registerHooks, in-thread' : 'module.register, hooks thread'})\n`);
      log(table(header, rows));
      log('');
      results.push({ node: node.version, times, apps: Object.fromEntries(apps.map((a) => [a.key, a.label])) });
    }
  } finally {
    for (const app of apps) await removeDir(app.dir);
  }
  log(`(start-up took ${(hrMs(started) / 1000).toFixed(1)} s)\n`);
  return results;
}

await runIfMain(import.meta.url, main);
