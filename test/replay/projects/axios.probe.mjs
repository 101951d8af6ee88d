// The axios probe. `L` is the namespace of the package's `index.js`: `default` (the instance
// `lib/axios.js` made at load by `createInstance(defaults)`: a function bound to an `Axios`
// with the prototype's methods copied onto it), `Axios`, `AxiosError`, `CanceledError`,
// `isCancel`, `CancelToken`, `all`, `spread`, `toFormData`, `AxiosHeaders`,
// `HttpStatusCode`, `formToJSON`, `getAdapter`, `mergeConfig`, … (`create` only from 1.12:
// asked as `L.default.create`). NO network: every request goes through an `adapter`
// function the case gives in its config, which records what it was handed and returns a
// fixed response (or rejects as axios's `settle` would, by `config.validateStatus`). Nothing
// else is used but the pure parts: `mergeConfig`, `AxiosHeaders`, `getUri` (buildURL and
// buildFullPath), `AxiosError`, `isCancel`, `toFormData` and `formToJSON` on Node's own
// `FormData` (strings only: no Blob), `getAdapter` with a function.
//
// An error is described by its name, message, code, status, the response's status, its
// class's name and `instanceof L.AxiosError` (never its stack, nor `toJSON()`'s `stack` and
// `fileName`). `L.VERSION` (a string copied at start by `held`) is never asked.
//
// `setup` keeps what a program makes with the first version: an instance from
// `axios.create()` with a base URL, headers, params, a recording adapter, request and
// response interceptors, an `AxiosHeaders`, an `AxiosError` and a cancel source made at start,
// and functions copied from the namespace (`const { mergeConfig } = axios`).
import { each, eachAwaited } from './serialize.mjs';

/** What a thrown value says. */
const described = (L) => (e) => {
  if (!e || typeof e !== 'object') return `non-error: ${String(e)}`;
  return {
    name: e.name,
    message: e.message,
    code: e.code ?? null,
    status: e.status ?? null,
    response: e.response ? { status: e.response.status, data: e.response.data ?? null } : null,
    url: e.config?.url ?? null,
    class: e.constructor?.name ?? null,
    isAxiosError: e.isAxiosError ?? null,
    isCancel: L.isCancel(e),
    instanceofAxiosError: e instanceof L.AxiosError,
  };
};

const run = (L, rows) => each(rows, described(L));
const runAsync = (L, rows) => eachAwaited(rows, described(L));

/** What an adapter saw of a request config. */
const seen = (config) => ({
  method: config.method,
  url: config.url,
  baseURL: config.baseURL ?? null,
  params: config.params ?? null,
  data: config.data === undefined ? null : typeof config.data === 'string' ? config.data : { $class: config.data?.constructor?.name ?? null },
  headers: typeof config.headers?.toJSON === 'function' ? config.headers.toJSON() : config.headers,
  timeout: config.timeout,
  responseType: config.responseType ?? null,
  custom: config.custom ?? null,
  validateStatus: typeof config.validateStatus,
});

/**
 * A recording adapter: `routes[url]` gives `[status, data, headers]` (default 200 with the
 * request echoed as a JSON string); a status the config's `validateStatus` refuses rejects
 * with an AxiosError as axios's `settle` does.
 */
const adapter = (L, log, routes = {}) => async (config) => {
  const s = seen(config);
  log.push(s);
  if (config.url?.includes('boom')) throw new Error('adapter boom');
  const [status, data, headers] = routes[config.url] ?? [200, JSON.stringify({ echo: s.url, method: s.method, body: s.data }), { 'content-type': 'application/json', 'x-route': 'default' }];
  const response = { data, status, statusText: `S${status}`, headers, config, request: { fake: true } };
  if (!config.validateStatus || config.validateStatus(status)) return response;
  throw new L.AxiosError(`Request failed with status code ${status}`, status >= 500 ? L.AxiosError.ERR_BAD_RESPONSE : L.AxiosError.ERR_BAD_REQUEST, config, response.request, response);
};

/** A response as a program reads it. */
const read = (res) => ({
  status: res.status,
  statusText: res.statusText,
  data: res.data,
  headers: typeof res.headers?.toJSON === 'function' ? res.headers.toJSON() : res.headers,
  headersClass: res.headers?.constructor?.name ?? null,
  configUrl: res.config?.url ?? null,
});

