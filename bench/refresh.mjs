// Refresh cost (issue 4): time to apply one function edit in a 20 KB module and in a 200 KB
// module, measured inside the process from the refresh request to commit (the report's
// durationMs), and as the caller of `refresh()` sees it. Issue 4's targets: ≤ 2 ms (20 KB)
// and ≤ 10 ms (200 KB).
//
// Per Node version, one child process per module (LIMEADE_WATCH=0, LIMEADE_LOG=silent; the
// child drives `globalThis.__limeade.refresh()` itself):
//   20 KB, patch      the body of one function in the middle of the module changes
//   200 KB, patch     the same in a module 10x larger
//   20 KB, in place   the same body edit, plus the export list changes (version k exports
//                     `extra_k` instead of the previous version's `extra_{k-1}`): a shape
//                     change applied in place, in the module's extra scope (report path 'patch')
//   20 KB, re-import  the same body edit, plus a new class each version (`Extra_k`): the
//                     query-versioned re-import (report path 'reimport')
// Each child makes WARMUP edits first (not counted; the very first refresh also loads the
// parser and differ, it is reported on its own), then EDITS edits, each: write the file, then
// `await refresh()`; it checks report.ok, the path, and that the edited function now returns
// the edit number (the new code runs). To show what dominates, on every 3rd counted edit
// of the patch cases it also times, right after that refresh, the pure parts with limeade's
// own dist/ on the same two texts: `diff(old, new)` given the old version's parse, as the
// runtime calls it (it parses again only the statements the edit touched), and a full
// `parseModule(new)` (what the refresh would cost with a full parse).
//
//   node bench/refresh.mjs    BENCH_REFRESH_EDITS=30 BENCH_REFRESH_WARMUP=10 BENCH_NODES=a,b BENCH_LIMEADE=/other/checkout BENCH_KEEP=1
import { hrMs, makeAppDir, median, nodeBinaries, quantile, removeDir, requireBuild, run, spread, table, knob, nodesNote, runIfMain } from './lib.mjs';

const EDITS = knob('BENCH_REFRESH_EDITS', 20, 30);
const WARMUP = Number(process.env.BENCH_REFRESH_WARMUP || 10);

/** Deterministic pseudo-random numbers, so every run generates the same module. */
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

// Pieces of a realistic module: functions of several shapes (declarations, arrows, async,
// generators), classes with a #private field, getters and statics, constants. `i` numbers
// them; `prev` is an earlier function the piece may call.
const PIECES = [
  (i, prev) => `/** Parses one "key=value;…" record. */
export function parseRecord${i}(line, opts = {}) {
  const parts = String(line).split(SEPARATOR);
  if (parts.length < ${(i % 4) + 1}) throw new Error('record ${i}: expected at least ${(i % 4) + 1} fields, got ' + parts.length);
  const out = {};
  for (let j = 0; j < parts.length; j++) {
    const [key, value] = parts[j].split('=');
    if (!key) continue;
    out[key.trim()] = value === undefined ? true : ${prev}(value.trim());
  }
  return opts.freeze ? Object.freeze(out) : out;
}
`,
  (i) => `export const clamp${i} = (value, lo = LIMITS.min, hi = LIMITS.max) => Math.min(hi, Math.max(lo, Number(value) * ${(i % 7) + 1}));
`,
  (i, prev) => `function coerce${i}(text) {
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?\\d+(\\.\\d+)?$/.test(text)) return Number(text) + ${i % 10};
  if (text.startsWith('[') && text.endsWith(']')) return text.slice(1, -1).split(',').map((s) => ${prev}(s.trim()));
  return text;
}
`,
  (i, prev) => `export async function load${i}(ids, cache = new Map()) {
  const results = [];
  for (const id of ids) {
    if (cache.has(id)) {
      results.push(cache.get(id));
      continue;
    }
    const value = await Promise.resolve(${prev}(String(id)));
    cache.set(id, value);
    results.push(value);
  }
  return results.filter((r) => r !== undefined && r !== null);
}
`,
  (i) => `function describe${i}(kind, payload) {
  switch (kind) {
    case 'user':
      return \`user \${payload.name ?? 'anonymous'} (#\${payload.id ?? ${i}})\`;
    case 'order':
      return \`order \${payload.id}: \${(payload.items ?? []).length} items, total \${(payload.total ?? 0).toFixed(2)}\`;
    case 'event':
      return \`event \${payload.type} at \${new Date(payload.at ?? 0).toISOString()}\`;
    default:
      return \`unknown \${kind} \${JSON.stringify(payload).slice(0, ${40 + (i % 40)})}\`;
  }
}
`,
  (i) => `export function* range${i}(from, to, step = ${(i % 3) + 1}) {
  for (let n = from; n < to; n += step) yield n;
}
`,
  (i, prev) => `const summarize${i} = function (rows, key = 'value') {
  let total = 0;
  let count = 0;
  let maxRow = null;
  for (const row of rows) {
    const v = Number(row?.[key] ?? 0);
    if (!Number.isFinite(v)) continue;
    total += v;
    count++;
    if (!maxRow || v > maxRow[key]) maxRow = row;
  }
  return { total, count, mean: count ? total / count : 0, max: maxRow, label: ${prev}(String(total)) };
};
`,
];

