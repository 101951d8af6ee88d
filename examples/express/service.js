// The notes live in memory, in the one NoteService instance created at start-up. Edit a
// method and that instance runs the new code; the notes it holds stay.
export class NoteService {
  #notes = new Map();
  #nextId = 1;

  add(text) {
    const note = { id: this.#nextId++, text };
    this.#notes.set(note.id, note);
    return this.describe(note);
  }

  list() {
    return [...this.#notes.values()].map((note) => this.describe(note));
  }

  describe(note) {
    return `#${note.id} ${note.text}`;
  }
}

// A declaration whose text does not change keeps its value across edits of this file.
export const notes = new NoteService();
