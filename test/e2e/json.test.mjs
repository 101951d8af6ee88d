// JSON files are live (docs/design.md §2.2, runtime/json.ts): an edited `data.json` imported
// with `with { type: 'json' }` (or, on Node ≥ 22.15, required) is applied to the object the
// program holds, in place — nested objects and arrays too, so references taken before see the
// new content — and values the importers derived from it are computed again. Invalid JSON is
// a syntax error at file:line:column that blocks nothing later; a top-level value that cannot
// change in place is noted. Fixture apps in fresh directories, real files, waits on output.
import assert from 'node:assert/strict';
import { assertOk, eachNode, saveWatched } from '../helpers.mjs';

/** Does the Node this test runs on see `require` (`module.registerHooks`)? Its label says which Node. */
function requireLive(t) {
  const m = /\[(?:v|node )(\d+)/.exec(t.name);
  return !m || Number(m[1]) >= 22;
}

const DATA = `{
  "port": 3000,
  "users": [{ "name": "ann" }],
  "limits": { "rate": 10, "burst": 20 }
}
`;

const ESM = {
  'data.json': DATA,
  'main.js': `import './harness.js';
import data from './data.json' with { type: 'json' };
const users = data.users;
const limits = data.limits;
const port = data.port;
globalThis.probe = () => JSON.stringify({ data, keys: Object.keys(data), users, limits, port, same: users === data.users && limits === data.limits });
globalThis.held = data;
globalThis.__limeade.on('refresh', (r) => console.log('REFRESHED ' + r.ok));
`,
};

eachNode('JSON: an imported JSON file is edited in place; held nested references and derived values follow', async (t, startApp) => {
  const app = await startApp(ESM);
  try {
    const before = JSON.parse(await app.eval('probe()'));
    assert.equal(before.port, 3000);
    await app.write('data.json', `{
  "limits": { "burst": 40, "rate": 10, "window": 60 },
  "port": 4000,
  "users": [{ "name": "bob" }, { "name": "cy" }]
}
`);
    const r = await app.refresh();
    assertOk(r, app);
    const json = r.modules.find((m) => m.file === 'data.json');
    assert.ok(json, JSON.stringify(r.modules));
    assert.deepEqual(json.updated.sort(), ['limits', 'port', 'users']);
    assert.deepEqual(r.modules.find((m) => m.file === 'main.js')?.recomputed?.includes('port'), true);
    const after = JSON.parse(await app.eval('probe()'));
    assert.deepEqual(after.data, { limits: { burst: 40, rate: 10, window: 60 }, port: 4000, users: [{ name: 'bob' }, { name: 'cy' }] });
    assert.deepEqual(after.keys, ['limits', 'port', 'users'], 'the new key order');
    assert.deepEqual(after.users, [{ name: 'bob' }, { name: 'cy' }], 'a reference to data.users taken before sees the new array');
    assert.deepEqual(after.limits, { burst: 40, rate: 10, window: 60 });
    assert.equal(after.same, true, 'the same nested objects');
    assert.equal(after.port, 4000, 'a value derived from the JSON is computed again');
    assert.equal(await app.eval('(async () => (await import("./data.json", { with: { type: "json" } })).default === globalThis.held)()'), true);
    assert.match(app.output(), /\[limeade\] updated data\.json \(/);
    // A key removed.
    await app.write('data.json', `{ "limits": { "rate": 1 }, "port": 4000, "users": [] }`);
    assertOk(await app.refresh(), app);
    const third = JSON.parse(await app.eval('probe()'));
    assert.deepEqual(third.data, { limits: { rate: 1 }, port: 4000, users: [] });
    assert.equal(third.same, true);
  } finally {
    await app.stop();
  }
});

eachNode('JSON: a save picked up by the watcher is applied', async (t, startApp) => {
  const app = await startApp(ESM, { watch: true });
  try {
    await app.eval('probe()');
    const line = await saveWatched(app, 'data.json', '"port": 3000', '"port": 3001');
    assert.equal(line, 'REFRESHED true', app.output());
    assert.equal(JSON.parse(await app.eval('probe()')).port, 3001);
  } finally {
    await app.stop();
  }
});

eachNode('JSON: invalid JSON fails at file:line:column, keeps the old content, and the next valid save applies', async (t, startApp) => {
  const app = await startApp(ESM);
  try {
    await app.write('data.json', `{
  "port": 5000,
  "users": [,]
}
`);
    const bad = await app.refresh();
    assert.equal(bad.ok, false);
    assert.equal(bad.error.kind, 'syntax');
    assert.equal(bad.error.file, 'data.json');
    assert.equal(bad.error.line, 3);
    assert.equal(bad.error.column, 13);
    assert.match(app.output(), /\[limeade\] data\.json:3:13 SyntaxError/);
    assert.equal(JSON.parse(await app.eval('probe()')).data.port, 3000, 'the old content stays');
    // The next valid save applies.
    await app.write('data.json', DATA.replace('3000', '5000'));
    const fixed = await app.refresh();
    assertOk(fixed, app);
    const after = JSON.parse(await app.eval('probe()'));
    assert.equal(after.data.port, 5000);
    assert.equal(after.port, 5000);
  } finally {
    await app.stop();
  }
});

eachNode('JSON: a JSON file and a JS file saved together are one transaction', async (t, startApp) => {
  const app = await startApp({
    ...ESM,
    'lib.js': `import data from './data.json' with { type: 'json' };\nexport const describe = () => 'port ' + data.port;\n`,
    'main.js': ESM['main.js'] + `import { describe } from './lib.js';\nglobalThis.describe = () => describe();\n`,
  });
  try {
    assert.equal(await app.eval('describe()'), 'port 3000');
    // The JS file throws while it evaluates: the JSON edit saved with it is taken back.
    await app.write('data.json', DATA.replace('3000', '6000'));
    await app.write('lib.js', `import data from './data.json' with { type: 'json' };\nexport const describe = () => 'at ' + data.port;\nnull.boom;\n`);
    const bad = await app.refresh();
    assert.equal(bad.ok, false, JSON.stringify(bad));
    assert.equal(bad.error.file, 'lib.js');
    assert.equal(JSON.parse(await app.eval('probe()')).data.port, 3000, 'the JSON edit was rolled back');
    assert.equal(await app.eval('describe()'), 'port 3000');
    await app.write('lib.js', `import data from './data.json' with { type: 'json' };\nexport const describe = () => 'at ' + data.port;\n`);
    assertOk(await app.refresh(), app);
    assert.equal(await app.eval('describe()'), 'at 6000');
    assert.equal(JSON.parse(await app.eval('probe()')).data.port, 6000);
  } finally {
    await app.stop();
  }
});

eachNode('JSON: a top-level value that cannot change in place is noted, never a crash', async (t, startApp) => {
  const app = await startApp({
    'count.json': '42\n',
    'list.json': '[1, 2]\n',
    'main.js': `import './harness.js';
import count from './count.json' with { type: 'json' };
import list from './list.json' with { type: 'json' };
globalThis.probe = () => JSON.stringify({ count, list });
`,
  });
  try {
    await app.write('count.json', '43\n');
    await app.write('list.json', '{ "a": 1 }\n');
    const r = await app.refresh();
    assertOk(r, app);
    for (const file of ['count.json', 'list.json']) {
      const m = r.modules.find((x) => x.file === file);
      assert.ok(m, JSON.stringify(r.modules));
      assert.match(m.notes.join('\n'), /keep the old value until a restart/);
    }
    assert.match(app.output(), /note: count\.json: the program holds a number and the file now has a number/);
    assert.deepEqual(JSON.parse(await app.eval('probe()')), { count: 42, list: [1, 2] });
    // Back to an array: edited in place again.
    await app.write('list.json', '[3]\n');
    assertOk(await app.refresh(), app);
    assert.deepEqual(JSON.parse(await app.eval('probe()')), { count: 42, list: [3] });
  } finally {
    await app.stop();
  }
});

eachNode('JSON: a required JSON file (CommonJS) is edited in place', async (t, startApp) => {
  if (!requireLive(t)) return t.skip('Node 20: limeade does not see require (CommonJS is not live there)');
  const app = await startApp({
    'data.json': DATA,
    'main.cjs': `require('./harness.js');
const cfg = require('./data.json');
const limits = cfg.limits;
globalThis.probe = () => JSON.stringify({ cfg, limits, same: limits === cfg.limits, cached: require.cache[require.resolve('./data.json')].exports === cfg });
console.log('LOADED');
`,
  }, { entry: 'main.cjs' });
  try {
    // The harness says it is ready as soon as it is required: wait for the JSON to be loaded before editing it.
    await app.waitFor('LOADED');
    await app.write('data.json', DATA.replace('"rate": 10', '"rate": 11').replace('3000', '3100'));
    const r = await app.refresh();
    assertOk(r, app);
    // `limits` reads a key of the changed file: evaluated again, as a fresh process would (the same object, updated in place).
    assert.deepEqual(r.modules.map((m) => [m.file, m.recomputed ?? []]), [['data.json', []], ['main.cjs', ['limits']]]);
    const after = JSON.parse(await app.eval('probe()'));
    assert.equal(after.cfg.port, 3100);
    assert.equal(after.limits.rate, 11);
    assert.equal(after.same, true);
    assert.equal(after.cached, true);
  } finally {
    await app.stop();
  }
});
