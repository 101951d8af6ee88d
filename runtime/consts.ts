/**
 * A top-level constant an edit changes (docs/design.md §3.10).
 *
 * The instrumented text keeps a module's plain, unexported top-level `const`s constant
 * (loader/consts.ts), because V8 folds them into the code that reads them. The live scope
 * cannot take a new value for one, so a refresh that must assign one (its initializer
 * changed, or it is derived from a value that did) moves it to the module's extra scope
 * (runtime/extras.ts): the value is assigned there, code compiled from then on reads it there
 * (`__lm$.x.MASK`), and every function that reads it and can run again is compiled again from
 * its unchanged text, so that it reads it there too — top-level functions, class members,
 * inline functions, methods of object literals, and the closures any of them made before
 * (runtime/closures.ts). A reader that cannot be compiled again keeps the old value, and
 * the report says which one and why. The name stays in the extra scope (the next edit of it
 * is an assignment) until a re-import binds it again.
 */
import { classMembers, memberId, parseModule, position, topLevel, walk, type Item, type Node } from '../loader/analyze.js';
import { keptConstNames } from '../loader/consts.js';
import { inlineKey } from '../loader/contract.js';
import type { ClassStep, FnStep, InlineStep, MemberChange, Plan, Step, ValueStep } from '../loader/diff.js';
import { inSourceOrder } from '../loader/diff.js';
import { inlineFunctions, inlineRoot, inlineUnguardable, isInvoked, localNames, mentions } from '../loader/inline.js';
import { closureSites, statementConsts, unguardedSites } from '../loader/closures.js';
import { literalProps, setsPrototype, updatableInPlace, type ObjectChange } from '../loader/objects.js';
import { freeReferences } from '../loader/scope.js';
import { assignExtra, isExtra } from './extras.js';
import type { Op, Planned } from './ops.js';
import { runningProgram, type ModuleRecord } from './registry.js';
import { rel } from './report.js';

/** The names the live version's scope binds as constants. */
export function liveConsts(record: ModuleRecord): ReadonlySet<string> {
  const text = record.liveText;
  if (text === undefined) return EMPTY;
  if (record.liveConsts?.text !== text) {
    let names: ReadonlySet<string> = EMPTY;
    try {
      const program = record.parsed?.source === text ? record.parsed.program : parseModule(text);
      names = keptConstNames(program, text);
    } catch {
      // The instrumenter parsed it; a text that does not parse here kept nothing const.
    }
    record.liveConsts = { text, names };
  }
  return record.liveConsts.names;
}

const EMPTY: ReadonlySet<string> = new Set();

/** Each planned patch that assigns a constant of the live scope, with the constant moved and its readers compiled again. */
export function withConstReaders(planned: readonly Planned[]): Planned[] {
  return planned.map((p) => {
    if (p.record.source === undefined) return p;
    try {
      return p.plan.shape ? movedByReimport(p) : moved(p);
    } catch (err) {
      // A limeade bug must not fail the refresh, nor every later one: the plan applies as it
      // was, and the report says what may be stale.
      const note = `limeade could not move the constants this edit changes (${(err as Error)?.message ?? err}; a limeade bug, please report it): code that reads them may keep their old values until a restart`;
      return { ...p, plan: { ...p.plan, notes: [...p.plan.notes, note] } };
    }
  });
}

/**
 * A re-import whose new version gives a constant of the live scope another value (it is not
 * carried): the code of the running version that stays in use — inline functions the program
 * registered, closures made before, methods of objects that carry over — would read the old
 * scope's constant. The constant moves to the extra scope first, with those readers compiled
 * again from the running text to read it there; when the new version takes over, the extra
 * scope reads its binding (runtime/extras.ts `handOver`). Top-level functions and class
 * members need none of this (the re-import points them at the new version's code), but
 * their closures made before do, so their steps are compiled too.
 */
