// issue 5, TypeScript: `node --import limeade/register main.ts` on its own (types stripped
// in place, lines and columns kept), chained after tsx, and with Node's own stripping.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { assertOk, eachNode, NODES, ROOT, runToExit, startApp } from '../helpers.mjs';

const types = `export interface Todo {
  id: number;
  title: string;
  done?: boolean;
}
export type Id = number;
`;
const util = `export const label = (s: string): string => \`[\${s}]\`;\n`;
const lib = (v, { annotation = 'Todo', extra = '' } = {}) => `import type { Todo, Id } from './types.js';
import { label } from './util.js';

export function describe(todo: ${annotation}): string {
  return label(todo.title) + ' v${v}';
}
export function first<T>(items: readonly T[]): T | undefined {
  return items[0];
}
export class Store {
  #items: Todo[] = [];
  count: number = 0;
  add(title: string): Todo {
    const todo = { id: ++this.count as Id, title } satisfies Todo;
    this.#items.push(todo);
    return todo;
  }
  titles(): string[] {
    return this.#items.map((t) => t.title + '${v === 1 ? '' : `/${v}`}');
  }
}
export const config = { limit: 10 } as const satisfies { limit: number };
${extra}`;
const main = `import './harness.js';
import { describe, first, Store, config } from './lib.js';
import type { Todo } from './types.ts';
import { label } from './util.ts';
const store = new Store();
store.add('milk');
const held: (t: Todo) => string = describe;
(globalThis as any).probe = () => ({
  described: held(first(store.titles().map((title, i): Todo => ({ id: i, title })))!),
  titles: store.titles(),
  count: store.count,
  limit: config.limit,
  label: label('x'),
});
(globalThis as any).add = (t: string) => store.add(t).id;
(globalThis as any).extra = async () => ((await import('./lib.js')) as any).extra?.();
`;
const files = (v = 1) => ({ 'main.ts': main, 'lib.ts': lib(v), 'types.ts': types, 'util.ts': util });
const start = (startApp, opts = {}) => startApp(files(), { entry: 'main.ts', ...opts });

eachNode('a TypeScript app loads and takes edits of a function and a method, with its state', async (t, startApp) => {
  const app = await start(startApp);
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), { described: '[milk] v1', titles: ['milk'], count: 1, limit: 10, label: '[x]' });
  await app.eval(`add('eggs')`);
  await app.write('lib.ts', lib(2));
  const r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].file, 'lib.ts');
  assert.equal(r.modules[0].path, 'patch');
  assert.deepEqual(r.modules[0].updated.sort(), ['Store.titles', 'describe']);
  // The store made before the edit, with its #private items, runs the new method.
  assert.deepEqual(await app.eval('probe()'), { described: '[milk/2] v2', titles: ['milk/2', 'eggs/2'], count: 2, limit: 10, label: '[x]' });
});

eachNode('an edit of a type annotation only applies and changes nothing observable', async (t, startApp) => {
  const app = await start(startApp);
  t.after(() => app.stop());
  const before = await app.eval('probe()');
  await app.write('lib.ts', lib(1, { annotation: 'Readonly<Todo> & { readonly extra?: never }' }));
  const r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules.length, 1, 'the new text was applied');
  assert.equal(r.modules[0].path, 'patch');
  assert.deepEqual(await app.eval('probe()'), before);
  // The applied text is the base of the next edit.
  await app.write('lib.ts', lib(3, { annotation: 'Readonly<Todo>' }));
  assertOk(await app.refresh(), app);
  assert.equal((await app.eval('probe()')).described, '[milk/3] v3');
});

eachNode('an added class re-imports the TypeScript module through the loader', async (t, startApp) => {
  const app = await start(startApp);
  t.after(() => app.stop());
  await app.eval(`add('eggs')`);
  // Store stays as it is: a re-imported class's new methods cannot read old instances' #private fields (README, Limits).
  const text = lib(1, { extra: 'export function extra(): number {\n  return 42 as number;\n}\nexport class Marker {}\n' }).replace("' v1'", "' v2'");
  await app.write('lib.ts', text);
  const r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].path, 'reimport');
  assert.equal(await app.eval('extra()'), 42);
  assert.deepEqual(await app.eval('probe()'), { described: '[milk] v2', titles: ['milk', 'eggs'], count: 2, limit: 10, label: '[x]' });
});

