/**
 * Values derived from what changed (docs/design.md §2.3): a declaration whose text did not
 * change but whose initializer reads a value that a refresh evaluates again is evaluated
 * again too — in its own module or in any module that imports the value (also through
 * re-exports and `export *`), transitively, in load order. Part of the plan phase: it takes
 * the differ's plans and returns new ones, with the dependents added as `derived` value
 * steps (and, for a module whose text did not change, a plan of its own).
 */
import { continuedFrom } from './es5-classes.js';
import { assignsModuleExports, classMembers, exportAssignment, exportsTarget, isFunctionNode, memberId, position, topLevel, walk, type Item, type Node } from '../loader/analyze.js';
import { keptConstNames } from '../loader/consts.js';
import type { ClassStep, MemberChange, Plan, RunStep, Step, ValueStep } from '../loader/diff.js';
import { inSourceOrder, rerunStatement } from '../loader/diff.js';
import { inlineFunctions } from '../loader/inline.js';
import { computedText, derivedObject, keyReads, type PropChange } from '../loader/objects.js';
import { linksOf, memberReadsOf, ownExportReads, readsOf, type ImportBinding, type ModuleLinks } from '../loader/reads.js';
import type { Planned } from './ops.js';
import { fallsBack } from './patch.js';
import { gainedByRequire } from './cjs-names.js';
import { runningProgram, type ModuleRecord, type Registry } from './registry.js';
import { rel } from './report.js';

/**
 * The plans with the values derived from what changed, and, per module URL, every name whose
 * value changes in this refresh (the edits' and the derived ones). `json`: JSON files whose
 * content changes, by URL, with the exports that change (`default`).
 */
export function withDerived(
  registry: Registry,
  planned: readonly Planned[],
  json: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): { planned: Planned[]; changed: Map<string, Set<string>>; exports: Map<string, Set<string>> } {
  const byRecord = new Map(planned.map((p) => [p.record, p]));
  /** By module URL: its top-level names whose value changes in this refresh. */
  const changed = new Map<string, Set<string>>();
  for (const p of planned) {
    // (Changed between function and class: the re-import's value is another one.)
    if (p.plan.kindChanged?.length) addAll(changed, p.record.url, p.plan.kindChanged);
    addAll(changed, p.record.url, rebound(p));
    for (const s of p.plan.steps) {
      // (A class compiled for ES5 built again continues as the class held: its value does not change, runtime/es5-classes.ts.)
      if (s.type === 'value') {
        if (!continuedFrom(p.record, s.item)) addAll(changed, p.record.url, valueNames(s));
      }
      // (A declaration whose inline functions have no holders is evaluated again instead: runtime/patch.ts.)
      else if (s.type === 'inline' && s.fallback.type === 'value' && !p.plan.shape && fallsBack(p.record, s) && !continuedFrom(p.record, s.fallback.item)) addAll(changed, p.record.url, valueNames(s.fallback));
    }
  }
  // (A CommonJS file's edited statements can change its exports without a value step.)
  if (!changed.size && !json.size && !planned.some((p) => p.record.commonjs)) return { planned: planned.map((p) => withCompletingStatements(p, undefined)), changed, exports: new Map() };
  /** By module URL: its exported names whose value changes (a JSON file's content: its `default`). */
  const exports = new Map<string, Set<string>>([...json].map(([url, names]) => [url, new Set(names)]));
  const derived = new Map<ModuleRecord, ValueStep[]>();
  // ES modules imported again whose namespace gains names the one `require` gave lacks: a
  // declarator holding that namespace (`const lib = require('./e.mjs')`) takes the new one.
  // So do CommonJS modules whose `module.exports = …` runs again while the object the program
  // holds is frozen or a class's instance: nothing updates it in place (found by session 18's
  // review: `module.exports = Object.freeze({ … })` left `const defaults = require(…)` on the old object).
  const renewed = new Set(
    planned.filter((p) => (p.plan.shape && !p.record.commonjs && gainedByRequire(p.record, p.plan.program, p.source).length) || (p.record.commonjs && replacesHeldExports(p))).map((p) => p.record.url),
  );
  /** Notes for the constants not recomputed (`pendingConstant`). */
  const held: string[] = [];
  /** By module URL: its top-level object literals an edit updates in place, by name. */
  const literals = new Map<string, Map<string, ValueStep>>();
  for (const p of planned)
    for (const s of p.plan.steps)
      // (Not where the edit changes imports: a property whose text stayed may read a name now bound elsewhere.)
      // (`export default { … }` under its export's local, `default`: no code of its module can name it.)
      if (s.type === 'value' && s.object && !s.derived && s.item.name && !p.plan.shape && !p.plan.extras && !p.plan.removedImports?.length)
        literals.set(p.record.url, (literals.get(p.record.url) ?? new Map()).set(s.item.name, s));
  /** By module URL: its compiled enums an edit runs again (`var Role = ((Role2) => { … })(Role || {})`), by name: the members whose value changes. */
  const enums = new Map<string, Map<string, Set<string>>>();
  for (const p of planned)
    for (const s of p.plan.steps)
      if (s.type === 'value' && s.item.name && !s.derived && !p.plan.shape) {
        const changedMembers = enumChange(p, s.item);
        if (changedMembers) enums.set(p.record.url, (enums.get(p.record.url) ?? new Map()).set(s.item.name, changedMembers));
      }
  /** By module: its locals holding a required exports object whose keys change (withAssignCopies). */
  const copied = new Map<ModuleRecord, Set<string>>();
  /** By module URL: the static fields of its classes this refresh evaluates again, by class. */
  const statics = staticChanges(planned);
  const staticUrls = new Map([...statics.keys()].map((url) => [url, new Set(['*'])]));
  // (A CommonJS module registers before the modules it requires: a change may take a pass per level.)
  for (let pass = 0, grew = true; grew && pass < 16; pass++) {
    grew = false;
    for (const record of registry.modules.values()) {
      const p = byRecord.get(record);
      const locals = changed.get(record.url) ?? new Set<string>();
      if (!p && !mayImportChanged(record, exports) && !mayImportChanged(record, staticUrls)) continue;
      const links = linksFor(record, p);
      if (!links) continue;
      /** Locals (own or imported) naming a class whose static fields change: those keys (`Config.TTL`). */
      const classes = new Map<string, ReadonlySet<string>>(statics.get(record.url) ?? []);
      for (const [local, b] of record.commonjs ? [] : links.imports) {
        const url = resolve(registry, record.url, b.from);
        const own = url === undefined ? undefined : statics.get(url);
        if (!own) continue;
        const exporter = registry.modules.get(url!);
        const target = exporter && linksFor(exporter, byRecord.get(exporter))?.exports.get(b.name);
        const keys = target && 'local' in target ? own.get(target.local) : undefined;
        if (keys) classes.set(local, keys);
      }
      /** Namespace imports (`import * as cfg`) of a module some of whose exports change: those names. */
      const namespaces = new Map<string, ReadonlySet<string>>();
      /** Locals (own or imported) holding an object literal this refresh updates in place: the one step that does. */
      const objects = new Map<string, { step: ValueStep; url: string }>();
      for (const [n, step] of literals.get(record.url) ?? []) objects.set(n, { step, url: record.url });
      /** Locals (own or imported) holding a compiled enum this refresh runs again: its members whose value changes. */
      const enumMembers = new Map<string, Set<string>>(enums.get(record.url) ?? []);
      for (const [local, b] of links.imports) {
        const url = resolve(registry, record.url, b.from);
        const names = exports.get(url ?? jsonUrl(registry, record.url, b.from) ?? '');
        if (names?.size && (b.name === '*' || names.has(b.name))) {
          locals.add(local);
          if (b.name === '*') namespaces.set(local, names);
          const exporter = url !== undefined ? registry.modules.get(url) : undefined;
          const target = exporter && linksFor(exporter, byRecord.get(exporter))?.exports.get(b.name);
          const step = target && 'local' in target ? literals.get(url!)?.get(behindDefault(exporter, target.local)) : undefined;
          if (step) objects.set(local, { step, url: url! });
          const members = target && 'local' in target ? enums.get(url!)?.get(target.local) : undefined;
          if (members) enumMembers.set(local, members);
        }
      }
      // CommonJS (and an ES module's `require` from `createRequire`): the requires of its top-level declarators whose exports change.
      const required = record.commonjs || links.createsRequire ? requiredChanges(registry, record.url, links, exports, renewed) : undefined;
      const stepped = new Set(p?.plan.steps.flatMap((s) => (s.type === 'value' ? valueNames(s) : [])));
      // A CommonJS file reading its own exports (`const { rate } = exports`): the keys of them that change.
      const own = record.commonjs ? exports.get(record.url) : undefined;
      for (const [i, { item, reads }] of locals.size || required || own?.size || classes.size ? links.values.entries() : []) {
        const names = item.names.length ? item.names : [item.name];
        if (names.some((n) => stepped.has(n) || locals.has(n))) continue;
        const wholes = required ? wholesRead(links.members[i], required.wholes) : [];
        const unchangedKeys = (r: string): boolean =>
          onlyOtherMembers(item, r, namespaces) || onlySameKeys(item, r, objects.get(r), changed) || (enumMembers.has(r) && [...(keysRead(item, r) ?? [null])].every((k) => k !== null && !enumMembers.get(r)!.has(k)));
        const ownRead = !!own?.size && !!item.node.init && readsKeys(ownExportReads(item.node.init), own);
        // (`const OUTSIDE = Config.TTL + 1` after `static TTL` changed; `new Config()` reads no static.)
        const staticRead = [...classes].some(([local, keys]) => reads.has(local) && [...(keysRead(item, local) ?? [])].some((k) => keys.has(k)));
        if (![...reads].some((r) => locals.has(r) && !unchangedKeys(r)) && !names.some((n) => required?.named.has(n)) && !wholes.length && !ownRead && !staticRead) continue;
        // (Which properties of an object read them: those that read the local, or call `require`.)
        const readsNow = wholes.length || ownRead ? new Set([...locals, ...wholes.map((w) => (w.startsWith('require:') ? 'require' : w)), ...(ownRead ? ['exports', 'module'] : [])]) : locals;
        const object = item.name && !item.anonymousDefault ? derivedObject(item.node.init, p?.source ?? record.source!, readsNow) : undefined;
        // A constant the instrumented text keeps `const`, in a module whose top-level code has not
        // ended (it waits at an `await`): its pending statements would read the old value of a
        // recomputed one (runtime/consts.ts moves it; top-level code is not compiled again).
        if (!object && pendingConstant(record, item)) {
          const at = position(record.source!, item.node.start);
          held.push(`${names.join(', ')} at ${rel(record.file)}:${at.line}:${at.column + 1} keeps its value although it reads a value this refresh changed: its module has not finished its top-level code (it waits at an await), which reads it as a constant; restart to compute it anew`);
          continue;
        }
        for (const n of names) locals.add(n);
        derived.set(record, [...(derived.get(record) ?? []), object ? { type: 'value', item, derived: true, object } : { type: 'value', item, derived: true }]);
        grew = true;
      }
      changed.set(record.url, locals);
      // Its requires whose exports object changes (`const mix = require('./mix')`): what `Object.assign(Foo.prototype, mix)` copies.
      if (required?.wholes.size) copied.set(record, new Set([...(copied.get(record) ?? []), ...required.wholes.keys()]));
      grew = exportsOf(registry, record, links, locals, exports) || grew;
      if (record.commonjs) grew = commonJsExportsOf(record, p, locals, exports) || grew;
    }
  }
  for (const [record, steps] of derived) derived.set(record, steps.map((s) => withLateReads(s, changed.get(record.url))));
  const staticSteps = staticReaders(registry, byRecord, changed, statics);
  const updated = planned.map((p) => withStaleProps(p, changed.get(p.record.url)));
  // CommonJS export statements that require, where they stand, a module whose exports change.
  const changedRequire = (record: ModuleRecord) => (spec: string): boolean => !!exports.get(resolve(registry, record.url, spec) ?? jsonUrl(registry, record.url, spec) ?? '')?.size;
  const requiring = new Set<ModuleRecord>();
  if (exports.size)
    for (const record of registry.modules.values())
      if (record.commonjs && !byRecord.has(record) && !derived.has(record) && mayImportChanged(record, exports) && requiresInExports(record, changedRequire(record))) requiring.add(record);
  // Modules copying, with an `Object.assign(…)` statement, an object whose keys change.
  const sources = (record: ModuleRecord): Set<string> => new Set([...(changed.get(record.url) ?? []), ...(copied.get(record) ?? [])]);
  for (const record of registry.modules.values())
    if (!byRecord.has(record) && !derived.has(record) && sources(record).size && assignCopies(runningProgram(record), record.source, sources(record)).length) requiring.add(record);
  const given = [...withSteps(updated, derived, staticSteps), ...newPlans(byRecord, derived, staticSteps, requiring)].map((p) =>
    withAssignCopies(withCompletingStatements(withExportStatements(p, changed.get(p.record.url), changedRequire(p.record), exports.get(p.record.url)), changed.get(p.record.url)), sources(p.record)),
  );
  // A module planned only for such statements, none of which runs again: its notes go to the
  // first changed module (its own line would claim an update it did not get).
  for (let i = given.length - 1; i >= 0; i--) {
    const g = given[i]!;
    if (!requiring.has(g.record) || g.plan.steps.length) continue;
    given.splice(i, 1);
    const to = given.findIndex((x) => byRecord.has(x.record));
    if (to >= 0 && g.plan.notes.length) given[to] = { ...given[to]!, plan: { ...given[to]!.plan, notes: [...given[to]!.plan.notes, ...g.plan.notes] } };
  }
  // (Said in the report of the first edited module: the note names its own place.)
  if (held.length && given.length) given[0] = { ...given[0]!, plan: { ...given[0]!.plan, notes: [...given[0]!.plan.notes, ...new Set(held)] } };
  return { planned: registry.inLoadOrder(given), changed, exports };
}

