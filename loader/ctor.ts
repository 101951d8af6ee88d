/**
 * Constructors that can be replaced (docs/design.md §5: "new instances use the new code, through
 * the same class object", and `new` costs what it cost before any edit).
 *
 * A class's [[Construct]] cannot be changed, so the constructor the class is created with
 * keeps its own body and gets a guard in front of it. The slot is a holder (runtime/slots.ts)
 * whose `f` is undefined until an edit: where V8 inlines the constructor it folds
 * `slot.f` to that constant and drops the branch, so the allocation is folded with the
 * field stores as without the guard. (A `var` slot compared with `undefined` kept a
 * possible call in every constructor: `new` cost 1.5x on Node 22/24.) After an edit the
 * guard hands construction to the new body, compiled as a method under the string key
 * "__lm:ctor":
 *
 *   base class:    const __lmg = slot.f; if (__lmg !== undefined) return __lmg(this, new.target, ...arguments);
 *                  (the instance is an argument, not the receiver: V8 inlines a call whose
 *                  target its feedback names, and `__lmg.call(…)` names `call`, so the new
 *                  body ran as a separate call: 2–3x plain `new` after an edit adding a property);
 *   derived class: the new body is a generator that yields where it calls `super(…)` or
 *                  reads `super.x`; the guard runs it and does those for it:
 *                  `[0, args]` → `super(...args)`, then resumes it with `this`;
 *                  `[1, key]`  → resumes it with `super[key]`.
 *
 * Only the guard can call `super()`: it must be lexically in the constructor. A generator
 * keeps the body's locals across the super call with no closure in the constructor (an
 * arrow there that captured `this` made every `new` 4x slower, even unexecuted). No `Proxy`
 * and no `Reflect.construct` with a foreign `new.target` (≈1 µs on Node 20, docs/design.md §4.3).
 */
import MagicString from 'magic-string';
import { walk, type Node } from './analyze.js';
import { REST_LOCAL, restParameter } from './handles.js';

export { CTOR_KEY } from './contract.js';
import { CTOR_KEY } from './contract.js';

/** The text inserted right after the `{` of an explicit constructor's body. */
export function guardSource(slot: string, derived: boolean, args = '...arguments'): string {
  return derived
    ? // Its locals are named so that no parameter of the constructor, which `args` passes on, is hidden by one.
      `const __lmg=${slot}.f;if(__lmg!==undefined){const __lmG=__lmg.call(undefined,new.target,${args});let __lmR=__lmG.next(),__lmS;` +
        `while(!__lmR.done){const __lmQ=__lmR.value;if(__lmQ[0]===0){super(...__lmQ[1]);__lmR=__lmG.next(__lmS=this)}else __lmR=__lmG.next(super[__lmQ[1]])}return __lmR.value??__lmS}`
    : `const __lmg=${slot}.f;if(__lmg!==undefined)return __lmg(this,new.target,${args});`;
}

/**
 * Puts the guard first in an explicit constructor's body. With plain parameters it forwards
 * them and a rest parameter it gains (`constructor(x, y, ...__lma)`; class code is strict, and
 * `length` does not count a rest parameter) instead of `...arguments`: an `arguments` object
 * made the constructor's bytecode larger, over what V8 inlines for free (the tokenizer
 * workload's `new Token(…)`, loader/handles.ts guardFunction).
 */
export function guardConstructor(ctor: Node, slot: string, derived: boolean, source: string, ms: MagicString): void {
  const fn = ctor.value as Node;
  const rest = restParameter(fn, source);
  if (rest) ms.appendLeft(rest.at, rest.text);
  const args = rest ? [...(fn.params as Node[]).map((p) => p.name as string), `...${REST_LOCAL}`].join(',') : undefined;
  ms.prependLeft(fn.body.start + 1, guardSource(slot, derived, args));
}

/** A constructor for a class that has none, with the same guard. */
export function defaultConstructorSource(slot: string, derived: boolean): string {
  return `constructor(...a){${guardSource(slot, derived, '...a')}${derived ? 'super(...a)' : ''}}`;
}

/**
 * Can the body of this constructor be compiled for the guard? In a derived class, `super`
 * inside a nested arrow cannot become a `yield`.
 */
