// Start-up on issue 4's own apps, limeade and its peers side by side: time from spawn to the
// app's ready line for
//   empty          main.js prints the ready line
//   lodash-es app  main.js imports every module of lodash-es (644), copied into the app as
//                  its own code (src/lodash/): limeade instruments all 644 + main.js
//   node_modules   main.js imports the same 644 modules from node_modules/lodash-es, and
//                  date-fns (its index: 304 modules) from node_modules/date-fns: limeade
//                  instruments main.js only
// in the modes
//   plain          node main.js
//   limeade        node --import limeade/register main.js (disk cache warm: the discarded
//                  warm-up round fills it)
//   limeade cold   the same with LIMEADE_CACHE=0 (every start instruments every module)
//   dynohot        node --import dynohot main.js (its README)
//   hot-hook       node --import=hot-hook/register main.js (its README; no hotHook config)
// every tool with its defaults (watchers on). main.js prints `ready <modules limeade
// instruments> <hot|->` (`hot`: import.meta.hot exists: a peer must be active, plain node
// must not), which the script checks, then exits. Runs are interleaved: after a warm-up (plain and limeade
// once on every app, which fills limeade's disk cache; every other mode once on the empty
// app), BENCH_PEERS_RUNS rounds (default 3: a dynohot start of the lodash-es app takes
// ~5–10 s here), each running every app in every mode, the order of the modes rotated from
// round to round. Reported: median ms with min–max, and ratios to
// plain node paired round by round. Nothing here is a threshold. Quick run (the default):
// the newest Node found only (time: ~80 s more per version under load); BENCH_FULL=1: every version.
// The node_modules app takes 2–3 s per start on Node 22/24 even in plain node (0.35 s on
// Node 20): Node's resolver deserializes date-fns's 199 KB package.json (741 exports)
// again for each module in the package (a CPU profile: 1.2 of 2.1 s in package_json_reader).
// Every mode pays it alike, so the paired ratios stay fair.
//
//   node bench/startup-peers.mjs    BENCH_PEERS_RUNS=3 BENCH_PEERS_ONLY=plain,limeade BENCH_NODES=a,b BENCH_KEEP=1
import { copyFile, mkdir, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { hrMs, makeAppDir, nodeBinaries, ratio, removeDir, requireBuild, ROOT, spread, table, knob, nodesNote, runIfMain } from './lib.mjs';
import { readyTime } from './startup.mjs';

const RUNS = knob('BENCH_PEERS_RUNS', 3, 3);
const LODASH = join(ROOT, 'node_modules/lodash-es');
const DATE_FNS = join(ROOT, 'node_modules/date-fns');

const ALL_MODES = [
  { key: 'plain', label: 'plain', args: [], env: {} },
  { key: 'limeade', label: 'limeade', args: ['--import', 'limeade/register'], env: {} },
  { key: 'cold', label: 'limeade cold', args: ['--import', 'limeade/register'], env: { LIMEADE_CACHE: '0' } },
  { key: 'dynohot', label: 'dynohot', args: ['--import', 'dynohot'], env: {}, peer: 'dynohot' },
  { key: 'hot-hook', label: 'hot-hook', args: ['--import=hot-hook/register'], env: {}, peer: 'hot-hook' },
];
const only = process.env.BENCH_PEERS_ONLY?.split(',').map((s) => s.trim());
const MODES = ALL_MODES.filter((m) => m.key === 'plain' || !only || only.includes(m.key));

/** main.js: the imports, then the ready line (flushed before the exit: peers' watchers keep a process alive). */
const readyMain = (imports) => `${imports}
const n = globalThis.__limeade ? globalThis.__limeade.status().modules.length : 0;
process.stdout.write('ready ' + n + ' ' + (import.meta.hot ? 'hot' : '-') + '\\n', () => process.exit(0));
`;

/** One namespace import per module (bound to a name, as an app's imports are). */
const importAll = (files, from) => files.map((f, i) => `import * as m${i} from '${from}${f}';`).join('\n');

async function makeApps() {
  const files = (await readdir(LODASH)).filter((f) => f.endsWith('.js')).sort();
  const empty = await makeAppDir('peers-empty', { 'main.js': readyMain('') });
  const app = await makeAppDir('peers-lodash-app', { 'main.js': readyMain(importAll(files, './src/lodash/')) });
  await mkdir(join(app, 'src/lodash'), { recursive: true });
  for (const f of files) await copyFile(join(LODASH, f), join(app, 'src/lodash', f));
  const deps = await makeAppDir('peers-deps', {
    'main.js': readyMain(`${importAll(files, 'lodash-es/')}\nimport * as dateFns from 'date-fns';`),
  });
  await symlink(LODASH, join(deps, 'node_modules/lodash-es'), 'dir');
  await symlink(DATE_FNS, join(deps, 'node_modules/date-fns'), 'dir');
  const apps = [
    { key: 'empty', label: 'empty app', dir: empty, instrumented: 1 },
    { key: 'app', label: `lodash-es as app code (${files.length} modules)`, dir: app, instrumented: files.length + 1 },
    { key: 'deps', label: `lodash-es + date-fns in node_modules`, dir: deps, instrumented: 1 },
  ];
  // The peers are found from each app's node_modules; their own dependencies from their real paths.
  for (const a of apps)
    for (const m of MODES) if (m.peer) await symlink(join(ROOT, 'node_modules', m.peer), join(a.dir, 'node_modules', m.peer), 'dir');
  return { apps, lodashModules: files.length };
}

/**
 * Cold is not run on the node_modules app: there limeade instruments main.js only, so a
 * cold start differs from a warm one by one small module (and loading the instrumenter,
 * which the empty app's cold start shows), and each start of that app takes 2–3 s on Node
 * 22/24 (the time budget of `npm run bench`).
 */
const skip = (mode, app) => mode.key === 'cold' && app.key === 'deps';

function timeToReady(node, mode, app) {
  const env = { ...process.env, NODE_OPTIONS: '', ...mode.env };
  for (const k of ['NODE_COMPILE_CACHE', 'LIMEADE_WATCH', 'LIMEADE_INCLUDE', 'LIMEADE_EXCLUDE', 'HOT_HOOK_WATCH']) delete env[k];
  if (!mode.env.LIMEADE_CACHE) delete env.LIMEADE_CACHE;
  const limeade = mode.key === 'limeade' || mode.key === 'cold';
  // limeade may provide import.meta.hot too; plain node never does, a peer always.
  const want = limeade ? new RegExp(`^ready ${app.instrumented} (hot|-)\n`) : `ready 0 ${mode.peer ? 'hot' : '-'}\n`;
  return readyTime(node.path, ['--no-warnings', ...mode.args, 'main.js'], {
    cwd: app.dir,
    env,
    want,
    what: `startup-peers: ${node.version} ${mode.key} ${app.key}`,
  });
}

export async function main({ log = console.log } = {}) {
  requireBuild();
  const started = process.hrtime.bigint();
  const nodes = nodeBinaries('newest');
  const { apps, lodashModules } = await makeApps();
  log(`## Start-up on issue 4's apps, with the peers: ms from spawn to the ready line, median of ${RUNS} runs (min–max); ratios to plain paired run by run${nodesNote('newest')}`);
  log(`(lodash-es app: ${lodashModules} lodash-es modules copied into the app, all instrumented by limeade (checked: ${lodashModules + 1} with main.js); node_modules app: the same ${lodashModules} imports from node_modules/lodash-es plus date-fns's index (304 modules), limeade instruments main.js only; every tool with its defaults, watchers on)\n`);
  const results = [];
  try {
    for (const node of nodes) {
      const t0 = process.hrtime.bigint();
      const times = {};
      for (const app of apps) for (const mode of MODES) times[`${app.key}/${mode.key}`] = [];
      // Warm-up, not counted: plain and limeade once on every app (the file system's cache;
      // limeade's disk cache), every other mode once on the empty app (their own files).
      for (const app of apps) for (const mode of MODES.filter((m) => m.key === 'plain' || m.key === 'limeade')) await timeToReady(node, mode, app);
      for (const mode of MODES.filter((m) => m.key !== 'plain' && m.key !== 'limeade')) await timeToReady(node, mode, apps[0]);
      for (let r = 0; r < RUNS; r++)
        for (const app of apps)
          for (let i = 0; i < MODES.length; i++) {
            const mode = MODES[(i + r) % MODES.length];
            if (skip(mode, app)) continue;
            times[`${app.key}/${mode.key}`].push(await timeToReady(node, mode, app));
          }
      const others = MODES.filter((m) => m.key !== 'plain');
      const t = (app, m) => times[`${app.key}/${m}`];
      log(`### Node ${node.version} (limeade: ${node.major >= 22 ? 'module.registerHooks, in-thread' : 'module.register, hooks thread'}; dynohot and hot-hook: module.register)\n`);
      const cell = (app, m, f) => (skip(m, app) ? '–' : f());
      log(table(['app', 'plain ms', ...others.map((m) => `${m.label} ms`)], apps.map((app) => [app.label, ...MODES.map((m) => cell(app, m, () => spread(t(app, m.key))))])));
      log('');
      log(table(['app', ...others.map((m) => `${m.label} / plain`)], apps.map((app) => [app.label, ...others.map((m) => cell(app, m, () => ratio(t(app, m.key), t(app, 'plain'))))])));
      log(`\n(Node ${node.version}: ${(hrMs(t0) / 1000).toFixed(1)} s)\n`);
      results.push({ node: node.version, times });
    }
  } finally {
    for (const app of apps) await removeDir(app.dir);
  }
  log(`(start-up with peers took ${(hrMs(started) / 1000).toFixed(1)} s)\n`);
  return results;
}

await runIfMain(import.meta.url, main);
