/**
 * The names an ES module can import from a CommonJS module of the program (docs/design.md §6).
 *
 * Node gives an ES module that imports a CommonJS file a facade whose names its lexer read
 * from the file's text the first time an ES module imported it, and keeps those names for the
 * life of the process (`import('./c.cjs?x=1')` too: measured on 22.23, 24.21, 26.12). An
 * importer that names a key the same save (or an earlier refresh) added — `exports.b = …`
 * new in c.cjs, `import { a, b } from './c.cjs'` in m.mjs — would fail to link against it,
 * where a fresh process's lexer reads the new text and links. So what such an importer may
 * link against is read here from the CommonJS text that runs after the refresh (its planned
 * text, or the running one) and the keys its exports object has now.
 */
import { exportedKeys, exportsTarget, walk, type Node } from '../loader/analyze.js';
import { linksOf } from '../loader/reads.js';
import type { ModuleRecord } from './registry.js';

/**
 * The keys `program` (a CommonJS text) gives its exports object where the text says so, and
 * `all` when it may give others too (runtime code decides: `module.exports = make()`,
 * `Object.assign(exports, …)`): loader/analyze.ts `exportedKeys`, or, when that is unsure,
 * every literal key any statement assigns to `exports` or `module.exports`.
 */
export function commonJsExportNames(program: Node | undefined): { names: Set<string>; all: boolean } {
  if (!program) return { names: new Set(), all: true };
  const sure = exportedKeys(program);
  if (sure) return { names: sure, all: false };
  const names = new Set<string>();
  walk(program, (n) => {
    if (n.type === 'AssignmentExpression' && n.operator === '=') {
      const t = exportsTarget(n.left);
      if (t === 'module.exports') {
        if (n.right.type === 'ObjectExpression')
          for (const p of n.right.properties as Node[]) if (p.type === 'Property' && !p.computed) names.add(p.key.type === 'Identifier' ? p.key.name : String(p.key.value));
      } else if (t) names.add(t.slice(t.lastIndexOf('.') + 1));
    } else if (n.type === 'CallExpression' && n.arguments.length >= 2 && n.callee.type === 'MemberExpression' && !n.callee.computed && n.callee.property.name === 'defineProperty') {
      const [target, key] = n.arguments as Node[];
      const isExports = (target!.type === 'Identifier' && target!.name === 'exports') || exportsTarget(target!) === 'module.exports';
      if (isExports && key!.type === 'Literal') names.add(String(key!.value));
    }
  });
  return { names, all: true };
}

/**
 * Can an ES module link `name` from CommonJS module `record`, whose text after the refresh is
 * `program`? Yes when Node's facade has it (`ns`), the exports object has it now, the text
 * exports it, or the text may export keys no reading finds (then the value decides, as
 * the importer reads it: undefined when absent).
 */
export function commonJsProvides(record: ModuleRecord, program: Node | undefined, name: string, ns?: Record<string, unknown>): boolean {
  if (name === 'default' || name === 'module.exports') return true;
  if (ns && name in ns) return true;
  const exports = record.commonjs?.module.exports as object | undefined;
  if (exports != null && (typeof exports === 'object' || typeof exports === 'function') && Object.hasOwn(exports, name)) return true;
  const { names, all } = commonJsExportNames(program);
  return all || names.has(name);
}

/**
 * The value an ES module's named import `name` of CommonJS module `record` reads: the key
 * of the exports object the program holds, read when used (a fresh process takes it when it
 * links, after the module ran: here the module runs after the link, at its turn in the
 * refresh, and later refreshes change it as a fresh process on their texts would see it).
 */
export function commonJsExport(record: ModuleRecord, name: string): unknown {
  const exports = record.commonjs!.module.exports as Record<string, unknown> | null | undefined;
  if (name === 'default' || name === 'module.exports') return exports;
  if (exports == null || (typeof exports !== 'object' && typeof exports !== 'function') || !Object.hasOwn(exports, name)) return undefined;
  return exports[name];
}

/**
 * An ES facade limeade made for a CommonJS module (loader/hooks.ts: an import of a loaded
 * CommonJS module of the program by a re-imported version, or while a refresh runs, goes to
 * `…/c.cjs?limeade-cjs=N`, where Node's own facade would keep the names of the file's first
 * text). `set` assigns its bindings, in the order of `names`.
 */