const ROUTES = {
  '/json': [200, '{"a":1,"b":[true,null]}', { 'Content-Type': 'application/json; charset=utf-8' }],
  '/text': [200, 'plain text', { 'content-type': 'text/plain' }],
  '/bad-json': [200, '{"a":', { 'content-type': 'application/json' }],
  '/missing': [404, '{"error":"not found"}', { 'content-type': 'application/json' }],
  '/server': [503, 'down', { 'content-type': 'text/plain', 'retry-after': '5' }],
  '/created': [201, '', { location: '/json', 'set-cookie': ['a=1', 'b=2'] }],
  '/redirect': [302, '', { location: '/json' }],
};

const DATE = new Date(Date.UTC(2020, 1, 3, 4, 5, 6));

const URIS = [
  ['plain', { url: '/a/b' }],
  ['base', { baseURL: 'https://x.example/api/', url: '/users' }],
  ['base no slash', { baseURL: 'https://x.example/api', url: 'users' }],
  ['absolute url', { baseURL: 'https://x.example/api', url: 'https://other.example/p' }],
  ['absolute not allowed', { baseURL: 'https://x.example/api', url: 'https://other.example/p', allowAbsoluteUrls: false }],
  ['params', { url: '/s', params: { q: 'a b&c', n: 1, t: true, nil: null, undef: undefined, d: DATE, arr: [1, 2], obj: { x: 1, y: [3] }, sp: '$:@,[]+' } }],
  ['params existing query', { url: '/s?x=1#frag', params: { y: 2 } }],
  ['URLSearchParams', { url: '/s', params: new URLSearchParams([['a', '1'], ['a', '2'], ['b', 'x y']]) }],
  ['indexes null', { url: '/s', params: { arr: [1, 2] }, paramsSerializer: { indexes: null } }],
  ['indexes true', { url: '/s', params: { arr: [1, 2], o: { k: [1] } }, paramsSerializer: { indexes: true } }],
  ['indexes false', { url: '/s', params: { arr: [1, 2] }, paramsSerializer: { indexes: false } }],
  ['custom encode', { url: '/s', params: { a: 'x y' }, paramsSerializer: { encode: (v) => `<${v}>` } }],
  ['serializer function', { url: '/s', params: { a: 1, b: 2 }, paramsSerializer: (p) => Object.keys(p).reverse().join('|') }],
  ['serializer object serialize', { url: '/s', params: { a: 1 }, paramsSerializer: { serialize: (p) => `S=${JSON.stringify(p)}` } }],
  ['no url', { params: { a: 1 } }],
];

