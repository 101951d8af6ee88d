/**
 * Effects follow the code (docs/design.md §2.4, issue 14): what a top-level statement or value
 * declaration registered while it evaluated — timers, intervals, immediates, listeners,
 * servers listening, router layers — is its own, and is taken back when a refresh runs it
 * again or removes it, before its new text runs; a failed refresh puts it all back.
 *
 * Who owns a registration: the instrumented code says whose top-level code runs
 * (`__lm$.at(owner)`, loader/instrument.ts); a refresh says it around each statement or
 * declaration it evaluates (`tracked`). While an owner is set, the wrappers of
 * runtime/effect-kinds.ts record what is registered. They are installed when top-level code
 * starts and removed in the microtask after it (`arm`/`disarm`): while the program serves,
 * `setTimeout`, `emitter.on` and `server.listen` are Node's own functions. A wrapper that
 * something copied meanwhile (Express copies `EventEmitter.prototype` into each app) costs
 * one check of a variable.
 *
 * Owners are keyed as the instrumenter names them: a statement by its index among the
 * module's top-level statements, a declaration by its name (`a,b` for a destructuring one).
 * Statements move at commit (the plan's statement map), as inline holders do.
 */
import type { UndoLog } from './undo.js';
import { installWrappers, removeWrappers, type Effect, type Tracker } from './effect-kinds.js';

export type { Effect } from './effect-kinds.js';

export type OwnerKey = number | string;

/** A module's registrations by owner (first load and committed refreshes). */
const committed = new WeakMap<object, Map<OwnerKey, Effect[]>>();

// The owner whose top-level code runs now. `owner === undefined`: none, record nothing.
let owner: OwnerKey | undefined;
let ownerRecord: object | undefined;
/** The owner's code is a refresh's (a version being re-imported, or a patch's statement): its registrations are pending. */
let ownerPending = false;
/** Counts owners' runs: an emitter created during this run is the run's own (effect-kinds.ts `young`). */
let run = 0;
let armed = false;

/** The refresh in progress: its undo log, the registrations its new code made, what it took back. */
interface Refreshing {
  undo: UndoLog;
  pending: Map<object, Map<OwnerKey, Effect[]>>;
  undone: Map<object, Set<OwnerKey>>;
  /** What the report says was taken back, by module record. */
  said: Map<object, Effect[]>;
  notes: Map<object, string[]>;
  /** Router stacks: where layers were taken out, so that their replacements take their places. */
  slots: Map<unknown[], number[]>;
  /** Per module: where an owner is in the new text (`committed`: keyed as before the refresh). */
  order: Map<object, Position>;
  /** Per module: what `takeBack` took back (or looked at) already. */
  takenBack: Map<object, Set<string>>;
}

/** The place of an owner in a module's new text (for ordering router layers), or undefined if it is gone. */
export type Position = (key: OwnerKey, committed: boolean) => number | undefined;
let refreshing: Refreshing | undefined;

/** Is top-level code running whose registrations are recorded? (The wrappers' one check.) */
export const tracking = (): boolean => owner !== undefined;

/** `__lm$.at(key)` of module `record` (loader/contract.ts): whose top-level code runs from here. */
export function at(record: object, key: OwnerKey | null, versioned: boolean): void {
  run++;
  if (key === null) {
    owner = undefined;
    return;
  }
  owner = key;
  ownerRecord = record;
  ownerPending = versioned && refreshing !== undefined;
  if (!armed) arm();
}

/** Runs `work` (a refresh's evaluation of statement or declaration `key`) as `record`'s top-level code. */
export function tracked<T>(record: object, key: OwnerKey, work: () => T): T {
  const saved = [owner, ownerRecord, ownerPending] as const;
  run++;
  owner = key;
  ownerRecord = record;
  ownerPending = refreshing !== undefined;
  if (!armed) arm();
  try {
    return work();
  } finally {
    [owner, ownerRecord, ownerPending] = saved;
    run++;
  }
}

/** Runs `work` with no owner (a `require` made by top-level code loads a module of its own). */
export function untracked<T>(work: () => T): T {
  // (All of whose code it is: a `require` inside sets them for the module it loads, and the
  // statement that required it goes on as its own module's, not that one's.)
  const saved = [owner, ownerRecord, ownerPending] as const;
  owner = undefined;
  try {
    return work();
  } finally {
    [owner, ownerRecord, ownerPending] = saved;
  }
}

