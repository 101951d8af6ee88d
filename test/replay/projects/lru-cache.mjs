// lru-cache: one big ES class (`LRUCache`, ~1,300–1,800 lines) whose state is ~35 `#private`
// fields, with `#private` methods, arrow functions assigned to `#private` fields in the
// constructor's helpers (`#isStale = …`, `#addItemSize = …`), private generators
// (`*#indexes`), getters, a static private field and static methods (`static #constructing`,
// `unsafeExposeInternals`), and two small module-private classes (`ZeroArray extends Array`,
// `Stack`). What a program holds after start is the class and the caches it made with the
// first version's constructor: old instances whose `#private` slots are the first version's.
//
// Replayed: the ES build as published, one file (`index.js`), plus `diagnostics-channel.js`
// (11.3.0 on: a module whose top-level `import('node:diagnostics_channel').then(…)` assigns
// its exported `let`s) and `perf.js` (11.3.6 on: `defaultPerf`, a declaration that moved out
// of index.js into an import). The build folder is `dist/mjs/` up to 10.0.1 and `dist/esm/`
// after (`root` lists both). No dependencies.
//
// Window: 8.0.0 (the first ES class with `#private` state; 7.x is a plain-property class) to
// 11.5.4. 8.x also exports `default` (the probe asks only `LRUCache`). Versions whose files
// did not change are dropped by the replay (9.1.2, 10.0.3, 10.2.1–10.2.2, 10.3.1–11.0.1, …).
export default {
  name: 'lru-cache',
  kind: 'one large class: #private fields, methods and generators, getters, statics; old instances made at start',
  source: {
    type: 'npm',
    package: 'lru-cache',
    root: ['dist/esm', 'dist/mjs'],
    include: (rel) => /^[a-z-]+\.js$/.test(rel) && !rel.endsWith('.min.js'),
  },
  entry: 'index.js',
  windows: {
    // CI: info() and the `#isStale`-style arrows grown (10.1.0), onInsert / memo / forceFetch
    // with their new `#private` fields and the `[Symbol.toStringTag]` field (11.1.0),
    // diagnostics channels (a new imported module, 11.3.0), `defaultPerf` moved to perf.js
    // (11.3.6), a public field added while the constructor sets `#perf` (11.5.0).
    short: ['10.0.2', '10.1.0', '11.1.0', '11.3.0', '11.3.6', '11.5.0'],
    long: [
      '8.0.0', '8.0.1', '8.0.2', '8.0.3', '8.0.4', '8.0.5', '9.0.0', '9.0.1', '9.0.2', '9.0.3',
      '9.1.0', '9.1.1', '9.1.2', '10.0.0', '10.0.1', '10.0.2', '10.0.3', '10.1.0', '10.2.0',
      '10.2.1', '10.2.2', '10.3.0', '10.3.1', '10.4.0', '10.4.1', '10.4.2', '10.4.3', '11.0.0',
      '11.0.1', '11.0.2', '11.1.0', '11.2.0', '11.2.1', '11.2.2', '11.2.3', '11.2.4', '11.2.5',
      '11.2.6', '11.2.7', '11.3.0', '11.3.1', '11.3.2', '11.3.3', '11.3.4', '11.3.5', '11.3.6',
      '11.4.0', '11.5.0', '11.5.1', '11.5.2', '11.5.3', '11.5.4',
    ],
  },
  probe: new URL('./lru-cache.probe.mjs', import.meta.url),
};
