// TypeScript refreshes (issue 5): what a refresh of a 20 KB module costs, and how much heap
// each edit keeps, when the module is
//
//   js        plain JavaScript (the baseline: the file is the code)
//   ts        TypeScript stripped by limeade (the runtime strips the new text in place)
//   tsx chain TypeScript under `--import tsx --import limeade/register` (the runtime asks the
//             loader chain for tsx's output of the new text: import(url?limeade-source=N),
//             answered with an empty module). On Node ≥ 22.15 tsx's hooks run in the
//             program's thread, so its own memory counts too;
//   js chain  JavaScript that a minimal loader on Node's hooks thread (module.register)
//             changes (it appends a comment): the same request, without tsx's costs
//
// Per Node version, one child per mode, run with --expose-gc: WARMUP edits of the body of
// `target` (the edit returns the edit number, checked), then EDITS timed edits, each a write
// and `refresh()`; heapUsed after gc() before and after them gives KB per edit. Printed:
// refresh ms median (min–max), the ratio to the js mode's median, KB per edit.
//
//   node bench/typescript.mjs     BENCH_TS_EDITS=60 BENCH_TS_WARMUP=10 BENCH_NODES=a,b
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeAppDir, median, nodeBinaries, removeDir, requireBuild, ROOT, run, spread, table } from './lib.mjs';

const EDITS = Number(process.env.BENCH_TS_EDITS || 60);
const WARMUP = Number(process.env.BENCH_TS_WARMUP || 10);
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** ~20 KB of typed functions and one `target` whose body the edits change. */
function moduleText(k, ts) {
  const t = (s) => (ts ? s : '');
  const parts = [t('export interface Row { id: number; name: string; tags: string[] }\n')];
  for (let i = 0; i < 120; i++)
    parts.push(`export function f${i}(row${t(': Row')}, n${t(': number')} = ${i})${t(': string')} {\n  const xs${t(': string[]')} = row.tags.map((x) => x + n);\n  return row.name + xs.join(',') + ${i};\n}\n`);
  parts.push(`export function target()${t(': number')} {\n  return ${k};\n}\n`);
  return parts.join('');
}

const CHILD = (mod) => `import { writeFileSync } from 'node:fs';
import { target } from './${mod}';
const text = ${moduleText.toString()};
const ts = ${mod.endsWith('.ts')};
const gcHeap = async () => { for (let i = 0; i < 6; i++) { gc(); await new Promise((r) => setImmediate(r)); } return process.memoryUsage().heapUsed; };
const edit = async (k) => {
  writeFileSync('${mod}', text(k, ts));
  const t0 = performance.now();
  const r = await globalThis.__limeade.refresh();
  const ms = performance.now() - t0;
  if (!r.ok || target() !== k) throw new Error('edit ' + k + ' did not apply: ' + JSON.stringify(r.error ?? r.modules));
  return ms;
};
let k = 1;
for (let i = 0; i < ${WARMUP}; i++) await edit(k++);
const before = await gcHeap();
const times = [];
for (let i = 0; i < ${EDITS}; i++) times.push(await edit(k++));
const after = await gcHeap();
console.log(JSON.stringify({ times, kbPerEdit: (after - before) / 1024 / ${EDITS} }));
`;

const MODES = [
  { key: 'js', label: 'JavaScript (baseline)', mod: 'mod.js', args: [] },
  { key: 'ts', label: 'TypeScript, stripped by limeade', mod: 'mod.ts', args: [] },
  { key: 'tsx', label: 'TypeScript, tsx chain (source request)', mod: 'mod.ts', args: ['--import', TSX] },
  { key: 'chain', label: 'JavaScript, off-thread loader (source request)', mod: 'mod.js', args: ['--import', './pre.mjs'] },
];

/** The minimal other loader of the `js chain` mode. */
const PRE = {
  'pre.mjs': `import { register } from 'node:module';\nregister('./pre-hooks.mjs', import.meta.url);\n`,
  'pre-hooks.mjs': `export async function load(url, context, next) {
  const r = await next(url, context);
  if (!url.includes('/mod.js')) return r;
  return { ...r, source: new TextDecoder().decode(r.source) + '\\n// changed by another loader\\n' };
}
`,
};

export async function main() {
  requireBuild();
  console.log(`## TypeScript refreshes: 20 KB module, ${EDITS} edits after ${WARMUP} warm-up edits\n`);
  for (const node of nodeBinaries()) {
    const rows = [];
    let base;
    for (const m of MODES) {
      const dir = await makeAppDir(`ts-${m.key}`, { [m.mod]: moduleText(0, m.mod.endsWith('.ts')), 'main.mjs': CHILD(m.mod), ...PRE });
      try {
        const r = await run(node.path, ['--expose-gc', ...m.args, '--import', 'limeade/register', 'main.mjs'], { cwd: dir, env: { LIMEADE_WATCH: '0', LIMEADE_LOG: 'silent' } });
        if (r.code !== 0) throw new Error(`${m.key} on ${node.version} failed:\n${r.stderr}`);
        const { times, kbPerEdit } = JSON.parse(r.stdout.trim().split('\n').pop());
        base ??= median(times);
        rows.push([m.label, spread(times), `${(median(times) / base).toFixed(2)}x`, kbPerEdit.toFixed(1)]);
      } finally {
        await removeDir(dir);
      }
    }
    console.log(`### Node ${node.version}\n`);
    console.log(table(['mode', 'refresh ms, median (min–max)', 'vs JavaScript', 'heap KB per edit'], rows));
    console.log('');
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
