// docs/design.md §5: a changed constructor or field initializer applies to new instances, through
// the same class object; existing instances keep their fields.
import assert from 'node:assert/strict';
import { eachNode, assertOk } from '../helpers.mjs';

const model = (v, { field = `tag = 't${v}';`, ctor = `constructor(n) { this.n = n * ${v}; }` } = {}) => `
export class Base {
  #born = 'b${v}';
  ${field}
  ${ctor}
  born() { return this.#born; }
}
export class Child extends Base {
  constructor(n) {
    super(n + 1);
    this.kind = 'child${v}';
    this.self = (() => this)();
  }
}
export class Plain extends Base {}
`;
const main = `
import './harness.js';
import { Base, Child, Plain } from './model.js';
const old = new Base(1);
const oldChild = new Child(1);
const C0 = Child;
globalThis.Plain = Plain;
globalThis.probe = () => {
  const b = new Base(2), c = new Child(2), p = new Plain(3);
  return {
    old: [old.n, old.tag, old.born()], oldChild: [oldChild.n, oldChild.kind],
    fresh: [b.n, b.tag, b.born()], child: [c.n, c.kind, c.self === c, c instanceof Child, c instanceof Base, c.born()],
    plain: [p.n, p.tag, p instanceof Plain], same: C0 === Child,
  };
};
`;

eachNode('a changed constructor runs for new instances; old instances keep their fields', async (t, startApp) => {
  const app = await startApp({ 'main.js': main, 'model.js': model(1) });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), {
    old: [1, 't1', 'b1'], oldChild: [2, 'child1'],
    fresh: [2, 't1', 'b1'], child: [3, 'child1', true, true, true, 'b1'], plain: [3, 't1', true], same: true,
  });
  await app.write('model.js', model(10));
  const r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].path, 'patch');
  assert.deepEqual(await app.eval('probe()'), {
    old: [1, 't1', 'b1'], oldChild: [2, 'child1'],
    fresh: [20, 't10', 'b10'], child: [30, 'child10', true, true, true, 'b10'], plain: [30, 't10', true], same: true,
  });
});

eachNode('a constructor added to a class that had none, and a field added', async (t, startApp) => {
  const app = await startApp({ 'main.js': main, 'model.js': model(1) });
  t.after(() => app.stop());
  await app.write('model.js', model(1).replace('export class Plain extends Base {}', "export class Plain extends Base { extra = 'x'; constructor(n) { super(n * 100); } }"));
  assertOk(await app.refresh(), app);
  const p = await app.eval('(({ n, extra, tag }) => ({ n, extra, tag }))(new Plain(1))');
  assert.deepEqual(p, { n: 100, extra: 'x', tag: 't1' });
});
