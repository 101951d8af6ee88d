/**
 * Constructors that can be replaced (DESIGN §5: "new instances use the new code, through
 * the same class object"). A class's [[Construct]] cannot be changed, so the constructor
 * the class is created with only forwards, to a slot that holds the body compiled as an
 * ordinary method under the string key "__lm:ctor":
 *
 *   base class:    constructor(...a) { return slot.call(this, new.target, ...a) }
 *   derived class: constructor(...a) { return slot.call(undefined, (o, ...x) => o ? super[x[0]] : (super(...x), this), new.target, ...a) }
 *
 * The derived form works because an arrow created inside a derived constructor may call
 * `super()` and read `super.x` with the instance as receiver. The body is rewritten to use
 * it: `super(args)` → `__lmSS(args)` (which calls it and keeps the instance in `__lmT`),
 * `this` → `__lmT`, `super.m(args)` → `__lmSG("m").call(__lmT, args)`, `super.x` →
 * `__lmSG("x")`, `new.target` → `__lmNT`, and `arguments` → the arguments without the two
 * hidden ones. Every rewrite keeps the token's shape, so no new
 * automatic-semicolon hazard appears.
 * No `Proxy` and no `Reflect.construct` with a foreign `new.target`, so `new` costs one
 * extra call (DESIGN §4: those cost ~1 µs on Node 20).
 */
import MagicString from 'magic-string';
import { walk, type Node } from './analyze.js';

export const CTOR_KEY = '__lm:ctor';

/** The forwarding constructor put in the class body. */
export function forwarderSource(slot: string, derived: boolean, hasOwn: boolean): string {
  const fallback = derived ? 'super(...a)' : '';
  const call = derived
    ? `${slot}.call(undefined,(o,...x)=>o?super[x[0]]:(super(...x),this),new.target,...a)`
    : `${slot}.call(this,new.target,...a)`;
  return hasOwn ? `constructor(...a){return ${call}}` : `constructor(...a){if(${slot})return ${call};${fallback}}`;
}

/**
 * The text of a constructor (a MethodDefinition of kind "constructor") rewritten as the
 * method `"__lm:ctor"(…)`, line for line.
 */
export function rewriteConstructor(source: string, ctor: Node, derived: boolean): string {
  const ms = new MagicString(source.slice(0, ctor.end));
  const fn = ctor.value as Node;
  const key = ctor.key as Node;
  ms.overwrite(key.start, key.end, JSON.stringify(CTOR_KEY));
  const paramsOpen = source.indexOf('(', key.end);
  ms.appendLeft(paramsOpen + 1, derived ? `__lmS,__lmNT${fn.params.length ? ',' : ''}` : `__lmNT${fn.params.length ? ',' : ''}`);
  const body = fn.body as Node;
  let usesArguments = false;
  const ownScope = (n: Node): boolean => n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration' || n.type === 'ClassBody';
  walk(body, (n, parent) => {
    if (ownScope(n)) return false; // its own this / new.target
    if (n.type === 'MetaProperty' && n.meta.name === 'new') ms.overwrite(n.start, n.end, '__lmNT');
    const isKey = parent && ((parent.type === 'MemberExpression' && parent.property === n && !parent.computed) || (parent.type === 'Property' && parent.key === n && !parent.computed && !parent.shorthand));
    if (n.type === 'Identifier' && n.name === 'arguments' && !isKey) {
      ms.overwrite(n.start, n.end, '__lmArgs');
      usesArguments = true;
    }
    if (!derived) return undefined;
    if (n.type === 'ThisExpression') ms.overwrite(n.start, n.end, '__lmT');
    else if (n.type === 'CallExpression' && n.callee.type === 'Super') {
      ms.overwrite(n.callee.start, n.callee.end, '__lmSS');
    } else if (n.type === 'MemberExpression' && n.object.type === 'Super') {
      const key = n.computed ? source.slice(n.property.start, n.property.end) : JSON.stringify(n.property.name);
      const isCall = parent?.type === 'CallExpression' && parent.callee === n;
      ms.overwrite(n.start, n.end, `__lmSG(${key})${isCall ? '.call' : ''}`);
      if (isCall) ms.appendLeft(source.indexOf('(', n.end) + 1, `__lmT${parent.arguments.length ? ',' : ''}`);
      return false;
    }
    return undefined;
  });
  // A bare `return;` of the constructor itself (not of a nested arrow) returns the instance.
  if (derived)
    walk(body, (n) => {
      if (ownScope(n) || n.type === 'ArrowFunctionExpression') return false;
      if (n.type === 'ReturnStatement' && !n.argument) ms.appendLeft(n.start + 'return'.length, ' __lmT;');
      return undefined;
    });
  const hidden = derived ? 2 : 1;
  if (usesArguments) ms.appendLeft(body.start + 1, `const __lmArgs=[].slice.call(arguments,${hidden});`);
  if (derived) {
    ms.appendLeft(body.start + 1, 'let __lmT;const __lmSS=(...x)=>(__lmT=__lmS(0,...x)),__lmSG=(k)=>__lmS(1,k);');
    ms.appendLeft(body.end - 1, ';return __lmT;');
  }
  return ms.slice(ctor.start, ctor.end);
}
