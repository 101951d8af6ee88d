/**
 * instrument: source + version → instrumented source. Pure (no I/O, no globals).
 *
 * What the output adds, all without moving an original line (only the first line and the
 * lines of a few rewritten tokens change columns, so stack traces need no source map):
 *
 * Every call the emitted code makes into the runtime is named in loader/contract.ts.
 *
 * - a prologue on the first line: the module's runtime record `__lm$`, its home scope
 *   hook `(__c, __v) => eval(__c)`, a top-level arrow whose direct eval sees and assigns the
 *   module's bindings (docs/design.md §4.1), and one holder per function, method and accessor
 *   (the global `__lmg$$N`, tagged per evaluation by the loader, runtime/slots.ts): where a
 *   refresh puts the code in force;
 * - a function declaration with plain parameters stays itself, with a guard first in its
 *   body that forwards to its holder's code once there is some (guardedSource); other
 *   top-level functions (`const f = () => …`, `const f = function…`, default or pattern
 *   parameters, anonymous default exports) are renamed to `f$lm` (implName) and `f` becomes a
 *   handle that forwards through the holder (handleSource, methodHandleSource), right behind
 *   the function's last token so the handle's stack frame names a line of the function; a
 *   top-level function nothing can hold (only ever called by name, loader/unheld.ts) gets
 *   neither;
 * - inline functions at top level (loader/inline.ts: function expressions and arrows in a
 *   top-level statement or value initializer, not inside another function) get a holder,
 *   registered by owner and ordinal (`inline`), and a guard first in the body (guardInline);
 *   those with a block body own closure sites, like top-level functions (loader/closures.ts);
 * - a top-level `const` becomes `let` (same length) so a refresh can assign it, unless it is
 *   one that stays `const` (loader/consts.ts: a plain value, not exported), which V8 folds;
 * - for each top-level class: a `static {}` block first in the body that registers every
 *   method and accessor (public, static and `#private`) with its holder, guarded in place
 *   when its parameters are plain, else behind a handle (a `#private` one behind a
 *   forwarder, its body under a string key), and a class scope hook, whose eval can compile
 *   new members that use the class's `#names`; the constructor gets a guard (loader/ctor.ts);
 * - for a re-imported version (version > 0): unchanged declarations take the old version's
 *   value (`__lm$.carries(name) ? __lm$.carried : init`), a class the program already has
 *   is that class, changed in place (`__lm$.carriesClass(name) ? __lm$.carried : class …`),
 *   and top-level statements run only when the runtime says they are new or changed
 *   (`if (__lm$.runs(i)) …`).
 */
import MagicString from 'magic-string';
import { builtinModules } from 'node:module';
import { assignsModuleExports, classMembers, exportDefinitions, exportsAliases, memberId, parseModule, topLevel, walk, type Item, type Node } from './analyze.js';
import { cacheDeclaration, cacheName, cacheRead, closureSites, envMaker, guardSites, statementConsts, statementShared } from './closures.js';
import { defaultConstructorSource, guardConstructor } from './ctor.js';
import { inlineFunctions, madeInPlace, inlineGuardable, inlineRoot } from './inline.js';
import { loweredParams, lowerParams, plainParams } from './params.js';
import { calledOnlyByName } from './unheld.js';
import { keptConstDeclarations } from './consts.js';
import { call, ClassFlags, HOLDER_PLACEHOLDER, inlineClosureOwner, memberOwner, CTOR_KEY, DEFAULT_BINDING, implName, META_LOCAL, MODULE_LOCAL, PRIVATE_PREFIX, READY, runtimeCall } from './contract.js';

export { DEFAULT_BINDING, implName, PRIVATE_PREFIX, RUNTIME_KEY } from './contract.js';
export { constructs, GUARD_LOCAL, guardedSource, handleSource, methodHandleSource } from './handles.js';
import { arrowRestParameter, bodyTop, constructs, flagsOf, GUARD_LOCAL, guarded, guardFunction, handleSource, isMethodLike, methodHandleSource, REST_LOCAL } from './handles.js';

/**
 * Can a function of this module be called before the module starts evaluating? Only from a
 * module of an import cycle it is part of, so only if it imports something that is not a
 * Node built-in (`node:…`, or a bare name of one): an app file, or a package, which could
 * be instrumented too (LIMEADE_INCLUDE) or be the app itself by its own name.
 */
