// Closures made inside functions (issue 13, docs/design.md §2.1, §3.7), in process: a closure
// made before an edit runs the new body with the variables it captured; one whose new body
// needs a variable it never captured keeps its code, and the report says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applied, load } from './harness.mjs';
import { instrument } from '../../dist/loader/instrument.js';

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

// Parameters with defaults or patterns move into the body after the guard (loader/params.ts):
// the old code must not take the arguments apart before the new code does.
const PARAMS = (dflt, body) => `export let reads = 0;
export function make(k) {
  let n = 0;
  return ({ a, b = 2 }, [c] = [${dflt}], ...rest) => ${body};
}
export function makeMethod(base) {
  return function ({ x } = { x: 1 }) { return ${body.includes('|') ? '`${this.tag}|${base}|${x}`' : 'this.tag + base + x'}; };
}
export function makeGen(k) {
  return function* (n) { for (let i = 0; i < n; i++) yield ${body.includes('|') ? 'i * k + 1000' : 'i * k'}; };
}
export const f = make(3);
export const m = { tag: 'T', get: makeMethod('B') };
export const g = makeGen(2);
`;

test('closures with default and pattern parameters (and generators) made before the edit run v2, then v3: arguments taken apart once, by the new code', async (t) => {
  const app = await load({ 'p.mjs': PARAMS('k', 'a + b + c + rest.length + ++n') });
  t.after(app.close);
  const { f, m, g } = app.ns;
  assert.equal(f.length, 1, 'length as declared');
  assert.equal(f({ a: 1 }), 1 + 2 + 3 + 0 + 1);
  assert.equal(m.get({ x: 5 }), 'TB5');
  assert.deepEqual([...g(3)], [0, 2, 4]);
  app.write('p.mjs', PARAMS('k', '`${a}|${b}|${c}|${rest.length}|${n += 10}`'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(r.modules[0].notes, []);
  let got = 0;
  const arg = {
    get a() {
      got++;
      return 'A';
    },
  };
  assert.equal(f(arg, undefined, 'r1', 'r2'), 'A|2|3|2|11');
  assert.equal(got, 1, 'the pattern read the property once');
  assert.equal(f.length, 1);
  assert.equal(m.get(), 'T|B|1', "a function's default and its own this");
  assert.deepEqual([...g(2)], [1000, 1002], 'a generator made before delegates to the new one');
  app.write('p.mjs', PARAMS('k * 100', '`${a}|${b}|${c}|${rest.length}|${n += 10}`'));
  assert.equal((await app.refresh()).ok, true);
  assert.equal(f({ a: 0, b: 'b' }), '0|b|300|0|21', "the new default, the closure's k and n");
});

test('a closure whose parameters cannot move (a default makes a function): it keeps its code and the report says so', async (t) => {
  const src = (v) => `export function make(k) {
  return (x, cb = () => k) => x + cb() + ${v};
}
export const f = make(3);
`;
  const app = await load({ 'd.mjs': src(0) });
  t.after(app.close);
  const { f } = app.ns;
  app.write('d.mjs', src(100));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.match(r.modules[0].notes.join('\n'), /the function at \S*d\.mjs:2:10: closures it made before this refresh keep their code \(a default value of its parameters makes a function or class\)/);
  assert.equal(f(1), 4, 'old code');
  assert.equal(app.ns.make(3)(1), 104);
});

test('an inline listener with pattern parameters is patched in place: registered once, the new body takes the arguments apart', async (t) => {
  const src = (body) => `import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
export const seen = [];
bus.on('order', ({ id, qty = 1 }, ...more) => { seen.push(${body}); });
`;
  const app = await load({ 'bus.mjs': src('`${id}x${qty}`') });
  t.after(app.close);
  const { bus, seen } = app.ns;
  bus.emit('order', { id: 'a' });
  app.write('bus.mjs', src('`${id}*${qty}+${more.length}`'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(r.modules[0].notes, []);
  assert.equal(bus.listenerCount('order'), 1);
  bus.emit('order', { id: 'b', qty: 2 }, 'x');
  assert.deepEqual(seen, ['ax1', 'b*2+1']);
});

// Captures nothing assigns are passed to the new code as values (loader/closures.ts consts);
// the ones a closure shares with its scope go through its environment.
const MIXED = (body) => `export function make(opts) {
  let hits = 0;
  const label = opts.name.toUpperCase();
  const fn = function () { return ${body}; };
  return { fn, hits: () => hits };
}
export const m = make({ name: 'ann' });
`;

test('values and shared variables after an edit: a value read, a shared one assigned, arguments, and a new body that assigns a value it holds', async (t) => {
  const app = await load({ 'm.mjs': MIXED("label + opts.name.length + (++hits)") });
  t.after(app.close);
  const { m } = app.ns;
  assert.equal(m.fn(), 'ANN31');
  app.write('m.mjs', MIXED("label + '/' + opts.name + (hits += 10) + ':' + arguments.length + [...arguments].join('')"));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(r.modules[0].notes, []);
  assert.equal(m.fn('x', 'y'), 'ANN/ann11:2xy', "the closure's own arguments, without the values its guard passes");
  assert.equal(m.hits(), 11, 'the sibling closure sees the assignment');
  app.write('m.mjs', MIXED("(opts = null, 'reassigned')"));
  const r3 = await app.refresh();
  assert.equal(r3.ok, true, JSON.stringify(r3.error));
  assert.match(r3.modules[0].notes.join('\n'), /closures it made before this refresh keep their code \(its new body assigns opts, which they hold as a value nothing assigned\)/);
  assert.equal(m.fn('z'), 'ANN/ann21:1z', 'the code it had');
  assert.equal(app.ns.make({ name: 'b' }).fn(), 'reassigned');
});

// Found by the zustand replay (5.0.0 moved `newImpl`'s body into `persistImpl` and removed it).
test('closures whose maker the edit removed keep their code, and the report says so', async (t) => {
  const v0 = `const newImpl = (tag) => (api) => { api.call = () => 'v0 ' + tag; return api; };
const persistImpl = (tag) => newImpl(tag);
export const make = () => persistImpl('x')({});
`;
  const v1 = `const persistImpl = (tag) => (api) => { api.call = () => 'v1 ' + tag; return api; };
export const make = () => persistImpl('x')({});
`;
  const app = await load({ 'p.mjs': v0 });
  t.after(app.close);
  const old = app.ns.make();
  app.write('p.mjs', v1);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(r.modules[0].notes, ['closures that newImpl made before this refresh keep their code: newImpl is gone, so no new code is theirs (restart for them to run the new code)']);
  assert.deepEqual([old.call(), app.ns.make().call()], ['v0 x', 'v1 x']);
});

// A re-import (here: a class added) used to leave every closure made before it on its code.
test('closures made before a re-import follow it and the edits after it; closures the new version makes follow too', async (t) => {
  const src = (tag, extra = '') => `${extra}export function makeGreeter(p) {
  let n = 0;
  return (name) => \`${tag} \${p} \${name} \${++n}\`;
}
export const greet = makeGreeter('Hi');
`;
  const app = await load({ 'g.mjs': src('v1') });
  t.after(app.close);
  const { greet } = app.ns;
  assert.equal(greet('a'), 'v1 Hi a 1');
  app.write('g.mjs', src('v2', 'export class Added {}\n'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.modules[0].path, 'reimport');
  assert.equal(greet('b'), 'v2 Hi b 2', 'the closure made before runs the new body, its counter kept');
  const later = app.ns.makeGreeter('Yo');
  assert.equal(later('c'), 'v2 Yo c 1');
  app.write('g.mjs', src('v3', 'export class Added {}\n'));
  const r3 = await app.refresh();
  assert.equal(r3.ok, true, JSON.stringify(r3.error));
  assert.equal(r3.modules[0].path, 'patch');
  assert.equal(greet('d'), 'v3 Hi d 3');
  assert.equal(later('e'), 'v3 Yo e 2', 'a closure the re-imported version made');
});

// Static members: `static handle = (req) => …` handed to a router, and a static factory's closures.
test('a static arrow field handed out before the edit runs the new body with the class as this; a static method\'s closures follow too', async (t) => {
  const src = (tag) => `export class Ctrl {
  static prefix = 'P';
  static handle = (req) => '${tag} ' + this.prefix + req;
  static make(k) { return (x) => '${tag} ' + k + x; }
}
`;
  const app = await load({ 'c.mjs': src('v1') });
  t.after(app.close);
  const { Ctrl } = app.ns;
  const handle = Ctrl.handle;
  const made = Ctrl.make('k');
  app.write('c.mjs', src('v2'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(r.modules[0].notes, []);
  assert.equal(Ctrl.handle, handle, 'the class keeps the function');
  assert.equal(handle('a'), 'v2 Pa');
  assert.equal(made('x'), 'v2 kx');
  app.write('c.mjs', src('v3').replace("prefix = 'P'", "prefix = 'Q'"));
  assert.equal((await app.refresh()).ok, true);
  assert.equal(handle('b'), 'v3 Qb');
});

test('methods of a class made inside a function run their new code on instances made before; one using a private name keeps it, and the report says so', async (t) => {
  const src = (tag) => `export function makeModel() {
  let made = 0;
  return class Model {
    #secret = 's';
    constructor() { made++; }
    name() { return '${tag}' + made; }
    get label() { return '${tag}:' + this.constructor.name; }
    hidden() { return '${tag}' + this.#secret; }
    static count() { return '${tag}' + made; }
  };
}
export const Model = makeModel();
export const m = new Model();
`;
  const app = await load({ 'm.mjs': src('v1') });
  t.after(app.close);
  const { m, Model } = app.ns;
  app.write('m.mjs', src('v2'));
  const r = await app.refresh();
  applied(r);
  assert.equal(r.modules[0].statements, 0, 'Model is not made again');
  assert.deepEqual([m.name(), m.label, Model.count(), m.hidden(), m instanceof app.ns.Model], ['v21', 'v2:Model', 'v21', 'v1s', true]);
  assert.match(r.modules[0].notes.join('\n'), /the member at \S*m\.mjs:8:11: instances of its class made before this refresh keep its code \(it uses #secret, a private name of a class made inside a function\)/);
  assert.ok(r.modules[0].updated.includes('method name at line 6'), r.modules[0].updated.join());
  assert.equal(new (app.ns.makeModel())().hidden(), 'v2s');
});

test('a mixin: methods calling super, an arrow reading super, defaults, static methods and field arrows follow edits on instances made before', async (t) => {
  const src = (tag) => `export const Stamped = (Base, mark = '!') => class extends Base {
  onTick = (n) => '${tag}' + n + this.id;
  hello(who = 'you') { return super.hello(who) + ' ${tag}' + mark; }
  get kind() { return '${tag}' + super.kind; }
  later() { return () => super.hello('x') + '${tag}'; }
  lookup(k) { return super[k] === undefined ? '${tag} none' : '${tag} some'; }
  static make(id) { const u = new this(); u.id = id; return u; }
};
export class Person {
  id = 0;
  hello(who) { return 'hi ' + who; }
  get kind() { return 'person'; }
}
export class User extends Stamped(Person) {}
`;
  const app = await load({ 'm.mjs': src('v1') });
  t.after(app.close);
  const u = app.ns.User.make(7);
  const tick = u.onTick;
  const later = u.later();
  assert.deepEqual([u.hello(), u.kind, tick(1), later(), u.lookup('hello')], ['hi you v1!', 'v1person', 'v117', 'hi xv1', 'v1 some']);
  app.write('m.mjs', src('v2'));
  applied(await app.refresh());
  assert.deepEqual([u.hello(), u.kind, tick(1), later(), u.lookup('nope'), u instanceof app.ns.User], ['hi you v2!', 'v2person', 'v217', 'hi xv2', 'v2 none', true]);
  app.write('m.mjs', src('v3').replace("super.hello(who) + ' v3'", "super.hello(who.toUpperCase()) + ' v3'"));
  applied(await app.refresh());
  assert.deepEqual([u.hello(), later()], ['hi YOU v3!', 'hi xv3']);
});

test('closures inline functions made before a re-import follow it and later edits (a statement the re-import ran again only for its inline bodies too); those of a statement changed elsewhere keep their code, and the report says so', async (t) => {
  const src = (tag, part = 'w1', extra = '', event = 'part') => `${extra}import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
export const handlers = [];
bus.on('join', (name) => { handlers.push(() => '${tag} ' + name); });
bus.on('${event}', (name) => { handlers.push(() => '${part} ' + name); });
`;
  const app = await load({ 'b.mjs': src('v1') });
  t.after(app.close);
  app.ns.bus.emit('join', 'ann');
  app.ns.bus.emit('part', 'al');
  const [join, part] = app.ns.handlers;
  // The re-import (a new class) runs the edited 'part' statement again, not the 'join' one.
  let r = await (app.write('b.mjs', src('v1', 'w2', 'export class Added {}\n')), app.refresh());
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.modules[0].path, 'reimport');
  assert.deepEqual([r.modules[0].notes, join(), part()], [[], 'v1 ann', 'w2 al']);
  applied(await (app.write('b.mjs', src('v3', 'w3', 'export class Added {}\n')), app.refresh()));
  assert.deepEqual([join(), part(), app.ns.bus.listenerCount('join')], ['v3 ann', 'w3 al', 1]);
  // A statement changed outside its inline bodies, saved with another new class: what its old function made keeps its code.
  app.ns.bus.emit('part', 'bo');
  const bo = app.ns.handlers.at(-1);
  r = await (app.write('b.mjs', src('v3', 'w4', 'export class Added {}\nexport class More {}\n', 'leave')), app.refresh());
  assert.equal(r.modules[0].path, 'reimport');
  assert.match(r.modules[0].notes.join('\n'), /closures that inline functions made before this re-import in statements it ran again, if any .*, keep their code/);
  assert.equal(bo(), 'w3 bo');
});

test('methods the program took from an object a re-import evaluated again run the new text, and follow later edits', async (t) => {
  const src = (tag, extra = '') => `${extra}export const users = {
  count: 0,
  list(q) { this.count++; return '${tag} list ' + q; },
  show: (id) => '${tag} show ' + id,
};
export const routes = { list: users.list, show: users.show };
`;
  const app = await load({ 'm.mjs': src('v1') });
  t.after(app.close);
  const { users } = app.ns;
  const { list, show } = users;
  let r = await (app.write('m.mjs', src('v2', 'export class Added {}\n')), app.refresh());
  assert.equal(r.modules[0].path, 'reimport');
  assert.deepEqual([list.call(users, 'a'), show(1), app.ns.users.list('b')], ['v2 list a', 'v2 show 1', 'v2 list b']);
  r = await (app.write('m.mjs', src('v3', 'export class Added {}\n')), app.refresh());
  applied(r);
  assert.deepEqual([list.call(users, 'a'), show(1), app.ns.users.list('b'), app.ns.routes.show(2)], ['v3 list a', 'v3 show 1', 'v3 list b', 'v3 show 2']);
  // A second re-import, then a patch: the first functions follow through both.
  r = await (app.write('m.mjs', src('v4', 'export class Added {}\nexport class Other {}\n')), app.refresh());
  assert.equal(r.modules[0].path, 'reimport');
  assert.deepEqual([list.call(users, 'a'), show(1)], ['v4 list a', 'v4 show 1']);
  applied(await (app.write('m.mjs', src('v5', 'export class Added {}\nexport class Other {}\n')), app.refresh()));
  assert.deepEqual([list.call(users, 'a'), show(1), app.ns.users.show(3)], ['v5 list a', 'v5 show 1', 'v5 show 3']);
});

const ROOM = (join, msg, ext = 'EventEmitter') => `import { EventEmitter } from 'node:events';
class Plain {}
export class Room extends ${ext} {
  constructor(name) {
    super();
    this.name = name; this.log = [];
    this.on?.('join', (who) => ${join});
    this.self = () => this;
    const self = this;
    this.onMsg = function (m) { return ${msg}; };
  }
}
export const chat = new Room('main');
`;

test('closures a constructor made (an EventEmitter subclass listening to itself) run the new body, in old and new instances, through later edits', async (t) => {
  for (const ext of ['EventEmitter', 'Plain']) {
    const app = await load({ 'room.mjs': ROOM("this.log.push(who + ' joined ' + this.name)", 'self.log.push(m)', ext) });
    t.after(app.close);
    const { chat, Room } = app.ns;
    applied(await (app.write('room.mjs', ROOM("this.log.push('+' + who + ' @' + this.name)", "self.log.push('m:' + m + this.name)", ext)), app.refresh()));
    if (ext === 'EventEmitter') chat.emit('join', 'ann');
    chat.onMsg('yo');
    assert.equal(chat.self(), chat, "an arrow's this is its instance");
    const two = new Room('two');
    assert.equal(two.self(), two, "an arrow the new constructor made: its this is the instance (a derived constructor's __lmT)");
    applied(await (app.write('room.mjs', ROOM("this.log.push('3:' + who + ' @' + this.name)", "self.log.push('m3:' + m)", ext)), app.refresh()));
    if (ext === 'EventEmitter') chat.emit('join', 'bo'), two.emit('join', 'cy');
    chat.onMsg('a'), two.onMsg('q');
    const joined = (xs) => (ext === 'EventEmitter' ? xs : []);
    assert.deepEqual(chat.log, [...joined(['+ann @main']), 'm:yomain', ...joined(['3:bo @main']), 'm3:a'], ext);
    assert.deepEqual(two.log, [...joined(['3:cy @two']), 'm3:q'], 'closures the v2 constructor made follow v3');
  }
});

test("a closure whose parameters an edit renamed (`(x) => …` saved as `(item) => …`) is that closure edited: made before, it runs the new body; the declaration that holds it needs no note; renamed and changed under its key, still that one; another kind in its place: kept, said", async (t) => {
  const src = (site, extra = '') => `function make(p) {\n  const log = [];\n  return { add: ${site}, log${extra} };\n}\nexport const box = make(1);\n`;
  const app = await load({ 'm.mjs': src('(x) => p + x') });
  t.after(app.close);
  const { box } = app.ns;
  let r = await (app.write('m.mjs', src('(y) => p + y')), app.refresh());
  assert.deepEqual(applied(r)[0].updated, ['make', 'closure at line 3']);
  assert.deepEqual(r.modules[0].notes, []);
  // A later edit of its body pairs by signature, as any: the closure made first runs it.
  r = await (app.write('m.mjs', src('(y) => p + y * 2')), app.refresh());
  assert.deepEqual(r.modules[0].notes, []);
  assert.equal(box.add(10), 21);
  // Renamed, a parameter added and changed at once, under the same key (`add:`, once on each
  // side): that function still; its guard forwards the argument it gained.
  r = await (app.write('m.mjs', src('(z, w = 0) => p + z * 3 + w')), app.refresh());
  assert.deepEqual(r.modules[0].notes, []);
  assert.equal(box.add(10), 31);
  assert.equal(box.add(10, 5), 36);
  // A site of another kind in its place (and one more after it) pairs with none: its closures keep their code, said.
  r = await (app.write('m.mjs', src('async function plus(y) { return p + y * 3; }', ', other: () => 0')), app.refresh());
  assert.match(r.modules[0].notes.join('\n'), /the function that was at \S*m\.mjs:3:17: closures it made before this refresh keep their code \(no function of the new text is known to be that one/, 'an arrow is no async function: unpaired, and said');
  assert.equal(box.add(10), 31);
});

test("a parameter of the owner an edit renamed (`makeAdder(n)` saved as `makeAdder(k)`) is what the closures made before captured: they run the new body, through later edits", async (t) => {
  const src = (p, body, q = 'label') => `function make(${p}, ${q}) {\n  let count = 0;\n  return (x) => ${body};\n}\nexport const f = make(1, 'L');\n`;
  const app = await load({ 'm.mjs': src('n', '(count += n) + x') });
  t.after(app.close);
  const { f } = app.ns;
  assert.equal(f(10), 11);
  let r = await (app.write('m.mjs', src('step', '(count += step) + x * 2')), app.refresh());
  assert.ok(applied(r)[0].updated.includes('closure at line 3'));
  assert.doesNotMatch(r.modules[0].notes.join('\n'), /never captured|keeps the value/);
  assert.equal(f(10), 22, 'count is shared, step a value: both under their new names');
  r = await (app.write('m.mjs', src('inc', '(count += inc) + x * 3')), app.refresh());
  assert.equal(f(10), 33, 'renamed twice');
  r = await (app.write('m.mjs', src('inc', '(count += inc) + x * 3 + label')), app.refresh());
  assert.match(r.modules[0].notes.join('\n'), /closures it made before this refresh keep their code \(its new body uses label, which they never captured\)/, 'a parameter they never used is no rename');
  assert.equal(f(10), 34);
});

test('closures made in a `for (let j …)` loop whose body is one statement follow edits (the head update assigns the next pass’s copy: j is passed as a value)', async (t) => {
  const src = (body) => `export function setup() {\n  const out = {};\n  for (let j = 0; j < 2; j++) out['j' + j] = (v) => ${body};\n  return out;\n}\nexport const hs = setup();\n`;
  const app = await load({ 'm.mjs': src('j + v') });
  t.after(app.close);
  const { hs } = app.ns;
  const r = await (app.write('m.mjs', src('`j${j}+${v}`')), app.refresh());
  assert.ok(applied(r)[0].updated.includes('closure at line 3'));
  assert.deepEqual([hs.j0(1), hs.j1(1)], ['j0+1', 'j1+1']);
});

test("a note on a function that got no guard names its place, not that of a guarded one of the same signature before it", async (t) => {
  const src = (b) => `export function setup(out) {\n  out['a'] = (v) => v + 1;\n  out['b'] = (v) => arguments.length + v${b};\n  return out;\n}\nexport const o = setup({});\n`;
  const app = await load({ 'm.mjs': src('') });
  t.after(app.close);
  const r = await (app.write('m.mjs', src(' + 1')), app.refresh());
  assert.match(r.modules[0].notes.join('\n'), /the function at \S*m\.mjs:3:14: closures it made before this refresh keep their code \(it uses arguments\)/);
});

test('after a re-import, closures that inline functions of carried statements and declarations made read the module state where the new version keeps it', async (t) => {
  const V = (extra) => `let total = 0;\nexport const api = (() => { let n = 0; return { hit: () => [++n, ++total] }; })();\nexport const bus = [];\nbus.push(((k) => () => [k, total])('s'));\nexport const read = () => total;\n${extra}`;
  const app = await load({ 'm.mjs': V('') });
  t.after(app.close);
  const { api, bus } = app.ns;
  assert.deepEqual([api.hit(), bus[0](), app.ns.read()], [[1, 1], ['s', 1], 1]);
  app.write('m.mjs', V('class K {}\n'));
  const r = await app.refresh();
  assert.deepEqual([r.ok, r.modules[0].path], [true, 'reimport']);
  assert.deepEqual([api.hit(), bus[0](), app.ns.read()], [[2, 2], ['s', 2], 2]);
});

// Found by the chalk replay (5.1.0 → 5.1.1, index.js re-imported for its new re-exports): the
// getters a loop statement makes (`for (const model of …) styles[model] = { get() { return
// function () { … model … } } }`) return closures that read the loop's binding; the re-import
// compiled their body in the new version, where `model` does not exist (ReferenceError).
test('after a re-import, closures made by an inline method that read a name of its statement keep their code (no ReferenceError), and the report says so', async (t) => {
  const src = (extra = '') => `${extra}import dep from './dep.mjs';
const styles = {};
for (const model of ['rgb', 'hex']) {
  styles[model] = {
    get() {
      return function (x) { return model + dep.tag + x; };
    },
  };
}
export const proto = Object.defineProperties({}, styles);
`;
  const app = await load({ 'm.mjs': src(), 'dep.mjs': 'export default { tag: 1 };\n' });
  t.after(app.close);
  const { proto } = app.ns;
  const rgb = proto.rgb;
  assert.equal(rgb('a'), 'rgb1a');
  const r = await (app.write('m.mjs', src('export class Added {}\n')), app.refresh());
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.modules[0].path, 'reimport');
  assert.deepEqual([rgb('a'), proto.rgb('b'), proto.hex('c')], ['rgb1a', 'rgb1b', 'hex1c']);
  assert.match(r.modules[0].notes.join('\n'), /m\.mjs:7:14: closures it made before this re-import keep their code \(it uses model, declared by the statement around it/);
  // (The getter itself, which reads `dep`, takes its text compiled in the new version, `model` passed first.)
  assert.doesNotMatch(r.modules[0].notes.join('\n'), /m\.mjs:6:8/);
});

// Found by the debug replay (4.4.0): `setup(env)` made `enable`/`enabled` as closures at load;
// the new `enabled` calls `matchesTemplate`, a function declared beside it in the new text,
// which the old closure never captured: it kept its code (regular expressions) while `enable`
// ran the new one (strings), and every `enabled()` threw.
const SETUP = (v2) => `const STAR = '*';
export function setup() {
  const api = { names: [] };
  function enable(s) { api.names = s.split(',')${v2 ? '' : ".map((n) => new RegExp('^' + n.replace(STAR, '.*') + '$'))"}; }
  ${v2 ? `function enabled(name) { return api.names.some((t) => matches(name, t)); }
  function size() { return count(); }
  function matches(search, template) { return star(template) ? search.startsWith(template.slice(0, -1)) : search === template; }
  function star(t) { return t.endsWith(STAR); }
  function count() { return api.names.length; }` : `function enabled(name) { return api.names.some((r) => r.test(name)); }
  function size() { return -1; }`}
  api.enable = enable;
  api.enabled = enabled;
  api.size = size;
  return api;
}
export const api = setup();
`;

test('a closure whose new body calls a function its owner now declares beside it, reading only module-level names, runs the new body; one reading the owner\'s variables keeps its code, noted', async (t) => {
  const app = await load({ 'm.mjs': SETUP(false) });
  t.after(app.close);
  const { api } = app.ns;
  api.enable('a*,b');
  assert.deepEqual([api.enabled('ax'), api.enabled('b'), api.enabled('c'), api.size()], [true, true, false, -1]);
  const r = await (app.write('m.mjs', SETUP(true)), app.refresh());
  assert.equal(r.ok, true, JSON.stringify(r.error));
  api.enable('a*,b');
  assert.deepEqual([api.enabled('ax'), api.enabled('b'), api.enabled('c'), api.names], [true, true, false, ['a*', 'b']]);
  // `count` reads `api`, a variable of setup: a copy of it could not.
  assert.equal(api.size(), -1);
  assert.match(r.modules[0].notes.join('\n'), /m\.mjs:6:3: closures it made before this refresh keep their code \(its new body uses count, which they never captured\)/);
  assert.doesNotMatch(r.modules[0].notes.join('\n'), /uses matches/);
});

// Found by the debug replay (4.2.0 → 4.3.0): `function destroy() {…}` moved past
// `function disable() {…}` in setup(env); both parameterless declarations after a comment had
// one signature, and pairing in order gave the old `disable` closure the new `destroy` body.
test('function declarations of a factory pair by their names: one moved past another does not give its body to the other\'s closures', async (t) => {
  const src = (v2) => `export function setup() {
  const api = { n: 0 };
  ${v2 ? '' : `/** Drops. */
  function drop() { return 'drop v1'; }
  `}/** Turns off. */
  function off() { api.n = 0; return 'off ${v2 ? 'v2' : 'v1'}'; }
  ${v2 ? `/** Drops. */
  function drop() { return 'drop v2'; }
  ` : ''}api.off = off;
  api.drop = drop;
  return api;
}
export const api = setup();
`;
  const app = await load({ 'm.mjs': src(false) });
  t.after(app.close);
  const { api } = app.ns;
  assert.deepEqual([api.off(), api.drop()], ['off v1', 'drop v1']);
  applied(await (app.write('m.mjs', src(true)), app.refresh()));
  assert.deepEqual([api.off(), api.drop()], ['off v2', 'drop v2']);
});

test("a factory's only closure, its parameter renamed and its body edited in one save: closures made before run the new body", async (t) => {
  const app = await load({ 'm.mjs': `function makeAdder(k) { return (x) => x + k; }\nexport const add5 = makeAdder(5);\nexport function makeTwo(k) { return [(a) => a + k, (b) => b - k]; }\nexport const two = makeTwo(1);\n` });
  t.after(app.close);
  const { add5, two } = app.ns;
  app.write('m.mjs', `function makeAdder(k) { return (y) => y + k * 2; }\nexport const add5 = makeAdder(5);\nexport function makeTwo(k) { return [(c) => c * k, (d) => d / k]; }\nexport const two = makeTwo(1);\n`);
  const r = await app.refresh();
  assert.equal(r.ok, true);
  assert.equal(add5(1), 11);
  // Two closures both renamed and edited: which became which is not known, so they keep their code (noted).
  assert.deepEqual([two[0](3), two[1](3)], [4, 2]);
  assert.match(r.modules[0].notes.join('\n'), /closures it made before this refresh keep their code/);
});

// An inline handler saved with a parameter more (`(req, out)` → `(req, out, next)`, Express's
// `next`): the function the framework holds is the old one, so only its guard can hand the new
// code the argument the framework passes beyond the old parameters.
const STACK = (first, second) => `const stack = [];
export const use = (fn) => stack.push(fn);
export function run(path) {
  const out = [];
  let i = 0;
  const next = () => { const fn = stack[i++]; if (fn) fn({ path }, out, next); };
  next();
  return out.join(' ');
}
export function makeCounter() { let n = 0; return ${second}; }
export const count = makeCounter();
use(${first});
use((req, out) => { out.push('second'); });
export const held = () => stack[0];
`;

test('inline arrows, a factory closure and a class arrow field saved with a parameter more get the arguments their caller passes beyond the old ones', async (t) => {
  const app = await load({
    'app.mjs': STACK("(req, out) => { out.push('first ' + req.path); }", '(d) => (n += d)'),
    'field.mjs': 'export class B { n = 0; on = (e) => { this.n += e; return this.n; }; }\nexport const b = new B();\n',
    'main.mjs': "export * from './app.mjs';\nexport * from './field.mjs';\n",
  }, { entry: 'main.mjs' });
  t.after(app.close);
  const { run, count, b } = app.ns;
  assert.equal(run('/a'), 'first /a');
  assert.equal(count(2, 10), 2);
  assert.equal(b.on(1, 5), 1);
  app.write('app.mjs', STACK("(req, out, next) => { out.push('first ' + req.path); next(); }", '(d, times = 1) => (n += d * times)'));
  app.write('field.mjs', 'export class B { n = 0; on = (e, k) => { this.n += e * k; return this.n; }; }\nexport const b = new B();\n');
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(run('/b'), 'first /b second', 'the old arrow gets next');
  const notes = r.modules.flatMap((m) => m.notes).join('\n');
  // Passed to a call where it stands: the function the program holds has the new `length` (Express reads it).
  assert.equal(app.ns.held().length, 3);
  assert.doesNotMatch(notes, /length/);
  assert.equal(count(2, 10), 22, 'the factory closure gets its new second argument');
  assert.equal(b.on(1, 5), 6, 'the field arrow of an instance made before gets its new argument');
  app.write('app.mjs', STACK("(req, out, ...rest) => { out.push('first ' + rest.length); rest[0](); }", '(...ds) => (n += ds.length)'));
  const r3 = await app.refresh();
  assert.equal(r3.ok, true, JSON.stringify(r3.error));
  assert.equal(run('/c'), 'first 1 second', 'a rest parameter the new code declares gets what the caller passed');
  assert.equal(count(1, 1, 1), 25);
});

// The `length` of an inline function saved with other parameters: a function its statement
// passes to a call where it stands (a registration: `reg((a) => …)`, `[1].forEach(…)`) is kept
// by the runtime and gets the new `length`, its name kept; one an object literal holds keeps
// its `length`, and the report says so. A failed refresh takes the new `length` back.
const LENGTHS = (p, extra = '') => `const seen = [];
export const handlers = { on: (${p}) => seen.push(a) };
export const reg = (fn) => seen.push(fn);
reg((${p}) => a);
reg(function named(${p}) { return a; });
[1].forEach((${p}) => seen.push(a));
export { seen };
${extra}`;

test('an inline function passed to a call gets the `length` of its new parameters; one an object literal holds keeps its own (noted); a failed refresh takes it back', async (t) => {
  assert.match(instrument(LENGTHS('a')), /reg\(__lm\$\.made\(__lmg\$\$\d+,\(a,\.\.\.__lma\) =>/);
  assert.doesNotMatch(instrument(LENGTHS('a')), /on: __lm\$\.made/);
  const app = await load({ 'm.mjs': LENGTHS('a') });
  t.after(app.close);
  const { handlers, seen } = app.ns;
  const [arrow, named] = [seen[0], seen[1]];
  const failed = await (app.write('m.mjs', LENGTHS('a, b, c', 'throw new Error("no");\n')), app.refresh());
  assert.equal(failed.ok, false);
  assert.deepEqual([arrow.length, named.length], [1, 1], 'a failed refresh takes the new length back');
  app.write('m.mjs', LENGTHS('a, b, c'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual([arrow.length, named.length, named.name, handlers.on.length], [3, 3, 'named', 1]);
  assert.deepEqual(r.modules[0].notes, [
    'the function at line 2 runs its new code with every argument its caller passes, but its `length` stays 1 where a fresh process has 3 (code that counts parameters sees the old count: Express takes a function of length 4 for error middleware): restart if that matters',
  ]);
  assert.deepEqual([arrow(7, 8, 9), named(5)], [7, 5]);
});

test('top-level code that passes more than 64 functions from one place to calls (a loop over data): none is followed, and the report says their `length` stays', async (t) => {
  const src = (p) => `export const kept = [];\nfor (let i = 0; i < 100; i++) kept.push((${p}) => a);\nexport const few = [];\nfor (let i = 0; i < 3; i++) few.push((${p}) => a);\n`;
  const app = await load({ 'm.mjs': src('a') });
  t.after(app.close);
  const { kept, few } = app.ns;
  app.write('m.mjs', src('a, b'));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual([few.map((f) => f.length), kept[99](5, 6)], [[2, 2, 2], 5]);
  assert.match(r.modules[0].notes.join('\n'), /the function at line 2 runs its new code .* its `length` stays 1 where a fresh process has 2/);
});

// A closure made `async` (or an arrow made a function) is another kind of function: closures
// made before keep their code, and the note says that is why.
test('a closure made async: those made before keep their code, and the note says it changed kind', async (t) => {
  const V1 = `export function make(k) {\n  return (x) => 'v1:' + k + x;\n}\nexport const held = make('K');\n`;
  const app = await load({ 'm.mjs': V1 });
  t.after(app.close);
  app.write('m.mjs', V1.replace("(x) => 'v1:' + k + x", "async (x) => 'v2:' + k + x"));
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(app.ns.held(1), 'v1:K1');
  assert.match(r.modules[0].notes.join('\n'), /the function that was at .*m\.mjs:2:10: closures it made before this refresh keep their code \(it became an async arrow function, where it was an arrow function/);
  assert.equal(await app.ns.make('J')(2), 'v2:J2');
});

// Found by session 18's review: a parameter's default made a function (`f = String` saved as
// `f = (x) => '#' + x`) left the arrow it belongs to without a guard, and the old closure
// took the default's code as its own body, unsaid.
test("a default value made a function: the old closures keep their code and say so, never run the default's", async (t) => {
  const V = (d) => `export class C {\n  map = (xs, f = ${d}) => xs.map(f);\n}\nexport function make() {\n  return { map: (xs, f = ${d}) => xs.map(f) };\n}\n`;
  const app = await load({ 'ctl.mjs': V('String') });
  t.after(app.close);
  const c = new app.ns.C();
  const m = app.ns.make();
  app.write('ctl.mjs', V(`(x) => '#' + x`));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual([c.map([1, 2]), m.map([1, 2])], [['1', '2'], ['1', '2']]);
  const notes = r.modules.flatMap((x) => x.notes).join('\n');
  assert.match(notes, /ctl\.mjs:2:\d+: closures it made before this refresh keep their code/);
  assert.match(notes, /ctl\.mjs:5:\d+: closures it made before this refresh keep their code/);
  assert.deepEqual([new app.ns.C().map([1, 2]), app.ns.make().map([1, 2])], [['#1', '#2'], ['#1', '#2']]);
});

// Found by session 18's review: an inline async generator a stream pipeline runs, and a
// factory's polling closure, kept their old code while running, reported updated, unsaid.
test('an inline async generator, and a closure that awaits in a loop, edited: the run already going is said to keep its code', async (t) => {
  const V = (k) => `export const st = { on: true, seen: [] };
export async function* numbers() { let i = 0; while (st.on) { yield i++; await new Promise((r) => setTimeout(r, 1)); } }
export function consume(src, stage) { (async () => { for await (const n of stage(src)) st.seen.push(n); })(); }
consume(numbers(), async function* (src) { for await (const n of src) yield n * ${k}; });
export function poller() { return async () => { while (st.on) { st.seen.push(${k}); await new Promise((r) => setTimeout(r, 1)); } }; }
export const poll = poller();
`;
  const app = await load({ 'main.mjs': V(1) });
  t.after(() => { app.ns.st.on = false; return app.close(); });
  app.write('main.mjs', V(100));
  const r = await app.refresh();
  assert.ok(r.ok, JSON.stringify(r.error));
  const notes = r.modules[0].notes.join('\n');
  assert.match(notes, /the function at line 4 is an async generator: one of its runs already going .* goes on with the code it started with/);
  assert.match(notes, /main\.mjs:5:35 is async and awaits in a loop: a run of one of the closures it made that is already going/);
});
