// What tracking effects costs (issue 14, runtime/effects.ts): ratios to plain node measured
// side by side in one run, medians of alternating child runs with their spread. Not a test:
// nothing here is a threshold.
//
//   node bench/effects.mjs
//   BENCH_BASE=/path/to/a/built/limeade node bench/effects.mjs   adds a limeade without tracking
//                                                                 (e.g. the commit before it)
//   BENCH_RUNS (7), BENCH_N (200000 registrations per loop), BENCH_MODULES (200),
//   BENCH_ONLY=serving|toplevel|startup (one part)
//
// - hot path: `emitter.on` + `removeListener`, and `setTimeout` + `clearTimeout`, in a loop
//   that runs while the program serves (a setImmediate after start-up): Node's own functions
//   are in place then, so the ratio should be ~1x;
// - the same loops run by top-level code, one kind per process, where every registration is
//   recorded as the statement's (what a top-level loop of registrations costs; re-adding the
//   same listener keeps one record per call, the worst case);
// - start-up of BENCH_MODULES modules that each register a listener, a timer and a value.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const N = Number(process.env.BENCH_N ?? 200000);
const MODULES = Number(process.env.BENCH_MODULES ?? 200);
const BASE = process.env.BENCH_BASE;

function app(files, limeade) {
  const dir = mkdtempSync(join(tmpdir(), 'limeade-bench-effects-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(limeade, join(dir, 'node_modules', 'limeade'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const LOOP = `import { EventEmitter } from 'node:events';
const e = new EventEmitter();
function f() {}
export function loop(n, only) {
  const t0 = performance.now();
  if (only !== 'timer') for (let i = 0; i < n; i++) { e.on('x', f); e.removeListener('x', f); }
  const t1 = performance.now();
  if (only !== 'on') for (let i = 0; i < n; i++) clearTimeout(setTimeout(f, 1000));
  const t2 = performance.now();
  return { on: (t1 - t0) / n * 1e6, timer: (t2 - t1) / n * 1e6 };
}
`;
const SERVING = `import { loop } from './loop.js';
setImmediate(() => { loop(${N / 10}); console.log(JSON.stringify(loop(${N}))); });
`;
// One kind per process: what one loop keeps recorded must not weigh on the other's figure.
const TOPLEVEL = (kind) => `import { loop } from './loop.js';
loop(${N / 10}, '${kind}');
const r = loop(${N}, '${kind}');
console.log(JSON.stringify(r));
`;

function startupFiles() {
  const files = { 'bus.js': `import { EventEmitter } from 'node:events';\nexport const bus = new EventEmitter();\nbus.setMaxListeners(0);\n` };
  const imports = [];
  for (let i = 0; i < MODULES; i++) {
    files[`m${i}.js`] = `import { bus } from './bus.js';
export function h${i}() { return ${i}; }
bus.on('e${i}', h${i});
export const t${i} = setTimeout(h${i}, 100000).unref();
export const cfg${i} = { id: ${i}, name: 'm${i}' };
export const sum${i} = cfg${i}.id + 1;
`;
    imports.push(`import './m${i}.js';`);
  }
  // CPU time too (user + system, every thread): less at the mercy of a busy machine than the clock.
  files['main.js'] = `${imports.join('\n')}\nconst cpu = process.cpuUsage();\nconsole.log(JSON.stringify({ ms: performance.now(), cpu: (cpu.user + cpu.system) / 1000 }));\n`;
  return files;
}

function run(dir, entry, limeade) {
  const args = limeade ? ['--import', 'limeade/register', entry] : [entry];
  const r = spawnSync(process.execPath, args, { cwd: dir, env: { ...process.env, LIMEADE_WATCH: '0', NODE_OPTIONS: '' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${entry} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;

const modes = [['plain', null], ['limeade', ROOT], ...(BASE ? [['limeade before tracking', BASE]] : [])];
const dirs = new Map(modes.map(([name, lim]) => [name, app({ 'loop.js': LOOP, 'serving.js': SERVING, 'toplevel-on.js': TOPLEVEL('on'), 'toplevel-timer.js': TOPLEVEL('timer'), ...startupFiles() }, lim ?? ROOT)]));

function measure(entry, key) {
  const out = new Map(modes.map(([name]) => [name, []]));
  for (const [name, lim] of modes) run(dirs.get(name), entry, lim); // warm the cache
  for (let i = 0; i < RUNS; i++) for (const [name, lim] of modes) out.get(name).push(run(dirs.get(name), entry, lim)[key]);
  return out;
}

function table(title, unit, rows) {
  console.log(`\n### ${title} (Node ${process.version}, medians of ${RUNS} runs, min–max)\n`);
  console.log(`| mode | ${unit} | ratio to plain |\n|:--|--:|--:|`);
  const plain = median(rows.get('plain'));
  for (const [name, xs] of rows) console.log(`| ${name} | ${median(xs).toFixed(2)} (${spread(xs)}) | ${(median(xs) / plain).toFixed(2)}x (${(Math.min(...xs) / plain).toFixed(2)}–${(Math.max(...xs) / plain).toFixed(2)}) |`);
}

const ONLY = process.env.BENCH_ONLY; // 'serving', 'toplevel' or 'startup'
try {
  if (!ONLY || ONLY === 'serving') {
    table('emitter.on + removeListener while serving', 'ns per pair', measure('serving.js', 'on'));
    table('setTimeout + clearTimeout while serving', 'ns per pair', measure('serving.js', 'timer'));
  }
  if (!ONLY || ONLY === 'toplevel') {
    table('emitter.on + removeListener in top-level code (recorded)', 'ns per pair', measure('toplevel-on.js', 'on'));
    table('setTimeout + clearTimeout in top-level code (recorded)', 'ns per pair', measure('toplevel-timer.js', 'timer'));
  }
  if (!ONLY || ONLY === 'startup') {
    table(`start-up: ${MODULES} modules, each a listener, a timer and two values`, 'ms to the end of main', measure('main.js', 'ms'));
    table(`start-up, CPU time: ${MODULES} modules, each a listener, a timer and two values`, 'CPU ms to the end of main', measure('main.js', 'cpu'));
  }
} finally {
  for (const dir of dirs.values()) rmSync(dir, { recursive: true, force: true });
}
