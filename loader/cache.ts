/**
 * A disk cache of instrumented modules, keyed by content: instrumenting is a pure function
 * of (source, first load or not) and of limeade's own loader code, so its output can be
 * reused by the next start of the program. Parsing is most of limeade's start-up cost
 * (acorn, cold, ~2 MB/s), so a warm start skips it. Like babel's and tsx's caches it lives
 * in `node_modules/.cache/limeade` (or the system temp directory); `LIMEADE_CACHE=0` turns
 * it off, `LIMEADE_CACHE_DIR` moves it. Every failure just means no cache.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface InstrumentCache {
  get(source: string, reimport: boolean): string | undefined;
  set(source: string, reimport: boolean, code: string): void;
}

const NONE: InstrumentCache = { get: () => undefined, set: () => {} };

export function cacheDir(env: NodeJS.ProcessEnv, cwd: string): string | null {
  if (env.LIMEADE_CACHE === '0' || env.LIMEADE_CACHE === 'false') return null;
  if (env.LIMEADE_CACHE_DIR) return env.LIMEADE_CACHE_DIR;
  const modules = join(cwd, 'node_modules');
  return existsSync(modules) ? join(modules, '.cache', 'limeade') : join(tmpdir(), 'limeade-cache');
}

/** What the output depends on besides the source: the loader's own code. */
function loaderFingerprint(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const h = createHash('sha1');
  for (const f of ['instrument.js', 'ctor.js', 'analyze.js', 'names.js']) h.update(readFileSync(join(here, f)));
  return h.digest('hex');
}

export function createCache(dir: string | null): InstrumentCache {
  if (!dir) return NONE;
  let salt: string;
  try {
    salt = loaderFingerprint();
  } catch {
    return NONE;
  }
  let made = false;
  const file = (source: string, reimport: boolean): string =>
    join(dir, `${createHash('sha1').update(salt).update(reimport ? '1' : '0').update(source).digest('hex')}.js`);
  return {
    get(source, reimport) {
      try {
        return readFileSync(file(source, reimport), 'utf8');
      } catch {
        return undefined;
      }
    },
    set(source, reimport, code) {
      try {
        if (!made) mkdirSync(dir, { recursive: true });
        made = true;
        const target = file(source, reimport);
        const temp = `${target}.${process.pid}.tmp`;
        writeFileSync(temp, code);
        renameSync(temp, target); // never a half-written entry for another process
      } catch {
        /* a cache that cannot be written is no cache */
      }
    },
  };
}
