// A refresh as a transaction (docs/design.md §2.5, §3.2), in process: read → plan → compile
// → evaluate → commit, or roll back. Each test shows the versions of the files it loads and
// saves, and what the program then observes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applied, load } from './harness.mjs';

test('v1 → v2 → v3: a function held since start runs each new version; state is kept', async (t) => {
  const app = await load({
    'lib.mjs': `export let calls = 0;\nexport function greet(name) { calls++; return 'hello ' + name; }\n`,
  });
  t.after(app.close);
  const held = app.ns.greet;
  assert.equal(held('ann'), 'hello ann');

  app.write('lib.mjs', `export let calls = 0;\nexport function greet(name) { calls++; return 'hi ' + name; }\n`);
  assert.deepEqual(applied(await app.refresh()), [{ file: 'lib.mjs', path: 'patch', updated: ['greet'], statements: 0 }]);
  assert.equal(held('bob'), 'hi bob');

  app.write('lib.mjs', `export let calls = 0;\nexport function greet(name) { calls++; return 'hey ' + name + ' #' + calls; }\n`);
  applied(await app.refresh());
  assert.equal(held('cy'), 'hey cy #3');
  assert.equal(app.ns.greet, held, 'the binding keeps the identity the program holds');
});

test('code is swapped before anything is evaluated: a changed statement sees the new function', async (t) => {
  const app = await load({
    'a.mjs': `export const log = [];\nexport function f() { return 'f1'; }\nlog.push(f());\n`,
  });
  t.after(app.close);
  app.write('a.mjs', `export const log = [];\nexport function f() { return 'f2'; }\nlog.push('ran ' + f());\n`);
  assert.deepEqual(applied(await app.refresh()), [{ file: 'a.mjs', path: 'patch', updated: ['f'], statements: 1 }]);
  assert.deepEqual(app.ns.log, ['f1', 'ran f2']);
});

test('a statement that throws rolls back every change of the refresh, last first, in every file', async (t) => {
  const app = await load({
    'main.mjs': `export { f, limit } from './a.mjs';\nexport { g } from './b.mjs';\n`,
    'a.mjs': `export function f() { return 'f1'; }\nexport let limit = 1;\n`,
    'b.mjs': `export const seen = [];\nexport function g() { return 'g1'; }\n`,
  });
  t.after(app.close);
  const { f, g } = app.ns;
  app.write('a.mjs', `export function f() { return 'f2'; }\nexport let limit = 2;\n`);
  app.write('b.mjs', `export const seen = [];\nexport function g() { return 'g2'; }\nseen.push(1);\nnull.boom;\n`);

  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.deepEqual({ kind: r.error.kind, file: r.error.file.split('/').pop(), line: r.error.line }, { kind: 'evaluation', file: 'b.mjs', line: 4 });
  assert.match(r.error.message, /^TypeError: Cannot read properties of null/);
  assert.deepEqual([f(), g(), app.ns.limit], ['f1', 'g1', 1], 'nothing of either file applied');
  assert.deepEqual(
    [app.record('a.mjs').failed !== undefined, app.record('b.mjs').failed !== undefined],
    [true, true],
    'both texts are remembered as failed',
  );

  app.write('b.mjs', `export const seen = [];\nexport function g() { return 'g3'; }\n`);
  assert.deepEqual(applied(await app.refresh()).map((m) => m.updated), [['f', 'limit'], ['g']]);
  assert.deepEqual([f(), g(), app.ns.limit], ['f2', 'g3', 2]);
});

test('a syntax error: nothing applies, the error names file, line and column', async (t) => {
  const app = await load({ 'a.mjs': `export function f() { return 1; }\n` });
  t.after(app.close);
  app.write('a.mjs', `export function f() {\n  return 2 +;\n}\n`);
  const r = await app.refresh();
  assert.deepEqual(
    { ok: r.ok, kind: r.error.kind, line: r.error.line, column: r.error.column },
    { ok: false, kind: 'syntax', line: 2, column: 12 },
  );
  assert.match(r.error.frame, /> 2 \|   return 2 \+;/);
  assert.equal(app.ns.f(), 1);
});

test('a refresh that finds no change reports nothing and changes nothing', async (t) => {
  const app = await load({ 'a.mjs': `export let n = 1;\n` });
  t.after(app.close);
  const r = await app.refresh();
  assert.deepEqual([r.ok, r.modules], [true, []]);
  assert.equal(app.record('a.mjs').refreshes, 0);
});

test('a failed text is retried with the next real change, and forgotten once the file is back', async (t) => {
  const app = await load({
    'main.mjs': `export * from './a.mjs';\nexport * from './b.mjs';\n`,
    'a.mjs': `export function f() { return 1; }\n`,
    'b.mjs': `export function g() { return 1; }\n`,
  });
  t.after(app.close);
  app.write('a.mjs', `export function f() { return 2 }; null.x;\n`);
  assert.equal((await app.refresh()).ok, false);
  // The same broken text seen again alone (a watcher re-check) is no news: nothing to apply.
  assert.deepEqual(await app.refresh(['a.mjs']).then((r) => [r.ok, r.modules]), [true, []]);
  // Back to the text that runs: the failure is forgotten, and b's edit applies on its own.
  app.write('a.mjs', `export function f() { return 1; }\n`);
  app.write('b.mjs', `export function g() { return 2; }\n`);
  assert.deepEqual(applied(await app.refresh(['b.mjs'])).map((m) => m.file), ['b.mjs']);
  assert.equal(app.record('a.mjs').failed, undefined);
});

