// import.meta.hot (README "import.meta.hot"): data, dispose, accept, decline, invalidate,
// on/off/send, on the patch and the re-import paths, with failures that roll back.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { eachNode, assertOk } from '../helpers.mjs';

// Resources the fixtures open and close: what is open is what the program sees.
const RES = `
export const open = (name) => { globalThis.active.add(name); return name; };
export const close = (name) => { globalThis.active.delete(name); globalThis.log.push('close ' + name); };
globalThis.active = new Set();
globalThis.log = [];
`;

const main = (extra = '') => `
import './harness.js';
import * as lib from './lib.js';
globalThis.lib = lib;
globalThis.probe = () => ({ active: [...globalThis.active].sort(), log: globalThis.log });
${extra}
`;

const lib = ({ res = 'a', stmt = "console.log('stmt 1');", block = 's1', extra = '' } = {}) => `import { open, close } from './res.js';
export const res = open('${res}');
import.meta.hot.dispose(() => close(res));
${stmt}
{ const r = open('${block}'); import.meta.hot.dispose(() => close(r)); }
${extra}
`;

eachNode('import.meta.hot is defined in instrumented modules only, also in edited code; data survives patches and re-imports', async (t, startApp) => {
  const counter = (n) => `export const hasHot = !!import.meta.hot;
globalThis.firstData ??= import.meta.hot.data;
{ globalThis.same = globalThis.firstData === import.meta.hot.data; import.meta.hot.data.runs = (import.meta.hot.data.runs ?? 0) + 1 + 0 * ${n}; }
`;
  const app = await startApp({
    'main.js': main(`import { plain } from './node_modules/plain/index.js';\nglobalThis.plain = plain;\n`),
    'res.js': RES,
    'lib.js': counter(1),
    'node_modules/plain/index.js': 'export const plain = import.meta.hot === undefined;\n',
    'node_modules/plain/package.json': '{"type":"module"}',
  });
  t.after(() => app.stop());
  assert.equal(await app.eval('lib.hasHot'), true);
  assert.equal(await app.eval('plain'), true, 'a module limeade does not instrument has no import.meta.hot');
  await app.write('lib.js', counter(2));
  const r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].path, 'patch');
  assert.equal(await app.eval('firstData.runs'), 2, 'the changed statement ran as a patch, with import.meta.hot');
  await app.write('lib.js', counter(3) + 'export class Added {}\n');
  const r2 = await app.refresh();
  assertOk(r2, app);
  assert.equal(r2.modules[0].path, 'reimport');
  assert.equal(await app.eval('firstData.runs'), 3);
  assert.equal(await app.eval('same'), true, 'the re-imported version sees the same data object');
});

eachNode('dispose runs before the code that registered it runs again, or a declaration its text names is evaluated again; never on a compile error', async (t, startApp) => {
  const app = await startApp({ 'main.js': main(), 'res.js': RES, 'lib.js': lib() });
  t.after(() => app.stop());
  assert.deepEqual((await app.eval('probe()')).active, ['a', 's1']);

  await app.write('lib.js', lib({ res: 'b' }));
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), { active: ['b', 's1'], log: ['close a'] }, 'the callback naming res ran');

  await app.write('lib.js', lib({ res: 'b', stmt: "console.log('stmt 2');" }));
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), { active: ['b', 's1'], log: ['close a'] }, 'an unrelated statement disposes nothing');

  await app.write('lib.js', lib({ res: 'c', block: 's2' }));
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), { active: ['c', 's2'], log: ['close a', 'close b', 'close s1'] });

  await app.write('lib.js', lib({ res: 'c', block: 's3' }));
  assertOk(await app.refresh(), app);
  assert.deepEqual((await app.eval('probe()')).log, ['close a', 'close b', 'close s1', 'close s2'], 'the re-run block registered once, not twice');

  await app.write('lib.js', lib({ res: 'd', block: 's3', extra: 'export const res2 = (;' }));
  const bad = await app.refresh();
  assert.equal(bad.ok, false);
  assert.equal(bad.error.kind, 'syntax');
  assert.deepEqual(await app.eval('probe()'), { active: ['c', 's3'], log: ['close a', 'close b', 'close s1', 'close s2'] }, 'no dispose on a compile error');

  // A removed statement: its dispose callbacks run, and are gone.
  await app.write('lib.js', lib({ res: 'c', block: 's3' }).replace(/\{ const r.*\n/, ''));
  assertOk(await app.refresh(), app);
  assert.deepEqual((await app.eval('probe()')).active, ['c']);
});

