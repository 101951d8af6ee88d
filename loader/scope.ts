/**
 * Which identifiers inside a piece of code refer to names declared outside it. Pure.
 *
 * A class member compiled in the class's scope hook sees the module scope of the version the
 * class was created in. After a re-import the module's live scope is the newest version's,
 * so a member compiled then reads its module-level names through accessors into that scope
 * (runtime/class-code.ts); this file finds the references to rewrite. Module and class code is
 * strict: no `with`, no sloppy `eval` declarations, function declarations in blocks are
 * block-scoped.
 */
import { patternNames, topLevel, walk, type Node } from './analyze.js';

export interface Reference {
  /** The Identifier node. */
  node: Node;
  /** Assigned to (`x = 1`, `x++`, a target of a destructuring assignment or of `for (x of …)`). */
  write: boolean;
  /** A shorthand property (`{ x }`, `({ x } = o)`): the rewrite must keep the key. */
  shorthand: boolean;
  /** Called or used as a template tag: the rewrite must not pass a `this`. */
  callee: boolean;
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** References under `root` to any of `names` that no declaration under `root` shadows, in source order. */
export function freeReferences(root: Node, names: ReadonlySet<string>): Reference[] {
  const out: Reference[] = [];
  if (!names.size) return out;
  const chain: Array<ReadonlySet<string>> = [];
  const free = (name: string): boolean => names.has(name) && !chain.some((s) => s.has(name));
  const ref = (id: Node, write: boolean, shorthand = false, callee = false): void => {
    if (free(id.name)) out.push({ node: id, write, shorthand, callee });
  };
  const scoped = (declared: Iterable<string>, body: () => void): void => {
    chain.push(new Set(declared));
    body();
    chain.pop();
  };

  /** Default values and computed keys of a binding pattern: they are expressions. */
  const patternExpressions = (p: Node | null): void => {
    if (!p) return;
    if (p.type === 'AssignmentPattern') {
      patternExpressions(p.left);
      visit(p.right);
    } else if (p.type === 'ObjectPattern') {
      for (const q of p.properties as Node[]) {
        if (q.type === 'RestElement') patternExpressions(q.argument);
        else {
          if (q.computed) visit(q.key);
          patternExpressions(q.value);
        }
      }
    } else if (p.type === 'ArrayPattern') for (const q of p.elements as Array<Node | null>) patternExpressions(q);
    else if (p.type === 'RestElement') patternExpressions(p.argument);
  };
  /** The target of an assignment: its identifiers are written. */
  const target = (p: Node | null): void => {
    if (!p) return;
    if (p.type === 'Identifier') ref(p, true);
    else if (p.type === 'AssignmentPattern') {
      target(p.left);
      visit(p.right);
    } else if (p.type === 'ObjectPattern') {
      for (const q of p.properties as Node[]) {
        if (q.type === 'RestElement') target(q.argument);
        else if (q.shorthand) {
          const v = q.value as Node;
          const id = v.type === 'AssignmentPattern' ? v.left : v;
          ref(id, true, true);
          if (v.type === 'AssignmentPattern') visit(v.right);
        } else {
          if (q.computed) visit(q.key);
          target(q.value);
        }
      }
    } else if (p.type === 'ArrayPattern') for (const q of p.elements as Array<Node | null>) target(q);
    else if (p.type === 'RestElement') target(p.argument);
    else visit(p); // a member expression
  };

  const fn = (f: Node): void => {
    const own: string[] = (f.params as Node[]).flatMap((p) => patternNames(p));
    if (f.type === 'FunctionExpression' && f.id) own.push(f.id.name);
    const body = f.body as Node;
    if (body.type === 'BlockStatement') own.push(...varNames(body), ...lexicalNames(body.body));
    scoped(own, () => {
      for (const p of f.params as Node[]) patternExpressions(p);
      if (body.type === 'BlockStatement') for (const s of body.body as Node[]) visit(s);
      else visit(body);
    });
  };
  const classNode = (c: Node): void => {
    const inner = (): void => {
      if (c.superClass) visit(c.superClass);
      for (const m of c.body.body as Node[]) member(m);
    };
    if (c.type === 'ClassExpression' && c.id) scoped([c.id.name], inner);
    else inner();
  };
  const member = (m: Node): void => {
    if (m.type === 'StaticBlock') return scoped([...varNames(m), ...lexicalNames(m.body)], () => (m.body as Node[]).forEach(visit));
    if (m.computed) visit(m.key);
    if (m.value) visit(m.value);
  };

  function visit(n: Node | null | undefined): void {
    if (!n) return;
    switch (n.type) {
      case 'Identifier':
        return ref(n, false);
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return fn(n);
      case 'ClassDeclaration':
      case 'ClassExpression':
        return classNode(n);
      case 'MethodDefinition':
      case 'PropertyDefinition':
      case 'StaticBlock':
        return member(n);
      case 'BlockStatement':
        return scoped(lexicalNames(n.body), () => (n.body as Node[]).forEach(visit));
      case 'SwitchStatement':
        visit(n.discriminant);
        return scoped(
          (n.cases as Node[]).flatMap((c) => lexicalNames(c.consequent)),
          () => (n.cases as Node[]).forEach((c) => (visit(c.test), (c.consequent as Node[]).forEach(visit))),
        );
      case 'ForStatement': {
        const lexical = n.init?.type === 'VariableDeclaration' && n.init.kind !== 'var';
        return scoped(lexical ? declaredBy(n.init) : [], () => [n.init, n.test, n.update, n.body].forEach(visit));
      }
      case 'ForInStatement':
      case 'ForOfStatement': {
        const decl = n.left.type === 'VariableDeclaration' ? (n.left as Node) : null;
        return scoped(decl && decl.kind !== 'var' ? declaredBy(decl) : [], () => {
          if (decl) visit(decl);
          else target(n.left);
          visit(n.right);
          visit(n.body);
        });
      }
      case 'CatchClause':
        return scoped(patternNames(n.param), () => (patternExpressions(n.param), visit(n.body)));
      case 'VariableDeclarator':
        patternExpressions(n.id);
        return visit(n.init);
      case 'AssignmentExpression':
        target(n.left);
        return visit(n.right);
      case 'UpdateExpression':
        return n.argument.type === 'Identifier' ? ref(n.argument, true) : visit(n.argument);
      case 'MemberExpression':
        visit(n.object);
        return n.computed ? visit(n.property) : undefined;
      case 'Property':
        if (n.computed) visit(n.key);
        return n.shorthand && n.value.type === 'Identifier' ? ref(n.value, false, true) : visit(n.value);
      case 'CallExpression':
      case 'NewExpression':
        if (n.type === 'CallExpression' && n.callee.type === 'Identifier') ref(n.callee, false, false, true);
        else visit(n.callee);
        return (n.arguments as Node[]).forEach(visit);
      case 'TaggedTemplateExpression':
        if (n.tag.type === 'Identifier') ref(n.tag, false, false, true);
        else visit(n.tag);
        return visit(n.quasi);
      case 'LabeledStatement':
        return visit(n.body);
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'MetaProperty':
      case 'PrivateIdentifier':
        return;
      default:
        for (const key in n) {
          if (key === 'type' || key === 'start' || key === 'end' || key === 'loc') continue;
          const v = n[key];
          if (Array.isArray(v)) {
            for (const c of v) if (c && typeof c.type === 'string') visit(c);
          } else if (v && typeof v === 'object' && typeof v.type === 'string') visit(v);
        }
    }
  }

  visit(root);
  return out.sort((a, b) => a.node.start - b.node.start);
}

/** Names a declaration statement binds. */
export function declaredBy(decl: Node): string[] {
  return (decl.declarations as Node[]).flatMap((d) => patternNames(d.id));
}

/** Names the statements of a block bind in it: `let`, `const`, classes, and (strict code) functions. */
export function lexicalNames(statements: readonly Node[]): string[] {
  const out: string[] = [];
  for (const s of statements) {
    if (s.type === 'VariableDeclaration' && s.kind !== 'var') out.push(...declaredBy(s));
    else if ((s.type === 'ClassDeclaration' || s.type === 'FunctionDeclaration') && s.id) out.push(s.id.name);
  }
  return out;
}

/**
 * The bindings the statements of a block declare in it, each with where it is initialized:
 * a function declaration on entry (0), a `let`, `const` or class at the end of its
 * declaration (before then, its temporal dead zone).
 */
export function lexicalInits(statements: readonly Node[]): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const s of statements) {
    if (s.type === 'VariableDeclaration' && s.kind !== 'var') for (const d of s.declarations as Node[]) for (const n of patternNames(d.id)) out.push([n, d.end]);
    else if (s.type === 'ClassDeclaration' && s.id) out.push([s.id.name, s.end]);
    else if (s.type === 'FunctionDeclaration' && s.id) out.push([s.id.name, 0]);
  }
  return out;
}

