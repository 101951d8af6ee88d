// The route handlers. Edit a response and the next request gets it, from the same process.
import { notes } from './service.js';

export async function hello(request, reply) {
  reply.type('text/plain');
  return 'hello from fastify\n';
}

export async function listNotes(request, reply) {
  return notes.list();
}

export async function addNote(request, reply) {
  const text = String(request.body?.text ?? '').trim();
  if (!text) return reply.code(400).send({ error: 'send {"text": "..."}' });
  reply.code(201);
  return { added: notes.add(text) };
}

export async function fail(request, reply) {
  throw new Error('this route always fails');
}
