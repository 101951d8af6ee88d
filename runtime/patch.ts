/**
 * The patch path: a plan whose shape did not change becomes operations on the live module.
 * `compilePatch` only compiles (function and method texts: no user code runs); `Op.apply`
 * swaps or evaluates and pushes what undoes it.
 */
import type { Plan, Step } from '../loader/diff.js';
import { position, type Node } from '../loader/analyze.js';
import { DEFAULT_BINDING, implName } from '../loader/names.js';
import { constructs } from '../loader/instrument.js';
import { blank, framed, sliceForEval, type Hook } from './compile.js';
import { compileClass } from './classes.js';
import { displayName, dress, type FnFamily, type ModuleRecord } from './registry.js';
import { setHolder } from './slots.js';

export type Undo = () => void;

/** A step ready to apply. `phase` 0 swaps code (no user code runs), 1 evaluates. */
export interface Op {
  phase: 0 | 1;
  /** What the report lists, e.g. `f`, `Counter.inc`. */
  label: string;
  node: Node;
  apply(undo: Undo[]): void;
}

/** A compile failure of one step: the node says where. */
export class StepError extends Error {
  constructor(
    readonly cause: unknown,
    readonly node: Node,
  ) {
    super(String((cause as Error)?.message ?? cause));
  }
}

export function compilePatch(record: ModuleRecord, source: string, plan: Plan): Op[] {
  const ops: Op[] = [];
  for (const step of plan.steps) {
    try {
      ops.push(...compileStep(record, source, step, plan.notes));
    } catch (err) {
      throw err instanceof StepError ? err : new StepError(err, stepNode(step));
    }
  }
  return ops;
}

function stepNode(step: Step): Node {
  return step.type === 'value' ? step.item.node : step.node;
}

/** Assign a top-level binding in these scopes (a module's live versions) that have it. */
export function assign(homes: Hook[], binding: string, value: unknown, undo: Undo[]): void {
  for (const home of homes) {
    let before: unknown;
    try {
      before = home(binding);
    } catch {
      continue; // this version has no such binding
    }
    home(`${binding}=__v`, value);
    undo.push(() => home(`${binding}=__v`, before));
  }
}

export function setImpl(family: FnFamily, impl: Function, undo: Undo[]): void {
  const before = family.impl;
  const shown = displayName(family.name, family.impl);
  const write = (fn: Function): void => {
    family.holders.forEach((holder, i) => setHolder(holder, fn, family.handles[i]));
    for (const h of family.handles) dress(h, fn, shown);
    family.impl = fn;
  };
  // The undo goes first: a write that fails half-way (a limeade bug) is undone too.
  undo.push(() => write(before));
  write(impl);
}

function compileStep(record: ModuleRecord, source: string, step: Step, notes: string[]): Op[] {
  const url = record.url;
  const at = (n: Node): [number, number] => {
    const p = position(source, n.start);
    return [p.line, p.column];
  };
  switch (step.type) {
    case 'fn': {
      const n = step.node;
      let text = sliceForEval(source, n);
      // Without its name, `f` inside the body means the module binding (the handle).
      if (n.id && (step.declaration || n.id.name === step.name)) text = blank(text, [[n.id.start - n.start, n.id.end - n.start]]);
      // As a property value an anonymous function takes the key as its own name: the same
      // name the first version has (implName), with nothing redefined on the function.
      const key = JSON.stringify(implName(step.name));
      const fn = record.home(framed(url, ...at(n), `({${key}:`, text, `})[${key}]`)) as Function;
      const family = record.fns.get(step.name);
      // The handle's form was chosen at load (loader/instrument.ts handleSource).
      if (family && constructs(n) && !family.handles.some((h) => Function.prototype.toString.call(h).includes('new.target')))
        notes.push(`${step.name} reads new.target now, which its handle does not pass on: \`new ${step.name}()\` sees it undefined until the program restarts`);
      return [
        {
          phase: 0,
          label: step.name,
          node: n,
          apply(undo) {
            if (family) setImpl(family, fn, undo);
            else assign(record.homes, step.name, fn, undo);
          },
        },
      ];
    }
    case 'value': {
      const it = step.item;
      const binding = it.anonymousDefault ? DEFAULT_BINDING : it.name;
      const init: Node | null = it.anonymousDefault ? it.node : it.node.init;
      const code = init ? framed(url, ...at(init), '(', sliceForEval(source, init), ')') : null;
      return [
        {
          phase: 1,
          label: it.name || it.names.join(', '),
          node: it.node,
          apply(undo) {
            const value = code === null ? undefined : record.home(code);
            if (binding) return assign(record.homes, binding, value, undo);
            // A destructuring declarator: assign the pattern in the newest scope, then copy.
            const before = it.names.map((n) => record.home(n));
            record.home(`(${source.slice(it.node.id.start, it.node.id.end)}=__v)`, value);
            undo.push(() => it.names.forEach((n, i) => record.home(`${n}=__v`, before[i])));
            const older = record.homes.filter((h) => h !== record.home);
            for (const n of it.names) assign(older, n, record.home(n), undo);
          },
        },
      ];
    }
    case 'run': {
      const code = framed(url, ...at(step.node), '', sliceForEval(source, step.node), '');
      return [{ phase: 1, label: 'statement', node: step.node, apply: () => void record.home(code) }];
    }
    case 'class': {
      const family = record.classes.get(step.name);
      if (!family) throw new StepError(new Error(`class ${step.name} was not registered when it loaded (limeade bug)`), step.node);
      return compileClass(family, url, source, step, notes);
    }
  }
}

