// The disk cache of instrumented modules (loader/cache.ts): an entry is found by file, and
// used only for the exact source it was made from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDir, createCache, hash64 } from '../../dist/loader/cache.js';

function withDir(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'limeade-cache-test-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('an entry is returned for the same file and the same source, in a new cache on the same directory', () =>
  withDir((dir) => {
    createCache(dir).set('/app/a.js', 'export const a = 1;', false, 'CODE-A');
    assert.equal(createCache(dir).get('/app/a.js', 'export const a = 1;', false), 'CODE-A');
  }));

test('an edited source, another file, or the other load kind is a miss', () =>
  withDir((dir) => {
    const cache = createCache(dir);
    cache.set('/app/a.js', 'export const a = 1;', false, 'CODE-A');
    assert.equal(cache.get('/app/a.js', 'export const a = 2;', false), undefined);
    assert.equal(cache.get('/app/a.js', 'export const a = 1', false), undefined, 'a prefix of the source is not the source');
    assert.equal(cache.get('/app/b.js', 'export const a = 1;', false), undefined);
    assert.equal(cache.get('/app/a.js', 'export const a = 1;', true), undefined);
    cache.set('/app/a.js', 'export const a = 1;', true, 'CODE-A-REIMPORT');
    assert.equal(cache.get('/app/a.js', 'export const a = 1;', false), 'CODE-A');
    assert.equal(cache.get('/app/a.js', 'export const a = 1;', true), 'CODE-A-REIMPORT');
  }));

test('a new source replaces the entry of its file', () =>
  withDir((dir) => {
    const cache = createCache(dir);
    cache.set('/app/a.js', 'v1', false, 'CODE-1');
    cache.set('/app/a.js', 'v2', false, 'CODE-2');
    assert.equal(cache.get('/app/a.js', 'v2', false), 'CODE-2');
    assert.equal(cache.get('/app/a.js', 'v1', false), undefined);
    assert.equal(readdirSync(dir).length, 1);
  }));

test('a damaged or foreign entry is a miss, never code', () =>
  withDir((dir) => {
    const cache = createCache(dir);
    cache.set('/app/a.js', 'src', false, 'CODE');
    const [entry] = readdirSync(dir);
    for (const text of ['', 'CODE', '//limeade-cache 3\nsrx' + 'CODE', '//limeade-cache 99\nsrcCODE', '//limeade-cache x\nsrcCODE']) {
      writeFileSync(join(dir, entry), text);
      assert.equal(cache.get('/app/a.js', 'src', false), undefined, JSON.stringify(text));
    }
  }));

test('source text with any characters round-trips, and an unwritable directory is no cache', () => {
  withDir((dir) => {
    const cache = createCache(dir);
    const source = 'export const s = "é — 漢字 \\n 😀";\n//limeade-cache 3\n';
    cache.set('/app/u.js', source, false, 'CODE\n//limeade-cache 1\n');
    assert.equal(cache.get('/app/u.js', source, false), 'CODE\n//limeade-cache 1\n');
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, '');
    const broken = createCache(join(file, 'cache'));
    broken.set('/app/a.js', 'src', false, 'CODE');
    assert.equal(broken.get('/app/a.js', 'src', false), undefined);
  });
});

test('LIMEADE_CACHE=0 turns the cache off; LIMEADE_CACHE_DIR moves it', () => {
  assert.equal(cacheDir({ LIMEADE_CACHE: '0' }, '/x'), null);
  assert.equal(cacheDir({ LIMEADE_CACHE_DIR: '/somewhere' }, '/x'), '/somewhere');
  const off = createCache(null);
  off.set('/app/a.js', 'src', false, 'CODE');
  assert.equal(off.get('/app/a.js', 'src', false), undefined);
});

test('hash64: 16 hex digits, deterministic, seeded, sensitive to every character', () => {
  assert.match(hash64('abc'), /^[0-9a-f]{16}$/);
  assert.equal(hash64('abc'), hash64('abc'));
  assert.notEqual(hash64('abc'), hash64('abd'));
  assert.notEqual(hash64('abc'), hash64('abc', hash64('seed')));
  const seen = new Set();
  for (let i = 0; i < 20000; i++) seen.add(hash64(`/app/src/module-${i}.js`));
  assert.equal(seen.size, 20000);
});