function mayBeCalledEarly(program: Node): boolean {
  return program.body.some((n: Node) => {
    const from = n.type === 'ImportDeclaration' || n.type === 'ExportAllDeclaration' || n.type === 'ExportNamedDeclaration' ? n.source?.value : undefined;
    return typeof from === 'string' && !from.startsWith('node:') && !BUILTINS.has(from.split('/')[0]!);
  });
}

const BUILTINS = new Set(builtinModules);

/**
 * A CommonJS file (loader/cjs.ts): its URL (with `?limeade=N` for a version), since
 * `import.meta` is a SyntaxError inside Node's module wrapper.
 */
export interface CommonJsTarget {
  url: string;
}

/**
 * Does `source` use what only an ES module may (an import or export declaration,
 * `import.meta`)? What Node asks of a `.js` file whose format nothing declares (no
 * `"type"` in its package.json) before it runs it as CommonJS (its module syntax
 * detection); `require` hands such a file to the load hook with no format.
 */
export function hasModuleSyntax(source: string): boolean {
  if (!/\b(?:import|export)\b/.test(source)) return false;
  let program: Node;
  try {
    program = parseModule(source, false);
  } catch {
    return false; // Node's own compile reports it, as CommonJS
  }
  if (program.sourceType === 'script') return false;
  if ((program.body as Node[]).some((s) => s.type === 'ImportDeclaration' || s.type.startsWith('Export'))) return true;
  let meta = false;
  if (source.includes('meta')) walk(program, (n) => void (n.type === 'MetaProperty' && n.meta.name === 'import' && (meta = true)));
  return meta;
}

export function instrument(source: string, version = 0, commonjs?: CommonJsTarget): string {
  return instrumented(source, version, commonjs).toString();
}

/**
 * `instrument`'s output as the MagicString that made it: its map says where each column of
 * the output was in `source` (runtime/positions.ts: an error in a re-imported version's
 * top-level code names the column the user wrote).
 */
