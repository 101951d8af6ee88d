/**
 * What a constructor sets on `this`, read from its text (docs/design.md §2.2). A refresh that
 * changes a constructor cannot run it again for the instances made before (it would reset
 * what they hold); a property the new constructor sets and the old one did not is missing on
 * them. Some of those values do not depend on the construction at all — `this.cache = new
 * Map()`, `this.onData = (d) => this.handle(d)`, `this.retries = MAX_RETRIES` — and an
 * instance made before can get them the first time it reads the property, as it gets a new
 * field (runtime/class-writes.ts `lazyField`). Pure: nodes in, data out.
 */
import { patternNames, walk, type Node } from './analyze.js';
import { freeReferences, lexicalInits, varNames } from './scope.js';

/** One property a constructor sets on `this`. */
export interface StateWrite {
  /** Where its first write is. */
  at: number;
  /** The value of a write at the constructor's top level (`this.k = value;`) that reads nothing of the construction. */
  value?: Node;
  /** That value makes nothing (no object, array, function or `new`): every construction gets the same one. */
  shared?: boolean;
}

const NESTED = new Set(['FunctionExpression', 'FunctionDeclaration', 'ClassExpression', 'ClassDeclaration']);

/** `this.x = …` (and `this.#x = …`, `this.x ??= …`, `this['x'] = …`) in a constructor, not in the functions it makes (arrows keep `this`): key → its first write. */
export function thisWrites(fn: Node): Map<string, StateWrite> {
  const out = new Map<string, StateWrite>();
  const top = new Set<Node>(
    (fn.body.body as Node[]).filter((s) => s.type === 'ExpressionStatement' && s.expression.type === 'AssignmentExpression').map((s) => s.expression),
  );
  const local = constructionNames(fn);
  walk(fn.body, (n) => {
    if (NESTED.has(n.type)) return false;
    if (n.type !== 'AssignmentExpression' || n.left.type !== 'MemberExpression' || n.left.object.type !== 'ThisExpression') return undefined;
    const p = n.left.property;
    const key =
      !n.left.computed && p.type === 'Identifier' ? p.name : p.type === 'PrivateIdentifier' ? `#${p.name}` : p.type === 'Literal' && typeof p.value === 'string' ? p.value : undefined;
    if (key === undefined || out.has(key)) return undefined;
    const write: StateWrite = { at: n.start };
    if (top.has(n) && n.operator === '=' && computableLater(n.right, local)) {
      write.value = n.right;
      if (!makesObjects(n.right)) write.shared = true;
    }
    out.set(key, write);
    return undefined;
  });
  return out;
}

/** Does a constructor call `super(…)` (not inside a function it makes)? */
export function callsSuper(fn: Node): boolean {
  let found = false;
  walk(fn.body, (n) => {
    if (NESTED.has(n.type)) return false;
    if (n.type === 'CallExpression' && n.callee.type === 'Super') found = true;
    return undefined;
  });
  return found;
}

/** The names a construction binds: the constructor's parameters and its body's variables. */
function constructionNames(fn: Node): Set<string> {
  const body = fn.body as Node;
  return new Set([...(fn.params as Node[]).flatMap((p) => patternNames(p)), ...varNames(body), ...lexicalInits(body.body).map(([n]) => n), 'arguments']);
}

/** Built-in constructors whose `new` only makes an empty object of their kind. */
const EMPTY_MAKERS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Array', 'Object', 'AbortController', 'EventTarget']);

/**
 * An expression whose value does not depend on the construction it is written in, nor on when
 * it is computed (no call but `new` of an empty built-in, no read of `this` outside the
 * functions it makes), so computing it for an instance later gives what its construction
 * would have given. Functions count: they run later anyway, with the instance as `this`.
 */
function computableLater(n: Node, local: ReadonlySet<string>): boolean {
  const ok = (x: Node | null | undefined): boolean => !x || computableLater(x, local);
  switch (n.type) {
    case 'Literal':
      return true;
    case 'Identifier':
      return !local.has(n.name);
    case 'TemplateLiteral':
      return (n.expressions as Node[]).every(ok);
    case 'ArrayExpression':
      return (n.elements as Array<Node | null>).every((e) => !e || (e.type !== 'SpreadElement' && ok(e)));
    case 'ObjectExpression':
      return (n.properties as Node[]).every((p) => p.type === 'Property' && (!p.computed || ok(p.key)) && ok(p.value));
    case 'UnaryExpression':
      return n.operator !== 'delete' && ok(n.argument);
    case 'BinaryExpression':
    case 'LogicalExpression':
      return ok(n.left) && ok(n.right);
    case 'ConditionalExpression':
      return ok(n.test) && ok(n.consequent) && ok(n.alternate);
    case 'MemberExpression':
      return n.object.type !== 'ThisExpression' && n.object.type !== 'Super' && ok(n.object) && (!n.computed || ok(n.property));
    case 'NewExpression':
      return n.callee.type === 'Identifier' && EMPTY_MAKERS.has(n.callee.name) && !local.has(n.callee.name) && !(n.arguments as Node[]).length;
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
      return !freeReferences(n, local).length && !usesConstruction(n);
    default:
      return false;
  }
}

