// path-to-regexp 4–6: the route-path compiler under Express 4 and many routers, CommonJS
// compiled from TypeScript to ES5 (`dist/index.js`, one file of ~370–430 lines, `var`s and
// `function` declarations, `exports.x = x` after each). In it: `lexer` (6.0: a token list) and
// `parse` turning a path into strings and key objects (`{ name, prefix, suffix, pattern,
// modifier }`), `tokensToFunction` returning a compiler closure over the tokens' regexps and the
// `encode`/`validate` options, `regexpToFunction` returning a matcher closure over a regexp,
// its keys and `decode` (with a `_loop_1` helper TypeScript made from a `for` with a closure),
// `tokensToRegexp`/`pathToRegexp` (strings, arrays of paths, RegExps filling a keys array),
// `compile` and `match` chaining them. What a program holds after start is those closures:
// matchers and compilers made once for its routes.
//
// Window: 4.0.1 → 6.3.0, the run of versions exporting the same seven functions (`parse`,
// `compile`, `tokensToFunction`, `match`, `regexpToFunction`, `tokensToRegexp`,
// `pathToRegexp`; 4.0.0 spells `tokensToRegExp`, 7.0.0 is another API). 4.x also exports
// `normalizePathname` (gone in 5.0.0: the probe asks for it behind a feature check) and parses
// with a `whitelist`; 5.0.0 rewrites the parser; 6.0.0 adds `{…}` groups with modifiers and
// `prefixes`; 6.2.0 drops the `.spec.js` files and declares the exports at the top
// (`exports.pathToRegexp = exports.tokensToRegexp = … = void 0`); 6.3.0 (the backtracking
// fix) rejects parameters next to each other in one segment; 6.2.2 ships 6.2.1's file (dropped):
// 11 versions, 9 steps. No dependencies.
//
// What differs from a fresh process (Node 24, first run): calls from 6.2.0 on. 6.2.0's new
// first statement `exports.pathToRegexp = exports.tokensToRegexp = … = exports.parse = void 0;`
// runs, the unchanged `exports.parse = parse;` statements after each function do not: the
// exports object the program holds has `undefined` for all seven names (held copies are
// fine; not noted). 4.0.5 → 5.0.0 removes `normalizePathname` and its export: the key stays
// (the file names `exports` in `Object.defineProperty(exports, "__esModule", …)`, so its
// exported keys are not known) and calling it, or a copy taken at start, overflows the stack
// (namespace shape: apart). Old instances: matchers and compilers made at start keep their
// regexps and keys of the first version while their bodies are the new ones (5.0.0 on).
export default {
  name: 'path-to-regexp-6',
  kind: 'CommonJS (TypeScript to ES5) in one file: a tokenizer, matcher and compiler closures made by factories over regexps and options, `exports.x = x` statements',
  type: 'commonjs',
  source: {
    type: 'npm',
    package: 'path-to-regexp',
    root: 'dist',
    include: (rel) => rel === 'index.js',
  },
  entry: 'index.js',
  windows: {
    // CI: 6.1.0 → the exports declared at the top and the spec files dropped (6.2.0) → the
    // backtracking fix (6.3.0: adjacent parameters rejected, a changed key regexp).
    short: ['6.1.0', '6.2.0', '6.3.0'],
    long: ['4.0.1', '4.0.3', '4.0.4', '4.0.5', '5.0.0', '6.0.0', '6.1.0', '6.2.0', '6.2.1', '6.2.2', '6.3.0'],
  },
  probe: new URL('./path-to-regexp-6.probe.mjs', import.meta.url),
};