export const cases = {
  'exports': (L) => Object.fromEntries(['default', 'Axios', 'AxiosError', 'CanceledError', 'isCancel', 'CancelToken', 'VERSION', 'all', 'Cancel', 'isAxiosError', 'spread', 'toFormData', 'AxiosHeaders', 'HttpStatusCode', 'formToJSON', 'getAdapter', 'mergeConfig'].map((k) => [k, typeof L[k]])),
  'default instance': (L) => {
    const ax = L.default;
    return {
      type: typeof ax,
      methods: ['request', 'get', 'delete', 'head', 'options', 'post', 'put', 'patch', 'postForm', 'putForm', 'patchForm', 'getUri', 'create', 'all', 'spread', 'isCancel', 'isAxiosError', 'mergeConfig'].map((k) => typeof ax[k]),
      same: [ax.AxiosError === L.AxiosError, ax.AxiosHeaders === L.AxiosHeaders, ax.Axios === L.Axios, ax.default === ax],
      interceptors: [typeof ax.interceptors.request.use, typeof ax.interceptors.response.eject],
    };
  },
  'defaults': (L) => {
    const d = L.default.defaults;
    return {
      keys: Object.keys(d).sort(),
      headers: Object.fromEntries(Object.entries(d.headers).map(([k, v]) => [k, v && typeof v === 'object' ? { ...v } : v])),
      timeout: d.timeout,
      xsrf: [d.xsrfCookieName, d.xsrfHeaderName],
      max: [d.maxContentLength, d.maxBodyLength],
      transitional: d.transitional,
      adapter: d.adapter,
      transforms: [d.transformRequest.length, d.transformResponse.length],
      validate: [200, 299, 300, 404].map((s) => d.validateStatus(s)),
    };
  },
  'mergeConfig': (L) => run(L, [
    ['basic', () => L.mergeConfig({ baseURL: 'a', timeout: 1, headers: { common: { A: 1 }, X: 'x' }, params: { a: 1 } }, { timeout: 2, headers: { Y: 'y', common: { B: 2 } }, params: { b: 2 }, url: '/u', data: { d: 1 }, method: 'post' })],
    ['undefined keeps', () => L.mergeConfig({ timeout: 5, url: '/first', method: 'get' }, { timeout: undefined, url: undefined, method: undefined })],
    ['url and data from second only', () => L.mergeConfig({ url: '/a', data: 1, method: 'put' }, {})],
    ['validateStatus', () => { const m = L.mergeConfig({ validateStatus: (s) => s < 300 }, { validateStatus: null }); return [m.validateStatus, 'validateStatus' in m]; }],
    ['arrays replace', () => L.mergeConfig({ transformRequest: [function first() {}], list: [1, 2] }, { transformRequest: [function second() {}], list: [3] })],
    ['custom keys', () => L.mergeConfig({ custom: { a: 1, b: { c: 2 } } }, { custom: { b: { d: 3 } }, other: 'x' })],
    ['headers AxiosHeaders', () => { const m = L.mergeConfig({ headers: new L.AxiosHeaders({ A: '1' }) }, { headers: { b: '2' } }); return m.headers; }],
    ['second null', () => L.mergeConfig({ a: 1 }, null)],
    ['proto keys', () => { const m = L.mergeConfig({}, JSON.parse('{"__proto__": {"polluted": 1}, "x": 1}')); return [m.polluted ?? null, ({}).polluted ?? null, m.x]; }],
  ]),
  'AxiosHeaders': (L) => run(L, [
    ['construct', () => new L.AxiosHeaders({ 'content-type': 'application/json', 'X-Multi': ['a', 'b'], ' x-space ': ' v ', n: 5, nil: null, f: false }).toJSON()],
    ['raw string', () => new L.AxiosHeaders('Content-Type: text/html\r\nX-A: 1\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nbad line\r\nX-A: 2').toJSON()],
    ['set rewrite', () => {
      const h = new L.AxiosHeaders({ A: '1' });
      h.set('a', '2', false);
      h.set('B', '1');
      h.set('b', '2', false);
      h.set({ C: '3', c: '4' });
      h.set('D', '5', (v, k) => true);
      return h.toJSON();
    }],
    ['get', () => {
      const h = new L.AxiosHeaders({ 'Content-Type': 'text/plain; charset=utf-8; q=1', 'X-Num': '42' });
      return [h.get('content-type'), h.get('CONTENT-TYPE', true), h.get('content-type', /charset=([^;]+)/)?.[1] ?? null, h.get('x-num', (v) => Number(v) + 1), h.get('none'), h.get('x-num', false)];
    }],
    ['has delete clear', () => {
      const h = new L.AxiosHeaders({ A: '1', B: 'two', 'X-C': '3', 'X-D': '4' });
      const out = [h.has('a'), h.has('a', '1'), h.has('a', /2/), h.has('b', (v) => v.length === 3), h.has('zz')];
      out.push(h.delete('a'), h.delete(['b', 'nope']), h.delete('nope'));
      out.push(h.clear(/^x-c/i), Object.keys(h.toJSON()));
      out.push(h.clear(), Object.keys(h.toJSON()));
      return out;
    }],
    ['normalize', () => [new L.AxiosHeaders({ 'content-type': 'a', 'x-foo-bar': 'b', 'CONTENT-TYPE': 'c' }).normalize(false).toJSON(), new L.AxiosHeaders({ 'content-type': 'a', 'x-foo-bar': 'b' }).normalize(true).toJSON()]],
    ['toJSON asStrings', () => new L.AxiosHeaders({ A: ['1', '2'], N: 3 }).toJSON(true)],
    ['concat and from', () => [L.AxiosHeaders.concat({ A: '1' }, new L.AxiosHeaders({ B: '2' }), 'C: 3', null).toJSON(), L.AxiosHeaders.from({ X: '1' }) instanceof L.AxiosHeaders, new L.AxiosHeaders({ A: '1' }).concat({ B: '2' }).toJSON()]],
    ['accessors', () => {
      const h = new L.AxiosHeaders();
      h.setContentType('application/json');
      h.setAuthorization('Bearer t');
      h.setAccept('text/plain', false);
      return [h.getContentType(), h.hasContentType(), h.getAuthorization(), h.getContentLength() ?? null, h.hasAccept(), h.toJSON()];
    }],
    ['iterate and string', () => { const h = new L.AxiosHeaders({ A: '1', B: ['x', 'y'] }); return [[...h], h.toString(), String(h), Object.prototype.toString.call(h)]; }],
    ['set-cookie', () => { const h = new L.AxiosHeaders('Set-Cookie: a=1\nSet-Cookie: b=2'); return typeof h.getSetCookie === 'function' ? h.getSetCookie() : 'none'; }],
    ['invalid name', () => new L.AxiosHeaders().set('', 'x')],
    ['invalid raw', () => new L.AxiosHeaders().set('bad header\nx', 'x').toJSON()],
  ]),
  'getUri': (L) => run(L, URIS.map(([label, config]) => [label, () => L.default.getUri(config)])),
  'AxiosError': (L) => run(L, [
    ['construct', () => {
      const e = new L.AxiosError('msg', 'ECODE', { url: '/u', method: 'get' }, { req: 1 }, { status: 418, data: 'tea' });
      const j = e.toJSON();
      return { name: e.name, message: e.message, code: e.code, status: e.status ?? null, isAxiosError: e.isAxiosError, isError: e instanceof Error, json: { message: j.message, name: j.name, code: j.code, status: j.status ?? null, config: j.config }, request: e.request, isAxios: L.isAxiosError(e) };
    }],
    ['codes', () => ['ERR_BAD_OPTION_VALUE', 'ERR_BAD_OPTION', 'ECONNABORTED', 'ETIMEDOUT', 'ERR_NETWORK', 'ERR_FR_TOO_MANY_REDIRECTS', 'ERR_DEPRECATED', 'ERR_BAD_RESPONSE', 'ERR_BAD_REQUEST', 'ERR_CANCELED', 'ERR_NOT_SUPPORT', 'ERR_INVALID_URL'].map((k) => L.AxiosError[k] ?? null)],
    ['from', () => {
      const cause = new TypeError('inner');
      cause.code = 'EINNER';
      const e = L.AxiosError.from(cause, 'EOUTER', { url: '/from' }, null, { status: 500 }, { extra: 'x' });
      return { name: e.name, message: e.message, code: e.code, extra: e.extra ?? null, causeSame: e.cause === cause, status: e.status ?? null, isAxiosError: e.isAxiosError };
    }],
    ['no args', () => { const e = new L.AxiosError(); return [e.message, e.code ?? null, e.name]; }],
    ['isAxiosError', () => [L.isAxiosError(new Error('x')), L.isAxiosError({ isAxiosError: true }), L.isAxiosError(null)]],
    ['thrown', () => { throw new L.AxiosError('thrown', 'ETHROWN'); }],
  ]),
  'cancel': (L) => run(L, [
    ['CanceledError', () => { const e = new L.CanceledError('stop', { url: '/c' }); return { name: e.name, message: e.message, code: e.code, isCancel: L.isCancel(e), isAxiosError: L.isAxiosError(e), isError: e instanceof Error, isAxiosErrorInstance: e instanceof L.AxiosError, __CANCEL__: e.__CANCEL__ ?? null }; }],
    ['default message', () => new L.CanceledError().message],
    ['isCancel', () => [L.isCancel({ __CANCEL__: true }), L.isCancel(new Error()), L.isCancel(null)]],
    ['CancelToken', () => {
      const source = L.CancelToken.source();
      const before = source.token.reason ?? null;
      source.cancel('by source');
      source.cancel('twice');
      let thrown = null;
      try { source.token.throwIfRequested(); } catch (e) { thrown = e.message; }
      return { before, reason: source.token.reason?.message, thrown, isCancel: L.isCancel(source.token.reason), signal: typeof source.token.toAbortSignal === 'function' ? source.token.toAbortSignal().aborted : 'none' };
    }],
    ['Cancel alias', () => L.Cancel === L.CanceledError],
  ]),
  'toFormData': (L) => run(L, [
    ['default', () => [...L.toFormData({ a: 1, s: 'x', b: [1, 2], c: { d: 'y', e: [true, null] }, date: DATE, nil: null, undef: undefined, f: false }, new FormData()).entries()]],
    ['indexes true', () => [...L.toFormData({ arr: [1, 2], o: { x: [3] } }, new FormData(), { indexes: true }).entries()]],
    ['indexes null', () => [...L.toFormData({ arr: [1, 2] }, new FormData(), { indexes: null }).entries()]],
    ['dots', () => [...L.toFormData({ o: { x: { y: 1 } }, arr: [1] }, new FormData(), { dots: true }).entries()]],
    ['metaTokens', () => [...L.toFormData({ 'j{}': { a: 1 }, 'l[]': [1, 2] }, new FormData(), { metaTokens: true }).entries()]],
    ['visitor', () => [...L.toFormData({ a: 1, b: { c: 2 } }, new FormData(), { visitor(value, key, path, helpers) { if (typeof value === 'number') { this.append(`n:${key}`, String(value * 10)); return false; } return helpers.defaultVisitor.call(this, value, key, path, helpers); } }).entries()]],
    ['circular', () => { const o = { a: 1 }; o.self = o; return [...L.toFormData(o, new FormData()).entries()]; }],
    ['not object', () => L.toFormData('str', new FormData())],
    ['formToJSON', () => {
      const fd = new FormData();
      for (const [k, v] of [['user[name]', 'ann'], ['user[tags][]', 'a'], ['user[tags][]', 'b'], ['arr[0]', 'x'], ['arr[1]', 'y'], ['plain', '1'], ['plain', '2'], ['__proto__[polluted]', 'p'], ['dot.key', 'd']]) fd.append(k, v);
      const j = L.formToJSON(fd);
      return [j, ({}).polluted ?? null];
    }],
    ['formToJSON not form', () => L.formToJSON({ a: 1 })],
  ]),
  'HttpStatusCode and helpers': async (L) => ({
    codes: ['Ok', 'Created', 'NoContent', 'MovedPermanently', 'NotFound', 'ImATeapot', 'TooManyRequests', 'InternalServerError', 'ServiceUnavailable'].map((k) => L.HttpStatusCode[k] ?? null),
    reverse: [200, 404, 418, 500].map((n) => L.HttpStatusCode[n] ?? null),
    count: Object.keys(L.HttpStatusCode).length,
    all: await L.all([Promise.resolve(1), 2, Promise.resolve('three')]),
    spread: L.spread((a, b, c) => `${a}-${b}-${c}`)([1, 2, 3]),
    getAdapter: run(L, [
      ['function', () => { const f = function myAdapter() {}; return L.getAdapter(f) === f; }],
      ['array with function', () => { const f = function other() {}; return L.getAdapter([f]) === f; }],
      ['unknown', () => L.getAdapter('nope')],
      ['unknown list', () => L.getAdapter(['nope', 'nada'])],
      ['empty', () => L.getAdapter([])],
    ]),
  }),
  'requests': async (L) => {
    const log = [];
    const ax = L.default.create({ adapter: adapter(L, log, ROUTES), headers: { 'X-Inst': 'i' } });
    const rows = await runAsync(L, [
      ['get json', async () => read(await ax.get('/json', { params: { q: 1 } }))],
      ['get text', async () => read(await ax.get('/text'))],
      ['get bad json', async () => read(await ax.get('/bad-json'))],
      ['bad json strict', async () => read(await ax.get('/bad-json', { responseType: 'json', transitional: { silentJSONParsing: false } }))],
      ['post object', async () => read(await ax.post('/echo', { a: 1, nested: { b: [1, 2] } }))],
      ['post string', async () => read(await ax.post('/echo', 'raw=1', { headers: { 'Content-Type': 'text/plain' } }))],
      ['post urlencoded', async () => read(await ax.post('/echo', { a: 1, b: [2, 3], c: { d: 'x y' } }, { headers: { 'content-type': 'application/x-www-form-urlencoded' } }))],
      ['post URLSearchParams', async () => read(await ax.post('/echo', new URLSearchParams({ x: '1', y: 'z w' })))],
      ['post FormData as json', async () => { const fd = new FormData(); fd.append('a[b]', '1'); fd.append('c', '2'); return read(await ax.post('/echo', fd, { headers: { 'Content-Type': 'application/json' } })); }],
      ['put patch delete head options', async () => Promise.all([ax.put('/echo', { p: 1 }), ax.patch('/echo', { q: 2 }), ax.delete('/echo', { data: { r: 3 } }), ax.head('/echo'), ax.options('/echo')]).then((rs) => rs.map(read))],
      ['request config form', async () => read(await ax({ url: '/json', method: 'GET' }))],
      ['request url form', async () => read(await ax('/json', { method: 'post', data: { z: 1 } }))],
      ['404', () => ax.get('/missing')],
      ['503', () => ax.get('/server')],
      ['validateStatus all', async () => read(await ax.get('/missing', { validateStatus: () => true }))],
      ['validateStatus null', async () => read(await ax.get('/server', { validateStatus: null }))],
      ['created', async () => read(await ax.post('/created'))],
      ['adapter throws', () => ax.get('/boom')],
      ['transformRequest', async () => read(await ax.post('/echo', { a: 1 }, { transformRequest: [(data, headers) => { headers.set('X-Transformed', 'yes'); return `T:${JSON.stringify(data)}`; }] }))],
      ['transformRequest chained', async () => read(await ax.post('/echo', { a: 1 }, { transformRequest: [...L.default.defaults.transformRequest, (data) => `${data}!`] }))],
      ['transformResponse', async () => read(await ax.get('/json', { transformResponse: [(data, headers, status) => ({ len: data.length, ct: headers?.['content-type'] ?? headers?.get?.('content-type') ?? null, status: status ?? null })] }))],
      ['responseType text', async () => read(await ax.get('/json', { responseType: 'text' }))],
      ['aborted signal', () => ax.get('/json', { signal: AbortSignal.abort('early') })],
      ['cancel token', () => { const s = L.CancelToken.source(); s.cancel('token early'); return ax.get('/json', { cancelToken: s.token }); }],
      ['bad method header', async () => read(await ax.request({ url: '/json', method: 'GET', headers: { common: { 'X-Common': 'c' }, get: { 'X-Get': 'g' }, post: { 'X-Post': 'p' } } }))],
      ['postForm', async () => read(await ax.postForm('/echo', { a: 1, b: 'x' }, { headers: { 'Content-Type': 'application/json' } }))],
      ['custom config key', async () => read(await ax.get('/json', { custom: { tag: 'c' } }))],
    ]);
    return { rows, log };
  },
  'interceptors': async (L) => {
    const log = [];
    const order = [];
    const ax = L.default.create({ adapter: adapter(L, log, ROUTES) });
    const r1 = ax.interceptors.request.use((c) => { order.push('req1'); c.headers.set('X-R1', '1'); return c; });
    ax.interceptors.request.use((c) => { order.push('req2'); c.headers['X-R2'] = '2'; return c; });
    ax.interceptors.request.use((c) => { order.push('req sync'); c.params = { ...c.params, sync: 1 }; return c; }, null, { synchronous: true });
    ax.interceptors.request.use((c) => { order.push('req runWhen'); c.headers.set('X-When', 'yes'); return c; }, null, { runWhen: (c) => c.url === '/json' });
    ax.interceptors.response.use((res) => { order.push('res1'); res.data = { wrapped: res.data }; return res; }, (err) => { order.push(`res1 err ${err.response?.status}`); return err.response?.status === 404 ? { status: 299, data: 'recovered', headers: {} } : Promise.reject(err); });
    const r2 = ax.interceptors.response.use((res) => { order.push('res2'); return res; });
    const rows = await runAsync(L, [
      ['json', async () => read(await ax.get('/json'))],
      ['text', async () => read(await ax.get('/text'))],
      ['recovered', async () => (await ax.get('/missing')).data],
      ['rejected', () => ax.get('/server')],
      ['eject', async () => { ax.interceptors.request.eject(r1); ax.interceptors.response.eject(r2); return read(await ax.get('/json')); }],
      ['request interceptor throws', async () => {
        const id = ax.interceptors.request.use(() => { throw new Error('in interceptor'); });
        try {
          return await ax.get('/json');
        } finally {
          ax.interceptors.request.eject(id);
        }
      }],
      ['handlers', () => ax.interceptors.request.handlers.map((h) => (h ? { fulfilled: typeof h.fulfilled, synchronous: h.synchronous, runWhen: typeof h.runWhen } : null))],
      ['clear', () => { ax.interceptors.response.clear(); return ax.interceptors.response.handlers.length; }],
    ]);
    return { rows, order, log };
  },
};

