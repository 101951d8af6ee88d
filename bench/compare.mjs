// Before/after: the parts of `npm run bench` that a refactor of the refresh path or of the
// instrumenter's emitted code could move, run on two built checkouts of limeade side by side
// in one run (issue 11: "the benchmarks' ratios stay within their noise (show the
// before/after side by side in one run)").
//
//   node bench/compare.mjs /path/to/before /path/to/after      (each a checkout with dist/ built)
//
// Each part is its own script, run as a child with BENCH_JSON=1 (its results as one JSON line)
// and BENCH_LIMEADE set to one checkout, then at once to the other, round after round in the
// order before, after | after, before | before, after | … (so a drift of the machine's load
// during the run hits both sides alike). Each round gives each side one sample per row. A
// table per part and Node version shows, per row, each side's median over the rounds
// (min–max), and after / before as the median (min–max) of the per-round quotients, each of
// two runs made one right after the other:
//   calls    bench/calls.mjs with BENCH_RUNS=1: per case, ns/op under limeade / ns/op of
//            plain node, never edited and after 10 edits (plain runs in the same round, so
//            each ratio is paired); and the median ms of the 10 refresh() of its hot module
//   refresh  bench/refresh.mjs: one function body edited in a 20 KB and a 200 KB module
//            (patch path), and the 20 KB re-import; the median report.durationMs (ms inside
//            the process) of the part's edits (quick: 20, after 10 warm-up edits)
//   startup  bench/startup.mjs with BENCH_STARTUP_RUNS=1 (after its discarded warm-up round):
//            ms from spawn to ready, limeade / plain, for the empty app, 300 generated modules
//            as app code (instrumented; cache warm) and the same 300 in node_modules
//   memory   bench/memory.mjs with BENCH_MEMORY_ONLY=patch,reimport: KB of heap per edit (the
//            least-squares fit; quick: 100 patch edits, 50 re-imports) and the heap before
//            the first edit. The patch path keeps ~1 KB per edit: there a quotient of two
//            numbers near 0 swings widely, compare the two sides' ranges instead.
// How to read it: run it with the same checkout as before and after once to see this
// machine's noise (after / before should straddle 1.00); a refactor stays "within noise"
// when its quotients do the same and each side's range overlaps the other's. Under load the
// noise is wide: with the same checkout on both sides, at load average 5–11, the median
// quotients of the start-up, refresh and memory rows were 0.93–1.33, of the call rows
// 0.31–2.09 (a starved V8 sometimes times rounds before its optimising compile lands):
// rerun a call row that moves with BENCH_PARTS=calls BENCH_COMPARE_ROUNDS=8 before believing it.
//
// Time: the default (4 rounds, the newest Node only) took 220 s on this 2-core machine at
// load average 11 falling to 5 (calls 37 s, refresh 83 s, start-up 62 s, memory 36 s);
// each Node version added by BENCH_NODES (e.g. Node 20, the other hook path) adds as much
// again, and BENCH_COMPARE_ROUNDS=8 (a tighter read of the calls) doubles it.
//
// Environment: BENCH_COMPARE_ROUNDS (4; BENCH_FULL=1: 8), BENCH_PARTS=calls,refresh,startup,memory
// (all by default), BENCH_NODES=/a/node,/b/node (default: the newest Node found; BENCH_FULL=1:
// every version), BENCH_FULL=1 (also the parts' full counts). The parts' own knobs pass
// through (BENCH_REFRESH_EDITS, BENCH_MEMORY_EDITS, BENCH_MEMORY_REIMPORT_EDITS,
// BENCH_MODULES, BENCH_N, …), except BENCH_RUNS and BENCH_STARTUP_RUNS (1 per round here).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { CASES as CALL_CASES } from './calls.mjs';
import { CASES as REFRESH_CASES } from './refresh.mjs';
import { hrMs, knob, median, nodeBinaries, ratio, ROOT, run, spread, table } from './lib.mjs';

const ROUNDS = knob('BENCH_COMPARE_ROUNDS', 4, 8);

/**
 * The parts: the script, what it is run with, and `rows(results)`, the samples of one run
 * (its results for one Node version) as [label, value, digits] in table order.
 */
const PARTS = {
  calls: {
    script: 'calls.mjs',
    env: { BENCH_RUNS: '1' },
    heading: 'Calls: ns/op under limeade / ns/op of plain node in the same round; refresh() of the hot module in ms',
    rows: ([r]) => {
      const at = (mode, key) => r.data[mode][0][key];
      const rows = CALL_CASES.filter(([key]) => key in r.data.plain[0]).flatMap(([key, label]) => [
        [`${label}: limeade / plain`, at('limeade', key) / at('plain', key), 2],
        [`${label}: after 10 edits / plain`, at('edited', key) / at('plain', key), 2],
        // (Paired in one process, bench/calls.mjs: a before side without the paired modes has none.)
        ...(r.data.paired?.length ? [[`${label}: limeade / plain in one process`, at('paired', key), 2], [`${label}: after 10 edits / plain in one process`, at('pairedEdited', key), 2], [`${label}: control, plain / plain in one process`, at('pairedControl', key), 2]] : []),
      ]);
      return [...rows, ['refresh() of the hot module (1 function + 1 method), ms', median(r.refresh), 2]];
    },
  },
  refresh: {
    script: 'refresh.mjs',
    env: {},
    heading: 'Refresh cost: one edit, ms inside the process (report.durationMs), median of the run’s edits',
    rows: (results) =>
      results.map((r) => [`${REFRESH_CASES.find((c) => c.key === r.case)?.label ?? r.case}, ms`, median(r.inside), 2]),
  },
  startup: {
    script: 'startup.mjs',
    env: { BENCH_STARTUP_RUNS: '1' },
    heading: 'Start-up: ms from spawn to ready under limeade / plain node in the same round',
    rows: ([r]) =>
      Object.entries(r.apps).map(([key, label]) => [`${label}: limeade / plain`, r.times[`${key}/limeade`][0] / r.times[`${key}/plain`][0], 2]),
  },
  memory: {
    script: 'memory.mjs',
    env: { BENCH_MEMORY_ONLY: 'patch,reimport' },
    heading: 'Memory per edit: heapUsed after forced GC, 20 KB module',
    rows: (results) =>
      results.flatMap((r) => [
        [`${r.label}: KB / edit (fit, ${r.edits} edits)`, r.fit, 1],
        [`${r.label}: heap before the first edit, MB`, r.first / 2 ** 20, 2],
      ]),
  },
};

