// Plugins that extend a class once at start (found by the dayjs replay, test/replay/projects/
// dayjs.mjs): a plugin is an exported function expression, often parenthesized as Babel
// writes it (`export default (function (o, C, f) { … })`), called once by the program's
// `extend`; it assigns methods to the prototype and wraps existing ones. The methods it
// assigned are closures of the plugin function: an edit of their bodies reaches them. Also
// what else that replay found: a class compiled for ES5 (dayjs's `Dayjs`, duration's
// `Duration`), a statement reading keys of a namespace import (`C.MS`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applied, load } from './harness.mjs';

const CORE = `export class Core {
  constructor(v) { this.v = v; }
  show() { return 'core ' + this.v; }
}
const installed = new Set();
export function extend(plugin) {
  if (!installed.has(plugin)) { plugin(undefined, Core); installed.add(plugin); }
}
`;
const PLUGIN = (tag) => `export default (function (o, C) {
  var proto = C.prototype;
  var oldShow = proto.show;
  proto.show = function () { return '${tag}(' + oldShow.call(this) + ')'; };
  proto.twice = function () { return '${tag} ' + this.v * 2; };
});
`;
const MAIN = `import { Core, extend } from './core.mjs';
import plugin from './plugin.mjs';
extend(plugin);
export const kept = new Core(2);
export const make = (v) => new Core(v);
`;

test('a parenthesized default export (`export default (function …)`) loads, and the methods it assigned when called follow an edit of their bodies', async (t) => {
  const app = await load({ 'main.mjs': MAIN, 'core.mjs': CORE, 'plugin.mjs': PLUGIN('p1') });
  t.after(app.close);
  assert.deepEqual([app.ns.kept.show(), app.ns.kept.twice()], ['p1(core 2)', 'p1 4']);
  app.write('plugin.mjs', PLUGIN('p2'));
  applied(await app.refresh());
  assert.deepEqual([app.ns.kept.show(), app.ns.kept.twice(), app.ns.make(5).show()], ['p2(core 2)', 'p2 4', 'p2(core 5)']);
});

const ZONE = (params, body) => `export default (function (o, C, f) {
  var proto = C.prototype;
  var fallback = 'utc';
  f.tz = function (${params}) { ${body} };
  proto.zone = function () { return 'zone ' + this.v; };
});
`;
const MAIN_F = `import { Core } from './core.mjs';
import plugin from './plugin.mjs';
export const f = (v) => new Core(v);
plugin(undefined, Core, f);
`;

test('a function a plugin assigned to a property, whose parameters an edit changed, runs the new body (paired by the property it is assigned to)', async (t) => {
  const app = await load({ 'main.mjs': MAIN_F, 'core.mjs': CORE, 'plugin.mjs': ZONE('input, zone', "return [input, zone || fallback].join(' ');") });
  t.after(app.close);
  const { f } = app.ns;
  assert.equal(f.tz('x', 'berlin'), 'x berlin');
  app.write('plugin.mjs', ZONE('input, arg1, arg2', "var format = arg2 && arg1; var zone = arg2 || arg1 || fallback; return [input, format, zone].join(' ');"));
  const r = await app.refresh();
  applied(r);
  assert.doesNotMatch(r.modules.flatMap((m) => m.notes).join('\n'), /keep their code/);
  assert.deepEqual([f.tz('x', 'berlin'), f.tz('x', 'DD/MM', 'tokyo'), f(2).zone()], ['x  berlin', 'x DD/MM tokyo', 'zone 2']);
});

const GROW = (more) => `export default (function (o, C) {
  var proto = C.prototype;
  var oldShow = proto.show;
  proto.show = function () { return 'p(' + oldShow.call(this) + ')'; };${more}
  var local = {};
  local.x = function () { return 1; };
  return local;
});
`;

