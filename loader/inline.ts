/**
 * Inline functions (issue 13, top level only): the function expressions and arrows written
 * inside a top-level statement or a top-level declaration's initializer, not inside another
 * function — `app.get('/x', (req, res) => …)`, `bus.on('e', function (o) { … })`,
 * `const server = http.createServer((req, res) => …)`. Pure: nodes in, plain data out.
 *
 * Such a function can only see module-scope bindings and its own parameters, unless the
 * statement declares names around it (`for (const n of xs) bus.on(n, () => n)`), so new
 * code for it compiles in the module's home scope hook like a top-level function
 * (docs/design.md §2.1). Functions inside functions (depth 2 and more) are left alone: they
 * get no guard, so a hot loop's `a.map((x) => f(x))` costs what it costs without limeade.
 */
import { walk, type Item, type Node } from './analyze.js';
import { unlowerable } from './params.js';
import { freeReferences } from './scope.js';

/** The node whose inline functions an item owns: a statement, or a simple declarator's value initializer. */
export function inlineRoot(it: Item): Node | undefined {
  if (it.kind === 'stmt') return it.stmt;
  if (it.kind !== 'var' || it.init !== 'value' || !it.name) return undefined;
  return it.anonymousDefault ? it.node : (it.node.init as Node);
}

/**
 * The inline functions under `root`, in source order (their ordinals): function expressions
 * and arrows (also one the statement invokes where it stands, `isInvoked`), and the methods
 * of object literals (`{ index(req, res) { … } }`, an object of route handlers). Not:
 * functions inside them (a callback of a computing array method is an owner, `isInvoked`), accessors,
 * methods using `super` (their home object is the literal's), class
 * bodies (their `this` is an instance), function declarations in blocks.
 */
export function inlineFunctions(root: Node): Node[] {
  const out: Node[] = [];
  let locals: Set<string> | undefined;
  // A computed key that reads a name its statement declares (`for (const k of ks) reg({ [k]() {…} })`) cannot be evaluated where new code compiles.
  const keyOk = (p: Node): boolean => !p.computed || (stableKey(p.key) && !freeReferences(p.key, (locals ??= localNames(root))).length);
  walk(root, (n, parent) => {
    if (n.type === 'ClassExpression' || n.type === 'ClassDeclaration' || n.type === 'FunctionDeclaration') return false;
    if (n.type !== 'FunctionExpression' && n.type !== 'ArrowFunctionExpression') return undefined;
    if (parent?.type === 'Property' && (parent.method || parent.kind !== 'init')) {
      // (A computed key, `[ADD](s) { … }`, `*[Symbol.iterator]() { … }`, is evaluated again where new code compiles: its text reads no value the save changes, or the literal is built anew, loader/objects.ts keyReads.)
      if (parent.method && !usesSuper(n) && keyOk(parent)) {
        methods.set(n, parent);
        out.push(n);
      }
    } else {
      // Called where it stands, or by a computing array method: an owner of the closures it makes.
      if (calledInPlace(n, parent)) invoked.add(n);
      out.push(n);
    }
    return false;
  });
  return out.sort((a, b) => a.start - b.start);
}

/**
 * The function expressions under `root` whose `length` a patch can give the function the
 * program holds (loader/instrument.ts `made`): those a call or `new` gets as an argument where
 * they stand (`app.use((err, req, res, next) => …)`, the registrations whose `length` a
 * framework may read: Express takes a function of length 4 for error middleware), and those
 * assigned to a member (`Writer.prototype.render = function render (…)`, `exports.x = (a) =>
 * …`). Nothing infers a name for either, so wrapping them in a call changes nothing else.
 */
export function madeInPlace(root: Node): Set<Node> {
  const out = new Set<Node>();
  const fn = (a: Node): boolean => a.type === 'FunctionExpression' || a.type === 'ArrowFunctionExpression';
  walk(root, (n) => {
    if (n.type === 'CallExpression' || n.type === 'NewExpression') for (const a of n.arguments as Node[]) if (fn(a)) out.add(a);
    if (n.type === 'AssignmentExpression' && n.operator === '=' && n.left.type === 'MemberExpression' && fn(n.right as Node)) out.add(n.right as Node);
  });
  return out;
}

/**
 * A computed key that evaluates to the same key each time without effects, as far as its text
 * says: a name, a literal, a template without expressions, a member chain of names
 * (`Symbol.iterator`, `EVENTS.ADD`), `Symbol.for('…')`. A refresh evaluates such a key again
 * where new code compiles (loader/objects.ts, runtime/patch.ts); others leave the literal to be
 * built anew.
 */
export function stableKey(key: Node): boolean {
  switch (key.type) {
    case 'Identifier':
    case 'Literal':
      return true;
    case 'TemplateLiteral':
      return !key.expressions.length;
    case 'MemberExpression':
      return !key.computed && !key.optional && (key.object.type === 'Identifier' || stableKey(key.object)) && key.object.type !== 'Literal';
    case 'CallExpression':
      return (
        key.callee.type === 'MemberExpression' &&
        !key.callee.computed &&
        key.callee.object.type === 'Identifier' &&
        key.callee.object.name === 'Symbol' &&
        key.callee.property.name === 'for' &&
        key.arguments.length === 1 &&
        key.arguments[0].type === 'Literal'
      );
    default:
      return false;
  }
}

const invoked = new WeakSet<Node>();

