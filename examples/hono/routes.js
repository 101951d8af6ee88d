// The route handlers. Edit a response and the next request gets it, from the same process.
import { notes } from './service.js';

export function hello(c) {
  return c.text('hello from hono\n');
}

export function listNotes(c) {
  return c.json(notes.list());
}

export async function addNote(c) {
  const body = await c.req.json().catch(() => ({}));
  const text = String(body.text ?? '').trim();
  if (!text) return c.json({ error: 'send {"text": "..."}' }, 400);
  return c.json({ added: notes.add(text) }, 201);
}

export function fail(c) {
  throw new Error('this route always fails');
}
