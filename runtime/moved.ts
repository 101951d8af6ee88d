/**
 * A function moved to another module in one save (docs/design.md §2.6): an importer that took
 * `f` from `./a.js` takes it from `./b.js` in its new text, and `a.js` no longer declares the
 * function it exported as `f` (the same save removed it, or deleted the file). A fresh process
 * would hold `b.js`'s function wherever the program took `f` (a route registered with it, a
 * copy kept at start); here those references are the old function, which no new code would
 * ever reach. So the old function's handles forward to the new one (its identity, which
 * follows later edits of `b.js`), undone with the refresh. CommonJS has no such static link:
 * there, the keys of the exports objects a refresh's modules give are followed instead
 * (`followMovedExports`).
 */
import { fileURLToPath } from 'node:url';
import { parseModule, topLevel, type Node } from '../loader/analyze.js';
import { linksOf, type ImportBinding, type ModuleLinks } from '../loader/reads.js';
import { setImpl, type ClassFamily, type FnFamily } from './families.js';
import type { CompiledModule } from './patch.js';
import type { ModuleRecord, Registry } from './registry.js';
import { rel } from './report.js';
import type { UndoLog } from './undo.js';

/** A move found: the old function's family, and the function it now forwards to. */
interface Move {
  family: FnFamily;
  to: Function;
  label: string;
}

/** The links of a module's text (its parse kept on the record when it is that text). */
function linksOfText(record: ModuleRecord, text: string): ModuleLinks | undefined {
  try {
    const program = record.parsed?.source === text ? record.parsed.program : parseModule(text);
    return linksOf(program, text);
  } catch {
    return undefined;
  }
}

/** The local binding behind export `name` of a module's text (`export default <expr>` has none that matters here). */
function localOf(links: ModuleLinks | undefined, name: string): string | undefined {
  const b = links?.exports.get(name);
  return b && 'local' in b ? b.local : undefined;
}

/** The record of a relative specifier, as written in `from`'s text (a bare one: not the program's). */
function target(registry: Registry, from: ModuleRecord, spec: string): ModuleRecord | undefined {
  if (!spec.startsWith('./') && !spec.startsWith('../')) return undefined;
  try {
    return registry.modules.get(new URL(spec, from.url).href);
  } catch {
    return undefined;
  }
}

/** Is the function `name` gone from `record`'s module: removed by this refresh, or the file deleted? */
function goneFrom(record: ModuleRecord, name: string, byRecord: ReadonlyMap<ModuleRecord, CompiledModule>, isFile: (file: string) => boolean): boolean {
  const w = byRecord.get(record);
  return w ? w.plan.removed.includes(name) : !isFile(fileURLToPath(record.url));
}

/**
 * The moves `work` (a refresh's modules, evaluated, not committed) makes, applied: labels by
 * importer (`f moved to b.js`) for its report. `isFile` tells a deleted module.
 */
