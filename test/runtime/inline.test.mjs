// Inline functions at top level (issue 13, docs/design.md §2.1), in process: a statement or
// declaration whose only change is inside the bodies of its inline functions is not run
// again; those functions take the new code in place, keeping their identity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applied, load } from './harness.mjs';

const BUS = (body) => `import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
export const seen = [];
bus.on('order', (o) => {
  seen.push(${body});
});
`;

test('a listener arrow edited: one listener, the same function, the new body', async (t) => {
  const app = await load({ 'bus.mjs': BUS(`'v1 ' + o`) });
  t.after(app.close);
  const { bus, seen } = app.ns;
  const listener = bus.listeners('order')[0];
  bus.emit('order', 1);
  app.write('bus.mjs', BUS(`'v2 ' + o`));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual([r.modules[0].statements, r.modules[0].updated], [0, ['inline function at line 4']]);
  assert.equal(bus.listenerCount('order'), 1);
  assert.equal(bus.listeners('order')[0], listener);
  bus.emit('order', 2);
  assert.deepEqual(seen, ['v1 1', 'v2 2']);
});

// Found by session 18's review: a route handler given an `await` (made async) ran its statement
// again, which Fastify and Hono refuse once they serve.
test('a listener arrow made async: one listener, the same function, which returns the new code\'s promise', async (t) => {
  const V = (head, body) => `import { EventEmitter } from 'node:events';\nexport const bus = new EventEmitter();\nexport const seen = [];\nbus.on('order', ${head}(o) => {\n  seen.push(${body});\n  return seen.length;\n});\n`;
  const app = await load({ 'bus.mjs': V('', `'v1 ' + o`) });
  t.after(app.close);
  const { bus, seen } = app.ns;
  const listener = bus.listeners('order')[0];
  app.write('bus.mjs', V('async ', `'v2 ' + (await o)`));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual([r.modules[0].statements, bus.listenerCount('order'), bus.listeners('order')[0] === listener], [0, 1, true]);
  const back = listener(Promise.resolve(2));
  assert.ok(back instanceof Promise);
  assert.equal(await back, 1);
  assert.deepEqual(seen, ['v2 2']);
});

const TIMER = (body, extra = '') => `export const ticks = [];
export const timers = [];
function every(ms, fn) { timers.push(fn); }
${extra}every(1000, () => ticks.push(${body}));
export const tick = () => timers.forEach((f) => f());
`;

test('a timer-like registration with an expression-bodied arrow: registered once, new code', async (t) => {
  const app = await load({ 'timer.mjs': TIMER(`'a'`) });
  t.after(app.close);
  const { timers, ticks, tick } = app.ns;
  tick();
  app.write('timer.mjs', TIMER(`'b'`));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(timers.length, 1);
  tick();
  assert.deepEqual(ticks, ['a', 'b']);
});

test('a statement that moved (a statement added before it) is still patched in place, again and again', async (t) => {
  const app = await load({ 'timer.mjs': TIMER(`'a'`) });
  t.after(app.close);
  const { timers, ticks, tick } = app.ns;
  app.write('timer.mjs', TIMER(`'b'`, `ticks.push('new');\n`));
  assert.equal((await app.refresh()).ok, true);
  app.write('timer.mjs', TIMER(`'c'`, `ticks.push('new');\n`));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(timers.length, 1);
  tick();
  assert.deepEqual(ticks, ['new', 'c']);
});

test('a statement whose text changed outside the inline bodies runs again, and its new closures follow later edits', async (t) => {
  const app = await load({ 'bus.mjs': BUS(`'v1 ' + o`) });
  t.after(app.close);
  const { bus, seen } = app.ns;
  app.write('bus.mjs', BUS(`'v1 ' + o`).replace(`'order'`, `'sale'`));
  const r = await app.refresh();
  assert.deepEqual([r.ok, r.modules[0].statements], [true, 1]);
  // The replaced statement's listener was taken back (runtime/effects.ts).
  assert.deepEqual([bus.listenerCount('order'), bus.listenerCount('sale')], [0, 1]);
  // Its closure was made by the refresh, without a guard: an edit of its body runs it again,
  // and the listener that run added is taken back first.
  app.write('bus.mjs', BUS(`'v2 ' + o`).replace(`'order'`, `'sale'`));
  const again = await app.refresh();
  assert.deepEqual([again.ok, again.modules[0].statements], [true, 1]);
  bus.emit('sale', 3);
  assert.deepEqual(seen, ['v2 3']);
});

