// Code without its layout (loader/layout.ts): whitespace, comments and erased TypeScript types
// are no change; a token, a string's contents or a line break where a semicolon would be
// inserted are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutFreeKeys, sameBlanked, sameCode } from '../../dist/loader/layout.js';

test('layout is no change; tokens, strings and line breaks that insert semicolons are', () => {
  assert.equal(sameCode('class A { m() { return 1; } }', 'class A {\n  m() {\n    return 1; // one\n  }\n}'), true);
  assert.equal(sameCode("f('a', /* x */ b)", 'f("a", b)'), true, 'quotes and comments');
  assert.equal(sameCode('function f(items          ) { }', 'function f(items) { }'), true, 'an erased type');
  assert.equal(sameCode("f('a b')", "f('a  b')"), false, 'the contents of a string');
  assert.equal(sameCode('a = /x/g', 'a = /x/i'), false, 'a regular expression');
  assert.equal(sameCode('x = `a ${b} c`', 'x = `a ${b}  c`'), false, 'the text of a template');
  assert.equal(sameCode('return x', 'return\nx'), false, 'return before a line break returns nothing');
  assert.equal(sameCode('a\n++b', 'a++\nb'), false);
  assert.equal(sameCode('a + b', 'a - b'), false);
  assert.equal(sameCode("f('a", "f( 'a"), false, 'what does not tokenize (an unclosed string) is compared as it is');
  assert.equal(sameBlanked('bus.on(x, \u0000)', 'bus.on( x,\n  \u0000 )'), true);
});

test('layoutFreeKeys: texts found as they are keep their keys; the others match without their layout', () => {
  const [a, b] = layoutFreeKeys(['a();', 'b(1);', 'c();'], ['a();', 'b( 1 );', 'd();']);
  assert.equal(a[0], b[0]);
  assert.equal(a[1], b[1]);
  assert.notEqual(a[2], b[2]);
});
