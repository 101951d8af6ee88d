// Values derived across `require` (docs/design.md §2.3, §6), in process: a CommonJS module's
// top-level requires are imports for the derived values — the whole exports (`lib.VERSION`
// read from it), destructured keys, `require(…).key` — and a declaration reading an export
// key that changes is evaluated again, transitively, what it requires first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './harness.mjs';

const outcome = (r) => {
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return Object.fromEntries(r.modules.map((m) => [m.file.split('/').pop(), { updated: m.updated, recomputed: m.recomputed ?? [] }]));
};

const LIB = `const VERSION = '1.0';\nfunction greet(s) { return 'hi ' + s; }\nmodule.exports = { VERSION, greet, other: 'x' };\n`;

test('a value read across require from an edited exports object is evaluated again; one reading other keys is kept', async (t) => {
  const app = await load({
    'main.mjs': `import user from './user.cjs';\nexport { user };\n`,
    'lib.cjs': LIB,
    'user.cjs': `const lib = require('./lib.cjs');
const { VERSION: V, greet } = require('./lib.cjs');
const other = require('./lib.cjs').other;
const banner = 'lib ' + lib.VERSION;
const shout = banner + '!';
const named = 'v' + V;
const kept = { made: 'o ' + lib.other };
const state = [];
module.exports = { banner, shout, named, kept, other, state, hi: () => greet('a') };
`,
  });
  t.after(app.close);
  const user = app.ns.user;
  const { kept, state } = user;
  assert.deepEqual([user.banner, user.shout, user.named], ['lib 1.0', 'lib 1.0!', 'v1.0']);
  app.write('lib.cjs', LIB.replace(`'1.0'`, `'2.0'`));
  assert.deepEqual(outcome(await app.refresh()), {
    'lib.cjs': { updated: ['VERSION'], recomputed: [] },
    'user.cjs': { updated: [], recomputed: ['V, greet', 'banner', 'shout', 'named'] },
  });
  assert.equal(app.ns.user, user, 'the same exports object');
  assert.deepEqual([user.banner, user.shout, user.named, user.hi()], ['lib 2.0', 'lib 2.0!', 'v2.0', 'hi a']);
  assert.equal(user.kept, kept);
  assert.equal(user.state, state);
});

test('a changed key of exports.X = … reaches a destructuring require; an unchanged module is not planned', async (t) => {
  const app = await load({
    'main.mjs': `import a from './a.cjs';\nexport { a };\n`,
    'n.cjs': `exports.LIMIT = 5;\nexports.label = 'n';\n`,
    'a.cjs': `const { LIMIT } = require('./n.cjs');\nconst { label } = require('./n.cjs');\nconst DOUBLE = LIMIT * 2;\nexports.DOUBLE = DOUBLE;\nexports.label = label;\n`,
    'b.cjs': `const n = require('./n.cjs');\nexports.x = n.label;\n`,
  });
  t.after(app.close);
  app.write('n.cjs', `exports.LIMIT = 6;\nexports.label = 'n';\n`);
  const r = outcome(await app.refresh());
  assert.deepEqual(r['a.cjs'], { updated: [], recomputed: ['LIMIT', 'DOUBLE'] });
  assert.equal(app.ns.a.DOUBLE, 12);
});

test('transitively, dependencies first although a CommonJS module registers before what it requires', async (t) => {
  const app = await load({
    'main.mjs': `import a from './a.cjs';\nexport { a };\n`,
    'a.cjs': `const b = require('./b.cjs');\nconst TOTAL = b.PRICE + 1;\nmodule.exports = { TOTAL };\n`,
    'b.cjs': `const { RATE } = require('./c.cjs');\nconst PRICE = 10 * RATE;\nmodule.exports = { PRICE, RATE };\n`,
    'c.cjs': `exports.RATE = 2;\n`,
  });
  t.after(app.close);
  assert.equal(app.ns.a.TOTAL, 21);
  app.write('c.cjs', `exports.RATE = 3;\n`);
  const report = await app.refresh();
  assert.deepEqual(Object.keys(outcome(report)), ['c.cjs', 'b.cjs', 'a.cjs']);
  assert.deepEqual(outcome(report)['a.cjs'], { updated: [], recomputed: ['TOTAL'] });
  assert.equal(app.ns.a.TOTAL, 31);
});

