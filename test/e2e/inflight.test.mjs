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

// Found by session 17's review: an edit inside a top-level `for await` loop (over input, over
// `events.on`) re-imports the module, whose new version waits in that loop for good: refresh()
// never returned, and every later refresh waited behind it.
eachNode('a module waiting in a top-level `for await` loop, its body edited: the refresh applies (noted), the loop runs the new body once per event, later saves apply', async (t, startApp) => {
  const MAIN = (tag) => `import './harness.js';
import { on, EventEmitter } from 'node:events';
import { f } from './f.js';
const bus = (globalThis.bus = new EventEmitter());
globalThis.log = [];
globalThis.f = f;
for await (const [m] of on(bus, 'msg')) {
  log.push('${tag}:' + m);
}
`;
  const app = await startApp({ 'main.js': MAIN('v1'), 'f.js': `export function f() { return 'f1'; }\n` });
  t.after(() => app.stop());
  await app.eval(`bus.emit('msg', 0)`);
  await app.until('log', ['v1:0']);
  await app.write('main.js', MAIN('v2'));
  const r = await app.refresh();
  assertOk(r, app);
  assert.match(r.modules[0].notes.join('\n'), /waits at the top-level await of line 7/);
  assert.equal(await app.eval(`bus.listenerCount('msg')`), 1);
  await app.eval(`bus.emit('msg', 1)`);
  await app.until('log', ['v1:0', 'v2:1']);
  await app.write('f.js', `export function f() { return 'f2'; }\n`);
  assertOk(await app.refresh(), app);
  assert.equal(await app.eval('f()'), 'f2');
});
