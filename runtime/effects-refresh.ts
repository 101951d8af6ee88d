/**
 * The refresh side of runtime/effects.ts: which owners of a module a plan replaces or
 * removes (their registrations are taken back before its new code runs), which owner each
 * evaluated operation is, and the refusal of a route change a framework cannot take.
 */
import { assignedMembers, BUILTINS, exportedKeys, GLOBALS, exportsTarget, isFunctionNode, position, topLevel, walk, type Node } from '../loader/analyze.js';
import { located, PhaseError } from './blame.js';
import { effectsOf, noteEffects, pendingKinds, registered, takeBack, tracked, undoOwners, type OwnerKey } from './effects.js';
import { runningProgram } from './registry.js';
import { ProgramError, type Op } from './ops.js';
import { held, type CompiledModule } from './patch.js';
import { reorder } from './reorder.js';
import { rel } from './report.js';

/**
 * Takes back what `w`'s replaced and removed top-level code registered (once per module and
 * refresh): statements the new version does not keep (its statement map says -1: changed,
 * removed, or run again), declarations evaluated again (not an object updated in place) or
 * removed; in a re-import, every declaration that is not carried.
 */
export function undoReplaced(w: CompiledModule): void {
  try {
    undoPlanned(w);
  } catch (err) {
    // Never what stops a refresh: the edit applies, and the report says what was not taken back.
    noteEffects(w.record, `what replaced top-level code registered was not taken back (a limeade bug: please report it): ${String((err as Error)?.message ?? err)}`);
  }
}

/**
 * A CommonJS file's exports that its running text assigns and the new text no longer does
 * (`exports.flag = true;` removed): deleted from the exports object the program holds, as a
 * fresh process on the new text would not have them. Only when each text says every key it
 * exports (loader/analyze.ts `exportedKeys`).
 */
function undoRemovedExports(w: CompiledModule): void {
  const { record } = w;
  const scope = record.commonjs;
  if (!scope || record.source === undefined || record.source === w.source) return;
  takeBack(record, 'exports', () => {
    const exports = scope.module.exports as Record<string, unknown> | null;
    if (exports === null || (typeof exports !== 'object' && typeof exports !== 'function')) return undefined;
    const old = runningProgram(record);
    const before = old && exportedKeys(old);
    const now = before && exportedKeys(w.plan.program);
    if (!before || !now) return undefined;
    const gone = [...before].filter((k) => !now.has(k) && Object.getOwnPropertyDescriptor(exports, k)?.configurable);
    if (!gone.length) return undefined;
    const descs = new Map(gone.map((k) => [k, Object.getOwnPropertyDescriptor(exports, k)!] as const));
    const order = Reflect.ownKeys(exports);
    return {
      kind: 'export',
      label: () => `export${gone.length > 1 ? 's' : ''} ${gone.join(', ')}`,
      undo: () => {
        for (const k of gone) delete exports[k];
        return true;
      },
      // Back where they were among the keys (what `Object.keys` lists).
      redo: () => {
        for (const [k, d] of descs) Object.defineProperty(exports, k, d);
        reorder(exports, order);
      },
    };
  });
}

/**
 * Properties the running text's top-level statements assigned to a function or class of the
 * module, or to its prototype (`Emitter.prototype.setMaxListeners = function …;`), that no
 * code of the new text assigns: deleted, as a fresh process on the new text would not have
 * them (a class's removed method goes the same way, runtime/classes.ts). Not for a target the
 * new text may give keys otherwise (`Object.assign(Emitter.prototype, …)`, a computed key).
 * Found by the eventemitter3 replay (3.0.0 dropped `setMaxListeners`, 2.0.0 `prototype._events`).
 */
