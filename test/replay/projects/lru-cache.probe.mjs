// The lru-cache probe. `L` is the namespace of index.js: `{ LRUCache }` (and `default` in
// 8.x, which the probe does not ask). Every case builds its caches from fixed inputs and
// returns what they say: no TTL (it reads the clock), no autopurge timers; a fetch or memo
// method answers at once from its arguments. A version that lacks a method or an option
// throws or ignores it, and that is the result.
//
// `setup` makes what a program keeps from the first version: caches (with dispose,
// disposeAfter, sizes, a fetchMethod), methods bound to them, and a subclass declared at
// start; every instance case clears its cache first and leaves it filled the same way, so
// the probe can run twice.

import { eachAwaited as each } from './serialize.mjs';

/** What a cache says about itself, in order (most recent first, as its iterators give). */
function view(c) {
  return {
    entries: [...c.entries()],
    rkeys: [...c.rkeys()],
    size: c.size,
    calculatedSize: c.calculatedSize,
    max: c.max,
    maxSize: c.maxSize,
  };
}

/** A status object as fetch/get/set fill it (the fields that do not read the clock). */
const statusOf = (s) => Object.fromEntries(Object.entries(s).filter(([k]) => !/^(now|start|ttl|remainingTTL)$/.test(k)));

const fill = (c, pairs) => { for (const [k, v] of pairs) c.set(k, v); return c; };
const letters = (n) => Array.from({ length: n }, (_, i) => [String.fromCharCode(97 + i), i + 1]);