test('a method a plugin function newly assigns to a prototype it was given is named in a note: the plugin ran at start and is not called again', async (t) => {
  const app = await load({ 'main.mjs': MAIN, 'core.mjs': CORE, 'plugin.mjs': GROW('') });
  t.after(app.close);
  app.write('plugin.mjs', GROW(`\n  proto.twice = function () { return this.v * 2; };\n  C.prototype.half = function () { return this.v / 2; };\n  var more = {};\n  more.y = function () { return 2; };`));
  const r = await app.refresh();
  applied(r);
  const notes = r.modules.flatMap((m) => m.notes);
  assert.equal(notes.length, 2, notes.join('\n'));
  assert.match(notes[0], /`proto\.twice = function \(\) \{ return this\.v \* 2; \};` at .*plugin\.mjs:5:3 is new in the function at line 1: .*this assignment is not made: restart/);
  assert.match(notes[1], /`C\.prototype\.half = .*plugin\.mjs:6:3/);
  assert.equal(typeof app.ns.kept.twice, 'undefined', 'what the note says');
});

const HELPER = `var t = function t(s) {
    return s.replace(/[a-z]/g, function (_, a, b) { return _.toUpperCase(); });
  };`;
const LOCALIZED = (outer, inner) => `${outer}export default (function (o, C) {
  var proto = C.prototype;
  var names = { L: 'long' };${inner}
  proto.local = function (s) {
    return s.replace(/L|x/g, function (_, a, b) { return names[_] || t(_); });
  };
});
`;

test('a closure site whose text is found once on each side pairs with itself before two of one signature pair in order (a helper moved out of the plugin function: no note for the site left unchanged)', async (t) => {
  const app = await load({ 'main.mjs': MAIN, 'core.mjs': CORE, 'plugin.mjs': LOCALIZED('', `\n  ${HELPER}`) });
  t.after(app.close);
  assert.equal(app.ns.kept.local('L x'), 'long X');
  app.write('plugin.mjs', LOCALIZED(`export ${HELPER.replace(/\n  /g, '\n')}\n`, ''));
  const r = await app.refresh();
  applied(r);
  const notes = r.modules.flatMap((m) => m.notes).filter((n) => /plugin\.mjs:\d+:\d+: closures/.test(n));
  // Only the helper that moved out and the callback inside it: not proto.local's callback, unchanged.
  assert.deepEqual(notes.map((n) => /^the function that was at .*plugin\.mjs:(\d+:\d+): closures it made before this refresh keep their code \(no function of the new text/.exec(n)?.[1]), ['4:11', '5:32'], notes.join('\n'));
  assert.equal(app.ns.kept.local('L x'), 'long X');
});

const ES5 = (extra, get = 'this.v', ctor = 'this.v = v;') => `var Box = /*#__PURE__*/function () {
  function Box(v) { ${ctor} }
  var _proto = Box.prototype;
  _proto.get = function get() { return ${get}; };${extra}
  return Box;
}();
var proto = Box.prototype;
export const make = (v) => new Box(v);
make.proto = proto;
export const isBox = (x) => x instanceof Box;
`;

test('a class compiled for ES5 (a function that builds and returns it) continues through an edit that adds, changes and removes methods: instances made before, a plugin\'s wrapper of a method, the class held', async (t) => {
  const app = await load({ 'box.mjs': ES5(`\n  _proto.gone = function gone() { return 'gone'; };`) });
  t.after(app.close);
  const Box = app.ns.make(0).constructor;
  const kept = app.ns.make(1);
  // A plugin at start: wraps get, keeping the first version's function.
  const oldGet = Box.prototype.get;
  Box.prototype.get = function () { return 'p(' + oldGet.call(this) + ')'; };
  app.write('box.mjs', ES5('', 'this.v + 1'));
  let r = await app.refresh();
  applied(r);
  assert.deepEqual([kept.get(), app.ns.isBox(kept)], ['p(2)', true], 'a body edit patches the method in place');
  app.write('box.mjs', ES5('', 'this.v + 1', 'this.v = v * 10;'));
  applied(await app.refresh());
  assert.deepEqual([app.ns.make(2).get(), kept.get(), app.ns.isBox(app.ns.make(1))], ['p(21)', 'p(2)', true], 'a constructor body edit reaches new instances');
  app.write('box.mjs', ES5(`\n  _proto.twice = function twice() { return this.v * 2; };`, 'this.v + 100', 'this.v = v * 3;'));
  r = await app.refresh();
  applied(r);
  assert.deepEqual(r.modules.flatMap((m) => m.notes), [], 'the class held continues: what read it (`var proto = Box.prototype`, `make.proto = proto`) reads the same');
  assert.equal(app.ns.make.proto, Box.prototype);
  const made = app.ns.make(2);
  assert.deepEqual(
    [made.constructor === Box, app.ns.isBox(kept), made instanceof Box, kept.twice(), made.get(), kept.get(), made.twice(), 'gone' in kept],
    [true, true, true, 2, 'p(106)', 'p(101)', 12, false],
    'one class: old instances gain twice, the wrapper calls the new get, the constructor is new, gone is gone',
  );
  app.write('box.mjs', ES5(`\n  _proto.twice = function twice() { return this.v * 4; };`, 'this.v - 1', 'this.v = v;'));
  applied(await app.refresh());
  assert.deepEqual([kept.twice(), kept.get(), app.ns.make(5).get(), app.ns.isBox(kept)], [4, 'p(0)', 'p(4)', true], 'and the next edit, on the class built again');
});

const CREATE_CLASS = (keys) => `function _createClass(C, props) { for (var p of props) Object.defineProperty(C.prototype, p.key, { value: p.value, configurable: true, writable: true }); return C; }
var Box = /*#__PURE__*/function () {
  function Box(v) { this.v = v; }
  _createClass(Box, [${keys.map((k) => `{ key: '${k}', value: function ${k}() { return '${k} ' + this.v; } }`).join(', ')}]);
  return Box;
}();
export const make = (v) => new Box(v);
export const isBox = (x) => x instanceof Box;
`;

test('a class compiled for ES5 whose methods are defined otherwise than by assignment (Babel\'s _createClass) is built anew, as a note says', async (t) => {
  const app = await load({ 'box.mjs': CREATE_CLASS(['get']) });
  t.after(app.close);
  const kept = app.ns.make(1);
  app.write('box.mjs', CREATE_CLASS(['get', 'twice']));
  const r = await app.refresh();
  applied(r);
  const notes = r.modules.flatMap((m) => m.notes);
  assert.equal(notes.length, 1, notes.join('\n'));
  assert.match(notes[0], /`Box` at .*box\.mjs:2:5 is a class built by a function \(compiled for ES5\).*built anew.*restart/);
  assert.deepEqual([app.ns.make(3).twice(), app.ns.isBox(kept)], ['twice 3', false], 'what the note says');
});

test('a statement that read keys of a namespace import is noted only when a key it read changed (dayjs: `[[…, C.MS], …].forEach(…)` noted at every edit of constant.js)', async (t) => {
  const MAIN_NS = `import * as C from './c.mjs';\nexport const table = {};\n[['ms', C.MS], ['s', C.S]].forEach(function (g) { table[g[1]] = g[0]; });\n`;
  const app = await load({ 'main.mjs': MAIN_NS, 'c.mjs': `export const MS = 'millisecond';\nexport const S = 'second';\nexport const Y = 'year';\n` });
  t.after(app.close);
  app.write('c.mjs', `export const MS = 'millisecond';\nexport const S = 'second';\nexport const Y = 'years';\nexport const Q = 'quarter';\n`);
  let r = await app.refresh();
  applied(r);
  assert.deepEqual(r.modules.flatMap((m) => m.notes), [], 'Y and Q: the statement read neither');
  app.write('c.mjs', `export const MS = 'ms';\nexport const S = 'second';\nexport const Y = 'years';\nexport const Q = 'quarter';\n`);
  r = await app.refresh();
  applied(r);
  const notes = r.modules.flatMap((m) => m.notes);
  assert.equal(notes.length, 1, notes.join('\n'));
  assert.match(notes[0], /the statement at .*main\.mjs:3:1 reads C\.MS, whose value this refresh changed/);
});

test('a statement that passes an object literal updated in place is not noted; one that read a key the edit changed is (dayjs: `dayjs.locale(locale, null, true)` in a locale file)', async (t) => {
  const LOCALE = (months) => `import { register, names } from './core.mjs';\nexport const locale = { name: 'de', months: ${JSON.stringify(months)} };\nregister(locale);\nnames.push(locale.months[0]);\n`;
  const app = await load({ 'de.mjs': LOCALE(['Januar']), 'core.mjs': `export const Ls = {};\nexport const names = [];\nexport function register(l) { Ls[l.name] = l; }\n` }, { entry: 'de.mjs' });
  t.after(app.close);
  app.write('de.mjs', LOCALE(['Jänner']));
  const r = await app.refresh();
  applied(r);
  const notes = r.modules.flatMap((m) => m.notes);
  assert.equal(notes.length, 1, notes.join('\n'));
  assert.match(notes[0], /the statement at .*de\.mjs:4:1 reads locale\.months, whose value this refresh changed/);
});
