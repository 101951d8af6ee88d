// Call-path micro-benchmark: what a call costs in a program running under limeade.
//
// One fixture app (a hot module of small functions and a class, plus a driver), run as a
// child process per mode and per Node version:
//   plain    node main.js                                  (no limeade)
//   limeade  node --import limeade/register main.js        (instrumented, never edited)
//   edited   the same, after 10 edits of the hot module    (a function body and a method
//            body changed, refresh() after each; the code is warm before the edits)
//   paired, pairedEdited   limeade and edited again, each round timing a plain copy of the
//            hot module and of the cases (plain/, which LIMEADE_EXCLUDE keeps limeade off)
//            and the instrumented ones back to back, in the same process
//   pairedControl   the same under plain node: both copies plain (the pairing's noise floor:
//            each copy gets its own compiled code, and a single run read 0.4–4.5x for
//            identical copies; the median of several runs is what to read)
// Each child times every case in rounds of N iterations and reports the median round (the
// paired modes: the median of the rounds' quotients instrumented / plain).
// The parent runs the modes interleaved (plain, limeade, edited, paired, …) RUNS times and
// prints, per case, the median ns/op over runs with min–max, and the ratio to plain paired
// run by run; then the paired modes' quotients. Why both: the first table is what a program
// sees, process against process, and on this shared 2-core machine one process can run the
// same code at half the speed of the next (the workload's plain runs: 14–30 µs); the second
// cancels that drift, which both sides of a round share. Nothing here is a threshold.
//
//   node bench/calls.mjs      BENCH_RUNS=5 (child runs per mode) BENCH_NODES=/path/a,/path/b BENCH_KEEP=1
//   BENCH_LIMEADE=/other/checkout compares another build of limeade; BENCH_ONLY=new,workload
//   runs only those cases (to profile one: BENCH_KEEP=1, then run main.js by hand with --cpu-prof).
import { writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { hrMs, makeAppDir, median, nodeBinaries, ratio, removeDir, requireBuild, run, spread, table, knob, nodesNote, runIfMain } from './lib.mjs';

const RUNS = knob('BENCH_RUNS', 3, 5);
const EDITS = 10;

/**
 * The hot module. `k` is the edit number: edits change the body of `add` and of
 * `Vec.prototype.len` (a never-taken branch returns k, so the driver can check at the end
 * that the new code runs, and every version, v0 included, does the same work).
 */
export function hotSource(k) {
  return `// the hot module (version ${k})
export function add(a, b) {
  if (b === undefined) return ${k};
  return a + b;
}

export function sub(a, b) {
  return a - b;
}

export const mul = (a, b) => a * b;

export class Vec {
  constructor(x, y) {
    this.x = x;
    this.y = y;
  }
  add(o) {
    return new Vec(this.x + o.x, this.y + o.y);
  }
  dot(o) {
    return this.x * o.x + this.y * o.y;
  }
  len() {
    if (this.x === undefined) return ${k};
    return Math.sqrt(this.x * this.x + this.y * this.y);
  }
  static of(x, y) {
    return new Vec(x, y);
  }
}

// Its constructor changes with every edit (a constant it sets): new instances run the
// constructor the last refresh compiled, through the class's own (loader/ctor.ts).
export class Pt {
  constructor(x, y) {
    this.x = x;
    this.y = y;
    this.k = ${k};
  }
}

export class Token {
  constructor(kind, start, end, value) {
    this.kind = kind;
    this.start = start;
    this.end = end;
    this.value = value;
  }
  get size() {
    return this.end - this.start;
  }
  is(kind) {
    return this.kind === kind;
  }
}

const NUM = 1, IDENT = 2, PUNCT = 3;
const isDigit = (c) => c >= 48 && c <= 57;
const isSpace = (c) => c === 32 || c === 10 || c === 9 || c === 13;
function isIdentStart(c) {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
}
function isIdentPart(c) {
  return isIdentStart(c) || isDigit(c);
}

export function tokenize(src) {
  const out = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (isSpace(c)) { i++; continue; }
    if (isDigit(c)) {
      let v = 0, j = i;
      while (j < n && isDigit(src.charCodeAt(j))) v = v * 10 + (src.charCodeAt(j++) - 48);
      out.push(new Token(NUM, i, j, v));
      i = j;
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(src.charCodeAt(j))) j++;
      out.push(new Token(IDENT, i, j, 0));
      i = j;
    } else {
      out.push(new Token(PUNCT, i, i + 1, c));
      i++;
    }
  }
  return out;
}

/** Closure workloads (issue 13): a factory's closure, a class arrow field, array callbacks. */
export function makeScaler(k) {
  let calls = 0;
  return (x) => {
    if (x === undefined) return ${k};
    calls++;
    return x * k;
  };
}

// A factory whose closure only reads what it was made with (a middleware's options, a
// greeter's prefix): its guard passes that value to new code (docs/design.md §3.7).
export function makeOffset(k) {
  return (x) => {
    if (x === undefined) return ${k};
    return x + k;
  };
}

// A factory sharing one variable with its closure (a counter, a tally): with the closure's
// environment cache its scope has two slots, within what Node 26 tracks (docs/benchmarks.md run 27).
export function makeTally(start) {
  let seen = start;
  return (x) => {
    if (x === undefined) return ${k};
    seen++;
    return x * 3;
  };
}

export class Counter {
  n = 0;
  bump = (d) => {
    if (d === undefined) return ${k};
    this.n += d;
    return this.n;
  };
}

export function sumMapped(a, k) {
  return a.map((x) => sub(x, k)).reduce((p, q) => p + q, 0);
}

/** The realistic workload: tokenize a source text, fold its numbers into vectors. */
export function workload(src) {
  const tokens = tokenize(src);
  let acc = Vec.of(0, 0);
  let s = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.is(NUM)) {
      const v = new Vec(t.value, t.size);
      acc = acc.add(v);
      s = add(s, v.len());
    } else if (t.is(IDENT)) {
      s = sub(s, t.size);
    }
  }
  return s + acc.dot(acc) * 1e-9;
}
`;
}

/**
 * The cases: a loop per case over the hot module's functions (cases.js). The paired modes load
 * a second copy of it and of the hot module from plain/, which limeade leaves alone
 * (LIMEADE_EXCLUDE), so plain code and instrumented code are timed in the same process.
 */
const CASES_SRC = `
import { add, sub, mul, Vec, Pt, workload, makeScaler, makeOffset, makeTally, Counter, sumMapped } from './hot.js';

const cfg = JSON.parse(process.env.BENCH_CFG);
const vs = Array.from({ length: 1024 }, (_, i) => new Vec(i % 37, (i * 7) % 41));
const ring = new Array(256).fill(null);
const SRC = Array.from({ length: 40 }, (_, i) =>
  \`let v\${i} = scale(\${i * 13 % 97}, item_\${i}) + 42 * (x\${i % 5} - \${i});\\n\`).join('');

function fnEdited(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += add(i, 1);
  return s;
}
function fnUnedited(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += sub(i, 1);
  return s;
}
function arrowUnedited(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += mul(i, 3);
  return s;
}
// The same calls with a sum that is a double from the start. In the loops above the sum
// outgrows a small integer after ~65,000 calls; on Node 26 V8 then kept the loop in code
// that boxes the sum (4.4–4.6 ns a call under limeade, 1.5 plain; with --no-use-osr the
// other way round): what those rows measure there is that tier-up, not the call, which
// these rows show (docs/benchmarks.md run 13).
function fnUneditedDouble(n) {
  let s = 0.5;
  for (let i = 0; i < n; i++) s += sub(i, 1);
  return s;
}
function arrowUneditedDouble(n) {
  let s = 0.5;
  for (let i = 0; i < n; i++) s += mul(i, 3);
  return s;
}
function methodEdited(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += vs[i & 1023].len();
  return s;
}
function methodUnedited(n) {
  let s = 0;
  const o = vs[3];
  for (let i = 0; i < n; i++) s += vs[i & 1023].dot(o);
  return s;
}
function newVec(n) {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = new Vec(i, 1);
    ring[i & 255] = v;
    s += v.x;
  }
  return s;
}
function newEditedCtor(n) {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const p = new Pt(i, 1);
    ring[i & 255] = p;
    s += p.x;
  }
  return s;
}
// Made before the edits: the edits change the closures' bodies (a never-taken branch).
const scale = makeScaler(3);
const offset = makeOffset(3);
const tally = makeTally(3);
const counter = new Counter();
const a64 = Array.from({ length: 64 }, (_, i) => i);
function closureFactory(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += scale(i);
  return s;
}
// The same with a sum that is a double from the start (see fnUneditedDouble): the integer
// sum above outgrows a small integer, and which tier V8 keeps the loop in then decides the row.
function closureFactoryDouble(n) {
  let s = 0.5;
  for (let i = 0; i < n; i++) s += scale(i);
  return s;
}
function closureConst(n) {
  let s = 0.5;
  for (let i = 0; i < n; i++) s += offset(i);
  return s;
}
// Closures made per call: the factory's own cost (its guard, its closure site's cache), before
// and after the edits (which change the closure's body, so the factory runs new code after them).
function factoryCall(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += makeScaler(i)(1);
  return s;
}
function factoryCallConst(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += makeOffset(i)(1);
  return s;
}
// The tally made before the edits, a double sum; then its factory called in a loop (the row
// before it in a round: once a site made many closures, V8 26 compiles the loop above with
// what it tracks of the closure's context, or without).
function closureTally(n) {
  let s = 0.5;
  for (let i = 0; i < n; i++) s += tally(i);
  return s;
}
function factoryCallTally(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += makeTally(i)(1);
  return s;
}
function arrowField(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += counter.bump(1);
  return s;
}
function arrayCallback(n) {
  let s = 0;
  for (let i = 0; i < n; i += 64) s += sumMapped(a64, 1);
  return s;
}
function realistic(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += workload(SRC);
  return s;
}

const cases = [
  ['fnEdited', fnEdited, cfg.nCall],
  ['fnUnedited', fnUnedited, cfg.nCall],
  ['arrowUnedited', arrowUnedited, cfg.nCall],
  ['fnUneditedDouble', fnUneditedDouble, cfg.nCall],
  ['arrowUneditedDouble', arrowUneditedDouble, cfg.nCall],
  ['methodEdited', methodEdited, cfg.nCall],
  ['methodUnedited', methodUnedited, cfg.nCall],
  ['new', newVec, cfg.nNew],
  ['newEditedCtor', newEditedCtor, cfg.nNew],
  ['closureFactory', closureFactory, cfg.nCall],
  ['closureFactoryDouble', closureFactoryDouble, cfg.nCall],
  ['closureConst', closureConst, cfg.nCall],
  ['factoryCall', factoryCall, cfg.nNew],
  ['factoryCallConst', factoryCallConst, cfg.nNew],
  ['closureTally', closureTally, cfg.nCall],
  ['factoryCallTally', factoryCallTally, cfg.nNew],
  ['arrowField', arrowField, cfg.nCall],
  ['arrayCallback', arrayCallback, cfg.nCall],
  ['workload', realistic, cfg.nWork],
].filter(([name]) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(',').includes(name));
export { cases };

// Which code runs now: version 0, or the last edit.
export const version = () => [add(1), Vec.prototype.len.call({}), scale(undefined), counter.bump(undefined), offset(undefined), tally(undefined), new Pt(0, 0).k];
`;

/**
 * The driver: times each case in rounds, prints one JSON line. In the paired modes each round
 * times the plain copy and the instrumented one back to back (which goes first alternates) and
 * keeps their quotient: this machine's speed drifts by up to 2x between processes and within
 * one over seconds (the workload's plain rounds ran 14–30 µs in one process), a drift both
 * sides of a round share.
 */
const DRIVER = `
import { readFileSync, writeFileSync } from 'node:fs';
import { cases, version } from './cases.js';

const cfg = JSON.parse(process.env.BENCH_CFG);
const paired = cfg.mode.startsWith('paired');
const plainCases = paired ? (await import('./plain/cases.js')).cases : null;
let sink = 0;
const times = Object.fromEntries(cases.map(([name]) => [name, []]));
const plainTimes = Object.fromEntries(cases.map(([name]) => [name, []]));
const ratios = Object.fromEntries(cases.map(([name]) => [name, []]));
function time(fn, n) {
  const t0 = process.hrtime.bigint();
  sink += fn(n);
  return Number(process.hrtime.bigint() - t0) / n;
}
function rounds(count, record) {
  for (let r = 0; r < count; r++)
    cases.forEach(([name, fn, n], i) => {
      if (!paired) {
        const ns = time(fn, n);
        if (record) times[name].push(ns);
        return;
      }
      const plain = plainCases[i][1];
      let ns, base;
      if (r & 1) {
        base = time(plain, n);
        ns = time(fn, n);
      } else {
        ns = time(fn, n);
        base = time(plain, n);
      }
      if (record) {
        times[name].push(ns);
        plainTimes[name].push(base);
        ratios[name].push(ns / base);
      }
    });
}

// Warm: the program has run its hot code before anyone edits it.
rounds(cfg.warmup, false);

const refreshMs = [];
if (cfg.mode === 'edited' || cfg.mode === 'pairedEdited') {
  for (let k = 1; k <= cfg.edits; k++) {
    writeFileSync('hot.js', readFileSync('edits/' + k + '.txt', 'utf8'));
    const report = await globalThis.__limeade.refresh();
    const updated = report.modules[0]?.updated ?? [];
    if (!report.ok || !updated.includes('add') || !updated.includes('Vec.len') || !updated.some((u) => u.startsWith('Pt')))
      throw new Error('edit ' + k + ' did not apply as a patch: ' + JSON.stringify(report));
    refreshMs.push(report.durationMs);
  }
  rounds(cfg.warmup, false);
}

rounds(cfg.rounds, true);

const mid = (table) => Object.fromEntries(Object.entries(table).map(([k, xs]) => [k, xs.sort((a, b) => a - b)[xs.length >> 1]]));
const out = { medians: mid(times), version: version(), refreshMs, sink: Number.isFinite(sink) };
if (paired) Object.assign(out, { plainMedians: mid(plainTimes), ratios: mid(ratios) });
process.stdout.write('@@' + JSON.stringify(out) + '\\n');
`;

export const CASES = [
  ['fnEdited', 'function call (handle; edited fn)'],
  ['fnUnedited', 'function call (handle; unedited fn)'],
  ['arrowUnedited', 'function call (handle; unedited `const f = () =>`)'],
  ['fnUneditedDouble', 'the same unedited fn, a double sum (no Smi overflow in the loop)'],
  ['arrowUneditedDouble', 'the same unedited `const f = () =>`, a double sum'],
  ['methodEdited', 'method call (edited method)'],
  ['methodUnedited', 'method call (unedited method)'],
  ['new', '`new` on the patched class'],
  ['newEditedCtor', '`new` on a class whose constructor was edited'],
  ['closureFactory', 'closure made by a factory before the edits (edited body)'],
  ['closureFactoryDouble', 'the same closure, a double sum'],
  ['closureConst', 'closure of a factory that only reads what it captured (a double sum)'],
  ['factoryCall', 'a factory call that makes a closure (calls it once)'],
  ['factoryCallConst', 'the same, a closure that only reads what it captured'],
  ['closureTally', 'closure sharing one variable with its factory (a double sum)'],
  ['factoryCallTally', 'its factory called in a loop (calls it once)'],
  ['arrowField', 'class arrow field of an instance made before the edits (edited body)'],
  ['arrayCallback', '`a.map((x) => f(x))` + reduce, per element'],
  ['workload', 'realistic workload (tokenize+vectors)'],
];
const MODES = ['plain', 'limeade', 'edited', 'paired', 'pairedEdited', 'pairedControl'];

export async function main({ log = console.log } = {}) {
  requireBuild();
  const started = process.hrtime.bigint();
  const nodes = nodeBinaries('ends');
  const sources = Array.from({ length: EDITS + 1 }, (_, k) => hotSource(k));
  const edits = Object.fromEntries(sources.map((text, k) => [`edits/${k}.txt`, text]));
  const dir = await makeAppDir('calls', { 'main.js': DRIVER, 'cases.js': CASES_SRC, 'hot.js': sources[0], 'plain/cases.js': CASES_SRC, 'plain/hot.js': sources[0], ...edits });
  const hotFile = join(dir, 'hot.js');
  const cfg = {
    nCall: Number(process.env.BENCH_N || 2_000_000),
    nNew: Number(process.env.BENCH_N_NEW || 500_000),
    nWork: Number(process.env.BENCH_N_WORK || 500),
    warmup: 2,
    rounds: 7,
    edits: EDITS,
  };
  log(`## Calls: ns/op, median of ${RUNS} child runs per mode (min–max); ratio to plain paired run by run${nodesNote('ends')}`);
  log(`(each run: median of ${cfg.rounds} rounds; ${cfg.nCall} calls, ${cfg.nNew} \`new\`, ${cfg.nWork} workload iterations per round)\n`);
  const results = [];
  try {
    for (const node of nodes) {
      const data = Object.fromEntries(MODES.map((m) => [m, []]));
      const refresh = [];
      for (let r = 0; r < RUNS; r++) {
        for (const mode of MODES) {
          await writeFile(hotFile, sources[0]);
          const args = mode === 'plain' || mode === 'pairedControl' ? ['main.js'] : ['--import', 'limeade/register', 'main.js'];
          const res = await run(node.path, args, {
            cwd: dir,
            env: { BENCH_CFG: JSON.stringify({ ...cfg, mode }), LIMEADE_WATCH: '0', LIMEADE_LOG: 'silent', LIMEADE_EXCLUDE: `${sep}plain${sep}` },
          });
          const line = res.stdout.split('\n').find((l) => l.startsWith('@@'));
          if (res.code !== 0 || !line) throw new Error(`calls: ${node.version} ${mode} failed (exit ${res.code})\n${res.stdout}\n${res.stderr}`);
          const out = JSON.parse(line.slice(2));
          const want = mode === 'edited' || mode === 'pairedEdited' ? EDITS : 0;
          if (out.version.some((v) => v !== want))
            throw new Error(`calls: ${node.version} ${mode}: expected version ${want} to run, got ${out.version} (limeade bug?)`);
          data[mode].push(mode.startsWith('paired') ? out.ratios : out.medians);
          refresh.push(...out.refreshMs);
        }
      }
      const col = (mode, key) => data[mode].map((m) => m[key]);
      const rows = CASES.filter(([key]) => key in data.plain[0]).map(([key, label]) => [
        label,
        spread(col('plain', key), 2),
        spread(col('limeade', key), 2),
        ratio(col('limeade', key), col('plain', key)),
        spread(col('edited', key), 2),
        ratio(col('edited', key), col('plain', key)),
      ]);
      log(`### Node ${node.version}\n`);
      log(table(['case', 'plain ns/op', 'limeade ns/op', 'limeade / plain', 'after 10 edits ns/op', 'edited / plain'], rows));
      log(`\nIn one process (each round times a plain copy of the hot module, which limeade leaves alone, and the instrumented one back to back; the quotient of each round, its median per run, then the median of the runs with min–max). The control runs the same under plain node, where both copies are plain: how far two copies of the same code drift apart in one process (each gets its own compiled code):\n`);
      const q = (mode, key) => spread(col(mode, key), 2).replace(/^([\d.]+)/, '$1x');
      log(table(['case', 'limeade / plain', 'after 10 edits / plain', 'control: plain / plain'], CASES.filter(([key]) => key in data.paired[0]).map(([key, label]) => [label, q('paired', key), q('pairedEdited', key), q('pairedControl', key)])));
      log(`\nrefresh() of the hot module (patch: 1 function + 1 method): median ${median(refresh).toFixed(2)} ms over ${refresh.length} refreshes\n`);
      results.push({ node: node.version, data, refresh });
    }
  } finally {
    await removeDir(dir);
  }
  log(`(calls took ${(hrMs(started) / 1000).toFixed(1)} s)\n`);
  return results;
}

await runIfMain(import.meta.url, main);