test('unsure what changed (Object.assign(exports, …)): every key; an ES module default-importing the file follows', async (t) => {
  const app = await load({
    'main.mjs': `import u from './u.cjs';\nimport m from './m.cjs';\nexport const fromDefault = m.obj.n;\nexport { u };\n`,
    'm.cjs': `exports.flag = true;\nObject.assign(exports, { obj: { n: 1 } });\n`,
    'u.cjs': `const m = require('./m.cjs');\nconst flag = m.flag;\nconst n = m.obj.n;\nconst kept = [];\nmodule.exports = { flag, n, kept };\n`,
  });
  t.after(app.close);
  const kept = app.ns.u.kept;
  assert.deepEqual([app.ns.u.flag, app.ns.u.n, app.ns.fromDefault], [true, 1, 1]);
  app.write('m.cjs', `exports.flag = true;\nObject.assign(exports, { obj: { n: 2 } });\n`);
  const r = outcome(await app.refresh());
  assert.deepEqual(r['u.cjs'], { updated: [], recomputed: ['flag', 'n'] });
  assert.deepEqual(r['main.mjs'], { updated: [], recomputed: ['fromDefault'] });
  assert.deepEqual([app.ns.u.flag, app.ns.u.n, app.ns.fromDefault, app.ns.u.kept === kept], [true, 2, 2, true]);
});

test('a removed exports.X = … statement: its readers see the key gone; readers of other keys are kept', async (t) => {
  const app = await load({
    'main.mjs': `import u from './u.cjs';\nexport { u };\n`,
    'm.cjs': `exports.flag = true;\nexports.n = 1;\n`,
    'u.cjs': `const m = require('./m.cjs');\nconst flag = m.flag;\nconst n = m.n;\nmodule.exports = { flag, n };\n`,
  });
  t.after(app.close);
  app.write('m.cjs', `exports.n = 1;\n`);
  const r = outcome(await app.refresh());
  assert.deepEqual(r['u.cjs'], { updated: [], recomputed: ['flag'] });
  assert.deepEqual([app.ns.u.flag, app.ns.u.n, 'flag' in app.ns.u], [undefined, 1, true]);
});

test('a statement that read keys of a required exports object that this refresh changed is said to stay as it ran; one reading other keys, or the whole object, is not', async (t) => {
  const CFG = `module.exports = { EVENTS: ['a'], PORT: 1, name: 'x' };\n`;
  const app = await load({
    'main.mjs': `import user from './user.cjs';\nexport { user };\n`,
    'cfg.cjs': CFG,
    'other.cjs': `exports.x = 1;\n`,
    'user.cjs': `const cfg = require('./cfg.cjs');
const { EventEmitter } = require('node:events');
const bus = new EventEmitter();
for (const e of cfg.EVENTS) bus.on(e, () => {});
const seen = [];
seen.push(require('./cfg.cjs').PORT);
seen.push(cfg.name, cfg);
seen.push(require('./other.cjs').x);
module.exports = { bus, seen };
`,
  });
  t.after(app.close);
  const notes = (r) => {
    if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
    return r.modules.flatMap((m) => m.notes.map((n) => `${m.file.split('/').pop()}: ${n.replace(/ at \S*\//, ' at ')}`));
  };
  app.write('cfg.cjs', CFG.replace(`['a']`, `['a', 'b']`));
  assert.deepEqual(notes(await app.refresh()), [
    'cfg.cjs: the statement at user.cjs:4:1 reads cfg.EVENTS, whose value this refresh changed; it does not run again (a statement runs again only when its own text changes), so what it did stays as the old value made it: edit the statement, or restart, to run it again',
  ]);
  app.write('cfg.cjs', CFG.replace(`['a']`, `['a', 'b']`).replace('PORT: 1', 'PORT: 2'));
  assert.deepEqual(notes(await app.refresh()), [
    "cfg.cjs: the statement at user.cjs:6:1 reads require('./cfg.cjs').PORT, whose value this refresh changed; it does not run again (a statement runs again only when its own text changes), so what it did stays as the old value made it: edit the statement, or restart, to run it again",
  ]);
  assert.deepEqual(app.ns.user.seen.slice(0, 2), [1, 'x'], 'the statements did not run again');
});