/** Does evaluating `n` make an object (a literal, `new`, a function)? */
function makesObjects(n: Node): boolean {
  let found = false;
  walk(n, (x) => {
    if (x.type === 'ObjectExpression' || x.type === 'ArrayExpression' || x.type === 'NewExpression' || x.type === 'ArrowFunctionExpression' || x.type === 'FunctionExpression' || (x.type === 'Literal' && x.regex)) found = true;
    return found ? false : undefined;
  });
  return found;
}

/** An arrow that reads its constructor's `arguments`, `new.target` or `super`. */
function usesConstruction(f: Node): boolean {
  if (f.type !== 'ArrowFunctionExpression') return false;
  let found = false;
  walk(f.body, (n) => {
    if (n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration') return false;
    if (n.type === 'MetaProperty' || n.type === 'Super') found = true;
    return undefined;
  });
  return found;
}

/**
 * The keys a factory function sets on the object it returns (`return { … }`, or `const made =
 * { … }` then `Object.assign(made, { … })`, `made.k = …`, `made[K] = …`, then `return made`),
 * each with the offset of its first write; undefined when the body returns no such object.
 * Computed keys are known by their text (`[levelCompSym]`). Objects made by the old body lack
 * what the new one adds (pino's `function pino()`, 8.18.0: `[levelCompSym]`).
 */
export function madeKeys(fn: Node, source: string): Map<string, number> | undefined {
  const keyText = (key: Node, computed: boolean): string | undefined =>
    computed ? `[${source.slice(key.start, key.end)}]` : key.type === 'Identifier' ? key.name : key.type === 'Literal' ? String(key.value) : undefined;
  const literalKeys = (obj: Node, out: Map<string, number>): void => {
    for (const p of obj.properties as Node[]) {
      if (p.type !== 'Property') continue;
      const k = keyText(p.key, p.computed);
      if (k !== undefined && !out.has(k)) out.set(k, p.start);
    }
  };
  const out = new Map<string, number>();
  if (fn.body.type === 'ObjectExpression') return literalKeys(fn.body, out), out;
  if (fn.body.type !== 'BlockStatement') return undefined;
  const body = fn.body.body as Node[];
  const ret = [...body].reverse().find((s) => s.type === 'ReturnStatement')?.argument as Node | null | undefined;
  if (ret?.type === 'ObjectExpression') return literalKeys(ret, out), out;
  if (ret?.type !== 'Identifier') return undefined;
  const name = ret.name as string;
  let declared = false;
  for (const s of body) {
    if (s.type === 'VariableDeclaration') {
      for (const d of s.declarations as Node[]) {
        if (d.id.type !== 'Identifier' || d.id.name !== name) continue;
        if (d.init?.type !== 'ObjectExpression') return undefined;
        declared = true;
        literalKeys(d.init, out);
      }
      continue;
    }
    if (s.type !== 'ExpressionStatement') continue;
    const e = s.expression;
    // Object.assign(made, { … }, …)
    if (e.type === 'CallExpression' && e.callee.type === 'MemberExpression' && e.callee.object.type === 'Identifier' && e.callee.object.name === 'Object' && !e.callee.computed && e.callee.property.name === 'assign' && e.arguments[0]?.type === 'Identifier' && e.arguments[0].name === name) {
      for (const a of (e.arguments as Node[]).slice(1)) if (a.type === 'ObjectExpression') literalKeys(a, out);
    }
    // made.k = …, made[K] = …
    if (e.type === 'AssignmentExpression' && e.left.type === 'MemberExpression' && e.left.object.type === 'Identifier' && e.left.object.name === name) {
      const k = keyText(e.left.property, e.left.computed);
      if (k !== undefined && !out.has(k)) out.set(k, e.start);
    }
  }
  return declared ? out : undefined;
}
