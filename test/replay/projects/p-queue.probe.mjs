// The p-queue probe. `L` is the namespace of dist/index.js: `{ default: PQueue }`, later also
// `AbortError` (7.x), `PriorityQueue`, `TimeoutError` (9.x). Tasks settle after a fixed
// number of microtask turns (no timers, no clock: no `interval`, no `timeout`); every case
// awaits `onIdle()` so nothing runs past it, and records the order in which tasks start and
// settle, the events, sizes and pending counts. A version that lacks a method or option
// throws or ignores it, and that is the result.
//
// `setup` makes what a program keeps from the first version: a queue with listeners, a paused
// one, a subclass and an instance of it; every instance case leaves its queue idle and its
// log empty, so the probe can run twice.

import { eachAwaited as each } from './serialize.mjs';

/** A task: logs its start, waits `turns` microtask turns, logs its end, returns (or throws). */
const task = (log, name, turns, fail = false) => async () => {
  log.push(`start ${name}`);
  for (let i = 0; i < turns; i++) await null;
  log.push(`end ${name}`);
  if (fail) throw new Error(`fail ${name}`);
  return name;
};

/** Settles `p` into a value, recording how. */
const settle = (p) => p.then((v) => ({ ok: v }), (e) => ({ err: `${e?.name}: ${e?.message}` }));

/** What a queue says about itself (each part caught: an old instance may lack what it reads). */
const state = (q) => {
  const out = {};
  for (const k of ['size', 'pending', 'isPaused', 'concurrency', 'timeout', 'isSaturated', 'isRateLimited']) {
    try {
      out[k] = q[k];
    } catch (e) {
      out[k] = { threw: `${e?.name}: ${e?.message}` };
    }
  }
  return out;
};

const EVENTS = ['add', 'active', 'next', 'completed', 'error', 'empty', 'idle'];
/** Records the queue's events into `log` until the returned function is called. */
const listen = (q, log) => {
  const fns = EVENTS.map((e) => [e, (v) => log.push(v === undefined ? `@${e}` : `@${e}:${v instanceof Error ? v.message : v}`)]);
  for (const [e, f] of fns) q.on(e, f);
  return () => { for (const [e, f] of fns) q.off(e, f); };
};

/** A run: tasks added to `q` at once (each `[name, turns, options?, fail?]`), awaited to idle. */
async function run(q, tasks) {
  const log = [];
  const stop = listen(q, log);
  const results = tasks.map(([name, turns, options, fail]) => settle(q.add(task(log, name, turns, fail), options)));
  const during = state(q);
  await q.onIdle();
  stop();
  return { during, results: await Promise.all(results), log, after: state(q) };
}

