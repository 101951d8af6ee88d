// immer: immutable state by mutating drafts, replayed as published: `dist/immer.mjs`, ONE ES
// module of ~1,230–1,810 lines (tsup's development build: `process.env.NODE_ENV` checks, the
// `errors` table of messages). In it: the class `Immer` (`Immer2` exported as `Immer`), whose
// constructor makes `produce` and `produceWithPatches` as arrow-function fields (closures over
// `this`, taken out of instances by programs), a default instance made at top level
// (`var immer = new Immer2()`) whose bound methods are the exported `produce`,
// `produceWithPatches`, `setAutoFreeze`, `applyPatches`, `createDraft`, `finishDraft`; proxy
// traps as object literals (`objectTraps`, `arrayTraps` built from it by a loop); the
// plugins, a module-level table (`var plugins = {}`) that `enablePatches()` and
// `enableMapSet()` fill the first time they run with object literals of closures (and, for
// MapSet, the classes `DraftMap extends Map`, `DraftSet extends Set` declared inside
// `enableMapSet`) — `loadPlugin` never replaces an entry; `enablePatches` also pushes its
// messages onto the `errors` array. What a program holds after start is the default
// instance (its auto-freeze setting), the plugins it enabled once, Immer instances and
// curried producers it made, frozen states produced by the first version.
//
// Window: 10.0.0 → 11.2.14, every version with `dist/immer.mjs` (9.x ships only minified
// `immer.esm.js`/`.esm.mjs` builds; 10.0.0's prereleases are left out, the later `-beta`s
// kept). In it: strict shallow copy `"class_only"` (10.1), array method overrides and
// `enableArrayMethods` (11.1: a third plugin), `isModified` and `setUseStrictIteration`
// (11.x), finalization rewritten around callbacks (11.0), the plugins' object literals
// growing. Versions whose file is the same as the one before are dropped by the replay. No
// dependencies.
//
// What stays apart from a fresh process (replayed on Node 24): the plugins table. The probe's
// `setup` (what a program does at start) calls `enablePatches()`/`enableMapSet()` under the
// first version; `loadPlugin` keeps that entry, an object literal the old `enableMapSet` body
// made, through every later version. From 11.0.0 `createScope` stores the MapSet plugin on
// each scope and finalization calls `rootScope.mapSetPlugin_?.fixSetContents(…)`, a key only
// the new literal has: every produce that modifies a draft throws `fixSetContents is not a
// function` (calls, held and old instances alike, 11.0.0 → 11.2.14), where a fresh process,
// whose start enabled the new plugin, computes. Limeade notes a statement of the program's
// own that called a changed function and does not run again; here the call is in the
// harness's setup, outside the instrumented files, so no note names it. Old instances: an
// `Immer` made at start lacks `useStrictIteration_` (10.2.0: its constructor, by contract).
export default {
  name: 'immer',
  kind: 'one bundled ES module: a class whose constructor makes arrow-function fields, a default instance at top level, proxy trap tables, plugins registered once into a module-level table',
  source: {
    type: 'npm',
    package: 'immer',
    root: 'dist',
    include: (rel) => rel === 'immer.mjs',
  },
  entry: 'immer.mjs',
  windows: {
    short: ['10.1.3', '10.2.0', '11.0.0'],
    long: [
      '10.0.0', '10.0.1', '10.0.2', '10.0.3-beta', '10.0.3', '10.0.4-beta', '10.0.4', '10.1.0',
      '10.1.1', '10.1.2', '10.1.3', '10.2.0', '11.0.0', '11.0.1', '11.1.0', '11.1.2', '11.1.3',
      '11.1.4', '11.1.5', '11.1.6', '11.1.7', '11.1.8', '11.1.9', '11.1.10', '11.1.11',
      '11.1.12', '11.1.13', '11.1.14', '11.1.15', '11.1.16', '11.1.17', '11.1.18', '11.1.19',
      '11.1.20', '11.1.21', '11.2.3', '11.2.7', '11.2.9', '11.2.10', '11.2.13', '11.2.14',
    ],
  },
  probe: new URL('./immer.probe.mjs', import.meta.url),
};
