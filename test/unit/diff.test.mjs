// diff(): old source + new source → plan (docs/design.md §2.3, §2.6, §3.2).
// A test marked `todo: 'bug: …'` documents a known defect; see the list in the report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diff, lcsMatches, reimportFallback } from '../../dist/loader/diff.js';
import { LimeadeSyntaxError } from '../../dist/loader/analyze.js';

/** A plan in plain data, easy to compare. */
function summary(plan) {
  return {
    shape: plan.shape,
    steps: plan.steps.map((s) => {
      if (s.type === 'fn') return `fn ${s.name}${s.declaration ? '' : ' (expression)'}`;
      if (s.type === 'value') return `value ${s.item.name || s.item.names.join(',')}`;
      if (s.type === 'inline') return `inline ${s.owner}: ${s.fns.map((f) => f.ordinal).join(',')}`;
      if (s.type === 'class') return `class ${s.name}: ${s.members.map((m) => `${m.change} ${m.id}`).join('; ')}`;
      return `run ${s.node.type}`;
    }),
    removed: plan.removed,
    runStatements: plan.runStatements,
    carry: plan.carry,
    unchanged: plan.unchanged,
  };
}

const lines = (...xs) => `${xs.join('\n')}\n`;

// ---------------------------------------------------------------------------------------
// Functions and values

test('body change of a function declaration: one fn step, no shape', () => {
  const plan = diff(
    lines('export function f(x) { return x + 1 }', 'export function g() { return 1 }'),
    lines('export function f(x) { return x + 2 }', 'export function g() { return 1 }'),
  );
  assert.equal(plan.shape, null);
  assert.deepEqual(summary(plan).steps, ['fn f']);
  assert.equal(plan.steps[0].node.type, 'FunctionDeclaration');
  assert.equal(plan.steps[0].declaration, true);
  assert.equal(plan.unchanged, 1);
  assert.deepEqual(plan.removed, []);
  assert.deepEqual(plan.notes, []);
});

test('arrow const change: fn step over the arrow expression', () => {
  const plan = diff('export const f = (x) => x + 1\n', 'export const f = (x) => x * 2\n');
  assert.equal(plan.shape, null);
  assert.deepEqual(summary(plan).steps, ['fn f (expression)']);
  assert.equal(plan.steps[0].node.type, 'ArrowFunctionExpression');
  assert.equal(plan.steps[0].declaration, false);
  assert.deepEqual(plan.carry, []);
});

test('function expression const change: fn step', () => {
  const plan = diff('const f = function (x) { return 1 }\n', 'const f = function (x) { return 2 }\n');
  assert.deepEqual(summary(plan).steps, ['fn f (expression)']);
  assert.equal(plan.steps[0].node.type, 'FunctionExpression');
});

test('value const change: one value step', () => {
  const plan = diff('export const n = 1\nexport const m = 2\n', 'export const n = 10\nexport const m = 2\n');
  assert.equal(plan.shape, null);
  assert.deepEqual(summary(plan).steps, ['value n']);
  assert.equal(plan.steps[0].item.name, 'n');
  assert.equal(plan.steps[0].item.declKind, 'const');
  assert.deepEqual(plan.carry, ['m']);
  assert.equal(plan.unchanged, 1);
});

test('unchanged declarations: simple values carry, everything unchanged is counted', () => {
  const src = lines(
    "import { readFileSync } from 'node:fs'",
    'export const cache = new Map()',
    'let counter = 0, label = "x"',
    'var legacy',
    'export const { a, b } = { a: 1, b: 2 }',
    'export function f() { return counter }',
    'export const g = () => 1',
    'export class C { m() {} }',
    'setInterval(() => counter++, 1000)',
  );
  const plan = diff(src, src);
  assert.deepEqual(summary(plan), {
    shape: null,
    steps: [],
    removed: [],
    runStatements: [false],
    carry: ['cache', 'counter', 'label', 'legacy'], // legacy: declared without a value, set by statements
    unchanged: 9, // cache, counter, label, legacy, {a, b}, f, g, C, the statement
  });
  assert.deepEqual(plan.notes, []);
  assert.deepEqual(new Set(plan.declared), new Set(['cache', 'counter', 'label', 'legacy', 'a', 'b', 'f', 'g', 'C']));
});

test('only the changed declarator of a multi-declarator statement changes', () => {
  const plan = diff('let a = 1, b = () => 2, c = 3\n', 'let a = 1, b = () => 20, c = 30\n');
  assert.deepEqual(summary(plan).steps, ['fn b (expression)', 'value c']);
  assert.deepEqual(plan.carry, ['a']);
});

test('destructuring declaration: changed initializer is a value step; unchanged is not carried by name', () => {
  const plan = diff('const { a, b } = obj()\nconst [x] = [1]\n', 'const { a, b } = other()\nconst [x] = [1]\n');
  assert.deepEqual(summary(plan).steps, ['value a,b']);
  assert.deepEqual(plan.carry, []);
  assert.equal(plan.unchanged, 1);
});

