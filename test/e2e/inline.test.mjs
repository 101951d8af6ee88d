// Inline handlers at top level (issue 13, docs/design.md §2.1) with the real packages: a
// statement or declaration whose only change is inside the body of an inline function is not
// run again; the function the framework holds runs the new body. Port 0; waits on output.
import assert from 'node:assert/strict';
import { assertOk, editor, eachNode } from '../helpers.mjs';

const MAIN = `import './harness.js';
import * as app from './app.js';
globalThis.app = app;
`;

/** Starts the app, waits for its port; `get(path)` asks it, `edit(from, to)` saves and refreshes. */
async function start(startApp, appText, links) {
  const app = await startApp({ 'main.js': MAIN, 'app.js': appText }, { links });
  await app.waitFor(/LISTENING (\d+)/);
  const port = /LISTENING (\d+)/.exec(app.output())[1];
  const get = async (path) => (await fetch(`http://127.0.0.1:${port}${path}`)).text();
  return { app, get, edit: editor(app, 'app.js', appText) };
}

const EXPRESS = `import express from 'express';
export const app = express();
app.get('/hello/:name', (req, res) => {
  res.send('hi ' + req.params.name);
});
export const server = app.listen(0, () => console.log('LISTENING ' + server.address().port));
export const routes = () => app.router.stack.length;
`;

eachNode('express 5: an inline route handler edited answers with the new body, no route added', async (t, startApp) => {
  const { app, get, edit } = await start(startApp, EXPRESS, ['express']);
  t.after(() => app.stop());
  assert.equal(await get('/hello/ann'), 'hi ann');
  const before = await app.eval('app.routes()');
  const m = await edit(`res.send('hi '`, `res.send('hello '`);
  assert.equal(m.statements, 0);
  assert.equal(await get('/hello/ann'), 'hello ann');
  assert.equal(await app.eval('app.routes()'), before);
});

const EXPRESS_PATTERNS = `import express from 'express';
export const app = express();
function makeAuth({ role = 'user' } = {}) {
  return ({ headers }, res, next) => {
    res.set('x-role', role);
    next();
  };
}
app.use(makeAuth({ role: 'admin' }));
app.get('/hello/:name', async ({ params: { name }, query: { mark = '' } }, res) => {
  res.send('hi ' + name + mark);
});
export const server = app.listen(0, () => console.log('LISTENING ' + server.address().port));
export const routes = () => app.router.stack.length;
`;

eachNode('express 5: a handler and a middleware closure with destructured and default parameters follow edits, no route added', async (t, startApp) => {
  const { app, get, edit } = await start(startApp, EXPRESS_PATTERNS, ['express']);
  t.after(() => app.stop());
  assert.equal(await get('/hello/ann?mark=!'), 'hi ann!');
  const before = await app.eval('app.routes()');
  const m = await edit(`res.send('hi '`, `res.send('hello '`);
  assert.equal(m.statements, 0);
  assert.equal(await get('/hello/ann'), 'hello ann');
  await edit(`res.set('x-role', role)`, `res.set('x-role', role + '+' + Object.keys(headers).length)`);
  const port = /LISTENING (\d+)/.exec(app.output())[1];
  const res = await fetch(`http://127.0.0.1:${port}/hello/bo?mark=?`);
  assert.match(res.headers.get('x-role'), /^admin\+\d+$/, 'the middleware made before runs its new body with its options');
  assert.equal(await res.text(), 'hello bo?');
  assert.equal(await app.eval('app.routes()'), before);
});

// A script's usual shape: an async main started where it is written, its routes inline.
const EXPRESS_MAIN = `import express from 'express';
const app = express();
(async () => {
  const greeting = 'hi';
  let served = 0;
  app.get('/hello/:name', ({ params }, res) => {
    served++;
    res.send(greeting + ' ' + params.name + ' ' + served);
  });
  const server = app.listen(0, () => console.log('LISTENING ' + server.address().port));
})();
export const routes = () => app.router.stack.length;
`;

eachNode('express 5: a route registered inside an async main follows edits of its body, no route added, the main not run again', async (t, startApp) => {
  const { app, get, edit } = await start(startApp, EXPRESS_MAIN, ['express']);
  t.after(() => app.stop());
  assert.equal(await get('/hello/ann'), 'hi ann 1');
  const before = await app.eval('app.routes()');
  const m = await edit(`res.send(greeting + ' '`, `res.send(greeting + '! '`);
  assert.equal(m.statements, 0);
  assert.equal(await get('/hello/ann'), 'hi! ann 2', 'its variables kept: the one it reads and the counter it shares');
  assert.equal(await app.eval('app.routes()'), before);
});

