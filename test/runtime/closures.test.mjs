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

const BUTTON = (body) => `export class Button {
  count = 0;
  #secret = 's';
  onClick = () => ${body};
  subscribe(list) {
    const off = () => list.splice(list.indexOf(off), 1) && 'off';
    list.push(off);
    return off;
  }
}
export const before = new Button();
`;

test('a class arrow field on an instance made before the edit runs the new body with its own this (and #private)', async (t) => {
  const app = await load({ 'button.mjs': BUTTON('++this.count') });
  t.after(app.close);
  const { before, Button } = app.ns;
  const other = new Button();
  const click = before.onClick;
  click();
  app.write('button.mjs', BUTTON('(this.count += 10, this.#secret + this.count)'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.doesNotMatch(r.modules[0].notes.join('\n'), /keep their value/);
  assert.equal(click(), 's11', 'a held reference to the field runs the new body with its instance');
  assert.equal(other.onClick(), 's10');
  const after = new Button();
  assert.equal(after.onClick(), 's10');
  app.write('button.mjs', BUTTON('this.count * 2'));
  assert.equal((await app.refresh()).ok, true);
  assert.deepEqual([click(), other.onClick(), after.onClick()], [22, 20, 20], 'instances made by v1 and by v2 follow v3');
});

test('a closure made by a method follows an edit of its body', async (t) => {
  const app = await load({ 'button.mjs': BUTTON('1') });
  t.after(app.close);
  const list = [];
  const off = app.ns.before.subscribe(list);
  app.write('button.mjs', BUTTON('1').replace(`&& 'off'`, `&& 'removed'`));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(off(), 'removed');
  assert.deepEqual(list, []);
});

const COUNTER = (body) => `export function counter() {
  let n = 0;
  const m = 100;
  return { inc: () => ${body}, read: () => n };
}
export const c = counter();
`;

test('a new body that needs a variable the closure never captured: that closure keeps its code, the report names it; new closures run the new code', async (t) => {
  const app = await load({ 'counter.mjs': COUNTER('++n') });
  t.after(app.close);
  const { c } = app.ns;
  c.inc();
  app.write('counter.mjs', COUNTER('n += m'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.match(r.modules[0].notes.join('\n'), /the function at \S*counter\.mjs:4:\d+: closures it made before this refresh keep their code \(its new body uses m, which they never captured\)/);
  assert.equal(c.inc(), 2, 'old code');
  const fresh = app.ns.counter();
  assert.equal(fresh.inc(), 100);
  assert.equal(fresh.read(), 100);
});

test('assignments through the environment are seen by the closures that share the variable', async (t) => {
  const app = await load({ 'counter.mjs': COUNTER('++n') });
  t.after(app.close);
  const { c } = app.ns;
  app.write('counter.mjs', COUNTER('n += 5'));
  assert.equal((await app.refresh()).ok, true);
  c.inc();
  c.inc();
  assert.equal(c.read(), 10, 'the unchanged sibling closure reads what the patched one assigned');
});

test('a refresh that fails puts the closures back on their old code', async (t) => {
  const app = await load({ 'greet.mjs': GREETER('`${p} ${name}`') });
  t.after(app.close);
  const { greet } = app.ns;
  app.write('greet.mjs', GREETER('`${p}!! ${name}`') + `throw new Error('boom');\n`);
  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.equal(greet('x'), 'Hi x');
  app.write('greet.mjs', GREETER('`${p}?? ${name}`'));
  assert.equal((await app.refresh()).ok, true);
  assert.equal(greet('x'), 'Hi?? x');
});

// Found by the replay (nanostores fdd8b3869 reorders the methods of the store an `atom`
// factory returns): sites pair by what they are, not by position.
test('methods of a factory-made object reordered by an edit: each old method runs its own new body', async (t) => {
  const v1 = `export const make = () => {
  let value = 0;
  const listeners = [];
  const store = {
    set(v) { value = v; listeners.forEach((l) => l(v)); },
    get() { return value; },
    listen(l) { listeners.push(l); return () => listeners.splice(listeners.indexOf(l), 1); },
  };
  return store;
};
`;
  // v2: the same methods in another order, one body changed.
  const v2 = `export const make = () => {
  let value = 0;
  const listeners = [];
  const store = {
    get() { return value * 10; },
    listen(l) { listeners.push(l); return () => listeners.splice(listeners.indexOf(l), 1); },
    set(v) { value = v; listeners.forEach((l) => l(v)); },
  };
  return store;
};
`;
  const app = await load({ 'store.mjs': v1 });
  t.after(app.close);
  const old = app.ns.make();
  const seen = [];
  const off = old.listen((v) => seen.push(v));
  old.set(1);
  app.write('store.mjs', v2);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  old.set(2);
  assert.equal(typeof off, 'function');
  off();
  old.set(3);
  assert.deepEqual([old.get(), seen], [30, [1, 2]]);
});
