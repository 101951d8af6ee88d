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
  assert.equal(r.error.column, 8, 'where the error was created');
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
