// CommonJS files are scripts inside Node's module wrapper, with what only a script allows:
// a function declared twice (the last one is the binding's value), a top-level `return`,
// sloppy mode (a function a block declares is var-scoped, Annex B) and a `'use strict'`
// directive an edit may add or remove. After a refresh the program computes what a fresh
// process on the new files would, or the report says what falls short (docs/design.md §2,
// §6). Found by an adversarial differential run. Real files, no sleeps; CommonJS is live
// on Node ≥ 22.15 only, so Node 20 skips.
import assert from 'node:assert/strict';
import { assertOk, eachNode } from '../helpers.mjs';

function live(t) {
  const m = /\[(?:v|node )(\d+)/.exec(t.name);
  return !m || Number(m[1]) >= 22;
}

const main = (file) =>
  `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nglobalThis.C = require('./${file}');\nawait import('./harness.js');\n`;
const files = (c) => ({ 'package.json': '{}', 'c.js': c, 'main.mjs': main('c.js') });
const report = (app) => app.output().split('--- stderr ---')[1];

eachNode('CommonJS: of a function declared twice the last declaration runs the edit; an edit of the earlier one applies nothing and says so', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const c = `function f() { return 'first1'; }\nfunction f() { return 'second1'; }\nexports.call = () => f();\nexports.held = f;\n`;
  const app = await startApp(files(c), { entry: 'main.mjs' });
  try {
    assert.equal(await app.eval('C.call()'), 'second1');
    await app.replace('c.js', "'second1'", "'second2'");
    let r = await app.refresh();
    assertOk(r, app);
    assert.deepEqual([await app.eval('C.call()'), await app.eval('C.held()')], ['second2', 'second2'], 'the live (last) declaration runs its new code');
    assert.deepEqual(r.modules[0].updated, ['f']);
    await app.replace('c.js', "'first1'", "'first2'");
    r = await app.refresh();
    assertOk(r, app);
    assert.deepEqual([await app.eval('C.call()'), await app.eval('C.held()')], ['second2', 'second2'], 'the earlier declaration never runs');
    assert.deepEqual(r.modules[0].updated, [], 'nothing claims f was updated');
    assert.match(r.modules[0].notes.join('\n'), /the function f at line 1 is declared again at line 2, which replaces it .*this edit of it changes nothing/);
  } finally {
    await app.stop();
  }
});

eachNode("CommonJS: a 'use strict' an edit adds makes the code it compiles strict, is no statement that ran, and the report says what stays sloppy; removed, the report says the code stays strict", async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const c = `function f() { return 'f1 ' + typeof this; }\nfunction g() { return 'g1 ' + typeof this; }\nexports.f = () => f();\nexports.g = () => g();\n`;
  const app = await startApp(files(c), { entry: 'main.mjs' });
  try {
    assert.deepEqual([await app.eval('C.f()'), await app.eval('C.g()')], ['f1 object', 'g1 object']);
    await app.write('c.js', `'use strict';\n${c.replace("'f1 '", "'f2 '")}`);
    let r = await app.refresh();
    assertOk(r, app);
    assert.equal(await app.eval('C.f()'), 'f2 undefined', 'the new code is strict, as in a fresh process');
    assert.equal(await app.eval('C.g()'), 'g1 object', 'unchanged code keeps its mode (said)');
    assert.deepEqual([r.modules[0].updated, r.modules[0].statements], [['f'], 0], 'the directive is no statement that ran');
    assert.match(r.modules[0].notes.join('\n'), /the file says 'use strict' now, .*the code it did not change stays sloppy \(restart/);
    assert.doesNotMatch(report(app), /statement ran/);
    await app.replace('c.js', "'f2 '", "'f3 '");
    r = await app.refresh();
    assertOk(r, app);
    assert.equal(await app.eval('C.f()'), 'f3 undefined', 'still strict at the next edit');
    assert.deepEqual(r.modules[0].notes, [], 'said once, when the directive changed');
    await app.write('c.js', c.replace("'f1 '", "'f4 '"));
    r = await app.refresh();
    assertOk(r, app);
    assert.deepEqual([await app.eval('C.f()'), r.modules[0].statements], ['f4 object', 0], 'sloppy again: the scope that loaded is sloppy');
    assert.deepEqual(r.modules[0].notes, []);
  } finally {
    await app.stop();
  }
});

eachNode("CommonJS: removing a file's 'use strict' says its code stays strict until a restart", async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const c = `'use strict';\nfunction f() { return 'f1 ' + typeof this; }\nexports.f = () => f();\n`;
  const app = await startApp(files(c), { entry: 'main.mjs' });
  try {
    await app.write('c.js', c.replace("'use strict';\n", '').replace("'f1 '", "'f2 '"));
    const r = await app.refresh();
    assertOk(r, app);
    assert.equal(await app.eval('C.f()'), 'f2 undefined');
    assert.match(r.modules[0].notes.join('\n'), /the file no longer says 'use strict': its code stays in strict mode, the code this refresh compiled too \(restart to run it in sloppy mode\)/);
  } finally {
    await app.stop();
  }
});

