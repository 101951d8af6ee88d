/**
 * Results a module keeps in its own state (docs/design.md §2.3): a function that looks a key up
 * in a module-level map and stores what it computed there (`const cached = cache.get(key)` …
 * `cache.set(key, result)`, semver's `Range.parseRange` with `const cache = new LRU()`) holds
 * what its code computed before the refresh. When the refresh changes that code — the function
 * itself, or a function it calls, by name or as `this.m()` — the entries stored before still
 * answer, where a fresh process, whose map starts empty, would compute them with the new code.
 * limeade cannot know which keys to drop (a map of results looks like any other state the
 * contract keeps), so the report says it, naming the function, the map and the code that
 * changed. Found by the semver replay (7.8.3: `^0.0.1` with `includePrerelease` parsed by the
 * old `replaceCaret`, kept in range.js's cache).
 */
import { classMembers, position, topLevel, walk, type Node } from '../loader/analyze.js';
import { freeReferences } from '../loader/scope.js';
import type { Planned } from './ops.js';
import { rel } from './report.js';

interface Unit {
  /** `f`, or `Class.method` (`Class.static m` for a static one). */
  name: string;
  node: Node;
  cls?: string;
}

/** The notes for the results `p`'s module keeps that were computed by code the refresh changes. */
export function memoNotes(p: Planned): string[] {
  const { plan, source, record } = p;
  const changed = new Set<string>();
  for (const s of plan.steps) {
    if (s.type === 'fn' && !s.fresh) changed.add(s.name);
    else if (s.type === 'class') for (const m of s.members) if (m.change === 'changed' && (m.member.kind === 'method' || m.member.kind === 'get' || m.member.kind === 'set')) changed.add(`${s.name}.${m.member.isStatic ? 'static ' : ''}${m.member.key}`);
  }
  if (!changed.size) return [];
  // Cheap first (a body edit of a 200 KB module must not walk it all): names whose `.get(` and
  // `.set(` both appear in the text (found by indexOf: a regular expression over the whole text
  // took 28 ms on bench/refresh.mjs's 200 KB module).
  const called = (method: string): Set<string> => {
    const out = new Set<string>();
    const needle = `.${method}(`;
    for (let at = source.indexOf(needle); at >= 0; at = source.indexOf(needle, at + needle.length)) {
      let start = at;
      while (start > 0 && /[\w$]/.test(source[start - 1]!)) start--;
      if (start < at) out.add(source.slice(start, at));
    }
    return out;
  };
  const sets = called('set');
  if (!sets.size) return [];
  const maps = new Set([...called('get')].filter((n) => sets.has(n)));
  if (!maps.size) return [];
  const items = topLevel(plan.program, source);
  const state = new Set<string>();
  for (const it of items) if (it.kind === 'var' && it.init !== 'class' && it.init !== 'function') for (const n of it.names) if (maps.has(n)) state.add(n);
  if (!state.size) return [];
  const units: Unit[] = [];
  for (const it of items) {
    if (it.kind === 'function' && it.name) units.push({ name: it.name, node: it.node });
    else if (it.kind === 'var' && it.init === 'function' && it.name && !it.anonymousDefault) units.push({ name: it.name, node: it.node.init });
    const cls = it.kind === 'class' ? it.node : it.kind === 'var' && it.init === 'class' && !it.anonymousDefault ? it.node.init : undefined;
    if (cls && it.name)
      for (const m of classMembers(cls, source))
        if ((m.kind === 'method' || m.kind === 'get' || m.kind === 'set') && !m.computed) units.push({ name: `${it.name}.${m.isStatic ? 'static ' : ''}${m.key}`, node: m.node.value, cls: it.name });
  }
  const byName = new Map(units.map((u) => [u.name, u]));
  const topNames = new Set([...state, ...units.filter((u) => !u.name.includes('.')).map((u) => u.name)]);
  const facts = new Map<Unit, { calls: Set<string>; memo: string[] }>();
  const factsOf = (u: Unit): { calls: Set<string>; memo: string[] } => {
    const known = facts.get(u);
    if (known) return known;
    // The top-level names it reaches: those its own bindings do not shadow.
    const free = new Set(freeReferences(u.node, topNames).map((r) => r.node));
    const calls = new Set<string>();
    const gets = new Set<string>();
    const sets = new Set<string>();
    walk(u.node.body, (n) => {
      if (n.type !== 'CallExpression') return;
      const c = n.callee;
      if (c.type === 'Identifier' && free.has(c) && byName.has(c.name)) calls.add(c.name);
      if (c.type !== 'MemberExpression' || c.computed || c.property.type !== 'Identifier') return;
      if (c.object.type === 'ThisExpression' && u.cls) calls.add(`${u.cls}.${c.property.name}`);
      if (c.object.type === 'Identifier' && free.has(c.object) && state.has(c.object.name)) {
        if (c.property.name === 'get') gets.add(c.object.name);
        else if (c.property.name === 'set') sets.add(c.object.name);
      }
    });
    const out = { calls, memo: [...gets].filter((x) => sets.has(x)) };
    facts.set(u, out);
    return out;
  };
  const valued = new Set(plan.steps.flatMap((s) => (s.type === 'value' ? (s.item.names.length ? s.item.names : [s.item.name]) : [])));
  const notes: string[] = [];
  for (const u of units) {
    const text = source.slice(u.node.start, u.node.end);
    if (![...state].some((x) => text.includes(`${x}.get(`) || text.includes(`${x}.set(`))) continue;
    const { memo } = factsOf(u);
    const kept = memo.filter((x) => !valued.has(x));
    if (!kept.length) continue;
    // The changed code it runs: its own, or that of what it calls, transitively.
    const seen = new Set<string>();
    const reach = (name: string): void => {
      if (seen.has(name)) return;
      seen.add(name);
      const v = byName.get(name);
      if (v) for (const c of factsOf(v).calls) reach(c);
    };
    reach(u.name);
    const by = [...seen].filter((n) => changed.has(n));
    if (!by.length) continue;
    const at = position(source, u.node.start);
    notes.push(
      `${u.name} at ${rel(record.file)}:${at.line}:${at.column + 1} keeps results in ${kept.join(', ')} (${kept.map((x) => `${x}.get, ${x}.set`).join('; ')}) computed by code this refresh changed (${by.join(', ')}): those stored before it still answer, where a fresh process would compute them anew; restart to empty ${kept.length > 1 ? 'them' : 'it'}`,
    );
  }
  return notes;
}

/** The plan of a changed module with the notes of `memoNotes`. */
export function withMemoNotes(p: Planned): Planned {
  const notes = memoNotes(p);
  return notes.length ? { ...p, plan: { ...p.plan, notes: [...p.plan.notes, ...notes] } } : p;
}
