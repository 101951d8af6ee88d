// Memory per edit (issues 4 and 12): heap after forced GC across 200 edits of one function
// in a 20 KB module (limeade's patch path), across shape-changing edits (an import, a
// function and an export added, with an edited importer: applied in place), and across edits
// that also add a class (limeade's re-import path). Targets: the patch path keeps ≤ 5 KB per
// edit, a shape-changing edit ≤ 10 KB; reload-style peers kept 52–66 KB of heap per reload of
// a 20 KB module (docs/design.md §4.6).
//
// Per Node version and mode, one child process run with --expose-gc, on the 20 KB module of
// bench/refresh.mjs (the edit changes the body of `target`; the shape edit also makes
// version k import `sep` as `sep_k`, declare `helper_k` and export `extra_k` instead of the
// `_{k-1}` ones, and rewrites use.js to import and return `extra_k`; the re-import edit makes
// version k declare `class Extra_k` instead of `Extra_{k-1}`). The child makes WARMUP edits (the
// parser, the differ and their JIT code load then), then measures heapUsed after gc() (run
// 6 times, with a turn of the event loop in between) before the first edit and after every
// tenth of the edits. Every edit is checked: the edited function returns the edit number.
// Reported: KB per edit as (last − first) / edits and as the slope of a least-squares line
// through the 11 checkpoints (less sensitive to one noisy checkpoint). Modes:
//
//   limeade patch     node --import limeade/register, refresh() after each write (path 'patch')
//   limeade shape     the same, an import, a function and an export added, importer edited
//                     (path 'patch' for both: the module's extra scope, runtime/extras.ts)
//   limeade re-import the same, a class added (path 'reimport')
//   import ?v=N       plain node, `await import('./mod.js?v=' + k)` after each write: what any
//                     reload-by-re-import costs at least (Node keeps every module record)
//   hot-hook, dynohot (BENCH_MEMORY_PEERS=1; their file watchers drive the reload, so these
//                     take ~0.1 s per edit) hot-hook: `await import('./mod.js',
//                     import.meta.hot?.boundary)`; dynohot: `import.meta.hot.accept('./mod.js')`
//                     and its live binding. Both per their READMEs, as in bench/latency.mjs.
//
// The re-import path makes BENCH_MEMORY_REIMPORT_EDITS (100) edits by default, the others
// BENCH_MEMORY_EDITS (200): a re-import takes ~0.1 s here and its growth is a straight line.
// Heap sizes do not depend on CPU time, so BENCH_MEMORY_JOBS (2) children run at once.
// BENCH_MEMORY_ONLY=patch,reimport runs only those modes (keys: patch, shape, reimport, floor,
// hot-hook, dynohot), as bench/compare.mjs does: the floor does not depend on limeade.
//
//   node bench/memory.mjs    BENCH_MEMORY_EDITS=200 BENCH_MEMORY_REIMPORT_EDITS=100 BENCH_MEMORY_JOBS=2 BENCH_MEMORY_PEERS=1 BENCH_MEMORY_ONLY=… BENCH_NODES=a,b BENCH_LIMEADE=… BENCH_KEEP=1
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { bigModuleTemplate, fill } from './refresh.mjs';
import { hrMs, makeAppDir, nodeBinaries, removeDir, requireBuild, ROOT, run, table, FULL, knob, nodesNote, runIfMain } from './lib.mjs';

const EDITS = knob('BENCH_MEMORY_EDITS', 100, 200);
/** A re-import costs ~0.1 s here and its growth is linear: fewer edits by default (time). */
const REIMPORT_EDITS = Number(process.env.BENCH_MEMORY_REIMPORT_EDITS || Math.min(EDITS, FULL ? 100 : 50));
const CHECKPOINTS = 10;
const WARMUP = 10;
const PEERS = process.env.BENCH_MEMORY_PEERS === '1';
const JOBS = Number(process.env.BENCH_MEMORY_JOBS || 2);
const ONLY = process.env.BENCH_MEMORY_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);