/** What a program keeps from the first version. */
export function setup(L) {
  const log = [];
  const order = [];
  const ax = L.default;
  const inst = ax.create({
    baseURL: 'https://api.example/v1/',
    headers: { 'X-App': 'probe', common: { 'X-Common': 'c' }, post: { 'X-Post': 'p' } },
    params: { key: 'k' },
    timeout: 1234,
    adapter: adapter(L, log, ROUTES),
  });
  inst.interceptors.request.use((c) => { order.push(`req ${c.url}`); c.headers.set('X-Start', 'kept'); return c; });
  inst.interceptors.response.use((res) => { order.push(`res ${res.status}`); return { ...res, data: { at: 'start', data: res.data } }; }, (err) => { order.push(`err ${err.response?.status ?? err.message}`); return Promise.reject(err); });
  const headers = new L.AxiosHeaders({ 'content-type': 'text/plain', 'X-Start': ['a', 'b'] });
  const error = new L.AxiosError('made at start', 'ESTART', { url: '/start' }, null, { status: 502, data: 'x' });
  const source = L.CancelToken.source();
  const { mergeConfig, toFormData, isCancel, formToJSON } = L;
  return { log, order, inst, headers, error, source, mergeConfig, toFormData, isCancel, formToJSON, child: inst.create ? inst.create({ headers: { 'X-Child': '1' } }) : null };
}

