// Closures made inside functions (issue 13, docs/design.md §2.1, §3.7), in process: a closure
// made before an edit runs the new body with the variables it captured; one whose new body
// needs a variable it never captured keeps its code, and the report says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './harness.mjs';

const GREETER = (body) => `export function makeGreeter(p) {
  let n = 0;
  return (name) => ${body};
}
export const greet = makeGreeter('Hi');
`;

test('a factory closure made before the edit runs v2, then v3, with its captured variables (assignments visible both ways)', async (t) => {
  const app = await load({ 'greet.mjs': GREETER('`${p} ${name} ${++n}`') });
  t.after(app.close);
  const { greet } = app.ns;
  assert.equal(greet('a'), 'Hi a 1');
  app.write('greet.mjs', GREETER('`${p}, ${name}! #${++n}`'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(app.ns.greet, greet, 'the declaration keeps its value');
  assert.equal(greet('b'), 'Hi, b! #2');
  const later = app.ns.makeGreeter('Yo');
  assert.equal(later('c'), 'Yo, c! #1');
  app.write('greet.mjs', GREETER('`${p} -- ${name} (${n += 10})`'));
  const r3 = await app.refresh();
  assert.equal(r3.ok, true, JSON.stringify(r3.error));
  assert.equal(greet('d'), 'Hi -- d (12)');
  assert.equal(later('e'), 'Yo -- e (11)', 'a closure made by v2 follows v3');
  assert.equal(app.ns.makeGreeter('Z')('f'), 'Z -- f (10)');
});