export function instrumented(source: string, version = 0, commonjs?: CommonJsTarget): MagicString {
  // A byte order mark (from a loader earlier in the chain; Node's own drops it) would keep a
  // `#!` line from being one: drop it too. Only first-line columns move, as the prologue's do.
  if (source.charCodeAt(0) === 0xfeff) return instrumented(source.slice(1), version, commonjs);
  const program = parseModule(source, false);
  const items = topLevel(program, source);
  // In CommonJS nothing is hoisted past the prologue: a `require` cycle runs it first.
  const early = !commonjs && mayBeCalledEarly(program);
  // Strict code lets guards forward through a rest parameter (loader/handles.ts guardFunction).
  const strict = !commonjs || (afterDirectives(program)?.strict ?? false);
  const ms = new MagicString(source);
  const prologue: string[] = [];
  const tail: string[] = [];
  const vars: string[] = [];
  // Holders are globals the prologue defines (HOLDER_PLACEHOLDER): V8 folds one nothing
  // assigns to its value when it inlines a handle, and then the holder's prototype (replaced
  // by each edit) to the code in force; a `var` or a reassigned slot made every edited
  // function a real call (8–9x).
  const slots: string[] = [];
  const after = new Map<Node, string[]>();
  const lets = new Set<Node>();
  // Functions nothing can hold keep no guard and no handle (loader/unheld.ts).
  const unheld = calledOnlyByName(program, items);
  // Constants V8 folds stay constants (loader/consts.ts), helpers among them guarded in place.
  const kept = keptConstDeclarations(program, items, unheld);
  const handles = new Map<string, { holder: string; flags: number }>();
  const q = JSON.stringify;
  let statement = 0;

  const appendAfter = (stmt: Node, text: string): void => {
    const list = after.get(stmt) ?? [];
    list.push(text);
    after.set(stmt, list);
  };
  // Inline functions of a statement or declaration: a holder each, registered by owner and
  // ordinal, and a guard first in the body (docs/design.md §3.4).
  const inline = (root: Node | undefined, owner: string | number): void => {
    if (!root) return;
    // (Walked only for a root that has inline functions: most statements have none.)
    let passed: Set<Node> | undefined;
    inlineFunctions(root).forEach((fn, ordinal) => {
      if (!inlineGuardable(fn)) return;
      const cacheLets = closures(fn, inlineClosureOwner(owner, ordinal), false, true);
      const holder = holderName(slots);
      // Names of its statement it reads: values first, then the environment of those the statement assigns.
      const shared = statementShared(fn, root);
      guardInline(fn, holder, source, ms, strict, cacheLets, shared ? [...shared.consts, statementEnvironment(shared, caches++)] : (statementConsts(fn, root) ?? []));
      prologue.push(`${call('inline')}(${q(owner)},${ordinal},${holder});`);
      // Passed to a call or assigned to a member: the runtime keeps it, to give it a new `length` when a save changes its parameters.
      if ((passed ??= madeInPlace(root)).has(fn)) {
        ms.appendLeft(fn.start, `${call('made')}(${holder},`);
        ms.appendLeft(fn.end, ')');
      }
    });
  };
  /** The guard's environment of an inline function's shared statement names, its cache declared in their block (loader/closures.ts statementShared). */
  const statementEnvironment = ({ shared, scope }: { shared: string[]; scope: Node }, k: number): string => {
    const cache = cacheName(k);
    const block = scope.type === 'CatchClause' ? scope.body : scope.type.startsWith('For') ? scope.body : scope;
    if (block.type === 'BlockStatement') ms.appendLeft(block.start + 1, cacheDeclaration([cache]));
    else {
      // A loop's body that is one statement: a block of its own, the cache first.
      ms.prependLeft(block.start, `{${cacheDeclaration([cache])}`);
      ms.appendLeft(block.end, '}');
    }
    return cacheRead(cache, envMaker(shared));
  };
  // Closure sites of a top-level function or class member (loader/closures.ts): a holder each,
  // registered by owner and ordinal, a guard first in the body, environment caches.
  let caches = 0;
  // The sets of names whose per-call environment class the prologue has the runtime define (`__lm$.envs`).
  const envs: string[][] = [];
  // Returns the caches' `let` for an inline arrow's expression body (guardInline places it).
  const closures = (root: Node | null | undefined, owner: string, field = false, inline = false): string => {
    if (!root) return '';
    const sites = closureSites(root, field);
    if (!sites.length) return '';
    const holders = new Map(sites.map((site) => [site, holderName(slots)]));
    for (const [site, holder] of holders) prologue.push(`${call('closure')}(${q(owner)},${site.ordinal},${holder});`);
    const added = guardSites(sites, source, ms, (site) => holders.get(site), caches, early, inline ? root.body : undefined);
    caches += added.caches;
    envs.push(...added.envs);
    return added.lets;
  };
  // Effects (runtime/effects.ts): each top-level statement and value initializer says whose
  // top-level code runs (`__lm$.at(owner)`), and a top-level `await` says none before it
  // suspends (`await __lm$.at(null, x)`): code of other modules may run meanwhile.
  let marked = false;
  // A statement's mark goes at the end of the code before it when that is on an earlier line:
  // the statement's own line stays as written, so that Node's report of an error thrown there
  // as the program starts (the line, a caret under the column) shows the user's code.
  const body = program.body as Node[];
  const markAt = (stmt: Node): number | undefined => {
    if (version > 0) return undefined;
    const i = body.indexOf(stmt);
    const prev = i > 0 ? body[i - 1]! : undefined;
    if (!prev || (prev.type === 'ExpressionStatement' && typeof prev.directive === 'string')) return undefined;
    return source.slice(prev.end, stmt.start).includes('\n') ? prev.end : undefined;
  };
  const owned = (code: Node, stmt: Node | undefined, owner: number | string): void => {
    marked = true;
    const before = stmt && markAt(stmt);
    if (before !== undefined) ms.appendLeft(before, `;${call('at')}(${q(owner)});`);
    else if (stmt) ms.appendLeft(stmt.start, `${call('at')}(${q(owner)});`);
    else {
      ms.appendLeft(code.start, `(${call('at')}(${q(owner)}),`);
      ms.appendLeft(code.end, ')');
    }
    for (const arg of topLevelAwaits(code)) {
      ms.appendLeft(arg.start, `${call('at')}(null,`);
      ms.prependLeft(arg.end, ')');
    }
  };
  const blankPrefix = (from: number, to: number): void => {
    if (to > from) ms.overwrite(from, to, ' '.repeat(to - from));
  };

  for (const it of items) {
    const isDefault = it.stmt.type === 'ExportDefaultDeclaration';
    if (it.kind === 'function') closures(it.node, it.name);
    if (it.kind === 'function' && unheld.has(it.name)) continue;
    if (it.kind === 'function' && guarded(it.node, it.anonymousDefault)) {
      // The function stays itself, with a guard in front of its body (guardedSource).
      const holder = holderName(slots);
      guardFunction(it.node, holder, early, source, ms, strict);
      prologue.push(`${call('fn')}(${q(it.name)},${q(it.name)},${it.name},${it.name},${holder},${flagsOf(it.node)});`);
    } else if (it.kind === 'function') {
      const fn = it.node;
      const binding = it.anonymousDefault ? DEFAULT_BINDING : it.name;
      const impl = implName(it.name);
      // `export function f` would export the renamed implementation: export the handle instead.
      if (it.stmt !== fn) {
        blankPrefix(it.stmt.start, fn.start);
        tail.push(isDefault ? `export{${binding} as default};` : `export{${binding}};`);
      }
      if (fn.id) ms.overwrite(fn.id.start, fn.id.end, impl);
      else ms.appendLeft(fn.start + /^(async\s+)?function\s*\*?/.exec(source.slice(fn.start))![0].length, ` ${impl}`);
      const holder = holderName(slots);
      // Right behind the function: a stack frame of the handle points at a real line of it.
      ms.appendLeft(it.stmt.end, handleSource(binding, holder, constructs(fn), early ? impl : undefined));
      prologue.push(`${call('fn')}(${q(it.name)},${q(binding)},${binding},${impl},${holder},${flagsOf(fn)});`);
    } else if (it.kind === 'class') {
      const cls = it.node;
      // A class's static code belongs to no statement.
      if (marked) ms.appendLeft(it.stmt.start, `${call('at')}(null);`);
      const binding = it.binding ?? (it.anonymousDefault ? DEFAULT_BINDING : it.name);
      if (it.binding) {
        // `module.exports = class …`: the statement stays, and a binding holds the class too.
        // (`(0, class …)`: an anonymous class keeps no name, as assigned to a property.)
        vars.push(binding);
        ms.prependRight(cls.start, `${binding}=(0,${version > 0 ? `${call('carriesClass')}(${q(it.name)})?${call('carried')}:` : ''}`);
        ms.appendLeft(cls.end, ')');
      }
      if (isDefault) {
        blankPrefix(it.stmt.start, cls.start);
        tail.push(`export{${binding} as default};`);
        if (!cls.id) ms.appendLeft(cls.start + 'class'.length, ` ${binding}`);
      }
      // A re-imported version continues the running class (a `let` binding, as a class
      // declaration's is): the runtime changes it to this text where it is declared.
      if (version > 0 && !it.binding) {
        ms.prependRight(cls.start, `let ${binding}=${call('carriesClass')}(${q(it.name)})?${call('carried')}:`);
        ms.appendLeft(cls.end, ';');
      }
      for (const [owner, root, field] of classOwners(cls, it.name, source)) closures(root, owner, field);
      instrumentClass(cls, it.name, binding, source, ms, slots);
    } else if (it.kind === 'var') {
      inline(inlineRoot(it), it.name);
      const binding = it.anonymousDefault ? DEFAULT_BINDING : it.name;
      const init = it.anonymousDefault ? it.node : (it.node.init as Node | null);
      if (it.anonymousDefault) {
        // Only `export default`: parentheses around the value (`export default (function …)`,
        // Babel's output) stay, the closing one being left in place (found by the dayjs replay).
        ms.overwrite(it.stmt.start, defaultKeywordEnd(source, it.stmt.start), `let ${binding}=`);
        if (source[it.stmt.end - 1] !== ';') appendAfter(it.stmt, '');
        tail.push(`export{${binding} as default};`);
      } else {
        const decl = it.stmt.type === 'VariableDeclaration' ? it.stmt : (it.stmt.declaration as Node);
        if (decl.kind === 'const' && !lets.has(decl) && !kept.has(decl)) {
          lets.add(decl);
          ms.overwrite(decl.start, decl.start + 5, 'let  ');
        }
      }
      // What a value's initializer registers is the declaration's (runtime/effects.ts).
      if (it.init === 'value' && init && !it.anonymousDefault) owned(init, undefined, it.name || it.names.join(','));
      // `export default <expression>` owns nothing (a refresh evaluates it as `default`): not the statement's before it.
      else if (it.anonymousDefault && marked) ms.appendLeft(it.stmt.start, `${call('at')}(null);`);
      const decl = it.stmt.type === 'VariableDeclaration' ? it.stmt : undefined;
      const declared = decl ?? (it.stmt.type === 'ExportNamedDeclaration' && it.stmt.declaration?.type === 'VariableDeclaration' ? (it.stmt.declaration as Node) : undefined);
      if (it.init === 'function' && binding && init && declared && (kept.has(declared) ? unheld.has(it.name) : inPlace(it, declared))) {
        // A helper kept `const` (loader/consts.ts), or a function a `let`/`const` holds
        // (inPlace): its own handle, like a guarded declaration, registered once its binding
        // is initialized.
        const holder = holderName(slots);
        guardInline(init, holder, source, ms, strict, closures(init, it.name, false, true));
        appendAfter(it.stmt, `${call('fn')}(${q(it.name)},${q(binding)},${binding},${binding},${holder},${flagsOf(init, isMethodLike(init))});`);
      } else if (it.init === 'function' && binding && init && unheld.has(it.name)) {
        closures(init, it.name);
      } else if (it.init === 'function' && binding && init) {
        closures(init, it.name);
        const impl = implName(it.name);
        const handle = `__lmh$${it.name}`;
        // The binding holds the handle from the moment it is initialized, so a later
        // declarator (`g = f`, `{ f }`) takes the handle too.
        const method = isMethodLike(init);
        ms.prependRight(init.start, `(${impl}=`);
        // Inside `function f() {}` assigned to `f`, the name would mean the implementation.
        if (init.type === 'FunctionExpression' && init.id?.name === it.name) ms.overwrite(init.id.start, init.id.end, ' '.repeat(it.name.length));
        let made = handles.get(handle);
        const first = made === undefined;
        if (made === undefined) {
          made = { holder: holderName(slots), flags: flagsOf(init, method) };
          handles.set(handle, made);
          vars.push(impl);
          // Not hoisted past its declaration's `let`: nothing reaches it before the prologue ran.
          if (method) vars.push(handle);
          else appendAfter(it.stmt, handleSource(handle, made.holder, constructs(init)));
        }
        const { holder, flags } = made;
        // A method handle is made where the binding is initialized (a redeclaration keeps it).
        ms.appendLeft(init.end, method ? `,${handle}${first ? '=' : '??='}${methodHandleSource(handle, holder)})` : `,${handle})`);
        appendAfter(it.stmt, `${call('fn')}(${q(it.name)},${q(binding)},${handle},${impl},${holder},${flags});`);
      } else if (it.init === 'class' && init) {
        if (version > 0 && it.name && !it.anonymousDefault) {
          // As a property value an anonymous class still takes the binding's name.
          const named = !init.id;
          ms.prependRight(init.start, `${call('carriesClass')}(${q(it.name)})?${call('carried')}:${named ? `{${q(it.name)}:` : ''}`);
          if (named) ms.appendLeft(init.end, `}[${q(it.name)}]`);
        }
        for (const [owner, root, field] of classOwners(init, it.name, source)) closures(root, owner, field);
        instrumentClass(init, it.name, binding, source, ms, slots);
      } else if (version > 0 && it.init === 'none' && it.name) {
        // `let cache;` set by a statement: the statement does not run again, so the value must carry.
        ms.appendLeft(it.node.id.end, `=${call('carries')}(${q(it.name)})?${call('carried')}:undefined`);
      } else if (version > 0 && it.init === 'value' && it.name && init) {
        // After the `=`: the initializer node starts inside its parentheses, if it has any.
        const at = it.anonymousDefault ? it.node.start : source.indexOf('=', it.node.id.end) + 1;
        ms.prependRight(at, `${call('carries')}(${q(it.name)})?${call('carried')}:`);
        // `const proto = module.exports = { … }`: the exports object the program holds (assignsModuleExports).
        if (commonjs && assignsModuleExports(init)) {
          ms.appendRight(init.start, '(');
          ms.appendLeft(init.end, `${aliasing(exportsAliases(init))},module.exports)`);
        }
      }
    } else if (it.kind === 'stmt') {
      inline(it.stmt, statement);
      // (A CommonJS file's directives stay directives: the prologue follows them.)
      const directive = commonjs && typeof it.stmt.directive === 'string';
      if (!directive) owned(it.stmt, it.stmt, statement);
      if (version > 0 && !directive) ms.appendLeft(it.stmt.start, `if(${call('runs')}(${statement}))`);
      // `exports = module.exports = { … }` in a version: `exports` is the exports object the program holds (exportsAliases).
      const aliases = version > 0 && commonjs && it.stmt.type === 'ExpressionStatement' ? exportsAliases(it.stmt.expression) : [];
      if (aliases.length) {
        ms.appendRight(it.stmt.expression.start, '(');
        ms.appendLeft(it.stmt.expression.end, `${aliasing(aliases)})`);
      }
      statement++;
    }
  }

  for (const [stmt, texts] of after) ms.appendLeft(stmt.end, `;${texts.join('')}`);
  const holders = slots.length ? `;${call('holders')}(${q(HOLDER_PLACEHOLDER)},${slots.length})` : '';
  const ready = early && slots.length > 0;
  // CommonJS: the wrapper's `module` and `require` go to the runtime (runtime/cjs.ts), and
  // `import.meta` does not exist.
  const registration = commonjs ? `${q(commonjs.url)},(__c,__v)=>eval(__c),void 0,{module,require}` : 'import.meta.url,(__c,__v)=>eval(__c),import.meta';
  const head =
    `const ${MODULE_LOCAL}=${runtimeCall('module')}(${registration}),${META_LOCAL}=${commonjs ? 'void 0' : 'import.meta'}${holders};` +
    (envs.length ? `${call('envs')}(${[...new Set(envs.map((e) => e.join(' ')))].map((e) => q(e)).join(',')});` : '') +
    prologue.join('') +
    (ready ? `${READY}=1;` : '');
  const directives = commonjs ? afterDirectives(program) : undefined;
  const at = directives?.end ?? (commonjs ? undefined : afterFirstImports(program, source)) ?? (source.startsWith('#!') ? source.indexOf('\n') + 1 || source.length : 0);
  if (at === source.length && at > 0 && !directives) ms.append(`\n${head}`);
  else ms.prependLeft(at, directives?.semicolon || (at > 0 && !directives && source[at - 1] !== ';' && source[at - 1] !== '\n') ? `;${head}` : head);
  if (ready) vars.push(READY);
  if (vars.length) tail.unshift(`var ${vars.join(',')};`);
  if (marked) tail.push(`${call('at')}(null);`);
  if (version > 0) tail.push(`${call('evaluated')}();`);
  // Its own line, which a line comment ending the source cannot swallow; for a module that is
  // only a `#!` line, the prologue's line (there is no other).
  if (tail.length) ms.append(`${at === source.length && at > 0 ? '' : '\n'}${tail.join('')}`);
  // (Padded: columns stay where they were.)
  if (commonjs) for (const callee of exportDefinitions(program)) ms.overwrite(callee.start, callee.end, call('defineExport').padEnd(callee.end - callee.start));
  return ms;
}

/** `,exports=module.exports` for each name a chain assigning `module.exports` assigns too (loader/analyze.ts exportsAliases). */
const aliasing = (names: string[]): string => names.map((n) => `,${n}=module.exports`).join('');

/** The operands of the `await`s of top-level code (not inside a function or class body). */
function topLevelAwaits(node: Node): Node[] {
  const out: Node[] = [];
  walk(node, (n) => {
    if (FUNCTION_LIKE.has(n.type)) return false;
    if (n.type === 'AwaitExpression') out.push(n.argument);
    return undefined;
  });
  return out;
}
const FUNCTION_LIKE = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'MethodDefinition', 'PropertyDefinition', 'StaticBlock', 'ClassBody']);

