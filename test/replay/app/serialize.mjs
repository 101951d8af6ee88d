// A value as JSON that two processes can compare: what JSON cannot say (undefined, NaN,
// functions, classes, errors, Maps, Dates, cycles, …) is described by a tagged object, and
// functions and classes by their names. Own enumerable string keys, in their order (a fresh
// process builds them in the same order). Never stack traces or paths: they differ between
// processes that compute the same thing.

const MAX_DEPTH = 8;
const MAX_NODES = 4000;

/** `{ name, message }` of a thrown value (its class too when that is not its name). */
export function describeError(err) {
  if (err instanceof Error || (err && typeof err === 'object' && 'message' in err && 'name' in err)) {
    const d = { name: String(err.name), message: String(err.message) };
    const cls = err.constructor?.name;
    if (cls && cls !== d.name) d.class = cls;
    return d;
  }
  return { name: 'non-error', value: serialize(err) };
}

/**
 * Runs each `[label, fn]` of a probe case: what it returns, or for a throw `{ threw: … }`
 * (`Name: message` by default, or what `described(e)` makes of it), by label.
 */
export function each(rows, described = (e) => `${e?.name}: ${e?.message}`) {
  const out = {};
  for (const [label, fn] of rows) {
    try {
      out[label] = fn();
    } catch (e) {
      out[label] = { threw: described(e) };
    }
  }
  return out;
}

/** `each` for cases whose rows return promises: each awaited in turn, a rejection as a throw. */
export async function eachAwaited(rows, described = (e) => `${e?.name}: ${e?.message}`) {
  const out = {};
  for (const [label, fn] of rows) {
    try {
      out[label] = await fn();
    } catch (e) {
      out[label] = { threw: described(e) };
    }
  }
  return out;
}

function isClass(fn) {
  try {
    return /^class[\s{]/.test(Function.prototype.toString.call(fn));
  } catch {
    return false;
  }
}

export function serialize(value) {
  let nodes = 0;
  const ancestors = [];
  const walk = (v, depth) => {
    if (++nodes > MAX_NODES) return { $: 'truncated' };
    switch (typeof v) {
      case 'undefined': return { $: 'undefined' };
      case 'boolean': case 'string': return v;
      case 'number': return Number.isFinite(v) && !Object.is(v, -0) ? v : { $: 'number', v: Object.is(v, -0) ? '-0' : String(v) };
      case 'bigint': return { $: 'bigint', v: String(v) };
      case 'symbol': return { $: 'symbol', description: v.description ?? null };
      case 'function': return { $: isClass(v) ? 'class' : 'function', name: v.name };
    }
    if (v === null) return null;
    if (ancestors.includes(v)) return { $: 'cycle' };
    if (depth >= MAX_DEPTH) return { $: 'deep' };
    ancestors.push(v);
    try {
      return object(v, (x) => walk(x, depth + 1));
    } finally {
      ancestors.pop();
    }
  };
  return walk(value, 0);
}

function object(v, walk) {
  if (Array.isArray(v)) return v.map((x) => walk(x));
  if (v instanceof Error) return { $: 'error', ...describeError(v) };
  if (v instanceof Date) return { $: 'Date', v: Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString() };
  if (v instanceof RegExp) return { $: 'RegExp', source: v.source, flags: v.flags };
  if (v instanceof Map) return { $: 'Map', entries: [...v].map(([k, x]) => [walk(k), walk(x)]) };
  if (v instanceof Set) return { $: 'Set', values: [...v].map((x) => walk(x)) };
  if (v instanceof Promise) return { $: 'Promise' };
  if (v instanceof WeakMap || v instanceof WeakSet || v instanceof WeakRef) return { $: v.constructor.name };
  if (ArrayBuffer.isView(v)) return { $: v.constructor.name, v: Array.from(v.length === undefined ? new Uint8Array(v.buffer) : v, String) };
  if (v instanceof ArrayBuffer) return { $: 'ArrayBuffer', byteLength: v.byteLength };
  const out = {};
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) out.$class = proto?.constructor?.name ?? '?';
  for (const key of Object.keys(v)) {
    let x;
    try {
      x = v[key];
    } catch (err) {
      out[key] = { $: 'getter-threw', ...describeError(err) };
      continue;
    }
    out[key] = walk(x);
  }
  return out;
}
