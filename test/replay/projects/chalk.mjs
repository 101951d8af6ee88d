// chalk: terminal styling, ESM (`source/index.js`, `source/utilities.js`, and the vendored
// `ansi-styles` and `supports-color` reached through the package's `imports` map,
// `#ansi-styles`/`#supports-color`). Everything is made by closures at load: a factory
// (`createChalk`, `chalkFactory`) returning a function whose prototype is set by hand, a
// table of getters (`styles`) built by a loop over ansi-styles' colors, installed with
// `Object.defineProperties` on `createChalk.prototype` and on a `proto` function; each getter
// makes a builder (an arrow with `Object.setPrototypeOf(builder, proto)`) and caches it on its
// receiver with `Object.defineProperty`. What a program holds is the default `chalk`, instances
// (`new Chalk({level})`, whose constructor returns the factory's function) and chains made at
// start (`const warn = chalk.yellow.bold`): builders made by the first version's closures.
//
// Window: 5.0.0 → 5.6.2 (5.0.1 and 5.6.2 ship the files of the version before them: 10
// steps; 5.6.1 was unpublished). 5.1.0 adds the exports `modifiers`, `foregroundColors`, …
// (computed in index.js), 5.2.0 moves them to ansi-styles as `modifierNames`, … re-exported
// (names the start namespace lacks: counted apart), later versions add styles (`overline`,
// `gray`/`bgGray` aliases) and reorder code. No dependencies. The default `chalk`'s level is
// detected from the process's environment and stdout (the same in every replay process);
// the probe sets levels explicitly on its own instances.
export default {
  name: 'chalk',
  kind: 'ESM factory: getters built by a loop and installed with Object.defineProperties, builders made by closures with a hand-set prototype, a subpath `imports` map',
  source: {
    type: 'npm',
    package: 'chalk',
    root: 'source',
    include: (rel) => rel.endsWith('.js'),
  },
  packageJson: {
    imports: {
      '#ansi-styles': './lib/vendor/ansi-styles/index.js',
      '#supports-color': { node: './lib/vendor/supports-color/index.js', default: './lib/vendor/supports-color/browser.js' },
    },
  },
  entry: 'index.js',
  windows: {
    // CI: the lists exported (5.1.0, then re-exported from ansi-styles in 5.2.0), then 5.6.0.
    short: ['5.0.1', '5.2.0', '5.6.0'],
    long: ['5.0.0', '5.0.1', '5.1.0', '5.1.1', '5.1.2', '5.2.0', '5.3.0', '5.4.0', '5.4.1', '5.5.0', '5.6.0', '5.6.2'],
  },
  probe: new URL('./chalk.probe.mjs', import.meta.url),
};
