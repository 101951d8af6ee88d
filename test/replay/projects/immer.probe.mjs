// The immer probe. `L` is `dist/immer.mjs`'s namespace (the 19 names of 10.0.0 in every
// version; `isModified`, `enableArrayMethods`, `setUseStrictIteration` from 11.x are used only
// after an `in` check). Every case produces from fixed states with fixed recipes and returns
// what came out: the next state, which subtrees it shares with the base, what is frozen, the
// patches and inverse patches, or the throw (`[Immer] …` messages: the development build,
// `process.env.NODE_ENV` unset in every process).
//
// Global state, put back by the case that changes it: the default instance's `autoFreeze` and
// `useStrictShallowCopy` (set to a case's value, then back to immer's defaults, true and
// false). The plugins table fills once (`enablePatches()`/`enableMapSet()` register the first
// time they run, every later call keeps what is there): every case that needs a plugin calls
// its `enable…` first, so a fresh process's first run and second run see the same table.
//
// `setup` does what a program does once: an `Immer` of its own with options (no auto-freeze,
// its `produce`/`produceWithPatches` taken out of it: arrow fields the constructor makes), a
// curried producer (`produce(recipe)`), one with an initial state, a state produced at start
// (frozen, by the first version) that later cases produce from, and patches recorded at start
// (a Map and Set among them) that later cases apply.

import { each, eachAwaited } from './serialize.mjs';

const BASE = () => ({
  user: { name: 'Ada', tags: ['a', 'b'], address: { city: 'London', zip: 'N1' } },
  todos: [{ id: 1, text: 'one', done: false }, { id: 2, text: 'two', done: true }, { id: 3, text: 'three', done: false }],
  settings: { theme: 'dark', flags: { beta: false } },
  count: 0,
});

/** Which top-level subtrees of `next` are the base's own objects, which are frozen. */
function shape(base, next) {
  if (!next || typeof next !== 'object') return { value: next };
  const keys = [...new Set([...Object.keys(base ?? {}), ...Object.keys(next)])];
  return {
    same: next === base,
    frozen: Object.isFrozen(next),
    shared: Object.fromEntries(keys.map((k) => [k, base?.[k] === next[k]])),
    deepFrozen: Object.fromEntries(keys.filter((k) => next[k] && typeof next[k] === 'object').map((k) => [k, Object.isFrozen(next[k])])),
  };
}

function withPlugins(L) {
  L.enablePatches();
  L.enableMapSet();
}

/** Runs `fn` with the default instance's auto-freeze set to `value`, then back to true. */
function autoFreeze(L, value, fn) {
  L.setAutoFreeze(value);
  try {
    return fn();
  } finally {
    L.setAutoFreeze(true);
  }
}

const roundTrip = (L, base, recipe) => {
  const [next, patches, inverse] = L.produceWithPatches(base, recipe);
  return {
    next,
    patches,
    inverse,
    applied: L.applyPatches(base, patches),
    undone: L.applyPatches(next, inverse),
  };
};

