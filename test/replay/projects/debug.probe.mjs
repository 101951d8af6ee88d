// The debug probe. `L` is `module.exports` of index.js: the `createDebug` function (called
// through `L.debug`, the property every 4.x sets to itself) and its properties. Every case
// sets the enabled namespaces it needs with `L.enable(…)` and ends with `L.enable('')`
// (which deletes `process.env.DEBUG` again), so the probe can run twice. Output is captured
// by a `log` set on each debugger; the time it shows (an ISO date without colors, `+5ms` with
// them, or `+3s` in the live process, whose kept debuggers last logged a probe ago) is
// replaced by `<date>` and `+<t>`. Errors logged carry a fixed stack (a real one names the
// app's directory).
import { format } from 'node:util';
import { each } from './serialize.mjs';

const clean = (s) => s
  .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z /g, '<date> ')
  .replace(/\+\d+(ms|s|m|h|d)\b/g, '+<t>')
  .replace(/\u001B/g, '\\e');

const fixedError = (message) => Object.assign(new Error(message), { stack: `Error: ${message}\n    at fixed (probe:1:1)` });

/** A debugger on `ns` whose output goes to `out` (cleaned), without colors unless asked. */
function make(L, ns, out, colors = false) {
  const d = L.debug(ns);
  d.useColors = colors;
  d.log = (...args) => out.push(clean(format(...args)));
  return d;
}

/** `fn()` with `namespaces` enabled, then everything disabled again. */
function enabledFor(L, namespaces, fn) {
  L.enable(namespaces);
  try {
    return fn();
  } finally {
    L.enable('');
  }
}

const PATTERNS = ['a', 'a:*', '*', '-a:b,a:*', 'a:b c:d', ' a , b ', '*,-*', 'a*b', '', 'foo:*:bar', '-*', 'a:b,-a:*', 'x:*,-x:y:*'];
const NAMES = ['a', 'a:b', 'a:b:c', 'b', 'c:d', 'ab', 'axb', 'foo:x:bar', 'x:y', 'x:y:z', 'x:z'];

