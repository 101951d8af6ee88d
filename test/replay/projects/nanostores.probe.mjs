// The nanostores probe. Every case builds its own stores from fixed inputs (no time, no
// randomness) and returns what it saw; a case on an API a version lacks throws, and that
// throw is its result. No listener throws: before 1.4 that leaves nanostores' listener
// queue non-empty for good, so the next case would see the previous one's history (the
// replay's repeatability check caught it). `setup` runs once, at start: stores and listeners registered then
// (the app's state), which the instance cases use and leave as they found them.

const events = (store, method = 'listen') => {
  const seen = [];
  const un = store[method]((...args) => seen.push(args.length > 1 ? args.slice(0, 3) : args[0]));
  return { seen, un };
};

export const cases = {
  'atom shape': (L) => L.atom(1),
  'atom listen': (L) => {
    const $a = L.atom(1);
    const { seen, un } = events($a);
    $a.set(2); $a.set(2); $a.set(3);
    un(); un();
    $a.set(4);
    return { seen, value: $a.get(), lc: $a.lc };
  },
  'atom subscribe': (L) => {
    const $a = L.atom('x');
    const { seen, un } = events($a, 'subscribe');
    $a.set('y');
    un();
    return seen;
  },
  'atom set same object': (L) => {
    const o = { a: 1 };
    const $a = L.atom(o);
    const { seen } = events($a);
    $a.set(o); o.a = 2; $a.set(o); $a.set({ a: 2 });
    return seen.length;
  },
  'listener order and nested set': (L) => {
    const $a = L.atom(0);
    const $b = L.atom(0);
    const log = [];
    $a.listen((v) => { log.push(`a1:${v}`); if (v < 2) $b.set(v * 10); });
    $a.listen((v) => log.push(`a2:${v}`));
    $b.listen((v) => log.push(`b:${v}`));
    $a.set(1);
    $a.set(2);
    return log;
  },
  'map setKey': (L) => {
    const $m = L.map({ a: 1, b: 2 });
    const { seen } = events($m);
    $m.setKey('a', 5); $m.setKey('b', undefined); $m.setKey('c', 3); $m.setKey('c', 3);
    $m.set({ z: 1 });
    return { seen, value: $m.get() };
  },
  'computed': (L) => {
    const $a = L.atom(2);
    const $b = L.atom(3);
    let calls = 0;
    const $sum = L.computed([$a, $b], (a, b) => { calls++; return a + b; });
    const before = $sum.get();
    const { seen, un } = events($sum);
    $a.set(10); $b.set(1); $b.set(1);
    un();
    return { before, seen, after: $sum.get(), calls };
  },
  'computed diamond': (L) => {
    const $a = L.atom(1);
    const $b = L.computed($a, (a) => a * 2);
    const $c = L.computed($a, (a) => a * 3);
    const log = [];
    const $d = L.computed([$b, $c], (b, c) => { log.push([b, c]); return b + c; });
    $d.listen((v) => log.push(v));
    $a.set(2); $a.set(3);
    return log;
  },
  'batched': (L) => {
    const $a = L.atom(1);
    const $b = L.batched($a, (a) => a + 100);
    return $b.get();
  },
  'lifecycle': (L) => {
    const $a = L.atom(0);
    const log = [];
    L.onMount($a, () => { log.push('mount'); return () => log.push('unmount'); });
    L.onStart($a, () => log.push('start'));
    L.onStop($a, () => log.push('stop'));
    L.onSet($a, ({ newValue, abort }) => { log.push(`set ${newValue}`); if (newValue === 13) abort(); });
    L.onNotify($a, ({ abort }) => { log.push('notify'); if ($a.value === 7) abort(); });
    const un = $a.listen((v) => log.push(`listener ${v}`));
    $a.set(1); $a.set(13); $a.set(7);
    un();
    return { log, value: $a.get() };
  },
  'keepMount': (L) => {
    const $a = L.atom(0);
    const log = [];
    L.onMount($a, () => { log.push('mount'); });
    L.keepMount($a);
    return { log, lc: $a.lc };
  },
  'listenKeys': (L) => {
    const $m = L.map({ a: 1, b: 1 });
    const seen = [];
    const un = L.listenKeys($m, ['a'], (v, old, key) => seen.push([v.a, key ?? null]));
    $m.setKey('b', 2); $m.setKey('a', 2);
    un();
    $m.setKey('a', 3);
    return seen;
  },
  'subscribeKeys': (L) => {
    const $m = L.map({ a: 1 });
    const seen = [];
    L.subscribeKeys($m, ['a'], (v) => seen.push(v.a));
    $m.setKey('a', 2);
    return seen;
  },
  'deepMap paths': (L) => {
    const $d = L.deepMap({ a: { b: [1, 2] } });
    const { seen } = events($d);
    $d.setKey('a.b[1]', 5); $d.setKey('a.c.d', 'x'); $d.setKey('a.b[3]', 9); $d.setKey('a.b[1]', undefined);
    return { seen, value: $d.get() };
  },
  'getPath setPath': (L) => {
    const o = { a: { b: [{ c: 1 }] } };
    const p = L.setPath(o, 'a.b[0].c', 2);
    return { get: L.getPath(p, 'a.b[0].c'), missing: L.getPath(o, 'x.y'), same: p === o, o };
  },
  'setByKey getKey': (L) => {
    const o = { list: [] };
    const r = L.setByKey(o, 'list[2].x', 'v');
    return { r, get: L.getKey(r, 'list[2].x'), len: r.list.length };
  },
  'batch': (L) => {
    const $a = L.atom(0);
    const $b = L.atom(0);
    const log = [];
    $a.listen((v) => log.push(`a${v}`));
    $b.listen((v) => log.push(`b${v}`));
    const $s = L.computed([$a, $b], (a, b) => a + b);
    $s.listen((v) => log.push(`s${v}`));
    L.batch(() => { $a.set(1); $b.set(2); $a.set(3); });
    return log;
  },
  'effect': (L) => {
    const $a = L.atom(1);
    const log = [];
    const stop = L.effect([$a], (a) => { log.push(`run ${a}`); return () => log.push(`clean ${a}`); });
    $a.set(2);
    stop();
    $a.set(3);
    return log;
  },
  'task': async (L) => {
    const order = [];
    L.task(async () => { order.push('t1'); await null; order.push('t1 done'); return 1; });
    const end = L.startTask();
    order.push('manual');
    end();
    await L.allTasks();
    order.push('all');
    return order;
  },
  'mapCreator': (L) => {
    const User = L.mapCreator((store, id) => { store.setKey('id', id); store.setKey('name', `user ${id}`); });
    const a = User('1');
    const b = User('1');
    return { same: a === b, value: a.get() };
  },
  'readonlyType': (L) => {
    const $a = L.atom(5);
    return L.readonlyType($a) === $a;
  },
  'store unmount delay': (L) => L.STORE_UNMOUNT_DELAY,
};