const MODES = [
  { key: 'patch', label: 'limeade, patch path (function body)', args: ['--import', 'limeade/register'] },
  { key: 'shape', label: 'limeade, shape in place (+ import, function, export; importer)', args: ['--import', 'limeade/register'] },
  { key: 'reimport', label: 'limeade, re-import path (+ class)', args: ['--import', 'limeade/register'], edits: REIMPORT_EDITS },
  { key: 'floor', label: "plain node, import('./mod.js?v=N')", args: [] },
  ...(PEERS
    ? [
        { key: 'hot-hook', label: 'hot-hook (boundary import)', args: ['--import=hot-hook/register'], peer: 'hot-hook' },
        { key: 'dynohot', label: 'dynohot (hot.accept)', args: ['--import', 'dynohot'], peer: 'dynohot' },
      ]
    : []),
].filter((mode) => !ONLY || ONLY.includes(mode.key));

/** How each mode gets to run edit k (after the file is written); `target` is the edited function. */
const APPLY = {
  patch: `import { target } from './mod.js';
const current = () => target();
async function apply(k) {
  const r = await globalThis.__limeade.refresh();
  if (!r.ok || r.modules[0]?.path !== 'patch') throw new Error('edit ' + k + ': ' + JSON.stringify(r));
}`,
  shape: `import { target } from './mod.js';
import { use } from './use.js';
const current = () => (use() === target() + 1 ? target() : -1);
async function apply(k) {
  const r = await globalThis.__limeade.refresh();
  if (!r.ok || r.modules.length !== 2 || r.modules.some((m) => m.path !== 'patch')) throw new Error('edit ' + k + ': ' + JSON.stringify(r));
}`,
  reimport: `import { target } from './mod.js';
const current = () => target();
async function apply(k) {
  const r = await globalThis.__limeade.refresh();
  if (!r.ok || r.modules[0]?.path !== 'reimport') throw new Error('edit ' + k + ': ' + JSON.stringify(r));
}`,
  floor: `let mod = await import('./mod.js');
const current = () => mod.target();
async function apply(k) {
  mod = await import('./mod.js?v=' + k);
}`,
  'hot-hook': `let mod = await import('./mod.js', import.meta.hot?.boundary);
const current = () => mod.target();
async function apply(k) {
  await until(k, async () => (mod = await import('./mod.js', import.meta.hot?.boundary)));
}`,
  dynohot: `import { target } from './mod.js';
import.meta.hot?.accept('./mod.js');
const current = () => target();
async function apply(k) {
  await until(k, async () => {});
}`,
};

const driver = (mode) => `
import { readFileSync, writeFileSync } from 'node:fs';
const cfg = JSON.parse(process.env.BENCH_CFG);
const template = readFileSync('template.txt', 'utf8');
const EXTRA = {
  reimport: (k) => 'export class Extra_' + k + ' {}',
  shape: (k) => "import { sep as sep_" + k + " } from 'node:path';\\nfunction helper_" + k + '() { return sep_' + k + '.length + ' + k + '; }\\nexport const extra_' + k + ' = helper_' + k + '();',
};
const source = (k) => template.replaceAll('__K__', String(k)).replace('__EXTRA__', EXTRA[cfg.mode] && k > 0 ? EXTRA[cfg.mode](k) : '');
const write = (k) => {
  writeFileSync('mod.js', source(k));
  if (cfg.mode === 'shape') writeFileSync('use.js', k > 0 ? "import { extra_" + k + " } from './mod.js';\\nexport const use = () => extra_" + k + ';\\n' : 'export const use = () => 1;\\n');
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let misses = 0;
/** Watcher-driven tools: poll until edit k runs; after 2 s write the file again (a lost event). */
async function until(k, reload) {
  for (let t0 = Date.now(), tries = 0; ; await sleep(2)) {
    await reload();
    if (current() === k) return;
    if (Date.now() - t0 > 2000) {
      if (++tries > 3) throw new Error('edit ' + k + ' never applied');
      misses++;
      write(k);
      t0 = Date.now();
    }
  }
}
${APPLY[mode]}

async function heap() {
  for (let i = 0; i < 6; i++) {
    globalThis.gc();
    await new Promise((r) => setImmediate(r));
  }
  return process.memoryUsage().heapUsed;
}

if (current() !== 0) throw new Error('version 0 does not run');
if (cfg.settle) await sleep(cfg.settle); // watchers of the peers set up
const points = [];
for (let k = 1; k <= cfg.warmup + cfg.edits; k++) {
  if (k === cfg.warmup + 1) points.push([0, await heap()]);
  write(k);
  await apply(k);
  if (current() !== k) throw new Error('edit ' + k + ': the function returns ' + current() + ' (the edit was not applied)');
  const n = k - cfg.warmup;
  if (n > 0 && n % cfg.every === 0) points.push([n, await heap()]);
  if (cfg.gap) await sleep(cfg.gap);
}
process.stdout.write('@@' + JSON.stringify({ points, misses }) + '\\n');
`;

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return num / den;
}