test('export default: a changed value is a value step, a changed function a fn step named default', () => {
  assert.deepEqual(summary(diff('export default 1\n', 'export default 2\n')).steps, ['value default']);
  assert.deepEqual(summary(diff('export default function () { return 1 }\n', 'export default function () { return 2 }\n')).steps, ['fn default']);
  assert.deepEqual(summary(diff('export default (x) => x\n', 'export default (x) => -x\n')).steps, ['fn default (expression)']);
  assert.equal(diff('export default 1\n', 'export default 2\n').shape, null);
});

test('a comment or blank line outside declarations changes nothing', () => {
  const plan = diff('export function f() { return 1 }\nrun()\n', '// new comment\n\nexport function f() { return 1 } /* trailing */\nrun()\n');
  assert.deepEqual(summary(plan).steps, []);
  assert.deepEqual(plan.runStatements, [false]);
  assert.equal(plan.shape, null);
});

// ---------------------------------------------------------------------------------------
// Top-level statements: matched in order (LCS), two identical statements are two statements

test('a statement added: only the new one runs', () => {
  const plan = diff(lines('a()', 'b()'), lines('a()', 'x()', 'b()'));
  assert.deepEqual(plan.runStatements, [false, true, false]);
  assert.deepEqual(summary(plan).steps, ['run ExpressionStatement']);
  assert.equal(plan.steps[0].node.expression.callee.name, 'x');
  assert.equal(plan.unchanged, 2);
  assert.deepEqual(plan.notes, []);
});

test('a statement changed: it runs again, and the map says the old one is gone (its registrations are taken back, runtime/effects.ts)', () => {
  const plan = diff(lines('setup()', 'server.listen(3000)'), lines('setup()', 'server.listen(4000)'));
  assert.deepEqual(plan.runStatements, [false, true]);
  assert.equal(plan.shape, null);
  assert.deepEqual(plan.statementMap, [0, -1]);
  assert.deepEqual(plan.notes, []);
});

test('duplicated identical statements: two identical statements are two statements', () => {
  assert.deepEqual(diff(lines('a()'), lines('a()', 'a()')).runStatements, [false, true]);
  assert.deepEqual(diff(lines('a()', 'b()'), lines('a()', 'b()', 'a()')).runStatements, [false, false, true]);
  assert.deepEqual(diff(lines('a()', 'a()'), lines('a()', 'a()', 'a()')).runStatements.filter(Boolean).length, 1);
  const fewer = diff(lines('a()', 'a()'), lines('a()'));
  assert.deepEqual(fewer.runStatements, [false]);
  assert.deepEqual(fewer.statementMap, [0, -1]);
  const same = diff(lines('a()', 'a()'), lines('a()', 'a()'));
  assert.deepEqual(same.runStatements, [false, false]);
  assert.equal(same.unchanged, 2);
});

test('statements are matched in order: a swap re-runs one of them', () => {
  const plan = diff(lines('a()', 'b()'), lines('b()', 'a()'));
  assert.equal(plan.runStatements.filter(Boolean).length, 1);
});

test('statements interleaved with declarations keep their own numbering', () => {
  const plan = diff(lines('a()', 'const x = 1', 'b()'), lines('const y = 0', 'a()', 'const x = 1', 'c()', 'b()'), new Set(['y']));
  assert.deepEqual(plan.runStatements, [false, true, false]);
});

test('lcsMatches: indices into the new list of a longest common subsequence', () => {
  assert.deepEqual([...lcsMatches(['a', 'b', 'c'], ['a', 'x', 'c'])], [0, 2]);
  assert.deepEqual([...lcsMatches([], ['a'])], []);
  assert.deepEqual([...lcsMatches(['a', 'a'], ['a', 'b', 'a'])], [0, 2]);
  assert.equal(lcsMatches(['b', 'a', 'b', 'a'], ['a', 'b', 'a', 'b']).size, 3);
});

test('top-level await in a new or changed statement: shape', () => {
  const plan = diff('await load(1)\n', 'await load(2)\n');
  assert.match(plan.shape, /await/);
  assert.match(diff('x()\n', 'x()\nfor await (const m of src) use(m)\n').shape, /await/);
  // Unchanged awaiting statements, and await inside functions, are fine.
  assert.equal(diff('await load(1)\nx()\n', 'await load(1)\ny()\n').shape, null);
  assert.equal(diff('x()\n', 'x(async () => await y())\n').shape, null);
});

test('top-level await in a changed declaration: shape', () => {
  assert.match(diff('const cfg = await load(1)\n', 'const cfg = await load(2)\n').shape, /await/);
  assert.equal(diff('const f = async () => await load(1)\n', 'const f = async () => await load(2)\n').shape, null);
});

// ---------------------------------------------------------------------------------------
// Classes

const cls = (body, head = 'export class C') => `${head} {\n${body}\n}\n`;

