/**
 * State a module builds while it loads, in order (docs/design.md §2.3): private functions that
 * only its top-level statements call, which write module bindings — a counter they assign
 * (`let R = 0`, `R++`), tables they fill (`src[i] = value`, `t[name] = i`) — like semver's
 * `internal/re.js`, whose ~40 `createToken('NAME', '…')` statements number and build its
 * regular expressions. What such a statement does depends on every one before it: one run
 * again alone (its text changed) takes the counter where the last one left it, and one that
 * does not run again keeps what the old code of its builder made. A fresh process runs them
 * all, in order, from the declarations' first values. So when a refresh changes any of them
 * — a statement that calls a builder (changed, new or removed), a builder's code (or a
 * function it calls), or a value a builder reads — the declarations of what the builders
 * write are evaluated again (an empty `[]`, `{}`, `new Map()` or `new Set()` is emptied in
 * place instead: exported, it is the object other modules and the program hold), and every
 * statement that calls a builder (`createToken(…);`: a call statement of its own; and a
 * declarator made by one, `const table = build()`) runs again, in source order (found by the
 * semver replay, 7.3.0 → 7.5.0 → 7.6.1). Only modules with such call statements are looked at,
 * and the whole module only when the refresh touches what they reach (refresh cost, §2.9).
 *
 * Only state no other code writes: a builder is called by name only, by top-level
 * statements or by other builders (never exported, passed or stored, never called from code
 * that runs later), and the bindings they write are only read elsewhere (`re[t.FULL]`), never
 * written, called as methods or passed by code that runs later. So nothing the program did
 * since it started is in that state, and evaluating it again loses nothing a fresh process
 * would have.
 */
import { isFunctionNode, position, topLevel, walk, type Item, type Node } from '../loader/analyze.js';
import { calledOnlyByName } from '../loader/unheld.js';
import { freeReferences } from '../loader/scope.js';
import type { RunStep, Step, ValueStep } from '../loader/diff.js';
import { inSourceOrder, rerunStatement } from '../loader/diff.js';
import type { Planned } from './ops.js';
import { runningProgram } from './registry.js';
import { rel } from './report.js';

interface FnFacts {
  node: Node;
  /** Top-level bindings it assigns (`R++`, `R = …`). */
  assigns: Set<string>;
  /** Top-level bindings whose members it assigns (`src[i] = …`). */
  mutates: Set<string>;
  /** Top-level functions it calls by name. */
  calls: Set<string>;
  /** Identifiers it reads (free or not: a superset is enough). */
  reads: Set<string>;
}

/** The identifier a member chain starts from (`src` of `src[i].x`), or undefined. */
function rootOf(n: Node): Node | undefined {
  let x = n;
  while (x.type === 'MemberExpression') x = x.object;
  return x.type === 'Identifier' ? x : undefined;
}

/** Is `n` (an identifier) a reference, not a property name, a key or a label? */
function isReference(n: Node, parent: Node | null): boolean {
  if (!parent) return true;
  if (parent.type === 'MemberExpression') return parent.object === n || parent.computed;
  if (parent.type === 'Property' || parent.type === 'PropertyDefinition' || parent.type === 'MethodDefinition') return parent.value === n || (parent.computed && parent.key === n);
  return !(parent.type === 'LabeledStatement' || parent.type === 'BreakStatement' || parent.type === 'ContinueStatement');
}

function factsOf(fn: Node, state: ReadonlySet<string>, fns: ReadonlySet<string>): FnFacts {
  const facts: FnFacts = { node: fn, assigns: new Set(), mutates: new Set(), calls: new Set(), reads: new Set() };
  const names = new Set<string>();
  walk(fn.body, (n) => void (n.type === 'Identifier' && names.add(n.name)));
  // What it binds itself (parameters, its declarations, block by block) shadows the top level.
  const refs = freeReferences(fn, names);
  for (const r of refs) {
    const name = r.node.name as string;
    facts.reads.add(name);
    if (r.write && state.has(name)) facts.assigns.add(name);
    if (r.callee && fns.has(name)) facts.calls.add(name);
  }
  const free = new Set(refs.map((r) => r.node));
  walk(fn.body, (n) => {
    const t = n.type === 'AssignmentExpression' ? n.left : n.type === 'UpdateExpression' ? n.argument : undefined;
    const root = t?.type === 'MemberExpression' ? rootOf(t) : undefined;
    if (root && free.has(root) && state.has(root.name)) facts.mutates.add(root.name);
  });
  return facts;
}

