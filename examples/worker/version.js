// Loaded by both threads: each has its own copy, and each applies an edit of it on its own.
export function tag() {
  return 'v1';
}
