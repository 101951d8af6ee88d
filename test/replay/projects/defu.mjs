// defu: recursive default assignment of the unjs ecosystem, one bundled ES module
// (`dist/defu.mjs`, 47–69 lines) built on the factory-closure pattern: a factory
// (`extend(merger)` up to 5.x, `createDefu(merger)` from 6.0) returns an arrow closing over
// its `merger`, and the module's own functions are made by calling it at top level — `const
// defu = extend()` with `defu.fn = extend((obj, key, value) => …)`, `defu.arrayFn` and
// `defu.extend = extend` assigned to it as properties (4.x–5.x), then `defu`, `defuFn`,
// `defuArrayFn` as separate `const`s exported by name (6.0). The private helpers change under
// the closures: `isObject` becomes `_isPlainObject` (6.1.3) then `isPlainObject`, hoisted to
// the top with another body (6.1.4); `for…in` becomes `Object.keys` (6.1.5); array merging
// flips its order (6.0). What a program holds is `defu` (the default export), the functions
// it took from it, and its own mergers made with the factory at start.
//
// Window: 4.0.0 → 6.1.7, every release shipping `dist/defu.mjs` (14 versions, 9 different
// files: 8 steps). 4.x–5.x export only `default`; 6.0 adds `createDefu`, `defu`, `defuFn`,
// `defuArrayFn`, which a namespace made at 4.0.0 lacks (their cases are counted apart), and
// drops the properties of `default` that 5.x assigned (`fn`, `arrayFn`, `extend`). 5.0.1
// changes only `export default defu` into `export { defu as default }` (a re-import: exports
// changed). The short window stays inside 6.1 (every name present at start). No dependencies.
export default {
  name: 'defu',
  kind: 'ESM factory closures: a factory returning a merging closure over its merger, called at top level to make the exports (properties of the default export up to 5.x, named consts from 6.0)',
  source: {
    type: 'npm',
    package: 'defu',
    root: 'dist',
    include: (rel) => rel === 'defu.mjs',
  },
  entry: 'defu.mjs',
  windows: {
    // CI: the plain-object test rewritten (6.1.3, `_isPlainObject` after its callers) and
    // replaced by a hoisted `isPlainObject` with another body (6.1.4).
    short: ['6.1.2', '6.1.3', '6.1.4'],
    long: [
      '4.0.0', '4.0.1', '5.0.0', '5.0.1', '6.0.0', '6.0.1', '6.1.0', '6.1.1', '6.1.2', '6.1.3',
      '6.1.4', '6.1.5', '6.1.6', '6.1.7',
    ],
  },
  probe: new URL('./defu.probe.mjs', import.meta.url),
};
