/**
 * A module's new names, applied in place (docs/design.md §2.6).
 *
 * ESM gives a module scope a fixed set of bindings when it links: an edit that adds a
 * top-level declaration or an import cannot add a binding to it, and direct eval in strict
 * code declares nothing outside itself. So the names an edit adds live in one object per
 * module, its extra scope (`__lm$.x`, the same object for every version of the module), and
 * code compiled into the module reads them there: the module's scope hooks (its home, its
 * classes') rewrite each free reference to one of them (`helper(x)` →
 * `(0,__lm$.x.helper)(x)`) before they evaluate code (runtime/extra-scope.ts). Nothing of
 * this runs for a module that never gained a name: the hook checks an empty set and
 * evaluates the code as it is.
 *
 * - A new function is a family like any other (runtime/families.ts): a handle over a holder,
 *   so what the program takes of it follows later edits.
 * - A new value is assigned where the patch assigns values (`assign` through the hook).
 * - A new import is a getter over the imported module's namespace, bound when the refresh
 *   runs (the module is loaded then, as a fresh process would load it); a name that module
 *   itself added in place is found in its added exports.
 * - A new export is a reader of the local binding, found by importers' new imports. The
 *   namespace object cannot grow: an importer that takes the namespace does not see it, and
 *   a module that must link against it (a re-import, a re-exporter) makes the exporter
 *   re-imported instead (runtime/plan.ts `settleExtras`).
 *
 * When the module is re-imported later, its new version binds these names itself: the extra
 * scope then forwards to that version's bindings (`handOver`), for code compiled before.
 */
import type MagicString from 'magic-string';
import { existsSync, readFileSync } from 'node:fs';
import { parseModule, position, walk, type Node } from '../loader/analyze.js';
import type { Hook, Holder } from '../loader/contract.js';
import type { Plan } from '../loader/diff.js';
import { constructs, GUARD_LOCAL, guarded, guardFunction, handleSource, methodHandleSource } from '../loader/handles.js';
import { fileURLToPath } from 'node:url';
import { linksOf, requiresOf, type ModuleLinks } from '../loader/reads.js';
import { isTypeScriptUrl, stripTypes } from '../loader/typescript.js';
import { baseOf } from '../loader/url.js';
import { failedHere, located, type PhaseError } from './blame.js';
import type { RefreshDeps } from './deps.js';
import { commonJsExport, commonJsProvides } from './cjs-names.js';
import { extrasOf, scopeOf } from './extra-scope.js';
import { dress, type FnFamily } from './families.js';
import type { Op, Planned } from './ops.js';
import { runningProgram, type ModuleRecord, type Registry } from './registry.js';
import { rel } from './report.js';
import { setHolder } from './slots.js';
import type { UndoLog } from './undo.js';

/**
 * A new function's own guard, first in its body, as loader/instrument.ts gives a top-level
 * declaration (loader/handles.ts guardedSource): the function is its own handle, and runs
 * its body until an edit puts code in its holder. Only where the guard can pass the call on
 * exactly: plain parameters, not async; an arrow passes its parameters (it has no `this` or
 * `arguments` of its own). `strict`: an ES module (a CommonJS file may be sloppy code, where
 * the guard keeps `arguments`, loader/handles.ts guardFunction). Returns whether it was
 * added; the others get a handle.
 */
export function guardFresh(ms: MagicString, source: string, fn: Node, holder: string, strict: boolean): boolean {
  if (!guarded(fn)) return false;
  const body = fn.body as Node;
  if (fn.type !== 'ArrowFunctionExpression') {
    guardFunction(fn, holder, false, source, ms, strict);
    return true;
  }
  const guard = `const ${GUARD_LOCAL}=${holder}.f;if(${GUARD_LOCAL}!==undefined)return ${GUARD_LOCAL}(${(fn.params as Node[]).map((p) => p.name).join(',')});`;
  if (body.type === 'BlockStatement') ms.appendLeft(body.start + 1, guard);
  else {
    // Right behind `=>`: a parenthesized body (`(n) => ({ n })`) starts inside its parentheses.
    ms.appendLeft(source.lastIndexOf('=>', body.start) + 2, `{${guard}return(`);
    ms.appendLeft(fn.end, ')}');
  }
  return true;
}