const CLASS = (i, prev) => `export class Store${i} extends EventTarget {
  #items = new Map();
  #hits = 0;
  static created = 0;
  constructor(name = 'store${i}', options = {}) {
    super();
    this.name = name;
    this.options = { ...DEFAULTS, ...options };
    Store${i}.created++;
  }
  get size() {
    return this.#items.size;
  }
  get hitRate() {
    return this.#hits / Math.max(1, this.#items.size);
  }
  set(key, value) {
    if (typeof key !== 'string') throw new TypeError('Store${i}: keys are strings');
    this.#items.set(key, { value, at: Date.now() });
    this.dispatchEvent(new Event('change'));
    return this;
  }
  get(key) {
    const entry = this.#items.get(key);
    if (!entry) return undefined;
    this.#hits++;
    return entry.value;
  }
  delete(key) {
    return this.#items.delete(key);
  }
  *entries() {
    for (const [k, e] of this.#items) yield [k, e.value];
  }
  toJSON() {
    return { name: this.name, size: this.size, items: Object.fromEntries(this.entries()) };
  }
  static from(obj) {
    const s = new Store${i}();
    for (const [k, v] of Object.entries(obj)) s.set(k, ${prev}(String(v)));
    return s;
  }
}
`;

/** The edited function: `__K__` becomes the edit number (a branch the check takes). */
const TARGET = `/** The function the benchmark edits. */
export function target(input) {
  if (input === undefined) return __K__;
  const words = String(input).split(/\\s+/).filter(Boolean);
  const counts = new Map();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([w]) => w).join(',');
}
__EXTRA__
`;

/**
 * A realistic module of about `bytes` (functions, a class every ~20 functions, constants,
 * a little top-level work), with TARGET in the middle. Placeholders: `__K__` (the edit
 * number, in the body of `target`) and `__EXTRA__` (a line for an extra export, or empty).
 */
export function bigModuleTemplate(bytes, seed = 7) {
  const rand = rng(seed);
  const head = `import { EventEmitter } from 'node:events';

const SEPARATOR = ';';
const LIMITS = Object.freeze({ min: 0, max: 1000, step: 5 });
const DEFAULTS = { ttlMs: 60_000, maxItems: 500, tags: ['a', 'b', 'c'] };
export const VERSION = '1.0.0';
const bus = new EventEmitter();
let counter = 0;

`;
  const chunks = [head];
  let size = head.length;
  let placed = false;
  const callable = ['String'];
  for (let i = 0; size < bytes; i++) {
    if (!placed && size >= bytes / 2 - TARGET.length / 2) {
      chunks.push(TARGET);
      size += TARGET.length;
      placed = true;
    }
    const prev = callable[Math.floor(rand() * callable.length)];
    const text = i % 20 === 12 ? CLASS(i, prev) : PIECES[Math.floor(rand() * PIECES.length)](i, prev);
    const name = /(?:function\*?|const|class) (\w+)/.exec(text)[1];
    if (/^(parseRecord|coerce|describe|summarize)/.test(name)) callable.push(name);
    chunks.push(text, '\n');
    size += text.length + 1;
    if (i % 50 === 25) {
      const line = `export const TABLE_${i} = Object.freeze([${Array.from({ length: 12 }, (_, j) => (i * 31 + j * 17) % 1000).join(', ')}]);\nbus.on('tick${i}', () => counter++);\n\n`;
      chunks.push(line);
      size += line.length;
    }
  }
  if (!placed) chunks.push(TARGET);
  return chunks.join('');
}

