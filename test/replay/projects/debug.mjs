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
// steps). 4.1.0's `disable` calls `toNamespace`, a new function of `setup`; 4.3.0 drops the
// instances list for an `enabled` accessor per debugger (cached from 4.3.2), moves `destroy`
// and sets `createDebug.destroy` in setup's body (which ran at load: the live function lacks
// it, a shape difference counted apart); 4.4.0 replaces the regular expressions of `enable`
// with `matchesTemplate`, another new function of `setup` that `enabled` calls. Debuggers made
// at start by 4.0.0 keep a data property `enabled` that the new `enable` no longer updates
// (old instances, apart). Dependency: `ms` 2.1.3
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
    // CI: the instances list becomes an `enabled` getter and `destroy` moves past `disable`
    // (4.3.0), enable's regular expressions become `matchesTemplate`, a new function of setup
    // that the old `enabled` closure now calls (4.4.0).
    short: ['4.1.1', '4.3.0', '4.4.0'],
    long: ['4.0.0', '4.0.1', '4.1.0', '4.1.1', '4.2.0', '4.3.0', '4.3.1', '4.3.2', '4.3.3', '4.3.4', '4.3.5', '4.3.6', '4.3.7', '4.4.0', '4.4.1', '4.4.3'],
  },
  probe: new URL('./debug.probe.mjs', import.meta.url),
};
