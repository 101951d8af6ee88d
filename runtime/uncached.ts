/**
 * Code a refresh compiles, compiled past V8's compilation cache (Node 26).
 *
 * V8 keeps what direct eval compiled in its compilation cache, keyed by the text; a refresh's
 * texts never come back (each is a new version of a function), so every entry is kept for
 * nothing. Measured after forced GC (test/unit/uncached.test.mjs): Node 26 keeps
 * 1.1–2.7 KB per compiled text, most of what a patch kept per edit there (docs/benchmarks.md,
 * run 14); with the cache off, 0.1 KB. Node 20, 22 and 24 keep 0.12–0.15 KB, and on Node 20
 * turning the flag off and on costs more (0.66 KB a text) than it saves: there, and on 22
 * and 24, nothing is done. On Node 26 and later the scope hooks compile with the cache off
 * (`--no-compilation-cache`) and turn it back on right after, synchronously. Node documents
 * `v8.setFlagsFromString` for use at run time; where it throws (flags frozen), or where the
 * program set the flag itself (its command line or NODE_OPTIONS mention it, so turning it
 * "back on" could be wrong), nothing is changed.
 */
type V8 = { setFlagsFromString(flags: string): void };

let v8: V8 | null | undefined;

function flags(): V8 | null {
  if (v8 !== undefined) return v8;
  const own = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('compilation-cache') || a.includes('compilation_cache'));
  const keeps = Number(process.versions.node.split('.')[0]) >= 26;
  v8 = own || !keeps ? null : (process.getBuiltinModule('node:v8') as V8);
  return v8;
}

export function uncached<T>(compile: () => T): T {
  const v = flags();
  if (!v) return compile();
  try {
    v.setFlagsFromString('--no-compilation-cache');
  } catch {
    v8 = null;
    return compile();
  }
  try {
    return compile();
  } finally {
    v.setFlagsFromString('--compilation-cache');
  }
}
