// The hono probe. `L` is the namespace of index.js: `{ Hono }`. Every case builds an app from
// fixed routes and asks it requests (`app.request(path, init)`, no server, no clock); a
// response is recorded as status, headers and body text. A version that lacks a method
// throws, and that is the result.
//
// `setup` makes what a program keeps from the first version: an app with routes, middleware,
// a mounted sub-app, error and not-found handlers, and a log its handlers write; every
// instance case empties the log it reads, so the probe can run twice.

/** A response as data. */
async function view(res) {
  return { status: res.status, headers: [...res.headers].sort(), body: await res.text() };
}

/** Asks `app` each `[path, init?]`, a throw as `{ threw }`. */
async function ask(app, reqs) {
  const out = [];
  for (const [path, init] of reqs) {
    try {
      out.push(await view(await app.request(path, init)));
    } catch (e) {
      out.push({ threw: `${e?.name}: ${e?.message}` });
    }
  }
  return out;
}

/** Routes an app of each case has: params, query, headers, bodies, variables, statuses. */
function routes(app, log) {
  app.use('*', async (c, next) => {
    log.push(`> ${c.req.method} ${c.req.path}`);
    c.set('who', 'mw');
    await next();
    log.push(`< ${c.res.status}`);
    c.header('x-after', '1');
  });
  app.get('/', (c) => c.text('root'));
  app.get('/hello/:name', (c) => c.text(`hello ${c.req.param('name')} ${c.get('who')}`));
  app.get('/json', (c) => c.json({ a: 1, q: c.req.query('q') ?? null, all: c.req.queries('m') ?? null }));
  app.get('/html', (c) => c.html('<b>x</b>'));
  app.get('/status', (c) => { c.status(201); c.header('x-one', 'a'); return c.body('made'); });
  app.get('/redirect', (c) => c.redirect('/json?q=r'));
  app.get('/headers', (c) => c.text(String(c.req.header('x-in'))));
  app.post('/echo', async (c) => c.json({ got: await c.req.json(), type: c.req.header('content-type') }));
  app.post('/form', async (c) => c.json(await c.req.parseBody()));
  app.get('/files/*', (c) => c.text(`path ${c.req.path} ${c.req.routePath ?? '-'}`));
  app.get('/opt/:id?', (c) => c.text(`opt ${c.req.param('id') ?? 'none'}`));
  app.get('/throw', () => { throw new Error('boom'); });
  app.on(['PUT', 'DELETE'], '/multi', (c) => c.text(c.req.method));
  return app;
}

const REQUESTS = [
  ['/'],
  ['/hello/ann'],
  ['/json?q=1&m=a&m=b'],
  ['/html'],
  ['/status'],
  ['/redirect'],
  ['/headers', { headers: { 'x-in': 'v' } }],
  ['/echo', { method: 'POST', body: JSON.stringify({ k: [1, 2] }), headers: { 'content-type': 'application/json' } }],
  ['/form', { method: 'POST', body: new URLSearchParams({ a: '1', b: '2' }) }],
  ['/files/a/b.txt'],
  ['/opt'],
  ['/opt/7'],
  ['/throw'],
  ['/multi', { method: 'PUT' }],
  ['/multi', { method: 'DELETE' }],
  ['/nope'],
  ['/hello/ann', { method: 'POST' }],
];

export const cases = {
  'class': (L) => ({
    name: L.Hono.name,
    proto: Object.getOwnPropertyNames(L.Hono.prototype).sort(),
    base: Object.getOwnPropertyNames(Object.getPrototypeOf(L.Hono.prototype)).sort(),
    own: Object.keys(new L.Hono()).sort(),
  }),
  'routes': async (L) => {
    const log = [];
    const app = routes(new L.Hono(), log);
    return { res: await ask(app, REQUESTS), log };
  },
  'handlers': async (L) => {
    const log = [];
    const app = routes(new L.Hono(), log);
    app.notFound((c) => c.text(`nf ${c.req.path}`, 404));
    app.onError((e, c) => c.text(`err ${e.message}`, 500));
    return { res: await ask(app, [['/nope'], ['/throw'], ['/hello/x']]), log };
  },
  'sub-apps': async (L) => {
    const log = [];
    const api = new L.Hono();
    api.get('/users/:id', (c) => c.json({ id: c.req.param('id'), path: c.req.path }));
    api.use('/admin/*', async (c, next) => { log.push('admin'); await next(); });
    api.get('/admin/x', (c) => c.text('admin x'));
    const app = new L.Hono();
    app.route('/api', api);
    const based = new L.Hono().basePath('/v1');
    based.get('/ping', (c) => c.text('pong'));
    return { api: await ask(app, [['/api/users/3'], ['/api/admin/x'], ['/api/none']]), based: await ask(based, [['/v1/ping'], ['/ping']]), log };
  },
  'fetch': async (L) => {
    const app = new L.Hono();
    app.get('/x', (c) => c.text(`x ${c.req.url}`));
    const res = await app.fetch(new Request('http://h.test/x?y=1'));
    return { res: await view(res), nf: await view(await app.fetch(new Request('http://h.test/zz'))) };
  },
  'middleware order': async (L) => {
    const log = [];
    const app = new L.Hono();
    for (const n of [1, 2, 3]) app.use('*', async (c, next) => { log.push(`in ${n}`); await next(); log.push(`out ${n}`); });
    app.get('/m', (c) => { log.push('handler'); return c.text('m'); });
    app.get('/m', (c) => c.text('second'));
    return { res: await ask(app, [['/m'], ['/none']]), log };
  },
  'routes list': (L) => {
    const app = routes(new L.Hono(), []);
    return app.routes.map((r) => [r.method, r.path]);
  },
};

/** What the app keeps from the first version: an app with routes, handlers, a sub-app. */
export function setup(L) {
  const log = [];
  const app = routes(new L.Hono(), log);
  const api = new L.Hono();
  api.get('/users/:id', (c) => c.json({ id: c.req.param('id') }));
  app.route('/api', api);
  app.notFound((c) => c.text(`nf ${c.req.path}`, 404));
  app.onError((e, c) => c.text(`err ${e.message}`, 500));
  return { log, app, api };
}

export const instanceCases = {
  'old app': async (I) => {
    I.log.length = 0;
    const res = await ask(I.app, [...REQUESTS, ['/api/users/9']]);
    const log = [...I.log];
    I.log.length = 0;
    return { res, log };
  },
  'old app gains a route': async (I) => {
    // A route added now to an app made at start, on a fresh sub-app made by the old one's class.
    const sub = new I.app.constructor();
    sub.get('/late', (c) => c.text('late'));
    return ask(sub, [['/late'], ['/none']]);
  },
  'old sub-app': (I) => ask(I.api, [['/users/1'], ['/none']]),
};
