// quick-lru: one ES class, `QuickLRU extends Map` (one file, `index.js`, `export default`),
// an LRU cache kept as two Maps swapped when the newer fills. Up to 6.1.2 its state is public
// (`this.cache`, `this.oldCache`, `this._size`, `_set`, `_peek`: "TODO: use private class
// fields"); 7.0.0 turns all of it into `#private` fields with initializers (`#cache = new
// Map()`), `#private` methods and a private generator (`*#entriesAscending`), and adds getters
// (`maxSize`, `maxAge`, `__oldCache`); 7.1.0–7.3.0 add `expiresIn`, `evict`. What a program
// holds is the class and the caches (and a subclass) it made with the first version: old
// instances that do not carry the names a later version's code reaches on them (§3.11).
//
// Window: 6.1.0 → 7.3.0, every version (those whose index.js did not change are dropped by the
// replay). 6.0.x's class extends nothing, 6.1.0's extends Map: a class created without an
// extends clause keeps a constructor that cannot call super() (design §2.2, noted by the
// refresh), so from 6.0.x every later constructor edit (7.0.0's `#maxSize = …` among them)
// waits for a restart, and every step from 7.0.0 differs for that one known reason (the old
// constructor sets `this.maxSize`, which 7.0.0 makes a getter). Starting at 6.1.0 replays
// what this project is for: public state becoming #private names the running class gains.
// No dependencies. The probe passes no `maxAge` (it reads the clock).
export default {
  name: 'quick-lru',
  kind: 'one class extending Map: public state that becomes #private fields, methods and a generator; old instances made at start',
  source: {
    type: 'npm',
    package: 'quick-lru',
    include: (rel) => rel === 'index.js',
  },
  entry: 'index.js',
  windows: {
    // CI: the public state become #private (7.0.0), then evict (7.3.0).
    short: ['6.1.2', '7.0.0', '7.3.0'],
    long: ['6.1.0', '6.1.1', '6.1.2', '7.0.0', '7.0.1', '7.1.0', '7.2.0', '7.3.0'],
  },
  probe: new URL('./quick-lru.probe.mjs', import.meta.url),
};
