// Instrumenting throughput (issue 4): how fast the loader's `instrument` (dist/loader/
// instrument.js) turns real ES module files into instrumented code, in MB/s, to explain
// start-up. Per file and Node version:
//   cold  the first call in a fresh process (median of BENCH_THROUGHPUT_RUNS processes, 3):
//         what start-up pays, while acorn and magic-string are not yet optimised by V8
//   warm  the same call after warm-up in one process (median of several calls)
// and the share of that time spent parsing: `parseModule(source, false)` from dist/loader/
// analyze.js (the call instrument makes), timed the same way (cold: in its own fresh
// processes; warm: interleaved with instrument in the same process).
//
// Files: real ES modules found in node_modules (acorn, lru-cache, json5, magic-string),
// @babel/parser's CommonJS build (a large script that also parses as a module), and the 300 generated modules of bench/startup.mjs instrumented one after the
// other (what `300 modules as app code` does at start-up). BENCH_THROUGHPUT_BIG=1 adds
// typescript/lib/_tsc.js (6 MB, a script that parses as a module; ~30 s more per version).
// Files not installed are skipped.
//
//   node bench/throughput.mjs    BENCH_THROUGHPUT_RUNS=3 BENCH_THROUGHPUT_BIG=1 BENCH_NODES=a,b BENCH_LIMEADE=/other/checkout
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { moduleSource } from './startup.mjs';
import { hrMs, median, nodeBinaries, removeDir, requireBuild, ROOT, run, table, knob, nodesNote, runIfMain } from './lib.mjs';

const RUNS = knob('BENCH_THROUGHPUT_RUNS', 3, 3);
const BIG = process.env.BENCH_THROUGHPUT_BIG === '1';
const DIST = pathToFileURL(join(process.env.BENCH_LIMEADE || ROOT, 'dist', 'loader') + '/').href;
const NM = join(ROOT, 'node_modules');

/** label, the paths to try (first that exists), kind. */
const FILES = [
  ['acorn 8 dist/acorn.mjs', ['acorn/dist/acorn.mjs'], 'ESM'],
  ['lru-cache 11 dist/esm/index.js', ['lru-cache/dist/esm/index.js', 'hosted-git-info/node_modules/lru-cache/dist/esm/index.js', 'path-scurry/node_modules/lru-cache/dist/esm/index.js'], 'ESM'],
  ['json5 2 dist/index.mjs', ['json5/dist/index.mjs'], 'ESM'],
  ['magic-string dist/magic-string.es.mjs', ['magic-string/dist/magic-string.es.mjs'], 'ESM'],
  ['@babel/parser lib/index.js', ['@babel/parser/lib/index.js'], 'CJS, parsed as a module'],
  ...(BIG ? [['typescript lib/_tsc.js', ['typescript/lib/_tsc.js'], 'script, parsed as a module']] : []),
];

/** The start-up benchmark's modules: 300 files, instrumented one by one. */
function startupModules(n = Number(process.env.BENCH_MODULES || 300)) {
  return Array.from({ length: n }, (_, i) => moduleSource(i, [2 * i + 1, 2 * i + 2, 2 * i + 3].filter((j) => j < n).slice(0, 2 + (i % 2))));
}

// The child: `fn` is instrument or parse; mode cold (one call) or warm (warm-up, then timed
// calls of both, interleaved). A "file" is a JSON array of sources, processed in sequence.
const CHILD = `
import { readFileSync } from 'node:fs';
const [dist, fn, mode, file] = process.argv.slice(2);
const sources = JSON.parse(readFileSync(file, 'utf8'));
let t = performance.now();
const { instrument } = await import(dist + 'instrument.js');
const { parseModule } = await import(dist + 'analyze.js');
const loadMs = performance.now() - t;
const fns = { instrument: (s) => instrument(s, 0), parse: (s) => parseModule(s, false) };
const once = (f) => {
  const t0 = performance.now();
  for (const s of sources) f(s);
  return performance.now() - t0;
};
let out;
if (mode === 'cold') out = { loadMs, ms: once(fns[fn]) };
else {
  const bytes = sources.reduce((n, s) => n + s.length, 0);
  // Warm-up: at least 3 calls of each and ~0.3 s; then at least 5 timed pairs and ~0.3 s.
  const warm = Math.max(3, Math.ceil(300 / Math.max(1, once(fns.instrument))));
  for (let i = 0; i < warm; i++) (once(fns.instrument), once(fns.parse));
  const times = { instrument: [], parse: [] };
  const t1 = performance.now();
  while (times.instrument.length < 5 || (performance.now() - t1 < 300 && times.instrument.length < 50)) {
    times.instrument.push(once(fns.instrument));
    times.parse.push(once(fns.parse));
  }
  const med = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  out = { instrument: med(times.instrument), parse: med(times.parse), n: times.instrument.length, bytes };
}
process.stdout.write('@@' + JSON.stringify(out) + '\\n');
`;

