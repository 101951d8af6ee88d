// State a module builds at load, in order, through private builder functions (docs/design.md
// §2.3, runtime/builders.ts): when a refresh touches any part of it, every statement that
// calls a builder runs again from its state's first values, as in a fresh process; an empty
// `[]`/`{}` it fills is emptied where it is (the object the program holds). Found by the
// semver replay (internal/re.js: `createToken('NAME', '…')` numbering its regexps with `R++`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './harness.mjs';

const outcome = (r) => {
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return Object.fromEntries(r.modules.map((m) => [m.file.split('/').pop(), { path: m.path, statements: m.statements, notes: m.notes }]));
};

/** A token table in semver's way: a counter and tables filled by one builder. */
const RE = ({ b = 'b', extra = '', body = '', more = '' } = {}) => `'use strict'
${extra}
exports = module.exports = {}
const src = exports.src = []
const t = exports.t = {}
let R = 0
const tok = (name, value) => {
  const index = R++
  ${body}
  t[name] = index
  src[index] = value
}
tok('A', 'a')
${more}tok('B', '${b}')
tok('C', src[t.A] + 'c')
`;

const MAIN = `import re from './re.cjs';\nexport { re };\n`;

async function start(t) {
  const app = await load({ 'main.mjs': MAIN, 're.cjs': RE() });
  t.after(app.close);
  const { re } = app.ns;
  const held = { src: re.src, t: re.t };
  assert.deepEqual([re.src, re.t], [['a', 'b', 'ac'], { A: 0, B: 1, C: 2 }]);
  return { app, re, held };
}

test('a changed statement calling a builder: all of them run again, numbered from the start; the tables are the same objects', async (t) => {
  const { app, re, held } = await start(t);
  app.write('re.cjs', RE({ b: 'b2' }));
  const r = outcome(await app.refresh());
  assert.equal(r['re.cjs'].statements, 3);
  assert.match(r['re.cjs'].notes.join('\n'), /the 3 statements from line \d+ that call tok build R, t, src in order: they run again/);
  assert.deepEqual([re.src, re.t], [['a', 'b2', 'ac'], { A: 0, B: 1, C: 2 }]);
  assert.equal(re.src, held.src);
  assert.equal(re.t, held.t);
});

test("a builder's code changed: the statements that call it run again with it", async (t) => {
  const { app, re } = await start(t);
  app.write('re.cjs', RE({ body: `value = value.toUpperCase()` }));
  outcome(await app.refresh());
  assert.deepEqual([re.src, re.t], [['A', 'B', 'AC'], { A: 0, B: 1, C: 2 }]);
});

test('a statement added in the middle and one removed: numbered as in a fresh process', async (t) => {
  const { app, re } = await start(t);
  app.write('re.cjs', RE({ more: `tok('X', 'x')\n` }));
  outcome(await app.refresh());
  assert.deepEqual([re.src, re.t], [['a', 'x', 'b', 'ac'], { A: 0, X: 1, B: 2, C: 3 }]);
  app.write('re.cjs', RE());
  outcome(await app.refresh());
  assert.deepEqual([re.src, re.t], [['a', 'b', 'ac'], { A: 0, B: 1, C: 2 }]);
});

test('on the re-import path too (a new class): the carried tables are emptied and filled again', async (t) => {
  const { app, re, held } = await start(t);
  app.write('re.cjs', RE({ b: 'b3', extra: 'class K {}' }));
  const r = outcome(await app.refresh());
  assert.equal(r['re.cjs'].path, 'reimport');
  assert.deepEqual([re.src, re.t], [['a', 'b3', 'ac'], { A: 0, B: 1, C: 2 }]);
  assert.equal(re.src, held.src);
});

test('a failed refresh puts the emptied tables back', async (t) => {
  const { app, re } = await start(t);
  app.write('re.cjs', RE({ b: 'b2', more: `tok('Y', null.x)\n` }));
  const report = await app.refresh();
  assert.equal(report.ok, false);
  assert.deepEqual([re.src, re.t], [['a', 'b', 'ac'], { A: 0, B: 1, C: 2 }]);
});

