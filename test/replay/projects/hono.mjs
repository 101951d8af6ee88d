// hono: a web framework's core, ~20–25 ES modules (`dist/`: hono.js, hono-base.js (`HonoBase`,
// the app: routes, middleware, `fetch`, `request`), context.js (`Context`, one a request),
// request.js (`HonoRequest`), compose.js, the routers (`SmartRouter` over `RegExpRouter` and
// `TrieRouter`), utils). Its classes take `#private` names release after release: Context
// 6 → 14 (4.5.0) → 25 (4.11.0), HonoBase 1 → 6 (4.7.0) → 15 (4.11.0), HonoRequest 2 → 6 → 17.
// What a program holds is the app it made at start (routes, middleware, a mounted sub-app,
// handlers for errors and not-found): an old HonoBase whose new code reads names it gains.
//
// Replayed: the files the entry reaches in some version of the window (the rest of `dist/`
// is adapters, middleware and helpers the probe does not import). No dependencies.
//
// Window: 4.2.0 (Context's first #names) to 4.13.23, each minor's first release and a few
// patches between.
const CORE = /^(compose|context|hono-base|hono|http-exception|index|request|router)\.js$/;
export default {
  name: 'hono',
  kind: 'a web framework core: #private-heavy classes (the app, its context and request), routers; an app made at start',
  source: {
    type: 'npm',
    package: 'hono',
    root: 'dist',
    include: (rel) =>
      CORE.test(rel) ||
      /^router\/(reg-exp-router|smart-router|trie-router)\/[a-z-]+\.js$/.test(rel) ||
      /^(router\/utils|request\/constants|helper\/route\/index)\.js$/.test(rel) ||
      /^utils\/(body|buffer|constants|crypto|html|mount|url)\.js$/.test(rel),
  },
  entry: 'index.js',
  windows: {
    // CI: Context's names grow (4.5.0), HonoBase's and HonoRequest's (4.7.0), all three (4.11.0).
    short: ['4.4.0', '4.5.0', '4.7.0', '4.11.0'],
    long: [
      '4.2.0', '4.3.0', '4.4.0', '4.5.0', '4.5.5', '4.6.0', '4.6.10', '4.7.0', '4.7.5', '4.8.0',
      '4.8.5', '4.9.0', '4.9.5', '4.10.0', '4.10.4', '4.11.0', '4.11.5', '4.12.0', '4.12.10',
      '4.12.20', '4.12.30', '4.13.0', '4.13.10', '4.13.23',
    ],
  },
  probe: new URL('./hono.probe.mjs', import.meta.url),
};
