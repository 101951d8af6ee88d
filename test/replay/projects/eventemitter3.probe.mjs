// The eventemitter3 probe. `L` is what `require('./index.js')` gave at start: the
// EventEmitter constructor itself (`held` copies its own enumerable properties: `prefixed`
// from 1.1.0, `EventEmitter` from 2.0.1, so nothing before). The constructor is
// `L.EventEmitter`, or before 2.0.1 `L.prototype.constructor`. Every case makes its own
// emitters; listeners record what they were called with; a throw is the result.
//
// `setup` keeps what a program made with the first version: an emitter with listeners on it,
// its `emit` bound, methods taken off the prototype, a constructor-function subclass and a
// class subclass with an instance of each. The instance cases add their own listeners and
// remove them after, so the probe can run twice.

import { each } from './serialize.mjs';

const ctor = (L) => L.EventEmitter ?? L.prototype?.constructor;


/** A listener that records its `this` (by tag) and arguments into `log`. */
const rec = (log, name) => function (...args) { log.push([name, this?.tag ?? (this === undefined ? 'undefined' : typeof this), ...args]); return name; };

/** What an emitter says about event names it may have (listeners, counts, names). */
function state(e, names) {
  return each([
    ['listeners', () => names.map((n) => e.listeners(n).map((f) => f.name || 'anon'))],
    ['exists', () => names.map((n) => e.listeners(n, true))],
    ['listenerCount', () => names.map((n) => e.listenerCount(n))],
    ['eventNames', () => e.eventNames().map(String)],
  ]);
}

export const cases = {
  'exports': (L) => ({
    type: typeof ctor(L),
    name: ctor(L).name,
    prefixed: ctor(L).prefixed,
    self: ctor(L).EventEmitter === ctor(L),
    proto: Object.keys(ctor(L).prototype).sort(),
    own: Object.keys(new (ctor(L))()).sort(),
  }),
  'on and emit, every arity': (L) => {
    const E = ctor(L);
    const e = new E();
    e.tag = 'e';
    const log = [];
    e.on('a', rec(log, 'one'));
    const r = [];
    for (let n = 0; n <= 7; n++) r.push(e.emit('a', ...Array.from({ length: n }, (_, i) => i)));
    e.on('a', rec(log, 'two'));
    for (let n = 0; n <= 7; n++) r.push(e.emit('a', ...Array.from({ length: n }, (_, i) => `x${i}`)));
    r.push(e.emit('none'), e.emit('none', 1));
    return { r, log, state: state(e, ['a', 'none']) };
  },
  'once': (L) => {
    const e = new (ctor(L))();
    e.tag = 'e';
    const log = [];
    e.once('a', rec(log, 'once'));
    e.on('a', rec(log, 'on'));
    e.once('a', rec(log, 'once2'));
    const r = [e.emit('a', 1), e.emit('a', 2), e.emit('a', 3)];
    e.once('b', rec(log, 'b'));
    r.push(e.emit('b', 1, 2, 3, 4, 5, 6), e.emit('b'));
    return { r, log, state: state(e, ['a', 'b']) };
  },
  'context': (L) => {
    const e = new (ctor(L))();
    e.tag = 'emitter';
    const log = [];
    const f = rec(log, 'f');
    e.on('a', f, { tag: 'ctx1' });
    e.on('a', f);
    e.once('a', f, { tag: 'ctx2' });
    e.addListener('a', f, { tag: 'ctx3' });
    e.emit('a', 1);
    e.emit('a', 2, 3);
    return { log, state: state(e, ['a']) };
  },
  'remove': (L) => {
    const e = new (ctor(L))();
    const log = [];
    const f = rec(log, 'f');
    const g = rec(log, 'g');
    const c1 = { tag: 'c1' };
    e.on('a', f); e.on('a', f, c1); e.once('a', f); e.on('a', g); e.on('b', f); e.once('c', g);
    const out = {};
    out.byContext = [e.removeListener('a', f, c1) === e, state(e, ['a'])];
    out.onceOnly = [e.removeListener('a', f, undefined, true) === e, state(e, ['a'])];
    out.byFn = [e.off('a', f) === e, state(e, ['a'])];
    out.none = [e.removeListener('zz', f) === e, e.removeListener('a', () => {}) === e];
    out.all = [e.removeListener('b') === e, state(e, ['a', 'b', 'c'])];
    out.removeAllEvent = [e.removeAllListeners('a') === e, state(e, ['a', 'c'])];
    out.removeAll = [e.removeAllListeners() === e, state(e, ['a', 'b', 'c'])];
    e.emit('a'); e.emit('c');
    out.log = log;
    return out;
  },
  'remove during emit': (L) => {
    const e = new (ctor(L))();
    const log = [];
    const a = () => { log.push('a'); e.off('x', b); };
    const b = () => log.push('b');
    const c = () => { log.push('c'); e.on('x', () => log.push('late')); };
    e.on('x', a); e.on('x', b); e.on('x', c);
    e.emit('x'); e.emit('x');
    return { log, count: e.listeners('x').length };
  },
  'event names': (L) => {
    const e = new (ctor(L))();
    const s = Symbol('sym');
    e.on('a', () => {}); e.on('__proto__', () => {}); e.on(s, () => {}); e.on('hasOwnProperty', () => {}); e.on('~x', () => {});
    const r = each([
      ['names', () => e.eventNames().map(String)],
      ['emit', () => [e.emit('__proto__'), e.emit(s), e.emit('hasOwnProperty'), e.emit('~x'), e.emit('x'), e.emit('toString')]],
      ['listeners', () => ['a', '__proto__', 'hasOwnProperty', 'toString', '~x'].map((n) => e.listeners(n).length)],
    ]);
    e.removeAllListeners('__proto__');
    r.after = each([['names', () => e.eventNames().map(String)]]);
    return r;
  },
  'bad listeners': (L) => {
    const e = new (ctor(L))();
    return each([
      ['on string', () => { e.on('a', 'nope'); return e.emit('a'); }],
      ['once null', () => { e.once('b', null); return e.emit('b'); }],
      ['remove undefined', () => e.removeListener('a', undefined) === e],
      ['setMaxListeners', () => e.setMaxListeners(1) === e],
    ]);
  },
  'subclasses': (L) => {
    const E = ctor(L);
    function Old() { E.call(this); this.tag = 'old'; }
    Old.prototype = Object.create(E.prototype);
    Old.prototype.constructor = Old;
    Old.prototype.fire = function (x) { return this.emit('fire', x); };
    class Bus extends E { constructor() { super(); this.tag = 'bus'; } send(x) { return this.emit('send', x, x); } }
    const log = [];
    const o = new Old();
    o.on('fire', rec(log, 'of'));
    const b = new Bus();
    b.on('send', rec(log, 'bs'));
    return { r: [o.fire(1), b.send(2), o instanceof E, b instanceof E], log, own: [Object.keys(o).sort(), Object.keys(b).sort()] };
  },
  'prototype methods taken': (L) => {
    const { on, emit, listeners } = ctor(L).prototype;
    const e = new (ctor(L))();
    const log = [];
    on.call(e, 'a', rec(log, 'p'));
    return { emit: emit.call(e, 'a', 1), listeners: listeners.call(e, 'a').length, log };
  },
};

