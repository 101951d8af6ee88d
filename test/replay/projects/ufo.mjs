// ufo: URL utilities of the unjs ecosystem, one bundled ES module (`dist/index.mjs`, ~390–645
// lines): ~40–55 exported functions calling each other (`withQuery` → `parseURL` →
// `hasProtocol` → module-level regular expressions), a vendored punycode (`toASCII`, minified
// `const`/`function` helpers at top level), tables of regular expressions (`HASH_RE`,
// `PLUS_RE`, `PROTOCOL_REGEX`, … renamed, added and rewritten from one release to the next), a
// `Symbol.for('ufo:protocolRelative')` key that `parseURL` sets and `stringifyParsedURL` reads
// (1.4), a class `$URL` with getters (moved to the end of the file in 1.4, deprecated, its
// constructor's assignments become class fields in 1.6), `parseQuery` building its result with
// a constructor made by a top-level IIFE (`EmptyObject`, 1.6.0–1.6.1 only). What a program
// holds is the namespace, functions copied from it (`const { joinURL } = ufo`), closures over
// them and `$URL` objects made at start.
//
// Window: 0.7.1 → 1.6.4, the last 38 releases, each shipping `dist/index.mjs` (its CommonJS
// twin became `.cjs` at 0.7.11; 0.7.2 ships 0.7.1's file: 35 steps). Names arrive over the
// window (`decodePath` 0.7.3, `withProtocol`, `withHttp(s)`, `withoutProtocol` 0.8.2,
// `isEqual` 0.8.4, `decodeQueryKey`, `isScriptProtocol`, `parseFilename` 1.2.0,
// `withFragment`, `withoutFragment` 1.4.0, `joinRelativeURL`, `withoutHost` 1.5.0,
// `filterQuery` 1.6.0): the probe asks them in cases of their own, which the start namespace
// lacks (counted apart). Releases whose file did not change are dropped by the replay. No
// dependencies.
export default {
  name: 'ufo',
  kind: 'one bundled ES module of ~50 URL functions calling each other, regexp tables and a vendored punycode at top level, a class $URL with getters (class fields from 1.6)',
  source: {
    type: 'npm',
    package: 'ufo',
    root: 'dist',
    include: (rel) => rel === 'index.mjs',
  },
  entry: 'index.mjs',
  windows: {
    // CI: 1.4.0 moves `$URL` below `parseURL`, rewrites `resolveURL` without it, adds the
    // protocol-relative symbol and `withFragment`; 1.5.0 adds `joinRelativeURL`, `withoutHost`
    // and rewrites `withoutTrailingSlash`.
    short: ['1.3.2', '1.4.0', '1.5.0'],
    long: [
      '0.7.1', '0.7.2', '0.7.3', '0.7.4', '0.7.5', '0.7.6', '0.7.7', '0.7.8', '0.7.9', '0.7.10',
      '0.7.11', '0.8.0', '0.8.1', '0.8.2', '0.8.3', '0.8.4', '0.8.5', '0.8.6', '1.0.0', '1.0.1',
      '1.1.0', '1.1.1', '1.1.2', '1.2.0', '1.3.0', '1.3.1', '1.3.2', '1.4.0', '1.5.0', '1.5.1',
      '1.5.2', '1.5.3', '1.5.4', '1.6.0', '1.6.1', '1.6.2', '1.6.3', '1.6.4',
    ],
  },
  probe: new URL('./ufo.probe.mjs', import.meta.url),
};