test('class: method changed, added, removed → one class step with the member changes', () => {
  const plan = diff(cls('  m() { return 1 }\n  gone() {}\n  same() {}'), cls('  m() { return 2 }\n  same() {}\n  added() {}'));
  assert.equal(plan.shape, null);
  assert.equal(plan.steps.length, 1);
  assert.deepEqual(summary(plan).steps, ['class C: changed method m; added method added; removed method gone']);
  assert.equal(plan.steps[0].node.type, 'ClassDeclaration');
});

test('class: getter change', () => {
  const plan = diff(cls('  get v() { return 1 }\n  set v(x) {}'), cls('  get v() { return 2 }\n  set v(x) {}'));
  assert.deepEqual(summary(plan).steps, ['class C: changed get v']);
  assert.equal(plan.shape, null);
});

test('class: static method change', () => {
  const plan = diff(cls('  static s() { return 1 }\n  s() { return 1 }'), cls('  static s() { return 2 }\n  s() { return 1 }'));
  assert.deepEqual(summary(plan).steps, ['class C: changed static method s']);
});

test('class: a getter that becomes a method is a removal and an addition', () => {
  const plan = diff(cls('  get v() { return 1 }'), cls('  v() { return 1 }'));
  assert.deepEqual(summary(plan).steps, ['class C: added method v; removed get v']);
});

test('class: private method change, no shape', () => {
  const plan = diff(cls('  #p() { return 1 }\n  m() { return this.#p() }'), cls('  #p() { return 2 }\n  m() { return this.#p() }'));
  assert.equal(plan.shape, null);
  assert.deepEqual(summary(plan).steps, ['class C: changed method #p']);
});

test('class: a new #private name is a member change, no shape (the runtime says what a running class cannot take)', () => {
  const plan = diff(cls('  #x = 1'), cls('  #x = 1\n  #y = 2'));
  assert.equal(plan.shape, null);
  assert.deepEqual(summary(plan).steps, ['class C: added field #y']);
  assert.equal(diff(cls('  m() {}'), cls('  m() {}\n  #q() {}')).shape, null);
  assert.equal(diff(cls('  #q() {}\n  m() {}'), cls('  m() {}')).shape, null);
});

test('class: a changed extends clause is a class step with the new parent expression, no shape', () => {
  const plan = diff('class A {}\nclass B {}\nexport class C extends A { m() {} }\n', 'class A {}\nclass B {}\nexport class C extends B { m() {} }\n');
  assert.equal(plan.shape, null);
  assert.deepEqual(summary(plan).steps, ['class C: ']);
  assert.equal(plan.steps[0].heritage.node.name, 'B');
  assert.deepEqual(plan.classes, ['A', 'B', 'C']);
  // Added and removed.
  assert.equal(diff('export class C { m() {} }\n', 'export class C extends Object { m() {} }\n').steps[0].heritage.node.name, 'Object');
  assert.deepEqual(diff('export class C extends Object { m() {} }\n', 'export class C { m() {} }\n').steps[0].heritage, { node: null });
  // Unchanged: no heritage.
  assert.equal(diff('export class C extends Object { m() {} }\n', 'export class C extends Object { m() { 1 } }\n').steps[0].heritage, undefined);
});

test('class: constructor change → a member change (its note is the compile phase\'s: it knows whether it applies)', () => {
  const plan = diff(cls('  constructor() { this.a = 1 }\n  m() {}'), cls('  constructor() { this.a = 2 }\n  m() {}'));
  assert.equal(plan.shape, null);
  assert.deepEqual(summary(plan).steps, ['class C: changed constructor constructor']);
  assert.deepEqual(plan.notes, []);
});

test('class: instance and static field changes → member changes', () => {
  const plan = diff(cls('  x = 1\n  static y = 1'), cls('  x = 2\n  static y = 2'));
  assert.deepEqual(summary(plan).steps, ['class C: changed field x; changed static field y']);
  assert.deepEqual(plan.notes, []);
});

test('class expression in a const: a class step', () => {
  const plan = diff('export const K = class { m() { return 1 } }\n', 'export const K = class { m() { return 2 } }\n');
  assert.deepEqual(summary(plan).steps, ['class K: changed method m']);
  assert.equal(plan.steps[0].node.type, 'ClassExpression');
});

test('anonymous default class and static blocks', () => {
  assert.deepEqual(summary(diff('export default class { m() { return 1 } }\n', 'export default class { m() { return 2 } }\n')).steps, ['class default: changed method m']);
  assert.deepEqual(summary(diff('class C { static { a() } }\n', 'class C { static { b() } }\n')).steps, ['class C: changed static block static-block-0']);
});

test('an unchanged class is unchanged', () => {
  const src = cls('  m() {}\n  static s() {}');
  const plan = diff(src, src);
  assert.deepEqual(plan.steps, []);
  assert.equal(plan.unchanged, 1);
});

// ---------------------------------------------------------------------------------------
// Shape changes