export const cases = {
  'exports': (L) => {
    const names = ['Immer', 'applyPatches', 'castDraft', 'castImmutable', 'createDraft', 'current', 'enableMapSet', 'enablePatches', 'finishDraft', 'freeze', 'immerable', 'isDraft', 'isDraftable', 'nothing', 'original', 'produce', 'produceWithPatches', 'setAutoFreeze', 'setUseStrictShallowCopy'];
    return {
      types: names.map((k) => [k, typeof L[k]]),
      symbols: [String(L.immerable), String(L.nothing)],
      Immer: Object.getOwnPropertyNames(L.Immer.prototype).sort(),
      instance: Object.keys(new L.Immer()).sort(),
    };
  },
  'produce objects': (L) => {
    const rows = {
      'set leaf': (d) => { d.user.address.city = 'Paris'; },
      'same value': (d) => { d.user.name = 'Ada'; d.count = 0; },
      'add key': (d) => { d.user.email = 'ada@x.y'; },
      'delete key': (d) => { delete d.settings.flags; },
      'replace subtree': (d) => { d.settings = { theme: 'light' }; },
      'read only': (d) => { void d.user.address.city; void d.todos.length; },
      'counter': (d) => { d.count += 1; d.count *= 10; },
      'move subtree': (d) => { d.settings.user = d.user; d.user = null; },
      'undefined value': (d) => { d.user.name = undefined; },
      'nested new': (d) => { d.extra = { list: [1, 2, { deep: true }] }; d.extra.list[2].deep = false; },
    };
    return each(Object.entries(rows).map(([k, recipe]) => [k, () => {
      const base = BASE();
      const next = L.produce(base, recipe);
      return { next, ...shape(base, next) };
    }]));
  },
  'produce arrays': (L) => {
    const rows = {
      push: (d) => { d.push({ id: 4, text: 'four', done: false }); },
      toggle: (d) => { d[1].done = !d[1].done; },
      splice: (d) => { d.splice(1, 1, { id: 9, text: 'nine', done: true }, { id: 10 }); },
      sort: (d) => { d.sort((a, b) => b.id - a.id); },
      reverse: (d) => { d.reverse(); },
      shift: (d) => { d.shift(); d.unshift({ id: 0 }); },
      length: (d) => { d.length = 1; },
      hole: (d) => { d[5] = { id: 6 }; },
      filter: (d) => d.filter((t) => !t.done),
      map: (d) => { d.forEach((t) => { t.text = t.text.toUpperCase(); }); },
      find: (d) => { d.find((t) => t.id === 3).done = true; },
      pop: (d) => { d.pop(); },
      copyWithin: (d) => { d.copyWithin(0, 2); },
    };
    return each(Object.entries(rows).map(([k, recipe]) => [k, () => {
      const base = BASE().todos;
      const next = L.produce(base, recipe);
      return { next, same: next === base, frozen: Object.isFrozen(next), shared: next.map((t, i) => t === base[i]) };
    }]));
  },
  'return values': (L) => each([
    ['new object', () => L.produce({ a: 1 }, () => ({ b: 2 }))],
    ['undefined', () => L.produce({ a: 1 }, () => undefined)],
    ['nothing', () => ({ v: String(L.produce({ a: 1 }, () => L.nothing)) })],
    ['nothing nested', () => L.produce({ a: 1 }, () => ({ x: L.nothing, y: [L.nothing] }))],
    ['draft itself', () => L.produce({ a: 1 }, (d) => { d.a = 2; return d; })],
    ['subtree draft', () => L.produce({ a: { b: 1 } }, (d) => d.a)],
    ['modified and returned', () => L.produce({ a: 1 }, (d) => { d.a = 2; return { a: 3 }; })],
    ['primitive base', () => [L.produce(3, (x) => x + 1), L.produce('s', () => undefined), L.produce(null, () => 'n')]],
    ['date base', () => L.produce(new Date(0), (d) => { d.setTime(5); return d; }).getTime()],
    ['curried', () => {
      const add = L.produce((d, n, m) => { d.total += n * m; });
      return [add({ total: 1 }, 2, 3), add({ total: 0 }, 1, 1)];
    }],
    ['curried initial', () => {
      const inc = L.produce((d) => { d.n += 1; }, { n: 10 });
      return [inc(), inc(undefined), inc({ n: 0 })];
    }],
  ]),
  'errors': (L) => each([
    ['no recipe', () => L.produce({ a: 1 })],
    ['string recipe', () => L.produce({ a: 1 }, 'recipe')],
    ['bad listener', () => L.produce({ a: 1 }, (d) => { d.a = 2; }, 'listener')],
    ['modify frozen', () => { const s = L.produce({ a: { b: 1 } }, (d) => { d.a.b = 2; }); s.a.b = 3; return s; }],
    ['revoked draft', () => { let kept; L.produce({ a: { b: 1 } }, (d) => { kept = d.a; }); return kept.b; }],
    ['original of plain', () => L.original({ a: 1 })],
    ['current of plain', () => L.current({ a: 1 })],
    ['array non-index', () => L.produce([1, 2], (d) => { d.x = 1; })],
    ['array delete non-index', () => L.produce([1, 2], (d) => { delete d.x; })],
    ['defineProperty', () => L.produce({ a: 1 }, (d) => { Object.defineProperty(d, 'b', { value: 2 }); })],
    ['setPrototypeOf', () => L.produce({ a: 1 }, (d) => { Object.setPrototypeOf(d, null); })],
    ['recipe throws', () => L.produce({ a: 1 }, () => { throw new RangeError('inside'); })],
    ['patches without plugin listener', () => {
      const im = new L.Immer();
      return im.produceWithPatches({ a: 1 }, (d) => { d.a = 2; })[1];
    }],
  ]),
  'async recipe': (L) => eachAwaited([
    ['resolves', async () => {
      const base = BASE();
      const next = await L.produce(base, async (d) => { await null; d.count = 5; d.todos.push({ id: 7 }); });
      return { next, ...shape(base, next) };
    }],
    ['rejects', () => L.produce({ a: 1 }, async (d) => { d.a = 2; await null; throw new Error('async fail'); })],
    ['with patches', async () => {
      withPlugins(L);
      const [next, patches, inverse] = await L.produceWithPatches({ a: [1] }, async (d) => { await null; d.a.push(2); });
      return { next, patches, inverse };
    }],
  ]),
  'patches objects': (L) => {
    withPlugins(L);
    return each([
      ['leaf', () => roundTrip(L, BASE(), (d) => { d.user.address.city = 'Paris'; })],
      ['add and delete', () => roundTrip(L, BASE(), (d) => { d.user.email = 'e'; delete d.settings.flags; })],
      ['replace root', () => roundTrip(L, BASE(), () => ({ fresh: true }))],
      ['nothing', () => { const [next, patches, inverse] = L.produceWithPatches({ a: 1 }, () => L.nothing); return { next: String(next), patches, inverse }; }],
      ['no change', () => roundTrip(L, BASE(), (d) => { d.count = 0; })],
      ['listener', () => {
        const seen = [];
        const next = L.produce({ a: { b: [1, 2] } }, (d) => { d.a.b.push(3); d.a.c = 1; }, (p, inv) => seen.push(p, inv));
        return { next, seen };
      }],
      ['key with slash', () => roundTrip(L, { 'a/b': { '~c': 1 } }, (d) => { d['a/b']['~c'] = 2; })],
    ]);
  },
  'patches arrays': (L) => {
    withPlugins(L);
    const base = () => ({ list: [1, 2, 3, 4, 5], rows: [{ id: 1 }, { id: 2 }] });
    return each([
      ['push', () => roundTrip(L, base(), (d) => { d.list.push(6, 7); })],
      ['pop', () => roundTrip(L, base(), (d) => { d.list.pop(); })],
      ['splice middle', () => roundTrip(L, base(), (d) => { d.list.splice(1, 2, 'x'); })],
      ['unshift', () => roundTrip(L, base(), (d) => { d.list.unshift(0); })],
      ['length', () => roundTrip(L, base(), (d) => { d.list.length = 2; })],
      ['sort', () => roundTrip(L, base(), (d) => { d.list.sort((a, b) => b - a); })],
      ['nested', () => roundTrip(L, base(), (d) => { d.rows[1].id = 20; d.rows.push({ id: 3 }); })],
      ['replace', () => roundTrip(L, base(), (d) => { d.rows = d.rows.filter((r) => r.id !== 1); })],
    ]);
  },
  'applyPatches': (L) => {
    withPlugins(L);
    return each([
      ['ops', () => L.applyPatches({ a: 1, b: { c: [1, 2] } }, [
        { op: 'replace', path: ['a'], value: 2 },
        { op: 'add', path: ['b', 'c', 1], value: 9 },
        { op: 'remove', path: ['b', 'c', 0] },
        { op: 'add', path: ['b', 'd'], value: { e: 1 } },
        { op: 'add', path: ['b', 'c', '-'], value: 'end' },
      ])],
      ['root replace', () => L.applyPatches({ a: 1 }, [{ op: 'replace', path: [], value: { z: 1 } }])],
      ['bad op', () => L.applyPatches({ a: 1 }, [{ op: 'move', path: ['a'], value: 1 }])],
      ['bad path', () => L.applyPatches({ a: 1 }, [{ op: 'add', path: ['x', 'y'], value: 1 }])],
      ['prototype path', () => L.applyPatches({}, [{ op: 'add', path: ['__proto__', 'polluted'], value: 1 }])],
      ['constructor path', () => L.applyPatches({}, [{ op: 'add', path: ['constructor', 'prototype', 'polluted'], value: 1 }])],
      ['string path', () => L.applyPatches({ a: { b: 1 } }, [{ op: 'replace', path: '/a/b', value: 2 }])],
      ['on draft', () => L.produce({ a: [1] }, (d) => { L.applyPatches(d, [{ op: 'add', path: ['a', 1], value: 2 }]); })],
      ['frozen result', () => Object.isFrozen(L.applyPatches({ a: { b: 1 } }, [{ op: 'replace', path: ['a', 'b'], value: 2 }]))],
    ]);
  },
  'map and set': (L) => {
    withPlugins(L);
    const base = () => ({
      map: new Map([['a', { n: 1 }], ['b', { n: 2 }]]),
      set: new Set(['x', 'y']),
      objSet: new Set([{ id: 1 }, { id: 2 }]),
    });
    const run = (recipe) => {
      const b = base();
      const [next, patches, inverse] = L.produceWithPatches(b, recipe);
      return {
        next,
        patches,
        inverse,
        shared: { map: next.map === b.map, set: next.set === b.set, objSet: next.objSet === b.objSet },
        frozen: Object.isFrozen(next.map),
        undone: L.applyPatches(next, inverse),
      };
    };
    return each([
      ['map set', () => run((d) => { d.map.set('c', { n: 3 }); })],
      ['map nested', () => run((d) => { d.map.get('a').n = 10; })],
      ['map delete', () => run((d) => { d.map.delete('b'); })],
      ['map clear', () => run((d) => { d.map.clear(); })],
      ['map same', () => run((d) => { d.map.set('a', d.map.get('a')); })],
      ['map iterate', () => run((d) => { for (const [, v] of d.map) v.n += 1; })],
      ['set add', () => run((d) => { d.set.add('z'); })],
      ['set delete', () => run((d) => { d.set.delete('x'); })],
      ['set objects', () => run((d) => { for (const o of d.objSet) o.id *= 10; })],
      ['set clear', () => run((d) => { d.set.clear(); })],
      ['frozen map set', () => { const m = L.produce(base(), (d) => { d.map.set('q', 1); }).map; m.set('r', 2); return m; }],
      ['frozen set add', () => { const s = L.produce(base(), (d) => { d.set.add('q'); }).set; s.add('r'); return s; }],
      ['map root', () => L.produce(new Map([[1, 'a']]), (d) => { d.set(2, 'b'); })],
      ['draft types', () => L.produce(base(), (d) => { return [d.map instanceof Map, d.set instanceof Set, L.isDraft(d.map), L.isDraft(d.set), d.map.size, d.set.size, [...d.set.keys()]]; })],
    ]);
  },
  'freeze': (L) => each([
    ['shallow', () => { const o = { a: { b: 1 } }; L.freeze(o); return [Object.isFrozen(o), Object.isFrozen(o.a)]; }],
    ['deep', () => { const o = { a: { b: [1, { c: 1 }] } }; L.freeze(o, true); return [Object.isFrozen(o), Object.isFrozen(o.a), Object.isFrozen(o.a.b), Object.isFrozen(o.a.b[1])]; }],
    ['returns', () => { const o = { a: 1 }; return L.freeze(o) === o; }],
    ['primitive', () => L.freeze(5)],
    ['map', () => { const m = L.freeze(new Map([['k', 1]]), true); try { m.set('k', 2); } catch (e) { return `${e.name}: ${e.message}`; } return [...m]; }],
    ['draft', () => L.produce({ a: {} }, (d) => { L.freeze(d); return Object.isFrozen(d); })],
  ]),
  'auto freeze': (L) => each([
    ['default', () => { const s = L.produce({ a: { b: 1 }, c: { d: 1 } }, (d) => { d.a.b = 2; }); return [Object.isFrozen(s), Object.isFrozen(s.a), Object.isFrozen(s.c)]; }],
    ['off', () => autoFreeze(L, false, () => { const s = L.produce({ a: { b: 1 } }, (d) => { d.a.b = 2; }); s.a.b = 3; return [Object.isFrozen(s), s.a.b]; })],
    ['new data', () => { const s = L.produce({}, (d) => { d.added = { deep: { x: 1 } }; }); return [Object.isFrozen(s.added), Object.isFrozen(s.added.deep)]; }],
    ['returned new', () => { const s = L.produce({}, () => ({ fresh: { inner: 1 } })); return [Object.isFrozen(s), Object.isFrozen(s.fresh)]; }],
    ['unchanged base', () => { const b = { a: { b: 1 } }; const s = L.produce(b, () => {}); return [s === b, Object.isFrozen(b), Object.isFrozen(b.a)]; }],
    ['strict shallow copy', () => {
      L.setUseStrictShallowCopy(true);
      try {
        const b = { a: 1 };
        Object.defineProperty(b, 'hidden', { value: 'h', enumerable: false, writable: true, configurable: true });
        const s = L.produce(b, (d) => { d.a = 2; });
        return [s.a, s.hidden, Object.getOwnPropertyDescriptor(s, 'hidden') ?? null];
      } finally {
        L.setUseStrictShallowCopy(false);
      }
    }],
    ['loose shallow copy', () => {
      const b = { a: 1 };
      Object.defineProperty(b, 'hidden', { value: 'h', enumerable: false, writable: true, configurable: true });
      const s = L.produce(b, (d) => { d.a = 2; });
      return [s.a, s.hidden ?? null];
    }],
  ]),
  'drafts': (L) => each([
    ['current', () => L.produce({ a: { b: 1 }, c: [1] }, (d) => {
      d.a.b = 2;
      const snap = L.current(d);
      d.a.b = 3;
      return { snap, isDraft: L.isDraft(snap), after: L.current(d).a.b, last: d.a.b };
    })],
    ['original', () => {
      const base = { a: { b: 1 } };
      return L.produce(base, (d) => { d.a.b = 2; return { same: L.original(d) === base, sub: L.original(d.a) === base.a, value: L.original(d.a).b }; });
    }],
    ['isDraft isDraftable', () => L.produce({ a: {} }, (d) => ({
      draft: [L.isDraft(d), L.isDraft(d.a), L.isDraft({})],
      draftable: [L.isDraftable({}), L.isDraftable([]), L.isDraftable(new Map()), L.isDraftable(new Date()), L.isDraftable(5), L.isDraftable(Object.create(null)), L.isDraftable(new (class X {})())],
    }))],
    ['createDraft finishDraft', () => {
      const base = BASE();
      const d = L.createDraft(base);
      d.todos[0].done = true;
      d.count++;
      const next = L.finishDraft(d);
      return { next, ...shape(base, next) };
    }],
    ['finishDraft patches', () => {
      withPlugins(L);
      const d = L.createDraft({ a: [1] });
      d.a.push(2);
      const seen = [];
      const next = L.finishDraft(d, (p, inv) => seen.push(p, inv));
      return { next, seen };
    }],
    ['createDraft of draft', () => L.produce({ a: 1 }, (d) => L.createDraft(d))],
    ['isModified', () => ('isModified' in L ? L.produce({ a: { b: 1 }, c: {} }, (d) => { d.a.b = 2; return [L.isModified(d), L.isModified(d.a), L.isModified(d.c)]; }) : 'absent')],
  ]),
  'classes': (L) => {
    class Point {
      constructor(x, y) { this.x = x; this.y = y; }
      get len() { return Math.abs(this.x) + Math.abs(this.y); }
      moved(dx) { return L.produce(this, (d) => { d.x += dx; }); }
    }
    Point.prototype[L.immerable] = true;
    class Plain { constructor() { this.v = 1; } }
    return each([
      ['immerable', () => { const p = new Point(1, 2); const q = p.moved(3); return [q instanceof Point, q.x, q.len, p.x, q === p, Object.isFrozen(q)]; }],
      ['not immerable', () => { const p = new Plain(); const q = L.produce(p, (d) => { d.v = 2; }); return [q === p, q.v, L.isDraft(q), Object.isFrozen(q)]; }],
      ['nested class', () => L.produce({ p: new Point(0, 0) }, (d) => { d.p.y = 5; }).p.len],
      ['null prototype', () => { const o = Object.create(null); o.a = 1; const s = L.produce(o, (d) => { d.b = 2; }); return [Object.getPrototypeOf(s), { ...s }]; }],
      ['symbol keys', () => { const k = Symbol.for('probe-key'); const s = L.produce({ [k]: 1, a: 1 }, (d) => { d.a = 2; }); return [s[k], Object.getOwnPropertySymbols(s).length]; }],
      ['getter', () => { const b = { a: 1, get twice() { return this.a * 2; } }; const s = L.produce(b, (d) => { d.a = 5; }); return [s.a, s.twice]; }],
    ]);
  },
  'Immer instance': (L) => {
    withPlugins(L);
    const im = new L.Immer({ autoFreeze: false });
    const im2 = new L.Immer({ autoFreeze: true, useStrictShallowCopy: true });
    return each([
      ['produce', () => { const s = im.produce({ a: { b: 1 } }, (d) => { d.a.b = 2; }); return [s, Object.isFrozen(s)]; }],
      ['frozen one', () => { const s = im2.produce({ a: { b: 1 } }, (d) => { d.a.b = 2; }); return [s, Object.isFrozen(s), Object.isFrozen(s.a)]; }],
      ['setAutoFreeze', () => { const i = new L.Immer(); i.setAutoFreeze(false); return Object.isFrozen(i.produce({ a: 1 }, (d) => { d.a = 2; })); }],
      ['patches', () => im.produceWithPatches({ l: [1, 2] }, (d) => { d.l.splice(0, 1); })],
      ['applyPatches', () => im.applyPatches({ a: 1 }, [{ op: 'replace', path: ['a'], value: 2 }])],
      ['createDraft', () => { const d = im.createDraft({ a: 1 }); d.a = 3; return im.finishDraft(d); }],
      ['cross instance', () => L.produce({ a: { b: 1 } }, (d) => im.produce(d.a, (e) => { e.b = 9; }))],
      ['own keys', () => Object.keys(im).sort()],
    ]);
  },
  'casts': (L) => [L.castDraft({ a: 1 }), L.castImmutable([1, 2])],
};