/**
 * Where an ES module's prologue goes when it starts with imports: behind the last, on its line
 * (when nothing follows there), so that Node's report of an import that fails to link (a
 * TypeScript interface imported without `type`) shows the user's line with its caret in
 * place, not the prologue (found by session 18's review). Imports are hoisted, and no other
 * statement comes before: the prologue runs first all the same.
 */
function afterFirstImports(program: Node, source: string): number | undefined {
  let end: number | undefined;
  for (const n of program.body as Node[]) {
    if (n.type !== 'ImportDeclaration') break;
    end = n.end;
  }
  if (end === undefined) return undefined;
  const lineEnd = source.indexOf('\n', end) < 0 ? source.length : source.indexOf('\n', end);
  return source.slice(end, lineEnd).trim() === '' ? end : undefined;
}

/**
 * Where a CommonJS file's prologue goes: after its directives (`'use strict'`), which would
 * stop being directives behind it and leave the file sloppy; a `;` ends the last one (an
 * empty statement when it had its own). Columns move on that line only.
 */
function afterDirectives(program: Node): { end: number; semicolon: boolean; strict: boolean } | undefined {
  let last: Node | undefined;
  let strict = false;
  for (const n of program.body as Node[]) {
    if (n.type !== 'ExpressionStatement' || typeof n.directive !== 'string') break;
    last = n;
    strict ||= n.directive === 'use strict';
  }
  // (A directive's statement ends at its `;` when it has one.)
  return last && { end: last.end, semicolon: true, strict };
}

