/**
 * Parsing and top-level analysis shared by the instrumenter and the differ.
 * Pure: text in, plain data out. The one parser is acorn (ESTree, no dependencies,
 * ~1 MB/s-class speed is not needed: it parses 20-40 MB/s, see README "Design").
 */
import { Parser } from 'acorn';

/** An ESTree node as acorn produces it. Kept loose on purpose: we read a handful of fields. */
export interface Node {
  type: string;
  start: number;
  end: number;
  /** Only when parsed with locations; limeade parses without and uses position(). */
  loc?: { start: { line: number; column: number }; end: { line: number; column: number } };
  [key: string]: any;
}

export class LimeadeSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/**
 * `locations: false` when only offsets are needed (instrumenting at load): acorn parses
 * ~40% faster without line/column objects (4.5 → 6.5 MB/s measured here).
 */
export function parseModule(source: string, locations = false, allowHashBang = true): Node {
  try {
    return Parser.parse(source, {
      ecmaVersion: 'latest',
      sourceType: 'module',
      locations,
      allowHashBang,
    }) as unknown as Node;
  } catch (err: any) {
    // A CommonJS file may use what only a script allows (a top-level `return`, sloppy-mode
    // syntax): it is one, inside Node's module wrapper. Its tree is the same as a module's
    // for everything limeade reads. An ES module that parses only so fails in Node itself.
    const script = parseScript(source, locations, allowHashBang);
    if (script) return script;
    const loc = err?.loc ?? { line: 1, column: 0 };
    const message = String(err?.message ?? err).replace(/ \(\d+:\d+\)$/, '');
    throw new LimeadeSyntaxError(message, loc.line, loc.column);
  }
}

function parseScript(source: string, locations: boolean, allowHashBang: boolean): Node | undefined {
  try {
    return Parser.parse(source, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true, locations, allowHashBang }) as unknown as Node;
  } catch {
    return undefined;
  }
}

let lineIndex: { source: string; starts: number[] } | undefined;

/**
 * Line (1-based) and column (0-based) of an offset. The differ parses without locations
 * (~40% faster) and asks for positions only of the few nodes a patch compiles.
 */
export function position(source: string, offset: number): { line: number; column: number } {
  if (lineIndex?.source !== source) {
    const starts = [0];
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
    lineIndex = { source, starts };
  }
  const { starts } = lineIndex;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! };
}

export type InitKind = 'function' | 'class' | 'value' | 'none';

/** One top-level unit: a declaration binding (function, class, one declarator) or a statement. */
export interface Item {
  kind: 'import' | 'export' | 'function' | 'class' | 'var' | 'stmt';
  /** Binding name for function, class and simple declarators. */
  name: string;
  /** Names bound by a destructuring declarator. */
  names: string[];
  /** Text compared across versions. */
  text: string;
  /** The function / class / declarator node. */
  node: Node;
  /** The enclosing top-level statement. */
  stmt: Node;
  declKind: 'const' | 'let' | 'var' | '';
  init: InitKind;
  /** `export default <function or class or expression>` without a name of its own. */
  anonymousDefault: boolean;
  /**
   * A class a CommonJS statement exports (`module.exports = class …`, `exports.X = class …`,
   * `module.exports.X = class …`; `exportedClass`): the module binding the instrumenter adds
   * to hold it. The item is the class (named by the target, `module.exports`), so an edit of
   * its members patches the class the program holds instead of running the statement again.
   */
  binding?: string;
}

