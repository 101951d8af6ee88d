/**
 * Closure sites (issue 13, docs/design.md §3.7): the functions a top-level function or a class
 * member makes while it runs — a factory's returned arrow, a middleware, an interval's
 * callback, a class arrow field — and what each captures from the functions around it. Pure:
 * nodes in, plain data and MagicString edits out.
 *
 * Each site gets a holder (per module version that made it) and a guard first in its body.
 * A closure made before an edit cannot be compiled again in its own scope (no LiveEdit,
 * docs/design.md §4.7), so its guard hands the new code what it captured: the variables
 * nothing assigns as values (`consts`), and for the others an *environment*, an object whose
 * accessors read and assign those variables themselves (`get n(){return n}set n(v){n=v}`),
 * made once per instance of the innermost scope they live in and cached there in a box
 * (`__lme$K`, cacheDeclaration), so that calls after an edit allocate nothing. The new body takes the values
 * as parameters named like the variables, and its references to the others are rewritten to
 * `__e.n`; its `this` is the closure's own (a function is called with it; an arrow's lexical
 * `this` is passed by its guard). V8's own criterion decides (§4.7): the new body may use
 * only the variables the old closure captured (and assign none it holds as a value);
 * otherwise that closure keeps its code.
 *
 * Not sites (they cost nothing, as before): callbacks a call consumes before it returns
 * (`a.map((x) => f(x))`, `forEach`, an IIFE), functions whose parameters cannot move into
 * their body (loader/params.ts: a default making a function; a generator's), arrows using
 * `arguments` or `new.target`, functions reading `new.target`, assigning a property of
 * `super` or calling `super()`, using a `#private` name of a class made inside the owner, and
 * a site whose captures live in a `switch` scope or a `for` head whose body is not a block
 * (no place for the cache). The methods and accessors of a class made inside the owner are
 * sites (klass). Parameters with defaults or patterns move into the
 * body, after the guard (loader/params.ts).
 */
import type MagicString from 'magic-string';
import { patternNames, walk, type Node } from './analyze.js';
import { calledInPlace, isInvoked, localNames } from './inline.js';
import { declaredBy, freeReferences, lexicalInits, privateNames, varNames, writtenNames, type Reference } from './scope.js';
import { arrowRestParameter, bodyTop, GUARD_LOCAL, REST_LOCAL } from './handles.js';
import { envClassName, READY } from './contract.js';
import { loweredParams, lowerParams, plainParams, unlowerable } from './params.js';

/** One closure site of an owner, in source order (its ordinal). */
export interface Site {
  node: Node;
  ordinal: number;
  /** Variables of the functions and blocks around it (not module-level) that it reads or assigns. */
  captures: string[];
  /**
   * The captures that hold one value for as long as the closure lives: nothing assigns them
   * (`statementWrites`: the update of a `for (let …)` head assigns the next pass's copy), they
   * are no `var`, and they are initialized before the closure is made. Its guard passes them to new code as values (guardSites).
   */
  consts: string[];
  /** An arrow using `this` (its enclosing function's). */
  usesThis: boolean;
  /**
   * It reads `super` (a method's own, or an arrow's enclosing method's): its guard passes
   * `(k)=>super[k]`, through which the new body reads and calls it (`__s`).
   */
  usesSuper: boolean;
  /** A method or accessor of a class made inside the owner (a class a function makes, a mixin's): its key as written. */
  member?: string;
  /** Where its environment is cached: the body (a block, or an arrow's expression body) of the innermost scope of its captures. */
  cache: Node | null;
  /** Where the function owning `cache` ends (an expression body becomes a block closed there). */
  cacheEnd: number;
  /**
   * When `cache` is the body of a function whose context V8 14 (Node 26) may track in context
   * cells (simple parameters, also once instrumented): that function (`cellSlots` counts its
   * context's slots; a cache there past the second makes its context lose its cells).
   */
  cacheFn?: Node;
  /** Why it gets no guard (then it is no site of the owner's list: it keeps its code, as before). */
  why?: string;
  /**
   * Where it sits among the functions around it in the owner: per enclosing function, `p` in
   * its parameters (a default value), `b` in its body. Sites pair only where this is the same.
   */
  nest: string;
}

interface Scope {
  /** Name → where its binding is initialized: 0 on entry (parameters, functions, a catch's), a declaration's end (`let`, `const`, a class), Infinity for a `var`. */
  names: Map<string, number>;
  /** The block a `let` for a cache goes in (a function's body may be an expression: converted). */
  body: Node | null;
  /** Where the scope's function ends (its body's end for a block). */
  end: number;
  /** A function's own scope, when its context can have cells (Site.cacheFn). */
  fn?: Node;
}