function undoRemovedMembers(w: CompiledModule): void {
  const { record } = w;
  if (record.source === undefined || record.source === w.source) return;
  takeBack(record, 'members', () => {
    const old = runningProgram(record);
    if (!old) return undefined;
    // (The walk of the new text only when a statement that assigned such a property is gone.)
    const before = assignedMembers(old, record.source!, 'statements');
    if (!before.statements.size) return undefined;
    const kept = assignedMembers(w.plan.program, w.source, 'statements').statements;
    if ([...before.statements].every((k) => kept.has(k))) return undefined;
    const now = assignedMembers(w.plan.program, w.source);
    // (A member the new text's class defines, moved there from the removed statement: the class's now.)
    const inClass = new Set<string>();
    for (const it of topLevel(w.plan.program, w.source))
      if (it.kind === 'class' && it.name)
        for (const m of (it.node.body.body as Node[]) ?? [])
          if ((m.type === 'MethodDefinition' || (m.type === 'PropertyDefinition' && m.static)) && !m.computed && m.key.type !== 'PrivateIdentifier')
            inClass.add(`${it.name}${m.static ? '' : '.prototype'}|${m.key.type === 'Identifier' ? m.key.name : String(m.key.value)}`);
    const objectOf = (target: string): object | undefined => {
      const [name, proto] = target.split('.');
      const own = record.fns.get(name!)?.handles[0] ?? record.classes.get(name!)?.cls;
      // (Not the module's: an object literal it declares, the global object, a built-in.)
      const fn = own ?? (GLOBALS.has(name!) || BUILTINS.has(name!) ? (globalThis as Record<string, unknown>)[name === 'global' ? 'globalThis' : name!] : held(record, name!));
      const o = fn && proto ? (fn as { prototype?: unknown }).prototype : fn;
      return o && (typeof o === 'object' || typeof o === 'function') ? o : undefined;
    };
    const gone: { o: object; key: string; label: string; desc: PropertyDescriptor; order: (string | symbol)[] }[] = [];
    for (const k of before.statements) {
      if (now.anywhere.has(k) || inClass.has(k)) continue;
      const [target, key] = k.split('|') as [string, string];
      // A function's own prototype has a `constructor` a fresh process has too.
      if (key === 'prototype' || key === 'constructor' || now.unknown.has(target)) continue;
      const o = objectOf(target);
      const desc = o && Object.getOwnPropertyDescriptor(o, key);
      if (!o || !desc?.configurable) continue;
      gone.push({ o, key, label: `${target}.${key}`, desc, order: Reflect.ownKeys(o) });
    }
    if (!gone.length) return undefined;
    return {
      kind: 'export',
      label: () => `propert${gone.length > 1 ? 'ies' : 'y'} ${gone.map((g) => g.label).join(', ')}`,
      undo: () => {
        for (const g of gone) delete (g.o as Record<string, unknown>)[g.key];
        return true;
      },
      redo: () => {
        for (const g of gone) Object.defineProperty(g.o, g.key, g.desc);
        for (const g of gone) reorder(g.o, g.order);
      },
    };
  });
}

/**
 * A top-level statement of a CommonJS text that assigns `module.exports` or rebinds `exports`
 * (`exports = module.exports = new Command();`, chains included): the value it assigns, or
 * undefined.
 */
function exportsReplacement(stmt: Node): Node | undefined {
  let e = stmt.type === 'ExpressionStatement' ? (stmt.expression as Node) : undefined;
  let found = false;
  while (e?.type === 'AssignmentExpression' && e.operator === '=') {
    if (exportsTarget(e.left) === 'module.exports' || (e.left.type === 'Identifier' && e.left.name === 'exports')) found = true;
    e = e.right;
  }
  return found ? e : undefined;
}

/**
 * The running text replaced `module.exports` with a value that is not an object literal
 * (`exports = module.exports = new Command();`) and the new text replaces it no more: the
 * value stays `module.exports` — the program holds it, later `require`s get it, and the new
 * text's `exports.X = …` go onto it (its `exports` binding too, when the statement rebound
 * it) — where a fresh process's `require` gives the exports object the new text fills. Said,
 * not changed: the program holds that object. Found by the commander replay (12.0.0-0).
 */
function noteExportsKept(w: CompiledModule): void {
  const { record } = w;
  if (!record.commonjs || record.source === undefined || record.source === w.source) return;
  const old = runningProgram(record);
  if (!old || (w.plan.program.body as Node[]).some((stmt) => exportsReplacement(stmt))) return;
  for (const stmt of old.body as Node[]) {
    const value = exportsReplacement(stmt);
    if (!value || value.type === 'ObjectExpression') continue;
    const { line, column } = position(record.source, stmt.start);
    const text = record.source.slice(stmt.start, stmt.end).replace(/\s+/g, ' ');
    noteEffects(
      record,
      `the removed statement at ${rel(record.file)}:${line}:${column + 1} (${text.length > 60 ? `${text.slice(0, 57)}…` : text}) replaced module.exports: what it assigned stays module.exports, which the program holds and later requires get, and the new text's exports.X = … assign to it; a fresh process's require gives the exports object the new text fills: restart to get that`,
    );
    return;
  }
}