export const cases = {
  'class': (L) => {
    const P = L.default;
    const q = new P();
    return {
      name: P.name,
      length: P.length,
      proto: Object.getOwnPropertyNames(P.prototype).sort(),
      parentProto: Object.getOwnPropertyNames(Object.getPrototypeOf(P.prototype)).sort(),
      own: Object.keys(q).sort(),
      state: state(q),
      exports: Object.keys(L).sort(),
    };
  },
  'options checks': (L) => each([
    ['none', () => state(new L.default())],
    ['concurrency 0', () => new L.default({ concurrency: 0 })],
    ['concurrency string', () => new L.default({ concurrency: '2' })],
    ['intervalCap 0', () => new L.default({ intervalCap: 0 })],
    ['interval -1', () => new L.default({ interval: -1 })],
    ['strict without interval', () => state(new L.default({ strict: true }))],
    ['set concurrency', () => { const q = new L.default({ concurrency: 2 }); q.concurrency = 5; return q.concurrency; }],
    ['set concurrency 0', () => { const q = new L.default(); q.concurrency = 0; return q.concurrency; }],
  ]),
  'concurrency 2': (L) => run(new L.default({ concurrency: 2 }), [['a', 3], ['b', 1], ['c', 2], ['d', 0], ['e', 4], ['f', 1]]),
  'concurrency 1 priorities': async (L) => {
    const q = new L.default({ concurrency: 1, autoStart: false });
    const log = [];
    const p = [
      settle(q.add(task(log, 'low', 1), { priority: -1 })),
      settle(q.add(task(log, 'mid', 1))),
      settle(q.add(task(log, 'high', 1), { priority: 5 })),
      settle(q.add(task(log, 'mid2', 1), { priority: 0 })),
      settle(q.add(task(log, 'high2', 1), { priority: 5 })),
    ];
    const before = { state: state(q), by5: q.sizeBy({ priority: 5 }), by0: q.sizeBy({ priority: 0 }) };
    q.start();
    await q.onIdle();
    return { before, results: await Promise.all(p), log, after: state(q) };
  },
  'errors': (L) => run(new L.default({ concurrency: 2 }), [['ok', 1], ['bad', 2, undefined, true], ['ok2', 0], ['bad2', 0, undefined, true]]),
  'pause start clear': async (L) => {
    const q = new L.default({ concurrency: 1 });
    const log = [];
    const p = [];
    for (const n of ['a', 'b', 'c', 'd']) p.push(settle(q.add(task(log, n, 1))));
    q.pause();
    const paused = state(q);
    await null; await null; await null; await null;
    const mid = { state: state(q), log: [...log] };
    q.clear();
    const cleared = state(q);
    q.start();
    await q.onIdle();
    const r = await Promise.race([Promise.all(p), Promise.resolve('pending')]);
    return { paused, mid, cleared, log, after: state(q), settledAll: r === 'pending' ? 'pending' : r };
  },
  'addAll': async (L) => {
    const q = new L.default({ concurrency: 3 });
    const log = [];
    const all = await settle(q.addAll([task(log, 'x', 2), task(log, 'y', 0), task(log, 'z', 1)], { priority: 1 }));
    await q.onIdle();
    return { all, log };
  },
  'onEmpty onSizeLessThan': async (L) => {
    const q = new L.default({ concurrency: 1 });
    const log = [];
    for (const n of ['a', 'b', 'c', 'd', 'e']) q.add(task(log, n, 1));
    const marks = [];
    const w = [
      q.onSizeLessThan(3).then(() => marks.push(['<3', q.size, q.pending])),
      q.onEmpty().then(() => marks.push(['empty', q.size, q.pending])),
      q.onIdle().then(() => marks.push(['idle', q.size, q.pending])),
    ];
    await Promise.all(w);
    const empty = new L.default();
    await empty.onEmpty(); await empty.onIdle(); await empty.onSizeLessThan(1);
    return { marks, log };
  },
  'signal': (L) => each([
    ['aborted before add', async () => {
      const q = new L.default({ concurrency: 1 });
      const c = new AbortController();
      c.abort(new Error('stop'));
      const log = [];
      const r = await settle(q.add(task(log, 'a', 1), { signal: c.signal }));
      await q.onIdle();
      return { r, log, state: state(q) };
    }],
    ['aborted while queued', async () => {
      const q = new L.default({ concurrency: 1 });
      const c = new AbortController();
      const log = [];
      const p = [settle(q.add(task(log, 'a', 2))), settle(q.add(task(log, 'b', 1), { signal: c.signal })), settle(q.add(task(log, 'c', 1)))];
      c.abort(new Error('stop b'));
      await q.onIdle();
      return { r: await Promise.all(p), log, state: state(q) };
    }],
  ]),
  'ids and setPriority': (L) => each([
    ['setPriority', async () => {
      const q = new L.default({ concurrency: 1, autoStart: false });
      const log = [];
      const p = [settle(q.add(task(log, 'a', 0), { id: 'a' })), settle(q.add(task(log, 'b', 0), { id: 'b' })), settle(q.add(task(log, 'c', 0), { id: 'c', priority: 1 }))];
      let r;
      try { q.setPriority('a', 2); r = 'set'; } catch (e) { r = `${e?.name}: ${e?.message}`; }
      let missing;
      try { q.setPriority('zz', 2); missing = 'set'; } catch (e) { missing = `${e?.name}: ${e?.message}`; }
      q.start();
      await q.onIdle();
      return { r, missing, results: await Promise.all(p), log };
    }],
    ['runningTasks', async () => {
      const q = new L.default({ concurrency: 2 });
      const log = [];
      const p = [q.add(task(log, 'a', 2), { id: 'A', priority: 3 }), q.add(task(log, 'b', 2)), q.add(task(log, 'c', 2))];
      await null;
      const running = q.runningTasks?.map(({ startTime, timeoutRemaining, ...t }) => t) ?? null;
      await Promise.all(p);
      await q.onIdle();
      return { running, after: q.runningTasks?.length ?? null };
    }],
  ]),
  'queueClass': async (L) => {
    class Fifo {
      items = [];
      enqueue(run, options) { this.items.push({ run, options }); }
      dequeue() { return this.items.shift()?.run; }
      get size() { return this.items.length; }
      filter(o) { return this.items.filter((i) => (i.options?.priority ?? 0) === o.priority).map((i) => i.run); }
    }
    return run(new L.default({ concurrency: 1, queueClass: Fifo }), [['a', 1, { priority: 1 }], ['b', 0, { priority: 9 }], ['c', 1]]);
  },
  'PriorityQueue': (L) => each([
    ['exported', () => typeof L.PriorityQueue],
    ['order', () => {
      const P = L.PriorityQueue;
      if (!P) return null;
      const pq = new P();
      const f = (n) => Object.assign(() => n, { n });
      for (const [n, priority] of [['a', 0], ['b', 2], ['c', 1], ['d', 2], ['e', -1]]) pq.enqueue(f(n), { priority, id: n });
      const sized = [pq.size, pq.filter({ priority: 2 }).map((r) => r.n)];
      pq.setPriority?.('e', 3);
      pq.remove?.('c');
      const out = [];
      for (let r = pq.dequeue(); r; r = pq.dequeue()) out.push(r.n);
      return { sized, out, size: pq.size };
    }],
  ]),
  'subclass': async (L) => {
    class Counting extends L.default {
      added = 0;
      add(fn, o) { this.added++; return super.add(fn, o); }
    }
    const q = new Counting({ concurrency: 2 });
    const r = await run(q, [['a', 1], ['b', 0], ['c', 2]]);
    return { ...r, added: q.added, inst: q instanceof L.default };
  },
  'many': async (L) => {
    const q = new L.default({ concurrency: 7 });
    const order = [];
    const all = [];
    for (let i = 0; i < 200; i++) all.push(q.add(async () => { for (let t = 0; t < i % 5; t++) await null; order.push(i); return i; }, { priority: i % 3 }));
    const sum = (await Promise.all(all)).reduce((a, b) => a + b, 0);
    await q.onIdle();
    return { sum, first: order.slice(0, 12), last: order.slice(-6), state: state(q) };
  },
};

