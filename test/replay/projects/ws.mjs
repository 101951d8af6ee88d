// ws: the WebSocket library, CommonJS in `index.js` and `lib/*.js`: `class WebSocket extends
// EventEmitter` (the exported object: `index.js` assigns `Server`, `Receiver`, `Sender`,
// `createWebSocketStream` to it), `Receiver extends Writable` (a frame parser driven by a state
// loop: `getInfo`, `getPayloadLength16`, `controlMessage`…), `Sender` (`static frame`, masking,
// a queue of deflated messages), `PerMessageDeflate` over zlib with a `Limiter`,
// `WebSocketServer` (the HTTP upgrade), `extension.js`'s parse/format, `subprotocol.js`
// (8.0.0), `validation.js` and `buffer-util.js` built as `module.exports = { … }` and then
// patched (`module.exports.mask = …` when the optional native modules load: they are not
// installed here), `event-target.js` (`addEventListener`, the `onmessage` accessors that
// websocket.js defines on its prototype by a loop).
//
// Window: 7.4.6 → 8.18.3. The 7.x tail (7.4.6, 7.5.0, 7.5.3, 7.5.6, 7.5.9, 7.5.10 — 7.5.3's
// class gains `get onmessage() {}` stubs that the `['open', …].forEach(… defineProperty …)`
// loop after it overrides; 7.5.10, released after 8.x, checks a missing Upgrade header), the
// 8.0.0 rewrite (its own EventTarget classes, messages as Buffers with `isBinary`,
// `subprotocol.js`, new symbols in constants.js, websocket.js re-imported), then every 8.x release whose files change up to
// 8.18.3 (8.10.0, 8.12.1 and 8.14.1 ship the files before them): 36 versions, 35 steps. Later
// 8.x releases are left out to keep the window near 35 steps. No dependencies (the optional
// `bufferutil` and `utf-8-validate` are not installed: every process uses the JavaScript
// fallbacks). A client and a server made at start by 7.4.6 keep what the old constructors set
// (8.0.0's WebSocket, 8.5.0's WebSocketServer reads `this.options.WebSocket`): apart, noted.
export default {
  name: 'ws',
  kind: 'CommonJS network library: a class extending EventEmitter with accessors defined by a loop, a Writable frame parser, static frame building, a server over node:http kept running across refreshes',
  type: 'commonjs',
  source: {
    type: 'npm',
    package: 'ws',
    include: (rel) => rel === 'index.js' || /^lib\/[a-z-]+\.js$/.test(rel),
  },
  entry: 'index.js',
  windows: {
    // CI: the onmessage stubs added and changed in the class while the loop after it defines
    // the accessors, the 7 → 8 rewrite (constants.js's literal reordered and given symbols,
    // websocket.js re-imported), 8.18.0's constants.js run again (its symbols kept).
    short: ['7.5.0', '8.0.0', '8.18.0'],
    long: [
      '7.4.6', '7.5.0', '7.5.3', '7.5.6', '7.5.9', '7.5.10', '8.0.0', '8.1.0', '8.2.0', '8.2.1',
      '8.2.2', '8.2.3', '8.3.0', '8.4.0', '8.4.1', '8.4.2', '8.5.0', '8.6.0', '8.7.0', '8.8.0',
      '8.8.1', '8.9.0', '8.11.0', '8.12.0', '8.13.0', '8.14.0', '8.14.2', '8.15.0', '8.15.1',
      '8.16.0', '8.17.0', '8.17.1', '8.18.0', '8.18.1', '8.18.2', '8.18.3',
    ],
  },
  probe: new URL('./ws.probe.mjs', import.meta.url),
};
