// yargs-parser: the argv parser under yargs, replayed as its published ES build (`build/lib/`,
// TypeScript compiled by tsc, four modules). `yargs-parser.js` is one class `YargsParser` whose
// constructor only stores its argument in a module-level `let mixin` (the host's `format`,
// `normalize`, `resolve`, `env`, `require`), and whose ~1,000-line `parse` method is a body of
// `const` tables (`flags`, `configuration` merged over a literal of defaults) and ~40 nested
// function declarations closing over them (`setArg`, `processValue`, `maybeCoerceNumber`,
// `setKey`, `applyCoercions`, `checkAllAliases`, `pushPositional` from 20.2.0, …);
// `tokenize-arg-string.js` splits a string into argv; `string-utils.js` has `camelCase`,
// `decamelize`, `looksLikeNumber` (20.2.0). The entry `index.js` builds ONE parser at load
// (`const parser = new YargsParser({ … })`) and exports a function `yargsParser` with
// properties assigned by statements (`yargsParser.detailed = function …`, `.camelCase`,
// `.decamelize`, `.looksLikeNumber` from 20.2.0) as its default export (22.0.0 also exports it
// as `'module.exports'`: a namespace shape difference). The probe reaches the other modules as
// entries of their own (`parser`, `strings`, `tokenize`).
//
// Window: 19.0.0 → 22.0.0, every version with `build/lib/` (18.x and before ship CommonJS
// `index.js` + `lib/`): 19.0.x, 20.2.1–20.2.3, 20.2.7, 21.0.1 and 21.1.1 ship the files before
// them and are dropped, 11 versions, 10 steps. In it: camel-case expansion of aliases only with
// a dash, `camelCase` leaving the first letter (20.0.0), `parse-positional-numbers` (20.1.0),
// `pushPositional` and `looksLikeNumber` (20.2.0), `camelCase` keeping camelCase input (20.2.5),
// `---` as a positional (20.2.6), `toLowerCase` for `toLocaleLowerCase` (20.2.9), quotes
// stripped only from string input (21.0.0: `setArg`/`processValue` gain a parameter with a
// default naming a `const` of `parse`), `unknown-options-as-args` only for dashed args (21.1.0),
// `createRequire` and the minimum Node 20 (22.0.0). `common-types.js` is deleted in 20.2.4.
//
// Calls, held functions and old instances are equal to a fresh process on every step (Node
// 24, first run); 22.0.0's `'module.exports'` export is a namespace shape difference.
export default {
  name: 'yargs-parser',
  kind: 'ES build of TypeScript: a class with one ~1,000-line method of nested closures, a module-level `let` its constructor sets, a parser built at load, a default-exported function with assigned properties',
  source: {
    type: 'npm',
    package: 'yargs-parser',
    root: 'build/lib',
    include: (rel) => /^[a-z-]+\.js$/.test(rel),
  },
  entry: { '': 'index.js', parser: 'yargs-parser.js', strings: 'string-utils.js', tokenize: 'tokenize-arg-string.js' },
  windows: {
    // CI: `---` as a positional (20.2.6) → lower-casing without locale and `looksLikeNumber`
    // rejecting `0x` prefixes differently (20.2.9) → quotes stripped only from string input
    // (21.0.0: a closure's new parameter with a default).
    short: ['20.2.6', '20.2.9', '21.0.0'],
    long: [
      '19.0.0', '19.0.1', '19.0.4', '20.0.0', '20.1.0', '20.2.0', '20.2.1', '20.2.2', '20.2.3', '20.2.4',
      '20.2.5', '20.2.6', '20.2.7', '20.2.9', '21.0.0', '21.0.1', '21.1.0', '21.1.1', '22.0.0',
    ],
  },
  probe: new URL('./yargs-parser.probe.mjs', import.meta.url),
};
