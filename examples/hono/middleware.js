// Middleware and the error handler, registered once in app.js; edits apply to the next request.
export async function stamp(c, next) {
  await next();
  c.header('x-notes', 'v1');
}

export function errors(err, c) {
  return c.json({ error: `failed: ${err.message}` }, 500);
}
