// js-yaml: the YAML 1.2 parser and serializer, CommonJS in ~30 files written the pre-class
// way: constructors with methods on their prototypes (`Type`, `Schema`, `State` of the loader
// and of the dumper, `Mark` in 3.x), `YAMLException` inheriting from Error by
// `YAMLException.prototype = Object.create(Error.prototype)`, one file per YAML type
// (`module.exports = new Type('tag:yaml.org,2002:int', { … })`), schemas built at load from
// those types (`new Schema({ include, implicit, explicit })` in 3.x, `core.extend(…)` in 4.x:
// each schema file's exports is an object made by another file's code), module-level tables
// in the loader and the dumper (character classes, `ESCAPE_SEQUENCES`, `directiveHandlers`, a
// `simpleEscapeCheck` table filled by a loop at load), and a ~1,700-line loader of functions
// closing over nothing but their `state`. The exports: `index.js` is
// `module.exports = require('./lib/js-yaml.js')` in 3.x (the object a program holds is
// js-yaml.js's, filled by `module.exports.x = …` statements), and in 4.x fills its own
// `module.exports.x = …`, requiring `lib/*.js`: the 3.x files under `lib/js-yaml/` are gone
// (4.0.0 moves every file up one folder, renames `default_safe.js` to `default.js`, drops
// `default_full.js`, `mark.js` and the `js/*` types, and adds `snippet.js`).
//
// What a program holds: the exports object, functions copied from it (`const { load } =
// require('js-yaml')`), custom types and schemas made at start, errors caught at start.
//
// Window: 3.10.0 → 4.1.1 (every version in between, with the 3.14.2 and 4.1.1 backports of
// one `__proto__` fix, a new top-level `setProperty` that two edited loader functions call, in
// semver order: 13 versions, 12 steps). The 3 → 4 step is kept in one project: the refresh
// applies (index.js patched; the removed `module.exports = yaml` leaves js-yaml.js's object
// as the exports, which the new `module.exports.x = …` fill, noted), but the functions and
// schemas a program copied from the exports at start come from files that step deletes and
// keep their 3.x code (held, not noted). 4.1.0 adds `this.options = options` to Type's
// constructor: the built-in types the unchanged `lib/type/*.js` made at load with
// `module.exports = new Type(…)` keep the old fields (noted per statement). 4.2.0 and later
// are left out (the window asked ends at 4.1.x); 5.x ships no `lib/`.
export default {
  name: 'js-yaml',
  kind: 'CommonJS in ~30 files: prototype-style constructors (Type, Schema, Mark, YAMLException via Object.create(Error.prototype)), a file per YAML type, schemas built at load from other files\' types, module-level tables; 4.0.0 moves every file (lib/js-yaml/* → lib/*) and index.js stops re-exporting js-yaml.js',
  type: 'commonjs',
  source: {
    type: 'npm',
    package: 'js-yaml',
    include: (rel) => rel === 'index.js' || /^lib\/[a-z_/-]+\.js$/.test(rel),
  },
  entry: 'index.js',
  windows: {
    // CI: 4.0.0's compileList (a filter of excluded indexes) rewritten in 4.1.0 (an override
    // takes its predecessor's place), `Type#options` and the new `types` export (4.1.0), and
    // 4.1.1's `setProperty`, a new top-level function two edited loader functions call.
    short: ['4.0.0', '4.1.0', '4.1.1'],
    long: [
      '3.10.0', '3.11.0', '3.12.0', '3.12.1', '3.12.2', '3.13.0', '3.13.1', '3.14.0', '3.14.1', '3.14.2',
      '4.0.0', '4.1.0', '4.1.1',
    ],
  },
  probe: new URL('./js-yaml.probe.mjs', import.meta.url),
};
