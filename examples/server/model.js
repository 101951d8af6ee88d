// A class-based model. The store keeps instances; when you edit a method here,
// the instances created before the edit use the new method too.
export class Todo {
  constructor(id, title) {
    this.id = id;
    this.title = title;
    this.done = false;
  }

  toggle() {
    this.done = !this.done;
  }

  describe() {
    return `#${this.id} ${this.title}${this.done ? ' (done)' : ''}`;
  }
}