const FUNCTION = new Set(['FunctionExpression', 'ArrowFunctionExpression', 'FunctionDeclaration']);

/**
 * The closure sites of an owner: `root` is a top-level function, a class member (method,
 * accessor, constructor), or an inline function at top level (loader/inline.ts: a listener
 * or route handler whose closures — `ws.on('message', …)` inside `wss.on('connection', (ws)
 * => …)`, with a block body or not — follow edits like a factory's; a function its statement
 * invokes where it stands); its own body is scanned, it is no site itself. Or a class field's
 * value (`field`: functions in it are sites whose `this` is the instance, or the class).
 */
export function closureSites(root: Node, field = false): Site[] {
  return scan(root, field).sites;
}

/**
 * The functions of an owner that would be closure sites but get no guard (`why` says why):
 * their closures keep their code through an edit, which the report must say.
 */
export function unguardedSites(root: Node, field = false): Site[] {
  return scan(root, field).unguarded;
}

function scan(root: Node, field: boolean): { sites: Site[]; unguarded: Site[] } {
  const out: Site[] = [];
  const unguarded: Site[] = [];
  const chain: Scope[] = [];
  const guarded = new Set<Node>();
  const all = (): Set<string> => new Set(chain.flatMap((s) => [...s.names.keys()]));
  const written = statementWrites(root);
  const initAt = (name: string): number => {
    for (let i = chain.length - 1; i >= 0; i--) {
      const at = chain[i]!.names.get(name);
      if (at !== undefined) return at;
    }
    return Infinity;
  };

  const fnScope = (f: Node): Scope => {
    const names = new Map<string, number>((f.params as Node[]).flatMap((p) => patternNames(p)).map((n) => [n, 0]));
    if (f.type === 'FunctionExpression' && f.id) names.set(f.id.name, 0);
    const body = f.body as Node;
    if (body.type === 'BlockStatement') {
      for (const n of varNames(body)) names.set(n, Infinity);
      for (const [n, at] of lexicalInits(body.body)) names.set(n, at);
    }
    // Simple parameters, and none added: an arrow that is guarded (the root, or a site) gains a rest parameter.
    const cells = plainParams(f) && !(f.type === 'ArrowFunctionExpression' && (f === root || guarded.has(f)));
    return { names, body, end: f.end, ...(cells ? { fn: f } : {}) };
  };
  const scoped = (s: Scope, inner: () => void): void => {
    chain.push(s);
    inner();
    chain.pop();
  };
  const nest: string[] = [];
  const fnBody = (f: Node): void =>
    scoped(fnScope(f), () => {
      nest.push('p');
      for (const p of f.params as Node[]) visit(p, f);
      nest[nest.length - 1] = 'b';
      const body = f.body as Node;
      if (body.type === 'BlockStatement') for (const s of body.body as Node[]) visit(s, body);
      else visit(body, f);
      nest.pop();
    });

  // The `#names` the classes made inside the owner declare: code compiled elsewhere cannot name them.
  const privates: string[] = [];
  const site = (f: Node, parent: Node | null, member?: string): void => {
    const own = privates.length ? [...privateNames(f)].find((p) => privates.includes(p)) : undefined;
    const why = unsupported(f, parent) ?? (own ? `it uses ${own}, a private name of a class made inside a function` : undefined);
    if (why === 'consumed') return;
    const refs = freeReferences(f, all());
    const captures = [...new Set(refs.map((r) => r.node.name as string))];
    // A function expression's own name (`return function tick() { tick.calls++ }`) is the
    // closure that was called: its guard passes it, as a value, so that new code naming it
    // gets that one (new code is anonymous).
    const self = f.type === 'FunctionExpression' && f.id ? (f.id.name as string) : undefined;
    if (self && !captures.includes(self)) captures.push(self);
    const consts = captures.filter((c) => c === self || (!written.has(c) && initAt(c) <= f.start));
    const mutable = sharedCaptures({ captures, consts });
    const usesSuper = lexical(f, 'super');
    // An arrow calling a method through `super` calls it with its `this`.
    const usesThis = f.type === 'ArrowFunctionExpression' && (usesSuper || lexical(f, 'this'));
    const s: Site = { node: f, ordinal: out.length, captures, consts, usesThis, usesSuper, cache: null, cacheEnd: 0, nest: nest.join('') };
    if (member) s.member = member;
    if (why) s.why = why;
    else if (mutable.length) {
      // The innermost scope declaring a variable it shares: one environment per instance of it.
      let at = -1;
      for (let i = chain.length - 1; i >= 0 && at < 0; i--) if (mutable.some((c) => chain[i]!.names.has(c))) at = i;
      const scope = chain[at];
      const body = scope?.body ?? null;
      if (!scope || !body || f.start < body.start || f.end > body.end) s.why = 'no scope to keep its environment in';
      else {
        [s.cache, s.cacheEnd] = [body, scope.end];
        if (scope.fn && scope.fn.body === body) s.cacheFn = scope.fn;
      }
    }
    if (!s.why) guarded.add(f);
    (s.why ? unguarded : out).push(s);
  };

  function visit(n: Node | null | undefined, parent: Node | null): void {
    if (!n || typeof n.type !== 'string') return;
    if (FUNCTION.has(n.type)) {
      site(n, parent);
      return fnBody(n);
    }
    switch (n.type) {
      case 'ClassExpression':
      case 'ClassDeclaration':
        return klass(n);
      case 'BlockStatement':
        return scoped({ names: new Map(lexicalInits(n.body)), body: n, end: n.end }, () => (n.body as Node[]).forEach((s) => visit(s, n)));
      case 'SwitchStatement':
        visit(n.discriminant, n);
        return scoped({ names: new Map((n.cases as Node[]).flatMap((c) => lexicalInits(c.consequent))), body: null, end: 0 }, () =>
          (n.cases as Node[]).forEach((c) => (visit(c.test, c), (c.consequent as Node[]).forEach((s) => visit(s, c)))),
        );
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement': {
        const decl = n.type === 'ForStatement' ? n.init : n.left;
        const lexicalHead = decl?.type === 'VariableDeclaration' && decl.kind !== 'var';
        const body = n.body.type === 'BlockStatement' ? (n.body as Node) : null;
        return scoped({ names: new Map(lexicalHead ? declaredBy(decl).map((d) => [d, decl.end]) : []), body, end: body?.end ?? 0 }, () => children(n));
      }
      case 'CatchClause':
        return scoped({ names: new Map(patternNames(n.param).map((p) => [p, 0])), body: n.body, end: n.body.end }, () => children(n));
      default:
        return children(n);
    }
  }
  /** A class member's key as the report names it. */
  const memberKey = (m: Node): string =>
    m.computed ? '[…]' : m.key.type === 'PrivateIdentifier' ? `#${m.key.name}` : m.key.type === 'Identifier' ? m.key.name : String(m.key.value);
  /**
   * A class made inside the owner: each evaluation makes new functions, so its methods and
   * accessors are sites like any closure (called with their own `this`; `super` passed by
   * their guard), and so are the functions its constructor, fields and static blocks make.
   * A constructor is no site: it has run for every instance there is.
   */
  function klass(n: Node): void {
    visit(n.superClass, n);
    const declared = (n.body.body as Node[]).filter((m) => m.key?.type === 'PrivateIdentifier').map((m) => `#${m.key.name}`);
    privates.push(...declared);
    scoped({ names: new Map(n.id && n.type === 'ClassExpression' ? [[n.id.name, 0]] : []), body: null, end: 0 }, () => {
      for (const m of n.body.body as Node[]) {
        if (m.computed) visit(m.key, m);
        if (m.type === 'MethodDefinition') {
          if (m.kind !== 'constructor') site(m.value, m, memberKey(m));
          fnBody(m.value);
        } else if (m.type === 'StaticBlock')
          scoped({ names: new Map([...varNames(m).map((v): [string, number] => [v, Infinity]), ...lexicalInits(m.body)]), body: null, end: 0 }, () =>
            (m.body as Node[]).forEach((st) => visit(st, m)),
          );
        else visit(m.value, m);
      }
    });
    privates.splice(privates.length - declared.length, declared.length);
  }

  function children(n: Node): void {
    for (const key in n) {
      if (key === 'type' || key === 'start' || key === 'end' || key === 'loc') continue;
      const v = n[key];
      if (Array.isArray(v)) for (const c of v) visit(c, n);
      else if (v && typeof v === 'object') visit(v, n);
    }
  }

  // A static block: its names are its own, and no environment cache goes in it (a site
  // sharing one of its variables keeps its code, and the report says so).
  if (root.type === 'StaticBlock')
    scoped({ names: new Map([...varNames(root).map((v): [string, number] => [v, Infinity]), ...lexicalInits(root.body)]), body: null, end: 0 }, () =>
      (root.body as Node[]).forEach((st) => visit(st, root)),
    );
  else if (field) scoped({ names: new Map(), body: null, end: 0 }, () => visit(root, null));
  else fnBody(root);
  return { sites: out.map((s, i) => ({ ...s, ordinal: i })), unguarded: unguarded.map((s, i) => ({ ...s, ordinal: i })) };
}

