// es-toolkit: a functional utility library (and its lodash-compatible `compat` entry), as
// published: 300–770 ES modules of plain JavaScript, one function per file, re-exported by
// barrels; releases every week or two, most of them fixing behaviour of compat functions.
// Deep import graphs (compat functions wrap main ones), factories returning closures
// (`debounce`, `memoize`, `curry`), a bundler change (rollup → rolldown, 1.53) that rewrites
// every file. Zero dependencies.
const exportNames = (text) =>
  [...(text ?? '').matchAll(/export\s*\{([^}]*)\}/g)].flatMap((m) =>
    m[1].split(',').map((s) => s.trim().split(/\s+as\s+/).at(-1)).filter(Boolean));

export default {
  name: 'es-toolkit',
  kind: 'functional utility library (JavaScript, ~300–770 modules)',
  source: {
    type: 'npm',
    package: 'es-toolkit',
    root: 'dist',
    include: (rel) => rel.endsWith('.mjs'),
  },
  entry: { '': 'index.mjs', compat: 'compat/index.mjs' },
  /** Every name any step exports, per entry: the probe calls each with fixed arguments. */
  names: (history) => {
    const union = (file) => [...new Set(history.flatMap((s) => exportNames(s.files.get(file))))].sort();
    return { '': union('index.mjs'), compat: union('compat/index.mjs') };
  },
  windows: {
    // CI: three patch releases of compat fixes (67, 1 and 2 files).
    short: ['1.39.4', '1.39.5', '1.39.6', '1.39.7'],
    long: [
      '1.30.0', '1.30.1', '1.31.0', '1.32.0', '1.33.0', '1.34.0', '1.34.1', '1.35.0', '1.36.0',
      '1.37.0', '1.37.1', '1.37.2', '1.38.0', '1.39.0', '1.39.1', '1.39.2', '1.39.3', '1.39.4',
      '1.39.5', '1.39.6', '1.39.7', '1.39.8', '1.39.9', '1.39.10', '1.40.0', '1.41.0', '1.42.0',
      '1.43.0', '1.44.0', '1.45.0', '1.45.1', '1.46.0', '1.46.1', '1.47.0', '1.47.1', '1.48.0',
      '1.48.1', '1.49.0', '1.50.0', '1.51.0', '1.52.0', '1.53.0', '1.53.1', '1.53.2',
    ],
  },
  probe: new URL('./es-toolkit.probe.mjs', import.meta.url),
};
