// koa: the web framework, CommonJS in four files of `lib/`: `application.js` exports the class
// (`module.exports = class Application extends Emitter`: `use`, `callback()` composing the
// middleware with koa-compose, `handleRequest`, `createContext`, `onerror`, the module's own
// `respond`); `context.js`, `request.js` and `response.js` each export one object literal of
// getters, setters and methods (`get header() {…}`, `set body(v) {…}`, `is() {…}`) that the
// constructor uses as prototypes (`this.context = Object.create(context)`, each request's
// context `Object.create(this.context)`); context.js binds it too (`const proto =
// module.exports = { … }`) and adds accessors and methods to it by `delegates` chains
// (`delegate(proto, 'response').method('redirect').access('body')…`, edited over releases).
// The app's package.json declares no "type", as koa's own does not (`untyped`).
//
// Window: 2.5.0 → 2.16.4, every 2.x release from 2.5.0 (the first with `lib/` as it stays, and
// the dependency set below); 2.5.3, 2.10.0, 2.13.3 and 2.15.0 ship the files of the version
// before (dropped): 29 steps. 2.8.0's constructor starts taking options (`new Koa({ proxy })`),
// 2.11.0's sets `proxyIpHeader` and `maxIpsCount` (an app made before lacks them: its `ctx.ips`
// throws; old instances, apart, noted at lib/application.js:54:5), 2.14.0 adds `asyncLocalStorage`, 2.15.3 a top-level `URL`
// (response.js is re-imported). 3.0 is left out: it needs `http-errors` 2, `statuses` 2 and
// `type-is` 2, which 2.x cannot use (`statuses[code]`), and one dependency set serves the
// window. Dependencies pinned to the newest version each 2.x range allows (`koa-convert` 2.0.0
// for 2.5–2.13's ^1.2.0: the same `convert(fn)`, unused without generator middleware).
export default {
  name: 'koa',
  kind: 'CommonJS web framework: a class extending EventEmitter, object literals of accessors used as prototypes (Object.create), delegates chains adding accessors to the exported object',
  type: 'commonjs',
  untyped: true,
  source: {
    type: 'npm',
    package: 'koa',
    root: 'lib',
    include: (rel) => /^[a-z]+\.js$/.test(rel),
  },
  deps: {
    accepts: '1.3.8', 'cache-content-type': '1.0.1', 'content-disposition': '0.5.4', 'content-type': '1.0.5',
    cookies: '0.9.1', debug: '4.3.4', delegates: '1.0.0', depd: '2.0.0', destroy: '1.2.0', encodeurl: '1.0.2',
    'error-inject': '1.0.0', 'escape-html': '1.0.3', fresh: '0.5.2', 'http-assert': '1.5.0', 'http-errors': '1.8.1',
    'is-generator-function': '1.0.10', 'koa-compose': '4.1.0', 'koa-convert': '2.0.0', 'koa-is-json': '1.0.0',
    'mime-types': '2.1.35', 'on-finished': '2.4.1', only: '0.0.2', parseurl: '1.3.3', statuses: '1.5.0',
    'type-is': '1.6.18', vary: '1.1.2',
  },
  entry: 'application.js',
  windows: {
    // CI: context.js's literal gains `get cookies()` while its delegate chain gains
    // `.access('accept')` (2.5.2: the fix for `const proto = module.exports = { … }`), the
    // constructor's options, proxyIpHeader and context.js's onerror reworked (→ 2.12.1), async
    // local storage, `static get default()` and response.js re-imported (→ 2.16.4).
    short: ['2.5.1', '2.5.2', '2.12.1', '2.16.4'],
    long: [
      '2.5.0', '2.5.1', '2.5.2', '2.5.3', '2.6.0', '2.6.1', '2.6.2', '2.7.0', '2.8.0', '2.8.1',
      '2.8.2', '2.9.0', '2.10.0', '2.11.0', '2.12.0', '2.12.1', '2.13.0', '2.13.1', '2.13.2',
      '2.13.3', '2.13.4', '2.14.0', '2.14.1', '2.14.2', '2.15.0', '2.15.1', '2.15.2', '2.15.3',
      '2.15.4', '2.16.0', '2.16.1', '2.16.2', '2.16.3', '2.16.4',
    ],
  },
  probe: new URL('./koa.probe.mjs', import.meta.url),
};