/**
 * Where each top-level function and state binding is referenced, outside its own declaration:
 * `inFn` the top-level function whose body it is in (null: evaluated by top-level code, not
 * inside any function), `nested` inside some function (of a statement, or nested in a function).
 */
interface Use {
  name: string;
  node: Node;
  parent: Node | null;
  grand: Node | null;
  /** The top-level function whose code it is in, or null for code outside every function. */
  owner: string | null;
  /** Inside a function that is not a top-level function's own body (a callback, a closure). */
  nested: boolean;
}

function usesOf(items: readonly Item[], names: ReadonlySet<string>, fnNodes: ReadonlyMap<Node, string>): Use[] {
  const out: Use[] = [];
  const visit = (node: Node, owner: string | null, nested: boolean, parent: Node | null, grand: Node | null): void => {
    if (node.type === 'Identifier' && names.has(node.name) && isReference(node, parent)) out.push({ name: node.name, node, parent, grand, owner, nested });
    let o = owner;
    let ns = nested;
    if (isFunctionNode(node)) {
      const top = fnNodes.get(node);
      if (top !== undefined) {
        o = top;
        ns = false;
      } else ns = true;
    }
    for (const key in node) {
      if (key === 'loc' || key === 'start' || key === 'end' || key === 'type') continue;
      const v = node[key];
      // (A declaration's own name is no use of it, nor is a parameter.)
      if ((key === 'id' && (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'VariableDeclarator')) || key === 'params') continue;
      if (Array.isArray(v)) {
        for (const c of v) if (c && typeof c.type === 'string') visit(c, o, ns, node, parent);
      } else if (v && typeof v === 'object' && typeof v.type === 'string') visit(v, o, ns, node, parent);
    }
  };
  for (const it of items) visit(it.stmt, null, false, null, null);
  return out;
}

export interface BuilderGroup {
  /** Builder functions, by name. */
  builders: Set<string>;
  /** State bindings they write. */
  state: Set<string>;
  /** Indices (among top-level statements) of the statements that call a builder. */
  statements: number[];
  /** Declarators whose initializer calls a builder (`const table = build()`): evaluated again too. */
  declarations: Node[];
  /** Everything the builders read (to know a changed value they depend on). */
  reads: Set<string>;
}

/** The builders of a module's text and the state they write, or null when it has none. */
export function builderGroup(program: Node, source: string): BuilderGroup | null {
  const items = topLevel(program, source);
  const fnItems = topFunctions(items);
  const fnNodes = new Map<Node, string>();
  const stateDecl = new Map<string, Item>();
  for (const it of items) if (it.kind === 'var' && it.init !== 'class' && it.init !== 'function' && it.stmt.type === 'VariableDeclaration') for (const n of it.names) stateDecl.set(n, it);
  if (!fnItems.size || !stateDecl.size) return null;
  for (const [name, node] of fnItems) fnNodes.set(node, name);
  const fnNames = new Set(fnItems.keys());
  const state = new Set(stateDecl.keys());
  const facts = new Map([...fnItems].map(([name, node]) => [name, factsOf(node, state, fnNames)]));
  // Candidates: functions every use of which is a call by name from top-level code or from another candidate.
  const uses = usesOf(items, new Set([...fnNames, ...state]), fnNodes);
  const usesByName = new Map<string, Use[]>();
  for (const u of uses) usesByName.set(u.name, [...(usesByName.get(u.name) ?? []), u]);
  // (Exported, declared twice or held functions are none: other modules may call them later.)
  const candidates = new Set([...calledOnlyByName(program, items)].filter((n) => fnNames.has(n)));
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of candidates) {
      const ok = (usesByName.get(name) ?? []).every((u) => u.parent?.type === 'CallExpression' && u.parent.callee === u.node && !u.nested && (u.owner === null || (u.owner !== name && candidates.has(u.owner))));
      if (!ok) {
        candidates.delete(name);
        changed = true;
      }
    }
  }
  // What each candidate writes, through the candidates it calls.
  const writes = (name: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(name)) return new Set();
    seen.add(name);
    const f = facts.get(name)!;
    const out = new Set([...f.assigns, ...f.mutates]);
    for (const c of f.calls) if (candidates.has(c)) for (const w of writes(c, seen)) out.add(w);
    return out;
  };
  const builders = new Set([...candidates].filter((n) => writes(n).size));
  if (!builders.size) return null;
  const written = new Set([...builders].flatMap((n) => [...writes(n)]));
  // The state must be written by builders only, and read elsewhere only as `x[…]` or `x.y`
  // (not a method call on it, not passed, not assigned) by code that may run later.
  const inBuilder = (u: Use): boolean => u.owner !== null && !u.nested && builders.has(u.owner);
  for (const u of uses) {
    if (!written.has(u.name) || inBuilder(u)) continue;
    if (u.owner === null && !u.nested) continue; // top-level code: a statement or declaration, run again or derived
    const p = u.parent;
    const read = p?.type === 'MemberExpression' && p.object === u.node && !(u.grand?.type === 'CallExpression' && u.grand.callee === p) && !isWritten(p, u.grand);
    if (!read) return null;
  }
  // Builders called by other candidates only (helpers) are not themselves statements' concern.
  const reads = new Set<string>();
  const closure = (name: string, seen: Set<string>): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const r of facts.get(name)!.reads) reads.add(r);
    for (const c of facts.get(name)!.calls) if (candidates.has(c)) closure(c, seen);
  };
  const reach = new Set<string>();
  for (const b of builders) closure(b, reach);
  // The statements that call a builder (or a candidate that reaches one): `createToken(…);`,
  // and the declarators made by one (`const table = build()`).
  const statements: number[] = [];
  const declarations: Node[] = [];
  let index = 0;
  for (const it of items) {
    const init = it.kind === 'var' ? it.node.init : undefined;
    if (it.kind === 'var' && init?.type === 'CallExpression' && init.callee.type === 'Identifier' && reach.has(init.callee.name)) declarations.push(it.node);
    if (it.kind !== 'stmt') continue;
    const i = index++;
    const callee = directCall(it.stmt, fnItems);
    if (callee && reach.has(callee)) statements.push(i);
  }
  if (!statements.length) return null;
  return { builders: reach, state: written, statements, declarations, reads };
}

