/**
 * Closures made before an edit run the new body (issue 13, docs/design.md §2.1, §3.7).
 *
 * When an owner (a top-level function or a class member) is compiled again, its closure
 * sites (loader/closures.ts) are paired old → new; a site whose text changed gets new code
 * in the holders of every version of the owner that made closures there, each compiled to
 * take what those closures captured from their guard: the variables nothing assigns as
 * values, the others through their environment (`__e.n`). A closure whose new body needs a
 * variable it never captured keeps its code, and a note says which function and why. The
 * owner's new code is itself compiled with guards and fresh holders (`ownerClosures`), so
 * the closures it makes from now on follow later edits too. A re-import carries them over
 * (`carryClosures`).
 */
import MagicString from 'magic-string';
import { importMetaRanges, isFunctionNode, patternNames, position, topLevel, walk, type Node } from '../loader/analyze.js';
import { classOwners } from '../loader/instrument.js';
import { closureSites, guardSites, lexical, superUses, toEnvironment, unguardedSites, type Site } from '../loader/closures.js';
import { closureKey, inlineClosureOwner, inlineClosureParts, META_LOCAL, type Holder } from '../loader/contract.js';
import { inlineFunctions, inlineRoot, localNames } from '../loader/inline.js';
import { lcsPairs } from '../loader/lcs.js';
import { awaitsInLoop } from '../loader/diff.js';
import { freeReferences } from '../loader/scope.js';
import { loweredParams, paramPrologue } from '../loader/params.js';
import { framed, sliceForEval } from './framing.js';
import type { Compiled, Op } from './ops.js';
import type { ClosureEntry, SiteFacts } from './families.js';
import type { ModuleRecord } from './registry.js';
import { rel } from './report.js';
import { defineEnvironments, globalHolders, setHolder } from './slots.js';

const factsOf = (s: Site): SiteFacts => ({
  captures: new Set(s.captures),
  consts: s.consts,
  usesThis: s.usesThis,
  usesSuper: s.usesSuper,
  arrow: s.node.type === 'ArrowFunctionExpression',
  generator: !!s.node.generator,
});

/** An owner as both versions have it. */
export interface OwnerPair {
  owner: string;
  /** The old and new roots (a function, or a field's value when `field`), each in its own source. */
  old: { node: Node; source: string } | undefined;
  node: Node;
  field: boolean;
  /**
   * Names new code cannot see where it is compiled (an inline function's statement's, passed
   * to it by its guard: loader/closures.ts statementConsts): the closures it made that use one
   * keep their code.
   */
  hidden?: ReadonlySet<string>;
}

/** The owner's new code with guards and fresh holders, and the operations and notes for its sites. */
export interface OwnerCompile {
  /** Add the guards to a MagicString over the new source; `self`: what an arrow's `this` is there (a derived constructor's rewritten body has `__lmT`). */
  instrument(ms: MagicString, self?: string): void;
  ops: Op[];
  notes: string[];
}

/**
 * Everything a recompiled owner needs for its closures. `compileIn` compiles an expression
 * text (framed, `__v` given) where the owner's code is compiled (the home scope hook, or a
 * class's).
 */
