// Classes patched in place (docs/design.md §2.2), in process: the class object and the
// instances made before an edit stay the same objects and follow each version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
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
  // The note names what old instances lack, where the constructor sets it.
  assert.match(r.modules[0].notes.join('\n'), /constructor of Point changed: .*; they lack y, which it now sets \(\S*point\.mjs:2:39\): set it where it is read, or restart/);
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

// Issue 12, failure class 6: a member that changes kind under the same key.
test('a getter that became a method (and back), also static: old instances have exactly what the class declares', async (t) => {
  const app = await load({
    'size.mjs': `export class Size {
  n = 2;
  get area() { return this.n * this.n; }
  static get unit() { return 'cm'; }
}
`,
  });
  t.after(app.close);
  const { Size } = app.ns;
  const old = new Size();
  assert.deepEqual([old.area, Size.unit], [4, 'cm']);

  app.write('size.mjs', `export class Size {
  n = 2;
  area(k) { return this.n * this.n * k; }
  static unit() { return 'mm'; }
}
`);
  applied(await app.refresh());
  assert.deepEqual([old.area(10), new Size().area(1), Size.unit()], [40, 4, 'mm']);
  assert.deepEqual(Object.getOwnPropertyNames(Object.getOwnPropertyDescriptor(Size.prototype, 'area')), ['value', 'writable', 'enumerable', 'configurable']);

  app.write('size.mjs', `export class Size {
  n = 2;
  get area() { return this.n * 100; }
  set area(v) { this.n = v; }
  static get unit() { return 'm'; }
}
`);
  applied(await app.refresh());
  old.area = 3;
  assert.deepEqual([old.area, Size.unit, typeof Object.getOwnPropertyDescriptor(Size.prototype, 'area').set], [300, 'm', 'function']);
});

// Issue 12, failure class 6: a changed extends clause re-links the class the program holds.
const ANIMALS = `export class Animal {
  constructor(name) { this.name = name; this.kind = 'animal'; }
  speak() { return this.name + ' makes a sound'; }
  static family() { return 'animals'; }
}
export class Robot {
  constructor(name) { this.name = name; this.kind = 'robot'; }
  speak() { return this.name + ' beeps'; }
  static family() { return 'robots'; }
}
`;

test('a changed extends clause re-links the same class: instances old and new inherit from the new parent; super() and super.m() reach it', async (t) => {
  const app = await load({
    'pets.mjs': ANIMALS + `export class Dog extends Animal {
  constructor(name) { super(name); this.legs = 4; }
  speak() { return super.speak() + ' (woof)'; }
}
`,
  });
  t.after(app.close);
  const { Dog, Animal, Robot } = app.ns;
  const rex = new Dog('rex');
  assert.deepEqual([rex.speak(), rex.kind, Dog.family()], ['rex makes a sound (woof)', 'animal', 'animals']);

  app.write('pets.mjs', ANIMALS + `export class Dog extends Robot {
  constructor(name) { super(name); this.legs = 4; }
  speak() { return super.speak() + ' (woof)'; }
}
`);
  const r = await app.refresh();
  assert.deepEqual(applied(r), [{ file: 'pets.mjs', path: 'patch', updated: ['Dog (extends)'], statements: 0 }]);
  assert.deepEqual(r.modules[0].notes, ['class Dog now extends Robot: the class and its prototype are re-linked, so instances made before inherit its methods too, but not what its constructor or fields set (they were constructed before): restart for those']);
  const k9 = new Dog('k9');
  assert.equal(app.ns.Dog, Dog);
  assert.deepEqual(
    [rex.speak(), k9.speak(), k9.kind, k9.legs, Dog.family(), k9 instanceof Robot, rex instanceof Robot, rex instanceof Animal, Object.getPrototypeOf(Dog) === Robot],
    ['rex beeps (woof)', 'k9 beeps (woof)', 'robot', 4, 'robots', true, true, false, true],
  );

  // v3: back to Animal, and a method whose super call is new code.
  app.write('pets.mjs', ANIMALS + `export class Dog extends Animal {
  constructor(name) { super(name); this.legs = 4; }
  speak() { return super.speak() + ' (WOOF)'; }
}
`);
  applied(await app.refresh());
  assert.deepEqual([rex.speak(), new Dog('d').kind, rex instanceof Animal], ['rex makes a sound (WOOF)', 'animal', true]);
});

test('an extends clause added or removed re-links the class; a constructor it was not created with is said in a note', async (t) => {
  const app = await load({
    'pets.mjs': ANIMALS + `export class Cat {
  constructor(name) { this.name = name; }
  speak() { return this.name + ' purrs'; }
}
export class Fish extends Animal {
  constructor(name) { super(name); this.fins = 2; }
}
`,
  });
  t.after(app.close);
  const { Cat, Fish, Animal } = app.ns;
  const tom = new Cat('tom');
  app.write('pets.mjs', ANIMALS + `export class Cat extends Animal {
  constructor(name) { super(name); }
  speak() { return super.speak() + ' (purr)'; }
}
export class Fish {
  constructor(name) { this.name = name; this.fins = 3; }
  speak() { return this.name + ' is quiet'; }
}
`);
  const r = await app.refresh();
  assert.deepEqual(r.modules[0].notes, [
    'class Cat now extends Animal: the class and its prototype are re-linked, so instances made before inherit its methods too, but not what its constructor or fields set (they were constructed before): restart for those',
    'class Cat was created without an extends clause: its constructor cannot call super() while the program runs, so its constructor and field changes apply after a restart',
    'class Fish no longer extends anything: the class and its prototype are re-linked, so instances made before no longer inherit',
    'class Fish was created with an extends clause: its constructor still calls super(), which an empty base class answers until a restart',
    'the constructor of Fish changed: new instances run it; instances made before keep what the old one set',
  ]);
  const nemo = new Fish('nemo');
  assert.deepEqual(
    [tom.speak(), new Cat('kit').speak(), tom instanceof Animal, Cat.family(), nemo.speak(), nemo.fins, nemo.kind, nemo instanceof Animal],
    ['tom makes a sound (purr)', 'kit makes a sound (purr)', true, 'animals', 'nemo is quiet', 3, undefined, false],
  );
});

test('an extends value that cannot be a parent fails the refresh where it is written; the class stays linked as it was', async (t) => {
  const app = await load({ 'pets.mjs': ANIMALS + `export class Dog extends Animal {\n  speak() { return 'dog: ' + super.speak(); }\n}\n` });
  t.after(app.close);
  const { Dog } = app.ns;
  app.write('pets.mjs', ANIMALS + `export class Dog extends (Animal, 42) {\n  speak() { return 'DOG: ' + super.speak(); }\n}\n`);
  const r = await app.refresh();
  assert.deepEqual([r.ok, r.error.kind, r.error.line, r.error.message], [false, 'evaluation', 11, 'TypeError: Class extends value 42 is not a constructor or null']);
  assert.equal(new Dog('d').speak(), 'dog: d makes a sound');
});

// Issue 12, failure class 2: a class in a module that is re-imported (its imports changed)
// continues as the class the program holds, changed in place like on the patch path.
const ACCOUNT_V1 = `let opened = 0;
export function openedSoFar() { return opened; }
export class Account {
  #balance;
  constructor(owner) { this.owner = owner; this.#balance = 0; opened++; }
  #fee() { return 1; }
  deposit(n) { this.#balance += n - this.#fee(); return this; }
  get balance() { return this.#balance; }
  static open(owner) { return new Account(owner); }
  static create(owner) { return new this(owner); }
}
`;
// v2 adds an import and a class (a new class is a re-import): the constructor uses the
// import and sets a #private field.
const ACCOUNT_V2 = `import { format } from 'node:util';
export class Entry {}
let opened = 0;
export function openedSoFar() { return opened; }
export class Account {
  #balance;
  constructor(owner) { this.owner = format('<%s>', owner); this.#balance = 100; opened++; }
  #fee() { return 1; }
  deposit(n) { this.#balance += n - this.#fee(); return this; }
  get balance() { return this.#balance; }
  static open(owner) { return new Account(owner); }
  static create(owner) { return new this(owner); }
}
`;

test('after a re-import, a changed constructor reaches new instances: it reads a new import and sets #private fields', async (t) => {
  const app = await load({ 'account.mjs': ACCOUNT_V1 });
  t.after(app.close);
  const { Account, openedSoFar } = app.ns;
  const ann = new Account('ann').deposit(11);
  app.write('account.mjs', ACCOUNT_V2);
  const r = await app.refresh();
  assert.deepEqual(applied(r), [{ file: 'account.mjs', path: 'reimport', updated: ['Account', 'openedSoFar', 'Entry'], statements: 0 }]);
  assert.deepEqual(r.modules[0].notes, ['the constructor of Account changed: new instances run it; instances made before keep what the old one set']);
  const bob = new Account('bob').deposit(11);
  assert.deepEqual(
    [app.ns.Account === Account, ann.owner, ann.balance, bob.owner, bob.balance, Account.open('cy').balance, Account.create('di').owner, openedSoFar()],
    [true, 'ann', 10, '<bob>', 110, 100, '<di>', 4],
  );
});

