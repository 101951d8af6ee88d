// The koa probe. What a program holds is the class `require('koa')` gave at start: the
// harness's `L` is a view of its properties (`L.HttpError`, `L.default` from 2.13.1), which
// cannot be constructed, so the probe requires the entry once, when it is imported (at start,
// right after the harness did: the same object), as `const Koa = require('koa')` would.
//
// Requests are driven without a server (no port, no clock): an `http.IncomingMessage` and an
// `http.ServerResponse` over a Duplex that collects what the response writes (`sendDate`
// off: no Date header), handed to `app.callback()`; a request's result is the raw HTTP
// response text and the errors the app emitted. A request settles on the response's
// 'finish' (a guard answers 'pending' if it never does).
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import { each } from './serialize.mjs';
import { exchange } from './fake-http.mjs';

const Koa = createRequire(import.meta.url)('../lib/application.js');

/** An IncomingMessage/ServerResponse pair over a fake socket; `out` collects the response bytes. */
function pair({ method = 'GET', url = '/', headers = {}, body = null } = {}) {
  const made = exchange({ method, url, headers: { host: 'example.test', ...headers }, body });
  made.res.sendDate = false;
  return made;
}

/** Sends one request through `handler` (what `app.callback()` returned): the raw response and the errors emitted. */
function send(app, handler, spec) {
  const { req, res, out } = pair(spec);
  const errors = [];
  const onError = (err, ctx) => errors.push({ message: err.message, status: err.status ?? null, expose: err.expose ?? null, ctx: !!ctx });
  app.on('error', onError);
  return new Promise((resolve) => {
    let timer;
    const done = (how) => {
      clearTimeout(timer);
      app.removeListener('error', onError);
      resolve({ how, response: Buffer.concat(out).toString('latin1'), errors });
    };
    timer = setTimeout(() => done('pending'), 1000);
    res.on('finish', () => setImmediate(() => done('finish')));
    handler(req, res);
  });
}

/** The same requests in order (each one's result, or its throw). */
async function sendAll(app, handler, specs) {
  const results = {};
  for (const [label, spec] of specs) {
    try {
      results[label] = await send(app, handler, spec);
    } catch (e) {
      results[label] = { threw: `${e?.name}: ${e?.message}` };
    }
  }
  return results;
}

const fixedError = (message, props = {}) => Object.assign(new Error(message), { stack: `Error: ${message}\n    at fixed (probe:1:1)` }, props);

/**
 * An app with middleware covering what a small program does; `log` records their order.
 * Settings are assigned after construction (`app.proxy = true`), which every 2.x reads; the
 * constructor takes options only from 2.8.0.
 */
