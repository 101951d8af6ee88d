// path-to-regexp 7–8: the route-path compiler under Express 5 and router 2, CommonJS compiled
// from TypeScript to ES2020-ish (`dist/index.js`, one file of ~400–600 lines: `const`s,
// classes, arrows, default parameters). In it: a lexer (`lexer`, an iterator class `Iter`, then
// 8.3.0's nested `consumeUntil` closures in `parse`), `TokenData` (tokens and, from 8.0.0, the
// original path), `PathError extends TypeError` (8.3.0), `compile` returning a `path(params)`
// closure over a token function tree (`tokensToFunction`/`tokenToFunction`: arrays of
// closures), `match` returning a `match(input)` closure over a regexp, its keys and per-key
// decoder closures, `pathToRegexp` (a RegExp with `keys` in 7.x, `{ regexp, keys }` from 8.1.0,
// absent in 8.0.0), `stringify` (8.1.0). What a program holds after start is those closures:
// matchers and compilers made once for its routes.
//
// Window: 7.0.0 → 8.4.2, the versions whose exports are `TokenData`, `parse`, `compile`,
// `match` (plus `pathToRegexp` but in 8.0.0, `stringify` from 8.1.0, `PathError` from 8.3.0:
// behind feature checks); 6.x is another API (its own project, `path-to-regexp-6`), 9.0.0 is
// an ES module. 7.x keeps 6.x's modifiers (`:id?`, `:id+`, `:id(\d+)`) with a `loose` option;
// 8.0.0 drops them for `{…}` optional groups and `*name` wildcards, `trailing` and
// `delimiter` options; 8.3.0 rewrites the parser (nested closures, `PathError`); 8.4.0 adds a
// `SourceNode` class and `toRegExp`, 8.4.1 removes them again. 10 versions, 9 steps. No
// dependencies.
//
// What differs from a fresh process (Node 24, first run): 8.0.0 removes `function
// pathToRegexp` and its `exports.pathToRegexp = pathToRegexp;`: the key stays on the exports
// (the file names `exports` in `Object.defineProperty(exports, "__esModule", …)`) and calling
// it overflows the stack (namespace shape: apart). 8.1.0 declares it again and `match` calls
// it: every `match`, `pathToRegexp` call overflows the stack from then on (calls and held, also
// after the re-imports of 8.3.0 and 8.4.0; not noted). Old instances: matchers made at start
// by 7.0–7.1 read `re.keys` in 7.2.0's body (their regexp has none); compilers keep their
// token functions. The short window (8.3.0 → 8.4.1) is equal.
export default {
  name: 'path-to-regexp',
  kind: 'CommonJS (TypeScript) in one file: a lexer, TokenData and PathError classes, matcher and compiler closures made by factories over regexps, keys and decoder closures',
  type: 'commonjs',
  source: {
    type: 'npm',
    package: 'path-to-regexp',
    root: 'dist',
    include: (rel) => rel === 'index.js',
  },
  entry: 'index.js',
  windows: {
    // CI: the parser rewritten with PathError (8.3.0) → SourceNode and toRegExp (8.4.0) →
    // taken out again (8.4.1).
    short: ['8.3.0', '8.4.0', '8.4.1'],
    long: ['7.0.0', '7.1.0', '7.2.0', '8.0.0', '8.1.0', '8.2.0', '8.3.0', '8.4.0', '8.4.1', '8.4.2'],
  },
  probe: new URL('./path-to-regexp.probe.mjs', import.meta.url),
};