/**
 * A function the edit declares: a family whose handle the extra scope binds. `guarded`:
 * `impl` is its own handle over `holder` (guardFresh); else a handle forwards through it.
 * Later edits of it are ordinary function patches.
 */
export function addFunction(record: ModuleRecord, name: string, node: Node, impl: Function, holder: Holder, guarded: boolean, undo: UndoLog): void {
  const scope = scopeOf(record);
  const method = node.type === 'ArrowFunctionExpression' || (node.async && !node.generator);
  const passesNewTarget = !method && constructs(node);
  let handle = impl;
  if (!guarded) {
    const text = method ? methodHandleSource(name, 'h') : handleSource(name, 'h', passesNewTarget);
    handle = new Function('h', `return ${text}`)(holder) as Function;
    setHolder(holder, impl);
    dress(handle, impl, name);
  }
  const family: FnFamily = { name, binding: name, handles: [handle], holders: [holder], impl, passesNewTarget };
  const before = Object.getOwnPropertyDescriptor(scope, name);
  record.fns.set(name, family);
  scope[name] = handle;
  undo.push(() => {
    record.fns.delete(name);
    if (before) Object.defineProperty(scope, name, before);
    else delete scope[name];
  });
}

/**
 * Names of the extra scope the new text no longer declares or imports: a fresh process has
 * nothing there, so the scope lets go of their values (and of their families: the program
 * keeps what it took of them), keeping the property itself so reads stay fast. Code compiled
 * before that still names one reads undefined.
 */
export function releaseOp(record: ModuleRecord, plan: Plan): Op | undefined {
  const e = record.extras;
  const gone = e ? [...plan.removed, ...(plan.removedImports ?? [])].filter((n) => e.names.has(n)) : [];
  if (!e || !gone.length) return undefined;
  return {
    phase: 1,
    label: '',
    node: plan.program,
    apply(undo) {
      for (const name of gone) {
        const scope = scopeOf(record);
        const before = Object.getOwnPropertyDescriptor(scope, name);
        const family = record.fns.get(name);
        const owned = !!family && family.handles[0] === before?.value;
        Object.defineProperty(scope, name, { value: undefined, writable: true, enumerable: true, configurable: true });
        if (owned) record.fns.delete(name);
        undo.push(() => {
          if (before) Object.defineProperty(scope, name, before);
          if (owned) record.fns.set(name, family!);
        });
      }
    },
  };
}

/** Binds `local` in the extra scope to a live read of `read` (an import). */
export function bindImport(record: ModuleRecord, local: string, read: () => unknown, undo: UndoLog): void {
  const scope = scopeOf(record);
  const before = Object.getOwnPropertyDescriptor(scope, local);
  Object.defineProperty(scope, local, { get: read, enumerable: true, configurable: true });
  undo.push(() => (before ? Object.defineProperty(scope, local, before) : delete scope[local]));
}

/** Is `name` one of the module's extra-scope names now (committed or pending)? */
export function isExtra(record: ModuleRecord, name: string): boolean {
  const e = record.extras;
  return !!e && (e.names.has(name) || e.pending.has(name));
}

/**
 * Assigns an extra-scope name, with its undo: what `assign` does through the home hook,
 * without compiling anything.
 */
export function assignExtra(record: ModuleRecord, name: string, value: unknown, undo: UndoLog): void {
  const scope = scopeOf(record);
  const before = Object.getOwnPropertyDescriptor(scope, name);
  // Defined, not set: a constant a re-import bound reads through to that version (handOver),
  // and moves back here when an edit changes it (runtime/consts.ts).
  Object.defineProperty(scope, name, { value, writable: true, enumerable: true, configurable: true });
  undo.push(() => (before ? Object.defineProperty(scope, name, before) : (scope[name] = undefined)));
}

