// express 4.x: the web framework, CommonJS in ~12 files (`index.js` requires `lib/express.js`).
// `lib/application.js` builds `app`, an object of methods (`app.init = function …`,
// `app.handle`, `app.use`, `app.route`, `app.param`, `app.set`, `app.render`, `app.listen`, one
// `app[method]` per HTTP method by a loop), that `createApplication()` copies into each app
// with merge-descriptors (copies, not a prototype); `lib/request.js` and `lib/response.js`
// are objects made by `Object.create(http.IncomingMessage.prototype)` (and `ServerResponse`)
// with methods and getters (`defineGetter(req, 'query', …)`), that each app's `request` and
// `response` inherit from and every request is re-parented to (`setPrototypeOf`);
// `lib/router/index.js` is `proto`, a function returning a `router` function whose prototype
// is set to `proto` by `setPrototypeOf`, with methods assigned to it (`proto.handle = function
// …`, one per method by a loop); `route.js` and `layer.js` are constructors with
// prototype methods; `middleware/{init,query}.js` factories returning middleware closures;
// `utils.js` built by `exports.x = …`; `view.js` a constructor looking up files.
//
// Window: 4.15.0 → 4.21.0, only the versions whose `index.js` and `lib/` change (4.15.2,
// 4.15.5, 4.16.1, 4.16.3, 4.21.1 and 4.21.2 ship the files before them; 4.22 is left out, a
// later line of backports): 20 versions, 19 steps. Dependencies: those of 4.21.2, pinned
// (each installed with its own in the cache); every version of the window runs on them (the
// old ranges' APIs, e.g. proxy-addr 1 → 2, finalhandler 1.0 → 1.3, are the same).
export default {
  name: 'express',
  kind: 'CommonJS web framework: app methods copied into each app by merge-descriptors, request/response prototypes from http, a router function re-parented by setPrototypeOf; an app with routes, params, a sub-router and error middleware made at start, asked requests',
  type: 'commonjs',
  source: {
    type: 'npm',
    package: 'express',
    include: (rel) => rel === 'index.js' || /^lib\/([a-z]+\/)?[a-z]+\.js$/.test(rel),
  },
  deps: {
    'accepts': '1.3.8',
    'array-flatten': '1.1.1',
    'body-parser': '1.20.3',
    'content-disposition': '0.5.4',
    'content-type': '1.0.5',
    'cookie': '0.7.1',
    'cookie-signature': '1.0.6',
    'debug': '2.6.9',
    'depd': '2.0.0',
    'encodeurl': '2.0.0',
    'escape-html': '1.0.3',
    'etag': '1.8.1',
    'finalhandler': '1.3.1',
    'fresh': '0.5.2',
    'http-errors': '2.0.0',
    'merge-descriptors': '1.0.3',
    'methods': '1.1.2',
    'on-finished': '2.4.1',
    'parseurl': '1.3.3',
    'path-to-regexp': '0.1.12',
    'proxy-addr': '2.0.7',
    'qs': '6.13.0',
    'range-parser': '1.2.1',
    'safe-buffer': '5.2.1',
    'send': '0.19.0',
    'serve-static': '1.16.2',
    'setprototypeof': '1.2.0',
    'statuses': '2.0.1',
    'type-is': '1.6.18',
    'utils-merge': '1.0.1',
    'vary': '1.1.2',
  },
  entry: 'index.js',
  windows: {
    // CI: 4.15's throwing accessors on the exports give way to `exports.json = …` (4.16.0), and
    // the router's `next` closures gain a `sync` counter they never captured (4.18.0, noted).
    short: ['4.15.4', '4.16.0', '4.18.0'],
    long: [
      '4.15.0', '4.15.1', '4.15.3', '4.15.4', '4.16.0', '4.16.2', '4.16.4', '4.17.0', '4.17.1',
      '4.17.2', '4.17.3', '4.18.0', '4.18.1', '4.18.2', '4.18.3', '4.19.0', '4.19.1', '4.19.2',
      '4.20.0', '4.21.0',
    ],
  },
  probe: new URL('./express.probe.mjs', import.meta.url),
};