// A controller class whose handlers are static arrow fields, handed to the router.
const EXPRESS_STATIC = `import express from 'express';
class Users {
  static prefix = 'user';
  static show = (req, res) => {
    res.send(this.prefix + ' ' + req.params.id);
  };
}
export const app = express();
app.get('/users/:id', Users.show);
export const server = app.listen(0, () => console.log('LISTENING ' + server.address().port));
export const routes = () => app.router.stack.length;
`;

eachNode('express 5: a static arrow field handed to the router follows edits of its body, with the class as this', async (t, startApp) => {
  const { app, get, edit } = await start(startApp, EXPRESS_STATIC, ['express']);
  t.after(() => app.stop());
  assert.equal(await get('/users/7'), 'user 7');
  const before = await app.eval('app.routes()');
  await edit(`this.prefix + ' '`, `this.prefix + ': '`);
  assert.equal(await get('/users/7'), 'user: 7');
  await edit(`static prefix = 'user'`, `static prefix = 'member'`);
  assert.equal(await get('/users/8'), 'member: 8');
  assert.equal(await app.eval('app.routes()'), before);
});

const FASTIFY = `import Fastify from 'fastify';
const fastify = Fastify();
fastify.get('/hello/:name', async (req) => 'hi ' + req.params.name);
await fastify.listen({ port: 0, host: '127.0.0.1' });
console.log('LISTENING ' + fastify.server.address().port);
`;

eachNode('fastify: an inline handler edited after listen is accepted and answers with the new body', async (t, startApp) => {
  const { app, get, edit } = await start(startApp, FASTIFY, ['fastify']);
  t.after(() => app.stop());
  assert.equal(await get('/hello/bo'), 'hi bo');
  const m = await edit(`async (req) => 'hi '`, `async (req) => 'hey '`);
  assert.equal(m.statements, 0);
  assert.equal(await get('/hello/bo'), 'hey bo');
});

const HONO = `import { Hono } from 'hono';
import { serve } from '@hono/node-server';
export const app = new Hono();
app.get('/hello/:name', (c) => c.text('hi ' + c.req.param('name')));
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log('LISTENING ' + info.port));
`;

eachNode('hono: an inline handler edited answers with the new body, no route added', async (t, startApp) => {
  const { app, get, edit } = await start(startApp, HONO, ['hono', '@hono/node-server']);
  t.after(() => app.stop());
  assert.equal(await get('/hello/cy'), 'hi cy');
  const before = await app.eval('app.app.routes.length');
  const m = await edit(`c.text('hi '`, `c.text('yo '`);
  assert.equal(m.statements, 0);
  assert.equal(await get('/hello/cy'), 'yo cy');
  assert.equal(await app.eval('app.app.routes.length'), before);
});

const CORE = `import http from 'node:http';
import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
export const log = [];
bus.on('order', (o) => {
  log.push('v1 ' + o);
});
export const commands = [];
['start', 'stop'].forEach((n) => commands.push(n + ' v1'));
export const ticks = [];
setInterval(() => ticks.push('v1'), 5);
export const server = http.createServer((req, res) => {
  res.end('core v1 ' + req.url);
});
server.listen(0, '127.0.0.1', () => console.log('LISTENING ' + server.address().port));
export const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
`;

eachNode('node core: an EventEmitter listener, forEach registrations, an interval and http.createServer follow edits of their inline bodies', async (t, startApp) => {
  const { app, get, edit } = await start(startApp, CORE, []);
  t.after(() => app.stop());
  assert.equal(await get('/a'), 'core v1 /a');
  const timers = await app.eval('app.timers()');
  const edits = [
    [`log.push('v1 '`, `log.push('v2 '`],
    [`commands.push(n + ' v1')`, `commands.push(n + ' v2')`],
    [`ticks.push('v1')`, `ticks.push('v2')`],
    [`res.end('core v1 '`, `res.end('core v2 '`],
  ];
  for (const [from, to] of edits) assert.equal((await edit(from, to)).statements, 0, to);
  assert.equal(await get('/b'), 'core v2 /b');
  assert.deepEqual(
    await app.eval(`(app.bus.emit('order', 1), [app.log, app.bus.listenerCount('order'), app.commands, app.server.listenerCount('request'), app.timers()])`),
    [['v2 1'], 1, ['start v1', 'stop v1'], 1, timers],
  );
  // The one interval runs the new body: wait for it, no sleep.
  await app.eval(`new Promise((resolve) => { const check = () => (app.ticks.at(-1) === 'v2' ? resolve() : setImmediate(check)); check(); })`);
});

