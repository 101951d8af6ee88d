// docs/design.md §2.2: classes are patched in place; instances made before an edit see it.
import assert from 'node:assert/strict';
import { eachNode, assertOk } from '../helpers.mjs';

const base = (v, extra = '') => `
export class Shape {
  #id = 7;
  constructor(name) { this.name = name; }
  describe() { return 'shape ${v} ' + this.name; }
  area() { return 0; }
  get label() { return 'label ${v}'; }
  set label(x) { this._label = x + ' ${v}'; }
  static create(n) { return 'create ${v} ' + n; }
  #secret() { return 'secret ${v} ' + this.#id; }
  reveal() { return this.#secret(); }
  ${extra}
}
`;

const sub = `
import { Shape } from './shape.js';
export class Square extends Shape {
  constructor(side) { super('square'); this.side = side; }
  area() { return this.side * this.side; }
  describe() { return 'square:' + super.describe(); }
}
`;

const main = `
import './harness.js';
import { Shape } from './shape.js';
import { Square } from './square.js';
const s = new Shape('old');
const q = new Square(3);
const m = s.describe;
const bound = q.describe.bind(q);
const proto = Shape.prototype.describe;
const stat = Shape.create;
globalThis.make = () => new Square(2);
globalThis.probe = () => {
  const fresh = new Square(4);
  const o = {};
  try { o.reveal = s.reveal(); } catch (e) { o.reveal = 'ERR ' + e.message; }
  for (const k of ['perimeter', 'color', 'extra']) { try { o[k] = typeof s[k] === 'function' ? s[k]() : s[k]; } catch (e) { o[k] = 'ERR ' + e.message; } }
  s.label = 'L';
  return {
    ...o,
    describe: s.describe(), held: m.call(s), bound: bound(), proto: proto.call(s), stat: stat('x'),
    sq: q.describe(), area: q.area(), fresh: fresh.describe(), label: s.label, setter: s._label,
    inst: [s instanceof Shape, q instanceof Square, q instanceof Shape, fresh instanceof Shape],
  };
};
`;

eachNode('existing instances see changed, added and removed members; super and #private work', async (t, startApp) => {
  const app = await startApp({ 'main.js': main, 'shape.js': base(1), 'square.js': sub });
  t.after(() => app.stop());
  const p1 = await app.eval('probe()');
  assert.equal(p1.describe, 'shape 1 old');
  assert.equal(p1.sq, 'square:shape 1 square');
  assert.equal(p1.reveal, 'secret 1 7');

  await app.write('shape.js', base(2, `perimeter() { return 'perimeter ' + this.#id; }\n  color = 'red';\n  extra() { return this.#secret(); }`));
  assertOk(await app.refresh(), app);
  const p2 = await app.eval('probe()');
  assert.equal(p2.describe, 'shape 2 old');
  assert.equal(p2.held, 'shape 2 old');
  assert.equal(p2.proto, 'shape 2 old');
  assert.equal(p2.stat, 'create 2 x');
  assert.equal(p2.sq, 'square:shape 2 square', 'unedited subclass in another module sees the base edit through super');
  assert.equal(p2.bound, 'square:shape 2 square');
  assert.equal(p2.fresh, 'square:shape 2 square');
  assert.equal(p2.label, 'label 2');
  assert.equal(p2.setter, 'L 2');
  assert.equal(p2.reveal, 'secret 2 7', '#private method edited, used on an old instance');
  assert.equal(p2.perimeter, 'perimeter 7', 'added method uses #private field on an old instance');
  assert.equal(p2.extra, 'secret 2 7');
  assert.equal(p2.color, 'red', 'added public field appears on an old instance');
  assert.deepEqual(p2.inst, [true, true, true, true]);
});

eachNode('a removed override falls back to the base class; a removed method disappears', async (t, startApp) => {
  const app = await startApp({ 'main.js': main, 'shape.js': base(1, 'gone() { return 1; }'), 'square.js': sub });
  t.after(() => app.stop());
  await app.write('square.js', sub.replace("describe() { return 'square:' + super.describe(); }", ''));
  await app.write('shape.js', base(1));
  assertOk(await app.refresh(), app);
  const p = await app.eval('probe()');
  assert.equal(p.sq, 'shape 1 square');
  assert.equal(await app.eval(`typeof make().gone`), 'undefined');
  // An edit of the removed override comes back.
  await app.write('square.js', sub.replace("'square:'", "'SQ:'"));
  assertOk(await app.refresh(), app);
  assert.equal((await app.eval('probe()')).sq, 'SQ:shape 1 square');
});