/** A registration the current owner made. */
export function record(effect: Effect): void {
  if (owner === undefined || ownerRecord === undefined) return;
  const r = refreshing;
  const pending = ownerPending && r !== undefined;
  const byOwner = pending ? r.pending : committed;
  let owners = byOwner.get(ownerRecord);
  if (!owners) byOwner.set(ownerRecord, (owners = new Map()));
  let list = owners.get(owner);
  if (!list) owners.set(owner, (list = []));
  // A loop of registrations that end soon (a timeout that fires, a listener removed) keeps
  // only the live ones: compacted each time the list doubles.
  if (list.length >= 64 && (list.length & (list.length - 1)) === 0) owners.set(owner, (list = compact(list)));
  list.push(effect);
  // A failed refresh takes back what its new code registered (the log runs backwards).
  // (Then for good: a worker it made is terminated, Effect.commit.)
  if (pending) r.undo.push(() => void safely(() => effect.undo() && effect.commit?.()));
}

const TRACKER: Tracker = {
  tracking,
  run: () => run,
  ownExports: () => (owner === undefined ? undefined : (ownerRecord as { commonjs?: { module: { exports: unknown } } } | undefined)?.commonjs?.module.exports),
  record,
  untracked,
  leaveSlot,
  takeSlot,
  listenerPlace,
  failed: (err) => warnOnce(`recording what top-level code registered failed (a limeade bug: please report it): ${String((err as Error)?.stack ?? err)}`),
};

function arm(): void {
  armed = true;
  try {
    installWrappers(TRACKER);
  } catch (err) {
    warnOnce(`could not track what top-level code registers (${String(err)}): replaced statements' timers, listeners and routes stay; use import.meta.hot.dispose`);
  }
  // Top-level code runs synchronously up to its end or its first `await`: the wrappers go in the next microtask.
  queueMicrotask(disarm);
}

function disarm(): void {
  armed = false;
  owner = undefined;
  try {
    removeWrappers();
  } catch {
    /* left installed: each costs one check */
  }
}

/**
 * The registrations of `list` that still hold something: not those that ended, and of the
 * records of one listener only as many (the newest) as it is registered times now.
 */
function compact(list: readonly Effect[]): Effect[] {
  const kept: Effect[] = [];
  const left = new Map<object, Map<unknown, Map<unknown, number>>>();
  for (let i = list.length - 1; i >= 0; i--) {
    const e = list[i]!;
    const l = e.listener;
    if (!l) {
      if (!e.live || safely(() => e.live!()) !== false) kept.push(e);
      continue;
    }
    let byType = left.get(l.on);
    if (!byType) left.set(l.on, (byType = new Map()));
    let byFn = byType.get(l.type);
    if (!byFn) byType.set(l.type, (byFn = new Map()));
    const n = byFn.get(l.fn) ?? (safely(() => l.copies()) as number | Error);
    const copies = typeof n === 'number' ? n : 1;
    byFn.set(l.fn, copies - 1);
    if (copies > 0) kept.push(e);
  }
  return kept.reverse();
}

/** A refresh's evaluate phase starts (runtime/evaluate.ts). */
export function beginEffects(undo: UndoLog): void {
  refreshing = { undo, pending: new Map(), undone: new Map(), said: new Map(), notes: new Map(), slots: new Map(), order: new Map(), takenBack: new Map() };
}

/**
 * Right before `record`'s replaced or removed top-level code runs again or goes: takes back
 * what these owners registered (once per module and refresh), last first, each step undoable.
 */
export function undoOwners(record: object, keys: (key: OwnerKey) => boolean, position: Position): void {
  const r = refreshing;
  if (!r || r.undone.has(record)) return;
  r.order.set(record, position);
  const undone = new Set<OwnerKey>();
  r.undone.set(record, undone);
  const owners = committed.get(record);
  if (!owners) return;
  const said: Effect[] = [];
  for (const [key, effects] of owners) {
    if (!keys(key)) continue;
    undone.add(key);
    const own: Effect[] = [];
    for (let i = effects.length - 1; i >= 0; i--) {
      const effect = effects[i]!;
      const done = safely(() => effect.undo());
      if (done === true) {
        own.unshift(effect);
        r.undo.push(() => void safely(() => effect.redo()));
      } else if (done instanceof Error) {
        const notes = r.notes.get(record) ?? [];
        notes.push(`could not take back a ${effect.kind} its replaced code registered (${done.message}): it stays`);
        r.notes.set(record, notes);
      }
    }
    said.push(...own);
  }
  r.said.set(record, [...(r.said.get(record) ?? []), ...said]);
}

