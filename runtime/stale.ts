/**
 * What a refresh leaves as it was although a fresh process would compute it anew, said in the
 * report (docs/design.md §2.3; the contract's sentence wins, and the report says what could
 * not follow it). Two kinds, both by the rules of §2.3, found by an exploratory differential
 * run:
 *
 * - a top-level statement whose text did not change runs once: one that reads a value this
 *   refresh changed (`for (const e of EVENTS) bus.on(e, onEvent)` with `EVENTS` edited), or
 *   calls a function whose code it changed (`registerRoutes(app)`), did what it did with the
 *   old value or code, and that stays;
 * - a declaration is evaluated again when its text or a value it reads changes, not when a
 *   function it calls changes its code (`const table = build()`): the program's state made
 *   by such calls (a server, a store, a cache) is kept, and so is a value computed that way.
 *
 * A function that gains a registration (`fastify.delete('/items', …)` added to a plugin,
 * `app.get(…)` to a `setupRoutes(app)`, a listener, a timer): its next call runs it, but a
 * function that ran already and is not called again (a plugin, a setup function the
 * framework called at start) does not, where a fresh process would have it registered.
 *
 * And a name a module no longer exports that another module imports (directly, or through an
 * `export *` or a re-export): its binding keeps the last value (ESM links an import once),
 * where a fresh process would find it in another module or fail to link.
 *
 * Each is a note of the module whose statement it is, if the refresh has a plan for it, or
 * else of the module the changed name comes from.
 */
import { classMembers, exportAssignment, exportSignature, exportsTarget, patternNames, position, topLevel, walk, type Item, type Node } from '../loader/analyze.js';
import { closureSites } from '../loader/closures.js';
import { renamedParams } from './closures.js';
import { continuedFrom, es5ClassOf } from './es5-classes.js';
import { blankedText } from '../loader/inline.js';
import { callsOf, copiedWhole, memberReadsOf, readsOf, requiresOf } from '../loader/reads.js';
import { gainedByRequire } from './cjs-names.js';
import { readsMember, relativeFile } from './extras.js';
import type { FnStep } from '../loader/diff.js';
import { ANY_KEY, jsonUrl, linksFor, requiredChanges, resolve, stem } from './derive.js';
import type { Planned } from './ops.js';
import { runningProgram, type Registry } from './registry.js';
import { rel } from './report.js';

/**
 * `planned` with notes for what keeps the old value or effect; `changed`: per module URL, its
 * names whose value changes; `exported`: per module URL, its exported names (a CommonJS
 * module's exports keys) whose value changes (runtime/derive.ts).
 */
/** Initializers that make no function (a function binding given one keeps its old code in what took it: noted). */
const NOT_FUNCTIONS = new Set(['Literal', 'TemplateLiteral', 'ObjectExpression', 'ArrayExpression', 'BinaryExpression']);

export function withStaleNotes(
  registry: Registry,
  planned: readonly Planned[],
  changed: ReadonlyMap<string, ReadonlySet<string>>,
  exported: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): Planned[] {
  const byUrl = new Map(planned.map((p) => [p.record.url, p]));
  // Functions whose code changes, per module URL: the plan's own edits (not a recompile for a
  // moved constant, not a new one). Whether more than the closures they make changed is asked
  // only of one a reader calls (`ownChange`): most edited functions are called by none.
  const code = new Map<string, Set<string>>();
  for (const p of planned) {
    // (And the static methods a class step changed, as `Class.method`: `Square.create(1)`.)
    const names = p.plan.steps.flatMap((s) =>
      s.type === 'fn' && !s.reread && !s.fresh
        ? [s.name]
        : s.type === 'class' && !s.reread && !s.derived
          ? s.members.filter((m) => m.change === 'changed' && !m.reads && m.member.isStatic && m.member.kind === 'method').map((m) => `${s.name}.${m.member.key}`)
          : [],
    );
    names.push(...relinkedFunctions(p));
    // (And the instance methods a class step changed, as `Class#method`: `monitor.start()` of a `new Monitor()`, throughLocals.)
    for (const s of p.plan.steps)
      if (s.type === 'class' && !s.reread && !s.derived)
        for (const m of s.members) if (m.change === 'changed' && !m.member.isStatic && m.member.kind === 'method' && !m.member.computed) names.push(`${s.name}#${m.member.key}`);
    if (names.length) code.set(p.record.url, new Set(names));
  }
  const notes = new Map<string, string[]>();
  const note = (url: string, text: string): void => void notes.set(url, [...(notes.get(url) ?? []), text]);
  removedExports(registry, planned, byUrl, note);
  for (const p of planned) gainedCalls(p, note);
  for (const p of planned) rebuiltClasses(p, note);
  for (const p of planned) replacedInstances(p, note);
  if (code.size || [...changed.values(), ...exported.values()].some((s) => s.size)) readers(registry, byUrl, changed, exported, code, ownChange(byUrl), note);
  if (planned.some((p) => p.plan.shape) && planned.some((p) => !p.plan.shape)) loadedFirst(registry, planned, byUrl, changed, code, note);
  if ([...exported.keys()].some((url) => registry.modules.get(url)?.commonjs)) namedCommonJs(registry, byUrl, exported, note);
  if (planned.some((p) => !p.record.commonjs)) requiredNamespaces(registry, planned, note);
  // (Notes whose module is no plan's: a JSON file's, whose reader was not edited. Its report takes them, takeUnplannedNotes.)
  unplanned = new Map([...notes].filter(([url]) => !byUrl.has(url)));
  return planned.map((p) => {
    const more = notes.get(p.record.url);
    return more ? { ...p, plan: { ...p.plan, notes: [...p.plan.notes, ...more] } } : p;
  });
}

let unplanned = new Map<string, string[]>();
/**
 * The notes of the last withStaleNotes for modules no plan has, by URL: a JSON file a statement
 * read keys of (`app.use(cors({ origin: config.origin }))` of `const config =
 * require('./config.json')`, found by session 18's second review: said for config.js, not for
 * config.json). Taken once.
 */
export function takeUnplannedNotes(): Map<string, string[]> {
  const out = unplanned;
  unplanned = new Map();
  return out;
}