export function ownerClosures(record: ModuleRecord, source: string, pair: OwnerPair, compileIn: (code: string, v: unknown) => unknown): OwnerCompile {
  const sites = closureSites(pair.node, pair.field);
  const { holders, name } = globalHolders(sites.length);
  const out: OwnerCompile = {
    instrument: (ms, self) => defineEnvironments(guardSites(sites, source, ms, (s) => name(s.ordinal), 0, false, undefined, self).envs),
    ops: [],
    notes: [],
  };
  const oldSites = pair.old ? closureSites(pair.old.node, pair.field) : [];
  const oldSource = pair.old?.source ?? '';
  const pairs = matchSites(oldSites, oldSource, sites, source);
  const renames = pair.old && !pair.field ? renamedParams(pair.old.node, pair.node, source) : undefined;
  const moved = new Map<string, ClosureEntry[]>();
  const before = new Map<string, ClosureEntry[]>();
  for (const s of oldSites) {
    const key = closureKey(pair.owner, s.ordinal);
    const list = record.closures.get(key);
    if (list) before.set(key, list);
  }
  sites.forEach((site, j) => {
    const i = pairs.get(j);
    const old = i === undefined ? undefined : oldSites[i];
    const entries = old ? (record.closures.get(closureKey(pair.owner, old.ordinal)) ?? []).map((e) => (e.facts ? e : { ...e, facts: factsOf(old) })) : [];
    moved.set(closureKey(pair.owner, j), [...(renames ? entries.map((e) => ({ ...e, facts: { ...e.facts!, names: renamed(e.facts!, renames) } })) : entries), { holder: holders[j]!, facts: factsOf(site) }]);
    if (!old || (oldSource.slice(old.node.start, old.node.end) === source.slice(site.node.start, site.node.end) && !rereads(record, site.node))) return;
    const hidden = pair.hidden?.size ? [...new Set(freeReferences(site.node, pair.hidden).map((r) => r.node.name as string))] : [];
    if (hidden.length) {
      const at = position(source, site.node.start);
      out.notes.push(
        `the function at ${rel(record.file)}:${at.line}:${at.column + 1}: closures it made before this refresh keep their code (it uses ${hidden.join(', ')}, declared by the statement around it); closures made from now on run the new code`,
      );
      return;
    }
    patchSite(record, source, site, entries, compileIn, out, renames, pair.node);
    // A run of it already going (a poller's `while (on) { await … }`, an async generator a stream reads) keeps the code it started with.
    if (entries.length && old.node.async && (awaitsInLoop(old.node) || old.node.generator)) {
      const at = position(source, site.node.start);
      out.notes.push(
        `the function at ${rel(record.file)}:${at.line}:${at.column + 1} is ${old.node.generator ? 'an async generator' : 'async and awaits in a loop'}: a run of one of the closures it made that is already going (a polling loop, a stream stage) goes on with the code it started with: restart to run the new code there`,
      );
    }
  });
  if (pair.old) unguardedNotes(record, pair, sites, source, out.notes);
  // An old site nothing in the new text pairs with: the closures it made keep their code.
  const paired = new Set(pairs.values());
  const unpaired = sites.filter((_, j) => !pairs.has(j));
  for (const s of oldSites)
    if (!paired.has(s.ordinal) && record.closures.get(closureKey(pair.owner, s.ordinal))?.length) {
      const at = position(oldSource, s.node.start);
      // (One in its place that is the same but for its kind: `async` added, an arrow made a function.)
      const params = (x: Site, src: string): string => (x.node.params as Node[]).map((p) => src.slice(p.start, p.end)).join(',');
      const became = unpaired.find((n) => functionKind(n) !== functionKind(s) && n.nest === s.nest && params(n, source) === params(s, oldSource) && nameInFront(n, source) === nameInFront(s, oldSource));
      const why = became
        ? `it became ${kindWords(became)}, where it was ${kindWords(s)}: what those closures are cannot change`
        : 'no function of the new text is known to be that one: one in its place changed more than the names of its parameters, or none is there';
      out.notes.push(`the function that was at ${rel(record.file)}:${at.line}:${at.column + 1}: closures it made before this refresh keep their code (${why}); closures made from now on run the new code`);
    }
  out.ops.push({
    phase: 0,
    label: '',
    node: pair.node,
    apply(undo) {
      const keep = new Map(record.closures);
      for (const key of before.keys()) record.closures.delete(key);
      for (const [key, list] of moved) record.closures.set(key, list);
      undo.push(() => {
        record.closures.clear();
        for (const [k, v] of keep) record.closures.set(k, v);
      });
    },
  });
  return out;
}

/**
 * The owners of closure sites in a module's text, by owner key (as the instrumenter names
 * them): top-level functions and the instance members of top-level classes. (Inline
 * owners are keyed by statement index, which a re-import does not map: not here.)
 */
function siteOwners(program: Node, source: string): Map<string, { node: Node; field: boolean }> {
  const out = new Map<string, { node: Node; field: boolean }>();
  for (const it of topLevel(program, source)) {
    if (it.kind === 'function') out.set(it.name, { node: it.node, field: false });
    else if (it.kind === 'var' && it.init === 'function' && it.name && it.node.init) out.set(it.name, { node: it.node.init, field: false });
    const cls = it.kind === 'class' ? it.node : it.kind === 'var' && it.init === 'class' ? it.node.init : undefined;
    if (cls && it.name) for (const [owner, node, field] of classOwners(cls, it.name, source)) out.set(owner, { node, field });
  }
  return out;
}

/**
 * A re-import (runtime/reimport.ts): closures the running version's code made stay with the
 * module. Each owner's old sites are paired with the new version's (matchSites); the old
 * closures' holders join the new version's under the new key (`into`), so later edits reach
 * them, and a site whose text the re-import changed gives them its new body now (the ops,
 * applied by the caller). Old sites left unpaired keep their code. Those of inline functions
 * follow their statement when the version does not run it again (`carried`, by the registry
 * at commit); the others keep their code, which a note says.
 */
