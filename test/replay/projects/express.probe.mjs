// The express probe. `L` is what `require('./index.js')` gave at start: the `createApplication`
// function with `application`, `request`, `response`, `Router`, `Route`, `query`, `static`
// (and from 4.16.0 `json`, `urlencoded`, …) as properties. The harness's view of it cannot be
// called: cases that make an app take the function itself (`require` of the entry, as a
// program does once at start: `const express = require('express')`).
//
// Requests are driven without sockets: an `http.IncomingMessage` and an `http.ServerResponse`
// over a fake socket (a Duplex collecting what is written), handed to the app as the server
// would (`app(req, res)`); the response is the raw HTTP text written, the `Date` header taken
// out (a clock). Nothing else varies: an ETag is a hash of the body. Every app says `env:
// production` (finalhandler shows no stack, which would name the app's directory). A view is
// rendered from a fixed folder of the temporary directory by an engine the case registers,
// the folder's path replaced by `<views>` where an error names it.
//
// `setup` makes what a program keeps from the first version: an app with routes (inline
// handlers), `app.param`, a mounted sub-router and sub-app, middleware that logs, error
// middleware and a view cache, a standalone router, a query middleware, and methods taken
// from the prototypes and utils; the instance cases ask them requests and empty the log they
// read. The app's sub-router parses JSON only where `express.json` exists at start (4.16.0
// on): an app made at start by 4.15 answers `POST /org/acme/items` without a body, its own
// state (apart).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { each, eachAwaited } from './serialize.mjs';
import { exchange } from './fake-http.mjs';

const require = createRequire(import.meta.url);
const express = () => require('../lib/index.js');
const utils = () => require('../lib/lib/utils.js');

const VIEWS = join(tmpdir(), 'limeade-replay-express-views');
mkdirSync(VIEWS, { recursive: true });
// Written aside and renamed: the live process and the fresh ones import this file at the same
// time, and a reader must never see the file truncated.
writeFileSync(join(VIEWS, `page.tpl.${process.pid}`), 'Hello {{name}} from {{where}}');
renameSync(join(VIEWS, `page.tpl.${process.pid}`), join(VIEWS, 'page.tpl'));
// (`views` is by default the process's directory.)
const unviewed = (s) => s.split(VIEWS).join('<views>').split(process.cwd()).join('<cwd>');

/** The raw response `handler` writes for one request, without its `Date` header. */
function request(handler, method, url, { headers = {}, body } = {}) {
  return new Promise((resolve) => {
    const all = { host: 'shop.example.com', ...headers };
    if (body !== undefined) all['content-length'] = String(Buffer.byteLength(body));
    const { req, res, out: chunks } = exchange({ method, url, headers: all, body });
    const timer = setTimeout(() => resolve({ pending: text(chunks) }), 1000);
    res.on('finish', () => { clearTimeout(timer); setImmediate(() => resolve(text(chunks))); });
    try {
      handler(req, res);
    } catch (e) {
      clearTimeout(timer);
      resolve({ threw: `${e?.name}: ${e?.message}` });
    }
  });
}

// A file sent (`res.sendFile`, `res.download`) has a Last-Modified and an ETag made of its
// modification time (each process writes the view again): both taken out.
const text = (chunks) => unviewed(Buffer.concat(chunks).toString('latin1'))
  .replace(/^Date: .*\r\n/m, '')
  .replace(/^Last-Modified: .*\r\n/m, '')
  .replace(/^ETag: W\/"[0-9a-f]+-[0-9a-f]+"\r\n/m, '')
  .split('\r\n');

/** Asks each `[method, url, options?]` in turn. */
async function ask(handler, reqs) {
  const out = {};
  for (const [method, url, options] of reqs) out[`${method} ${url}${options?.label ?? ''}`] = await request(handler, method, url, options);
  return out;
}

/** `express.json()`, or before 4.16.0 (whose `express.json` is an accessor that throws) a middleware that passes. */
function jsonParser(x) {
  try {
    return x.json();
  } catch {
    return (req, res, next) => next();
  }
}

