// The quick-lru probe. `L` is the namespace of index.js: `{ default: QuickLRU }`. Every case
// builds its caches from fixed inputs and returns what they say; no `maxAge` (it reads the
// clock: `expiresIn` is asked only of entries without one). A version that lacks a method
// throws, and that is the result.
//
// `setup` makes what a program keeps from the first version: caches (one with onEviction),
// methods bound to one, and a subclass declared at start; every instance case clears its
// cache first and leaves it filled the same way, so the probe can run twice.

/** Runs each `[label, fn]`, a throw as `{ threw: 'Name: message' }`. */
function each(rows) {
  const out = {};
  for (const [label, fn] of rows) {
    try {
      out[label] = fn();
    } catch (e) {
      out[label] = { threw: `${e?.name}: ${e?.message}` };
    }
  }
  return out;
}

/** What a cache says about itself (each part caught: an old instance may lack what it reads). */
const view = (c) => each([
  ['entries', () => [...c]],
  ['keys', () => [...c.keys()]],
  ['values', () => [...c.values()]],
  ['asc', () => [...c.entriesAscending()]],
  ['desc', () => [...c.entriesDescending()]],
  ['size', () => c.size],
  ['maxSize', () => c.maxSize],
  ['string', () => String(c)],
]);

const fill = (c, pairs) => { for (const [k, v] of pairs) c.set(k, v); return c; };
const letters = (n, from = 0) => Array.from({ length: n }, (_, i) => [String.fromCharCode(97 + from + i), i + 1]);

export const cases = {
  'class': (L) => ({
    name: L.default.name,
    length: L.default.length,
    proto: Object.getOwnPropertyNames(L.default.prototype).sort(),
    parent: Object.getPrototypeOf(L.default) === Map,
    tag: Object.prototype.toString.call(new L.default({ maxSize: 1 })),
    own: Object.keys(new L.default({ maxSize: 2 })).sort(),
  }),
  'options': (L) => each([
    ['none', () => new L.default()],
    ['zero', () => new L.default({ maxSize: 0 })],
    ['maxAge 0', () => new L.default({ maxSize: 1, maxAge: 0 })],
    ['ok', () => view(new L.default({ maxSize: 3 }))],
  ]),
  'set get evict': (L) => {
    const c = fill(new L.default({ maxSize: 3 }), letters(5));
    const out = { after: view(c) };
    out.get = [c.get('a'), c.get('c'), c.get('e'), c.get('zz')];
    out.has = [c.has('a'), c.has('c'), c.has('e'), c.has('zz')];
    out.peek = [c.peek('d'), c.peek('zz')];
    out.order = view(c);
    out.setReturns = c.set('f', 6) === c;
    out.final = view(c);
    return out;
  },
  'delete clear': (L) => {
    const c = fill(new L.default({ maxSize: 4 }), letters(6));
    const out = { del: [c.delete('b'), c.delete('e'), c.delete('e'), c.delete('zz')], view: view(c) };
    c.set('e', 50);
    out.reset = view(c);
    c.clear();
    out.cleared = view(c);
    return out;
  },
  'onEviction': (L) => {
    const log = [];
    const c = new L.default({ maxSize: 2, onEviction: (k, v) => log.push([k, v]) });
    fill(c, letters(7));
    c.get('c');
    c.set('h', 8);
    return { log, view: view(c) };
  },
  'resize': (L) => each([
    ['shrink', () => {
      const log = [];
      const c = fill(new L.default({ maxSize: 5, onEviction: (k, v) => log.push([k, v]) }), letters(5));
      c.resize(2);
      return { log, view: view(c) };
    }],
    ['grow', () => {
      const c = fill(new L.default({ maxSize: 2 }), letters(3));
      c.resize(10);
      fill(c, letters(4, 5));
      return view(c);
    }],
    ['bad', () => new L.default({ maxSize: 2 }).resize(0)],
  ]),
  'iteration helpers': (L) => {
    const c = fill(new L.default({ maxSize: 4 }), letters(6));
    const seen = [];
    c.forEach(function (v, k, self) { seen.push([k, v, self === c, this === c]); });
    c.forEach(function (v, k) { seen.push([k, v, this.t]); }, { t: 1 });
    return { seen, entries: [...c.entries()], spread: [...c] };
  },
  'later methods': (L) => each([
    ['expiresIn', () => { const c = fill(new L.default({ maxSize: 3 }), letters(2)); return [c.expiresIn('a'), c.expiresIn('zz')]; }],
    ['evict', () => {
      const log = [];
      const c = fill(new L.default({ maxSize: 5, onEviction: (k, v) => log.push([k, v]) }), letters(5));
      c.evict(2);
      c.evict();
      c.evict(0);
      return { log, view: view(c) };
    }],
    ['maxAge getter', () => new L.default({ maxSize: 3 }).maxAge],
    ['__oldCache', () => { const c = fill(new L.default({ maxSize: 2 }), letters(3)); return c.__oldCache && [...c.__oldCache.keys()]; }],
    ['inspect', () => { const c = fill(new L.default({ maxSize: 3 }), letters(2)); const f = c[Symbol.for('nodejs.util.inspect.custom')]; return f ? f.call(c) : null; }],
  ]),
  'subclass': (L) => {
    class Counting extends L.default {
      gets = 0;
      get(k) { this.gets++; return super.get(k); }
    }
    const c = fill(new Counting({ maxSize: 2 }), letters(3));
    return { r: [c.get('a'), c.get('b'), c.get('c')], gets: c.gets, view: view(c), inst: c instanceof L.default };
  },
  'many': (L) => {
    const c = new L.default({ maxSize: 100 });
    for (let i = 0; i < 500; i++) c.set(i % 170, i);
    let sum = 0;
    for (let i = 0; i < 170; i++) sum += c.get(i) ?? -1;
    return { sum, size: c.size, first: [...c.keys()].slice(0, 5) };
  },
};