export function carryClosures(
  record: ModuleRecord,
  old: { program: Node; source: string },
  now: { program: Node; source: string },
  into: Map<string, ClosureEntry[]>,
  compileIn: (code: string, v: unknown) => unknown,
  carried: (inlineOwner: string) => boolean,
  rerun: ReadonlyMap<number, number> = new Map(),
  state: ReadonlySet<string> = new Set(),
  statementMap?: readonly number[],
): Compiled {
  const out: Compiled = { ops: [], notes: [] };
  if (!record.closures.size) return out;
  const before = siteOwners(old.program, old.source);
  const after = siteOwners(now.program, now.source);
  const owners = new Set([...record.closures.keys()].map((k) => k.slice(0, k.lastIndexOf(':'))));
  // An inline function of a statement the version ran again only for its inline bodies
  // (`rerun`, old index → new): its old closures pair with the new function's at its place.
  const moved = new Map<string, string>();
  /** An inline owner's statement's own names (`localNames`), which code compiled in the version cannot see. */
  const statementLocals = new Map<string, Set<string>>();
  for (const owner of owners) {
    const parts = inlineClosureParts(`${owner}:0`);
    const j = parts?.owner.startsWith('#') ? rerun.get(Number(parts.owner.slice(1))) : undefined;
    if (j === undefined || carried(parts!.owner)) continue;
    const [a, b] = [inlineAt(old, Number(parts!.owner.slice(1)), parts!.ordinal), inlineAt(now, j, parts!.ordinal)];
    if (!a || !b) continue;
    const to = inlineClosureOwner(j, parts!.ordinal);
    before.set(owner, { node: a.fn, field: false });
    after.set(to, { node: b.fn, field: false });
    moved.set(owner, to);
    statementLocals.set(owner, localNames(b.root));
  }
  // Those of an inline function whose statement the version does not run again stay with it
  // (runtime/registry.ts commit); the others were made by code the version replaced.
  const lost = [...record.closures.keys()].map((k) => inlineClosureParts(k)).filter((p) => p && !carried(p.owner) && !moved.has(inlineClosureOwner(p.owner.startsWith('#') ? Number(p.owner.slice(1)) : p.owner, p.ordinal)));
  if (lost.length)
    out.notes.push(
      `closures that inline functions made before this re-import in statements it ran again, if any (a connection listener's message handler, …), keep their code (restart for them to run the new code)`,
    );
  // The closures of inline functions the version carried stay under their keys (the registry
  // moves them at commit); those that read the module's state (`state`: its variables, its
  // namespace imports) get their body compiled in the new version, where that state lives now.
  const inlineOwners = new Map<string, { a: Node; b: Node }>();
  if (state.size)
    for (const owner of owners) {
      const parts = inlineClosureParts(`${owner}:0`);
      if (!parts || !carried(parts.owner)) continue;
      const i = parts.owner.startsWith('#') ? Number(parts.owner.slice(1)) : undefined;
      const a = i === undefined ? declaredInline(old, parts.owner, parts.ordinal) : inlineAt(old, i, parts.ordinal);
      const b = i === undefined ? declaredInline(now, parts.owner, parts.ordinal) : inlineAt(now, statementMap?.[i] ?? i, parts.ordinal);
      if (!a || !b) continue;
      inlineOwners.set(owner, { a: a.fn, b: b.fn });
      statementLocals.set(owner, localNames(b.root));
    }
  for (const owner of owners) {
    const inline = inlineOwners.get(owner);
    const a = inline ? { node: inline.a, field: false } : before.get(owner);
    const b = inline ? { node: inline.b, field: false } : after.get(moved.get(owner) ?? owner);
    if (!a || !b) continue;
    const oldSites = closureSites(a.node, a.field);
    const sites = closureSites(b.node, b.field);
    const sink: OwnerCompile = { instrument: () => {}, ops: [], notes: [] };
    for (const [j, i] of matchSites(oldSites, old.source, sites, now.source)) {
      const was = oldSites[i]!;
      const entries = (record.closures.get(closureKey(owner, was.ordinal)) ?? []).map((e) => (e.facts ? e : { ...e, facts: factsOf(was) }));
      if (!entries.length) continue;
      const key = closureKey(moved.get(owner) ?? owner, j);
      if (!inline) into.set(key, [...entries, ...(into.get(key) ?? [])]);
      if (old.source.slice(was.node.start, was.node.end) === now.source.slice(sites[j]!.node.start, sites[j]!.node.end) && !(state.size && freeReferences(sites[j]!.node, state).length)) continue;
      // A closure that reads a name its inline owner's statement declares (`for (const model of
      // models) styles[model] = { get() { return () => … model … } }`) captured it from the
      // statement's scope, which code compiled in the version cannot see: it keeps its code,
      // as on the patch path (ownerClosures `hidden`; found by the chalk replay: the closure
      // threw a ReferenceError after a re-import of its module that did not touch it).
      const captured = new Set(sites[j]!.captures);
      const locals = statementLocals.get(owner);
      const hidden = locals?.size ? [...new Set(freeReferences(sites[j]!.node, locals).map((r) => r.node.name as string))].filter((n) => !captured.has(n)) : [];
      if (hidden.length) {
        const at = position(now.source, sites[j]!.node.start);
        sink.notes.push(
          `the function at ${rel(record.file)}:${at.line}:${at.column + 1}: closures it made before this re-import keep their code (it uses ${hidden.join(', ')}, declared by the statement around it, which code compiled in the new version cannot see; restart for them to run the new code)`,
        );
        continue;
      }
      patchSite(record, now.source, sites[j]!, entries, compileIn, sink, undefined, b.node);
    }
    out.ops.push(...sink.ops);
    out.notes.push(...sink.notes);
  }
  return out;
}

/** The `ordinal`th inline function of a text's declaration of `name`, and the declaration's inline root. */
function declaredInline(text: { program: Node; source: string }, name: string, ordinal: number): { fn: Node; root: Node } | undefined {
  const it = topLevel(text.program, text.source).find((x) => x.kind === 'var' && x.name === name);
  const root = it && inlineRoot(it);
  const fn = root && inlineFunctions(root)[ordinal];
  return fn ? { fn, root: root! } : undefined;
}