export function setup(L) {
  L.enablePatches();
  L.enableMapSet();
  const im = new L.Immer({ autoFreeze: false, useStrictShallowCopy: true });
  const addTodo = L.produce((draft, text) => { draft.todos.push({ id: draft.todos.length + 1, text, done: false }); });
  const counter = L.produce((d, by = 1) => { d.count += by; }, { count: 100 });
  const state0 = L.produce(BASE(), (d) => { d.todos[0].done = true; d.user.tags.push('c'); });
  const [mapState, mapPatches, mapInverse] = L.produceWithPatches(
    { m: new Map([['k', 1]]), s: new Set([1]) },
    (d) => { d.m.set('k2', 2); d.s.add(2); },
  );
  const [, listPatches, listInverse] = L.produceWithPatches({ list: [1, 2, 3] }, (d) => { d.list.splice(1, 1); d.list.push(9); });
  return {
    im,
    imProduce: im.produce,
    imProduceWithPatches: im.produceWithPatches,
    addTodo,
    counter,
    state0,
    mapState,
    mapPatches,
    mapInverse,
    listPatches,
    listInverse,
  };
}

export const instanceCases = {
  'kept Immer': (I) => each([
    ['produce', () => { const s = I.im.produce({ a: { b: 1 } }, (d) => { d.a.b = 2; }); return [s, Object.isFrozen(s)]; }],
    ['taken produce', () => { const s = I.imProduce({ list: [1] }, (d) => { d.list.push(2); }); return [s, Object.isFrozen(s)]; }],
    ['taken produceWithPatches', () => I.imProduceWithPatches({ m: new Map([['a', 1]]) }, (d) => { d.m.set('b', 2); d.m.delete('a'); })],
    ['curried', () => I.im.produce((d, n) => { d.n = n; })({ n: 0 }, 7)],
    ['error', () => I.im.produce({ a: 1 }, 'bad')],
    ['own keys', () => Object.keys(I.im).sort()],
  ]),
  'kept producers': (I) => each([
    ['addTodo', () => { const s = I.addTodo(I.state0, 'four'); return { todos: s.todos, shared: s.user === I.state0.user, frozen: Object.isFrozen(s.todos[3]) }; }],
    ['counter', () => [I.counter(), I.counter({ count: 1 }, 5)]],
  ]),
  'kept state': (I, L) => each([
    ['frozen', () => [Object.isFrozen(I.state0), Object.isFrozen(I.state0.user.tags)]],
    ['produce from it', () => { const s = L.produce(I.state0, (d) => { d.user.tags.pop(); }); return { s, ...shape(I.state0, s) }; }],
    ['patches from it', () => { L.enablePatches(); return L.produceWithPatches(I.state0, (d) => { d.todos[2].done = true; }).slice(1); }],
    ['map state', () => { L.enableMapSet(); return L.produce(I.mapState, (d) => { d.m.set('k3', 3); d.s.delete(1); }); }],
  ]),
  'kept patches': (I, L) => each([
    ['map forward', () => { L.enablePatches(); L.enableMapSet(); return L.applyPatches({ m: new Map([['k', 1]]), s: new Set([1]) }, I.mapPatches); }],
    ['map back', () => { L.enablePatches(); L.enableMapSet(); return L.applyPatches(I.mapState, I.mapInverse); }],
    ['list', () => { L.enablePatches(); return [I.listPatches, L.applyPatches({ list: [1, 2, 3] }, I.listPatches), L.applyPatches({ list: [1, 3, 9] }, I.listInverse)]; }],
  ]),
};