/** What the app keeps from the first version: caches, bound methods, a subclass. */
export function setup(L) {
  const log = [];
  const plain = new L.default({ maxSize: 3 });
  const evicting = new L.default({ maxSize: 2, onEviction: (k, v) => log.push([k, v]) });
  class Counting extends L.default {
    gets = 0;
    get(k) { this.gets++; return super.get(k); }
  }
  const counting = new Counting({ maxSize: 2 });
  return { log, plain, evicting, Counting, counting, get: plain.get.bind(plain), set: plain.set.bind(plain) };
}

/** Fills `c` with `pairs` after clearing it (the instance cases leave their caches so). */
const refill = (c, pairs) => { c.clear(); return fill(c, pairs); };

export const instanceCases = {
  'old plain cache': (I) => each([
    ['fill', () => { refill(I.plain, letters(4)); return view(I.plain); }],
    ['get', () => [I.plain.get('a'), I.plain.get('b'), I.plain.get('d')]],
    ['peek has', () => [I.plain.peek('c'), I.plain.has('d'), I.plain.has('a')]],
    ['delete', () => [I.plain.delete('c'), view(I.plain)]],
    ['resize', () => { I.plain.resize(2); const v = view(I.plain); I.plain.resize(3); return v; }],
    ['evict', () => { refill(I.plain, letters(3)); I.plain.evict?.(1); return view(I.plain); }],
    ['refill', () => view(refill(I.plain, letters(2)))],
  ]),
  'bound methods': (I) => each([
    ['set get', () => { I.plain.clear(); I.set('x', 1); I.set('y', 2); return [I.get('x'), I.get('zz'), view(I.plain)]; }],
    ['refill', () => view(refill(I.plain, letters(2)))],
  ]),
  'old evicting cache': (I) => each([
    ['fill', () => { I.evicting.clear(); I.log.length = 0; fill(I.evicting, letters(5)); I.evicting.get('d'); return { log: [...I.log], view: view(I.evicting) }; }],
    ['clear', () => { I.evicting.clear(); I.log.length = 0; return view(I.evicting); }],
  ]),
  'subclass made at start': (I) => each([
    ['old', () => { refill(I.counting, letters(3)); I.counting.gets = 0; return { r: [I.counting.get('a'), I.counting.get('c')], gets: I.counting.gets, view: view(I.counting) }; }],
    ['fresh', () => { const f = fill(new I.Counting({ maxSize: 2 }), letters(3)); return { r: f.get('c'), gets: f.gets, view: view(f) }; }],
  ]),
};
