// A function assigned to a member of a top-level binding (`pm.matchBase = (…) => …`,
// `Emitter.prototype.on = function …`) whose statement runs again (its text changed outside
// the function: parentheses around it) makes a new function; one the program took before calls
// what the member holds now, as a fresh process would give it (runtime/cjs-forward.ts; found
// by the picomatch replay, 3.0.0: a `matchBase` taken at start kept calling `utils.isWindows`,
// which the same save removed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './harness.mjs';

const PM = (tail) => `const helpers = { ${tail.includes('isWin') ? 'isWin: () => false, ' : ''}ok: true }
const pm = (glob) => (s) => s === glob
${tail}
function Proto() {}
Proto.prototype.name = function (x = 'a') { return 'name ' + x }
pm.Proto = Proto
module.exports = pm
`;

test('CommonJS: a function taken from `pm.key = (…) => …` follows the key when the statement runs again', async (t) => {
  const app = await load({ 'main.mjs': `import pm from './pm.cjs';\nexport { pm };\n`, 'pm.cjs': PM(`pm.base = (s, win = helpers.isWin()) => 'old ' + s + win`) });
  t.after(app.close);
  const { pm } = app.ns;
  const base = pm.base;
  const name = pm.Proto.prototype.name;
  assert.equal(base('x'), 'old xfalse');
  app.write('pm.cjs', PM(`pm.base = ((s, win = false) => 'new ' + s + win)`).replace(`= function (x = 'a') { return 'name ' + x }`, `= (function (x = 'b') { return 'name ' + x })`));
  const r = await app.refresh();
  assert.ok(r.ok, r.error?.message);
  assert.equal(pm.base('x'), 'new xfalse');
  assert.equal(base('x'), 'new xfalse', 'the function taken before calls the new one');
  assert.equal(name(), 'name b', 'a prototype member too');
  assert.ok(r.modules[0].updated.includes('pm.base'), r.modules[0].updated.join());
  // And keeps following the key: a later body edit reaches it.
  app.write('pm.cjs', PM(`pm.base = ((s, win = false) => 'newer ' + s + win)`).replace(`= function (x = 'a') { return 'name ' + x }`, `= (function (x = 'b') { return 'name ' + x })`));
  assert.ok((await app.refresh()).ok);
  assert.equal(base('y'), 'newer yfalse');
});

test('an ES module: the same for `fn.key = (…) => …`', async (t) => {
  const LIB = (p) => `export function make() { return 1 }\nmake.help = (${p}) => 'help ' + a\n`;
  const app = await load({ 'lib.mjs': LIB(`a = 1`) });
  t.after(app.close);
  const help = app.ns.make.help;
  assert.equal(help(), 'help 1');
  app.write('lib.mjs', LIB(`a = 2`));
  assert.ok((await app.refresh()).ok);
  assert.equal(app.ns.make.help(), 'help 2');
  assert.equal(help(), 'help 2');
});

// A re-imported version's statements assign its own function object (`parse.fastpaths = …`):
// what they assigned goes onto the function the program holds (runtime/reimport.ts
// carryMembers), and a function taken from the member before follows it. Found by the
// picomatch replay (2.0.2: parse.js imported again; at 3.0.0 the held `parse.fastpaths` still
// ran the first version's code, calling `utils.isWindows`, gone).
test('re-import: members the version assigns to its function reach the function the program holds', async (t) => {
  const P = (fast, extra = '') => `${extra}
function parse(s) { return 'parse ' + s }
parse.fast = ${fast}
parse.kept = (s) => 'kept ' + s
function Proto() {}
Proto.prototype.name = function (x = 'a') { return 'name ' + x }
parse.Proto = Proto
module.exports = parse
`;
  const app = await load({ 'main.mjs': `import p from './p.cjs';\nexport { p };\n`, 'p.cjs': P(`(s) => 'old ' + s`) });
  t.after(app.close);
  const { p } = app.ns;
  const { fast, kept } = p;
  const name = p.Proto.prototype.name;
  app.write('p.cjs', P(`(s, n = 1) => 'new ' + s + n`, 'class K {}').replace(`(x = 'a')`, `(x = 'b')`));
  const r = await app.refresh();
  assert.ok(r.ok, r.error?.message);
  assert.equal(r.modules[0].path, 'reimport');
  assert.equal(app.ns.p, p);
  assert.deepEqual([p.fast('x'), fast('x'), p.kept('x'), kept('x')], ['new x1', 'new x1', 'kept x', 'kept x']);
  assert.equal(p.kept, kept, 'an unchanged statement did not run: its function stays');
  assert.deepEqual([p.Proto.prototype.name(), name()], ['name b', 'name b']);
});
