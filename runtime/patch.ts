/**
 * The compile phase: a plan whose shape did not change becomes operations on the live
 * module (runtime/ops.ts). Compiling runs no program code: function and method texts are
 * compiled in the module's home scope hook (or the class's, runtime/classes.ts); values and
 * statements are only framed here and evaluated by the evaluate phase. A module whose shape
 * changed gets no operations: the evaluate phase re-imports it (runtime/reimport.ts).
 */
import { emptyInPlace } from './empty.js';
import { mergeNested } from './cjs-exports.js';
import { adoptEs5Class, continuedFrom } from './es5-classes.js';
import { types } from 'node:util';
import MagicString from 'magic-string';
import { assignsModuleExports, blockFunctions, exportsAliases, exportsTarget, importMetaRanges, isFunctionNode, parseModule, position, topLevel, usesStrict, type Item, type Node, walk } from '../loader/analyze.js';
import { effectsOf, noteEffects } from './effects.js';
import { closureKey, DEFAULT_BINDING, implName, inlineClosureOwner, inlineClosureParts, inlineKey, META_LOCAL, type Holder } from '../loader/contract.js';
import { ownerClosures } from './closures.js';
import { toEnvironment } from '../loader/closures.js';
import { freeReferences } from '../loader/scope.js';
import type { InlineStep, Plan, Step, ValueStep } from '../loader/diff.js';
import type { ElementForward } from '../loader/objects.js';
import { arity } from '../loader/diff.js';
import { computedText, refillable, updatableInPlace, type ObjectChange } from '../loader/objects.js';
import { isInvoked, methodProperty } from '../loader/inline.js';
import { constructs } from '../loader/instrument.js';
import { madeKeys } from '../loader/ctor-state.js';
import { padsArguments } from '../loader/handles.js';
import { located } from './blame.js';
import { outerScope } from './class-code.js';
import { compileClass } from './classes.js';
import { moveOp } from './consts.js';
import { compileStrict, extrasOf } from './extra-scope.js';
import { addFunction, assignExtra, guardFresh, isExtra, releaseOp } from './extras.js';
import { assign, setImpl, slotKey, type ClosureEntry } from './families.js';
import { delegate, isClass } from './moved.js';
import { framed, sliceForEval } from './framing.js';
import { runProgram, StepError, type Compiled, type Op, type Planned } from './ops.js';
import { runningProgram, type InlineRekey, type ModuleRecord } from './registry.js';
import { rel } from './report.js';
import { reorder } from './reorder.js';
import { snapshot } from './json.js';
import { globalHolders, madeAt, setHolder } from './slots.js';
import type { UndoLog } from './undo.js';

export interface CompiledModule extends Planned, Compiled {
  /** How the module's inline holders follow this refresh, at commit. */
  inline: InlineRekey;
}

export function compile(planned: Planned): CompiledModule {
  const { record, source, plan } = planned;
  // (A re-imported CommonJS version is compiled from its own text, directives and all.)
  if (record.commonjs) compileStrict(record, false);
  if (plan.shape) return { ...planned, ...movedBeforeReimport(record, plan), inline: inlineRekey(plan, plan.steps) };
  const strictNote = record.commonjs ? strictness(record, plan) : undefined;
  // Its new names are known from here on: the code compiled for it reads them in its extra
  // scope (runtime/extras.ts); a failed refresh forgets them (Registry.rollback).
  if (plan.extras) for (const name of plan.extras.names) extrasOf(record).pending.add(name);
  // An owner that ran again since it loaded holds closures without guards: it runs again.
  // (A fallback is checked as any value step: a function it keeps may have no holder either, a method an earlier update added.)
  const steps = withHolders(record, plan.steps).map((s) => (s.type === 'value' ? withKept(record, s) : s));
  try {
    const compiled = compilePlan(record, source, { ...plan, steps });
    if (strictNote) compiled.notes.unshift(strictNote);
    compiled.notes.push(...orphanedClosures(record, plan));
    const released = releaseOp(record, plan);
    if (released) compiled.ops.push(released);
    const move = moveOp(record, plan);
    if (move) compiled.ops.unshift(move);
    return { ...planned, ...compiled, inline: inlineRekey(plan, steps) };
  } catch (err) {
    if (!(err instanceof StepError)) throw err;
    const at = position(source, err.node.start);
    const e = err.cause as Error;
    throw located(e?.name === 'SyntaxError' ? 'syntax' : 'evaluation', rel(record.file), source, at.line, at.column, `${e?.name ?? 'Error'}: ${e?.message ?? e}`);
  }
}

/**
 * The text of a CommonJS module's live scope (the version that loaded, or the last
 * re-import), parsed once per text: whether it is strict, and the names its scope binds as
 * `var`s (top-level `var`s and functions, and in sloppy code the functions its statements
 * declare in blocks, Annex B; `blockFunctions`).
 */
const liveScopes = new WeakMap<ModuleRecord, { text: string; program: Node; strict: boolean; vars?: Set<string> }>();

function liveScope(record: ModuleRecord): { text: string; program: Node; strict: boolean; vars?: Set<string> } | undefined {
  const text = record.liveText ?? record.source;
  if (text === undefined) return undefined;
  let live = liveScopes.get(record);
  if (live?.text !== text) {
    const program = record.parsed?.source === text ? record.parsed.program : parseModule(text);
    liveScopes.set(record, (live = { text, program, strict: usesStrict(program) }));
  }
  return live;
}

function liveVars(record: ModuleRecord): ReadonlySet<string> {
  const live = liveScope(record);
  if (!live) return new Set();
  if (!live.vars) {
    live.vars = new Set();
    for (const it of topLevel(live.program, live.text)) {
      if (it.kind === 'function' || (it.kind === 'var' && it.declKind === 'var')) for (const n of it.names) live.vars.add(n);
      if (it.kind === 'stmt' && !live.strict) for (const n of blockFunctions(it.stmt)) live.vars.add(n);
    }
    // (topLevel leaves out a function declared again later: the scope binds its name all the same.)
    for (const stmt of live.program.body as Node[]) if (stmt.type === 'FunctionDeclaration' && stmt.id) live.vars.add(stmt.id.name);
  }
  return live.vars;
}

/**
 * A statement run again in a sloppy CommonJS module: the functions it declares in blocks are
 * `var`s of the module (Annex B), but eval code run in the scope hook (an arrow function) gives
 * them to the hook's own scope. The statement's code ends by handing them back, and the
 * module's bindings take those it declared (a function), as a fresh process's would: the new
 * code runs (found by an adversarial run: `exports.call = () => blockFn()` kept the old
 * `blockFn`). A name the live scope does not bind (new in this edit) cannot be added to it:
 * said.
 */