const SERVER = (body) => `export const calls = [];
function createServer(handler) { return { handler }; }
export const server = createServer(function (req) {
  calls.push(this === server ? 'self' : 'other');
  return ${body};
});
`;

test('a declaration with an inline function expression: the value kept, its handler runs the new body with its own this', async (t) => {
  const app = await load({ 'server.mjs': SERVER(`'hi ' + req`) });
  t.after(app.close);
  const { server, calls } = app.ns;
  app.write('server.mjs', SERVER(`'hello ' + req`));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(app.ns.server, server);
  assert.equal(server.handler('x'), 'hello x');
  assert.deepEqual(calls, ['self'], 'this passes on');
});

test('functions using names their statement declares (a loop binding, a block const, a catch parameter, a for-let counter, one the body assigns) run their new code with those values or through an environment', async (t) => {
  const src = (tag) => `import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
export const log = [];
const kinds = ['order', 'refund'];
for (const k of kinds) bus.on(k, (e) => log.push('${tag}:' + k + ':' + e));
for (const [i, name] of kinds.entries()) { const up = name.toUpperCase(); bus.on('x' + i, function (e) { log.push('${tag}' + up + e + this.constructor.name); }); }
for (const k of kinds) bus.on('y' + k, k2 => log.push('${tag}' + k + k2));
for (const k of kinds) bus.on('z' + k, async () => log.push('${tag}' + k));
for (let n = 0; n < 2; n++) bus.on('n' + n, () => log.push('${tag}' + n));
for (let m = 0; m < 2; m += 1) { m += 0; bus.on('m' + m, () => log.push('${tag}' + m)); }
try { throw new Error('boom'); } catch (err) { bus.on('err', () => log.push('${tag}' + err.message)); }
for (const k of kinds) bus.on('h' + k, () => log.push(() => '${tag}' + k));
`;
  const app = await load({ 'm.mjs': src('v1') });
  t.after(app.close);
  const { bus, log } = app.ns;
  const fire = async () => {
    log.length = 0;
    for (const e of ['order', 'refund', 'x0', 'x1', 'yorder', 'zrefund', 'n1', 'err', 'm1']) bus.emit(e, 7);
    await null;
    return log.join(' ');
  };
  assert.equal(await fire(), 'v1:order:7 v1:refund:7 v1ORDER7EventEmitter v1REFUND7EventEmitter v1order7 v1refund v11 v1boom v11');
  bus.emit('horder');
  const made = log.pop();
  const r = await (app.write('m.mjs', src('v2')), app.refresh());
  assert.deepEqual([r.ok, r.modules[0].statements, bus.listenerCount('order')], [true, 0, 1]);
  // A `for (let …)` loop's binding is passed too (its head's update assigns the next pass's copy); one the body assigns goes through an environment.
  assert.equal(await fire(), 'v2:order:7 v2:refund:7 v2ORDER7EventEmitter v2REFUND7EventEmitter v2order7 v2refund v21 v2boom v21');
  const notes = r.modules[0].notes.join('\n');
  assert.doesNotMatch(notes, /line 10 keeps its code/);
  // A closure such a function made before uses the name too: it keeps its code (noted); new ones run the new code.
  assert.match(notes, /m\.mjs:12:\d+: closures it made before this refresh keep their code \(it uses k, declared by the statement around it\)/);
  assert.equal(made(), 'v1order');
  bus.emit('horder');
  assert.equal(log.pop()(), 'v2order');
});

test('a failing refresh puts the old inline code back', async (t) => {
  const app = await load({ 'bus.mjs': BUS(`'v1 ' + o`), 'other.mjs': `export const x = 1;\n` });
  t.after(app.close);
  const { bus, seen } = app.ns;
  app.write('bus.mjs', BUS(`'v2 ' + o`) + `throw new Error('boom');\n`);
  const r = await app.refresh();
  assert.equal(r.ok, false);
  bus.emit('order', 1);
  assert.deepEqual(seen, ['v1 1']);
});

