/**
 * Patching a class in place: changed, added and removed methods and accessors go through
 * their slots (or new generic handles), new fields appear lazily on old instances, changed
 * constructors and field initializers reach new instances through the constructor's guard
 * (loader/ctor.ts), a changed extends clause re-links the class (runtime/heritage.ts).
 * Compiling happens in the class scope hook, so new code can use the class's `#private`
 * names on old instances (runtime/class-code.ts); the writes are runtime/class-writes.ts.
 * The same steps apply a class that continues through a re-import (runtime/reimport.ts).
 */
import { EventEmitter } from 'node:events';
import { assignedMembers, classMembers, isFunctionNode, memberId, parseModule, position, topLevel, walk, type Member, type Node } from '../loader/analyze.js';
import { blankedText } from '../loader/inline.js';
import { closureSites } from '../loader/closures.js';
import type { ClassStep, MemberChange } from '../loader/diff.js';
import { replaceable, rewriteConstructor, selfParam } from '../loader/ctor.js';
import { callsSuper, thisWrites, type StateWrite } from '../loader/ctor-state.js';
import { CTOR_KEY, memberOwner, PRIVATE_PREFIX } from '../loader/contract.js';
import { ownerClosures, type OwnerCompile } from './closures.js';
import { runningProgram, type ModuleRecord } from './registry.js';
import { slotKey, type ClassFamily } from './families.js';
import { classExpression, compileIn, editable, hookValue, readsOuter, type ClassCompile, type Outer } from './class-code.js';
import { growPrivates, grownScope, PrivateLimits, setInit } from './class-privates.js';
import { mergeNested } from './cjs-exports.js';
import { privateNames } from '../loader/scope.js';
import { dropLazyField, installConstructor, lazyField, ownDefiner, protoValue, removeMember, restore, retarget, setMember, swap } from './class-writes.js';
import { framed } from './framing.js';
import { heritageOp, syncSupers } from './heritage.js';
import { runProgram, type Compiled } from './ops.js';
import { rel } from './report.js';

/**
 * How many new instances a constructor's state goes through its accessor for (each write
 * costs 5–20 ns there: docs/benchmarks.md run 21); then the prototype no longer has it, and
 * instances made before the edit that have not read it yet lack it, as the note says.
 */
const STATE_SETS = 1024;

/** One class's compile: what every member adds to. */
interface Unit extends Compiled {
  c: ClassCompile;
  /** The constructor's protocol is the one the class was created with (loader/ctor.ts): a derived one calls super(). */
  derived: boolean;
  /** The class was created derived and its text no longer extends anything. */
  implicitSuper: boolean;
  /** The class was created without an extends clause and its text has one: its constructor cannot call super(). */
  noSuper: boolean;
  /** Some member changes what `new` does: the constructor slot is set again. */
  construct: boolean;
  /** The constructor's body compiled for the guard, once per class step (its closure sites get their holders once). */
  ctor?: Function;
  /** Public fields the new text no longer declares (one note says so). */
  removedFields?: string[];
  /** New public fields that instances made before get through an accessor on the prototype (one note says so). */
  lazyFields?: string[];
}

/**
 * A class step as operations: member swaps (phase 0); a new extends clause, static values
 * and blocks (phase 1, the extends clause first, as a class evaluates it first).
 */
export function compileClass(c: ClassCompile): Compiled {
  c = withInnerName(c);
  const { family, step } = c;
  const derived = family.derived;
  const textDerived = !!step.node.superClass;
  const u: Unit = { c, ops: [], notes: [], derived, implicitSuper: derived && !textDerived, noSuper: !derived && textDerived, construct: false };
  // The program may have re-linked the class itself (a mixin): `super` follows what it is now.
  u.ops.push({ phase: 0, label: '', node: step.node, apply: (undo) => syncSupers(family, undo) });
  if (step.heritage) u.ops.push(heritageOp(c, step.heritage.node, u.notes));
  if (u.noSuper && step.members.some(({ member: m, change }) => m.kind === 'constructor' || (m.kind === 'field' && !m.isStatic && change !== 'removed')))
    u.notes.push(
      `class ${step.name} was created without an extends clause: its constructor cannot call super() while the program runs, so its constructor and field changes apply after a restart`,
    );
  // New `#names`: members compile in a scope grown for them (runtime/class-privates.ts).
  const growth = growPrivates(family, step.name, classMembers(step.node, c.source), u.notes);
  try {
    if (growth) u.ops.push(...growth.ops);
    // Members declared in the grown scope get their code there, changed or not (an accessor's
    // other half: both are declared anew), and so does every method or accessor that uses a
    // name declared again under another kind (`get #f` gaining `set #f`): compiled where the
    // class was made, it would reach the class's own, old one.
    if (growth) u.c = withRecompiled(u.c, growth.declared, growth.redeclared);
    // Instances made from now on get the new instance names as they are constructed.
    if (growth?.instances) u.construct = true;
    compileMembers(u);
  } finally {
    growth?.restore();
  }
  return { ops: u.ops, notes: u.notes };
}