export const cases = {
  'exports': (L) => ({
    // (Not `destroy`: 4.3.0 assigns it in setup's body, which ran at load; the 'destroy' case asks it.)
    types: Object.fromEntries(['debug', 'default', 'coerce', 'disable', 'enable', 'enabled', 'humanize', 'selectColor', 'log', 'formatArgs', 'save', 'load', 'useColors', 'init'].map((k) => [k, typeof L[k]])),
    self: [L.debug === L.default, typeof L.debug === 'function' && L.debug.debug === L.debug],
    colors: L.colors,
    inspectOpts: L.inspectOpts,
    formatters: Object.keys(L.formatters).sort(),
  }),
  'enabled': (L) => Object.fromEntries(PATTERNS.map((p) => [JSON.stringify(p), enabledFor(L, p, () => {
    const d = L.debug('a:b');
    return { names: NAMES.filter((n) => L.enabled(n)), debugger: d.enabled, namespaces: L.namespaces ?? null, load: L.load() ?? null };
  })])),
  'disable': (L) => each([
    ['returns', () => { L.enable('a:*,-a:b, c'); const r = L.disable(); const after = L.enabled('a:c'); L.enable(''); return [r ?? null, after]; }],
    ['round trip', () => { L.enable('x,-y'); const r = L.disable(); L.enable(r ?? ''); const back = [L.enabled('x'), L.enabled('y')]; L.enable(''); return back; }],
    ['env', () => { L.enable('q:*'); const env = process.env.DEBUG; L.enable(''); return [env, process.env.DEBUG ?? null]; }],
  ]),
  'output': (L) => enabledFor(L, 'app:*,-app:quiet', () => {
    const out = [];
    const d = make(L, 'app:main', out);
    d('hello %s %d %i %j %%', 'world', 42.5, 7.9, { a: 1 });
    d('objects %o and %O', { b: [1, 2, { c: 'x' }] }, { d: 'e' });
    d({ not: 'a string' }, 'more');
    d(fixedError('boom'));
    d('unused %s');
    d('extra', 1, 'two', [3]);
    const quiet = make(L, 'app:quiet', out);
    quiet('not shown');
    const other = make(L, 'other', out);
    other('not shown either');
    return { out, enabled: [d.enabled, quiet.enabled, other.enabled] };
  }),
  'colors': (L) => enabledFor(L, 'c:*', () => {
    const out = [];
    const d = make(L, 'c:one', out, true);
    d.color = 4;
    d('first %o', 1);
    const e = make(L, 'c:two', out, true);
    e.color = 166;
    e('multi\nline');
    return { out, color: L.selectColor('c:one') };
  }),
  'override': (L) => enabledFor(L, '', () => {
    const out = [];
    const d = make(L, 'ov', out);
    const before = d.enabled;
    d.enabled = true;
    d('forced');
    d.enabled = false;
    d('hidden');
    return { out, before, after: d.enabled };
  }),
  'extend': (L) => enabledFor(L, 'root*', () => {
    const out = [];
    const d = make(L, 'root', out);
    const child = d.extend('child');
    const dashed = d.extend('x', '-');
    const sep = d.extend('y', '');
    const names = [child.namespace, dashed.namespace, sep.namespace];
    child.log = child.log ?? ((...a) => out.push(clean(format(...a))));
    child.useColors = false;
    child('from child');
    dashed.useColors = false;
    dashed.log = (...a) => out.push('dashed ' + clean(format(...a)));
    dashed('dash');
    return { names, out, inherited: child.log === d.log, enabled: [child.enabled, dashed.enabled, sep.enabled] };
  }),
  'formatters': (L) => enabledFor(L, 'f', () => {
    const out = [];
    L.formatters.h = (v) => Buffer.from(String(v)).toString('hex');
    L.formatters.u = function (v) { return `${this.namespace}:${String(v).toUpperCase()}`; };
    try {
      const d = make(L, 'f', out);
      d('hex %h upper %u plain %s', 'ab', 'cd', 'ef');
      d('%x unknown %h', 1, 'z');
    } finally {
      delete L.formatters.h;
      delete L.formatters.u;
    }
    return { out, keys: Object.keys(L.formatters).sort(), o: L.formatters.o.call({ inspectOpts: {}, useColors: false }, { a: [1, { b: 2 }] }) };
  }),
  'coerce': (L) => each([
    ['error', () => L.coerce(fixedError('c'))],
    ['error without stack', () => { const e = new Error('m'); e.stack = undefined; return L.coerce(e); }],
    ['others', () => [L.coerce(5), L.coerce('s'), L.coerce(null), L.coerce({ a: 1 })]],
  ]),
  'humanize': (L) => each([
    ['numbers', () => [0, 1, 999, 1000, 1500, 60000, 3600000, 86400000 * 3, -5000].map((n) => L.humanize(n))],
    ['strings', () => ['2 days', '1h', '10s', '100', 'nope'].map((s) => L.humanize(s) ?? null)],
    ['long', () => L.humanize(90000, { long: true })],
  ]),
  'selectColor': (L) => ['', 'a', 'app', 'app:main', 'worker:42', 'x'.repeat(50)].map((ns) => [ns.slice(0, 12), L.selectColor(ns), L.debug(ns).color]),
  'useColors': (L) => [typeof L.useColors(), L.useColors() === L.debug('u').useColors],
  'destroy': (L) => each([
    ['exported', () => typeof L.destroy],
    ['instance', () => { const d = L.debug('gone'); return [typeof d.destroy, d.destroy === L.destroy]; }],
  ]),
};

/** What the app keeps from the first version: debuggers (one extended), writing to a kept log. */
export function setup(L) {
  const out = [];
  const kept = make(L, 'kept:main', out);
  const child = kept.extend('child');
  child.useColors = false;
  child.log = (...args) => out.push('child ' + clean(format(...args)));
  const colored = make(L, 'kept:colored', out, true);
  colored.color = 2;
  return { out, kept, child, colored, debug: L.debug, enable: L.enable };
}

export const instanceCases = {
  'kept debuggers': (I, L) => {
    I.out.length = 0;
    return enabledFor(L, 'kept:*,-kept:main:child', () => {
      I.kept('kept %s %o', 'x', { y: 1 });
      I.child('child hidden');
      I.colored('colored %d', 3);
      const enabled = [I.kept.enabled, I.child.enabled, I.colored.enabled];
      return { out: [...I.out], enabled, ns: [I.kept.namespace, I.child.namespace], color: I.colored.color };
    });
  },
  'kept disabled': (I, L) => {
    I.out.length = 0;
    L.enable('');
    I.kept('nothing');
    return { out: [...I.out], enabled: I.kept.enabled };
  },
  'held functions': (I) => {
    I.enable('h:*');
    try {
      const out = [];
      const d = I.debug('h:x');
      d.useColors = false;
      d.log = (...args) => out.push(clean(format(...args)));
      d('held %s', 'ok');
      return out;
    } finally {
      I.enable('');
    }
  },
};