const PROCESS = `export const seen = [];
process.on('order', (o) => {
  seen.push('v1 ' + o);
});
process.on('beforeExit', () => seen.push('exit v1'));
console.log('LISTENING 0');
`;

eachNode('process.on: an inline listener edited runs the new body; still one listener', async (t, startApp) => {
  const { app, edit } = await start(startApp, PROCESS, []);
  t.after(() => app.stop());
  await app.eval(`process.emit('order', 1)`);
  const m = await edit(`seen.push('v1 ' + o);`, `seen.push('v2 ' + o * 10);`);
  assert.equal(m.statements, 0);
  assert.deepEqual(await app.eval(`(process.emit('order', 2), [app.seen, process.listenerCount('order')])`), [['v1 1', 'v2 20'], 1]);
});

// A module-private constant (kept `const`, which V8 folds: docs/design.md §3.10) read by an
// inline handler, a derived constant and a closure made before. Its edit moves it out of the
// live scope and compiles its readers again; so does a re-import (a new class) that changes it.
const CONSTANT = `import express from 'express';
const GREETING = 'hello';
const LOUD = GREETING.toUpperCase();
export const app = express();
let hits = 0;
app.get('/g', (req, res) => {
  hits++;
  res.send(LOUD + ' ' + GREETING + ' ' + hits);
});
function make() { return () => GREETING.length; }
export const len = make();
export const server = app.listen(0, () => console.log('LISTENING ' + server.address().port));
export const routes = () => app.router.stack.length;
`;

eachNode('a module constant edited: the inline handler, the derived constant and a closure made before read the new value; the same server and state', async (t, startApp) => {
  const { app, get, edit } = await start(startApp, CONSTANT, ['express']);
  t.after(() => app.stop());
  assert.equal(await get('/g'), 'HELLO hello 1');
  const routes = await app.eval('app.routes()');
  const m = await edit(`const GREETING = 'hello';`, `const GREETING = 'hey';`);
  assert.deepEqual([m.path, m.updated, m.recomputed, m.statements, m.notes], ['patch', ['GREETING'], ['LOUD'], 0, []]);
  assert.equal(await get('/g'), 'HEY hey 2');
  assert.equal(await app.eval('app.len()'), 3);
  const again = await edit(`const GREETING = 'hey';`, `const GREETING = 'yo';\nexport class Extra {}`);
  assert.equal(again.path, 'reimport');
  assert.equal(await get('/g'), 'YO yo 3');
  assert.equal(await app.eval('app.len()'), 2);
  assert.equal(await app.eval('app.routes()'), routes, 'no route added');
});

// Functions made with `.bind(…)` are held (a listener, a registry entry, a method's callback),
// unlike `.call(…)`/`.apply(…)`, which run where they stand: they follow edits, and a
// statement whose only change is inside one is not run again.
const BOUND = `import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
export const log = [];
const ctx = { k: 'K' };
bus.on('x', function (v) { log.push('v1 ' + this.k + v); }.bind(ctx));
export const registry = new Map();
registry.set('p', ((a, b) => 'v1 ' + a + b).bind(null, 'A'));
export function make(obj) { return function () { return 'v1 ' + this.k; }.bind(obj); }
export const made = make({ k: 'M' });
export class Svc {
  name = 'svc';
  start() { bus.on('y', function (v) { log.push('v1 ' + this.name + v); }.bind(this)); }
}
new Svc().start();
export const called = function () { return 'v1 ' + this.k; }.call(ctx);
console.log('LISTENING 0');
`;

