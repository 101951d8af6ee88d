// nanostores: the closest to an application found on the npm registry with a long history
// of plain ES modules — module-level state (a listener queue, a global epoch), stores made
// by factories whose methods are closures, listeners and lifecycle hooks registered on them
// (`listen`, `onMount`, `onSet`): what an app's state layer does. Zero dependencies.
// (No app-like codebase with a usable history is published on npm: apps are not packages.)
export default {
  name: 'nanostores',
  kind: 'app-like: state stores, listener and lifecycle registrations (JavaScript)',
  source: {
    type: 'npm',
    package: 'nanostores',
    include: (rel) => rel.endsWith('.js') && !rel.endsWith('.test.js') && !rel.startsWith('.'),
  },
  entry: 'index.js',
  windows: {
    // CI: five releases that change atom, computed, lifecycle, task and listen-keys.
    short: ['1.2.0', '1.3.0', '1.4.0', '1.4.1', '1.4.2', '1.5.0'],
    long: [
      '0.7.0', '0.7.1', '0.7.2', '0.7.3', '0.7.4', '0.8.0', '0.8.1', '0.9.0', '0.9.1', '0.9.2',
      '0.9.3', '0.9.4', '0.9.5', '0.10.0', '0.10.1', '0.10.2', '0.10.3', '0.11.0', '0.11.2',
      '0.11.3', '0.11.4', '1.0.0', '1.0.1', '1.1.0', '1.1.1', '1.2.0', '1.3.0', '1.4.0', '1.4.1',
      '1.4.2', '1.5.0', '1.5.1', '1.5.2', '1.5.3', '1.5.4', '1.5.5',
    ],
  },
  probe: new URL('./nanostores.probe.mjs', import.meta.url),
};
