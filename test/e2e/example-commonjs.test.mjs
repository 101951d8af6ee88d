// examples/commonjs/: an Express app written as CommonJS in a package that declares no "type"
// (the usual setup: Node decides from the syntax), run by limeade with the watcher,
// on port 0 in a fresh temp directory. On Node 22, 24 and 26 saving a destructured route
// handler, an inline route and a class method changes what the running server answers, and
// the notes kept in memory survive; on Node 20 the program runs and says CommonJS is not live.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eachNode, ROOT, saveWatched } from '../helpers.mjs';

const dir = join(ROOT, 'examples', 'commonjs');
const files = Object.fromEntries(readdirSync(dir).map((f) => [`app/${f}`, readFileSync(join(dir, f), 'utf8')]));
files['main.cjs'] = `require('./harness.js');
globalThis.__limeade.on('refresh', (r) => console.log('REFRESHED ' + r.ok));
require('./app/app.js');
`;

eachNode('commonjs example: edits of a destructured handler, an inline route and a class method apply; notes survive', async (t, startApp) => {
  const app = await startApp(files, { entry: 'main.cjs', watch: true, env: { PORT: '0' }, links: ['express'] });
  t.after(() => app.stop());
  const pattern = /commonjs example listening on http:\/\/localhost:(\d+)/;
  await app.waitFor(pattern);
  const base = `http://127.0.0.1:${pattern.exec(app.output())[1]}`;
  const get = async (path) => (await (await fetch(base + path)).text()).trim();
  const post = async (text) => (await fetch(base + '/notes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) })).json();
  const save = (file, from, to) => saveWatched(app, file, from, to);

  assert.deepEqual(await post('milk'), { added: '#1 milk' });
  if (/\[v20\./.test(t.name)) {
    assert.match(app.output(), /\[limeade\] main\.cjs:1:1 is CommonJS, which is not live on Node v20/);
    assert.equal(await save('app/notes.js', '`#${note.id} ${note.text}`', '`${note.id}. ${note.text}`'), 'REFRESHED false');
    assert.match(app.output(), /app\/notes\.js:1:1 CommonJS is not live on Node v20/);
    assert.equal(await get('/notes'), '["#1 milk"]', 'Node 20 keeps the code it loaded');
    return;
  }
  assert.equal(await save('app/notes.js', '`#${note.id} ${note.text}`', '`${note.id}. ${note.text}`'), 'REFRESHED true');
  assert.equal(await get('/notes'), '["1. milk"]', 'the store made at start-up describes its notes the new way');
  assert.equal(await save('app/routes.js', 'res.json(store.list());', 'res.json({ notes: store.list() });'), 'REFRESHED true');
  assert.equal(await get('/notes'), '{"notes":["1. milk"]}', 'the handler app.js destructured runs its new body');
  assert.equal(await save('app/app.js', 'hello from CommonJS', 'hi from CommonJS'), 'REFRESHED true');
  assert.equal(await get('/hello'), 'hi from CommonJS (1 notes)');
  assert.equal(await save('app/routes.js', 'res.json({ notes: store.list() });', 'res.json({ notes: store.list( });'), 'REFRESHED false');
  assert.match(app.output(), /\[limeade\] app\/routes\.js:\d+:\d+ /);
  assert.equal(await get('/notes'), '{"notes":["1. milk"]}', 'the broken save changed nothing');
});