function annexB(record: ModuleRecord, source: string, node: Node, program: Node): { names: string[]; notes: string[] } {
  if (!record.commonjs) return { names: [], notes: [] };
  const declared = blockFunctions(node);
  if (!declared.length || usesStrict(program) || liveScope(record)?.strict !== false) return { names: [], notes: [] };
  const vars = liveVars(record);
  const names = declared.filter((n) => vars.has(n));
  const line = position(source, node.start).line;
  const notes = declared
    .filter((n) => !vars.has(n))
    .map((n) => `the function ${n} that the statement at line ${line} declares in a block is new to the module: code outside the statement does not see it until the program restarts (declare it at the top level to use it now)`);
  return { names, notes };
}

/**
 * A CommonJS file whose `'use strict'` directive an edit added or removed: the mode of the
 * code already compiled cannot change. Added, the code the refresh compiles is strict, as in a
 * fresh process (the live scope hook prefixes the directive, runtime/extra-scope.ts
 * `compileStrict`), while the code it did not change stays sloppy; removed, all of it stays
 * strict. Either way the note says so, with what to do (found by an adversarial run: the
 * directive counted as a statement that ran, and the new code ran sloppy).
 */
function strictness(record: ModuleRecord, plan: Plan): string | undefined {
  const live = liveScope(record);
  if (!live) return undefined;
  const now = usesStrict(plan.program);
  if (now === live.strict) return undefined;
  compileStrict(record, now);
  // (Said when an edit adds or removes the directive, not again at each later refresh.)
  const running = runningProgram(record);
  if (running && usesStrict(running) === now) return undefined;
  return now
    ? "the file says 'use strict' now, which the code already loaded cannot take: the code this refresh compiled runs in strict mode, the code it did not change stays sloppy (restart to run all of it in strict mode)"
    : "the file no longer says 'use strict': its code stays in strict mode, the code this refresh compiled too (restart to run it in sloppy mode)";
}

/**
 * Closures made by a function or method this edit removed: nothing pairs them with new code
 * (their body may live on under another name), so they keep theirs, which the report says.
 */
function orphanedClosures(record: ModuleRecord, plan: Plan): string[] {
  const gone = new Set(plan.removed);
  const owners = new Set<string>();
  for (const key of record.closures.keys()) {
    const owner = key.slice(0, key.lastIndexOf(':'));
    if (gone.has(owner)) owners.add(owner);
  }
  return [...owners].map((o) => `closures that ${o} made before this refresh keep their code: ${o} is gone, so no new code is theirs (restart for them to run the new code)`);
}

/**
 * A re-import that moves constants (runtime/consts.ts `movedByReimport`): their values into
 * the extra scope, and the running text's readers compiled again to read them there. All in
 * phase 0, which runs after the new version loaded and before it takes over (`adopt`); a
 * reader that fails to compile keeps its code, said in the notes.
 */
function movedBeforeReimport(record: ModuleRecord, plan: Plan): Compiled {
  const move = moveOp(record, plan);
  if (!move || record.source === undefined) return { ops: [], notes: [] };
  for (const name of plan.moved!.keys()) extrasOf(record).pending.add(name);
  const out: Compiled = { ops: [move], notes: [] };
  const running = runningProgram(record)!;
  for (const step of plan.movedReaders ?? []) {
    try {
      const { ops, notes } = compileStep(record, record.source, step, running);
      for (const op of ops) out.ops.push({ ...op, phase: 0, label: '' });
      out.notes.push(...notes);
    } catch (err) {
      const line = position(record.source, (step.type === 'value' ? step.item.node : step.node).start).line;
      out.notes.push(`the code at line ${line} of the running version keeps reading the old value of a constant this edit changed (limeade could not compile it again: ${(err as Error)?.message ?? err})`);
    }
  }
  return out;
}

/** Every step of the plan, in order, as operations. */
export function compilePlan(record: ModuleRecord, source: string, plan: Plan): Compiled {
  const out: Compiled = { ops: [], notes: [] };
  for (const step of plan.steps) {
    try {
      const { ops, notes } = compileStep(record, source, step, plan.program);
      // Compiled again only to read a moved constant (runtime/consts.ts): nothing the report lists as updated.
      if ('reread' in step && step.reread) for (const op of ops) op.label = '';
      // Static fields evaluated again because they read a value that changed: recomputed (runtime/derive.ts).
      if (step.type === 'class' && step.derived) for (const op of ops) if (op.label) op.derived = true;
      out.ops.push(...ops);
      out.notes.push(...notes);
    } catch (err) {
      throw err instanceof StepError ? err : new StepError(err, step.type === 'value' ? step.item.node : step.node);
    }
  }
  return out;
}

/** The steps with each inline step whose functions have no holders replaced by its fallback. */
function withHolders(record: ModuleRecord, steps: Step[]): Step[] {
  return steps.map((s) => (s.type === 'inline' && fallsBack(record, s) ? s.fallback : s));
}

/** Does this inline step fall back (its functions have no holders: its owner ran again since it loaded)? runtime/derive.ts asks too: a declaration's fallback changes its value. */
export function fallsBack(record: ModuleRecord, step: InlineStep): boolean {
  return !inlineHolders(record, step);
}

/** The holders of an inline step's functions, or undefined if the owner has none (it ran again since it loaded). */
function inlineHolders(record: ModuleRecord, step: InlineStep): Holder[] | undefined {
  const holders = step.fns.map((f) => record.inlines.get(inlineKey(step.owner, f.ordinal)));
  return holders.every((h) => h !== undefined) ? (holders as Holder[]) : undefined;
}

/**
 * Statements move to their new index; those that run again, and declarations evaluated
 * again, made new closures without guards: their holders are dropped, so a later edit of
 * their inline bodies runs them again (runtime/registry.ts rekeyInlines).
 */
function inlineRekey(plan: Plan, steps: readonly Step[]): InlineRekey {
  const statements = plan.statementMap?.slice();
  const dropped: string[] = [];
  plan.steps.forEach((s, i) => {
    if (s.type === 'inline' && steps[i] !== s && typeof s.owner === 'number' && statements) statements[s.owner] = -1;
  });
  // (An update in place only to read a moved constant evaluates no declaration again.)
  // (Nor does one that keeps inline functions on the object: its op re-keys them, rekeyKept.)
  for (const s of steps) if (s.type === 'value' && !s.reread && !s.object?.kept) dropped.push(...(s.item.name ? [s.item.name] : s.item.names));
  return { statements, dropped };
}