/** Adds exports to `record` (name → the local binding it reads). */
export function addExports(record: ModuleRecord, exports: ReadonlyArray<{ name: string; local: string }>, undo: UndoLog): void {
  const e = extrasOf(record);
  for (const { name, local } of exports) {
    const scope = scopeOf(record);
    // A name of the extra scope is read there (no compile: Node 26 keeps every compiled text).
    const reader = isExtra(record, local) ? () => scope[local] : (record.home(`()=>${local}`) as () => unknown);
    const before = e.exports.get(name);
    e.exports.set(name, reader);
    undo.push(() => (before ? e.exports.set(name, before) : e.exports.delete(name)));
  }
}

/**
 * A re-import made `hook`'s version the live one. The names it binds itself are no longer
 * rewritten; the extra scope reads and writes them there, for the code compiled before.
 */
export function handOver(record: ModuleRecord, hook: Hook, namespace: object | undefined, undo: UndoLog): void {
  const e = record.extras;
  if (!e) return;
  // Exports the new version's namespace has: modules that link now find them there, and
  // the imports bound before read them there too.
  for (const [name, reader] of e.exports)
    if (namespace && name in namespace && !e.linkable.has(name)) {
      const ns = namespace as Record<string, unknown>;
      e.exports.set(name, () => ns[name]);
      e.linkable.add(name);
      undo.push(() => {
        e.exports.set(name, reader);
        e.linkable.delete(name);
      });
    }
  for (const set of [e.names, e.pending])
    for (const name of [...set]) {
      try {
        hook(name);
      } catch {
        continue; // the new version does not declare it: the scope keeps it
      }
      const scope = scopeOf(record);
      const before = Object.getOwnPropertyDescriptor(scope, name);
      Object.defineProperty(scope, name, {
        get: () => hook(name),
        set: (v) => hook(`${name}=__v`, v),
        enumerable: true,
        configurable: true,
      });
      set.delete(name);
      undo.push(() => {
        set.add(name);
        if (before) Object.defineProperty(scope, name, before);
        else delete scope[name];
      });
    }
}

/**
 * The new imports and exports of an in-place plan, when the refresh runs (before any code
 * is swapped): the modules its new import declarations name are loaded, as a fresh process
 * would load them, and each new import binding reads its module's export — or the export
 * that module added in place. A name no module provides fails the refresh, as it fails to
 * link in a fresh process.
 */
export async function linkExtras(
  deps: Pick<RefreshDeps, 'registry' | 'importModule'>,
  record: ModuleRecord,
  source: string,
  plan: Plan,
  undo: UndoLog,
  planned: (record: ModuleRecord) => Node | undefined = () => undefined,
): Promise<void> {
  const { registry } = deps;
  const extras = plan.extras!;
  const loaded = new Map<string, { url: string; ns: Record<string, unknown> }>();
  for (const spec of extras.loads) {
    const meta = record.meta;
    if (typeof meta?.resolve !== 'function') throw linkError(record, source, plan, spec, `cannot resolve '${spec}' here (no import.meta.resolve); restart the program to load it`);
    const url = meta.resolve(spec);
    let ns: Record<string, unknown>;
    try {
      ns = (await deps.importModule(url)) as Record<string, unknown>;
    } catch (err) {
      // Loaded from limeade's runtime, it names the runtime as the importer: the program's module imports it, at the declaration.
      throw notLoaded(err, record, source, plan, spec);
    }
    loaded.set(spec, { url, ns });
  }
  for (const b of extras.imports) {
    const { url, ns } = loaded.get(b.from)!;
    if (b.name === '*') {
      bindImport(record, b.local, () => ns, undo);
      continue;
    }
    const exporter = registry.modules.get(baseOf(url));
    const name = b.name;
    if (exporter?.commonjs) {
      // A CommonJS exporter: Node's facade keeps the names its first text had; a key this
      // save or an earlier one added is linked to the exports object (runtime/cjs-names.ts).
      const program = planned(exporter) ?? runningProgram(exporter);
      if (!commonJsProvides(exporter, program, name, ns))
        throw linkError(record, source, plan, b.from, `SyntaxError: The requested module '${b.from}' does not provide an export named '${name}'`);
      bindImport(record, b.local, name === 'default' || name === 'module.exports' ? () => ns[name] : () => commonJsExport(exporter, name), undo);
      continue;
    }
    if (!(name in ns) && !exporter?.extras?.exports.has(name))
      throw linkError(record, source, plan, b.from, `SyntaxError: The requested module '${b.from}' does not provide an export named '${name}'`);
    // An export added in place wins over the namespace's: a name the module stopped exporting and
    // exports again (`export { format as fmt }` after `fmt` was removed) still has its old link there.
    bindImport(record, b.local, () => (exporter?.extras?.exports.has(name) ? exporter.extras.exports.get(name)!() : ns[name]), undo);
  }
  addExports(record, extras.exports, undo);
}