/**
 * The guard of an inline function: a `function` expression's is a declaration's
 * (guardedSource; `this`, `arguments` and `new.target` pass on); an arrow has none of those
 * of its own, so it forwards its parameters by name, and what a caller passes beyond them
 * through a rest parameter it gains (arrowRestParameter). An expression body becomes a block,
 * with `lets` after the guard (the environment caches of the closures made in it, guardSites)
 * (`x => x + 1` → `x => {guard;return(x + 1)}`): columns move on that line, lines do not.
 * Async functions keep their guard (unlike top-level ones, which get a handle): the promise
 * the old wrapper returns adopts what the new code returns; only an edit that makes the
 * function synchronous would show (a promise where there was none). `consts`: the names of
 * its statement it reads (loader/closures.ts statementConsts), passed first.
 */
export function guardInline(fn: Node, holder: string, source: string, ms: MagicString, strict = true, lets = '', consts: readonly string[] = []): void {
  const body = fn.body as Node;
  const lowered = !plainParams(fn);
  if (fn.type === 'FunctionExpression' && consts.length) {
    ms.prependLeft(bodyTop(body, source, ms), `const ${GUARD_LOCAL}=${holder}.f;if(${GUARD_LOCAL}!==undefined)return ${GUARD_LOCAL}.call(this,${consts.join(',')},...arguments);`);
    if (lowered) lowerParams(fn, ms, body.start + 1);
    return;
  }
  if (fn.type === 'FunctionExpression') {
    // With defaults or patterns its guard forwards `arguments` (restParameter), then they bind.
    guardFunction(fn, holder, false, source, ms, strict);
    if (lowered) lowerParams(fn, ms, body.start + 1);
    return;
  }
  const cur = GUARD_LOCAL;
  // What its caller passes beyond its parameters goes on through a rest parameter it gains.
  const rest = arrowRestParameter(fn, source);
  for (const r of rest ?? []) r.right ? ms.prependRight(r.at, r.text) : ms.appendLeft(r.at, r.text);
  const forward = [...consts, ...loweredParams(fn).forward, ...(rest ? [`...${REST_LOCAL}`] : [])];
  const guard = `const ${cur}=${holder}.f;if(${cur}!==undefined)return ${cur}(${forward.join(',')});`;
  if (body.type === 'BlockStatement') {
    ms.prependLeft(bodyTop(body, source, ms), guard);
    if (lowered) lowerParams(fn, ms, body.start + 1);
    return;
  }
  // Right behind `=>`: a parenthesized body (`() => ({ … })`) starts inside its parentheses.
  const arrow = source.lastIndexOf('=>', body.start) + 2;
  if (lowered) {
    ms.appendLeft(arrow, `{${guard}${lets}`);
    lowerParams(fn, ms, arrow);
    ms.prependRight(arrow, 'return(');
  } else ms.appendLeft(arrow, `{${guard}${lets}return(`);
  ms.appendLeft(fn.end, ')}');
}