function withRecompiled(c: ClassCompile, declared: readonly Member[], redeclared: ReadonlySet<string>): ClassCompile {
  const id = (m: Member): string => `${memberId(m)}|${m.isPrivate}`;
  const listed = new Set(c.step.members.map((ch) => id(ch.member)));
  const nodes = new Set(declared.map((m) => m.node));
  const uses = (m: Member): boolean => [...redeclared].some((k) => new RegExp(`${k}(?![\\w$])`).test(m.text));
  const extra = classMembers(c.step.node, c.source).filter(
    (m) => !listed.has(id(m)) && (m.kind === 'method' || m.kind === 'get' || m.kind === 'set') && (nodes.has(m.node) || uses(m)),
  );
  return extra.length ? { ...c, step: { ...c.step, members: [...c.step.members, ...extra.map((member): MemberChange => ({ id: memberId(member), member, change: 'changed' }))] } } : c;
}

/**
 * A class expression's own name (`var Node = class _Node { … new _Node() … }`) is bound only
 * inside the class, from its creation: a running class created with another name, or none
 * (hono 4.11.0's esbuild build named `class {` `class _Node {`), has no such binding in its
 * scope, so members compiled there read it through an accessor (as names of a newer module
 * version, `outerScope`), which gives the class; assigning it throws, as assigning a class's
 * own name does.
 */
function withInnerName(c: ClassCompile): ClassCompile {
  const name: string | undefined = c.step.node.id?.name;
  if (!name) return c;
  const cls = c.family.cls;
  try {
    if (c.family.hook(name) === cls) return c; // the class scope binds it already
  } catch {
    // not bound there
  }
  const accessors = Object.create(c.outer?.accessors ?? null, {
    [name]: {
      get: () => cls,
      set: () => {
        throw new TypeError('Assignment to constant variable.');
      },
    },
  }) as object;
  return { ...c, outer: { names: new Set([...(c.outer?.names ?? []), name]), accessors } };
}

function compileMembers(u: Unit): void {
  const { c } = u;
  const { family, step } = c;
  const limits = new PrivateLimits(family, step.name);
  // A method made an arrow field (`onTick() {…}` saved as `onTick = () => {…}`, the usual fix of
  // a callback's `this`): a reference to the method taken before (`setInterval(this.onTick)`) is
  // the old function, called without its instance, and keeps its code (found by session 17's review).
  for (const gone of step.members.filter((x) => x.change === 'removed' && x.member.kind === 'method' && !x.member.isStatic))
    if (step.members.some((x) => x.change === 'added' && x.member.kind === 'field' && !x.member.isStatic && x.member.key === gone.member.key))
      u.notes.push(`${step.name}.${gone.member.key} changed from a method to a field: instances get the new function, and a copy of the method bound to its instance calls it, but a reference taken without its instance (a callback passed on, \`setInterval(this.${gone.member.key})\`) cannot reach it and throws: restart, or pass it on again`);
  for (const change of step.members) {
    const m = change.member;
    const label = `${step.name}.${m.key}${m.isStatic ? ' (static)' : ''}`;
    if (change.change !== 'removed' && limits.blocks(m, label)) {
      if (limits.stubbed(m)) {
        const stub = limits.stub(label);
        u.ops.push({ phase: 0, label, node: m.node, apply: (undo) => setMember(family, targetOf(c, m), m.key, m.isStatic, partOf(m), stub, undo) });
      }
      continue;
    }
    if (m.kind === 'constructor') constructorOps(u, change);
    else if (m.kind === 'method' || m.kind === 'get' || m.kind === 'set') memberOps(u, change, label);
    else if (m.kind === 'field' && change.change !== 'removed') (m.isStatic ? staticFieldOps : fieldOps)(u, change, label);
    else if (m.kind === 'field' && !m.isStatic && !m.isPrivate && !m.computed) removedFieldOps(u, m);
    else if (m.kind === 'block' && change.change !== 'removed') blockOps(u, m);
  }
  if (u.construct) constructOps(u);
  const removed = u.removedFields;
  // A field made a method or an accessor (`onHit = () => …` saved as `onHit() { … }`): the own
  // property an old instance keeps hides the new member (found by session 18's second review).
  const becameMembers = new Set(step.members.filter((x) => x.change !== 'removed' && (x.member.kind === 'method' || x.member.kind === 'get' || x.member.kind === 'set') && !x.member.isStatic).map((x) => x.member.key));
  const hidden = removed?.filter((k) => becameMembers.has(k)) ?? [];
  const plain = removed?.filter((k) => !becameMembers.has(k)) ?? [];
  if (plain.length)
    u.notes.push(`${plain.length > 1 ? 'fields' : 'field'} ${plain.map((k) => `${step.name}.${k}`).join(', ')} removed: new instances no longer have ${plain.length > 1 ? 'them' : 'it'}; instances made before keep theirs`);
  for (const k of hidden)
    u.notes.push(`${step.name}.${k} changed from a field to a method or accessor: new instances use the class's; instances made before keep their own ${k} (the field's value), which hides it, so they run the old code there: restart, or \`delete instance.${k}\` for them`);
  const lazy = u.lazyFields;
  if (lazy)
    u.notes.push(
      `new ${lazy.length > 1 ? 'fields' : 'field'} ${lazy.map((k) => `${step.name}.${k}`).join(', ')}: instances made before get ${lazy.length > 1 ? 'them' : 'it'} when first read, through an accessor ${step.name}.prototype inherits from an object put before its parent until a restart (Object.getPrototypeOf(${step.name}.prototype) is that object)`,
    );
  u.notes.push(...limits.notes());
}

