// minimatch: glob matching, replayed as published: the ES build of TypeScript, `index.js`
// (~850–1,350 lines) and from 7.4 its small modules (`escape.js`, `unescape.js`,
// `brace-expressions.js`: a POSIX class parser with its tables, `assert-valid-pattern.js`,
// and from 8.0.0 `ast.js`, the class `AST` parsing extglobs into a tree with `#private`
// fields and static methods). In `index.js`: `minimatch`, an arrow exported as a `const` with
// the module's other functions assigned to it as properties by statements (`minimatch.sep =
// sep`, `minimatch.Minimatch = Minimatch`, …), `defaults(def)` making a new minimatch
// function with a `Minimatch` subclass declared inside it (`class Minimatch extends orig.
// Minimatch`), `filter` returning closures, module-level regexps and tables (`plTypes`,
// `charSet`, `qmarksTestNoExt…`), and the class `Minimatch` whose constructor compiles a
// pattern into `set` (regexps, strings, `GLOBSTAR`) and whose methods (`match`, `matchOne`,
// `makeRe`, the optimization passes of 7.x) read fields it set. What a program holds after
// start is `Minimatch` objects compiled by the first version, filters, `defaults` functions
// and the regexps `makeRe` made.
//
// Window: 6.0.0 (the first ES build, `dist/mjs/`) → 10.1.2, every version in between
// (`dist/esm/` from 10.0.0: `root` lists both): the longest run that imports `brace-expansion`
// under one name and form at a time that the two pinned packages satisfy — `import expand
// from 'brace-expansion'` up to 10.0.2 (pinned 2.0.1, CommonJS, a default import), `import {
// expand } from '@isaacs/brace-expansion'` in 10.0.3–10.1.2 (pinned 5.0.0); 10.1.3 imports
// `{ expand }` from `brace-expansion` 5 (another major under the first name), 11.0.0 drops
// `ast.js` for a new dependency. 5.x and 3.x are CommonJS `minimatch.js`. In it: the rewrite
// with `platform`, `windowsPathsNoEscape`, optimization levels (7.0–7.1), `escape`/`unescape`
// and POSIX classes (7.4), `AST` and extglobs parsed into it (8.0), the default export gone
// (9.0). Left out: 8.0.0 and 8.0.1 (as published, `ast.js` imports `./brace-expressions`
// without its extension, which no process can load) and the backports 9.0.6–9.0.8, published
// after 10.x, which import `{ expand }` from `brace-expansion` 5. Versions whose files are the
// same as the one before are dropped by the replay.
//
// What stays apart from a fresh process, old instances only (calls and held functions are
// equal on every step, Node 24): the `set` a `Minimatch` made at start compiled and the
// regexp `makeRe` made at start keep the first version's text (from 8.0.2 a fresh process
// compiles `*` with a `(?=.)` lookahead), by the contract; what they match is the same.
export default {
  name: 'minimatch',
  kind: 'ES build of TypeScript: a function with its helpers assigned as properties, a class compiling patterns into fields, a factory declaring a subclass, an extglob AST class with #private fields',
  source: {
    type: 'npm',
    package: 'minimatch',
    root: ['dist/esm', 'dist/mjs'],
    include: (rel) => /^[a-z_-]+\.js$/.test(rel),
  },
  deps: { 'brace-expansion': '2.0.1', '@isaacs/brace-expansion': '5.0.0' },
  entry: 'index.js',
  windows: {
    short: ['7.4.9', '8.0.2', '9.0.0'],
    long: [
      '6.0.0', '6.0.1', '6.0.2', '6.0.3', '6.0.4', '6.1.0', '6.1.1', '6.1.2', '6.1.3', '6.1.4',
      '6.1.5', '6.1.6', '6.1.7', '6.1.8', '6.1.9', '6.1.10', '6.2.0', '6.2.1', '6.2.2', '6.2.3',
      '7.0.0', '7.0.1', '7.1.0', '7.1.1', '7.1.2', '7.1.3', '7.1.4', '7.2.0', '7.3.0', '7.4.0',
      '7.4.1', '7.4.2', '7.4.3', '7.4.4', '7.4.5', '7.4.6', '7.4.7', '7.4.8', '7.4.9', '8.0.2',
      '8.0.3', '8.0.4', '8.0.5', '8.0.6', '8.0.7', '9.0.0', '9.0.1', '9.0.2', '9.0.3', '9.0.4',
      '9.0.5', '9.0.9', '10.0.0', '10.0.1', '10.0.2', '10.0.3', '10.1.0', '10.1.1', '10.1.2',
    ],
  },
  probe: new URL('./minimatch.probe.mjs', import.meta.url),
};