/**
 * Where an edit may change an inline function (loader/inline.ts) and still be applied in
 * place: its body, or for one its statement invokes where it stands (`isInvoked`), only the
 * bodies of the closures it made (its outermost guarded sites): anything else in it is code
 * that ran once, and changing it runs its statement again.
 */
export function changeRegions(fn: Node): Node[] {
  if (isInvoked(fn)) return siteBodies(fn);
  // Its parameters too (not its name): its guard forwards whatever its caller passes, beyond
  // the parameters it had (a rest parameter, or `arguments`), to the new code, which takes
  // them apart itself; a handler saved as `(req, res, next) => …` stays the one registered.
  return [{ type: 'Region', start: fn.id ? fn.id.end : fn.start, end: fn.end } as Node];
}

/** Are `a` and `b` the same kind of function (so one's guard can hand its calls to the other's code)? */
export const sameKind = (a: Node, b: Node): boolean =>
  a.type === b.type && !!a.async === !!b.async && !!a.generator === !!b.generator && a.id?.name === b.id?.name;

/**
 * Can `a`'s guard hand its calls to `b`'s code, `b` an edit of `a`: the same kind, or `b` made
 * `async` (its callers get the promise a fresh process's function returns; an inline handler
 * given an `await`, found by session 18's review). Not the reverse: an async function's guard
 * returns a promise where the new code returns a value.
 */