export function initKind(init: Node | null | undefined): InitKind {
  if (!init) return 'none';
  if (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression') return 'function';
  if (init.type === 'ClassExpression') return 'class';
  return 'value';
}

/** `module.exports`, `exports.X`, `module.exports.X`: what a CommonJS export assignment targets, or undefined. */
export function exportsTarget(left: Node): string | undefined {
  const isModuleExports = (n: Node): boolean =>
    n.type === 'MemberExpression' && !n.computed && n.object.type === 'Identifier' && n.object.name === 'module' && n.property.type === 'Identifier' && n.property.name === 'exports';
  if (isModuleExports(left)) return 'module.exports';
  if (left.type !== 'MemberExpression' || left.computed || left.property.type !== 'Identifier') return undefined;
  if (left.object.type === 'Identifier' && left.object.name === 'exports') return `exports.${left.property.name}`;
  if (isModuleExports(left.object)) return `module.exports.${left.property.name}`;
  return undefined;
}

/**
 * Does an initializer assign `module.exports` in its chain (`const proto = module.exports = { … }`,
 * koa's context.js)? Its value is the object just made, but during a refresh runtime/cjs-exports.ts
 * copies that into the exports object the program holds: the binding must take the one
 * `module.exports` holds, as in a fresh process, where both are the same object (else what the
 * module's later statements add through it, `delegate(proto, 'request').access('accept')`, goes
 * to an object nobody requires).
 */
export function assignsModuleExports(init: Node | null | undefined): boolean {
  for (let n = init; n?.type === 'AssignmentExpression' && n.operator === '='; n = n.right)
    if (exportsTarget(n.left) === 'module.exports') return true;
  return false;
}

/**
 * The names a chain assigning `module.exports` assigns too (`exports = module.exports = { … }`,
 * `const proto = exports = module.exports = { … }`): the same object in a fresh process, so
 * they too must hold the exports object the program holds (assignsModuleExports). Empty when
 * the chain assigns no `module.exports`.
 */
export function exportsAliases(e: Node | null | undefined): string[] {
  if (!assignsModuleExports(e)) return [];
  const names: string[] = [];
  for (let n = e; n?.type === 'AssignmentExpression' && n.operator === '='; n = n.right) if (n.left.type === 'Identifier') names.push(n.left.name);
  return names;
}

/**
 * A top-level statement `module.exports = class …` (or `exports.X = class …`,
 * `module.exports.X = class …`): its target and the class, or undefined. What a CommonJS
 * file writes where an ES module writes `export default class …` or `export class X …`.
 */
export function exportedClass(stmt: Node): { target: string; cls: Node } | undefined {
  if (stmt.type !== 'ExpressionStatement') return undefined;
  const e = stmt.expression as Node;
  if (e.type !== 'AssignmentExpression' || e.operator !== '=' || e.right.type !== 'ClassExpression') return undefined;
  const target = exportsTarget(e.left);
  return target ? { target, cls: e.right } : undefined;
}

/**
 * A top-level statement that assigns a CommonJS export (`module.exports = …`, `exports.X = …`,
 * `module.exports.X = …`): the value it assigns, or undefined.
 */
export function exportAssignment(stmt: Node): Node | undefined {
  if (stmt.type !== 'ExpressionStatement') return undefined;
  const e = stmt.expression as Node;
  return e.type === 'AssignmentExpression' && e.operator === '=' && exportsTarget(e.left) ? e.right : undefined;
}

/**
 * The keys a CommonJS text's top-level statements give its exports object by assigning them,
 * in the order a fresh run of the text creates them
 * (`exports.X = …`, `module.exports.X = …`, each target of a chain `exports.X = exports.Y =
 * void 0`, the properties of `module.exports = { … }`, the literal key of
 * `Object.defineProperty(exports, "__esModule", { value: true })`, what tsc writes first), or
 * undefined when the text may give it others too: it assigns `module.exports` something else
 * than an object literal of plain keys, or another top-level statement names `exports` or
 * `module.exports` (`Object.assign(exports, …)`, `exports[key] = …`, a computed key given to
 * `Object.defineProperty`).
 */
export function exportedKeys(program: Node): Set<string> | undefined {
  const keys = new Set<string>();
  for (const stmt of program.body as Node[]) {
    const e = stmt.type === 'ExpressionStatement' ? (stmt.expression as Node) : undefined;
    const targets: string[] = [];
    let value = e;
    for (let t: string | undefined; value?.type === 'AssignmentExpression' && value.operator === '=' && (t = exportsTarget(value.left)); value = value.right) targets.push(t);
    if (targets.length === 1 && targets[0] === 'module.exports') {
      if (value!.type !== 'ObjectExpression') return undefined;
      for (const p of value!.properties as Node[]) {
        if (p.type !== 'Property' || p.computed) return undefined;
        keys.add(p.key.type === 'Identifier' ? p.key.name : String(p.key.value));
      }
      if (mentionsExports(value!)) return undefined;
    } else if (targets.length) {
      if (targets.includes('module.exports')) return undefined;
      // (In the order they are created: `exports.a = exports.b = v` assigns `b` first.)
      for (const t of [...targets].reverse()) keys.add(t.slice(t.lastIndexOf('.') + 1));
      if (mentionsExports(value!)) return undefined;
    } else {
      const defined = e && definedExport(e);
      if (defined) {
        keys.add(defined.key);
        if (mentionsExports(defined.descriptor)) return undefined;
      } else if (mentionsExports(stmt)) return undefined;
    }
  }
  return keys;
}

/** `Object.defineProperty(exports, 'key', descriptor)` (or `module.exports`) with a literal key: the key and the descriptor. */
function definedExport(e: Node): { key: string; descriptor: Node } | undefined {
  if (e.type !== 'CallExpression' || e.optional || e.arguments.length !== 3) return undefined;
  const c = e.callee as Node;
  if (c.type !== 'MemberExpression' || c.computed || c.object.type !== 'Identifier' || c.object.name !== 'Object' || c.property.type !== 'Identifier' || c.property.name !== 'defineProperty') return undefined;
  const [target, key, descriptor] = e.arguments as Node[];
  const isExports = (target!.type === 'Identifier' && target!.name === 'exports') || exportsTarget(target!) === 'module.exports';
  if (!isExports || key!.type !== 'Literal' || (typeof key!.value !== 'string' && typeof key!.value !== 'number')) return undefined;
  if (descriptor!.type === 'SpreadElement') return undefined;
  return { key: String(key!.value), descriptor: descriptor! };
}

/** Does code outside functions under `node` name `exports` or `module.exports` (what may add keys while it runs)? */
function mentionsExports(node: Node): boolean {
  let found = false;
  walk(node, (n, parent) => {
    if (found || FUNCTION_TYPES.has(n.type) || n.type === 'MethodDefinition' || n.type === 'PropertyDefinition') return false;
    if (n.type === 'Identifier' && n.name === 'exports' && !(parent?.type === 'MemberExpression' && parent.property === n && !parent.computed)) found = true;
    if (n.type === 'Identifier' && n.name === 'module' && parent?.type === 'MemberExpression' && parent.object === n) found = true;
    return undefined;
  });
  return found;
}

/**
 * Properties that top-level statements assign to a function or class the module declares, or
 * to its prototype, the pre-class way (`Emitter.prototype.on = function on() {…}`, `Emitter.
 * prefixed = prefix`): `Emitter.prototype|on`, `Emitter|prefixed`. `statements` lists those
 * a top-level `a.b = …;` or `a.prototype.b = …;` statement assigns; `anywhere` adds every such
 * assignment in the module, inside functions too (code that may still assign it); `unknown`
 * names the targets code may give keys otherwise (a computed key, the object passed to a
 * call: `Object.assign(Emitter.prototype, mixin)`), whose keys cannot all be known.
 * `only: 'statements'`: the first alone (no walk of the module).
 */
/** The global object's names, and the built-in constructors whose prototypes programs extend (a name the module declares is its own). */
export const GLOBALS = new Set(['globalThis', 'global']);
export const BUILTINS = new Set(['Object', 'Array', 'String', 'Number', 'Boolean', 'Function', 'Promise', 'Map', 'Set', 'Date', 'RegExp', 'Error']);

export function assignedMembers(program: Node, source: string, only: 'statements' | 'all' = 'all'): { statements: Set<string>; anywhere: Set<string>; unknown: Set<string> } {
  const statements = new Set<string>();
  const anywhere = new Set<string>();
  const unknown = new Set<string>();
  // (Most modules have no such statement: a look at the top level before any analysis.)
  const candidate = (stmt: Node): boolean => {
    const e = stmt.type === 'ExpressionStatement' ? (stmt.expression as Node) : undefined;
    return e?.type === 'AssignmentExpression' && e.operator === '=' && e.left.type === 'MemberExpression' && (e.left.object.type === 'Identifier' || e.left.object.type === 'MemberExpression');
  };
  if (only === 'statements' && !(program.body as Node[]).some(candidate)) return { statements, anywhere, unknown };
  const items = topLevel(program, source);
  const declared = new Set(items.filter((i) => i.kind === 'function' || i.kind === 'class').map((i) => i.name));
  // A top-level object literal a table is filled into (`const handlers = {}; handlers.add = …`):
  // its literal's own keys are assigned by the new text too.
  const literals = new Map(items.flatMap((i) => (i.kind === 'var' && !i.anonymousDefault && i.node.id.type === 'Identifier' && i.node.init?.type === 'ObjectExpression' ? [[i.name, i.node.init as Node]] : [])));
  const names = new Set(items.flatMap((i) => i.names));
  const targetOf = (o: Node): string | undefined => {
    if (o.type === 'Identifier' && (declared.has(o.name) || literals.has(o.name))) return o.name;
    // The global object, and the prototypes of the built-in constructors (`Array.prototype.last = …`).
    if (o.type === 'Identifier' && GLOBALS.has(o.name) && !names.has(o.name)) return o.name;
    if (o.type === 'MemberExpression' && !o.computed && o.property.type === 'Identifier' && o.property.name === 'prototype' && o.object.type === 'Identifier' && (declared.has(o.object.name) || (BUILTINS.has(o.object.name) && !names.has(o.object.name))))
      return `${o.object.name}.prototype`;
    return undefined;
  };
  for (const [name, literal] of only === 'all' ? literals : []) {
    for (const p of literal.properties as Node[]) {
      if (p.type !== 'Property' || (p.computed && !(p.key.type === 'Literal' && typeof p.key.value === 'string'))) unknown.add(name);
      else anywhere.add(`${name}|${p.key.type === 'Identifier' ? p.key.name : String(p.key.value)}`);
    }
  }
  const keyOf = (left: Node): string | undefined => {
    if (left.type !== 'MemberExpression') return undefined;
    const t = targetOf(left.object);
    if (!t) return undefined;
    return left.computed ? (left.property.type === 'Literal' && typeof left.property.value === 'string' ? `${t}|${left.property.value}` : `${t}|`) : `${t}|${left.property.name}`;
  };
  for (const stmt of program.body as Node[]) {
    const e = stmt.type === 'ExpressionStatement' ? (stmt.expression as Node) : undefined;
    const k = e?.type === 'AssignmentExpression' && e.operator === '=' ? keyOf(e.left) : undefined;
    if (k && !k.endsWith('|')) statements.add(k);
  }
  if (only === 'statements') return { statements, anywhere, unknown };
  walk(program, (n) => {
    const left = n.type === 'AssignmentExpression' ? (n.left as Node) : n.type === 'UnaryExpression' && n.operator === 'delete' ? (n.argument as Node) : undefined;
    const k = left && keyOf(left);
    if (k?.endsWith('|')) unknown.add(k.slice(0, -1));
    else if (k) anywhere.add(k);
    if ((n.type === 'CallExpression' || n.type === 'NewExpression') && !readsOnly(n.callee))
      for (const a of n.arguments as Node[]) {
        const t = targetOf(a.type === 'SpreadElement' ? a.argument : a);
        if (t) unknown.add(t);
      }
    return undefined;
  });
  return { statements, anywhere, unknown };
}

/** Calls that only read the objects passed to them (`Object.keys(handlers)`): they give them no keys. */
const READ_ONLY = new Set([
  'Object.keys', 'Object.values', 'Object.entries', 'Object.getOwnPropertyNames', 'Object.getOwnPropertyDescriptor',
  'Object.getOwnPropertyDescriptors', 'Object.hasOwn', 'Object.isFrozen', 'Object.isSealed', 'Object.freeze', 'Reflect.ownKeys', 'Reflect.has',
  'Reflect.get', 'JSON.stringify', 'Array.isArray', 'console.log', 'console.error', 'console.warn', 'console.info', 'console.debug', 'console.dir', 'console.table',
]);
function readsOnly(callee: Node): boolean {
  return callee.type === 'MemberExpression' && !callee.computed && callee.object.type === 'Identifier' && callee.property.type === 'Identifier' && READ_ONLY.has(`${callee.object.name}.${callee.property.name}`);
}

/** The module binding the instrumenter adds to hold a class a CommonJS statement exports. */
export const exportedClassBinding = (target: string): string => `__lmx$${target.replace(/\./g, '$')}`;

/**
 * Top-level function declarations that a later one of the same name replaces (sloppy or
 * CommonJS code may declare a function twice; an ES module may not): the last one is the
 * binding's value from the start, so the earlier ones never run. topLevel leaves them out:
 * nothing to guard, patch or report (loader/diff.ts notes an edit of one).
 */
export function shadowedDeclarations(program: Node): Map<Node, Node> {
  const last = new Map<string, Node>();
  const out = new Map<Node, Node>();
  const body = program.body as Node[];
  for (let i = body.length - 1; i >= 0; i--) {
    const stmt = body[i]!;
    if (stmt.type !== 'FunctionDeclaration' || !stmt.id) continue;
    const later = last.get(stmt.id.name);
    if (later) out.set(stmt, later);
    else last.set(stmt.id.name, stmt);
  }
  return out;
}

/** Does the program's directive prologue say `'use strict'` (a script; an ES module is strict anyway)? */
export function usesStrict(program: Node): boolean {
  for (const n of program.body as Node[]) {
    if (n.type !== 'ExpressionStatement' || typeof n.directive !== 'string') return false;
    if (n.directive === 'use strict') return true;
  }
  return false;
}

/** A statement of the directive prologue (`'use strict';`): it does nothing when it runs. */
export function isDirective(stmt: Node, program: Node): boolean {
  if (stmt.type !== 'ExpressionStatement' || typeof stmt.directive !== 'string') return false;
  for (const n of program.body as Node[]) {
    if (n === stmt) return true;
    if (n.type !== 'ExpressionStatement' || typeof n.directive !== 'string') return false;
  }
  return false;
}

/**
 * The functions a top-level statement declares in its blocks (`if (x) { function f() {} }`),
 * outside its functions and classes: in sloppy code each is also a `var` of the function
 * scope around, the module's (Annex B.3.3), assigned when its declaration is evaluated. Not
 * generators or async functions, nor a name a `let`, `const`, `class` or `catch` parameter of
 * the statement also binds (Annex B leaves those block-scoped).
 */
export function blockFunctions(stmt: Node): string[] {
  const fns: string[] = [];
  const lexical = new Set<string>();
  walk(stmt, (n, parent) => {
    if (n === stmt) return undefined;
    if (n.type === 'FunctionDeclaration') {
      if (!n.generator && !n.async && n.id && parent && parent.type !== 'Program') fns.push(n.id.name);
      return false;
    }
    if (FUNCTION_TYPES.has(n.type) || n.type === 'ClassExpression' || n.type === 'MethodDefinition' || n.type === 'PropertyDefinition' || n.type === 'StaticBlock') return false;
    if (n.type === 'ClassDeclaration' && n.id) lexical.add(n.id.name);
    if (n.type === 'VariableDeclaration' && n.kind !== 'var') for (const d of n.declarations as Node[]) for (const name of patternNames(d.id)) lexical.add(name);
    if (n.type === 'CatchClause' && n.param) for (const name of patternNames(n.param)) lexical.add(name);
    return undefined;
  });
  return [...new Set(fns)].filter((name) => !lexical.has(name));
}

/** Every top-level unit of a module, in source order. */
export function topLevel(program: Node, source: string): Item[] {
  const items: Item[] = [];
  const shadowed = shadowedDeclarations(program);
  // Targets two statements assign a class to stay statements: one name, one class.
  const targets = new Map<string, number>();
  for (const stmt of program.body as Node[]) {
    const t = exportedClass(stmt)?.target;
    if (t) targets.set(t, (targets.get(t) ?? 0) + 1);
  }
  const text = (n: Node): string => source.slice(n.start, n.end);
  const push = (kind: Item['kind'], name: string, node: Node, stmt: Node, extra: Partial<Item> = {}): void => {
    items.push({ kind, name, names: name ? [name] : [], text: text(node), node, stmt, declKind: '', init: 'none', anonymousDefault: false, ...extra });
  };
  const declaration = (decl: Node, stmt: Node): void => {
    if (decl.type === 'FunctionDeclaration') push('function', decl.id.name, decl, stmt, { init: 'function' });
    else if (decl.type === 'ClassDeclaration') push('class', decl.id.name, decl, stmt, { init: 'class' });
    else if (decl.type === 'VariableDeclaration') {
      for (const d of decl.declarations as Node[]) {
        const simple = d.id.type === 'Identifier';
        items.push({
          kind: 'var',
          name: simple ? d.id.name : '',
          names: simple ? [d.id.name] : patternNames(d.id),
          text: `${decl.kind} ${text(d)}`,
          node: d,
          stmt,
          declKind: decl.kind,
          init: initKind(d.init),
          anonymousDefault: false,
        });
      }
    } else push('stmt', '', stmt, stmt);
  };
  for (const stmt of program.body as Node[]) {
    switch (stmt.type) {
      case 'ImportDeclaration':
        push('import', '', stmt, stmt);
        break;
      case 'ExportNamedDeclaration':
        if (stmt.declaration) declaration(stmt.declaration, stmt);
        else push('export', '', stmt, stmt);
        break;
      case 'ExportAllDeclaration':
        push('export', '', stmt, stmt);
        break;
      case 'ExportDefaultDeclaration': {
        const d = stmt.declaration as Node;
        if ((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id) declaration(d, stmt);
        else if (d.type === 'FunctionDeclaration')
          push('function', 'default', d, stmt, { init: 'function', anonymousDefault: true });
        else if (d.type === 'ClassDeclaration') push('class', 'default', d, stmt, { init: 'class', anonymousDefault: true });
        else
          items.push({
            kind: 'var', name: 'default', names: ['default'], text: `default ${text(d)}`, node: d, stmt,
            declKind: 'let', init: initKind(d), anonymousDefault: true,
          });
        break;
      }
      case 'FunctionDeclaration':
        if (!shadowed.has(stmt)) declaration(stmt, stmt);
        break;
      case 'ClassDeclaration':
      case 'VariableDeclaration':
        declaration(stmt, stmt);
        break;
      default: {
        const exported = exportedClass(stmt);
        if (exported && targets.get(exported.target) === 1)
          push('class', exported.target, exported.cls, stmt, { init: 'class', binding: exportedClassBinding(exported.target) });
        else push('stmt', '', stmt, stmt);
      }
    }
  }
  return items;
}

export function patternNames(p: Node | null): string[] {
  if (!p) return [];
  switch (p.type) {
    case 'Identifier':
      return [p.name];
    case 'ObjectPattern':
      return (p.properties as Node[]).flatMap((q) => patternNames(q.type === 'RestElement' ? q.argument : q.value));
    case 'ArrayPattern':
      return (p.elements as (Node | null)[]).flatMap((q) => patternNames(q));
    case 'RestElement':
      return patternNames(p.argument);
    case 'AssignmentPattern':
      return patternNames(p.left);
    default:
      return [];
  }
}

/** The names a module exports, and the texts of `export … from` / `export *` statements. */
export function exportSignature(program: Node, source: string): string[] {
  const sig: string[] = [];
  for (const s of program.body as Node[]) {
    if (s.type === 'ExportDefaultDeclaration') {
      // `export default function handler` binds the export to a declaration of its own; an
      // anonymous one to the module's default binding: the link differs (it changed form).
      const d = s.declaration as Node;
      sig.push((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id ? `default=${d.id.name}` : 'default');
    }
    else if (s.type === 'ExportAllDeclaration') sig.push(source.slice(s.start, s.end));
    else if (s.type === 'ExportNamedDeclaration') {
      if (s.declaration) {
        const d = s.declaration as Node;
        if (d.type === 'VariableDeclaration') for (const x of d.declarations as Node[]) sig.push(...patternNames(x.id));
        else sig.push(d.id.name);
      } else if (s.source) sig.push(source.slice(s.start, s.end));
      else
        for (const sp of s.specifiers as Node[]) {
          const local = nameOf(sp.local);
          const exported = nameOf(sp.exported);
          sig.push(local === exported ? local : `${local} as ${exported}`);
        }
    }
  }
  return sig.sort();
}

/** What a module imports, independent of formatting: source, bindings and attributes. */
export function importSignature(program: Node, source: string): string[] {
  return (program.body as Node[])
    .filter((s) => s.type === 'ImportDeclaration')
    .map((s) => {
      const names = (s.specifiers as Node[]).map((sp) =>
        sp.type === 'ImportDefaultSpecifier' ? `default:${sp.local.name}` : sp.type === 'ImportNamespaceSpecifier' ? `*:${sp.local.name}` : `${nameOf(sp.imported)}:${sp.local.name}`,
      );
      const attributes = ((s.attributes ?? []) as Node[]).map((a) => source.slice(a.start, a.end)).sort();
      return `${String(s.source.value)} {${names.sort().join(',')}} ${attributes.join(',')}`;
    })
    .sort();
}

function nameOf(n: Node): string {
  return n.type === 'Identifier' ? n.name : String(n.value);
}

/** Key of a class element: a method, accessor, field, constructor or static block. */
export interface Member {
  key: string;
  /** 'method' | 'get' | 'set' | 'field' | 'constructor' | 'block' */
  kind: string;
  isStatic: boolean;
  isPrivate: boolean;
  computed: boolean;
  node: Node;
  text: string;
}

export function classMembers(cls: Node, source: string): Member[] {
  const out: Member[] = [];
  let blocks = 0;
  for (const m of cls.body.body as Node[]) {
    const text = source.slice(m.start, m.end);
    if (m.type === 'StaticBlock') {
      out.push({ key: `static-block-${blocks++}`, kind: 'block', isStatic: true, isPrivate: false, computed: false, node: m, text });
      continue;
    }
    const k = m.key as Node;
    const isPrivate = k.type === 'PrivateIdentifier';
    const key = m.computed
      ? `[${source.slice(k.start, k.end)}]`
      : isPrivate
        ? `#${k.name}`
        : k.type === 'Identifier'
          ? k.name
          : String(k.value);
    const kind = m.type === 'PropertyDefinition' ? 'field' : (m.kind as string);
    out.push({ key, kind, isStatic: !!m.static, isPrivate, computed: !!m.computed, node: m, text });
  }
  return out;
}

export function memberId(m: Member): string {
  return `${m.isStatic ? 'static ' : ''}${m.kind} ${m.key}`;
}

/** Visit every node under `node`; `enter` returning false skips the node's children. */
export function walk(node: Node, enter: (n: Node, parent: Node | null) => boolean | void, parent: Node | null = null): void {
  if (enter(node, parent) === false) return;
  for (const key in node) {
    if (key === 'loc' || key === 'start' || key === 'end' || key === 'type') continue;
    const v = node[key];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c.type === 'string') walk(c, enter, node);
    } else if (v && typeof v === 'object' && typeof v.type === 'string') walk(v, enter, node);
  }
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

export function isFunctionNode(n: Node): boolean {
  return FUNCTION_TYPES.has(n.type);
}

/** Does this top-level code use `await` outside any function (top-level await)? */
export function hasTopLevelAwait(node: Node): boolean {
  let found = false;
  walk(node, (n) => {
    if (found) return false;
    if (FUNCTION_TYPES.has(n.type) || n.type === 'MethodDefinition' || n.type === 'PropertyDefinition' || n.type === 'StaticBlock') return false;
    if (n.type === 'AwaitExpression' || (n.type === 'ForOfStatement' && n.await)) found = true;
    if (n.type === 'VariableDeclaration' && (n.kind === 'await using')) found = true;
    return undefined;
  });
  return found;
}

/** Positions of `import.meta` inside a node (direct eval cannot contain it). */
export function importMetaRanges(node: Node): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  walk(node, (n) => {
    if (n.type === 'MetaProperty' && n.meta?.name === 'import') out.push([n.start, n.end]);
  });
  return out;
}

/**
 * The callees of a CommonJS module's `Object.defineProperty(exports, …)` and
 * `Object.defineProperty(module.exports, …)`: calls the runtime records as registrations of the
 * statement whose top-level code made them (loader/contract.ts ModuleApi.defineExport; the instrumenter
 * and runtime/framing.ts sliceForEval write that call instead), where a definition can stand
 * in the way of the new text (express 4's throwing accessors for middleware moved out).
 */
export function exportDefinitions(program: Node): Node[] {
  const out: Node[] = [];
  const isExports = (n: Node | undefined): boolean =>
    !!n && (n.type === 'Identifier' ? n.name === 'exports' : n.type === 'MemberExpression' && !n.computed && n.object.type === 'Identifier' && n.object.name === 'module' && n.property.name === 'exports');
  walk(program, (n) => {
    const c = n.type === 'CallExpression' ? (n.callee as Node) : undefined;
    if (c?.type === 'MemberExpression' && !c.computed && c.object.type === 'Identifier' && c.object.name === 'Object' && c.property.name === 'defineProperty' && isExports(n.arguments[0]))
      out.push(c);
    return undefined;
  });
  return out;
}