/** What the app keeps from the first version. */
export function setup(L) {
  const E = L.EventEmitter ?? L.prototype.constructor;
  const log = [];
  const bus = new E();
  bus.tag = 'bus';
  bus.on('tick', rec(log, 'tick'));
  bus.on('tick', rec(log, 'tick-ctx'), { tag: 'ctx' });
  function Old() { E.call(this); this.tag = 'old'; }
  Old.prototype = Object.create(E.prototype);
  Old.prototype.constructor = Old;
  Old.prototype.fire = function (x) { return this.emit('fire', x); };
  class Bus extends E { send(x) { return this.emit('send', x); } }
  const old = new Old();
  old.on('fire', rec(log, 'fire'));
  const cls = new Bus();
  cls.tag = 'cls';
  cls.on('send', rec(log, 'send'));
  return {
    E, log, bus, Old, old, Bus, cls,
    emit: bus.emit.bind(bus),
    methods: { on: E.prototype.on, emit: E.prototype.emit, off: E.prototype.off, removeAllListeners: E.prototype.removeAllListeners },
  };
}

/** Runs `fn` with the log emptied before and after. */
const logged = (I, fn) => {
  I.log.length = 0;
  try {
    const r = each([['result', fn]]);
    return { ...r, log: [...I.log] };
  } finally {
    I.log.length = 0;
  }
};

export const instanceCases = {
  'emitter made at start': (I) => logged(I, () => [I.bus.emit('tick', 1), I.bus.emit('tick', 1, 2, 3, 4, 5, 6), I.bus.listeners('tick').length, I.bus.emit('none')]),
  'bound emit': (I) => logged(I, () => [I.emit('tick', 'b'), I.emit('other')]),
  'listeners added now to an old emitter': (I) => logged(I, () => {
    const f = () => I.log.push('added');
    I.bus.on('later', f);
    I.bus.once('later', () => I.log.push('once'));
    const r = [I.bus.emit('later'), I.bus.emit('later'), I.bus.listeners('later').length];
    I.bus.removeAllListeners('later');
    return [...r, I.bus.listeners('later').length, I.bus.listeners('tick').length];
  }),
  'subclass instances made at start': (I) => logged(I, () => [I.old.fire(1), I.cls.send(2), I.old instanceof I.E, I.cls instanceof I.E]),
  'subclasses declared at start, new instances': (I) => logged(I, () => {
    const o = new I.Old();
    const c = new I.Bus();
    o.on('fire', () => I.log.push('o'));
    c.on('send', () => I.log.push('c'));
    return [o.fire(1), c.send(2), Object.keys(o).sort(), Object.keys(c).sort()];
  }),
  'prototype methods taken at start': (I) => logged(I, () => {
    const e = new I.E();
    I.methods.on.call(e, 'a', () => I.log.push('m'));
    const r = [I.methods.emit.call(e, 'a'), I.methods.off.call(e, 'a') === e, I.methods.emit.call(e, 'a')];
    I.methods.on.call(I.bus, 'm', () => I.log.push('bus-m'));
    r.push(I.methods.emit.call(I.bus, 'm'), I.methods.removeAllListeners.call(I.bus, 'm') === I.bus, I.bus.listeners('m').length);
    return r;
  }),
};