export const handsTo = (a: Node, b: Node): boolean => a.type === b.type && (!a.async || !!b.async) && !!a.generator === !!b.generator && a.id?.name === b.id?.name;

/** The bodies of the outermost closure sites of an owner: the code that follows edits in the closures it made. */
export function siteBodies(fn: Node): Node[] {
  const bodies = closureSites(fn).map((s) => s.node.body as Node);
  return bodies.filter((b) => !bodies.some((o) => o !== b && o.start <= b.start && b.end <= o.end));
}

/** Why a function is no site: 'consumed' (lives for one call), or what its guard could not pass on. */
function unsupported(f: Node, parent: Node | null): string | undefined {
  if (calledInPlace(f, parent, true)) return 'consumed';
  // A generator's defaults are evaluated by the call, its body by the first `next()`.
  if (f.generator && !plainParams(f)) return 'it is a generator whose parameters have defaults or patterns';
  const params = unlowerable(f);
  if (params) return params;
  if (f.type === 'ArrowFunctionExpression') {
    for (const what of ['arguments', 'new.target'] as const) if (lexical(f, what)) return `it uses ${what}`;
  } else if (lexical(f, 'new.target')) return 'it reads new.target';
  if (superWrites(f)) return 'it calls super() or assigns a property of super';
  return undefined;
}

/**
 * Does `f`'s body (and the arrows inside it) use `this` / `arguments` / `new.target` /
 * `super`? For an arrow: its enclosing function's; for a function: its own.
 */