/**
 * The local an export names, seen through `export default config` (an anonymous default that
 * is a top-level name): `config`, whose literal the refresh may update in place — the default
 * export is that same object, so an importer reading only keys that stay keeps its values.
 */
function behindDefault(exporter: ModuleRecord, local: string): string {
  if (local !== 'default') return local;
  const program = runningProgram(exporter);
  const it = program && exporter.source !== undefined ? topLevel(program, exporter.source).find((i) => i.anonymousDefault) : undefined;
  return it?.kind === 'var' && it.node.type === 'Identifier' ? it.node.name : local;
}

/**
 * The locals behind exports of an ES module that now name another binding than the running
 * text's (`export default class Store` saved as `export default new Store()`, `export default
 * function handler` as `export default { handler }`): the export's value is another one, so what
 * an importer computed from it is computed again (found by session 17's review: `const s =
 * store` kept the class).
 */
function rebound(p: Planned): string[] {
  if (p.record.commonjs) return [];
  const old = runningProgram(p.record);
  if (!old || p.record.source === undefined || p.record.source === p.source) return [];
  const before = linksOf(old, p.record.source).exports;
  // (A value passed on under another local, `export { n as default }` ↔ `export default n`, is the same value: runtime/reexports.ts.)
  const kindIn = (program: Node, source: string): Map<string, string> =>
    new Map(topLevel(program, source).map((it) => [it.name, it.kind === 'function' || it.kind === 'class' ? it.kind : it.kind === 'var' && (it.init === 'function' || it.init === 'class') ? it.init : 'value']));
  let kinds: [Map<string, string>, Map<string, string>] | undefined;
  const out: string[] = [];
  for (const [name, b] of linksOf(p.plan.program, p.source).exports) {
    const was = before.get(name);
    if (!('local' in b) || !was || ('local' in was && was.local === b.local)) continue;
    kinds ??= [kindIn(old, p.record.source), kindIn(p.plan.program, p.source)];
    if (!('local' in was) || kinds[0].get(was.local) !== kinds[1].get(b.local)) out.push(b.local);
  }
  return out;
}

/** Is `item` a constant kept `const` (loader/consts.ts) of a module whose first evaluation has not ended (ModuleRecord.reached)? */
function pendingConstant(record: ModuleRecord, item: Item): boolean {
  if (record.reached === undefined || record.reached === Infinity || item.kind !== 'var' || item.declKind !== 'const') return false;
  const program = runningProgram(record);
  return !!program && keptConstNames(program, record.source!).has(item.names[0] ?? item.name);
}