/** The statements and declarations that read what changed (see the header): a note each. */
function readers(
  registry: Registry,
  byUrl: ReadonlyMap<string, Planned>,
  changed: ReadonlyMap<string, ReadonlySet<string>>,
  exportsChanged: ReadonlyMap<string, ReadonlySet<string>>,
  code: ReadonlyMap<string, ReadonlySet<string>>,
  changedOwnCode: (url: string, name: string) => boolean,
  note: (url: string, text: string) => void,
): void {
  /** Names a module exports whose value or code changes. */
  const exported = (url: string, of: ReadonlyMap<string, ReadonlySet<string>>): Set<string> => {
    const out = new Set<string>();
    const locals = of.get(url);
    const record = registry.modules.get(url);
    // (The running text's links, memoized: the last refresh computed them for its new text.)
    const links = record && linksFor(record, undefined);
    if (!locals?.size || !links) return out;
    for (const [name, b] of links.exports) if ('local' in b && locals.has(b.local)) out.add(name);
    // (And by the new text's: `export default function format` saved as `export default (n) => …`
    // exports another local under the same name, found by session 18's review.)
    const p = byUrl.get(url);
    const now = p && p.plan.shape ? linksFor(record, p) : undefined;
    for (const [name, b] of now?.exports ?? []) if ('local' in b && locals.has(b.local) && links.exports.has(name)) out.add(name);
    return out;
  };
  const stems = [...new Set([...changed.keys(), ...code.keys(), ...[...exportsChanged].flatMap(([url, keys]) => (keys.size ? [url] : []))])].map(stem);
  for (const record of registry.modules.values()) {
    const p = byUrl.get(record.url);
    // A module that does not name a changed file cannot import from it (derive.ts does the same).
    if (!p && !stems.some((s) => record.source?.includes(s))) continue;
    const program = p ? p.plan.program : runningProgram(record);
    const source = p ? p.source : record.source;
    // Its imports as the running text has them (memoized; the new text's would be parsed for
    // links again on every refresh, and a new import is no reader of what changed before).
    const links = linksFor(record, undefined) ?? linksFor(record, p);
    if (!program || source === undefined || !links) continue;
    // This module's names whose value or code changes, and where each comes from.
    const values = new Map<string, string>([...(changed.get(record.url) ?? [])].map((n) => [n, record.url]));
    /** Local name → the module and name of a function whose code changes. */
    const fns = new Map<string, { url: string; name: string }>([...(code.get(record.url) ?? [])].map((n) => [n, { url: record.url, name: n }]));
    for (const [local, b] of links.imports) {
      const from = resolve(registry, record.url, b.from);
      if (!from || from === record.url || b.name === '*') continue;
      // (An import derive.ts counts as changed in this module, `import cfg from './cfg.cjs'`, comes from there too.)
      if (exported(from, changed).has(b.name) || (values.get(local) === record.url && byUrl.has(from))) values.set(local, from);
      const fn = exported(from, code).has(b.name) && localOf(registry, byUrl, from, b.name);
      if (fn) fns.set(local, { url: from, name: fn });
      // An imported class whose static methods changed: `local.m` is `Class.m` there.
      const cls = localOf(registry, byUrl, from, b.name);
      for (const n of cls ? (code.get(from) ?? []) : []) if (n.startsWith(`${cls}.`)) fns.set(`${local}${n.slice(cls!.length)}`, { url: from, name: n });
    }
    if (fns.size && [...fns.keys()].some((k) => k.includes('.'))) inheritedStatics(program, source, fns);
    const shown = fns.size ? throughLocals(program, fns) : new Map<string, string>();
    // CommonJS: a module whose `module.exports` is a function whose code changes, called
    // through a local holding it (`const setup = require('./common')`) or where it is
    // required (`module.exports = require('./common')(exports)`: debug's node.js).
    if (record.commonjs) {
      for (const [local, b] of links.requires) {
        const from = b.name === '*' ? resolve(registry, record.url, b.from) : undefined;
        const fn = from && exportedFunction(registry, byUrl, from);
        if (fn && code.get(from)?.has(fn)) fns.set(local, { url: from, name: fn });
      }
      for (const spec of links.required) {
        const from = resolve(registry, record.url, spec);
        const fn = from && exportedFunction(registry, byUrl, from);
        if (fn && code.get(from)?.has(fn)) fns.set(`require('${spec}')`, { url: from, name: fn });
      }
    }
    // CommonJS: a whole exports object a statement reads keys of (`cfg.EVENTS` of `const cfg = require('./cfg')`, or `require('./cfg').EVENTS`), updated in place.
    const wholes = record.commonjs ? (requiredChanges(registry, record.url, links, exportsChanged as Map<string, Set<string>>)?.wholes ?? new Map<string, Set<string>>()) : new Map<string, Set<string>>();
    // And an ES module's default import of a CommonJS file (`import cfg from './cfg.cjs'`): the same exports object.
    for (const [local, b] of links.imports) {
      if (b.name !== 'default') continue;
      const from = resolve(registry, record.url, b.from);
      const keys = from && registry.modules.get(from)?.commonjs ? exportsChanged.get(from) : undefined;
      if (!keys?.size) continue;
      // (Its value is the same object, updated in place: what changed is the keys a statement read.)
      wholes.set(local, new Set([...keys].filter((k) => k !== 'default')));
      values.delete(local);
    }
    // A top-level object literal this refresh updates in place (§2.2), read here or imported:
    // the same object, as a CommonJS exports object is; what a statement read of it is the keys
    // it named (found by the dayjs replay: `dayjs.locale(locale, null, true)` in locale/de.js,
    // noted at every edit of the locale's text).
    const inPlace = (url: string): Map<string, Set<string>> => {
      const out = new Map<string, Set<string>>();
      for (const st of byUrl.get(url)?.plan.steps ?? [])
        if (st.type === 'value' && st.object && !st.reread && st.item.name)
          out.set(st.item.name, new Set([...st.object.props.filter((x) => x.change !== 'same').map((x) => x.key), ...st.object.removed]));
      return out;
    };
    for (const [name, keys] of inPlace(record.url)) {
      if (values.get(name) !== record.url) continue;
      wholes.set(name, keys);
      values.delete(name);
    }
    for (const [local, b] of links.imports) {
      const from = resolve(registry, record.url, b.from);
      if (!from || from === record.url || values.get(local) !== from) continue;
      const target = localOf(registry, byUrl, from, b.name);
      const keys = target ? inPlace(from).get(target) : undefined;
      if (!keys) continue;
      wholes.set(local, keys);
      values.delete(local);
    }
    // A namespace import (`import * as C from './constant.js'`): the same object, live; what a
    // statement read of it is the keys it named (found by the dayjs replay: every edit of
    // constant.js noted index.js's `[['$ms', C.MS], …].forEach(…)`, whose keys had not changed).
    for (const [local, b] of links.imports) {
      if (b.name !== '*' || values.get(local) !== record.url) continue;
      const from = resolve(registry, record.url, b.from);
      if (!from || from === record.url || !byUrl.has(from)) continue;
      wholes.set(local, exported(from, changed));
      values.delete(local);
    }
    // A function declaration the new text binds to another value (`const { validateUser } =
    // require(…)` in its place): the old function, which statements passed on, calls the new
    // one if it is a function (runtime/patch.ts dropFamily). Not noted.
    let items: Item[] | undefined;
    const rebinds = (name: string): boolean => {
      const it = p && (items ??= topLevel(p.plan.program, p.source)).find((i) => i.names.includes(name) || i.name === name);
      if (!it || it.kind !== 'var' || it.anonymousDefault) return false;
      const init = it.node.id.type === 'Identifier' ? (it.node.init as Node | null) : undefined;
      return !(init && NOT_FUNCTIONS.has(init.type));
    };
    for (const name of values.keys()) if (values.get(name) === record.url && record.fns.has(name) && rebinds(name)) values.delete(name);
    if (!values.size && !fns.size && !wholes.size) continue;
    // The common edit, a function's body, needs no look at the module's items when the text
    // names that function nowhere else (cheap: counting, no walk).
    if (!values.size && !wholes.size && p && [...fns].every(([n, f]) => f.url === record.url && !namedElsewhere(source, n, p))) continue;
    // (A cheap look at the text first: most statements name none of them.)
    const names = [...values.keys(), ...fns.keys(), ...[...wholes.keys()].map((w) => (w.startsWith('require:') ? 'require' : w))];
    const mentioned = (text: string): boolean => names.some((n) => text.includes(n));
    const calls = (n: Node): string[] =>
      [...memo(callsMemo, n, callsOf), ...requireCalls(n)].filter((c) => fns.has(c) && !values.has(c) && changedOwnCode(fns.get(c)!.url, fns.get(c)!.name)).map((c) => shown.get(c) ?? c);
    const where = (n: Node): string => {
      const at = position(source, n.start);
      return `${rel(record.file)}:${at.line}:${at.column + 1}`;
    };
    const stepped = new Set(p?.plan.steps.flatMap((s) => (s.type === 'value' ? (s.item.names.length ? s.item.names : [s.item.name]) : [])));
    // A module that has not finished its first evaluation (it waits at a top-level `await`:
    // a `for await` loop over input, `await main()`) has not run what follows: not noted.
    const reached = record.reached ?? Infinity;
    const oldIndex = p && reached !== Infinity && p.plan.statementMap ? new Map(p.plan.statementMap.flatMap((to, from) => (to >= 0 ? [[to, from]] : []))) : undefined;
    // Static members a class step runs or evaluates again (a changed block, a changed or derived field).
    const classRuns = new Set(p?.plan.steps.flatMap((s) => (s.type === 'class' ? s.members.filter((m) => m.change !== 'removed').map((m) => m.member.node) : [])));
    let index = 0;
    let lastBegun = -1;
    for (const it of p ? topLevel(program, source) : stableItems(program, source)) {
      const cls = it.kind === 'class' ? it.node : it.kind === 'var' && it.init === 'class' ? it.node.init : undefined;
      if (cls && it.name && !p?.plan.shape && mentioned(it.text) && lastBegun < reached) {
        // Its parent made by a call (a mixin, `extends Timestamped(Base)`) is the class that call
        // made: the methods it had follow their edits, but what the changed code adds is not there.
        const heritage = cls.superClass as Node | null;
        const heritageCalls = heritage && heritage.type !== 'Identifier' && !p?.plan.steps.some((st) => st.type === 'class' && st.name === it.name && st.heritage) ? calls(heritage) : [];
        if (heritageCalls.length)
          note(
            p ? record.url : fns.get(heritageCalls[0]!)!.url,
            `the parent of ${it.name} (its extends clause at ${where(heritage!)}) is the class ${heritageCalls.join(', ')} made before this refresh changed ${heritageCalls.length > 1 ? 'their' : 'its'} code: the methods it had run the new code, members the new code adds are not on it; edit the clause, or restart, to make it anew`,
          );
        // A class's static blocks ran once, as statements do; its static fields were computed once, as declarations were.
        for (const m of cls.body.body as Node[]) {
          if (classRuns.has(m) || !(m.type === 'StaticBlock' || (m.type === 'PropertyDefinition' && m.static && m.value))) continue;
          const body = m.type === 'StaticBlock' ? m : m.value;
          const called = [...new Set([...calls(body), ...thisCalls(body, it.name).filter((c) => fns.has(c) && changedOwnCode(fns.get(c)!.url, fns.get(c)!.name))])];
          const read = m.type === 'StaticBlock' ? [...memo(readsMemo, body, readsOf)].filter((n) => values.has(n)) : [];
          const origin = values.get(read[0]!) ?? fns.get(called[0]!)?.url;
          if (!origin) continue;
          if (m.type === 'StaticBlock') {
            const what = [
              ...(read.length ? [`reads ${read.join(', ')}, whose value this refresh changed`] : []),
              ...(called.length ? [`calls ${called.join(', ')}, whose code this refresh changed`] : []),
            ].join(' and ');
            note(p ? record.url : origin, `the static block of ${it.name} at ${where(m)} ${what}; it does not run again (a static block runs again only when its own text changes), so what it did stays as the old ${read.length ? 'value' : 'code'} made it: edit the block, or restart, to run it again`);
          } else
            note(
              p ? record.url : origin,
              `${it.name}.${m.key.name ?? m.key.value} at ${where(m)} keeps the value ${called.join(', ')} computed before this refresh changed ${called.length > 1 ? 'their' : 'its'} code (a static field is evaluated again when its text or a value it reads changes): edit it, or restart, to compute it with the new code`,
            );
        }
      }
      if (it.kind === 'stmt') {
        const i = index++;
        // (Or updated in place in what it reads: a run step with an object, runtime/derive.ts withExportStatements.)
        const runs = p?.plan.runStatements[i] === true || !!p?.plan.steps.some((s) => s.type === 'run' && s.node === it.stmt && s.object);
        const old = oldIndex ? (oldIndex.get(i) ?? -1) : i;
        if (old >= 0) lastBegun = old;
        if (runs || !mentioned(it.text) || !(old >= 0 && old < reached) || onlyPrints(it.stmt)) continue;
        const read = [...memo(readsMemo, it.stmt, readsOf)].filter((n) => values.has(n));
        if (wholes.size)
          for (const [local, keys] of memberReadsOf(it.stmt, new Set(wholes.keys()))) {
            // (memberReadsOf counts every relative `require(…)` it calls, changed or not.)
            const changedKeys = wholes.get(local);
            // (A statement that uses the object otherwise reads it when it runs: it is the same object, updated in place.)
            for (const k of changedKeys ? (keys ?? []) : []) {
              if (!changedKeys!.has(ANY_KEY) && !changedKeys!.has(k)) continue;
              // (A module's own object updated in place has no specifier: it comes from here.)
              const spec = local.startsWith('require:') ? local.slice(8) : (links.requires.get(local) ?? links.imports.get(local))?.from;
              const shown = `${local.startsWith('require:') ? `require('${spec}')` : local}.${k}`;
              read.push(shown);
              values.set(shown, spec === undefined ? record.url : (resolve(registry, record.url, spec) ?? jsonUrl(registry, record.url, spec) ?? record.url));
            }
          }
        // An object updated in place that the statement copied (`Object.entries(ops)`, `{ ...defaults }`):
        // its copy, or the loop over it, has the keys and values it had.
        if (wholes.size)
          for (const local of copiedWhole(it.stmt, new Set([...wholes.keys()].filter((w) => !w.startsWith('require:'))))) {
            const keys = [...(wholes.get(local) ?? [])].filter((k) => k !== ANY_KEY);
            if (!keys.length || read.some((r) => r.startsWith(`${local}.`))) continue;
            read.push(`${local} (${keys.join(', ')})`);
            values.set(read.at(-1)!, record.url);
          }
        // (Not a loop that schedules itself again, `loop();` of `function loop() { …; setTimeout(loop, 5); }`:
        // its next run is the new code, as a fresh process's would be.)
        const called = calls(it.stmt).filter((c) => !(fns.get(c)?.url === record.url && selfScheduling(program, c)));
        const origin = values.get(read[0]!) ?? fns.get(called[0]!)?.url;
        if (!origin) continue;
        const what = [
          ...(read.length ? [`reads ${read.join(', ')}, whose value this refresh changed`] : []),
          ...(called.length ? [`calls ${called.join(', ')}, whose code this refresh changed`] : []),
        ].join(' and ');
        note(p ? record.url : origin, `the statement at ${where(it.stmt)} ${what}; it does not run again (a statement runs again only when its own text changes), so what it did stays as the old ${read.length ? 'value' : 'code'} made it: edit the statement, or restart, to run it again`);
        continue;
      }
      if (it.kind !== 'var' || it.init !== 'value' || !it.name || it.anonymousDefault || stepped.has(it.name) || !it.node.init || !mentioned(it.text) || lastBegun >= reached) continue;
      const called = calls(it.node.init);
      if (!called.length) continue;
      note(
        p ? record.url : fns.get(called[0]!)!.url,
        `${it.name} at ${where(it.node)} keeps the value ${called.join(', ')} computed before this refresh changed ${called.length > 1 ? 'their' : 'its'} code (a declaration is evaluated again when its text or a value it reads changes, so that state it holds is kept): edit it, or restart, to compute it with the new code`,
      );
    }
  }
}