/**
 * Is this inline function one that its statement calls while it evaluates: invoked where it
 * stands (`(async () => { … })()`, the module pattern `const api = (() => { … })()`,
 * TypeScript's compiled namespaces), or the callback of a computing array method
 * (`const routes = names.map((n) => ({ n, handle: (req) => … }))`)? Its calls are over when
 * the statement is, so new code for it is never called: what follows edits are the functions
 * it made (its closure sites, loader/closures.ts), and a change of its own code runs its
 * statement again (`changeRegions`), computing the value anew.
 */
export const isInvoked = (fn: Node): boolean => invoked.has(fn);


const methods = new WeakMap<Node, Node>();

/** The property of an inline function that is an object literal's method (`inlineFunctions` found it so). */
export const methodProperty = (fn: Node): Node | undefined => methods.get(fn);

function usesSuper(fn: Node): boolean {
  let found = false;
  walk(fn, (n) => {
    if (n.type === 'Super') found = true;
    return found || (n !== fn && (n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration' || n.type === 'ClassBody')) ? false : undefined;
  });
  return found;
}

/**
 * Array methods that call their callback before they return, to compute a value: an edit of
 * such a callback must compute the value again (`const doubled = xs.map((x) => x * 2)`).
 * `forEach` is not one: it computes nothing, and what it registers must not be registered
 * twice (`['start', 'stop'].forEach((n) => commands.push(…))`, issue 13).
 */
const COMPUTING = new Set(['map', 'filter', 'reduce', 'reduceRight', 'flatMap', 'find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every', 'sort', 'toSorted', 'from']);

/**
 * Is the function called while its owner evaluates, for what it returns? An immediately
 * invoked one (`(() => …)()`, `(function () {}).call(this)`, but not `.bind(this)`, TypeScript's compiled `enum`
 * and `namespace`: `((Level) => { … })(Level || {})`), or a callback of a computing array
 * method. Its body is top-level code in effect: a change of it runs the owner again.
 */
export function calledInPlace(fn: Node, parent: Node | null, alsoForEach = false): boolean {
  if (!parent) return false;
  if (parent.type === 'CallExpression' && parent.callee === fn) return true;
  // `.call(…)`, `.apply(…)`; not `.bind(…)`, which makes a function to be called later
  // (`bus.on('x', function () { … }.bind(this))`): that one is held, and follows edits.
  if (parent.type === 'MemberExpression' && parent.object === fn) return !parent.computed && (parent.property.name === 'call' || parent.property.name === 'apply');
  if (parent.type !== 'CallExpression' || parent.arguments[0] !== fn && parent.arguments[1] !== fn) return false;
  const callee = parent.callee as Node;
  return callee.type === 'MemberExpression' && !callee.computed && (COMPUTING.has(callee.property.name) || (alsoForEach && callee.property.name === 'forEach'));
}

/**
 * Can it take a guard? Parameters with defaults or patterns move into its body, after the
 * guard (loader/params.ts), unless they cannot (`inlineUnguardable` says why).
 */
export const inlineUnguardable = (fn: Node): string | undefined => unlowerable(fn);
export const inlineGuardable = (fn: Node): boolean => inlineUnguardable(fn) === undefined;

/**
 * The owner's text with the bodies of its inline functions cut out: equal on both sides
 * means the edit changed nothing but those bodies. `textStart` is where `text` starts in the source
 * (a declarator's text starts with its `const `, which is not in the source there).
 */
export function blankedText(text: string, textStart: number, fns: readonly Node[], regions: (fn: Node) => readonly Node[] = (fn) => [fn.body]): string {
  let out = '';
  let at = 0;
  for (const fn of fns)
    for (const body of regions(fn)) {
      out += text.slice(at, body.start - textStart) + '\u0000';
      at = body.end - textStart;
    }
  return out + text.slice(at);
}

/**
 * Names the statement declares around its inline functions (`for (const n …)`, `catch (e)`,
 * a block's `let`), which a function's new code compiled in the home scope could not see.
 * Over-approximate on purpose: any such name the function mentions makes it unpatchable.
 */
export function localNames(root: Node): Set<string> {
  const names = new Set<string>();
  const add = (p: Node | null | undefined): void => {
    if (!p) return;
    if (p.type === 'Identifier') names.add(p.name);
    else if (p.type === 'ObjectPattern') for (const q of p.properties as Node[]) add(q.type === 'RestElement' ? q.argument : q.value);
    else if (p.type === 'ArrayPattern') for (const q of p.elements as Node[]) add(q);
    else if (p.type === 'RestElement') add(p.argument);
    else if (p.type === 'AssignmentPattern') add(p.left);
  };
  walk(root, (n) => {
    if (n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') return false;
    if (n.type === 'VariableDeclarator') add(n.id);
    else if (n.type === 'CatchClause') add(n.param);
    else if ((n.type === 'FunctionDeclaration' || n.type === 'ClassDeclaration' || n.type === 'ClassExpression') && n.id) add(n.id);
    return n.type === 'FunctionDeclaration' || n.type === 'ClassDeclaration' || n.type === 'ClassExpression' ? false : undefined;
  });
  return names;
}

/** The names in `names` that `fn` mentions (as identifiers, not as property keys). */
export function mentions(fn: Node, names: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  if (!names.size) return [];
  walk(fn, (n, parent) => {
    if (n.type !== 'Identifier' || !names.has(n.name)) return undefined;
    const key = (parent?.type === 'MemberExpression' && parent.property === n && !parent.computed) || (parent?.type === 'Property' && parent.key === n && !parent.computed && !parent.shorthand);
    if (!key) found.add(n.name);
    return undefined;
  });
  return [...found];
}
