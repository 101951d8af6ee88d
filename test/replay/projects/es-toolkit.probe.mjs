// The es-toolkit probe: every exported name of the window (main and compat entries), called
// with each of a few fixed argument lists, built afresh for every call (some functions
// mutate their arguments). When a call returns a function (a `debounce`d, `memoize`d,
// `curry`d one…) that function is called too, with fixed arguments. Names whose results
// depend on randomness, time or a global counter, or that can wait forever, are left out.
import { readFileSync } from 'node:fs';

const { names } = JSON.parse(readFileSync(new URL('./config.json', import.meta.url), 'utf8'));

const SKIP = new Set([
  'random', 'randomInt', 'sample', 'sampleSize', 'shuffle', 'uniqueId', 'now', // random, time, counters
  'delay', 'timeout', 'withTimeout', 'retry', 'debounce', 'throttle', // timers
  'Mutex', 'Semaphore', 'Queue', // can wait forever
  'defer', 'deferAsync', 'runInContext', 'mixin', 'templateSettings', // change global state
  'combinations', // never returns for (-7.456, 2) (1.47)
  'toolkit', // the whole compat API as one object: the other cases cover it
]);

const ARGS = [
  () => [],
  () => [[3, 1, 2, 3, null, 0, 'a', undefined], 2],
  () => ['Hello wörld-foo_barBaz  42 ', 3],
  () => [{ a: { b: [1, { c: 2 }] }, 'x.y': 3, n: null, s: 'str' }, 'a.b[1].c', 'dflt'],
  () => [[{ id: 1, v: 'b' }, { id: 2, v: 'a' }, { id: 1, v: 'c' }], 'v'],
  () => [-7.456, 2, 10],
  () => [[1, [2, [3, [4]]], 5], [2, 5, 6], [5]],
  () => [(a, b) => (typeof a === 'number' ? a * 10 + (b ?? 0) : [a, b]), 2],
  () => [{ a: 1, b: { c: [1, 2] } }, { b: { c: [3], d: 4 }, e: 5 }],
];

/** What a returned function does with fixed arguments. */
function callReturned(fn) {
  try {
    const r = fn(3, 4);
    if (r && typeof r.then === 'function') r.then(() => {}, () => {}); // not awaited: it may wait on a timer
    return { returned: fn, call: typeof r === 'function' ? { $: 'function' } : r };
  } catch (err) {
    return { returned: fn, callThrew: `${err?.name}: ${err?.message}` };
  }
}

function makeCases() {
  const cases = {};
  for (const [entry, list] of Object.entries(names ?? {})) {
    for (const name of list) {
      if (SKIP.has(name)) continue;
      ARGS.forEach((args, i) => {
        cases[`${entry ? `${entry}.` : ''}${name}#${i}`] = (L) => {
          const fn = entry ? L[entry][name] : L[name];
          const r = fn(...args());
          return typeof r === 'function' ? callReturned(r) : r;
        };
      });
    }
  }
  return cases;
}

export const cases = makeCases();

/** Functions made at start by the first version's factories, held by the app since. */
export function setup(L) {
  const pair = (a, b, c) => [a, b ?? null, c ?? null];
  const make = {
    memoize: () => L.memoize((x) => ({ x })),
    curry: () => L.curry(pair),
    curryRight: () => L.curryRight(pair),
    negate: () => L.negate((x) => x > 1),
    flow: () => L.flow((x) => x + 1, (x) => x * 2),
    partial: () => L.partial(pair, 1),
    ary: () => L.ary(pair, 1),
    rest: () => L.rest(pair),
    spread: () => L.spread(pair),
    unary: () => L.unary(pair),
    'compat.curry': () => L.compat.curry(pair),
    'compat.partialRight': () => L.compat.partialRight(pair, 9),
    'compat.iteratee': () => L.compat.iteratee({ a: 1 }),
    'compat.property': () => L.compat.property('a.b'),
    'compat.matches': () => L.compat.matches({ a: 1 }),
    'compat.overArgs': () => L.compat.overArgs(pair, [(x) => x * 2]),
    'compat.method': () => L.compat.method('toFixed', 1),
  };
  const made = {};
  for (const [name, f] of Object.entries(make)) {
    try {
      made[name] = f();
    } catch {
      // not in this version: the case then throws, in the live and the fresh process alike
    }
  }
  return made;
}

const FIXED = [[3, 4, 5], [{ a: 1, b: 2 }], [[1, 2]], [2.345], [{ a: { b: 7 } }]];

export const instanceCases = Object.fromEntries(
  ['memoize', 'curry', 'curryRight', 'negate', 'flow', 'partial', 'ary', 'rest', 'spread', 'unary', 'compat.curry', 'compat.partialRight', 'compat.iteratee', 'compat.property', 'compat.matches', 'compat.overArgs', 'compat.method']
    .flatMap((name) => FIXED.map((args, i) => [`${name}#${i}`, (I) => I[name](...args)])),
);
