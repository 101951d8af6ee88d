/**
 * Turning a piece of a new version into code that a scope hook can eval, with every line
 * and column where it is in the file (leading newlines + padding + `//# sourceURL=`), so
 * stack traces of edited code point at the file (docs/design.md §4.1, §4.8).
 */
import { exportDefinitions, importMetaRanges, type Node } from '../loader/analyze.js';
import { call, META_LOCAL } from '../loader/contract.js';
import { compiledAt } from './positions.js';

/** `import.meta` is a SyntaxError in eval code: the module's prologue captured it as META_LOCAL. */
export function sliceForEval(source: string, node: Node, start = node.start, end = node.end): string {
  let text = source.slice(start, end);
  // And a CommonJS module's `Object.defineProperty(exports, …)` is the runtime's, as where it was instrumented (loader/analyze.ts exportDefinitions).
  const ranges: Array<[number, number, string]> = [
    ...importMetaRanges(node).map(([s, e]): [number, number, string] => [s, e, META_LOCAL]),
    ...exportDefinitions(node).map((c): [number, number, string] => [c.start, c.end, call('defineExport')]),
  ];
  for (const [s, e, name] of ranges.filter(([s, e]) => s >= start && e <= end).sort((a, b) => b[0] - a[0])) {
    const rel = s - start;
    text = text.slice(0, rel) + name.padEnd(e - s) + text.slice(e - start);
  }
  return text;
}

/**
 * Code whose `text` starts at (line, column) of `url`: `before` goes on the line above (or
 * in front, on line 1), `after` right behind the text.
 */
export function framed(url: string, line: number, column: number, before: string, text: string, after: string): string {
  const head = line > 1 ? `${'\n'.repeat(line - 2)}${before}\n${' '.repeat(column)}` : before;
  // (A frame on these lines may be this code's, whose columns are the file's: runtime/blame.ts.)
  compiledAt(url, line, line + lineBreaks(text), line > 1 ? 0 : column - before.length);
  return `${head}${text}${after}\n//# sourceURL=${url}`;
}

function lineBreaks(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Text with the parts between [start, end) ranges replaced by spaces (keeps columns). */
export function blank(text: string, ranges: Array<[number, number]>): string {
  let out = text;
  for (const [s, e] of ranges) out = out.slice(0, s) + ' '.repeat(e - s) + out.slice(e);
  return out;
}