export const cases = {
  'class': (L) => ({
    name: L.LRUCache.name,
    length: L.LRUCache.length,
    statics: Object.getOwnPropertyNames(L.LRUCache).sort(),
    proto: Object.getOwnPropertyNames(L.LRUCache.prototype).sort(),
    tag: Object.prototype.toString.call(new L.LRUCache({ max: 1 })),
    iterator: typeof L.LRUCache.prototype[Symbol.iterator],
  }),
  'set get evict': (L) => {
    const c = fill(new L.LRUCache({ max: 3 }), letters(5));
    return {
      after: view(c),
      get: [c.get('a'), c.get('c'), c.get('e'), c.get('zz')],
      has: [c.has('a'), c.has('c'), c.has('e')],
      peek: c.peek('d'),
      order: view(c),
      setReturns: c.set('f', 6) === c,
      final: view(c),
    };
  },
  'recency': (L) => {
    const c = fill(new L.LRUCache({ max: 4 }), letters(4));
    c.get('a'); c.peek('b'); c.has('c'); c.set('d', 40);
    c.set('e', 5);
    return { keys: [...c.keys()], values: [...c.values()], rentries: [...c.rentries()], rvalues: [...c.rvalues()], spread: [...c] };
  },
  'delete clear pop': (L) => {
    const log = [];
    const c = fill(new L.LRUCache({ max: 4, dispose: (v, k, r) => log.push(['dispose', k, v, r ?? null]) }), letters(4));
    const out = {};
    out.delete = [c.delete('b'), c.delete('b'), c.delete('zz')];
    out.pop = [c.pop(), c.pop()];
    c.set('x', 1); c.set('x', 2); c.set('x', 2);
    out.view = view(c);
    c.clear();
    out.cleared = view(c);
    out.popEmpty = c.pop();
    out.log = log;
    return out;
  },
  'dispose and disposeAfter': (L) => {
    const log = [];
    const c = new L.LRUCache({
      max: 2,
      dispose: (v, k, r) => log.push(['dispose', k, v, r ?? null]),
      disposeAfter: (v, k, r) => log.push(['after', k, v, r ?? null, c.has(k)]),
    });
    fill(c, letters(4));
    c.set('c', 30);
    c.set('d', 40, { noDisposeOnSet: true });
    c.delete('c');
    const n = new L.LRUCache({ max: 2, noDisposeOnSet: true, dispose: (v, k, r) => log.push(['n', k, v, r ?? null]) });
    n.set('a', 1); n.set('a', 2); n.set('b', 1); n.set('c', 1);
    return { log, view: view(c) };
  },
  'sizes': (L) => each([
    ['sizeCalculation', () => {
      const c = new L.LRUCache({ maxSize: 10, sizeCalculation: (v, k) => v.length + k.length });
      c.set('a', 'xx'); c.set('bb', 'yyy'); c.set('c', 'zzzz');
      const big = c.set('d', 'x'.repeat(20));
      return { view: view(c), big: big === c, hasBig: c.has('d') };
    }],
    ['explicit size', () => {
      const c = new L.LRUCache({ max: 10, maxSize: 6 });
      c.set('a', 1, { size: 2 }); c.set('b', 2, { size: 3 }); c.set('c', 3, { size: 2 });
      return view(c);
    }],
    ['maxEntrySize', () => {
      const c = new L.LRUCache({ max: 5, maxEntrySize: 2, sizeCalculation: (v) => v });
      c.set('a', 1); c.set('b', 2); c.set('c', 3);
      return view(c);
    }],
    ['size required', () => new L.LRUCache({ maxSize: 5 }).set('a', 1)],
    ['bad size', () => new L.LRUCache({ maxSize: 5 }).set('a', 1, { size: -1 })],
    ['bad sizeCalculation', () => new L.LRUCache({ maxSize: 5, sizeCalculation: () => 0 }).set('a', 1)],
  ]),
  'options checks': (L) => each([
    ['none', () => new L.LRUCache({})],
    ['no options', () => new L.LRUCache()],
    ['max -1', () => new L.LRUCache({ max: -1 })],
    ['max 1.5', () => new L.LRUCache({ max: 1.5 })],
    ['max huge', () => new L.LRUCache({ max: 2 ** 53 }).max],
    ['sizeCalculation only', () => new L.LRUCache({ max: 1, sizeCalculation: (v) => v })],
    ['sizeCalculation not fn', () => new L.LRUCache({ maxSize: 1, sizeCalculation: 1 })],
    ['fetchMethod not fn', () => new L.LRUCache({ max: 1, fetchMethod: 1 })],
    ['memoMethod not fn', () => new L.LRUCache({ max: 1, memoMethod: 1 })],
    ['maxSize -1', () => new L.LRUCache({ max: 1, maxSize: -1 })],
    ['fields', () => {
      const c = new L.LRUCache({ max: 2, allowStale: true, updateAgeOnGet: 1, noDeleteOnStaleGet: true, maxSize: 4 });
      return Object.fromEntries(Object.keys(c).filter((k) => typeof c[k] !== 'function').map((k) => [k, c[k]]));
    }],
    ['getters', () => {
      const fm = async () => 1;
      const d = () => {};
      const c = new L.LRUCache({ max: 7, maxSize: 9, fetchMethod: fm, dispose: d, disposeAfter: d });
      return [c.max, c.maxSize, c.fetchMethod === fm, c.dispose === d, c.disposeAfter === d, c.size, c.calculatedSize];
    }],
  ]),
  'iteration helpers': (L) => {
    const c = fill(new L.LRUCache({ max: 5 }), letters(5));
    const seen = [];
    c.forEach(function (v, k, self) { seen.push(['fe', k, v, self === c, this === undefined || this === c ? 'c' : this]); });
    c.rforEach((v, k) => seen.push(['rfe', k, v]), { thisp: 1 });
    return {
      seen,
      find: c.find((v) => v > 2),
      findNone: c.find((v) => v > 10),
      findThis: c.find(function (v, k) { return k === this.k; }, { k: 'b' }),
      view: view(c),
    };
  },
  'dump and load': (L) => {
    const c = fill(new L.LRUCache({ max: 4, maxSize: 10, sizeCalculation: (v) => v }), letters(4));
    c.get('a');
    const dump = c.dump();
    const d = new L.LRUCache({ max: 4, maxSize: 10, sizeCalculation: (v) => v });
    d.load(dump);
    return { dump, loaded: view(d), reloaded: view(new L.LRUCache({ max: 2 }).load?.(dump) ?? d) };
  },
  'info': (L) => each([
    ['hit', () => { const c = fill(new L.LRUCache({ max: 2, maxSize: 5, sizeCalculation: () => 1 }), letters(2)); return c.info('a'); }],
    ['miss', () => new L.LRUCache({ max: 2 }).info('a')],
  ]),
  'status tracing': (L) => {
    const c = new L.LRUCache({ max: 2 });
    const rows = [];
    const s = () => ({});
    let st = s(); c.set('a', 1, { status: st }); rows.push(['set', statusOf(st)]);
    st = s(); c.set('a', 2, { status: st }); rows.push(['replace', statusOf(st)]);
    st = s(); c.get('a', { status: st }); rows.push(['get hit', statusOf(st)]);
    st = s(); c.get('b', { status: st }); rows.push(['get miss', statusOf(st)]);
    st = s(); c.has('a', { status: st }); rows.push(['has', statusOf(st)]);
    c.set('b', 1); c.set('c', 1);
    st = s(); c.set('d', 1, { status: st }); rows.push(['evict', statusOf(st)]);
    return rows;
  },
  'fetch': async (L) => {
    const calls = [];
    const c = new L.LRUCache({
      max: 3,
      fetchMethod: async (k, stale, { options, signal, context }) => {
        calls.push([k, stale ?? null, typeof signal, context ?? null, Object.keys(options).sort()]);
        if (k === 'bad') throw new Error('no ' + k);
        if (k === 'undef') return undefined;
        return `v:${k}:${context ?? '-'}`;
      },
    });
    return each([
      ['miss', () => c.fetch('a')],
      ['hit', () => c.fetch('a')],
      ['context', () => c.fetch('b', { context: 'ctx', fetchContext: 'ctx' })],
      ['force', () => c.fetch('a', { forceRefresh: true })],
      ['rejects', () => c.fetch('bad')],
      ['undefined', () => c.fetch('undef')],
      ['forceFetch', () => c.forceFetch('c')],
      ['forceFetch undefined', () => c.forceFetch('undef')],
      ['status', async () => { const st = {}; await c.fetch('z', { status: st }); return statusOf(st); }],
      ['no fetchMethod', () => new L.LRUCache({ max: 1 }).fetch('q')],
      ['after', () => ({ view: view(c), calls })],
    ]);
  },
  'memo': (L) => each([
    ['memo', () => {
      const calls = [];
      const c = new L.LRUCache({ max: 2, memoMethod: (k, stale, { context }) => { calls.push([k, stale ?? null, context ?? null]); return k.toUpperCase(); } });
      return { r: [c.memo('a'), c.memo('a'), c.memo('b', { context: 1 }), c.memo('a', { forceRefresh: true })], calls, view: view(c) };
    }],
    ['no memoMethod', () => new L.LRUCache({ max: 1 }).memo('a')],
  ]),
  'onInsert': (L) => {
    const log = [];
    const c = new L.LRUCache({ max: 2, onInsert: (v, k, r) => log.push([k, v, r ?? null]) });
    c.set('a', 1); c.set('a', 2); c.set('b', 1); c.set('c', 1);
    return { log, view: view(c) };
  },
  'subclass': (L) => {
    class Counting extends L.LRUCache {
      gets = 0;
      get(k, o) { this.gets++; return super.get(k, o); }
      static tag() { return 'counting:' + super.name; }
    }
    const c = fill(new Counting({ max: 2 }), letters(3));
    return { r: [c.get('a'), c.get('b'), c.get('c')], gets: c.gets, view: view(c), tag: Counting.tag(), inst: c instanceof L.LRUCache };
  },
  'unsafeExposeInternals': (L) => {
    const c = fill(new L.LRUCache({ max: 3 }), letters(2));
    const i = L.LRUCache.unsafeExposeInternals(c);
    return { keys: Object.keys(i).sort(), head: i.head, tail: i.tail, free: i.free?.length ?? null, indexes: [...i.indexes()], isBackgroundFetch: i.isBackgroundFetch?.(1) };
  },
  'many': (L) => {
    const c = new L.LRUCache({ max: 300 });
    for (let i = 0; i < 1000; i++) c.set(i % 450, i);
    let sum = 0;
    for (let i = 0; i < 450; i++) sum += c.get(i) ?? -1;
    return { sum, size: c.size, first: [...c.keys()].slice(0, 5), last: [...c.rkeys()].slice(0, 5) };
  },
};

