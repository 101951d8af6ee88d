// The zustand probe. `L` is the vanilla store module (`createStore`), `L.middleware` the
// middleware module (`redux`, `subscribeWithSelector`, `combine`, `persist`,
// `createJSONStorage`, `devtools`, `unstable_ssrSafe`). Every case builds its own stores from
// fixed inputs (no time, no randomness) and returns what it saw; a case on an API a version
// lacks throws, and that throw is its result.
//
// Rules kept here so that a fresh process's results repeat:
//   - no real storage: persist gets an in-memory synchronous storage made by the case (no
//     case may reach the default `localStorage`: Node 25+ has one, and it would carry data
//     from one run to the next);
//   - no module state of zustand's is touched (devtools' `store` option keeps connections
//     in a module-level Map: not used);
//   - console.warn/error (deprecations, persist's and devtools' messages) are captured by
//     the case that causes them, and given back: they are what a version says.
// `setup` makes the app's stores once, at start, with the first version's code (closures
// made by createStore and by each middleware's `(set, get, api) => …`); the instance cases
// use them and leave them as they found them.

/** Runs `fn` with console.warn/error captured; `{ value, said }`. */
function quiet(fn) {
  const said = [];
  const saved = { warn: console.warn, error: console.error };
  console.warn = (...a) => said.push(['warn', ...a.map(text)]);
  console.error = (...a) => said.push(['error', ...a.map(text)]);
  try {
    return { value: fn(), said };
  } finally {
    Object.assign(console, saved);
  }
}

async function quietAsync(fn) {
  const said = [];
  const saved = { warn: console.warn, error: console.error };
  console.warn = (...a) => said.push(['warn', ...a.map(text)]);
  console.error = (...a) => said.push(['error', ...a.map(text)]);
  try {
    return { value: await fn(), said };
  } finally {
    Object.assign(console, saved);
  }
}

/** A logged value as text: an error by name (its message depends on the Node version). */
const text = (x) => (x instanceof Error ? `${x.name}` : typeof x === 'string' ? x.replace(/\s+/g, ' ').trim() : JSON.stringify(x) ?? String(x));

