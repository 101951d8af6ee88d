/**
 * Patching a class in place: changed, added and removed methods and accessors go through
 * their slots (or new generic handles), new fields appear lazily on old instances, changed
 * constructors and field initializers reach new instances through the constructor's guard
 * (loader/ctor.ts). Compiling happens in the class scope hook, so new code can use the
 * class's `#private` names on old instances.
 */
import { classMembers, position, type Node } from '../loader/analyze.js';
import type { ClassStep } from '../loader/diff.js';
import { replaceable, rewriteConstructor } from '../loader/ctor.js';
import { CTOR_KEY, PRIVATE_PREFIX } from '../loader/contract.js';
import { classLength, CTOR_SLOT, dress, slotKey, type ClassFamily } from './families.js';
import { blank, framed, sliceForEval } from './framing.js';
import { runProgram, type Compiled, type Op } from './ops.js';
import { newHolder, setHolder } from './slots.js';
import type { UndoLog } from './undo.js';

/** A class step as operations: member swaps (phase 0), static values and blocks (phase 1). */
export function compileClass(family: ClassFamily, url: string, source: string, step: ClassStep): Compiled {
  const ops: Op[] = [];
  const notes: string[] = [];
  const cls = family.cls;
  const derived = !!step.node.superClass;
  let construct = false;
  for (const { member: m, change } of step.members) {
    const target = m.isStatic ? cls : cls.prototype;
    const label = `${step.name}.${m.key}${m.isStatic ? ' (static)' : ''}`;
    const n = m.node;
    const { line, column: col } = position(source, n.start);
    if (m.kind === 'constructor') {
      if (change !== 'removed' && !replaceable(n, derived)) {
        notes.push(`the constructor of ${step.name} uses super inside an arrow function: the change applies after a restart`);
        continue;
      }
      construct = true;
      const fn = change === 'removed' ? null : compileMember(family, url, source, n, rewriteConstructor(source, n, derived), cls.prototype, CTOR_KEY);
      ops.push({ phase: 0, label: `${step.name} constructor`, node: n, apply: (undo) => swap(family, 'ctor', fn, undo) });
    } else if (m.kind === 'method' || m.kind === 'get' || m.kind === 'set') {
      const part = m.kind === 'method' ? 'value' : m.kind;
      if (change === 'removed') {
        if (m.isPrivate) continue;
        ops.push({ phase: 0, label: `${label} (removed)`, node: n, apply: (undo) => removeMember(target, m.key, part, undo) });
        continue;
      }
      // Compile as a method of an object literal whose prototype is the class's home
      // prototype's parent, so `super.x` resolves as it would in the class (docs/design.md §4.1).
      let text = sliceForEval(source, n);
      const cut: Array<[number, number]> = [];
      if (m.isStatic) cut.push([0, 6]);
      text = blank(text, cut);
      if (m.isPrivate) {
        const k0 = n.key.start - n.start;
        text = text.slice(0, k0) + JSON.stringify(PRIVATE_PREFIX + m.key) + text.slice(n.key.end - n.start);
      }
      const literal = family.hook(framed(url, line, col, '({__proto__:__v,', text, '})'), Object.getPrototypeOf(target)) as object;
      const key = Reflect.ownKeys(literal)[0]!;
      const fn = Object.getOwnPropertyDescriptor(literal, key)![part] as Function;
      ops.push({ phase: 0, label, node: n, apply: (undo) => setMember(family, target, key, m.isStatic, part, fn, undo) });
    } else if (m.kind === 'field' && change !== 'removed' && !m.isStatic) {
      // New instances: the constructor sets the field after the original initializers ran.
      if (m.computed) continue;
      construct = true;
      const init = fieldInit(family, url, source, n);
      const key = m.key;
      const set = m.isPrivate
        ? (family.hook(`(o,v)=>{o.${key}=v}`) as (o: object, v: unknown) => void)
        : (o: object, v: unknown) => Object.defineProperty(o, key, { value: v, writable: true, enumerable: true, configurable: true });
      const apply = (o: object): void => set(o, init.call(o));
      ops.push({
        phase: 0,
        label: `${step.name}.${key}${change === 'added' ? ' (new field)' : ' (field)'}`,
        node: n,
        apply(undo) {
          const fields = new Map(family.fieldInits).set(key, apply);
          swap(family, 'fieldInits', fields, undo);
          if (change === 'added' && !m.isPrivate) lazyField(cls.prototype, key, init, undo);
        },
      });
    } else if (m.kind === 'field' && change !== 'removed' && !m.isPrivate) {
      const value: Node | null = n.value;
      const key = m.computed ? null : m.key;
      if (key === null) continue;
      if (m.isStatic) {
        const at = value && position(source, value.start);
        const code = value && at ? framed(url, at.line, at.column, '(', sliceForEval(source, value), ')') : null;
        ops.push({
          phase: 1,
          label,
          node: n,
          apply(undo) {
            const before = Object.getOwnPropertyDescriptor(cls, key);
            const v = code ? runProgram(() => family.hook(code)) : undefined;
            Object.defineProperty(cls, key, { value: v, writable: true, enumerable: true, configurable: true });
            undo.push(() => restore(cls, key, before));
          },
        });
      }
    } else if (m.kind === 'block' && change !== 'removed') {
      const code = framed(url, line, col, '', blank(sliceForEval(source, n), [[0, 6]]), '');
      ops.push({ phase: 1, label: `${step.name} static block`, node: n, apply: () => void runProgram(() => family.hook(code)) });
    }
  }
  if (construct) {
    // While the original constructor is in force, new fields need its body as a method too.
    const own = classMembers(step.node, source).find((m) => m.kind === 'constructor');
    const current =
      own && replaceable(own.node, derived) ? compileMember(family, url, source, own.node, rewriteConstructor(source, own.node, derived), cls.prototype, CTOR_KEY) : null;
    ops.push({ phase: 0, label: '', node: step.node, apply: (undo) => installConstructor(family, derived, current, undo) });
  }
  return { ops, notes };
}

