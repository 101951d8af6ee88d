/**
 * Values derived from what changed (docs/design.md §2.3): a declaration whose text did not
 * change but whose initializer reads a value that a refresh evaluates again is evaluated
 * again too — in its own module or in any module that imports the value (also through
 * re-exports and `export *`), transitively, in load order. Part of the plan phase: it takes
 * the differ's plans and returns new ones, with the dependents added as `derived` value
 * steps (and, for a module whose text did not change, a plan of its own).
 */
import { classMembers, exportAssignment, memberId, topLevel, type Node } from '../loader/analyze.js';
import type { ClassStep, MemberChange, Plan, RunStep, Step, ValueStep } from '../loader/diff.js';
import { inlineFunctions } from '../loader/inline.js';
import { derivedObject, type PropChange } from '../loader/objects.js';
import { linksOf, readsOf, type ModuleLinks } from '../loader/reads.js';
import type { Planned } from './ops.js';
import { runningProgram, type ModuleRecord, type Registry } from './registry.js';

/**
 * The plans with the values derived from what changed, and, per module URL, every name whose
 * value changes in this refresh (the edits' and the derived ones). `json`: JSON files whose
 * content changes, by URL, with the exports that change (`default`).
 */
export function withDerived(
  registry: Registry,
  planned: readonly Planned[],
  json: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): { planned: Planned[]; changed: Map<string, Set<string>> } {
  const byRecord = new Map(planned.map((p) => [p.record, p]));
  /** By module URL: its top-level names whose value changes in this refresh. */
  const changed = new Map<string, Set<string>>();
  for (const p of planned) for (const s of p.plan.steps) if (s.type === 'value') addAll(changed, p.record.url, valueNames(s));
  if (!changed.size && !json.size) return { planned: [...planned], changed };
  /** By module URL: its exported names whose value changes (a JSON file's content: its `default`). */
  const exports = new Map<string, Set<string>>([...json].map(([url, names]) => [url, new Set(names)]));
  const derived = new Map<ModuleRecord, ValueStep[]>();
  for (let pass = 0, grew = true; grew && pass < 8; pass++) {
    grew = false;
    for (const record of registry.modules.values()) {
      const p = byRecord.get(record);
      const locals = changed.get(record.url) ?? new Set<string>();
      if (!p && !mayImportChanged(record, exports)) continue;
      const links = linksFor(record, p);
      if (!links) continue;
      for (const [local, b] of links.imports) {
        const names = exports.get(resolve(registry, record.url, b.from) ?? jsonUrl(registry, record.url, b.from) ?? '');
        if (names?.size && (b.name === '*' || names.has(b.name))) locals.add(local);
      }
      const stepped = new Set(p?.plan.steps.flatMap((s) => (s.type === 'value' ? valueNames(s) : [])));
      for (const { item, reads } of locals.size ? links.values : []) {
        const names = item.names.length ? item.names : [item.name];
        if (names.some((n) => stepped.has(n) || locals.has(n)) || ![...reads].some((r) => locals.has(r))) continue;
        const object = item.name && !item.anonymousDefault ? derivedObject(item.node.init, p?.source ?? record.source!, locals) : undefined;
        for (const n of names) locals.add(n);
        derived.set(record, [...(derived.get(record) ?? []), object ? { type: 'value', item, derived: true, object } : { type: 'value', item, derived: true }]);
        grew = true;
      }
      changed.set(record.url, locals);
      grew = exportsOf(registry, record, links, locals, exports) || grew;
    }
  }
  const statics = staticReaders(registry, byRecord, changed);
  const updated = planned.map((p) => withStaleProps(p, changed.get(p.record.url)));
  const given = withSteps(updated, derived, statics).map((p) => withExportStatements(p, changed.get(p.record.url)));
  return { planned: registry.inLoadOrder([...given, ...newPlans(byRecord, derived, statics)]), changed };
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
    if (s.type !== 'value' || !s.object || s.derived) return s;
    const stale = (c: PropChange): boolean => c.change === 'same' && c.node.kind === 'init' && !c.node.method && [...readsOf(c.node.value)].some((n) => locals.has(n));
    if (!s.object.props.some(stale)) return s;
    touched = true;
    const props = s.object.props.map((c) => (stale(c) ? { ...c, change: 'changed' as const } : c));
    const redone = s.object.props.filter(stale);
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
  });
  return touched ? { ...p, plan: { ...p.plan, steps } } : p;
}

/**
 * A CommonJS file's statements that export a value (`module.exports = { LIMIT, f }`,
 * `exports.LIMIT = LIMIT`), whose text did not change but that read a value that changes:
 * they run again, as the `export default` of an ES module is evaluated again, or as its
 * `export { LIMIT }` would show the new value. (`module.exports = { … }` run again during a
 * refresh updates the object the program holds, runtime/cjs-exports.ts.) Only in the file
 * whose text changed: values read across `require` are not followed (docs/design.md §6).
 */
function withExportStatements(p: Planned, locals: ReadonlySet<string> | undefined): Planned {
  if (!locals?.size || !p.record.commonjs) return p;
  const { plan, source } = p;
  const runStatements = [...plan.runStatements];
  const statementMap = plan.statementMap?.slice();
  const stepped = new Set(plan.steps.flatMap((s) => (s.type === 'run' || s.type === 'inline' ? [s.node] : [])));
  const more: RunStep[] = [];
  let index = 0;
  for (const it of topLevel(plan.program, source)) {
    if (it.kind !== 'stmt') continue;
    const i = index++;
    const value = exportAssignment(it.stmt);
    if (runStatements[i] !== false || stepped.has(it.stmt) || !value || ![...readsOf(value)].some((r) => locals.has(r))) continue;
    runStatements[i] = true;
    // It runs again: what the running version's statement registered is undone (runtime/effects.ts).
    const old = statementMap?.indexOf(i) ?? -1;
    if (statementMap && old >= 0) statementMap[old] = -1;
    more.push({ type: 'run', node: it.stmt });
  }
  if (!more.length) return p;
  const at = (s: Step): number => (s.type === 'value' ? s.item.node.start : s.node.start);
  // A re-import runs them by its gates (runStatements); a patch by its steps.
  const steps = plan.shape ? plan.steps : [...plan.steps, ...more].sort((a, b) => at(a) - at(b));
  return { ...p, plan: { ...plan, steps, runStatements, statementMap, unchanged: plan.unchanged - more.length } };
}

