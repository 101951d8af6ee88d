/**
 * Strongly connected components of a small directed graph (Tarjan's algorithm): the import
 * cycles among the modules of one refresh. Components come out dependencies first (a
 * component after every component it has an edge to).
 */
export function components<T>(nodes: readonly T[], edges: (node: T) => readonly T[]): T[][] {
  const index = new Map<T, number>();
  const low = new Map<T, number>();
  const stack: T[] = [];
  const onStack = new Set<T>();
  const out: T[][] = [];
  const visit = (v: T): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const u of edges(v)) {
      if (!index.has(u)) {
        visit(u);
        low.set(v, Math.min(low.get(v)!, low.get(u)!));
      } else if (onStack.has(u)) low.set(v, Math.min(low.get(v)!, index.get(u)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: T[] = [];
    for (let u = stack.pop()!; ; u = stack.pop()!) {
      onStack.delete(u);
      component.push(u);
      if (u === v) break;
    }
    out.push(component);
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return out;
}
