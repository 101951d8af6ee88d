// p-queue: a promise queue with concurrency control, several ES modules (`dist/index.js`:
// `PQueue extends EventEmitter` from the `eventemitter3` package; `priority-queue.js`: the
// default `queueClass`, `PriorityQueue`; `lower-bound.js`; `options.js` and `queue.js`, empty
// once types are stripped). 7.0.0–7.1.0 are TypeScript's down-levelled classes (public `_x`
// fields set with `Object.defineProperty`), 7.2.0–7.4.1 `#private` compiled to WeakMaps
// (`__classPrivateFieldGet`), 8.0.0 on native `#private` fields, accessors and async methods
// (`async #onEvent`), 9.x many more of them (`#runningTasks = new Map()`, `#idAssigner = 1n`,
// strict rate limiting, `#queueAbortListenerCleanupFunctions`), `PriorityQueue` with its own
// `#queue` and from 9.3.x `#head`, and the module re-exporting `PriorityQueue` and p-timeout's
// `TimeoutError`. What a program holds is the class, queues made at start (listeners on them),
// and a subclass: old instances reached by code using names their class gained (§3.11).
//
// Dependencies, pinned: `eventemitter3` 5.0.1 and `p-timeout` 6.1.4 (7.x asked for ^5, 8.x for
// ^6, 9.x for ^7; 6.1.4 exports what every version imports: the default, `TimeoutError`). The
// probe sets no `timeout` (p-timeout's signature changed, and it reads the clock) and no
// `interval`: every task settles after a fixed number of microtask turns.
//
// Window: 7.0.0 → 9.3.5, every version (7.3.1 ships no dist: left out; 8.0.1 ships 8.0.0's
// files and is dropped by the replay). The queues `setup` makes with 7.0.0 keep their state in
// public `_x` fields, and from 7.2.0 the code reads it from WeakMaps they are not in (then
// from `#names` grown for them, initialized empty): the instance cases differ from 7.2.0 on,
// as any object made by an old constructor that kept its state elsewhere would. The short
// window starts at 8.0.0, whose queues carry native `#names`: 9.x grows more on them.
export default {
  name: 'p-queue',
  kind: 'several ES modules: a #private-heavy class extending EventEmitter (a package), a #private PriorityQueue, async #methods; queues and a subclass made at start',
  source: {
    type: 'npm',
    package: 'p-queue',
    root: 'dist',
    include: (rel) => /^[a-z-]+\.js$/.test(rel),
  },
  deps: { eventemitter3: '5.0.1', 'p-timeout': '6.1.4' },
  entry: 'index.js',
  windows: {
    // CI: native #private (8.0.0, instances made at start by 7.4.1 hold their state in
    // WeakMaps), setPriority and ids (8.1.0), runningTasks, #idAssigner, re-exports (9.0.0),
    // PriorityQueue's #head (9.3.x).
    short: ['8.0.0', '8.1.0', '9.0.0', '9.3.5'],
    long: [
      '7.0.0', '7.1.0', '7.2.0', '7.3.0', '7.3.3', '7.3.4', '7.4.0', '7.4.1', '8.0.0', '8.0.1',
      '8.1.0', '8.1.1', '9.0.0', '9.0.1', '9.1.0', '9.1.1', '9.1.2', '9.2.0', '9.3.0', '9.3.1',
      '9.3.2', '9.3.3', '9.3.4', '9.3.5',
    ],
  },
  probe: new URL('./p-queue.probe.mjs', import.meta.url),
};
