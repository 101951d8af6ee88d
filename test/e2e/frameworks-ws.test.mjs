// A WebSocket server (the real `ws` package, examples/ws/): one client connection stays open
// across edits of the message handler (an inline arrow made per connection) and of the
// functions it calls, and gets the new behaviour on that same connection.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eachNode, ROOT } from '../helpers.mjs';
import { connect } from './ws-client.mjs';

function exampleFiles() {
  const dir = join(ROOT, 'examples', 'ws');
  const files = Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  files['main.js'] = `import './harness.js';
globalThis.__limeade.on('refresh', (r) => console.log('REFRESHED ' + r.ok + ' ' + (r.error ? r.error.kind : r.modules.map((m) => m.file).join(','))));
await import('./server.js');
`;
  return files;
}

eachNode('ws: the message handler follows edits while the connection stays open', async (t, startApp) => {
  const app = await startApp(exampleFiles(), { watch: true, links: ['ws'], env: { PORT: '0' } });
  t.after(() => app.stop());
  await app.waitFor(/ws example listening on ws:\/\/localhost:(\d+)/);
  const url = `ws://127.0.0.1:${/localhost:(\d+)/.exec(app.output())[1]}`;
  const save = async (edit) => {
    const before = app.count('REFRESHED ');
    await app.write('handlers.js', edit(await app.read('handlers.js')));
    await app.waitFor(() => app.count('REFRESHED ') > before);
    return app.output().split('\n').filter((l) => l.startsWith('REFRESHED ')).at(-1);
  };
  const replace = (from, to) => (text) => {
    assert.ok(text.includes(from), `handlers.js contains ${from}`);
    return text.replace(from, to);
  };

  const client = await connect(url, app);
  t.after(() => client.socket.terminate());
  assert.equal(await client.next(), 'welcome, client 1');
  assert.equal(await client.ask('hi'), 'echo 1: hi');

  assert.equal(await save(replace('`echo ${session.messages}: ${text}`', '`echo ${session.messages}: ${text.toUpperCase()}!`')), 'REFRESHED true handlers.js');
  assert.equal(await client.ask('hi'), 'echo 2: HI!');

  // A broken save: the same connection keeps getting the previous answer.
  const good = await app.read('handlers.js');
  assert.equal(await save((s) => s.replace('session.messages++;', 'session.messages++; socket.send(')), 'REFRESHED false syntax');
  assert.equal(await client.ask('hi'), 'echo 3: HI!');

  // The fix applies, also to the handler of a connection opened after it.
  assert.equal(await save(() => replace('`welcome, client ${session.id}`', '`hello, client ${session.id}`')(good).replace('session.messages++;', 'session.messages += 10;')), 'REFRESHED true handlers.js');
  assert.equal(await client.ask('hi'), 'echo 13: HI!');
  const second = await connect(url, app);
  t.after(() => second.socket.terminate());
  assert.equal(await second.next(), 'hello, client 2');
  assert.equal(await second.ask('yo'), 'echo 10: YO!');
  assert.equal(client.closed(), false);
  assert.equal(client.socket.readyState, client.socket.OPEN);

  // The closure saved with the parameter it lacked (ws passes `isBinary` second): the open
  // connections' listener gets it.
  const withBinary = (s) => replace('(data) => {', '(data, isBinary) => {')(s).replace('reply(session, String(data))', 'reply(session, `${data} (binary: ${isBinary})`)');
  assert.equal(await save(withBinary), 'REFRESHED true handlers.js');
  assert.equal(await client.ask('hi'), 'echo 23: HI (BINARY: FALSE)!');
});
