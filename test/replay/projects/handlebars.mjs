// handlebars 4.x: the template engine, CommonJS as Babel 5 writes it (`dist/cjs/**/*.js`):
// `exports.__esModule = true`, `_interopRequireDefault`, `exports['default'] = …` and
// `module.exports = exports['default']` in the entry. `handlebars.runtime.js` exports
// `create()`, which makes a `HandlebarsEnvironment` (a constructor with prototype methods:
// `registerHelper`, `registerPartial`, `registerDecorator`, `log`, …) whose constructor
// registers the default helpers (`if`, `unless`, `each`, `with`, `lookup`, `log`,
// `helperMissing`, `blockHelperMissing`: a file each, `registerDefaultHelpers(instance)`)
// into the instance, and copies the runtime's names onto it (`Utils.extend(hb, base)`);
// `handlebars.js` wraps that `create()` to add `compile`/`precompile` closures over the new
// environment and the compiler's names (`Compiler`, `JavaScriptCompiler` and their
// prototype methods assigned one by one, a Jison parser of ~700 lines of tables), and makes
// the default instance at load (`var inst = create()`), the object `require` gives. 4.6.0
// adds `internal/createNewLookupObject.js` and `internal/wrapHelper.js`; 4.7.0 renames the
// first `create-new-lookup-object.js` and adds `internal/proto-access.js` (a module-level
// table of the properties it logged once); 4.7.9 removes `create-new-lookup-object.js`.
//
// What a program holds: that default instance (its properties copied at load from the first
// version's `base.js`), functions copied from it, templates compiled at start (compiled by
// handlebars at their first call), an environment made by `create()` with its own helpers
// and partials, a template from precompiled text.
//
// Window: 4.0.9 → 4.7.9 (every version in between: 39 versions, 38 steps; each changes the
// files, if only by the VERSION string in `base.js`). `precompiler.js` (the CLI's, which
// requires neo-async, fs and the source-map package) is left out: nothing the entry requires
// reaches it. `code-gen.js` requires `source-map` in a try: pinned (0.6.1, the range of the
// whole window). 4.0.0–4.0.8 left out to keep the window under 40 steps.
export default {
  name: 'handlebars',
  kind: 'CommonJS as Babel writes it (__esModule, _interopRequireDefault), prototype-style HandlebarsEnvironment, Compiler, JavaScriptCompiler, helpers registered into each environment, a default instance made by create() at load; templates compiled, an environment with helpers and partials made at start',
  type: 'commonjs',
  source: {
    type: 'npm',
    package: 'handlebars',
    include: (rel) => /^dist\/cjs\/[a-z/.-]+\.js$/i.test(rel) && rel !== 'dist/cjs/precompiler.js',
  },
  deps: {
    'source-map': '0.6.1',
  },
  entry: 'dist/cjs/handlebars.js',
  windows: {
    // CI: proto access (4.6.0: new internal modules the runtime requires, wrapHelper), a file
    // renamed and a module-level table of logged names (4.7.0).
    short: ['4.5.3', '4.6.0', '4.7.0'],
    long: [
      '4.0.9', '4.0.10', '4.0.11', '4.0.12', '4.0.13', '4.0.14', '4.1.0', '4.1.1', '4.1.2', '4.2.0',
      '4.2.1', '4.2.2', '4.3.0', '4.3.1', '4.3.2', '4.3.3', '4.3.4', '4.3.5', '4.4.0', '4.4.1',
      '4.4.2', '4.4.3', '4.4.4', '4.4.5', '4.5.0', '4.5.1', '4.5.2', '4.5.3', '4.6.0', '4.7.0',
      '4.7.1', '4.7.2', '4.7.3', '4.7.4', '4.7.5', '4.7.6', '4.7.7', '4.7.8', '4.7.9',
    ],
  },
  probe: new URL('./handlebars.probe.mjs', import.meta.url),
};