function movedByReimport(p: Planned): Planned {
  const { record, plan, source } = p;
  const live = liveConsts(record);
  if (!live.size) return p;
  const carried = new Set(plan.carry);
  const declared = new Set(topLevel(plan.program, source).flatMap((it) => it.names));
  const names = new Set([...live].filter((n) => declared.has(n) && !carried.has(n) && !isExtra(record, n)));
  if (!names.size) return p;
  const oldSource = record.source!;
  const oldProgram = runningProgram(record)!;
  const running: Plan = { ...plan, shape: null, steps: [], statementMap: undefined, program: oldProgram, notes: [] };
  const readers = rereadSteps(record, oldSource, running, names);
  return { ...p, plan: { ...plan, notes: [...plan.notes, ...readers.notes], moved: currentValues(record, names), movedReaders: readers.steps } };
}

/** What the constants hold now. */
function currentValues(record: ModuleRecord, names: ReadonlySet<string>): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const n of names) values.set(n, read(record, n));
  return values;
}

function moved(p: Planned): Planned {
  const { record, plan } = p;
  const assigned: string[] = [];
  for (const s of plan.steps) {
    // An inline step whose owner holds no guarded closures is evaluated again (runtime/patch.ts compile).
    const step = s.type === 'inline' && !hasHolders(record, s) ? s.fallback : s;
    if (step.type !== 'value' || step.reread) continue;
    const it = step.item;
    // An object updated in place keeps its binding (runtime/patch.ts objectUpdate).
    if (step.object && it.name && updatableInPlace(read(record, it.name), step.object.proto, it.declKind === 'const')) continue;
    // A builder's state emptied where it is keeps its binding too (runtime/builders.ts).
    if (step.emptied) continue;
    assigned.push(...(it.name ? [it.name] : it.names));
  }
  // (The live text is parsed only for a plan that assigns something: a function edit pays nothing.)
  const live = assigned.length ? liveConsts(record) : EMPTY;
  const names = new Set(assigned.filter((n) => live.has(n) && !isExtra(record, n)));
  if (!names.size) return p;
  const runStatements = [...plan.runStatements];
  const statementMap = plan.statementMap?.slice() ?? plan.runStatements.map((_, i) => i);
  let reran = 0;
  const readers = rereadSteps(record, p.source, plan, names, (index, old) => {
    runStatements[index] = true;
    statementMap[old] = -1;
    reran++;
  });
  const extras = plan.extras ?? { names: [], imports: [], loads: [], exports: [] };
  // Their values now: until the refresh assigns the new ones, readers compiled again (and the
  // dispose callbacks that run before) read what the program had.
  return {
    ...p,
    plan: {
      ...plan,
      steps: reran ? inSourceOrder(readers.steps) : readers.steps,
      ...(reran ? { runStatements, statementMap, unchanged: Math.max(0, plan.unchanged - reran) } : {}),
      notes: [...plan.notes, ...readers.notes],
      extras: { ...extras, names: [...extras.names, ...names] },
      moved: currentValues(record, names),
    },
  };
}

function read(record: ModuleRecord, name: string): unknown {
  try {
    return record.home(name);
  } catch {
    return undefined; // never initialized (its module failed to evaluate)
  }
}

/** The first operation of a plan that moves constants: their current values into the extra scope. */
export function moveOp(record: ModuleRecord, plan: Plan): Op | undefined {
  const moved = plan.moved;
  if (!moved?.size) return undefined;
  return {
    phase: 0,
    label: '',
    node: plan.program,
    apply(undo) {
      for (const [name, value] of moved) assignExtra(record, name, value, undo);
    },
  };
}

function hasHolders(record: ModuleRecord, step: InlineStep): boolean {
  return step.fns.every((f) => record.inlines.has(inlineKey(step.owner, f.ordinal)));
}

/**
 * The plan's steps with every function of the new text that reads one of `names` and runs
 * again compiled again (its own step, or added to its owner's), and notes for those that
 * cannot be.
 */
