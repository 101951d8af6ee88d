// `npm run bench`: the call-path, start-up (generated apps; issue 4's apps with the peers),
// refresh-cost, memory-per-edit, instrumenting-throughput and HTTP-server benchmarks, one
// after the other, on every Node version found (see lib.mjs nodeBinaries). Prints Markdown
// tables: ratios to plain node measured side by side in this run, milliseconds, KB, MB/s,
// requests/s. Nothing is a threshold: on a shared, noisy machine read the spread (min–max),
// not only the median. (Write-to-new-behaviour latency is separate: `node bench/latency.mjs`.)
//
// Environment (all optional):
//   BENCH_PARTS=calls,startup,peers,refresh,memory,throughput,http   which parts (all by default)
//   calls       BENCH_RUNS (child runs per mode, 5)
//   startup     BENCH_STARTUP_RUNS (5), BENCH_MODULES (300), BENCH_NOWATCH=1
//   peers       BENCH_PEERS_RUNS (3), BENCH_PEERS_ONLY=limeade,cold,dynohot,hot-hook (modes besides plain)
//   refresh     BENCH_REFRESH_EDITS (30), BENCH_REFRESH_WARMUP (10)
//   memory      BENCH_MEMORY_EDITS (200), BENCH_MEMORY_REIMPORT_EDITS (100), BENCH_MEMORY_JOBS (2),
//               BENCH_MEMORY_PEERS=1 (adds hot-hook and dynohot)
//   throughput  BENCH_THROUGHPUT_RUNS (3), BENCH_THROUGHPUT_BIG=1 (adds a 6 MB file)
//   http        BENCH_HTTP_RUNS (5), BENCH_HTTP_MS (1000, the measured window),
//               BENCH_HTTP_WARMUP_MS (300), BENCH_HTTP_CONNECTIONS (4)
//   all         BENCH_NODES=/a/node,/b/node, BENCH_LIMEADE=/another/built/checkout,
//               BENCH_KEEP=1 (keep the temp apps)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { hrMs, nodeBinaries, requireBuild, ROOT } from './lib.mjs';
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
console.log(`node: ${nodeBinaries().map((n) => `${n.version} (${n.path})`).join(', ')}\n`);
const parts = { calls, startup, peers, refresh, memory, throughput, http };
const only = process.env.BENCH_PARTS?.split(',').map((s) => s.trim()).filter(Boolean) ?? Object.keys(parts);
const unknown = only.filter((p) => !(p in parts));
if (unknown.length) {
  console.error(`bench: unknown BENCH_PARTS ${unknown.join(', ')}; the parts are ${Object.keys(parts).join(', ')}`);
  process.exit(1);
}
for (const [name, part] of Object.entries(parts)) if (only.includes(name)) await part();
console.log(`npm run bench took ${(hrMs(started) / 1000).toFixed(1)} s`);
