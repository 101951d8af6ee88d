// Shape changes in place (docs/design.md §2.6, runtime/extras.ts): new top-level functions and
// values, new imports and new exports live in the module's extra scope; no re-import, state
// and identities kept. In process, v1 → v2 → v3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applied, load } from './harness.mjs';

const V1 = `export const seen = [];
export function greet(name) { seen.push(name); return 'hi ' + name; }
`;
// v2: an import, a function, an arrow, a value and an export added; greet uses them.
const V2 = `import { basename } from 'node:path';
export const seen = [];
export function greet(name) { seen.push(name); return shout(tag(name)) + ' #' + ++calls; }
function shout(s) { return s.toUpperCase(); }
const tag = (s) => '<' + basename('/x/' + s) + '>';
let calls = 0;
export const VERSION = 2;
`;

test('v1 → v2 in place: an import, a function, an arrow, a value and an export added; no re-import; state kept', async (t) => {
  const app = await load({ 'lib.mjs': V1 });
  t.after(app.close);
  const { greet, seen } = app.ns;
  greet('a');
  app.write('lib.mjs', V2);
  const r = await app.refresh();
  assert.deepEqual(applied(r), [{ file: 'lib.mjs', path: 'patch', updated: ['greet', 'shout', 'tag', 'calls', 'VERSION'], statements: 0 }]);
  assert.deepEqual(app.imported, [], 'nothing imported again');
  assert.deepEqual([greet('b'), greet('c'), app.ns.seen === seen, seen], ['<B> #1', '<C> #2', true, ['a', 'b', 'c']]);
  assert.equal(app.record('lib.mjs').home('VERSION'), 2, 'code compiled in the module reads the new value');
  assert.equal(app.ns.VERSION, undefined, 'the namespace object cannot grow (README, Limits)');
});

test('v2 → v3: a function added in place is patched like any other; what the program took of it follows; values carry', async (t) => {
  const app = await load({ 'lib.mjs': V1 });
  t.after(app.close);
  const { greet } = app.ns;
  app.write('lib.mjs', V2);
  applied(await app.refresh());
  const held = app.record('lib.mjs').home('[shout, tag]');
  greet('b');
  app.write('lib.mjs', V2.replace('s.toUpperCase()', 's.toLowerCase() + "!"').replace("'<' +", "'[' +"));
  const r = await app.refresh();
  assert.deepEqual(applied(r), [{ file: 'lib.mjs', path: 'patch', updated: ['shout', 'tag'], statements: 0 }]);
  assert.deepEqual([held[0]('X'), held[1]('y'), greet('C')], ['x!', '[y>', '[c>! #2']);
  assert.deepEqual(app.record('lib.mjs').home('[shout, tag]').map((f, i) => f === held[i]), [true, true], 'the same functions');
});

test('a refresh that fails after adding names takes them back: the next one starts from the old text', async (t) => {
  const app = await load({ 'lib.mjs': V1 });
  t.after(app.close);
  const { greet } = app.ns;
  app.write('lib.mjs', V2 + `throw new Error('v2 fails');\n`);
  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.match(r.error.message, /v2 fails/);
  assert.equal(greet('a'), 'hi a');
  assert.deepEqual([...(app.record('lib.mjs').extras?.pending ?? [])], [], 'no name is pending');
  app.write('lib.mjs', V2);
  applied(await app.refresh());
  assert.equal(greet('b'), '<B> #1');
});

test('a new import of a name its module does not export fails the refresh as a fresh process fails to link', async (t) => {
  const app = await load({ 'lib.mjs': V1 });
  t.after(app.close);
  app.write('lib.mjs', `import { nope } from 'node:path';\n${V1}`);
  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.equal(r.error.line, 1);
  assert.match(r.error.message, /does not provide an export named 'nope'/);
  assert.equal(app.ns.greet('a'), 'hi a');
});

test('a module patched in place, then re-imported (a new class): code compiled before reads the new version; values and functions carry', async (t) => {
  const app = await load({ 'lib.mjs': V1 });
  t.after(app.close);
  const { greet } = app.ns;
  app.write('lib.mjs', V2);
  applied(await app.refresh());
  const shout = app.record('lib.mjs').home('shout');
  greet('a');
  app.write('lib.mjs', V2.replace('let calls = 0;', 'let calls = 0;\nclass Counter {}').replace("s.toUpperCase()", "s.toUpperCase() + '.'"));
  const r = await app.refresh();
  assert.deepEqual(applied(r).map((m) => m.path), ['reimport']);
  assert.deepEqual([greet('b'), shout('z')], ['<B>. #2', 'Z.'], 'the count carried; the function taken before runs the new code');
  app.write('lib.mjs', V2.replace('let calls = 0;', 'let calls = 0;\nclass Counter {}').replace("s.toUpperCase()", "s.toUpperCase() + '?'"));
  applied(await app.refresh());
  assert.deepEqual([greet('c'), shout('z')], ['<C>? #3', 'Z?']);
});

test('a class member and a closure compiled in place read the new names', async (t) => {
  const K1 = `export class K {\n  run() { return 1; }\n  make() { return () => 1; }\n}\n`;
  const app = await load({ 'k.mjs': K1 });
  t.after(app.close);
  const k = new app.ns.K();
  const made = k.make();
  app.write('k.mjs', `const base = 40;\nfunction two() { return 2; }\nexport class K {\n  run() { return base + two(); }\n  make() { return () => base + 1; }\n}\n`);
  applied(await app.refresh());
  assert.deepEqual([k.run(), made(), k.make()()], [42, 41, 41]);
});

