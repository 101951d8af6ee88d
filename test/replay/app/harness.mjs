// The program a replay runs: it imports the replayed project once, at start, takes what a
// real program would hold (the namespace, each export copied into a variable, instances
// made by the probe's setup), and answers commands as JSON lines on stdout (prefix `@@`):
//   {cmd:'refresh'} → the RefreshReport; {cmd:'probe'} → the probe's serialized results;
//   {cmd:'exit'}.
// The same file runs in the live process (edited by the replay) and in every fresh one (the
// oracle). It lives in `_replay/`, which limeade is told not to instrument: what is measured
// is the project's code, not this file.
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { serialize, describeError } from './serialize.mjs';

const out = (o) => process.stdout.write('@@' + JSON.stringify(o) + '\n');

// A probe case may start work that fails later (a returned function's rejected Promise):
// that must not end the process. Counted, not compared: when it happens is timing.
let unhandled = 0;
process.on('unhandledRejection', () => { unhandled++; });
process.on('uncaughtException', (err) => { unhandled++; process.stderr.write(`[replay] uncaught: ${err?.stack ?? err}\n`); });
const config = JSON.parse(readFileSync(new URL('./config.json', import.meta.url), 'utf8'));

// `config.entry` is the module the probe calls (`L.x`), or `{ '': main, name: other, … }`
// when it calls more than one (`L.x`, `L[name].y`). `config.require`: the entries are
// CommonJS, and `L.x` is what `require` gave at start (the `module.exports` object a CommonJS
// program holds), not an ES namespace.
const entries = typeof config.entry === 'string' ? { '': config.entry } : config.entry;
const L = {}; // the namespaces imported at start, by entry
const held = {}; // every export copied at start: `const parse = lib.parse`
let probe;
let instances; // made at start by the probe's setup, with the code of the first version
try {
  for (const [name, path] of Object.entries(entries)) {
    L[name] = config.require
      ? createRequire(import.meta.url)(`../${path}`)
      : await import(new URL(`../${path}`, import.meta.url).href);
    held[name] = copyExports(L[name]);
  }
  probe = await import('./probe.mjs');
  instances = probe.setup ? await probe.setup(view(L, new Set())) : {};
} catch (err) {
  out({ id: 'ready', loadError: describeError(err), stack: String(err?.stack ?? err) });
  process.exit(0);
}

/**
 * `const x = lib.x` for every export a program could hold: an accessor that throws when read
 * (express 4's `express.json` … up to 4.15, telling the middleware moved out) is not one.
 */
function copyExports(ns) {
  const copy = {};
  for (const key of Object.keys(ns)) {
    try {
      copy[key] = ns[key];
    } catch {
      // nothing a program can hold
    }
  }
  return copy;
}

/**
 * `api` as the probe sees it, recording the names it asked for that `source` does not have
 * (a namespace cannot grow or lose exports in ESM: such a case is counted apart).
 */
function tracked(source, missing, prefix = '', used = null) {
  return new Proxy(Object.create(null), {
    get(_, key) {
      if (typeof key === 'string' && !(key in source)) missing.add(prefix + key);
      if (typeof key === 'string') used?.add(prefix + key);
      return source[key];
    },
    has: (_, key) => key in source,
  });
}

/** The main entry's exports, and each other entry under its name; `used` collects every name asked for. */
function view(spaces, missing, used = null) {
  const main = tracked(spaces[''], missing, '', used);
  const others = Object.fromEntries(Object.keys(spaces).filter((k) => k).map((k) => [k, tracked(spaces[k], missing, `${k}.`, used)]));
  return new Proxy(Object.create(null), {
    get: (_, key) => (Object.hasOwn(others, key) ? others[key] : main[key]),
    has: (_, key) => Object.hasOwn(others, key) || key in spaces[''],
  });
}

const exportNames = () => Object.entries(L).flatMap(([name, ns]) => Object.keys(ns).map((k) => (name ? `${name}.${k}` : k)));

/** Runs one case; a throw is a result too. A Promise is awaited (with a guard, not a wait). */
async function runCase(fn, args) {
  try {
    let value = fn(...args);
    if (value && typeof value.then === 'function') {
      let timer;
      const guard = new Promise((resolve) => { timer = setTimeout(() => resolve({ $: 'pending' }), config.caseTimeoutMs ?? 2000); });
      try {
        value = { $: 'promise', value: serialize(await Promise.race([value, guard])) };
      } finally {
        clearTimeout(timer);
      }
      return { ok: value };
    }
    return { ok: serialize(value) };
  } catch (err) {
    return { throw: describeError(err) };
  }
}

async function runProbe() {
  const result = { keys: exportNames(), ns: {}, held: {}, inst: {}, missing: {}, used: {}, unhandled };
  for (const [name, fn] of Object.entries(probe.cases ?? {})) {
    const m1 = new Set();
    const m2 = new Set();
    const used = new Set();
    result.ns[name] = await runCase(fn, [view(L, m1, used)]);
    result.used[name] = [...used];
    result.held[name] = await runCase(fn, [view(held, m2)]);
    if (m1.size || m2.size) result.missing[name] = { ns: [...m1], held: [...m2] };
  }
  for (const [name, fn] of Object.entries(probe.instanceCases ?? {})) {
    const m = new Set();
    result.inst[name] = await runCase(fn, [instances, view(L, m)]);
    if (m.size) result.missing['inst:' + name] = { ns: [...m], held: [] };
  }
  result.unhandled = unhandled - result.unhandled; // during this probe (not compared)
  return result;
}

const rl = createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  const { id, cmd } = JSON.parse(line);
  try {
    if (cmd === 'refresh') out({ id, result: await globalThis.__limeade.refresh() });
    else if (cmd === 'probe') out({ id, result: await runProbe() });
    else if (cmd === 'exit') { rl.close(); out({ id, result: 'bye' }); process.exit(0); }
    else out({ id, error: `unknown command ${cmd}` });
  } catch (err) {
    out({ id, error: String(err?.stack ?? err) });
  }
});
rl.on('close', () => process.exit(0)); // the replay went away: so does this process
out({ id: 'ready', node: process.version, limeade: typeof globalThis.__limeade === 'object' });