/** The `ordinal`th inline function of a text's `index`th top-level statement, and the statement's inline root. */
function inlineAt(text: { program: Node; source: string }, index: number, ordinal: number): { fn: Node; root: Node } | undefined {
  const stmt = topLevel(text.program, text.source).filter((it) => it.kind === 'stmt')[index];
  const root = stmt && inlineRoot(stmt);
  const fn = root && inlineFunctions(root)[ordinal];
  return fn ? { fn, root: root! } : undefined;
}

/**
 * Functions of the old owner that got no guard (loader/closures.ts unguardedSites) and whose
 * text the edit changed: the closures they made keep their code, which the report says.
 */
function unguardedNotes(record: ModuleRecord, pair: OwnerPair, sites: Site[], source: string, notes: string[]): void {
  const oldSource = pair.old!.source;
  const unguarded = unguardedSites(pair.old!.node, pair.field);
  if (!unguarded.length) return;
  // Paired among all the functions of each side, in source order (a guarded site of the same
  // signature before it must not take its place).
  const inOrder = (xs: Site[]): Site[] => xs.sort((a, b) => a.node.start - b.node.start).map((x, i) => ({ ...x, ordinal: i }));
  const before = inOrder([...closureSites(pair.old!.node, pair.field), ...unguarded]);
  const now = inOrder([...sites, ...unguardedSites(pair.node, pair.field)]);
  for (const [j, i] of matchSites(before, oldSource, now, source)) {
    const was = before[i]!;
    if (!was.why) continue;
    const site = now[j]!.node;
    if (oldSource.slice(was.node.start, was.node.end) === source.slice(site.start, site.end)) continue;
    const at = position(source, site.start);
    const where = `${rel(record.file)}:${at.line}:${at.column + 1}`;
    notes.push(
      was.member
        ? `the member at ${where}: instances of its class made before this refresh keep its code (${was.why}); the class the function makes from now on has the new code`
        : `the function at ${where}: closures it made before this refresh keep their code (${was.why}); closures made from now on run the new code`,
    );
  }
}

/**
 * Does an unchanged site read a name this refresh moves to the extra scope? Only a constant
 * an edit changed can be one (runtime/consts.ts): the other names it adds are new, and
 * unchanged code cannot name them. Its closures made before get their body again, compiled
 * to read it there.
 */
function rereads(record: ModuleRecord, node: Node): boolean {
  const pending = record.extras?.pending;
  return !!pending?.size && freeReferences(node, pending).length > 0;
}

/**
 * Old sites paired with new ones (new ordinal → old ordinal), by what each is: its kind,
 * parameters and the name in front of it (a method's or property's key, the variable it is
 * assigned to, the function it is passed to). A signature found once on each side pairs those
 * two, wherever they moved (methods of an object literal reordered: pairing by position gave
 * an old `listen` closure the body of `get`); the rest pair in order, by a longest common
 * subsequence of their signatures. An old site left unpaired keeps its code.
 */