function linkError(record: ModuleRecord, source: string, plan: Plan, from: string, message: string): PhaseError {
  const at = declarationOf(source, plan, from);
  return located('evaluation', rel(record.file), source, at.line, at.column, message);
}

/** Where the new text imports `from`: its first import declaration (or export … from) naming it. */
function declarationOf(source: string, plan: Plan, from: string): { line: number; column: number } {
  const decl = (plan.program.body as Node[]).find((s) => (s.type === 'ImportDeclaration' || s.type === 'ExportNamedDeclaration' || s.type === 'ExportAllDeclaration') && s.source?.value === from);
  return position(source, decl?.start ?? 0);
}

/** limeade's runtime (dist/runtime/): the importer Node names for a module it loads for the program. */
const RUNTIME_DIR = fileURLToPath(new URL('.', import.meta.url));

/**
 * A module a new import declaration names failed to load: not found (said as Node says it in
 * a fresh process, which names the importing file) at the declaration; what its own code threw
 * is the program's error, placed at the declaration when its stack names no line of this file.
 */
function notLoaded(err: unknown, record: ModuleRecord, source: string, plan: Plan, spec: string): unknown {
  const e = err as NodeJS.ErrnoException | undefined;
  const at = declarationOf(source, plan, spec);
  const importer = / imported from (\S+)$/.exec(String(e?.message))?.[1];
  // (Not found by a module it imports: Node's message names that one, and stands.)
  if ((e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'ERR_UNSUPPORTED_DIR_IMPORT') && importer?.startsWith(RUNTIME_DIR)) {
    const message = String(e!.message).replace(/ imported from \S+$/, ` imported from ${record.file}`);
    const pe = located('evaluation', rel(record.file), source, at.line, at.column, `${e!.name === 'Error' ? `Error [${e!.code}]` : e!.name}: ${message}`);
    if (e!.stack) pe.error.stack = e!.stack.replace(String(e!.message), message);
    return pe;
  }
  return failedHere(err, at.line, at.column);
}

/**
 * Exporters a module about to be loaded for the first time would fail to link against:
 * the modules the planned texts import that are not loaded yet (relative specifiers,
 * followed through further modules not loaded yet) import a name that a loaded module
 * exports only in place. A module that fails to link stays failed in Node's module map for
 * the life of the process, so they are found before anything loads, and those exporters
 * are imported again first (runtime/transaction.ts). A module that cannot be read or parsed
 * here is left to the load itself.
 */