/** A method compiled in the class's scope, with `super` resolving from `target`'s parent. */
function compileMember(family: ClassFamily, url: string, source: string, n: Node, text: string, target: object, key: string): Function {
  const at = position(source, n.start);
  const literal = family.hook(framed(url, at.line, at.column, '({__proto__:__v,', text, '})'), Object.getPrototypeOf(target)) as any;
  return literal[key] as Function;
}

/** A field initializer as a method: `this` is the instance, `super` the parent prototype. */
function fieldInit(family: ClassFamily, url: string, source: string, n: Node): Function {
  const value: Node | null = n.value;
  if (!value) return () => undefined;
  const at = position(source, value.start);
  const code = framed(url, at.line, at.column, '({__proto__:__v,f(){return(', sliceForEval(source, value), ')}}).f');
  return family.hook(code, Object.getPrototypeOf(family.cls.prototype)) as Function;
}

function swap<K extends 'ctor' | 'fieldInits'>(family: ClassFamily, key: K, value: ClassFamily[K], undo: UndoLog): void {
  const before = family[key];
  family[key] = value;
  undo.push(() => (family[key] = before));
}

/**
 * Point the constructor slot at the constructor in force, wrapped so that fields added or
 * changed by refreshes are set on every new instance.
 */
function installConstructor(family: ClassFamily, derived: boolean, current: Function | null, undo: UndoLog): void {
  const slot = family.slots.get(CTOR_SLOT);
  if (!slot) return;
  const fields = [...family.fieldInits.values()];
  // family.ctor: undefined — the class's own constructor is in force; null — none (default).
  const body = family.ctor === undefined ? (fields.length ? current : undefined) : family.ctor;
  const inner: Function | undefined = body === null ? (derived ? defaultDerived : defaultBase) : body;
  const init = (o: object): void => fields.forEach((f) => f(o));
  const fn =
    !fields.length || !inner
      ? inner
      : derived
        ? // The guard's protocol (loader/ctor.ts): pass every request through, set the fields
          // on the instance as soon as super() returned it.
          function* (nt: unknown, ...a: unknown[]): Generator<unknown, unknown, unknown> {
            const g = inner.call(undefined, nt, ...a) as Generator<[number, unknown], unknown, unknown>;
            let r = g.next();
            while (!r.done) {
              const q = r.value;
              const v = yield q;
              if (q[0] === 0) init(v as object);
              r = g.next(v);
            }
            return r.value;
          }
        : function (this: object, nt: unknown, ...a: unknown[]) {
            init(this);
            return inner.call(this, nt, ...a);
          };
  const prev = slot.impl;
  setHolder(slot.holder, fn);
  slot.impl = fn as Function;
  if (inner) classLength(family.cls, inner);
  undo.push(() => {
    setHolder(slot.holder, prev);
    slot.impl = prev;
  });
}

