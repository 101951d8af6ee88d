/**
 * `#names` of a running class. A class gets its private names when it is created, and only
 * code lexically inside it can use them, so a refresh compiles members in the class's own
 * scope (runtime/class-code.ts).
 *
 * A refresh whose class text declares `#names` the class was not created with grows that
 * scope (`growPrivates`, docs/design.md §3.11): it evaluates, in the class's scope, a class
 * that declares them and extends a function returning its argument, so that constructing it
 * on an object gives that object the new names (fields initialized, methods and accessors
 * branded) and nothing else. Its body holds the scope hook later members are compiled in:
 * there the class's own `#names` and the new ones are both visible. Instances made after
 * the refresh get the names as they are constructed (the constructor's field step); those
 * made before, the first time code reaches one of the names on them: compiled code reads
 * `o.#name` as `__lm$s(o).#name` (`stamping`), and `__lm$s` gives an instance of the class
 * the names it lacks. Static names are given to the class itself when the refresh applies.
 * A private member whose kind changed (a field that became a method) is declared again in
 * the nested scope, whose name shadows the class's own in code compiled there.
 *
 * Where the nested scope cannot be made, what cannot be compiled in the class's scope stays
 * as it was, or (a new public method or accessor using a name that is missing) throws a
 * message that says why; one note lists what (`PrivateLimits`).
 */
import { Parser } from 'acorn';
import MagicString from 'magic-string';
import { walk, type Member, type Node } from '../loader/analyze.js';
import { PRIVATE_PREFIX, type Hook, type Holder } from '../loader/contract.js';
import { privateNames } from '../loader/scope.js';
import { nestedHook } from './extra-scope.js';
import { slotKey, type ClassFamily, type MemberSlot, type PrivateScope } from './families.js';
import type { Op } from './ops.js';
import { newHolder } from './slots.js';
import type { UndoLog } from './undo.js';

/** The name compiled code calls to give an object the names it lacks before it reads one. */
const STAMP = '__lm$s';

/**
 * The class step declares `#names` the class does not have: grow its scope for them (one
 * nested scope for instance names, one for static names). While the step compiles, the
 * family's hook is the grown one; `ops` make the growth the program's when the refresh
 * applies (with undo); `restore` puts the family back after the compile. Undefined when
 * nothing is new, or the scope could not be made (PrivateLimits then says what stays).
 * `instances`: new instance names, which new instances get from the constructor's field step.
 */
export function growPrivates(
  family: ClassFamily,
  name: string,
  members: readonly Member[],
  notes: string[],
): { ops: Op[]; restore(): void; instances: boolean; declared: readonly Member[]; redeclared: ReadonlySet<string> } | undefined {
  // A name the class has under another kind (a field that became a method) is declared
  // again in the nested scope, which shadows the class's own there.
  const keys = new Set(members.filter((m) => m.isPrivate && !m.computed && (!family.privates.has(m.key) || !sameKind(family, m))).map((m) => m.key));
  const fresh = members.filter((m) => m.isPrivate && keys.has(m.key));
  if (!fresh.length) return undefined;
  const before = { hook: family.hook, privates: family.privates, grown: family.grown, slots: family.slots, fieldInits: family.fieldInits };
  const slots = new Map(family.slots);
  const grown = [...family.grown];
  let hook = family.hook;
  try {
    for (const isStatic of [false, true]) {
      const group = fresh.filter((m) => m.isStatic === isStatic);
      if (!group.length) continue;
      const scope = nest(family, hook, group, isStatic, slots, [...grown.flatMap((g) => [...g.names]), ...group.map((m) => m.key)]);
      grown.push(scope.scope);
      hook = scope.hook;
    }
  } catch (err) {
    // What the members that use them do instead is said by PrivateLimits.
    notes.push(`class ${name}: limeade could not give the running class its new #private name(s) (${String((err as Error)?.message ?? err)})`);
    return undefined;
  }
  // Without a `#name` of its own, the class has no brand that tells its instances from other
  // objects inheriting from its prototype (`Object.create(C.prototype)`): those get the names
  // too, where a fresh process's code would throw on them.
  if (fresh.some((m) => !m.isStatic) && !ownName(family) && !before.grown.some((g) => !g.isStatic))
    notes.push(`class ${name} had no #private names of its own: an object that inherits from ${name}.prototype without being made by ${name} (Object.create) gets the new ones when code reaches them, where after a restart that code would throw`);
  const give = stamper(family);
  const fieldInits = grown.some((g) => !g.isStatic) ? new Map(family.fieldInits).set(GIVE_KEY, give) : family.fieldInits;
  const after = { hook, privates: new Set([...family.privates, ...fresh.map((m) => m.key)]), grown, slots, fieldInits };
  Object.assign(family, after);
  const ops: Op[] = [
    {
      phase: 0,
      label: '',
      node: fresh[0]!.node,
      apply: (undo: UndoLog) => {
        Object.assign(family, after);
        undo.push(() => Object.assign(family, before));
      },
    },
  ];
  // The class's own static names: given when a class definition would initialize them.
  if (grown.some((g) => g.isStatic && !before.grown.includes(g)))
    ops.push({ phase: 1, label: '', node: fresh.find((m) => m.isStatic)!.node, apply: () => void give(family.cls) });
  const redeclared = new Set([...keys].filter((k) => before.privates.has(k)));
  return { ops, restore: () => Object.assign(family, before), instances: fresh.some((m) => !m.isStatic), declared: fresh, redeclared };
}

