// Closures made inside functions (issue 13, docs/design.md §2.1, §3.7), end to end: a real
// `node --import limeade/register` process, real files edited, real packages. A closure made
// before an edit runs the new body with what it captured; one whose new body needs a variable
// it never captured keeps its code and the report names it. Port 0; waits on behaviour.
import assert from 'node:assert/strict';
import { assertOk, editor, eachNode } from '../helpers.mjs';

const MAIN = `import './harness.js';
import * as app from './app.js';
globalThis.app = app;
`;

async function start(startApp, appText, links = [], ready = 'READY') {
  const app = await startApp({ 'main.js': MAIN, 'app.js': appText }, { links });
  await app.waitFor(ready);
  return { app, edit: editor(app, 'app.js', appText) };
}

const EXPRESS = `import express from 'express';
export function makeAuth(opts) {
  let checks = 0;
  return (req, res, next) => {
    checks++;
    res.set('x-auth', 'v1 ' + opts.role + ' ' + checks);
    next();
  };
}
export const app = express();
app.use(makeAuth({ role: 'admin' }));
app.get('/', (req, res) => res.send('ok'));
export const server = app.listen(0, () => console.log('READY ' + server.address().port));
`;

eachNode('express 5: middleware made by a factory before the edit runs the new body with its options and counter', async (t, startApp) => {
  const { app, edit } = await start(startApp, EXPRESS, ['express'], /READY (\d+)/);
  t.after(() => app.stop());
  const port = /READY (\d+)/.exec(app.output())[1];
  const auth = async () => (await fetch(`http://127.0.0.1:${port}/`)).headers.get('x-auth');
  assert.equal(await auth(), 'v1 admin 1');
  const m = await edit(`'v1 ' + opts.role`, `'v2 ' + opts.role.toUpperCase()`);
  assert.deepEqual([m.statements, m.notes], [0, []]);
  assert.equal(await auth(), 'v2 ADMIN 2');
  await edit(`checks++;`, `checks += 10;`);
  assert.equal(await auth(), 'v2 ADMIN 12');
});

const APP = `export function makeGreeter(p) {
  let n = 0;
  return (name) => p + ' ' + name + ' ' + ++n;
}
export const greet = makeGreeter('Hi');

export const handlers = new Map();
export function register(key, factor) {
  handlers.set(key, (x) => x * factor);
}
register('double', 2);
register('triple', 3);

export const ticks = [];
export function startTicker(label) {
  let count = 0;
  return setInterval(() => ticks.push(label + ' v1 ' + ++count), 2);
}
export const ticker = startTicker('tick');

function createMathOperation(operator, defaultValue) {
  return function (value, other) {
    if (value === undefined && other === undefined) return defaultValue;
    return operator(value, other);
  };
}
export var add = createMathOperation(function (augend, addend) {
  return augend + addend;
}, 0);

export class Button {
  clicks = 0;
  label = 'ok';
  onClick = () => this.label + ' v1 ' + ++this.clicks;
}
export const button = new Button();
export const held = { click: button.onClick, add };

export function counter() {
  let n = 0;
  const step = 5;
  return () => ++n;
}
export const count = counter();
console.log('READY');
`;

eachNode('closures made before the edit: a factory greeter, closures in a Map, an interval started in a function, lodash-style createMathOperation, a class arrow field', async (t, startApp) => {
  const { app, edit } = await start(startApp, APP);
  t.after(() => app.stop());
  assert.equal(await app.eval(`app.greet('ann')`), 'Hi ann 1');
  await edit(`p + ' ' + name + ' ' + ++n`, `p + ', ' + name + '! #' + ++n`);
  assert.equal(await app.eval(`app.greet('bo')`), 'Hi, bo! #2', 'captured p and n, n still counting');

  await edit(`(x) => x * factor`, `(x) => x * factor + 1`);
  assert.deepEqual(await app.eval(`[app.handlers.get('double')(5), app.handlers.get('triple')(5)]`), [11, 16]);

  await edit(`label + ' v1 ' + ++count`, `label + ' v2 ' + ++count`);
  // The one interval runs the new body, its count going on: wait for it, no sleep.
  const tick = await app.eval(`new Promise((resolve) => { const check = () => (app.ticks.at(-1)?.startsWith('tick v2') ? resolve(app.ticks.at(-1)) : setImmediate(check)); check(); })`);
  const n = Number(tick.split(' ')[2]);
  assert.ok(n > 1, `the count goes on: ${tick}`);

  await edit(`return augend + addend;`, `return augend + addend + 1000;`);
  assert.equal(await app.eval(`app.held.add(1, 2)`), 1003, 'a reference to add held before the edit');

  await edit(`this.label + ' v1 ' + ++this.clicks`, `this.label.toUpperCase() + ' v2 ' + ++this.clicks`);
  assert.equal(await app.eval(`app.held.click()`), 'OK v2 1', 'the arrow field of an instance made before, with its own this');
  assert.equal(await app.eval(`new app.Button().onClick()`), 'OK v2 1');
});

