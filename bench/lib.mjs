// Shared helpers for the benchmarks: which Node binaries to run, temp apps that can
// `--import limeade/register`, statistics and tables. No thresholds anywhere: the
// benchmarks print numbers and ratios, they never pass or fail on time.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** BENCH_FULL=1: the long, more precise run (more rounds, longer windows, every Node version in every part). */
export const FULL = process.env.BENCH_FULL === '1';

/** A count or duration: the environment variable if set, else the quick default, or the full one under BENCH_FULL=1. */
export const knob = (name, quick, full = quick) => Number(process.env[name] || (FULL ? full : quick));

/**
 * The Node binaries to compare: BENCH_NODES (comma-separated paths), or every `node` on
 * PATH (npm puts node_modules/.bin first, where the Node 22 dev binary links itself as
 * `node`), the one npm runs on, this process's own and the Node 22/24/26 dev binaries.
 * One per version, oldest first.
 */
export function nodeBinaries(which = 'all') {
  const all = allNodeBinaries();
  if (FULL || process.env.BENCH_NODES || all.length < 2 || which === 'all') return all;
  // The quick default: the oldest and the newest (module.register vs module.registerHooks), or the newest only.
  return which === 'newest' ? all.slice(-1) : [all[0], all[all.length - 1]];
}

/** What nodeBinaries(which) leaves out, for the tables' headings ('' when nothing). */
export function nodesNote(which = 'all') {
  const all = allNodeBinaries();
  const kept = new Set(nodeBinaries(which).map((n) => n.version));
  const left = all.filter((n) => !kept.has(n.version)).map((n) => n.version);
  return left.length ? `; not run on ${left.join(', ')} by default (quick run: BENCH_FULL=1 runs every version)` : '';
}

let found;
function allNodeBinaries() {
  if (found) return found;
  const onPath = (process.env.PATH || '').split(delimiter).filter(Boolean).map((d) => join(d, 'node'));
  const candidates = process.env.BENCH_NODES
    ? process.env.BENCH_NODES.split(',').map((s) => s.trim()).filter(Boolean)
    : [
        ...onPath,
        process.env.npm_node_execpath,
        process.execPath,
        join(ROOT, 'node_modules/node22/bin/node'),
        join(ROOT, 'node_modules/node24/bin/node'),
        join(ROOT, 'node_modules/node26/bin/node'),
      ].filter(Boolean);
  const byVersion = new Map();
  for (const bin of candidates) {
    if (bin.includes('/') && !existsSync(bin)) continue;
    const r = spawnSync(bin, ['-p', 'process.version + " " + process.execPath'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    if (r.status !== 0) continue;
    const [version, path] = r.stdout.trim().split(' ');
    if (!byVersion.has(version)) byVersion.set(version, { version, path, major: Number(version.slice(1).split('.')[0]) });
  }
  return (found = [...byVersion.values()].sort((a, b) => a.major - b.major));
}

/** Fails early, with what to do, when the limeade under test (this checkout, or BENCH_LIMEADE) has not been built. */
export function requireBuild() {
  const dir = process.env.BENCH_LIMEADE || ROOT;
  if (!existsSync(join(dir, 'dist/loader/register.js'))) {
    console.error(`bench: ${join(dir, 'dist')} is missing; run \`npm run build\` ${dir === ROOT ? 'first' : `in ${dir} first`}.`);
    process.exit(1);
  }
}

/**
 * A part's entry point: runs `main` when `url` is the script node was started with.
 * BENCH_JSON=1 (what bench/compare.mjs sets) sends the part's tables to stderr and prints
 * the results main() returns as one JSON line on stdout; without it the output is the tables.
 */
export async function runIfMain(url, main) {
  if (process.argv[1] !== fileURLToPath(url)) return;
  if (process.env.BENCH_JSON !== '1') return void (await main());
  const results = await main({ log: (...args) => console.error(...args) });
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

/**
 * A temp dir with package.json {"type":"module"} and node_modules/limeade → this repo
 * (or BENCH_LIMEADE, another checkout to compare, built).
 */
export async function makeAppDir(prefix, files = {}) {
  const dir = await mkdtemp(join(tmpdir(), `limeade-bench-${prefix}-`));
  await mkdir(join(dir, 'node_modules'), { recursive: true });
  await symlink(process.env.BENCH_LIMEADE || ROOT, join(dir, 'node_modules', 'limeade'), 'dir');
  await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

/** Removes a temp app, unless BENCH_KEEP=1 (to profile it by hand: the dir is printed). */
export const removeDir = (dir) =>
  process.env.BENCH_KEEP === '1' ? void console.error(`kept ${dir}`) : rm(dir, { recursive: true, force: true });

/** Runs a child to completion; resolves { code, stdout, stderr }. */
export function run(bin, args, { cwd, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd, env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

// ---- statistics -------------------------------------------------------------------

export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}
export const median = (xs) => quantile(xs, 0.5);
export const min = (xs) => Math.min(...xs);
export const max = (xs) => Math.max(...xs);

/** `median (min–max)` of a sample, `digits` after the point (none from 1000 up). */
export function spread(xs, digits = 1) {
  const d = median(xs) >= 1000 ? 0 : digits;
  const f = (x) => x.toFixed(d);
  return `${f(median(xs))} (${f(min(xs))}–${f(max(xs))})`;
}

/** Paired ratios a[i] / b[i] (runs made side by side), as `1.03x (0.98–1.10)`. */
export function ratio(a, b, digits = 2) {
  const r = a.map((x, i) => x / b[i]);
  const f = (x) => x.toFixed(digits);
  return `${f(median(r))}x (${f(min(r))}–${f(max(r))})`;
}

// ---- tables -----------------------------------------------------------------------

/** A Markdown table (also readable in a terminal): header row + rows of strings. */
export function table(header, rows) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r) => `| ${r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (i === 0 ? ':' : '-') + '-'.repeat(w) + (i === 0 ? '-' : ':')).join('|')}|`;
  return [line(header), sep, ...rows.map(line)].join('\n');
}

export const hrMs = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
