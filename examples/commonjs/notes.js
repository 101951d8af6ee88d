// The notes live in memory, in the one NoteStore created at start-up. Edit a method and
// that instance runs the new code; the notes it holds stay.
class NoteStore {
  constructor() {
    this.notes = new Map();
    this.nextId = 1;
  }

  add(text) {
    const note = { id: this.nextId++, text };
    this.notes.set(note.id, note);
    return this.describe(note);
  }

  list() {
    return [...this.notes.values()].map((note) => this.describe(note));
  }

  describe(note) {
    return `#${note.id} ${note.text}`;
  }

  get size() {
    return this.notes.size;
  }
}

module.exports = { NoteStore, store: new NoteStore() };
