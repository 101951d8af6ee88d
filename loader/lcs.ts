/**
 * Matching top-level statements across versions by their text: a longest common subsequence,
 * so two identical statements are two statements (docs/design.md §2.3). Pure.
 */

/** Indices (into `b`) of the elements of a longest common subsequence of `a` and `b`. */
export function lcsMatches(a: string[], b: string[]): Set<number> {
  return new Set(lcsPairs(a, b).keys());
}

/** A longest common subsequence of `a` and `b`, as index in `b` → index in `a`. */
export function lcsPairs(a: string[], b: string[]): Map<number, number> {
  const n = a.length;
  const m = b.length;
  const t: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      t[i]![j] = a[i] === b[j] ? t[i + 1]![j + 1]! + 1 : Math.max(t[i + 1]![j]!, t[i]![j + 1]!);
  const out = new Map<number, number>();
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.set(j, i);
      i++;
      j++;
    } else if (t[i + 1]![j]! >= t[i]![j + 1]!) i++;
    else j++;
  }
  return out;
}
