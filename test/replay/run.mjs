// The differential replay of one project: one live `node --import limeade/register` process
// takes every step of the history as saves and a refresh; after each step, fresh processes
// started on the same files (the oracle) run the same probe, and the two are compared.
//
//   live:    step 0 → start → probe;  step k → write files, refresh(), probe
//   fresh A: step k → start → probe twice (the probe must not depend on its own history)
//   fresh B: step k → start → probe (two fresh processes must agree: the oracle's check)
import { mkdir, mkdtemp, rm, symlink, writeFile, copyFile, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild } from './child.mjs';
import { loadHistory, npmDependency } from './sources.mjs';
import { compareStep } from './compare.mjs';
import { retargeted } from './targets.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const APP = join(ROOT, 'test', 'replay', 'app');

/**
 * An app directory: package.json, node_modules (limeade, the project's pinned deps), _replay/.
 * `project.type` 'commonjs': the app's `.js` files are CommonJS (package.json says so) and the
 * harness `require`s the entries (what a CommonJS program holds is `module.exports`).
 * `project.untyped`: package.json declares no "type" (Node hands the `.js` files to the load
 * hook with no format and decides from their syntax, as for most CommonJS programs).
 */
async function makeAppDir(dir, project, history) {
  await mkdir(join(dir, 'node_modules'), { recursive: true });
  await mkdir(join(dir, '_replay'), { recursive: true });
  await symlink(ROOT, join(dir, 'node_modules', 'limeade'), 'dir');
  for (const [name, version] of Object.entries(project.deps ?? {})) {
    await mkdir(dirname(join(dir, 'node_modules', name)), { recursive: true });
    await symlink(await npmDependency(name, version), join(dir, 'node_modules', name), 'dir');
  }
  const type = project.type ?? 'module';
  // `project.packageJson`: fields the app's package.json needs for the project's code (chalk's
  // `imports` map: `#ansi-styles` → a file of lib/), the same at every step.
  await writeFile(join(dir, 'package.json'), JSON.stringify({ ...(project.untyped ? { private: true } : { type, private: true }), ...project.packageJson }));
  await copyFile(join(APP, 'harness.mjs'), join(dir, '_replay', 'harness.mjs'));
  await copyFile(join(APP, 'serialize.mjs'), join(dir, '_replay', 'serialize.mjs'));
  await copyFile(join(APP, 'fake-http.mjs'), join(dir, '_replay', 'fake-http.mjs'));
  await copyFile(project.probe, join(dir, '_replay', 'probe.mjs'));
  const entry = typeof project.entry === 'string'
    ? `lib/${project.entry}`
    : Object.fromEntries(Object.entries(project.entry).map(([k, v]) => [k, `lib/${v}`]));
  // `names`: what the probe may enumerate, fixed for the whole window (e.g. every export name
  // any step has), so the live and the fresh processes run the same cases.
  await writeFile(join(dir, '_replay', 'config.json'), JSON.stringify({ entry, require: type === 'commonjs', names: project.names?.(history) ?? null }));
}

/** Saves the step's files over the previous step's: changed and new files written, removed ones deleted. */
async function writeStep(dir, prev, files) {
  for (const [rel, text] of files) {
    if (prev?.get(rel) === text) continue;
    await mkdir(dirname(join(dir, 'lib', rel)), { recursive: true });
    await writeFile(join(dir, 'lib', rel), text);
  }
  for (const rel of prev?.keys() ?? []) if (!files.has(rel)) await unlink(join(dir, 'lib', rel));
}

async function freshRun(dir, opts, runs) {
  let child;
  try {
    child = await startChild({ ...opts, dir });
  } catch (err) {
    return { loadError: { name: 'fresh process failed', message: String(err.message).split('\n')[0] }, stack: String(err.message) };
  }
  try {
    if (child.loadError) return { loadError: child.loadError, stack: child.loadStack };
    const probes = [];
    for (let i = 0; i < runs; i++) probes.push(await child.probe());
    return { probes };
  } catch (err) {
    return { loadError: { name: 'fresh process failed', message: String(err.message).split('\n')[0] }, stack: String(err.message) };
  } finally {
    await child.stop();
  }
}

