// commander: the command-line parser, a CommonJS library in six files (`index.js` and
// `lib/{command,option,argument,help,error,suggestSimilar}.js`, the split since 8.0.0-1) that
// `require` each other (`const { Option } = require('./option.js')`) and export with
// `exports.X = X`. Classes: `Command extends EventEmitter` (a ~2,000-line class whose
// constructor sets ~40 fields, more in most versions), `Option`, `Argument`, `Help`,
// `CommanderError extends Error` and `InvalidArgumentError extends CommanderError`. Up to 11.x
// `index.js` exports the program itself (`exports = module.exports = new Command()`, the
// classes as its properties); from 12.0.0 a plain object (`exports.program = new Command()`).
//
// The app's package.json declares no "type" (`untyped`): as in most CommonJS programs, Node
// hands the `.js` files to the load hook with no format and decides after it, from their
// syntax (loader/hooks.ts `afterLoadUntyped`). The package's own package.json says
// "commonjs"; the replay copies only the `.js` files.
//
// Window: 8.0.0-1 (the first with `lib/`) → 14.0.3 (15.0.0 is an ES module package), the
// prereleases included, 30 versions; 8.0.0, 9.0.0, 12.0.0 and 14.0.3 ship the files of the
// version before (dropped): 25 steps. No dependencies.
export default {
  name: 'commander',
  kind: 'CommonJS in a package with no "type": a large class extending EventEmitter, Error subclasses, a module.exports that was an instance and became a plain object',
  type: 'commonjs',
  untyped: true,
  source: {
    type: 'npm',
    package: 'commander',
    include: (rel) => rel === 'index.js' || /^lib\/[A-Za-z]+\.js$/.test(rel),
  },
  entry: 'index.js',
  windows: {
    // CI: conflicts/implies and env options (9.x → 10.0.0), the exports object that stops
    // being the program (12.0.0), state saved and restored around parse (13.0.0).
    short: ['10.0.0', '11.1.0', '12.0.0', '13.0.0'],
    long: [
      '8.0.0-1', '8.0.0-2', '8.0.0', '8.1.0', '8.2.0', '8.3.0', '9.0.0-0', '9.0.0-1', '9.0.0',
      '9.1.0', '9.2.0', '9.3.0', '9.4.0', '9.4.1', '9.5.0', '10.0.0', '10.0.1', '11.0.0', '11.1.0',
      '12.0.0-0', '12.0.0-1', '12.0.0', '12.1.0', '13.0.0-0', '13.0.0', '13.1.0', '14.0.0',
      '14.0.1', '14.0.2', '14.0.3',
    ],
  },
  probe: new URL('./commander.probe.mjs', import.meta.url),
};
