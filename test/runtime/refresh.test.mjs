// One refresh (runtime/refresh.ts): the transaction loaded with the first refresh and again
// under a new URL after a failed load, accept callbacks before anyone hears, a throw turned
// into a report. The transaction here is a fake; the last test loads the real one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRefreshOnce, importTransaction } from '../../dist/runtime/refresh.js';
import { load } from './harness.mjs';

const applied = { ok: true, modules: [{ file: 'a.js', path: 'patch', updated: ['f'], removed: [], statements: 0, notes: [] }], durationMs: 1 };
const nothing = { ok: true, modules: [], durationMs: 1 };
const failed = { ok: false, modules: [], durationMs: 1, error: { kind: 'syntax', file: 'a.js', line: 1, column: 0, message: 'x', frame: '' } };
/** The report as the program gets it: columns from 1 (limeade counts them from 0 inside). */
const published = (r) => ({ ...r, error: { ...r.error, column: r.error.column + 1 } });

/**
 * A refreshOnce over a fake transaction: `load` answers each attempt from `loads` (an error
 * to throw, or a report the transaction returns, or a function that throws); `log` says what
 * happened in order.
 */
function refresher(loads) {
  const log = [];
  const refreshOnce = createRefreshOnce({
    load: async (attempt) => {
      log.push(['load', attempt]);
      const next = loads.shift();
      if (next instanceof Error) throw next;
      return { refresh: typeof next === 'function' ? next : async () => next };
    },
    run: (transaction, files) => {
      log.push(['run', files && [...files]]);
      return transaction.refresh();
    },
    accepted: async (report) => void log.push(['accepted', report]),
    settle: (report, files) => log.push(['settle', report, files && [...files]]),
  });
  return { refreshOnce, log };
}

test('a refresh runs the transaction, then the accept callbacks, then settles its report', async () => {
  const { refreshOnce, log } = refresher([applied]);
  assert.deepEqual(log, [], 'nothing loads before the first refresh');
  assert.equal(await refreshOnce(new Set(['/app/a.js'])), applied);
  assert.deepEqual(log, [['load', 0], ['run', ['/app/a.js']], ['accepted', applied], ['settle', applied, ['/app/a.js']]]);
});

test('no accept callbacks after a refresh that applied nothing or failed', async () => {
  const { refreshOnce, log } = refresher([nothing, failed]);
  await refreshOnce(undefined);
  await refreshOnce(undefined);
  assert.deepEqual(log, [['load', 0], ['run', undefined], ['settle', nothing, undefined], ['load', 0], ['run', undefined], ['settle', published(failed), undefined]]);
});

test('a load that fails with a system error: a report saying so, and the next refresh loads under a new URL', async () => {
  const emfile = Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' });
  const { refreshOnce, log } = refresher([emfile, emfile, nothing]);
  const report = await refreshOnce(undefined);
  assert.deepEqual(report, {
    ok: false,
    modules: [],
    durationMs: 0,
    error: {
      kind: 'evaluation',
      file: '(limeade)',
      line: 1,
      column: 1,
      message: "could not load limeade's refresh code (Error: EMFILE: too many open files); the next refresh tries again",
      frame: '',
    },
  });
  await refreshOnce(undefined);
  await refreshOnce(undefined);
  assert.deepEqual(log.filter(([what]) => what === 'load'), [['load', 0], ['load', 1], ['load', 2]]);
});

test('a load that fails without a system error code is a limeade bug (internal error)', async () => {
  const err = new TypeError('not a function');
  const { refreshOnce } = refresher([err]);
  assert.deepEqual((await refreshOnce(undefined)).error, {
    kind: 'internal',
    file: '(limeade)',
    line: 1,
    column: 1,
    message: 'internal error: TypeError: not a function',
    frame: err.stack,
    stack: err.stack,
  });
});

test('a throw from the loaded transaction is an internal error, settled like any report; the next refresh does not reload', async () => {
  const { refreshOnce, log } = refresher([
    async () => {
      throw 'a string';
    },
    nothing,
  ]);
  const expected = { ok: false, modules: [], durationMs: 0, error: { kind: 'internal', file: '(limeade)', line: 1, column: 1, message: 'internal error: a string', frame: '' } };
  assert.deepEqual(await refreshOnce(new Set(['/app/a.js'])), expected);
  await refreshOnce(undefined);
  assert.deepEqual(log, [
    ['load', 0],
    ['run', ['/app/a.js']],
    ['settle', expected, ['/app/a.js']],
    ['load', 0],
    ['run', undefined],
    ['settle', nothing, undefined],
  ]);
});

test('the real transaction loads, and a retry is a new module instance', async () => {
  const first = await importTransaction(0);
  assert.equal(typeof first.refresh, 'function');
  assert.equal(await importTransaction(0), first);
  assert.notEqual(await importTransaction(1), first);
});