test('in place (a new import, no re-import), a changed constructor reaches new instances: it reads the import and sets #private fields', async (t) => {
  const app = await load({ 'account.mjs': ACCOUNT_V1 });
  t.after(app.close);
  const { Account, openedSoFar } = app.ns;
  const ann = new Account('ann').deposit(11);
  app.write('account.mjs', ACCOUNT_V2.replace('export class Entry {}\n', ''));
  const r = await app.refresh();
  assert.deepEqual(applied(r), [{ file: 'account.mjs', path: 'patch', updated: ['Account constructor'], statements: 0 }]);
  const bob = new Account('bob').deposit(11);
  assert.deepEqual(
    [app.ns.Account === Account, ann.owner, ann.balance, bob.owner, bob.balance, Account.open('cy').balance, Account.create('di').owner, openedSoFar()],
    [true, 'ann', 10, '<bob>', 110, 100, '<di>', 4],
  );
});

test('after a re-import, a patched method calls a #private method on instances made before and after the edit', async (t) => {
  const app = await load({ 'account.mjs': ACCOUNT_V1 });
  t.after(app.close);
  const { Account } = app.ns;
  const ann = new Account('ann');
  app.write('account.mjs', ACCOUNT_V2);
  applied(await app.refresh());
  const bob = new Account('bob');
  // v3 (a patch): deposit changes, #fee changes, a new method calls #fee.
  app.write('account.mjs', ACCOUNT_V2.replace('#fee() { return 1; }', '#fee() { return 2; }').replace('deposit(n) {', 'fee() { return this.#fee(); }\n  deposit(n) {'));
  const r = await app.refresh();
  assert.deepEqual(applied(r), [{ file: 'account.mjs', path: 'patch', updated: ['Account.#fee', 'Account.fee'], statements: 0 }]);
  assert.deepEqual([ann.fee(), bob.fee(), bob.deposit(12).balance, ann.deposit(12).balance], [2, 2, 110, 10]);
});

test('after a re-import, instances made by the class\'s own static factories have methods a later patch added', async (t) => {
  const app = await load({ 'account.mjs': ACCOUNT_V1 });
  t.after(app.close);
  const { Account } = app.ns;
  app.write('account.mjs', ACCOUNT_V2);
  applied(await app.refresh());
  const viaName = Account.open('ann');
  const viaThis = Account.create('bob');
  app.write('account.mjs', ACCOUNT_V2.replace('get balance()', 'describe() { return this.owner + ' + "' has '" + ' + this.#balance; }\n  get balance()'));
  applied(await app.refresh());
  assert.deepEqual(
    [viaName.describe(), viaThis.describe(), Account.open('cy').describe(), viaName instanceof Account, Object.getPrototypeOf(viaName) === Account.prototype],
    ['<ann> has 100', '<bob> has 100', '<cy> has 100', true, true],
  );
});

test('after a re-import, class members and top-level functions share the module\'s state; the version\'s own new code sees the changed class', async (t) => {
  const app = await load({ 'tally.mjs': `let total = 0;\nexport function add(n) { total += n; return total; }\nexport class Tally {\n  read() { return total; }\n}\n` });
  t.after(app.close);
  const { Tally, add } = app.ns;
  const t1 = new Tally();
  add(5);
  app.write('tally.mjs', `import { EOL } from 'node:os';\nlet total = 0;\nexport function add(n) { total += n; return total; }\nexport class Tally {\n  read() { return total; }\n  line() { return 'total ' + total + EOL.length; }\n}\nexport const first = new Tally().line();\n`);
  applied(await app.refresh());
  add(2);
  assert.deepEqual([t1.read(), t1.line(), app.record('tally.mjs').home('first')], [7, 'total 71', 'total 51']);
});

test('a re-import that fails after its class changed takes the class back', async (t) => {
  const app = await load({ 'account.mjs': ACCOUNT_V1 });
  t.after(app.close);
  const { Account } = app.ns;
  app.write('account.mjs', ACCOUNT_V2.replace('#fee() { return 1; }', '#fee() { return 5; }') + `throw new Error('not yet');\n`);
  const r = await app.refresh();
  assert.deepEqual([r.ok, r.error.kind, r.error.message], [false, 'evaluation', 'Error: not yet']);
  assert.deepEqual([new Account('ann').owner, new Account('ann').deposit(3).balance], ['ann', 2]);
});

test('new #private names: the running class gains them, instances made before included (fields when first reached), static ones too', async (t) => {
  const app = await load({ 'k.mjs': `export class K {\n  #a = 1;\n  sum() { return this.#a; }\n  plain() { return 'p1'; }\n}\n` });
  t.after(app.close);
  const { K } = app.ns;
  const k = new K();
  // v2: a field reading an old one, a static field, a method, a getter, a brand check.
  app.write('k.mjs', `export class K {\n  #a = 1;\n  #b = this.#a + 1;\n  static #n = 5;\n  #m() { return 'm' + this.#b; }\n  get #g() { return this.#b * 100; }\n  sum() { return this.#a + this.#b; }\n  b() { return [this.#m(), this.#g, #b in this, K.#n++]; }\n  plain() { return 'p2'; }\n  static has(o) { return #b in o; }\n}\n`);
  const r = await app.refresh();
  assert.deepEqual(applied(r)[0].updated, ['K.#b (new field)', 'K.#n (static)', 'K.#m', 'K.#g', 'K.sum', 'K.b', 'K.plain', 'K.has (static)']);
  assert.deepEqual(r.modules[0].notes, []);
  assert.deepEqual([k.sum(), k.b(), new K().b(), k.plain(), K.has({}), K.has(new K())], [3, ['m2', 200, true, 5], ['m2', 200, true, 6], 'p2', false, true]);

  // v3: the grown names follow edits (a method, a field's initializer for new instances), and more are added.
  app.write('k.mjs', `export class K {\n  #a = 1;\n  #b = this.#a + 10;\n  static #n = 5;\n  #m() { return 'M' + this.#b; }\n  get #g() { return this.#b * 100; }\n  #c = 'c';\n  sum() { return this.#a + this.#b + this.#c; }\n  b() { return [this.#m(), this.#g, #b in this, K.#n++]; }\n  plain() { return 'p3'; }\n  static has(o) { return #b in o; }\n}\n`);
  const r2 = await app.refresh();
  assert.deepEqual(applied(r2)[0].updated, ['K.#b (field)', 'K.#m', 'K.#c (new field)', 'K.sum', 'K.plain']);
  assert.deepEqual(r2.modules[0].notes, ['field K.#b changed: new instances get the new initializer; instances made before keep their value']);
  assert.deepEqual([k.sum(), k.b(), new K().b(), new K().sum()], ['3c', ['M2', 200, true, 7], ['M11', 1100, true, 8], '12c']);
});

test('a private member whose kind changes (field to method and back): instances made before have what the class declares now', async (t) => {
  const V1 = `export class K {\n  #a = 1;\n  sum() { return this.#a; }\n}\n`;
  const app = await load({ 'k.mjs': V1 });
  t.after(app.close);
  const { K } = app.ns;
  const k = new K();
  app.write('k.mjs', `export class K {\n  #a() { return 5; }\n  sum() { return this.#a(); }\n  twice() { return this.#a() * 2; }\n}\n`);
  const r = await app.refresh();
  assert.deepEqual([r.ok, r.modules[0].notes], [true, []]);
  assert.deepEqual([k.sum(), k.twice(), new K().sum()], [5, 10, 5]);
  app.write('k.mjs', V1.replace('#a = 1', '#a = 7'));
  applied(await app.refresh());
  assert.deepEqual([k.sum(), new K().sum()], [7, 7]);
});

