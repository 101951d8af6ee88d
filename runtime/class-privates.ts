/**
 * `#names` a running class cannot take. A class gets its private names when it is created,
 * and only code lexically inside it can use them, so a refresh compiles members in the
 * class's own scope (runtime/class-code.ts). Code that uses a `#name` the class was not
 * created with, or a private member whose kind changed (field, method, accessor), cannot be
 * compiled there: it stays as it was, or (a new public method or accessor) throws a message
 * that says why; one note lists what.
 */
import type { Member } from '../loader/analyze.js';
import { PRIVATE_PREFIX } from '../loader/contract.js';
import { privateNames } from '../loader/scope.js';
import { slotKey, type ClassFamily } from './families.js';

export class PrivateLimits {
  readonly #kept: string[] = [];
  readonly #stubbed: string[] = [];
  readonly #names = new Set<string>();
  readonly #kinds: string[] = [];

  constructor(
    private readonly family: ClassFamily,
    private readonly name: string,
  ) {}

  /** Can `m` (added or changed) not be compiled in the class's scope? Then it is noted. */
  blocks(m: Member, label: string): boolean {
    const { family } = this;
    if (m.isPrivate && family.privates.has(m.key) && !this.#sameKind(m)) {
      this.#kinds.push(m.key);
      return true;
    }
    const fresh = [...privateNames(m.node)].filter((p) => !family.privates.has(p));
    if (!fresh.length) return false;
    fresh.forEach((p) => this.#names.add(p));
    if (this.stubbed(m)) this.#stubbed.push(label);
    else this.#kept.push(m.kind === 'constructor' ? 'its constructor' : m.kind === 'block' ? 'a static block' : label);
    return true;
  }

  /** A blocked member that is a new public method or accessor: it gets `stub()`. */
  stubbed(m: Member): boolean {
    return (m.kind === 'method' || m.kind === 'get' || m.kind === 'set') && !m.isPrivate && !this.#existed(m);
  }

  /** What a new public member that cannot be compiled does instead. */
  stub(label: string): Function {
    const names = [...this.#names].join(', ');
    return function () {
      throw new TypeError(`[limeade] ${label} uses ${names}, which the running class does not have: restart the program to use it`);
    };
  }

  notes(): string[] {
    const out: string[] = [];
    const { name } = this;
    if (this.#names.size) {
      const what = [
        ...(this.#kept.length ? [`these stay as they were: ${this.#kept.join(', ')}`] : []),
        ...(this.#stubbed.length ? [`these throw when used: ${this.#stubbed.join(', ')}`] : []),
      ];
      out.push(`class ${name} has new private name(s) ${[...this.#names].join(', ')}: a running class cannot gain #private names, so until a restart ${what.join('; ')}`);
    }
    if (this.#kinds.length)
      out.push(`class ${name}: ${this.#kinds.join(', ')} changed between field, method and accessor: a running class keeps its #private members' kinds, so the change applies after a restart`);
    return out;
  }

  /** A private member keeps its kind: the class has a slot for it (a method or accessor part), or it is a field, as before. */
  #sameKind(m: Member): boolean {
    const part = m.kind === 'method' ? 'value' : m.kind;
    if (m.kind === 'field') return ![...this.family.slots.keys()].some((k) => k.endsWith(`|${PRIVATE_PREFIX}${m.key}`));
    return this.family.slots.has(slotKey(m.isStatic, part, PRIVATE_PREFIX + m.key));
  }

  #existed(m: Member): boolean {
    const part = m.kind === 'method' ? 'value' : (m.kind as 'get' | 'set');
    const target = m.isStatic ? this.family.cls : this.family.cls.prototype;
    return !!Object.getOwnPropertyDescriptor(target, m.key)?.[part];
  }
}
