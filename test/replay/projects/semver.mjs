// semver: npm's version parser, a CommonJS library in ~45 files since 7.0.0: three classes
// (`SemVer`, `Comparator`, `Range`) in `classes/`, one function a file in `functions/` and
// `ranges/` (`module.exports = gt` and the like, most of them a one-line arrow calling
// `compare`, which makes `new SemVer(…)`), and `internal/` module state: the regular
// expressions `re.js` builds at load by calling a `createToken` helper once per token (`exports.re`,
// `exports.src`, `exports.t`, a counter `R`), frozen option objects (`parse-options.js`), and a
// memo cache of parsed ranges kept by `range.js` at top level (`const cache = new LRU(…)`:
// the `lru-cache` package from 7.3.3, semver's own `internal/lrucache.js` class from 7.6.1).
// Comparator and Range require each other (a cycle: `range.js` declares its class first and
// requires below it, "hoisted class for cyclic dependency"). `index.js` is a lazy getter per
// export in 7.0.0 (`Object.defineProperty(exports, key, { get })`), then one `module.exports
// = { … }` of every function required at its top.
//
// Dependencies: `lru-cache` 6.0.0 pinned (7.3.3–7.6.0 require it; 7.3.3 asks ^4.1.5 and 7.3.6
// ^7.4.0, same API for what range.js calls: `new LRU({ max })`, get, set).
//
// Window: every 7.x version (7.0.0 → 7.8.6, 40; 7.1.0–7.1.2 and 7.2.1 ship the files of the
// version before: 36 steps). 6.x and before are one file (`semver.js`), another entry.
export default {
  name: 'semver',
  kind: 'CommonJS in ~45 files: classes SemVer/Comparator/Range in a require cycle, one function a file, regexps built at load, a memo cache of ranges at top level, lazy getters on exports (7.0.0)',
  type: 'commonjs',
  source: {
    type: 'npm',
    package: 'semver',
    include: (rel) => rel === 'index.js' || /^(classes|functions|ranges|internal)\/[a-z-]+\.js$/.test(rel),
  },
  deps: { 'lru-cache': '6.0.0' },
  entry: 'index.js',
  windows: {
    // CI: the lazy getters of index.js become a module.exports object (7.1.x → 7.2.x, and
    // 7.3.0 adds simplifyRange and subset), the lru-cache memo (7.3.5), a rewrite of diff and
    // identifierBase for inc (7.5.x), the cache becoming semver's own class (7.6.1).
    short: ['7.0.0', '7.3.0', '7.5.0', '7.6.1'],
    long: [
      '7.0.0', '7.1.0', '7.1.1', '7.1.2', '7.1.3', '7.2.0', '7.2.1', '7.2.2', '7.2.3', '7.3.0',
      '7.3.1', '7.3.2', '7.3.3', '7.3.4', '7.3.5', '7.3.6', '7.3.7', '7.3.8', '7.4.0', '7.5.0',
      '7.5.1', '7.5.2', '7.5.3', '7.5.4', '7.6.0', '7.6.1', '7.6.2', '7.6.3', '7.7.0', '7.7.1',
      '7.7.2', '7.7.3', '7.7.4', '7.8.0', '7.8.1', '7.8.2', '7.8.3', '7.8.4', '7.8.5', '7.8.6',
    ],
  },
  probe: new URL('./semver.probe.mjs', import.meta.url),
};
