// mime: the MIME type table, CommonJS in four files plus two type tables: `Mime.js` (the
// `Mime` constructor: `_types` and `_extensions` tables, `define(typeMap, force)`, `getType`,
// `getExtension`), `index.js` and `lite.js`, each `module.exports = new Mime(require(
// './types/standard'), …)`: the object a program holds is an instance made at load by an
// unchanged file, from tables another file exports; `types/standard` and `types/other`
// (~200–650 types each), data regenerated from mime-db in most releases.
//
// What a program holds: the default instance (`const mime = require('mime')`), functions taken
// out of it (`const { getType } = mime`), types it `define`d on it at start, a `Mime` of its own.
//
// Window: 2.0.0 → 3.0.0, the CommonJS layout (1.x is one `mime.js`; 4.x is an ES module
// package in `dist/src/`, 12 versions: shorter). In it: `class Mime` (2.0.0–2.0.3) becomes a
// constructor function with methods on its prototype that binds `define`, `getType` and
// `getExtension` onto each instance (2.0.5), types and extensions lower-cased (2.0.5), the
// `*ext` prefix (2.2.0), `'use strict'` and `var` → `let`/`const` (2.4.x, 2.5.0); the tables
// are JSON files up to 2.4.2 (`types/standard.json`) and `module.exports = {…}` JavaScript from
// 2.4.3 (the `.json` files deleted, `require('./types/standard')` resolving to the new `.js`
// one). Versions whose files are the same as the one before are dropped (2.0.2, 2.2.2, 2.3.1,
// 2.4.6, 3.0.0: 2.6.0 → 3.0.0 changed only the package): 23 versions, 17 steps. No
// dependencies. lite.js is copied, never loaded (see the probe).
//
// What differs from a fresh process (Node 24, 2026-12; calls equal on 2 of 17 steps):
// - the default instance keeps the tables it was built from at load: index.js's
//   `module.exports = new Mime(require('./types/standard'), …)` does not run again when a
//   table file changes (2.1.0 on: new types missing, `woff2` still `application/font-woff2`),
//   and nothing notes it (the statement passes the whole required object: no member read);
//   the 2.4.3 switch from `.json` to `.js` tables loads nothing (the statement that would
//   resolve `./types/standard` anew does not run), so later table edits are `no modules';
// - Mime.js from a class to a function (2.0.5) is a re-import, noted ("references taken before
//   keep the old code"), but `module.exports = Mime;`, unchanged, does not run again: every
//   later `require('./Mime')` gives the 2.0.0 class, and Mime.js's later edits (the `*ext`
//   prefix, 2.2.0; lower-casing; binding in the constructor, 2.4.0) never reach what
//   `require` gives (not noted after 2.0.5); the constructor's new binding is noted at 2.4.0
//   and 2.5.0 for index.js's statement.
export default {
  name: 'mime',
  kind: 'CommonJS: an instance made at load by unchanged files (`module.exports = new Mime(require(…))`) from type tables in other files (JSON, then JavaScript), a class that becomes a constructor binding its methods onto instances',
  type: 'commonjs',
  source: {
    type: 'npm',
    package: 'mime',
    include: (rel) => ['Mime.js', 'index.js', 'lite.js'].includes(rel) || /^types\/(standard|other)\.js(on)?$/.test(rel),
  },
  entry: 'index.js',
  windows: {
    // CI: the tables as JavaScript (2.4.3) edited (2.4.4), then `let`/`const` in Mime.js and
    // new tables (2.5.0).
    short: ['2.4.3', '2.4.4', '2.5.0'],
    long: [
      '2.0.0', '2.0.1', '2.0.2', '2.0.3', '2.0.5', '2.1.0', '2.2.0', '2.2.1', '2.2.2', '2.3.0', '2.3.1', '2.4.0', '2.4.1',
      '2.4.2', '2.4.3', '2.4.4', '2.4.5', '2.4.6', '2.4.7', '2.5.0', '2.5.2', '2.6.0', '3.0.0',
    ],
  },
  probe: new URL('./mime.probe.mjs', import.meta.url),
};
