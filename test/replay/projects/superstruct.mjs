// superstruct: a data validation library, ESM, replayed as published: ONE bundled module
// (~1,000–1,200 lines). In it: the class `Struct`, whose constructor stores closures on every
// instance (`this.validator = (value, context) => …` wrapping the validator it is given,
// `this.refiner = …`, `coercer`, `entries`: a generator function) and whose methods call the
// module's functions (`assert`, `create`, `mask`, `is`, `validate`); `StructError extends
// TypeError`, whose constructor assigns a lazy `failures` closure over a `cached` variable and
// over a generator still suspended inside `validate`'s walk; a generator `run` walking values
// recursively (coercion, masking, refinement), `toFailures` a generator too; ~50 factories
// (`object`, `string`, `define`, `refine`, `coerce`, `defaulted`, `lazy`, `dynamic`, …)
// each returning `new Struct({ … })` with methods and arrows closing over the factory's
// arguments. What a program holds after start is structs: schemas built once at top level by
// those factories (their closures the first version's), errors it caught.
//
// Window: 0.16.2 → 2.0.2, the longest run of one file name. The ES build is
// `lib/index.es.js` in 0.15.0–0.16.1, `lib/index.mjs` in 0.16.2–1.0.0, nothing in 1.0.2 (it
// ships no code), `dist/index.mjs` in 1.0.3–2.0.2 (`root` lists `dist` and `lib`), then
// `dist/index.js` in the 2.0.3 prereleases. The harness imports one entry file name for a
// whole window, so 0.15.x–0.16.1 (same code as 0.16.2 in 0.16.1, another name) would be a
// second, shorter window (6 steps against 7). In this one: `??=` down-levelled (0.16.5),
// `k in value` when coercing (0.16.6), symbols printed (0.16.7), the build moved from Babel
// to tsc (1.0.0: `StructError`'s and `Struct`'s `this.x = void 0` field declarations gone,
// `explanation` (a custom message) in failures, `cause`), `pick`/`omit`/`partial` keeping
// `type` (1.0.4), masking moved from `run` into `object`'s coercer and made recursive
// (2.0.0), `type`'s and `array`'s coercers copying (2.0.2). Versions whose file is the same as
// the one before are dropped by the replay (0.16.3–0.16.4, 1.0.3, 2.0.1). Every version
// exports the same 53 names. No dependencies.
//
// What stays apart from a fresh process, old instances only (calls and held functions are
// equal on every step, Node 24, 2026-12): structs made at start keep the own keys the 0.16
// constructor set (`TYPE`, by the contract); from 2.0.0 their `object()` coercer keeps its
// code (its new body masks with the factory's `schema`, which the old method never captured:
// noted): a kept `object()` struct still copies an array into a plain object (so `create([1, 2])`
// fails on `id`, not "Expected an object") and masks no nested object (`type({ inner: object })`).
export default {
  name: 'superstruct',
  kind: 'one bundled ES module: a class whose instances carry closures, factories making them, an Error subclass with a lazy closure, generators walking values',
  source: {
    type: 'npm',
    package: 'superstruct',
    root: ['dist', 'lib'],
    include: (rel) => rel === 'index.mjs',
  },
  entry: 'index.mjs',
  windows: {
    // CI: symbols printed (0.16.7) → the tsc build with custom messages (1.0.0) → pick/omit
    // keeping `type` and masking moved into `object`'s coercer, in one save (2.0.0).
    short: ['0.16.7', '1.0.0', '2.0.0'],
    long: [
      '0.16.2', '0.16.3', '0.16.4', '0.16.5', '0.16.6', '0.16.7', '1.0.0', '1.0.3', '1.0.4',
      '2.0.0', '2.0.1', '2.0.2',
    ],
  },
  probe: new URL('./superstruct.probe.mjs', import.meta.url),
};