test("an ES module's statement that read keys of a CommonJS file's exports through its default import (import cfg from './cfg.cjs'; cfg.EVENTS) is said to stay as it ran", async (t) => {
  const CFG = `module.exports = { EVENTS: ['a'], name: 'x' };\n`;
  const app = await load({
    'main.mjs': `import cfg from './cfg.cjs';\nexport const seen = [];\nfor (const e of cfg.EVENTS) seen.push(e);\nseen.push(cfg.name);\n`,
    'cfg.cjs': CFG,
  });
  t.after(app.close);
  const r = await (app.write('cfg.cjs', CFG.replace(`['a']`, `['a', 'b']`)), app.refresh());
  const notes = r.modules.flatMap((m) => m.notes.map((n) => n.replace(/ at \S*\//, ' at ')));
  assert.deepEqual(notes, [
    'the statement at main.mjs:3:1 reads cfg.EVENTS, whose value this refresh changed; it does not run again (a statement runs again only when its own text changes), so what it did stays as the old value made it: edit the statement, or restart, to run it again',
  ]);
});

test("an ES module's require from createRequire follows as CommonJS's does: a destructured key that changes is evaluated again", async (t) => {
  const app = await load({
    'main.mjs': `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nconst { VERSION } = require('./lib.cjs');\nexport const banner = 'lib ' + VERSION;\n`,
    'lib.cjs': LIB,
  });
  t.after(app.close);
  assert.equal(app.ns.banner, 'lib 1.0');
  app.write('lib.cjs', LIB.replace(`'1.0'`, `'2.0'`));
  assert.deepEqual(outcome(await app.refresh())['main.mjs'], { updated: [], recomputed: ['VERSION', 'banner'] });
  assert.equal(app.ns.banner, 'lib 2.0');
});

test("a CommonJS file that stops assigning module.exports and writes exports.x = … instead writes the exports object the program holds, as in a fresh process", async (t) => {
  const app = await load({
    'main.mjs': `import fmt from './fmt.cjs';\nexport { fmt };\n`,
    'fmt.cjs': `const PREFIX = '>';\nfunction format(s) { return PREFIX + s; }\nmodule.exports = { format, PREFIX };\n`,
  });
  t.after(app.close);
  const { fmt } = app.ns;
  const r = await app.refresh(app.write('fmt.cjs', `const PREFIX = '>>>';\nexports.format = (s) => PREFIX + s + '!';\nexports.PREFIX = PREFIX;\n`));
  outcome(r);
  assert.equal(app.ns.fmt, fmt, 'the same object');
  assert.deepEqual([fmt.PREFIX, fmt.format('a')], ['>>>', '>>>a!']);
});

test("an ES module's named import of a CommonJS value that changes is said to keep the old value (Node's snapshot)", async (t) => {
  const app = await load({
    'main.mjs': `import lib, { VERSION as V } from './lib.cjs';\nexport const now = () => [lib.VERSION, V];\n`,
    'lib.cjs': LIB,
  });
  t.after(app.close);
  const r = await (app.write('lib.cjs', LIB.replace(`'1.0'`, `'2.0'`)), app.refresh());
  outcome(r);
  assert.match(r.modules.flatMap((m) => m.notes).join('\n'), /main\.mjs imports VERSION as V by name from \S*lib\.cjs, whose value this refresh changed: a named import of a CommonJS file is a snapshot/);
  assert.deepEqual(app.ns.now(), ['2.0', '1.0'], 'as the note says');
});

test('a function a CommonJS file exported by name and an edit removed (now `exports.format = (s) => …`) calls what the exports have under its key: a named import taken before follows', async (t) => {
  const app = await load({
    'main.mjs': `import { format } from './fmt.cjs';\nexport const call = (s) => format(s);\n`,
    'fmt.cjs': `function format(s) { return '>' + s; }\nmodule.exports = { format };\n`,
  });
  t.after(app.close);
  outcome(await (app.write('fmt.cjs', `exports.format = (s) => '>>' + s;\n`), app.refresh()));
  assert.equal(app.ns.call('a'), '>>a');
  outcome(await (app.write('fmt.cjs', `exports.format = (s) => '>>>' + s;\n`), app.refresh()));
  assert.equal(app.ns.call('b'), '>>>b', 'and keeps following the key');
});

// Found by the commander replay (12.1.0 → 13.0.0-0: help.js gains `exports.stripColor`,
// command.js, re-imported for the new name, destructures it: `stripColor is not a function`).
test('a re-imported CommonJS version runs after what it requires evaluated the same refresh: a key added there is read', async (t) => {
  const app = await load({
    'main.mjs': `import a from './a.cjs';\nexport { a };\n`,
    'b.cjs': `class Help {}\nexports.Help = Help;\n`,
    'a.cjs': `const { Help } = require('./b.cjs');\nclass Command {\n  run(s) { return s; }\n}\nexports.Command = Command;\n`,
  });
  t.after(app.close);
  const { Command } = app.ns.a;
  const old = new Command();
  app.write('b.cjs', `class Help {}\nfunction strip(s) { return s.trim(); }\nexports.Help = Help;\nexports.strip = strip;\n`);
  app.write('a.cjs', `const { Help, strip } = require('./b.cjs');\nconst seen = typeof strip;\nclass Command {\n  run(s) { return strip(s) + ':' + seen; }\n}\nexports.Command = Command;\n`);
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual(r.modules.map((m) => [m.file.split('/').pop(), m.path]), [['b.cjs', 'patch'], ['a.cjs', 'reimport']]);
  assert.equal(app.ns.a.Command, Command, 'the class continues');
  assert.equal(new Command().run(' x '), 'x:function');
  assert.equal(old.run(' y '), 'y:function');
});

test('a re-imported CommonJS version that throws rolls back; the next save applies', async (t) => {
  const app = await load({
    'main.mjs': `import a from './a.cjs';\nexport { a };\n`,
    'b.cjs': `exports.n = 1;\n`,
    'a.cjs': `const { n } = require('./b.cjs');\nexports.get = () => n;\n`,
  });
  t.after(app.close);
  app.write('b.cjs', `exports.n = 1;\nexports.m = 2;\n`);
  app.write('a.cjs', `const { n, m } = require('./b.cjs');\nif (m === 2) throw new Error('no');\nexports.get = () => n + m;\n`);
  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.equal(r.error.kind, 'evaluation');
  assert.match(r.error.message, /Error: no/);
  assert.equal(app.ns.a.get(), 1);
  app.write('a.cjs', `const { n, m } = require('./b.cjs');\nexports.get = () => n + m;\n`);
  const r2 = await app.refresh();
  assert.ok(r2.ok, JSON.stringify(r2.error));
  assert.equal(app.ns.a.get(), 3);
});

// Found by the commander replay (12.0.0-0: `exports = module.exports = new Command();` gone,
// `exports.program = new Command();` instead): the program holds the old value and the new
// statements assign to it, where a fresh process's require gives a plain exports object.
test('a removed statement that replaced module.exports with a value (not an object literal) is said to leave it in place', async (t) => {
  const app = await load({
    'main.mjs': `import m from './m.cjs';\nexport { m };\n`,
    'm.cjs': `class Thing { hi() { return 'hi'; } }\nexports = module.exports = new Thing();\nexports.Thing = Thing;\n`,
  });
  t.after(app.close);
  const held = app.ns.m;
  app.write('m.cjs', `class Thing { hi() { return 'hi'; } }\nexports.program = new Thing();\nexports.Thing = Thing;\n`);
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  const notes = r.modules.flatMap((m) => m.notes);
  assert.equal(notes.filter((n) => n.includes('stays module.exports')).length, 1, JSON.stringify(notes));
  assert.match(notes.find((n) => n.includes('stays module.exports')), /removed statement at .*m\.cjs:2:1 \(exports = module\.exports = new Thing\(\);\) replaced module\.exports/);
  assert.equal(held.program.hi(), 'hi', 'the new statement assigned to the value the program holds');
  // Unchanged or object-literal replacements say nothing.
  app.write('m.cjs', `class Thing { hi() { return 'hello'; } }\nexports.program = new Thing();\nexports.Thing = Thing;\n`);
  const r2 = await app.refresh();
  assert.ok(r2.ok);
  assert.deepEqual(r2.modules.flatMap((m) => m.notes).filter((n) => n.includes('stays module.exports')), []);
});

// Found by the debug replay (4.3.0): node.js's `module.exports = require('./common')(exports)`
// ran setup(env) at load; 4.3.0's setup assigns `createDebug.destroy`, which the running
// program never gets (setup does not run again), and the refresh said nothing of it.
test('a statement or declaration that called a required module\'s exported function whose code changed: a note names it (through a local, or where it is required)', async (t) => {
  const common = (v2) => `function setup(env) {
  function api(ns) { return ns + '!'; }
  api.env = env;
  ${v2 ? "api.destroy = () => 'gone';" : ''}
  return api;
}
module.exports = setup;
`;
  const app = await load({
    'main.cjs': "const setup = require('./common.cjs');\nexports.made = setup(exports);\nconst direct = require('./common.cjs')({});\nmodule.exports.direct = direct;\n",
    'common.cjs': common(false),
  });
  t.after(app.close);
  app.write('common.cjs', common(true));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  const notes = r.modules.flatMap((m) => m.notes).join('\n');
  assert.match(notes, /the statement at \S*main\.cjs:2:1 calls setup, whose code this refresh changed; it does not run again/);
  assert.match(notes, /direct at \S*main\.cjs:3:7 keeps the value require\('\.\/common\.cjs'\) computed before this refresh changed its code/);
});

test('an export statement that requires, where it stands, a module whose exports change runs again when it sets keys; one that makes module.exports anew says it keeps its object (mime: `module.exports = new Mime(require(\'./types/standard\'))`)', async (t) => {
  const app = await load({
    'main.mjs': `import lib from './index.cjs';\nimport made from './made.cjs';\nexport { lib, made };\n`,
    'index.cjs': `exports.types = Object.assign({}, require('./data.cjs'));\nmodule.exports.count = Object.keys(require('./data.cjs')).length;\n`,
    'made.cjs': `function Table(m) { this.map = Object.assign({}, m); }\nmodule.exports = new Table(require('./data.cjs'));\n`,
    'data.cjs': `module.exports = { png: 'image/png' };\n`,
  });
  t.after(app.close);
  const { lib, made } = app.ns;
  app.write('data.cjs', `module.exports = { png: 'image/png', avif: 'image/avif' };\n`);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual([lib.types, lib.count], [{ png: 'image/png', avif: 'image/avif' }, 2]);
  // The object the program holds is kept, and the report says why it lacks the new key.
  assert.equal(app.ns.made, made);
  assert.deepEqual(made.map, { png: 'image/png' });
  const notes = r.modules.flatMap((m) => m.notes).join('\n');
  assert.match(notes, /made\.cjs:2:1 makes module\.exports from require\('\.\/data\.cjs'\), whose exports this refresh changed; it does not run again/);
  assert.equal(r.modules.some((m) => m.file.endsWith('made.cjs')), false, 'made.cjs is not reported as updated');
});

// Found by session 16's review: a CommonJS file reading its own exports where it stands
// (`exports.double = exports.rate * 2`, `const { rate } = exports`) kept the values computed
// from the old `exports.rate`; a fresh process computes them from the new one.
test('a CommonJS file reading its own exports: values computed from a changed key are computed again, those reading only other keys keep theirs', async (t) => {
  const V = (rate, name = 'a') => `'use strict';
exports.name = '${name}';
exports.rate = ${rate};
exports.double = exports.rate * 2;
module.exports.triple = module.exports.rate * 3;
const { rate } = exports;
exports.quad = rate * 4;
exports.sixfold = exports.double * 3;
exports.label = exports.name + '!';
`;
  const app = await load({ 'main.mjs': `import lib from './lib.cjs';\nexport { lib };\n`, 'lib.cjs': V(1) });
  t.after(app.close);
  const { lib } = app.ns;
  const values = () => [lib.rate, lib.double, lib.triple, lib.quad, lib.sixfold, lib.label];
  app.write('lib.cjs', V(5));
  let r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual(values(), [5, 10, 15, 20, 30, 'a!']);
  // What the program stored in a key read from another one stays when only that other key's neighbour changes.
  lib.double = 99;
  app.write('lib.cjs', V(5, 'b'));
  r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual(values(), [5, 99, 15, 20, 30, 'b!']);
});

// Found by session 18's review: `module.exports = Object.freeze({ … })` run again made a new
// object, while `const defaults = require(…)` kept the old one and what read it was
// "recomputed" from the old values, unsaid.
test('a frozen module.exports made anew: the requiring declaration takes the new object, what reads it follows, and the report says so', async (t) => {
  const D = (n) => `module.exports = Object.freeze({ timeout: ${n}, retries: 3 });\n`;
  const app = await load({
    'main.cjs': `const defaults = require('./defaults.cjs');\nconst config = { ...defaults, retries: 5 };\nexports.config = config;\nexports.getTimeout = () => defaults.timeout;\n`,
    'defaults.cjs': D(30),
  });
  t.after(app.close);
  const main = app.ns.default ?? app.ns;
  assert.deepEqual([main.config.timeout, main.getTimeout()], [30, 30]);
  app.write('defaults.cjs', D(60));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  const now = app.ns.default ?? app.ns;
  assert.deepEqual([now.config.timeout, now.getTimeout(), main.getTimeout()], [60, 60, 60]);
  assert.match(r.modules.flatMap((m) => m.notes).join('\n'), /defaults at .*main\.cjs:1:7 is made anew: the object it held is frozen/);
});

// Session 18's second review: a singleton (`module.exports = new Cache({ max: 10 })`) made anew
// left two: `require()` gave the new one while the modules that took it at start kept the old.
test('a module.exports that is a class instance, made anew: the requiring declarations take the new one', async (t) => {
  const C = (max) => `class Cache {\n  constructor(o = {}) { this.max = o.max ?? 10; }\n}\nmodule.exports = new Cache(${max});\n`;
  const app = await load({
    'main.cjs': `const cache = require('./cache.cjs');\nexports.max = () => cache.max;\nexports.same = () => cache === require('./cache.cjs');\n`,
    'cache.cjs': C(''),
  });
  t.after(app.close);
  const main = app.ns.default ?? app.ns;
  assert.deepEqual([main.max(), main.same()], [10, true]);
  app.write('cache.cjs', C('{ max: 100 }'));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual([main.max(), main.same()], [100, true]);
});
