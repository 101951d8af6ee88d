// docs/design.md §5: an async function or generator already running finishes on old code;
// new calls run new code.
import assert from 'node:assert/strict';
import { eachNode, assertOk } from '../helpers.mjs';

const lib = (v) => `
export async function job(gate) { const start = 'start${v}'; await gate; return start + ' end${v}'; }
export function* gen() { yield 'a${v}'; yield 'b${v}'; }
export async function* agen() { yield 'x${v}'; yield 'y${v}'; }
`;
const main = `
import './harness.js';
import { job, gen, agen } from './lib.js';
let open;
const running = job(new Promise((r) => (open = r)));
const g = gen(); g.next();
const ag = agen(); await ag.next();
globalThis.finish = async () => { open(); return [await running, g.next().value, (await ag.next()).value]; };
globalThis.fresh = async () => [await job(null), [...gen()].join(), (await agen().next()).value];
`;

eachNode('running async functions and generators finish on old code, new calls run new code', async (t, startApp) => {
  const app = await startApp({ 'main.js': main, 'lib.js': lib(1) });
  t.after(() => app.stop());
  await app.write('lib.js', lib(2));
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('finish()'), ['start1 end1', 'b1', 'y1']);
  assert.deepEqual(await app.eval('fresh()'), ['start2 end2', 'a2,b2', 'x2']);
});
