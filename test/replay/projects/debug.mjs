// debug: the logging library, CommonJS in four files (`src/index.js` picks `node.js` or
// `browser.js`; `src/common.js` exports `setup(env)`, which node.js calls once at load:
// `module.exports = require('./common')(exports)`). Everything a program uses is made inside
// that one call: `createDebug` and its helpers (`enable`, `enabled`, `coerce`, `selectColor`,
// …) are closures of `setup`, assigned as properties of `createDebug` by statements of its
// body, and every debugger is a closure of `createDebug` (`function debug(...args)`) carrying
// properties and, from 4.2.0, an `enabled` accessor over its own captured variables. node.js
// adds `formatters.o`/`.O` (`this.inspectOpts`) after the call and builds `inspectOpts` from
// the environment (`DEBUG_*`: none in the replay processes). What a program holds is the
// exported function (`const debug = require('debug')`) and debuggers made at start.
//
// Window: 4.0.0 → 4.4.3 (4.0.1, 4.3.7 and 4.4.3 ship the files of the version before them: 13
// steps). 4.2.0 drops the instances list for the cached `enabled` getter, 4.3.x adds
// `destroy` and `namespaces`, 4.3.5 replaces the regular expressions of `enable` with
// `matchesTemplate`, a new function of `setup` the others call. Dependency: `ms` 2.1.3
// pinned (`createDebug.humanize = require('ms')`); `supports-color` is not installed (its
// `require` in a `try` fails, as in most programs).
export default {
  name: 'debug',
  kind: 'CommonJS factory: helpers and debuggers made as closures of one setup(env) call at load, properties assigned by its body, an enabled accessor per debugger',
  type: 'commonjs',
  source: {
    type: 'npm',
    package: 'debug',
    root: 'src',
    include: (rel) => /^[a-z]+\.js$/.test(rel),
  },
  deps: { ms: '2.1.3' },
  entry: 'index.js',
  windows: {
    // CI: the instances list becomes a cached getter (4.2.0), enable's regular expressions
    // become matchesTemplate (4.3.5).
    short: ['4.1.1', '4.3.4', '4.3.5'],
    long: ['4.0.0', '4.0.1', '4.1.0', '4.1.1', '4.2.0', '4.3.0', '4.3.1', '4.3.2', '4.3.3', '4.3.4', '4.3.5', '4.3.6', '4.3.7', '4.4.0', '4.4.1', '4.4.3'],
  },
  probe: new URL('./debug.probe.mjs', import.meta.url),
};
