/**
 * Where a column of code limeade rewrote was in the user's text. Rewrites never move a line
 * (docs/design.md §4.1), but text inserted on a line moves the columns behind it there: a
 * re-imported version's instrumentation (`if(__lm$.runs(3))` in front of a statement,
 * `__lm$.carries("q")?__lm$.carried:` in front of an initializer) and the references to the
 * extra scope in eval'd code (`q` → `__lm$.x.q`, runtime/extra-scope.ts). An error's stack
 * names the rewritten column; the refresh's report names the user's (runtime/blame.ts).
 */
import type MagicString from 'magic-string';
import { HOLDER_PLACEHOLDER } from '../loader/contract.js';

/** A decoded source map's segment: [generated column, source, original line, original column] (all 0-based). */
type Segment = readonly number[];

/**
 * The original column of `column` (0-based) on `line` (1-based) of the code a MagicString made,
 * from its per-character map: in text it inserted, the place it was inserted at.
 */
export function originalColumn(lines: readonly (readonly Segment[])[], line: number, column: number): number {
  const segments = lines[line - 1];
  if (!segments?.length) return column;
  let i = -1;
  while (i + 1 < segments.length && segments[i + 1]![0]! <= column) i++;
  if (i < 0) return segments[0]![2] === line - 1 ? segments[0]![3]! : column;
  const s = segments[i]!;
  if (s.length < 4 || s[2] !== line - 1) return column;
  const next = segments[i + 1];
  // One segment covers an overwritten chunk (same length: `const` → `let  `) or one character.
  const span = next && next.length >= 4 && next[2] === s[2] ? next[3]! - s[3]! : Infinity;
  return s[3]! + Math.min(column - s[0]!, span);
}

/** The lines of `ms`'s map whose columns moved, by line (1-based). */
function movedLines(ms: MagicString): Map<number, readonly Segment[]> {
  const out = new Map<number, readonly Segment[]>();
  const { mappings } = ms.generateDecodedMap({ hires: true });
  mappings.forEach((segments, i) => {
    if (segments.some((s) => s.length >= 4 && (s[0] !== s[3] || s[2] !== i))) out.set(i + 1, segments);
  });
  return out;
}

/** By `sourceURL`: the lines of eval'd code whose columns a rewrite moved, as last compiled. */
const evaluated = new Map<string, Map<number, readonly Segment[]>>();
/** (A bound: the maps matter only to the refresh that compiled them.) */
const MAX_URLS = 256;

/** `ms` rewrote code that ends in `//# sourceURL=…` (runtime/framing.ts framed): its moved columns are remembered. */
export function rewroteEvalCode(ms: MagicString, code: string): void {
  const url = /\n\/\/# sourceURL=(\S+)\s*$/.exec(code)?.[1];
  if (!url) return;
  const moved = movedLines(ms);
  if (!moved.size) return;
  if (!evaluated.has(url) && evaluated.size >= MAX_URLS) evaluated.clear();
  const lines = evaluated.get(url) ?? new Map<number, readonly Segment[]>();
  for (const [line, segments] of moved) lines.set(line, segments);
  evaluated.set(url, lines);
}

/**
 * By `sourceURL`: the lines a refresh compiled eval code on (runtime/framing.ts framed), as
 * [first, last] ranges, and on line 1, where the code has no padding, what to add to a
 * column of the last code compiled there.
 */
const evalLines = new Map<string, { ranges: Array<[number, number]>; lineOne?: number }>();

/** Code compiled for `url`'s lines `first` to `last` (a refresh's eval code: its columns are the user's, but for rewrites; on line 1, plus `lineOne`). */
export function compiledAt(url: string, first: number, last: number, lineOne?: number): void {
  let at = evalLines.get(url);
  if (!at) evalLines.set(url, (at = { ranges: [] }));
  if (!at.ranges.some(([a, b]) => a <= first && last <= b)) at.ranges.push([first, last]);
  if (first === 1) at.lineOne = lineOne ?? 0;
}

/**
 * The column (0-based) the user wrote for `column` on `line` of `url`, if a refresh compiled
 * eval code there (a frame there may be that code's): moved back where a rewrite moved it.
 */
export function evalColumn(url: string, line: number, column: number): number | undefined {
  const at = evalLines.get(url);
  if (!at?.ranges.some(([a, b]) => a <= line && line <= b)) return undefined;
  const moved = evaluated.get(url)?.get(line);
  let out = column;
  if (moved) {
    const lines: (readonly Segment[])[] = [];
    lines[line - 1] = moved;
    out = originalColumn(lines, line, column);
  }
  return line === 1 ? Math.max(0, out + (at.lineOne ?? 0)) : out;
}

/** A re-imported version's output, `code`, names its holders `prefix` (loader/contract.ts tagHolders): `column` of its tagged line `line`, in the untagged one. */
export function untagged(code: string, line: number, column: number, prefix: string | undefined): number {
  if (!prefix || prefix.length === HOLDER_PLACEHOLDER.length) return column;
  const text = code.split('\n')[line - 1] ?? '';
  let shift = 0;
  for (let at = text.indexOf(HOLDER_PLACEHOLDER); at >= 0; at = text.indexOf(HOLDER_PLACEHOLDER, at + 1)) {
    if (at + shift + HOLDER_PLACEHOLDER.length > column) break;
    shift += prefix.length - HOLDER_PLACEHOLDER.length;
  }
  return column - shift;
}