test('a function added in place, removed, then declared again: a family again, which later edits reach', async (t) => {
  const v = (helper) => `export function run() { return ${helper ? 'helper()' : "'none'"}; }\n${helper ? `export function helper() { return ${JSON.stringify(helper)}; }\n` : ''}`;
  const app = await load({ 'lib.mjs': v(null) });
  t.after(app.close);
  const { run } = app.ns;
  for (const [text, expected] of [[v('a'), 'a'], [v(null), 'none'], [v('b'), 'b']]) {
    app.write('lib.mjs', text);
    applied(await app.refresh());
    assert.equal(run(), expected);
  }
  const held = app.record('lib.mjs').home('helper');
  app.write('lib.mjs', v('c'));
  applied(await app.refresh());
  assert.deepEqual([run(), held()], ['c', 'c']);
});

// Found by the zustand replay (5.1.0 adds `const createActionCreatorObject = (name, func) => ({ … })`).
test('an arrow added in place whose body is in parentheses (an object literal) compiles and follows later edits', async (t) => {
  const v1 = `export function make(n) { return n; }\n`;
  const v2 = `const wrap = (n) => ({ n, tag: 'v2' });\nexport function make(n) { return wrap(n); }\n`;
  const app = await load({ 'w.mjs': v1 });
  t.after(app.close);
  const { make } = app.ns;
  app.write('w.mjs', v2);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(make(1), { n: 1, tag: 'v2' });
  app.write('w.mjs', v2.replace("'v2'", "'v3'"));
  assert.equal((await app.refresh()).ok, true);
  assert.deepEqual(make(2), { n: 2, tag: 'v3' });
});

test('the report says what a module gained in place: the imports and exports it links (a save that only adds an import is not "no code change")', async (t) => {
  const { formatSuccess } = await import('../../dist/runtime/report.js');
  const app = await load({ 'lib.mjs': V1, 'n.mjs': `export const x = 1;\nexport default 2;\n`, 'side.mjs': `` });
  t.after(app.close);
  const v2 = `import { basename as base } from 'node:path';\nimport two, * as N from './n.mjs';\nimport './side.mjs';\n${V1}const k = 1;\nexport { k, k as K };\n`;
  app.write('lib.mjs', v2);
  const r = await app.refresh();
  applied(r);
  assert.deepEqual(r.modules[0].linked, [
    "imported { basename as base } from 'node:path'",
    "imported two from './n.mjs'",
    "imported * as N from './n.mjs'",
    "imported './side.mjs'",
    'exported k',
    'exported k as K',
  ]);
  assert.match(formatSuccess(r), /lib\.mjs \(k, imported \{ basename as base \} from 'node:path', .*exported k as K; patched\)/);
  app.write('lib.mjs', v2 + '// a comment\n');
  const again = await app.refresh();
  assert.equal(again.modules[0]?.linked, undefined, 'nothing more linked');
  assert.match(formatSuccess(again), /^\[limeade\] \S*lib\.mjs: no change that runs \(types, comments or layout only\) in /, 'a comment is no change that runs');
});

test("an export added to a module another one imports dynamically (`await import('./plugin.mjs')`) makes it imported again, so that import() links it as a fresh process would", async (t) => {
  const HOST = `export async function run() { const m = await import('./plugin.mjs'); return m.extra?.() ?? 'none'; }\n`;
  const app = await load({ 'host.mjs': HOST, 'plugin.mjs': `export const VERSION = 1;\n` });
  t.after(app.close);
  await app.ns.run();
  app.write('plugin.mjs', `export const VERSION = 2;\n`);
  assert.deepEqual(applied(await app.refresh()).map((m) => m.path), ['patch'], 'no export added: patched');
  app.write('plugin.mjs', `export const VERSION = 2;\nexport function extra() { return 'extra'; }\n`);
  const r = applied(await app.refresh());
  assert.deepEqual(r.map((m) => [m.file, m.path]), [['plugin.mjs', 'reimport']]);
  const ns = await import(app.imported.at(-1));
  assert.equal(ns.extra(), 'extra', "the version an import() now resolves to (loader/hooks.ts afterResolve) has it");
});

test('a default-exported function renamed (then made an arrow): what the program took of it before (a route handler, `const runner = task`) calls the new default', async (t) => {
  const app = await load({ 'use.mjs': `import task from './task.mjs';\nexport const runner = task;\n`, 'task.mjs': `export default function runTask(n) { return 'task ' + n; }\n` });
  t.after(app.close);
  const { runner } = app.ns;
  applied(await (app.write('task.mjs', `export default function executeTask(n) { return 'execute ' + n; }\n`), app.refresh()));
  assert.equal(runner(1), 'execute 1');
  applied(await (app.write('task.mjs', `export default (n) => 'arrow ' + n;\n`), app.refresh()));
  assert.equal(runner(2), 'arrow 2');
  applied(await (app.write('task.mjs', `export default (n) => 'arrow2 ' + n;\n`), app.refresh()));
  assert.equal(runner(3), 'arrow2 3', 'and follows later edits');
});

test('a module imported again with nothing of its own updated is reported with its reason alone, no empty list', async () => {
  const { formatSuccess } = await import('../../dist/runtime/report.js');
  const m = { file: 'svc.js', path: 'reimport', reason: 'imports changed', updated: [], removed: [], statements: 0, notes: [] };
  assert.equal(formatSuccess({ ok: true, modules: [m], durationMs: 1 }), '[limeade] updated svc.js (re-imported: imports changed) in 1.0 ms');
});
