// Calls into code an edit added in place (issue 12, docs/design.md §3.9): a hot loop calls
// `step`, which calls a small helper. The helper and a constant it reads are top-level names
// of the module. Four processes per round, side by side, on the same v2 text:
//
//   plain        plain node, started on v2
//   limeade      limeade, started on v2 (the helper is a module binding)
//   in place     limeade, started on v1 (no helper), then v2 saved and refresh()ed: the
//                helper, the constant and an import live in the module's extra scope, and
//                `step` reads them through `__lm$.x` (path 'patch', checked)
//   patched      limeade, started on v2 with another body, then v2 saved: a plain patch of
//                `step` (what an edit that adds no name costs, for comparison)
//   const edited limeade, started on v2 with another initializer for MASK, then v2 saved: the
//                constant moves to the extra scope and `low` is compiled again to read it
//                there (docs/design.md §3.10); before that edit, MASK is a folded `const`
//
// Each child warms the loop up, then times ROUNDS_IN runs and prints their median ns per
// call; the table gives, per Node, each mode's ns/call (median and spread over the rounds)
// and its ratio to plain node's in the same round.
//
//   node bench/extras.mjs     BENCH_EXTRAS_ROUNDS=5 BENCH_NODES=a,b BENCH_FULL=1
import { hrMs, knob, makeAppDir, nodeBinaries, nodesNote, ratio, removeDir, requireBuild, run, runIfMain, spread, table } from './lib.mjs';

const ROUNDS = knob('BENCH_EXTRAS_ROUNDS', 5, 9);
const N = 2e7;

const V1 = `export function step(i) { return i & 7; }\n`;
const V2 = `import { sep } from 'node:path';
const MASK = 7 + sep.length - 1;
function low(i) { return i & MASK; }
export function step(i) { return low(i) + 1; }
`;
const V2_OTHER = V2.replace('+ 1;', '+ 2;');
const V2_CONST = V2.replace('7 + sep.length - 1', '6 + sep.length');

const driver = `
import { writeFileSync } from 'node:fs';
import { step } from './lib.js';
const mode = process.env.MODE;
function loop(n) { let s = 0; for (let i = 0; i < n; i++) s += step(i); return s; }
if (mode === 'in place' || mode === 'patched' || mode === 'const edited') {
  writeFileSync(new URL('./lib.js', import.meta.url), process.env.V2);
  const r = await globalThis.__limeade.refresh();
  if (!r.ok || r.modules[0]?.path !== 'patch') throw new Error(JSON.stringify(r));
}
if (loop(8) !== 36) throw new Error('v2 does not run: ' + loop(8));
for (let i = 0; i < 5; i++) loop(${N / 10});
const times = [];
for (let i = 0; i < 7; i++) {
  const t0 = process.hrtime.bigint();
  loop(${N});
  times.push(Number(process.hrtime.bigint() - t0) / ${N});
}
times.sort((a, b) => a - b);
process.stdout.write('@@' + times[3] + '\\n');
`;

const MODES = [
  { key: 'plain', args: [], start: V2 },
  { key: 'limeade', args: ['--import', 'limeade/register'], start: V2 },
  { key: 'in place', args: ['--import', 'limeade/register'], start: V1 },
  { key: 'patched', args: ['--import', 'limeade/register'], start: V2_OTHER },
  { key: 'const edited', args: ['--import', 'limeade/register'], start: V2_CONST },
];

export async function main({ log = console.log } = {}) {
  requireBuild();
  const started = process.hrtime.bigint();
  const nodes = nodeBinaries('ends');
  log(`## Calls into names an edit added in place: ns per call of a loop over \`step\` → a new helper, ${ROUNDS} rounds side by side${nodesNote('ends')}\n`);
  const rows = [];
  for (const node of nodes) {
    const ns = new Map(MODES.map((m) => [m.key, []]));
    for (let round = 0; round < ROUNDS; round++)
      for (const mode of MODES) {
        const dir = await makeAppDir('extras', { 'main.js': driver, 'lib.js': mode.start });
        try {
          const res = await run(node.path, [...mode.args, 'main.js'], { cwd: dir, env: { MODE: mode.key, V2, LIMEADE_WATCH: '0', LIMEADE_LOG: 'silent' } });
          const line = res.stdout.split('\n').find((l) => l.startsWith('@@'));
          if (res.code !== 0 || !line) throw new Error(`extras: ${node.version} ${mode.key} failed (exit ${res.code})\n${res.stdout}\n${res.stderr}`);
          ns.get(mode.key).push(Number(line.slice(2)));
        } finally {
          await removeDir(dir);
        }
      }
    const plain = ns.get('plain');
    for (const mode of MODES) rows.push([node.version, mode.key, spread(ns.get(mode.key), 2), mode.key === 'plain' ? '1' : ratio(ns.get(mode.key), plain)]);
    rows.push([node.version, '(in place / patched)', '', ratio(ns.get('in place'), ns.get('patched'))]);
  }
  log(table(['node', 'mode', 'ns / call', 'vs plain node, same round'], rows));
  log(`\n(extras took ${(hrMs(started) / 1000).toFixed(1)} s)\n`);
}

await runIfMain(import.meta.url, main);
