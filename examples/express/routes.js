// The route handlers. Edit a response and the next request gets it, from the same process.
import { notes } from './service.js';

export function hello(req, res) {
  res.type('text').send('hello from express\n');
}

export function listNotes(req, res) {
  res.json(notes.list());
}

export async function addNote(req, res) {
  const text = String(req.body?.text ?? '').trim();
  if (!text) return res.status(400).json({ error: 'send {"text": "..."}' });
  res.status(201).json({ added: notes.add(text) });
}

export function fail(req, res) {
  throw new Error('this route always fails');
}
