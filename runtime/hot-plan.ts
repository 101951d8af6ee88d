/**
 * The plan side of `import.meta.hot` (loaded with the transaction, with the parser): which
 * modules are invalidated (planned in full) or decline, and who owns each registration.
 */
import { classMembers, memberId, parseModule, position, topLevel, type Item, type Node } from '../loader/analyze.js';
import type { Plan, Step } from '../loader/diff.js';
import type { HotModule, HotRuntime, Owner, Registration } from './hot.js';
import type { Change } from './read.js';
import type { Registry } from './registry.js';
import { codeFrame, rel, type RefreshError } from './report.js';

/** The changes and the modules invalidated by `import.meta.hot.invalidate()` (their text may be unchanged), in load order. */
export function withInvalidated(hot: HotRuntime | undefined, registry: Registry, changes: readonly Change[]): Change[] {
  const added: Change[] = [];
  for (const m of hot?.modules.values() ?? []) {
    if (m.invalidated === undefined || changes.some((c) => c.record === m.record) || m.record.source === undefined) continue;
    added.push({ record: m.record, source: m.record.source });
  }
  return added.length ? registry.inLoadOrder([...changes, ...added]) : [...changes];
}

/**
 * Before planning: refuses declined modules, and resolves the owners of new registrations
 * against the text that registered them. Returns the error that stops the refresh, if any.
 */
export function checkHot(hot: HotRuntime, registry: Registry, changes: readonly Change[]): RefreshError | undefined {
  for (const { record } of changes) {
    const m = hot.modules.get(record);
    if (!m) continue;
    if (m.declined) {
      const file = rel(record.file);
      const { line, column } = m.declined;
      return {
        kind: 'declined',
        file,
        line,
        column: column - 1,
        message: `this module called import.meta.hot.decline(): its edits are not applied while the program runs. Restart the program to apply them.`,
        frame: codeFrame(record.source ?? '', line, column - 1),
      };
    }
    resolveOwners(m, registry);
  }
  return undefined;
}

function resolveOwners(m: HotModule, registry: Registry): void {
  const todo = m.regs.filter((r) => r.owner === undefined);
  const source = m.record.source;
  if (!todo.length || source === undefined) return;
  let program: Node;
  if (m.record.parsed?.source === source) program = m.record.parsed.program;
  else {
    try {
      program = parseModule(source);
    } catch {
      for (const r of todo) r.owner = null;
      return;
    }
    // The differ reuses this parse for the old side of its diff: parsed once, not twice.
    registry.keepParse(m.record, source, program);
  }
  const items = topLevel(program, source);
  for (const r of todo) r.owner = ownerAt(items, source, r.site);
}

/** The top-level statement or value declaration that contains the call site. */
function ownerAt(items: Item[], source: string, site: Registration['site']): Owner {
  if (!site) return null;
  // Line 1 carries limeade's prologue in front of the program's first line: its columns are shifted.
  const it =
    site.line === 1
      ? items.find((i) => position(source, i.stmt.start).line === 1)
      : items.find((i) => {
          const a = position(source, i.node.start);
          const b = position(source, i.node.end);
          const after = (p: { line: number; column: number }): boolean => site.line > p.line || (site.line === p.line && site.column - 1 >= p.column);
          return after(a) && !after(b);
        }) ?? items.find((i) => position(source, i.stmt.start).line <= site.line && position(source, i.stmt.end).line >= site.line);
  if (!it) return null;
  if (it.kind === 'stmt') return { text: it.text };
  if (it.kind === 'var' && it.init !== 'function' && it.init !== 'class' && it.names.length) return { names: it.names };
  return null; // a function or class body: code that runs when called, not top-level code
}

/**
 * invalidate(): the plan of a full re-import — every statement runs, no declaration keeps its
 * value, every class that continues takes all of the new version's members, static values
 * and static blocks (the class object stays the program's).
 */
export function fullPlan(plan: Plan, source: string, message: string): Plan {
  const items = topLevel(plan.program, source);
  const steps: Step[] = plan.steps.filter((s) => s.type !== 'value' && s.type !== 'class');
  for (const it of items) {
    if (it.kind === 'class' || (it.kind === 'var' && it.init === 'class')) {
      const node = it.kind === 'class' ? it.node : it.node.init;
      const members = classMembers(node, source).map((m) => ({ id: memberId(m), member: m, change: 'changed' as const }));
      const heritage = plan.steps.find((s) => s.type === 'class' && s.name === it.name && s.heritage);
      steps.push({ type: 'class', name: it.name, node, members, ...(heritage?.type === 'class' && heritage.heritage ? { heritage: heritage.heritage } : {}) });
    } else if (it.kind === 'var' && it.init !== 'function') steps.push({ type: 'value', item: it });
  }
  return {
    ...plan,
    shape: `invalidated${message ? ` (${message})` : ''}`,
    steps,
    carry: [],
    runStatements: plan.runStatements.map(() => true),
    statementMap: plan.statementMap?.map(() => -1),
  };
}