const targetOf = (c: ClassCompile, m: Member): any => (m.isStatic ? c.family.cls : c.family.cls.prototype);
const partOf = (m: Member): 'value' | 'get' | 'set' => (m.kind === 'method' ? 'value' : (m.kind as 'get' | 'set'));

function constructorOps(u: Unit, { member: m, change, reads }: MemberChange): void {
  const { family, step } = u.c;
  if (u.noSuper) return;
  if (change !== 'removed' && !replaceable(m.node, u.derived)) {
    u.notes.push(
      reads
        ? `the constructor of ${step.name} uses super inside an arrow function: until a restart it reads module-level names from the version the class was created in`
        : `the constructor of ${step.name} uses super inside an arrow function: the change applies after a restart`,
    );
    return;
  }
  u.construct = true;
  // (Added: the class had none, and its instances were made by the implicit one, which sets nothing.)
  if ((change === 'changed' || change === 'added') && !reads) {
    const { note, later } = lacking(u.c, m);
    u.notes.push(`the constructor of ${step.name} ${change === 'added' ? 'is new' : 'changed'}: new instances run it; instances made before keep what the old one set${note}`);
    // After the fields (a new field of that name with its own initializer: the constructor's value wins, as it does at construction).
    for (const [key, { value, shared }] of later) {
      const init = fieldInit(u.c, { type: 'PropertyDefinition', start: value!.start, end: value!.end, value } as Node);
      // A value every construction shares (a number, a string, a module's object): a data
      // property of the prototype, which costs new instances nothing (their write shadows it).
      // One each makes (`new Map()`): an accessor, which every new instance's write goes through.
      u.ops.push({ phase: 1, label: '', node: value!, apply: (undo) => (shared ? protoValue(family, key, runProgram(() => init.call(undefined)), undo) : lazyField(family, key, init, undo, STATE_SETS)) });
    }
  }
  const fn = change === 'removed' ? null : compileConstructor(u, m.node);
  u.ops.push({ phase: 0, label: `${step.name} constructor`, node: m.node, apply: (undo) => swap(family, 'ctor', fn, undo) });
}

/**
 * What a removed method's function runs from now on, where a reference to it was kept (a copy
 * bound in a constructor, `this.onData = this.onData.bind(this)`, registered as a listener):
 * what the instance has under that name now — its parent's method (an override removed, or
 * pulled up into the parent), its own arrow field (a method made one) — as a fresh process's
 * copy would be (found by session 17's review: the copy ran the deleted method for good).
 */
function removedMethodForwarder(family: ClassFamily, key: string, last: Function | undefined): Function {
  const slot = family.slots.get(slotKey(false, 'value', key));
  const own = slot?.handle;
  let said = false;
  return function (this: unknown, ...args: unknown[]): unknown {
    const now = this !== null && (typeof this === 'object' || typeof this === 'function') ? (this as Record<string, unknown>)[key] : Reflect.get(Object.getPrototypeOf(family.cls.prototype) ?? {}, key);
    if (typeof now === 'function' && now !== own) return Reflect.apply(now, this, args);
    const gone = `${family.name}.prototype.${key} was removed and ${this == null ? 'this call has no instance' : 'the instance has no method of that name'}`;
    if (!last) throw new TypeError(gone);
    // A copy taken before the save (a method bound as a listener in a constructor, then renamed)
    // keeps the code it had, as a closure the new text has no place for does, and says so once:
    // the program goes on, where a fresh process would hold the new method instead.
    if (!said) process.stderr.write(`[limeade] ${gone}: a copy of it taken before the save (a bound listener or callback) runs its last code; restart to have the new method there\n`);
    said = true;
    return Reflect.apply(last, this, args);
  };
}

/** The removed method's last code (its slot's, or its text compiled anew from the running source), for copies of it still held. */
function lastCode(c: ClassCompile, m: Member): Function | undefined {
  const slot = c.family.slots.get(slotKey(false, 'value', m.key));
  if (typeof slot?.impl === 'function' && slot.impl !== slot.handle) return slot.impl;
  const old = c.record?.source;
  if (old === undefined || old.slice(m.node.start, m.node.end) === '') return undefined;
  try {
    const before = { ...c, source: old };
    const literal = compileIn(before, m.node, editable(old, m.node, c.outer).slice(m.node.start, m.node.end), false);
    const fn = Object.getOwnPropertyDescriptor(literal, Reflect.ownKeys(literal)[0]!)?.value;
    return typeof fn === 'function' ? fn : undefined;
  } catch {
    return undefined;
  }
}