/** The app of every case: routes with inline handlers, a param, a sub-router, error middleware. */
function makeApp(x, log) {
  const app = x();
  app.set('env', 'production');
  app.set('etag', 'weak');
  app.engine('tpl', (file, options, cb) => {
    cb(null, `${file.slice(VIEWS.length)}: ${require('node:fs').readFileSync(file, 'utf8').replace(/\{\{(\w+)\}\}/g, (_, k) => String(options[k]))}`);
  });
  app.set('views', VIEWS);
  app.set('view engine', 'tpl');
  // View objects made by the first request stay in the app's cache: an old app's are the first version's.
  app.enable('view cache');
  app.locals.where = 'locals';
  app.use((req, res, next) => { log.push(`> ${req.method} ${req.url}`); res.set('X-Seen', 'yes'); next(); });
  app.param('id', (req, res, next, id) => {
    log.push(`param id ${id}`);
    if (id === 'bad') return next(new Error(`bad id ${id}`));
    req.user = { id, name: `user${id}` };
    next();
  });
  app.get('/', (req, res) => res.send('home'));
  app.get('/users/:id', (req, res) => res.json({ user: req.user, params: req.params, query: req.query }));
  app.get('/users/:id/edit', (req, res, next) => (req.user.id === '0' ? next('route') : res.send(`edit ${req.user.name}`)));
  app.get('/users/:id/edit', (req, res) => res.status(403).send('no edit for 0'));
  app.get('/q', (req, res) => res.json({ query: req.query, path: req.path, hostname: req.hostname, ip: req.ip, protocol: req.protocol, secure: req.secure, xhr: req.xhr, subdomains: req.subdomains, originalUrl: req.originalUrl }));
  app.get('/format', (req, res) => res.format({
    'text/plain': () => res.send('plain'),
    'text/html': () => res.send('<p>html</p>'),
    'application/json': () => res.json({ json: true }),
    default: () => res.status(406).send('nope'),
  }));
  app.get('/accepts', (req, res) => res.json({ accepts: req.accepts(['json', 'html']), charsets: req.acceptsCharsets('utf-8'), languages: req.acceptsLanguages('en', 'de'), encodings: req.acceptsEncodings('gzip'), is: req.is('json'), get: req.get('referer') ?? null }));
  app.get('/send/:kind', (req, res) => {
    const kind = req.params.kind;
    if (kind === 'buffer') return res.send(Buffer.from('bytes'));
    if (kind === 'object') return res.send({ o: 1 });
    if (kind === 'null') return res.send(null);
    if (kind === 'number') return res.status(201).send('201');
    if (kind === 'status') return res.sendStatus(204);
    if (kind === 'teapot') return res.sendStatus(418);
    if (kind === 'jsonp') return res.jsonp({ p: [1, 2] });
    if (kind === 'type') return res.type('xml').send('<x/>');
    if (kind === 'html') return res.set('Content-Type', 'text/html').send('<b>hi</b>');
    if (kind === 'end') { res.write('part1,'); return res.end('part2'); }
    return res.send(`kind ${kind}`);
  });
  app.get('/headers', (req, res) => {
    res.vary('Accept').vary('Origin');
    res.append('Link', '<a>').append('Link', '<b>');
    res.links({ next: '/n', last: '/l' });
    res.cookie('plain', 'v', { path: '/x', httpOnly: true });
    res.cookie('obj', { a: 1 });
    res.clearCookie('old', { path: '/' });
    res.attachment('report 1.pdf');
    res.location('/there');
    res.set({ 'X-One': '1', 'X-Many': ['a', 'b'] });
    res.json({ got: res.get('X-One'), type: res.get('Content-Type') });
  });
  app.get('/redirect', (req, res) => res.redirect('/users/1?x=<y>'));
  app.get('/redirect301', (req, res) => res.redirect(301, 'http://other.example/ä path'));
  app.get('/render', (req, res) => res.render('page', { name: req.query.name || 'nobody' }));
  app.get('/render-missing', (req, res) => res.render('missing'));
  app.get('/render-cb', (req, res) => res.render('page', { name: 'cb' }, (err, html) => res.send(err ? `err ${err.message}` : `cb: ${html}`)));
  app.get('/file', (req, res) => res.sendFile('page.tpl', { root: VIEWS, headers: { 'X-File': '1' } }));
  app.get('/file-missing', (req, res, next) => res.sendFile('none.tpl', { root: VIEWS }, (err) => (err ? res.status(err.status || 500).send(`no file ${err.code}`) : next())));
  app.get('/file-relative', (req, res) => res.sendFile('page.tpl'));
  app.get('/download', (req, res) => res.download(join(VIEWS, 'page.tpl'), 'the page.txt'));
  app.get('/throw', () => { throw new Error('thrown'); });
  app.get('/next-error', (req, res, next) => next(Object.assign(new Error('with status'), { status: 409 })));
  app.route('/chain').get((req, res) => res.send('chain get')).post((req, res) => res.send('chain post')).all((req, res) => res.status(405).send(`chain ${req.method}`));
  app.all('/any', (req, res) => res.send(`any ${req.method}`));
  app.get(/^\/re(g)x?$/, (req, res) => res.json(req.params));
  app.get('/opt/:a?', (req, res) => res.send(`opt ${req.params.a ?? 'none'}`));
  app.get('/star/*', (req, res) => res.send(`star ${req.params[0]}`));

  const sub = x.Router({ mergeParams: true });
  sub.use((req, res, next) => { log.push(`sub ${req.baseUrl} ${req.path}`); next(); });
  sub.get('/', (req, res) => res.send(`sub root of ${req.params.org}`));
  sub.get('/items/:item', (req, res) => res.json({ params: req.params, baseUrl: req.baseUrl, originalUrl: req.originalUrl }));
  sub.post('/items', jsonParser(x), (req, res) => res.status(201).json({ body: req.body ?? null }));
  sub.use((err, req, res, next) => (err.message === 'sub' ? res.status(400).send('sub handled') : next(err)));
  sub.get('/fail', () => { throw new Error('sub'); });
  app.use('/org/:org', sub);

  const child = x();
  child.get('/', (req, res) => res.send(`child at ${req.baseUrl} mounted ${child.mountpath} parent env ${req.app.get('env')}`));
  app.use('/child', child);

  app.use((err, req, res, next) => {
    log.push(`error ${err.message}`);
    res.status(err.status || 500).json({ error: err.message });
  });
  return app;
}