function undoPlanned(w: CompiledModule): void {
  noteExportsKept(w);
  undoRemovedExports(w);
  undoRemovedMembers(w);
  const { plan } = w;
  const statements = w.inline.statements;
  const names = new Set<string>(plan.removed);
  const carried = new Set(plan.carry);
  for (const s of plan.steps) if (s.type === 'value' && !s.object) for (const n of s.item.names.length ? s.item.names : [s.item.name]) names.add(n);
  const replaced = (key: OwnerKey): boolean => {
    if (typeof key === 'number') return statements !== undefined && (statements[key] ?? -1) === -1;
    const parts = key.split(',');
    return parts.some((n) => names.has(n)) || (plan.shape !== null && !parts.every((n) => carried.has(n)));
  };
  const places = positions(w);
  const position = (key: OwnerKey, committed: boolean): number | undefined => {
    const now = committed && typeof key === 'number' ? (statements ? statements[key] : key) : key;
    return now === undefined || now === -1 ? undefined : places.get(now);
  };
  noteUntracked(w, (k) => replaced(k) && !registered(w.record, k), replaced);
  undoOwners(w.record, replaced, position);
}

/**
 * The running text's call statements that `replaced` says go (changed, run again or removed)
 * and that registered nothing limeade takes back (`new Plugin('b')`, `registry.add(x)`,
 * `init()`): what they did when they ran stays, where a fresh process on the new text would
 * not have it. Said, with where each was (found by the differential explorer: a plugin a
 * removed statement put in a class's registry kept answering, silently).
 */
function noteUntracked(w: CompiledModule, replaced: (key: OwnerKey) => boolean, goes: (key: OwnerKey) => boolean): void {
  const { record } = w;
  const old = record.source !== undefined && record.source !== w.source ? runningProgram(record) : undefined;
  if (!old) return;
  let index = 0;
  const items = topLevel(old, record.source!);
  const asyncFns = new Set(items.flatMap((it) => (it.kind === 'function' && it.node.async ? [it.name] : [])));
  for (const it of items) {
    if (it.kind !== 'stmt') continue;
    const key = index++;
    const stmt = it.stmt;
    // (One the module's first evaluation has not reached yet, waiting at a top-level await, did nothing: runtime/pending.ts.)
    if (typeof record.reached === 'number' && key > record.reached) break;
    const { line, column } = position(record.source!, stmt.start);
    const where = `the statement at ${rel(record.file)}:${line}:${column + 1} (${clip(record.source!, stmt)})`;
    // An async run (`main();` of an `async function main`, an async IIFE) may still be going, and
    // what it registered after its first await has no statement: a loop it runs goes on beside the new one.
    if (stmt.type === 'ExpressionStatement' && asyncCall(stmt.expression, asyncFns) && goes(key)) {
      noteEffects(
        record,
        `${where} is not in the new text as it ran (changed or removed), and started async code: what that run did after its first await (listeners, timers, a loop still going) belongs to no statement and stays, beside what the new text starts, where a fresh process has only the new: restart to start without it`,
      );
      continue;
    }
    // A timeout it set that has fired may have set itself again (`function poll() { …;
    // setTimeout(poll, 10) }` started by `poll();`): that chain belongs to no statement.
    if (goes(key) && effectsOf(record).get(key)?.some((e) => e.kind === 'timer' && e.live?.() === false)) {
      noteEffects(record, `${where} is not in the new text as it ran (changed or removed), and a timeout it set has fired: what its callback did since, a timeout it set again (a polling loop) included, belongs to no statement and goes on beside what the new text starts: restart to stop it`);
      continue;
    }
    if (!(stmt.type === 'ExpressionStatement' ? effectCall(stmt.expression) : compoundCalls(stmt)) || !replaced(key)) continue;
    noteEffects(
      record,
      `${where} is not in the new text as it ran (changed or removed): what it did then stays, but for the registrations limeade takes back (listeners, timers, servers, routes), where a fresh process would not have it: restart to start without it`,
    );
  }
}

/** `main()`, `main().catch(…)`, `(async () => { … })()`: a call of an async function of the module, or of an async function expression. */
function asyncCall(e: Node, asyncFns: ReadonlySet<string>): boolean {
  while (e.type === 'AwaitExpression' || (e.type === 'UnaryExpression' && e.operator === 'void')) e = e.argument;
  // (`.then(…)`, `.catch(…)`, `.finally(…)` on it.)
  while (e.type === 'CallExpression' && e.callee.type === 'MemberExpression' && !e.callee.computed && ['then', 'catch', 'finally'].includes(e.callee.property.name)) e = e.callee.object;
  if (e.type !== 'CallExpression') return false;
  const callee = e.callee as Node;
  return (callee.type === 'Identifier' && asyncFns.has(callee.name)) || ((callee.type === 'ArrowFunctionExpression' || callee.type === 'FunctionExpression') && !!callee.async);
}