function matchSites(old: Site[], oldSource: string, now: Site[], source: string): Map<number, number> {
  const a = old.map((s) => signature(s, oldSource));
  const b = now.map((s) => signature(s, source));
  const count = (xs: string[]): Map<string, number> => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const ca = count(a);
  const cb = count(b);
  const out = new Map<number, number>();
  const paired = new Set<number>();
  /** Pairs the sites whose `key` is found once on each side, of one kind, not paired yet. */
  const byUniqueKey = (key: (s: Site, src: string) => string | undefined): void => {
    const ka = old.map((s) => key(s, oldSource));
    const kb = now.map((s) => key(s, source));
    const cka = count(ka.filter((x): x is string => !!x));
    const ckb = count(kb.filter((x): x is string => !!x));
    kb.forEach((k, j) => {
      if (!k || out.has(j) || ckb.get(k) !== 1 || cka.get(k) !== 1) return;
      const i = ka.indexOf(k);
      if (paired.has(i) || kindOf(old[i]!) !== kindOf(now[j]!)) return;
      out.set(j, i);
      paired.add(i);
    });
  };
  // A function whose text is found once on each side is that function first: two of one
  // signature (`function (_, a, b)` passed to `replace` twice) otherwise pair in order, and the
  // one an edit moved took the other's place (found by the dayjs replay: localizedFormat 1.9.2).
  byUniqueKey((s, src) => src.slice(s.node.start, s.node.end));
  b.forEach((sig, j) => {
    if (out.has(j) || cb.get(sig) !== 1 || ca.get(sig) !== 1 || paired.has(a.indexOf(sig))) return;
    out.set(j, a.indexOf(sig));
    paired.add(a.indexOf(sig));
  });
  // A function assigned to a property found once on each side (`proto.tz = function (…)`,
  // `Dayjs.prototype.add = function (…)`) is that function, its parameters changed or not: a
  // plugin's method gaining a parameter (found by the dayjs replay: `d.tz = function (input,
  // timezone)` saved as `(input, arg1, arg2)` left every closure of it on its old code).
  byUniqueKey(assignedTo);
  // So is a site with a name in front found once on each side (`get(k) {…}` of a returned
  // object, `onMessage = (m) => …`): its guard forwards whatever its caller passes
  // (loader/closures.ts guardSites), so a parameter more reaches it.
  byUniqueKey(frontName);
  const restA = a.map((_, i) => i).filter((i) => !paired.has(i));
  const restB = b.map((_, j) => j).filter((j) => !out.has(j));
  // Sites added or removed among ones that look alike (`bus.on('a', (x) => …)` and a new
  // `bus.on('c', (x) => …)` before an edited `bus.on('b', (x) => …)`): in order, the edited one
  // would take the new one's body. There each pairs with the one of its signature that shares
  // the most of its words (names, numbers, strings; the call's literal and its line before it),
  // if it shares at least half, best first; the others keep their code.
  if (restA.length !== restB.length) {
    const words = (s: Site, src: string): Set<string> => new Set(`${callLiteral(s, src)} ${linePrefix(s, src)} ${src.slice(s.node.start, s.node.end)}`.match(WORDS) ?? []);
    const wa = new Map(restA.map((i) => [i, words(old[i]!, oldSource)]));
    const wb = new Map(restB.map((j) => [j, words(now[j]!, source)]));
    const candidates: Array<[number, number, number]> = [];
    for (const i of restA)
      for (const j of restB) {
        if (a[i] !== b[j] || kindOf(old[i]!) !== kindOf(now[j]!)) continue;
        const x = wa.get(i)!;
        const y = wb.get(j)!;
        let both = 0;
        for (const w of x) if (y.has(w)) both++;
        const score = both / (x.size + y.size - both || 1);
        if (score >= 0.5) candidates.push([score, i, j]);
      }
    candidates.sort((p, q) => q[0] - p[0] || p[2] - q[2]);
    for (const [, i, j] of candidates) {
      if (paired.has(i) || out.has(j)) continue;
      out.set(j, i);
      paired.add(i);
    }
  } else for (const [j, i] of lcsPairs(restA.map((i) => a[i]!), restB.map((j) => b[j]!))) out.set(restB[j]!, restA[i]!);
  // What is left pairs by position between two paired sites, where as many are left on both
  // sides and each pair is the same function but for the names of its parameters (`(x) => x`
  // saved as `(item) => item`): that site renamed. Only then: a function edited otherwise in
  // the same place may be another one, whose code in these holders would be wrong (nanostores'
  // replay: a listener's holder took another closure's code, 29/29 → 3/29 steps).
  const shape = (s: Site, src: string): string => {
    const f = s.node;
    const params = (f.params as Node[]).flatMap((p, k) => (p.type === 'Identifier' ? [[p.name as string, k] as const] : []));
    if (params.length !== (f.params as Node[]).length) return src.slice(f.start, f.end);
    const ms = new MagicString(src.slice(0, f.end));
    const index = new Map(params);
    for (const p of f.params as Node[]) ms.overwrite(p.start, p.end, `\u0000${index.get(p.name)}`);
    for (const r of freeReferences(f.body, new Set(index.keys()))) ms.overwrite(r.node.start, r.node.end, r.shorthand ? `${r.node.name}:\u0000${index.get(r.node.name)}` : `\u0000${index.get(r.node.name)}`);
    return ms.slice(f.start, f.end);
  };
  const taken = new Set(out.values());
  let pj = -1;
  let pi = -1;
  for (const [j, i] of [...[...out].sort((x, y) => x[0] - y[0]), [now.length, old.length] as [number, number]]) {
    if (i <= pi) continue; // crossing: no anchor
    const bs: number[] = [];
    const as: number[] = [];
    for (let x = pj + 1; x < j; x++) if (!out.has(x)) bs.push(x);
    for (let x = pi + 1; x < i; x++) if (!taken.has(x)) as.push(x);
    if (bs.length === as.length) bs.forEach((x, k) => kindOf(now[x]!) === kindOf(old[as[k]!]!) && shape(now[x]!, source) === shape(old[as[k]!]!, oldSource) && out.set(x, as[k]!));
    pj = j;
    pi = i;
  }
  // An owner's only closure on both sides, of one kind, is that closure, its parameters renamed
  // or added and its body edited in one save (`(x) => x + n` saved as `(y, k) => y + n * k`): no
  // other function of the owner could be the one it became.
  if (!out.size && old.length === 1 && now.length === 1 && kindOf(old[0]!) === kindOf(now[0]!)) out.set(0, 0);
  return out;
}

/** A site's kind in words: `an async arrow function`, `a generator function`. */
const kindWords = (s: Site): string => {
  const words = `${s.node.async ? 'async ' : ''}${s.node.type === 'ArrowFunctionExpression' ? 'arrow function' : s.node.generator ? 'generator function' : 'function'}`;
  return `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`;
};

