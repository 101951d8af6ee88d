// State kept in memory: one Counter per name, created on first use. Edit `describe()` and
// counters created before the edit answer the new way, with their counts.
export interface Snapshot {
  name: string;
  count: number;
}

export class Counter {
  readonly name: string;
  #count = 0;
  constructor(name: string) {
    this.name = name;
  }
  bump(by: number = 1): number {
    this.#count += by;
    return this.#count;
  }
  snapshot(): Snapshot {
    return { name: this.name, count: this.#count };
  }
  describe(): string {
    return `${this.name}: ${this.#count}`;
  }
}

export const counters = new Map<string, Counter>();

export function counter(name: string): Counter {
  let c = counters.get(name);
  if (!c) counters.set(name, (c = new Counter(name)));
  return c;
}