/** What the app keeps from the first version: queues (one with listeners), a paused one, a subclass. */
export function setup(L) {
  const log = [];
  const busy = new L.default({ concurrency: 2 });
  listen(busy, log);
  const paused = new L.default({ concurrency: 1, autoStart: false });
  class Counting extends L.default {
    added = 0;
    add(fn, o) { this.added++; return super.add(fn, o); }
  }
  const counting = new Counting({ concurrency: 1 });
  return { log, busy, paused, Counting, counting, add: busy.add.bind(busy) };
}

export const instanceCases = {
  'old queue with listeners': (I) => each([
    ['run', async () => {
      I.log.length = 0;
      const log = [];
      const p = ['a', 'b', 'c'].map((n, i) => settle(I.busy.add(task(log, n, 3 - i))));
      const during = state(I.busy);
      await I.busy.onIdle();
      const r = { during, results: await Promise.all(p), log, events: [...I.log], after: state(I.busy) };
      I.log.length = 0;
      return r;
    }],
    ['bound add', async () => {
      I.log.length = 0;
      const log = [];
      const r = await settle(I.add(task(log, 'x', 1)));
      await I.busy.onIdle();
      I.log.length = 0;
      return { r, log };
    }],
    ['errors', async () => {
      I.log.length = 0;
      const log = [];
      const r = await settle(I.busy.add(task(log, 'bad', 1, true)));
      await I.busy.onIdle();
      const events = [...I.log];
      I.log.length = 0;
      return { r, log, events };
    }],
  ]),
  'old paused queue': (I) => each([
    ['run', async () => {
      const log = [];
      const p = [settle(I.paused.add(task(log, 'a', 1))), settle(I.paused.add(task(log, 'b', 0), { priority: 2 }))];
      await null;
      const before = { state: state(I.paused), log: [...log] };
      I.paused.start();
      await I.paused.onIdle();
      I.paused.pause();
      return { before, results: await Promise.all(p), log, after: state(I.paused) };
    }],
  ]),
  'subclass made at start': (I) => each([
    ['old', async () => {
      I.counting.added = 0;
      const r = await run(I.counting, [['a', 1], ['b', 0]]);
      return { ...r, added: I.counting.added };
    }],
    ['fresh', async () => {
      const q = new I.Counting({ concurrency: 2 });
      const r = await run(q, [['a', 1], ['b', 0]]);
      return { ...r, added: q.added };
    }],
  ]),
};
