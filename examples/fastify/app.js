// Fastify 5 notes service. Routes and hooks are registered once, here, at start-up: Fastify
// keeps the functions it was given (and checks their `length` and whether they are async,
// which limeade's handles report like the originals). limeade makes those same function
// objects run the newest code of routes.js, middleware.js and service.js.
import Fastify from 'fastify';
import { addNote, fail, hello, listNotes } from './routes.js';
import { errors, stamp } from './middleware.js';

const app = Fastify();
app.addHook('onRequest', stamp);
app.setErrorHandler(errors);
app.get('/hello', hello);
app.get('/notes', listNotes);
app.post('/notes', addNote);
app.get('/fail', fail);
// An inline handler: edit its body and save, and this same route answers with the new body
// (the registration line does not run again: Fastify would refuse a new route once listening).
app.get('/status', async (req, reply) => {
  reply.type('text/plain');
  return 'status: ok\n';
});

// PORT=0 asks the system for a free port; the line below prints the one we got.
await app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
console.log(`fastify example listening on http://localhost:${app.server.address().port}`);
