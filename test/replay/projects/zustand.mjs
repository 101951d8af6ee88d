// zustand: a state library whose whole API is closures made by factories. `createStore`
// returns `{ setState, getState, subscribe, … }` closing over one store's state and
// listeners; every middleware is `(config, options) => (set, get, api) => …`, which wraps
// `api.setState`/`api.subscribe` with new closures (redux's `dispatch`, persist's storage
// writes and hydration, devtools' connection, subscribeWithSelector's selector listeners).
// What an app holds after start is exactly those closures: they must follow edits.
//
// Replayed: the two plain ES modules that need no React, as published in `esm/` —
// `vanilla.mjs` (createStore) and `middleware.mjs` (every middleware). Neither imports
// anything in this window. Zero dependencies.
//
// Window: 4.3.0 is the first version whose vanilla.mjs exports `createStore` by name (4.0–4.2
// export only `default`, which 5.0 drops: no one name runs through 4.0 → 5.x, and a probe
// asking `default` would count every 5.x step as a namespace-shape difference).
// Releases whose two files did not change are dropped by the replay (4.4.0–4.4.6, …).
export default {
  name: 'zustand',
  kind: 'app-like: state stores made by factories, middleware wrapping their closures (JavaScript)',
  source: {
    type: 'npm',
    package: 'zustand',
    root: 'esm',
    include: (rel) => rel === 'vanilla.mjs' || rel === 'middleware.mjs',
  },
  entry: { '': 'vanilla.mjs', middleware: 'middleware.mjs' },
  windows: {
    // CI: setState's `null` change (4.4.7), getInitialState (4.5.0), persist's migration
    // tuple (4.5.5), v5 (destroy and persist's old implementation gone, its factory renamed),
    // persist's setState returning the storage's answer (5.0.8).
    short: ['4.4.6', '4.4.7', '4.5.0', '4.5.5', '5.0.0', '5.0.8'],
    long: [
      '4.3.0', '4.3.1', '4.3.2', '4.3.3', '4.3.4', '4.3.5', '4.3.6', '4.3.7', '4.3.8', '4.3.9',
      '4.4.0', '4.4.1', '4.4.2', '4.4.3', '4.4.4', '4.4.5', '4.4.6', '4.4.7', '4.5.0', '4.5.1',
      '4.5.2', '4.5.3', '4.5.4', '4.5.5', '4.5.6', '4.5.7', '5.0.0', '5.0.1', '5.0.2', '5.0.3',
      '5.0.4', '5.0.5', '5.0.6', '5.0.7', '5.0.8', '5.0.9', '5.0.10', '5.0.11', '5.0.12',
      '5.0.13', '5.0.14', '5.0.15', '5.0.16', '5.1.0',
    ],
  },
  probe: new URL('./zustand.probe.mjs', import.meta.url),
};