/**
 * Takes back, once per module and refresh, what removed code did that no registration
 * recorded (a CommonJS export a removed statement set, runtime/effects-refresh.ts): undone on
 * rollback, and said in the report.
 */
export function takeBack(record: object, key: string, effect: () => Effect | undefined): void {
  const r = refreshing;
  if (!r) return;
  const done = r.takenBack.get(record) ?? new Set<string>();
  r.takenBack.set(record, done);
  if (done.has(key)) return;
  done.add(key);
  const e = safely(effect);
  if (!e) return;
  if (e instanceof Error) return noteEffects(record, `could not take back ${key} (${e.message}): it stays`);
  const result = safely(() => e.undo());
  if (result !== true) return;
  r.undo.push(() => void safely(() => e.redo()));
  r.said.set(record, [...(r.said.get(record) ?? []), e]);
}

/** A note for `record`'s report (runtime/effects-refresh.ts). */
/** Did `key`'s code of `record` register anything limeade takes back (runtime/effect-kinds.ts)? */
export const registered = (record: object, key: OwnerKey): boolean => (committed.get(record)?.get(key)?.length ?? 0) > 0;

export function noteEffects(record: object, note: string): void {
  const r = refreshing;
  if (!r) return;
  const notes = r.notes.get(record) ?? [];
  notes.push(note);
  r.notes.set(record, notes);
}

/** Router stacks: a layer taken out leaves its place for the layer that replaces it (effect-kinds.ts). */
export function leaveSlot(stack: unknown[], index: number): void {
  const r = refreshing;
  if (!r) return;
  // Places are positions in the stack as it is now: those after `index` moved up by one.
  const slots = (r.slots.get(stack) ?? []).map((p) => (p > index ? p - 1 : p));
  slots.push(index);
  slots.sort((a, b) => a - b);
  r.slots.set(stack, slots);
}

/**
 * Where a new layer of this refresh goes on `stack`: in source order among the module's own
 * layers, else the first place a replaced layer left (its replacement, registered from
 * another module than the layers after it), else right behind the module's last layer, else
 * last.
 */
export function takeSlot(stack: unknown[]): number | undefined {
  if (!ownerPending) return undefined;
  const slots = refreshing?.slots.get(stack);
  const order = inSourceOrder(stack);
  let at = order?.first ?? slots?.shift();
  // The last of its module on this stack: behind the module's others — not back into an old
  // place before layers of statements now above it (a route moved last), nor behind what
  // modules that ran after it registered (another file's 404 catch-all), as in a fresh process.
  if (order?.first === undefined && order?.after !== undefined) at = Math.max(at ?? order.after, order.after);
  // The layer goes in there: the places after it move down by one.
  if (at !== undefined && slots) for (let i = 0; i < slots.length; i++) if (slots[i]! >= at) slots[i] = slots[i]! + 1;
  return at;
}

/**
 * A new layer that replaces none goes before the first layer of this module's stack whose
 * owner comes after its own in the new text (a route added above a catch-all middleware
 * answers, as in a fresh process): `first`, undefined when there is none (then last, or the
 * slot of the layer it replaces). `after`: the place behind the last layer of an owner that
 * comes before it.
 */
function inSourceOrder(stack: unknown[]): { first: number | undefined; after: number | undefined } | undefined {
  return placesAmong((e) => (e.layer?.stack === stack ? stack.indexOf(e.layer.layer) : -1));
}

/**
 * Where a listener this refresh's statement adds goes among the listeners of its emitter and
 * event: before the first one a statement below it in the module's text added (a fresh process
 * adds them in that order), or undefined (last, where the emitter put it). Found by session
 * 18's review: a `wss.on('connection', …)` run again ran after the one below it.
 */
export function listenerPlace(emitter: { rawListeners(type: unknown): unknown[] }, type: unknown): number | undefined {
  if (!ownerPending) return undefined;
  const raw = emitter.rawListeners(type);
  return placesAmong((e) => (e.listener?.on === emitter && e.listener.type === type ? raw.findIndex((l) => l === e.listener!.fn || (l as { listener?: unknown })?.listener === e.listener!.fn) : -1))?.first;
}