// A re-import (`inPlace` false: what a module that must link against the new exports gets)
const reimported = (a, b) => diff(a, b, new Set(), undefined, undefined, false);

test('an export added: in place (the exporter\'s extra exports), or shape "exports changed" when re-imported', () => {
  const plan = diff('export function f() {}\nfunction g() {}\n', 'export function f() {}\nexport function g() {}\n');
  assert.equal(plan.shape, null);
  assert.deepEqual(plan.extras, { names: [], imports: [], loads: [], exports: [{ name: 'g', local: 'g' }] });
  assert.deepEqual(diff('const a = 1\n', 'const a = 1\nexport { a }\n').extras.exports, [{ name: 'a', local: 'a' }]);
  assert.deepEqual(diff('const a = 1\nexport { a }\n', 'const a = 1\nexport { a, a as "a-b" }\n').extras.exports, [{ name: 'a-b', local: 'a' }]);
  assert.equal(reimported('export function f() {}\nfunction g() {}\n', 'export function f() {}\nexport function g() {}\n').shape, 'exports changed');
});

test('what an extra scope cannot hold is still a re-import: a new re-export, a new default export, an export pointed elsewhere', () => {
  assert.equal(diff('export const x = 1\n', "export const x = 1\nexport * from 'node:path'\n").shape, 'exports changed');
  assert.equal(diff('export const x = 1\n', "export const x = 1\nexport { sep } from 'node:path'\n").shape, 'exports changed');
  assert.equal(diff('export const x = 1\n', 'export const x = 1\nexport default 2\n').shape, 'exports changed');
  assert.equal(diff('const a = 1, b = 2\nexport { a as c }\n', 'const a = 1, b = 2\nexport { b as c }\n').shape, 'exports changed');
});

test('an export removed: in place (the binding stays; nothing new links against it); a re-import says so', () => {
  assert.equal(diff('export function f() {}\nexport const n = 1\n', 'export function f() {}\nconst n = 1\n').shape, null);
  assert.equal(diff('export default 1\nexport const n = 1\n', 'export const n = 1\n').shape, null);
  assert.equal(reimported('export default 1\nexport const n = 1\n', 'export const n = 1\n').shape, 'exports changed');
});

test('exports reordered or reformatted: no shape', () => {
  assert.equal(diff('const a = 1, b = 2\nexport { a, b }\n', 'const a = 1, b = 2\nexport {\n  b,\n  a,\n}\n').shape, null);
});

test('the same export written another way: no shape', () => {
  assert.equal(diff('function f() {}\nexport { f }\n', 'export function f() {}\n').shape, null);
});

test('an import added: in place (a binding of the extra scope, its module loaded), or shape "imports changed" when re-imported', () => {
  const plan = diff("import a from 'node:fs'\nexport const x = 1\n", "import a from 'node:fs'\nimport b from 'node:os'\nexport const x = 1\n");
  assert.equal(plan.shape, null);
  assert.deepEqual(plan.extras, { names: ['b'], imports: [{ local: 'b', from: 'node:os', name: 'default' }], loads: ['node:os'], exports: [] });
  assert.deepEqual(diff("import { a } from 'x'\n", "import { a, b as c } from 'x'\n").extras.imports, [{ local: 'c', from: 'x', name: 'b' }]);
  assert.deepEqual(diff('', "import 'x'\n").extras.loads, ['x']);
  assert.equal(diff("import 'x'\n", '').shape, null);
  assert.equal(reimported("import { a } from 'x'\n", "import { a, b } from 'x'\n").shape, 'imports changed');
});

test('an import that changes what a name means, or with attributes, or of a name old code mentions, is still a re-import', () => {
  assert.equal(diff("import { a } from 'x'\n", "import { a } from 'y'\n").shape, 'imports changed');
  assert.equal(diff("import { a } from 'x'\n", "import { b as a } from 'x'\n").shape, 'imports changed');
  assert.equal(diff("import { a } from 'x'\nf()\n", 'function a() {}\nf()\n').shape, 'imports changed');
  assert.equal(diff('', "import d from './d.json' with { type: 'json' }\n").shape, 'imports changed');
  // Old code means a global by it: a fresh process would read the import there too.
  assert.equal(diff('export const u = () => URL\n', "import { URL } from 'node:url'\nexport const u = () => URL\n").shape, 'imports changed');
});

test('imports reordered: no shape', () => {
  assert.equal(diff("import a from 'a'\nimport b from 'b'\n", "import b from 'b'\nimport a from 'a'\n").shape, null);
});

test('an import reformatted only (spaces in braces, quotes): no shape', () => {
  assert.equal(diff("import {a} from 'x'\nexport const n = 1\n", "import { a } from 'x'\nexport const n = 1\n").shape, null);
  assert.equal(diff("import { a } from 'x'\n", 'import { a } from "x"\n').shape, null);
});