export interface CommonJsFacade {
  names: readonly string[];
  set: (values: readonly unknown[]) => void;
  /** What it was last given (a rollback gives it back). */
  last: readonly unknown[];
}

const facades = new WeakMap<ModuleRecord, CommonJsFacade[]>();

/**
 * The text of a facade of CommonJS module `record`: `default` (and, from Node 23, `module.exports`,
 * as Node's) is the exports object, each other name a key of it — the keys it has now, and
 * those the text that runs after the refresh in progress (`program`) gives it, or the running
 * one. Its bindings take the module's values when it evaluates and again after each refresh
 * that runs the module (`updateFacades`), as a fresh process's import of the new text reads them.
 */
export function facadeSource(url: string, record: ModuleRecord, program: Node | undefined, runtimeKey: string): string {
  const names = new Set<string>();
  const exports = record.commonjs?.module.exports;
  if (exports != null && (typeof exports === 'object' || typeof exports === 'function')) for (const k of Object.keys(exports)) names.add(k);
  for (const k of commonJsExportNames(program).names) names.add(k);
  names.delete('default');
  names.delete('module.exports');
  const list = ['default', ...(Number(process.versions.node.split('.')[0]) >= 23 ? ['module.exports'] : []), ...[...names].filter((n) => (n as unknown as { isWellFormed(): boolean }).isWellFormed())];
  const locals = list.map((_, i) => `__lm$f${i}`);
  return [
    `let ${locals.join(', ')};`,
    `export { ${list.map((n, i) => `${locals[i]} as ${JSON.stringify(n)}`).join(', ')} };`,
    `globalThis.${runtimeKey}.commonJsFacade(${JSON.stringify(url)}, ${JSON.stringify(list)}, (v) => { ${locals.map((l, i) => `${l} = v[${i}];`).join(' ')} });`,
    '',
  ].join('\n');
}

/** A facade evaluates: it takes the module's values now, and after each refresh that runs the module. */
export function registerFacade(record: ModuleRecord, names: readonly string[], set: (values: readonly unknown[]) => void, undo: { push(fn: () => void): void } | undefined): void {
  const facade: CommonJsFacade = { names, set, last: [] };
  give(record, facade);
  let list = facades.get(record);
  if (!list) facades.set(record, (list = []));
  list.push(facade);
  // Made by a version a rollback drops: it goes with it.
  undo?.push(() => {
    const i = list!.indexOf(facade);
    if (i >= 0) list!.splice(i, 1);
  });
}

/** Module `record` ran its changes: its facades' bindings take its exports' values (undone on rollback). */
export function updateFacades(record: ModuleRecord, undo: { push(fn: () => void): void }): void {
  for (const facade of facades.get(record) ?? []) {
    const before = facade.last;
    give(record, facade);
    undo.push(() => {
      facade.set(before);
      facade.last = before;
    });
  }
}

function give(record: ModuleRecord, facade: CommonJsFacade): void {
  const values = facade.names.map((n) => commonJsExport(record, n));
  facade.set(values);
  facade.last = values;
}

/**
 * The names an ES module's text `program` exports that the namespace `require` gave for it
 * (`require.cache`, require(esm)) does not have: a namespace cannot grow, so a CommonJS module
 * holding it (`const lib = require('./e.mjs')`) does not see them (runtime/derive.ts
 * evaluates such a declarator again when the module is imported again; runtime/evaluate.ts
 * `requiredNamespace` gives later requires the new version's namespace). Empty when no
 * require loaded it.
 */
export function gainedByRequire(record: ModuleRecord, program: Node, source: string): string[] {
  if (record.commonjs) return [];
  const cache = (process.getBuiltinModule('node:module') as unknown as { _cache?: Record<string, { exports: unknown }> })._cache;
  const held = cache?.[record.file]?.exports as Record<PropertyKey, unknown> | undefined;
  if (held == null || typeof held !== 'object' || held[Symbol.toStringTag] !== 'Module') return [];
  return [...linksOf(program, source).exports.keys()].filter((n) => !(n in held));
}