test('a dispose callback whose body was edited in place stays owned by its statement: it runs only when the statement goes', async (t) => {
  const v = (d, s, dispose = true) =>
    `export const log = [];\n${dispose ? `import.meta.hot.dispose(() => { log.push('${d}'); });` : ''}\nlog.push('${s}');\n`;
  const app = await load({ 'hot.mjs': v('d1', 's1') });
  t.after(app.close);
  const { log } = app.ns;
  app.write('hot.mjs', v('d2', 's1'));
  assert.equal((await app.refresh()).ok, true);
  app.write('hot.mjs', v('d2', 's2'));
  assert.equal((await app.refresh()).ok, true);
  assert.deepEqual(log, ['s1', 's2']);
  app.write('hot.mjs', v('d2', 's2', false));
  assert.equal((await app.refresh()).ok, true);
  assert.deepEqual(log, ['s1', 's2', 'd2']);
});

// Session 18's review: a re-import ran such a statement again (a route Fastify and Hono refuse
// once they serve, a second listener); it keeps it now, and its function takes the new text.
test('a re-import keeps a statement edited only inside its function: the function it made takes the new body, then follows later edits', async (t) => {
  const v = (body, extra = '') => `export const calls = [];\nexport const held = [];\nheld.push((x) => calls.push(${body}));\n${extra}`;
  const app = await load({ 'held.mjs': v(`'a' + x`) });
  t.after(app.close);
  const { held, calls } = app.ns;
  app.write('held.mjs', v(`'b' + x`, 'export class More {}\n'));
  const r = await app.refresh();
  assert.deepEqual([r.ok, r.modules[0].path, r.modules[0].statements], [true, 'reimport', 0]);
  assert.ok(r.modules[0].updated.includes('inline function at line 3'), JSON.stringify(r.modules[0]));
  assert.equal(held.length, 1, 'not run again');
  held[0](1);
  app.write('held.mjs', v(`'c' + x`, 'export class More {}\n'));
  const again = await app.refresh();
  assert.deepEqual([again.ok, again.modules[0].path, again.modules[0].statements], [true, 'patch', 0]);
  held[0](2);
  assert.deepEqual(calls, ['b1', 'c2']);
  assert.equal(held.length, 1);
});

const CONNECT = (greeting, body, channel = `'join'`) => `import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
export const log = [];
export const sessions = [];
bus.on(${channel}, (name) => {
  let count = 0;
  sessions.push(() => log.push(${body}));
  log.push(${greeting});
});
`;

test('closures an inline listener made follow body edits; once the statement ran again (its text changed outside the bodies) its closures are dropped: old and new keep their code, the next body edit runs it again', async (t) => {
  const app = await load({ 'bus.mjs': CONNECT(`'hi ' + name`, `name + ' v1 ' + ++count`) });
  t.after(app.close);
  const { bus, log, sessions } = app.ns;
  bus.emit('join', 'ann');
  app.write('bus.mjs', CONNECT(`'hi ' + name`, `name + ' v2 ' + ++count`));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  sessions[0]();
  // The registration itself changed (another channel): it runs again, with closures of its own.
  app.write('bus.mjs', CONNECT(`'hi ' + name`, `name + ' v3 ' + ++count`, `'enter'`));
  const r2 = await app.refresh();
  assert.equal(r2.ok, true, JSON.stringify(r2.error));
  assert.equal(r2.modules[0].statements, 1);
  bus.emit('enter', 'bo');
  sessions[0]();
  sessions[1]();
  app.write('bus.mjs', CONNECT(`'hi ' + name`, `name + ' v4 ' + ++count`, `'enter'`));
  const r3 = await app.refresh();
  assert.equal(r3.ok, true, JSON.stringify(r3.error));
  assert.equal(r3.modules[0].statements, 1, 'run again, as before issue 13');
  sessions[0]();
  sessions[1]();
  assert.deepEqual(log, ['hi ann', 'ann v2 1', 'hi bo', 'ann v2 2', 'bo v3 1', 'ann v2 3', 'bo v3 2']);
});

// `(sock) => sock.on('msg', …)`: the inline arrow's guard makes its expression body a block,
// and the environment cache of the closure made in it goes first in that block.
const HUB = (tag) => `import { EventEmitter } from 'node:events';
export const hub = new EventEmitter();
export const out = [];
hub.on('conn', (sock) => sock.on('msg', (d) => out.push(\`${tag} \${sock.id} \${d}\`)));
`;