test('function → class: shape', () => {
  const plan = diff('export function A() {}\n', 'export class A {}\n');
  assert.match(plan.shape, /A changed from a function to a class/);
  assert.match(diff('export class A {}\n', 'export const A = () => {}\n').shape, /from a class to a function/);
  assert.match(diff('export const A = 1\n', 'export class A {}\n').shape, /from a value to a class/);
});

test('function ↔ value: no shape, a value step', () => {
  assert.equal(diff('export let f = 1\n', 'export let f = () => 1\n').shape, null);
  assert.deepEqual(summary(diff('export let f = 1\n', 'export let f = () => 1\n')).steps, ['value f']);
});

test('a new top-level function or value: in place, in the extra scope; a new class is a re-import', () => {
  const plan = diff('export function f() { return g0() }\nfunction g0() {}\n', 'export function f() { return g1() }\nfunction g0() {}\nfunction g1() {}\n');
  assert.equal(plan.shape, null);
  assert.deepEqual(summary(plan).steps, ['fn f', 'fn g1']);
  assert.equal(plan.steps[1].fresh, true);
  assert.deepEqual(plan.extras.names, ['g1']);
  assert.deepEqual(diff('let a = 1\n', 'let a = 1, b = 2\n').extras.names, ['b']);
  assert.deepEqual(diff('x()\n', 'const { p, q } = o\nx()\n').extras.names, ['p', 'q']);
  assert.deepEqual(summary(diff('x()\n', 'const h = () => 1\nx()\n')).steps, ['fn h (expression)']);
  assert.match(diff('x()\n', 'class K {}\nx()\n').shape, /new top-level declaration K/);
  assert.match(diff('x()\n', 'export default function () {}\nx()\n').shape ?? '', /exports changed|new top-level declaration/);
  // Old code mentions the name (a global then): a fresh process would read the declaration there.
  assert.match(diff('export const f = () => g1()\n', 'export const f = () => g1()\nfunction g1() {}\n').shape, /new top-level declaration g1/);
  assert.match(reimported('x()\n', 'function g() {}\nx()\n').shape, /new top-level declaration g/);
  // A property name, or a local that shadows it, is not a reference to the module's name.
  const parse = diff('export const f = (s) => JSON.parse(s)\nexport const g = (parse) => parse\n', 'export const f = (s) => JSON.parse(s)\nexport const g = (parse) => parse\nfunction parse() {}\n');
  assert.deepEqual([parse.shape, parse.extras.names], [null, ['parse']]);
});

test('a name removed, then declared again with `known` holding it: no shape', () => {
  const removed = diff('export function f() {}\nfunction g() { return 1 }\n', 'export function f() {}\n');
  assert.equal(removed.shape, null);
  assert.deepEqual(removed.removed, ['g']);
  assert.ok(removed.declared.includes('g'), 'removed names stay declared in the live scope');

  const back = diff('export function f() {}\n', 'export function f() {}\nfunction g() { return 2 }\n', new Set(['g']));
  assert.equal(back.shape, null);
  assert.deepEqual(summary(back).steps, ['fn g']);
  const backValue = diff('export function f() {}\n', 'export function f() {}\nconst v = 2\n', new Set(['v']));
  assert.equal(backValue.shape, null);
  assert.deepEqual(summary(backValue).steps, ['value v']);
  // Without `known`, the same text is a new declaration (of the extra scope).
  assert.deepEqual(diff('export function f() {}\n', 'export function f() {}\nfunction g() {}\n').extras.names, ['g']);
});

test('a class declared again after its removal is still a shape change', () => {
  assert.match(diff('x()\n', 'class K {}\nx()\n', new Set(['K'])).shape, /class K was declared again/);
});

test('removed declarations are listed, their names stay in declared', () => {
  const plan = diff('function f() {}\nconst a = 1, { b, c } = o\nclass K {}\n', 'function f() {}\n');
  assert.deepEqual(plan.removed.sort(), ['K', 'a', 'b', 'c']);
  assert.deepEqual(new Set(plan.declared), new Set(['f', 'a', 'b', 'c', 'K']));
  assert.equal(plan.shape, null);
});

test('the first shape reason wins: imports before exports before declarations', () => {
  const plan = reimported("import a from 'a'\nexport const x = 1\n", "import b from 'b'\nexport const y = 1\n");
  assert.equal(plan.shape, 'imports changed');
});

// ---------------------------------------------------------------------------------------
// Syntax errors

test('a syntax error in the new version throws LimeadeSyntaxError with line and column', () => {
  assert.throws(
    () => diff('export const a = 1\n', 'export const a = 1\nfunction f() { return ) }\n'),
    (err) => err instanceof LimeadeSyntaxError && err.line === 2 && err.column === 22 && err.message === 'Unexpected token',
  );
});

test('a syntax error in the old version throws too', () => {
  assert.throws(() => diff('const = 1\n', 'const a = 1\n'), (err) => err instanceof LimeadeSyntaxError && err.line === 1 && err.column === 6);
});