test('state that code running later writes is no builder state: only the changed statement runs, the count is kept', async (t) => {
  const COUNTER = (n) => `let hits = 0
function hit() { hits++ }
hit()
hit()
exports.hit = hit
exports.count = () => hits
exports.n = ${n}
`;
  const app = await load({ 'main.mjs': `import c from './c.cjs';\nexport { c };\n`, 'c.cjs': COUNTER(1) });
  t.after(app.close);
  const { c } = app.ns;
  c.hit();
  assert.equal(c.count(), 3);
  app.write('c.cjs', COUNTER(2));
  const r = outcome(await app.refresh());
  assert.equal(r['c.cjs'].statements, 1);
  assert.equal(c.count(), 3);
});

test('what a CommonJS module requires without an extension is ordered first and followed (semver: `require("./constants")`)', async (t) => {
  const CONSTANTS = (more) => `module.exports = { MAX: 5${more} }\n`;
  const USER = (more) => `const { MAX${more ? ', BUILD' : ''} } = require('./constants')
const LIMIT = MAX * 2
class K${more ? '' : '0'} {}
module.exports = { LIMIT, build: ${more ? 'BUILD' : 'null'} }
`;
  const app = await load(
    { 'main.mjs': `import u from './user.js';\nexport { u };\n`, 'user.js': USER(''), 'constants.js': CONSTANTS('') },
    { commonjs: (name) => name.endsWith('.js') },
  );
  t.after(app.close);
  const { u } = app.ns;
  assert.deepEqual([u.LIMIT, u.build], [10, null]);
  app.write('constants.js', CONSTANTS(', BUILD: 250'));
  app.write('user.js', USER('yes'));
  const r = await app.refresh();
  assert.deepEqual(Object.keys(outcome(r)), ['constants.js', 'user.js']);
  assert.equal(u.build, 250);
  app.write('constants.js', CONSTANTS(', BUILD: 251').replace('MAX: 5', 'MAX: 6'));
  outcome(await app.refresh());
  assert.deepEqual([u.LIMIT, u.build], [12, 251]);
});

test('results a function keeps in a module-level map, computed by code the refresh changed: the report says so', async (t) => {
  const LIB = (suffix) => `const cache = new Map()
function format(s) { return s + '${suffix}' }
class Parser {
  parse(s) {
    const hit = cache.get(s)
    if (hit) return hit
    const out = this.clean(s)
    cache.set(s, out)
    return out
  }
  clean(s) { return format(s.trim()) }
}
module.exports = { Parser }
`;
  const app = await load({ 'main.mjs': `import lib from './lib.cjs';\nexport { lib };\n`, 'lib.cjs': LIB('!') });
  t.after(app.close);
  const p = new app.ns.lib.Parser();
  assert.equal(p.parse(' a '), 'a!');
  app.write('lib.cjs', LIB('?'));
  const r = outcome(await app.refresh());
  assert.match(r['lib.cjs'].notes.join('\n'), /Parser\.parse at .*lib\.cjs:4:8 keeps results in cache \(cache\.get, cache\.set\) computed by code this refresh changed \(format\)/);
  assert.equal(p.parse(' b '), 'b?');
  assert.equal(p.parse(' a '), 'a!', 'the entry stored before answers (the limit the note says)');
});

// Found reviewing builders.ts: an exported function other modules call later is no builder.
// Treated as one, the refresh emptied its table and ran only this module's calls again: the
// entries other modules had registered were lost.
test('an exported registering function is no builder: entries other modules registered survive an edit of its module', async (t) => {
  const REG = (v) => `const table = {};\nexport function register(k, v) { table[k] = v; }\nregister('a', ${v});\nexport const get = (k) => table[k];\n`;
  const app = await load({ 'main.mjs': `import { get, register } from './reg.mjs';\nregister('b', 2);\nexport { get };\n`, 'reg.mjs': REG(1) });
  t.after(app.close);
  assert.deepEqual([app.ns.get('a'), app.ns.get('b')], [1, 2]);
  app.write('reg.mjs', REG(10));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual([app.ns.get('a'), app.ns.get('b')], [10, 2], 'what main.mjs registered is kept');
});

test("a builder that declares the state's name in an inner block still builds that state (its own block's binding shadows it only there)", async (t) => {
  const body = `if (name === 'none') { const R = 'a local'; void R }`;
  const app = await load({ 'main.mjs': MAIN, 're.cjs': RE({ body }) });
  t.after(app.close);
  const { re } = app.ns;
  app.write('re.cjs', RE({ body, b: 'b2' }));
  outcome(await app.refresh());
  assert.deepEqual([re.src, re.t], [['a', 'b2', 'ac'], { A: 0, B: 1, C: 2 }]);
});