/** A private member keeps its kind: the class has a slot for it (a method or accessor part), or it is a field, as before. */
function sameKind(family: ClassFamily, m: Member): boolean {
  const part = m.kind === 'method' ? 'value' : m.kind;
  if (m.kind === 'field') return ![...family.slots.keys()].some((k) => k.endsWith(`|${PRIVATE_PREFIX}${m.key}`));
  return family.slots.has(slotKey(m.isStatic, part, PRIVATE_PREFIX + m.key));
}

/** The constructor's field step gives new instances the grown names under this key (family.fieldInits). */
const GIVE_KEY = '#';

/** The scope a refresh grew for `name`, if any. */
export function grownScope(family: ClassFamily, name: string): PrivateScope | undefined {
  return [...family.grown].reverse().find((g) => g.names.has(name)); // the newest: it shadows the older ones
}

/** Point a grown field's initializer at `init`. */
export function setInit(scope: PrivateScope, name: string, init: Function, undo: UndoLog): void {
  const before = scope.inits[name];
  scope.inits[name] = init;
  undo.push(() => (scope.inits[name] = before));
}

/**
 * One nested scope: a class that declares `group` (its instance members: constructed on an
 * object, it gives that object the names), evaluated with `hook`; its methods and accessors
 * forward through slots as the class's own private ones do (loader/instrument.ts).
 */
function nest(
  family: ClassFamily,
  hook: Hook,
  group: readonly Member[],
  isStatic: boolean,
  slots: Map<string, MemberSlot>,
  names: readonly string[],
): { scope: PrivateScope; hook: Hook } {
  const q = JSON.stringify;
  const inits: Record<string, Function | undefined> = Object.create(null);
  const holders: Record<string, Holder> = Object.create(null);
  for (const m of group) for (const st of [0, 1]) for (const part of ['value', 'get', 'set']) slots.delete(slotKey(st, part, PRIVATE_PREFIX + m.key));
  const decls = group.map((m) => {
    if (m.kind === 'field') return `${m.key}=__v.i[${q(m.key)}]?.call(this);`;
    const part = m.kind === 'method' ? 'value' : m.kind;
    const k = slotKey(isStatic, part, PRIVATE_PREFIX + m.key);
    const holder = newHolder();
    holders[k] = holder;
    slots.set(k, { holder, handle: null, impl: undefined as unknown as Function });
    const at = `__v.m[${q(k)}].f`;
    return part === 'value' ? `${m.key}(){return ${at}.apply(this,arguments)}` : part === 'get' ? `get ${m.key}(){return ${at}.call(this)}` : `set ${m.key}(v){${at}.call(this,v)}`;
  });
  const first = group[0]!.key;
  const cls = hook(
    `(class extends(function(o){return o}){${decls.join('')}static __lm$has(o){return ${first} in o}static __lm$mk(${STAMP}){return(__c,__v)=>eval(__c)}})`,
    { i: inits, m: holders },
  ) as { new (o: object): object; __lm$has(o: object): boolean; __lm$mk(this: unknown, s: unknown): Hook };
  const raw = cls.__lm$mk.call(family.cls, stamper(family));
  const set = new Set(names);
  return {
    scope: { names: new Set(group.map((m) => m.key)), isStatic, has: (o) => cls.__lm$has(o), give: (o) => void new cls(o), inits },
    hook: nestedHook(hook, raw, (code) => stamping(code, set)),
  };
}

/**
 * A `#name` the class was created with that its instances carry (none: a refresh gave it all
 * it has, or its own are static: the class itself carries those, `#n in C`).
 */