eachNode('a syntax error in a TypeScript edit rolls back, with file:line:column', async (t, startApp) => {
  const app = await start(startApp);
  t.after(() => app.stop());
  await app.write('lib.ts', lib(2).replace('items[0];', 'items[0;'));
  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.equal(r.error.kind, 'syntax');
  assert.equal(r.error.file, 'lib.ts');
  assert.equal(r.error.line, 8);
  assert.match(app.output(), /\[limeade\] lib\.ts:8:\d+ SyntaxError/);
  assert.match(app.output(), /keeps running the previous code/);
  assert.equal((await app.eval('probe()')).described, '[milk] v1', 'nothing of the edit applied');
  await app.write('lib.ts', lib(2));
  assertOk(await app.refresh(), app);
  assert.equal((await app.eval('probe()')).described, '[milk/2] v2');
});

eachNode('syntax that needs a transform, added in an edit, rolls back and names the construct', async (t, startApp) => {
  const app = await start(startApp);
  t.after(() => app.stop());
  await app.write('lib.ts', lib(2, { extra: 'export enum Level {\n  Low,\n  High,\n}\n' }));
  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.equal(r.error.file, 'lib.ts');
  assert.equal(r.error.line, 23);
  assert.match(r.error.message, /TypeScript enum is not supported.*node --import tsx --import limeade\/register/);
  assert.match(app.output(), /\[limeade\] lib\.ts:23:\d+ TypeScript enum/);
  assert.equal((await app.eval('probe()')).described, '[milk] v1');
  await app.write('lib.ts', lib(2).replace('count: number = 0;', 'count: number = 0;\n  constructor(private seed: number = 0) {}'));
  const r2 = await app.refresh();
  assert.equal(r2.ok, false);
  assert.match(r2.error.message, /parameter property is not supported/);
  assert.equal(r2.error.line, 13);
  assert.equal((await app.eval('probe()')).described, '[milk] v1');
});

eachNode('stack traces of edited TypeScript code point at the line in the .ts file', async (t, startApp) => {
  const thrower = (pad) => `${'interface Pad {\n  a: number;\n}\n'.repeat(pad)}export function fail(code: number): string {
  if (code > 0) {
    throw new Error('failed ' + (code as number));
  }
  return 'ok';
}
`;
  const app = await startApp(
    { 'main.ts': `import './harness.js';\nimport { fail } from './thrower.ts';\n(globalThis as any).where = () => { try { fail(1); } catch (e: any) { return e.stack.split('\\n')[1].trim(); } };\n`, 'thrower.ts': thrower(0) },
    { entry: 'main.ts' },
  );
  t.after(() => app.stop());
  assert.match(await app.eval('where()'), /thrower\.ts:3:\d+\)$/);
  await app.write('thrower.ts', thrower(2).replace("'failed '", "'failed again '"));
  assertOk(await app.refresh(), app);
  assert.match(await app.eval('where()'), /thrower\.ts:9:\d+\)$/, 'three lines per interface in front of it');
});

eachNode('syntax that needs a transform fails the module at load, with the construct and where', async (t, _start, runToExit) => {
  const r = await runToExit({ 'main.ts': `import { level } from './levels.js';\nconsole.log(level);\n`, 'levels.ts': `let x: number = 1;\nenum Level { Low }\nexport const level = Level.Low + x;\n` }, { entry: 'main.ts' });
  assert.notEqual(r.code, 0, r.stdout);
  assert.match(r.stderr, /\[limeade\] .*levels\.ts:2:1 TypeScript enum is not supported.*node --import tsx --import limeade\/register/);
});