export const instanceCases = {
  'old instance requests': async (I, L) => {
    I.log.length = 0;
    I.order.length = 0;
    const rows = await runAsync(L, [
      ['get', async () => read(await I.inst.get('items', { params: { page: 2 } }))],
      ['post', async () => read(await I.inst.post('/items', { name: 'n' }))],
      ['404', () => I.inst.get('/missing')],
      ['getUri', () => I.inst.getUri({ url: 'items', params: { a: [1, 2] } })],
      ['defaults', () => ({ baseURL: I.inst.defaults.baseURL, timeout: I.inst.defaults.timeout, headers: Object.keys(I.inst.defaults.headers).sort() })],
      ['child', async () => (I.child ? read(await I.child.get('/json')) : 'none')],
    ]);
    const out = { rows, log: [...I.log], order: [...I.order] };
    I.log.length = 0;
    I.order.length = 0;
    return out;
  },
  'old values': (I, L) => run(L, [
    ['headers', () => { const h = I.headers.concat({ Extra: '1' }); return [I.headers.toJSON(), h.toJSON(), I.headers.get('x-start'), I.headers instanceof L.AxiosHeaders]; }],
    ['headers normalize copy', () => new L.AxiosHeaders(I.headers).normalize(true).toJSON()],
    ['error', () => ({ ...described(L)(I.error), json: (({ message, name, code, status }) => ({ message, name, code, status: status ?? null }))(I.error.toJSON()) })],
    ['source', () => [I.source.token.reason ?? null, typeof I.source.cancel]],
  ]),
  'functions copied at start': (I, L) => run(L, [
    ['mergeConfig', () => I.mergeConfig({ headers: { A: 1 }, params: { a: 1 } }, { headers: { B: 2 }, url: '/m' })],
    ['toFormData', () => [...I.toFormData({ a: [1, { b: 2 }] }, new FormData()).entries()]],
    ['isCancel', () => [I.isCancel(new L.CanceledError()), I.isCancel({})]],
    ['formToJSON', () => { const fd = new FormData(); fd.append('a[b]', '1'); return I.formToJSON(fd); }],
  ]),
};