/**
 * A derived object step made in an earlier pass than a name it reads was found changed (a
 * CommonJS module is looked at before the modules it requires: pino's proto.js recomputes
 * `prototype` for `asJson` in one pass and finds meta.js's `version` in the next) evaluates
 * that name's properties too, or, where a key reads it, the whole literal.
 */
function withLateReads(step: ValueStep, locals: ReadonlySet<string> | undefined): ValueStep {
  if (!step.object || !locals?.size) return step;
  const init = step.item.anonymousDefault ? step.item.node : step.item.node.init;
  if ([...keyReads(init)].some((n) => locals.has(n))) {
    const { object: _, ...whole } = step;
    return whole;
  }
  const late = (c: PropChange): boolean => c.change === 'same' && c.node.kind === 'init' && !c.node.method && [...readsOf(c.node.value)].some((n) => locals.has(n));
  if (!step.object.props.some(late)) return step;
  return { ...step, object: { ...step.object, props: step.object.props.map((c) => (late(c) ? { ...c, change: 'changed' as const } : c)) } };
}

/**
 * An object the edit updates in place evaluates only the properties whose text changed; one
 * whose text did not (or changed only inside the bodies of its functions, which the update
 * keeps) but that reads a value this refresh changes is evaluated again too — `{ a: 2, t: T,
 * db: { port: PORT, pool() { … } } }` saved with `T` and `PORT` edited: what a fresh process
 * would hold. The functions such a property had are no longer kept on the object (the new
 * value has its own). Methods read when they are called: they see the new value already.
 */
function withStaleProps(p: Planned, locals: ReadonlySet<string> | undefined): Planned {
  if (!locals?.size || p.plan.shape) return p;
  let touched = false;
  const steps = p.plan.steps.map((s) => {
    // `module.exports = { … }`, `X.prototype = { … }` changed outside its functions (RunStep.object): the same, without kept functions.
    if (s.type === 'run' && s.object) {
      const { target, change } = s.object;
      const literal = s.node.type === 'ExpressionStatement' ? ((s.node.expression as Node).right as Node | undefined) : undefined;
      if (!literal || [...keyReads(literal)].some((n) => locals.has(n))) {
        touched = true;
        const { object: _, ...whole } = s;
        return whole;
      }
      const picked = (c: PropChange): boolean => c.change === 'same' && c.node.kind === 'init' && !c.node.method && [...readsOf(c.node.value)].some((n) => locals.has(n));
      if (!change.props.some(picked)) return s;
      touched = true;
      return { ...s, object: { target, change: { ...change, props: change.props.map((c) => (picked(c) ? { ...c, change: 'changed' as const } : c)) } } };
    }
    if (s.type !== 'value' || !s.object || s.derived) return s;
    // A computed key or `__proto__` that reads a changed value: the object is evaluated again as a whole.
    if ([...keyReads(s.item.anonymousDefault ? s.item.node : s.item.node.init)].some((n) => locals.has(n))) {
      touched = true;
      const { object: _, ...whole } = s;
      return whole;
    }
    const stale = (c: PropChange): boolean => [...readsOf(c.node.value)].some((n) => locals.has(n));
    const redone = withPropsRedone(s, stale);
    touched ||= redone !== s;
    return redone;
  });
  return touched ? { ...p, plan: { ...p.plan, steps } } : p;
}

/**
 * An object update that also evaluates again the plain properties (`key: value`, not methods
 * or accessors) that `redo` picks among those whose text did not change; the functions such
 * a property had are no longer kept on the object. `s` itself when it picks none.
 */
function withPropsRedone(s: ValueStep, redo: (c: PropChange) => boolean): ValueStep {
  if (!s.object) return s;
  const picked = (c: PropChange): boolean => c.change === 'same' && c.node.kind === 'init' && !c.node.method && redo(c);
  if (!s.object.props.some(picked)) return s;
  const props = s.object.props.map((c) => (picked(c) ? { ...c, change: 'changed' as const } : c));
  const redone = s.object.props.filter(picked);
  const within = (f: Node): boolean => redone.some((c) => c.node.start <= f.start && f.end <= c.node.end);
  const kept = s.object.kept;
  if (!kept) return { ...s, object: { ...s.object, props } };
  const init = s.item.anonymousDefault ? s.item.node : s.item.node.init;
  const fns = inlineFunctions(init);
  const left = {
    keys: kept.keys.filter((k) => !redone.some((c) => c.key === k)),
    fns: kept.fns.filter((f) => !within(f.node)),
    ordinals: kept.ordinals.filter(([, now]) => !fns[now] || !within(fns[now]!)),
  };
  return { ...s, object: { ...s.object, props, kept: left } };
}

/**
 * A CommonJS file's statements that export a value (`module.exports = { LIMIT, f }`,
 * `exports.LIMIT = LIMIT`), whose text did not change but that read a value that changes:
 * they run again, as the `export default` of an ES module is evaluated again, or as its
 * `export { LIMIT }` would show the new value. (`module.exports = { … }` run again during a
 * refresh updates the object the program holds, runtime/cjs-exports.ts.) Also in a file whose
 * text did not change but whose values derived from what it requires change; also one that
 * requires, where it stands, a module whose exports change (`requireChanged`; one that makes
 * `module.exports` anew from it is said instead), and one after a statement that runs and
 * assigns the same key (tsc's `exports.a = exports.b = void 0;` header).
 */
function withExportStatements(p: Planned, locals: ReadonlySet<string> | undefined, requireChanged: (spec: string) => boolean = () => false, own: ReadonlySet<string> = new Set()): Planned {
  if (!p.record.commonjs) return p;
  const { plan, source } = p;
  // A plan of derived values only (its text did not change): no statement runs but these.
  const runStatements = plan.statementMap || plan.runStatements.length ? [...plan.runStatements] : topLevel(plan.program, source).flatMap((it) => (it.kind === 'stmt' ? [false] : []));
  const statementMap = plan.statementMap?.slice();
  const stepped = new Set(plan.steps.flatMap((s) => (s.type === 'run' || s.type === 'inline' ? [s.node] : [])));
  const ran = new Set(plan.steps.flatMap((s) => (s.type === 'run' ? [s.node] : [])));
  // Export keys a statement that runs has just assigned (tsc's `exports.a = exports.b = void 0;`
  // header, new or changed when an export is added): an unchanged statement after it that
  // assigns one of them (`exports.a = a;`) runs again, as it would after it in a fresh process.
  const written = new Set<string>();
  const more: RunStep[] = [];
  const notes: string[] = [];
  let index = 0;
  for (const it of topLevel(plan.program, source)) {
    if (it.kind !== 'stmt') continue;
    const i = index++;
    const keys = exportKeys(it.stmt);
    if (runStatements[i] === true || ran.has(it.stmt)) {
      for (const k of keys) written.add(k);
      continue;
    }
    const value = exportAssignment(it.stmt);
    // (`exports.double = exports.rate * 2` after a changed `exports.rate = …`: as a local it reads.)
    const readsOwn = !!value && readsKeys(ownExportReads(value), new Set([...own, ...written]));
    const readsLocal = (!!value && !!locals?.size && [...readsOf(value)].some((r) => locals.has(r))) || readsOwn;
    const reading = readsOwn ? new Set([...(locals ?? []), 'exports', 'module']) : locals;
    // Changed only inside its functions (patched through their holders, not run), and reading a
    // changed value: the properties that read it are evaluated again on the object it made.
    if (readsLocal && stepped.has(it.stmt) && !ran.has(it.stmt) && value!.type === 'ObjectExpression') {
      const left = (it.stmt as Node).expression?.left as Node | undefined;
      const object = left?.type === 'MemberExpression' ? derivedObject(value!, source, reading!) : undefined;
      if (object) more.push({ type: 'run', node: it.stmt, object: { target: left!, change: object } });
      continue;
    }
    if (runStatements[i] !== false || stepped.has(it.stmt)) continue;
    const required = value ? inlineRequires(value).filter(requireChanged) : [];
    if (!readsLocal && !required.length && !keys.some((k) => written.has(k))) continue;
    // Made anew from what it requires (`module.exports = new Mime(require('./types'))`): run again,
    // `require` would give a new object while the program holds the old one. Said instead.
    if (required.length && !keys.length && value!.type !== 'ObjectExpression' && !readsLocal) {
      const at = position(source, it.stmt.start);
      notes.push(`the statement at ${rel(p.record.file)}:${at.line}:${at.column + 1} makes module.exports from ${required.map((r) => `require('${r}')`).join(', ')}, whose exports this refresh changed; it does not run again (the program holds the object it made, which a new one would not replace), so that object keeps what it was made from: restart to make it anew`);
      continue;
    }
    rerunStatement(runStatements, statementMap, i);
    for (const k of keys) written.add(k);
    // `exports.config = { port: PORT }`: the object the key holds is updated in place, in the
    // properties that read the changed values, as a declaration's literal is (RunStep.object).
    const left = (it.stmt as Node).expression?.left as Node | undefined;
    const object = readsLocal && !required.length && value!.type === 'ObjectExpression' && left?.type === 'MemberExpression' && exportsTarget(left) !== 'module.exports' ? derivedObject(value, source, reading!) : undefined;
    more.push(object ? { type: 'run', node: it.stmt, object: { target: left!, change: object } } : { type: 'run', node: it.stmt });
  }
  if (!more.length) return notes.length ? { ...p, plan: { ...plan, notes: [...plan.notes, ...notes] } } : p;
  // A re-import runs them by its gates (runStatements); a patch by its steps.
  const steps = plan.shape ? plan.steps : inSourceOrder([...plan.steps, ...more]);
  return { ...p, plan: { ...plan, steps, runStatements, statementMap, notes: [...plan.notes, ...notes], unchanged: Math.max(0, plan.unchanged - more.length) } };
}