eachNode('a new body that needs a variable the closure never captured: it keeps its code, the report names the function and why; new closures run the new code', async (t, startApp) => {
  const { app, edit } = await start(startApp, APP);
  t.after(() => app.stop());
  assert.equal(await app.eval(`app.count()`), 1);
  const m = await edit(`return () => ++n;`, `return () => n += step;`);
  assert.match(m.notes.join('\n'), /the function at app\.js:42:\d+: closures it made before this refresh keep their code \(its new body uses step, which they never captured\)/);
  assert.match(app.output(), /\[limeade\].*app\.js:42:\d+: closures it made before this refresh keep their code/);
  assert.equal(await app.eval(`app.count()`), 2, 'the old closure keeps its code');
  assert.equal(await app.eval(`app.counter()()`), 5, 'a closure made now runs the new code');
});

const MIXINS = `export const Stamped = (Base, zone = 'UTC') => class extends Base {
  stamp(event) { return 'v1 ' + zone + ' ' + event; }
  emit(event, ...args) { this.log.push(this.stamp(event)); return super.emit(event, ...args); }
};
`;
const JOBS = `import { EventEmitter } from 'node:events';
import { Stamped } from './mixins.js';
export class Job extends Stamped(EventEmitter) {
  log = [];
}
export const job = new Job();
job.on('done', (n, tag) => job.log.push('done ' + n + (tag ? ' ' + tag : '')));
console.log('READY');
`;

eachNode('a mixin in another file: instances made before run its edited methods, super calls included, without the class being made again', async (t, startApp) => {
  const app = await startApp({ 'main.js': MAIN.replace('./app.js', './jobs.js'), 'jobs.js': JOBS, 'mixins.js': MIXINS });
  t.after(() => app.stop());
  await app.waitFor('READY');
  const edit = editor(app, 'mixins.js', MIXINS);
  assert.equal(await app.eval(`(app.job.emit('done', 1), app.job.log.join('|'))`), 'v1 UTC done|done 1');
  const m = await edit(`'v1 ' + zone + ' ' + event`, `'v2 [' + zone + '] ' + event.toUpperCase()`);
  assert.deepEqual([m.statements, m.notes], [0, []]);
  assert.equal(await app.eval(`(app.job.emit('done', 2), app.job.log.slice(2).join('|'))`), 'v2 [UTC] DONE|done 2');
  await edit(`return super.emit(event, ...args);`, `return super.emit(event, ...args, 'extra');`);
  assert.equal(await app.eval(`(app.job.emit('done', 3), app.job.log.slice(4).join('|'))`), 'v2 [UTC] DONE|done 3 extra');
  assert.equal(await app.eval(`app.job instanceof app.Job && app.job.listenerCount('done')`), 1);
});

// A function expression's own name is the function the program holds, before and after an
// edit: at top level (a `var`, a `const` of another name), in an inline listener that takes
// itself off, and in a closure a factory made (whose new code once threw: the name was gone).
const SELF = `import { EventEmitter } from 'node:events';
export var counter = function tick() { tick.calls = (tick.calls || 0) + 1; return 'v1 ' + tick.calls; };
export var same = function me() { return me === same; };
export const bus = new EventEmitter();
export const log = [];
bus.on('x', function onX(v) { log.push('v1 ' + v); if (v > 1) bus.off('x', onX); });
export function make() { return function inner() { inner.n = (inner.n || 0) + 1; return 'c1 ' + inner.n; }; }
export const held = make();
console.log('READY');
`;

eachNode("a function expression's own name is the function the program holds, before and after an edit: top level, an inline listener, a factory's closure", async (t, startApp) => {
  const { app } = await start(startApp, SELF);
  t.after(() => app.stop());
  assert.deepEqual(await app.eval(`(app.bus.emit('x', 1), [app.counter(), app.counter(), app.counter.calls, app.same(), app.held(), app.held.n])`), ['v1 1', 'v1 2', 2, true, 'c1 1', 1]);
  await app.write('app.js', SELF.replace(`'v1 ' + tick`, `'v2 ' + tick`).replace(`'v1 ' + v`, `'v2 ' + v`).replace(`'c1 '`, `'c2 '`).replace('me === same;', 'me === same && 2;'));
  assertOk(await app.refresh(), app);
  assert.deepEqual(
    await app.eval(`(app.bus.emit('x', 2), app.bus.emit('x', 3), [app.counter(), app.counter.calls, app.same(), app.log, app.bus.listenerCount('x'), app.held(), app.held.n])`),
    ['v2 3', 3, 2, ['v1 1', 'v2 2'], 0, 'c2 2', 2],
  );
});