function ownName(family: ClassFamily): string | undefined {
  const own = [...family.privates].filter((n) => !family.grown.some((g) => g.names.has(n)));
  return own.find((n) => !(family.hook(`(o)=>${n} in o`) as (o: object) => boolean)(family.cls));
}

const stampers = new WeakMap<ClassFamily, (o: unknown) => unknown>();

/**
 * `__lm$s`: gives `o` the grown names it lacks — the static ones if it is the class, the
 * instance ones if it is an instance of the class (it carries the class's own `#names`, or
 * without any, inherits from its prototype) — and returns it.
 */
function stamper(family: ClassFamily): (o: unknown) => unknown {
  let give = stampers.get(family);
  if (give) return give;
  const own = ownName(family);
  const proto = family.cls.prototype;
  const instance = own ? (family.hook(`(o)=>${own} in o`) as (o: object) => boolean) : (o: object) => Object.prototype.isPrototypeOf.call(proto, o);
  give = (o) => {
    if ((typeof o !== 'object' || o === null) && typeof o !== 'function') return o;
    for (const g of family.grown) if (!g.has(o as object) && (g.isStatic ? o === family.cls : instance(o as object))) g.give(o as object);
    return o;
  };
  stampers.set(family, give);
  return give;
}

/**
 * `code` with every `o.#name` of `names` read as `__lm$s(o).#name`, and `#name in o` as
 * `#name in __lm$s(o)`; where `o` is `this` or a variable, the call is made only when a brand
 * check says the object lacks the name (`(#name in o?o:__lm$s(o)).#name`). A class in the code
 * that declares one of the names keeps its own inside it.
 */
function stamping(code: string, names: ReadonlySet<string>): string {
  if (![...names].some((n) => code.includes(n))) return code;
  let program: Node;
  try {
    program = Parser.parse(code, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      checkPrivateFields: false,
      allowSuperOutsideMethod: true,
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
    }) as unknown as Node;
  } catch {
    return code; // eval reports the syntax error itself
  }
  const ms = new MagicString(code);
  const wrap = (n: Node): void => {
    ms.appendLeft(n.start, `${STAMP}(`);
    ms.appendLeft(n.end, ')');
  };
  // `this.#n` as `(#n in this?this:__lm$s(this)).#n`: where the object has the name (all but
  // the first reach on an old instance), a brand check V8 compiles to a compare, not a call.
  // The check is made on objects only: on a primitive, `in` would throw its own TypeError
  // ("Cannot use 'in' operator…") where `(5).#n` and `undefined.#n` throw theirs (a method
  // called unbound), so those go to `__lm$s`, which returns them as they are.
  const checked = (n: Node, name: string): void => {
    const o = code.slice(n.start, n.end);
    ms.appendLeft(n.start, `((typeof ${o}=='object'&&${o}!==null||typeof ${o}=='function')&&${name} in `);
    ms.appendLeft(n.start, `${o}?${o}:${STAMP}(`);
    ms.appendLeft(n.end, '))');
  };
  // Members of an optional chain already rewritten (`chained`).
  const handled = new Set<Node>();
  /**
   * `o?.k.#n` (a grown name whose object an optional link before it may cut short): wrapping
   * the object (`__lm$s(o?.k).#n`) would end the chain there, and a nullish `o` would throw
   * where the chain gives undefined. The chain is read as a conditional instead, split at the
   * last optional link before the name: `((__lm$s.t=o)==null?void 0:__lm$s(__lm$s.t.k).#n)`:
   * what is before that link is evaluated once, a nullish value short-circuits as the link
   * would, and what follows runs on the value as it did. (Where that link is an optional call,
   * `a.f?.().#n`, whose `this` a split would lose, the split is at the name itself: a
   * nullish value there, which would throw, reads undefined.) The temporary is read as soon as
   * it is written.
   */
  const chained = (chain: Node, names: ReadonlySet<string>): void => {
    const spine: Node[] = [];
    for (let n: Node = chain.expression; n.type === 'MemberExpression' || n.type === 'CallExpression'; n = n.type === 'MemberExpression' ? n.object : n.callee) spine.push(n);
    // The first member (in evaluation order) reading a grown name with an optional link before it.
    for (let i = spine.length - 1; i >= 0; i--) {
      const m = spine[i]!;
      if (m.type !== 'MemberExpression' || m.optional || m.property.type !== 'PrivateIdentifier' || !names.has(`#${m.property.name}`)) continue;
      const link = spine.slice(i + 1).find((l) => l.optional);
      if (!link) continue;
      const t = `${STAMP}.t`;
      ms.appendLeft(chain.start, `((${t}=`);
      if (link.type === 'MemberExpression') {
        const base = link.object;
        const at = base.end + code.slice(base.end, link.property.start).indexOf('?.');
        ms.appendLeft(at, `)==null?void 0:${STAMP}(${t}`);
        ms.overwrite(at, at + 2, link.computed ? '' : '.');
        ms.appendLeft(m.object.end, ')');
      } else ms.appendLeft(m.object.end, `)==null?void 0:${STAMP}(${t})`);
      ms.appendLeft(chain.end, ')');
      handled.add(m);
      return;
    }
  };
  const visit = (root: Node, names: ReadonlySet<string>): void =>
    walk(root, (n) => {
      if (n.type === 'ChainExpression') chained(n, names);
      else if (n.type === 'MemberExpression' && n.property.type === 'PrivateIdentifier' && names.has(`#${n.property.name}`)) {
        if (handled.has(n)) return undefined;
        if (!n.optional && (n.object.type === 'ThisExpression' || n.object.type === 'Identifier')) checked(n.object, `#${n.property.name}`);
        else wrap(n.object);
      }
      else if (n.type === 'BinaryExpression' && n.operator === 'in' && n.left.type === 'PrivateIdentifier' && names.has(`#${n.left.name}`)) {
        // `#n in o` as `(#n in o||#n in __lm$s(o))`: the call only where the answer is no.
        if (n.right.type === 'ThisExpression' || n.right.type === 'Identifier') {
          const o = code.slice(n.right.start, n.right.end);
          ms.appendLeft(n.start, '(');
          ms.appendLeft(n.end, `||#${n.left.name} in ${STAMP}(${o}))`);
        } else wrap(n.right);
      }
      else if (n !== root && n.type === 'ClassBody') {
        // A class in the code declaring one of the names: inside it, the name is its own.
        const own = (n.body as Node[]).filter((m) => m.key?.type === 'PrivateIdentifier').map((m) => `#${m.key.name}`);
        if (own.some((k) => names.has(k))) {
          visit(n, new Set([...names].filter((k) => !own.includes(k))));
          return false;
        }
      }
      return undefined;
    });
  visit(program, names);
  return ms.toString();
}