/**
 * Every name an assignment under `root` writes, whichever binding it is (so: a superset):
 * `x = …`, `x++`, a destructuring or `for (x of …)` target, and `var` declarations (a `var`
 * in a loop body is assigned on every pass).
 */
export function writtenNames(root: Node): Set<string> {
  const out = new Set<string>();
  const target = (p: Node | null): void => {
    if (!p) return;
    if (p.type === 'Identifier') out.add(p.name);
    else if (p.type === 'AssignmentPattern') target(p.left);
    else if (p.type === 'ObjectPattern') for (const q of p.properties as Node[]) target(q.type === 'RestElement' ? q.argument : q.value);
    else if (p.type === 'ArrayPattern') for (const q of p.elements as Array<Node | null>) target(q);
    else if (p.type === 'RestElement') target(p.argument);
  };
  walk(root, (n) => {
    if (n.type === 'AssignmentExpression') target(n.left);
    else if (n.type === 'UpdateExpression') target(n.argument);
    else if ((n.type === 'ForInStatement' || n.type === 'ForOfStatement') && n.left.type !== 'VariableDeclaration') target(n.left);
    else if (n.type === 'VariableDeclaration' && n.kind === 'var') for (const d of n.declarations as Node[]) target(d.id);
  });
  return out;
}

