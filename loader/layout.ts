/**
 * Code without its layout: two texts that differ only in whitespace and comments are the same
 * code, so an edit that only reformats (format on save), adds a comment or changes a
 * TypeScript type (erased to spaces) changes nothing a refresh must apply. The differ
 * (loader/diff.ts) compares declarations, class members and statements this way: a
 * reformatted `app.listen(…)` does not run again, a reformatted class does not report its
 * constructor changed. Pure.
 *
 * A line break matters in one place: where automatic semicolon insertion reads it
 * (`return` / `throw` / `yield` / `break` / `continue` / `async` before one, `++` / `--`
 * after one, `=>` after one), so a token there carries it.
 */
import { tokenizer } from 'acorn';

const RESTRICTED_AFTER = new Set(['return', 'throw', 'yield', 'break', 'continue', 'async']);
const RESTRICTED_BEFORE = new Set(['++/--', '=>']);

/** Keys of texts compared lately: an edit's old text was the new text of the edit before. */
const recent = new Map<string, string | undefined>();

/** The tokens of `text` as one string (values, not spellings), or undefined where it does not tokenize. */
export function codeKey(text: string): string | undefined {
  if (recent.has(text)) return recent.get(text);
  const key = tokens(text);
  if (recent.size >= 256) recent.delete(recent.keys().next().value!);
  recent.set(text, key);
  return key;
}

function tokens(text: string): string | undefined {
  try {
    let out = '';
    let prev: { end: number; word: string } | undefined;
    for (const t of tokenizer(text, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true, allowAwaitOutsideFunction: true, allowReturnOutsideFunction: true })) {
      const label = t.type.label;
      const broken = prev !== undefined && text.slice(prev.end, t.start).includes('\n') && (RESTRICTED_AFTER.has(prev.word) || RESTRICTED_BEFORE.has(label));
      const v = (t as { value?: unknown }).value;
      const value = v === undefined || v === null ? '' : typeof v === 'object' ? `${(v as { pattern?: string }).pattern}/${(v as { flags?: string }).flags}` : String(v);
      out += `${broken ? '\n' : ''}${label}\u0001${value}\u0002`;
      prev = { end: t.end, word: typeof v === 'string' ? v : label };
    }
    return out;
  } catch {
    return undefined;
  }
}

/** Are `a` and `b` the same code, whatever their layout? */
export function sameCode(a: string, b: string): boolean {
  if (a === b) return true;
  const ka = codeKey(a);
  return ka !== undefined && ka === codeKey(b);
}

/**
 * The keys two lists of texts are matched by (a longest common subsequence, loader/lcs.ts):
 * a text found as it is on the other side is its own key; the others are compared without
 * their layout (tokenized only then: most texts of an edit are unchanged).
 */
export function layoutFreeKeys(a: readonly string[], b: readonly string[]): [string[], string[]] {
  const inA = new Set(a);
  const inB = new Set(b);
  const key = (text: string, other: Set<string>): string => (other.has(text) ? text : `\u0000${codeKey(text) ?? text}`);
  return [a.map((t) => key(t, inB)), b.map((t) => key(t, inA))];
}

/** sameCode for texts with regions cut out (loader/inline.ts blankedText marks each with `\u0000`). */
export const sameBlanked = (a: string, b: string): boolean => a === b || sameCode(a.replace(/\u0000/g, ' __lm$cut '), b.replace(/\u0000/g, ' __lm$cut '));
