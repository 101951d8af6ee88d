/**
 * The refresh queue: one refresh at a time.
 *
 * A refresh reads and patches the live module graph; two at once would diff against a base
 * the other is replacing. Requests that arrive while one runs (the watcher's next burst, an
 * `import.meta.hot.invalidate()`, a `refresh()` call) are merged into exactly one follow-up
 * refresh covering the union of their files, and every merged caller gets that follow-up's
 * promise. `undefined` files means every loaded file, which absorbs any set.
 */

/** Files a refresh covers; `undefined`: every loaded file. */
export type Files = Set<string> | undefined;

/** Asks for a refresh of `files` (every loaded file without). */
export type RequestRefresh<R> = (files?: Set<string>) => Promise<R>;

interface FollowUp<R> {
  /** A copy: merging never changes a caller's set. */
  files: Files;
  promise: Promise<R>;
}

/**
 * @param refreshOnce runs one refresh; the queue never calls it while its last call is pending.
 *
 * @example
 * const request = createQueue((files) => refreshOnce(files));
 * void request(new Set([changedFile]));
 */
export function createQueue<R>(refreshOnce: (files: Files) => Promise<R>): RequestRefresh<R> {
  let running: Promise<R> | undefined;
  let queued: FollowUp<R> | undefined;
  const start = (files: Files): Promise<R> => {
    const p = refreshOnce(files).finally(() => {
      // With a follow-up queued the queue stays busy until that starts: a caller of this
      // refresh who asks again as soon as it hears (before the follow-up's turn) joins it
      // instead of starting a refresh beside it.
      if (running === p && !queued) running = undefined;
    });
    running = p;
    return p;
  };
  const merge = (into: FollowUp<R>, files: Files): void => {
    if (!files) into.files = undefined;
    else if (into.files) for (const f of files) into.files.add(f);
  };
  return (files) => {
    if (!running) return start(files);
    if (queued) {
      merge(queued, files);
      return queued.promise;
    }
    const go = (): Promise<R> => {
      queued = undefined;
      return start(next.files);
    };
    // After a rejection too (refreshOnce never rejects unless limeade has a bug): otherwise the
    // follow-up would never run and every later request would merge into it.
    const next: FollowUp<R> = { files: files && new Set(files), promise: running.then(go, go) };
    queued = next;
    return next.promise;
  };
}
