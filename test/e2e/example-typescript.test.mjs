// examples/typescript/: a TypeScript server run by limeade alone (no other loader), on port 0
// in a fresh temp directory. Saving the handler and the class changes what the running
// server answers; the counters kept in memory survive; a broken save keeps the old code.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eachNode, ROOT, saveWatched } from '../helpers.mjs';

const dir = join(ROOT, 'examples', 'typescript');
const files = Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
files['main.ts'] = `import './harness.js';
globalThis.__limeade.on('refresh', (r) => console.log('REFRESHED ' + r.ok));
await import('./app.js');
`;

eachNode('typescript example: edits of the handler and of a class method apply; counters survive; a broken save keeps the old code', async (t, startApp) => {
  const app = await startApp(files, { entry: 'main.ts', watch: true, env: { PORT: '0' } });
  t.after(() => app.stop());
  const pattern = /typescript example listening on http:\/\/localhost:(\d+)/;
  await app.waitFor(pattern);
  const base = `http://127.0.0.1:${pattern.exec(app.output())[1]}`;
  const get = async (path) => (await (await fetch(base + path)).text()).trim();
  const save = (file, from, to) => saveWatched(app, file, from, to);

  await get('/bump/a');
  assert.equal(await get('/bump/a'), 'a: 2');
  assert.equal(await save('counter.ts', 'return `${this.name}: ${this.#count}`;', 'return `${this.name} = ${this.#count} (v2)`;'), 'REFRESHED true');
  assert.equal(await get('/show/a'), 'a = 2 (v2)', 'the counter made before the edit answers the new way, with its count');
  assert.equal(await save('handlers.ts', "res.end(body + '\\n');", "res.end(body.toUpperCase() + '\\n');"), 'REFRESHED true');
  assert.equal(await get('/bump/a'), 'A = 3 (V2)');
  assert.equal(await save('handlers.ts', 'const route = routes[action as keyof typeof routes];', 'const route = routes[action as keyof typeof routes;'), 'REFRESHED false');
  assert.match(app.output(), /\[limeade\] handlers\.ts:\d+:\d+ /);
  assert.equal(await get('/show/a'), 'A = 3 (V2)', 'the broken save changed nothing');
});
