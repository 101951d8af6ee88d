/**
 * JSON files the program loaded (`import data from './data.json' with { type: 'json' }`, or
 * `require('./config.json')` where the hooks see `require`) are live (docs/design.md §2.2,
 * "objects are reused"). Node parses a JSON module once into one object — ES modules and
 * `require` share it through `require.cache` — and every importer holds that object. A
 * refresh therefore never makes a new one: it edits the held object into the new content,
 * in place, recursively (keys removed, changed and added, in the new order), so a reference
 * taken before (`const users = data.users`) sees the new content too.
 *
 * The file's text moves through the same phases as a module's: read (the text changed),
 * parse (an invalid text is a syntax error at its line and column: nothing applies, and the
 * text is retried with the next save), apply (each write recorded in the refresh's undo log,
 * so a failure elsewhere in the same save takes it back), commit.
 */
import { position } from '../loader/analyze.js';
import { located } from './blame.js';
import { reorder } from './reorder.js';
import type { JsonRecord } from './registry.js';
import { rel, type ModuleReport } from './report.js';
import type { Undo, UndoLog } from './undo.js';

export type { JsonRecord } from './registry.js';

/** A JSON file whose text changed on disk (runtime/read.ts). */
export interface JsonChange {
  record: JsonRecord;
  source: string;
  /** The same text already failed to parse, and the file has not changed since. */
  retry?: boolean;
}

/** A change parsed and matched with what the program holds: ready to apply. */
export interface JsonStep {
  change: JsonChange;
  /** The parsed new content. */
  value: unknown;
  /** The object or array the program holds (undefined: a primitive, or not found). */
  held: unknown;
  /** Why the held value cannot take the new content in place (then nothing is written). */
  blocked?: string | undefined;
}

/** `JSON.parse`, or a syntax error at the file's line and column, reported like one in JavaScript. */
export function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = String((err as Error)?.message ?? err);
    const { line, column } = jsonErrorAt(text);
    // V8 quotes the text around the error, line breaks included: one line is enough with the frame.
    throw located('syntax', rel(file), text, line, column, `SyntaxError: ${message.replace(/\s*\n\s*/g, ' ')}`);
  }
}

/**
 * Where a JSON text's first error is, as a line (1-based) and column (0-based). V8's messages
 * say `at position N` for some errors only (`Unexpected token ','` quotes the text instead), so
 * the text is scanned once by the grammar of JSON (RFC 8259) to the first character it cannot
 * take: the end of the text when it stops early.
 */
export function jsonErrorAt(text: string): { line: number; column: number } {
  const at = errorOffset(text);
  return position(text, at < 0 ? text.length : at);
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** The offset of the first character JSON's grammar cannot take (the length for an early end); -1 if the text is valid. */
function errorOffset(t: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = (): void => {
    while (t[i] === ' ' || t[i] === '\t' || t[i] === '\n' || t[i] === '\r') i++;
  };
  const string = (): void => {
    for (i++; ; ) {
      const c = t[i];
      if (c === undefined || c < ' ') fail();
      if (c === '"') return void i++;
      if (c !== '\\') {
        i++;
        continue;
      }
      const e = t[++i];
      if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
      else if (e === 'u') {
        i++;
        for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(t[i] ?? '')) fail();
      }
      else fail();
    }
  };
  const items = (close: string, item: () => void): void => {
    i++;
    ws();
    if (t[i] === close) return void i++;
    for (;;) {
      item();
      ws();
      if (t[i] === close) return void i++;
      if (t[i] !== ',') fail();
      i++;
    }
  };
  const value = (): void => {
    ws();
    const c = t[i];
    if (c === '{')
      return items('}', () => {
        ws();
        if (t[i] !== '"') fail();
        string();
        ws();
        if (t[i] !== ':') fail();
        i++;
        value();
      });
    if (c === '[') return items(']', value);
    if (c === '"') return string();
    NUMBER.lastIndex = i;
    if (NUMBER.exec(t)) return void (i = NUMBER.lastIndex);
    for (const word of ['true', 'false', 'null'])
      if (word[0] === c) {
        for (const w of word) if (t[i++] !== w) (i--, fail());
        return;
      }
    fail();
  };
  try {
    value();
    ws();
    return i < t.length ? i : -1;
  } catch (at) {
    if (typeof at === 'number') return at;
    throw at;
  }
}

/** Objects and arrays JSON makes, which an update may edit: not a frozen one, not a class instance the program put there. */
function editable(v: unknown): v is Record<string, unknown> | unknown[] {
  if (v === null || typeof v !== 'object' || !Object.isExtensible(v)) return false;
  return Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null;
}