export const fill = (template, k, extra = '') => template.replaceAll('__K__', String(k)).replace('__EXTRA__', extra);

/** The child: edits `mod.js` and refreshes, prints one JSON line. */
const DRIVER = `
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { target } from './mod.js';

const cfg = JSON.parse(process.env.BENCH_CFG);
const template = readFileSync('template.txt', 'utf8');
const extra = (k) => (k === 0 ? '' : cfg.extra === 'class' ? 'export class Extra_' + k + ' {}' : cfg.extra === 'export' ? 'export const extra_' + k + ' = ' + k + ';' : '');
const source = (k) => template.replaceAll('__K__', String(k)).replace('__EXTRA__', extra(k));
if (target() !== 0) throw new Error('version 0 does not run');

// The pure parts, with the same dist/ the runtime uses: on every 3rd counted edit, right
// after its refresh, diff(previous, new, previous's parse) and a full parseModule(new) are
// timed on the same texts (the previous parse is made outside the timing, as the runtime
// keeps it from the previous refresh).
// (Imported only then: the first refresh is the one that loads them.)
const dist = pathToFileURL(realpathSync('node_modules/limeade') + '/dist/').href;
let diff, parseModule;
const time = (fn) => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};

const inside = [];
const caller = [];
const parts = [];
let first = null;
for (let k = 1; k <= cfg.warmup + cfg.edits; k++) {
  writeFileSync('mod.js', source(k));
  const t0 = performance.now();
  const report = await globalThis.__limeade.refresh();
  const ms = performance.now() - t0;
  const m = report.modules[0];
  const want = cfg.extra === 'class' ? 'reimport' : 'patch';
  if (!report.ok || report.modules.length !== 1 || m.path !== want)
    throw new Error('edit ' + k + ': expected one module on the ' + want + ' path, got ' + JSON.stringify(report));
  if (target() !== k) throw new Error('edit ' + k + ': target() returns ' + target() + ' (the edit was not applied)');
  if (k === 1) first = { inside: report.durationMs, caller: ms };
  if (k > cfg.warmup) {
    inside.push(report.durationMs);
    caller.push(ms);
    if (!cfg.extra && (k - cfg.warmup) % 3 === 0) {
      ({ diff } = await import(dist + 'loader/diff.js'));
      ({ parseModule } = await import(dist + 'loader/analyze.js'));
      const before = source(k - 1);
      const after = source(k);
      const oldParse = parseModule(before);
      parts.push({ refresh: report.durationMs, diff: time(() => diff(before, after, new Set(), oldParse)), parse: time(() => parseModule(after)) });
    }
  }
}
const after = source(cfg.warmup + cfg.edits);
process.stdout.write('@@' + JSON.stringify({ inside, caller, first, parts, bytes: after.length, lines: after.split('\\n').length }) + '\\n');
`;

export const CASES = [
  { key: '20k', label: '20 KB module, function body (patch)', bytes: 20 * 1024, extra: null },
  { key: '200k', label: '200 KB module, function body (patch)', bytes: 200 * 1024, extra: null },
  { key: '20k-inplace', label: '20 KB module, + export (in place)', bytes: 20 * 1024, extra: 'export' },
  { key: '20k-shape', label: '20 KB module, + class (re-import)', bytes: 20 * 1024, extra: 'class' },
];