function compileStep(record: ModuleRecord, source: string, step: Step, program: Node): Compiled {
  const url = record.url;
  const at = (n: Node): [number, number] => {
    const p = position(source, n.start);
    return [p.line, p.column];
  };
  switch (step.type) {
    case 'fn': {
      const n = step.node;
      // Its closures (docs/design.md §3.7): sites paired with the old text's, new code for the
      // closures made before, guards with fresh holders in the new code.
      const was = oldFunction(record, step.name);
      // A new function of the extra scope gets its own holder (runtime/extras.ts), a global its
      // compiled guard names, as its closures' holders are.
      // (Also a name of the extra scope declared again after an edit removed it: its family went with it.)
      const fresh = step.fresh || (!record.fns.has(step.name) && isExtra(record, step.name)) ? globalHolders(1) : undefined;
      const own = fresh?.holders[0];
      const closures = ownerClosures(record, source, { owner: step.name, old: was, node: n, field: false }, (c, v) => record.home(c, v));
      const ms = new MagicString(source);
      for (const [s, e] of importMetaRanges(n)) ms.overwrite(s, e, META_LOCAL.padEnd(e - s));
      const family = record.fns.get(step.name);
      // A function expression's own name (`var counter = function tick() { tick.calls++ }`)
      // means the function the program holds, as it did: given to the new code as that.
      const self = n.id && !step.declaration && n.id.name !== step.name && family?.handles[0] ? (n.id.name as string) : undefined;
      // Without its name, `f` inside the body means the module binding (the handle).
      if (n.id && (step.declaration || n.id.name === step.name || self)) ms.overwrite(n.id.start, n.id.end, ' '.repeat(n.id.end - n.id.start));
      closures.instrument(ms);
      const guarded = fresh ? guardFresh(ms, source, n, fresh.name(0), !record.commonjs) : false;
      const text = ms.slice(n.start, n.end);
      // As a property value an anonymous function takes the key as its own name: the same
      // name the first version has (implName), with nothing redefined on the function.
      const key = JSON.stringify(implName(step.name));
      const fn = self
        ? (record.home(framed(url, ...at(n), `((${self})=>({${key}:`, text, `})[${key}])`)) as (held: Function) => Function)(family!.handles[0]!)
        : (record.home(framed(url, ...at(n), `({${key}:`, text, `})[${key}]`)) as Function);
      const notes: string[] = [...closures.notes];
      // The handle's form was chosen at load (loader/instrument.ts handleSource), and recorded when it registered.
      if (family && constructs(n) && !family.passesNewTarget)
        notes.push(`${step.name} reads new.target now, which its handle does not pass on: \`new ${step.name}()\` sees it undefined until the program restarts`);
      // The guard's rest form (loader/handles.ts guardFunction) pads missing arguments with undefined.
      if (family && was && (!record.commonjs || /^\s*(['"])use strict\1/.test(was.source)) && padsArguments(was.node, was.source, n))
        notes.push(`${step.name} counts its arguments now (arguments or a rest parameter): called with fewer than its ${was.node.params.length} earlier parameters, it sees the missing ones as undefined arguments until the program restarts`);
      if (was && !step.reread) notes.push(...lackingMade(record, step.name, was, n, source));
      const op: Op = {
        phase: 0,
        label: step.name,
        node: n,
        apply(undo) {
          if (own) addFunction(record, step.name, n, fn, own, guarded, undo);
          else if (family) setImpl(family, fn, undo);
          else assign(record.homes, step.name, fn, undo);
        },
      };
      return { ops: [op, ...closures.ops], notes };
    }
    case 'value': {
      const it = step.item;
      const binding = it.anonymousDefault ? DEFAULT_BINDING : it.name;
      // (A value made a function declaration, `var decode = decodeURIComponent` saved as `function
      // decode(str) { … }`: the declaration, as an expression, is the new value — found by the cookie
      // replay, session 18, where the binding became undefined.)
      const init: Node | null = it.anonymousDefault || it.kind === 'function' ? it.node : it.node.init;
      const code = init ? framed(url, ...at(init), '(', sliceForEval(source, init), ')') : null;
      const inPlace = step.object && binding ? objectUpdate(record, source, binding, step.object, it.declKind === 'const' && !it.anonymousDefault, it.name) : undefined;
      // Inline functions left on the object: new code through their holders (keptFunctions).
      const kept = step.object?.kept;
      const out: Compiled = { ops: [], notes: [] };
      for (const f of kept?.fns ?? []) inlineCode(record, source, it.name, f, f.was, record.inlines.get(inlineKey(it.name, f.was))!, out);
      // A class compiled for ES5 built again: the class the program holds continues (runtime/es5-classes.ts).
      const oldItem = binding ? continuedFrom(record, it) : undefined;
      const op: Op = {
        phase: 1,
        label: it.name || it.names.join(', '),
        derived: !!step.derived,
        node: it.node,
        apply(undo) {
          // The object the program holds takes the new properties (docs/design.md §2.2).
          const updated = !!inPlace?.(undo);
          if (kept) rekeyKept(record, it.name, updated ? kept.ordinals : [], undo);
          if (updated || step.reread) return;
          // State that builders fill again is emptied where it is: the object others hold (runtime/builders.ts).
          if (step.emptied && binding && emptyInPlace(record.home(binding), undo)) return;
          let value = code === null ? undefined : runProgram(() => record.home(code));
          // `const proto = module.exports = { … }`: the object the program holds (assignsModuleExports).
          if (record.commonjs && assignsModuleExports(init)) value = aliasExports(record, exportsAliases(init));
          if (oldItem && binding) value = adoptEs5Class(record, it, oldItem, record.home(binding), value, undo);
          // (What the binding holds until now: a function or frozen object made anew is said; a class a
          // function made anew, `const User = Model('users')`, is delegated to, runtime/moved.ts delegate.)
          const was = binding ? held(record, binding) : undefined;
          // An array evaluated again: the functions of its elements the program took (a route's
          // handler a framework holds) hand their calls to the new elements' (ValueStep.elements).
          if (step.elements && Array.isArray(value)) forwardElements(record, it.name, step.elements, was, value, undo);
          if (binding) noteRemade(record, it, source, was, value);
          if (binding) dropFamily(record, it.name, value, undo);
          if (binding && !oldItem) delegateMade(it, was, value, undo);
          if (binding && isExtra(record, binding)) return assignExtra(record, binding, value, undo);
          // A literal that is not plain (it spreads others: `{ ...defaults, port }`) is
          // evaluated whole, and the object the program holds takes what it made.
          if (binding && init?.type === 'ObjectExpression' && refill(held(record, binding), value, undo, it.declKind === 'const' && !it.anonymousDefault)) return;
          // An array literal (a table of rules, routes, middleware) the same: the array the program took gets the new elements.
          if (binding && init?.type === 'ArrayExpression' && refillArray(held(record, binding), value, undo)) return;
          if (binding) return assign(record.homes, binding, value, undo);
          // A destructuring declarator: assign the pattern in the newest scope, then copy.
          const before = it.names.map((n) => record.home(n));
          runProgram(() => record.home(`(${source.slice(it.node.id.start, it.node.id.end)}=__v)`, value));
          undo.push(() => it.names.forEach((n, i) => record.home(`${n}=__v`, before[i])));
          const older = record.homes.filter((h) => h !== record.home);
          for (const n of it.names) assign(older, n, record.home(n), undo);
          for (const n of it.names) dropFamily(record, n, record.home(n), undo);
        },
      };
      return { ops: [...out.ops, op], notes: out.notes };
    }
    case 'run': {
      const blocks = annexB(record, source, step.node, program);
      // (Sloppy eval code's completion value: the block functions, after the statement ran.)
      const code = framed(url, ...at(step.node), '', sliceForEval(source, step.node), blocks.names.length ? `\n;[${blocks.names.join(',')}]` : '');
      // `exports = module.exports = { … }`: `exports` is the object the program holds too (exportsAliases).
      const aliases = record.commonjs && step.node.type === 'ExpressionStatement' ? exportsAliases(step.node.expression) : [];
      const refills = step.refill ?? [];
      // `X.prototype = { … }` changed: the object the member holds takes the new properties (RunStep.object).
      const target = step.object?.target;
      const inPlace = step.object && target ? objectUpdate(record, source, `(${sliceForEval(source, target)})`, step.object.change, false, step.object.owner) : undefined;
      const apply = (undo: UndoLog): void => {
        if (inPlace?.(undo)) {
          // Not a statement that ran: the report lists the object updated (`Foo.prototype`).
          op.label = source.slice(target!.start, target!.end).replace(/\s+/g, '');
          for (const { root, keys } of step.order ?? []) keyOrder(held(record, root), keys, undo);
          return;
        }
        const before = refills.map(({ root, key }) => memberBefore(record, root, key));
        if (step.copied) uncopy(record, source, step.node, step.copied, undo);
        const made = runProgram(() => record.home(code));
        // The functions its blocks declared: the module's `var`s (Annex B).
        if (blocks.names.length && Array.isArray(made))
          blocks.names.forEach((name, i) => {
            if (typeof made[i] === 'function') assign(record.homes, name, made[i], undo);
          });
        if (aliases.length) aliasExports(record, aliases);
        refills.forEach(({ root, key }, i) => keepMember(record, root, key, before[i], undo));
        for (const { root, keys } of step.order ?? []) keyOrder(held(record, root), keys, undo);
      };
      const op: Op = { phase: 1, label: 'statement', node: step.node, apply };
      return { ops: [op], notes: [...blocks.notes, ...setsOnce(record, source, step.node, program)] };
    }
    case 'inline': {
      const holders = inlineHolders(record, step)!;
      const out: Compiled = { ops: [], notes: [] };
      step.fns.forEach((f, i) => inlineCode(record, source, step.owner, f, f.ordinal, holders[i]!, out));
      for (const f of step.fns) {
        // A factory a CommonJS module exports (`module.exports = function createService(deps) { return { … } }`)
        // whose object gains keys: what it made before lacks them (found by session 18's second review).
        const e = step.node.type === 'ExpressionStatement' ? (step.node.expression as Node) : undefined;
        if (record.commonjs && record.source !== undefined && e?.type === 'AssignmentExpression' && e.right === f.node && exportsTarget(e.left))
          out.notes.push(...lackingMade(record, `the function exported at line ${position(source, f.node.start).line}`, { node: f.old, source: record.source }, f.node, source));
        const ran = ranOnce(record, step, f.node);
        const at = position(source, f.node.start);
        if (ran) out.notes.push(`the function at ${rel(record.file)}:${at.line}:${at.column + 1} was handed to ${ran} when the module ran, to run once: its new code runs when something calls it again, not now (a fresh process would run it once, with the new code): restart to run it`);
      }
      return out;
    }
    case 'class': {
      const family = record.classes.get(step.name);
      if (!family) throw new StepError(new Error(`class ${step.name} was not registered when it loaded (limeade bug)`), step.node);
      const outer = outerScope(record, family, program, source, record.home);
      return compileClass({ family, url, source, step, outer, home: record.home, record });
    }
  }
}

/**
 * A statement run again that sets something only where it is not set yet (`process.env.PORT =
 * process.env.PORT || '4000'`, `cfg.retries ??= 3`), when that is what its first run set: it
 * keeps the first run's value, where a fresh process sets the new one. Said (found by session
 * 18's second review: an env-defaults module edited said "2 statements ran" and kept 4000).
 */
function setsOnce(record: ModuleRecord, source: string, stmt: Node, program: Node): string[] {
  if (record.source === undefined || stmt.type !== 'ExpressionStatement') return [];
  const e = stmt.expression as Node;
  if (e.type !== 'AssignmentExpression' || e.left.type !== 'MemberExpression') return [];
  const target = source.slice(e.left.start, e.left.end).replace(/\s+/g, '');
  const r = e.right as Node;
  const once = ['||=', '??='].includes(e.operator) || (e.operator === '=' && r.type === 'LogicalExpression' && ['||', '??'].includes(r.operator) && source.slice(r.left.start, r.left.end).replace(/\s+/g, '') === target);
  if (!once) return [];
  // (Not on an object the module declares: statements that fill one build it again, runtime/builders.ts.)
  let root = e.left as Node;
  while (root.type === 'MemberExpression') root = root.object;
  if (root.type !== 'Identifier' || topLevel(program, source).some((it) => it.names.includes(root.name as string))) return [];
  // (Only one that ran: the running text assigned it too.)
  const before = record.source.replace(/\s+/g, '');
  if (!['=', '||=', '??='].some((op) => before.includes(`${target}${op}`))) return [];
  const at = position(source, stmt.start);
  return [`the statement at ${rel(record.file)}:${at.line}:${at.column + 1} sets ${target} only where it is not set yet, and it ran before: ${target} keeps what it had (the value its first run set, if so), where a fresh process sets the new one: restart to apply it`];
}

/**
 * Before `Object.assign(target, mix)` runs again: each key `mix` had (`copied`, when the
 * refresh began) and has no more is taken off `target` where the copy put it (the same value),
 * and a class's own member of that name, which the copy had replaced, is back (found by session
 * 18's second review: a method removed from a mixin stayed on the prototype, hiding the class's).
 */
function uncopy(record: ModuleRecord, source: string, stmt: Node, copied: ReadonlyMap<PropertyKey, unknown>, undo: UndoLog): void {
  const call = stmt.expression as Node;
  const sources = (call.arguments as Node[]).slice(1).map((a) => (a.type === 'Identifier' ? held(record, a.name as string) : undefined));
  const target = runProgram(() => record.home(`(${sliceForEval(source, (call.arguments as Node[])[0]!)})`)) as Record<PropertyKey, unknown> | null;
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return;
  for (const [key, value] of copied) {
    if (sources.some((o) => o !== null && typeof o === 'object' && Object.hasOwn(o, key))) continue;
    const d = Object.getOwnPropertyDescriptor(target, key);
    if (!d || !('value' in d) || d.value !== value || !d.configurable) continue;
    const family = [...record.classes.values()].find((f) => f.cls === target || f.cls.prototype === target);
    const own = family?.slots.get(slotKey(family.cls === target, 'value', String(key)))?.handle;
    if (own) Object.defineProperty(target, key, { value: own, writable: true, enumerable: false, configurable: true });
    else delete target[key];
    undo.push(() => Object.defineProperty(target, key, d));
  }
}

/**
 * The one-shot scheduler an inline function of a statement was handed to, if it has run it by
 * now (found by session 18's review: a start-up `setTimeout(() => …, 5)` edited after it fired
 * was reported updated, and nothing ran): `setTimeout` or `setImmediate` whose timer is no longer
 * pending, `queueMicrotask`, `process.nextTick`, a promise's `then`, `catch` or `finally`.
 */
function ranOnce(record: ModuleRecord, step: InlineStep, fn: Node): string | undefined {
  if (typeof step.owner !== 'number') return undefined;
  let callee: string | undefined;
  walk(step.node, (n) => {
    if (callee !== undefined) return false;
    if (n.type !== 'CallExpression' || !(n.arguments as Node[]).includes(fn)) return undefined;
    const c = n.callee as Node;
    const name = c.type === 'Identifier' ? (c.name as string) : c.type === 'MemberExpression' && !c.computed ? `${c.object.type === 'Identifier' ? `${c.object.name}.` : '.'}${c.property.name}` : '';
    callee = name;
    return false;
  });
  if (!callee) return undefined;
  if (callee === 'setTimeout' || callee === 'setImmediate') {
    const effects = effectsOf(record).get(step.owner) ?? [];
    const kind = callee === 'setTimeout' ? 'timer' : 'immediate';
    return effects.some((e) => e.kind === kind) && !effects.some((e) => e.kind === kind && e.live?.() !== false) ? callee : undefined;
  }
  if (callee === 'queueMicrotask' || callee === 'process.nextTick') return callee;
  return /\.(then|catch|finally)$/.test(callee) && step.node.type === 'ExpressionStatement' ? `a promise's ${callee.slice(callee.lastIndexOf('.') + 1)} (once that promise settled)` : undefined;
}

/**
 * After a chain assigning `module.exports` ran again: the names it assigns take the exports
 * object runtime/cjs-exports.ts kept (the chain's value is the new literal it copied from);
 * returns that object.
 */
function aliasExports(record: ModuleRecord, names: string[]): unknown {
  const held = record.home('module.exports');
  for (const n of names) record.home(`${n}=__v`, held);
  return held;
}

/**
 * Objects an update in place deleted from an object for statements to build them again
 * (ObjectChange.stash): by object and key, until those statements ran (RunStep.refill).
 */
const stashed = new WeakMap<object, Map<PropertyKey, unknown>>();

/** What `root[key]` held before a statement builds it again: its value, or what the update of `root` kept aside. */
function memberBefore(record: ModuleRecord, root: string, key: string): unknown {
  const obj = held(record, root);
  if (!plainObject(obj)) return undefined;
  const aside = stashed.get(obj);
  if (aside?.has(key)) {
    const v = aside.get(key);
    aside.delete(key);
    return v;
  }
  return obj[key];
}

/** The object `root[key]` held before takes what the statement made, and is `root[key]` again (refill). */
function keepMember(record: ModuleRecord, root: string, key: string, before: unknown, undo: UndoLog): void {
  const obj = held(record, root);
  if (!plainObject(obj) || !plainObject(before)) return;
  const now = obj[key];
  if (now === before || !refill(before, now, undo)) return;
  const desc = Object.getOwnPropertyDescriptor(obj, key);
  if (!desc || !('value' in desc) || !desc.writable) return;
  obj[key] = before;
  undo.push(() => (obj[key] = now));
}

/** `obj`'s own keys with `keys` first, in that order (those it has), the others after them as they were. */
function keyOrder(obj: unknown, keys: readonly string[], undo: UndoLog): void {
  if (!plainObject(obj) || Reflect.ownKeys(obj).some((k) => !Object.getOwnPropertyDescriptor(obj, k)!.configurable)) return;
  const was = Reflect.ownKeys(obj);
  const first = keys.filter((k) => Object.hasOwn(obj, k));
  const set = new Set<PropertyKey>(first);
  undo.push(() => reorder(obj, was));
  reorder(obj, [...first, ...was.filter((k) => !set.has(k))]);
}

/**
 * A changed factory whose returned object gains keys (loader/ctor-state.ts madeKeys): the
 * objects it made before lack them, where a fresh process's would have them, as instances of
 * a changed constructor do (runtime/classes.ts lacking). Said with the first one's place; not
 * for an async function (a Fastify handler's `return { …, v: 2 }` is a reply, not state).
 */
export function lackingMade(record: ModuleRecord, name: string, was: { node: Node; source: string }, n: Node, source: string): string[] {
  // (An async function's object is a result handed on, a route handler's reply, more often than state kept.)
  if (n.async || was.node.async || n.generator) return [];
  const before = madeKeys(was.node, was.source);
  const now = madeKeys(n, source);
  if (!before || !now) return [];
  const added = [...now].filter(([k]) => !before.has(k));
  if (!added.length) return [];
  const at = position(source, added[0]![1]);
  const many = added.length > 1;
  return [`${name}: the objects it made before this refresh lack ${added.map(([k]) => k).join(', ')}, which it now sets (${rel(record.file)}:${at.line}:${at.column + 1}): set ${many ? 'them' : 'it'} where ${many ? 'they are' : 'it is'} read, or restart`];
}

/** The value a binding holds now, or undefined where it has none yet (a declaration this refresh adds). */
export function held(record: ModuleRecord, binding: string): unknown {
  try {
    return record.home(binding);
  } catch {
    return undefined;
  }
}

/** An object whose own properties an update may rewrite: an extensible object, no array. */
const plainObject = (v: unknown): v is Record<PropertyKey, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.isExtensible(v);

/**
 * `target`, an object literal's value the program holds, takes the own properties of `value`,
 * what the literal evaluates to now, in its order; keys `value` lacks go (rule 2 of
 * docs/design.md §2: held references see the object a fresh process would make). Shallow:
 * a property's value is what the new evaluation gave, as in a fresh process. False, nothing
 * done, when either is no extensible object, their prototypes differ (the literal's
 * `__proto__` value changed, or the program changed the object's), or a key of `target`
 * cannot be deleted. `constant`: `target` is what a `const` declared by the literal holds, so
 * a prototype other than the one the literal gives (Object.prototype: it sets none) is one a
 * later statement set (`Object.setPrototypeOf(prototype, EventEmitter.prototype)`, pino's
 * lib/proto.js), which a fresh process runs after the literal too: `target` keeps it.
 */
export function refill(target: unknown, value: unknown, undo: UndoLog, constant = false): boolean {
  if (!refillable(target) || !plainObject(value) || target === value) return false;
  const sameProto = Object.getPrototypeOf(target) === Object.getPrototypeOf(value);
  if (!sameProto && !(constant && Object.getPrototypeOf(value) === Object.prototype)) return false;
  undo.push(snapshot(target));
  const next = Object.getOwnPropertyDescriptors(value);
  const keys = Reflect.ownKeys(next);
  for (const k of Reflect.ownKeys(target)) if (!Object.prototype.hasOwnProperty.call(next, k)) delete target[k];
  for (const k of keys) Object.defineProperty(target, k, next[k as string]!);
  reorder(target, keys);
  return true;
}

/**
 * The elements of `value`, a new array, into `target`, the array the program holds (`const
 * RULES = [[/^a/, fa]]` saved with a rule more, taken at start by `rules = RULES`): what took it
 * sees the new table, as an object literal's holder does (found by session 17's review).
 * Only plain arrays, extensible and with a writable length; the old elements are put back by
 * a rollback.
 */
function refillArray(target: unknown, value: unknown, undo: UndoLog): boolean {
  if (!Array.isArray(target) || !Array.isArray(value) || target === value) return false;
  if (Object.getPrototypeOf(target) !== Array.prototype || !Object.isExtensible(target) || !Object.getOwnPropertyDescriptor(target, 'length')!.writable) return false;
  if (Reflect.ownKeys(target).some((k) => k !== 'length' && !Object.getOwnPropertyDescriptor(target, k)!.configurable)) return false;
  undo.push(snapshot(target));
  target.length = 0;
  for (let i = 0; i < value.length; i++) if (i in value) target[i] = value[i];
  target.length = value.length;
  return true;
}

/**
 * New code for an inline function (loader/inline.ts) into its holder: compiled where
 * top-level code is, with guards for the closures it makes (runtime/closures.ts), whose
 * sites are keyed by the function's ordinal in the running text (`was`).
 */
export function inlineCode(
  record: ModuleRecord,
  source: string,
  owner: string | number,
  f: { node: Node; old: Node; consts?: readonly string[]; shared?: readonly string[] },
  was: number,
  holder: Holder,
  out: Compiled,
): void {
  const { node, old } = f;
  const consts = f.consts ?? [];
  const shared = f.shared ?? [];
  const at = position(source, node.start);
  const running = record.source === undefined ? undefined : { node: old, source: record.source };
  const pair = { owner: inlineClosureOwner(owner, was), old: running, node, field: false, hidden: new Set([...consts, ...shared]) };
  const closures = ownerClosures(record, source, pair, (c, v) => record.home(c, v));
  const ms = new MagicString(source);
  for (const [s, e] of importMetaRanges(node)) ms.overwrite(s, e, META_LOCAL.padEnd(e - s));
  closures.instrument(ms);
  // The names of its statement it reads come first, as its guard passes them (loader/closures.ts
  // statementConsts): the values, then the environment of those the statement assigns (`__e.hits`).
  if (shared.length) for (const r of freeReferences(node, new Set(shared))) ms.overwrite(r.node.start, r.node.end, toEnvironment(r));
  if (consts.length || shared.length) leadParams(node, source, ms, shared.length ? [...consts, '__e'] : consts);
  // A function expression creates a function and runs nothing (docs/design.md §2.1); a
  // method is compiled as one, in an object literal of its own (its only property).
  const method = methodProperty(node);
  const from = method ?? node;
  const where = position(source, from.start);
  // A function expression's own name (`bus.on('x', function onX() { bus.off('x', onX) })`)
  // means the function the program holds, as it did, when the site made one (madeAt); the new
  // code is anonymous then, named by a key as it was.
  const own = node.type === 'FunctionExpression' && node.id ? (node.id.name as string) : undefined;
  const ones = own && !consts.includes(own) && !shared.includes(own) ? madeAt(holder) : [];
  const self = ones.length === 1 ? ones[0] : undefined;
  if (self) ms.overwrite(node.id.start, node.id.end, ' '.repeat(node.id.end - node.id.start));
  const key = JSON.stringify(own);
  const [open, close] = method ? ['({', '})'] : self ? [`((${own})=>({${key}:`, `})[${key}])`] : ['(', ')'];
  const made = record.home(framed(record.url, where.line, where.column, open, ms.slice(from.start, from.end), close));
  // (Its only property: a computed key may be a symbol, which Object.values does not list.)
  const fn = (method ? (made as Record<PropertyKey, unknown>)[Reflect.ownKeys(made as object)[0]!] : self ? (made as (held: Function) => unknown)(self) : made) as Function;
  out.notes.push(...closures.notes);
  // Its guard hands the new code every argument; the function the program holds gets the new
  // `length` where the runtime kept it (passed to a call where it stands: loader/instrument.ts
  // `made`), or the report says it keeps the old one.
  const [before, after] = [arity(old), arity(node)];
  const held = before === after ? [] : madeAt(holder);
  if (before !== after && !held.length)
    out.notes.push(`the function at line ${at.line} runs its new code with every argument its caller passes, but its \`length\` stays ${before} where a fresh process has ${after} (code that counts parameters sees the old count: Express takes a function of length 4 for error middleware): restart if that matters`);
  out.ops.push(
    {
      phase: 0,
      // One its statement invoked once is never called again: only the closures it made are news.
      label: isInvoked(node) ? '' : method ? `method ${method.computed ? `[${source.slice(method.key.start, method.key.end)}]` : (method.key.name ?? method.key.value)} at line ${at.line}` : `inline function at line ${at.line}`,
      node,
      apply(undo) {
        const before = holder.f;
        undo.push(() => setHolder(holder, before));
        setHolder(holder, fn);
        for (const g of held) relength(g, after, undo);
      },
    },
    ...closures.ops,
  );
}

/** Puts `names` first in a function's parameter list: `(e) => …` → `(k,e) => …`, `e => …` → `(k,e) => …`. */
function leadParams(fn: Node, source: string, ms: MagicString, names: readonly string[]): void {
  const lead = names.join(',');
  const first = (fn.params as Node[])[0];
  if (!first) {
    // `()`, `async ()`, `function name()`: the first parenthesis from the start is the list's.
    ms.appendLeft(source.indexOf('(', fn.start) + 1, lead);
    return;
  }
  const bare = fn.type === 'ArrowFunctionExpression' && !source.slice(fn.start, first.start).includes('(');
  // (Right of the position: a bare parameter starts the function's text, which is sliced from there.)
  if (bare) {
    ms.prependRight(first.start, `(${lead},`);
    ms.appendLeft(first.end, ')');
  } else ms.prependRight(first.start, `${lead},`);
}

/**
 * A value step whose object update keeps inline functions (loader/objects.ts KeptFunctions),
 * as it can be applied: if a function it would patch has no holder (its property was
 * replaced by an earlier update), the properties it kept are evaluated again after all.
 */
function withKept(record: ModuleRecord, step: ValueStep): ValueStep {
  const kept = step.object?.kept;
  if (!kept || kept.fns.every((f) => record.inlines.has(inlineKey(step.item.name, f.was)))) return step;
  const keys = new Set(kept.keys);
  const props = step.object!.props.map((p) => (keys.has(p.key) ? { ...p, change: 'changed' as const } : p));
  return { ...step, object: { props, removed: step.object!.removed } };
}

/**
 * After an update in place that kept inline functions on the object, their holders and the
 * closure sites they own move to their new ordinals; the others are dropped (their
 * functions are gone). After the declaration was evaluated again instead, all are dropped.
 */
function rekeyKept(record: ModuleRecord, owner: string, ordinals: ReadonlyArray<[number, number]>, undo: UndoLog): void {
  const to = new Map(ordinals);
  const inlines = record.inlines;
  const closures = record.closures;
  const prefix = `${owner}:`;
  const nextInlines = new Map<string, Holder>();
  for (const [key, holder] of inlines) {
    if (!key.startsWith(prefix) || !/^\d+$/.test(key.slice(prefix.length))) nextInlines.set(key, holder);
    else {
      const now = to.get(Number(key.slice(prefix.length)));
      if (now !== undefined) nextInlines.set(inlineKey(owner, now), holder);
    }
  }
  const nextClosures = new Map<string, ClosureEntry[]>();
  for (const [key, list] of closures) {
    const parts = inlineClosureParts(key);
    if (parts?.owner !== owner) nextClosures.set(key, list);
    else {
      const now = to.get(parts.ordinal);
      if (now !== undefined) nextClosures.set(closureKey(inlineClosureOwner(owner, now), parts.site), list);
    }
  }
  record.inlines = nextInlines;
  record.closures = nextClosures;
  undo.push(() => {
    record.inlines = inlines;
    record.closures = closures;
  });
}

/** Top-level function `name` as the running text has it (what its closures were made from), if it was one. */
export function oldFunction(record: ModuleRecord, name: string): { node: Node; source: string } | undefined {
  return oldFunctions(record, (n) => n === name).get(name);
}

/** The running text's top-level functions whose names `wanted` picks, by name (one parse, one pass). */
export function oldFunctions(record: ModuleRecord, wanted: (name: string) => boolean): Map<string, { node: Node; source: string }> {
  const out = new Map<string, { node: Node; source: string }>();
  const src = record.source;
  if (src === undefined) return out;
  const parsed = record.parsed?.source === src ? record.parsed : { source: src, program: parseModule(src) };
  for (const it of topLevel(parsed.program, parsed.source)) {
    if (!wanted(it.name) || out.has(it.name)) continue;
    const node = it.kind === 'function' || it.anonymousDefault ? it.node : it.init === 'function' ? it.node.init : undefined;
    if (node && isFunctionNode(node)) out.set(it.name, { node, source: parsed.source });
  }
  return out;
}

/**
 * An update of the object a top-level binding holds, property by property: changed and added
 * properties are evaluated (methods and accessors compiled with the object's prototype as
 * their `super`), removed ones deleted, the others keep what the program stored in them.
 * Returns false, changing nothing, when the binding does not hold a plain extensible object
 * (then the declaration is evaluated again as a whole); `constant` (a `const` the literal
 * declared): the object is the literal's even with a prototype a later statement gave it.
 * `binding` is an expression evaluated in the module's scope: a binding's name, or the member
 * a statement assigns the literal to (`(Foo.prototype)`, RunStep.object: run instead when it
 * does not hold such an object).
 */
export function objectUpdate(record: ModuleRecord, source: string, binding: string, change: ObjectChange, constant: boolean, owner?: string | number): (undo: UndoLog) => boolean {
  const url = record.url;
  const codes = change.props
    .filter((p) => p.change !== 'same')
    .map((p) => {
      const n = p.node;
      const { line, column } = position(source, n.kind === 'init' && !n.method ? n.value.start : n.start);
      // A getter with its setter: both in one literal, the text between them blanked (lines kept).
      const text = p.pair ? `${sliceForEval(source, n)},${source.slice(n.end + 1, p.pair.start).replace(/[^\n]/g, ' ')}${sliceForEval(source, p.pair)}` : sliceForEval(source, n);
      const code = n.kind === 'init' && !n.method ? framed(url, line, column, '(', sliceForEval(source, n.value), ')') : framed(url, line, column, '({__proto__:__v,', text, '})');
      // (A literal in a literal, `db: { host: … }`: merged into the object there, below.)
      return { key: p.key, value: n.kind === 'init' && !n.method, nested: n.kind === 'init' && !n.method && n.value.type === 'ObjectExpression', forward: p.forward, code };
    });
  // A computed key (loader/objects.ts computedKey) is evaluated where the object lives, as its
  // literal evaluated it (its text reads no value this refresh changes: loader/objects.ts
  // keyReads), once per update, as the literal evaluates it once.
  const computed = (key: string): PropertyKey => {
    const text = computedText(key)!;
    const k = runProgram(() => record.home(`(${text})`)) as unknown;
    return typeof k === 'symbol' ? k : String(k);
  };
  return (undo) => {
    const keys = new Map<string, PropertyKey>();
    const keyOf = (key: string): PropertyKey => {
      if (computedText(key) === undefined) return key;
      let k = keys.get(key);
      if (k === undefined) keys.set(key, (k = computed(key)));
      return k;
    };
    const target = (binding.startsWith('(') ? runProgram(() => record.home(binding)) : record.home(binding)) as Record<PropertyKey, unknown>;
    if (!updatableInPlace(target, change.proto, constant)) return false;
    const proto = Object.getPrototypeOf(target);
    // Pushed first, so it runs last on rollback: the keys' order as it was.
    const order = Reflect.ownKeys(target);
    undo.push(() => reorder(target, order));
    for (const { key: named, value, nested, forward, code } of codes) {
      const key = keyOf(named);
      const desc: PropertyDescriptor = value
        ? { value: runProgram(() => record.home(code)), writable: true, enumerable: true, configurable: true }
        : Object.getOwnPropertyDescriptor(runProgram(() => record.home(code, proto)) as object, key)!;
      const before = Object.getOwnPropertyDescriptor(target, key);
      // The nested object the program took (`const { db } = config`) takes the new one's properties, as the exports object's do.
      if (nested && before && 'value' in before && mergeNested(before.value, desc.value, undo)) continue;
      Object.defineProperty(target, key, desc);
      undo.push(() => (before ? Object.defineProperty(target, key, before) : delete target[key]));
      // The function it replaces hands its calls to the new one (PropChange.forward): a reference
      // taken before runs the new code; so does one taken before an earlier such update.
      const replaced = before && 'value' in before && typeof before.value === 'function' ? (before.value as Function) : undefined;
      const holder = (forward === undefined || owner === undefined ? undefined : record.inlines.get(inlineKey(owner, forward))) ?? (replaced && forwarded.get(replaced));
      if (holder && replaced !== desc.value) handCalls(holder, desc.value, undo);
    }
    for (const named of change.removed) {
      const key = keyOf(named);
      const before = Object.getOwnPropertyDescriptor(target, key);
      if (!before?.configurable) continue;
      if (change.stash?.includes(named) && 'value' in before) {
        if (!stashed.has(target)) stashed.set(target, new Map());
        stashed.get(target)!.set(key, before.value);
      }
      delete target[key];
      undo.push(() => Object.defineProperty(target, key, before));
    }
    // The literal's keys in the literal's order, as a fresh object has them (an added key
    // would otherwise come last: `{ ...defaults }`, Object.keys and JSON show the order);
    // keys the program added later stay after them, in their order.
    const literal = change.props.map((p) => keyOf(p.key));
    const own = new Set(literal);
    reorder(target, [...literal, ...Reflect.ownKeys(target).filter((k) => !own.has(k))]);
    return true;
  };
}

/**
 * A function a call made (`const handler = pipe(trim, validate)`, `fn.bind(null, x)`, lodash's
 * `partial`) made anew: the old one is the call's, not limeade's, and cannot take new code, so
 * what took it (a listener, a route) keeps calling it. A frozen object made anew the same. Said
 * (found by session 17's review).
 */
function noteRemade(record: ModuleRecord, it: Item, source: string, was: unknown, value: unknown): void {
  const init = it.kind === 'var' && !it.anonymousDefault ? (it.node.init as Node | null) : null;
  if (!init || was === value) return;
  const at = position(source, it.node.start);
  const where = `${it.name} at ${rel(record.file)}:${at.line}:${at.column + 1} is made anew`;
  // (A frozen object, `Object.freeze({ … })`, cannot take the new properties in place.)
  if (value !== null && typeof value === 'object' && was !== null && typeof was === 'object' && Object.isFrozen(was))
    return noteEffects(record, `${where}: the object it held is frozen and cannot take the new values in place, so what took it (a function that kept it, a registry) keeps the old one: restart, or take it again`);
  // (A reactive store, `reactive({ count: 0, user: null })`, is a Proxy a call made: what subscribed
  // to the old one, an `effect(() => …)` that ran, keeps it. Found by session 18's review.)
  if (init.type === 'CallExpression' && was !== null && typeof was === 'object' && types.isProxy(was))
    return noteEffects(record, `${where}: the object it held was a proxy its call made (a reactive store), so what took or subscribed to it (an effect, a computed value, a closure that kept it) keeps the old one: restart, or subscribe again`);
  // (Not what a function called in place returns: an ES5 class built by one is said by runtime/stale.ts.)
  if (init.type !== 'CallExpression' || isFunctionNode(init.callee) || typeof value !== 'function' || isClass(value)) return;
  if (typeof was !== 'function' || isClass(was) || record.fns.get(it.name)?.handles.includes(was)) return;
  noteEffects(record, `${where}: a function its call returned, which takes no new code, so what took the old one (a listener, a route, a copy) keeps calling it: restart, or register it again`);
}

/**
 * The binding held a class and is given another one by a declaration evaluated again (not a
 * class declaration: a factory's or a mixin's call, making a class of the same text): the old class and its prototype inherit
 * from the new, so instances made before run its code and are `instanceof` it, as in a fresh
 * process where there is one class (found by session 17's review). Not one with `#private`
 * names, which the old instances lack.
 */
function delegateMade(it: Item, was: unknown, value: unknown, undo: UndoLog): void {
  // (Only a class the same code made again — the same text, from a call: a class picked among
  // others, `cond ? A : B`, is another module's too, and must not be emptied.)
  const init = it.kind === 'var' && !it.anonymousDefault ? (it.node.init as Node | null) : null;
  if (init?.type !== 'CallExpression' || was === value || typeof was !== 'function' || typeof value !== 'function' || !isClass(was) || !isClass(value)) return;
  const text = Function.prototype.toString.call(value);
  if (text !== Function.prototype.toString.call(was) || text.includes('#')) return;
  delegate(was, value, undo, false);
}

/** Functions an object update put in place of an inline function: the holder of the first, which hands its calls to them. */
const forwarded = new WeakMap<Function, Holder>();

/** Each old element function's guard hands its calls to the new array's function at its place (objectUpdate's `forward`, for arrays). */
function forwardElements(record: ModuleRecord, owner: string, elements: readonly ElementForward[], was: unknown, value: unknown[], undo: UndoLog): void {
  const fnAt = (array: unknown, i: number, key: string | undefined): unknown => {
    const element = Array.isArray(array) ? (array[i] as Record<string, unknown> | undefined) : undefined;
    return key === undefined ? element : element !== null && typeof element === 'object' ? element[key] : undefined;
  };
  for (const { at, from, key, ordinal } of elements) {
    const fn = fnAt(value, at, key);
    // (The function there now, if an earlier refresh put it there: its calls came through this holder already.)
    const before = fnAt(was, from, key);
    const holder = (typeof before === 'function' ? forwarded.get(before) : undefined) ?? record.inlines.get(inlineKey(owner, ordinal));
    if (holder) handCalls(holder, fn, undo);
  }
}

/** The function whose guard reads `holder` hands its calls to `fn` (a function, no generator), remembered for a later such update. */
function handCalls(holder: Holder, fn: unknown, undo: UndoLog): void {
  if (typeof fn !== 'function' || isGenerator(fn)) return;
  const was = (Object.getPrototypeOf(holder) as { f?: Function } | null)?.f;
  setHolder(holder, fn);
  forwarded.set(fn, holder);
  undo.push(() => setHolder(holder, was));
}

/** A generator function, sync or async (their prototypes' `Symbol.toStringTag`): no other kind's guard can hand a call to it. */
const isGenerator = (f: Function): boolean => Object.prototype.toString.call(f).includes('GeneratorFunction');

/**
 * A function's binding that an edit gives another value (`const f = (c) => …` saved as `const
 * f = memoize((c) => …)`): the function's family goes, so that a later edit making it a function
 * again declares a new one where the binding is, instead of patching the family's old handle,
 * which nothing reads by that name any more (a fresh process has only the new function).
 */
function dropFamily(record: ModuleRecord, name: string, value: unknown, undo: UndoLog): void {
  const family = record.fns.get(name);
  if (!family || family.handles.includes(value as Function)) return;
  // A function again (`function validateUser` replaced by `const { validateUser } =
  // require('../middleware/validate')`, `const f = memoize(…)`): what took the old one calls the
  // new one, as everything a fresh process made does (found by session 17's review).
  if (typeof value === 'function' && !isClass(value) && isGenerator(value) === isGenerator(family.impl)) setImpl(family, value, undo);
  record.fns.delete(name);
  undo.push(() => record.fns.set(name, family));
}

/** Gives a function another `length` (a function's own, configurable property), undoably. */
function relength(fn: Function, length: number, undo: UndoLog): void {
  const was = Object.getOwnPropertyDescriptor(fn, 'length');
  if (!was?.configurable || was.value === length) return;
  Object.defineProperty(fn, 'length', { ...was, value: length });
  undo.push(() => Object.defineProperty(fn, 'length', was));
}