function brief(report) {
  return {
    ok: report.ok,
    kind: report.error?.kind ?? null,
    message: report.error ? `${report.error.file ?? ''}:${report.error.line ?? ''} ${String(report.error.message).split('\n')[0]}` : null,
    modules: (report.modules ?? []).map((m) => ({ file: m.file, path: m.path, reason: m.reason, notes: m.notes })),
  };
}

/**
 * Replays `project` in `mode` on `node`. `oracle` is how fresh processes run: 'limeade'
 * (`node --import limeade/register`, what a restart of the program gives) or 'plain' (`node`).
 * `checkOracle`: also start a second fresh process per step and compare the two.
 * Resolves to `{ project, node, steps: [...], died? }`; `onStep(step)` sees each step as it ends.
 */
export async function replayProject(project, { mode = 'short', node = process.execPath, oracle = 'limeade', checkOracle = true, timeoutMs = 60000, onStep = () => {}, keep = false } = {}) {
  const history = await loadHistory(project, mode);
  const work = await mkdtemp(join(tmpdir(), `limeade-replay-${project.name}-`));
  const dirs = { live: join(work, 'live'), a: join(work, 'fresh-a'), b: join(work, 'fresh-b') };
  for (const d of Object.values(dirs)) await makeAppDir(d, project, history);
  const freshOpts = { node, limeade: oracle === 'limeade', timeoutMs };
  const result = { project: project.name, mode, node, oracle, window: history.map((s) => s.label), steps: [], work };
  const entries = typeof project.entry === 'string' ? { '': project.entry } : project.entry;
  let live = null;
  try {
    await writeStep(dirs.live, null, history[0].files);
    live = await startChild({ node, dir: dirs.live, limeade: true, timeoutMs });
    result.nodeVersion = live.node;
    if (live.loadError) {
      result.died = { step: history[0].label, message: `the first version does not load: ${live.loadError.name}: ${live.loadError.message}`, output: live.loadStack };
      return result;
    }
    for (let i = 0; i < history.length; i++) {
      const step = history[i];
      const prev = history[i - 1]?.files ?? null;
      const liveWork = (async () => {
        if (i > 0) await writeStep(dirs.live, prev, step.files);
        const report = i > 0 ? brief(await live.refresh()) : null;
        return { report, probe: await live.probe() };
      })();
      const freshWork = (async () => {
        await Promise.all([writeStep(dirs.a, prev, step.files), checkOracle && writeStep(dirs.b, prev, step.files)]);
        return Promise.all([freshRun(dirs.a, freshOpts, 2), checkOracle ? freshRun(dirs.b, freshOpts, 1) : null]);
      })();
      const [liveOut, freshOut] = await Promise.allSettled([liveWork, freshWork]);
      if (freshOut.status === 'rejected') throw freshOut.reason;
      if (liveOut.status === 'rejected') {
        result.died = { step: step.label, message: String(liveOut.reason?.message ?? liveOut.reason).split('\n')[0], output: live.output() };
        break;
      }
      const [a, b] = freshOut.value;
      const moved = new Set(i > 0 ? retargeted(entries, history[0].files, step.files) : []);
      const s = { index: i, label: step.label, files: changedFiles(prev, step.files), report: liveOut.value.report, ...compareStep(liveOut.value.probe, a, b, moved) };
      result.steps.push(s);
      onStep(s);
    }
    return result;
  } finally {
    await live?.stop();
    if (!keep) await rm(work, { recursive: true, force: true });
  }
}

function changedFiles(prev, files) {
  if (!prev) return { changed: files.size, added: 0, removed: 0 };
  let changed = 0;
  let added = 0;
  for (const [rel, text] of files) {
    if (!prev.has(rel)) added++;
    else if (prev.get(rel) !== text) changed++;
  }
  const removed = [...prev.keys()].filter((k) => !files.has(k)).length;
  return { changed, added, removed };
}