eachNode('static members and accessors follow edits; class identity holds', async (t, startApp) => {
  const lib = (v) => `export const Counter = class {
  static count = 0;
  static bump() { return Counter.count += ${v}; }
  get double() { return this.n * ${v}; }
  constructor() { this.n = 5; }
};\n`;
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { Counter } from './counter.js';\nconst C0 = Counter; const c = new Counter(); const bump = Counter.bump;\nglobalThis.probe = () => ({ bump: bump(), dbl: c.double, same: C0 === Counter, inst: c instanceof Counter });\n`,
    'counter.js': lib(1),
  });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), { bump: 1, dbl: 5, same: true, inst: true });
  await app.write('counter.js', lib(10));
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), { bump: 11, dbl: 50, same: true, inst: true }, 'static state survives, methods change');
});

// Issue 12, failure class 6: a member that changes kind under the same key.
eachNode('a getter that became a method and back, also static: old instances follow', async (t, startApp) => {
  const v1 = `export class Temp {\n  c = 20;\n  get f() { return this.c * 9 / 5 + 32; }\n  static get scale() { return 'C'; }\n}\n`;
  const v2 = `export class Temp {\n  c = 20;\n  f(offset) { return this.c * 9 / 5 + offset; }\n  static scale() { return 'K'; }\n}\n`;
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { Temp } from './temp.js';\nconst old = new Temp();\nglobalThis.probe = () => [typeof old.f === 'function' ? old.f(0) : old.f, typeof Temp.scale === 'function' ? Temp.scale() : Temp.scale];\n`,
    'temp.js': v1,
  });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), [68, 'C']);
  await app.write('temp.js', v2);
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), [36, 'K']);
  await app.write('temp.js', v1);
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), [68, 'C']);
});