/**
 * The owners of closure sites in a class (loader/closures.ts): its methods, accessors and
 * constructor (their bodies), its fields (their values: `onClick = () => …`, `static
 * handle = (req) => …`), static ones too, and its static blocks (`static { bus.on('x', (e)
 * => …) }`). Computed keys are left out.
 */
export function classOwners(cls: Node, name: string, source: string): Array<[owner: string, root: Node, field: boolean]> {
  const out: Array<[string, Node, boolean]> = [];
  for (const m of classMembers(cls, source)) {
    if (m.computed) continue;
    if (m.kind === 'field') {
      if (m.node.value) out.push([memberOwner(name, memberId(m)), m.node.value, true]);
    } else if (m.kind === 'block') out.push([memberOwner(name, memberId(m)), m.node, true]);
    else out.push([memberOwner(name, memberId(m)), m.node.value, false]);
  }
  return out;
}

/**
 * A function a `let` or `const` declarator holds (`export const mul = (a, b) => a * b`) with
 * plain parameters is guarded in place, like a declaration: a handle in front of it would be
 * a second function V8 inlines at every call, and Node 26 compiles a loop calling through two
 * inlined frames without unrolling it (2.8x plain, docs/benchmarks.md run 26).
 */
function inPlace(it: Item, decl: Node): boolean {
  const init = it.node.init as Node | null | undefined;
  return !!init && (init.type === 'ArrowFunctionExpression' || (init.type === 'FunctionExpression' && !init.generator)) && guarded(init);
}

