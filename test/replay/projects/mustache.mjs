// mustache: a template engine, replayed as published: `mustache.mjs`, ONE ES module of
// ~730–760 lines written the pre-class way. In it: constructors `Scanner`, `Context` and
// `Writer` whose methods are assigned one statement each (`Writer.prototype.render =
// function render (…) {…}`); a `Writer`'s constructor giving every instance its own template
// cache, an object literal with methods (`templateCache: { _cache: {}, set, get, clear }`);
// the `parseTemplate` function with inner closures over its locals (`stripSpace`,
// `compileTags` reassigning the regexps it scans with); module-level regexps and an entity
// table; the exported object `var mustache = { name, version, tags, …: undefined, get/set
// templateCache }` whose functions are assigned by later statements (`mustache.render =
// function render …`, `mustache.escape = escapeHtml`, `mustache.Writer = Writer`), and the
// default writer `var defaultWriter = new Writer()` they render with (its cache filled by
// every render). The module exports `default` only. What a program holds after start is that
// object, Writers and Contexts it made, templates it parsed, and the cached tokens.
//
// Window: the whole 4.x line (4.0.0 is the first major with `mustache.mjs`). Only 4.0.1
// (tags passed down to nested partials) and 4.1.0 (`render`'s fourth argument becomes a
// `config` with `tags` and `escape`, new `getConfigTags`/`getConfigEscape` methods, numbers
// not escaped) change code; 4.1.1-beta.0, 4.2.0-beta.0 and 4.2.0 change only the `version`
// string in the exported object's literal (the prereleases are kept: they are published and
// are edits of that declaration). No dependencies.
//
// What stays apart from a fresh process (replayed on Node 24, 2026-12): 4.1.0 adds a
// parameter to `escapedValue`, `renderSection` and `renderInverted`, whose `length` stays
// (noted; the `arity` case sees it); the `subRender` closure a lambda kept at start does not
// pass the new `config` on (its new body uses a parameter the old call never had: noted,
// old instances). And the short window starts at 4.0.1 on purpose: 4.1.0 edits both the
// exported literal (`version`) and the function `mustache.render = function render (…)`
// assigns; saved onto a process that has not refreshed before, the literal's update in place
// leaves `mustache.render` undefined (every render through the object throws until the
// statement runs again, 4.2.0). From 4.0.0 the long window does not see it: 4.0.1 already
// ran that statement again, which dropped its function's holders, so at 4.1.0 it runs again.
export default {
  name: 'mustache',
  kind: 'one ES module written the pre-class way: constructors with prototype methods assigned by statements, an exported object literal completed by later statements, a default instance',
  source: {
    type: 'npm',
    package: 'mustache',
    include: (rel) => rel === 'mustache.mjs',
  },
  entry: 'mustache.mjs',
  windows: {
    // CI: 4.1.0's code change, from 4.0.1 with no refresh before it (see above), then a
    // `version`-only edit.
    short: ['4.0.1', '4.1.0', '4.2.0'],
    long: ['4.0.0', '4.0.1', '4.1.0', '4.1.1-beta.0', '4.2.0-beta.0', '4.2.0'],
  },
  probe: new URL('./mustache.probe.mjs', import.meta.url),
};
