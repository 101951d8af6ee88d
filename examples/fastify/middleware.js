// An onRequest hook and the error handler, registered once in app.js; edits apply to the
// next request. Fastify rejects an async hook that also takes a `done` callback (it looks
// at `fn.length` and `fn.constructor.name`): the handles keep both as written here.
export async function stamp(request, reply) {
  reply.header('x-notes', 'v1');
}

export function errors(err, request, reply) {
  reply.code(500).send({ error: `failed: ${err.message}` });
}