eachNode('CommonJS TypeScript loads where hooks see require, and is reported where it cannot', async (t, _start, runToExit) => {
  const r = await runToExit(
    { 'main.ts': `try { const m = await import('./old.cts'); console.log('loaded', m.default.x); } catch (e: any) { console.log('failed as Node fails:', e.message); }\nconsole.log('done');\n`, 'old.cts': `const x: number = 1;\nmodule.exports = { x };\n` },
    { entry: 'main.ts' },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /done/);
  // Node 22, 24 and 26 strip and instrument it (test/e2e/commonjs.test.mjs edits one); Node 20 cannot load it (the error says why).
  if (/\[v20\./.test(t.name)) assert.match(r.stdout + r.stderr, /\[limeade\] .*old\.cts: CommonJS TypeScript .* is not supported on Node v20/);
  else {
    assert.match(r.stdout, /loaded 1/);
    assert.doesNotMatch(r.stderr, /\[limeade\]/);
  }
});

const nodeInfo = (node) => JSON.parse(execFileSync(node, ['-p', 'JSON.stringify({ strips: !!process.features.typescript, builtin: typeof require("node:module").stripTypeScriptTypes === "function" })'], { encoding: 'utf8' }));

for (const node of NODES) {
  const info = nodeInfo(node);
  const label = execFileSync(node, ['-v'], { encoding: 'utf8' }).trim();
  test(`where Node can strip types, limeade strips with Node's own stripper, flag on or off [${label}]`, { skip: !info.builtin && 'Node 20: the amaro package strips' }, async (t) => {
    for (const args of [[], ['--no-experimental-strip-types']]) {
      const app = await startApp(files(), { entry: 'main.ts', node, args });
      t.after(() => app.stop());
      await app.write('lib.ts', lib(2));
      assertOk(await app.refresh(), app);
      assert.equal((await app.eval('probe()')).described, '[milk/2] v2', args.join(' '));
      const amaroLoaded = await app.eval(`import('node:module').then((m) => Object.keys(m.createRequire('/').cache).some((k) => k.includes('amaro')))`);
      assert.equal(amaroLoaded, false, 'the amaro package is not needed');
    }
  });
}

// tsx registers first, so limeade's hooks run first and see tsx's JavaScript.
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const tsxLib = (v) => `export enum Level { Low = 1, High = ${v === 1 ? 2 : 20} }
export namespace Util {
  export const twice = (n: number): number => n * 2;
}
export class Counter {
  constructor(private step: number, public total: number = 0) {}
  bump(): number {
    this.total += this.step${v === 1 ? '' : ` * ${v}`};
    return this.total;
  }
}
export function describe(level: Level): string {
  return 'level ' + level + ' v${v} ' + Util.twice(${v});
}
`;
const tsxMain = `import './harness.js';
import { Counter, describe, Level } from './lib.js';
const counter = new Counter(1);
(globalThis as any).probe = () => ({ bump: counter.bump(), described: describe(Level.High) });
`;

eachNode('chained after tsx: enum, namespaces, parameter properties load, and edits apply', async (t, startApp) => {
  const app = await startApp({ 'main.ts': tsxMain, 'lib.ts': tsxLib(1) }, { entry: 'main.ts', env: { NODE_OPTIONS: `--import=${TSX}` } });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), { bump: 1, described: 'level 2 v1 2' });
  await app.write('lib.ts', tsxLib(2));
  const r = await app.refresh();
  assertOk(r, app);
  assert.equal(r.modules[0].file, 'lib.ts');
  assert.deepEqual(await app.eval('probe()'), { bump: 3, described: 'level 20 v2 4' }, 'the counter kept its total');
  await app.write('lib.ts', tsxLib(3).replace("'level ' + level", "'level ' + (level"));
  const bad = await app.refresh();
  assert.equal(bad.ok, false);
  assert.equal(bad.error.file, 'lib.ts');
  assert.equal(bad.error.line, 13);
  assert.match(app.output(), /\[limeade\] lib\.ts:13:\d+ /);
  assert.deepEqual(await app.eval('probe()'), { bump: 5, described: 'level 20 v2 4' }, 'nothing of the broken edit applied');
  await app.write('lib.ts', tsxLib(3));
  assertOk(await app.refresh(), app);
  assert.deepEqual(await app.eval('probe()'), { bump: 8, described: 'level 20 v3 6' });
});

eachNode('chained after tsx: saving a file applies it (the watcher)', async (t, startApp) => {
  const app = await startApp({ 'main.ts': tsxMain, 'lib.ts': tsxLib(1) }, { entry: 'main.ts', watch: true, env: { NODE_OPTIONS: `--import=${TSX}` } });
  t.after(() => app.stop());
  await app.until('probe().described', 'level 2 v1 2');
  await app.write('lib.ts', tsxLib(2));
  await app.until('probe().described', 'level 20 v2 4');
});

const reimported = async (t, startApp, lib) => {
  const app = await startApp({ 'main.ts': tsxMain, 'lib.ts': lib }, { entry: 'main.ts', env: { NODE_OPTIONS: `--import=${TSX}` } });
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), { bump: 1, described: 'level 2 v1 2' });
  await app.write('lib.ts', `${lib}export class Added { static level = Level.Low; }\n`);
  const re = await app.refresh();
  assertOk(re, app);
  assert.equal(re.modules[0].path, 'reimport');
  assert.deepEqual(await app.eval('probe()'), { bump: 2, described: 'level 2 v1 2' });
};