export function unlinkable(registry: Registry, planned: readonly Planned[]): ModuleRecord[] {
  const out = new Set<ModuleRecord>(namesPassedOn(registry, planned));
  const inPlace = new Map<ModuleRecord, Set<string>>();
  for (const r of registry.modules.values()) {
    const names = r.extras ? [...r.extras.exports.keys()].filter((n) => !r.extras!.linkable.has(n)) : [];
    if (names.length) inPlace.set(r, new Set(names));
  }
  for (const p of planned) {
    if (p.plan.shape || !p.plan.extras?.exports.length) continue;
    const names = inPlace.get(p.record) ?? new Set<string>();
    for (const e of p.plan.extras.exports) names.add(e.name);
    inPlace.set(p.record, names);
  }
  if (!inPlace.size) return [...out];
  const seen = new Set<string>();
  // `links`: the module links natively (a re-import, a module loaded for the first time); a
  // module patched in place only leads to the modules it loads.
  const scan = (url: string, source: string, program?: Node, links = true): void => {
    let found;
    try {
      found = linksOf(program ?? parseModule(source), source);
    } catch {
      return;
    }
    const specs = [...found.imports.values()].map((b) => ({ from: b.from, name: b.name }));
    for (const from of [...found.stars, ...[...found.exports.values()].flatMap((b) => ('from' in b ? [b.from] : []))]) specs.push({ from, name: '' });
    for (const { from, name } of specs) {
      const target = relativeFile(url, from);
      if (!target) continue;
      const record = registry.modules.get(target);
      if (record) {
        if (links && name && inPlace.get(record)?.has(name)) out.add(record);
        continue;
      }
      if (seen.has(target)) continue;
      seen.add(target);
      const text = readModule(target);
      if (text !== undefined) scan(target, text);
    }
  };
  for (const p of planned) scan(p.record.url, p.source, p.plan.program, !!p.plan.shape);
  // A namespace import (`import * as lib`) is linked to the namespace object the exporter
  // had: new text that reads an export added in place from it (`lib.added`) needs both the
  // exporter and itself imported again, as a fresh process would link them.
  for (const p of planned)
    for (const [local, b] of linksOf(p.plan.program, p.source).imports) {
      const target = b.name === '*' ? relativeFile(p.record.url, b.from) : undefined;
      const added = target === undefined ? undefined : inPlace.get(registry.modules.get(target)!);
      if (added && readsMember(p.plan.program, local, added)) out.add(registry.modules.get(target!)!).add(p.record);
    }
  // `require('./e.mjs')` gives the ES module's namespace object, which an export added in
  // place is not in: a CommonJS text that names one (`const { f, g } = require('./e.mjs')`,
  // `lib.g` off `const lib = require(…)`) needs the exporter imported again, so that its
  // require (at its turn, loader/hooks.ts afterResolve) gets the new version's namespace.
  for (const { record: r, plan: { program } } of planned) {
    if (!r.commonjs) continue;
    for (const [local, b] of requiresOf(program)) {
      const target = relativeFile(r.url, b.from);
      const exporter = target === undefined ? undefined : registry.modules.get(target);
      const added = exporter && !exporter.commonjs ? inPlace.get(exporter) : undefined;
      if (!added) continue;
      if (b.name === '*' ? readsMember(program, local, added) : added.has(b.name)) out.add(exporter!);
    }
  }
  // A dynamic `import('./plugin.js')` links each time it runs, to the exporter's newest
  // version (loader/hooks.ts afterResolve): for its namespace to have an export added in
  // place, as a fresh process's would, the exporter is imported again. Texts the refresh
  // plans look for any such export; the other modules' for the exports this one adds.
  const adding = new Set(planned.filter((p) => !p.plan.shape && p.plan.extras?.exports.length).map((p) => p.record));
  const texts: Array<{ url: string; source: string; program: () => Node | undefined; all: boolean }> = planned.map((p) => ({ url: p.record.url, source: p.source, program: () => p.plan.program, all: true }));
  if (adding.size)
    for (const r of registry.modules.values())
      if (r.source !== undefined && !planned.some((p) => p.record === r)) texts.push({ url: r.url, source: r.source, program: () => runningProgram(r), all: false });
  for (const t of texts) {
    if (!t.source.includes('import(')) continue;
    // (The running text's parse is kept on its record, and its dynamic imports with it.)
    const program = t.program();
    if (!program) continue;
    let specs = dynamicOf.get(program);
    if (!specs) dynamicOf.set(program, (specs = dynamicImports(program)));
    for (const spec of specs) {
      const target = relativeFile(t.url, spec);
      const record = target === undefined ? undefined : registry.modules.get(target);
      if (record && (t.all ? inPlace.has(record) : adding.has(record))) out.add(record);
    }
  }
  return [...out];
}