test('a closure made inside an inline arrow with an expression body follows edits, on the sockets made before', async (t) => {
  const app = await load({ 'hub.mjs': HUB('v1') });
  t.after(app.close);
  const { hub, out } = app.ns;
  const { EventEmitter } = await import('node:events');
  const s1 = Object.assign(new EventEmitter(), { id: 's1' });
  hub.emit('conn', s1);
  s1.emit('msg', 'a');
  app.write('hub.mjs', HUB('v2'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(r.modules[0].notes, []);
  assert.equal(r.modules[0].statements, 0);
  s1.emit('msg', 'b');
  const s2 = Object.assign(new EventEmitter(), { id: 's2' });
  hub.emit('conn', s2);
  s2.emit('msg', 'c');
  app.write('hub.mjs', HUB('v3'));
  assert.equal((await app.refresh()).ok, true);
  s1.emit('msg', 'd');
  s2.emit('msg', 'e');
  assert.deepEqual(out, ['v1 s1 a', 'v2 s1 b', 'v2 s2 c', 'v3 s1 d', 'v3 s2 e']);
  assert.deepEqual([hub.listenerCount('conn'), s1.listenerCount('msg'), s2.listenerCount('msg')], [1, 1, 1]);
});

// An object of methods (route handlers, commands): each method is an inline function, so a
// reference the program took before the edit (`app.get('/', handlers.index)`) runs the new body.
const HANDLERS = (tag) => `export const handlers = {
  hits: 0,
  index(req) { this.hits++; return '${tag} index ' + req; },
  async load(id) { return '${tag} load ' + id; },
  *ids() { yield '${tag}'; },
  start() {
    const every = 10;
    this.tick = () => '${tag} tick ' + every + ' ' + this.hits;
    return this.tick;
  },
};
export const routes = new Map([['/', handlers.index.bind(handlers)]]);
`;

test('methods of an object literal held before the edit run the new body with their this; the object keeps its state', async (t) => {
  const app = await load({ 'h.mjs': HANDLERS('v1') });
  t.after(app.close);
  const { handlers, routes } = app.ns;
  const held = { index: handlers.index, load: handlers.load, ids: handlers.ids, tick: handlers.start() };
  assert.equal(routes.get('/')('a'), 'v1 index a');
  app.write('h.mjs', HANDLERS('v2'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(r.modules[0].notes, []);
  assert.equal(r.modules[0].statements, 0);
  assert.equal(app.ns.handlers, handlers);
  assert.equal(handlers.index, held.index, 'the same function');
  assert.equal(routes.get('/')('b'), 'v2 index b', 'a bound copy made before');
  assert.equal(held.index.call(handlers, 'c'), 'v2 index c');
  assert.equal(await held.load(1), 'v2 load 1');
  assert.deepEqual([...held.ids()], ['v2']);
  assert.equal(held.tick(), 'v2 tick 10 3', "a closure a method made before, with the method's variables and this");
  assert.equal(handlers.hits, 3);
  app.write('h.mjs', HANDLERS('v3'));
  assert.equal((await app.refresh()).ok, true);
  assert.equal(routes.get('/')('d'), 'v3 index d');
});

test('a method using super is no inline function: the object is updated in place with the new method, as before', async (t) => {
  const src = (tag) => `export const o = { n: 1, hi() { return typeof super.hasOwnProperty + ' ${tag} ' + this.n; } };
`;
  const app = await load({ 's.mjs': src('v1') });
  t.after(app.close);
  const { o } = app.ns;
  o.n = 2;
  app.write('s.mjs', src('v2'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(app.ns.o, o);
  assert.equal(o.hi(), 'function v2 2');
});

// One save that changes a method's body and something else in its object (a property, a
// method added before it): the object is updated in place, and the methods whose change is
// only in their bodies stay on it, taking the new code through their holders.
test('an object update that also edits method bodies keeps those methods: references taken before run v2, v3; ordinals follow added and removed methods', async (t) => {
  const v1 = `export const users = {
  limit: 10,
  list(q) { return 'v1 list ' + q + ' ' + this.limit; },
  show: (id) => 'v1 show ' + id,
};
`;
  const app = await load({ 'u.mjs': v1 });
  t.after(app.close);
  const { users } = app.ns;
  const held = { list: users.list.bind(users), show: users.show };
  const v2 = v1.replace('limit: 10,', 'limit: 20,\n  remove(id) { return "removed " + id; },').replace("'v1 list '", "'v2 list '");
  app.write('u.mjs', v2);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(r.modules[0].notes, []);
  assert.equal(app.ns.users, users);
  assert.equal(held.list('a'), 'v2 list a 20');
  assert.equal(users.remove(1), 'removed 1');
  assert.deepEqual(Object.keys(users), ['limit', 'remove', 'list', 'show']);
  const v3 = v2.replace("'v1 show '", "'v3 show '").replace("'v2 list '", "'v3 list '");
  app.write('u.mjs', v3);
  const r3 = await app.refresh();
  assert.equal(r3.ok, true, JSON.stringify(r3.error));
  assert.equal(r3.modules[0].updated.includes('users'), false, 'body-only edits: no object update, the holders moved with their ordinals');
  assert.equal(held.list('b'), 'v3 list b 20');
  assert.equal(held.show(2), 'v3 show 2');
  const v4 = v3.replace('  remove(id) { return "removed " + id; },\n', '').replace("'v3 list '", "'v4 list '");
  app.write('u.mjs', v4);
  assert.equal((await app.refresh()).ok, true);
  assert.equal(held.list('c'), 'v4 list c 20');
  assert.equal('remove' in users, false);
  app.write('u.mjs', v4.replace("'v4 list '", "'v5 list '"));
  assert.equal((await app.refresh()).ok, true);
  assert.equal(held.list('d'), 'v5 list d 20');
});

// Hono's and Bun's style: `export default { port, fetch }`, the server holding `fetch`.
test('export default { fetch(req) { … } }: the object is updated in place; the fetch handed to a server runs the new body', async (t) => {
  const v1 = `export default {
  port: 3000,
  fetch(req) { return 'v1 ' + req + ' ' + this.port; },
};
`;
  const app = await load({ 'srv.mjs': v1 });
  t.after(app.close);
  const handler = app.ns.default;
  const fetch = handler.fetch.bind(handler);
  app.write('srv.mjs', v1.replace("'v1 '", "'v2 '"));
  assert.equal((await app.refresh()).ok, true);
  assert.equal(fetch('a'), 'v2 a 3000');
  app.write('srv.mjs', v1.replace("'v1 '", "'v3 '").replace('3000', '3001'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(app.ns.default, handler, 'the same object');
  assert.equal(fetch('b'), 'v3 b 3001');
});

// Functions a top-level statement invokes where it stands run once; the closures they make
// are what follows edits: the module pattern, an async main, TypeScript's namespaces.
const PATTERN = (tag, start = 0) => `import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
export const out = [];
export const api = (() => {
  let count = ${start};
  const prefix = 'P';
  function hit(x) { count++; return '${tag} ' + prefix + x + count; }
  return { hit };
})();
(async () => {
  const tag = 'T';
  bus.on('e', (x) => { out.push('${tag} ' + tag + x); });
})();
`;

test('closures made by an immediately invoked function at top level follow edits; a change of its own code runs its statement again', async (t) => {
  const app = await load({ 'm.mjs': PATTERN('v1') });
  t.after(app.close);
  const { api, bus, out } = app.ns;
  const hit = api.hit;
  assert.equal(hit('a'), 'v1 Pa1');
  bus.emit('e', 1);
  app.write('m.mjs', PATTERN('v2'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(r.modules[0].updated, ['closure at line 7', 'closure at line 12']);
  assert.equal(r.modules[0].statements, 0);
  assert.equal(app.ns.api, api, 'not evaluated again');
  assert.equal(hit('b'), 'v2 Pb2', 'the function the object holds runs the new body, its count kept');
  bus.emit('e', 2);
  assert.equal(bus.listenerCount('e'), 1);
  assert.deepEqual(out, ['v1 T1', 'v2 T2']);
  app.write('m.mjs', PATTERN('v2', 100));
  const r3 = await app.refresh();
  assert.equal(r3.ok, true, JSON.stringify(r3.error));
  assert.notEqual(app.ns.api, api, 'its own code changed: evaluated again, as a fresh process would');
  assert.equal(app.ns.api.hit('c'), 'v2 Pc101');
});

test('closures a computing array callback at top level made follow edits of their bodies; an edit of the callback itself computes the value again', async (t) => {
  const src = (tag, mul = 2) => `export const routes = ['a', 'b'].map((n) => ({ n, handle: (q) => n + q + ' ${tag}' }));
export const doubled = [1, 2].map((x) => x * ${mul});
export const table = Object.fromEntries(['x', 'y'].map((k, i) => [k, function () { return k + i + '${tag}' + this.z; }]));
`;
  const app = await load({ 'm.mjs': src('v1') });
  t.after(app.close);
  const { routes, doubled, table } = app.ns;
  const [h, tx] = [routes[0].handle, table.x];
  let r = await (app.write('m.mjs', src('v2')), app.refresh());
  applied(r);
  assert.deepEqual([r.modules[0].statements, r.modules[0].updated], [0, ['closure at line 1', 'closure at line 3']]);
  assert.deepEqual([h('q'), tx.call({ z: 1 }), app.ns.routes === routes, app.ns.table === table], ['aq v2', 'x0v21', true, true]);
  r = await (app.write('m.mjs', src('v2', 3)), app.refresh());
  applied(r);
  assert.deepEqual([app.ns.doubled, app.ns.doubled === doubled, app.ns.routes === routes], [[3, 6], false, true]);
  applied(await (app.write('m.mjs', src('v3', 3)), app.refresh()));
  assert.deepEqual([h('q'), tx.call({ z: 2 }), app.ns.routes[1].handle('r')], ['aq v3', 'x0v32', 'br v3']);
});

test('inline functions using names their statement assigns follow edits: the guard passes an environment (a block counter, a loop body counter per pass, a for-let counter the body assigns); state kept both ways', async (t) => {
  const v = (tag) => `import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
{
  let hits = 0;
  const label = 'a';
  bus.on('a', (e) => {
    hits += e;
    return '${tag}' + label + hits;
  });
  globalThis.hitsA = () => hits;
}
for (const k of ['b', 'c']) {
  let n = 0;
  bus.on(k, function (e) {
    n += e;
    return '${tag}' + k + n;
  });
}
for (let i = 0; i < 2; i++) bus.on('i' + i, () => { i += 10; return '${tag}' + i; });
`;
  const app = await load({ 'main.mjs': v('v1:') });
  t.after(app.close);
  const { bus } = app.ns;
  const call = (ev, x) => bus.listeners(ev)[0](x);
  assert.deepEqual([call('a', 1), call('b', 2), call('c', 3), call('i0'), call('i1')], ['v1:a1', 'v1:b2', 'v1:c3', 'v1:10', 'v1:11']);
  app.write('main.mjs', v('v2:'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(r.modules[0].notes, []);
  assert.equal(r.modules[0].statements, 0, 'no statement ran again');
  assert.deepEqual([call('a', 1), call('b', 2), call('c', 3), call('i0'), call('i1'), bus.listenerCount('a')], ['v2:a2', 'v2:b4', 'v2:c6', 'v2:20', 'v2:21', 1]);
  assert.equal(globalThis.hitsA(), 2, 'the assignment reached the statement\'s own variable');
  // A new body assigning a name the old one only read keeps its code, noted.
  app.write('main.mjs', v('v2:').replace("return 'v2:' + label + hits;", "label = 'z';\n    return 'v3:' + label + hits;"));
  const again = await app.refresh();
  assert.match(again.modules[0]?.notes.join('\n') ?? JSON.stringify(again), /keeps its code: its new code assigns label, declared by its statement around it, which its old code only read/);
});

test('a method whose computed key reads a name its statement declares is not an inline function: its statement runs again, the refresh does not fail', async (t) => {
  const V = (v) => `export const reg = [];\nfor (const k of ['a', 'b']) reg.push({ [k]() { return '${v}'; } });\nconst TWO = '2x';\nexport const top = { [TWO]() { return '${v}'; } };\n`;
  const app = await load({ 'h.mjs': V('v1') });
  t.after(app.close);
  const held = app.ns.top['2x'];
  app.write('h.mjs', V('v2'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual([held(), app.ns.reg.slice(-2).map((o) => Object.values(o)[0]())], ['v2', ['v2', 'v2']]);
});

// Found by the chalk replay: its getters are methods of descriptor objects made in a loop
// (`for (const model of usedModels) styles[model] = { get() { … model … } }`), installed with
// Object.defineProperties. A method reading its statement's names kept its code on every
// edit; it takes them as leading parameters as a function expression does.
test('an object literal method in a loop statement that reads the loop\'s binding follows edits of its body (the binding passed first)', async (t) => {
  const src = (tag) => `const styles = {};
for (const model of ['rgb', 'hex']) {
  styles[model] = {
    get() { return (x) => model + '${tag}' + x; },
  };
}
export const proto = Object.defineProperties({}, styles);
`;
  const app = await load({ 'm.mjs': src('1') });
  t.after(app.close);
  const { proto } = app.ns;
  const held = proto.rgb;
  assert.deepEqual([held('a'), proto.hex('b')], ['rgb1a', 'hex1b']);
  const r = await (app.write('m.mjs', src('2')), app.refresh());
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual([proto.rgb('a'), proto.hex('b'), r.modules[0].updated], ['rgb2a', 'hex2b', ['method get at line 4']]);
  // A closure the old getter made captured \`model\` from the statement: it keeps its code, noted (§2.1).
  assert.equal(held('a'), 'rgb1a');
  assert.match(r.modules[0].notes.join('\n'), /m\.mjs:4:20: closures it made before this refresh keep their code \(it uses model, declared by the statement around it\)/);
});

test('a function a statement assigns to a member takes the new `length` when a save changes its parameters; its name stays (mustache 4.1.0: `Writer.prototype.escapedValue = function escapedValue (token, context, config)`)', async (t) => {
  const PROTO = (params) => `export function Writer() {}\nWriter.prototype.escapedValue = function escapedValue (${params}) { return [${params}].length; };\nexport const plain = {};\nplain.f = (${params}) => 0;\n`;
  const app = await load({ 'w.mjs': PROTO('token, context') });
  t.after(app.close);
  const held = app.ns.Writer.prototype.escapedValue;
  const arrow = app.ns.plain.f;
  assert.deepEqual([held.name, held.length, arrow.name, arrow.length], ['escapedValue', 2, '', 2]);
  app.write('w.mjs', PROTO('token, context, config'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(held(1, 2, 3), 3, 'the new code, with every argument');
  assert.deepEqual([held.name, held.length, arrow.name, arrow.length], ['escapedValue', 3, '', 3]);
  assert.equal(r.modules[0].notes.some((n) => /`length` stays/.test(n)), false, r.modules[0].notes.join('\n'));
});

// Found by session 17's review: a polling loop in an async function or method, edited, went on
// with its old body for good (a call running when the edit came never returns), silently.
test('an async function or method that awaits in a loop, edited: said (a call already running keeps its code)', async (t) => {
  const V = (tag) => `export class Poller {\n  async run() { while (this.on) { await null; this.last = '${tag}'; } }\n}\nexport async function loop(q) { for await (const x of q) console.log(x, '${tag}'); }\nexport async function once() { return '${tag}'; }\n`;
  const app = await load({ 'p.mjs': V('v1') });
  t.after(app.close);
  app.write('p.mjs', V('v2'));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  const notes = r.modules[0].notes.filter((n) => n.includes('awaits in a loop'));
  assert.deepEqual(notes.map((n) => n.split(' ')[0]), ['Poller.run', 'loop']);
});

// Found by session 18's review: a start-up callback handed to a one-shot scheduler that has run
// was reported updated, and nothing ran it again, unsaid.
test('a function handed to setTimeout that has fired, or to queueMicrotask, is said to run its new code only when called again; a pending timeout is not', async (t) => {
  const V = (v, ms) => `export const seen = [];\nsetTimeout(() => seen.push('t${v}'), ${ms});\nqueueMicrotask(() => seen.push('m${v}'));\n`;
  for (const ms of [0, 60000]) {
    const app = await load({ 'main.mjs': V(1, ms) });
    t.after(app.close);
    const { seen } = app.ns;
    const deadline = Date.now() + 5000;
    while (seen.length < (ms ? 1 : 2) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    app.write('main.mjs', V(2, ms));
    const r = await app.refresh();
    assert.ok(r.ok, JSON.stringify(r.error));
    const notes = r.modules[0].notes.join('\n');
    assert.match(notes, /main\.mjs:3:16 was handed to queueMicrotask when the module ran, to run once/);
    if (ms) assert.doesNotMatch(notes, /handed to setTimeout/);
    else assert.match(notes, /main\.mjs:2:12 was handed to setTimeout when the module ran, to run once/);
  }
});
