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
