// docs/design.md §2.5: all or nothing. A bad edit changes nothing and says where it went wrong.
import assert from 'node:assert/strict';
import { eachNode } from '../helpers.mjs';

const main = `
import './harness.js';
import { a } from './a.js';
import { b, state } from './b.js';
globalThis.probe = () => a() + ' ' + b() + ' ' + state.n;
`;
const A = (v) => `export function a() { return 'a${v}'; }\n`;
const B = (v, extra = '') => `export const state = { n: 1 };\nexport function b() { return 'b${v}'; }\n${extra}`;

eachNode('a syntax error in one file: nothing of the refresh applies, then the fixed file applies', async (t, startApp) => {
  const app = await startApp({ 'main.js': main, 'a.js': A(1), 'b.js': B(1) });
  t.after(() => app.stop());
  await app.write('a.js', A(2));
  await app.write('b.js', `export const state = { n: 1 };\nexport function b() {\n  return 'b2' +;\n}\n`);
  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.equal(r.error.kind, 'syntax');
  assert.equal(r.error.file, 'b.js');
  assert.equal(r.error.line, 3);
  assert.match(r.error.frame, /> 3 \|/);
  assert.equal(await app.eval('probe()'), 'a1 b1 1', 'the good edit in a.js was not applied either');
  assert.match(app.output(), /\[limeade\] b\.js:3:\d+ SyntaxError/);
  assert.match(app.output(), /the program keeps running the previous code/);
  await app.write('b.js', B(2));
  const r2 = await app.refresh();
  assert.equal(r2.ok, true, JSON.stringify(r2.error));
  assert.equal(await app.eval('probe()'), 'a2 b2 1');
});

eachNode('an exception in changed top-level code rolls back every file of the refresh', async (t, startApp) => {
  const app = await startApp({ 'main.js': main, 'a.js': A(1), 'b.js': B(1) });
  t.after(() => app.stop());
  await app.write('a.js', A(2));
  await app.write('b.js', B(2, `state.n = 99;\nif (state.n) {\n  throw new RangeError('boom');\n}\n`));
  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.equal(r.error.kind, 'evaluation');
  assert.equal(r.error.file, 'b.js');
  assert.equal(r.error.line, 5);
  assert.equal(r.error.column, 9, 'where the error was created');
  assert.match(r.error.message, /RangeError: boom/);
  // Functions are back on the old code; the assignment that ran before the throw is the program's own state.
  assert.match(await app.eval('probe()'), /^a1 b1 /);
  await app.write('b.js', B(3));
  const r2 = await app.refresh();
  assert.equal(r2.ok, true, JSON.stringify(r2.error));
  assert.match(await app.eval('probe()'), /^a2 b3 /);
});

eachNode('an error thrown by the changed initializer of a declaration names its line; the old value stays', async (t, startApp) => {
  const app = await startApp({ 'main.js': `import './harness.js';\nimport { conf } from './c.js';\nimport * as ns from './c.js';\nglobalThis.probe = () => ns.conf.port;\n`, 'c.js': `export const conf = { port: 1 };\n` });
  t.after(() => app.stop());
  await app.write('c.js', `\n\nexport const conf = JSON.parse('{bad');\n`);
  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.equal(r.error.line, 3);
  assert.match(r.error.message, /SyntaxError/);
  assert.equal(await app.eval('probe()'), 1);
  assert.equal(app.exited(), null, 'the program is alive');
});

eachNode('a re-import that throws leaves the module on its old version', async (t, startApp) => {
  const app = await startApp({ 'main.js': main, 'a.js': A(1), 'b.js': B(1) });
  t.after(() => app.stop());
  await app.write('b.js', B(2, `export class Added {}\nthrow new Error('in new version');\n`));
  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.equal(r.error.file, 'b.js');
  assert.equal(r.error.line, 4);
  assert.equal(await app.eval('probe()'), 'a1 b1 1');
  await app.write('b.js', B(3, `export class Added {}\n`));
  const r2 = await app.refresh();
  assert.equal(r2.ok, true, JSON.stringify(r2.error));
  assert.equal(r2.modules[0].path, 'reimport');
  assert.equal(await app.eval('probe()'), 'a1 b3 1');
});

// Where an error of new code is: the file, line and column the user wrote (README "Errors"),
// and the frame shows that line as written. Stack traces of compiled code name other columns:
// a re-imported version's instrumentation and the extra scope's longer names move them, and an
// error `require` raises has more frames of Node's loader above the call than a stack keeps.

