// An HTTP server on the main thread that hands the work to a worker thread. Both threads run
// under limeade: each one watches and refreshes the modules it loaded itself.
//
// `new Worker(url)` inherits the parent's `process.execArgv`, so a worker of a program
// started with `node --import limeade/register` loads limeade too (Node 20, 22 and 24). If
// you pass your own `execArgv`, keep `--import limeade/register` in it; `execArgv: []`
// starts a worker without limeade.
import { createServer } from 'node:http';
import { Worker } from 'node:worker_threads';
import { format } from './format.js';
import { tag } from './version.js';

const worker = new Worker(new URL('./worker.js', import.meta.url));
const pending = new Map();
let nextJob = 1;
worker.on('message', onResult);

function onResult({ id, result, jobs, tag: workerTag }) {
  pending.get(id)?.({ result, jobs, workerTag });
  pending.delete(id);
}

function ask(n) {
  const id = nextJob++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    worker.postMessage({ id, n });
  });
}

async function handler(req, res) {
  const n = Number(new URL(req.url, 'http://localhost').searchParams.get('n') ?? 7);
  const answer = await ask(n);
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(`${format(n, answer.result)} (worker job ${answer.jobs}; main ${tag()}, worker ${answer.workerTag})\n`);
}

// Each thread prints what it applied.
globalThis.__limeade?.on('refresh', (r) => console.log(`main thread refreshed: ${r.ok ? 'ok' : r.error.kind} ${r.modules.map((m) => m.file).join(',')}`));

const server = createServer(handler);
server.listen(Number(process.env.PORT ?? 3000), () => {
  console.log(`worker example listening on http://localhost:${server.address().port}`);
});