function rereadSteps(record: ModuleRecord, source: string, plan: Plan, names: ReadonlySet<string>, rerun?: (index: number, old: number) => void): { steps: Step[]; notes: string[] } {
  const oldSource = record.source!;
  const oldProgram = runningProgram(record)!;
  const oldItems = topLevel(oldProgram, oldSource);
  const oldStatements = oldItems.filter((it) => it.kind === 'stmt');
  const steps = [...plan.steps];
  const notes: string[] = [];
  const reads = (n: Node): boolean => freeReferences(n, names).length > 0;
  const keeps = (n: Node, why: string): void => {
    const read = [...new Set(freeReferences(n, names).map((r) => r.node.name as string))];
    const what = read.length > 1 ? `${read.join(', ')}, constants this edit changed, and keeps their old values` : `${read[0]}, a constant this edit changed, and keeps its old value`;
    const at = position(source, n.start);
    notes.push(`the function at ${rel(record.file)}:${at.line}:${at.column + 1} reads ${what} until a restart (${why})`);
  };

  // What the plan compiles or evaluates again from the new text already reads the new value.
  const fnSteps = new Set<string>();
  const classSteps = new Map<string, number>();
  const inlineSteps = new Map<string | number, number>();
  const whole = new Set<Node>();
  // An object updated in place evaluates only its changed properties: the others are readers too.
  const objectSteps = new Map<Node, number>();
  steps.forEach((s, i) => {
    if (s.type === 'fn') fnSteps.add(s.name);
    else if (s.type === 'class') classSteps.set(s.name, i);
    else if (s.type === 'inline') inlineSteps.set(s.owner, i);
    else if (s.type === 'value' && s.object && !s.reread) objectSteps.set(s.item.node, i);
    else if (s.type === 'value') whole.add(s.item.node);
    else whole.add(s.node);
  });
  // New statement j was old statement i (statementMap: old → new; none: they did not change).
  const oldIndex = new Map<number, number>();
  plan.statementMap?.forEach((j, i) => j >= 0 && oldIndex.set(j, i));

  let statement = 0;
  for (const it of topLevel(plan.program, source)) {
    const index = it.kind === 'stmt' ? statement++ : -1;
    if (it.kind === 'import' || it.kind === 'export') continue;
    if (it.kind === 'function' || (it.kind === 'var' && it.init === 'function')) {
      const node = it.kind === 'function' || it.anonymousDefault ? it.node : it.node.init;
      if (!fnSteps.has(it.name) && !whole.has(it.node) && reads(node)) steps.push({ type: 'fn', name: it.name, node, declaration: it.kind === 'function', reread: true } satisfies FnStep);
      // Closures it made whose guard could not pass what they need keep their code (the closures are compiled again by the fn step).
      if (!whole.has(it.node))
        for (const u of unguardedSites(node))
          if (reads(u.node)) keeps(u.node, u.member ? `a method of a class a function made, which ${u.why}: what it made before keeps its code` : `${u.why}: the closures it made before keep their code`);
      continue;
    }
    if (it.kind === 'class' || it.init === 'class') {
      const cls = it.kind === 'class' ? it.node : it.node.init;
      if (whole.has(it.node)) continue;
      const at = classSteps.get(it.name);
      const step = at === undefined ? undefined : (steps[at] as ClassStep);
      const listed = new Set(step?.members.map((c) => c.id));
      const members: MemberChange[] = [];
      for (const m of classMembers(cls, source)) {
        const code = m.kind === 'method' || m.kind === 'get' || m.kind === 'set' || m.kind === 'constructor' || (m.kind === 'field' && !m.isStatic);
        if (code && !listed.has(memberId(m)) && reads(m.node)) members.push({ id: memberId(m), member: m, change: 'changed', reads: true });
        // A function a static field or block made when the class was created (its value is recomputed only when it reads the constant then: runtime/derive.ts).
        else if (!code && !listed.has(memberId(m))) for (const fn of functionsReading(m.node, reads)) keeps(fn, 'a static member of a class made it when the class was created');
      }
      if (!members.length) continue;
      if (step) steps[at!] = { ...step, members: [...step.members, ...members] };
      else steps.push({ type: 'class', name: it.name, node: cls, members, reread: true } satisfies ClassStep);
      continue;
    }
    const root = inlineRoot(it);
    const node = it.kind === 'stmt' ? it.stmt : it.node;
    if (!root || whole.has(node) || !reads(root)) continue;
    const owner = it.kind === 'stmt' ? (plan.statementMap ? oldIndex.get(index) : index) : it.name;
    const old = owner === undefined ? undefined : typeof owner === 'number' ? oldStatements[owner] : oldItems.find((o) => o.kind === 'var' && o.name === owner);
    const oldRoot = old && inlineRoot(old);
    if (owner === undefined || !oldRoot) continue; // a statement that runs again (a run step covers it)
    const at = inlineSteps.get(owner);
    const step = at === undefined ? undefined : (steps[at] as InlineStep);
    const listed = new Set(step?.fns.map((f) => f.ordinal));
    // A statement that ran again since the program loaded made its functions without holders:
    // one that reads a moved constant cannot take new code, so the statement runs again, as a
    // body edit of it does (docs/design.md §2.1; found by the picomatch replay, 2.0.5: the
    // `globChars()` method of constants.js's `module.exports = { … }` returned the old
    // `WINDOWS_CHARS`). Not on the re-import path (`rerun` absent): its version runs its own.
    const holderless = (fn: Node, ordinal: number): boolean => !listed.has(ordinal) && reads(fn) && !inlineUnguardable(fn) && !!statementConsts(fn, root) && !record.inlines.has(inlineKey(owner, ordinal));
    if (rerun && it.kind === 'stmt' && typeof owner === 'number' && !step && inlineFunctions(root).some(holderless)) {
      rerun(index, owner);
      steps.push({ type: 'run', node: it.stmt });
      continue;
    }
    const locals = localNames(root);
    const before = inlineFunctions(oldRoot);
    const fns: InlineStep['fns'] = [];
    const covered: Node[] = [];
    // What new code for an inline function reaches: its body, or for one invoked where it
    // stands only the closures it made (loader/inline.ts isInvoked).
    const reached = (fn: Node): Node[] => {
      if (!isInvoked(fn)) return [fn];
      const sites = closureSites(fn).map((s) => s.node);
      const inSite = (f: Node): boolean => sites.some((c) => c.start <= f.start && f.end <= c.end);
      return functionsReading(fn.body, reads).every(inSite) ? [fn] : sites;
    };
    inlineFunctions(root).forEach((fn, ordinal) => {
      if (listed.has(ordinal)) return void covered.push(...reached(fn));
      if (!reads(fn)) return;
      // Names of its statement it reads are passed by its guard, unless one is assigned there (statementConsts).
      const consts = statementConsts(fn, root);
      const unguardable = inlineUnguardable(fn);
      if (unguardable) keeps(fn, unguardable);
      else if (!consts) keeps(fn, `it uses ${mentions(fn, locals).join(', ')}, declared by its statement around it`);
      else if (!record.inlines.has(inlineKey(owner, ordinal))) keeps(fn, 'its statement ran again since the program loaded');
      // The same function at the same ordinal (an owner whose text changed may have moved them).
      else if (before[ordinal] && oldSource.slice(before[ordinal]!.start, before[ordinal]!.end) === source.slice(fn.start, fn.end)) {
        fns.push({ ordinal, node: fn, old: before[ordinal]!, consts });
        covered.push(...reached(fn));
      }
    });
    if (fns.length && step) steps[at!] = { ...step, fns: [...step.fns, ...fns].sort((a, b) => a.ordinal - b.ordinal) };
    else if (fns.length) {
      const fallback: RunStepOrValue = it.kind === 'stmt' ? { type: 'run', node: it.stmt } : { type: 'value', item: it };
      steps.push({ type: 'inline', node, owner, fns, fallback, reread: true } satisfies InlineStep);
    }
    // The methods and accessors of a plain object literal are redefined on the object the program holds.
    const updated = objectSteps.get(node);
    // Functions the edit's update keeps on the object get new code, compiled to read the constant where it is now.
    if (updated !== undefined) covered.push(...((steps[updated] as ValueStep).object?.kept?.fns.map((f) => f.node) ?? []));
    const object = it.kind === 'var' ? objectReaders(it, source, reads, updated === undefined ? undefined : (steps[updated] as ValueStep).object) : undefined;
    if (object && updated !== undefined) steps[updated] = { ...(steps[updated] as ValueStep), object: object.change };
    else if (object) steps.push({ type: 'value', item: it, object: object.change, reread: true } satisfies ValueStep);
    if (object) covered.push(...object.nodes);
    for (const fn of functionsReading(root, reads)) if (!covered.some((c) => c.start <= fn.start && fn.end <= c.end)) keeps(fn, 'limeade cannot compile it again where it is');
  }
  return { steps, notes };
}

