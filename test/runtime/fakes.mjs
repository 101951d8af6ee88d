// Fakes for the runtime's in-process tests: a clock that moves only when a test advances it,
// a file system of paths and inode numbers, a chokidar that emits what a test tells it to,
// and a deferred promise. No real timer, no disk.

/**
 * Timers and immediates on a clock that starts at 0 and moves only in advance(). Like Node's
 * loop, each step runs every timeout due at that moment, then the immediates (the check
 * phase), so callbacks due together are one loop turn.
 */
export class FakeClock {
  now = 0;
  #seq = 0;
  #timeouts = [];
  #immediates = [];

  setTimeout(callback, ms) {
    const timeout = { at: this.now + Math.max(1, ms), seq: this.#seq++, callback, unref: () => timeout };
    this.#timeouts.push(timeout);
    return timeout;
  }

  clearTimeout(timeout) {
    this.#timeouts = this.#timeouts.filter((t) => t !== timeout);
  }

  setImmediate(callback) {
    const immediate = { callback };
    this.#immediates.push(immediate);
    return immediate;
  }

  clearImmediate(immediate) {
    this.#immediates = this.#immediates.filter((i) => i !== immediate);
  }

  /** Timeouts not yet run, as [ms from now, ...] in the order they are due. */
  pending() {
    return this.#due(Infinity).map((t) => t.at - this.now);
  }

  /**
   * Ends the current turn (its immediates), then moves `ms` forward turn by turn. Resolves
   * when the promises the callbacks returned have (a timer running an async function).
   */
  async advance(ms = 0) {
    const results = [this.#check()];
    const until = this.now + ms;
    for (let next = this.#due(until)[0]; next; next = this.#due(until)[0]) {
      this.now = next.at;
      for (const t of this.#due(this.now)) {
        this.clearTimeout(t);
        results.push(t.callback());
      }
      results.push(this.#check());
    }
    this.now = until;
    await Promise.all(results.flat());
  }

  #due(until) {
    return this.#timeouts.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  #check() {
    const ran = [];
    while (this.#immediates.length) {
      const batch = this.#immediates;
      this.#immediates = [];
      for (const i of batch) ran.push(i.callback());
    }
    return ran;
  }
}

/**
 * Files (with an inode number each) and directories. A write keeps the file's inode; a new
 * file gets a new one unless `inode` says which (file systems reuse a freed number).
 */
export class FakeFs {
  #files = new Map();
  #dirs = new Set();
  #inodes = 100;

  write(file, { inode } = {}) {
    this.#dirs.delete(file);
    if (!this.#files.has(file)) this.#files.set(file, inode ?? this.#inodes++);
  }

  remove(file) {
    this.#files.delete(file);
    this.#dirs.delete(file);
  }

  mkdir(file) {
    this.#files.delete(file);
    this.#dirs.add(file);
  }

  existsSync = (file) => this.#files.has(file) || this.#dirs.has(file);
  isFile = (file) => this.#files.has(file);
  inode = (file) => this.#files.get(file);
}

/** chokidar's FSWatcher as the watcher uses it: records calls, emits what the test says. */
export class FakeFSWatcher {
  calls = [];
  #listeners = { all: [], error: [] };

  constructor(options) {
    this.options = options;
  }

  add(paths) {
    this.calls.push(['add', paths]);
  }

  unwatch(paths) {
    this.calls.push(['unwatch', paths]);
  }

  async close() {
    this.calls.push(['close']);
  }

  on(event, listener) {
    this.#listeners[event].push(listener);
    return this;
  }

  /** One event as chokidar sends it: ('change' | 'add' | 'unlink' | 'unlinkDir', path). */
  emit(kind, file) {
    for (const l of this.#listeners.all) l(kind, file);
  }

  error(err) {
    for (const l of this.#listeners.error) l(err);
  }
}

export function deferred() {
  let resolve, reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