/**
 * Patched modules whose set of exported names changes (one added in place, one the new text
 * no longer exports) while a loaded module passes on all their names (`export * from`) or
 * holds their namespace (`import * as lib`): ESM fixes both when they link, so a fresh
 * process's barrel would have the new set (`export *` of a name that moved from one module to
 * another, `Object.keys(lib)`), and the running one keeps the first. Imported again, the module
 * takes its re-exporters and namespace importers with it (runtime/reexports.ts), and they
 * link against its new names. (Found by an exploratory differential run: a name moved
 * between two modules behind an `export *` barrel kept its first module's value.)
 */
function namesPassedOn(registry: Registry, planned: readonly Planned[]): ModuleRecord[] {
  const changed = new Map<string, ModuleRecord>();
  for (const p of planned) {
    if (p.plan.shape || p.record.commonjs || !p.plan.exportsChanged) continue;
    const running = runningProgram(p.record);
    const names = (l: ModuleLinks): string => [...l.exports.keys()].sort().join('\0');
    if (running && names(linksOf(running, p.record.source!)) !== names(linksOf(p.plan.program, p.source))) changed.set(p.record.url, p.record);
  }
  if (!changed.size) return [];
  const out = new Set<ModuleRecord>();
  for (const r of registry.modules.values()) {
    if (r.source === undefined || r.commonjs || changed.has(r.url)) continue;
    const p = planned.find((q) => q.record === r);
    // (Only texts that could: the others are not parsed.)
    if (!/\*\s*(from|as)\b/.test(p ? p.source : r.source)) continue;
    const program = p ? p.plan.program : runningProgram(r);
    if (!program) continue;
    const links = linksOf(program, p ? p.source : r.source);
    // (`export * as ns from`, `import * as ns from`: a namespace object; `export * from`: its names.)
    const specs = [...links.stars, ...[...links.imports.values(), ...links.exports.values()].flatMap((b) => ('from' in b && b.name === '*' ? [b.from] : []))];
    for (const spec of specs) {
      const target = relativeFile(r.url, spec);
      const record = target === undefined ? undefined : changed.get(target);
      if (record) out.add(record);
    }
  }
  return [...out];
}

const dynamicOf = new WeakMap<Node, string[]>();

/** The specifiers a program imports dynamically, where the text says which (`import('./x.js')`). */
function dynamicImports(program: Node): string[] {
  const out: string[] = [];
  walk(program, (n) => {
    if (n.type !== 'ImportExpression') return;
    const s = n.source;
    if (s.type === 'Literal' && typeof s.value === 'string') out.push(s.value);
    else if (s.type === 'TemplateLiteral' && !s.expressions.length) out.push(s.quasis[0].value.cooked);
  });
  return out;
}

/** Does `program` read one of `names` off `object` (`object.name`, `object['name']`)? */
export function readsMember(program: Node, object: string, names: ReadonlySet<string>): boolean {
  let found = false;
  walk(program, (n) => {
    if (found || n.type !== 'MemberExpression' || n.object.type !== 'Identifier' || n.object.name !== object) return;
    const key = n.computed ? (n.property.type === 'Literal' ? String(n.property.value) : undefined) : n.property.name;
    if (key !== undefined && names.has(key)) found = true;
  });
  return found;
}

/** The file URL a relative specifier names from `parent` (a TypeScript parent's `./x.js` may mean `./x.ts`). */
export function relativeFile(parent: string, specifier: string): string | undefined {
  if (!/^\.{1,2}\//.test(specifier) || !parent.startsWith('file:')) return undefined;
  const url = new URL(specifier, parent);
  url.search = '';
  if (existsSync(url)) return url.href;
  const ts = isTypeScriptUrl(parent) ? url.href.replace(/\.(m?)js$/, '.$1ts') : undefined;
  return ts && existsSync(new URL(ts)) ? ts : undefined;
}

function readModule(url: string): string | undefined {
  try {
    const text = readFileSync(new URL(url), 'utf8');
    return isTypeScriptUrl(url) ? stripTypes(text) : text;
  } catch {
    return undefined;
  }
}
