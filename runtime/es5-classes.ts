/**
 * Classes compiled for ES5 (docs/design.md §2.2): a declaration whose value a function builds
 * and returns, `var Duration = function () { function Duration(…) {…} var _proto =
 * Duration.prototype; _proto.add = function add(…) {…}; … return Duration; }();` (Babel; and
 * TypeScript's `(function () { … }())`). An edit of a method's body follows through its
 * closure site (§3.7); an edit outside the bodies (a method added, removed or renamed) runs the
 * declaration again, which builds another class. Found by the dayjs replay: a duration made at
 * start was no longer `instanceof Duration`, and a class a plugin extended at start would lose
 * what the plugin added and wrapped.
 *
 * So the class the program holds continues (`adoptEs5Class`): the new one's prototype methods
 * it lacks are added to it, the ones the new text no longer defines are deleted, statics are
 * copied, and the functions the first version built — its constructor and its methods, which
 * the program may hold (a plugin's `var oldParse = proto.parse`) — forward to their new
 * counterparts, through a table each later edit updates. The new constructor's `prototype` is
 * the held class's, so `instanceof` holds both ways and `new` of either makes one kind of
 * instance. The binding keeps the held class.
 */
import { topLevel, type Item, type Node } from '../loader/analyze.js';
import { closureSites, leadCount } from '../loader/closures.js';
import { closureKey, inlineClosureOwner } from '../loader/contract.js';
import { inlineFunctions, inlineRoot } from '../loader/inline.js';
import { copyOwn, FUNCTION_OWN } from './families.js';
import { runningProgram, type ModuleRecord } from './registry.js';
import { setHolder } from './slots.js';
import type { UndoLog } from './undo.js';

/** What a function building an ES5 class is: its function node, and the constructor's name it returns. */
export function es5ClassOf(init: Node | null | undefined): { fn: Node; name: string } | undefined {
  if (init?.type !== 'CallExpression' || (init.arguments as Node[]).length > 1) return undefined;
  const fn = init.callee;
  if (fn.type !== 'FunctionExpression' || fn.body.type !== 'BlockStatement') return undefined;
  const body = fn.body.body as Node[];
  const last = body.at(-1);
  if (last?.type !== 'ReturnStatement' || last.argument?.type !== 'Identifier') return undefined;
  const name = last.argument.name as string;
  return body.some((n) => n.type === 'FunctionDeclaration' && n.id?.name === name) ? { fn, name } : undefined;
}

/**
 * Can the class the old text built continue as the new text's (`adoptEs5Class`)? Both build one
 * of the same name, and the new text's function does nothing but declare, assign its methods
 * (`_proto.k = function …`, `Name.prototype.k = …`, `Name.k = …`), set up inheritance
 * (`_inheritsLoose(Name, _super)`, `__extends(Name, _super)`) and return it: methods defined
 * otherwise (Babel's `_createClass(Name, [{ key, value }])`) have no place the held class's
 * functions could forward from, and a class built so is built anew, as before (noted).
 */
export function continuable(oldInit: Node | null | undefined, init: Node | null | undefined): boolean {
  const was = es5ClassOf(oldInit);
  const now = es5ClassOf(init);
  if (!was || !now || was.name !== now.name) return false;
  return (now.fn.body.body as Node[]).every((st) => {
    if (st.type === 'FunctionDeclaration' || st.type === 'VariableDeclaration' || st.type === 'ReturnStatement' || st.type === 'EmptyStatement') return true;
    if (st.type !== 'ExpressionStatement') return false;
    const e = st.expression;
    if (e.type === 'AssignmentExpression') return e.left.type === 'MemberExpression';
    return e.type === 'CallExpression' && e.callee.type === 'Identifier' && /extends|inherits/i.test(e.callee.name);
  });
}

/**
 * The running text's declaration of `item`'s name when a value step for `item` makes the class
 * held continue (`continuable`): its value stays that class, so nothing that read it changes.
 */
export function continuedFrom(record: ModuleRecord, item: Item): Item | undefined {
  if (item.kind !== 'var' || item.anonymousDefault || !item.name || !es5ClassOf(item.node.init) || record.source === undefined) return undefined;
  const running = runningProgram(record);
  const was = running ? topLevel(running, record.source).find((x) => x.kind === 'var' && x.name === item.name && !x.anonymousDefault) : undefined;
  return was && continuable(was.node.init, item.node.init) ? was : undefined;
}

/** Per held class: what its first version's functions forward to now, and the keys a refresh added to its prototype. */
interface Adopted {
  targets: Map<string, Function>;
  added: Set<string>;
}
const adopted = new WeakMap<Function, Adopted>();

const CTOR = '\u0000constructor';

/**
 * The properties the class's own text assigns its methods to, by site: `_proto.k` (a variable
 * the function sets to `Name.prototype`) or `Name.prototype.k` → `k`; the constructor → CTOR;
 * `Name.k` → `static k`.
 */