/** The checkout at `dir`, for the heading: its commit, and whether loader/ or runtime/ differ from it. */
function describe(dir) {
  const git = (...args) => spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).stdout?.trim() ?? '';
  const dirty = git('status', '--porcelain', '--', 'loader', 'runtime') ? ' + uncommitted changes in loader/ or runtime/' : '';
  return `${dir} at ${git('rev-parse', '--short', 'HEAD') || 'unknown commit'}${dirty} (dist/ as built)`;
}

/** One run of a part's script on one checkout and one Node version: its results (parsed JSON). */
async function runPart(name, limeade, node) {
  const part = PARTS[name];
  const env = { ...part.env, BENCH_JSON: '1', BENCH_LIMEADE: limeade, BENCH_NODES: node.path };
  const res = await run(process.execPath, [join(ROOT, 'bench', part.script)], { cwd: ROOT, env });
  const line = res.stdout.trim().split('\n').pop();
  if (res.code !== 0 || !line) throw new Error(`compare: ${name} on ${limeade} (${node.version}) failed (exit ${res.code})\n${res.stdout}\n${res.stderr}`);
  return JSON.parse(line);
}

/** A part on one Node version, ROUNDS rounds of before and after alternately; prints its table. */
async function comparePart(name, sides, node) {
  const started = process.hrtime.bigint();
  const samples = { before: new Map(), after: new Map() };
  const digits = new Map();
  for (let r = 0; r < ROUNDS; r++) {
    for (const side of r % 2 ? ['after', 'before'] : ['before', 'after']) {
      const t0 = process.hrtime.bigint();
      const results = await runPart(name, sides[side], node);
      for (const [label, value, d] of PARTS[name].rows(results)) {
        if (!samples[side].has(label)) samples[side].set(label, []);
        samples[side].get(label).push(value);
        digits.set(label, d);
      }
      process.stderr.write(`compare: ${name} on ${node.version}, round ${r + 1}/${ROUNDS}, ${side}: ${(hrMs(t0) / 1000).toFixed(1)} s\n`);
    }
  }
  const rows = [...samples.before.keys()].map((label) => {
    const [b, a] = [samples.before.get(label), samples.after.get(label) ?? []];
    if (a.length !== b.length) throw new Error(`compare: ${name}: "${label}" has ${b.length} samples before and ${a.length} after (the parts differ?)`);
    return [label, spread(b, digits.get(label)), spread(a, digits.get(label)), ratio(a, b)];
  });
  console.log(`## ${PARTS[name].heading} — Node ${node.version}\n`);
  console.log(`(${ROUNDS} rounds, before and after alternately; each side: median (min–max) over the rounds; after / before: median (min–max) of the per-round quotients; ${(hrMs(started) / 1000).toFixed(0)} s)\n`);
  console.log(table(['case', 'before', 'after', 'after / before'], rows));
  console.log('');
}

async function main() {
  const args = process.argv.slice(2);
  if (args.length !== 2) {
    console.error('usage: node bench/compare.mjs /path/to/before /path/to/after   (two checkouts of limeade, each built: npm run build)');
    process.exit(2);
  }
  // Absolute: makeAppDir links each temp app's node_modules/limeade to it.
  const sides = { before: resolve(args[0]), after: resolve(args[1]) };
  for (const dir of Object.values(sides))
    if (!existsSync(join(dir, 'dist/loader/register.js'))) {
      console.error(`compare: ${join(dir, 'dist')} is missing; run \`npm run build\` in ${dir} first.`);
      process.exit(1);
    }
  const names = process.env.BENCH_PARTS?.split(',').map((s) => s.trim()).filter(Boolean) ?? Object.keys(PARTS);
  const unknown = names.filter((n) => !(n in PARTS));
  if (unknown.length) {
    console.error(`compare: unknown BENCH_PARTS ${unknown.join(', ')}; the parts are ${Object.keys(PARTS).join(', ')}`);
    process.exit(1);
  }
  const started = process.hrtime.bigint();
  const load = () => loadavg()[0].toFixed(1);
  const loadAtStart = load();
  const nodes = nodeBinaries('newest');
  console.log(`# limeade before/after — ${new Date().toISOString()}\n`);
  console.log(`before: ${describe(sides.before)}  `);
  console.log(`after:  ${describe(sides.after)}  `);
  console.log(`node: ${nodes.map((n) => `${n.version} (${n.path})`).join(', ')}; parts: ${names.join(', ')}; ${ROUNDS} rounds\n`);
  for (const node of nodes) for (const name of names) await comparePart(name, sides, node);
  console.log(`(compare took ${(hrMs(started) / 1000).toFixed(0)} s; load average ${loadAtStart} at the start, ${load()} at the end)`);
}

await main();