/**
 * New or changed call statements that ran now and come before unchanged ones calling the same
 * object (`router.get('/users/me', …)` saved above `router.get('/users/:id', …)`, `app.use(cors)`
 * above `app.use(router.routes())`): what they registered comes after what those registered
 * when the module first ran, where a fresh process has it before. Express's layers are put in
 * source order (runtime/effect-kinds.ts); other routers and middleware lists are not, and a
 * route that answers last is a silent difference. Said (found by session 17's review: Koa).
 */
export function noteOutOfOrder(w: CompiledModule): void {
  const map = w.plan.statementMap;
  if (!map || w.plan.shape) return;
  const kept = new Set(map.filter((j) => j >= 0));
  const stmts = topLevel(w.plan.program, w.source).flatMap((it) => (it.kind === 'stmt' ? [it.stmt] : []));
  const receivers = stmts.map(receiverOf);
  stmts.forEach((stmt, j) => {
    const receiver = receivers[j];
    if (!receiver || !w.plan.runStatements[j]) return;
    const later = stmts.findIndex((_, k) => k > j && kept.has(k) && !w.plan.runStatements[k] && receivers[k] === receiver);
    if (later < 0) return;
    // (What limeade takes back and puts back in order, or where order does not matter.)
    const kinds = pendingKinds(w.record, j);
    if (kinds.has('route') || kinds.has('middleware') || (kinds.size && [...kinds].every((k) => UNORDERED.has(k)))) return;
    const at = (n: Node): string => {
      const { line, column } = position(w.source, n.start);
      return `${rel(w.record.file)}:${line}:${column + 1}`;
    };
    noteEffects(
      w.record,
      `the statement at ${at(stmt)} (${clip(w.source, stmt)}) ran now, after the call on ${receiver} at ${at(stmts[later]!)} that ran when the module loaded: what it registered comes after what that one did, where a fresh process has it before; if their order matters (routes, middleware), restart`,
    );
  });
}

const UNORDERED = new Set(['listener', 'timer', 'interval', 'immediate', 'server', 'worker']);

/** `router.get(…)`, `app.use(…).use(…)`: the name the call chain starts from (not `console`). */
function receiverOf(stmt: Node): string | undefined {
  let e = stmt.type === 'ExpressionStatement' ? (stmt.expression as Node) : undefined;
  while (e?.type === 'AwaitExpression') e = e.argument;
  if (e?.type !== 'CallExpression' || e.callee.type !== 'MemberExpression') return undefined;
  let o: Node = e.callee.object;
  while (o.type === 'MemberExpression' || o.type === 'CallExpression') o = o.type === 'MemberExpression' ? o.object : o.callee;
  return o.type === 'Identifier' && o.name !== 'console' ? o.name : undefined;
}

