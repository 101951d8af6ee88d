// The worker thread. It loaded limeade itself (inherited `--import limeade/register`), so it
// watches work.js and version.js and applies their edits in this thread; `jobs` is kept.
import { parentPort } from 'node:worker_threads';
import { compute } from './work.js';
import { tag } from './version.js';

let jobs = 0;

export function onJob({ id, n }) {
  jobs++;
  parentPort.postMessage({ id, result: compute(n), jobs, tag: tag() });
}

parentPort.on('message', onJob);

globalThis.__limeade?.on('refresh', (r) => console.log(`worker thread refreshed: ${r.ok ? 'ok' : r.error.kind} ${r.modules.map((m) => m.file).join(',')}`));