/** The report's error is at file:line:column (1-based, as the message says) and its frame shows `text` there, the caret under the column. */
function assertAt(r, app, file, line, column, text) {
  assert.equal(r.ok, false);
  assert.equal(`${r.error.file}:${r.error.line}:${r.error.column}`, `${file}:${line}:${column}`, r.error.message);
  const lines = r.error.frame.split('\n');
  const at = lines.findIndex((l) => /^>/.test(l));
  assert.equal(lines[at].replace(/^> *\d+ \| /, ''), text, r.error.frame);
  assert.equal(lines[at + 1].replace(/^ *\d* *\| /, '').indexOf('^'), column - 1, r.error.frame);
  assert.ok(app.output().includes(`[limeade] ${file}:${line}:${column} ${r.error.message.split('\n')[0]}`), app.output());
}

/** Is CommonJS live on the Node this test runs on (synchronous hooks, Node ≥ 22.15)? Its label says which Node. */
const commonJsLive = (t) => {
  const m = /\[(?:v|node )(\d+)/.exec(t.name);
  return !m || Number(m[1]) >= 22;
};

const REQUIRED = `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nglobalThis.C = require('./c.js');\nawait import('./harness.js');\n`;

eachNode('CommonJS: a require() in new code that fails names the require call, and a required file that throws says where', async (t, startApp) => {
  if (!commonJsLive(t)) return t.skip('CommonJS is not live on Node 20');
  const app = await startApp({ 'package.json': '{}', 'c.js': `const x = 1;\nconst y = 2;\nexports.f = function () { return 'f1'; };\n`, 'main.mjs': REQUIRED }, { entry: 'main.mjs' });
  t.after(() => app.stop());
  await app.write('c.js', `const x = 1;\nconst y = 2;\nconst zz = require('./missing.js');\nexports.f = function () { return 'f2'; };\n`);
  const r = await app.refresh();
  assert.match(r.error.message, /^Error: Cannot find module '\.\/missing\.js'/);
  assertAt(r, app, 'c.js', 3, 12, `const zz = require('./missing.js');`);
  await app.write('c.js', `const x = 1;\nconst n = require('./n.js');\nexports.f = function () { return 'f2'; };\n`);
  await app.write('n.js', `const a = 1;\nthrow new Error('boom in n');\n`);
  const r2 = await app.refresh();
  assert.equal(r2.error.message, 'Error: boom in n (thrown at n.js:2:7)');
  assertAt(r2, app, 'c.js', 2, 11, `const n = require('./n.js');`);
  assert.equal(await app.eval('C.f()'), 'f1');
});

eachNode('an import of a missing file added by an edit names the importing file and the declaration', async (t, startApp) => {
  const app = await startApp({ 'c.js': `const x = 1;\nexport const f = () => 'f1';\n`, 'main.js': `import * as C from './c.js';\nglobalThis.C = C;\nawait import('./harness.js');\n` });
  t.after(() => app.stop());
  await app.write('c.js', `const x = 1;\nimport { q } from './missing.js';\nexport const f = () => 'f2';\n`);
  const r = await app.refresh();
  assert.match(r.error.message, /Cannot find module '.*[/\\]missing\.js' imported from .*[/\\]c\.js$/);
  assert.doesNotMatch(app.output().split('--- stderr ---')[1], /dist[/\\]runtime/);
  assert.doesNotMatch(r.error.stack.split('\n')[0], /dist[/\\]runtime/);
  assertAt(r, app, 'c.js', 2, 1, `import { q } from './missing.js';`);
  assert.equal(await app.eval('C.f()'), 'f1');
});

eachNode('an error in new top-level code names the column the user wrote: a re-import, a name the edit adds, a function the edit calls', async (t, startApp) => {
  const app = await startApp({
    'c.js': `export let a = 1;\nexport const f = function () { return 'f1'; };\n`,
    't.js': `export function g(x) { if (x) throw new Error('g threw'); return 1; }\n`,
    'main.js': `import * as C from './c.js';\nimport * as T from './t.js';\nglobalThis.C = C;\nglobalThis.T = T;\nawait import('./harness.js');\n`,
  });
  t.after(() => app.stop());
  // A new export: the module is re-imported, its statements behind the version's gates.
  await app.write('c.js', `export let a = 1;\nexport const f = function () { return 'f1'; };\nexport let added = 1;\nnull.x;\n`);
  assertAt(await app.refresh(), app, 'c.js', 4, 6, 'null.x;');
  // Two new constants, the second reading the first (in the extra scope: `q` is read as `__lm$.x.q`).
  await app.write('c.js', `export let a = 1;\nexport const f = function () { return 'f1'; };\nconst q = JSON.parse('{"a": 1}');\nconst bad = q.missing.deep;\n`);
  assertAt(await app.refresh(), app, 'c.js', 4, 23, 'const bad = q.missing.deep;');
  // Any column of a line limeade instrumented: a function the new code calls throws.
  await app.write('t.js', `export function g(x) { if (x) throw new Error('g threw'); return 1; }\nexport const q = 1; g(q);\n`);
  const r = await app.refresh();
  assert.equal(r.error.message, 'Error: g threw');
  assertAt(r, app, 't.js', 1, 37, `export function g(x) { if (x) throw new Error('g threw'); return 1; }`);
  assert.equal(await app.eval('C.f() + C.a'), 'f11');
});

const TS = `export function f(x: number): number {\n  return x + 1;\n}\n`;

eachNode('TypeScript: an error in new top-level code names the column in the .ts file and shows its line as written', async (t, startApp) => {
  const app = await startApp({ 't.ts': TS, 'main.ts': `import * as T from './t.ts';\n(globalThis as any).T = T;\nawait import('./harness.js');\n` }, { entry: 'main.ts' });
  t.after(() => app.stop());
  await app.write('t.ts', `interface Q { a: number }\n${TS}const q: Q = JSON.parse('{"a": 1}') as Q;\nconst bad: number = (q as any).missing.deep;\n`);
  const r = await app.refresh();
  assertAt(r, app, 't.ts', 6, 40, `const bad: number = (q as any).missing.deep;`);
  assert.match(r.error.frame, /> 6 \| const bad: number = \(q as any\)\.missing\.deep;\n.*\n {2}7 \| $/);
  assert.match(r.error.frame, /^ {2}4 \| }\n {2}5 \| const q: Q = JSON\.parse\('\{"a": 1\}'\) as Q;\n/);
  assert.equal(await app.eval('T.f(1)'), 2);
});

