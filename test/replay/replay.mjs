#!/usr/bin/env node
// The differential replay of issue 12 (docs/design.md §7: "the oracle is a fresh process").
// For each project, its history is written step by step into ONE running
// `node --import limeade/register` process, which refreshes after each step; a fresh process
// started on the same files runs the same probe, and the two are compared.
//
//   node test/replay/replay.mjs [--long] [--project name]... [--node /path/to/node]
//                               [--oracle limeade|plain] [--no-oracle-check] [--json file]
//                               [--verbose] [--keep]
//
// --long       the long windows (more steps); default: the short ones CI runs
// --oracle     how fresh processes run: under limeade (default, what a restart gives) or
//              plain node (JavaScript projects only, or TypeScript where Node strips types)
// --json file  also write every step's comparison there
// Histories are fetched with `npm pack` into $LIMEADE_REPLAY_CACHE (default
// <tmp>/limeade-replay-cache); nothing of theirs enters the repository.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PROJECTS } from './projects/index.mjs';
import { replayProject } from './run.mjs';
import { format, summarize } from './report.mjs';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const values = (name) => argv.flatMap((a, i) => (a === name ? [argv[i + 1]] : []));
const value = (name, dflt) => values(name)[0] ?? dflt;

const mode = flag('--long') ? 'long' : 'short';
const node = resolve(value('--node', process.execPath));
const oracle = value('--oracle', 'limeade');
const wanted = values('--project');
const unknown = wanted.filter((n) => !PROJECTS.some((p) => p.name === n));
if (unknown.length) {
  console.error(`unknown project ${unknown.join(', ')}; known: ${PROJECTS.map((p) => p.name).join(', ')}`);
  process.exit(2);
}
const projects = wanted.length ? PROJECTS.filter((p) => wanted.includes(p.name)) : PROJECTS.filter((p) => p.available?.() ?? true);

const results = [];
for (const project of projects) {
  const t0 = Date.now();
  process.stderr.write(`[replay] ${project.name} (${project.kind}), ${mode} window, ${node}\n`);
  let n = 0;
  let result;
  try {
    result = await replayProject(project, {
      mode,
      node,
      oracle,
      checkOracle: !flag('--no-oracle-check'),
      keep: flag('--keep'),
      onStep: (s) => {
        const bad = s.freshLoadError ? 'fresh-load-error' : ['calls', 'held', 'inst'].filter((g) => s[g].diffs.length).join(',');
        process.stderr.write(`[replay]   ${++n} ${s.label}: ${s.report ? (s.report.ok ? 'ok' : `FAILED ${s.report.kind}`) : 'start'}${bad ? ` differs: ${bad}` : ''}\n`);
      },
    });
  } catch (err) {
    console.log(`== ${project.name}: the replay itself failed: ${err?.stack ?? err}\n`);
    process.exitCode = 1;
    continue;
  }
  result.seconds = (Date.now() - t0) / 1000;
  results.push(result);
  console.log(format(result, { verbose: flag('--verbose') }));
  console.log(`  (${result.seconds.toFixed(1)} s${flag('--keep') ? `, kept in ${result.work}` : ''})\n`);
}

if (results.length > 1) {
  console.log('project          steps  calls=   held=   both=   old-inst  internal  stuck  oracle');
  for (const r of results) {
    const f = summarize(r);
    const p = (n) => (f.comparable ? `${((100 * n) / f.comparable).toFixed(1)}%` : '—').padEnd(8);
    console.log(`${f.project.padEnd(17)}${String(f.steps).padEnd(7)}${p(f.callsEqual)}${p(f.heldEqual)}${p(f.bothEqual)}${String(f.instDiffSteps).padEnd(10)}${String(f.internal).padEnd(10)}${String(f.stuck ? f.stuck.refreshes : 0).padEnd(7)}${f.oracleAgree}/${f.oracleChecked}`);
  }
}
const json = value('--json');
if (json) await writeFile(json, JSON.stringify(results, null, 1));