const REQUESTS = [
  ['GET', '/'],
  ['GET', '/users/7?a=1&b[c]=2&arr=x&arr=y'],
  ['GET', '/users/bad'],
  ['GET', '/users/3/edit'],
  ['GET', '/users/0/edit'],
  ['GET', '/q?deep[a][b]=1&list[]=1&list[]=2', { headers: { 'X-Requested-With': 'XMLHttpRequest', host: 'a.b.shop.example.com' } }],
  ['GET', '/format', { headers: { accept: 'text/html' }, label: ' html' }],
  ['GET', '/format', { headers: { accept: 'application/json;q=0.5, text/plain' }, label: ' plain' }],
  ['GET', '/format', { headers: { accept: 'image/png' }, label: ' none' }],
  ['GET', '/accepts', { headers: { accept: 'text/html', 'accept-language': 'de', 'accept-encoding': 'gzip', referer: 'http://r/' } }],
  ...['buffer', 'object', 'null', 'number', 'status', 'teapot', 'type', 'html', 'end', 'other'].map((k) => ['GET', `/send/${k}`]),
  ['GET', '/send/jsonp?callback=cb'],
  ['GET', '/headers'],
  ['GET', '/redirect'],
  ['GET', '/redirect', { headers: { accept: 'text/html' }, label: ' html' }],
  ['GET', '/redirect301'],
  ['HEAD', '/redirect'],
  ['GET', '/render?name=ann'],
  ['GET', '/render-missing'],
  ['GET', '/render-cb'],
  ['GET', '/file'],
  ['GET', '/file-missing'],
  ['GET', '/file-relative'],
  ['GET', '/download'],
  ['GET', '/throw'],
  ['GET', '/next-error'],
  ['GET', '/chain'],
  ['POST', '/chain'],
  ['PUT', '/chain'],
  ['DELETE', '/any'],
  ['GET', '/regx'],
  ['GET', '/opt'],
  ['GET', '/opt/v'],
  ['GET', '/star/a/b'],
  ['GET', '/org/acme'],
  ['GET', '/org/acme/items/42?z=1'],
  ['POST', '/org/acme/items', { headers: { 'content-type': 'application/json' }, body: '{"n":1}' }],
  ['GET', '/org/acme/fail'],
  ['GET', '/child'],
  ['GET', '/nothing-here'],
  ['POST', '/'],
  ['OPTIONS', '/chain'],
  ['HEAD', '/'],
  ['GET', '/', { headers: { 'if-none-match': 'W/"4-Bfmxm2NYvKsqy6GhuyrmWRkwt/s"' }, label: ' cached' }],
];