// Issue 12, failure class 6: a changed extends clause re-links the class the program holds.
eachNode('a changed extends clause: the same class, its old and new instances inherit from the new parent', async (t, startApp) => {
  const bases = `export class Reader {\n  constructor(src) { this.src = src; this.mode = 'read'; }\n  open() { return 'reading ' + this.src; }\n}\nexport class Writer {\n  constructor(src) { this.src = src; this.mode = 'write'; }\n  open() { return 'writing ' + this.src; }\n}\n`;
  const file = (parent) => `import { ${parent} } from './bases.js';\nexport class File extends ${parent} {\n  constructor(src) { super(src + '.txt'); }\n  open() { return super.open() + '!'; }\n}\n`;
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { File } from './file.js';\nimport { Writer } from './bases.js';\nconst File0 = File;\nconst old = new File('a');\nglobalThis.probe = () => { const f = new File('b'); return [old.open(), f.open(), f.mode, old instanceof Writer, f instanceof Writer, File0 === File]; };\n`,
    'bases.js': bases,
    'file.js': file('Reader'),
  });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), ['reading a.txt!', 'reading b.txt!', 'read', false, false, true]);
  await app.write('file.js', file('Writer'));
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(await app.eval('probe()'), ['writing a.txt!', 'writing b.txt!', 'write', true, true, true]);
});

// Issue 12, failure class 2: a class in a re-imported module (an import added) continues.
eachNode('after a re-import: the new constructor, #private methods in later patches, static factories', async (t, startApp) => {
  const v1 = `export class Counter {
  #n;
  constructor(start) { this.#n = start; this.label = 'counter'; }
  #step() { return 1; }
  inc() { this.#n += this.#step(); return this; }
  get value() { return this.#n; }
  static make() { return new Counter(0); }
}
`;
  // v2 adds an import and a class (a new class: a re-import). The constructor uses the import and sets #n.
  const v2 = `import { basename } from 'node:path';
export class Tally {}
export class Counter {
  #n;
  constructor(start) { this.#n = start * 10; this.label = basename('/x/counter.js'); }
  #step() { return 1; }
  inc() { this.#n += this.#step(); return this; }
  get value() { return this.#n; }
  static make() { return new Counter(0); }
}
`;
  // v3 (a patch): #step changes, a new method calls it.
  const v3 = v2.replace('#step() { return 1; }', '#step() { return 5; }').replace('get value()', 'bump() { return this.#step(); }\n  get value()');
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { Counter } from './counter.js';\nconst old = new Counter(1);\nglobalThis.made = [];\nglobalThis.make = () => { made.push(new Counter(2), Counter.make()); return made.map((c) => [c.label, c.value]); };\nglobalThis.probe = () => [old.value, ...made.map((c) => [c.bump(), c.inc().value])];\n`,
    'counter.js': v1,
  });
  t.after(() => app.stop());
  await app.write('counter.js', v2);
  const r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].path, 'reimport');
  assert.deepEqual(await app.eval('make()'), [['counter.js', 20], ['counter.js', 0]]);
  await app.write('counter.js', v3);
  const r3 = await app.refresh();
  assertOk(r3, app);
  assert.equal(r3.modules[0].path, 'patch');
  assert.deepEqual(await app.eval('probe()'), [1, [5, 25], [5, 5]]);
});

// A class gains #private names (lru-cache's history adds one in most releases): instances
// made before get them when first reached, new ones as they are constructed, and a subclass
// in another module that calls the new code works on both.
const store = (extra) => `
export class Store {
  #items = new Map();
  ${extra}
  set(k, v) { this.#items.set(k, v); return this; }
  get size() { return this.#items.size; }
}
`;
const storeMain = `
import './harness.js';
import { Store } from './store.js';
import { Cached } from './cached.js';
const old = new Store().set('a', 1);
const oldCached = new Cached().set('b', 2);
globalThis.probe = () => {
  const o = {};
  for (const [name, s] of [['old', old], ['oldCached', oldCached], ['fresh', new Store().set('c', 3)], ['freshCached', new Cached()]])
    o[name] = typeof s.stats === 'function' ? s.stats() : 'none';
  o.total = typeof Store.total === 'function' ? Store.total() : 'none';
  return o;
};
`;

eachNode('a class gains #private fields, methods and a static one: old instances, new ones and a subclass use them', async (t, startApp) => {
  const app = await startApp({ 'main.js': storeMain, 'store.js': store(''), 'cached.js': `import { Store } from './store.js';\nexport class Cached extends Store {}\n` });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), { old: 'none', oldCached: 'none', fresh: 'none', freshCached: 'none', total: 'none' });

  await app.write('store.js', store(`#hits = 0;\n  static #made = 0;\n  #describe() { return this.#items.size + '/' + this.#hits; }\n  stats() { this.#hits++; Store.#made++; return this.#describe(); }\n  static total() { return Store.#made; }`));
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules[0].notes, []);
  assert.deepEqual(await app.eval('probe()'), { old: '1/1', oldCached: '1/1', fresh: '1/1', freshCached: '0/1', total: 4 });

  // The grown names follow later edits: the method's body, and a further name.
  await app.write('store.js', store(`#hits = 0;\n  #label = 'n=';\n  static #made = 0;\n  #describe() { return this.#label + this.#items.size + ' hits ' + this.#hits; }\n  stats() { this.#hits++; Store.#made++; return this.#describe(); }\n  static total() { return Store.#made; }`));
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), { old: 'n=1 hits 2', oldCached: 'n=1 hits 2', fresh: 'n=1 hits 1', freshCached: 'n=0 hits 1', total: 8 });
});

// A parent made by a call in the extends clause (a mixin) is the class that call made at
// start: its methods follow their edits; what the edited mixin adds is not on it, and the
// report says so (the same as a value a changed function computed at start).
eachNode('a class extending a mixin call: an edited mixin method runs its new code; a member the mixin gains is said to be missing', async (t, startApp) => {
  const MIXINS = `export const Timestamped = (B) => class extends B {\n  stamp() { return 's1'; }\n};\n`;
  const app = await startApp({
    'main.js': `import './harness.js';\nimport { Timestamped } from './mixins.js';\nclass Base {}\nexport class Doc extends Timestamped(Base) {}\nconst d = new Doc();\nglobalThis.probe = () => [d.stamp(), typeof d.touch];\n`,
    'mixins.js': MIXINS,
  });
  t.after(() => app.stop());
  await app.write('mixins.js', MIXINS.replace("'s1'", "'s2'").replace("stamp() { return 's2'; }", "stamp() { return 's2'; }\n  touch() { return 't'; }"));
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(await app.eval('probe()'), ['s2', 'undefined']);
  assert.match(r.modules.flatMap((m) => m.notes).join('\n'), /the parent of Doc \(its extends clause at main\.js:4:26\) is the class Timestamped made before this refresh changed its code: the methods it had run the new code, members the new code adds are not on it/);
});