export function followMoved(registry: Registry, work: readonly CompiledModule[], isFile: (file: string) => boolean, undo: UndoLog): Map<CompiledModule, { updated: string[]; notes: string[] }> {
  const out = new Map<CompiledModule, { updated: string[]; notes: string[] }>();
  const byRecord = new Map(work.map((w) => [w.record, w]));
  const moves = new Map<FnFamily, Move | null>();
  const classMoves = new Set<ClassFamily>();
  const classLabels = new Set<string>();
  /** Deleted modules functions moved out of, with where to and the importer that says it. */
  const left = new Map<ModuleRecord, { b: ModuleRecord; w: CompiledModule }>();
  for (const w of work) {
    const old = w.record.source;
    if (w.record.commonjs || old === undefined || old === w.source) continue;
    const before = linksOfText(w.record, old);
    if (!before) continue;
    const after = linksOf(w.plan.program, w.source);
    // Its imports, and its re-exports by name (a barrel's `export { f } from './a.js'` made `from './b.js'`).
    const reexports = (l: ModuleLinks): Map<string, ImportBinding> => new Map([...l.exports].flatMap(([name, b]) => ('from' in b ? [[`\0${name}`, b] as const] : [])));
    const afterLinks = new Map([...after.imports, ...reexports(after)]);
    for (const [local, was] of [...before.imports, ...reexports(before)]) {
      const now: ImportBinding | undefined = afterLinks.get(local);
      if (!now || was.name === '*' || now.name === '*' || (now.from === was.from && now.name === was.name)) continue;
      const a = target(registry, w.record, was.from);
      const b = target(registry, w.record, now.from);
      if (!a || !b || a === b || a.commonjs || b.commonjs || a.source === undefined) continue;
      const name = localOf(linksOfText(a, a.source), was.name);
      if (name === undefined) continue;
      const family = a.fns.get(name);
      const klass = family ? undefined : a.classes.get(name);
      if (!(family || klass) || (family && moves.get(family) === null) || (klass && classMoves.has(klass))) continue;
      if (!goneFrom(a, name, byRecord, isFile)) continue;
      const wb = byRecord.get(b);
      const bLocal = localOf(linksOfText(b, wb ? wb.source : (b.source ?? '')), now.name);
      let to: unknown;
      try {
        to = bLocal === undefined ? undefined : family ? (b.fns.get(bLocal)?.handles[0] ?? b.home(bLocal)) : (b.classes.get(bLocal)?.cls ?? b.home(bLocal));
      } catch {
        continue; // (not initialized)
      }
      if (klass) {
        if (typeof to !== 'function' || to === klass.cls || !to.prototype) continue;
        classMoves.add(klass);
        const label = `${was.name} moved to ${rel(b.file)}`;
        classLabels.add(label);
        const given = out.get(w) ?? { updated: [], notes: [] };
        out.set(w, given);
        given.updated.push(label);
        if (hasPrivates(registry, to))
          given.notes.push(`${label}: what ${rel(a.file)}'s class made before this refresh keeps its code (the new class has #private names, which those objects lack); restart for them to run the new code`);
        else delegate(klass.cls, to, undo);
        continue;
      }
      if (typeof to !== 'function' || family!.handles.includes(to)) continue;
      if (!isFile(fileURLToPath(a.url)) && !left.has(a)) left.set(a, { b, w });
      const had = moves.get(family!);
      // Two importers that moved it to two places: no one place is the new code.
      if (had && had.to !== to) moves.set(family!, null);
      else if (!had) {
        moves.set(family!, { family: family!, to, label: `${was.name} moved to ${rel(b.file)}` });
        const given = out.get(w) ?? { updated: [], notes: [] };
        out.set(w, given);
        given.updated.push(`${was.name} moved to ${rel(b.file)}`);
      }
    }
  }
  // A move no importer's own import shows: the function left one file and the same save gave
  // another file an exported function of that name, which importers reach through a re-export
  // (a barrel's `export *`; found by session 17's review: a listener registered at start kept
  // running the deleted function). One such file, or none.
  for (const w of work) {
    if (w.record.commonjs) continue;
    for (const name of w.plan.removed) {
      const family = w.record.fns.get(name);
      if (!family || moves.has(family)) continue;
      const to = work.filter((v) => v !== w && !v.record.commonjs && exportsNew(v, name));
      if (to.length !== 1) continue;
      const b = to[0]!.record;
      let fn: unknown;
      try {
        fn = b.fns.get(name)?.handles[0] ?? b.home(name);
      } catch {
        continue; // (not initialized)
      }
      if (typeof fn !== 'function' || family.handles.includes(fn) || isClass(fn)) continue;
      const label = `${name} moved to ${rel(b.file)}`;
      moves.set(family, { family, to: fn, label });
      const given = out.get(w) ?? { updated: [], notes: [] };
      out.set(w, given);
      given.updated.push(label);
    }
  }
  for (const move of moves.values()) if (move) setImpl(move.family, move.to, undo);
  // The moved functions now run with their new module's state: what the deleted module's
  // top-level code built (a Map of records, a counter) stays behind, where nothing reads it.
  for (const [a, { b, w }] of left) {
    const state = stateNames(a);
    if (!state.length) continue;
    const given = out.get(w) ?? { updated: [], notes: [] };
    out.set(w, given);
    given.notes.push(`${rel(a.file)} was deleted and its functions moved to ${rel(b.file)}, which runs with state of its own: what ${rel(a.file)} held (${state.join(', ')}) did not move with them; restart to start from one state`);
  }
  // An importer whose move was given up has no label for it.
  const given = new Set([...moves.values()].flatMap((m) => (m ? [m.label] : [])));
  for (const [w, r] of out) {
    r.updated = r.updated.filter((l) => given.has(l) || classLabels.has(l));
    if (!r.updated.length && !r.notes.length) out.delete(w);
  }
  return out;
}

/** Does `w`'s new text export a function `name` (under that name, from its own declaration) that its running text did not declare? */
function exportsNew(w: CompiledModule, name: string): boolean {
  const b = linksOf(w.plan.program, w.source).exports.get(name);
  if (!b || !('local' in b) || b.local !== name) return false;
  const it = topLevel(w.plan.program, w.source).find((i) => i.name === name);
  if (!it || !(it.kind === 'function' || (it.kind === 'var' && it.init === 'function'))) return false;
  const was = w.record.source === undefined || w.record.source === w.source ? undefined : linksOfText(w.record, w.record.source);
  return !!was && !was.exports.has(name);
}