export class PrivateLimits {
  readonly #kept: string[] = [];
  readonly #stubbed: string[] = [];
  readonly #names = new Set<string>();
  readonly #kinds: string[] = [];

  constructor(
    private readonly family: ClassFamily,
    private readonly name: string,
  ) {}

  /** Can `m` (added or changed) not be compiled in the class's scope? Then it is noted. */
  blocks(m: Member, label: string): boolean {
    const { family } = this;
    if (m.isPrivate && family.privates.has(m.key) && !sameKind(family, m)) {
      this.#kinds.push(m.key);
      return true;
    }
    const fresh = [...privateNames(m.node)].filter((p) => !family.privates.has(p));
    if (!fresh.length) return false;
    fresh.forEach((p) => this.#names.add(p));
    if (this.stubbed(m)) this.#stubbed.push(label);
    else this.#kept.push(m.kind === 'constructor' ? 'its constructor' : m.kind === 'block' ? 'a static block' : label);
    return true;
  }

  /** A blocked member that is a new public method or accessor: it gets `stub()`. */
  stubbed(m: Member): boolean {
    return (m.kind === 'method' || m.kind === 'get' || m.kind === 'set') && !m.isPrivate && !this.#existed(m);
  }

  /** What a new public member that cannot be compiled does instead. */
  stub(label: string): Function {
    const names = [...this.#names].join(', ');
    return function () {
      throw new TypeError(`[limeade] ${label} uses ${names}, which the running class does not have: restart the program to use it`);
    };
  }

  notes(): string[] {
    const out: string[] = [];
    const { name } = this;
    if (this.#names.size) {
      const what = [
        ...(this.#kept.length ? [`these stay as they were: ${this.#kept.join(', ')}`] : []),
        ...(this.#stubbed.length ? [`these throw when used: ${this.#stubbed.join(', ')}`] : []),
      ];
      out.push(`class ${name} has new private name(s) ${[...this.#names].join(', ')}: the running class does not have them, so until a restart ${what.join('; ')}`);
    }
    if (this.#kinds.length)
      out.push(`class ${name}: ${this.#kinds.join(', ')} changed between field, method and accessor: a running class keeps its #private members' kinds, so the change applies after a restart`);
    return out;
  }


  #existed(m: Member): boolean {
    const part = m.kind === 'method' ? 'value' : (m.kind as 'get' | 'set');
    const target = m.isStatic ? this.family.cls : this.family.cls.prototype;
    return !!Object.getOwnPropertyDescriptor(target, m.key)?.[part];
  }
}
