// Express 5 notes service. Everything is registered once, here, at start-up: Express keeps
// the handler and middleware functions it was given. limeade keeps those same function
// objects and makes them run the newest code of routes.js, middleware.js and service.js.
import express from 'express';
import { addNote, fail, hello, listNotes } from './routes.js';
import { errors, stamp } from './middleware.js';

const app = express();
app.use(express.json());
app.use(stamp);
app.get('/hello', hello);
app.get('/notes', listNotes);
app.post('/notes', addNote);
app.get('/fail', fail);
// An inline handler: edit its body and save, and this same route answers with the new body
// (the registration line does not run again, so no second route is added).
app.get('/status', (req, res) => {
  res.type('text').send('status: ok\n');
});
// Express recognises an error handler by its four parameters (`fn.length === 4`):
// limeade's handle for `errors` has the same length, so it stays an error handler.
app.use(errors);

// PORT=0 asks the system for a free port; the line below prints the one we got.
const server = app.listen(Number(process.env.PORT ?? 3000), (err) => {
  if (err) throw err;
  console.log(`express example listening on http://localhost:${server.address().port}`);
});