export async function main({ log = console.log } = {}) {
  requireBuild();
  const started = process.hrtime.bigint();
  const nodes = nodeBinaries('ends');
  const template = bigModuleTemplate(20 * 1024);
  const kb = (fill(template, 0).length / 1024).toFixed(0);
  log(`## Memory per edit: heapUsed after forced GC across N edits of a ${kb} KB module, one child per row (--expose-gc)${nodesNote('ends')}`);
  log(`(${WARMUP} warm-up edits, then heap measured before the first edit and every N/${CHECKPOINTS} edits; KB per edit as (last − first) / N and as the least-squares slope through the ${CHECKPOINTS + 1} checkpoints)\n`);
  const one = async (node, mode) => {
    const dir = await makeAppDir(`memory-${mode.key}`, { 'main.js': driver(mode.key), 'template.txt': template, 'mod.js': fill(template, 0), 'use.js': 'export const use = () => 1;\n' });
    if (mode.peer) await symlink(join(ROOT, 'node_modules', mode.peer), join(dir, 'node_modules', mode.peer), 'dir');
    try {
      const edits = mode.edits ?? EDITS;
      const cfg = { warmup: WARMUP, edits, every: Math.max(1, Math.round(edits / CHECKPOINTS)), mode: mode.key, settle: mode.peer ? 500 : 0, gap: mode.peer ? 60 : 0 };
      const t0 = process.hrtime.bigint();
      const res = await run(node.path, ['--expose-gc', ...mode.args, 'main.js'], {
        cwd: dir,
        env: { BENCH_CFG: JSON.stringify(cfg), LIMEADE_WATCH: '0', LIMEADE_LOG: 'silent' },
      });
      const line = res.stdout.split('\n').find((l) => l.startsWith('@@'));
      if (res.code !== 0 || !line) throw new Error(`memory: ${node.version} ${mode.key} failed (exit ${res.code})\n${res.stdout}\n${res.stderr}`);
      const { points, misses } = JSON.parse(line.slice(2));
      const first = points[0][1];
      const last = points[points.length - 1][1];
      const n = points[points.length - 1][0];
      return { node: node.version, mode: mode.key, label: mode.label, edits: n, points, misses, first, last, perEdit: (last - first) / n / 1024, fit: slope(points) / 1024, seconds: hrMs(t0) / 1000 };
    } finally {
      await removeDir(dir);
    }
  };
  // Heap sizes do not depend on CPU time: JOBS children run at once (the rows keep their order).
  const jobs = nodes.flatMap((node) => MODES.map((mode) => () => one(node, mode)));
  const results = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(JOBS, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i]();
      }
    }),
  );
  const rows = results.map((r) => [
    r.node,
    r.label + (r.misses ? ` (${r.misses} lost events re-sent)` : ''),
    r.edits,
    (r.first / 2 ** 20).toFixed(2),
    (r.last / 2 ** 20).toFixed(2),
    r.perEdit.toFixed(1),
    r.fit.toFixed(1),
  ]);
  log(table(['node', 'mode', 'edits N', 'heap before MB', 'heap after N MB', 'KB / edit (last − first)', 'KB / edit (fit)'], rows));
  log(`\n(memory took ${(hrMs(started) / 1000).toFixed(1)} s)\n`);
  return results;
}

await runIfMain(import.meta.url, main);
