// Closures made inside inline functions at top level (issue 13, docs/design.md §2.1, §3.7):
// the real `ws` package, its usual style — `ws.on('message', (data) => …)` written inside
// `wss.on('connection', (ws) => { … })`. Editing the message handler's body reaches the
// connections already open (their handler runs the new body with its own `ws` and counter),
// and connections opened later; the connection listener is registered once. Port 0; waits on
// messages, never sleeps.
import assert from 'node:assert/strict';
import { editor, eachNode } from '../helpers.mjs';
import { connect } from './ws-client.mjs';

const MAIN = `import './harness.js';
import * as app from './app.js';
globalThis.app = app;
`;

/** Starts a `ws` server app, waits for its port; `edit(from, to)` saves and refreshes. */
async function startWs(t, startApp, text) {
  const app = await startApp({ 'main.js': MAIN, 'app.js': text }, { links: ['ws'] });
  t.after(() => app.stop());
  await app.waitFor(/LISTENING (\d+)/);
  return { app, port: /LISTENING (\d+)/.exec(app.output())[1], edit: editor(app, 'app.js', text) };
}

const WS = `import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
export const server = createServer();
export const wss = new WebSocketServer({ server });
wss.on('connection', (ws) => {
  let count = 0;
  ws.on('message', (data) => {
    count++;
    ws.send('v1 ' + count + ' ' + data);
  });
  ws.send('hello');
});
server.listen(0, () => console.log('LISTENING ' + server.address().port));
`;

eachNode('ws: an inline message handler inside the connection listener follows edits on the open connection', async (t, startApp) => {
  const { app, port, edit } = await startWs(t, startApp, WS);

  const first = await connect(`ws://127.0.0.1:${port}`, app);
  t.after(() => first.socket.terminate());
  assert.equal(await first.next(), 'hello');
  assert.equal(await first.ask('a'), 'v1 1 a');

  const m = await edit(`ws.send('v1 ' + count + ' ' + data);`, `ws.send('v2 ' + count + ' ' + String(data).toUpperCase());`);
  assert.deepEqual([m.statements, m.notes], [0, []], 'the connection statement did not run again');
  assert.equal(await first.ask('b'), 'v2 2 B', 'the open connection runs the new body with its own ws and count');
  assert.equal(await app.eval(`app.wss.listenerCount('connection')`), 1);

  // A connection opened after the edit: its handler is made by the new code, and follows the next edit too.
  const second = await connect(`ws://127.0.0.1:${port}`, app);
  t.after(() => second.socket.terminate());
  assert.equal(await second.next(), 'hello');
  assert.equal(await second.ask('c'), 'v2 1 C');
  await edit(`count++;`, `count += 10;`);
  assert.deepEqual([await first.ask('d'), await second.ask('e')], ['v2 12 D', 'v2 11 E']);

  // The connection listener's own body changed: new connections get its new greeting.
  await edit(`ws.send('hello');`, `ws.send('welcome');`);
  const third = await connect(`ws://127.0.0.1:${port}`, app);
  t.after(() => third.socket.terminate());
  assert.equal(await third.next(), 'welcome');
  assert.equal(await third.ask('f'), 'v2 10 F');
  assert.equal(await first.ask('g'), 'v2 22 G');
});

// The same in its shortest form: the connection listener an arrow with an expression body,
// the message handler destructuring nothing but reading the socket it captured.
const WS_SHORT = `import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
export const server = createServer();
export const wss = new WebSocketServer({ server });
wss.on('connection', (ws, req) => ws.on('message', (data) => ws.send('v1 ' + data)));
server.listen(0, () => console.log('LISTENING ' + server.address().port));
`;

eachNode('ws: a message handler inside an expression-bodied connection arrow follows edits on the open connection', async (t, startApp) => {
  const { app, port, edit } = await startWs(t, startApp, WS_SHORT);
  const first = await connect(`ws://127.0.0.1:${port}`, app);
  t.after(() => first.socket.terminate());
  assert.equal(await first.ask('a'), 'v1 a');
  const m = await edit(`ws.send('v1 ' + data)`, `ws.send('v2 ' + String(data).toUpperCase())`);
  assert.deepEqual([m.statements, m.notes], [0, []]);
  assert.equal(await first.ask('b'), 'v2 B');
  assert.equal(await app.eval(`app.wss.listenerCount('connection')`), 1);
});

const EMITTER = `import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
export const log = [];
export const handlers = new Map();
bus.on('join', (name) => {
  let seen = 0;
  handlers.set(name, () => log.push(name + ' v1 ' + ++seen));
});
bus.emit('join', 'ann');
export let unrelated = 1;
console.log('READY');
`;

eachNode('closures made by an inline listener follow edits; a statement added before it does not lose them; a new variable is reported', async (t, startApp) => {
  const app = await startApp({ 'main.js': MAIN, 'app.js': EMITTER });
  t.after(() => app.stop());
  await app.waitFor('READY');
  const edit = editor(app, 'app.js', EMITTER);
  await app.eval(`app.handlers.get('ann')()`);
  await edit(`name + ' v1 ' + ++seen`, `name + ' v2 ' + ++seen`);
  await app.eval(`app.handlers.get('ann')()`);
  // A statement inserted above moves the listener's statement; its closures stay reachable.
  await edit(`bus.on('join'`, `console.log('moved');\nbus.on('join'`);
  await edit(`name + ' v2 ' + ++seen`, `name + ' v3 ' + ++seen`);
  await app.eval(`app.handlers.get('ann')()`);
  assert.deepEqual(await app.eval(`app.log`), ['ann v1 1', 'ann v2 2', 'ann v3 3']);
  const m = await edit(`name + ' v3 ' + ++seen`, `name + ' v4 ' + ++seen + unrelated + bus.listenerCount('join')`);
  assert.deepEqual(m.notes, [], 'module-level names need no capture');
  await app.eval(`app.handlers.get('ann')()`);
  assert.equal(await app.eval(`app.log.at(-1)`), 'ann v4 411');
  // A new variable of the listener the closure never captured: reported, the old closure keeps its code.
  const n = await edit(`  let seen = 0;\n`, `  let seen = 0;\n  const tag = '!';\n`);
  assert.deepEqual(n.notes, []);
  const r = await edit(`name + ' v4 ' + ++seen + unrelated + bus.listenerCount('join')`, `name + tag + ++seen`);
  assert.match(r.notes.join('\n'), /app\.js:\d+:\d+: closures it made before this refresh keep their code \(its new body uses tag, which they never captured\)/);
  await app.eval(`app.handlers.get('ann')()`);
  assert.equal(await app.eval(`app.log.at(-1)`), 'ann v4 511');
  await app.eval(`app.bus.emit('join', 'bo'), app.handlers.get('bo')()`);
  assert.equal(await app.eval(`app.log.at(-1)`), 'bo!1', 'a closure made after the edit runs the new code');
});