eachNode('TypeScript in CommonJS (.cts): the frame shows the line as written', async (t, startApp) => {
  if (!commonJsLive(t)) return t.skip('CommonJS TypeScript needs Node 22');
  const app = await startApp({ 'c.cts': `exports.f = function (x: number): number { return x; };\n`, 'main.mjs': REQUIRED.replace('./c.js', './c.cts') }, { entry: 'main.mjs' });
  t.after(() => app.stop());
  await app.write('c.cts', `exports.f = function (x: number): number { return x; };\nconst q: any = {};\nconst bad: number = (q as any).missing.deep;\n`);
  const r = await app.refresh();
  assertAt(r, app, 'c.cts', 3, 40, `const bad: number = (q as any).missing.deep;`);
  assert.match(r.error.frame, / {2}1 \| exports\.f = function \(x: number\): number \{ return x; \};/);
  assert.equal(await app.eval('C.f(3)'), 3);
});

eachNode('an error on the first line names its column (eval code there has no padding in front)', async (t, startApp) => {
  const app = await startApp({
    'package.json': '{}',
    'e.mjs': `export const conf = { port: 1 };\nexport const f = () => conf.port;\n`,
    'c.js': `const conf = { port: 1 };\nexports.f = () => conf.port;\n`,
    'main.mjs': `import * as E from './e.mjs';\nglobalThis.E = E;\n${REQUIRED}`,
  }, { entry: 'main.mjs' });
  t.after(() => app.stop());
  await app.write('e.mjs', `export const conf = { port: JSON.parse('{}').a.b };\nexport const f = () => conf.port;\n`);
  assertAt(await app.refresh(), app, 'e.mjs', 1, 47, `export const conf = { port: JSON.parse('{}').a.b };`);
  assert.equal(await app.eval('E.f()'), 1);
  if (!commonJsLive(t)) return;
  await app.write('e.mjs', `export const conf = { port: 1 };\nexport const f = () => conf.port;\n`);
  await app.write('c.js', `const conf = { port: JSON.parse('{}').a.b };\nexports.f = () => conf.port;\n`);
  assertAt(await app.refresh(), app, 'c.js', 1, 40, `const conf = { port: JSON.parse('{}').a.b };`);
  assert.equal(await app.eval('C.f()'), 1);
});