function makeApp(settings, log) {
  const app = Object.assign(new Koa(), settings);
  app.silent = true;
  app.use(async (ctx, next) => {
    log.push(`> ${ctx.method} ${ctx.path}`);
    try {
      await next();
    } catch (err) {
      if (ctx.path !== '/handled') throw err;
      ctx.status = err.status || 500;
      ctx.body = { error: err.message, status: ctx.status };
    }
    ctx.set('X-Seen', String(log.length));
    log.push(`< ${ctx.status}`);
  });
  app.use(async (ctx, next) => {
    ctx.state.user = ctx.get('x-user') || 'anonymous';
    await next();
  });
  app.use(async (ctx, next) => {
    switch (ctx.path) {
      case '/text': ctx.body = 'hello ' + ctx.state.user; break;
      case '/html': ctx.body = '<p>hi</p>'; break;
      case '/json': ctx.body = { query: ctx.query, querystring: ctx.querystring, search: ctx.search }; break;
      case '/buffer': ctx.body = Buffer.from('bytes\u0000\u0001'); ctx.type = 'application/octet-stream'; break;
      case '/stream': ctx.body = Readable.from(['a', 'b', 'c']); ctx.type = 'text/plain'; break;
      case '/status': ctx.status = 201; ctx.message = 'Made'; ctx.body = 'created'; break;
      case '/empty': ctx.status = 204; ctx.body = 'ignored'; break;
      case '/null': ctx.body = null; break;
      case '/headers':
        ctx.set({ 'X-A': '1', 'X-B': ['2', '3'] });
        ctx.append('X-B', '4');
        ctx.append('Link', '<a>');
        ctx.remove('X-A');
        ctx.vary('Accept');
        ctx.vary('Origin');
        ctx.etag = 'abc';
        ctx.lastModified = new Date(Date.UTC(2020, 0, 2, 3, 4, 5));
        ctx.body = { has: ctx.response.has?.('X-B') ?? null, get: ctx.response.get('X-B'), type: ctx.response.type };
        break;
      case '/throw': ctx.throw(400, 'bad input', { detail: 'x' }); break;
      case '/throw-default': ctx.throw(403); break;
      case '/throw-500': throw fixedError('boom');
      case '/handled': ctx.throw(422, 'nope'); break;
      case '/assert': ctx.assert(ctx.query.ok, 401, 'need ok'); ctx.body = 'ok'; break;
      case '/redirect': ctx.redirect('/elsewhere?x=1'); break;
      case '/redirect-back': ctx.redirect('back', '/fallback'); break;
      case '/attachment': ctx.attachment('report final.pdf'); ctx.body = 'pdf'; break;
      case '/negotiate':
        ctx.body = {
          accepts: ctx.accepts('json', 'html', 'text'),
          acceptsAll: ctx.accepts(),
          encodings: ctx.acceptsEncodings('gzip', 'identity'),
          charsets: ctx.acceptsCharsets('utf-8', 'latin1'),
          languages: ctx.acceptsLanguages('en', 'de'),
          is: ctx.is('json', 'urlencoded'),
          isText: ctx.is('text/*'),
          type: ctx.request.type,
          charset: ctx.request.charset,
          length: ctx.request.length ?? null,
        };
        break;
      case '/request':
        ctx.body = {
          href: ctx.href, origin: ctx.origin, host: ctx.host, hostname: ctx.hostname, protocol: ctx.protocol,
          secure: ctx.secure, ip: ctx.ip, ips: ctx.ips, subdomains: ctx.subdomains, url: ctx.url,
          originalUrl: ctx.originalUrl, idempotent: ctx.idempotent, fresh: ctx.fresh, stale: ctx.stale,
          URL: String(ctx.request.URL), header: ctx.get('X-Custom'), method: ctx.method,
        };
        break;
      case '/rewrite': ctx.path = '/text'; ctx.query = { a: '1', b: ['2', '3'] }; ctx.body = { url: ctx.url, path: ctx.path }; break;
      case '/non-error': throw 'a string';
      case '/late': await Promise.resolve(); await next(); ctx.body = ctx.body ?? 'late'; break;
      case '/json-array': ctx.body = [1, 'two', { three: 3 }]; break;
      case '/length': ctx.body = 'abcdef'; ctx.length = 3; break;
      case '/cookies':
        ctx.cookies.set('made', 'yes', { httpOnly: false, path: '/c' });
        ctx.cookies.set('gone', null);
        ctx.body = { seen: ctx.cookies.get('seen') ?? null, missing: ctx.cookies.get('nope') ?? null, same: ctx.cookies === ctx.cookies };
        break;
      default: await next();
    }
  });
  return app;
}