export async function main({ log = console.log } = {}) {
  requireBuild();
  const started = process.hrtime.bigint();
  const nodes = nodeBinaries('ends');
  const templates = Object.fromEntries(CASES.map((c) => [c.key, bigModuleTemplate(c.bytes)]));
  log(`## Refresh cost: one edit, ms inside the process (report.durationMs) and as the caller of refresh() sees it${nodesNote('ends')}`);
  log(`(per case one child process: ${WARMUP} warm-up edits, then ${EDITS} edits, each a write then \`await refresh()\`; median, p90, and median (min–max); every edit checked: report.ok, the path, and the new code runs)\n`);
  const results = [];
  const rows = [];
  const parts = [];
  for (const node of nodes) {
    for (const c of CASES) {
      const dir = await makeAppDir(`refresh-${c.key}`, {
        'main.js': DRIVER,
        'template.txt': templates[c.key],
        'mod.js': fill(templates[c.key], 0),
      });
      try {
        const res = await run(node.path, ['--import', 'limeade/register', 'main.js'], {
          cwd: dir,
          env: { BENCH_CFG: JSON.stringify({ warmup: WARMUP, edits: EDITS, extra: c.extra }), LIMEADE_WATCH: '0', LIMEADE_LOG: 'silent' },
        });
        const line = res.stdout.split('\n').find((l) => l.startsWith('@@'));
        if (res.code !== 0 || !line) throw new Error(`refresh: ${node.version} ${c.key} failed (exit ${res.code})\n${res.stdout}\n${res.stderr}`);
        const out = JSON.parse(line.slice(2));
        const f = (x) => x.toFixed(2);
        rows.push([
          node.version,
          c.label,
          `${(out.bytes / 1024).toFixed(0)} KB, ${out.lines} lines`,
          f(median(out.inside)),
          f(quantile(out.inside, 0.9)),
          spread(out.inside, 2),
          spread(out.caller, 2),
          `${f(out.first.inside)} / ${f(out.first.caller)}`,
        ]);
        if (!c.extra) {
          const col = (key) => out.parts.map((p) => p[key]);
          const rest = out.parts.map((p) => p.refresh - p.diff);
          const both = (xs) => `${f(median(xs))} (${f(Math.min(...xs))})`;
          const share = (a, b) => `${Math.round((100 * a) / b)}%`;
          parts.push([
            node.version,
            c.label,
            out.parts.length,
            both(col('refresh')),
            both(col('diff')),
            both(col('parse')),
            f(median(rest)),
            `${share(median(col('diff')), median(col('refresh')))} (${share(Math.min(...col('diff')), Math.min(...col('refresh')))})`,
          ]);
        }
        results.push({ node: node.version, case: c.key, ...out });
      } finally {
        await removeDir(dir);
      }
    }
  }
  log(table(['node', 'edit', 'module', 'median ms', 'p90 ms', 'inside: median (min–max)', 'caller: median (min–max)', 'first refresh ms (inside / caller)'], rows));
  log(`\nWhat the patch path spends its time on: on every 3rd counted edit, right after its refresh, the same child timed diff(previous, new) given the previous version's parse (as the runtime calls it) and a full parseModule(new) of limeade's dist/ on the same texts (ms, median (min) of the samples; diff = parse again the statements the edit touched, reuse and move the rest of the previous parse, match; refresh − diff, median of the paired differences = read the file, compile the changed function by eval in the module's scope, swap, commit; diff / refresh of the medians (of the minimums, less disturbed by a busy machine)):\n`);
  log(table(['node', 'edit', 'samples', 'refresh ms', 'diff(old, new, old parse) ms', 'full parseModule(new) ms', 'refresh − diff ms', 'diff / refresh'], parts));
  log(`\n(refresh took ${(hrMs(started) / 1000).toFixed(1)} s)\n`);
  return results;
}

await runIfMain(import.meta.url, main);