/**
 * A subclass's statics it does not declare are its parent's (`class Square extends Shape`:
 * `Square.create(1)` runs `Shape.create`): `fns` gains `Square.create` for each changed
 * `Shape.create`, down the chain of the module's classes in source order.
 */
function inheritedStatics(program: Node, source: string, fns: Map<string, { url: string; name: string }>): void {
  for (const it of topLevel(program, source)) {
    const cls = it.kind === 'class' ? it.node : it.kind === 'var' && it.init === 'class' ? it.node.init : undefined;
    const parent = cls?.superClass?.type === 'Identifier' ? (cls.superClass.name as string) : undefined;
    if (!cls || !it.name || !parent) continue;
    const own = new Set(classMembers(cls, source).flatMap((m) => (m.isStatic && !m.computed ? [m.key] : [])));
    for (const [name, fn] of [...fns]) {
      const key = name.startsWith(`${parent}.`) ? name.slice(parent.length + 1) : undefined;
      if (key !== undefined && !own.has(key) && !fns.has(`${it.name}.${key}`)) fns.set(`${it.name}.${key}`, fn);
    }
  }
}

/** The function a CommonJS module's `module.exports = name` statement exports, if that is one of its top-level functions. */
function exportedFunction(registry: Registry, byUrl: ReadonlyMap<string, Planned>, url: string): string | undefined {
  const record = registry.modules.get(url);
  const p = byUrl.get(url);
  const program = p ? p.plan.program : record && runningProgram(record);
  if (!record?.commonjs || !program) return undefined;
  const source = p ? p.source : (record.source ?? '');
  let name: string | undefined;
  for (const stmt of program.body as Node[]) {
    const value = exportAssignment(stmt);
    if (value && exportsTarget(stmt.expression.left) === 'module.exports') name = value.type === 'Identifier' ? (value.name as string) : undefined;
  }
  return name && topLevel(program, source).some((it) => it.kind === 'function' && it.name === name) ? name : undefined;
}