type RunStepOrValue = InlineStep['fallback'];

/**
 * The methods and accessors of `it`'s plain object literal that read the names, as an update
 * in place: on their own, or added to the update the edit makes anyway (`planned`), whose
 * changed properties are evaluated from the new text already.
 */
function objectReaders(it: Item, source: string, reads: (n: Node) => boolean, planned?: ObjectChange): { change: ObjectChange; nodes: Node[] } | undefined {
  const props = literalProps(it.anonymousDefault ? it.node : it.node.init, source);
  if (!props) return undefined;
  const nodes: Node[] = [];
  const before = new Map(planned?.props.map((p) => [p.key, p.change]));
  const change: ObjectChange = {
    props: [...props].map(([key, p]) => {
      const was = before.get(key) ?? 'same';
      const both = p.pair ? [p.node, p.pair] : [p.node];
      const pair = p.pair ? { pair: p.pair } : {};
      if (was !== 'same') {
        nodes.push(...both);
        return { key, node: p.node, ...pair, change: was };
      }
      const method = p.node.method || p.node.kind !== 'init';
      // (A function the edit's update keeps gets new code, which reads the constant where it is now.)
      const stale = method && !planned?.kept?.keys.includes(key) && both.some(reads);
      if (stale) nodes.push(...both);
      return { key, node: p.node, ...pair, change: stale ? 'changed' : 'same' };
    }),
    removed: planned?.removed ?? [],
    // (The object keeps the prototype its literal sets: without this, objectUpdate would make it anew.)
    ...(setsPrototype(props) ? { proto: true } : {}),
  };
  // The functions the edit's update leaves on the object (loader/objects.ts KeptFunctions)
  // stay, but for those of the methods evaluated again here (their holders go).
  const kept = planned?.kept;
  if (kept) {
    const init = it.anonymousDefault ? it.node : it.node.init;
    const replaced = change.props.filter((p) => p.change === 'changed' && before.get(p.key) === 'same' && !kept.keys.includes(p.key)).map((p) => p.node);
    const gone = new Set<number>();
    inlineFunctions(init).forEach((f, i) => {
      if (replaced.some((n) => n.start <= f.start && f.end <= n.end)) gone.add(i);
    });
    change.kept = { ...kept, ordinals: kept.ordinals.filter(([, now]) => !gone.has(now)) };
  }
  return nodes.length ? { change, nodes } : undefined;
}

/** The outermost functions under `root` that read the names. */
function functionsReading(root: Node, reads: (n: Node) => boolean): Node[] {
  const out: Node[] = [];
  walk(root, (n) => {
    if (n.type !== 'FunctionExpression' && n.type !== 'ArrowFunctionExpression' && n.type !== 'FunctionDeclaration') return undefined;
    if (reads(n)) out.push(n);
    return false;
  });
  return out;
}
