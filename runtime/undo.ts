/**
 * The undo log of one refresh. Every operation that changes what the program runs pushes
 * the step that takes it back before (or as) it makes the change; a failed refresh unwinds
 * the log backwards, so the program is left exactly as the refresh found it. The registry
 * opens it (`Registry.begin`) and closes it (`commit` or `rollback`).
 */
export type Undo = () => void;

export class UndoLog {
  #steps: Undo[] = [];

  push(step: Undo): void {
    this.#steps.push(step);
  }

  get size(): number {
    return this.#steps.length;
  }

  /** Every step, last first. A step that throws does not stop the others; its message is returned. */
  unwind(): string[] {
    const failed: string[] = [];
    const steps = this.#steps;
    this.#steps = [];
    for (let i = steps.length - 1; i >= 0; i--) {
      try {
        steps[i]!();
      } catch (e) {
        failed.push(String(e));
      }
    }
    return failed;
  }
}