test('a default export that changes form (an anonymous arrow, a named function declaration, back): importers and references taken before call the new code, and the report does not say the default was removed', async (t) => {
  const app = await load({ 'main.mjs': `import h from './h.mjs';\nexport const call = (x) => h(x);\nexport const held = h;\n`, 'h.mjs': `export default (x) => 'arrow ' + x;\n` });
  t.after(app.close);
  const steps = [
    [`export default function handler(x) { return 'fn ' + x; }\n`, 'fn'],
    [`export default function handler(x) { return 'fn2 ' + x; }\n`, 'fn2'],
    [`export default (x) => 'back ' + x;\n`, 'back'],
  ];
  for (const [text, tag] of steps) {
    app.write('h.mjs', text);
    const r = await app.refresh();
    assert.equal(r.ok, true, JSON.stringify(r.error));
    const h = r.modules.find((m) => m.file.endsWith('h.mjs'));
    assert.ok(!h.removed.includes('default'), h.removed.join());
    assert.deepEqual(h.notes, []);
    assert.deepEqual([app.ns.call(1), app.ns.held(2)], [`${tag} 1`, `${tag} 2`]);
  }
});

test('a name a module stopped exporting and exports again as an alias reaches the module importing it again; an import of a name its module no longer exports is said', async (t) => {
  const app = await load({ 'r.mjs': `import { fmt } from './app.mjs';\nexport const report = () => fmt();\n`, 'app.mjs': `export function fmt() { return 'v1'; }\n` });
  t.after(app.close);
  app.write('app.mjs', `export function format() { return 'v2'; }\n`);
  app.write('r.mjs', `import { format } from './app.mjs';\nexport const report = () => format();\n`);
  let r = await app.refresh();
  assert.deepEqual([r.ok, r.modules.flatMap((m) => m.notes), app.ns.report()], [true, [], 'v2']);
  app.write('app.mjs', `export function format() { return 'v3'; }\nexport { format as fmt };\n`);
  app.write('r.mjs', `import { fmt } from './app.mjs';\nexport const report = () => fmt() + '!';\n`);
  r = await app.refresh();
  assert.deepEqual([r.ok, app.ns.report()], [true, 'v3!']);

  const star = await load({ 'main.mjs': `import { LIMIT } from './index.mjs';\nexport const get = () => LIMIT;\n`, 'index.mjs': `export * from './a.mjs';\nexport * from './b.mjs';\n`, 'a.mjs': 'export const LIMIT = 100;\n', 'b.mjs': 'export const other = 1;\n' });
  t.after(star.close);
  star.write('a.mjs', 'export const nothing = 0;\n');
  star.write('b.mjs', 'export const other = 1;\nexport const LIMIT = 40;\n');
  r = await star.refresh();
  assert.equal(r.ok, true);
  // The names `export *` passes on change with them (a fresh process's barrel has b.mjs's
  // LIMIT): the two are imported again, and the barrel and its importer with them (the values
  // they then link to: test/e2e/reexports.test.mjs; this harness does not redirect imports to versions).
  assert.deepEqual(
    r.modules.map((m) => [m.file.replace(/.*\//, ''), m.path, m.notes]),
    ['a.mjs', 'b.mjs', 'index.mjs', 'main.mjs'].map((f) => [f, 'reimport', []]),
  );
});

test('a function removed while another module still imports it: the importer keeps it, and the report says so', async (t) => {
  const app = await load({ 'r.mjs': `import { fmt } from './app.mjs';\nexport const report = () => fmt();\n`, 'app.mjs': `export function fmt() { return 'v1'; }\nexport function other() { return 1; }\n` });
  t.after(app.close);
  app.write('app.mjs', `export function other() { return 1; }\n`);
  const r = await app.refresh();
  assert.equal(r.ok, true);
  assert.match(r.modules.flatMap((m) => m.notes).join('\n'), /r\.mjs imports fmt from \S*app\.mjs, which no longer exports it: the import keeps its last value/);
  assert.equal(app.ns.report(), 'v1');
});

test('a save that only reformats (or adds comments) runs no statement again and reports no change that runs', async (t) => {
  const ONE = `export const calls = [];\nexport class Counter { constructor(s = 0) { this.value = s; } inc() { this.value++; return this; } }\nexport const counter = new Counter();\ncalls.push(counter.inc().value);\n`;
  const FORMATTED = `// A counter.\nexport const calls = [];\n\nexport class Counter {\n  constructor(s = 0) {\n    this.value = s;\n  }\n\n  inc() {\n    this.value++;\n    return this;\n  }\n}\n\nexport const counter = new Counter();\ncalls.push(\n  counter.inc().value // once\n);\n`;
  const app = await load({ 'm.mjs': ONE });
  t.after(app.close);
  const { calls, counter } = app.ns;
  app.write('m.mjs', FORMATTED);
  const r = await app.refresh();
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(calls, [1], 'the push did not run again');
  assert.equal(counter.value, 1);
  assert.deepEqual([r.modules[0].updated, r.modules[0].notes, r.modules[0].statements], [[], [], 0]);
  const { formatSuccess } = await import('../../dist/runtime/report.js');
  assert.match(formatSuccess(r), /^\[limeade\] \S*m\.mjs: no change that runs \(types, comments or layout only\) in [\d.]+ ms$/, 'not "updated m.mjs"');
  // A real edit after it applies as usual.
  app.write('m.mjs', FORMATTED.replace('this.value++;', 'this.value += 10;'));
  const r2 = await app.refresh();
  assert.deepEqual(r2.modules[0].updated, ['Counter.inc']);
  assert.equal(counter.inc().value, 11);
});