/** `first` and `after` of inSourceOrder, for the effects `indexOf` places (-1: not on that target). */
function placesAmong(indexOf: (e: Effect) => number): { first: number | undefined; after: number | undefined } | undefined {
  const r = refreshing;
  const position = ownerRecord && r?.order.get(ownerRecord);
  const me = position && owner !== undefined ? position(owner, false) : undefined;
  if (!r || !position || me === undefined || !ownerRecord) return undefined;
  const undone = r.undone.get(ownerRecord);
  let first: number | undefined;
  let last: number | undefined;
  const consider = (owners: Map<OwnerKey, Effect[]> | undefined, committed: boolean): void => {
    for (const [key, effects] of owners ?? []) {
      if (committed && undone?.has(key)) continue;
      const p = position(key, committed);
      if (p === undefined || p === me) continue;
      for (const e of effects) {
        const i = indexOf(e);
        if (i < 0) continue;
        if (p > me && (first === undefined || i < first)) first = i;
        if (p < me && (last === undefined || i > last)) last = i;
      }
    }
  };
  consider(committed.get(ownerRecord), true);
  consider(r.pending.get(ownerRecord), false);
  return { first, after: last === undefined ? undefined : last + 1 };
}

/** What the refresh took back in `record`, for its report: `stopped 1 interval`, `removed route GET /beta`. */
export function undoneReport(record: object): { undone: string[]; notes: string[] } {
  const r = refreshing;
  return { undone: describe(r?.said.get(record) ?? []), notes: r?.notes.get(record) ?? [] };
}

/** The kinds of what `key`'s code of `record` registered in this refresh (runtime/effects-refresh.ts noteOutOfOrder). */
export function pendingKinds(record: object, key: OwnerKey): Set<string> {
  return new Set((refreshing?.pending.get(record)?.get(key) ?? []).map((e) => e.kind));
}

/** The refresh committed: statements move to their new indices, taken-back owners go, new registrations join. */
export function commitEffects(applied: ReadonlyArray<{ record: object; statements: readonly number[] | undefined }>): void {
  const r = refreshing;
  refreshing = undefined;
  if (!r) return;
  for (const effects of r.said.values()) for (const e of effects) e.commit?.();
  for (const { record, statements } of applied) {
    const before = committed.get(record);
    const undone = r.undone.get(record);
    const next = new Map<OwnerKey, Effect[]>();
    for (const [key, effects] of before ?? []) {
      if (undone?.has(key)) continue;
      const to = typeof key === 'number' && statements ? (statements[key] ?? -1) : key;
      if (to !== -1) next.set(to, effects);
    }
    for (const [key, effects] of r.pending.get(record) ?? []) next.set(key, [...(next.get(key) ?? []), ...effects]);
    committed.set(record, next);
  }
}

/** The refresh failed: its undo log already took back what it did; forget its pending registrations. */
export function dropEffects(): void {
  refreshing = undefined;
}

/** A module's registrations by owner, as committed (tests and status). */
export function effectsOf(record: object): ReadonlyMap<OwnerKey, readonly Effect[]> {
  return committed.get(record) ?? new Map();
}

const VERBS: Record<string, [verb: string, one: string, many: string]> = {
  interval: ['stopped', 'interval', 'intervals'],
  timer: ['cleared', 'timer', 'timers'],
  immediate: ['cleared', 'immediate', 'immediates'],
  listener: ['removed', 'listener', 'listeners'],
  server: ['closed', 'server', 'servers'],
  worker: ['terminated', 'worker', 'workers'],
};

/** `stopped 1 interval, removed 2 listeners, removed route GET /beta`. */
function describe(effects: readonly Effect[]): string[] {
  const counts = new Map<string, number>();
  const listed: string[] = [];
  for (const e of effects) {
    if (e.label) listed.push(`removed ${e.label()}`);
    else counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
  }
  const out: string[] = [];
  for (const [kind, n] of counts) {
    const [verb, one, many] = VERBS[kind] ?? ['undid', kind, `${kind}s`];
    out.push(`${verb} ${n} ${n === 1 ? one : many}`);
  }
  return [...out, ...listed];
}

/** What a step returned, or the error it threw: taking back never stops a refresh. */
function safely<T>(step: () => T): T | Error {
  try {
    return step();
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

let warned = false;
function warnOnce(message: string): void {
  if (warned) return;
  warned = true;
  process.stderr.write(`[limeade] ${message}\n`);
}

/**
 * A module whose first run threw, loaded anew (runtime/failed-runs.ts): what that run
 * registered before it threw (a listener, an interval) is taken back, as a fresh process
 * would not have it twice once the new run registers its own.
 */
export function forgetModule(record: object): number {
  const owners = committed.get(record);
  committed.delete(record);
  let n = 0;
  for (const effects of owners?.values() ?? []) for (const effect of effects) if (safely(() => effect.undo()) === true) n++;
  return n;
}