eachNode('a top-level throw in new code rolls back; the disposed resource stays closed and the callback runs again on the next good save', async (t, startApp) => {
  const app = await startApp({ 'main.js': main(), 'res.js': RES, 'lib.js': lib() });
  t.after(() => app.stop());
  await app.write('lib.js', lib({ res: 'b', stmt: "throw new Error('boom');" }));
  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.equal(r.error.kind, 'evaluation');
  assert.match(r.error.message, /boom/);
  const p = await app.eval('probe()');
  assert.deepEqual(p.log, ['close a'], 'dispose ran right before the module\'s first changed code');
  assert.equal(await app.eval('lib.res'), 'a', 'the binding is rolled back');
  assert.deepEqual(p.active, ['b', 's1'], "what dispose closed stays closed; what the new code did before the throw stays done");
  await app.write('lib.js', lib({ res: 'b' }));
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), { active: ['b', 's1'], log: ['close a', 'close a'] });
  assert.equal(await app.eval('lib.res'), 'b');
});

eachNode('dispose on a re-import; a throwing dispose callback rolls the refresh back and names its line', async (t, startApp) => {
  const app = await startApp({ 'main.js': main(), 'res.js': RES, 'lib.js': lib() });
  t.after(() => app.stop());
  await app.write('lib.js', lib({ res: 'b', extra: 'export class More {}' }));
  const r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].path, 'reimport');
  assert.deepEqual(await app.eval('probe()'), { active: ['b', 's1'], log: ['close a'] });

  // The statement changes outside the callback too (`?.`): it runs again, so the old callback
  // is due. (An edit inside the callback, parameters included, patches it in place: inline.test.mjs.)
  const throwing = lib({ res: 'b', extra: 'export class More {}' }).replace('import.meta.hot.dispose(() => close(res));', "import.meta.hot?.dispose((_data) => { throw new Error('no ' + res); });");
  await app.write('lib.js', throwing);
  assertOk(await app.refresh(), app); // the statement that registers it changed: the old callback (close b) ran
  assert.deepEqual(await app.eval('probe()'), { active: ['s1'], log: ['close a', 'close b'] });
  await app.write('lib.js', throwing.replace("open('b')", "open('c')"));
  const bad = await app.refresh();
  assert.equal(bad.ok, false);
  assert.match(bad.error.message, /Error: no b \(thrown by an import\.meta\.hot\.dispose callback\)/);
  assert.equal(bad.error.file, 'lib.js');
  assert.equal(bad.error.line, 3);
  assert.equal(await app.eval('lib.res'), 'b', 'nothing was applied');
  assert.match(app.output(), /\[limeade\] lib\.js:3:\d+ Error: no b \(thrown by an import\.meta\.hot\.dispose callback\)/);
});

eachNode('accept(cb) is called with the new namespace after a patch and a re-import; accept(dep, cb) after the dependency changed; a throwing callback is a note', async (t, startApp) => {
  const v = (n, extra = '') => `export const VALUE = ${n};
export function value() { return VALUE; }
import.meta.hot.accept((mod) => globalThis.accepted.push(['self', mod.VALUE, mod.value(), Object.keys(mod).sort().join()]));
${extra}`;
  const app = await startApp({
    'main.js': `globalThis.accepted = [];\nimport './harness.js';\nimport * as lib from './lib.js';\nimport './other.js';
import.meta.hot.accept('./lib.js', (mod) => globalThis.accepted.push(['dep', mod.VALUE]));
import.meta.hot.accept(['./other.js', './lib.js'], ([o, l]) => globalThis.accepted.push(['deps', o?.OTHER, l?.VALUE]));\n`,
    'lib.js': v(1),
    'other.js': 'export const OTHER = 1;\n',
  });
  t.after(() => app.stop());
  await app.write('lib.js', v(2));
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('accepted'), [['self', 2, 2, 'VALUE,value'], ['dep', 2], ['deps', null, 2]]);
  await app.write('lib.js', v(3, 'export class added {}'));
  const r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].path, 'reimport');
  assert.deepEqual((await app.eval('accepted')).slice(3), [['self', 3, 3, 'VALUE,added,value'], ['dep', 3], ['deps', null, 3]]);
  await app.write('other.js', 'export const OTHER = 2;\n');
  assertOk(await app.refresh(), app);
  assert.deepEqual((await app.eval('accepted')).slice(6), [['deps', 2, null]], 'only the callback that names other.js');

  await app.write('lib.js', v(4, "export const added = true;\nimport.meta.hot.accept(() => { throw new Error('accept failed'); });"));
  assertOk(await app.refresh(), app); // the new callback is registered by this refresh: called from the next one
  await app.write('lib.js', v(5, "export const added = true;\nimport.meta.hot.accept(() => { throw new Error('accept failed'); });"));
  const r2 = await app.refresh();
  assertOk(r2, app);
  assert.ok(r2.modules[0].notes.some((n) => /accept callback threw Error: accept failed/.test(n)), JSON.stringify(r2.modules[0].notes));
  assert.match(app.output(), /\[limeade\] lib\.js:5:\d+ an import\.meta\.hot\.accept callback threw Error: accept failed/);
  assert.deepEqual((await app.eval('accepted')).slice(-3), [['self', 5, 5, 'VALUE,added,value'], ['dep', 5], ['deps', null, 5]], 'the other callbacks still ran');
});

