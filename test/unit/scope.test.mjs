// loader/scope.ts: which identifiers of a class member refer to module-level names (the ones a
// member compiled after a re-import reads through the live version, runtime/class-code.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModule } from '../../dist/loader/analyze.js';
import { freeReferences, moduleNames, privateNames } from '../../dist/loader/scope.js';

/** The first member of the class in `src`, and its free references to `names` as `line:name(flags)`. */
function refs(src, names) {
  const program = parseModule(src);
  const member = program.body.find((n) => n.type === 'ClassDeclaration').body.body[0];
  const line = (n) => src.slice(0, n.start).split('\n').length;
  return freeReferences(member, new Set(names)).map(
    (r) => `${line(r.node)}:${r.node.name}${r.write ? ' write' : ''}${r.shorthand ? ' shorthand' : ''}${r.callee ? ' callee' : ''}`,
  );
}

test('reads, writes, calls and shorthands of outer names are found; property keys and labels are not names', () => {
  const src = `class C {
  m() {
    x = x + 1; x++; [x, o.p] = [1, 2]; ({ x } = o); ({ x = 2 } = o); for (x of o) ;
    f(x); f\`t\`; new f(); o.x; o[x]; ({ x, y: x, [x]: 1, f() {} });
    out: for (;;) break out;
    return typeof x + import.meta.url;
  }
}`;
  assert.deepEqual(refs(src, ['x', 'f', 'o', 'out', 'y']), [
    '3:x write', '3:x', '3:x write', '3:x write', '3:o', '3:x write shorthand', '3:o', '3:x write shorthand', '3:o', '3:x write', '3:o',
    '4:f callee', '4:x', '4:f callee', '4:f', '4:o', '4:o', '4:x', '4:x shorthand', '4:x', '4:x',
    '6:x',
  ]);
});

test('a name declared inside the member shadows the outer one, in the scope that declares it', () => {
  const src = `class C {
  m(a, { b = x } = {}, ...[c]) {
    { let x = 1; x; }
    x;
    for (const x of [x]) x;
    try {} catch ({ x }) { x; }
    const g = function x() { return x; };
    const h = (x) => x;
    function k() { var x; if (1) { x; } return x; }
    class K { [x] = x; static { var x; x; } }
    switch (a) { case 1: let x = 2; x; }
    return a + b + c + x;
  }
}`;
  // The parameter default (line 2), the bare reads (4, 12), the iterable of for-of (its own
  // const is in TDZ there: a fresh process throws, so it is its own x, not the outer one), and
  // the computed key and field of class K (a field's value is not K's static block).
  assert.deepEqual(refs(src, ['x']), ['2:x', '4:x', '10:x', '10:x', '12:x']);
});

test('var is hoisted through blocks but not out of nested functions; strict-mode function declarations are block-scoped', () => {
  const src = `class C {
  m() {
    if (1) { var v = 1; }
    function inner() { var w; }
    { function blockFn() {} }
    return [v, w, blockFn, inner];
  }
}`;
  assert.deepEqual(refs(src, ['v', 'w', 'blockFn', 'inner']), ['6:w', '6:blockFn']);
});

test('fields, accessors, static blocks and constructors are members too', () => {
  assert.deepEqual(refs(`class C {\n  n = base + 1;\n}`, ['base']), ['2:base']);
  assert.deepEqual(refs(`class C {\n  static { let base = 1; base; seen = base; }\n}`, ['base', 'seen']), ['2:seen write']);
  assert.deepEqual(refs(`class C {\n  [key]() { return key; }\n}`, ['key']), ['2:key', '2:key']);
  assert.deepEqual(refs(`class C {\n  constructor(n) { super.x; this.n = n ?? start; }\n}`, ['start', 'n']), ['2:start']);
});

test('privateNames: what a member uses or declares, not what a class nested in it declares for itself', () => {
  const program = parseModule(`class C { #a; #b; #m() { return this.#a + (#b in this) + new (class { #own = 1; r(o) { return o.#own; } })().r; } }`);
  const member = program.body[0].body.body[2];
  assert.deepEqual([...privateNames(member)].sort(), ['#a', '#b', '#m']);
});

test('moduleNames: declarations and imports, with how each is bound', () => {
  const src = `import a, { b as c } from 'x';\nimport * as ns from 'y';\nexport const d = 1, { e } = {};\nlet f;\nfunction g() {}\nclass H {}\nexport default 1;\n`;
  assert.deepEqual(
    [...moduleNames(parseModule(src), src)],
    [['a', 'import'], ['c', 'import'], ['ns', 'import'], ['d', 'const'], ['e', 'const'], ['f', 'other'], ['g', 'other'], ['H', 'other']],
  );
});