/** A new holder of the module, a global its prologue defines (`__lmg$$0`, `__lmg$$1`, …: HOLDER_PLACEHOLDER). */
function holderName(slots: string[]): string {
  const name = `${HOLDER_PLACEHOLDER}${slots.length}`;
  slots.push(name);
  return name;
}

/**
 * Puts handles in front of a class's methods and accessors. `name` is the registry name,
 * `binding` the module binding that holds the class.
 */
function instrumentClass(
  cls: Node,
  name: string,
  binding: string,
  source: string,
  ms: MagicString,
  slots: string[],
): void {
  const q = JSON.stringify;
  const inits: string[] = [];
  const entries: string[] = [];
  const forwarders: string[] = [];
  const members = classMembers(cls, source);
  // The constructor gets a guard that hands construction to a slot once a refresh has
  // replaced it (loader/ctor.ts). The slot starts empty: the original body runs.
  const ctor = members.find((m) => m.kind === 'constructor');
  const ctorSlot = holderName(slots);
  const derived = !!cls.superClass;
  const privates = [...new Set(members.filter((m) => m.isPrivate).map((m) => m.key))].join(' ');
  entries.push(`[${q(CTOR_KEY)},0,"value",${ctorSlot},null]`);
  if (ctor) guardConstructor(ctor.node, ctorSlot, derived, source, ms);
  else forwarders.push(defaultConstructorSource(ctorSlot, derived));
  for (const m of members) {
    if ((m.kind !== 'method' && m.kind !== 'get' && m.kind !== 'set') || m.computed) continue;
    const slot = holderName(slots);
    const part = m.kind === 'method' ? 'value' : m.kind;
    const st = m.isStatic ? 1 : 0;
    const key = q(m.isPrivate ? PRIVATE_PREFIX + m.key : m.key);
    if (guarded(m.node.value)) {
      // The member stays where it is, guarded like a function declaration (its own handle).
      guardFunction(m.node.value, slot, false, source, ms, true, part);
      entries.push(`[${key},${st},"${part}",${slot}]`);
      continue;
    }
    inits.push(`__d(${slot},${key},${st},"${part}")`);
    const prefix = m.isStatic ? 'static ' : '';
    if (m.isPrivate) {
      ms.overwrite(m.node.key.start, m.node.key.end, key);
      forwarders.push(
        part === 'value'
          ? `${prefix}${m.key}(){return ${slot}.f.apply(this,arguments)}`
          : part === 'get'
            ? `${prefix}get ${m.key}(){return ${slot}.f.call(this)}`
            : `${prefix}set ${m.key}(v){${slot}.f.call(this,v)}`,
      );
      entries.push(`[${key},${st},"${part}",${slot},null]`);
    } else {
      entries.push(`[${key},${st},"${part}",${slot},${methodHandleSource('m', slot, part)}]`);
    }
  }
  const body = cls.body as Node;
  const block =
    `static{const __d=${call('member')}(this);${inits.map((s) => `${s};`).join('')}` +
    `${call('cls')}(${q(name)},${q(binding)},this,(__c,__v)=>eval(__c),[${entries.join(',')}],${q(privates)},${derived ? ClassFlags.Derived : ClassFlags.None})}`;
  ms.appendLeft(body.start + 1, block);
  // `;` first: the last member may be a field without one (`class P { x = 1 }`).
  ms.appendLeft(body.end - 1, `;${forwarders.join('')}`);
}

/** Where the `default` of the `export default` statement starting at `start` ends (comments may sit between the words). */
function defaultKeywordEnd(source: string, start: number): number {
  const m = /^export(?:\s|\/\*[\s\S]*?\*\/|\/\/[^\n]*\n)*default/.exec(source.slice(start, start + 4096));
  return start + (m ? m[0].length : 'export default'.length);
}
