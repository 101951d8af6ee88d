// runtime/json.ts: a JSON file's new content applied to the object the program holds, in
// place (nested objects and arrays too, the new key order), every write undone by the
// refresh's undo log; the place of a syntax error; what cannot change in place.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockedBy, jsonErrorAt, parseJson, updateInPlace } from '../../dist/runtime/json.js';
import { UndoLog } from '../../dist/runtime/undo.js';

test('an object is edited in place: keys removed, changed, added, nested objects and arrays kept, new key order', () => {
  const held = JSON.parse('{ "a": 1, "gone": true, "nested": { "x": 1, "y": [1, 2] }, "list": [{ "n": 1 }, { "n": 2 }] }');
  const { nested, list } = held;
  const first = list[0];
  const ys = nested.y;
  const undo = new UndoLog();
  const r = updateInPlace(held, JSON.parse('{ "list": [{ "n": 3 }], "nested": { "y": [9], "x": 1, "z": 0 }, "a": 1, "b": "new" }'), undo);
  assert.deepEqual(held, { list: [{ n: 3 }], nested: { y: [9], x: 1, z: 0 }, a: 1, b: 'new' });
  assert.deepEqual(Object.keys(held), ['list', 'nested', 'a', 'b']);
  assert.deepEqual(Object.keys(held.nested), ['y', 'x', 'z']);
  assert.equal(held.nested, nested);
  assert.equal(held.list, list);
  assert.equal(held.list[0], first);
  assert.equal(held.nested.y, ys);
  assert.deepEqual(r.updated.sort(), ['b', 'list', 'nested']);
  assert.deepEqual(r.removed, ['gone']);
  // Rolled back: the same objects, the old content and order.
  assert.deepEqual(undo.unwind(), []);
  assert.deepEqual(held, { a: 1, gone: true, nested: { x: 1, y: [1, 2] }, list: [{ n: 1 }, { n: 2 }] });
  assert.deepEqual(Object.keys(held), ['a', 'gone', 'nested', 'list']);
  assert.equal(held.list[0], first);
  assert.equal(held.nested.y, ys);
});

test('a change of kind inside replaces the property; at the top it is blocked', () => {
  const held = { a: { x: 1 }, b: [1] };
  updateInPlace(held, { a: [1], b: { x: 1 } }, new UndoLog());
  assert.deepEqual(held, { a: [1], b: { x: 1 } });
  assert.equal(blockedBy({}, {}), undefined);
  assert.equal(blockedBy([], []), undefined);
  assert.match(blockedBy({}, []), /holds an object and the file now has an array/);
  assert.match(blockedBy(42, 43), /holds a number and the file now has a number/);
  assert.match(blockedBy(null, {}), /holds null/);
  assert.match(blockedBy(Object.freeze({}), {}), /frozen/);
});

test('a syntax error is placed at its line and column', () => {
  assert.deepEqual(jsonErrorAt('{\n  "a": [,]\n}'), { line: 2, column: 8 });
  assert.deepEqual(jsonErrorAt('{"a": 1'), { line: 1, column: 7 });
  assert.deepEqual(jsonErrorAt('{"a": tru }'), { line: 1, column: 9 });
  assert.deepEqual(jsonErrorAt('{"a": 1,}'), { line: 1, column: 8 });
  assert.deepEqual(jsonErrorAt('[1] x'), { line: 1, column: 4 });
  assert.throws(() => parseJson('/tmp/x.json', '{\n "a": }'), (e) => e.error.kind === 'syntax' && e.error.line === 2 && e.error.column === 6 && !e.error.message.includes('\n'));
});

// Found by session 18's review: a save of config.json emptied `config.db.password`, which the
// program had set at start, though the file's text of it had not changed.
test('with the previous content, only what the file changed is written: values the program set, and keys it added, stay', () => {
  const before = { name: 'shop', db: { user: 'app', password: '' }, tags: ['a', 'b'], gone: 1 };
  const held = JSON.parse(JSON.stringify(before));
  held.db.password = 's3cret';
  held.tags[1] = 'B';
  held.added = true;
  const next = { name: 'shop-dev', db: { user: 'app', password: '' }, tags: ['a', 'b', 'c'] };
  const undo = new UndoLog();
  const r = updateInPlace(held, next, undo, before);
  assert.deepEqual(held, { name: 'shop-dev', db: { user: 'app', password: 's3cret' }, tags: ['a', 'B', 'c'], added: true });
  assert.deepEqual([r.updated, r.removed], [['name', 'tags'], ['gone']]);
  assert.deepEqual(undo.unwind(), []);
  assert.deepEqual(held, { ...before, db: { user: 'app', password: 's3cret' }, tags: ['a', 'B'], added: true });
});