/**
 * The top-level `Object.assign(target, …sources)` statements of a text (by statement index)
 * one of whose sources is a local in `names` (an object this refresh updates in place, here or
 * in the module it comes from: a mixin, `Object.assign(Foo.prototype, mix)`).
 */
function assignCopies(program: Node | undefined, source: string | undefined, names: ReadonlySet<string>): number[] {
  if (!program || source === undefined || !/Object\.(assign|defineProperties)/.test(source)) return [];
  const out: number[] = [];
  const items = topLevel(program, source);
  // A function of the module that copies what it is given (`function applyMixins(C, ...ms) {
  // for (const m of ms) Object.assign(C.prototype, m); }`): a call passing the object is a copy too.
  const copiers = new Set(
    items.flatMap((it) => (it.kind === 'function' && /Object\.(assign|defineProperties|defineProperty)\(/.test(source.slice(it.node.start, it.node.end)) ? [it.name] : [])),
  );
  items
    .filter((it) => it.kind === 'stmt')
    .forEach((it, i) => {
      const e = it.stmt.type === 'ExpressionStatement' ? (it.stmt.expression as Node) : undefined;
      const c = e?.type === 'CallExpression' ? (e.callee as Node) : undefined;
      if (!c) return;
      // (Or a `require(…)` of one: `Object.assign(exports, require('./a'), require('./b'))`, a CommonJS barrel.)
      const named = (a: Node): boolean =>
        (a.type === 'Identifier' && names.has(a.name)) ||
        (a.type === 'CallExpression' && a.callee.type === 'Identifier' && a.callee.name === 'require' && a.arguments[0]?.type === 'Literal' && names.has(`require:${a.arguments[0].value}`));
      const args = e!.arguments as Node[];
      const objectCall = (n: Node, method: string): boolean =>
        n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && !n.callee.computed && n.callee.object.type === 'Identifier' && n.callee.object.name === 'Object' && n.callee.property.name === method;
      if (objectCall(e!, 'assign') && args.slice(1).some(named)) out.push(i);
      // `Object.defineProperties(C.prototype, Object.getOwnPropertyDescriptors(mixin))`: the form for a mixin with accessors.
      else if (objectCall(e!, 'defineProperties') && args[1] && objectCall(args[1], 'getOwnPropertyDescriptors') && (args[1].arguments as Node[]).some(named)) out.push(i);
      else if (c.type === 'Identifier' && copiers.has(c.name) && args.some(named)) out.push(i);
    });
  return out;
}

/**
 * What the objects an `Object.assign(target, mix)` copies hold now, before the refresh updates
 * them (the keys each will lose are taken off `target` after, runtime/patch.ts uncopy).
 */
function copiedNow(record: ModuleRecord, stmt: Node, names: ReadonlySet<string>): Map<PropertyKey, unknown> | undefined {
  const e = stmt.type === 'ExpressionStatement' ? (stmt.expression as Node) : undefined;
  if (e?.type !== 'CallExpression' || e.callee.type !== 'MemberExpression' || e.callee.property.name !== 'assign') return undefined;
  const out = new Map<PropertyKey, unknown>();
  for (const a of (e.arguments as Node[]).slice(1)) {
    if (a.type !== 'Identifier' || !names.has(a.name)) continue;
    let held: unknown;
    try {
      held = record.home(a.name);
    } catch {
      continue;
    }
    if (held !== null && typeof held === 'object') for (const k of Object.keys(held)) out.set(k, (held as Record<string, unknown>)[k]);
  }
  return out.size ? out : undefined;
}

/**
 * `Object.assign(Foo.prototype, mix)` that copied an object whose keys this refresh changes (a
 * method added to a mixin in another file): it runs again, as a fresh process runs it on the
 * new object — copying again is what it did (found by session 17's review: the class never got
 * the mixin's new method, silently). Not where the statement runs anyway.
 */
function withAssignCopies(p: Planned, names: ReadonlySet<string>): Planned {
  if (!names.size || p.plan.shape) return p;
  const { plan, source } = p;
  const indexes = assignCopies(plan.program, source, names);
  if (!indexes.length) return p;
  const runStatements = plan.statementMap || plan.runStatements.length ? [...plan.runStatements] : topLevel(plan.program, source).flatMap((it) => (it.kind === 'stmt' ? [false] : []));
  const statementMap = plan.statementMap?.slice();
  const stmts = topLevel(plan.program, source).flatMap((it) => (it.kind === 'stmt' ? [it.stmt] : []));
  const stepped = new Set(plan.steps.flatMap((s) => (s.type === 'run' || s.type === 'inline' ? [s.node] : [])));
  const more: RunStep[] = [];
  for (const i of indexes) {
    if (runStatements[i] !== false || stepped.has(stmts[i]!)) continue;
    rerunStatement(runStatements, statementMap, i);
    const copied = copiedNow(p.record, stmts[i]!, names);
    more.push(copied ? { type: 'run', node: stmts[i]!, copied } : { type: 'run', node: stmts[i]! });
  }
  if (!more.length) return p;
  return { ...p, plan: { ...plan, steps: inSourceOrder([...plan.steps, ...more]), runStatements, statementMap, unchanged: Math.max(0, plan.unchanged - more.length) } };
}

/** What an expression requires where it stands (`new Mime(require('./types/standard'))`), not inside the functions it makes. */
function inlineRequires(value: Node): string[] {
  const out: string[] = [];
  walk(value, (n) => {
    if (isFunctionNode(n)) return false;
    if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments[0]?.type === 'Literal' && typeof n.arguments[0].value === 'string') out.push(n.arguments[0].value);
    return undefined;
  });
  return out;
}

/** Does a CommonJS module's running text export a value that requires, where it stands, what `changed` says changes? */
function requiresInExports(record: ModuleRecord, changed: (spec: string) => boolean): boolean {
  const program = runningProgram(record);
  if (!program || record.source === undefined || !record.source.includes('require')) return false;
  return topLevel(program, record.source).some((it) => {
    const value = it.kind === 'stmt' ? exportAssignment(it.stmt) : undefined;
    return !!value && inlineRequires(value).some(changed);
  });
}

/** The keys of the exports object a statement's assignment chain sets (`exports.a = exports.b = …`, `module.exports.c = …`). */
function exportKeys(stmt: Node): string[] {
  const out: string[] = [];
  let e = stmt.type === 'ExpressionStatement' ? (stmt.expression as Node) : undefined;
  for (; e?.type === 'AssignmentExpression' && e.operator === '='; e = e.right as Node) {
    const target = exportsTarget(e.left as Node);
    if (target && target !== 'module.exports') out.push(target.slice(target.lastIndexOf('.') + 1));
  }
  return out;
}