/** A synchronous in-memory Storage (getItem/setItem/removeItem on strings) that logs. */
function memoryStorage(initial = {}) {
  const data = new Map(Object.entries(initial).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  const log = [];
  return {
    getItem: (k) => { log.push(['get', k]); return data.has(k) ? data.get(k) : null; },
    setItem: (k, v) => { log.push(['set', k, v]); data.set(k, String(v)); return `saved ${k}`; },
    removeItem: (k) => { log.push(['remove', k]); data.delete(k); },
    dump: () => ({ log: log.splice(0), data: Object.fromEntries(data) }),
    reset: (next = {}) => {
      data.clear();
      for (const [k, v] of Object.entries(next)) data.set(k, JSON.stringify(v));
      log.length = 0;
    },
  };
}

/** A fake Redux DevTools extension: `window.__REDUX_DEVTOOLS_EXTENSION__` during `fn` only. */
function withDevtoolsExtension(fn) {
  const log = [];
  const subscribers = [];
  const extension = {
    connect: (options) => {
      log.push(['connect', Object.keys(options ?? {}).sort()]);
      return {
        init: (state) => log.push(['init', state]),
        send: (action, state) => log.push(['send', action, state]),
        subscribe: (cb) => { subscribers.push(cb); return () => log.push(['unsubscribe']); },
        unsubscribe: () => log.push(['unsubscribe all']),
        error: (m) => log.push(['error', m]),
      };
    },
  };
  const had = Object.hasOwn(globalThis, 'window');
  const before = globalThis.window;
  globalThis.window = { __REDUX_DEVTOOLS_EXTENSION__: extension };
  try {
    return { value: fn(), log, message: (m) => subscribers.forEach((cb) => cb(m)) };
  } finally {
    if (had) globalThis.window = before;
    else delete globalThis.window;
  }
}

const counterState = (set) => ({
  count: 0,
  inc: () => set((s) => ({ count: s.count + 1 })),
  add: (n) => set((s) => ({ count: s.count + n })),
});

const reducer = (state, action) => {
  switch (action.type) {
    case 'inc': return { n: state.n + 1 };
    case 'add': return { n: state.n + action.by };
    case 'reset': return { n: 0 };
    default: return state;
  }
};

export const cases = {
  // ---- vanilla ----
  'api shape': (L) => L.createStore(() => ({ a: 1 })),
  'createState arguments': (L) => {
    let seen;
    const api = L.createStore((set, get, a) => {
      seen = { get: get(), keys: Object.keys(a), set: set === a.setState, getIsApi: get === a.getState };
      return { a: 1 };
    });
    return { seen, state: api.getState(), sameApi: Object.keys(api) };
  },
  'createStore curried': (L) => {
    const make = L.createStore();
    const api = make(() => ({ v: 'curried' }));
    return { make: typeof make, state: api.getState() };
  },
  'setState partial and function': (L) => {
    const api = L.createStore(() => ({ a: 1, b: { c: 2 } }));
    const log = [];
    api.subscribe((s, p) => log.push([s, p]));
    const first = api.getState();
    const r1 = api.setState({ a: 2 });
    const r2 = api.setState((s) => ({ a: s.a + 10, d: [s.b.c] }));
    const r3 = api.setState({ b: { c: 3 } });
    return { log, state: api.getState(), firstKept: first.b === api.getState().b, returned: [r1, r2, r3] };
  },
  'setState replace': (L) => {
    const api = L.createStore(() => ({ a: 1, b: 2 }));
    const log = [];
    api.subscribe((s, p) => log.push([s, p]));
    api.setState({ c: 3 }, true);
    api.setState((s) => ({ d: s.c }), true);
    api.setState({ e: 5 }, false);
    return { log, state: api.getState() };
  },
  'setState same value': (L) => {
    const api = L.createStore(() => ({ a: 1 }));
    let calls = 0;
    api.subscribe(() => calls++);
    api.setState((s) => s);
    api.setState(api.getState());
    api.setState(api.getState(), true);
    const n = L.createStore(() => Number.NaN);
    let nCalls = 0;
    n.subscribe(() => nCalls++);
    n.setState(Number.NaN);
    n.setState(0, true);
    n.setState(-0, true);
    n.setState(-0, true);
    return { calls, nCalls, n: n.getState() };
  },
  'setState non-object': (L) => {
    const api = L.createStore(() => ({ a: 1 }));
    const seen = [];
    for (const v of [null, { b: 2 }, 5, 'x', { c: 3 }, [1, 2], { d: 4 }]) {
      api.setState(v);
      seen.push(api.getState());
    }
    const u = L.createStore(() => undefined);
    u.setState({ a: 1 });
    return { seen, fromUndefined: u.getState() };
  },
  'subscribe order and unsubscribe': (L) => {
    const api = L.createStore(() => ({ n: 0 }));
    const log = [];
    let un2;
    let added = false;
    const un1 = api.subscribe((s) => log.push(`l1:${s.n}`));
    un2 = api.subscribe((s) => { log.push(`l2:${s.n}`); un2(); });
    api.subscribe((s) => {
      log.push(`l3:${s.n}`);
      if (!added) { added = true; api.subscribe((t) => log.push(`l4:${t.n}`)); }
    });
    api.setState({ n: 1 });
    api.setState({ n: 2 });
    const first = un1();
    const again = un1();
    api.setState({ n: 3 });
    return { log, first, again };
  },
  'same listener twice': (L) => {
    const api = L.createStore(() => ({ n: 0 }));
    const log = [];
    const listener = (s) => log.push(s.n);
    const a = api.subscribe(listener);
    const b = api.subscribe(listener);
    api.setState({ n: 1 });
    a();
    api.setState({ n: 2 });
    b();
    return log;
  },
  'nested setState in a listener': (L) => {
    const api = L.createStore(() => ({ n: 0 }));
    const log = [];
    api.subscribe((s, p) => { log.push(`a ${p.n}->${s.n}`); if (s.n === 1) api.setState({ n: 2 }); });
    api.subscribe((s, p) => log.push(`b ${p.n}->${s.n}`));
    api.setState({ n: 1 });
    return { log, state: api.getState() };
  },
  'a listener throws': (L) => {
    const api = L.createStore(() => ({ n: 0 }));
    const log = [];
    api.subscribe((s) => { log.push(`a${s.n}`); if (s.n === 1) throw new TypeError('listener failed'); });
    api.subscribe((s) => log.push(`b${s.n}`));
    let threw = null;
    try { api.setState({ n: 1 }); } catch (e) { threw = e.message; }
    api.setState({ n: 2 });
    return { log, threw, state: api.getState() };
  },
  'actions through set and get': (L) => {
    const api = L.createStore((set, get) => ({
      ...counterState(set),
      double: () => set({ count: get().count * 2 }),
    }));
    const s = api.getState();
    s.inc(); s.add(5); s.double(); api.getState().inc();
    return { count: api.getState().count, sameActions: api.getState().inc === s.inc };
  },
  'getInitialState': (L) => {
    const api = L.createStore(() => ({ a: 1 }));
    const initial = api.getState();
    api.setState({ a: 2 });
    const got = api.getInitialState();
    return { got, same: got === initial, now: api.getState() };
  },
  'getInitialState inside createState': (L) => {
    let seen;
    const api = L.createStore((set, get, a) => {
      try { seen = { ok: a.getInitialState?.() ?? 'absent' }; } catch (e) { seen = { threw: e.name }; }
      return { a: 1 };
    });
    return { seen, state: api.getState() };
  },
  'destroy': (L) => quiet(() => {
    const api = L.createStore(() => ({ n: 0 }));
    const log = [];
    api.subscribe((s) => log.push(s.n));
    api.setState({ n: 1 });
    const had = typeof api.destroy;
    let threw = null;
    try { api.destroy(); } catch (e) { threw = e.name; }
    api.setState({ n: 2 });
    return { had, threw, log, state: api.getState() };
  }),

  // ---- middleware ----
  'redux': (L) => {
    const api = L.createStore(L.middleware.redux(reducer, { n: 0 }));
    const log = [];
    api.subscribe((s, p) => log.push([p.n, s.n]));
    const r1 = api.dispatch({ type: 'inc' });
    const r2 = api.getState().dispatch({ type: 'add', by: 5 });
    const r3 = api.dispatch({ type: 'unknown' });
    return { r1, r2, r3, log, state: api.getState(), fromDevtools: api.dispatchFromDevtools, keys: Object.keys(api) };
  },
  'redux replaced dispatch': (L) => {
    const api = L.createStore(L.middleware.redux(reducer, { n: 1 }));
    const seen = [];
    const original = api.dispatch;
    api.dispatch = (a) => { seen.push(a.type); return original(a); };
    api.getState().dispatch({ type: 'inc' });
    return { seen, n: api.getState().n };
  },
  'subscribeWithSelector': (L) => {
    const api = L.createStore(L.middleware.subscribeWithSelector(() => ({ a: 0, b: { c: 0 }, list: [1] })));
    const log = [];
    const unA = api.subscribe((s) => s.a, (a, prev) => log.push(['a', a, prev]));
    api.subscribe((s) => s.b, (b, prev) => log.push(['b', b, prev]), { equalityFn: (x, y) => x.c === y.c, fireImmediately: true });
    api.subscribe((s) => s.list.length, (len) => log.push(['len', len]), { fireImmediately: false });
    api.subscribe((s, p) => log.push(['all', s.a, p.a]));
    api.setState({ a: 1 });
    api.setState({ b: { c: 0 } });
    api.setState({ b: { c: 1 } });
    api.setState((s) => ({ list: [...s.list, 2] }));
    unA();
    api.setState({ a: 2 });
    return { log, state: api.getState() };
  },
  'combine': (L) => {
    const create = L.middleware.combine({ n: 1, label: 'x' }, (set, get, api) => ({
      inc: () => set((s) => ({ n: s.n + 1 })),
      describe: () => `${get().label}:${get().n}:${typeof api.setState}`,
      label: 'overridden',
    }));
    const api = L.createStore(create);
    api.getState().inc();
    return { state: api.getState(), said: api.getState().describe(), created: typeof create };
  },
  'middleware chain': (L) => {
    const M = L.middleware;
    const storage = memoryStorage();
    const api = L.createStore(
      M.subscribeWithSelector(
        M.persist(
          M.combine({ n: 0 }, (set) => ({ inc: () => set((s) => ({ n: s.n + 1 })) })),
          { name: 'chain', storage: M.createJSONStorage(() => storage) },
        ),
      ),
    );
    const log = [];
    api.subscribe((s) => s.n, (n, p) => log.push([p, n]));
    api.getState().inc();
    api.getState().inc();
    return { log, state: api.getState(), storage: storage.dump() };
  },
  'createJSONStorage': (L) => {
    const storage = memoryStorage({ k: { a: 1 } });
    const json = L.middleware.createJSONStorage(() => storage);
    const got = json.getItem('k');
    const missing = json.getItem('nope');
    const set = json.setItem('m', { state: { b: [1, 2] }, version: 3 });
    const removed = json.removeItem('k');
    return { keys: Object.keys(json), got, missing, set, removed, storage: storage.dump() };
  },
  'createJSONStorage unavailable': (L) => {
    const json = L.middleware.createJSONStorage(() => { throw new Error('no storage'); });
    return json === undefined ? 'undefined' : Object.keys(json);
  },
  'createJSONStorage reviver and replacer': (L) => {
    const storage = memoryStorage({ k: { when: 'day:3' } });
    const json = L.middleware.createJSONStorage(() => storage, {
      reviver: (key, value) => (typeof value === 'string' && value.startsWith('day:') ? { day: Number(value.slice(4)) } : value),
      replacer: (key, value) => (value && typeof value === 'object' && 'day' in value ? `day:${value.day}` : value),
    });
    const got = json.getItem('k');
    json.setItem('m', { when: { day: 9 } });
    return { got, storage: storage.dump() };
  },
  'persist hydrates from storage': (L) => quiet(() => {
    const M = L.middleware;
    const storage = memoryStorage({ p: { state: { n: 5, extra: 'stored' }, version: 0 } });
    const api = L.createStore(M.persist((set) => ({ n: 0, inc: () => set((s) => ({ n: s.n + 1 })) }), { name: 'p', storage: M.createJSONStorage(() => storage) }));
    const atStart = { state: api.getState(), hydrated: api.persist.hasHydrated(), storage: storage.dump() };
    const r1 = api.getState().inc();
    const r2 = api.setState({ n: 100 });
    const afterSet = storage.dump();
    const opts = api.persist.getOptions();
    const initial = typeof api.getInitialState === 'function' ? api.getInitialState() : 'absent';
    api.persist.clearStorage();
    return { atStart, r1, r2, afterSet, options: { name: opts.name, version: opts.version, keys: Object.keys(opts).sort() }, initial, cleared: storage.dump(), persistKeys: Object.keys(api.persist) };
  }),
  'persist with empty storage': (L) => quiet(() => {
    const M = L.middleware;
    const storage = memoryStorage();
    const api = L.createStore(M.persist(() => ({ n: 1 }), { name: 'e', storage: M.createJSONStorage(() => storage) }));
    const atStart = { state: api.getState(), hydrated: api.persist.hasHydrated(), storage: storage.dump() };
    api.setState({ n: 2 });
    return { atStart, after: storage.dump() };
  }),
  'persist partialize and merge': (L) => quiet(() => {
    const M = L.middleware;
    const storage = memoryStorage({ pm: { state: { keep: { deep: 1 } }, version: 2 } });
    const api = L.createStore(M.persist(() => ({ keep: { deep: 0, other: 'x' }, skip: 'local' }), {
      name: 'pm',
      version: 2,
      storage: M.createJSONStorage(() => storage),
      partialize: (s) => ({ keep: s.keep }),
      merge: (persisted, current) => ({ ...current, keep: { ...current.keep, ...(persisted?.keep ?? {}) }, merged: true }),
    }));
    const atStart = api.getState();
    api.setState({ skip: 'changed' });
    return { atStart, state: api.getState(), storage: storage.dump() };
  }),
  'persist migrate': (L) => quiet(() => {
    const M = L.middleware;
    const storage = memoryStorage({ m: { state: { old: 3 }, version: 1 } });
    const calls = [];
    const api = L.createStore(M.persist(() => ({ value: 0 }), {
      name: 'm',
      version: 2,
      storage: M.createJSONStorage(() => storage),
      migrate: (state, version) => { calls.push([state, version]); return { value: state.old * 10 }; },
    }));
    return { calls, state: api.getState(), storage: storage.dump() };
  }),
  'persist version mismatch without migrate': (L) => quiet(() => {
    const M = L.middleware;
    const storage = memoryStorage({ v: { state: { value: 9 }, version: 1 } });
    const api = L.createStore(M.persist(() => ({ value: 0 }), { name: 'v', version: 2, storage: M.createJSONStorage(() => storage) }));
    return { state: api.getState(), hydrated: api.persist.hasHydrated(), storage: storage.dump() };
  }),
  'persist migrate returns a Promise': async (L) => quietAsync(async () => {
    const M = L.middleware;
    const storage = memoryStorage({ a: { state: { old: 2 }, version: 0 } });
    const done = [];
    const api = L.createStore(M.persist(() => ({ value: 0 }), {
      name: 'a',
      version: 1,
      storage: M.createJSONStorage(() => storage),
      migrate: (state) => Promise.resolve({ value: state.old + 1 }),
      onRehydrateStorage: () => (state, error) => done.push(['rehydrated', state, error ? error.name : null]),
    }));
    const sync = api.getState();
    await new Promise((resolve) => setImmediate(resolve));
    return { sync, state: api.getState(), done, hydrated: api.persist.hasHydrated(), storage: storage.dump() };
  }),
  'persist listeners and rehydrate': async (L) => quietAsync(async () => {
    const M = L.middleware;
    const storage = memoryStorage({ r: { state: { n: 1 }, version: 0 }, q: { state: { n: 7 }, version: 0 } });
    const log = [];
    const api = L.createStore(M.persist(() => ({ n: 0 }), {
      name: 'r',
      storage: M.createJSONStorage(() => storage),
      onRehydrateStorage: (state) => { log.push(['before', state]); return (after, error) => log.push(['after', after, error ? error.name : null]); },
    }));
    const unH = api.persist.onHydrate((s) => log.push(['onHydrate', s]));
    const unF = api.persist.onFinishHydration((s) => log.push(['onFinish', s]));
    api.persist.setOptions({ name: 'q' });
    const p = api.persist.rehydrate();
    log.push(['returned', p instanceof Promise]);
    await p;
    unH(); unF();
    await api.persist.rehydrate();
    return { log, state: api.getState(), name: api.persist.getOptions().name, storage: storage.dump() };
  }),
  'persist skipHydration': (L) => quiet(() => {
    const M = L.middleware;
    const storage = memoryStorage({ s: { state: { n: 4 }, version: 0 } });
    const api = L.createStore(M.persist(() => ({ n: 0 }), { name: 's', skipHydration: true, storage: M.createJSONStorage(() => storage) }));
    const before = { state: api.getState(), hydrated: api.persist.hasHydrated() };
    api.persist.rehydrate();
    return { before, after: api.getState(), hydrated: api.persist.hasHydrated(), storage: storage.dump() };
  }),
  'persist storage unavailable': (L) => quiet(() => {
    const M = L.middleware;
    const api = L.createStore(M.persist((set) => ({ n: 0, inc: () => set((s) => ({ n: s.n + 1 })) }), { name: 'u', storage: undefined }));
    api.getState().inc();
    return { state: api.getState(), persist: typeof api.persist };
  }),
  'devtools disabled': (L) => quiet(() => {
    const api = L.createStore(L.middleware.devtools((set) => counterState(set), { enabled: false, name: 'off' }));
    api.getState().inc();
    return { state: api.getState(), keys: Object.keys(api) };
  }),
  'devtools with an extension': (L) => quiet(() => {
    const dev = withDevtoolsExtension(() => L.createStore(L.middleware.devtools(
      (set) => ({ ...counterState(set), named: () => set({ count: 42 }, false, 'named/action') }),
      { name: 'probe', anonymousActionType: 'anon' },
    )));
    const api = dev.value;
    api.getState().inc();
    api.getState().named();
    api.setState({ count: 1 }, false, { type: 'object/action', extra: 1 });
    dev.message({ type: 'DISPATCH', payload: { type: 'JUMP_TO_STATE' }, state: JSON.stringify({ count: 9 }) });
    const jumped = api.getState().count;
    dev.message({ type: 'DISPATCH', payload: { type: 'COMMIT' } });
    dev.message({ type: 'DISPATCH', payload: { type: 'PAUSE_RECORDING' } });
    api.setState({ count: 2 }, false, 'paused');
    dev.message({ type: 'DISPATCH', payload: { type: 'PAUSE_RECORDING' } });
    dev.message({ type: 'ACTION', payload: JSON.stringify({ type: '__setState', state: { count: 3 } }) });
    dev.message({ type: 'ACTION', payload: '{not json' });
    dev.message({ type: 'DISPATCH', payload: { type: 'RESET' } });
    return { jumped, state: api.getState(), log: dev.log, keys: Object.keys(api) };
  }),
  'devtools with redux': (L) => quiet(() => {
    const M = L.middleware;
    const dev = withDevtoolsExtension(() => L.createStore(M.devtools(M.redux(reducer, { n: 0 }), { name: 'rx' })));
    const api = dev.value;
    api.dispatch({ type: 'inc' });
    dev.message({ type: 'ACTION', payload: JSON.stringify({ type: 'add', by: 4 }) });
    api.dispatch({ type: '__setState' });
    return { state: api.getState(), log: dev.log };
  }),
  'devtools anonymous action type': (L) => quiet(() => {
    const dev = withDevtoolsExtension(() => L.createStore(L.middleware.devtools((set) => counterState(set), { name: 'anon' })));
    const api = dev.value;
    api.getState().inc();
    function increaseBy(n) { api.setState((s) => ({ count: s.count + n })); }
    increaseBy(3);
    return dev.log.filter((e) => e[0] === 'send').map((e) => e[1]);
  }),
  'unstable_ssrSafe': (L) => {
    const api = L.createStore(L.middleware.unstable_ssrSafe((set) => ({ n: 0, inc: () => set({ n: 1 }) }), true));
    let threw = null;
    try { api.getState().inc(); } catch (e) { threw = e.message; }
    const off = L.createStore(L.middleware.unstable_ssrSafe((set) => ({ n: 0, inc: () => set({ n: 1 }) }), false));
    off.getState().inc();
    return { threw, state: api.getState(), off: off.getState() };
  },
};

/** The app's stores, made once at start with the first version's code. */
export function setup(L) {
  const M = L.middleware;
  const counter = L.createStore((set, get) => ({
    ...counterState(set),
    double: () => set({ count: get().count * 2 }),
  }));
  const counterLog = [];
  // null-safe: setState(null) replaces the state from 4.4.7 on (a listener that threw there
  // would leave the store in that state for the next case).
  counter.subscribe((s, p) => counterLog.push([p?.count ?? null, s?.count ?? null]));

  const selected = L.createStore(M.subscribeWithSelector(M.combine({ a: 0, b: 0 }, (set) => ({
    setA: (a) => set({ a }),
    setB: (b) => set({ b }),
  }))));
  const selectedLog = [];
  selected.subscribe((s) => s.a, (a, prev) => selectedLog.push(['a', prev, a]));
  selected.subscribe((s) => s.a + s.b, (sum) => selectedLog.push(['sum', sum]), { equalityFn: (x, y) => x === y });

  const redux = L.createStore(M.redux(reducer, { n: 0 }));

  const storage = memoryStorage({ app: { state: { theme: 'dark' }, version: 0 } });
  const persisted = L.createStore(M.persist((set) => ({
    theme: 'light',
    count: 0,
    bump: () => set((s) => ({ count: s.count + 1 })),
  }), { name: 'app', storage: M.createJSONStorage(() => storage), partialize: (s) => ({ theme: s.theme, count: s.count }) }));
  storage.dump();

  const dev = withDevtoolsExtension(() => L.createStore(M.devtools((set) => ({
    ...counterState(set),
    named: (n) => set({ count: n }, false, 'set/named'),
  }), { name: 'app-devtools', anonymousActionType: 'anon' })));

  const scratch = L.createStore(() => ({ v: 1 }));
  return { counter, counterLog, selected, selectedLog, redux, persisted, storage, dev: dev.value, devLog: dev.log, devMessage: dev.message, scratch };
}

export const instanceCases = {
  'counter actions': (I) => {
    I.counterLog.length = 0;
    const s = I.counter.getState();
    s.inc(); s.add(4); s.double(); I.counter.getState().inc();
    const r = { log: [...I.counterLog], count: I.counter.getState().count };
    I.counter.setState({ count: 0 });
    I.counterLog.length = 0;
    return r;
  },
  'counter setState forms': (I) => {
    const initial = I.counter.getState();
    const seen = [];
    I.counter.setState({ count: 2 });
    seen.push(I.counter.getState().count);
    I.counter.setState((s) => ({ count: s.count * 5 }));
    seen.push(I.counter.getState().count);
    I.counter.setState({ only: true }, true);
    seen.push(I.counter.getState());
    I.counter.setState(null);
    seen.push(I.counter.getState());
    I.counter.setState('text');
    seen.push(I.counter.getState());
    const log = [...I.counterLog];
    I.counter.setState(initial, true);
    I.counterLog.length = 0;
    return { seen, log, restored: I.counter.getState() === initial };
  },
  'counter subscribe and unsubscribe': (I) => {
    const log = [];
    const un = I.counter.subscribe((s) => log.push(s.count));
    I.counter.getState().inc();
    const first = un();
    const again = un();
    I.counter.getState().inc();
    I.counter.setState({ count: 0 });
    I.counterLog.length = 0;
    return { log, first, again };
  },
  'counter api': (I) => {
    const keys = Object.keys(I.counter);
    let initial;
    try { initial = I.counter.getInitialState().count; } catch (e) { initial = e.name; }
    return { keys, initial };
  },
  'scratch destroy': (I) => quiet(() => {
    const log = [];
    const un = I.scratch.subscribe((s) => log.push(s?.v ?? null));
    I.scratch.setState({ v: 2 });
    let threw = null;
    try { I.scratch.destroy(); } catch (e) { threw = e.name; }
    I.scratch.setState({ v: 3 });
    const r = { log, threw, v: I.scratch.getState().v };
    un(); // 5.x has no destroy: the listener must not stay for the next run
    I.scratch.setState({ v: 1 }, true);
    return r;
  }),
  'scratch non-object': (I) => {
    const seen = [];
    for (const v of [null, { w: 2 }, 7, { x: 1 }]) {
      I.scratch.setState(v);
      seen.push(I.scratch.getState());
    }
    I.scratch.setState({ v: 1 }, true);
    return seen;
  },
  'selector store': (I) => {
    I.selectedLog.length = 0;
    const s = I.selected.getState();
    s.setA(1); s.setB(2); s.setA(1); s.setB(-1);
    const r = { log: [...I.selectedLog], state: I.selected.getState() };
    s.setA(0); s.setB(0);
    I.selectedLog.length = 0;
    return r;
  },
  'redux store': (I) => {
    const r1 = I.redux.dispatch({ type: 'inc' });
    I.redux.getState().dispatch({ type: 'add', by: 3 });
    const r = { r1, n: I.redux.getState().n, fromDevtools: I.redux.dispatchFromDevtools };
    I.redux.dispatch({ type: 'reset' });
    return r;
  },
  'persisted store': (I) => quiet(() => {
    I.storage.dump();
    const start = I.persisted.getState();
    start.bump();
    const r2 = I.persisted.setState({ theme: 'blue' });
    const r = { r2, state: I.persisted.getState(), storage: I.storage.dump(), hydrated: I.persisted.persist.hasHydrated(), name: I.persisted.persist.getOptions().name };
    I.persisted.setState({ theme: 'dark', count: 0 });
    I.storage.dump();
    return r;
  }),
  'persisted rehydrate': async (I) => quietAsync(async () => {
    I.storage.reset({ app: { state: { theme: 'green', count: 3 }, version: 0 } });
    await I.persisted.persist.rehydrate();
    const r = { state: I.persisted.getState(), storage: I.storage.dump(), hydrated: I.persisted.persist.hasHydrated() };
    I.persisted.setState({ theme: 'dark', count: 0 });
    I.storage.reset({ app: { state: { theme: 'dark', count: 0 }, version: 0 } });
    return r;
  }),
  'devtools store': (I) => quiet(() => {
    I.devLog.length = 0;
    I.dev.getState().inc();
    I.dev.getState().named(7);
    I.dev.setState({ count: 8 }, false, 'direct');
    I.devMessage({ type: 'DISPATCH', payload: { type: 'JUMP_TO_STATE' }, state: JSON.stringify({ count: 1 }) });
    const jumped = I.dev.getState().count;
    I.devMessage({ type: 'DISPATCH', payload: { type: 'COMMIT' } });
    const r = { jumped, log: [...I.devLog] };
    I.dev.setState({ count: 0 }, false, 'restore');
    I.devLog.length = 0;
    return r;
  }),
};