/** `var` names of a function body or static block: hoisted from nested blocks, not from nested functions or classes. */
export function varNames(body: Node): string[] {
  const out: string[] = [];
  walk(body, (n) => {
    if (n !== body && (FUNCTIONS.has(n.type) || n.type === 'ClassDeclaration' || n.type === 'ClassExpression' || n.type === 'StaticBlock')) return false;
    if (n.type === 'VariableDeclaration' && n.kind === 'var') out.push(...declaredBy(n));
    return undefined;
  });
  return out;
}

/**
 * The `#names` code under `root` uses or declares (`#x`, with its hash), but for the ones a
 * class nested in it declares for itself.
 */
export function privateNames(root: Node): Set<string> {
  const used = new Set<string>();
  const nested = new Set<string>();
  walk(root, (n) => {
    if (n.type === 'PrivateIdentifier') used.add(`#${n.name}`);
    if (n !== root && n.type === 'ClassBody')
      for (const m of n.body as Node[]) if (m.key?.type === 'PrivateIdentifier') nested.add(`#${m.key.name}`);
  });
  for (const name of nested) used.delete(name);
  return used;
}

/** How a module binds a name: by an import, a `const`, or otherwise (a function, class, `let` or `var`). */
export type Binding = 'import' | 'const' | 'other';

/** The names a module's scope binds (its top-level declarations and its imports), and how. */
export function moduleNames(program: Node, source: string): Map<string, Binding> {
  const out = new Map<string, Binding>();
  for (const it of topLevel(program, source)) {
    if (it.kind === 'import') for (const sp of it.stmt.specifiers as Node[]) out.set(sp.local.name, 'import');
    else if (!it.anonymousDefault) for (const name of it.names) out.set(name, it.declKind === 'const' ? 'const' : 'other');
  }
  return out;
}