export function lexical(f: Node, what: 'this' | 'arguments' | 'new.target' | 'super'): boolean {
  let found = false;
  const visit = (n: Node | null | undefined): void => {
    if (found || !n || typeof n.type !== 'string') return;
    if (n !== f && (n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration')) return;
    if (n.type === 'ClassBody') return;
    if (what === 'this' && n.type === 'ThisExpression') found = true;
    else if (what === 'super' && n.type === 'Super') found = true;
    else if (what === 'arguments' && n.type === 'Identifier' && n.name === 'arguments') found = true;
    else if (what === 'new.target' && n.type === 'MetaProperty' && n.meta.name === 'new') found = true;
    for (const key in n) {
      if (key === 'type' || key === 'start' || key === 'end' || key === 'loc') continue;
      const v = n[key];
      if (Array.isArray(v)) for (const c of v) visit(c);
      else if (v && typeof v === 'object') visit(v);
    }
  };
  visit(f.body);
  for (const p of f.params as Node[]) visit(p);
  return found;
}

/**
 * The names of its statement an inline function (loader/inline.ts) reads — a loop's binding,
 * a block's `const`, a `catch` parameter: `for (const k of kinds) bus.on(k, (e) => … k …)` —
 * which its guard passes to new code as values, first, since new code compiled where
 * top-level code is cannot see them. Sorted, so that the list does not depend on the body.
 * Undefined when one of them is assigned in the statement (a value passed would not follow
 * it), and for a function using `arguments` or `new.target`,
 * or a generator (its guard forwards the call as it is).
 */
export function statementConsts(fn: Node, root: Node): string[] | undefined {
  const locals = localNames(root);
  if (!locals.size) return [];
  const names = [...new Set(freeReferences(fn, locals).map((r) => r.node.name as string))].sort();
  if (!names.length) return [];
  const written = statementWrites(root);
  if (names.some((n) => written.has(n))) return undefined;
  if (fn.type === 'FunctionExpression' && (fn.generator || lexical(fn, 'arguments') || lexical(fn, 'new.target'))) return undefined;
  return names;
}

/**
 * The names of its statement an inline function reads that the statement also assigns
 * (`{ let hits = 0; app.get('/', (req, res) => res.send(String(++hits))); }`): its guard
 * passes them to new code through an environment of accessors (as a closure's shared
 * captures, `envMaker`), cached in `scope`, the innermost block that declares one of them
 * (a loop's body, for a `for (let …)` head: one environment per pass). `consts`: the others,
 * passed as values first. Undefined when there are none such, or when `statementConsts`
 * would refuse the function for another reason, or a name is a `var` or a `switch` case's.
 */
export function statementShared(fn: Node, root: Node): { consts: string[]; shared: string[]; scope: Node } | undefined {
  const locals = localNames(root);
  if (!locals.size) return undefined;
  if (fn.type === 'FunctionExpression' && (fn.generator || lexical(fn, 'arguments') || lexical(fn, 'new.target'))) return undefined;
  const names = [...new Set(freeReferences(fn, locals).map((r) => r.node.name as string))].sort();
  const written = statementWrites(root);
  const shared = names.filter((n) => written.has(n));
  if (!shared.length) return undefined;
  // The blocks around the function, outermost first, and what each declares in its own scope.
  const path: Node[] = [];
  const found = (function down(n: Node): boolean {
    if (n === fn) return true;
    for (const key in n) {
      if (key === 'type' || key === 'start' || key === 'end' || key === 'loc') continue;
      const v = n[key];
      for (const c of Array.isArray(v) ? v : [v])
        if (c && typeof c.type === 'string' && c.start <= fn.start && fn.end <= c.end) {
          path.push(c);
          return down(c);
        }
    }
    return false;
  })(root);
  if (!found) return undefined;
  // Each name's innermost declaring node on the way; the deepest of those holds the cache.
  const chain = [root, ...path];
  let deepest = -1;
  for (const name of shared) {
    let at = -1;
    chain.forEach((n, i) => void (ownScopeNames(n)?.has(name) && (at = i)));
    if (at < 0) return undefined;
    deepest = Math.max(deepest, at);
  }
  return { consts: names.filter((n) => !written.has(n)), shared, scope: chain[deepest]! };
}

/** The names a block, a `for (let …)` head or a `catch` declares in its own scope (`let`, `const`, `class`, `function`); undefined for other nodes. */
function ownScopeNames(n: Node): Set<string> | undefined {
  const out = new Set<string>();
  const declare = (d: Node | null | undefined): void => {
    if (d?.type === 'VariableDeclaration' && d.kind !== 'var') for (const x of d.declarations as Node[]) for (const name of patternNames(x.id)) out.add(name);
    else if ((d?.type === 'FunctionDeclaration' || d?.type === 'ClassDeclaration') && d.id) out.add(d.id.name);
  };
  if (n.type === 'BlockStatement') (n.body as Node[]).forEach(declare);
  else if (n.type === 'ForStatement') declare(n.init);
  else if (n.type === 'ForInStatement' || n.type === 'ForOfStatement') declare(n.left);
  else if (n.type === 'CatchClause') for (const name of n.param ? patternNames(n.param) : []) out.add(name);
  else return undefined;
  return out;
}

/**
 * What a statement assigns (`writtenNames`), but for the test and update of a `for (let …)`
 * head: `i++` there assigns the next pass's copy of the binding, never the one a function
 * made in the body holds, so `for (let i = 0; i < n; i++) bus.on(i, () => … i …)` passes `i`
 * as a value. (A write in the body still counts.)
 */
function statementWrites(root: Node): Set<string> {
  const loops: Node[] = [];
  walk(root, (n) => {
    if (n.type === 'ForStatement' && n.init?.type === 'VariableDeclaration' && n.init.kind !== 'var') loops.push(n);
  });
  if (!loops.length) return writtenNames(root);
  const out = new Set<string>();
  const visit = (n: Node): void => {
    if (loops.includes(n)) {
      for (const w of writtenNames(n.init)) out.add(w);
      return visit(n.body);
    }
    if (!loops.some((l) => n.start <= l.start && l.end <= n.end)) {
      for (const w of writtenNames(n)) out.add(w);
      return;
    }
    for (const key in n) {
      if (key === 'type' || key === 'start' || key === 'end' || key === 'loc') continue;
      const v = n[key];
      if (Array.isArray(v)) for (const c of v) if (c && typeof c.type === 'string') visit(c);
      if (v && typeof v === 'object' && typeof v.type === 'string') visit(v);
    }
  };
  visit(root);
  return out;
}

/** A `super.x` / `super[k]` of a function's own (or its arrows'): called, assigned, or read. */
export interface SuperUse {
  node: Node;
  /** The call it is the callee of. */
  call: Node | null;
  write: boolean;
}

/** The uses of `super` that are `f`'s own (not a nested method's). */
export function superUses(f: Node): SuperUse[] {
  const out: SuperUse[] = [];
  const visit = (n: Node | null | undefined, parent: Node | null): void => {
    if (!n || typeof n.type !== 'string') return;
    if (n !== f && (n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration')) return;
    if (n.type === 'ClassBody') return;
    if (n.type === 'MemberExpression' && n.object.type === 'Super') {
      const write =
        (parent?.type === 'AssignmentExpression' && parent.left === n) ||
        parent?.type === 'UpdateExpression' ||
        (parent?.type === 'UnaryExpression' && parent.operator === 'delete') ||
        ((parent?.type === 'ForInStatement' || parent?.type === 'ForOfStatement') && parent.left === n) ||
        parent?.type === 'ArrayPattern' ||
        parent?.type === 'RestElement' ||
        (parent?.type === 'AssignmentPattern' && parent.left === n);
      out.push({ node: n, call: parent?.type === 'CallExpression' && parent.callee === n ? parent : null, write });
    } else if (n.type === 'CallExpression' && n.callee.type === 'Super') out.push({ node: n, call: n, write: true });
    for (const key in n) {
      if (key === 'type' || key === 'start' || key === 'end' || key === 'loc') continue;
      const v = n[key];
      if (Array.isArray(v)) for (const c of v) visit(c, n);
      else if (v && typeof v === 'object') visit(v, n);
    }
  };
  visit(f, null);
  return out;
}

/** Does `f` assign, update or delete a property of `super`, or call `super(…)` (which its new code could not do)? */
function superWrites(f: Node): boolean {
  return superUses(f).some((u) => u.write);
}

/** What the guard of a site reading `super` passes for it: reads and method calls go through it (`__s(k)`). */
export const SUPER_READER = '(__lm$k)=>super[__lm$k]';

/** The cache of a site's environment: a `const` box in the scope its captures live in (cacheDeclaration). */
export const cacheName = (k: number): string => `__lme$${k}`;

/**
 * The declaration of environment caches, first in their scope: each an empty object made with
 * the scope (`const __lme$0={}`), into which the first call after an edit puts the environment
 * (`__lme$0.__lmv`, cacheRead: a name no program's `{}` gains, so no other object shares that
 * property's map). A box, not a `let` the guard assigns: V8 24 reads an assigned function-scope
 * `let` again on every call, while it folds a `const` slot of a known closure and a property
 * set once on the object it holds (docs/benchmarks.md run 25).
 */
export const cacheDeclaration = (names: readonly string[]): string => `const ${names.map((n) => `${n}={}`).join(',')};`;

/** What a guard passes for an environment cached in `cache` (cacheDeclaration): made on first use by `maker` (envMaker). */
export const cacheRead = (cache: string, maker: string): string => `${cache}.__lmv||(${cache}.__lmv=(${maker})())`;

/**
 * The environment of a site's shared variables (the captures that are not `consts`), as its
 * guard makes it: an arrow, called once (small in the closure's own bytecode), that makes an
 * instance of a class whose accessors read and assign those variables. A class, not an
 * object literal: V8 inlines getters from a prototype, not from a dictionary-mode literal
 * with accessors (runtime/class-code.ts measured 22 ns a read against 3).
 */
export function envMaker(shared: readonly string[]): string {
  const key = (n: string): string => (n === 'constructor' ? '["constructor"]' : n);
  return `()=>new(class{${shared.map((n) => `get ${key(n)}(){return ${n}}set ${key(n)}(__lm$v){${n}=__lm$v}`).join('')}})`;
}

/**
 * The environment a guard makes per call, where a cache would cost its scope Node 26's context
 * cells (guardSites, docs/benchmarks.md run 31): an instance of the class shared by the sites of
 * those names (envClassName) over an arrow reading and assigning the variables.
 */
export function envPerCall(shared: readonly string[]): string {
  const one = (n: string): string => `(__lm$w?${n}=__lm$v:${n})`;
  const body = shared.length === 1 ? one(shared[0]!) : shared.map((n, i) => (i < shared.length - 1 ? `__lm$i===${i}?${one(n)}:` : one(n))).join('');
  return `new ${envClassName(shared)}((__lm$i,__lm$v,__lm$w)=>${body})`;
}

/**
 * How many slots the context of `f` has (V8 puts there what its closures capture): its
 * parameters and own variables that a function inside it names, and `this` / `arguments`
 * read by an arrow of its own (not a nested function's).
 */
export function cellSlots(f: Node): number {
  const names = new Set<string>((f.params as Node[]).flatMap((p) => patternNames(p)));
  const body = f.body as Node;
  if (body.type === 'BlockStatement') {
    for (const n of varNames(body)) names.add(n);
    for (const [n] of lexicalInits(body.body)) names.add(n);
  }
  const captured = new Set<string>();
  let self = false;
  walk(f, (n) => {
    if (n === f || !FUNCTION.has(n.type)) return undefined;
    for (const r of freeReferences(n, names)) captured.add(r.node.name as string);
    // (An arrow's `this`, `super` and `arguments` are `f`'s: its arrows inside it too. A function has its own.)
    if (n.type !== 'ArrowFunctionExpression') return false;
    if (lexical(n, 'this') || lexical(n, 'super') || (f.type !== 'ArrowFunctionExpression' && lexical(n, 'arguments'))) self = true;
    return undefined;
  });
  return captured.size + (self ? 1 : 0);
}

/**
 * Does this V8 track function contexts in context cells (V8 14, Node 26: `--function-context-cells`)?
 * Elsewhere a cache costs nothing before an edit, and every site keeps its cache. (The
 * instrumented-module cache's key has the V8 version: loader/cache.ts loaderFingerprint.)
 */
export const CONTEXT_CELLS = Number(process.versions.v8.split('.')[0]) >= 14;

/** V8 14's `--function-context-cells-max-size`: a function context with more slots gets no cells. */
const CELL_SLOTS = 2;

/** The captures of a site that its environment shares (read and assigned through accessors). */
const sharedCaptures = (s: Pick<Site, 'captures' | 'consts'>): string[] => s.captures.filter((c) => !s.consts.includes(c));

/** How many values a site's guard passes before the call's own arguments (`guardSites`): its consts and environment, and the `super` reader. */
export const leadCount = (s: Pick<Site, 'captures' | 'consts' | 'usesSuper'>): number => (s.captures.length ? s.consts.length + 1 : 0) + (s.usesSuper ? 1 : 0);

/**
 * Adds holders' guards and environment caches to `ms` for `sites` (the ones `holder(site)`
 * names a holder for). `cacheBase` numbers the caches. Returns how many caches it declared,
 * and the `let` of those in `inlineBody`, an inline arrow's expression body, which its own
 * guard turns into a block (loader/instrument.ts guardInline puts that `let` first there).
 *
 * The guard of a site whose captures are none passes the call on as is
 * (`__lmg.apply(this,arguments)`, or for an arrow `__lmg(a, b)` / `__lmg.call(this, a, b)`).
 * With captures, the new code takes them first: the `consts` as values, then the
 * environment of the shared ones (made once per instance of their scope and cached there in
 * `__lme$K`; `0` when there are none), then the call's own arguments:
 * `__lmg(k, __lme$0.__lmv||(__lme$0.__lmv=(()=>new(class{get n(){…}set n(v){…}}))()), x)`. A closure
 * reading only values it captured then runs its new code at plain speed; one that shares a
 * variable pays its accessors (docs/benchmarks.md).
 */
export function guardSites(
  sites: readonly Site[],
  source: string,
  ms: MagicString,
  holder: (s: Site) => string | undefined,
  cacheBase: number,
  early = false,
  inlineBody?: Node,
  self = 'this',
): { caches: number; lets: string; envs: string[][] } {
  const envs: string[][] = [];
  const lets = new Map<Node, string[]>();
  const ends = new Map<Node, number>();
  const guards = new Map<Node, string>();
  let k = cacheBase;
  // Per function whose context may have cells: how many caches it can still take.
  const room = new Map<Node, number>();
  const cached = (s: Site): boolean => {
    if (!s.cacheFn || !CONTEXT_CELLS) return true;
    if (!room.has(s.cacheFn)) {
      const used = cellSlots(s.cacheFn);
      // Three or more captured already: no cells either way, the cache costs nothing more.
      room.set(s.cacheFn, used > CELL_SLOTS ? Infinity : CELL_SLOTS - used);
    }
    const left = room.get(s.cacheFn)!;
    if (left <= 0) return false;
    room.set(s.cacheFn, left - 1);
    return true;
  };
  for (const s of sites) {
    const h = holder(s);
    if (!h) continue;
    const f = s.node;
    const g = GUARD_LOCAL;
    const lead: string[] = [];
    if (s.captures.length) {
      lead.push(...s.consts);
      if (s.cache && !cached(s)) {
        lead.push(envPerCall(sharedCaptures(s)));
        envs.push(sharedCaptures(s));
      }
      else if (s.cache) {
        const c = cacheName(k++);
        const list = lets.get(s.cache) ?? [];
        list.push(c);
        lets.set(s.cache, list);
        ends.set(s.cache, s.cacheEnd);
        lead.push(cacheRead(c, envMaker(sharedCaptures(s))));
      } else lead.push('0');
    }
    if (s.usesSuper) lead.push(SUPER_READER);
    // An arrow forwards what its caller passed beyond its parameters through a rest parameter it gains.
    const rest = f.type === 'ArrowFunctionExpression' ? arrowRestParameter(f, source) : undefined;
    for (const r of rest ?? []) r.right ? ms.prependRight(r.at, r.text) : ms.appendLeft(r.at, r.text);
    const args = f.type === 'ArrowFunctionExpression' ? [...lead, ...loweredParams(f).forward, ...(rest ? [`...${REST_LOCAL}`] : [])].join(',') : '';
    // A generator delegates to the one the new code makes (`return yield*`: its return value too).
    const call =
      f.type !== 'ArrowFunctionExpression'
        ? `${f.generator ? 'yield*' : ''}${lead.length ? `${g}.call(this,${lead.join(',')},...arguments)` : `${g}.apply(this,arguments)`}`
        : s.usesThis
          ? `${g}.call(${self}${args ? `,${args}` : ''})`
          : `${g}(${args})`;
    guards.set(f, `const ${g}=${early ? `${READY}&&` : ''}${h}.f;if(${g}!==undefined)return ${call};`);
  }
  // Prefixes per body: the function's own guard first (a call it hands to new code makes
  // none of the caches), then the caches, then its parameters if they have defaults or
  // patterns (loader/params.ts).
  const prefix = new Map<Node, string>();
  const lowered = new Map<Node, Node>();
  for (const [f, guard] of guards) prefix.set(f.body, guard);
  for (const [body, names] of lets) prefix.set(body, (prefix.get(body) ?? '') + cacheDeclaration(names));
  for (const f of guards.keys()) {
    ends.set(f.body, f.end);
    if (!plainParams(f)) lowered.set(f.body, f);
  }
  // Expression bodies become blocks; closing in reverse start order, so nested arrows ending at one offset close inside out.
  const closes: Array<{ at: number; start: number }> = [];
  let inlineLets = '';
  for (const [body, text] of prefix) {
    const f = lowered.get(body);
    if (body === inlineBody && body.type !== 'BlockStatement') {
      inlineLets = text;
      continue;
    }
    if (body.type === 'BlockStatement') {
      ms.appendLeft(bodyTop(body, source, ms), text);
      if (f) lowerParams(f, ms, body.start + 1);
      continue;
    }
    const arrow = source.lastIndexOf('=>', body.start) + 2;
    if (f) {
      ms.appendLeft(arrow, `{${text}`);
      lowerParams(f, ms, arrow);
      ms.prependRight(arrow, 'return(');
    } else ms.appendLeft(arrow, `{${text}return(`);
    closes.push({ at: ends.get(body)!, start: body.start });
  }
  closes.sort((a, b) => b.start - a.start);
  for (const c of closes) ms.appendLeft(c.at, ')}');
  return { caches: k - cacheBase, lets: inlineLets, envs };
}

/** The references of a new body to the captures it uses, rewritten to the environment (`__e.n`). */
export function toEnvironment(r: Reference, as = r.node.name as string): string {
  const name = r.node.name as string;
  const through = `__e.${as}`;
  if (r.shorthand) return `${name}:${through}`;
  return r.callee && !r.write ? `(0,${through})` : through;
}