/**
 * Statements whose text did not change that assign a member of a value the refresh evaluates
 * again or updates (`block.def = edit(block.def).replace('label', block._label).getRegex()`,
 * `block.normal = { ...block }` after `const block = { … }`): they finish building it as the
 * module loads, so they run again after it, in source order, as a fresh process runs them on
 * its new value. Without them the value stays as its literal says — half built: the new
 * object lacks what they added, and an object updated in place gets back the literal's raw
 * properties they had replaced (found by the marked replay: its regexp tables, whose
 * `edit(…)` templates came back unfilled or threw on a missing `block._label`). Their effect
 * is on that value only: it is the program's state before the refresh no longer.
 */
function withCompletingStatements(p: Planned, locals: ReadonlySet<string> | undefined): Planned {
  const { plan, source } = p;
  // A plan of derived values only (its text did not change): no statement runs but these.
  const items = topLevel(plan.program, source);
  const runStatements = plan.statementMap || plan.runStatements.length ? [...plan.runStatements] : items.flatMap((it) => (it.kind === 'stmt' ? [false] : []));
  const statementMap = plan.statementMap?.slice();
  const stepped = new Set(plan.steps.flatMap((s) => (s.type === 'run' || s.type === 'inline' ? [s.node] : [])));
  // Statements whose only change is in their inline functions: patched in place, not run (rule 3).
  const patchedOnly = new Set(plan.steps.flatMap((s) => (s.type === 'inline' ? [s.node] : [])));
  for (const s of plan.steps) if (s.type === 'run') patchedOnly.delete(s.node);
  // (What a statement reads is walked for only when it assigns a member: most statements do not.)
  const stmts = items
    .filter((it) => it.kind === 'stmt')
    .map((it, i) => {
      const members = assignedMembers(it.stmt);
      let reads: Set<string> | undefined;
      return { node: it.stmt, i, members, reads: (name: string): boolean => members.length > 0 && (reads ??= assignedFrom(it.stmt)).has(name) };
    });
  const runs = (st: (typeof stmts)[number]): boolean => runStatements[st.i] !== false || stepped.has(st.node);
  /** The names whose building statements run again: values the refresh changes, and (patching) objects a changed statement builds. */
  const roots = new Set(stmts.flatMap((st) => st.members.map((m) => m.root)).filter((n) => locals?.has(n)));
  /**
   * Objects whose declaration did not change but that a changed statement builds from
   * themselves (`block.paragraph = edit(block._paragraph)…`, patching): the statements that
   * build them from themselves run again (`block.blockquote = edit(block.blockquote).replace(
   * 'paragraph', block.paragraph)`), on their literal's properties (their reset value steps).
   * Not the statements that only set a key (`state.count = 0`): what the program stored there
   * since it started stays.
   */
  const fromItself = new Set<string>();
  const resets: ValueStep[] = [];
  if (!plan.shape)
    for (const st of stmts.filter(runs))
      for (const { root } of st.members) {
        if (roots.has(root) || !st.reads(root) || plan.steps.some((s) => s.type === 'value' && s.item.name === root)) continue;
        const item = items.find((it) => it.kind === 'var' && it.name === root && !it.anonymousDefault && it.node.init?.type === 'ObjectExpression');
        const object = item && derivedObject(item.node.init, source, new Set());
        if (!item || !object) continue;
        roots.add(root);
        fromItself.add(root);
        resets.push({ type: 'value', item, object });
      }
  if (!roots.size) return p;
  const more: RunStep[] = [];
  /** By name: the keys its building statements assign (`block.gfm.table = …`: `gfm`), null for any. */
  const keys = new Map<string, Set<string> | null>();
  /** Is the value of a root updated in place (its literal's object kept), not made anew? */
  const updatedInPlace = (root: string): boolean => [...plan.steps, ...resets].some((s) => s.type === 'value' && s.item.name === root && !!s.object);
  for (const st of stmts) {
    const assigned = st.members.filter((a) => roots.has(a.root) && (!fromItself.has(a.root) || st.reads(a.root)));
    // One patched in place keeps what it assigned (its function, taking the new code): its keys
    // are not set from the literal again nor deleted, since nothing would assign them again
    // (mustache's `mustache.render = function render (…)` beside a changed `version`).
    // On a value made anew (`const axios = createInstance(…)` evaluated again) it runs again
    // like the others: the new object has nothing it assigned (the axios replay, 1.13.6).
    const patched = runStatements[st.i] === false && patchedOnly.has(st.node);
    const anew = patched && assigned.some((a) => !updatedInPlace(a.root));
    if (!assigned.length || (patched && !anew)) continue;
    for (const { root, key } of assigned) {
      const had = keys.get(root);
      if (had !== null) keys.set(root, key === null ? null : new Set([...(had ?? []), key]));
    }
    if (runs(st) && !anew) continue;
    rerunStatement(runStatements, statementMap, st.i);
    const refill = assigned.flatMap(({ root, key }) => (key === null ? [] : [{ root, key }]));
    more.push(refill.length ? { type: 'run', node: st.node, refill } : { type: 'run', node: st.node });
  }
  if (!more.length && !resets.length) return p;
  // Each statement run again restores its object's keys' order, before the next one reads it (`{ ...block }`).
  if (!plan.shape)
    for (const root of roots) {
      const step = [...plan.steps, ...resets].find((s): s is ValueStep => s.type === 'value' && s.item.name === root);
      if (!step?.object || keys.get(root) === null) continue;
      const order = [...new Set([...step.object.props.map((c) => c.key), ...stmts.flatMap((st) => st.members.filter((m) => m.root === root && m.key !== null).map((m) => m.key!))])];
      for (const m of more) if (assignedMembers(m.node).some((a) => a.root === root)) (m.order ??= []).push({ root, keys: order });
    }
  // An object updated in place keeps what the statements made of the properties whose text
  // did not change (the filled template): those they assign are set from the literal again
  // first, and those they added deleted, or running them again would build on their own
  // result (`def + suffix` twice, `block.normal = { ...block }` copying the old `normal`).
  const reset = [...plan.steps, ...resets].map((s) => {
    if (s.type !== 'value' || !s.object || !s.item.name || !keys.has(s.item.name)) return s;
    const assigned = keys.get(s.item.name);
    const redone = withPropsRedone(s, (c) => assigned === null || assigned!.has(c.key));
    const literal = new Set(s.object.props.map((c) => c.key));
    const added = [...(assigned ?? [])].filter((k) => !literal.has(k) && !s.object!.removed.includes(k));
    return added.length ? { ...redone, object: { ...redone.object!, removed: [...redone.object!.removed, ...added], stash: added } } : redone;
  });
  // A re-import runs them by its gates (runStatements); a patch by its steps.
  const steps = plan.shape ? reset : inSourceOrder([...reset, ...more]);
  return { ...p, plan: { ...plan, steps, runStatements, statementMap, unchanged: Math.max(0, plan.unchanged - more.length) } };
}

/**
 * The members an expression statement assigns, by the name they hang from and the key under
 * it (`a.b = …` and `a.b.c = …`: `a`, `b`; `a[k] = …`: `a`, null, any key), chained or in a
 * sequence (`a.b = d.e = …, f.g = …`).
 */
function assignedMembers(stmt: Node): Array<{ root: string; key: string | null }> {
  if (stmt.type !== 'ExpressionStatement') return [];
  const out: Array<{ root: string; key: string | null }> = [];
  const visit = (e: Node): void => {
    if (e.type === 'SequenceExpression') for (const x of e.expressions as Node[]) visit(x);
    if (e.type !== 'AssignmentExpression' || e.left.type !== 'MemberExpression') return;
    let first = e.left as Node;
    while (first.object.type === 'MemberExpression') first = first.object as Node;
    if (first.object.type === 'Identifier') out.push({ root: first.object.name as string, key: memberKey(first) });
    visit(e.right as Node);
  };
  visit(stmt.expression as Node);
  return out;
}

/** What an expression statement's assignments read on their right (`a.b = f(a.c)`: `f`, `a`; not the `a` it assigns into). */
function assignedFrom(stmt: Node): Set<string> {
  const e = stmt.type === 'ExpressionStatement' ? (stmt.expression as Node) : undefined;
  const parts = e?.type === 'SequenceExpression' ? (e.expressions as Node[]) : e ? [e] : [];
  const out = new Set<string>();
  for (const x of parts) for (const n of readsOf(x.type === 'AssignmentExpression' ? (x.right as Node) : x)) out.add(n);
  return out;
}

