// Route handlers, exported with `module.exports = { … }`: app.js took them by
// destructuring at start-up, and still runs their newest code.
const { store } = require('./notes.js');

function listNotes(req, res) {
  res.json(store.list());
}

function addNote(req, res) {
  const text = String(req.body?.text ?? '').trim();
  if (!text) return res.status(400).json({ error: 'send {"text": "..."}' });
  res.status(201).json({ added: store.add(text) });
}

module.exports = { listNotes, addNote };
