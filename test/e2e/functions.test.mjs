// docs/design.md §2.1: every top-level function keeps its identity and held references run new code.
import assert from 'node:assert/strict';
import { eachNode, assertOk } from '../helpers.mjs';

const lib = (v) => `
import { EventEmitter } from 'node:events';
export function greet(name) { return 'hello ${v} ' + name; }
export const arrow = (x) => x + ${v};
export const expr = function (x) { return x * ${v}; };
export default function (x) { return 'default ${v} ' + x; }
export async function later(x) { return 'later ${v} ' + x; }
export const bus = new EventEmitter();
`;

const main = `
import './harness.js';
import greetDefault, { greet, arrow, expr, later, bus } from './lib.js';
const held = [greet, arrow, expr, greetDefault];
const bound = greet.bind(null, 'bound');
const map = new Map([[greet, 'key']]);
let ticks = [];
const timer = setInterval(() => {}, 1000);
bus.on('ping', greet);
globalThis.probe = async () => ({
  held: held.map((f, i) => String(f(i === 0 ? 'x' : 2))),
  bound: bound(),
  emitted: bus.listeners('ping')[0]('ev'),
  sameIdentity: held[0] === greet && map.get(greet) === 'key' && bus.listeners('ping')[0] === greet,
  later: await later('y'),
  names: [greet.name, arrow.name, expr.name, greetDefault.name, later.name],
  lengths: [greet.length, arrow.length],
  isAsync: later.constructor.name,
});
`;

eachNode('held references, bound functions, listeners, default exports follow edits', async (t, startApp) => {
  const app = await startApp({ 'main.js': main, 'lib.js': lib(1) });
  t.after(() => app.stop());
  const before = await app.eval('probe()');
  assert.deepEqual(before.held, ['hello 1 x', '3', '2', 'default 1 2']);
  assert.deepEqual(before.names, ['greet', 'arrow', 'expr', 'default', 'later']);
  assert.equal(before.isAsync, 'AsyncFunction');
  await app.write('lib.js', lib(2));
  const report = await app.refresh();
  assertOk(report, app);
  assert.equal(report.modules.length, 1);
  assert.equal(report.modules[0].path, 'patch');
  const after = await app.eval('probe()');
  assert.deepEqual(after.held, ['hello 2 x', '4', '4', 'default 2 2']);
  assert.equal(after.bound, 'hello 2 bound');
  assert.equal(after.emitted, 'hello 2 ev');
  assert.equal(after.sameIdentity, true);
  assert.equal(after.later, 'later 2 y');
  assert.deepEqual(after.names, before.names);
  assert.deepEqual(after.lengths, [1, 1]);
});

eachNode('three successive versions and a revert', async (t, startApp) => {
  const app = await startApp({ 'main.js': main, 'lib.js': lib(1) });
  t.after(() => app.stop());
  for (const v of [2, 3, 1]) {
    await app.write('lib.js', lib(v));
    assertOk(await app.refresh(), app);
    const p = await app.eval('probe()');
    assert.equal(p.held[0], `hello ${v} x`);
  }
});

eachNode('a refresh with nothing changed does nothing', async (t, startApp) => {
  const app = await startApp({ 'main.js': main, 'lib.js': lib(1) });
  t.after(() => app.stop());
  const r = await app.refresh();
  assert.equal(r.ok, true);
  assert.deepEqual(r.modules, []);
});

eachNode('a function handed to setInterval runs the new code on its next tick', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { tick } from './tick.js';\nlet last;\nconst timer = setInterval(tick, 2, (v) => { if (v !== last) console.log('TICK ' + (last = v)); });\nglobalThis.stop = () => clearInterval(timer);\n`,
    'tick.js': `export function tick(report) { report('v1'); }\n`,
  });
  t.after(() => app.stop());
  await app.waitFor('TICK v1');
  await app.write('tick.js', `export function tick(report) { report('v2'); }\n`);
  assertOk(await app.refresh(), app);
  await app.waitFor('TICK v2');
  await app.eval('stop()');
});