/** The key a member expression names (`a.b`, `a['b']`), or null when computed. */
function memberKey(m: Node): string | null {
  if (!m.computed) return m.property.type === 'Identifier' ? (m.property.name as string) : null;
  return m.property.type === 'Literal' && typeof m.property.value === 'string' ? m.property.value : null;
}

/**
 * Static fields of a class whose text did not change but whose initializer reads a value
 * that changes (`static LIMIT = MAX * 2`): evaluated again on the class, as a fresh process
 * would compute them (runtime/classes.ts, a static field's step). Per module, the class
 * steps to add (or the members to add to the plan's own step of that class). Not for a
 * module imported again (its classes continue), nor static blocks (they run statements).
 */
function staticReaders(registry: Registry, byRecord: Map<ModuleRecord, Planned>, changed: Map<string, Set<string>>, statics: Map<string, Map<string, Set<string>>>): Map<ModuleRecord, ClassStep[]> {
  const out = new Map<ModuleRecord, ClassStep[]>();
  for (const record of registry.modules.values()) {
    const locals = changed.get(record.url) ?? new Set<string>();
    const own = statics.get(record.url);
    const p = byRecord.get(record);
    if ((!locals.size && !own) || p?.plan.shape || record.source === undefined) continue;
    const program = p ? p.plan.program : runningProgram(record);
    if (!program) continue;
    const source = p?.source ?? record.source;
    const planned = new Map(p?.plan.steps.flatMap((st) => (st.type === 'class' ? [[st.name, new Set(st.members.map((m) => m.id))] as const] : [])));
    const steps: ClassStep[] = [];
    for (const it of topLevel(program, source)) {
      const cls = it.kind === 'class' ? it.node : it.kind === 'var' && it.init === 'class' ? it.node.init : undefined;
      if (!cls) continue;
      const listed = planned.get(it.name) ?? new Set<string>();
      // (Its parent, named by a binding whose value changes: `class UserRepo extends Base` after
      // `const Base = require('./base')` became `require('./cached')`; found by session 17's review.)
      const parent = cls.superClass as Node | null;
      const relinks = !!parent && (parent.type === 'Identifier' || parent.type === 'MemberExpression') && [...readsOf(parent)].some((r) => locals.has(r)) && !p?.plan.steps.some((st) => st.type === 'class' && st.name === it.name && st.heritage);
      const members: MemberChange[] = classMembers(cls, source)
        .filter((m) => m.kind === 'field' && m.isStatic && !m.isPrivate && !m.computed && m.node.value && !listed.has(memberId(m)))
        // (Or a sibling static that changed: `static LIMIT = Config.TTL * 2`, `static HALF = this.TTL / 2`.)
        .filter((m) => [...readsOf(m.node.value)].some((r) => locals.has(r)) || readsStatic(m.node.value, it.name, own?.get(it.name)))
        .map((m) => ({ id: memberId(m), member: m, change: 'changed', reads: true }));
      if (members.length || relinks) steps.push({ type: 'class', name: it.name, node: cls, members, derived: true, ...(relinks ? { heritage: { node: parent } } : {}) });
    }
    if (steps.length) out.set(record, steps);
  }
  return out;
}

/**
 * The static fields each class of a module gets a new value for in this refresh (a changed or
 * added `static TTL = …`), by module URL and class name: what reads them where the module
 * starts (`static LIMIT = Config.TTL * 2`, `const OUTSIDE = Config.TTL + 1`, an importer's
 * `const ms = Client.TIMEOUT * 1000`) is evaluated again, as a reader of a changed constant
 * is (found by session 17's review: they kept the old value, silently).
 */
function staticChanges(planned: readonly Planned[]): Map<string, Map<string, Set<string>>> {
  const out = new Map<string, Map<string, Set<string>>>();
  for (const p of planned) {
    if (p.plan.shape) continue;
    for (const s of p.plan.steps) {
      if (s.type !== 'class') continue;
      const keys = s.members.filter((c) => c.change !== 'removed' && c.member.kind === 'field' && c.member.isStatic && !c.member.isPrivate && !c.member.computed).map((c) => c.member.key);
      if (!keys.length) continue;
      const classes = out.get(p.record.url) ?? new Map<string, Set<string>>();
      out.set(p.record.url, classes.set(s.name, new Set(keys)));
    }
  }
  return out;
}