export function replaceable(ctor: Node, derived: boolean): boolean {
  if (!derived) return true;
  let ok = true;
  walk(ctor.value.body, (n) => {
    if (n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration' || n.type === 'ClassBody') return false;
    if (n.type === 'ArrowFunctionExpression')
      walk(n, (m) => {
        if (m.type === 'Super') ok = false;
      });
    return n.type === 'ArrowFunctionExpression' ? false : undefined;
  });
  return ok;
}

/**
 * A constructor (a MethodDefinition of kind "constructor") rewritten as the method
 * `"__lm:ctor"(__lmS, __lmNT, …params)` that the guard calls, line for line, `this` →
 * `__lmS` (the instance). For a derived class it is a generator `"__lm:ctor"(__lmNT,
 * …params)`: `super(args)` → `__lmT=yield[0,[args]]`, `super.x` → `(yield[1,"x"])`, `this`
 * → `__lmT`. `new.target` → `__lmNT`; `arguments` → the arguments without the leading ones.
 * A base class's body that reads `super.x` keeps `this` (the method's `super` needs it as
 * receiver) and no `__lmS`: `selfParam` says which (runtime/classes.ts wraps that one).
 * Rewrites keep a statement's first token an identifier, so no automatic-semicolon hazard
 * appears. `ms`: the source with edits already made (runtime/class-code.ts `editable`).
 * `implicitSuper`: the class was created derived and its text no longer extends anything
 * (its guard still has to call `super()`): the body starts with a `super()` of its own.
 */
export function rewriteConstructor(
  source: string,
  ctor: Node,
  derived: boolean,
  ms: MagicString = new MagicString(source.slice(0, ctor.end)),
  implicitSuper = false,
): string {
  const fn = ctor.value as Node;
  const key = ctor.key as Node;
  const self = selfParam(ctor, derived);
  ms.overwrite(key.start, key.end, `${derived ? '*' : ''}${JSON.stringify(CTOR_KEY)}`);
  ms.appendLeft(source.indexOf('(', key.end) + 1, `${self ? '__lmS,' : ''}__lmNT${fn.params.length ? ',' : ''}`);
  const body = fn.body as Node;
  let usesArguments = false;
  const ownScope = (n: Node): boolean => n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration' || n.type === 'ClassBody';
  walk(body, (n, parent) => {
    if (ownScope(n)) return false; // its own this / new.target / arguments
    if (n.type === 'MetaProperty' && n.meta.name === 'new') ms.overwrite(n.start, n.end, '__lmNT', { contentOnly: true });
    const isKey =
      parent &&
      ((parent.type === 'MemberExpression' && parent.property === n && !parent.computed) ||
        (parent.type === 'Property' && parent.key === n && !parent.computed && !parent.shorthand));
    if (n.type === 'Identifier' && n.name === 'arguments' && !isKey) {
      ms.overwrite(n.start, n.end, '__lmArgs', { contentOnly: true });
      usesArguments = true;
    }
    if (self && n.type === 'ThisExpression') ms.overwrite(n.start, n.end, '__lmS', { contentOnly: true });
    if (!derived) return undefined;
    if (n.type === 'ThisExpression') ms.overwrite(n.start, n.end, '__lmT', { contentOnly: true });
    else if (n.type === 'CallExpression' && n.callee.type === 'Super') {
      // `super(` … `)` → `__lmT=yield[0,[` … `]]`; the arguments stay (and get their own rewrites).
      const statement = parent?.type === 'ExpressionStatement';
      ms.overwrite(n.callee.start, source.indexOf('(', n.callee.end) + 1, `${statement ? '' : '('}__lmT=yield[0,[`);
      ms.overwrite(n.end - 1, n.end, `]]${statement ? '' : ')'}`);
    } else if (n.type === 'MemberExpression' && n.object.type === 'Super') {
      const k = n.computed ? ms.slice(n.property.start, n.property.end) : JSON.stringify(n.property.name);
      const isCall = parent?.type === 'CallExpression' && parent.callee === n;
      ms.overwrite(n.start, n.end, `(yield[1,${k}])${isCall ? '.call' : ''}`);
      if (isCall) ms.appendLeft(source.indexOf('(', n.end) + 1, `__lmT${parent.arguments.length ? ',' : ''}`);
      return false;
    }
    return undefined;
  });
  if (usesArguments) ms.appendLeft(body.start + 1, `const __lmArgs=[].slice.call(arguments,${self ? 2 : 1});`);
  if (derived) ms.appendLeft(body.start + 1, implicitSuper ? 'let __lmT=yield[0,[]];' : 'let __lmT;');
  return ms.slice(ctor.start, ctor.end);
}

/**
 * Does the compiled constructor take the instance as its first parameter (`__lmS`)? A base
 * class's does, unless its body reads `super.x` (outside functions of its own).
 */
export function selfParam(ctor: Node, derived: boolean): boolean {
  if (derived) return false;
  let superMember = false;
  walk(ctor.value.body, (n) => {
    if (n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration' || n.type === 'ClassBody') return false;
    if (n.type === 'Super') superMember = true;
    return undefined;
  });
  return !superMember;
}
