// worker_threads: a worker that loads limeade refreshes its own modules, the main thread
// its own, and a module loaded by both is applied by each thread on its own.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eachNode, ROOT } from '../helpers.mjs';

function exampleFiles() {
  const dir = join(ROOT, 'examples', 'worker');
  const files = Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  files['main.js'] = `import './harness.js';\nawait import('./app.js');\n`;
  return files;
}

eachNode('worker example: the worker and the main thread each apply the edits of their own modules', async (t, startApp) => {
  const app = await startApp(exampleFiles(), { watch: true, env: { PORT: '0' } });
  t.after(() => app.stop());
  await app.waitFor(/worker example listening on http:\/\/localhost:(\d+)/);
  const base = `http://127.0.0.1:${/localhost:(\d+)/.exec(app.output())[1]}`;
  const get = async (n) => (await fetch(`${base}/?n=${n}`)).text();
  // Save, then wait for the refresh line(s) the edit causes in the named threads.
  const save = async (file, from, to, ...lines) => {
    const before = lines.map((l) => app.count(l));
    await app.replace(file, from, to);
    await app.waitFor(() => lines.every((l, i) => app.count(l) > before[i]));
  };

  assert.equal(await get(3), 'f(3) = 9 (worker job 1; main v1, worker v1)\n');

  await save('work.js', 'n * n;', 'n * n * n;', 'worker thread refreshed: ok work.js');
  assert.equal(await get(3), 'f(3) = 27 (worker job 2; main v1, worker v1)\n');

  await save('format.js', '`f(${n}) = ${result}`', '`cube(${n}) is ${result}`', 'main thread refreshed: ok format.js');
  assert.equal(await get(2), 'cube(2) is 8 (worker job 3; main v1, worker v1)\n');

  await save('version.js', `'v1'`, `'v2'`, 'main thread refreshed: ok version.js', 'worker thread refreshed: ok version.js');
  assert.equal(await get(2), 'cube(2) is 8 (worker job 4; main v2, worker v2)\n');

  // A broken edit in the worker's module: the worker keeps its previous code.
  await save('work.js', 'n * n * n;', 'n * n *;', 'worker thread refreshed: syntax');
  assert.match(app.output(), /\[limeade\] work\.js:\d+:\d+ SyntaxError/);
  assert.equal(await get(2), 'cube(2) is 8 (worker job 5; main v2, worker v2)\n');
  await save('work.js', 'n * n *;', 'n + n;', 'worker thread refreshed: ok work.js');
  assert.equal(await get(2), 'cube(2) is 4 (worker job 6; main v2, worker v2)\n');
  assert.equal(app.count('main thread refreshed: ok work.js'), 0, 'the main thread never loaded work.js');
});

// How a worker is started decides whether it has limeade: inherited execArgv (the default),
// an explicit `--import limeade/register`, a copy of process.execArgv; `execArgv: []` runs
// the worker without it. Each worker ends on its own, watcher on, and the program exits 0.
const FORMS = `
import { Worker } from 'node:worker_threads';
import { writeFileSync } from 'node:fs';
const lib = new URL('./lib.js', import.meta.url);
const forms = { inherited: undefined, explicit: ['--import', 'limeade/register'], copied: [...process.execArgv], none: [] };
const out = {};
for (const [name, execArgv] of Object.entries(forms)) {
  writeFileSync(lib, 'export function f() { return 1; }\\n');
  const worker = new Worker(new URL('./worker.js', import.meta.url), execArgv ? { execArgv } : {});
  const answers = [];
  worker.on('message', (m) => {
    answers.push(m);
    if (answers.length === 1) { writeFileSync(lib, 'export function f() { return 2; }\\n'); worker.postMessage('again'); }
  });
  const code = await new Promise((resolve) => worker.on('exit', resolve));
  out[name] = { code, limeade: answers[0].limeade, values: answers.map((a) => a.value) };
}
console.log(JSON.stringify(out));
`;
const WORKER = `
import { parentPort } from 'node:worker_threads';
import { f } from './lib.js';
parentPort.postMessage({ limeade: !!globalThis.__limeade, value: f() });
parentPort.once('message', async () => {
  await globalThis.__limeade?.refresh();
  parentPort.postMessage({ value: f() });
  parentPort.close();
});
`;

eachNode('workers started each way: with limeade they refresh their modules; all end and the program exits 0', async (t, _startApp, runToExit) => {
  const run = await runToExit({ 'main.js': FORMS, 'worker.js': WORKER, 'lib.js': '' }, { watch: true });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), {
    inherited: { code: 0, limeade: true, values: [1, 2] },
    explicit: { code: 0, limeade: true, values: [1, 2] },
    copied: { code: 0, limeade: true, values: [1, 2] },
    none: { code: 0, limeade: false, values: [1, 1] },
  });
});
