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
// Window: 7.4.6 → 8.18.3. The 7.x tail (7.4.6, 7.5.0, 7.5.3, 7.5.6, 7.5.9, 7.5.10: the
// `ws.on('redirect')`-less client, the receiver's DoS fix backported in 7.5.10), the 8.0.0
// rewrite (Receiver taking an options object, messages as Buffers with `isBinary`, its own
// `EventTarget` classes, `subprotocol.js`), then every 8.x release whose files change up to
// 8.18.3 (8.10.0, 8.12.1 and 8.14.1 ship the files before them): 35 steps. 8.19 on
// (websocket.js's `finishRequest`, 8.20 `allowMultipleEventsPerMicrotask`…) is left for a
// later window: the long one stays near 35 steps. No dependencies (the optional `bufferutil`
// and `utf-8-validate` are not installed: both processes use the JavaScript fallbacks).
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
    // CI: the 7 → 8 rewrite (Receiver's options, Buffers with `isBinary`, EventTarget classes,
    // subprotocol.js) and 8.x's later receiver/sender work (8.18.0).
    short: ['7.5.9', '8.0.0', '8.18.0'],
    long: [
      '7.4.6', '7.5.0', '7.5.3', '7.5.6', '7.5.9', '7.5.10', '8.0.0', '8.1.0', '8.2.0', '8.2.1',
      '8.2.2', '8.2.3', '8.3.0', '8.4.0', '8.4.1', '8.4.2', '8.5.0', '8.6.0', '8.7.0', '8.8.0',
      '8.8.1', '8.9.0', '8.11.0', '8.12.0', '8.13.0', '8.14.0', '8.14.2', '8.15.0', '8.15.1',
      '8.16.0', '8.17.0', '8.17.1', '8.18.0', '8.18.1', '8.18.2', '8.18.3',
    ],
  },
  probe: new URL('./ws.probe.mjs', import.meta.url),
};
