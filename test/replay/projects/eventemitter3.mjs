// eventemitter3: a CommonJS emitter written the pre-class way, one file (`index.js`): a
// constructor function, methods assigned one by one to its prototype (`EventEmitter.prototype.on
// = function on(…) {…}`), aliases copied from the prototype (`prototype.off =
// prototype.removeListener`), a private constructor function for listener records (`EE`),
// properties assigned to the exported function (`EventEmitter.prefixed = prefix`,
// `EventEmitter.EventEmitter = EventEmitter`, 1.1.0 and 2.0.1), module state computed at load
// (`var prefix = …`), and from 2.0.0 a constructor that sets what 1.x kept on the prototype
// (`this._events = new Events()`), from 3.0.0 module-private helpers the methods call
// (`addListener`, `clearEvent`). What a program holds is `module.exports` (the constructor
// itself), emitters it made, methods taken off the prototype, and its own subclasses (a
// constructor function whose prototype is `Object.create(EventEmitter.prototype)`, and a class
// that `extends` it).
//
// Window: every version whose index.js changed (1.0.0 → 3.0.0: nine; 3.0.1 → 5.0.4 ship the
// same index.js, dropped by the replay). No dependencies.
export default {
  name: 'eventemitter3',
  kind: 'CommonJS, prototype-based: methods assigned to Constructor.prototype, properties on the exported function, subclasses made at start',
  type: 'commonjs',
  source: {
    type: 'npm',
    package: 'eventemitter3',
    include: (rel) => rel === 'index.js',
  },
  entry: 'index.js',
  windows: {
    // CI: `has` and prototype checks (1.2.0), the constructor that sets `_events` and the
    // `Events` records (2.0.0), `EventEmitter.EventEmitter` (2.0.1), the helpers and the
    // listener type check (3.0.0).
    short: ['1.2.0', '2.0.0', '2.0.1', '3.0.0'],
    long: [
      '1.0.0', '1.0.1', '1.0.2', '1.0.3', '1.1.0', '1.1.1', '1.2.0', '2.0.0', '2.0.1', '2.0.2',
      '2.0.3', '3.0.0', '3.0.1', '3.1.0', '3.1.1', '3.1.2', '4.0.0', '4.0.7', '5.0.0', '5.0.4',
    ],
  },
  probe: new URL('./eventemitter3.probe.mjs', import.meta.url),
};