eachNode('decline(): an edit to the module fails the whole refresh with a message to restart; nothing of it is applied', async (t, startApp) => {
  const app = await startApp({
    'main.js': "import './harness.js';\nimport * as d from './declined.js';\nimport * as o from './other.js';\nglobalThis.probe = () => [d.f(), o.g()];\n",
    'declined.js': 'export function f() { return 1; }\nimport.meta.hot.decline();\n',
    'other.js': 'export function g() { return 1; }\n',
  });
  t.after(() => app.stop());
  await app.write('declined.js', 'export function f() { return 2; }\nimport.meta.hot.decline();\n');
  await app.write('other.js', 'export function g() { return 2; }\n');
  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.equal(r.error.kind, 'declined');
  assert.equal(r.error.file, 'declined.js');
  assert.equal(r.error.line, 2);
  assert.deepEqual(await app.eval('probe()'), [1, 1], 'neither file was applied');
  assert.match(app.output(), /\[limeade\] declined\.js:2:\d+ this module called import\.meta\.hot\.decline\(\)/);
  assert.match(app.output(), /Restart the program/);
  await app.write('declined.js', 'export function f() { return 1; }\nimport.meta.hot.decline();\n');
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), [1, 2], 'with the declined file back as it runs, the other file applies');
});

eachNode('invalidate(): the module is re-imported with all its top-level code run again; data kept, handles kept, dispose callbacks ran', async (t, startApp) => {
  const src = `globalThis.evals = (globalThis.evals ?? 0) + 1;
export const state = { n: 0 };
export function bump() { return ++state.n; }
export function reset(why) { import.meta.hot.invalidate(why); }
import.meta.hot.data.keep ??= 'kept';
import.meta.hot.dispose(async (data) => { await null; globalThis.disposedWith = data.keep; });
globalThis.sawDisposed = globalThis.disposedWith;
`;
  const app = await startApp({
    'main.js': "import './harness.js';\nimport * as lib from './lib.js';\nimport { bump, state } from './lib.js';\nglobalThis.lib = lib;\nglobalThis.first = bump;\nglobalThis.probe = () => ({ evals, n: state.n, same: lib.bump === first, kept: disposedWith ?? null });\nglobalThis.importerSaw = 0;\nimport.meta.hot.accept('./lib.js', () => importerSaw++);\n",
    'lib.js': src,
  });
  t.after(() => app.stop());
  await app.eval('lib.bump(), lib.bump()');
  await app.eval("globalThis.disposedWith = undefined; lib.reset('state schema changed')");
  await app.until('globalThis.evals', 2);
  await app.waitFor(/updated lib\.js .*re-imported: invalidated \(state schema changed\)/);
  assert.deepEqual(await app.eval('probe()'), { evals: 2, n: 0, same: true, kept: 'kept' });
  assert.equal(await app.eval('sawDisposed'), 'kept', 'the async dispose callback finished before the new code ran');
  assert.equal(await app.eval('first()'), 1, 'the handle held before runs on the new state');
  assert.match(app.output(), /\[limeade\] lib\.js invalidated \(state schema changed\)/);
  // Once: the next refresh with no change does nothing.
  const r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules.length, 0);
  assert.equal(await app.eval('evals'), 2);
  // Vite's way: an accept callback that cannot handle the update invalidates the module. Its
  // own accept callbacks are not called for the invalidation (no endless loop); importers' are.
  const accepting = `${src}import.meta.hot.accept(() => import.meta.hot.invalidate('from accept'));\n`;
  await app.write('lib.js', accepting);
  assertOk(await app.refresh(), app);
  assert.equal(await app.eval('evals'), 2, 'only the new statement ran');
  await app.write('lib.js', accepting.replace('return ++state.n', 'return state.n += 2'));
  assertOk(await app.refresh(), app);
  await app.until('globalThis.evals', 3);
  await app.waitFor(/re-imported: invalidated \(from accept\)/);
  assert.deepEqual(await app.eval('[first(), importerSaw]'), [2, 4], 'fresh state; the importer heard all four updates of lib.js');
  assertOk(await app.refresh(), app);
  assert.equal(await app.eval('evals'), 3, 'the invalidation did not invalidate again');
  assert.equal(app.count('invalidated (from accept)'), 2, 'one warning, one report line');
});

