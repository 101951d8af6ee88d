// cac: a command-line framework, ESM, replayed as published: ONE bundled module (~620 lines)
// with mri (the argv parser) inlined as functions, helpers (`getMriOptions`, `setDotProp`,
// `setByType`, `camelcaseOptionName`, …) as top-level arrows, and classes: `CACError extends
// Error`, `Option` (its constructor derives names, negation, required from the raw name),
// `Command` (options, aliases, examples, `outputHelp` building sections, the checks that throw
// CACErrors), `GlobalCommand extends Command`, `CAC extends EventEmitter` (6.x: `this.emit(
// 'command:…')`) whose constructor makes its GlobalCommand, and the `cac` factory (also the
// default export). Top-level `processArgs` and `platformInfo` read `process` at load.
//
// What a program holds: a CLI built at start (commands with actions, options, help, version,
// listeners), its commands, closures over it.
//
// Window: 6.7.0 → 7.0.0-beta.1, the versions that ship `dist/index.mjs` (6.6.1 ships `mod.mjs`
// with Node's `events` inlined, 6.0–6.6 a CommonJS `dist/index.js` only; 7.0.0 on ships ESM as
// `dist/index.js`). In it: a negated option keeps a given default (6.7.2), the CommonJS
// `module.exports` fallback the `.mjs` carried (`typeof module !== 'undefined'`) gaining
// `CAC`/`Command` (6.7.3) then removed (6.7.11), `--version` after a command not printing the
// version (6.7.7), the version option left out of a command's help (6.7.8) except a default
// command's (6.7.9), then 7.0.0-beta.1: a rebuild by rolldown (class fields declared, `var
// CAC = class extends EventTarget` instead of `class CAC extends EventEmitter`, events
// dispatched as `CustomEvent`s, help and version printed with `console.info`, mri reformatted
// as `lib_default`, the runtime name in `platformInfo`). 6.7.1 and 6.7.12–6.7.14 ship the files
// of the version before (dropped): 12 versions, 7 steps. No dependencies. A longer CommonJS
// window exists (`dist/index.js`, 6.3.4 → 6.7.14, ~26 steps: `module.exports = cac` up to
// 6.5.x, an exports object after), not replayed here.
//
// Equal on every step (calls, held and old instances, Node 24, 2026-12): the 7.0 step is a
// re-import (class fields, `CAC` re-linked to extend EventTarget, noted), and a CLI made at
// start on EventEmitter parses, dispatches and prints help with the new code as a fresh one.
export default {
  name: 'cac',
  kind: 'one bundled ES module: classes (CAC extends EventEmitter, then EventTarget; Command, GlobalCommand extends Command, Option, CACError extends Error), an inlined argv parser, a factory',
  source: {
    type: 'npm',
    package: 'cac',
    root: 'dist',
    include: (rel) => rel === 'index.mjs',
  },
  entry: 'index.mjs',
  windows: {
    // CI: the CommonJS fallback removed (6.7.11), the rolldown rebuild on EventTarget
    // (7.0.0-beta.1).
    short: ['6.7.9', '6.7.11', '7.0.0-beta.1'],
    long: [
      '6.7.0', '6.7.1', '6.7.2', '6.7.3', '6.7.7', '6.7.8', '6.7.9', '6.7.11', '6.7.12', '6.7.13', '6.7.14',
      '7.0.0-beta.1',
    ],
  },
  probe: new URL('./cac.probe.mjs', import.meta.url),
};