const clip = (source: string, n: Node): string => {
  const text = source.slice(n.start, n.end).replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

/**
 * A loop, `if`, block, `try` or `switch` that calls something where it runs (not only
 * `console`): seed code (`for (const name of names) insert({ name })`, `if (dev) { seed() }`)
 * that a refresh runs again on top of what its first run did, as a call statement is.
 */
function compoundCalls(stmt: Node): boolean {
  if (!COMPOUND.has(stmt.type)) return false;
  let found = false;
  walk(stmt, (n) => {
    if (found || isFunctionNode(n)) return false;
    if ((n.type === 'CallExpression' || n.type === 'NewExpression') && effectCall(n)) found = true;
    return undefined;
  });
  return found;
}

const COMPOUND = new Set(['ForStatement', 'ForOfStatement', 'ForInStatement', 'WhileStatement', 'DoWhileStatement', 'IfStatement', 'BlockStatement', 'TryStatement', 'SwitchStatement', 'LabeledStatement']);

/** Is `e` a call or `new` that may have done something (`await`/`void` unwrapped), other than writing to the console? */
function effectCall(e: Node): boolean {
  while (e.type === 'AwaitExpression' || (e.type === 'UnaryExpression' && e.operator === 'void')) e = e.argument;
  if (e.type === 'NewExpression') return true;
  if (e.type !== 'CallExpression') return false;
  const callee = e.callee.type === 'MemberExpression' ? e.callee.object : e.callee;
  return !(callee.type === 'Identifier' && callee.name === 'console');
}

/** Where each owner of the new text is, in order: statements by index, declarations by name. */
function positions(w: CompiledModule): Map<OwnerKey, number> {
  const out = new Map<OwnerKey, number>();
  let statement = 0;
  topLevel(w.plan.program, w.source).forEach((it, i) => {
    if (it.kind === 'stmt') out.set(statement++, i);
    else if (it.kind === 'var' && it.init === 'value' && !it.anonymousDefault) out.set(it.name || it.names.join(','), i);
  });
  return out;
}

const ownersByModule = new WeakMap<CompiledModule, Map<Node, OwnerKey>>();

/** The owner an operation evaluates (a statement's index, a declaration's name), if it is one. */
function ownerOf(w: CompiledModule, op: Op): OwnerKey | undefined {
  let owners = ownersByModule.get(w);
  if (!owners) {
    owners = new Map();
    let statement = 0;
    for (const it of topLevel(w.plan.program, w.source)) {
      if (it.kind === 'stmt') owners.set(it.stmt, statement++);
      else if (it.kind === 'var' && it.init === 'value' && !it.anonymousDefault) owners.set(it.node, it.name || it.names.join(','));
    }
    ownersByModule.set(w, owners);
  }
  return owners.get(op.node);
}

/** Applies a phase-1 operation of `w`, its registrations recorded as its owner's. */
export function applyTracked(w: CompiledModule, op: Op, apply: () => void): void {
  const key = ownerOf(w, op);
  if (key === undefined) return apply();
  try {
    tracked(w.record, key, apply);
  } catch (err) {
    throw refusedRoute(err, w) ?? err;
  }
}

/**
 * A route, hook, decorator or plugin added once the framework froze its setup (Fastify once it
 * listens or started, Hono once its matcher is built): one message that says a restart is
 * needed, as a `declined` refresh (nothing of it applies: the transaction rolls back).
 */
export function refusedRoute(err: unknown, w: Pick<CompiledModule, 'record' | 'source'>): PhaseError | undefined {
  // Already said (applyTracked refused it, then the evaluate phase sees it): said once, where the statement is.
  if (err instanceof PhaseError) return err;
  const cause = (err instanceof ProgramError ? err.cause : err) as NodeJS.ErrnoException | undefined;
  if (!cause || typeof cause !== 'object') return undefined;
  const text = String(cause.message ?? '');
  const code = String(cause.code ?? '');
  const listening = code === 'FST_ERR_INSTANCE_ALREADY_LISTENING' || /Fastify instance is already (listening|started)|Cannot add route/i.test(text);
  // `await app.listen({ port, host })` edited: the server listens already (found by session 18's review).
  const reopened = code === 'FST_ERR_REOPENED_SERVER' || /^Fastify is already listening/.test(text);
  const [framework, routes] = reopened
    ? ['Fastify cannot listen again while it listens (its port, host and options are set when it starts)', false]
    : listening
    ? /route/i.test(text)
      ? ['Fastify cannot add or remove routes once it listens', true]
      : ['Fastify cannot add hooks or handlers once it listens', false]
    : code === 'FST_ERR_DEC_AFTER_START'
      ? ['Fastify cannot add decorators once it started', false]
      : /^(AVV|FST)_ERR_(ROOT_PLG|PARENT_PLUGIN)_BOOTED$|^FST_ERR_CTP_INSTANCE_ALREADY_STARTED$/.test(code)
        ? ['Fastify cannot register plugins or content type parsers once it started', false]
        : /matcher is already built/.test(text)
          ? ['Hono cannot add or remove routes once its matcher is built (after the first request)', true]
          : [undefined, false];
  if (!framework) return undefined;
  const url = w.record.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${url}(?:\\?[^:]*)?:(\\d+):(\\d+)`).exec(String(cause.stack ?? ''));
  const line = m ? Number(m[1]) : 1;
  const column = m ? Number(m[2]) - 1 : 0;
  const pe = located(
    'declined',
    rel(w.record.file),
    w.source,
    line,
    column,
    routes
      ? `this edit changes the routes of a running app, and ${framework} (${cause.name ?? 'Error'}: ${text}): routing changes there need a restart`
      : `this edit changes how a running app is set up, and ${framework} (${cause.name ?? 'Error'}: ${text}): such changes there need a restart`,
  );
  if (cause.stack) pe.error.stack = cause.stack;
  return pe;
}