/** A site's kind: arrow or function, `async`, generator, the class member it is. */
// (Where it sits too: a default value's arrow is not the function whose parameters it is in,
// found by session 18's review: `(xs, f = String) => …` saved with `f = (x) => '#' + x`.)
const kindOf = (s: Site): string => `${functionKind(s)} ${s.nest}`;
const functionKind = (s: Site): string => `${s.node.type}${s.node.async ? ' async' : ''}${s.node.generator ? '*' : ''} ${s.member ?? ''}`;

/**
 * The property a site is assigned to, as written (`proto.tz`, `Dayjs.prototype.add`), when it
 * is the whole right-hand side of an assignment to a member expression of names; else undefined.
 */
function assignedTo(s: Site, src: string): string | undefined {
  if (s.member) return undefined;
  const before = src.slice(Math.max(0, s.node.start - 200), s.node.start);
  const m = /(?:^|[^\w$.\s]|[^\w$.]\s+)\s*((?:[A-Za-z_$][\w$]*\s*\.\s*)+[A-Za-z_$][\w$]*)\s*=\s*(?:\/\*[^*]*\*\/\s*)?\(?\s*$/.exec(before);
  return m && !/^this\s*\./.test(m[1]!) ? m[1]!.replace(/\s+/g, '') : undefined;
}

/**
 * What a site is, for pairing: kind, parameters, `async`, and the name written in front of it
 * — a function declaration's own (`function destroy() {}` after a comment has none in front:
 * the debug replay's 4.3.0 moved `destroy` past `disable`, and the old `disable` closures
 * took `destroy`'s body).
 */
function signature(s: Site, src: string): string {
  const params = (s.node.params as Node[]).map((p) => p.name).join(',');
  return `${s.nest} ${nameInFront(s, src)} ${s.node.type}(${params})${src.slice(s.node.start, s.node.body.start).includes('async') ? 'async' : ''}`;
}

/** Names, numbers and strings of a function's text, for telling look-alike sites apart (matchSites). */
const WORDS = /[A-Za-z_$][\w$]*|\d+(?:\.\d+)?|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`]*`/g;

/** The string a site is passed after, in the call it is passed to (`app.get('/orders', (req, res) => …)`: `'/orders'`), or ''. */
function callLiteral(s: Site, src: string): string {
  const before = src.slice(Math.max(0, s.node.start - 120), s.node.start);
  return /\(\s*('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`$]*`)\s*,\s*$/.exec(before)?.[1] ?? '';
}

/** What its line has in front of a site (`{ name: 'b', run: `), up to 120 characters. */
function linePrefix(s: Site, src: string): string {
  const from = Math.max(0, s.node.start - 120, src.lastIndexOf('\n', s.node.start - 1) + 1);
  return src.slice(from, s.node.start);
}

/** The name written in front of a site (see signature), or ''. */
function nameInFront(s: Site, src: string): string {
  const before = src.slice(Math.max(0, s.node.start - 80), s.node.start).replace(/\b(async|function)\b|[\s*:=(,]+$/g, ' ').trimEnd();
  return s.node.type === 'FunctionDeclaration' && s.node.id ? (s.node.id.name as string) : (/([A-Za-z_$][\w$]*)\s*$/.exec(before)?.[1] ?? '');
}

/**
 * The name a site is written under, or undefined: a method's (`get(k) {…}`), a property's or
 * variable's (`add: (x) => …`, `onClick = () => …`), the function it is passed to first
 * (`use((req) => …)`), a declaration's own. Not a name ending the expression before it (`[(a) =>
 * a + k, (b) => …]`) nor a keyword (`return (x) => …`).
 */
function frontName(s: Site, src: string): string | undefined {
  if (s.node.type === 'FunctionDeclaration') return s.node.id?.name as string | undefined;
  const before = src.slice(Math.max(0, s.node.start - 80), s.node.start);
  const name = /([A-Za-z_$][\w$]*)\s*(?:[:=(]\s*)?$/.exec(before)?.[1];
  return name && !/^(return|yield|await|else|case|default|in|of|do|typeof|void|new|delete|throw|async)$/.test(name) ? name : undefined;
}

/**
 * The owner's parameters an edit renamed (`function makeAdder(n)` saved as `makeAdder(k)`),
 * new name → old: a closure that captured `n` holds what its new body calls `k`. Only a plain
 * parameter at the same place, where neither name is a parameter on the other side and the
 * new owner's text does not mention the old name.
 */
export function renamedParams(was: Node, now: Node, source: string): Map<string, string> | undefined {
  const names = (f: Node): Array<string | undefined> => ((f.params ?? []) as Node[]).map((p) => (p.type === 'Identifier' ? (p.name as string) : undefined));
  const [a, b] = [names(was), names(now)];
  let out: Map<string, string> | undefined;
  const text = source.slice(now.start, now.end);
  b.forEach((k, i) => {
    const n = a[i];
    if (!k || !n || k === n || a.includes(k) || b.includes(n) || new RegExp(`(^|[^\\w$.])${n.replace(/\$/g, '\\$')}(?![\\w$])`).test(text)) return;
    (out ??= new Map()).set(k, n);
  });
  return out;
}

/** The names closures with `facts` are known by after `renames` (new → running name). */
function renamed(facts: SiteFacts, renames: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map([...(facts.names ?? [])].filter(([now]) => ![...renames.values()].includes(now)));
  for (const [k, n] of renames) out.set(k, facts.names?.get(n) ?? n);
  return out;
}

/** New code for the holders of one changed site: each version's closures get it if they captured what it needs. */
function patchSite(
  record: ModuleRecord,
  source: string,
  site: Site,
  entries: ClosureEntry[],
  compileIn: (code: string, v: unknown) => unknown,
  out: OwnerCompile,
  renames?: ReadonlyMap<string, string>,
  owner?: Node,
): void {
  const f = site.node;
  const at = position(source, f.start);
  const where = `${rel(record.file)}:${at.line}:${at.column + 1}`;
  const needs = new Set(site.captures);
  const assigns = new Set(freeReferences(f, needs).filter((r) => r.write).map((r) => r.node.name as string));
  // (Looked for only when some closure's new body names what it never captured.)
  let found: Map<string, { text: string; reads: string[] }> | undefined;
  const helpers = (): Map<string, { text: string; reads: string[] }> => (found ??= owner ? liftableHelpers(owner, f, source) : new Map());
  entries.forEach((entry) => {
    const facts = entry.facts!;
    // The variable the closures captured that the new body names `n` (a parameter renamed since).
    const was = (n: string): string => {
      const running = renames?.get(n) ?? n;
      return facts.names?.get(running) ?? running;
    };
    const uncaptured = [...needs].filter((n) => !facts.captures.has(was(n)));
    // A function the owner declares that these closures never captured, and that reads
    // nothing of the owner (`function matchesTemplate(s, t) { … }`, new beside them): its
    // text goes with their new body, declared once for them (debug replay, 4.4.0).
    const lifted = uncaptured.length ? uncaptured.filter((n) => helpers().has(n) && !assigns.has(n) && (!renames || !renames.has(n))) : [];
    const missing = uncaptured.filter((n) => !lifted.includes(n));
    if (site.usesThis && !facts.usesThis) missing.push('this');
    if (site.usesSuper && !facts.usesSuper) missing.push('super');
    const held = [...assigns].filter((n) => facts.consts.includes(was(n)));
    const why =
      facts.arrow !== (f.type === 'ArrowFunctionExpression')
        ? 'it changed between an arrow and a function'
        : facts.generator !== !!f.generator
          ? 'it changed between a generator and a function'
          : missing.length
            ? `its new body uses ${missing.join(', ')}, which they never captured`
            : held.length
              ? `its new body assigns ${held.join(', ')}, which they hold as a value nothing assigned`
              : undefined;
    if (why) {
      out.notes.push(`the function at ${where}: closures it made before this refresh keep their code (${why}); closures made from now on run the new code`);
      return;
    }
    let fn: Function;
    try {
      const used = lifted.length ? new Set([...needs].filter((n) => !lifted.includes(n))) : needs;
      fn = compileIn(newBody(record.url, source, site, used, facts, was, helpersFor(lifted, helpers())), entry.holder) as Function;
    } catch (err) {
      // The owner's own compile reports a syntax error of the new text; anything else is a
      // limeade bug, which must not cost the refresh: these closures keep their code.
      out.notes.push(`the function at ${where}: closures it made before this refresh keep their code (limeade could not compile their new body: ${(err as Error)?.message ?? err}; a limeade bug, please report it)`);
      return;
    }
    out.ops.push({
      phase: 0,
      label: site.member ? `method ${site.member} at line ${at.line}` : `closure at line ${at.line}`,
      node: f,
      apply(undo) {
        const was = Object.getPrototypeOf(entry.holder).f as Function | undefined;
        undo.push(() => setHolder(entry.holder, was));
        setHolder(entry.holder, fn);
      },
    });
  });
}

/**
 * The function declarations of `owner` that the site `f` can see (in a block around it) and
 * that read nothing `owner` declares but other such declarations: name → their text. New
 * code of the closures the owner made before such a function existed (a helper added beside
 * them: `function matchesTemplate(search, template) { … }`, which the new `enabled` calls)
 * cannot reach the owner's, but a copy behaves the same: it reads only module-level names.
 */
function liftableHelpers(owner: Node, f: Node, source: string): Map<string, { text: string; reads: string[] }> {
  const candidates = new Map<string, Node>();
  // The blocks around the site, the owner's body first.
  walk(owner, (n) => {
    if (!(n.start <= f.start && f.end <= n.end) || n === f) return false;
    if (n.type === 'BlockStatement') for (const d of n.body as Node[]) if (d.type === 'FunctionDeclaration' && d.id && d !== f) candidates.set(d.id.name, d);
    return undefined;
  });
  if (!candidates.size) return new Map();
  // Every name the owner declares anywhere (conservative: a helper reading one is not lifted).
  const declared = new Set<string>();
  walk(owner, (n) => {
    if (isFunctionNode(n)) for (const p of n.params as Node[]) for (const name of patternNames(p)) declared.add(name);
    if (n.type === 'VariableDeclarator') for (const name of patternNames(n.id)) declared.add(name);
    else if ((n.type === 'FunctionDeclaration' || n.type === 'ClassDeclaration' || n.type === 'ClassExpression' || n.type === 'FunctionExpression') && n.id) declared.add(n.id.name);
    else if (n.type === 'CatchClause' && n.param) for (const name of patternNames(n.param)) declared.add(name);
  });
  const reads = new Map<string, string[]>();
  const ok = new Map<string, boolean>();
  const check = (name: string, seen: Set<string>): boolean => {
    const d = candidates.get(name);
    if (!d) return false;
    if (ok.has(name) || seen.has(name)) return ok.get(name) ?? true;
    seen.add(name);
    const names = [...new Set(freeReferences(d, declared).map((r) => r.node.name as string))].filter((n) => n !== name);
    reads.set(name, names);
    const good = names.every((n) => check(n, seen));
    ok.set(name, good);
    return good;
  };
  const out = new Map<string, { text: string; reads: string[] }>();
  for (const name of candidates.keys()) if (check(name, new Set())) out.set(name, { text: sliceForEval(source, candidates.get(name)!), reads: reads.get(name)! });
  return out;
}

/** The texts of the helpers `names`, and of those they read in turn. */
function helpersFor(names: readonly string[], helpers: ReadonlyMap<string, { text: string; reads: string[] }>): string {
  const all = new Set<string>();
  const add = (n: string): void => {
    if (all.has(n) || !helpers.has(n)) return;
    all.add(n);
    helpers.get(n)!.reads.forEach(add);
  };
  names.forEach(add);
  return [...all].map((n) => `;${helpers.get(n)!.text}`).join('');
}

/**
 * A site's new body as a function the guard of closures with `facts` calls (`this` passed
 * on): with captures, it takes the values the guard passes first (`facts.consts`, named as
 * the variables they hold, or `__lmc$i` where the new body does not use one), then the
 * environment of the shared variables (`__e`, through whose accessors it reads and assigns
 * them), then the call's arguments. Framed at the body, so lines and columns of the body are
 * the file's. A function whose new body reads its own `arguments` gets them without those
 * leading values: its body runs in an inner function.
 */
function newBody(url: string, source: string, site: Site, needs: ReadonlySet<string>, facts: SiteFacts, was: (name: string) => string = (n) => n, helpers = ''): string {
  const f = site.node;
  const body = f.body as Node;
  const ms = new MagicString(source);
  for (const [s, e] of importMetaRanges(f)) ms.overwrite(s, e, META_LOCAL.padEnd(e - s));
  const shared = new Set([...needs].filter((n) => !facts.consts.includes(was(n))));
  for (const r of freeReferences(f, shared)) ms.overwrite(r.node.start, r.node.end, toEnvironment(r, was(r.node.name)));
  /** Old name → the name the new body reads it by. */
  const named = new Map([...needs].map((n) => [was(n), n]));
  // `super.x` → `__s("x")`, `super[k]` → `__s(k)`; a method call through it keeps its `this`.
  for (const u of superUses(f)) {
    const m = u.node;
    if (m.computed) {
      ms.overwrite(m.start, m.property.start, '__s(');
      ms.overwrite(m.property.end, m.end, ')');
    } else ms.overwrite(m.start, m.end, `__s(${JSON.stringify(m.property.name)})`);
    if (u.call) {
      ms.appendLeft(m.end, '.call');
      const open = source.indexOf('(', m.end);
      ms.appendLeft(open + 1, (u.call.arguments as Node[]).length ? 'this,' : 'this');
    }
  }
  // Defaults and patterns bind in the body, from what the old closure's guard forwards (loader/params.ts).
  const params = loweredParams(f).list.join(',');
  const lead = [...(facts.captures.size ? [...facts.consts.map((n, i) => named.get(n) ?? `__lmc$${i}`), '__e'] : []), ...(facts.usesSuper ? ['__s'] : [])];
  const kind = `${f.async ? 'async ' : ''}function${f.generator ? '*' : ''}`;
  const prologue = paramPrologue(f, (n) => ms.slice(n.start, n.end));
  const own = f.type !== 'ArrowFunctionExpression' && lead.length > 0 && lexical(f, 'arguments');
  const head = own
    ? `(()=>{return function(${lead.join(',')}){return(${kind}(${params}){${prologue}`
    : `(()=>{return ${kind}(${[...lead, params].filter(Boolean).join(',')}){${prologue}`;
  // Helpers (`liftableHelpers`) are declared after the function they serve, hoisted, once for it.
  const tail = own ? `}).apply(this,Array.prototype.slice.call(arguments,${lead.length}))}${helpers}})()` : `}${helpers}})()`;
  const block = body.type === 'BlockStatement';
  const from = block ? body.start + 1 : body.start;
  const to = block ? body.end - 1 : body.end;
  const at = position(source, from);
  return framed(url, at.line, at.column, block ? head : `${head}return(`, ms.slice(from, to), block ? tail : `)${tail}`);
}
