// The house rules that keep the code readable (docs/design.md §3): no import cycle among the
// runtime's files (type-only imports count: a reader follows them too), the generated-code
// contract imported from one place, and no citation of a document outside the repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT } from '../helpers.mjs';

const sourceFiles = (dir) => readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));

/** `dir/x.ts` → the files it imports (relative specifiers only), relative to `root`. */
function importsOf(root, file) {
  const text = readFileSync(join(root, file), 'utf8');
  const out = [];
  for (const m of text.matchAll(/^(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'/gm)) out.push(relative(root, join(root, file, '..', m[1].replace(/\.js$/, '.ts'))));
  return out;
}

/** A cycle in the import graph of `files` (relative to `root`), as a list of files, or undefined. */
function findCycle(files, root = ROOT) {
  const graph = new Map(files.map((f) => [f, importsOf(root, f).filter((d) => files.includes(d))]));
  const state = new Map();
  const path = [];
  const visit = (f) => {
    if (state.get(f) === 'done') return undefined;
    if (state.get(f) === 'open') return [...path.slice(path.indexOf(f)), f];
    state.set(f, 'open');
    path.push(f);
    for (const d of graph.get(f)) {
      const c = visit(d);
      if (c) return c;
    }
    path.pop();
    state.set(f, 'done');
    return undefined;
  };
  for (const f of files) {
    const c = visit(f);
    if (c) return c;
  }
  return undefined;
}

test('the runtime has no import cycle', () => {
  assert.equal(findCycle(sourceFiles('runtime')), undefined);
});

test('the cycle finder finds a cycle through a type-only import', () => {
  const root = mkdtempSync(join(tmpdir(), 'limeade-layout-'));
  mkdirSync(join(root, 'runtime'));
  writeFileSync(join(root, 'runtime/a.ts'), `import { b } from './b.js';\n`);
  writeFileSync(join(root, 'runtime/b.ts'), `import type { C } from './c.js';\nexport const b = 1;\n`);
  writeFileSync(join(root, 'runtime/c.ts'), `export type C = 1;\nexport { b } from './b.js';\n`);
  assert.deepEqual(findCycle(['runtime/a.ts', 'runtime/b.ts', 'runtime/c.ts'], root), ['runtime/b.ts', 'runtime/c.ts', 'runtime/b.ts']);
  rmSync(root, { recursive: true });
});

test('the loader and the runtime share the generated-code names through loader/contract.ts only', () => {
  for (const file of [...sourceFiles('runtime'), ...sourceFiles('loader')]) {
    const code = readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line));
    // The emitted calls are spelled through call()/runtimeCall(), never as literal text.
    assert.deepEqual(code.filter((line) => /__lm\$(rt)?\.[a-z]+\(/.test(line)), [], `${file} spells an emitted call by hand`);
  }
});

test('no file cites a document outside the repository', () => {
  const dirs = ['loader', 'runtime', 'test/unit', 'test/runtime', 'test/e2e', 'bench', 'docs', 'examples'];
  const files = ['README.md', ...dirs.flatMap((d) => readdirSync(join(ROOT, d), { recursive: true }).map((f) => join(d, String(f))))].filter((f) =>
    /\.(ts|mjs|js|md)$/.test(f),
  );
  const offenders = files.filter((f) => /\bDESIGN §|\.\.\/shared\//.test(readFileSync(join(ROOT, f), 'utf8')));
  assert.deepEqual(offenders.filter((f) => f !== 'test/unit/layout.test.mjs'), []);
});