/** Method names of an object (own, sorted). */
const names = (o) => Object.keys(o).sort();

export const cases = {
  'exports': (L) => ({
    keys: Object.keys(express()).sort(), // (the harness's view of L has no keys to list)
    application: names(L.application),
    request: names(L.request),
    response: names(L.response),
    router: typeof L.Router === 'function' ? names(L.Router) : null,
  }),
  'app requests': async () => {
    const log = [];
    const res = await ask(makeApp(express(), log), REQUESTS);
    return { res, log };
  },
  'app settings': () => {
    const app = express()();
    const out = {};
    for (const k of ['env', 'etag', 'query parser', 'subdomain offset', 'trust proxy', 'x-powered-by', 'view', 'views', 'jsonp callback name']) {
      const v = app.get(k);
      out[k] = typeof v === 'function' ? `fn ${v.name}` : k === 'views' ? unviewed(String(v)) : v;
    }
    app.disable('x-powered-by');
    app.enable('case sensitive routing');
    app.set('trust proxy', 'loopback');
    out.after = [app.enabled('x-powered-by'), app.disabled('case sensitive routing'), typeof app.get('trust proxy fn'), app.path(), typeof app.listen];
    out.fns = ['etag fn', 'query parser fn'].map((k) => typeof app.get(k));
    out.locals = { settings: Object.keys(app.locals.settings).sort() };
    return out;
  },
  'app options': async () => {
    const x = express();
    const app = x();
    app.set('env', 'production');
    app.set('query parser', 'simple');
    app.set('etag', 'strong');
    app.set('json spaces', 2);
    app.set('json replacer', (k, v) => (k === 'secret' ? undefined : v));
    app.set('json escape', true);
    app.set('strict routing', true);
    app.set('case sensitive routing', true);
    app.set('trust proxy', true);
    app.disable('x-powered-by');
    app.get('/J', (req, res) => res.json({ a: '<b>', secret: 1, q: req.query, ip: req.ip, ips: req.ips, protocol: req.protocol, host: req.hostname }));
    app.get('/slash/', (req, res) => res.send('slash'));
    return ask(app, [
      ['GET', '/J?a[b]=1&a=2', { headers: { 'x-forwarded-for': '1.2.3.4, 5.6.7.8', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'fwd.example' } }],
      ['GET', '/j'],
      ['GET', '/slash'],
      ['GET', '/slash/'],
    ]);
  },
  'router': async (L) => {
    const log = [];
    const r = L.Router({ caseSensitive: false, strict: false });
    r.param('n', (req, res, next, n) => { req.n = Number(n) * 2; next(); });
    r.use('/pre', (req, res, next) => { log.push(`pre ${req.url} ${req.baseUrl}`); next(); });
    r.get('/pre/:n', (req, res) => res.end(`n=${req.n}`));
    r.route('/r').get((req, res) => res.end('route get'));
    r.use((req, res) => res.end('fallthrough'));
    const done = (req, res) => (err) => res.end(`done ${err ?? ''}`);
    const handle = (req, res) => r(req, res, done(req, res));
    const res = await ask(handle, [['GET', '/pre/21'], ['GET', '/r'], ['POST', '/r'], ['GET', '/zzz']]);
    return { res, log, stack: r.stack.map((l) => [l.name, l.path ?? null, l.regexp.source, l.keys.map((k) => k.name), !!l.route]) };
  },
  'route': (L) => each([
    ['methods', () => { const r = new L.Route('/p/:a'); r.get(() => {}); r.post(() => {}); return [r.path, Object.keys(r.methods).sort(), r._handles_method('get'), r._handles_method('head'), r._handles_method('put'), r._options()]; }],
    ['all', () => { const r = new L.Route('/x'); r.all(() => {}); return [r._handles_method('patch'), r.stack.length]; }],
    ['not a function', () => { const r = new L.Route('/x'); r.get('nope'); }],
    ['router not a function', () => L.Router().use('/x', 5)],
    ['route not a function', () => L.Router().get('/x', undefined)],
    ['app.use none', () => express()().use('/x')],
  ]),
  'query': async (L) => {
    const qp = L.query({ allowDots: true });
    const out = [];
    for (const url of ['/?a.b=1', '/?x=1&x=2', '/', '/?a[0]=z']) {
      const req = { url, query: undefined };
      await new Promise((r) => qp(req, {}, r));
      out.push(req.query);
    }
    const pre = { url: '/?a=1', query: { preset: true } };
    qp(pre, {}, () => {});
    out.push(pre.query);
    return out;
  },
  'body parsers': async (L) => {
    if (!L.json) return 'none';
    const app = express()();
    app.set('env', 'production');
    app.post('/json', L.json(), (req, res) => res.json(req.body));
    app.post('/form', L.urlencoded({ extended: false }), (req, res) => res.json(req.body));
    app.post('/text', L.text ? L.text() : L.json(), (req, res) => res.json(req.body));
    return ask(app, [
      ['POST', '/json', { headers: { 'content-type': 'application/json' }, body: '{"a":[1,2]}' }],
      ['POST', '/json', { headers: { 'content-type': 'application/json' }, body: '{bad', label: ' bad' }],
      ['POST', '/form', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=2&b=3' }],
      ['POST', '/text', { headers: { 'content-type': 'text/plain' }, body: 'hello' }],
    ]);
  },
  'static': async (L) => {
    const app = express()();
    app.set('env', 'production');
    app.use('/v', L.static(VIEWS, { etag: false, lastModified: false, index: false }));
    const out = await ask(app, [['GET', '/v/page.tpl'], ['GET', '/v/none.txt'], ['GET', '/v/../x']]);
    return out;
  },
  'response methods alone': () => each([
    ['status', () => { const r = Object.create(express().response); r.statusCode = 200; return [r.status(404) === r, r.statusCode]; }],
    ['contentType', () => { const h = {}; const r = Object.create(express().response); r.set = (k, v) => { h[k] = v; return r; }; r.type('json'); r.type('.html'); r.contentType('text/x-custom'); r.type('png'); return h; }],
  ]),
  'utils': () => {
    const u = utils();
    return each([
      ['keys', () => names(u)],
      ['etag', () => [u.etag('abc'), u.wetag('abc'), u.etag(Buffer.from('xyz')), u.wetag('')]],
      ['isAbsolute', () => ['/a', 'C:\\a', '\\\\srv\\x', 'rel', 'c:/b'].map((p) => u.isAbsolute(p))],
      ['flatten', () => (u.flatten ? u.flatten([1, [2, [3, [4]]]]) : 'none')],
      ['normalizeType', () => ['json', 'text/html', 'text/html; q=.5', 'text/*', 'png'].map((t) => u.normalizeType(t))],
      ['normalizeTypes', () => u.normalizeTypes(['html', 'application/json;q=0.2'])],
      ['contentDisposition', () => (u.contentDisposition ? [u.contentDisposition(), u.contentDisposition('a b.txt'), u.contentDisposition('ä.txt')] : 'none')],
      ['compileETag', () => [true, false, 'weak', 'strong'].map((v) => { const f = u.compileETag(v); return f ? f('body') : f; })],
      ['compileETag bad', () => u.compileETag('medium')],
      ['compileQueryParser', () => ['simple', 'extended', false, true].map((v) => { const f = u.compileQueryParser(v); return f ? f('a[b]=1&c=2&c=3') : f; })],
      ['compileQueryParser bad', () => u.compileQueryParser('other')],
      ['compileTrust', () => [true, 2, 'loopback, 10.0.0.0/8', ['127.0.0.1']].map((v) => { const f = u.compileTrust(v); return [f('127.0.0.1', 0), f('10.1.1.1', 1), f('8.8.8.8', 3)]; })],
      ['setCharset', () => [u.setCharset('text/html', 'utf-8'), u.setCharset('text/html; charset=latin1', 'utf-8'), u.setCharset(undefined, 'x'), u.setCharset('text/plain')]],
    ]);
  },
  'view': () => each([
    ['lookup', () => {
      const View = require('../lib/lib/view.js');
      const v = new View('page', { defaultEngine: 'tpl', root: VIEWS, engines: { '.tpl': () => {} } });
      return [v.name, v.ext, unviewed(String(v.path)), typeof v.engine];
    }],
    ['no engine', () => { const View = require('../lib/lib/view.js'); return new View('page', { root: VIEWS, engines: {} }); }],
    ['missing engine module', () => { const View = require('../lib/lib/view.js'); return new View('page.nope', { root: VIEWS, engines: {} }); }],
  ], (e) => unviewed(`${e?.name}: ${e?.message}`)),
};

/** What the program keeps from the first version: an app, a router, a log they write. */
export function setup() {
  const x = express();
  const log = [];
  const app = makeApp(x, log);
  const router = x.Router();
  router.get('/r/:v', (req, res) => res.end(`router ${req.params.v}`));
  router.use((err, req, res, next) => res.end(`router error ${err.message}`));
  // Middleware made by the factories of the first version: closures of middleware/query.js and of Router.
  const query = x.query({ depth: 1 });
  // Methods taken from the prototypes at start (`const { json } = express.response`), called later on new requests.
  const taken = {
    json: x.response.json, send: x.response.send, format: x.response.format, redirect: x.response.redirect,
    accepts: x.request.accepts, get: x.request.get, param: x.request.param,
    route: x.application.route, set: x.application.set, handle: x.application.handle,
    etag: utils().etag, normalizeType: utils().normalizeType, compileQueryParser: utils().compileQueryParser,
  };
  return { app, router, log, x, query, taken };
}

export const instanceCases = {
  'old app': async (I) => {
    I.log.length = 0;
    const res = await ask(I.app, REQUESTS);
    const log = [...I.log];
    I.log.length = 0;
    return { res, log };
  },
  'old app gains a route': async (I) => {
    const sub = I.x.Router();
    sub.get('/late', (req, res) => res.send('late'));
    const app = I.x();
    app.set('env', 'production');
    app.use(sub);
    return ask(app, [['GET', '/late'], ['GET', '/none']]);
  },
  'methods taken at start': async (I) => {
    const t = I.taken;
    const app = I.x();
    app.set('env', 'production');
    t.set.call(app, 'json spaces', 1);
    t.route.call(app, '/t').get((req, res) => t.json.call(res, { accepts: t.accepts.call(req, ['json', 'text']), get: t.get.call(req, 'x-in') ?? null, param: t.param.call(req, 'q', 'dflt') }));
    app.get('/s', (req, res) => t.send.call(res.status(202), { sent: true }));
    app.get('/f', (req, res) => t.format.call(res, { 'text/plain': () => res.send('p'), default: () => res.sendStatus(406) }));
    app.get('/r', (req, res) => t.redirect.call(res, 303, '/t'));
    const handler = (req, res) => t.handle.call(app, req, res, () => res.end('fell out'));
    return {
      res: await ask(handler, [['GET', '/t?q=1', { headers: { accept: 'application/json', 'x-in': 'v' } }], ['GET', '/s'], ['GET', '/f', { headers: { accept: 'text/plain' } }], ['GET', '/f', { headers: { accept: 'image/gif' }, label: ' none' }], ['GET', '/r'], ['GET', '/none']]),
      utils: [t.etag('abc'), t.normalizeType('json'), t.compileQueryParser('simple')('a=1&a=2')],
    };
  },
  'old query middleware': async (I) => {
    const out = [];
    for (const url of ['/?a[b][c]=1&d=2', '/?x', '/plain']) {
      const req = { url };
      await new Promise((r) => I.query(req, {}, r));
      out.push(req.query);
    }
    return out;
  },
  'old router': (I) => ask((req, res) => I.router(req, res, (err) => res.end(`out ${err ?? ''}`)), [['GET', '/r/1'], ['GET', '/x']]),
};
