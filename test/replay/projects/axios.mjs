// axios 1.x: the HTTP client, ES modules in ~60–70 files under `lib/` (the package's
// `index.js` re-exports the default instance's properties as names). `lib/axios.js` makes
// the default instance at load: `createInstance(defaults)` binds `Axios.prototype.request`
// to a new `Axios` (a class with `request`, `_request`, `getUri`, and `get`/`post`/… added to
// its prototype by `utils.forEach` loops), copies the prototype's methods and the context's
// fields (`defaults`, `interceptors`) onto the bound function, gives it `create`, and assigns
// the classes and helpers to it (`axios.AxiosError = AxiosError`, …). `lib/defaults/index.js`
// is an object literal of config (`transformRequest`/`transformResponse` arrays of closures,
// `headers` filled by a loop over methods) built at load; `AxiosHeaders` is a class whose
// `accessor(…)` statics add `setContentType`/`getContentType`/… to its prototype at load,
// followed by `utils.reduceDescriptors(AxiosHeaders.prototype, …)` and `utils.freezeMethods`;
// `InterceptorManager` a class of handlers; `mergeConfig` a table of merge functions by key;
// `buildURL` and `toFormData` functions over `utils.js` (a ~700-line module of helpers, some
// made by factories at load: `kindOfTest('…')`, `typeOfTest('…')`); `AxiosError` and
// `CanceledError` constructors with `utils.inherits` and `Object.defineProperties` of codes
// up to 1.13.2, classes (`class AxiosError extends Error`, `class CanceledError extends
// AxiosError`) from 1.13.3; adapters chosen by `getAdapter` (a function from 1.13.0); the
// node platform's classes and the `fetch` adapter testing the runtime at load.
//
// What a program holds: the namespace and its names copied at start, the default instance
// (with its `defaults` built at load), an instance from `axios.create()` with interceptors,
// headers and an adapter, an `AxiosHeaders`, an `AxiosError` and a cancel source made at
// start. No request leaves the process: the probe's adapter answers every one.
//
// Window: 1.7.3 → 1.21.1 (every release in between: 38 versions, 37 steps; each changes
// `lib/`). 1.7.0 (the fetch adapter) starts the layout; 1.7.0–1.7.2 are left out to keep the
// window under 40 steps. Dependencies, imported by the node adapter and platform at load:
// `follow-redirects`, `form-data` (with its own, installed by npm), `proxy-from-env` 1.1.0
// (CommonJS: the default import of 1.13.x and the named `getProxyForUrl` of the others both
// resolve), `https-proxy-agent` (1.16.1 on), pinned.
export default {
  name: 'axios',
  kind: 'ES modules: Axios, AxiosHeaders, InterceptorManager classes, AxiosError/CanceledError constructors becoming classes (1.13.3), utils, mergeConfig, buildURL, toFormData, a default instance made by createInstance at load; an instance with interceptors and a recording adapter made at start (no network)',
  source: {
    type: 'npm',
    package: 'axios',
    include: (rel) => rel === 'index.js' || /^lib\/[A-Za-z0-9_/.-]+\.js$/.test(rel),
  },
  deps: {
    'follow-redirects': '1.15.9',
    'form-data': '4.0.4',
    'proxy-from-env': '1.1.0',
    'https-proxy-agent': '5.0.1',
  },
  entry: 'index.js',
  windows: {
    // CI: http2 and `getAdapter(adapters, config)` as a function (1.13.0), then AxiosError and
    // CanceledError from constructors to classes (1.13.3).
    short: ['1.12.2', '1.13.2', '1.13.3'],
    long: [
      '1.7.3', '1.7.4', '1.7.5', '1.7.6', '1.7.7', '1.7.8', '1.7.9', '1.8.0', '1.8.1', '1.8.2',
      '1.8.3', '1.8.4', '1.9.0', '1.10.0', '1.11.0', '1.12.0', '1.12.1', '1.12.2', '1.13.0', '1.13.1',
      '1.13.2', '1.13.3', '1.13.4', '1.13.5', '1.13.6', '1.14.0', '1.15.0', '1.15.1', '1.15.2', '1.16.0',
      '1.16.1', '1.17.0', '1.18.0', '1.18.1', '1.19.0', '1.20.0', '1.21.0', '1.21.1',
    ],
  },
  probe: new URL('./axios.probe.mjs', import.meta.url),
};