export async function main({ log = console.log } = {}) {
  requireBuild();
  const started = process.hrtime.bigint();
  const nodes = nodeBinaries('newest');
  const dir = await mkdtemp(join(tmpdir(), 'limeade-bench-throughput-'));
  const inputs = [];
  for (const [label, candidates, kind] of FILES) {
    const path = candidates.map((c) => join(NM, c)).find(existsSync);
    if (!path) {
      log(`(skipped ${label}: not installed)`);
      continue;
    }
    inputs.push({ label, kind, sources: [readFileSync(path, 'utf8')] });
  }
  const gen = startupModules();
  inputs.push({ label: `bench/startup.mjs app, ${gen.length} modules one by one`, kind: 'ESM, generated', sources: gen });
  for (const [i, input] of inputs.entries()) {
    input.file = join(dir, `${i}.json`);
    input.bytes = input.sources.reduce((n, s) => n + s.length, 0);
    await writeFile(input.file, JSON.stringify(input.sources));
  }
  await writeFile(join(dir, 'child.mjs'), CHILD);
  const child = async (node, fn, mode, input) => {
    const res = await run(node.path, [join(dir, 'child.mjs'), DIST, fn, mode, input.file], { cwd: dir });
    const line = res.stdout.split('\n').find((l) => l.startsWith('@@'));
    if (res.code !== 0 || !line) throw new Error(`throughput: ${node.version} ${fn} ${mode} ${input.label} failed (exit ${res.code})\n${res.stdout}\n${res.stderr}`);
    return JSON.parse(line.slice(2));
  };
  const mbps = (bytes, ms) => (bytes / 1e6 / (ms / 1000)).toFixed(1);
  const pct = (a, b) => `${Math.round((100 * a) / b)}%`;
  log(`## Instrumenting throughput: instrument(source) of dist/loader/instrument.js, MB/s (1 MB = 10^6 bytes)${nodesNote('newest')}`);
  log(`(cold: the first call in a fresh process, median of ${RUNS} processes; warm: median of ≥ 5 calls (~0.3 s) after ≥ 3 calls (~0.3 s) of warm-up; parse = parseModule(source, false), the parse instrument makes, timed the same way; its share = parse ms / instrument ms)\n`);
  const results = [];
  try {
    for (const node of nodes) {
      const rows = [];
      const loads = [];
      for (const input of inputs) {
        const cold = { instrument: [], parse: [] };
        for (let r = 0; r < RUNS; r++)
          for (const fn of ['instrument', 'parse']) {
            const out = await child(node, fn, 'cold', input);
            cold[fn].push(out.ms);
            loads.push(out.loadMs);
          }
        const warm = await child(node, 'instrument', 'warm', input);
        const ci = median(cold.instrument);
        const cp = median(cold.parse);
        rows.push([
          input.label,
          input.kind,
          (input.bytes / 1024).toFixed(0),
          `${mbps(input.bytes, ci)} (${ci.toFixed(0)} ms)`,
          pct(cp, ci),
          `${mbps(input.bytes, warm.instrument)} (${warm.instrument.toFixed(warm.instrument < 10 ? 1 : 0)} ms)`,
          mbps(input.bytes, warm.parse),
          pct(warm.parse, warm.instrument),
        ]);
        results.push({ node: node.version, file: input.label, bytes: input.bytes, cold, warm });
      }
      log(`### Node ${node.version}\n`);
      log(table(['file', 'kind', 'KB', 'cold MB/s (ms)', 'cold: parse share', 'warm MB/s (ms)', 'warm parse MB/s', 'warm: parse share'], rows));
      log(`\n(importing instrument.js and analyze.js, with acorn and magic-string, in a fresh process: median ${median(loads).toFixed(1)} ms)\n`);
    }
  } finally {
    await removeDir(dir);
  }
  log(`(throughput took ${(hrMs(started) / 1000).toFixed(1)} s)\n`);
  return results;
}

await runIfMain(import.meta.url, main);
