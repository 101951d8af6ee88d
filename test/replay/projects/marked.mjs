// marked: a markdown parser, ESM, replayed as published: `lib/marked.esm.js`, ONE bundled
// module of ~2,200–2,950 lines (the `src/` files shipped in 5.x are left out: the bundle is
// what a program imports). In it: the classes `Tokenizer`, `Lexer`, `Parser`, `Renderer`,
// `TextRenderer`, `Hooks`, `Slugger` (gone in 8.0.0) and `Marked` (instance fields that are
// closures made by a `#private` method: `parse = this.#parseMarkdown(…)`, statics, getters),
// the regexp tables `block`/`inline` built at top level by `edit(…).replace(…).getRegex()`
// chains (values derived from other top-level values; split into ~60 `const`s in 12.0.0,
// `other` in 15.0.0), global defaults (`let _defaults`, `changeDefaults`), the default
// instance `markedInstance` (5.1.0 on) and the function `marked` with properties assigned to
// it (`marked.use = function …`, `marked.parse = marked`), exported again as `const`s.
//
// The build changed shape twice: Rollup's class declarations (5.x), esbuild's
// `var _Lexer = class { … }` with `#private` methods down-levelled to WeakSets and
// `__privateMethod` helpers (6.0.0–7.0.5), then Rollup again with `class _Lexer` (8.0.0 on).
// Renderer methods take positional arguments up to 14.x and tokens from 15.0.0 (13.x–14.x:
// both, by `useNewRenderer`).
//
// Window: 5.1.0 (the first with `Marked`, so a program can make instances at start) to
// 15.0.12: every minor and major, the patches that change the lexer or the build, 34
// versions (5.1.1, 7.0.1–7.0.4, 9.0.1–9.0.2, 9.1.1–9.1.5, 12.0.1, 13.0.1–13.0.2,
// 14.1.1–14.1.3, and 15.0.x patches between those listed are left out: small fixes of the
// same kind). No dependencies.
//
// What stays apart from a fresh process, by the contract: 6.0.0 changes the default instance's
// declaration (`const markedInstance = new Marked(defaults)` → `new Marked()`), which is
// evaluated again (docs/design.md §2.3): the extension the program `use`d on the old one at
// start is not on the new one (a fresh process's setup `use`s its own), so `marked`, `parse`
// and `marked.parse` differ from 6.0.0 on; and `_defaults` keeps the object that `use` made at
// start with the first version's keys (`baseUrl`, …; `defaults` differs from 8.0.0, whose
// `getDefaults` drops them). Old instances: the `Lexer` made at start holds the first
// version's rule tables (`this.tokenizer.rules`), which 11.0.0 and 12.0.0 rebuild as other
// objects; the `Parser` made at start has a renderer without the `parser` that 13.0.0's
// constructor sets.
export default {
  name: 'marked',
  kind: 'one bundled ES module: classes with #private methods and closure-valued fields, regexp tables derived at top level, a default instance, a function with assigned properties',
  source: {
    type: 'npm',
    package: 'marked',
    root: 'lib',
    include: (rel) => rel === 'marked.esm.js',
  },
  entry: 'marked.esm.js',
  windows: {
    // CI: positional renderer methods (14.1.4) → renderers taking tokens and the `other`
    // regexp table (15.0.0) → 15.0.12.
    short: ['14.1.4', '15.0.0', '15.0.12'],
    long: [
      '5.1.0', '5.1.2', '6.0.0', '7.0.0', '7.0.5', '8.0.0', '8.0.1', '9.0.0', '9.0.3', '9.1.0',
      '9.1.6', '10.0.0', '11.0.0', '11.0.1', '11.1.0', '11.1.1', '11.2.0', '12.0.0', '12.0.2',
      '13.0.0', '13.0.3', '14.0.0', '14.1.0', '14.1.4', '15.0.0', '15.0.1', '15.0.3', '15.0.4',
      '15.0.6', '15.0.7', '15.0.8', '15.0.10', '15.0.11', '15.0.12',
    ],
  },
  probe: new URL('./marked.probe.mjs', import.meta.url),
};