eachNode('chained after tsx: an added class imports the module again through tsx', (t, startApp) =>
  reimported(t, startApp, tsxLib(1).replace(/export namespace Util \{[^}]*\}/, 'export const Util = { twice: (n: number): number => n * 2 };')),
);

// tsx compiles a namespace to `var Util; ((Util) => { … })(Util || (Util = {}))`: a top-level
// variable without initializer, set by a statement that a re-import does not run again, so
// the variable's value is carried like any unchanged declaration's (test/e2e/state.test.mjs
// has the plain JavaScript case).
eachNode('chained after tsx: a namespace survives a re-import', (t, startApp) => reimported(t, startApp, tsxLib(1)));

eachNode('saving a .ts file applies it (the watcher follows TypeScript files)', async (t, startApp) => {
  const app = await start(startApp, { watch: true });
  t.after(() => app.stop());
  await app.until('probe().described', '[milk] v1');
  await app.write('lib.ts', lib(2));
  await app.until('probe().described', '[milk/2] v2');
  assert.match(app.output(), /\[limeade\] updated lib\.ts \(/);
});

// Another loader before limeade: one that strips types in place itself (as Node 22.6 could
// in its load step) and one that rewrites JavaScript. limeade tells them apart by comparing
// what the chain returned with the file: the stripped file is refreshed by stripping the new
// text (no request to the chain), the rewritten one by asking the chain (`?limeade-source=`).
const PRE = `import { register } from 'node:module';
register('./pre-hooks.mjs', import.meta.url);
`;
const PRE_HOOKS = `import { createRequire } from 'node:module';
const amaro = createRequire(${JSON.stringify(join(ROOT, 'package.json'))})('amaro');
export async function load(url, context, next) {
  const r = await next(url, context);
  if (!url.startsWith('file:') || url.includes('/node_modules/') || url.includes('harness')) return r;
  process.stderr.write('pre-load ' + url.slice(url.lastIndexOf('/') + 1) + '\\n');
  const source = new TextDecoder().decode(r.source);
  if (/\\.ts($|\\?)/.test(url)) return { ...r, format: 'module', source: amaro.transformSync(source, { mode: 'strip-only' }).code };
  return { ...r, source: source.replaceAll('__STAMP__', JSON.stringify('stamped')) };
}
`;

eachNode('another loader first: in-place stripped TypeScript is refreshed by stripping, rewritten JavaScript through the chain', async (t, startApp) => {
  const app = await startApp(
    {
      'pre.mjs': PRE,
      'pre-hooks.mjs': PRE_HOOKS,
      'main.ts': `import './harness.js';\nimport { describe } from './lib.js';\nimport { stamp } from './stamp.js';\n(globalThis as any).probe = () => describe({ id: 1, title: 't' }) + ' ' + stamp();\n`,
      'lib.ts': lib(1),
      'types.ts': types,
      'util.ts': util,
      'stamp.js': `export function stamp() { return __STAMP__ + ' 1'; }\n`,
    },
    { entry: 'main.ts', env: { NODE_OPTIONS: '--import=./pre.mjs' } },
  );
  t.after(() => app.stop());
  assert.equal(await app.eval('probe()'), '[t] v1 stamped 1');
  await app.write('lib.ts', lib(2));
  await app.write('stamp.js', `export function stamp() { return __STAMP__ + ' 2'; }\n`);
  const r = await app.refresh();
  assertOk(r, app);
  assert.deepEqual(r.modules.map((m) => [m.file, m.path]).sort(), [['lib.ts', 'patch'], ['stamp.js', 'patch']]);
  assert.equal(await app.eval('probe()'), '[t] v2 stamped 2', 'the other loader rewrote the new stamp.js');
  // The other loader runs on Node's hooks thread: its stderr reaches the parent some time after.
  await app.waitFor(/pre-load stamp\.js\?limeade-source=\d+/);
  assert.doesNotMatch(app.output(), /pre-load lib\.ts\?limeade-source/);
});

/** Why `node` cannot run --experimental-transform-types (undefined: it can). */
function noTransformTypes(node) {
  let out = '';
  try {
    out = execFileSync(node, ['--experimental-transform-types', '-p', `process.features.typescript ?? ''`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    /* a Node without the flag */
  }
  return out === 'transform' ? undefined : `no --experimental-transform-types here (${out || 'flag unknown'})`;
}

// Found by session 17's review: with Node's --experimental-transform-types a file with an enum
// runs (Node transforms it), but limeade, which strips types only, said it was not supported
// and told nothing of its edits not applying.
eachNode('with --experimental-transform-types, a .ts file limeade cannot strip runs, and the message says its edits are not applied', async (t, startApp, _run, node) => {
  const why = noTransformTypes(node);
  if (why) return t.skip(why);
  const app = await startApp(
    {
      'main.ts': `import './harness.js';\nimport { Level, name } from './svc.ts';\n(globalThis as any).probe = () => [Level.High, name()];\n`,
      'svc.ts': `export enum Level { Low = 1, High }\nexport function name(): string { return 'v1'; }\n`,
    },
    { entry: 'main.ts', args: ['--experimental-transform-types'] },
  );
  t.after(() => app.stop());
  assert.deepEqual(await app.eval('probe()'), [2, 'v1']);
  assert.match(app.output(), /\[limeade\] \S*svc\.ts:1:8 TypeScript enum needs a transform: Node transforms this file \(--experimental-transform-types\) and it runs, but limeade only strips types, so edits to it are not applied until the program restarts/);
});

// Found by session 18's review: such syntax added by an edit was "not supported … Fix the syntax".
eachNode('with --experimental-transform-types, an edit adding an enum is declined for a restart, not called a syntax error', async (t, startApp, _run, node) => {
  const why = noTransformTypes(node);
  if (why) return t.skip(why);
  const app = await startApp(
    { 'main.ts': `import './harness.js';\nimport { name } from './svc.ts';\n(globalThis as any).probe = () => name();\n`, 'svc.ts': `export function name(): string { return 'v1'; }\n` },
    { entry: 'main.ts', args: ['--experimental-transform-types'] },
  );
  t.after(() => app.stop());
  await app.write('svc.ts', `export enum Level { Low = 1, High }\nexport function name(): string { return 'v' + Level.High; }\n`);
  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.equal(r.error.kind, 'declined');
  assert.match(app.output(), /svc\.ts:1:8 TypeScript enum needs a transform: Node transforms this file \(--experimental-transform-types\), but limeade only strips types, so this edit is not applied until the program restarts/);
  assert.equal(await app.eval('probe()'), 'v1');
});

eachNode('a decorator added by an edit of a .ts file is said to need a transform', async (t, startApp) => {
  const app = await startApp({ 'main.ts': `import './harness.js';\nimport { C } from './c.ts';\n(globalThis as any).probe = () => new C().inc();\n`, 'c.ts': `export class C {\n  n = 0;\n  inc(): number { return ++this.n; }\n}\n` }, { entry: 'main.ts' });
  t.after(() => app.stop());
  await app.write('c.ts', `function logged(v: any, _c: unknown) { return v; }\nexport class C {\n  n = 0;\n  @logged inc(): number { return ++this.n; }\n}\n`);
  const r = await app.refresh();
  assert.equal(r.ok, false);
  assert.match(app.output(), /c\.ts:4:3 SyntaxError: .*TypeScript decorators and `accessor` fields need a transform, not just type stripping; run the program with `node --import tsx --import limeade\/register`/);
  assert.equal(await app.eval('probe()'), 1);
});

// Found by session 18's review: an import that fails to link at start (an interface imported
// without `type`, a misspelt name) was shown on line 1 behind limeade's prologue.
eachNode("an import that fails to link at start is shown as the user wrote it, its caret under the name", async (t, _start, runToExit) => {
  const r = await runToExit(
    {
      'main.ts': `import { fmt } from './lib.ts';\nconsole.log(fmt({ id: 1, name: 'ann' }));\n`,
      'lib.ts': `import { User } from './types.ts';\nimport { VERSION } from './types.ts';\nexport function fmt(u: User): string { return u.name + VERSION; }\n`,
      'types.ts': `export interface User { id: number; name: string }\nexport const VERSION = 1;\n`,
    },
    { entry: 'main.ts' },
  );
  assert.notEqual(r.code, 0, r.stdout);
  assert.match(r.stderr, /lib\.ts:1\nimport \{ User \} from '\.\/types\.ts';\n {9}\^{4}\nSyntaxError: .*User/);
});
