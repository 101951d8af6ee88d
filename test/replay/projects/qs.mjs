// qs: the query-string parser and serializer (Express's), a CommonJS library: five files in
// `lib/` that `require` each other ('use strict', `var x = require('./x')`), each ending in
// `module.exports = …` (index.js and formats.js an object literal, parse.js and stringify.js
// a function, utils.js an object of helpers). What a CommonJS program holds after start is
// `module.exports` as `require` gave it (`const qs = require('qs')`), and functions copied
// out of it (`const { parse } = require('qs')`): the replay requires the entry (`type:
// 'commonjs'`), it does not import it.
//
// Dependencies: `side-channel` (stringify's cycle detection) from 6.10.0 on, `es-define-property`
// (utils' merge) from 6.15.3 on; pinned, each installed with its own dependencies in the cache
// (sources.mjs `npmDependency`). Versions before need neither: a link that nothing requires.
//
// Window: the 6.x line from 6.5.0 (charset, charsetSentinel and comma come after it,
// allowSparse, allowEmptyArrays, duplicates, strictDepth, throwOnLimitExceeded, WHATWG
// later still: the probe asks every option of the last version on every step, and a version
// that lacks one ignores it). Patch releases of old lines published years later (backports of
// 6.10's and 6.14's fixes: 6.5.3–6.5.5, 6.6.1–6.6.3, 6.7.3–6.7.5, 6.8.3–6.8.5, 6.9.7–6.9.9,
// 6.10.6–6.10.7, 6.11.3–6.11.4, 6.12.4–6.12.6, 6.13.2–6.13.4, 6.14.3) are left out: in
// version order they would undo and redo the same edits.
export default {
  name: 'qs',
  kind: 'CommonJS library: require, module.exports objects and functions, a dependency required from edited code',
  type: 'commonjs',
  source: {
    type: 'npm',
    package: 'qs',
    root: 'lib',
    include: (rel) => /^[a-z]+\.js$/.test(rel),
  },
  deps: { 'side-channel': '1.1.1', 'es-define-property': '1.0.1' },
  entry: 'index.js',
  windows: {
    // CI: utils.js's `exports.decode = function …` statements become `var decode = function
    // …` and one `module.exports = { … }` (6.5.2), then decode/encode take a charset (6.6.0):
    // parse.js's and stringify.js's `defaults` still hold the functions the first version's
    // `exports.x = …` made (the known divergence, see README.md); stringify's cycle detection
    // through side-channel, a new `require` of a package (6.10.0); duplicates,
    // allowEmptyArrays, option checks that throw, strictDepth (6.13.0); throwOnLimitExceeded,
    // the WHATWG format, a key added to formats.js's `module.exports` (6.16.0).
    short: ['6.5.1', '6.5.2', '6.6.0', '6.10.0', '6.13.0', '6.16.0'],
    long: [
      '6.5.0', '6.5.1', '6.5.2', '6.6.0', '6.7.0', '6.7.2', '6.8.0', '6.8.1', '6.8.2', '6.9.0',
      '6.9.1', '6.9.2', '6.9.3', '6.9.4', '6.9.5', '6.9.6', '6.10.0', '6.10.1', '6.10.2',
      '6.10.3', '6.10.4', '6.10.5', '6.11.0', '6.11.1', '6.11.2', '6.12.0', '6.12.1', '6.12.2',
      '6.12.3', '6.13.0', '6.13.1', '6.14.0', '6.14.1', '6.14.2', '6.15.0', '6.15.1', '6.15.2',
      '6.15.3', '6.16.0', '6.16.1', '6.17.0', '6.17.1',
    ],
  },
  probe: new URL('./qs.probe.mjs', import.meta.url),
};
