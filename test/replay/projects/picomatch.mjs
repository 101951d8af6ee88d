// picomatch: the glob matcher (micromatch's, chokidar's, fast-glob's), a CommonJS library in
// five files under `lib/` that `require` each other without extensions (`require('./utils')`).
// What it is made of, unlike the other replays: a factory — `picomatch(glob, options)` is a
// top-level arrow that returns a `matcher` closure (over the compiled regex, the state, an
// `isIgnored` matcher it made, the `onMatch`/`onResult`/`onIgnore` callbacks), so what a
// program holds is mostly closures made inside a function; methods assigned to that function
// (`picomatch.test = (…) => …`, `.isMatch`, `.makeRe`, `.scan`, `.parse`, `.compileRe`,
// `.toRegex`, `.constants`); `utils.js`, an object of functions built by `exports.x = …`
// statements; `constants.js`, a `module.exports = { … }` literal with methods
// (`globChars(win32)`, `extglobChars(chars)`); `parse.js`, one ~1,000-line function with ~20
// closures inside (`push`, `consume`, `peek`, `increment`, …) made per call, and a
// `parse.fastpaths` property. From 3.0.0 `index.js` is no longer `module.exports =
// require('./lib/picomatch')` but a wrapper function of its own that fills in `windows`
// (module.exports becomes another function; `posix.js` is not replayed).
//
// Window: 2.0.0 → 4.0.7 (26 versions; 2.0.1, 2.0.3, 3.0.1 and 4.0.1 ship the files of the
// version before: 21 steps). 2.3.2 and 3.0.2 are left out: backports of 4.0.4's fixes
// published with it, which in version order would undo and redo the same edits. No
// dependencies.
export default {
  name: 'picomatch',
  kind: 'CommonJS factory: a top-level arrow returning matcher closures, methods assigned to that function, an object of exports.x = … functions, a parser function full of closures, module.exports becoming another function',
  type: 'commonjs',
  source: {
    type: 'npm',
    package: 'picomatch',
    include: (rel) => rel === 'index.js' || /^lib\/[a-z]+\.js$/.test(rel),
  },
  entry: 'index.js',
  windows: {
    // CI: 2.2.x → 2.3.x (parse changes), the wrapper function of 3.0.0, 4.0.0.
    short: ['2.2.3', '2.3.1', '3.0.0', '4.0.0'],
    long: [
      '2.0.0', '2.0.1', '2.0.2', '2.0.3', '2.0.4', '2.0.5', '2.0.6', '2.0.7', '2.1.0', '2.1.1',
      '2.2.0', '2.2.1', '2.2.2', '2.2.3', '2.3.0', '2.3.1', '3.0.0', '3.0.1', '4.0.0', '4.0.1', '4.0.2', '4.0.3', '4.0.4', '4.0.5', '4.0.6', '4.0.7',
    ],
  },
  probe: new URL('./picomatch.probe.mjs', import.meta.url),
};