const defaultBase = function (): void {};
const defaultDerived = function* (_nt: unknown, ...a: unknown[]): Generator<unknown, void, unknown> {
  yield [0, a];
};

function restore(target: object, key: PropertyKey, desc: PropertyDescriptor | undefined): void {
  if (desc) Object.defineProperty(target, key, desc);
  else delete (target as any)[key];
}

function removeMember(target: any, key: string, part: string, undo: UndoLog): void {
  const before = Object.getOwnPropertyDescriptor(target, key);
  if (!before) return;
  if (part === 'value' || !(before.get && before.set)) delete target[key];
  else Object.defineProperty(target, key, { ...before, [part]: undefined });
  undo.push(() => Object.defineProperty(target, key, before));
}

/** Point a member at new code: through its slot when it has one, else a generic handle. */
function setMember(family: ClassFamily, target: any, key: PropertyKey, isStatic: boolean, part: 'value' | 'get' | 'set', fn: Function, undo: UndoLog): void {
  const before = Object.getOwnPropertyDescriptor(target, key);
  const slot = typeof key === 'string' ? family.slots.get(slotKey(isStatic, part, key)) : undefined;
  let handle: Function | null;
  if (slot) {
    const prev = slot.impl;
    // A guarded member is its own handle: its holder is empty while it is in force.
    setHolder(slot.holder, fn, slot.handle);
    slot.impl = fn;
    undo.push(() => {
      setHolder(slot.holder, prev, slot.handle);
      slot.impl = prev;
    });
    handle = slot.handle;
  } else {
    const id = `${isStatic ? 1 : 0}|${part}|${String(key)}`;
    let added = family.added.get(id);
    if (!added) {
      // A holder in a `const`, as the instrumented handles have (runtime/slots.ts).
      const holder = newHolder() as { f: Function };
      const h =
        part === 'value'
          ? function (this: unknown, ...a: unknown[]) {
              return holder.f.apply(this, a);
            }
          : part === 'get'
            ? function (this: unknown) {
                return holder.f.call(this);
              }
            : function (this: unknown, v: unknown) {
                holder.f.call(this, v);
              };
      added = { holder, handle: h };
      family.added.set(id, added);
    }
    const box = added;
    const prev = box.holder.f;
    setHolder(box.holder, fn);
    undo.push(() => setHolder(box.holder, prev));
    handle = box.handle;
  }
  if (!handle) return; // a #private member: its forwarder follows the slot
  dress(handle, fn);
  const desc: PropertyDescriptor =
    part === 'value'
      ? { value: handle, writable: true, enumerable: false, configurable: true }
      : ({ get: before?.get, set: before?.set, enumerable: false, configurable: true, [part]: handle } as PropertyDescriptor);
  if (before?.[part] !== handle || (part === 'value' && !('value' in before))) {
    Object.defineProperty(target, key, desc);
    undo.push(() => restore(target, key, before));
  }
}

/** A public field added to a class: existing instances get it the first time it is read or written. */
function lazyField(proto: object, key: string, init: Function, undo: UndoLog): void {
  const before = Object.getOwnPropertyDescriptor(proto, key);
  const own = (o: object, value: unknown): void => {
    Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
  };
  Object.defineProperty(proto, key, {
    configurable: true,
    enumerable: false,
    get(this: object) {
      if (this === proto) return undefined;
      const v = init.call(this);
      own(this, v);
      return v;
    },
    set(this: object, v: unknown) {
      own(this, v);
    },
  });
  undo.push(() => restore(proto, key, before));
}