function roles(fn: Node, name: string): Map<Node, string> {
  const out = new Map<Node, string>();
  const protos = new Set<string>();
  for (const st of fn.body.body as Node[]) {
    if (st.type === 'FunctionDeclaration' && st.id?.name === name) out.set(st, CTOR);
    if (st.type === 'VariableDeclaration')
      for (const d of st.declarations as Node[])
        if (d.id.type === 'Identifier' && d.init?.type === 'MemberExpression' && !d.init.computed && d.init.object.type === 'Identifier' && d.init.object.name === name && d.init.property.name === 'prototype') protos.add(d.id.name);
  }
  for (const st of fn.body.body as Node[]) {
    const e = st.type === 'ExpressionStatement' ? st.expression : undefined;
    if (e?.type !== 'AssignmentExpression' || e.operator !== '=' || e.left.type !== 'MemberExpression' || e.left.computed) continue;
    if (e.right.type !== 'FunctionExpression') continue;
    const key = e.left.property.name as string;
    const obj = e.left.object;
    if (obj.type === 'Identifier' && protos.has(obj.name)) out.set(e.right, key);
    else if (obj.type === 'MemberExpression' && !obj.computed && obj.object.type === 'Identifier' && obj.object.name === name && obj.property.name === 'prototype') out.set(e.right, key);
    else if (obj.type === 'Identifier' && obj.name === name) out.set(e.right, `static ${key}`);
  }
  return out;
}

/** The keys of the prototype methods a class's text defines (for what the new text removed). */
function protoKeys(fn: Node, name: string): Set<string> {
  return new Set([...roles(fn, name).values()].filter((k) => k !== CTOR && !k.startsWith('static ')));
}

/**
 * After `value`, the new class, was built by a declaration step for `item` that continues
 * `oldItem` (`continuedFrom`): make the class the binding holds (`held`) continue as it (see
 * the header). Returns the value to bind: `held` when it continues, else `value`.
 */
export function adoptEs5Class(record: ModuleRecord, item: Item, oldItem: Item, held: unknown, value: unknown, undo: UndoLog): unknown {
  if (typeof held !== 'function' || typeof value !== 'function' || held === value) return value;
  const now = es5ClassOf(item.node.init)!;
  const was = es5ClassOf(oldItem.node.init)!;
  const H = held as Function & { prototype: any };
  const N = value as Function & { prototype: any };
  const P = H.prototype;
  const Pn = N.prototype;
  if (!P || typeof P !== 'object' || !Pn || typeof Pn !== 'object') return value;

  let table = adopted.get(H);
  if (!table) {
    // First time: the first version's functions forward through the table from now on.
    table = { targets: new Map(), added: new Set() };
    const t = table;
    const root = inlineRoot(oldItem);
    const ordinal = root ? inlineFunctions(root).indexOf(was.fn) : -1;
    if (ordinal < 0) return value;
    const owner = inlineClosureOwner(oldItem.name, ordinal);
    const role = roles(was.fn, was.name);
    for (const site of closureSites(was.fn, false)) {
      const key = role.get(site.node);
      if (!key || site.node.type !== 'FunctionExpression' && site.node.type !== 'FunctionDeclaration') continue;
      if (site.node.generator || site.node.async) continue;
      const lead = leadCount(site);
      for (const entry of record.closures.get(closureKey(owner, site.ordinal)) ?? []) {
        const before = Object.getPrototypeOf(entry.holder).f as Function | undefined;
        setHolder(entry.holder, function (this: unknown, ...args: unknown[]) {
          const target = t.targets.get(key);
          return target ? Reflect.apply(target, this, lead ? args.slice(lead) : args) : undefined;
        });
        undo.push(() => setHolder(entry.holder, before));
      }
    }
    adopted.set(H, table);
    undo.push(() => adopted.delete(H));
  }
  const t = table;

  // What the first version's functions run now: the new class's.
  const targets = new Map(t.targets);
  targets.set(CTOR, N);
  for (const k of Object.getOwnPropertyNames(Pn)) if (k !== 'constructor' && typeof Pn[k] === 'function') targets.set(k, Pn[k]);
  for (const k of Object.getOwnPropertyNames(N)) if (!FUNCTION_OWN.has(k) && typeof (N as any)[k] === 'function') targets.set(`static ${k}`, (N as any)[k]);
  const previous = t.targets;
  t.targets = targets;
  undo.push(() => void (t.targets = previous));

  // Methods the held prototype lacks, or that a refresh added: the new ones.
  const define = (target: any, k: string, d: PropertyDescriptor): void => {
    const before = Object.getOwnPropertyDescriptor(target, k);
    Object.defineProperty(target, k, d);
    undo.push(() => (before ? Object.defineProperty(target, k, before) : delete target[k]));
  };
  const addedBefore = new Set(t.added);
  undo.push(() => void (t.added = addedBefore));
  for (const k of Object.getOwnPropertyNames(Pn)) {
    if (k === 'constructor') continue;
    if (Object.prototype.hasOwnProperty.call(P, k) && !t.added.has(k)) continue;
    define(P, k, Object.getOwnPropertyDescriptor(Pn, k)!);
    t.added.add(k);
  }
  // Methods the new text no longer defines: gone, as a fresh process would not have them.
  const kept = protoKeys(now.fn, now.name);
  for (const k of protoKeys(was.fn, was.name)) {
    if (kept.has(k) || !Object.prototype.hasOwnProperty.call(P, k)) continue;
    const before = Object.getOwnPropertyDescriptor(P, k)!;
    if (!before.configurable) continue;
    delete P[k];
    t.added.delete(k);
    undo.push(() => Object.defineProperty(P, k, before));
  }
  // Statics the new class sets (data too: `Duration.VERSION = …`).
  copyOwn(N, H, FUNCTION_OWN, undo);
  // One kind of instance: `new` of the new constructor (its own code: `new Duration(…)`) makes
  // the held class's, and its class check (`_classCallCheck(this, Duration)`) accepts them.
  const protoBefore = Object.getOwnPropertyDescriptor(N, 'prototype')!;
  if (protoBefore.writable) {
    N.prototype = P;
    undo.push(() => Object.defineProperty(N, 'prototype', protoBefore));
  }
  return H;
}
