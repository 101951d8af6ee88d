// Classes patched in place (docs/design.md §2.2), in process: the class object and the
// instances made before an edit stay the same objects and follow each version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applied, load } from './harness.mjs';

const COUNTER_V1 = `export class Counter {
  #n = 0;
  inc() { this.#n++; return this; }
  get value() { return this.#n; }
  describe() { return 'count ' + this.#n; }
  static make() { return new Counter(); }
}
`;

test('v1 → v2 → v3 of a class: old instances run new methods, #private state included', async (t) => {
  const app = await load({ 'counter.mjs': COUNTER_V1 });
  t.after(app.close);
  const { Counter } = app.ns;
  const old = new Counter().inc().inc();
  assert.equal(old.describe(), 'count 2');

  // v2: a changed method, a new method that reads #n, a removed method.
  app.write('counter.mjs', `export class Counter {
  #n = 0;
  inc() { this.#n += 10; return this; }
  get value() { return this.#n; }
  twice() { return this.#n * 2; }
  static make() { return new Counter(); }
}
`);
  assert.deepEqual(applied(await app.refresh())[0].updated, ['Counter.inc', 'Counter.twice', 'Counter.describe (removed)']);
  assert.equal(app.ns.Counter, Counter, 'the same class object');
  assert.deepEqual([old.inc().value, old.twice(), old.describe], [12, 24, undefined]);

  // v3: the static factory's instances have v3's methods too.
  app.write('counter.mjs', COUNTER_V1.replace("'count '", "'n='"));
  applied(await app.refresh());
  assert.deepEqual([old.describe(), Counter.make().inc().describe()], ['n=12', 'n=1']);
});

test('a changed constructor runs for new instances; old instances keep what the old one set', async (t) => {
  const app = await load({
    'point.mjs': `export class Point {\n  constructor(x) { this.x = x; }\n  show() { return 'x=' + this.x; }\n}\n`,
  });
  t.after(app.close);
  const { Point } = app.ns;
  const before = new Point(1);
  app.write('point.mjs', `export class Point {\n  constructor(x, y = 0) { this.x = x; this.y = y; }\n  show() { return 'x=' + this.x + ' y=' + this.y; }\n}\n`);
  const r = await app.refresh();
  assert.equal(r.ok, true);
  assert.match(r.modules[0].notes.join('\n'), /constructor of Point changed/);
  assert.deepEqual([before.show(), new Point(2, 3).show(), Point.length], ['x=1 y=undefined', 'x=2 y=3', 1]);
});

test('a method of a derived class keeps `super`; removing an override falls back to the base', async (t) => {
  const app = await load({
    'shapes.mjs': `class Shape { name() { return 'shape'; } }\nexport class Square extends Shape {\n  name() { return 'square of ' + super.name(); }\n}\n`,
  });
  t.after(app.close);
  const sq = new app.ns.Square();
  app.write('shapes.mjs', `class Shape { name() { return 'shape'; } }\nexport class Square extends Shape {\n  name() { return 'SQUARE of ' + super.name(); }\n}\n`);
  applied(await app.refresh());
  assert.equal(sq.name(), 'SQUARE of shape');
  app.write('shapes.mjs', `class Shape { name() { return 'shape'; } }\nexport class Square extends Shape {\n}\n`);
  applied(await app.refresh());
  assert.equal(sq.name(), 'shape');
});

test('a new field reaches old instances lazily and new instances at construction', async (t) => {
  const app = await load({ 'user.mjs': `export class User {\n  name = 'ann';\n}\n` });
  t.after(app.close);
  const { User } = app.ns;
  const old = new User();
  app.write('user.mjs', `export class User {\n  name = 'ann';\n  role = 'guest';\n}\n`);
  applied(await app.refresh());
  assert.deepEqual([old.role, new User().role, Object.keys(new User())], ['guest', 'guest', ['name', 'role']]);
});

test('a class method that throws while compiling fails the refresh and leaves the class as it was', async (t) => {
  const app = await load({ 'k.mjs': `export class K {\n  static tag = 'v1';\n  m() { return 1; }\n}\n` });
  t.after(app.close);
  const { K } = app.ns;
  app.write('k.mjs', `export class K {\n  static tag = (() => { throw new Error('no tag'); })();\n  m() { return 2; }\n}\n`);
  const r = await app.refresh();
  assert.deepEqual([r.ok, r.error.kind, r.error.line, r.error.message], [false, 'evaluation', 2, 'Error: no tag']);
  assert.deepEqual([new K().m(), K.tag], [1, 'v1']);
});