/** `require('./m')(…)` calls (not inside functions it creates), as `require('./m')`. */
function requireCalls(node: Node): string[] {
  const out: string[] = [];
  walk(node, (n) => {
    if (n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration' || n.type === 'ArrowFunctionExpression' || n.type === 'ClassBody') return false;
    const c = n.type === 'CallExpression' || n.type === 'NewExpression' ? n.callee : undefined;
    if (c?.type === 'CallExpression' && c.callee.type === 'Identifier' && c.callee.name === 'require' && c.arguments.length === 1 && c.arguments[0].type === 'Literal' && typeof c.arguments[0].value === 'string')
      out.push(`require('${c.arguments[0].value}')`);
    return undefined;
  });
  return out;
}

/** What a static block or field calls on its class through `this` (`this.register(x)`), as `Class.register`; not inside functions it creates. */
function thisCalls(node: Node, cls: string): string[] {
  const out: string[] = [];
  walk(node, (n) => {
    if (n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration' || n.type === 'ClassBody') return false;
    const c = n.type === 'CallExpression' ? n.callee : undefined;
    if (c?.type === 'MemberExpression' && !c.computed && c.object.type === 'ThisExpression' && c.property.type === 'Identifier') out.push(`${cls}.${c.property.name}`);
    return undefined;
  });
  return out;
}

/**
 * A re-imported version loads, and runs its top-level code, before any patch of the same
 * refresh is in place (runtime/evaluate.ts: so that no callback sees a mix of old and new
 * code while it loads). Top-level code of the version that calls a function, or reads a
 * value, that this refresh patches in another module (`export const config = await
 * load()` saved with `load` edited) ran with the old one: a note for the re-imported module.
 */
function loadedFirst(
  registry: Registry,
  planned: readonly Planned[],
  byUrl: ReadonlyMap<string, Planned>,
  changed: ReadonlyMap<string, ReadonlySet<string>>,
  code: ReadonlyMap<string, ReadonlySet<string>>,
  note: (url: string, text: string) => void,
): void {
  for (const p of planned) {
    if (!p.plan.shape) continue;
    const links = linksFor(p.record, p);
    if (!links) continue;
    /** Local name → the patched module it comes from. */
    const patched = new Map<string, string>();
    for (const [local, b] of links.imports) {
      const from = resolve(registry, p.record.url, b.from);
      const q = from === undefined ? undefined : byUrl.get(from);
      if (!q || q.plan.shape || b.name === '*') continue;
      const exp = linksFor(q.record, undefined)?.exports.get(b.name);
      const name = exp && 'local' in exp ? exp.local : undefined;
      if (name !== undefined && (code.get(from!)?.has(name) || changed.get(from!)?.has(name))) patched.set(local, from!);
    }
    if (!patched.size) continue;
    const used = new Set<string>();
    for (const it of topLevel(p.plan.program, p.source)) {
      const evaluated = it.kind === 'stmt' ? it.stmt : it.kind === 'var' && it.init === 'value' ? it.node.init : undefined;
      if (evaluated) for (const n of memo(readsMemo, evaluated, readsOf)) if (patched.has(n)) used.add(n);
    }
    if (!used.size) continue;
    const files = [...new Set([...used].map((n) => rel(registry.modules.get(patched.get(n)!)!.file)))];
    note(
      p.record.url,
      `${rel(p.record.file)} was imported again before this refresh's changes to ${files.join(', ')} were in place (a re-import loads first, so that no callback sees a mix of versions): its top-level code ran with the old ${[...used].join(', ')}; edit it again, or restart, to run it with the new code`,
    );
  }
}

/**
 * An ES module's named import of a CommonJS file (`import { PREFIX } from './fmt.cjs'`) is a
 * snapshot Node took when the file loaded: a key whose value this refresh changes reaches
 * `require` and the default import, not that binding (README, Limits). A note per importer.
 */
function namedCommonJs(registry: Registry, byUrl: ReadonlyMap<string, Planned>, exported: ReadonlyMap<string, ReadonlySet<string>>, note: (url: string, text: string) => void): void {
  for (const record of registry.modules.values()) {
    if (record.commonjs) continue;
    const p = byUrl.get(record.url);
    // A re-imported version links to a facade limeade made, whose bindings follow the module
    // (runtime/cjs-names.ts); so does an import added in place (runtime/extras.ts linkExtras).
    if (p ? p.plan.shape : record.version > 0) continue;
    const links = linksFor(record, p);
    for (const [local, b] of links?.imports ?? []) {
      if (b.name === '*' || b.name === 'default') continue;
      if (record.extras?.names.has(local) || p?.plan.extras?.imports.some((x) => x.local === local)) continue;
      const from = resolve(registry, record.url, b.from);
      const cjs = from === undefined ? undefined : registry.modules.get(from);
      if (!cjs?.commonjs || !exported.get(from!)?.has(b.name)) continue;
      note(
        byUrl.has(record.url) ? record.url : from!,
        `${rel(record.file)} imports ${b.name === local ? local : `${b.name} as ${local}`} by name from ${rel(cjs.file)}, whose value this refresh changed: a named import of a CommonJS file is a snapshot Node took when it loaded, so it keeps the old value (require and the default import see the new one): restart to take it again`,
      );
    }
  }
}

/**
 * `const lib = require('./e.mjs')` holds the namespace object require(esm) gave: an ES module
 * namespace cannot grow, so an export the module gained since (`export function g`) is not in
 * it, where a fresh process's would have it; `lib.g` reads undefined. (A later require, and a
 * destructuring one run again, get the new version's namespace: runtime/evaluate.ts
 * `requiredNamespace`.) A note per CommonJS text that reads such a name off such a binding,
 * at the declarator, with what to do.
 */
function requiredNamespaces(registry: Registry, planned: readonly Planned[], note: (url: string, text: string) => void): void {
  for (const p of planned) {
    const gained = new Set(gainedByRequire(p.record, p.plan.program, p.source));
    if (!gained.size) continue;
    for (const q of registry.modules.values()) {
      if (!q.commonjs) continue;
      const own = planned.find((x) => x.record === q);
      // The module imported again, a planned holder's declarator is evaluated again (runtime/derive.ts).
      if (own && p.plan.shape) continue;
      const source = own ? own.source : q.source;
      if (source === undefined || ![...gained].some((n) => source.includes(n))) continue;
      const program = own ? own.plan.program : runningProgram(q);
      if (!program) continue;
      for (const [local, b] of requiresOf(program)) {
        if (b.name !== '*' || relativeFile(q.url, b.from) !== p.record.url) continue;
        const names = [...gained].filter((n) => readsMember(program, local, new Set([n])));
        if (!names.length) continue;
        let at = 0;
        for (const st of program.body as Node[]) if (st.type === 'VariableDeclaration') for (const d of st.declarations as Node[]) if (d.id.type === 'Identifier' && d.id.name === local) at = d.start;
        const { line, column } = position(source, at);
        const list = names.join(', ');
        note(
          own ? q.url : p.record.url,
          `${rel(q.file)}:${line}:${column + 1} ${local} holds the namespace object require('${b.from}') gave, which does not gain ${list} (an ES module namespace cannot grow; a fresh process's would have ${names.length > 1 ? 'them' : 'it'}): ${names.map((n) => `${local}.${n}`).join(', ')} ${names.length > 1 ? 'read' : 'reads'} undefined; take ${names.length > 1 ? 'them' : 'it'} by name (\`const { ${list} } = require('${b.from}')\`, which a refresh runs again) or restart`,
        );
      }
    }
  }
}

/** Does `source` name `name` outside the function the plan compiles for it? */
function namedElsewhere(source: string, name: string, p: Planned): boolean {
  const step = p.plan.steps.find((s): s is FnStep => s.type === 'fn' && s.name === name);
  const count = (text: string): number => text.split(name).length - 1;
  return !step || count(source) > count(source.slice(step.node.start, step.node.end));
}

/** The items of a module no refresh planned: its parse stays, so they are computed once. */
function stableItems(program: Node, source: string): Item[] {
  let items = itemsOf.get(program);
  if (!items) itemsOf.set(program, (items = topLevel(program, source)));
  return items;
}
const itemsOf = new WeakMap<Node, Item[]>();

/** What a statement reads and calls (its nodes stay the same while its module's parse does). */
const readsMemo = new WeakMap<Node, Set<string>>();
const callsMemo = new WeakMap<Node, Set<string>>();
function memo(map: WeakMap<Node, Set<string>>, n: Node, of: (n: Node) => Set<string>): Set<string> {
  let out = map.get(n);
  if (!out) map.set(n, (out = of(n)));
  return out;
}

/** The local name behind an export of a module (`export { f as g }`: `f`). */
function localOf(registry: Registry, byUrl: ReadonlyMap<string, Planned>, url: string, exported: string): string | undefined {
  const record = registry.modules.get(url);
  const b = record && linksFor(record, byUrl.get(url))?.exports.get(exported);
  return b && 'local' in b ? b.local : undefined;
}

/**
 * Did a planned module's function change its own code, not just the bodies of the closures
 * it makes (§3.7: what it made before runs the new code)? Asked once per function.
 */
function ownChange(byUrl: ReadonlyMap<string, Planned>): (url: string, name: string) => boolean {
  const memo = new Map<string, boolean>();
  return (url, name) => {
    const key = `${url}#${name}`;
    let answer = memo.get(key);
    if (answer === undefined) {
      const p = byUrl.get(url)!;
      const step = p.plan.steps.find((s) => s.type === 'fn' && s.name === name);
      const old = runningProgram(p.record);
      answer = !step || step.type !== 'fn' || ownCodeChanged(old && declaredFunction(old, name), p.record.source ?? '', step.node, p.source);
      memo.set(key, answer);
    }
    return answer;
  };
}

/** Did the function's own code change, not just the bodies of the closures it makes? (No old function: it did.) */
function ownCodeChanged(was: Node | undefined, oldSource: string, fn: Node, source: string): boolean {
  if (!was) return true;
  // A parameter the edit renamed (runtime/closures.ts renamedParams) reads as its old name: the closures follow it.
  const renames = renamedParams(was, fn, source);
  const back = (text: string): string => {
    for (const [k, n] of renames ?? []) text = text.replace(new RegExp(`(^|[^\\w$.])${k.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'), `$1${n.replace(/\$/g, '$$$$')}`);
    return text;
  };
  const blank = (f: Node, src: string, regions: (f: Node) => readonly Node[]): string => {
    const text = blankedText(src.slice(f.start, f.end), f.start, [f], regions);
    return f === fn ? back(text) : text;
  };
  // First without the bodies of every function inside it (a walk, no scope analysis): a
  // change outside them is its own; a change inside them needs the closure sites to tell.
  if (blank(was, oldSource, nestedBodies) !== blank(fn, source, nestedBodies)) return true;
  // (A site's parameters too: closures made before follow a renamed one, runtime/closures.ts matchSites.)
  return blank(was, oldSource, siteNodes) !== blank(fn, source, siteNodes);
}

/** The outermost closure sites of an owner, whole (parameters and body). */
function siteNodes(fn: Node): Node[] {
  const nodes = closureSites(fn).map((s) => s.node);
  return nodes.filter((b) => !nodes.some((o) => o !== b && o.start <= b.start && b.end <= o.end));
}

/**
 * What a statement calls that runs a function whose code changed, by another name of this
 * module (found by session 18's review), added to `fns` under the name the statement calls,
 * shown with the way there: a top-level function that calls one (`main()` calling
 * `startPolling()`, transitively), a method of a top-level instance (`monitor.start()` of `const
 * monitor = new Monitor()`, its class's `Monitor#start`), a bound copy (`const fmt =
 * format.bind(null, cfg)`).
 */
function throughLocals(program: Node, fns: Map<string, { url: string; name: string }>): Map<string, string> {
  const shown = new Map<string, string>();
  const add = (name: string, from: string, how: string): void => {
    const f = fns.get(from)!;
    const text = `${name} (${how})`;
    fns.set(name, f);
    fns.set(text, f);
    shown.set(name, text);
  };
  const decls = new Map<string, Node>();
  const made: Array<[string, string]> = [];
  const classes: Node[] = [];
  for (const stmt of program.body as Node[]) {
    const d = stmt.type === 'ExportNamedDeclaration' || stmt.type === 'ExportDefaultDeclaration' ? stmt.declaration : stmt;
    if (d?.type === 'FunctionDeclaration' && d.id) decls.set(d.id.name as string, d);
    if (d?.type === 'ClassDeclaration' && d.id) classes.push(d);
    if (d?.type !== 'VariableDeclaration') continue;
    for (const x of d.declarations as Node[]) {
      const init = x.init as Node | null;
      if (x.id.type !== 'Identifier' || !init || fns.has(x.id.name)) continue;
      const name = x.id.name as string;
      if (init.type === 'NewExpression' && init.callee.type === 'Identifier') made.push([name, init.callee.name as string]);
      const c = init.type === 'CallExpression' ? (init.callee as Node) : undefined;
      if (c?.type === 'MemberExpression' && !c.computed && c.property.name === 'bind' && c.object.type === 'Identifier' && fns.has(c.object.name)) add(name, c.object.name, `${c.object.name} bound`);
    }
  }
  // A class whose constructor calls a changed method of its own (`constructor() { this.start(); }`): `new Poller()` runs it.
  for (const d of classes) {
    if (fns.has(d.id.name)) continue;
    const ctor = (d.body.body as Node[]).find((m) => m.type === 'MethodDefinition' && m.kind === 'constructor');
    let via: string | undefined;
    if (ctor)
      walk(ctor.value.body, (n) => {
        if (via || /Function/.test(n.type)) return false;
        const c = n.type === 'CallExpression' ? (n.callee as Node) : undefined;
        if (c?.type === 'MemberExpression' && !c.computed && c.object.type === 'ThisExpression' && fns.has(`${d.id.name}#${c.property.name}`)) via = c.property.name as string;
        return undefined;
      });
    if (via) add(d.id.name as string, `${d.id.name}#${via}`, `whose constructor calls this.${via}, ${d.id.name}.prototype.${via}`);
  }
  for (const [local, cls] of made)
    for (const key of [...fns.keys()]) if (key.startsWith(`${cls}#`)) add(`${local}.${key.slice(cls.length + 1)}`, key, `${cls}.prototype.${key.slice(cls.length + 1)}`);
  // Top-level functions that call one, to a depth of 4 (a `main` that calls `init` that calls `startPolling`).
  for (let depth = 0, grew = true; grew && depth < 4; depth++) {
    grew = false;
    for (const [name, d] of decls) {
      if (fns.has(name)) continue;
      const via = [...callsOf(d.body)].find((c) => fns.has(c) && !c.includes(' '));
      if (!via) continue;
      add(name, via, `which calls ${shown.get(via) ?? via}`);
      grew = true;
    }
  }
  return shown;
}

/**
 * A re-imported module's exports whose function is another binding's now (`export default
 * function format` saved as `export default (n) => …`, found by session 18's review): the
 * running local names, whose code a reader's call of the export changes as an edit of its
 * body would.
 */
function relinkedFunctions(p: Planned): string[] {
  if (!p.plan.shape) return [];
  const old = runningProgram(p.record);
  const before = linksFor(p.record, undefined);
  const after = linksFor(p.record, p);
  if (!old || !before || !after) return [];
  const out: string[] = [];
  for (const [name, b] of before.exports) {
    const a = after.exports.get(name);
    if (!a || !('local' in b) || !('local' in a) || a.local === b.local || !declaredFunction(old, b.local)) continue;
    if (declaredFunction(p.plan.program, a.local)) out.push(b.local);
  }
  return out;
}

/** The function a module's top level declares by `name` (`function name`, `const name = () => …`, exported or not). */
function declaredFunction(program: Node, name: string): Node | undefined {
  for (const stmt of program.body as Node[]) {
    const d = stmt.type === 'ExportNamedDeclaration' || stmt.type === 'ExportDefaultDeclaration' ? stmt.declaration : stmt;
    if (d?.type === 'FunctionDeclaration' && d.id?.name === name) return d;
    // `export default (function (…) { … })`: a plugin as Babel writes it (dayjs).
    if (stmt.type === 'ExportDefaultDeclaration' && name === 'default' && !d.id && /Function/.test(d.type)) return d;
    if (d?.type === 'VariableDeclaration')
      for (const x of d.declarations as Node[]) if (x.id.type === 'Identifier' && x.id.name === name && x.init && /Function/.test(x.init.type)) return x.init;
  }
  return undefined;
}

/** The outermost functions inside `f`, whole. */
function nestedBodies(f: Node): Node[] {
  const out: Node[] = [];
  walk(f.body, (n) => {
    if (n.type !== 'FunctionExpression' && n.type !== 'ArrowFunctionExpression' && n.type !== 'FunctionDeclaration') return undefined;
    out.push(n);
    return false;
  });
  return out;
}

/** Names the edited modules no longer export, imported elsewhere: a note per importer (see the header). */
function removedExports(registry: Registry, planned: readonly Planned[], byUrl: ReadonlyMap<string, Planned>, note: (url: string, text: string) => void): void {
  /** By module URL: the names it exported before this refresh and no longer does, each with the module that dropped it. */
  const gone = new Map<string, Map<string, string>>();
  for (const p of planned) {
    const old = runningProgram(p.record);
    if (p.record.source === undefined || p.plan.shape || !old) continue;
    // (Most edits leave the export statements as they were: a look at the top level first.)
    if (exportSignature(old, p.record.source).join('\n') === exportSignature(p.plan.program, p.source).join('\n')) continue;
    const before = linksFor(p.record, undefined)?.exports;
    if (!before) continue;
    const now = linksFor(p.record, p)?.exports;
    const names = [...before.keys()].filter((n) => !now?.has(n) && n !== 'default');
    if (names.length) gone.set(p.record.url, new Map(names.map((n) => [n, p.record.url])));
  }
  if (!gone.size) return;
  // Passed on by `export *` or by name: the re-exporter's name is gone too (one level).
  for (const record of registry.modules.values()) {
    const links = linksFor(record, byUrl.get(record.url));
    if (!links || gone.has(record.url)) continue;
    const passed = new Map<string, string>();
    for (const spec of links.stars) for (const [n, origin] of gone.get(resolve(registry, record.url, spec) ?? '') ?? []) if (!links.exports.has(n)) passed.set(n, origin);
    for (const [name, b] of links.exports) {
      const origin = 'local' in b ? undefined : gone.get(resolve(registry, record.url, b.from) ?? '')?.get(b.name);
      if (origin) passed.set(name, origin);
    }
    if (passed.size) gone.set(record.url, passed);
  }
  const file = (url: string): string => rel(registry.modules.get(url)!.file);
  for (const record of registry.modules.values()) {
    const links = linksFor(record, byUrl.get(record.url));
    if (!links) continue;
    for (const [local, b] of links.imports) {
      const from = resolve(registry, record.url, b.from);
      const origin = from && gone.get(from)?.get(b.name);
      if (!origin) continue;
      const via = origin === from ? '' : ` (through ${file(from)})`;
      note(
        byUrl.has(record.url) ? record.url : origin,
        `${rel(record.file)} imports ${b.name === local ? local : `${b.name} as ${local}`} from ${file(origin)}${via}, which no longer exports it: the import keeps its last value (ESM links an import once; a fresh process would find it elsewhere or fail to load): restart to link it again`,
      );
    }
  }
}

/**
 * Methods whose call registers something for later (a route, a hook, a listener, a plugin, a
 * timer): what a setup function does once. A statement added to a function that calls one
 * is noted (see the header). Calls that answer a request (`res.send`) are not among them.
 */
const REGISTERS = new Set([
  'use', 'route', 'register', 'addHook', 'decorate', 'decorateRequest', 'decorateReply', 'addContentTypeParser',
  'setErrorHandler', 'setNotFoundHandler', 'on', 'once', 'addListener', 'prependListener', 'addEventListener',
  'subscribe', 'command', 'listen',
]);
/** HTTP methods register a route only with a path first (`app.get('/x', …)`), not `map.delete(k)` or `Promise.all(…)`. */
const ROUTES = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options']);
const isPath = (a: Node | undefined): boolean =>
  !!a && ((a.type === 'Literal' && (typeof a.value === 'string' ? /^[/*]/.test(a.value) : !!a.regex)) || (a.type === 'TemplateLiteral' && /^[/*]/.test(a.quasis[0]?.value.cooked ?? '')));
const TIMERS = new Set(['setInterval', 'setTimeout', 'setImmediate']);

/** Array and promise methods that take a callback and register nothing. */
const CONSUMES = new Set(['forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap', 'sort', 'toSorted', 'replace', 'replaceAll', 'then', 'catch', 'finally', 'call', 'apply', 'bind']);

/**
 * The registering calls `f` makes where it runs (not in the functions it makes), by text: as
 * statements, or as the value of a declaration or an assignment (`const t = setInterval(…)`,
 * `this.timer = setInterval(…)`); a framework's (REGISTERS, routes), a timer, or a call handing a
 * function to a method of an object `f` was given (a plugin's `api.hook('x', () => …)`: found by
 * session 18's review).
 */
function registrations(f: Node, source: string, self: string | undefined = f.id?.name): Map<string, Node> {
  const out = new Map<string, Node>();
  if (f.body?.type !== 'BlockStatement') return out;
  const params = new Set<string>((f.params as Node[]).flatMap((p) => patternNames(p)));
  const registering = (e: Node): boolean => {
    if (e.type === 'AwaitExpression') e = e.argument;
    // Any call of a chain: `fastify.get(…)`, `app.route('/x').get(…)`, `setInterval(…).unref()`.
    for (let call: Node | undefined = e; call?.type === 'CallExpression'; ) {
      const c: Node = call.callee;
      const args = call.arguments as Node[];
      if (c.type === 'MemberExpression' && !c.computed) {
        const name = c.property.name as string;
        if (REGISTERS.has(name) || (ROUTES.has(name) && isPath(args[0]))) return true;
        if (c.object.type === 'Identifier' && params.has(c.object.name) && !CONSUMES.has(name) && args.some((a) => /Function/.test(a.type))) return true;
      } else if (c.type === 'Identifier' && TIMERS.has(c.name)) {
        // (A function scheduling itself again, `setTimeout(loop, 5)` in `loop`: a chain, whose next
        // call is the new code; no registration stays behind. Found by session 18's second review.)
        if (c.name === 'setInterval' || self === undefined || args[0]?.type !== 'Identifier' || args[0].name !== self) return true;
      }
      call = c.type === 'MemberExpression' ? c.object : undefined;
    }
    return false;
  };
  walk(f.body, (n) => {
    if (/Function/.test(n.type) || n.type === 'ClassDeclaration' || n.type === 'ClassExpression') return false;
    let e: Node | undefined;
    if (n.type === 'ExpressionStatement') e = n.expression.type === 'AssignmentExpression' ? n.expression.right : n.expression;
    else if (n.type === 'VariableDeclaration') e = (n.declarations as Node[]).length === 1 ? (n.declarations as Node[])[0]!.init : undefined;
    else return undefined;
    // By its text without the bodies of the functions it passes: an edited handler is not a new registration.
    if (e && registering(e)) out.set(blankedText(source.slice(n.start, n.end), n.start, [n], (x) => nestedBodies({ body: x } as unknown as Node)), n);
    return false;
  });
  return out;
}

/**
 * What `f` installs where it runs (not in the functions it makes) on objects it was given or
 * that live outside it, by text: a function or class assigned to a property (`proto.fromToBase =
 * function …`, `d.tz = function …`), or anything assigned under a `prototype`
 * (`Dayjs.prototype.subtract = …`). A plugin does this once, when the program extends a class
 * with it (found by the dayjs replay). Not objects `f` makes itself (`const api = {}; api.get =
 * …`: its next call makes them with the new code) nor `this` (a constructor's, §2.2).
 */
function installs(f: Node, source: string): Map<string, Node> {
  const out = new Map<string, Node>();
  if (f.body?.type !== 'BlockStatement') return out;
  const params = new Set<string>((f.params as Node[]).flatMap((p) => patternNames(p)));
  // Locals of `f`: those that alias what it was given (`var proto = C.prototype`) count as given.
  const given = new Set(params);
  const locals = new Set<string>();
  const rootOf = (e: Node | null | undefined): string | undefined => {
    while (e?.type === 'MemberExpression') e = e.object;
    return e?.type === 'Identifier' ? (e.name as string) : e?.type === 'ThisExpression' ? 'this' : undefined;
  };
  walk(f.body, (n) => {
    if (/Function/.test(n.type) || n.type === 'ClassDeclaration' || n.type === 'ClassExpression') {
      if (n.type === 'FunctionDeclaration' && n.id) locals.add(n.id.name);
      return false;
    }
    if (n.type === 'VariableDeclarator') {
      for (const name of patternNames(n.id)) locals.add(name);
      const root = n.id.type === 'Identifier' && (n.init?.type === 'MemberExpression' || n.init?.type === 'Identifier') ? rootOf(n.init) : undefined;
      if (root && (given.has(root) || !locals.has(root))) given.add(n.id.name);
    }
    return undefined;
  });
  walk(f.body, (n) => {
    if (/Function/.test(n.type) || n.type === 'ClassDeclaration' || n.type === 'ClassExpression') return false;
    if (n.type !== 'ExpressionStatement') return undefined;
    const e = n.expression;
    if (e.type !== 'AssignmentExpression' || e.operator !== '=' || e.left.type !== 'MemberExpression') return false;
    const root = rootOf(e.left);
    if (!root || root === 'this' || (locals.has(root) && !given.has(root))) return false;
    const text = source.slice(e.left.start, e.left.end);
    const installsCode = /^(Arrow)?Function|^Class/.test(e.right.type) || /(^|\.)prototype\./.test(text.replace(/\s+/g, ''));
    // By the property it sets: a method whose parameters changed is not a new one.
    if (installsCode) out.set(text.replace(/\s+/g, ''), n);
    return false;
  });
  return out;
}

/**
 * A declaration whose value is a class compiled for ES5 (runtime/es5-classes.ts `es5ClassOf`)
 * and whose text the edit changed outside the bodies of the functions it makes (a method
 * added, removed or renamed) is evaluated again. The class held continues as the new one where
 * it can (runtime/es5-classes.ts `continuable`); otherwise it is a new class, and the old one
 * for everything made or taken before (found by the dayjs replay: duration's `Duration` gained
 * `format`, and a duration made at start was no longer `instanceof` it): a note each.
 */
function rebuiltClasses(p: Planned, note: (url: string, text: string) => void): void {
  for (const s of p.plan.steps) {
    if (s.type !== 'value' || s.derived || s.reread || s.item.kind !== 'var' || s.item.anonymousDefault) continue;
    const name = es5ClassOf(s.item.node.init)?.name;
    if (!name) continue;
    // Built again from an ES5 class of the same name: the class held continues (runtime/es5-classes.ts).
    if (continuedFrom(p.record, s.item)) continue;
    const at = position(p.source, s.item.node.start);
    note(
      p.record.url,
      `\`${s.item.name}\` at ${rel(p.record.file)}:${at.line}:${at.column + 1} is a class built by a function (compiled for ES5), whose text changed outside its methods' bodies: it is built anew, and what was made or taken before keeps the old class (its instances are not \`instanceof\` the new one, and keep the old methods): restart to make them again`,
    );
  }
}

/** Classes whose instances are values rather than state (nothing a program does to them is lost when one is made anew). */
const VALUE_CLASSES = new Set(['RegExp', 'Date', 'URL', 'Intl', 'TextEncoder', 'TextDecoder', 'Error', 'TypeError', 'RangeError', 'Symbol', 'Number', 'String', 'Boolean', 'Function']);

/**
 * Declarations of an instance (`const markedInstance = new Marked(defaults)`) that the refresh
 * evaluates again, their text or what they read having changed (docs/design.md §2.3): the
 * instance is made anew, so what the program did to the one it replaces — the methods it called
 * on it, what it stored there (marked's `use`, a plugin registered on a default instance) — is
 * not on the new one, and what took the old one keeps it. A note each (found by the marked
 * replay, 6.0.0: silent but for a statement reading it).
 */
function replacedInstances(p: Planned, note: (url: string, text: string) => void): void {
  let had: Set<string> | undefined;
  for (const s of p.plan.steps) {
    if (s.type !== 'value' || s.reread || s.emptied || s.object || s.item.kind !== 'var' || s.item.anonymousDefault || !s.item.name) continue;
    const init = s.item.node.init as Node | null | undefined;
    if (init?.type !== 'NewExpression') continue;
    const callee = init.callee as Node;
    const cls = callee.type === 'Identifier' ? (callee.name as string) : callee.type === 'MemberExpression' && !callee.computed ? (callee.property.name as string) : undefined;
    if (cls && VALUE_CLASSES.has(cls)) continue;
    // Only a declaration the running text has (a new one replaces nothing).
    const running = runningProgram(p.record);
    had ??= new Set(running && p.record.source !== undefined ? topLevel(running, p.record.source).flatMap((it) => (it.name ? [it.name] : [])) : []);
    if (!had.has(s.item.name)) continue;
    const at = position(p.source, s.item.node.start);
    note(
      p.record.url,
      `${s.item.name} at ${rel(p.record.file)}:${at.line}:${at.column + 1} is made anew (${s.derived ? 'it reads a value this refresh changed' : 'its text changed'}): a new ${cls ?? 'instance'}; what the program did to the one it replaces since it was made (methods it called on it, what it stored there) is not on the new one, and what took the old one keeps it: restart, or do that again, to have it on the new one`,
    );
  }
}

/** Does the module's function `name` schedule itself again where it runs (`setTimeout(loop, 5)`, `setImmediate(tick)`: a chain)? */
function selfScheduling(program: Node, name: string): boolean {
  const fn = declaredFunction(program, name);
  if (!fn?.body || fn.body.type !== 'BlockStatement') return false;
  let found = false;
  walk(fn.body, (n) => {
    if (found || /Function/.test(n.type)) return false;
    if (n.type !== 'CallExpression') return undefined;
    const c = n.callee as Node;
    const scheduler = (c.type === 'Identifier' && ['setTimeout', 'setImmediate', 'queueMicrotask'].includes(c.name)) || (c.type === 'MemberExpression' && !c.computed && c.object.type === 'Identifier' && c.object.name === 'process' && c.property.name === 'nextTick');
    const first = (n.arguments as Node[])[0];
    if (scheduler && first?.type === 'Identifier' && first.name === name) found = true;
    return undefined;
  });
  return found;
}

/** Functions of `p`'s plan whose new code registers what their old code did not: a note each (see the header). */
function gainedCalls(p: Planned, note: (url: string, text: string) => void): void {
  if (p.plan.shape || p.record.source === undefined) return;
  const oldSource = p.record.source;
  let old: Node | undefined;
  const pairs: Array<[was: Node | undefined, now: Node, name?: string]> = [];
  for (const s of p.plan.steps) {
    if (s.type === 'inline') for (const f of s.fns) pairs.push([f.old, f.node]);
    else if (s.type === 'fn' && !s.reread && !s.fresh && s.node.body?.type === 'BlockStatement') {
      old ??= runningProgram(p.record);
      pairs.push([old && declaredFunction(old, s.name), s.node, s.name]);
    }
  }
  for (const [was, now, name] of pairs) {
    if (!was) continue;
    const gained = (found: (fn: Node, source: string) => Map<string, Node>, who: string, what: string): void => {
      const had = found(was, oldSource);
      const has = found(now, p.source);
      // One it lost made, when the function ran, what stays (a hook, a listener, a timer of an open connection).
      if (what === 'registration')
        for (const [key, n] of had) {
          if (has.has(key)) continue;
          const text = oldSource.slice(n.start, n.end).replace(/\s+/g, ' ');
          const at = position(oldSource, n.start);
          const shown = text.length > 60 ? `${text.slice(0, 57).trimEnd()}…` : text;
          note(
            p.record.url,
            `\`${shown}\` (was at ${rel(p.record.file)}:${at.line}:${at.column + 1}) is not in the new text of its function: what it registered on something that lives on (a plugin's hook, an open connection's listener or timer) when that function ran before stays registered, where a fresh process would not have it: restart to remove it (what it registered on an object of one call, a request's, goes with it)`,
          );
        }
      for (const [key, n] of has) {
        if (had.has(key)) continue;
        const text = p.source.slice(n.start, n.end).replace(/\s+/g, ' ');
        const at = position(p.source, n.start);
        const fn = position(p.source, now.start);
        const shown = text.length > 60 ? `${text.slice(0, 57).trimEnd()}…` : text;
        note(
          p.record.url,
          `\`${shown}\` at ${rel(p.record.file)}:${at.line}:${at.column + 1} is new in the function at line ${fn.line}: it runs on that function's next call; if it already ran and is not called again (${who}), this ${what} is not made: restart to make it`,
        );
      }
    };
    gained((fn, src) => registrations(fn, src, name ?? fn.id?.name), 'a plugin, a setup function called at start', 'registration');
    gained(installs, 'a plugin a program extended a class with at start, a setup function', 'assignment');
  }
}

/**
 * A statement that only prints (`console.log('ready', f(1))`, `process.stdout.write(…)`):
 * what it did left no state to keep, so there is nothing to say about it.
 */
function onlyPrints(stmt: Node): boolean {
  if (stmt.type !== 'ExpressionStatement' || stmt.expression.type !== 'CallExpression') return false;
  const c = stmt.expression.callee;
  if (c.type !== 'MemberExpression' || c.computed) return false;
  const o = c.object;
  if (o.type === 'Identifier') return o.name === 'console';
  return o.type === 'MemberExpression' && !o.computed && o.object.type === 'Identifier' && o.object.name === 'process' && /^std(out|err)$/.test(o.property.name) && c.property.name === 'write';
}