/** `f(…);` at top level, `f` one of `fns` (the module's top-level functions): its name. */
function directCall(st: Node, fns: ReadonlyMap<string, Node> | ReadonlySet<string>): string | undefined {
  const e = st.type === 'ExpressionStatement' ? (st.expression as Node) : undefined;
  return e?.type === 'CallExpression' && e.callee.type === 'Identifier' && fns.has(e.callee.name) ? (e.callee.name as string) : undefined;
}

/** The module's top-level functions (declarations and `const f = (…) => …`), by name. */
function topFunctions(items: readonly Item[]): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const it of items) {
    if (it.kind === 'function' && it.name && !it.anonymousDefault) out.set(it.name, it.node);
    else if (it.kind === 'var' && it.init === 'function' && it.name && !it.anonymousDefault) out.set(it.name, it.node.init);
  }
  return out;
}

/** The top-level functions `roots` call by name, transitively (only their bodies are walked). */
function reachOf(roots: Iterable<string>, fns: ReadonlyMap<string, Node>): Set<string> {
  const seen = new Set<string>();
  const todo = [...roots];
  while (todo.length) {
    const name = todo.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    walk(fns.get(name)!.body, (n) => {
      if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && fns.has(n.callee.name) && !seen.has(n.callee.name)) todo.push(n.callee.name);
    });
  }
  return seen;
}

/** Is the member expression `p` assigned, updated or deleted (its parent `g`)? */
function isWritten(p: Node, g: Node | null): boolean {
  if (!g) return false;
  if (g.type === 'AssignmentExpression') return g.left === p;
  if (g.type === 'UpdateExpression') return true;
  if (g.type === 'UnaryExpression') return g.operator === 'delete';
  return false;
}

/** `[]`, `{}`, `new Map()`, `new Set()` at the end of an assignment chain (`exports.re = []`): a value emptied in place. */
export function emptyInit(init: Node | null | undefined): boolean {
  let x = init;
  while (x && x.type === 'AssignmentExpression' && x.operator === '=') x = x.right;
  if (!x) return false;
  if (x.type === 'ArrayExpression') return x.elements.length === 0;
  if (x.type === 'ObjectExpression') return x.properties.length === 0;
  return x.type === 'NewExpression' && x.callee.type === 'Identifier' && (x.callee.name === 'Map' || x.callee.name === 'Set') && x.arguments.length === 0;
}