/** A module's top-level state: its `let` and `var` names, and `const`s made by `new`, a call, or an array or object literal. */
function stateNames(record: ModuleRecord): string[] {
  let program: Node;
  try {
    program = record.parsed && record.parsed.source === record.source ? record.parsed.program : parseModule(record.source!);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const it of topLevel(program, record.source!)) {
    if (it.kind !== 'var' || it.init === 'function' || it.init === 'class') continue;
    const init = it.anonymousDefault ? undefined : (it.node.init as Node | null | undefined);
    if (it.declKind !== 'const' || (init && /^(NewExpression|CallExpression|ArrayExpression|ObjectExpression)$/.test(init.type))) out.push(...(it.names.length ? it.names : [it.name]));
  }
  return out;
}

/** A class (its source says so): what `delegate` can hand on. */
export const isClass = (v: unknown): v is Function => typeof v === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(v));

/**
 * Does class `cls` have `#private` names? Objects another class made lack them, and its
 * methods would throw on them: `delegate` must not hand those objects to it. Its family says
 * (the names it was made with, and grown ones); a class limeade has no family for, its text.
 */
export function hasPrivates(registry: Registry, cls: Function): boolean {
  for (const record of registry.modules.values()) for (const family of record.classes.values()) if (family.cls === cls) return family.privates.size > 0;
  return Function.prototype.toString.call(cls).includes('#');
}

/**
 * A class moved: the objects the old class made (and the old class, where the program holds
 * it) take their methods, accessors and statics from the new one, live — its prototype and
 * itself, emptied of their own members, inherit from the new class's (so later edits of the
 * new file reach them too, `instanceof` the new class holds for them, and `constructor` is
 * the new class). Statics the program filled carry to the new class's fields of the same
 * names; a class moved back takes its own parents and members again. Undone with the refresh.
 * `new` on the old class itself still runs its old constructor (docs/design.md §2.6).
 */
export function delegate(old: Function, to: Function, undo: UndoLog, carryStatics = true): void {
  const parents: Array<[object, object | null]> = [];
  const setParent = (target: object, parent: object | null): void => {
    parents.push([target, Object.getPrototypeOf(target)]);
    Object.setPrototypeOf(target, parent);
  };
  // Moved back where it was (the new class is one that delegated to this one): the new class
  // takes its own parents again first, or each would inherit from the other.
  const earlier = delegated.get(to);
  if (earlier) {
    setParent(to, earlier.cls);
    setParent(to.prototype, earlier.proto);
    // And the members it gave up, where it has none of its own now.
    for (const [target, key, d] of earlier.taken)
      if (!Object.getOwnPropertyDescriptor(target, key)) {
        Object.defineProperty(target, key, d);
        undo.push(() => void Reflect.deleteProperty(target, key));
      }
  }
  if (to === old || old.isPrototypeOf(to) || old.prototype.isPrototypeOf(to.prototype)) return void undoParents(parents, undo);
  const taken: Array<[object, PropertyKey, PropertyDescriptor]> = [];
  const carried: Array<[PropertyKey, PropertyDescriptor | undefined]> = [];
  for (const [target, from] of [[old, to], [old.prototype, to.prototype]] as Array<[any, any]>) {
    for (const key of Reflect.ownKeys(target)) {
      if (target === old && (key === 'length' || key === 'name' || key === 'prototype')) continue;
      // (Symbols only where the new class has them: limeade's own marks stay.)
      if (typeof key === 'symbol' && !(key in from)) continue;
      const d = Object.getOwnPropertyDescriptor(target, key)!;
      if (!d.configurable) continue;
      // A static the program filled (`static count = 0`, `static registry = new Map()`): the new
      // class's own field of that name takes the value, as a fresh process would have built it.
      // (Not for a class a function made anew: its statics are what that call made now.)
      const mine = carryStatics && target === old && 'value' in d && typeof d.value !== 'function' ? Object.getOwnPropertyDescriptor(to, key) : undefined;
      if (mine && 'value' in mine && mine.writable && typeof mine.value !== 'function') {
        carried.push([key, mine]);
        Object.defineProperty(to, key, { ...mine, value: d.value });
      }
      taken.push([target, key, d]);
      delete target[key];
    }
  }
  if (!delegated.has(old)) delegated.set(old, { cls: Object.getPrototypeOf(old), proto: Object.getPrototypeOf(old.prototype), taken });
  setParent(old, to);
  setParent(old.prototype, to.prototype);
  undo.push(() => {
    for (const [key, d] of carried) if (d) Object.defineProperty(to, key, d);
    for (const [target, key, d] of taken) Object.defineProperty(target, key, d);
  });
  undoParents(parents, undo);
}