eachNode('CommonJS: after a top-level `return` the module took as it loaded, new and changed code does not run (as in a fresh process), and the report says why; a changed statement that returns is declined with what to do', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const c = `exports.f = function () { return 'f1'; };\nexports.hoisted = () => hoisted();\nif (exports.f) return;\nexports.g = function () { return 'g1'; };\nfunction hoisted() { return 'h1'; }\n`;
  const d = c.replace('if (exports.f) return;', 'if (!exports.f) return;');
  const app = await startApp({ ...files(c), 'd.js': d, 'main.mjs': main('c.js').replace('await import', "globalThis.D = require('./d.js');\nawait import") }, { entry: 'main.mjs' });
  try {
    // A return not taken: what follows it ran, and new code there runs.
    await app.write('d.js', d.replace('exports.g =', 'exports.h = 1;\nexports.g ='));
    let r = await app.refresh();
    assertOk(r, app);
    assert.deepEqual([await app.eval('D.h'), r.modules[0].statements, r.modules[0].notes], [1, 1, []]);
    await app.write('c.js', c.replace("'f1'", "'f2'").replace("'g1'", "'g2'").replace('exports.g =', 'exports.h = 1;\nexports.g ='));
    r = await app.refresh();
    assertOk(r, app);
    assert.deepEqual(await app.eval('[C.f(), "g" in C, "h" in C]'), ['f2', false, false], 'what follows the return never runs');
    assert.equal(r.modules[0].statements, 0);
    assert.deepEqual(r.modules[0].updated, ['inline function at line 1']);
    assert.match(r.modules[0].notes.join('\n'), /after line 3 did not run: the module returned at its top-level `return` there when it loaded, as a fresh process on this text would/);
    // A function declaration after it is hoisted: it is live, and takes its edit.
    assert.equal(await app.eval('C.hoisted()'), 'h1');
    await app.replace('c.js', "'h1'", "'h2'");
    r = await app.refresh();
    assertOk(r, app);
    assert.deepEqual([await app.eval('C.hoisted()'), r.modules[0].updated, r.modules[0].notes], ['h2', ['hoisted'], []]);
    // The statement that returned, changed: eval code cannot return from the module.
    await app.replace('c.js', 'if (exports.f) return;', 'if (exports.f) { return; }');
    r = await app.refresh();
    assert.equal(r.ok, false);
    assert.deepEqual([r.error.kind, r.error.file, r.error.line, r.error.column], ['declined', 'c.js', 3, 18]);
    assert.match(r.error.message, /a new or changed top-level statement returns from the module/);
    assert.match(report(app), /\[limeade\] c\.js:3:18 .*\n[\s\S]*Restart the program to run the new code\./);
    assert.equal(await app.eval('C.f()'), 'f2', 'the old code keeps running');
    // Back to the text that runs: the next refresh applies.
    await app.replace('c.js', 'if (exports.f) { return; }', 'if (exports.f) return;');
    await app.replace('c.js', "'f2'", "'f3'");
    assertOk(await app.refresh(), app);
    assert.equal(await app.eval('C.f()'), 'f3');
  } finally {
    await app.stop();
  }
});

eachNode('CommonJS, sloppy: a function a top-level block declares is the module binding (Annex B): the statement run again gives it the new function; one new to the module is said', async (t, startApp) => {
  if (!live(t)) return t.skip('Node 20 has no synchronous hooks');
  const c = `if (true) {\n  function blockFn() { return 'b1'; }\n}\nif (false) {\n  function never() { return 'n1'; }\n}\nexports.call = () => blockFn();\nexports.never = () => typeof never;\n`;
  const app = await startApp(files(c), { entry: 'main.mjs' });
  try {
    assert.deepEqual(await app.eval('[C.call(), C.never()]'), ['b1', 'undefined']);
    await app.write('c.js', c.replace("'b1'", "'b2'").replace("'n1'", "'n2'"));
    let r = await app.refresh();
    assertOk(r, app);
    assert.deepEqual(await app.eval('[C.call(), C.never()]'), ['b2', 'undefined'], 'as in a fresh process');
    assert.deepEqual([r.modules[0].statements, r.modules[0].notes], [2, []]);
    await app.write('c.js', `${c.replace("'b1'", "'b3'").replace('function blockFn', "function added() { return 'a'; }\n  function blockFn")}exports.added = () => typeof added;\n`);
    r = await app.refresh();
    assertOk(r, app);
    assert.equal(await app.eval('C.call()'), 'b3');
    assert.match(r.modules[0].notes.join('\n'), /the function added that the statement at line 1 declares in a block is new to the module: code outside the statement does not see it until the program restarts/);
  } finally {
    await app.stop();
  }
});