/**
 * The plan of a changed module with its builders' state evaluated again and every statement
 * that calls a builder run again, when the refresh touches any of them (see the header).
 */
export function withBuilders(p: Planned): Planned {
  const { record, source, plan } = p;
  if (record.source === undefined) return p;
  // Cheap first, on every refresh of a changed module (a 200 KB module's body edit must not
  // walk it all): statements that call a top-level function of the module, and whether the
  // refresh touches them or the functions they reach.
  const items = topLevel(plan.program, source);
  const fns = topFunctions(items);
  const stmts = items.filter((it) => it.kind === 'stmt');
  const direct = fns.size ? stmts.map((it) => directCall(it.stmt, fns)) : [];
  if (!direct.some(Boolean)) return p;
  const reach = reachOf(direct.filter((n): n is string => !!n), fns);
  const changedFns = new Set(plan.steps.flatMap((s) => (s.type === 'fn' ? [s.name] : [])));
  const changedValues = new Set(plan.steps.flatMap((s) => (s.type === 'value' ? (s.item.names.length ? s.item.names : [s.item.name]) : [])));
  const mentioned = (name: string): boolean => [...reach].some((f) => new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}($|[^\\w$])`).test(source.slice(fns.get(f)!.start, fns.get(f)!.end)));
  const touched = (names: ReadonlySet<string>, runs: (i: number) => boolean, values: (n: string) => boolean): boolean => {
    if (direct.some((n, i) => n && names.has(n) && runs(i))) return true;
    if ([...names].some((n) => changedFns.has(n))) return true;
    if ([...changedValues].some(values)) return true;
    // A removed statement of the running text that called one: the numbering moves.
    const running = plan.statementMap && runningProgram(record);
    if (!running) return false;
    return topLevel(running, record.source!)
      .filter((it) => it.kind === 'stmt')
      .some((it, i) => !!directCall(it.stmt, names) && plan.statementMap![i] === -1);
  };
  if (!touched(reach, (i) => !!plan.runStatements[i], mentioned)) return p;
  const group = builderGroup(plan.program, source);
  if (!group) return p;
  if (!touched(group.builders, (i) => !!plan.runStatements[i] && group.statements.includes(i), (n) => group.reads.has(n) || group.state.has(n))) return p;
  const runStatements = [...plan.runStatements];
  const statementMap = plan.statementMap?.slice();
  const stepped = new Set(plan.steps.flatMap((s) => (s.type === 'run' ? [s.node] : [])));
  const more: Step[] = [];
  // The inline steps of statements that now run again in full are dropped (they run their new text).
  const rerun = new Set<Node>();
  for (const i of group.statements) {
    const it = stmts[i]!;
    rerunStatement(runStatements, statementMap, i);
    rerun.add(it.stmt);
    if (!stepped.has(it.stmt)) more.push({ type: 'run', node: it.stmt } satisfies RunStep);
  }
  const valued = new Set(plan.steps.flatMap((s) => (s.type === 'value' ? [s.item.node] : [])));
  const emptied: string[] = [...(plan.emptied ?? [])];
  const declared = new Set<string>();
  for (const it of items) {
    if (it.kind !== 'var' || !(it.names.some((n) => group.state.has(n)) || group.declarations.includes(it.node))) continue;
    for (const n of it.names) declared.add(n);
    if (valued.has(it.node)) continue;
    const empty = !!it.name && emptyInit(it.node.init);
    if (empty) emptied.push(it.name);
    more.push({ type: 'value', item: it, derived: true, ...(empty ? { emptied: true } : {}) } satisfies ValueStep);
  }
  const kept = plan.steps.filter((s) => !(s.type === 'inline' && rerun.has(s.node)));
  const steps = plan.shape ? kept : inSourceOrder([...kept, ...more]);
  const carry = plan.carry.filter((n) => !declared.has(n) || emptied.includes(n));
  const first = position(source, stmts[group.statements[0]!]!.stmt.start);
  const names = [...group.builders].join(', ');
  const note = `${rel(record.file)}: the ${group.statements.length} statements from line ${first.line} that call ${names} build ${[...group.state].join(', ')} in order: they run again, all of them, from those declarations' first values, as in a fresh process`;
  return {
    ...p,
    plan: {
      ...plan,
      steps,
      runStatements,
      statementMap,
      carry,
      emptied,
      unchanged: Math.max(0, plan.unchanged - more.length),
      notes: [...plan.notes, note],
    },
  };
}
