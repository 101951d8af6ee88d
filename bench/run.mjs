// `npm run bench`: the call-path, start-up (issue 4's apps, with the peers dynohot and
// hot-hook), refresh-cost, memory-per-edit, instrumenting-throughput and HTTP-server
// benchmarks, one after the other. Prints Markdown tables: ratios to plain node measured side
// by side in this run, milliseconds, KB, MB/s, requests/s; each table says how many runs its
// medians are of. Nothing is a threshold: on a shared, noisy machine read the spread
// (min–max), not only the median. (Write-to-new-behaviour latency is separate:
// `node bench/latency.mjs`; two built checkouts side by side, before/after a refactor:
// `node bench/compare.mjs /path/to/before /path/to/after`.)
//
// Two lengths:
//   npm run bench               the quick default, ~5 min on 2 cores: ≥ 3 runs per figure, but
//                               fewer rounds and shorter windows than the full run; calls,
//                               refresh, memory and HTTP on the oldest and the newest Node
//                               found (module.register vs module.registerHooks), start-up
//                               with peers and throughput on the newest only; the generated
//                               300-module start-up part is left out (issue 4's lodash-es
//                               app, 645 instrumented modules, measures the same thing).
//   BENCH_FULL=1 npm run bench  the long, more precise run (~22 min here): every part on
//                               every Node version, the full counts (after the / below).
// The same defaults apply to one part run alone (`node bench/http.mjs`). An explicit knob
// wins over both; BENCH_NODES picks exactly the versions every part runs on.
//
// Environment (all optional; defaults quick / full):
//   BENCH_FULL=1                                                     the full run
//   BENCH_PARTS=calls,startup,peers,refresh,memory,throughput,http   which parts (default: all
//                                                                    but startup; full: all)
//   calls       BENCH_RUNS (child runs per mode, 3 / 5)
//   startup     BENCH_STARTUP_RUNS (3 / 5), BENCH_MODULES (300), BENCH_NOWATCH=1
//   peers       BENCH_PEERS_RUNS (3 / 3), BENCH_PEERS_ONLY=limeade,cold,dynohot,hot-hook (modes besides plain)
//   refresh     BENCH_REFRESH_EDITS (20 / 30), BENCH_REFRESH_WARMUP (10)
//   memory      BENCH_MEMORY_EDITS (100 / 200), BENCH_MEMORY_REIMPORT_EDITS (50 / 100), BENCH_MEMORY_JOBS (2),
//               BENCH_MEMORY_PEERS=1 (adds hot-hook and dynohot), BENCH_MEMORY_ONLY=patch,reimport (only those modes)
//   throughput  BENCH_THROUGHPUT_RUNS (3 / 3), BENCH_THROUGHPUT_BIG=1 (adds a 6 MB file)
//   http        BENCH_HTTP_RUNS (3 / 5), BENCH_HTTP_MS (500 / 1000, the measured window),
//               BENCH_HTTP_WARMUP_MS (200 / 300), BENCH_HTTP_CONNECTIONS (4)
//   all         BENCH_NODES=/a/node,/b/node (exactly these, in every part), BENCH_LIMEADE=/another/built/checkout,
//               BENCH_KEEP=1 (keep the temp apps); one part run alone: BENCH_JSON=1 (its tables to stderr,
//               its results as one JSON line on stdout, as bench/compare.mjs reads them)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { FULL, hrMs, nodeBinaries, requireBuild, ROOT } from './lib.mjs';
import { main as calls } from './calls.mjs';
import { main as startup } from './startup.mjs';
import { main as peers } from './startup-peers.mjs';
import { main as refresh } from './refresh.mjs';
import { main as memory } from './memory.mjs';
import { main as throughput } from './throughput.mjs';
import { main as http } from './http.mjs';

requireBuild();
const started = process.hrtime.bigint();
let model = cpus()[0]?.model ?? 'unknown';
try {
  model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
} catch {}
console.log(`# limeade benchmarks — ${new Date().toISOString()}`);
console.log(`machine: ${cpus().length} cores (${model}), ${process.platform}/${process.arch}`);
const limeade = process.env.BENCH_LIMEADE || ROOT;
const git = (...args) => spawnSync('git', ['-C', limeade, ...args], { encoding: 'utf8' }).stdout?.trim() ?? '';
const dirty = git('status', '--porcelain', '--', 'loader', 'runtime') ? ' + uncommitted changes in loader/ or runtime/' : '';
console.log(`limeade: ${limeade} at ${git('rev-parse', '--short', 'HEAD') || 'unknown commit'}${dirty} (dist/ as built)`);
console.log(`node: ${nodeBinaries().map((n) => `${n.version} (${n.path})`).join(', ')}`);
const parts = { calls, startup, peers, refresh, memory, throughput, http };
const quickParts = Object.keys(parts).filter((p) => p !== 'startup');
const only = process.env.BENCH_PARTS?.split(',').map((s) => s.trim()).filter(Boolean) ?? (FULL ? Object.keys(parts) : quickParts);
console.log(
  FULL
    ? 'run: full (BENCH_FULL=1): every part on every Node version, the full counts\n'
    : `run: quick (the default; BENCH_FULL=1 for the full run): fewer rounds and shorter windows, some parts on fewer Node versions (each table says so)${process.env.BENCH_PARTS ? '' : '; the generated start-up part (BENCH_PARTS=startup) left out'}\n`,
);
const unknown = only.filter((p) => !(p in parts));
if (unknown.length) {
  console.error(`bench: unknown BENCH_PARTS ${unknown.join(', ')}; the parts are ${Object.keys(parts).join(', ')}`);
  process.exit(1);
}
const took = [];
for (const [name, part] of Object.entries(parts))
  if (only.includes(name)) {
    const t0 = process.hrtime.bigint();
    await part();
    took.push(`${name} ${(hrMs(t0) / 1000).toFixed(0)} s`);
  }
console.log(`parts: ${took.join(', ')}`);
console.log(`npm run bench took ${(hrMs(started) / 1000).toFixed(1)} s`);