test('a syntax error late in a long line reports its column', () => {
  const src = `const a = [${'1, '.repeat(100)}]; const b = )`;
  assert.throws(() => diff('', src), (err) => err instanceof LimeadeSyntaxError && err.line === 1 && err.column === src.indexOf(')'));
});

test('steps come in source order', () => {
  const plan = diff(
    lines('const v = 1', 'function f() { return 1 }', 'class C { m() { return 1 } }', 'go()', 'const g = () => 1'),
    lines('const v = 2', 'function f() { return 2 }', 'class C { m() { return 2 } }', 'go(1)', 'const g = () => 2'),
  );
  assert.deepEqual(summary(plan).steps, ['value v', 'fn f', 'class C: changed method m', 'run ExpressionStatement', 'fn g (expression)']);
});

// The runtime hands diff() the old version's parse, and diff() then parses only the
// statements an edit touched. Its plans must be the plans of a full parse.
test('incremental re-parse gives the same plans as a full parse', async () => {
  const { parseModule } = await import('../../dist/loader/analyze.js');
  const base = [
    "import { x } from './x.js';",
    'export const A = 1;',
    'let count = 0',
    'export function f(a) { return a + A; }',
    'const g = (b) => b * 2',
    'export class C { m() { return 1; } get v() { return 2; } }',
    'setup()',
    '(function iife() {})()',
    'const tpl = `line ${A}`;',
    '/* trailing comment */',
  ];
  const edits = [
    (l) => l.map((s) => s.replace('a + A', 'a - A')),
    (l) => l.map((s) => s.replace('return 1;', 'return 11;')),
    (l) => [...l.slice(0, 3), 'export function h() {}', ...l.slice(3)],
    (l) => l.filter((s) => !s.startsWith('setup')),
    (l) => l.map((s) => (s === 'setup()' ? 'setup(1)' : s)),
    (l) => l.map((s) => (s === 'let count = 0' ? 'let count = 0\n(count)' : s)), // ASI: joins lines
    (l) => l.map((s) => (s.startsWith('const g') ? 'const g = (b) => b * 3' : s)),
    (l) => [...l, 'export const tail = 1;'],
    (l) => ['#!/usr/bin/env node', ...l],
    (l) => l.map((s) => s.replace('`line ${A}`', '`line ${A + 1}`')),
    (l) => l.map((s) => s.replace('export const A = 1;', 'export const A = 2; export { g };')),
  ];
  const summary = (p) => JSON.stringify({
    shape: p.shape, removed: p.removed, run: p.runStatements, carry: p.carry, unchanged: p.unchanged,
    steps: p.steps.map((s) => [s.type, s.name ?? s.item?.name ?? '', s.type === 'run' ? s.node.start : 0]),
    body: p.program.body.map((n) => [n.type, n.start, n.end]),
  });
  for (const [k, edit] of edits.entries()) {
    const oldSource = base.join('\n') + '\n';
    const newSource = edit(base).join('\n') + '\n';
    const full = diff(oldSource, newSource);
    const incremental = diff(oldSource, newSource, new Set(), parseModule(oldSource));
    assert.equal(summary(incremental), summary(full), `edit ${k}`);
  }
});

test('incremental re-parse: every node of the new parse is where a full parse puts it', async () => {
  const { parseModule } = await import('../../dist/loader/analyze.js');
  // Long enough that the changed region sits far from offset 0 (the region is parsed alone,
  // then moved), with edits that change the length and edits that do not.
  const fns = Array.from({ length: 60 }, (_, i) => `export function f${i}(a) {\n  return a + ${i};\n}\n`);
  const base = "import { x } from './x.js';\n" + fns.join('\n') + 'const tpl = `t ${x}`;\n';
  const edits = [
    (s) => s.replace('a + 30;', 'a + 31;'),
    (s) => s.replace('a + 30;', 'a + 30 + `${1}` + /re/g.source;'),
    (s) => s.replace('return a + 59', 'return a - 59'),
    (s) => s.replace('a + 0;', 'a + 1000;'),
    (s) => s.replace('`t ${x}`', '`t ${x + 1}`'),
  ];
  for (const [k, edit] of edits.entries()) {
    const newSource = edit(base);
    assert.notEqual(newSource, base, `edit ${k} changes the text`);
    const incremental = diff(base, newSource, new Set(), parseModule(base)).program;
    assert.equal(JSON.stringify(incremental), JSON.stringify(parseModule(newSource)), `edit ${k}`);
  }
});

test('incremental re-parse: a hashbang is accepted only at the very start', async () => {
  const { parseModule } = await import('../../dist/loader/analyze.js');
  const base = 'export function f() {\n  return 1;\n}\nexport function g() {\n  return 2;\n}\n';
  const inside = base.replace('export function g', '#!/usr/bin/env node\nexport function g');
  assert.throws(() => diff(base, inside, new Set(), parseModule(base)), LimeadeSyntaxError);
  const atStart = '#!/usr/bin/env node\n' + base;
  const plan = diff(base, atStart, new Set(), parseModule(base));
  assert.equal(JSON.stringify(plan.program), JSON.stringify(parseModule(atStart)));
});