/** What the app keeps from the first version: caches, bound methods, a subclass. */
export function setup(L) {
  const log = [];
  const plain = new L.LRUCache({ max: 3 });
  const disposing = new L.LRUCache({
    max: 3,
    dispose: (v, k, r) => log.push(['dispose', k, v, r ?? null]),
    disposeAfter: (v, k, r) => log.push(['after', k, v, r ?? null]),
  });
  const sized = new L.LRUCache({ maxSize: 8, sizeCalculation: (v) => String(v).length });
  const fetched = new L.LRUCache({ max: 3, fetchMethod: async (k, stale) => `f:${k}:${stale ?? '-'}` });
  class Counting extends L.LRUCache {
    gets = 0;
    get(k, o) { this.gets++; return super.get(k, o); }
  }
  const counting = new Counting({ max: 2 });
  return {
    log, plain, disposing, sized, fetched, Counting, counting,
    get: plain.get.bind(plain),
    set: plain.set.bind(plain),
    entries: plain.entries,
  };
}

/** Fills `c` with `pairs` after clearing it (the instance cases leave their caches so). */
const refill = (c, pairs) => { c.clear(); return fill(c, pairs); };

export const instanceCases = {
  'old plain cache': (I) => {
    refill(I.plain, letters(4));
    const r = { view: view(I.plain), get: [I.plain.get('a'), I.plain.get('b')], peek: I.plain.peek('c'), has: I.plain.has('d') };
    I.plain.delete('c');
    r.after = view(I.plain);
    r.pop = I.plain.pop();
    r.dump = I.plain.dump();
    refill(I.plain, letters(2));
    return r;
  },
  'bound methods': (I) => {
    I.plain.clear();
    I.set('x', 1); I.set('y', 2);
    const r = { get: [I.get('x'), I.get('zz')], entries: [...I.entries.call(I.plain)], view: view(I.plain) };
    refill(I.plain, letters(2));
    return r;
  },
  'old disposing cache': (I) => {
    I.disposing.clear();
    I.log.length = 0;
    fill(I.disposing, letters(5));
    I.disposing.set('e', 50);
    I.disposing.delete('d');
    const r = { log: [...I.log], view: view(I.disposing) };
    I.disposing.clear();
    I.log.length = 0;
    return r;
  },
  'old sized cache': (I) => {
    refill(I.sized, [['a', 1], ['b', 'xyz'], ['c', 'long value'], ['d', 12]]);
    const r = { view: view(I.sized), info: I.sized.info?.('d') ?? null };
    I.sized.clear();
    return r;
  },
  'old fetching cache': async (I) => {
    I.fetched.clear();
    const r = [await I.fetched.fetch('a'), await I.fetched.fetch('a'), await I.fetched.fetch('a', { forceRefresh: true }), view(I.fetched)];
    I.fetched.clear();
    return r;
  },
  'subclass made at start': (I) => {
    refill(I.counting, letters(3));
    I.counting.gets = 0;
    const r = { r: [I.counting.get('a'), I.counting.get('c')], gets: I.counting.gets, view: view(I.counting) };
    const fresh = fill(new I.Counting({ max: 2 }), letters(3));
    r.fresh = { r: fresh.get('c'), gets: fresh.gets, view: view(fresh) };
    return r;
  },
};