eachNode('functions made with .bind follow edits: a bound listener and registry entry at top level (not registered again), one made in a factory and in a method', async (t, startApp) => {
  const { app, edit } = await start(startApp, BOUND, []);
  t.after(() => app.stop());
  const held = await app.eval(`globalThis.heldP = app.registry.get('p'), 1`);
  assert.equal(held, 1);
  for (const [from, to] of [
    [`log.push('v1 ' + this.k + v)`, `log.push('v2 ' + this.k + v)`],
    [`'v1 ' + a + b`, `'v2 ' + a + b`],
    [`return 'v1 ' + this.k; }.bind`, `return 'v2 ' + this.k; }.bind`],
    [`log.push('v1 ' + this.name + v)`, `log.push('v2 ' + this.name + v)`],
  ])
    assert.equal((await edit(from, to)).statements, 0, to);
  assert.deepEqual(
    await app.eval(`(app.bus.emit('x', 1), app.bus.emit('y', 2), [app.log, app.bus.listenerCount('x'), app.bus.listenerCount('y'), heldP('B'), app.registry.size, app.made()])`),
    [['v2 K1', 'v2 svc2'], 1, 1, 'v2 AB', 1, 'v2 M'],
  );
  // `.call(…)` ran the function where it stands: its edit computes the value again.
  await edit(`return 'v1 ' + this.k; }.call`, `return 'v2 ' + this.k; }.call`);
  assert.equal(await app.eval(`app.called`), 'v2 K');
});

// A class's static fields and static blocks own the functions they make, as a top-level
// statement owns its inline functions: an edit only inside those runs nothing again (no
// second interval or listener, the same object), and what was made before runs the new body.
const STATICS = `import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
export const log = [];
export const ticks = [];
export class Jobs {
  static timer = setInterval(() => ticks.push('v1'), 2);
  static handlers = { a: (x) => 'a1 ' + x, b: (x) => 'b1 ' + x };
  static {
    const tag = 'T';
    bus.on('job', (n) => log.push('v1 ' + tag + ' ' + this.name + ' ' + n));
  }
}
export const held = Jobs.handlers;
console.log('LISTENING 0');
`;

eachNode('static fields and static blocks: an edit inside the functions they make runs nothing again; the interval, listener and object made before run the new body', async (t, startApp) => {
  const { app, edit } = await start(startApp, STATICS, []);
  t.after(() => app.eval('clearInterval(app.Jobs.timer)').then(() => app.stop()));
  const timers = await app.eval(`process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length`);
  for (const [from, to] of [
    [`ticks.push('v1')`, `ticks.push('v2')`],
    [`'a1 ' + x`, `'a2 ' + x`],
    [`log.push('v1 ' + tag`, `log.push('v2 ' + tag`],
  ])
    assert.equal((await edit(from, to)).statements, 0, to);
  assert.deepEqual(
    await app.eval(`(app.bus.emit('job', 1), [app.log, app.bus.listenerCount('job'), app.held === app.Jobs.handlers, app.Jobs.handlers.a(1), app.Jobs.handlers.b(1), process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length])`),
    [['v2 T Jobs 1'], 1, true, 'a2 1', 'b1 1', timers],
  );
  // The one interval runs the new body: wait for it, no sleep.
  await app.eval(`new Promise((resolve) => { const check = () => (app.ticks.at(-1) === 'v2' ? resolve() : setImmediate(check)); check(); })`);
});

// A route statement moved below the module's other routes answers from its new place (the
// layer that replaces it goes in source order, not back where the old one was), and back.
const ORDER = `import express from 'express';
export const app = express();
app.get('/items/:id', (req, res) => res.send('by id ' + req.params.id));
app.get('/items/total', (req, res) => res.send('total'));
export const server = app.listen(0, () => console.log('LISTENING ' + server.address().port));
`;

eachNode('express 5: two routes swapped answer in their new order, and swapped back in the old', async (t, startApp) => {
  const { app, get } = await start(startApp, ORDER, ['express']);
  t.after(() => app.stop());
  assert.equal(await get('/items/total'), 'by id total');
  const [a, b] = [`app.get('/items/:id', (req, res) => res.send('by id ' + req.params.id));\n`, `app.get('/items/total', (req, res) => res.send('total'));\n`];
  await app.write('app.js', ORDER.replace(a + b, b + a));
  assertOk(await app.refresh(), app);
  assert.equal(await get('/items/total'), 'total');
  assert.equal(await get('/items/7'), 'by id 7');
  await app.write('app.js', ORDER);
  assertOk(await app.refresh(), app);
  assert.equal(await get('/items/total'), 'by id total');
});