/**
 * Static fields of a class whose text did not change but whose initializer reads a value
 * that changes (`static LIMIT = MAX * 2`): evaluated again on the class, as a fresh process
 * would compute them (runtime/classes.ts, a static field's step). Per module, the class
 * steps to add (or the members to add to the plan's own step of that class). Not for a
 * module imported again (its classes continue), nor static blocks (they run statements).
 */
function staticReaders(registry: Registry, byRecord: Map<ModuleRecord, Planned>, changed: Map<string, Set<string>>): Map<ModuleRecord, ClassStep[]> {
  const out = new Map<ModuleRecord, ClassStep[]>();
  for (const record of registry.modules.values()) {
    const locals = changed.get(record.url);
    const p = byRecord.get(record);
    if (!locals?.size || p?.plan.shape || record.source === undefined) continue;
    const program = p ? p.plan.program : runningProgram(record);
    if (!program) continue;
    const source = p?.source ?? record.source;
    const planned = new Map(p?.plan.steps.flatMap((st) => (st.type === 'class' ? [[st.name, new Set(st.members.map((m) => m.id))] as const] : [])));
    const steps: ClassStep[] = [];
    for (const it of topLevel(program, source)) {
      const cls = it.kind === 'class' ? it.node : it.kind === 'var' && it.init === 'class' ? it.node.init : undefined;
      if (!cls) continue;
      const listed = planned.get(it.name) ?? new Set<string>();
      const members: MemberChange[] = classMembers(cls, source)
        .filter((m) => m.kind === 'field' && m.isStatic && !m.isPrivate && !m.computed && m.node.value && !listed.has(memberId(m)))
        .filter((m) => [...readsOf(m.node.value)].some((r) => locals.has(r)))
        .map((m) => ({ id: memberId(m), member: m, change: 'changed', reads: true }));
      if (members.length) steps.push({ type: 'class', name: it.name, node: cls, members, derived: true });
    }
    if (steps.length) out.set(record, steps);
  }
  return out;
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

/** The module URL a specifier of `from` names, if it is a module of the program. */
export function resolve(registry: Registry, from: string, spec: string): string | undefined {
  if (!/^(\.{1,2}\/|\/|file:)/.test(spec)) return undefined;
  const url = new URL(spec, from).href;
  if (registry.modules.has(url)) return url;
  // TypeScript sources import `./x.js` and mean `./x.ts` (loader/typescript.ts typeScriptSibling).
  const ts = url.replace(/\.(m|c)?js$/, '.$1ts');
  return registry.modules.has(ts) ? ts : undefined;
}

/** The URL of the program's JSON file a specifier of `from` names, if it is one. */
function jsonUrl(registry: Registry, from: string, spec: string): string | undefined {
  if (!/^(\.{1,2}\/|\/|file:)/.test(spec)) return undefined;
  const url = new URL(spec, from).href;
  return registry.json.has(url) ? url : undefined;
}

/** Links of the text a module will run after this refresh: the new text if it changed. */
export function linksFor(record: ModuleRecord, p: Planned | undefined): ModuleLinks | undefined {
  if (p) return memo(p.plan.program, p.source);
  const program = runningProgram(record);
  return program && memo(program, record.source!);
}


/** Links are a pure function of a parse: computed once per parse. */
const links = new WeakMap<Node, ModuleLinks>();
function memo(program: Node, source: string): ModuleLinks {
  let l = links.get(program);
  if (!l) links.set(program, (l = linksOf(program, source)));
  return l;
}

/** The differ's plans with the derived steps merged in, in source order; a re-import re-evaluates them instead of carrying them. */
function withSteps(planned: readonly Planned[], derived: Map<ModuleRecord, ValueStep[]>, statics: Map<ModuleRecord, ClassStep[]>): Planned[] {
  return planned.map((given) => {
    const p = addStatics(given, statics.get(given.record));
    const more = derived.get(p.record);
    if (!more) return p;
    const names = new Set(more.flatMap(valueNames));
    const at = (s: Step): number => (s.type === 'value' ? s.item.node.start : s.node.start);
    const plan: Plan = p.plan.shape
      ? { ...p.plan, carry: p.plan.carry.filter((n) => !names.has(n)), steps: [...p.plan.steps, ...more] }
      : { ...p.plan, steps: [...p.plan.steps, ...more].sort((a, b) => at(a) - at(b)) };
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
    else steps[at] = { ...(steps[at] as ClassStep), members: [...(steps[at] as ClassStep).members, ...extra.members] };
  }
  return { ...p, plan: { ...p.plan, steps } };
}

/** Plans for modules whose text did not change but that hold derived values. */
function newPlans(byRecord: Map<ModuleRecord, Planned>, derived: Map<ModuleRecord, ValueStep[]>, statics: Map<ModuleRecord, ClassStep[]>): Planned[] {
  const out: Planned[] = [];
  for (const record of new Set([...derived.keys(), ...statics.keys()])) {
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