/** Does a static field's value read one of `keys` of its own class (`Config.TTL`, `this.TTL`)? */
function readsStatic(value: Node, cls: string, keys: ReadonlySet<string> | undefined): boolean {
  if (!keys?.size) return false;
  let found = false;
  walk(value, (n) => {
    if (found || isFunctionNode(n)) return false;
    if (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier' && keys.has(n.property.name) && ((n.object.type === 'Identifier' && n.object.name === cls) || n.object.type === 'ThisExpression')) found = true;
    return undefined;
  });
  return found;
}

function valueNames(s: ValueStep): string[] {
  return s.item.names.length ? s.item.names : [s.item.name];
}

function addAll(map: Map<string, Set<string>>, key: string, names: Iterable<string>): void {
  const set = map.get(key) ?? new Set<string>();
  for (const n of names) set.add(n);
  map.set(key, set);
}

/** Can `record` import a module whose exports change? A cheap look at its text first: a module that does not name the file cannot. */
function mayImportChanged(record: ModuleRecord, exports: Map<string, Set<string>>): boolean {
  if (record.source === undefined) return false;
  for (const [url, names] of exports) if (names.size && record.source.includes(stem(url))) return true;
  return false;
}

export const stem = (url: string): string => url.slice(url.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');

/** Which of the module's exports change, given its changed locals; true if the set grew. */
function exportsOf(registry: Registry, record: ModuleRecord, links: ModuleLinks, locals: Set<string>, exports: Map<string, Set<string>>): boolean {
  const out = exports.get(record.url) ?? new Set<string>();
  const before = out.size;
  for (const [name, b] of links.exports) {
    if ('local' in b) {
      if (locals.has(b.local)) out.add(name);
    } else {
      const from = exports.get(resolve(registry, record.url, b.from) ?? '');
      if (from?.size && (b.name === '*' || from.has(b.name))) out.add(name);
    }
  }
  for (const spec of links.stars) for (const n of exports.get(resolve(registry, record.url, spec) ?? '') ?? []) if (n !== 'default') out.add(n);
  exports.set(record.url, out);
  return out.size > before;
}

/**
 * An exported key of a CommonJS module that stands for all of them: its exports may have
 * changed in ways the text does not say (`module.exports = make()`, `Object.assign(exports, …)`).
 */
export const ANY_KEY = '*';

/**
 * A CommonJS module's requires whose exports change (`ModuleLinks.requires`): `named`, the
 * locals a declarator took from the exports (`const { a } = require(…)`, `require(…).a`),
 * whose declarator is evaluated again; `wholes`, the locals holding a whole exports object
 * (`const lib = require(…)`: the same object, updated in place), with the keys that change.
 * A required JSON file whose content changes changes every key. Undefined when none.
 */
export function requiredChanges(
  registry: Registry,
  from: string,
  links: ModuleLinks,
  exports: Map<string, Set<string>>,
  renewed: ReadonlySet<string> = new Set(),
): { named: Set<string>; wholes: Map<string, Set<string>> } | undefined {
  if (!links.requires.size && !links.required.length) return undefined;
  const named = new Set<string>();
  const wholes = new Map<string, Set<string>>();
  // A require called in the declaration itself (`require('./c.json').port`) is as a local holding the exports.
  const inline = links.required.map((spec): [string, ImportBinding] => [`require:${spec}`, { from: spec, name: '*' }]);
  for (const [local, b] of [...links.requires, ...inline]) {
    const url = resolve(registry, from, b.from);
    const json = url ? undefined : jsonUrl(registry, from, b.from);
    // (An ES module's namespace object replaced by its new version's, runtime/cjs-names.ts `gainedByRequire`.)
    if (b.name === '*' && url && renewed.has(url)) {
      named.add(local);
      continue;
    }
    const keys = url ? exports.get(url) : json && exports.get(json)?.size ? new Set([ANY_KEY]) : undefined;
    if (!keys?.size) continue;
    if (b.name === '*') wholes.set(local, keys);
    else if (b.name === '' || keys.has(ANY_KEY) || keys.has(b.name)) named.add(local);
  }
  return named.size || wholes.size ? { named, wholes } : undefined;
}

/** Do the keys an expression reads of an exports object (`ownExportReads`, null: any) include one of `keys`? */
const readsKeys = (read: Set<string> | null | undefined, keys: ReadonlySet<string>): boolean =>
  read !== undefined && (read === null || keys.has(ANY_KEY) || [...read].some((k) => keys.has(k)));

/** The locals holding a whole exports object whose changed keys a declaration reads (`lib.VERSION`; any, when it uses `lib` otherwise). */
function wholesRead(members: ReadonlyMap<string, Set<string> | null> | undefined, wholes: ReadonlyMap<string, Set<string>>): string[] {
  const out: string[] = [];
  for (const [local, read] of members ?? []) {
    const keys = wholes.get(local);
    if (keys && (read === null || keys.has(ANY_KEY) || [...read].some((k) => keys.has(k)))) out.push(local);
  }
  return out;
}

/**
 * Which keys of a CommonJS module's exports change, given its plan (`p`: its text changed)
 * and its changed locals; true if the set grew. Those the statements that run assign
 * (`exports.X = …`, the properties of `module.exports = { … }` whose text changed or that read
 * a changed local), and those the running text assigned that the new one no longer does.
 * Unsure (`module.exports = make()`, a statement that names `exports` otherwise, a computed
 * key or a spread): every key (`ANY_KEY`). An ES module importing the file gets the exports
 * object as its default export: `default` changes with any key.
 */
function commonJsExportsOf(record: ModuleRecord, p: Planned | undefined, locals: ReadonlySet<string>, exports: Map<string, Set<string>>): boolean {
  const out = exports.get(record.url) ?? new Set<string>();
  const before = out.size;
  if (!out.has(ANY_KEY) && (p || locals.size)) for (const k of changedKeys(record, p, locals)) out.add(k);
  if (out.size) out.add('default');
  exports.set(record.url, out);
  return out.size > before;
}

function changedKeys(record: ModuleRecord, p: Planned | undefined, locals: ReadonlySet<string>): Set<string> {
  const ALL = new Set([ANY_KEY]);
  const out = new Set<string>();
  const program = p ? p.plan.program : runningProgram(record);
  const source = p ? p.source : record.source;
  if (!program || source === undefined) return p ? ALL : out;
  const readsChanged = (n: Node): boolean => locals.size > 0 && [...readsOf(n)].some((r) => locals.has(r));
  const keyOf = (k: Node): string => (k.type === 'Identifier' ? k.name : String(k.value));
  const mentions = (n: Node, text: string): boolean => /\bexports\b/.test(text.slice(n.start, n.end));
  const newItems = topLevel(program, source);
  // A key that holds a function before and after keeps what the program took from it: a function
  // follows its key (its holder, runtime/cjs-forward.ts), as an ES module's exported function is
  // patched, not a changed value.
  const functionsOf = (items: readonly Item[]): Set<string> => new Set(items.flatMap((it) => (it.kind === 'function' || it.kind === 'class' || (it.kind === 'var' && (it.init === 'function' || it.init === 'class')) ? [it.name] : [])));
  const fnsNow = functionsOf(newItems);
  const isFunction = (v: Node, fns: ReadonlySet<string>): boolean =>
    v.type === 'FunctionExpression' || v.type === 'ArrowFunctionExpression' || v.type === 'ClassExpression' || (v.type === 'Identifier' && fns.has(v.name));
  // The old text's statements that do not run as they were (removed, changed): what they assigned,
  // with whether it was a function and its text.
  const old = new Map<string, { fn: boolean; text: string }>();
  if (p) {
    const was = runningProgram(record);
    if (!was || record.source === undefined) return ALL;
    const oldItems = topLevel(was, record.source);
    const fnsThen = functionsOf(oldItems);
    const map = p.plan.statementMap ?? [];
    let j = 0;
    for (const it of oldItems) {
      if (it.kind !== 'stmt') continue;
      if (map[j++] !== -1) continue;
      const value = exportAssignment(it.stmt);
      const target = value && exportsTarget(it.stmt.expression.left);
      if (!target) {
        if (mentions(it.stmt, record.source)) return ALL;
      } else if (target !== 'module.exports') old.set(target.slice(target.lastIndexOf('.') + 1), { fn: isFunction(value, fnsThen), text: '' });
      else if (value.type !== 'ObjectExpression') return ALL;
      else
        for (const prop of value.properties as Node[]) {
          if (prop.type !== 'Property' || prop.computed) return ALL;
          old.set(keyOf(prop.key), { fn: isFunction(prop.value, fnsThen), text: record.source.slice(prop.start, prop.end) });
        }
    }
  }
  const inline = new Set(p?.plan.steps.flatMap((s) => (s.type === 'inline' ? [s.node] : [])));
  /** Keys the new text assigns. */
  const given = new Set<string>();
  const assign = (key: string, value: Node, runs: boolean, text: string): void => {
    given.add(key);
    const was = old.get(key);
    if (runs && was && was.fn && isFunction(value, fnsNow)) return;
    if ((runs && was?.text !== text) || readsChanged(value)) out.add(key);
  };
  let index = 0;
  for (const it of newItems) {
    if (it.kind !== 'stmt') continue;
    const runs = !!p && p.plan.runStatements[index++] === true && !inline.has(it.stmt);
    const value = exportAssignment(it.stmt);
    const target = value && exportsTarget(it.stmt.expression.left);
    if (!runs && !(value && readsChanged(value))) {
      if (target && target !== 'module.exports') given.add(target.slice(target.lastIndexOf('.') + 1));
      if (target === 'module.exports' && value!.type === 'ObjectExpression') for (const prop of value!.properties as Node[]) if (prop.type === 'Property' && !prop.computed) given.add(keyOf(prop.key));
      continue;
    }
    if (!target) {
      if (mentions(it.stmt, source)) return ALL;
      continue;
    }
    if (target !== 'module.exports') {
      assign(target.slice(target.lastIndexOf('.') + 1), value, runs, '\0');
      continue;
    }
    if (value.type !== 'ObjectExpression') return ALL;
    for (const prop of value.properties as Node[]) {
      if (prop.type !== 'Property' || prop.computed) return ALL;
      assign(keyOf(prop.key), prop.value, runs, source.slice(prop.start, prop.end));
    }
  }
  // Keys the running text assigned that the new one no longer does (the key is deleted).
  for (const k of old.keys()) if (!given.has(k)) out.add(k);
  return out;
}

/** The module URL a specifier of `from` names, if it is a module of the program. */
export function resolve(registry: Registry, from: string, spec: string): string | undefined {
  if (!/^(\.{1,2}\/|\/|file:)/.test(spec)) return undefined;
  const url = new URL(spec, from).href;
  if (registry.modules.has(url)) return url;
  // TypeScript sources import `./x.js` and mean `./x.ts` (loader/typescript.ts typeScriptSibling).
  const ts = url.replace(/\.(m|c)?js$/, '.$1ts');
  if (registry.modules.has(ts)) return ts;
  // `require('./constants')`, `require('./lib')`: `require` adds `.js`, or finds `index.js` (an
  // ES module's import of such a specifier never loads: no module of the program has it).
  // Found by the semver replay: its requires name no extension, so what it requires was not
  // ordered first, nor followed — a save that added an export to `internal/constants.js` ran
  // `internal/re.js`, which destructures it, first.
  for (const more of ['.js', '/index.js']) if (registry.modules.has(url + more)) return url + more;
  return undefined;
}

/** The URL of the program's JSON file a specifier of `from` names, if it is one. */
export function jsonUrl(registry: Registry, from: string, spec: string): string | undefined {
  if (!/^(\.{1,2}\/|\/|file:)/.test(spec)) return undefined;
  const url = new URL(spec, from).href;
  if (registry.json.has(url)) return url;
  return registry.json.has(`${url}.json`) ? `${url}.json` : undefined;
}

/** Links of the text a module will run after this refresh: the new text if it changed. */
export function linksFor(record: ModuleRecord, p: Planned | undefined): ModuleLinks | undefined {
  if (p) return linksOf(p.plan.program, p.source);
  const program = runningProgram(record);
  return program && linksOf(program, record.source!);
}

/** The differ's plans with the derived steps merged in, in source order; a re-import re-evaluates them instead of carrying them. */
function withSteps(planned: readonly Planned[], derived: Map<ModuleRecord, ValueStep[]>, statics: Map<ModuleRecord, ClassStep[]>): Planned[] {
  return planned.map((given) => {
    const p = addStatics(given, statics.get(given.record));
    const more = derived.get(p.record);
    if (!more) return p;
    const names = new Set(more.flatMap(valueNames));
    const plan: Plan = p.plan.shape
      ? { ...p.plan, carry: p.plan.carry.filter((n) => !names.has(n)), steps: [...p.plan.steps, ...more] }
      : { ...p.plan, steps: inSourceOrder([...p.plan.steps, ...more]) };
    return { ...p, plan };
  });
}

/** `p` with the static fields it recomputes: added to its own step of the class, or a step of their own. */
function addStatics(p: Planned, statics: ClassStep[] | undefined): Planned {
  if (!statics?.length) return p;
  const steps = [...p.plan.steps];
  for (const extra of statics) {
    const at = steps.findIndex((st) => st.type === 'class' && st.name === extra.name);
    if (at < 0) steps.push(extra);
    // (Added to the edit's own step of the class, they are listed with its changes.)
    else steps[at] = { ...(steps[at] as ClassStep), members: [...(steps[at] as ClassStep).members, ...extra.members], ...(extra.heritage ? { heritage: extra.heritage } : {}) };
  }
  return { ...p, plan: { ...p.plan, steps } };
}

/** Plans for modules whose text did not change but that hold derived values. */
function newPlans(byRecord: Map<ModuleRecord, Planned>, derived: Map<ModuleRecord, ValueStep[]>, statics: Map<ModuleRecord, ClassStep[]>, requiring: ReadonlySet<ModuleRecord>): Planned[] {
  const out: Planned[] = [];
  for (const record of new Set([...derived.keys(), ...statics.keys(), ...requiring])) {
    if (byRecord.has(record)) continue;
    const program = runningProgram(record)!;
    const steps: Step[] = [...(derived.get(record) ?? []), ...(statics.get(record) ?? [])];
    out.push({
      record,
      source: record.source!,
      plan: { shape: null, steps, removed: [], runStatements: [], statementMap: undefined, carry: [], classes: [], notes: [], unchanged: 0, declared: [], program },
    });
  }
  return out;
}

/**
 * Does `item` read namespace `local` (`import * as cfg`) only through members whose values
 * do not change (`cfg.MAX` when only `NAME` changes)? Then what it reads is what it read: a
 * server made from `cfg.PORT` is not made anew for an edit of another export.
 */
function onlyOtherMembers(item: Item, local: string, namespaces: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  const changed = namespaces.get(local);
  if (!changed) return false;
  const keys = keysRead(item, local);
  return !!keys && ![...keys].some((k) => changed.has(k));
}

/** The keys `item`'s initializer reads of `local` (`local.a`, `local['a']`), or undefined when it uses it otherwise. */
function keysRead(item: Item, local: string): Set<string> | undefined {
  const init = item.anonymousDefault ? item.node : (item.node.init as Node | null | undefined);
  return (init && memberReadsOf(init, new Set([local])).get(local)) ?? undefined;
}

/**
 * Does `item` read `local`, an object literal updated in place (docs/design.md §2.2: the
 * program keeps the same object), only through properties whose values do not change?
 * `new Pool(config.size)` is not made anew for an edit of `config.port`. Any change makes a
 * read of a method, accessor or function property count (its code may read the others
 * through `this`), as does a read of a key the literal does not have; a changed computed key
 * or prototype makes every read count.
 */
function onlySameKeys(item: Item, local: string, object: { step: ValueStep; url: string } | undefined, changed: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  const change = object?.step.object;
  if (!change || change.proto) return false;
  const keys = keysRead(item, local);
  if (!keys) return false;
  const inModule = changed.get(object.url) ?? new Set<string>();
  const same = new Set<string>();
  const changing = new Set<string>(change.removed);
  const fns = new Set<string>();
  for (const prop of change.props) {
    if (prop.node.type !== 'Property') return false;
    const value = prop.node.value as Node;
    if (prop.change !== 'same' || [...readsOf(value)].some((r) => inModule.has(r))) {
      if (computedText(prop.key) !== undefined) return false;
      changing.add(prop.key);
      continue;
    }
    same.add(prop.key);
    if (prop.node.kind !== 'init' || prop.node.method || isFunctionNode(value)) fns.add(prop.key);
  }
  return [...keys].every((k) => same.has(k) && !changing.has(k) && !(changing.size && fns.has(k)));
}

/**
 * A compiled TypeScript enum (esbuild's `var Role = ((Role2) => { Role2["User"] = "user"; …
 * return Role2; })(Role || {})`) on both sides: run again, it fills the object the program holds,
 * so a reader of its members reads what they are; the members whose assignment changed or went
 * (found by session 18's review: an added member made every reader of any member anew). Else undefined.
 */
function enumChange(p: Planned, it: Item): Set<string> | undefined {
  const now = enumMembersOf(it.node.init, it.name, p.source);
  const old = now && runningProgram(p.record);
  if (!now || !old || p.record.source === undefined) return undefined;
  const was = topLevel(old, p.record.source).find((x) => x.kind === 'var' && x.name === it.name);
  const before = was && enumMembersOf(was.node.init, it.name, p.record.source);
  if (!before) return undefined;
  return new Set([...before].filter(([k, text]) => now.get(k) !== text).map(([k]) => k));
}

/** The members of a compiled enum (`((E2) => { E2["A"] = "a"; E2[E2["B"] = 1] = "B"; return E2; })(E || {})`) by key, with their statements' text. */
function enumMembersOf(init: Node | null | undefined, name: string, source: string): Map<string, string> | undefined {
  const fn = init?.type === 'CallExpression' ? (init.callee as Node) : undefined;
  const arg = init?.arguments?.[0] as Node | undefined;
  if (!fn || !/^(Arrow)?FunctionExpression$/.test(fn.type) || fn.params.length !== 1 || fn.params[0].type !== 'Identifier' || fn.body.type !== 'BlockStatement') return undefined;
  if (arg?.type !== 'LogicalExpression' || arg.operator !== '||' || arg.left.type !== 'Identifier' || arg.left.name !== name) return undefined;
  const param = fn.params[0].name as string;
  const out = new Map<string, string>();
  for (const st of fn.body.body as Node[]) {
    if (st.type === 'ReturnStatement') continue;
    const e = st.type === 'ExpressionStatement' ? (st.expression as Node) : undefined;
    const target = e?.type === 'AssignmentExpression' ? (e.left as Node) : undefined;
    if (target?.type !== 'MemberExpression' || !target.computed || target.object.type !== 'Identifier' || target.object.name !== param) return undefined;
    const inner = target.property.type === 'AssignmentExpression' ? (target.property.left as Node) : target.property;
    const key = inner.type === 'MemberExpression' ? (inner.property as Node) : inner;
    if (key.type !== 'Literal' || typeof key.value !== 'string') return undefined;
    out.set(key.value, source.slice(st.start, st.end));
  }
  return out;
}

/** Does a CommonJS module's plan run a `module.exports = …` statement while its exports object is frozen or a class's instance (so it is replaced, not updated)? */
function replacesHeldExports(p: Planned): boolean {
  const cache = (process.getBuiltinModule('node:module') as unknown as { _cache?: Record<string, { exports: unknown }> })._cache;
  const held = cache?.[p.record.file]?.exports;
  // (Frozen, or an instance of a class — `module.exports = new Cache({ max: 10 })`, a singleton:
  // neither is updated in place, found by session 18's second review.)
  if (held === null || typeof held !== 'object') return false;
  const proto = Object.getPrototypeOf(held);
  if (Object.isExtensible(held) && (proto === Object.prototype || proto === null)) return false;
  return p.plan.steps.some((s) => s.type === 'run' && s.node.type === 'ExpressionStatement' && assignsModuleExports(s.node.expression));
}
