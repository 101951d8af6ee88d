// yaml (eemeli/yaml, v2): a YAML 1.1/1.2 library, replayed as published in its ES module tree
// `browser/dist/` (~72 modules, every import with its `.js`; `dist/` is the CommonJS build).
// In it: a three-stage pipeline of classes — `Lexer` (a generator `lex` yielding source
// tokens, its state in fields), `Parser` (a generator `parse` over the lexer's tokens, a stack
// of CST nodes, an `onNewLine` callback given to its constructor), `Composer` (a generator
// `compose` building `Document`s from CST tokens, keeping errors, warnings and a prelude
// between calls) —, the node classes (`NodeBase`, `Collection` → `YAMLMap`, `YAMLSeq`,
// `Scalar`, `Alias`, `Pair`) identified by symbol-keyed `NODE_TYPE` properties, `Document`
// (`contents`, `errors`, `warnings`, a `Schema` and `Directives` of its own, `get`/`set`/
// `setIn`/`toJS`/`toString`), `Schema` built from tag tables (`schema/tags.js`: the core,
// json, failsafe and yaml-1.1 tags, each an object literal of `identify`/`resolve`/`stringify`
// functions, `YAMLOMap`/`YAMLSet` classes for `!!omap` and `!!set`), `YAMLError` →
// `YAMLParseError`/`YAMLWarning` with `code`, `pos` and a `linePos` filled by `prettifyError`,
// `visit`/`visitAsync` with `BREAK`/`SKIP`/`REMOVE` symbols assigned to the functions, the
// `CST` namespace (`stringify`, `visit`, token type guards), `stringify*` functions folding
// lines, tslib's helpers vendored as `node_modules/tslib/tslib.es6.js` (≤ 2.4.5). No other
// dependency. What a program holds after start: documents it parsed and edits later, parsers,
// composers and lexers made once, nodes it created, schemas and tags passed in options.
//
// Window: 2.0.0 → 2.9.1 (33 releases; prereleases left out), every one with the same 29
// names in `index.js` (the `isAlias`…`isSeq` guards move from `nodes/Node.js` to the new
// `nodes/identity.js` in 2.3.0: a re-export retargeted). Releases whose files did not change
// are dropped by the replay (2.1.1, 2.3.1, 2.4.2). Along the way: `flowCollectionPadding`
// (2.2.0), `nodes/identity.js` (2.3.0), tslib's vendored helpers gone (2.5.1), `<<` merge
// keys as a tag of their own (2.6.0: `schema/yaml-1.1/merge.js`), fixes to the composer,
// the lexer and the string folding in most releases.
//
// What stays apart from a fresh process, old instances only (calls and held functions are
// equal on every step, Node 24, 2026-12): from 2.6.0 a YAML 1.1 document parsed at start with
// `merge: true` no longer merges its `<<` keys in `toJS()` (`{ '<<': {…}, y: 3 }`): its
// `Schema`, made by the old constructor, has `merge: true` and tags without the merge tag the
// new constructor adds and the new `addPairToJSMap` looks for (noted: "the constructor of
// Schema changed").
export default {
  name: 'yaml',
  kind: 'a YAML library in ~72 ES modules: a Lexer → Parser → Composer pipeline of generator-method classes, node classes, Document, Schema built from tag tables, a visitor, errors with line positions',
  source: {
    type: 'npm',
    package: 'yaml',
    root: 'browser/dist',
    include: (rel) => rel.endsWith('.js'),
  },
  entry: 'index.js',
  windows: {
    // CI: two releases of the composer and stringifiers (2.3.4 → 2.4.0 → 2.4.1).
    short: ['2.3.4', '2.4.0', '2.4.1'],
    long: [
      '2.0.0', '2.0.1', '2.1.0', '2.1.1', '2.1.2', '2.1.3', '2.2.0', '2.2.1', '2.2.2',
      '2.3.0', '2.3.1', '2.3.2', '2.3.3', '2.3.4', '2.4.0', '2.4.1', '2.4.2', '2.4.3',
      '2.4.4', '2.4.5', '2.5.0', '2.5.1', '2.6.0', '2.6.1', '2.7.0', '2.7.1', '2.8.0',
      '2.8.1', '2.8.2', '2.8.3', '2.8.4', '2.9.0', '2.9.1',
    ],
  },
  probe: new URL('./yaml.probe.mjs', import.meta.url),
};