eachNode('on(limeade:before-refresh | after-refresh | error), off, send; a throwing listener is reported and harms nothing', async (t, startApp) => {
  const app = await startApp({
    'main.js': `import './harness.js';\nimport * as lib from './lib.js';\nglobalThis.lib = lib;\nglobalThis.events = [];
const before = (p) => events.push(['before', p.files]);
import.meta.hot.on('limeade:before-refresh', before);
import.meta.hot.on('limeade:after-refresh', (r) => events.push(['after', r.ok, r.modules.map((m) => m.file)]));
import.meta.hot.on('limeade:error', (r) => events.push(['error', r.ok, r.error.kind, r.error.file]));
import.meta.hot.on('limeade:after-refresh', () => { throw new Error('listener failed'); });
import.meta.hot.on('my-event', (d) => events.push(['custom', d]));
globalThis.offBefore = () => import.meta.hot.off('limeade:before-refresh', before);
globalThis.send = (d) => import.meta.hot.send('my-event', d);\n`,
    'lib.js': 'export function f() { return 1; }\n',
  });
  t.after(() => app.stop());
  await app.write('lib.js', 'export function f() { return 2; }\n');
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('events'), [['before', ['lib.js']], ['after', true, ['lib.js']]]);
  assert.match(app.output(), /\[limeade\] main\.js:\d+:\d+ an import\.meta\.hot\.on\('limeade:after-refresh'\) listener threw Error: listener failed/);
  await app.write('lib.js', 'export function f() { return (; }\n');
  assert.equal((await app.refresh()).ok, false);
  assert.deepEqual((await app.eval('events')).slice(2), [['error', false, 'syntax', 'lib.js']], 'no before-refresh: nothing compiled');
  await app.eval('offBefore(), send({ x: 1 })');
  await app.write('lib.js', 'export function f() { return 3; }\n');
  assertOk(await app.refresh(), app);
  assert.deepEqual((await app.eval('events')).slice(3), [['custom', { x: 1 }], ['after', true, ['lib.js']]]);
  assert.equal(await app.eval('lib.f()'), 3);
});

eachNode('the README example: editing the interval disposes the old timer only; the server and its count are kept', async (t, startApp) => {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## import.meta.hot'), readme.indexOf('## What you can rely on'));
  const example = /```js\n([\s\S]*?)```/.exec(section)[1].replace('listen(3000)', 'listen(0)').replace('2000', '1000');
  // On save, as a user runs it: the watcher applies the edits.
  // The intervals the program has running (limeade's own timers not counted).
  const count = `const live = new Set(), set = setInterval, clear = clearInterval;
globalThis.setInterval = (...a) => { const t = set(...a); live.add(t); return t; };
globalThis.clearInterval = (t) => { live.delete(t); clear(t); };
globalThis.intervals = () => live.size;\n`;
  const app = await startApp({ 'main.js': "import './harness.js';\nimport './count.js';\nimport './app.js';\n", 'count.js': count, 'app.js': `${example}globalThis.server = server;\n` }, { watch: true });
  t.after(() => app.stop());
  const get = "fetch('http://127.0.0.1:' + server.address().port).then((r) => r.text())";
  const timers = 'intervals()';
  assert.equal(await app.eval(get), 'hits: 1\n');
  const before = await app.eval(timers);
  assert.equal(before, 1);
  await app.replace('app.js', '1000', '500');
  await app.waitFor('applied app.js (timer)');
  assert.equal(await app.eval(timers), before, 'the old interval was cleared by its dispose callback');
  assert.equal(await app.eval(get), 'hits: 2\n', 'the same server, the same count');
  await app.replace('app.js', 'hits: ${++hits}', 'hits: ${++hits}!');
  await app.waitFor('applied app.js (handle)');
  assert.equal(await app.eval(get), 'hits: 3!\n');
  assert.equal(await app.eval(timers), before);
});