const kindOf = (v: unknown): string => (Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

/**
 * Can `held` take `value` in place? Only an object for an object and an array for an array:
 * an importer's binding is the held value itself, which no refresh can re-point (a fresh
 * process would bind the new value; this one keeps the old until a restart, and says so).
 */
export function blockedBy(held: unknown, value: unknown): string | undefined {
  if (editable(held) && editable(value) && Array.isArray(held) === Array.isArray(value)) return undefined;
  if (held !== null && typeof held === 'object' && !Object.isExtensible(held)) return 'the object the program holds is frozen or sealed';
  return `the program holds ${kindOf(held)} and the file now has ${kindOf(value)}`;
}

/**
 * Edits `target` into `next` in place, each write's undo pushed first. Nested objects and
 * arrays that are both editable are edited in place too (references to them see the new
 * content); any other value replaces the property. Returns the top-level keys that changed.
 *
 * With `before`, the file's previous content, only what the file changed is written: a key
 * whose value the file did not change keeps what the program made of it since it loaded
 * (`config.db.password = process.env.DB_PASS` at start), and a key the program added stays,
 * as an object literal's unchanged properties do (found by session 18's review: a save of
 * config.json emptied the password the program had set).
 */
export function updateInPlace(target: Record<string, unknown> | unknown[], next: Record<string, unknown> | unknown[], undo: UndoLog, before?: unknown): { updated: string[]; removed: string[]; reordered: boolean } {
  const updated: string[] = [];
  const removed: string[] = [];
  undo.push(snapshot(target));
  const was = before !== null && typeof before === 'object' && Array.isArray(before) === Array.isArray(next) ? (before as Record<string, unknown>) : undefined;
  const same = (k: string): boolean => !!was && Object.prototype.hasOwnProperty.call(was, k) && deepEqual(was[k], (next as Record<string, unknown>)[k]);
  if (Array.isArray(target)) {
    const list = next as unknown[];
    for (let i = 0; i < list.length; i++) if (!(same(String(i)) && i < target.length) && assign(target, String(i), list[i], undo, was?.[String(i)])) updated.push(String(i));
    if (target.length > list.length) for (let i = list.length; i < target.length; i++) removed.push(String(i));
    target.length = list.length;
    return { updated, removed, reordered: false };
  }
  const obj = target as Record<string, unknown>;
  const keys = Object.keys(next);
  const wanted = new Set(keys);
  // (Without the previous content, every key the file lacks goes; with it, only those the file had.)
  for (const k of Object.keys(obj)) if (!wanted.has(k) && (!was || Object.prototype.hasOwnProperty.call(was, k))) (removed.push(k), delete obj[k]);
  for (const k of keys) if (!(same(k) && Object.prototype.hasOwnProperty.call(obj, k)) && assign(obj, k, (next as Record<string, unknown>)[k], undo, was?.[k])) updated.push(k);
  return { updated, removed, reordered: reorder(obj, keys) };
}

/** Sets `key` of `target` to the new value, in place where both are editable; true if anything changed. */
function assign(target: Record<string, unknown> | unknown[], key: string, value: unknown, undo: UndoLog, before?: unknown): boolean {
  const t = target as Record<string, unknown>;
  const had = Object.prototype.hasOwnProperty.call(t, key);
  const old = t[key];
  if (had && editable(old) && editable(value) && Array.isArray(old) === Array.isArray(value)) {
    const r = updateInPlace(old, value, undo, before);
    return r.updated.length > 0 || r.removed.length > 0 || r.reordered;
  }
  if (had && Object.is(old, value)) return false;
  // `__proto__` from JSON.parse is an own data property: define it as one.
  Object.defineProperty(t, key, { value, writable: true, enumerable: true, configurable: true });
  return true;
}

/** Are two parsed JSON values the same content? */
function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Takes `target` back to its own properties now (values and order): an undo step. */
export function snapshot(target: object): Undo {
  const descriptors = Object.getOwnPropertyDescriptors(target);
  const keys = Reflect.ownKeys(descriptors);
  const length = Array.isArray(target) ? target.length : undefined;
  return () => {
    for (const k of Reflect.ownKeys(target)) if (!(Array.isArray(target) && k === 'length')) delete (target as any)[k];
    if (length !== undefined) (target as unknown[]).length = length;
    for (const k of keys) if (!(length !== undefined && k === 'length')) Object.defineProperty(target, k, descriptors[k as string]!);
  };
}

/**
 * The parse phase of JSON changes, before anything is applied: every text parses (or the
 * refresh fails as on a syntax error), and each is matched with what the program holds.
 */
export async function prepareJson(changes: readonly JsonChange[], heldOf: (record: JsonRecord) => Promise<unknown>): Promise<JsonStep[]> {
  const steps: JsonStep[] = [];
  for (const change of changes) {
    const value = parseJson(change.record.file, change.source);
    const held = await heldOf(change.record);
    steps.push({ change, value, held, blocked: blockedBy(held, value) });
  }
  return steps;
}

/** The apply phase: each held object edited into its new content (undo in `undo`); the reports. */
export function applyJson(steps: readonly JsonStep[], undo: UndoLog): ModuleReport[] {
  return steps.map(({ change, value, held, blocked }) => {
    const report: ModuleReport = { file: rel(change.record.file), path: 'patch', updated: [], removed: [], statements: 0, notes: [] };
    if (blocked) {
      report.notes.push(`${blocked}: a JSON value can be updated only in place (an object's keys, an array's items), so its importers keep the old value until a restart`);
      return report;
    }
    const r = updateInPlace(held as Record<string, unknown>, value as Record<string, unknown>, undo, previous(change));
    report.updated = r.updated.length || r.removed.length || !r.reordered ? r.updated : ['key order'];
    report.removed = r.removed;
    return report;
  });
}

/** The file's previous content, parsed (undefined when it is not known or did not parse). */
function previous(change: JsonChange): unknown {
  const text = change.record.source;
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}

/** The refresh committed: the new texts are what the program holds. */
export function commitJson(steps: readonly JsonStep[]): void {
  for (const { change } of steps) {
    change.record.source = change.source;
    change.record.failed = undefined;
    change.record.refreshes++;
  }
}
