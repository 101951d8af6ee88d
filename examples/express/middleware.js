// Middleware registered once with app.use(); edits apply to the next request.
export function stamp(req, res, next) {
  res.set('x-notes', 'v1');
  next();
}

export function errors(err, req, res, next) {
  res.status(500).json({ error: `failed: ${err.message}` });
}