test('commonPrefix and commonSuffix, across the comparison chunks', async () => {
  const { commonPrefix, commonSuffix } = await import('../../dist/loader/diff.js');
  const text = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join('');
  for (const at of [0, 1, 511, 512, 513, 1024, 1500, 2999]) {
    const changed = text.slice(0, at) + '#' + text.slice(at + 1);
    assert.equal(commonPrefix(text, changed), at, `prefix, change at ${at}`);
    assert.equal(commonSuffix(text, changed, text.length - at), text.length - at - 1, `suffix, change at ${at}`);
    const longer = text.slice(0, at) + 'XYZ' + text.slice(at);
    assert.equal(commonPrefix(text, longer), at, `prefix, insert at ${at}`);
    assert.equal(commonSuffix(text, longer, text.length - at), text.length - at, `suffix, insert at ${at}`);
  }
  assert.equal(commonPrefix(text, text), text.length);
  assert.equal(commonSuffix(text, text, 100), 100);
  assert.equal(commonPrefix('', text), 0);
});

// ---------------------------------------------------------------------------------------
// Inline functions (issue 13, loader/inline.ts)

test('inline: a statement whose only change is inside an inline body is not run; an inline step instead', () => {
  const plan = diff(lines('a()', "bus.on('x', (o) => f(o), () => 1)"), lines('a()', "bus.on('x', (o) => g(o), () => 1)"));
  assert.deepEqual(summary(plan).steps, ['inline 1: 0']);
  assert.deepEqual(plan.runStatements, [false, false]);
  assert.deepEqual(plan.statementMap, [0, 1]);
  assert.equal(plan.steps[0].fns[0].node.type, 'ArrowFunctionExpression');
  assert.equal(plan.steps[0].fallback.type, 'run');
  assert.deepEqual(plan.notes, []);
});

test('inline: a statement that moved is paired by the second pass, under its old index', () => {
  const plan = diff(lines('a()', "bus.on('x', () => 1)"), lines('b()', 'a()', "bus.on('x', () => 2)"));
  assert.deepEqual(summary(plan).steps, ['run ExpressionStatement', 'inline 1: 0']);
  assert.deepEqual(plan.runStatements, [true, false, false]);
  assert.deepEqual(plan.statementMap, [1, 2]);
});

test('inline: a change outside the functions runs the statement again; one of their parameters does not', () => {
  const plan = diff(lines("bus.on('x', () => 1)"), lines("bus.on('y', () => 2)"));
  assert.deepEqual(summary(plan).steps, ['run ExpressionStatement']);
  assert.deepEqual(plan.statementMap, [-1]);
  // Its parameters are inside it: the guard forwards what the caller passes beyond the old ones.
  const params = diff(lines("bus.on('x', (a) => 1)"), lines("bus.on('x', (a, b) => 1)"));
  assert.deepEqual(summary(params).steps, ['inline 0: 0']);
  // Its new code counting its arguments sees the old parameters padded: said.
  const counts = diff(lines("bus.on('x', (a, b) => 1)"), lines("bus.on('x', (a, ...r) => r.length)"));
  assert.match(counts.notes.join('\n'), /the function at line 1 counts its arguments now \(a rest parameter\): called with fewer than its 2 earlier parameters/);
  // Another kind of function (an arrow made a `function`, `async` taken away) is no edit inside it.
  for (const [was, now] of [["bus.on('x', (a) => 1)", "bus.on('x', function (a) { return 1; })"], ["bus.on('x', async (a) => 1)", "bus.on('x', (a) => 1)"]])
    assert.deepEqual(summary(diff(lines(was), lines(now))).steps, ['run ExpressionStatement'], now);
  // `async` added is: the old function's callers get the promise the new one returns, as a fresh process's would.
  assert.deepEqual(summary(diff(lines("bus.on('x', (a) => 1)"), lines("bus.on('x', async (a) => 1)"))).steps, ['inline 0: 0']);
});

test('inline: a value declaration keeps its value (carried) and gets an inline step', () => {
  const plan = diff(lines('export const server = make((req) => 1);'), lines('export const server = make((req) => 2);'));
  assert.deepEqual(summary(plan).steps, ['inline server: 0']);
  assert.deepEqual(plan.carry, ['server']);
  assert.equal(plan.steps[0].fallback.type, 'value');
});

