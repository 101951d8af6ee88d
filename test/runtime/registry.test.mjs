// The registry (runtime/registry.ts): it alone writes a refresh's outcome into the module
// records (commit), takes a failed one back through the undo log (rollback), and tells a
// re-imported version what to carry and run (expect).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from '../../dist/runtime/registry.js';
import { newHolder } from '../../dist/runtime/slots.js';

const hook = () => undefined;

function oneModule() {
  const registry = new Registry(() => {});
  registry.reportSource('file:///app/a.js', 'v1');
  registry.module('file:///app/a.js', hook);
  return { registry, record: registry.modules.get('file:///app/a.js') };
}

test('a module registers once, with the JavaScript the loader reported, before or after it registered', () => {
  const registry = new Registry(() => {});
  registry.reportSource('file:///app/a.js', 'a1');
  registry.module('file:///app/a.js', hook);
  registry.module('file:///app/b.js', hook);
  registry.reportSource('file:///app/b.js', 'b1');
  assert.deepEqual([...registry.modules.values()].map((r) => [r.file, r.source]), [
    ['/app/a.js', 'a1'],
    ['/app/b.js', 'b1'],
  ]);
});

test('commit: the applied text becomes the base of the next refresh', () => {
  const { registry, record } = oneModule();
  registry.begin();
  const program = { type: 'Program', start: 0, end: 2, body: [] };
  registry.commit([{ record, source: 'v2', program, declared: ['f', 'g'] }]);
  assert.deepEqual(
    { source: record.source, parsed: record.parsed, refreshes: record.refreshes, known: [...record.known], failed: record.failed },
    { source: 'v2', parsed: { source: 'v2', program }, refreshes: 1, known: ['f', 'g'], failed: undefined },
  );
});

test('rollback: every undo step runs, last first, one that throws does not stop the others', () => {
  const { registry, record } = oneModule();
  const undo = registry.begin();
  const order = [];
  undo.push(() => order.push('first'));
  undo.push(() => {
    throw new Error('broken step');
  });
  undo.push(() => order.push('third'));
  const failed = registry.rollback([{ record, source: 'v2 (broken)' }]);
  assert.deepEqual(order, ['third', 'first']);
  assert.deepEqual(failed, ['Error: broken step']);
  assert.deepEqual([record.source, record.failed, record.refreshes], ['v1', 'v2 (broken)', 0]);
  // The log is closed: a new refresh may begin.
  assert.doesNotThrow(() => registry.begin());
});

test('a refresh cannot begin while another one has changes in its log', () => {
  const { registry } = oneModule();
  registry.begin().push(() => {});
  assert.throws(() => registry.begin(), /limeade bug/);
});

test('a re-imported version is told what to carry and which statements run; what it registers is kept apart', () => {
  const { registry, record } = oneModule();
  record.home = (code) => (code === 'count' ? 41 : undefined);
  const { version, loading } = registry.expect(record, ['count'], [false, true]);
  assert.equal(version, 1);
  const api = registry.module(`file:///app/a.js?limeade=${version}`, hook);
  assert.deepEqual([api.carries('count'), api.carried, api.carries('other')], [true, 41, false]);
  assert.deepEqual([api.runs(0), api.runs(1), api.runs(2)], [false, true, true]);
  const impl = function f() {};
  api.fn('f', 'f', impl, impl, newHolder(), 1);
  assert.deepEqual([...loading.fns.keys()], ['f']);
  assert.equal(record.fns.size, 0, 'the running version\'s families are untouched until adopted');
  registry.loaded(record);
  assert.equal(registry.expect(record, [], []).version, 2, 'a version number is never reused');
});

test('a function family records whether its handle passes new.target (given when it registers)', () => {
  const { registry, record } = oneModule();
  const api = registry.module('file:///app/a.js', hook);
  const plain = function p() {};
  const ctor = function c() {};
  api.fn('p', 'p', plain, plain, newHolder(), 0);
  api.fn('c', 'c', ctor, ctor, newHolder(), 1);
  assert.deepEqual([record.fns.get('p').passesNewTarget, record.fns.get('c').passesNewTarget], [false, true]);
});

test('items sort into load order: dependencies registered first', () => {
  const registry = new Registry(() => {});
  for (const f of ['dep', 'mid', 'main']) registry.module(`file:///app/${f}.js`, hook);
  const rec = (f) => registry.modules.get(`file:///app/${f}.js`);
  const sorted = registry.inLoadOrder([{ record: rec('main') }, { record: rec('dep') }, { record: rec('mid') }]);
  assert.deepEqual(sorted.map((x) => x.record.file), ['/app/dep.js', '/app/mid.js', '/app/main.js']);
});

test('a holder pointed at new code, and a class\'s field layer, are fast-mode objects at once (V8 would keep them dictionaries until an inline cache walked them)', async () => {
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--allow-natives-syntax');
  const fast = new Function('o', 'return %HasFastProperties(o)');
  const { newHolder, setHolder, keepFast } = await import('../../dist/runtime/slots.js');
  const h = newHolder();
  setHolder(h, () => 1);
  assert.equal(fast(Object.getPrototypeOf(h)), true);
  setHolder(h, () => 2);
  assert.deepEqual([fast(Object.getPrototypeOf(h)), Object.getPrototypeOf(h).f()], [true, 2]);
  // What keepFast undoes: an object made a prototype is a dictionary at first.
  const layer = Object.create(Object.prototype);
  Object.setPrototypeOf(Object.create(null), layer);
  Object.setPrototypeOf(function P() {}.prototype, layer);
  const before = fast(layer);
  keepFast(layer);
  assert.deepEqual([before, fast(layer)], [false, true]);
});

test("holders(prefix, n) defines n globals, each a holder with no code, that the program cannot enumerate or assign; a taken name or a non-extensible globalThis is a [limeade] error naming the file", async () => {
  const { registry } = oneModule();
  const api = registry.module('file:///app/a.js', hook);
  api.holders('__lmg$test_1$', 2);
  const d = Object.getOwnPropertyDescriptor(globalThis, '__lmg$test_1$1');
  assert.deepEqual([d.enumerable, d.writable, d.configurable, d.value.f], [false, false, false, undefined]);
  assert.notEqual(globalThis.__lmg$test_1$0, globalThis.__lmg$test_1$1);
  assert.ok(!Object.keys(globalThis).some((k) => k.startsWith('__lmg$')));
  assert.throws(() => api.holders('__lmg$test_1$', 1), /^Error: \[limeade\] \/app\/a\.js: cannot define the globals that hold its functions' code \(Cannot redefine property: __lmg\$test_1\$0\)/);
  // In a child: a globalThis made non-extensible cannot be undone here.
  const { execFileSync } = await import('node:child_process');
  const script = `import { Registry } from ${JSON.stringify(new URL('../../dist/runtime/registry.js', import.meta.url).href)};
const api = new Registry(() => {}).module('file:///app/b.js', () => {});
Object.preventExtensions(globalThis);
try { api.holders('__lmg$x$', 1); } catch (e) { console.log(e.message); }`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.match(out, /^\[limeade\] \/app\/b\.js: cannot define the globals that hold its functions' code \(.*\); limeade needs globalThis extensible while modules load, and the names starting with __lmg\$/);
});
