/**
 * A disk cache of instrumented modules, keyed by content: instrumenting is a pure function
 * of (source, first load or not) and of limeade's own loader code, so its output can be
 * reused by the next start of the program. Parsing is most of limeade's cold start-up cost
 * (acorn, ~2 MB/s), so a warm start skips it, and does not even load the parser. Like
 * babel's and tsx's caches it lives in `node_modules/.cache/limeade` (or the system temp
 * directory); `LIMEADE_CACHE=0` turns it off, `LIMEADE_CACHE_DIR` moves it. Every failure
 * just means no cache.
 *
 * An entry is found by the module's file (and whether it is a first load): hashing every
 * module's content would cost more than reading it, and loading `node:crypto` alone ~8 ms
 * of every start. The entry holds the source it was made from and is used only when that
 * source is exactly the one being loaded: an edited file, or a hash collision, is a miss and
 * never another module's code; the new output then replaces the entry.
 */
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
// Not `import ... from 'node:fs'`: its ES module facade loads fs/promises and streams (~3 ms of
// every start); the CommonJS module is already loaded.
const { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = process.getBuiltinModule('node:fs');

export interface InstrumentCache {
  /** `file`: the module's path (without a version query). */
  get(file: string, source: string, reimport: boolean): string | undefined;
  set(file: string, source: string, reimport: boolean, code: string): void;
}

const NONE: InstrumentCache = { get: () => undefined, set: () => {} };

export function cacheDir(env: NodeJS.ProcessEnv, cwd: string): string | null {
  if (env.LIMEADE_CACHE === '0' || env.LIMEADE_CACHE === 'false') return null;
  if (env.LIMEADE_CACHE_DIR) return env.LIMEADE_CACHE_DIR;
  const modules = join(cwd, 'node_modules');
  return existsSync(modules) ? join(modules, '.cache', 'limeade') : join(tmpdir(), 'limeade-cache');
}

/**
 * Two 32-bit lanes over the UTF-16 code units of `text`, continuing from `seed` (16 hex
 * digits, as returned): FNV-1a and a multiply-rotate lane. Not cryptographic; the entry
 * check above makes that safe.
 */
export function hash64(text: string, seed = '811c9dc5c2b2ae35'): string {
  let a = parseInt(seed.slice(0, 8), 16) | 0;
  let b = parseInt(seed.slice(8), 16) | 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x9e3779b1);
    b = (b << 13) | (b >>> 19);
  }
  b = Math.imul(b ^ (b >>> 16), 0x85ebca6b);
  b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  b ^= b >>> 16;
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** What the output depends on besides the source: the loader's own code (a build rewrites it). */
function loaderFingerprint(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const stats = ['instrument.js', 'ctor.js', 'analyze.js', 'contract.js', 'inline.js', 'handles.js', 'closures.js', 'scope.js', 'unheld.js', 'params.js', 'consts.js'].map((f) => {
    const s = statSync(join(here, f));
    return `${f}:${s.size}:${s.mtimeMs}`;
  });
  // The output depends on the V8 version too (loader/closures.ts CONTEXT_CELLS).
  stats.push(`v8:${process.versions.v8}`);
  return hash64(stats.join('|'));
}

/** An entry: this header line, the source it was made from (`length` code units), the code. */
const HEADER = '//limeade-cache ';

export function createCache(dir: string | null): InstrumentCache {
  if (!dir) return NONE;
  let salt: string;
  try {
    salt = loaderFingerprint();
  } catch {
    return NONE;
  }
  let made = false;
  const base = join(dir, sep); // joined once: path.join per module costs ~10 µs on Node 20
  const entryOf = (file: string, reimport: boolean): string => `${base}${hash64(`${reimport ? 1 : 0}${file}`, salt)}.js`;
  return {
    get(file, source, reimport) {
      let entry: string;
      try {
        entry = readFileSync(entryOf(file, reimport), 'utf8');
      } catch {
        return undefined;
      }
      const eol = entry.indexOf('\n');
      if (!entry.startsWith(HEADER) || eol < 0) return undefined;
      const length = Number(entry.slice(HEADER.length, eol));
      const start = eol + 1;
      if (length !== source.length || entry.slice(start, start + length) !== source) return undefined;
      return entry.slice(start + length);
    },
    set(file, source, reimport, code) {
      try {
        if (!made) mkdirSync(dir, { recursive: true });
        made = true;
        const target = entryOf(file, reimport);
        const temp = `${target}.${process.pid}.tmp`;
        writeFileSync(temp, `${HEADER}${source.length}\n${source}${code}`);
        renameSync(temp, target); // never a half-written entry for another process
      } catch {
        /* a cache that cannot be written is no cache */
      }
    },
  };
}
