// `npm run bench`: the call-path and start-up benchmarks, one after the other, on every
// Node version found (see lib.mjs nodeBinaries). Prints Markdown tables of ratios to plain
// node, measured side by side in this run. Nothing is a threshold: on a shared, noisy
// machine read the spread (min–max), not only the median.
//
// Environment (all optional): BENCH_RUNS (calls, child runs per mode, 5),
// BENCH_STARTUP_RUNS (7), BENCH_MODULES (300), BENCH_NOWATCH=1, BENCH_NODES=/a/node,/b/node,
// BENCH_LIMEADE=/another/built/checkout, BENCH_KEEP=1 (keep the temp apps).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { hrMs, nodeBinaries, requireBuild, ROOT } from './lib.mjs';
import { main as calls } from './calls.mjs';
import { main as startup } from './startup.mjs';

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
await calls();
await startup();
console.log(`npm run bench took ${(hrMs(started) / 1000).toFixed(1)} s`);