// Found by the replay of lru-cache 11.4.0 → 11.5.0 (a public field added while the constructor,
// changed too, sets `#perf`, a name 11.2.0 added): the constructor slot, set again for the new
// field, compiled the new constructor text, and the refresh failed as a syntax error, for good.
test('a field added while the constructor sets a #private name the running class lacks: new instances run it, those made before get what reads nothing of the construction, and are said to lack the rest', async (t) => {
  const V1 = `export class C {\n  #a;\n  constructor(o) {\n    this.#a = o;\n  }\n  get a() { return this.#a; }\n}\n`;
  const V2 = `export class C {\n  #a;\n  #p;\n  b;\n  constructor(o) {\n    this.#a = o;\n    this.b = 3;\n    this.#p = 2;\n  }\n  get a() { return this.#a; }\n  get p() { return this.#p; }\n}\n`;
  const app = await load({ 'c.mjs': V1 });
  t.after(app.close);
  const { C } = app.ns;
  const old = new C(0);
  app.write('c.mjs', V2);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  // `this.b = 3` reads nothing of the construction: an instance made before gets it when it first reads it.
  assert.match(r.modules[0].notes[0], /^the constructor of C changed: new instances run it; instances made before keep what the old one set; instances made before get b the first time they read it; they lack #p, which it now sets \(.*c\.mjs:8:5\): set it where it is read, or restart$/);
  const c = new C(1);
  assert.deepEqual([c.a, c.b, c.p, old.a, old.p, old.b], [1, 3, 2, 0, undefined, 3]);

  // A constructor an earlier refresh compiled is in force: the new field wraps it.
  const app2 = await load({ 'c.mjs': V1 });
  t.after(app2.close);
  app2.write('c.mjs', V1.replace('this.#a = o;', 'this.#a = o * 10;'));
  applied(await app2.refresh());
  app2.write('c.mjs', V2.replace('b;', 'b = 7;').replace('this.b = 3;', ''));
  const r2 = await app2.refresh();
  assert.equal(r2.ok, true, JSON.stringify(r2.error));
  const c2 = new app2.ns.C(1);
  assert.deepEqual([c2.a, c2.b, c2.p], [1, 7, 2]);
});

test('fields with computed keys, instance and static, added and changed: keys evaluated where the class is', async (t) => {
  const app = await load({ 'c.mjs': `const K = 'k1';\nexport class C {\n  [K] = 1;\n  static [K] = 'a';\n}\n` });
  t.after(app.close);
  const { C } = app.ns;
  const old = new C();
  // S is declared by the same save, before the class: its key reads the new value.
  app.write('c.mjs', `const K = 'k1';\nconst S = Symbol.for('s');\nexport class C {\n  [K] = 2;\n  [S] = 3;\n  [Symbol.toStringTag] = 'C';\n  static [K] = 'b';\n  static [S] = 'c';\n  static ['x' + 1] = 4;\n}\n`);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  const c = new C();
  assert.deepEqual([Object.keys(c), c.k1, c[Symbol.for('s')], String(c)], [['k1'], 2, 3, '[object C]']);
  assert.deepEqual([C.k1, C[Symbol.for('s')], C.x1], ['b', 'c', 4]);
  // An instance made before reads the new fields when it asks for them, and keeps its value.
  assert.deepEqual([old.k1, old[Symbol.for('s')], String(old)], [1, 3, '[object C]']);
});

// That callbacks running between two loads see the class unchanged is checked on Node 20,
// whose hooks thread yields there: test/e2e/faults.test.mjs ("sees all old or all new code").
for (const [how, extra, path] of [
  ['re-imported', 'class Extra {}\n', 'reimport'],
  ['patched in place', '', 'patch'],
])
  test(`two files ${how} in one refresh (new imports): the second one's new top-level code sees the first one's class changed`, async (t) => {
    const app = await load({
      'main.mjs': `import { Greeter } from './greeter.mjs';\nimport { greeting } from './use.mjs';\nexport { Greeter, greeting };\n`,
      'greeter.mjs': `export class Greeter {\n  hello() { return 'hello'; }\n}\n`,
      'use.mjs': `import { Greeter } from './greeter.mjs';\nexport const greeting = 'none';\n`,
    });
    t.after(app.close);
    const g = new app.ns.Greeter();
    // v2 of both: greeter.mjs adds an import and a method; use.mjs adds an import and a statement using it.
    app.write('greeter.mjs', `import { EOL } from 'node:os';\n${extra}export class Greeter {\n  hello() { return 'hello'; }\n  shout() { return 'HELLO' + EOL.length; }\n}\n`);
    app.write('use.mjs', `import { Greeter } from './greeter.mjs';\nimport { sep } from 'node:path';\n${extra}export const greeting = new Greeter().shout() + sep;\n`);
    const r = await app.refresh();
    assert.deepEqual(applied(r).map((m) => [m.file, m.path]), [['greeter.mjs', path], ['use.mjs', path]]);
    assert.deepEqual([app.record('use.mjs').home('greeting'), g.shout()], ['HELLO1/', 'HELLO1']);
  });

test('grown #private members of every kind: accessor pair, async and generator methods, a static async one, an arrow field whose closures follow later edits', async (t) => {
  const V1 = `export class K {\n  count = 0;\n  run() { return this.count; }\n}\n`;
  const V2 = `export class K {\n  count = 0;\n  #v = 1;\n  #tick = () => { this.count += this.#v; return 'tick'; };\n  get #value() { return this.#v; }\n  set #value(x) { this.#v = x * 2; }\n  async #load() { return 'loaded' + this.#v; }\n  *#iter() { yield this.#v; yield this.#v + 1; }\n  static async #s() { return 's'; }\n  async run() { this.#value = 5; const held = this.#tick; held(); return [this.count, this.#value, await this.#load(), [...this.#iter()], await K.#s(), held === this.#tick]; }\n  get tick() { return this.#tick; }\n}\n`;
  const app = await load({ 'k.mjs': V1 });
  t.after(app.close);
  const { K } = app.ns;
  const k = new K();
  app.write('k.mjs', V2);
  const r = await app.refresh();
  assert.deepEqual([r.ok, r.modules[0].notes.length], [true, 1]);
  assert.match(r.modules[0].notes[0], /^class K had no #private names of its own/);
  const expected = [10, 10, 'loaded10', [10, 11], 's', true];
  assert.deepEqual([await k.run(), await new K().run()], [expected, expected]);

  // The arrow field's body edited: the function an instance made before holds runs it.
  const held = k.tick;
  app.write('k.mjs', V2.replace("return 'tick';", "return 'TOCK' + this.#v;"));
  applied(await app.refresh());
  assert.deepEqual([held(), k.tick === held, k.count], ['TOCK10', true, 20]);
});

// A private accessor gaining its other half is declared again in a grown scope (a running
// class cannot gain a setter for `#f`): both halves take their code there, changed or not,
// and so does every member that uses `#f` (it would reach the class's own getter).
test('a private getter gains a setter (and the reverse): both halves and their readers run the new code, instances made before included', async (t) => {
  const V1 = `export class Temp {\n  #c = 1;\n  get #f() { return this.#c * 10; }\n  read() { return this.#f; }\n}\n`;
  const app = await load({ 't.mjs': V1 });
  t.after(app.close);
  const old = new app.ns.Temp();
  app.write('t.mjs', V1.replace('get #f() { return this.#c * 10; }', 'get #f() { return this.#c * 100; }\n  set #f(v) { this.#c = v; }'));
  applied(await app.refresh());
  assert.deepEqual([old.read(), new app.ns.Temp().read()], [100, 100]);
  app.write('t.mjs', V1.replace('get #f() { return this.#c * 10; }', 'get #f() { return this.#c * 100; }\n  set #f(v) { this.#c = v; }').replace('read() { return this.#f; }', 'read() { this.#f = 4; return this.#f; }'));
  applied(await app.refresh());
  assert.deepEqual([old.read(), new app.ns.Temp().read()], [400, 400]);
  // A setter-only accessor gaining a getter: the unchanged setter keeps working.
  const S1 = `export class T2 {\n  #c = 1;\n  set #f(v) { this.#c = v; }\n  read() { this.#f = 3; return this.#c; }\n}\n`;
  const app2 = await load({ 't2.mjs': S1 });
  t.after(app2.close);
  const old2 = new app2.ns.T2();
  app2.write('t2.mjs', S1.replace('set #f(v) { this.#c = v; }', 'set #f(v) { this.#c = v; }\n  get #f() { return this.#c * 10; }').replace('return this.#c; }', 'return this.#f; }'));
  applied(await app2.refresh());
  assert.deepEqual([old2.read(), new app2.ns.T2().read()], [30, 30]);
});

test('a constructor that now sets state reading nothing of the construction: instances made before get it when they first read it', async (t) => {
  const V1 = `const MAX = 3;\nexport class Svc {\n  constructor(name) {\n    this.name = name;\n  }\n  get(k) { return this.name + k; }\n}\nexport const svc = new Svc('s');\n`;
  const V2 = `const MAX = 3;\nexport class Svc {\n  constructor(name, opts = {}) {\n    this.name = name;\n    this.cache = new Map();\n    this.limit = MAX * 2;\n    this.onHit = (k) => this.hits.push(k);\n    this.hits = [];\n    this.size = opts.size ?? 1;\n  }\n  get(k) {\n    if (!this.cache.has(k)) this.cache.set(k, this.name + k + this.limit);\n    this.onHit(k);\n    return this.cache.get(k);\n  }\n}\nexport const svc = new Svc('s');\n`;
  const app = await load({ 's.mjs': V1 });
  t.after(app.close);
  const { svc, Svc } = app.ns;
  const other = new Svc('o');
  const never = new Svc('never');
  app.write('s.mjs', V2);
  const r = await app.refresh();
  assert.match(r.modules[0].notes[0], /instances made before get cache, limit, onHit, hits the first time they read them \(cache, onHit, hits, made for each instance: until 1024 new instances have set them\); they lack size, which it now sets \(.*s\.mjs:9:5\)/);
  // Each instance its own Map and array, as each construction would have made.
  assert.deepEqual([svc.get('a'), svc.get('a'), other.get('b'), svc.hits, other.hits, svc.cache === other.cache], ['sa6', 'sa6', 'ob6', ['a', 'a'], ['b'], false]);
  // limit, the same for every construction, is a value of the prototype (not an own key).
  assert.deepEqual([Object.keys(svc), svc.limit, Object.hasOwn(svc, 'limit'), svc.size], [['name', 'cache', 'onHit', 'hits'], 6, false, undefined]);
  const fresh = new Svc('n', { size: 4 });
  assert.deepEqual([fresh.get('c'), Object.keys(fresh), fresh.size], ['nc6', ['name', 'cache', 'limit', 'onHit', 'hits', 'size'], 4]);
  // Assigned before it was read: the instance's own value, not the constructor's.
  const third = new app.ns.Svc('t');
  other.limit = 1;
  assert.deepEqual([other.limit, third.limit], [1, 6]);

  // 1024 new instances later the accessor is gone: new instances' writes are plain stores, and
  // an instance made before that never read `cache` lacks it, as the note said.
  for (let i = 0; i < 1024; i++) new Svc('x');
  assert.deepEqual([Object.getOwnPropertyDescriptor(Svc.prototype, 'cache'), new Svc('y').cache instanceof Map, never.cache], [undefined, true, undefined]);
});

// Found by the replay of quick-lru 6.0.2 → 6.1.0 → 7.0.0: a class created without an extends
// clause gains one (its constructor now calls super(), which cannot run), then `#private`
// names. The grown names set the constructor slot again, whose text calls super(): the
// refresh failed as a syntax error, for good. Now the constructor stays (noted) and the
// names reach instances, old and new, when code first uses them.
test('a class created without extends gains one, then #private names: the refresh applies, the constructor waits for a restart (noted)', async (t) => {
  const V1 = `export class C {\n  constructor(o) {\n    this.m = o;\n  }\n  get x() { return this.m; }\n}\n`;
  const V2 = V1.replace('class C {', 'class C extends Map {').replace('(o) {\n', '(o) {\n    super();\n');
  const V3 = `export class C extends Map {\n  #m;\n  #n = 5;\n  constructor(o) {\n    super();\n    this.#m = o;\n  }\n  get x() { return [this.#m, this.#n]; }\n}\n`;
  const app = await load({ 'c.mjs': V1 });
  t.after(app.close);
  const { C } = app.ns;
  const old = new C(1);
  app.write('c.mjs', V2);
  assert.equal((await app.refresh()).ok, true);
  app.write('c.mjs', V3);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(r.modules[0].notes, [
    'class C was created without an extends clause: its constructor cannot call super() while the program runs, so its constructor and field changes apply after a restart',
    'class C had no #private names of its own: an object that inherits from C.prototype without being made by C (Object.create) gets the new ones when code reaches them, where after a restart that code would throw',
  ]);
  assert.deepEqual([new C(2).x, old.x], [[undefined, 5], [undefined, 5]]);
});

// Found by the replay of quick-lru 6.1.2 → 7.0.0 (`class QuickLRU extends Map`): the changed
// constructor sets `this.#maxSize`, which instances made before lack; the note said nothing
// because the parent is from elsewhere and might set what the constructor sets, which no
// parent can do for a `#name`.
test('a changed constructor of a class extending a parent from elsewhere: the #names it now sets are said to be lacking', async (t) => {
  const V1 = `export class C extends Map {\n  constructor(o) {\n    super();\n    this.size2 = o;\n  }\n}\n`;
  const V2 = `export class C extends Map {\n  #max;\n  constructor(o) {\n    super();\n    this.#max = o;\n    this.extra = 1;\n  }\n  get max() { return this.#max; }\n}\n`;
  const app = await load({ 'c.mjs': V1 });
  t.after(app.close);
  const old = new app.ns.C(3);
  app.write('c.mjs', V2);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.modules[0].notes.length, 2);
  assert.match(r.modules[0].notes[0], /^class C had no #private names of its own/);
  assert.match(r.modules[0].notes[1], /^the constructor of C changed: new instances run it; instances made before keep what the old one set; they lack #max, which it now sets \(.*c\.mjs:5:5\): set it where it is read, or restart$/);
  assert.deepEqual([new app.ns.C(4).max, old.max], [4, undefined]);
});

// Found while hardening the grown #names (class-privates.ts `stamping`): code compiled in the
// grown scope read `o?.k.#b` as `__lm$s(o?.k).#b`, which ends the optional chain (a nullish
// `o` threw where the chain gives undefined), and `this.#b` as `(#b in this?…)`, whose `in`
// throws its own TypeError on a primitive or undefined `this` (a method called unbound).
test('grown #names in optional chains and on primitives: what a fresh process gives, old instances included', async (t) => {
  const V1 = `export class K {\n  #a = 1;\n  a() { return this.#a; }\n}\n`;
  const V2 = `export class K {\n  #a = 1;\n  #b = { x: { y: 7 } };\n  #m() { return this.#a + 1; }\n  f() { return this; }\n  b() { return this.#b; }\n  static of(o) { return o.#b; }\n  static t(o, k) { return [o?.p?.q.#b, o?.[k].#b, (o)?.p.q.#b.x?.y, o?.p.q.#m(), o?.p.q.f?.().#b, o?.p.q?.#b, o?.g?.().#b]; }\n}\n`;
  const app = await load({ 'k.mjs': V1 });
  t.after(app.close);
  const { K } = app.ns;
  const old = new K();
  app.write('k.mjs', V2);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  const fresh = await import('data:text/javascript,' + encodeURIComponent(V2));
  const outcome = (f) => { try { return { ok: f() }; } catch (e) { return { threw: `${e.name}: ${e.message}` }; } };
  const g = function () { return this.p.q; };
  const run = (C, o) => [
    outcome(() => C.t(null, 'z')),
    outcome(() => C.t({ p: { q: o }, z: o, g }, 'z')),
    outcome(() => C.t({ p: null, z: null }, 'z')),
    outcome(() => C.t({ p: {}, z: o }, 'z')),
    outcome(() => C.of(5)),
    outcome(() => C.of(undefined)),
    outcome(() => o.b.call(undefined)),
    outcome(() => o.b.call(3)),
  ];
  const expected = run(fresh.K, new fresh.K());
  assert.deepEqual(expected[0], { ok: [undefined, undefined, undefined, undefined, undefined, undefined, undefined] });
  assert.deepEqual(run(K, old), expected);
  assert.deepEqual(run(K, new K()), expected);
});

// Found hardening the grown #names: a class with no #name of its own has no brand, so the
// stamp tells its instances by their prototype, and an object made by Object.create from it
// gets the names where a fresh process's code throws. Said, once, when it first grows some.
test('a class with no #names of its own gains some: objects made by Object.create from its prototype are noted, its instances get them', async (t) => {
  const V1 = `export class K {\n  x = 1;\n}\n`;
  const V2 = `export class K {\n  x = 1;\n  #n = 2;\n  n() { return this.#n; }\n  static create() { return Object.create(K.prototype); }\n}\n`;
  const app = await load({ 'k.mjs': V1 });
  t.after(app.close);
  const old = new app.ns.K();
  app.write('k.mjs', V2);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(r.modules[0].notes, [
    'class K had no #private names of its own: an object that inherits from K.prototype without being made by K (Object.create) gets the new ones when code reaches them, where after a restart that code would throw',
  ]);
  assert.deepEqual([old.n(), new app.ns.K().n(), app.ns.K.create().n()], [2, 2, 2]);
  // A further name: the class has one now, and nothing more is said.
  app.write('k.mjs', V2.replace('#n = 2;', '#n = 2;\n  #m = 3;').replace('return this.#n;', 'return this.#n + this.#m;'));
  const r2 = await app.refresh();
  assert.deepEqual([r2.ok, r2.modules[0].notes], [true, []]);
  assert.equal(old.n(), 5);
});

// Found by the replay of hono 4.4.0 → 4.5.0: Context's public field `req;` became `get req()`
// (reading `#req`). The class, created with the field, still defined it on every new instance
// (an own `req`, undefined), hiding the getter: every request handler read `c.req` as undefined.
test('a public field removed (and its name now a getter): new instances no longer have it, base and derived classes', async (t) => {
  const V1 = `export class C {\n  req;\n  layout = 'l';\n  constructor(r) {\n    this.req = r;\n  }\n}\nexport class D extends C {\n  extra = 1;\n  constructor(r) {\n    super(r);\n  }\n}\n`;
  const V2 = `export class C {\n  #r;\n  constructor(r) {\n    this.#r = r;\n  }\n  get req() { return 'got ' + this.#r; }\n}\nexport class D extends C {\n  constructor(r) {\n    super(r);\n  }\n}\n`;
  const app = await load({ 'c.mjs': V1 });
  t.after(app.close);
  const { C, D } = app.ns;
  const old = new C('a');
  app.write('c.mjs', V2);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.ok(r.modules[0].notes.includes('field C.layout removed: new instances no longer have it; instances made before keep theirs'), JSON.stringify(r.modules[0].notes));
  assert.ok(r.modules[0].notes.some((n) => n.startsWith('C.req changed from a field to a method or accessor: new instances use the class')), JSON.stringify(r.modules[0].notes));
  assert.ok(r.modules[0].notes.includes('field D.extra removed: new instances no longer have it; instances made before keep theirs'), JSON.stringify(r.modules[0].notes));
  const c = new C('b');
  const d = new D('d');
  assert.deepEqual([c.req, Object.keys(c), d.req, Object.keys(d), old.req], ['got b', [], 'got d', [], 'a']);
});

// Found with the test above: the guard before a derived class's constructor body (loader/ctor.ts)
// declared `g`, `r`, `t` and `q` in the body's scope and passed the parameters on by name, so
// a constructor with a parameter `r` threw "Cannot access 'r' before initialization" as soon
// as a refresh replaced it.
test('a derived class whose constructor has parameters named g, r, t, q: replaced, it runs', async (t) => {
  const V1 = `class B {\n  constructor(...a) { this.a = a; }\n}\nexport class D extends B {\n  constructor(g, r, t, q) {\n    super(g, r);\n    this.s = [t, q];\n  }\n}\n`;
  const app = await load({ 'd.mjs': V1 });
  t.after(app.close);
  app.write('d.mjs', V1.replace('this.s = [t, q];', 'this.s = [q, t];'));
  applied(await app.refresh());
  const d = new app.ns.D(1, 2, 3, 4);
  assert.deepEqual([d.a, d.s], [[1, 2], [4, 3]]);
});

// Found by the replay of hono 4.10.4 → 4.11.0 (an esbuild build): `var Node = class {` became
// `var Node = class _Node {` and its methods `new _Node()`. A class expression's own name is
// bound only inside the class, from its creation: compiled in the running class's scope, the
// methods threw "_Node is not defined".
test("a class expression gains an own name its changed members use: they read it as the class", async (t) => {
  const V1 = `var Node = class {\n  kids = [];\n  add() { const n = new Node(); this.kids.push(n); return n; }\n};\nexport { Node };\n`;
  const V2 = `var Node = class _Node {\n  kids = [];\n  add() { const n = new _Node(); this.kids.push(n); return n; }\n  static self() { return _Node; }\n  rename() { _Node = 1; }\n};\nexport { Node };\n`;
  const app = await load({ 'n.mjs': V1 });
  t.after(app.close);
  const { Node } = app.ns;
  const old = new Node();
  app.write('n.mjs', V2);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.ok(old.add() instanceof Node);
  assert.equal(Node.self(), Node);
  assert.throws(() => old.rename(), TypeError);
});

// Found by the replay of hono 4.6.10 → 4.7.0 (`#errorHandler` back to a public field): the
// accessor that gives instances made before a new public field stays on the prototype, which
// a fresh process's does not have; the refresh now says so.
test('a new public field with an initializer: instances made before get it when read, and the note says where the accessor is', async (t) => {
  const app = await load({ 'c.mjs': `export class C {\n  a = 1;\n}\n` });
  t.after(app.close);
  const old = new app.ns.C();
  app.write('c.mjs', `export class C {\n  a = 1;\n  b = this.a + 1;\n}\n`);
  const r = await app.refresh();
  assert.deepEqual(r.modules[0].notes, ['new field C.b: instances made before get it when first read, through an accessor C.prototype inherits from an object put before its parent until a restart (Object.getPrototypeOf(C.prototype) is that object)']);
  // The prototype's own keys are the ones a fresh process's has; the object in between is Object.prototype's child.
  const layer = Object.getPrototypeOf(app.ns.C.prototype);
  assert.deepEqual([old.b, new app.ns.C().b, Object.getOwnPropertyNames(app.ns.C.prototype), Object.getPrototypeOf(layer) === Object.prototype, app.ns.C.prototype.b], [2, 2, ['constructor'], true, undefined]);
});

// Found checking the hono replay (4.7.0 re-adds `errorHandler`, 4.11.0 removes it again): a
// public field added by a refresh and removed by a later one left its accessor on the
// prototype, and new instances read the removed field's initializer through it.
test('a public field added, then removed: the accessor the first refresh put on the prototype goes', async (t) => {
  const app = await load({ 'c.mjs': `export class C {\n  a = 1;\n}\n` });
  t.after(app.close);
  app.write('c.mjs', `export class C {\n  a = 1;\n  b = 2;\n}\n`);
  applied(await app.refresh());
  const mid = new app.ns.C();
  app.write('c.mjs', `export class C {\n  a = 1;\n}\n`);
  applied(await app.refresh());
  const c = new app.ns.C();
  assert.deepEqual([Object.getOwnPropertyNames(app.ns.C.prototype), c.b, Object.keys(c), mid.b], [['constructor'], undefined, ['a'], 2]);
});

test('a new field\'s accessor lives between the prototype and its parent: a changed extends clause re-links past it, super and instanceof follow, prototypes read undefined', async (t) => {
  const V1 = `export class A { hi() { return 'A'; } }\nexport class B { hi() { return 'B'; } }\nexport class S extends A { hi() { return 's>' + super.hi(); } }\n`;
  const app = await load({ 'm.mjs': V1 });
  t.after(app.close);
  const { S, A, B } = app.ns;
  const old = new S();
  app.write('m.mjs', V1.replace("class S extends A { hi()", "class S extends A { tag = 't'; hi()"));
  applied(await app.refresh());
  assert.deepEqual([old.hi(), old.tag, old instanceof A, new S().tag], ['s>A', 't', true, 't']);
  app.write('m.mjs', V1.replace("class S extends A { hi()", "class S extends B { tag = 't'; hi()"));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual([old.hi(), new S().hi(), old instanceof B, old instanceof A, new S().tag], ['s>B', 's>B', true, false, 't']);
  // a subclass prototype reading the field does not get it
  class T extends S {}
  assert.deepEqual([T.prototype.tag, Object.getOwnPropertyNames(T.prototype)], [undefined, ['constructor']]);
});

test('a base class constructor edited three ways: `this` in arrows, `arguments`, `super.x`, `new.target`, a returned object; length and instances follow', async (t) => {
  const app = await load({
    'item.mjs': `export class Item {\n  constructor(name) { this.name = name; }\n  label() { return this.name; }\n}\nexport class Sub extends Item {}\n`,
  });
  t.after(app.close);
  const { Item, Sub } = app.ns;
  const old = new Item('old');
  // v2: arrows capture the instance, arguments counts what the caller passed, new.target names the class constructed.
  app.write('item.mjs', `export class Item {\n  constructor(name, tag) {\n    this.name = name;\n    this.count = arguments.length;\n    this.kind = new.target.name;\n    this.get = () => this.name + '#' + tag;\n  }\n  label() { return this.name; }\n}\nexport class Sub extends Item {}\n`);
  applied(await app.refresh());
  const a = new Item('a', 't');
  const s = new Sub('s');
  assert.deepEqual([a.count, a.kind, a.get(), s.kind, s.count, s instanceof Sub, Item.length], [2, 'Item', 'a#t', 'Sub', 1, true, 2]);
  a.name = 'renamed';
  assert.equal(a.get(), 'renamed#t', 'the arrow reads the instance, not a copy');
  // v3: super.x in a base class (Object.prototype's), and a constructor that returns another object.
  app.write('item.mjs', `export class Item {\n  constructor(name) {\n    this.name = name;\n    this.str = super.toString === Object.prototype.toString;\n    if (name === 'swap') return { swapped: true };\n  }\n  label() { return this.name; }\n}\nexport class Sub extends Item {}\n`);
  applied(await app.refresh());
  const b = new Item('b');
  assert.deepEqual([b.str, b.label(), b instanceof Item, new Item('swap'), Item.length, old.label()], [true, 'b', true, { swapped: true }, 1, 'old']);
  assert.equal(new Sub('t').str, true);
});

test('the object a new field\'s accessor lives on stays in V8\'s fast mode (a dictionary there made every `new` 8 ns slower)', async (t) => {
  setFlagsFromString('--allow-natives-syntax');
  const fast = new Function('o', 'return %HasFastProperties(o)');
  const app = await load({ 'p.mjs': `export class P {\n  constructor(x) { this.x = x; }\n}\n` });
  t.after(app.close);
  const { P } = app.ns;
  const old = new P(1);
  app.write('p.mjs', `export class P {\n  tags = [];\n  constructor(x) { this.x = x; }\n}\n`);
  applied(await app.refresh());
  const layer = Object.getPrototypeOf(P.prototype);
  assert.notEqual(layer, Object.prototype, 'the accessor has its own object');
  assert.deepEqual([fast(layer), fast(P.prototype), old.tags, new P(2).tags], [true, true, [], []]);
  // A second field, and one given up again, keep it fast.
  app.write('p.mjs', `export class P {\n  tags = [];\n  seen = 0;\n  constructor(x) { this.x = x; }\n}\n`);
  applied(await app.refresh());
  assert.deepEqual([fast(Object.getPrototypeOf(P.prototype)), old.seen], [true, 0]);
});

test('a class whose own #names are all static gains an instance #name: a setter and a method use it on instances old and new', async (t) => {
  const app = await load({ 'acct.mjs': `export class Acct {\n  static #made = 0;\n  constructor() { this.c = 0; Acct.#made++; }\n  set bal(v) { this.c = v; }\n  static made() { return Acct.#made; }\n}\nexport const old = new Acct();\n` });
  t.after(app.close);
  const { Acct, old } = app.ns;
  app.write('acct.mjs', `export class Acct {\n  static #made = 0;\n  #log = [];\n  constructor() { this.c = 0; Acct.#made++; }\n  set bal(v) { this.#log.push(v); this.c = v; }\n  log() { return this.#log.join(); }\n  static made() { return Acct.#made; }\n}\nexport const old = new Acct();\n`);
  const r = await app.refresh();
  applied(r);
  // Its instances carry no name of the class's own: the brand is the prototype.
  assert.match(r.modules[0].notes.join('\n'), /class Acct had no #private names of its own/);
  const neu = new Acct();
  old.bal = 1;
  old.bal = 2;
  neu.bal = 3;
  assert.deepEqual([old.log(), neu.log(), old.c, neu.c, Acct.made()], ['1,2', '3', 2, 3, 2]);
});

test('fields added under names that are words of the language (static, get, if) and a key that is no identifier: new instances get them as own data properties', async (t) => {
  const app = await load({ 'w.mjs': `export class W {\n  set get(v) { throw new Error('a setter, not a field'); }\n}\n` });
  t.after(app.close);
  const { W } = app.ns;
  app.write('w.mjs', `export class W {\n  static = 1;\n  get = 2;\n  if = 3;\n  'a-b' = 4;\n}\n`);
  applied(await app.refresh());
  const w = new W();
  assert.deepEqual(Object.entries(w), [['static', 1], ['get', 2], ['if', 3], ['a-b', 4]]);
  assert.equal(Object.getOwnPropertyDescriptor(w, 'get').writable, true);
});

// Found by the koa replay (2.11.0: `Application extends Emitter` sets `this.proxyIpHeader =
// options.proxyIpHeader || 'X-Forwarded-For'`; an app made before answered ctx.ips with a
// TypeError, and the note did not say which field it lacks, since a parent from another module
// may set any public key). Node's EventEmitter is known: it sets only its own underscored keys.
test('a constructor of a class extending EventEmitter that sets a new public key: instances made before are said to lack it, at its line', async (t) => {
  const V1 = `const Emitter = require('events');\nmodule.exports = class App extends Emitter {\n  constructor(options) {\n    super();\n    options = options || {};\n    this.proxy = options.proxy || false;\n  }\n};\n`;
  const V2 = V1.replace(`    this.proxy = options.proxy || false;\n`, `    this.proxy = options.proxy || false;\n    this.header = options.header || 'X-Forwarded-For';\n    this.count = 0;\n    this._events = this._events;\n`);
  const app = await load({ 'main.mjs': `import App from './app.cjs';\nexport { App };\n`, 'app.cjs': V1 });
  t.after(app.close);
  const { App } = app.ns;
  const old = new App({ proxy: true });
  app.write('app.cjs', V2);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  const notes = r.modules.flatMap((m) => m.notes);
  assert.equal(notes.length, 1, JSON.stringify(notes));
  // `this.count = 0` reads nothing of the construction: given lazily; `_events` is EventEmitter's own.
  assert.match(notes[0], /^the constructor of module\.exports changed: new instances run it; instances made before keep what the old one set; instances made before get count the first time they read it; they lack header, which it now sets \(.*app\.cjs:7:5\): set it where it is read, or restart$/);
  const fresh = new App({ header: 'H' });
  assert.deepEqual([fresh.header, fresh.count, old.proxy, old.header, old.count], ['H', 0, true, undefined, 0]);
  assert.equal(typeof old.on, 'function');
});

test("a class declared under a new name and exported under the old one (a bundler's `class Renderer` → `var _Renderer = class`, `export { _Renderer as Renderer }`) continues the class the program holds, and later patches of the new name reach it (found by the marked replay)", async (t) => {
  const v1 = `class Renderer { hr() { return 'hr1'; } }\nexport const make = () => new Renderer();\nexport { Renderer };\n`;
  const v2 = (extra = '') => `var _Renderer = class { hr() { return 'hr2'; }${extra} };\nexport const make = () => new _Renderer();\nexport { _Renderer as Renderer };\n`;
  const app = await load({ 'lib.mjs': v1 });
  t.after(app.close);
  const Held = app.ns.Renderer;
  const old = new Held();
  let r = await (app.write('lib.mjs', v2()), app.refresh());
  assert.equal(r.ok, true);
  assert.deepEqual([app.ns.Renderer === Held, app.ns.make() instanceof Held, new Held().hr(), old.hr()], [true, true, 'hr2', 'hr2']);
  r = await (app.write('lib.mjs', v2(" space() { return ''; }")), app.refresh());
  assert.equal(r.ok, true);
  assert.deepEqual([typeof Held.prototype.space, old.space?.(), app.ns.make() instanceof Held], ['function', '', true]);
});

// ws 7.5.3: the class gains `get onmessage()`/`set onmessage()` stubs (for its type
// declarations) that a statement after it overrides by a loop of Object.defineProperty on the
// prototype. A fresh process ends with the loop's accessors; the refresh, which does not run
// the loop again (unchanged, or only its inline callback changed), kept them (was: the stubs
// replaced them, and `ws.onmessage = f` did nothing).
const WS_ACCESSORS = (stubs, configurable) => `'use strict';
class WS {
  constructor() { this.handlers = {}; }
${stubs === 'getter' ? `  get onmessage() { return null; }
` : stubs ? `  get onmessage() { return undefined; }
  set onmessage(listener) {}
` : ''}}
['message'].forEach((method) => {
  Object.defineProperty(WS.prototype, 'on' + method, {
${configurable ? '    configurable: true,\n' : ''}    enumerable: true,
    get() { return this.handlers[method]; },
    set(listener) { this.handlers[method] = listener; }
  });
});
module.exports = WS;
`;

for (const [what, configurable] of [['unchanged', true], ['its callback edited', false]]) {
  test(`a member added to a class that a later statement defines (the statement ${what}): the statement's accessors stay, noted`, async (t) => {
    const app = await load({ 'main.mjs': `import WS from './ws.cjs';\nexport { WS };\n`, 'ws.cjs': WS_ACCESSORS(false, true) });
    t.after(app.close);
    const WS = app.ns.WS;
    const old = new WS();
    // Saves `text`; a new instance and the old one keep the statement's accessor pair; the report says `note`.
    const keepsAccessors = async (text, value, note) => {
      app.write('ws.cjs', text);
      const r = await app.refresh();
      assert.ok(r.ok, JSON.stringify(r.error));
      for (const w of [new WS(), old]) {
        w.onmessage = value;
        assert.equal(w.onmessage, value);
      }
      const notes = r.modules.flatMap((m) => m.notes);
      assert.ok(notes.some((n) => note.test(n)), notes.join('\n'));
    };
    await keepsAccessors(WS_ACCESSORS(true, configurable), 'f', /WS\.onmessage is new in the class.*ws\.cjs:4:3/);
    // ws 8.0.0: the getter stub changed, the setter stub removed; the loop's pair stays.
    await keepsAccessors(WS_ACCESSORS('getter', true), 'g', /WS\.onmessage changed.*ws\.cjs:4:3/);
  });
}

// A statement after the class that wraps a method (`C.prototype.m = wrap(C.prototype.m)`:
// memoizing, logging, timing wrappers) keeps its wrapper, as a fresh process has it; the
// class's own function, which the wrapper holds, runs the new body (it kept the old one: the
// property is not the class's, runtime/classes.ts definedOutside).
test('a method a later statement wrapped: the wrapper stays and calls the new body', async (t) => {
  const SRC = (body) => `export class C {\n  m(x) { return ${body}; }\n}\nconst wrap = (f) => function (...a) { return 'w(' + f.apply(this, a) + ')'; };\nC.prototype.m = wrap(C.prototype.m);\nexport const c = new C();\n`;
  const app = await load({ 'm.mjs': SRC('x + 1') });
  t.after(app.close);
  const { c, C } = app.ns;
  assert.equal(c.m(1), 'w(2)');
  const r = await (app.write('m.mjs', SRC('x * 10')), app.refresh());
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(c.m(1), 'w(10)');
  assert.equal(new C().m(2), 'w(20)');
  assert.match(r.modules[0].notes.join('\n'), /C\.prototype has m from code outside the class/);
});

// Found by session 17's review: a field added to a class whose constructor freezes (or seals)
// its instances threw "Cannot define property …, object is not extensible" at every read on an
// instance made before, from the accessor that gives old instances the field.
test('a field added to a class whose instances are frozen, sealed or not extensible: old instances read it (one value each), a sealed one takes writes, a frozen one refuses them as a fresh one does', async (t) => {
  const V = (field) => `export class Money {\n  ${field}\n  constructor(amount, how) { this.amount = amount; Object[how](this); }\n  show() { return this.amount + ' ' + this.currency; }\n  setCurrency(c) { this.currency = c; }\n}\n`;
  const app = await load({ 'money.mjs': V('') });
  t.after(app.close);
  const { Money } = app.ns;
  const [frozen, sealed, closed] = [new Money(1, 'freeze'), new Money(2, 'seal'), new Money(3, 'preventExtensions')];
  app.write('money.mjs', V(`currency = ['EUR'][0];`));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual([frozen.show(), sealed.show(), closed.show(), new Money(4, 'freeze').show()], ['1 EUR', '2 EUR', '3 EUR', '4 EUR']);
  sealed.setCurrency('USD');
  closed.setCurrency('GBP');
  assert.deepEqual([sealed.show(), closed.show()], ['2 USD', '3 GBP']);
  assert.throws(() => frozen.setCurrency('USD'), TypeError);
  assert.throws(() => new Money(5, 'freeze').setCurrency('USD'), TypeError);
});

// Found by session 17's review: `static defaults = { … }` edited made a new object, and what
// took the old one at start (a registry) kept the old values; a top-level literal is updated in place.
test('a static field holding an object literal, edited: the object the program took takes the new properties; a failed refresh puts them back', async (t) => {
  const V = (n, tail = '') => `export const registry = new Map();\nexport class Client {\n  static defaults = { retries: ${n}, mode: 'a' };\n}\nregistry.set('client', Client.defaults);\n${tail}`;
  const app = await load({ 'svc.mjs': V(3) });
  t.after(app.close);
  const { registry, Client } = app.ns;
  const held = registry.get('client');
  app.write('svc.mjs', V(5));
  let r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(Client.defaults, held);
  assert.deepEqual({ ...held }, { retries: 5, mode: 'a' });
  app.write('svc.mjs', V(7, 'null.x;\n'));
  r = await app.refresh();
  assert.equal(r.ok, false);
  assert.deepEqual({ ...held }, { retries: 5, mode: 'a' });
});

// Found by session 17's review: a class whose parent is swapped by changing where its name
// comes from (`import { Base } from './base.mjs'` → `'./cached.mjs'`, or the same `require`)
// kept the old parent, for old instances and for `new`, silently.
for (const [form, files, edit] of [
  [
    'an import',
    { 'repo.mjs': `import { Base } from './base.mjs';\nexport class UserRepo extends Base { find(id) { return 'user ' + this.get(id); } }\n`, 'base.mjs': `export class Base { get(id) { return 'db:' + id; } }\n`, 'cached.mjs': `export class Base { get(id) { return 'cache:' + id; } }\n`, 'main.mjs': `import { UserRepo } from './repo.mjs';\nimport './cached.mjs';\nexport { UserRepo };\n` },
    ['repo.mjs', "'./base.mjs'", "'./cached.mjs'"],
  ],
  [
    'a require',
    { 'repo.cjs': `const Base = require('./base.cjs');\nclass UserRepo extends Base { find(id) { return 'user ' + this.get(id); } }\nmodule.exports = { UserRepo };\n`, 'base.cjs': `module.exports = class Base { get(id) { return 'db:' + id; } };\n`, 'cached.cjs': `module.exports = class Base { get(id) { return 'cache:' + id; } };\n`, 'main.mjs': `import repo from './repo.cjs';\nimport './cached.cjs';\nexport const UserRepo = repo.UserRepo;\n` },
    ['repo.cjs', "'./base.cjs'", "'./cached.cjs'"],
  ],
])
  test(`a class whose parent is swapped by changing ${form}: old instances and new ones run the new parent's methods`, async (t) => {
    const app = await load(files, { entry: 'main.mjs' });
    t.after(app.close);
    const { UserRepo } = app.ns;
    const old = new UserRepo();
    const [file, from, to] = edit;
    app.write(file, files[file].replace(from, to));
    const r = await app.refresh();
    assert.ok(r.ok, JSON.stringify(r.error));
    assert.deepEqual([old.find(1), new UserRepo().find(2)], ['user cache:1', 'user cache:2']);
  });

// Found by session 17's review: a class that gains its first constructor, or a derived class
// whose constructor starts setting a constant property, left old instances without it, and
// said nothing (a base class with a constructor did both).
test('a constructor that is new, or a derived class constructor that sets a new constant property: old instances get it when first read, said', async (t) => {
  const app = await load({
    'main.mjs': `import { A } from './a.mjs';\nimport { B } from './b.mjs';\nexport const a = new A();\nexport const b = new B();\nexport { A, B };\n`,
    'a.mjs': `export class A { describe() { return 'A:' + this.ready; } }\n`,
    'b.mjs': `import { A } from './a.mjs';\nexport class B extends A { describe() { return 'B:' + this.retries; } }\n`,
  });
  t.after(app.close);
  const { a, b, B } = app.ns;
  app.write('b.mjs', `import { A } from './a.mjs';\nexport class B extends A {\n  constructor() { super(); this.retries = 3; }\n  describe() { return 'B:' + this.retries; }\n}\n`);
  let r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual([b.describe(), new B().describe()], ['B:3', 'B:3']);
  assert.match(r.modules[0].notes.join('\n'), /the constructor of B is new: .*instances made before get retries the first time they read it/);
  app.write('a.mjs', `export class A {\n  constructor() { this.ready = true; }\n  describe() { return 'A:' + this.ready; }\n}\n`);
  r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(a.describe(), 'A:true');
});

// Found by session 17's review: a method added to a mixin object in another file never reached
// the class that copied it at start (`Object.assign(Foo.prototype, mix)`), silently.
for (const [form, files, file, edit] of [
  ['an ES module', { 'main.mjs': `import { Foo } from './foo.mjs';\nexport { Foo };\n`, 'foo.mjs': `import { mix } from './mix.mjs';\nexport class Foo { constructor(name) { this.name = name; } }\nObject.assign(Foo.prototype, mix);\n`, 'mix.mjs': `export const mix = {\n  greet() { return 'hi ' + this.name; },\n};\n` }, 'mix.mjs', ['  greet()', `  bye() { return 'bye ' + this.name; },\n  greet()`]],
  ['CommonJS', { 'main.mjs': `import Foo from './foo.cjs';\nexport { Foo };\n`, 'foo.cjs': `const mix = require('./mix.cjs');\nclass Foo { constructor(name) { this.name = name; } }\nObject.assign(Foo.prototype, mix);\nmodule.exports = Foo;\n`, 'mix.cjs': `module.exports = {\n  greet() { return 'hi ' + this.name; },\n};\n` }, 'mix.cjs', ['  greet()', `  bye() { return 'bye ' + this.name; },\n  greet()`]],
  // Session 18's second review: the descriptor-copying form (a mixin with accessors), and a helper that copies.
  ['Object.defineProperties', { 'main.mjs': `import { Foo } from './foo.mjs';\nexport { Foo };\n`, 'foo.mjs': `import { mix } from './mix.mjs';\nexport class Foo { constructor(name) { this.name = name; } }\nObject.defineProperties(Foo.prototype, Object.getOwnPropertyDescriptors(mix));\n`, 'mix.mjs': `export const mix = {\n  greet() { return 'hi ' + this.name; },\n};\n` }, 'mix.mjs', ['  greet()', `  bye() { return 'bye ' + this.name; },\n  greet()`]],
  ['a helper that copies', { 'main.mjs': `import { Foo } from './foo.mjs';\nexport { Foo };\n`, 'foo.mjs': `import { mix } from './mix.mjs';\nfunction applyMixins(C, ...ms) { for (const m of ms) Object.assign(C.prototype, m); }\nexport class Foo { constructor(name) { this.name = name; } }\napplyMixins(Foo, mix);\n`, 'mix.mjs': `export const mix = {\n  greet() { return 'hi ' + this.name; },\n};\n` }, 'mix.mjs', ['  greet()', `  bye() { return 'bye ' + this.name; },\n  greet()`]],
])
  test(`a method added to a mixin object in another file (${form}) reaches the class that copied it`, async (t) => {
    const app = await load(files, { entry: 'main.mjs' });
    t.after(app.close);
    const { Foo } = app.ns;
    const f = new Foo('f');
    app.write(file, files[file].replace(edit[0], edit[1]));
    const r = await app.refresh();
    assert.ok(r.ok, JSON.stringify(r.error));
    assert.deepEqual([f.greet(), f.bye(), new Foo('g').bye()], ['hi f', 'bye f', 'bye g']);
  });

// Found by session 17's review: a method rewritten as an arrow field (the fix of a callback's
// `this`) left the callback taken before on the old method, and nothing said so.
test('a method made an arrow field: instances get the field, and the report says a reference to the method taken before keeps its code', async (t) => {
  const V = (member) => `export class Counter {\n  n = 0;\n  ${member}\n}\n`;
  const app = await load({ 'c.mjs': V(`onTick() { return ++this.n; }`) });
  t.after(app.close);
  const c = new app.ns.Counter();
  app.write('c.mjs', V(`onTick = () => ++this.n;`));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  const { onTick } = c;
  assert.equal(onTick(), 1, 'the field, bound to its instance');
  assert.match(r.modules[0].notes.join('\n'), /Counter\.onTick changed from a method to a field: .*bound to its instance calls it, but a reference taken without its instance .* throws/);
});

// Found by session 17's review: a method pulled up from a subclass into its parent (or an
// override removed, or a method made an arrow field): a copy bound before
// (`this.onTick = this.onTick.bind(this)`) ran the deleted method for good.
test('a removed method: a copy bound to its instance before calls what the instance has now (the parent method it was pulled up to, its new arrow field)', async (t) => {
  const A = (body) => `export class A {\n  constructor() { this.n = 0; }\n${body}}\n`;
  const C = (body) => `import { A } from './a.mjs';\nexport class C extends A {\n  constructor() { super(); this.bound = this.onTick.bind(this); }\n${body}}\n`;
  const app = await load({ 'main.mjs': `import { C } from './c.mjs';\nexport { C };\n`, 'a.mjs': A(''), 'c.mjs': C(`  onTick(x) { this.n += x; return 'C v1'; }\n`) });
  t.after(app.close);
  const c = new app.ns.C();
  app.write('a.mjs', A(`  onTick(x) { this.n += x * 10; return 'A v2'; }\n`));
  app.write('c.mjs', C(''));
  let r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual([c.bound(1), c.n], ['A v2', 10]);
  app.write('c.mjs', C(`  onTick = (x) => { this.n += x; return 'C arrow'; };\n`));
  r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual([c.onTick(1), c.bound(1)], ['C arrow', 'C arrow']);
});

// Found by session 18's review: a method renamed (both places, an IDE's "rename symbol") that a
// constructor bound as a listener threw on every emit, and a timer's tick killed the app.
test('a renamed method bound as a listener before the save: the copy runs its last code and says so, never throws', async (t) => {
  const V = (name, body) => `import { EventEmitter } from 'node:events';
export class Jobs extends EventEmitter {
  constructor() { super(); this.done = 0; this.on('job', this.${name}.bind(this)); }
  ${name}() { ${body} }
}
export const jobs = new Jobs();
`;
  for (const editedFirst of [false, true]) {
    const app = await load({ 'main.mjs': V('onJob', 'this.done += 1;') });
    t.after(app.close);
    if (editedFirst) {
      app.write('main.mjs', V('onJob', 'this.done += 100;'));
      assert.ok((await app.refresh()).ok);
    }
    app.write('main.mjs', V('handleJob', 'this.done += 1000;'));
    const r = await app.refresh();
    assert.ok(r.ok, JSON.stringify(r.error));
    const { jobs, Jobs } = app.ns;
    const stderr = [];
    const write = process.stderr.write;
    process.stderr.write = (s) => (stderr.push(String(s)), true);
    try {
      jobs.emit('job');
      jobs.emit('job');
    } finally {
      process.stderr.write = write;
    }
    assert.equal(jobs.done, editedFirst ? 200 : 2);
    assert.equal(stderr.filter((s) => s.includes('Jobs.prototype.onJob was removed') && s.includes('runs its last code')).length, 1, stderr.join(''));
    const fresh = new Jobs();
    fresh.emit('job');
    assert.equal(fresh.done, 1000);
  }
});

// Found by session 18's second review: `Ent.prototype.move = function` and `Ent.spawn = function`
// moved into the class body in one save: both were deleted, and the game loop died.
test("methods moved from statements after the class into its body: the class's own members are there, on old instances too", async (t) => {
  const V1 = `export class Ent {\n  constructor() { this.x = 0; }\n}\nEnt.prototype.move = function (dx) { this.x += dx; return 'proto'; };\nEnt.spawn = function () { return new Ent(); };\nexport const e = Ent.spawn();\n`;
  const V2 = `export class Ent {\n  constructor() { this.x = 0; }\n  move(dx) { this.x += dx * 2; return 'class'; }\n  static spawn() { return new Ent(); }\n}\nexport const e = Ent.spawn();\n`;
  const app = await load({ 'main.mjs': V1 });
  t.after(app.close);
  const { e, Ent } = app.ns;
  app.write('main.mjs', V2);
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual([e.move(1), e.x, typeof Ent.spawn, Ent.spawn().move(1)], ['class', 2, 'function', 'class']);
  assert.doesNotMatch(r.modules[0].notes.join('\n'), /from code outside the class/);
});

// Found by session 18's second review: a field made a method (or a getter) was listed updated,
// while old instances' own property hid it, and only "instances made before keep theirs" was said.
test('a field made a method or a getter: the report says old instances keep their own property, which hides it', async (t) => {
  const V1 = `export class Ent {\n  hp = 10;\n  onHit = () => { this.hp -= 1; return 'field'; };\n  speed = 1;\n}\n`;
  const V2 = `export class Ent {\n  hp = 10;\n  onHit() { this.hp -= 2; return 'method'; }\n  get speed() { return 2; }\n}\n`;
  const app = await load({ 'main.mjs': V1 });
  t.after(app.close);
  const old = new app.ns.Ent();
  app.write('main.mjs', V2);
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual([new app.ns.Ent().onHit(), new app.ns.Ent().speed], ['method', 2]);
  const notes = r.modules[0].notes.join('\n');
  assert.match(notes, /Ent\.onHit changed from a field to a method or accessor: .*instances made before keep their own onHit/);
  assert.match(notes, /Ent\.speed changed from a field to a method or accessor/);
  assert.equal(typeof old.onHit, 'function');
});

// Found by session 18's second review: a method removed from a mixin stayed on the prototype
// `Object.assign` had copied it to, hiding the class's own method of that name.
test("a method removed from a mixin goes from the prototype it was copied to, and the class's own method of that name is back", async (t) => {
  const M = (stop) => `export const Movable = {\n  move(dx) { this.x += dx; return 'moved'; },\n${stop ? "  stop() { return 'mixin-stop'; },\n  halt() { return 'halt'; },\n" : ''}};\n`;
  const app = await load({
    'main.mjs': `import { Movable } from './mix.mjs';\nexport class Ent {\n  constructor() { this.x = 0; }\n  stop() { return 'own-stop'; }\n}\nObject.assign(Ent.prototype, Movable);\nexport const e = new Ent();\n`,
    'mix.mjs': M(true),
  });
  t.after(app.close);
  const { e, Ent } = app.ns;
  assert.deepEqual([e.stop(), e.halt()], ['mixin-stop', 'halt']);
  app.write('mix.mjs', M(false));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual([e.stop(), new Ent().stop(), 'halt' in e, e.move(1)], ['own-stop', 'own-stop', false, 'moved']);
});