/** The app's state, made once at start with the first version's code. */
export function setup(L) {
  const $count = L.atom(0);
  const log = [];
  $count.listen((v) => log.push(v));
  const $user = L.map({ name: 'ann', age: 30 });
  const userLog = [];
  $user.listen((v, ...rest) => userLog.push(rest.length > 1 ? rest[1] ?? null : rest[0] ?? null));
  const $double = L.computed($count, (n) => n * 2);
  $double.listen(() => {});
  const $lazy = L.computed([$count, $user], (n, u) => `${u.name}:${n}`); // never listened to
  return { $count, log, $user, userLog, $double, $lazy };
}

export const instanceCases = {
  'count set': (I) => {
    I.log.length = 0;
    I.$count.set(5); I.$count.set(5); I.$count.set(7);
    const r = { log: [...I.log], value: I.$count.get(), double: I.$double.get(), lazy: I.$lazy.get() };
    I.$count.set(0);
    I.log.length = 0;
    return r;
  },
  'user setKey': (I) => {
    I.userLog.length = 0;
    I.$user.setKey('age', 31); I.$user.setKey('age', 31); I.$user.setKey('city', 'x');
    const r = { log: [...I.userLog], value: I.$user.get() };
    I.$user.set({ name: 'ann', age: 30 });
    I.userLog.length = 0;
    return r;
  },
  'atom shape': (I) => I.$count,
};
