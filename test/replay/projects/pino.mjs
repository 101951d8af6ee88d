// pino: the logger, CommonJS in `pino.js` and ~14 files of `lib/`. `pino.js` exports the factory
// (`module.exports = pino`, with `pino.levels`, `pino.stdSerializers`, `pino.symbols`,
// `pino.multistream`, … assigned to it); a logger is `Object.create(proto)` where `lib/proto.js`'s
// prototype object carries getters/setters (`level`, `levelVal`, `msgPrefix`), methods
// (`child`, `bindings`, `setBindings`, `isLevelEnabled`, `flush`) and symbol-keyed methods
// (`[writeSym]`, `[setLevelSym]`) whose symbols `lib/symbols.js` makes once (`Symbol('pino.write')`);
// every level method (`info`, `warn`, …) is a closure made by `genLog` (`lib/tools.js`) when a
// level is set, and every line is built by `asJson`, a function of tools.js that reads the
// logger's symbol-keyed state (its serializers, formatters, stringifiers made by
// `fast-redact` for redaction, `mixin`). Child loggers are `Object.create(parent)`.
//
// Window: 8.5.0 → 9.14.0, the versions whose `pino.js`/`lib/*.js` change other than `lib/meta.js`
// (the version string, which every release changes): 33 versions, 32 steps. 8.9.0 adds
// `hooks.streamWrite` and the mixin's third argument, 8.14.0 a child's `msgPrefix`, 8.18.0
// `levelComparison` and `lib/constants.js` (a new file), 9.x `node:` specifiers, 9.12.0 redaction
// by `slow-redact`, 9.14.0 by `@pinojs/redact`. Before 8.5.0 meta.js reads `../package.json`
// (not among the replayed files); 7.x needs other major versions of `on-exit-leak-free`,
// `pino-abstract-transport` and `thread-stream`. The transports (`lib/transport*.js`,
// `worker*.js`) are loaded (pino.js requires them at top level) but never started: the probe
// starts no worker thread. Dependencies pinned to versions the window's releases accept (or
// only load: `thread-stream`, `sonic-boom`, `pino-std-serializers` 6's API is 7's).
//
// What a refresh cannot do, noted: 9.11.0's time.js gains `isoTimeNano`, which pino.js's
// unchanged `module.exports.stdTimeFunctions = Object.assign({}, time)` copied at load
// (pino.js:228:1, noted with the key its copy lacks). Loggers made at start by 8.5.0's `pino()`
// lack the symbol-keyed state newer bodies set on each logger (`[levelCompSym]`, 8.18.0): their
// level methods then throw (old instances, apart; noted at lib/pino.js:169:5).
export default {
  name: 'pino',
  kind: 'CommonJS logger: a factory making loggers from a prototype object with symbol-keyed methods and getters, level methods made as closures by genLog, child loggers by Object.create, serializers, redaction by fast-redact',
  type: 'commonjs',
  source: {
    type: 'npm',
    package: 'pino',
    include: (rel) => rel === 'pino.js' || /^lib\/[a-z-]+\.js$/.test(rel),
  },
  deps: {
    'atomic-sleep': '1.0.0', 'fast-redact': '3.5.0', 'on-exit-leak-free': '2.1.2', 'pino-abstract-transport': '1.2.0',
    'pino-std-serializers': '6.2.2', 'process-warning': '3.0.0', 'quick-format-unescaped': '4.0.4', 'real-require': '0.2.0',
    'safe-stable-stringify': '2.5.0', 'sonic-boom': '3.8.1', 'thread-stream': '2.7.0', 'slow-redact': '0.3.2',
    '@pinojs/redact': '0.4.0',
  },
  entry: 'pino.js',
  windows: {
    // CI: a child's msgPrefix and onChild (8.14.0), 8.18.0's re-imports (levels.js, pino.js: a
    // new top-level function each, lib/constants.js added, proto.js's prototype literal
    // evaluated again with its EventEmitter prototype), 9.3.0's `node:` specifiers and
    // proto.js's new symbols.
    short: ['8.14.0', '8.18.0', '9.3.0'],
    long: [
      '8.5.0', '8.6.1', '8.7.0', '8.8.0', '8.9.0', '8.10.0', '8.11.0', '8.14.0', '8.14.2', '8.15.0', '8.15.1',
      '8.15.3', '8.16.0', '8.16.1', '8.18.0', '8.19.0', '8.20.0', '8.21.0', '9.1.0', '9.2.0', '9.3.0', '9.3.2',
      '9.5.0', '9.6.0', '9.7.0', '9.8.0', '9.9.0', '9.9.2', '9.10.0', '9.11.0', '9.12.0', '9.13.0', '9.14.0',
    ],
  },
  probe: new URL('./pino.probe.mjs', import.meta.url),
};
