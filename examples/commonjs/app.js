// Express 5 notes service written as CommonJS (`require`, `module.exports`), run with
// `node --import limeade/register app.js` on Node 22.15 or later. Everything is registered
// once, here, at start-up; limeade makes those same functions run the newest code of
// app.js, routes.js and notes.js, and the notes in memory stay.
'use strict';
const express = require('express');
const { listNotes, addNote } = require('./routes.js');
const notes = require('./notes.js');

const app = express();
app.use(express.json());

// An inline route: edit its body and the next request runs the new one (no route is added).
app.get('/hello', (req, res) => {
  res.type('text').send(`hello from CommonJS (${notes.store.size} notes)\n`);
});
app.get('/notes', listNotes);
app.post('/notes', addNote);

// PORT=0 asks the system for a free port; the line below prints the one we got.
const server = app.listen(Number(process.env.PORT ?? 3000), () => {
  console.log(`commonjs example listening on http://localhost:${server.address().port}`);
});