function memberOps(u: Unit, { member: m, change }: MemberChange, label: string): void {
  const { c } = u;
  const n = m.node;
  const target = targetOf(c, m);
  const part = partOf(m);
  const outside = !m.isPrivate && !m.computed && definedOutside(c.family, target, m.key) && !movedInto(c, `${c.step.name}${m.isStatic ? '' : '.prototype'}|${m.key}`);
  if (outside) {
    // (A removed member's text is the old one: its position is not in the new file.)
    const at = change === 'removed' ? null : position(c.source, n.start);
    const where = `${c.record ? rel(c.record.file) : c.url}${at ? `:${at.line}:${at.column + 1}` : ''}`;
    const what = change === 'added' ? 'is new in the class' : change === 'changed' ? 'changed' : 'was removed from the class';
    u.notes.push(
      `${label} ${what}, but ${c.step.name}${m.isStatic ? '' : '.prototype'} has ${m.key} from code outside the class (a statement after it, which overrides the class's member in a fresh process too): that property is kept as the statement made it (${where})${change === 'changed' ? ", and the class's own function, which it may hold (a wrapper), runs the new code" : ''}; if that statement was removed, restart`,
    );
    if (change !== 'changed') return;
  }
  if (change === 'removed') {
    if (!m.isPrivate) u.ops.push({ phase: 0, label: `${label} (removed)`, node: n, apply: (undo) => removeMember(target, m.key, part, undo) });
    if (!m.isPrivate && !m.isStatic && !m.computed && m.kind === 'method') u.ops.push({ phase: 0, label: '', node: n, apply: (undo) => void retarget(c.family, m.key, false, 'value', removedMethodForwarder(c.family, m.key, lastCode(c, m)), undo) });
    return;
  }
  const ms = editable(c.source, n, c.outer);
  if (m.isStatic) ms.overwrite(n.start, n.start + 6, '      ');
  if (m.isPrivate) ms.overwrite(n.key.start, n.key.end, JSON.stringify(PRIVATE_PREFIX + m.key));
  const closures = memberClosures(u, m);
  closures?.instrument(ms);
  const literal = compileIn(c, n, ms.slice(n.start, n.end), m.isStatic);
  if (closures) u.ops.push(...closures.ops), u.notes.push(...closures.notes);
  const key = Reflect.ownKeys(literal)[0]!;
  const fn = Object.getOwnPropertyDescriptor(literal, key)![part] as Function;
  if (outside) u.ops.push({ phase: 0, label, node: n, apply: (undo) => void retarget(c.family, key, m.isStatic, part, fn, undo) });
  else u.ops.push({ phase: 0, label, node: n, apply: (undo) => setMember(c.family, target, key, m.isStatic, part, fn, undo) });
}

/**
 * The class's target has `key`, and nothing of it is the class's own (a slot's or an added
 * member's handle): a statement after the class put it there (ws 7.5.3's class gained `get
 * onmessage() {}` stubs that its `['message', …].forEach((m) => Object.defineProperty(
 * WebSocket.prototype, `on${m}`, …))` overrides; 8.0.0 changed the getter stub and removed the
 * setter). A fresh process runs the class, then that statement: installing, changing or
 * removing the class's member would undo what the statement did, which a refresh does not run
 * again (its text, or only its inline callback's, unchanged).
 */
function definedOutside(family: ClassFamily, target: object, key: string): boolean {
  const before = Object.getOwnPropertyDescriptor(target, key);
  if (!before) return false;
  const own = new Set<unknown>();
  for (const slot of family.slots.values()) own.add(slot.handle);
  for (const added of family.added.values()) own.add(added.handle);
  return ![before.value, before.get, before.set].some((f) => f !== undefined && own.has(f));
}

/**
 * Was `key` (`Ent.prototype|move`, `Ent|spawn`) assigned by a top-level statement of the running
 * text that the new text no longer has (moved into the class body: `Ent.prototype.move =
 * function` saved as a method `move()`)? Then it no longer overrides the class's member: the
 * class's own goes there, and the removed statement's property is not taken back over it
 * (runtime/effects-refresh.ts undoRemovedMembers). Found by session 18's second review: both
 * were gone, and the game loop died.
 */
function movedInto(c: ClassCompile, key: string): boolean {
  const running = c.record && runningProgram(c.record);
  if (!running || c.record!.source === c.source || !assignedMembers(running, c.record!.source!, 'statements').statements.has(key)) return false;
  try {
    return !assignedMembers(parseModule(c.source), c.source, 'statements').statements.has(key);
  } catch {
    return false;
  }
}

