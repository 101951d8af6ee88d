// Hono notes service on @hono/node-server. Routes and middleware are registered once, here,
// at start-up: Hono keeps the functions it was given. limeade makes those same function
// objects run the newest code of routes.js, middleware.js and service.js.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { addNote, fail, hello, listNotes } from './routes.js';
import { errors, stamp } from './middleware.js';

const app = new Hono();
app.use('*', stamp);
app.onError(errors);
app.get('/hello', hello);
app.get('/notes', listNotes);
app.post('/notes', addNote);
app.get('/fail', fail);
// An inline handler: edit its body and save, and this same route answers with the new body
// (the registration line does not run again: Hono would refuse a new route once it answered).
app.get('/status', (c) => {
  return c.text('status: ok\n');
});

// PORT=0 asks the system for a free port; the line below prints the one we got.
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) }, (info) => {
  console.log(`hono example listening on http://localhost:${info.port}`);
});