const REQUESTS = [
  ['text', { url: '/text', headers: { 'X-User': 'ann' } }],
  ['html', { url: '/html' }],
  ['json', { url: '/json?a=1&b=2&b=3&c' }],
  ['buffer', { url: '/buffer' }],
  ['stream', { url: '/stream' }],
  ['status', { url: '/status' }],
  ['empty', { url: '/empty' }],
  ['null', { url: '/null' }],
  ['not found', { url: '/missing' }],
  ['head', { method: 'HEAD', url: '/text' }],
  ['headers', { url: '/headers' }],
  ['throw', { url: '/throw' }],
  ['throw default', { url: '/throw-default' }],
  ['throw 500', { url: '/throw-500' }],
  ['handled', { url: '/handled' }],
  ['assert fails', { url: '/assert' }],
  ['assert passes', { url: '/assert?ok=1' }],
  ['redirect', { url: '/redirect' }],
  ['redirect back', { url: '/redirect-back', headers: { Referrer: '/from' } }],
  ['redirect html', { url: '/redirect', headers: { Accept: 'text/html' } }],
  ['attachment', { url: '/attachment' }],
  ['negotiate', { method: 'POST', url: '/negotiate', headers: { Accept: 'application/json;q=0.9, text/html', 'Accept-Encoding': 'gzip', 'Accept-Charset': 'latin1', 'Accept-Language': 'de, en;q=0.5', 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': '2' }, body: '{}' }],
  ['request', { url: '/request?q=1', headers: { Host: 'a.b.example.test:8080', 'X-Custom': 'c', 'X-Forwarded-For': '1.1.1.1, 2.2.2.2', 'X-Forwarded-Proto': 'https' } }],
  ['fresh', { url: '/request', headers: { 'If-None-Match': 'abc' } }],
  ['rewrite', { url: '/rewrite?z=9' }],
  ['non-error', { url: '/non-error' }],
  ['late', { url: '/late' }],
  ['json array', { url: '/json-array' }],
  ['length', { url: '/length' }],
  ['cookies', { url: '/cookies', headers: { Cookie: 'seen=1; other=2' } }],
];

/** The own names of an object and of its prototypes up to Object.prototype, sorted, with their kinds. */
function shape(obj) {
  const out = [];
  for (let o = obj; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    const names = Reflect.ownKeys(o).map((k) => {
      const d = Object.getOwnPropertyDescriptor(o, k);
      const kind = d.get || d.set ? `${d.get ? 'get' : ''}${d.set ? 'set' : ''}` : typeof d.value;
      return `${String(k)}:${kind}`;
    });
    out.push(names.sort());
  }
  return out;
}

/** A context made by `app.createContext` over a request that never runs the middleware. */
function bareContext(app, spec) {
  const { req, res } = pair(spec);
  return app.createContext(req, res);
}

/** What a context answers, read without a middleware run. */
function readContext(ctx) {
  return each([
    ['request', () => ({ method: ctx.method, path: ctx.path, query: ctx.query, querystring: ctx.querystring, host: ctx.host, href: ctx.href, ip: ctx.ip, protocol: ctx.protocol })],
    ['negotiation', () => ({ is: ctx.is('json'), accepts: ctx.accepts('text', 'json'), type: ctx.request.type })],
    ['response', () => ({ status: ctx.status, message: ctx.message, body: ctx.body ?? null, type: ctx.type, headerSent: ctx.headerSent, writable: ctx.writable })],
    ['set', () => { ctx.body = { a: 1 }; ctx.set('X-Y', 'z'); return { type: ctx.type, length: ctx.length, status: ctx.status, headers: ctx.response.headers }; }],
    ['toJSON', () => {
      const j = ctx.toJSON();
      return { keys: Object.keys(j).sort(), request: j.request, response: j.response, app: j.app };
    }],
    ['inspect', () => inspect(ctx.request, { depth: 3 }) + inspect(ctx.response, { depth: 3 })],
    ['throw', () => { try { ctx.throw(409, 'conflict', { why: 'c' }); } catch (e) { return { name: e.name, message: e.message, status: e.status, expose: e.expose, why: e.why }; } }],
  ]);
}

export const cases = {
  'exports': (L) => ({
    koa: [typeof Koa, Koa.name, Object.getOwnPropertyNames(Koa).sort()],
    // (http-errors' HttpError is abstract: what `ctx.throw` makes is an instance.)
    httpError: typeof L.HttpError === 'function' ? [L.HttpError.name, (() => { try { bareContext(new Koa(), {}).throw(400); } catch (e) { return e instanceof L.HttpError; } })()] : typeof L.HttpError,
    proto: Object.getOwnPropertyNames(Koa.prototype).sort(),
  }),
  'app': () => {
    const app = new Koa({ proxy: true, subdomainOffset: 3, env: 'test', keys: ['k'] });
    const plain = new Koa();
    return {
      json: app.toJSON(), inspect: app.inspect(), util: inspect(plain), plain: plain.toJSON(),
      fields: Object.keys(app).filter((k) => !k.startsWith('_')).sort(),
      keys: app.keys, middleware: app.middleware.length,
      use: each([['non-function', () => app.use('x')], ['chain', () => app.use(async () => {}) === app]]),
      emitter: typeof app.on,
    };
  },
  'prototypes': () => {
    const app = new Koa();
    return { context: shape(app.context), request: shape(app.request), response: shape(app.response) };
  },
  'requests': async () => {
    const log = [];
    const app = makeApp({ proxy: true }, log);
    const results = await sendAll(app, app.callback(), REQUESTS);
    return { results, log };
  },
  'no proxy': async () => {
    const log = [];
    const app = makeApp({}, log);
    return sendAll(app, app.callback(), REQUESTS.filter(([l]) => ['request', 'text'].includes(l)));
  },
  'default error handler': async () => {
    // No 'error' listener of the probe's own before callback(): the app adds its onerror.
    const app = new Koa();
    app.silent = true;
    app.use(async (ctx) => {
      if (ctx.path === '/expose') ctx.throw(418, 'teapot');
      if (ctx.path === '/code') throw fixedError('missing', { code: 'ENOENT' });
      if (ctx.path === '/headers') throw fixedError('h', { status: 429, headers: { 'Retry-After': '5' } });
      if (ctx.path === '/bad-status') throw fixedError('weird', { status: 999 });
      ctx.set('X-Drop', 'me');
      throw fixedError('plain');
    });
    const handler = app.callback();
    const listeners = app.listenerCount('error');
    const out = await sendAll(app, handler, [['expose', { url: '/expose' }], ['code', { url: '/code' }], ['headers', { url: '/headers' }], ['bad status', { url: '/bad-status' }], ['plain', { url: '/plain' }]]);
    return { listeners, out, onerror: each([['non-error', () => app.onerror('x')], ['404', () => app.onerror(Object.assign(new Error('n'), { status: 404 }))]]) };
  },
  'async local storage': async () => {
    // (An option from 2.14.0; before, the constructor ignores it and currentContext is undefined.)
    const app = new Koa({ asyncLocalStorage: true });
    app.silent = true;
    const seen = [];
    app.use(async (ctx, next) => {
      seen.push(['outer', app.currentContext === ctx]);
      await Promise.resolve();
      await next();
      seen.push(['after', app.currentContext?.path ?? null]);
    });
    app.use(async (ctx) => {
      seen.push(['inner', app.currentContext?.path ?? null]);
      ctx.body = String(!!app.ctxStorage);
    });
    const out = await sendAll(app, app.callback(), [['one', { url: '/als' }]]);
    return { out, seen, outside: app.currentContext ?? null, middleware: app.middleware.length };
  },
  'context prototype': () => {
    const app = new Koa();
    app.context.greet = function () { return `hi ${this.path}`; };
    app.request.shout = function () { return this.path.toUpperCase(); };
    app.response.note = 'n';
    const ctx = bareContext(app, { url: '/a/b?x=1' });
    return { greet: ctx.greet(), shout: ctx.request.shout(), note: ctx.response.note, read: readContext(ctx) };
  },
  'created context': () => readContext(bareContext(new Koa({ proxy: true }), {
    method: 'PUT', url: '/p/q?r=s&t=u', headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'fw.test' },
  })),
  'response setters': () => {
    const ctx = bareContext(new Koa(), { url: '/' });
    return each([
      ['status', () => { ctx.status = 418; return [ctx.status, ctx.message]; }],
      ['bad status', () => { ctx.status = 1000; return ctx.status; }],
      ['string body', () => { ctx.body = 'x'; return [ctx.type, ctx.length, ctx.status]; }],
      ['html body', () => { ctx.body = '<b>'; return [ctx.type, ctx.length]; }],
      ['buffer body', () => { ctx.body = Buffer.from('abc'); return [ctx.type, ctx.length]; }],
      ['json body', () => { ctx.body = { a: [1] }; return [ctx.type, ctx.length ?? null]; }],
      ['null body', () => { ctx.body = null; return [ctx.status, ctx.type, ctx.response.headers]; }],
      ['type', () => { ctx.type = 'png'; const a = ctx.type; ctx.type = 'text/plain; charset=ascii'; return [a, ctx.type, ctx.response.get('Content-Type')]; }],
      ['length', () => { ctx.length = 12; return [ctx.length, ctx.response.get('Content-Length')]; }],
      ['etag', () => { ctx.etag = 'W/"x"'; const a = ctx.etag; ctx.etag = 'y'; return [a, ctx.etag]; }],
      ['lastModified', () => { ctx.lastModified = '2021-05-06T07:08:09Z'; return ctx.lastModified.toISOString(); }],
      ['headers', () => ({ headers: ctx.response.headers, header: ctx.response.header })],
      ['is', () => { ctx.type = 'json'; return [ctx.response.is('json'), ctx.response.is('html'), ctx.response.is()]; }],
      ['flushHeaders', () => { ctx.flushHeaders(); return [ctx.headerSent, ctx.res.headersSent]; }],
      ['after flush', () => { ctx.set('X-Late', '1'); return ctx.response.get('X-Late') ?? null; }],
    ]);
  },
};

/** What a program keeps from start: an app with middleware, its handler, a context made then. */
export function setup() {
  const log = [];
  const app = makeApp({ proxy: true }, log);
  app.context.greet = function () { return `hi ${this.path}`; };
  const handler = app.callback();
  const ctx = bareContext(app, { url: '/kept?k=v', headers: { Accept: 'text/html' } });
  return { app, handler, ctx, log };
}

const KEPT_REQUESTS = REQUESTS.filter(([l]) => ['text', 'json', 'headers', 'throw', 'throw 500', 'handled', 'redirect', 'negotiate', 'non-error', 'cookies'].includes(l));
// (Apart: `ctx.ips` reads `app.proxyIpHeader`, which the constructor sets from 2.11.0 on, so an
// app made by an earlier one answers it otherwise; the other requests stay comparable.)
const KEPT_IPS = REQUESTS.filter(([l]) => l === 'request');

export const instanceCases = {
  'kept handler': async (I) => {
    I.log.length = 0;
    const results = await sendAll(I.app, I.handler, KEPT_REQUESTS);
    return { results, log: [...I.log] };
  },
  'kept app, new handler': async (I) => {
    I.log.length = 0;
    const results = await sendAll(I.app, I.app.callback(), KEPT_REQUESTS);
    return { results, log: [...I.log] };
  },
  'kept handler, ips': async (I) => {
    I.log.length = 0;
    return sendAll(I.app, I.handler, KEPT_IPS);
  },
  'kept app': (I) => ({ json: I.app.toJSON(), prototypes: { context: shape(I.app.context), request: shape(I.app.request), response: shape(I.app.response) } }),
  'kept context': (I) => ({
    greet: I.ctx.greet(),
    request: { method: I.ctx.method, path: I.ctx.path, query: I.ctx.query, href: I.ctx.href, accepts: I.ctx.accepts('json', 'html') },
    json: I.ctx.toJSON(),
    throw: (() => { try { I.ctx.throw(400, 'kept'); } catch (e) { return [e.status, e.message, e.expose]; } })(),
  }),
};
