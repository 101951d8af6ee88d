// The `limeade/import-meta` types entry and the public API types: a small TypeScript program
// compiled with tsc against the package as a dependency (node_modules/limeade → this repo).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../helpers.mjs';

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const APP = `
import { refresh, status, type LimeadeHot, type RefreshReport } from 'limeade';

const timer = setInterval(() => {}, 1000);
if (import.meta.hot) {
  const hot: LimeadeHot = import.meta.hot;
  hot.data.count = (hot.data.count ?? 0) + 1;
  hot.dispose((data) => { clearInterval(timer); data.last = Date.now(); });
  hot.accept();
  hot.accept((mod) => console.log(mod?.default));
  hot.accept('./dep.js', (mod) => console.log(mod?.x));
  hot.accept(['./a.js', './b.js'], ([a, b]) => console.log(a, b));
  hot.on('limeade:before-refresh', (p) => console.log(p.files.join()));
  hot.on('limeade:after-refresh', (r) => console.log(r.ok, r.modules[0]?.updated));
  hot.on('limeade:error', (r) => console.log(r.error?.kind, r.error?.line));
  hot.on('my-event', (payload) => console.log(payload));
  hot.send('my-event', { x: 1 });
  hot.decline();
  hot.invalidate('why');
  // @ts-expect-error data cannot be reassigned
  hot.data = {};
  // @ts-expect-error the callback must be a function
  hot.dispose(42);
  // @ts-expect-error an event payload is typed
  hot.on('limeade:before-refresh', (p) => p.nope.length);
}
const report: RefreshReport = await refresh();
const kind: 'syntax' | 'evaluation' | 'declined' | 'internal' | undefined = report.error?.kind;
console.log(kind, status().modules.map((m) => m.file + m.version), status().watching);
const again = await globalThis.__limeade?.refresh();
globalThis.__limeade?.on('refresh', (r) => console.log(r.durationMs));
// @ts-expect-error the only event is 'refresh'
globalThis.__limeade?.on('change', () => {});
console.log(again?.ok);
export {};
`;

const tsconfig = (types) => JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types },
  include: ['*.ts'],
});

async function project(t, files) {
  const dir = await mkdtemp(join(tmpdir(), 'limeade-types-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'node_modules', '@types'), { recursive: true });
  await symlink(ROOT, join(dir, 'node_modules', 'limeade'), 'dir');
  await symlink(join(ROOT, 'node_modules', '@types', 'node'), join(dir, 'node_modules', '@types', 'node'), 'dir');
  await writeFile(join(dir, 'package.json'), '{"type":"module"}');
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return promisify(execFile)(process.execPath, [TSC, '-p', dir]).then(
    () => ({ ok: true, out: '' }),
    (err) => ({ ok: false, out: `${err.stdout}${err.stderr}` }),
  );
}

test('tsconfig "types": ["limeade/import-meta"] types import.meta.hot and the public API', async (t) => {
  const r = await project(t, { 'tsconfig.json': tsconfig(['node', 'limeade/import-meta']), 'app.ts': APP });
  assert.ok(r.ok, r.out);
});

test('/// <reference types="limeade/import-meta" /> in one file does the same', async (t) => {
  const r = await project(t, { 'tsconfig.json': tsconfig(['node']), 'env.d.ts': '/// <reference types="limeade/import-meta" />\n', 'app.ts': APP });
  assert.ok(r.ok, r.out);
});

test('without the types entry import.meta.hot is a type error (the entry is what adds it)', async (t) => {
  const r = await project(t, { 'tsconfig.json': tsconfig(['node']), 'app.ts': APP });
  assert.equal(r.ok, false);
  assert.match(r.out, /Property 'hot' does not exist on type 'ImportMeta'/);
});