for (const [how, path, extra] of [
  ['a re-import (a new class)', 'reimport', 'export class Extra {}\n'],
  ['in place (a new export)', 'patch', ''],
])
  test(`${how} keeps the values of unchanged declarations and runs only new statements`, async (t) => {
    const app = await load({
      'a.mjs': `export let count = 0;\nexport function inc() { return ++count; }\nexport const log = [];\nlog.push('start');\n`,
    });
    t.after(app.close);
    const inc = app.ns.inc;
    inc();
    inc();
    app.write(
      'a.mjs',
      `export let count = 0;\nexport function inc() { return count += 10; }\nexport const log = [];\nlog.push('start');\n${extra}export function twice() { return count * 2; }\nlog.push('v2');\n`,
    );
    const [m] = applied(await app.refresh());
    assert.deepEqual([m.path, m.statements], [path, 1]);
    assert.equal(app.imported.length, path === 'reimport' ? 1 : 0, 'one version imported, or none');
    assert.equal(inc(), 12, 'the count carried over; the held function runs the new body');
    assert.deepEqual(app.ns.log, ['start', 'v2']);
    assert.equal(app.record('a.mjs').home('twice()'), 24, 'the new function reads the live count');
  });

test('a fault in limeade while swapping is reported as internal and rolls back what was swapped', async (t) => {
  const app = await load({ 'a.mjs': `export function f() { return 1; }\nexport function g() { return 1; }\n` });
  t.after(app.close);
  const { f, g } = app.ns;
  app.record('a.mjs').fns.get('g').holders.push(null); // a corrupt family: setImpl throws on it
  app.write('a.mjs', `export function f() { return 2; }\nexport function g() { return 2; }\n`);
  const r = await app.refresh();
  assert.deepEqual([r.ok, r.error.kind], [false, 'internal']);
  assert.deepEqual([f(), g()], [1, 1]);
  app.record('a.mjs').fns.get('g').holders.pop();
  applied(await app.refresh());
  assert.deepEqual([f(), g()], [2, 2]);
});

test('a file that failed never blocks the others: an unrelated save applies while it still fails', async (t) => {
  const app = await load({
    'main.mjs': `export * from './a.mjs';\nexport * from './b.mjs';\n`,
    'a.mjs': `export function f() { return 'f1'; }\n`,
    'b.mjs': `export function g() { return 'g1'; }\n`,
  });
  t.after(app.close);
  const { f, g } = app.ns;
  app.write('a.mjs', `export function f() { return 'f2'; }\nnull.boom;\n`);
  const failed = await app.refresh(['a.mjs']);
  assert.deepEqual([failed.ok, failed.error.kind, failed.error.line], [false, 'evaluation', 2]);

  // a.mjs still holds its broken text; b.mjs is saved: b applies, a is said to still fail.
  app.write('b.mjs', `export function g() { return 'g2'; }\n`);
  const r = await app.refresh(['b.mjs']);
  assert.deepEqual(applied(r), [{ file: 'b.mjs', path: 'patch', updated: ['g'], statements: 0 }]);
  assert.deepEqual(r.stillFailing.map((f) => f.split('/').pop()), ['a.mjs']);
  assert.deepEqual([f(), g()], ['f1', 'g2']);

  // refresh() of everything with nothing else changed reports a's error again.
  const again = await app.refresh();
  assert.deepEqual([again.ok, again.error.line], [false, 2]);

  // Fixed: a applies.
  app.write('a.mjs', `export function f() { return 'f3'; }\n`);
  assert.deepEqual(applied(await app.refresh(['a.mjs'])).map((m) => m.updated), [['f']]);
  assert.deepEqual([f(), g()], ['f3', 'g2']);
});

test('files saved together stay all or nothing: a new failure in one stops the other', async (t) => {
  const app = await load({
    'main.mjs': `export * from './a.mjs';\nexport * from './b.mjs';\n`,
    'a.mjs': `export function f() { return 'f1'; }\n`,
    'b.mjs': `export function g() { return 'g1'; }\n`,
  });
  t.after(app.close);
  app.write('a.mjs', `export function f() { return 'f2'; }\nnull.boom;\n`);
  app.write('b.mjs', `export function g() { return 'g2'; }\n`);
  const r = await app.refresh(['a.mjs', 'b.mjs']);
  assert.deepEqual([r.ok, r.error.file.split('/').pop()], [false, 'a.mjs']);
  assert.deepEqual([app.ns.f(), app.ns.g()], ['f1', 'g1']);
});