/** An instance field: new instances get it from the constructor, after the original initializers ran. */
function fieldOps(u: Unit, { member: m, change, reads }: MemberChange): void {
  const { family, step } = u.c;
  // A name a refresh gave the class: its initializer runs when an object gets the names, which
  // needs no constructor (a class whose constructor cannot change gives them when first reached).
  const scope = m.isPrivate ? grownScope(family, m.key) : undefined;
  if (u.noSuper && !scope) return;
  if (!u.noSuper) u.construct = true;
  const closures = memberClosures(u, m);
  const init = fieldInit(u.c, m.node, closures);
  // Its closures on instances made before take the new code where they can (runtime/closures.ts).
  const arrowField = closures && m.node.value && isFunctionNode(m.node.value);
  if (change === 'changed' && !reads && !arrowField && !u.noSuper)
    u.notes.push(`field ${step.name}.${m.key} changed: new instances get the new initializer; instances made before keep their value`);
  if (scope) {
    // A name a refresh gave the class: its initializer runs when an object gets the names.
    u.ops.push({ phase: 0, label: `${step.name}.${m.key}${change === 'added' ? ' (new field)' : ' (field)'}`, node: m.node, apply: (undo) => setInit(scope, m.key, init, undo) });
    if (closures) u.ops.push(...closures.ops), u.notes.push(...closures.notes);
    return;
  }
  const key = fieldKey(u.c, m);
  const set = m.isPrivate
    ? (family.hook(`(o,v)=>{o.${m.key}=v}`) as (o: object, v: unknown) => void)
    : definerOf(key);
  const apply = (o: object): void => set(o, init.call(o));
  // Old instances get a new field the first time it is read, through an accessor on the
  // prototype; one without an initializer reads as undefined there anyway, and the prototype
  // keeps the keys a fresh process's has.
  const lazy = change === 'added' && !m.isPrivate && m.node.value != null;
  if (lazy) (u.lazyFields ??= []).push(m.computed ? `[${u.c.source.slice(m.node.key.start, m.node.key.end)}]` : m.key);
  u.ops.push({
    phase: 0,
    label: `${step.name}.${m.key}${change === 'added' ? ' (new field)' : ' (field)'}`,
    node: m.node,
    apply(undo) {
      swap(family, 'fieldInits', new Map(family.fieldInits).set(m.key, apply), undo);
      if (lazy && !m.computed) lazyField(family, m.key, init, undo);
    },
  });
  if (lazy && m.computed) u.ops.push({ phase: 1, label: '', node: m.node, apply: (undo) => lazyField(family, key(), init, undo) });
  if (closures) u.ops.push(...closures.ops), u.notes.push(...closures.notes);
}

/** Defines the field `key` names on an object, the key evaluated when first needed (`fieldKey`). */
function definerOf(key: () => PropertyKey): (o: object, v: unknown) => void {
  let define: ((o: object, v: unknown) => void) | undefined;
  return (o, v) => (define ??= ownDefiner(key()))(o, v);
}

/**
 * A public instance field the new text no longer declares: the class, created with it, still
 * defines it on every instance it constructs (an own property, `undefined` for `req;`), which
 * would hide what the new text declares under that name (hono 4.5.0: `req;` became `get
 * req()`, and every new Context read undefined). The constructor's field step deletes it from
 * new instances; those made before keep theirs, as they keep what their constructor set.
 */
function removedFieldOps(u: Unit, m: Member): void {
  const { family, step } = u.c;
  if (u.noSuper) return;
  u.construct = true;
  (u.removedFields ??= []).push(m.key);
  const drop = (o: object): void => void delete (o as Record<string, unknown>)[m.key];
  u.ops.push({
    phase: 0,
    label: `${step.name}.${m.key} (field removed)`,
    node: m.node,
    apply(undo) {
      swap(family, 'fieldInits', new Map(family.fieldInits).set(m.key, drop), undo);
      dropLazyField(family, m.key, undo);
    },
  });
}

/**
 * A field's name. A computed one (`[Symbol.toStringTag] = 'LRUCache'`) is evaluated once in
 * the class's scope, as a class definition evaluates it: when first needed, which is at the
 * class's place in the module's evaluation (phase 1, after the declarations before it that the
 * same refresh evaluates), or earlier if an instance is made before.
 */
function fieldKey(c: ClassCompile, m: Member): () => PropertyKey {
  if (!m.computed) return () => m.key;
  const code = classExpression(c, m.node.key, '(', ')');
  let key: { v: PropertyKey } | undefined;
  return () => {
    if (!key) {
      const v = runProgram(() => c.family.hook(code, hookValue(c.family, m.isStatic, c.outer))) as unknown;
      key = { v: typeof v === 'symbol' ? v : String(v) };
    }
    return key.v;
  };
}

/**
 * A static field's new value, evaluated where the class is (phase 1), with guards for the
 * closures it makes (`static handle = (req) => …` is one). A function whose edit changed only
 * its body stays on the class and takes the new code through its holder, as an instance's
 * arrow field does (runtime/closures.ts): a reference taken before (`app.get('/',
 * Ctrl.handle)`) runs it, and the class keeps that function.
 */
function staticFieldOps(u: Unit, { member: m, change }: MemberChange, label: string): void {
  const { c } = u;
  const scope = m.isPrivate ? grownScope(c.family, m.key) : undefined;
  if (m.isPrivate && !scope) return privateStaticOps(u, m, label);
  const closures = memberClosures(u, m);
  if (scope) {
    // A static name a refresh gave the class: the class gets it (with this value) as the refresh applies.
    const init = fieldInit(c, m.node, closures, true);
    u.ops.push({ phase: 0, label, node: m.node, apply: (undo) => setInit(scope, m.key, init, undo) });
    if (closures) u.ops.push(...closures.ops), u.notes.push(...closures.notes);
    return;
  }
  if (closures) u.ops.push(...closures.ops), u.notes.push(...closures.notes);
  if (closures && change === 'changed' && bodyOnly(c, m)) return;
  const init = fieldInit(c, m.node, closures, true);
  const cls = c.family.cls;
  const keyOf = fieldKey(c, m);
  const literal = m.node.value?.type === 'ObjectExpression';
  u.ops.push({
    phase: 1,
    label,
    node: m.node,
    apply(undo) {
      const key = keyOf();
      const before = Object.getOwnPropertyDescriptor(cls, key);
      const result = runProgram(() => init.call(cls));
      // `static defaults = { retries: 3 }`: the object the program took (passed on at start) takes the new properties, as a top-level literal's does.
      if (literal && before && 'value' in before && mergeNested(before.value, result, undo)) return;
      Object.defineProperty(cls, key, { value: result, writable: true, enumerable: true, configurable: true });
      undo.push(() => restore(cls, key, before));
    },
  });
}