/** By class that delegates: its parents before it first did (a move back gives them back). */
const delegated = new WeakMap<Function, { cls: object | null; proto: object | null; taken: ReadonlyArray<[object, PropertyKey, PropertyDescriptor]> }>();

function undoParents(parents: ReadonlyArray<[object, object | null]>, undo: UndoLog): void {
  if (parents.length) undo.push(() => [...parents].reverse().forEach(([target, parent]) => Object.setPrototypeOf(target, parent)));
}

/** By CommonJS module of a refresh: the functions its exports object held by key before the refresh. */
export type ExportsSnapshot = Map<CompiledModule, Map<string, Function>>;

/** What each CommonJS module of `work` exports as functions now (before the refresh evaluates). */
export function snapshotExports(work: readonly CompiledModule[]): ExportsSnapshot {
  const out: ExportsSnapshot = new Map();
  for (const w of work) {
    const exports = w.record.commonjs?.module.exports;
    if (exports === null || (typeof exports !== 'object' && typeof exports !== 'function')) continue;
    const fns = new Map<string, Function>();
    for (const key of Object.keys(exports as object)) {
      const v = Object.getOwnPropertyDescriptor(exports, key)?.value;
      if (typeof v === 'function') fns.set(key, v);
    }
    // ('' for a class that is the exports themselves: `module.exports = class A { … }`.)
    if (isClass(exports)) fns.set('', exports as Function);
    if (fns.size) out.set(w, fns);
  }
  return out;
}

/**
 * CommonJS has no static link to follow, but its exports object does: a key of the exports a
 * module of this refresh gives (`module.exports.load = loader.load`) that held a function of a
 * module whose file is gone, or that no longer declares it, and now holds another function:
 * the old function's handles forward to the new one, as for ES modules above (found by the
 * js-yaml replay, 4.0.0: `lib/js-yaml/loader.js` became `lib/loader.js`, and the functions the
 * program took from the package at start kept the 3.x code).
 */
export function followMovedExports(registry: Registry, work: readonly CompiledModule[], before: ExportsSnapshot, isFile: (file: string) => boolean, undo: UndoLog): Map<CompiledModule, string[]> {
  const out = new Map<CompiledModule, string[]>();
  if (!before.size) return out;
  const byRecord = new Map(work.map((w) => [w.record, w]));
  let owners: Map<Function, { record: ModuleRecord; family: FnFamily }> | undefined;
  const ownerOf = (fn: Function): { record: ModuleRecord; family: FnFamily } | undefined => {
    if (!owners) {
      owners = new Map();
      for (const record of registry.modules.values()) for (const family of record.fns.values()) for (const h of family.handles) owners.set(h, { record, family });
    }
    return owners.get(fn);
  };
  const gone = ({ record, family }: { record: ModuleRecord; family: FnFamily }): boolean => goneFrom(record, family.name, byRecord, isFile);
  const moved = new Set<FnFamily>();
  for (const [w, fns] of before) {
    const exports = w.record.commonjs?.module.exports;
    if (exports === null || (typeof exports !== 'object' && typeof exports !== 'function')) continue;
    for (const [key, old] of fns) {
      const now = key === '' ? exports : Object.getOwnPropertyDescriptor(exports, key)?.value;
      // A class the key held that the new text no longer makes (`module.exports = class A { … }`
      // rewritten as `class A { … }` and `module.exports = A`): what the program took runs the new one.
      if (isClass(old) && isClass(now) && old !== now) {
        const live = [...w.record.classes.values()].some((f) => f.cls === old && !goneFrom(w.record, f.name, byRecord, isFile));
        if (!live && !hasPrivates(registry, now)) {
          delegate(old, now as Function, undo);
          out.set(w, [...(out.get(w) ?? []), `the class ${key ? `exports.${key}` : 'module.exports'} was (followed)`]);
        }
        continue;
      }
      if (key === '') continue;
      if (typeof now !== 'function' || now === old) continue;
      const from = ownerOf(old);
      if (!from || moved.has(from.family) || from.family.handles.includes(now) || !gone(from)) continue;
      // (Not to another function that is gone too: `exports.a = exports.b` swapping two removed ones.)
      const to = ownerOf(now);
      if (to && gone(to)) continue;
      moved.add(from.family);
      setImpl(from.family, now, undo);
      out.set(w, [...(out.get(w) ?? []), `${key} moved${to ? ` to ${rel(to.record.file)}` : ''}`]);
    }
  }
  return out;
}