test('inline: a function that uses a name its statement declares gets it from its guard (a for-let counter too, one its statement body assigns through an environment); one the old function did not use keeps its code, with a note', () => {
  const plan = diff(lines('for (const n of xs) bus.on(n, () => n + 1)'), lines('for (const n of xs) bus.on(n, () => n + 2)'));
  assert.deepEqual([summary(plan).steps, plan.runStatements, plan.notes, plan.steps[0].fns[0].consts], [['inline 0: 0'], [false], [], ['n']]);
  const counter = diff(lines('for (let n = 0; n < 2; n++) bus.on(n, () => n + 1)'), lines('for (let n = 0; n < 2; n++) bus.on(n, () => n + 2)'));
  assert.deepEqual([summary(counter).steps, counter.notes], [['inline 0: 0'], []]);
  const assigned = diff(lines('for (let n = 0; n < 2; n++) { n += 0; bus.on(n, () => n + 1) }'), lines('for (let n = 0; n < 2; n++) { n += 0; bus.on(n, () => n + 2) }'));
  assert.deepEqual([summary(assigned).steps, assigned.runStatements, assigned.notes, assigned.steps[0].fns[0].consts, assigned.steps[0].fns[0].shared], [['inline 0: 0'], [false], [], [], ['n']]);
  const unseen = diff(lines('for (const [n, m] of xs) bus.on(n, () => n + 1)'), lines('for (const [n, m] of xs) bus.on(n, () => n + m)'));
  assert.match(unseen.notes.join('\n'), /line 1 keeps its code: it uses m, declared by its statement around it, which its old code does not pass on/);
});

test('inline: when the module is imported again, the declaration is evaluated again (not carried) and the statement is kept, its functions given their new text (or run again where they have no guards)', () => {
  const plan = diff(lines('export const s = make(() => 1);', "bus.on('x', () => 1)"), lines('export const s = make(() => 2);', 'export class T {}', "bus.on('x', () => 2)"));
  assert.ok(plan.shape);
  assert.deepEqual(summary(plan).steps, ['value s', 'inline 0: 0']);
  assert.deepEqual([plan.runStatements, plan.statementMap, plan.carry], [[false], [0], []]);
  reimportFallback(plan, plan.steps[1]);
  assert.deepEqual(summary(plan).steps, ['value s', 'run ExpressionStatement']);
  assert.deepEqual([plan.runStatements, plan.statementMap], [[true], [-1]]);
});

test('inline: a function called while its owner evaluates (an IIFE, a compiled enum, a map callback) is top-level code: its owner runs again', () => {
  const en = (v) => `var Level = ((Level2) => { Level2[Level2["High"] = ${v}] = "High"; return Level2; })(Level || {});\n`;
  assert.deepEqual(summary(diff(en(2), en(20))).steps, ['value Level']);
  assert.deepEqual(summary(diff(lines('export const d = xs.map((x) => x * 2);'), lines('export const d = xs.map((x) => x * 3);'))).steps, ['value d']);
  assert.deepEqual(summary(diff(lines('(function () { go(1); }).call(this);'), lines('(function () { go(2); }).call(this);'))).steps, ['run ExpressionStatement']);
  assert.deepEqual(summary(diff(lines("['a'].forEach((n) => add(n, 1));"), lines("['a'].forEach((n) => add(n, 2));"))).steps, ['inline 0: 0']);
});

test('a name a destructuring declaration still declares is not removed when the pattern grows or shrinks', () => {
  assert.deepEqual(diff(`const { f } = require('./e');\n`, `const { f, g } = require('./e');\n`).removed, []);
  assert.deepEqual(diff(`const { f, g } = require('./e');\n`, `const { f } = require('./e');\n`).removed, ['g']);
  assert.deepEqual(diff(`export const [a, b] = pair;\n`, `export const a = 1;\n`).removed, ['b']);
});

test('a function declared twice (CommonJS, sloppy code): the last declaration is the one diffed; an edit of an earlier one is no step, and a note says it never runs', () => {
  const v = (a, b) => lines(`function f() { return '${a}'; }`, `function f() { return '${b}'; }`, 'exports.call = () => f();');
  const live = diff(v('first1', 'second1'), v('first1', 'second2'));
  assert.deepEqual(summary(live).steps, ['fn f']);
  assert.equal(live.steps[0].node.body.body[0].argument.value, 'second2');
  assert.deepEqual(live.notes, []);
  const dead = diff(v('first1', 'second1'), v('first2', 'second1'));
  assert.deepEqual(summary(dead).steps, []);
  assert.deepEqual(dead.notes, ['the function f at line 1 is declared again at line 2, which replaces it (as in a fresh process): its code never runs, so this edit of it changes nothing']);
});

test("a 'use strict' directive an edit adds is no statement to run (it does nothing when it runs; runtime/patch.ts says what the mode change does)", () => {
  const v1 = lines("function f() { return 'f1'; }", 'exports.call = () => f();');
  const plan = diff(v1, `'use strict';\n${v1.replace("'f1'", "'f2'")}`);
  assert.deepEqual(summary(plan).steps, ['fn f']);
  assert.deepEqual(plan.runStatements, [false, false]);
  // Not a directive (after another statement): a string statement, which runs.
  assert.deepEqual(diff(v1, `${v1}'use strict';\n`).runStatements, [false, true]);
});
