// Start-up of a CommonJS app (issue 15): ms from spawn to the app's ready line, plain node
// against `node --import limeade/register` (watcher on, as by default), side by side in one
// run, for two apps written with `require` and `module.exports`:
//   empty         main.js (CommonJS) prints the ready line
//   N app         N generated CommonJS modules as the app's own code (bench/startup.mjs's
//                 module shape, its imports as destructured requires, its exports as
//                 `module.exports = { … }`): instrumented on Node ≥ 22.15, loaded as they
//                 are on Node 20 (which says CommonJS is not live there)
// Runs are interleaved (every app and mode once per round, after one discarded warm-up
// round), BENCH_STARTUP_RUNS rounds (default 5). Reported: median ms (min–max) and the ratio
// to plain paired round by round. Nothing here is a threshold.
//
//   node bench/startup-commonjs.mjs    BENCH_STARTUP_RUNS=5 BENCH_MODULES=300 BENCH_NODES=a,b BENCH_KEEP=1
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeAppDir, nodeBinaries, ratio, removeDir, requireBuild, spread, table, knob, runIfMain } from './lib.mjs';
import { moduleSource, readyTime, timeRounds } from './startup.mjs';

const RUNS = knob('BENCH_STARTUP_RUNS', 5, 7);
const MODULES = Number(process.env.BENCH_MODULES || 300);

/** bench/startup.mjs's module i, as CommonJS: the same code, `require` and `module.exports`. */
function commonJsSource(i, deps) {
  const names = [`helper${i}`, `format${i}`, `Service${i}`, `LIMIT${i}`, `instance${i}`];
  const esm = moduleSource(i, deps);
  return `${esm
    .replace(/^import \{ ([^}]+) \} from '(\.\/m\d+\.js)';$/gm, "const { $1 } = require('$2');")
    .replace(/^export (function|const|class) /gm, '$1 ')}\nmodule.exports = { ${names.join(', ')} };\n`;
}

async function makeApps() {
  const graph = Array.from({ length: MODULES }, (_, i) => [...new Set([2 * i + 1, 2 * i + 2, i + 3])].filter((j) => j < MODULES));
  const ready = (req) => `${req}\nconst n = globalThis.__limeade ? globalThis.__limeade.status().modules.length : 0;\nprocess.stdout.write('ready ' + n + '\\n');\n`;
  const files = Object.fromEntries(graph.map((deps, i) => [`src/m${i}.js`, commonJsSource(i, deps)]));
  const empty = await makeAppDir('startup-cjs-empty', { 'main.js': ready('') });
  const app = await makeAppDir('startup-cjs-app', { 'main.js': ready(`const { instance0 } = require('./src/m0.js');`), ...files });
  for (const dir of [empty, app]) await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'commonjs', private: true }));
  return [
    { key: 'empty', label: 'empty CommonJS app', dir: empty },
    { key: 'app', label: `${MODULES} CommonJS modules as app code`, dir: app },
  ];
}

const MODES = [
  { key: 'plain', args: [] },
  { key: 'limeade', args: ['--import', 'limeade/register'] },
];

function timeToReady(bin, mode, app) {
  const env = { ...process.env, NODE_OPTIONS: '' };
  delete env.NODE_COMPILE_CACHE;
  delete env.LIMEADE_WATCH;
  return readyTime(bin, [...mode.args, 'main.js'], { cwd: app.dir, env, want: /^ready \d+\n/, what: `startup-commonjs: ${bin} ${mode.key} ${app.key}` });
}

export async function main({ log = console.log } = {}) {
  requireBuild();
  const nodes = nodeBinaries('all');
  const apps = await makeApps();
  log(`## Start-up of a CommonJS app: ms from spawn to the ready line, median of ${RUNS} runs (min–max); ratio to plain paired run by run\n`);
  const results = [];
  try {
    for (const node of nodes) {
      const times = await timeRounds(apps, MODES, RUNS, (mode, app) => timeToReady(node.path, mode, app));
      const t = (app, m) => times[`${app.key}/${m}`];
      const live = node.major > 22 || (node.major === 22 && Number(node.version.split('.')[1]) >= 15);
      log(`### Node ${node.version} (${live ? 'CommonJS instrumented: module.registerHooks' : 'CommonJS not live: loaded as is'})\n`);
      log(table(['app', 'plain ms', 'limeade ms', 'limeade / plain'], apps.map((app) => [app.label, spread(t(app, 'plain')), spread(t(app, 'limeade')), ratio(t(app, 'limeade'), t(app, 'plain'))])));
      log('');
      for (const app of apps) results.push({ node: node.version, app: app.key, plain: t(app, 'plain'), limeade: t(app, 'limeade') });
    }
  } finally {
    for (const app of apps) await removeDir(app.dir);
  }
  return results;
}

await runIfMain(import.meta.url, main);