/**
 * A changed `static #name = …` the class was made with: the new value, evaluated where the
 * class is (phase 1), set on the class through code compiled in its scope, where the name
 * is the class's own (`static #MAX_RETRIES = 3` saved as 5; found by session 17's review:
 * it kept 3, silently). A function whose change is only in its body stays, with its new code.
 */
function privateStaticOps(u: Unit, m: Member, label: string): void {
  const { c } = u;
  // (`m.key` is `#name`.)
  if (m.computed || !/^#[A-Za-z_$][\w$]*$/.test(m.key)) return;
  const closures = memberClosures(u, m);
  if (closures) u.ops.push(...closures.ops), u.notes.push(...closures.notes);
  if (closures && bodyOnly(c, m)) return;
  const init = fieldInit(c, m.node, closures, true);
  const cls = c.family.cls;
  const access = c.family.hook(`({g(){return this.${m.key}},s(v){this.${m.key}=v}})`, hookValue(c.family, true, c.outer)) as { g(this: unknown): unknown; s(this: unknown, v: unknown): void };
  u.ops.push({
    phase: 1,
    label,
    node: m.node,
    apply(undo) {
      const before = access.g.call(cls);
      access.s.call(cls, runProgram(() => init.call(cls)));
      undo.push(() => access.s.call(cls, before));
    },
  });
}

/**
 * Is the edit's change only inside the bodies of the functions the field's value (or the
 * static `block`) makes: the
 * value itself (`static handle = (req) => …`), or functions in it (`static timer =
 * setInterval(() => …)`, `static handlers = { a: (x) => … }`)? Those take the new body through
 * their holders (memberClosures), as a top-level statement's inline functions do: the value is
 * not computed again (a second interval, a new object). Functions called where they stand
 * (`[1, 2].map((x) => …)`) are no sites: a change there computes it again.
 */
function bodyOnly(c: ClassCompile, m: Member, block?: Node): boolean {
  const value: Node | null = block ?? m.node.value;
  const record = c.record;
  if (!record?.source || !value) return false;
  const member = oldClassMembers(record, c.step.name)?.members.find((o) => memberId(o) === memberId(m))?.node as Node | undefined;
  const old = (block ? member : member?.value) as Node | undefined;
  if (!old) return false;
  const was = record.source.slice(old.start, old.end);
  const now = c.source.slice(value.start, value.end);
  return was !== now && blankedText(was, old.start, outermostSites(old)) === blankedText(now, value.start, outermostSites(value));
}

/** The closure sites of a field's value not inside another, in source order. */
function outermostSites(value: Node): Node[] {
  const fns = closureSites(value, true).map((s) => s.node);
  return fns.filter((f) => !fns.some((o) => o !== f && o.start <= f.start && f.end <= o.end)).sort((a, b) => a.start - b.start);
}

/**
 * A changed static block. One whose change is only inside the functions it makes (`static {
 * bus.on('x', (e) => …) }`) does not run again: they take the new body, as a top-level
 * statement's inline functions do. Otherwise it runs again, its new functions guarded.
 */
function blockOps(u: Unit, m: Member): void {
  const { c } = u;
  const n = m.node;
  const closures = memberClosures(u, m);
  if (closures) u.ops.push(...closures.ops), u.notes.push(...closures.notes);
  if (closures && bodyOnly(c, m, n)) return;
  // `static {` → `       {`: a block evaluated in the class scope hook, whose `this` is the class.
  const ms = editable(c.source, n, c.outer).overwrite(n.start, n.start + 6, '      ');
  closures?.instrument(ms);
  const at = position(c.source, n.start);
  const code = framed(c.url, at.line, at.column, '', ms.slice(n.start, n.end), '');
  const v = hookValue(c.family, true, c.outer);
  u.ops.push({ phase: 1, label: `${c.step.name} static block`, node: n, apply: () => void runProgram(() => c.family.hook(code, v)) });
}

/** The constructor slot is set again: while the original constructor is in force, new fields need its body as a method too. */
function constructOps(u: Unit): void {
  const { family, step, source } = u.c;
  // A class created without an extends clause whose text has one: its constructor, which
  // calls super(), cannot be compiled (the note says so); new `#names` reach new instances as
  // they reach old ones, when code first uses them.
  if (u.noSuper) return;
  const own = classMembers(step.node, source).find((m) => m.kind === 'constructor');
  if (own && !replaceable(own.node, u.derived) && family.ctor === undefined) {
    u.notes.push(`the constructor of ${step.name} uses super inside an arrow function: its field changes apply after a restart`);
    return;
  }
  // A constructor that uses a `#name` the class was not created with cannot be compiled in its
  // scope (class-privates.ts): it stays as it was. The body in force is then a constructor an
  // earlier refresh compiled (family.ctor), which the fields wrap; or the class's own, whose
  // body cannot be wrapped without its new text: the field changes wait for a restart.
  const fresh = own ? [...privateNames(own.node)].filter((p) => !family.privates.has(p)) : [];
  if (fresh.length && family.ctor === undefined) {
    u.notes.push(`the constructor of ${step.name} uses ${fresh.join(', ')}, which the running class does not have: its field changes apply after a restart`);
    return;
  }
  const current = own && !fresh.length ? compileConstructor(u, own.node) : null;
  u.ops.push({ phase: 0, label: '', node: step.node, apply: (undo) => installConstructor(family, u.derived, current, undo) });
}

/**
 * A constructor rewritten for the guard (loader/ctor.ts) and compiled in the class's scope.
 * The functions it makes are closure sites like a method's (runtime/closures.ts): those the
 * running constructor made (a listener an `EventEmitter` subclass registers on itself) take
 * their new body, and those the new one makes get fresh holders. In a derived class an
 * arrow's `this` is the generator's `__lmT`, which its guard passes on.
 */
function compileConstructor(u: Unit, n: Node): Function {
  if (u.ctor) return u.ctor;
  const { c } = u;
  const ms = editable(c.source, n, c.outer);
  const closures = memberClosures(u, classMembers(c.step.node, c.source).find((m) => m.node === n)!);
  const self = selfParam(n, u.derived);
  closures?.instrument(ms, u.derived ? '__lmT' : self ? '__lmS' : 'this');
  const text = rewriteConstructor(c.source, n, u.derived, ms, u.implicitSuper);
  if (closures) u.ops.push(...closures.ops), u.notes.push(...closures.notes);
  const compiled = compileIn(c, n, text, false)[CTOR_KEY] as Function;
  return (u.ctor = u.derived || self ? compiled : withSelf(compiled));
}

/** A base class's constructor that keeps `this` (it reads `super.x`), called as the guard calls: instance first. */
function withSelf(ctor: Function): Function {
  const fn = function (self: object, ...a: unknown[]): unknown {
    return ctor.apply(self, a);
  };
  return Object.defineProperty(fn, 'length', { value: ctor.length + 1 });
}

/** A field initializer as a method: `this` is the instance, `super` the parent prototype. */
function fieldInit(c: ClassCompile, n: Node, closures?: OwnerCompile, isStatic = false): Function {
  const value: Node | null = n.value;
  if (!value) return () => undefined;
  const ms = editable(c.source, value, c.outer);
  closures?.instrument(ms);
  const at = position(c.source, value.start);
  const code = framed(c.url, at.line, at.column, `({__proto__:__v.p,f(){return(`, ms.slice(value.start, value.end), `)}}).f`);
  return c.family.hook(code, hookValue(c.family, isStatic, c.outer)) as Function;
}

/**
 * The closures of an instance member (its body's, or a field's value), on the patch path: the
 * sites paired with the running text's, new code for instances made before, fresh holders
 * in the new code (runtime/closures.ts). Compiled in the class scope hook (`#names` work).
 */
function memberClosures(u: Unit, m: Member): OwnerCompile | undefined {
  const { c } = u;
  const record = c.record;
  if (!record || m.computed) return undefined;
  // A static block owns the functions it makes as a field's value does (loader/instrument.ts classOwners).
  const field = m.kind === 'field' || m.kind === 'block';
  const rootOf = (n: Node): Node | null => (m.kind === 'block' ? n : n.value);
  const root = rootOf(m.node);
  if (!root) return undefined;
  const id = memberId(m);
  const oldMember = oldClassMembers(record, c.step.name)?.members.find((o) => memberId(o) === id);
  const oldRoot = oldMember && rootOf(oldMember.node);
  const old = oldRoot ? { node: oldRoot, source: record.source! } : undefined;
  return ownerClosures(record, c.source, { owner: memberOwner(c.step.name, id), old, node: root, field }, (code, v) => c.family.hook(code, v));
}

/**
 * The properties a changed constructor now sets on `this` that the running one did not
 * (`this.tag = …`): instances made before lack them, where a fresh process's would have
 * them. Those whose value does not depend on the construction (loader/ctor-state.ts) they
 * get the first time they read them (`later`); the rest are said with the first one's place:
 * `; they lack tag, which it now sets (svc.js:2:35)`.
 */
function lacking(c: ClassCompile, m: Member): { note: string; later: Array<[string, StateWrite]> } {
  const none = { note: '', later: [] };
  const members = c.record && oldClassMembers(c.record, c.step.name)?.members;
  if (!members || !c.record) return none;
  // (None: the implicit one, which calls super() in a derived class and sets nothing.)
  const was = members.find((o) => o.kind === 'constructor');
  const before = new Set([...(was ? thisWrites(was.node.value).keys() : []), ...members.filter((o) => o.kind === 'field' && !o.isStatic).map((o) => o.key)]);
  // A derived class's parent may set them (`super(name)`): what some constructor of the
  // running text sets is not said; with a parent from another module, what a constructor of
  // its chain's text sets (`Function.prototype.toString` of each), and anything where one is
  // not JavaScript the program wrote (but for Node's EventEmitter, whose keys are known).
  // A `#name` is the class's own: no parent sets it, so it is said whatever the parent is.
  let inherited = (_k: string): boolean => false;
  const heritage = c.step.heritage ? undefined : oldClass(c.record, c.step.name)?.superClass;
  if (was ? callsSuper(was.node.value) : !!heritage) {
    const program = runningProgram(c.record);
    if (!c.step.heritage && Object.getPrototypeOf(c.family.cls) === EventEmitter) inherited = (k) => emitterKeys().has(k);
    else if (!heritage || heritage.type !== 'Identifier' || !program || !topLevel(program, c.record.source!).some((i) => i.name === heritage.name && (i.kind === 'class' || i.init === 'class'))) {
      const texts = parentTexts(c.family.cls);
      inherited = (k) => !k.startsWith('#') && (texts === undefined || texts.some((t) => writesKey(t, k)));
    } else {
      const old = c.record.source!;
      inherited = (k) => !k.startsWith('#') && writesKey(old, k);
    }
  }
  const added = [...thisWrites(m.node.value)].filter(([k]) => !before.has(k) && !inherited(k));
  // A key the prototype chain has (a method, an accessor) keeps reading from there.
  const proto = c.family.cls.prototype;
  const later = added.filter(([k, w]) => w.value && !k.startsWith('#') && !(k in proto)).map(([k, w]) => [k, w] as [string, StateWrite]);
  const rest = added.filter(([k]) => !later.some(([l]) => l === k));
  const made = later.filter(([, w]) => !w.shared).map(([k]) => k);
  const until = made.length ? ` (${made.join(', ')}, made for each instance: until ${STATE_SETS} new instances have set ${made.length > 1 ? 'them' : 'it'})` : '';
  const given = later.length ? `; instances made before get ${later.map(([k]) => k).join(', ')} the first time they read ${later.length > 1 ? 'them' : 'it'}${until}` : '';
  if (!rest.length) return { note: given, later };
  const at = position(c.source, rest[0]![1].at);
  const n = rest.length > 1;
  return { note: `${given}; they lack ${rest.map(([k]) => k).join(', ')}, which it now sets (${rel(c.record.file)}:${at.line}:${at.column + 1}): set ${n ? 'them' : 'it'} where ${n ? 'they are' : 'it is'} read, or restart`, later };
}

/** Does JavaScript `text` assign `this.<key>` somewhere (or copy unknown keys onto `this`: `Object.assign(this, …)`)? */
const writesKey = (text: string, key: string): boolean => new RegExp(`this\\.${key.replace(/\$/g, '\\$')}\\s*=(?!=)|Object\\.assign\\(\\s*this\\b|this\\[`).test(text);

/**
 * The source texts of the classes a class inherits from, nearest first, to the end of the chain;
 * undefined where one is not JavaScript a program wrote (a built-in, a bound function), whose
 * constructor may set any key.
 */
function parentTexts(cls: Function): string[] | undefined {
  const out: string[] = [];
  for (let p = Object.getPrototypeOf(cls) as Function | null; p && p !== Function.prototype; p = Object.getPrototypeOf(p) as Function | null) {
    if (p === EventEmitter) return undefined;
    const text = Function.prototype.toString.call(p);
    if (/\{\s*\[native code\]\s*\}\s*$/.test(text)) return undefined;
    out.push(text);
  }
  return out;
}

/**
 * The keys Node's EventEmitter constructor sets (`_events`, `_eventsCount`, `_maxListeners`):
 * a parent from another module may set any public key, so what a new constructor adds is not
 * said lacking, but this one, the most common parent of a Node class (koa's Application,
 * commander's Command), is known. Constructing one runs nothing else.
 */
let emitterOwn: Set<string> | undefined;
const emitterKeys = (): Set<string> => (emitterOwn ??= new Set(Object.keys(new EventEmitter())));

/** The members of class `name` in the text the module runs now. */
function oldClassMembers(record: ModuleRecord, name: string): { members: Member[] } | undefined {
  const cls = oldClass(record, name);
  return cls ? { members: classMembers(cls, record.source!) } : undefined;
}

/** Class `name` in the text the module runs now (its declaration or `const X = class …`). */
function oldClass(record: ModuleRecord, name: string): Node | undefined {
  const program = runningProgram(record);
  const it = program && topLevel(program, record.source!).find((i) => i.name === name);
  return it?.kind === 'class' ? it.node : it?.init === 'class' ? it.node.init : undefined;
}

/**
 * After a re-import, the members of a class that continues and that read module-level
 * names are compiled again, changed or not, so that they read the live version's scope
 * (runtime/class-code.ts): its new names, and the current values of its bindings.
 */
export function withOuterReaders(step: ClassStep, source: string, outer: Outer | null): ClassStep {
  if (!outer?.names.size) return step;
  const listed = new Set(step.members.map((c) => c.id));
  const more: MemberChange[] = [];
  for (const m of classMembers(step.node, source)) {
    const id = memberId(m);
    const code = m.kind === 'method' || m.kind === 'get' || m.kind === 'set' || m.kind === 'constructor' || (m.kind === 'field' && !m.isStatic);
    if (code && !listed.has(id) && readsOuter(m.node, outer)) more.push({ id, member: m, change: 'changed', reads: true });
  }
  return more.length ? { ...step, members: [...step.members, ...more] } : step;
}
