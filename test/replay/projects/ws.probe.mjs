// The ws probe. `L` is the WebSocket class `require('ws')` gave at start, as a view of its
// properties (`L.Sender`, `L.Receiver`, `L.Server`, `L.WebSocket` from 8.0.0); the class
// itself and the lib modules a program could reach (`ws/lib/extension`…) are required once,
// when this file is imported (at start, right after the harness: the same objects).
//
// Deterministic only: frames are built unmasked, or masked and unmasked again (the mask is
// random before 8.3.0's `generateMask`); a Receiver is fed fixed frames and what it emits is
// collected after fixed event-loop turns; the loopback exchange binds port 0 and reports no
// port, no Sec-WebSocket-Key/Accept, no time. Every wait has a guard well under the
// harness's 2 s case timeout.
import { createRequire } from 'node:module';
import { each } from './serialize.mjs';

const require = createRequire(import.meta.url);
const WebSocket = require('../lib/index.js');
// A lib module as `require('ws/lib/x')` gives it when asked (subprotocol.js exists from 8.0.0:
// a program cannot have held it before).
const lib = (name) => { try { return require(`../lib/lib/${name}.js`); } catch (e) { return null; } };

const hex = (b) => (Buffer.isBuffer(b) ? b.toString('hex') : b instanceof ArrayBuffer ? Buffer.from(b).toString('hex') : Array.isArray(b) ? b.map(hex) : b);
const text = (d) => (typeof d === 'string' ? `s:${d}` : Buffer.isBuffer(d) ? `b:${d.toString()}` : Array.isArray(d) ? `a:${Buffer.concat(d).toString()}` : d instanceof ArrayBuffer ? `ab:${Buffer.from(d).toString()}` : `?:${typeof d}`);
const turns = async (n) => { for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r)); };
const errorOf = (e) => ({ name: e?.name, message: e?.message, code: e?.code ?? null, status: e && Object.getOwnPropertySymbols(e).map((s) => e[s])[0] });

/** Resolves with `fn`'s value once `emitter` emits `event` (or 'timeout' after `ms`). */
function once(emitter, event, ms = 600, fn = (...a) => a) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => { emitter.removeListener?.(event, on); resolve('timeout'); }, ms);
    const on = (...a) => { clearTimeout(timer); resolve(fn(...a)); };
    emitter.once(event, on);
  });
}

/** One frame, as `Sender.frame` builds it, unmasked again when masked (its key is random). */
function frame(Sender, data, options) {
  const parts = Sender.frame(Buffer.from(data), { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: true, ...options });
  const buf = Buffer.concat(parts);
  if (!options.mask) return hex(buf);
  const len7 = buf[1] & 0x7f;
  const at = len7 === 126 ? 4 : len7 === 127 ? 10 : 2;
  const key = buf.subarray(at, at + 4);
  const payload = Buffer.from(buf.subarray(at + 4)).map((b, i) => b ^ key[i & 3]);
  return { head: hex(buf.subarray(0, at)), maskBit: (buf[1] & 0x80) >> 7, payload: Buffer.from(payload).toString() };
}

/** A client→server (masked, fixed key) or server→client frame, built by hand. */
function rawFrame(opcode, payload, { fin = true, mask = true, rsv1 = false } = {}) {
  const data = Buffer.from(payload);
  const key = Buffer.from([1, 2, 3, 4]);
  const len = data.length;
  const head = len < 126 ? Buffer.from([0, len]) : Buffer.from([0, 126, len >> 8, len & 255]);
  head[0] = (fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode;
  if (mask) head[1] |= 0x80;
  const body = mask ? data.map((b, i) => b ^ key[i & 3]) : data;
  return Buffer.concat([head, mask ? key : Buffer.alloc(0), body]);
}

/** A Receiver (7.x: positional arguments, 8.x: an options object) fed `frames`: what it emitted, in order. */
async function receive(Receiver, frames, { binaryType = 'nodebuffer', isServer = true, maxPayload = 0 } = {}) {
  const receiver = Receiver.length > 0
    ? new Receiver(binaryType, {}, isServer, maxPayload)
    : new Receiver({ binaryType, extensions: {}, isServer, maxPayload });
  const events = [];
  receiver.on('message', (data, isBinary) => events.push(['message', text(data), isBinary ?? null]));
  receiver.on('ping', (d) => events.push(['ping', text(d)]));
  receiver.on('pong', (d) => events.push(['pong', text(d)]));
  receiver.on('conclude', (code, reason) => events.push(['conclude', code, text(reason)]));
  receiver.on('error', (e) => events.push(['error', errorOf(e)]));
  for (const f of frames) {
    try {
      receiver.write(f);
    } catch (e) {
      events.push(['threw', errorOf(e)]);
    }
  }
  await turns(6);
  return events;
}

const MESSAGES = ['hello', 'é ü 🙂', 'x'.repeat(200), ''];

/** A server on port 0 echoing what it gets; `seen` collects the upgrade requests' stable headers. */
function echoServer(Server, options = {}) {
  const seen = [];
  const server = new Server({ port: 0, host: '127.0.0.1', ...options });
  server.on('connection', (socket, req) => {
    const { host, 'sec-websocket-key': _k, ...headers } = req.headers;
    seen.push({ url: req.url, headers, protocol: socket.protocol, extensions: socket.extensions });
    socket.on('message', (data, isBinary) => socket.send(isBinary === undefined ? data : data, { binary: !!isBinary }));
  });
  return { server, seen, listening: once(server, 'listening', 800, () => server.address().port) };
}

/** Opens a client to `port`: 'open' or what failed. */
async function connect(port, options = {}, protocols = undefined) {
  const client = protocols ? new WebSocket(`ws://127.0.0.1:${port}/path?q=1`, protocols, options) : new WebSocket(`ws://127.0.0.1:${port}/path?q=1`, options);
  client.on('error', () => {});
  const opened = await Promise.race([once(client, 'open', 800, () => 'open'), once(client, 'error', 800, (e) => errorOf(e))]);
  return { client, opened };
}

/** Sends each message in turn and awaits its echo. */
async function echo(client, messages = MESSAGES) {
  const out = [];
  for (const m of messages) {
    const reply = once(client, 'message', 600, (data, isBinary) => [text(data), isBinary ?? null]);
    client.send(m);
    out.push(await reply);
  }
  const bin = once(client, 'message', 600, (data, isBinary) => [text(data), isBinary ?? null]);
  client.send(Buffer.from('bin'));
  out.push(await bin);
  return out;
}

function closeAll(server, clients) {
  for (const c of clients) c.terminate();
  return new Promise((r) => server.close(() => r()));
}

/** What a WebSocket made by a failing call is: its state, not its random key. */
const described = (w) => {
  if (!(w instanceof WebSocket)) return w;
  const state = [w.readyState, w.url];
  w.terminate();
  return state;
};

export const cases = {
  'exports': (L) => {
    const [extension, validation, bufferUtil, subprotocol, eventTarget, constants] = ['extension', 'validation', 'buffer-util', 'subprotocol', 'event-target', 'constants'].map(lib);
    return {
      ws: [typeof WebSocket, WebSocket.name, Object.getOwnPropertyNames(WebSocket).sort()],
      proto: Object.getOwnPropertyNames(WebSocket.prototype).sort(),
      states: [WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED],
      held: [typeof L.Server, typeof L.Receiver, typeof L.Sender, typeof L.createWebSocketStream],
      lib: {
        extension: extension && Object.keys(extension).sort(),
        validation: validation && Object.keys(validation).sort(),
        bufferUtil: bufferUtil && Object.keys(bufferUtil).sort(),
        subprotocol: subprotocol && Object.keys(subprotocol).sort(),
        eventTarget: eventTarget && Object.keys(eventTarget).sort(),
        constants: constants && Object.fromEntries(Object.entries(constants).map(([k, v]) => [k, typeof v === 'symbol' ? 'symbol' : Buffer.isBuffer(v) ? hex(v) : v])),
      },
  };
  },
  'frame': (L) => each([
    ['text', () => frame(L.Sender, 'hello', {})],
    ['binary', () => frame(L.Sender, 'bin', { opcode: 2 })],
    ['not fin', () => frame(L.Sender, 'part', { fin: false })],
    ['rsv1', () => frame(L.Sender, 'z', { rsv1: true })],
    ['126', () => frame(L.Sender, 'a'.repeat(300), {})],
    ['65536', () => frame(L.Sender, 'b'.repeat(70000), {}).slice(0, 40)],
    ['masked', () => frame(L.Sender, 'masked text', { mask: true })],
    ['masked fixed', () => frame(L.Sender, 'gm', { mask: true, generateMask: (m) => m.fill(7) })],
    ['close', () => frame(L.Sender, Buffer.concat([Buffer.from([3, 232]), Buffer.from('bye')]), { opcode: 8 })],
    ['empty', () => frame(L.Sender, '', { opcode: 9 })],
  ]),
  'receiver': async (L) => ({
    text: await receive(L.Receiver, [rawFrame(1, 'hello'), rawFrame(1, 'é ü')]),
    binary: await receive(L.Receiver, [rawFrame(2, 'bytes')]),
    fragments: await receive(L.Receiver, [rawFrame(1, 'par', { fin: false }), rawFrame(9, 'p'), rawFrame(0, 'ts')]),
    split: await receive(L.Receiver, (() => { const f = rawFrame(1, 'split frame ' + 'y'.repeat(130)); return [f.subarray(0, 1), f.subarray(1, 3), f.subarray(3, 9), f.subarray(9)]; })()),
    pingPong: await receive(L.Receiver, [rawFrame(9, 'ping!'), rawFrame(10, 'pong!')]),
    close: await receive(L.Receiver, [rawFrame(8, Buffer.concat([Buffer.from([3, 232]), Buffer.from('done')]))]),
    closeEmpty: await receive(L.Receiver, [rawFrame(8, '')]),
    arraybuffer: await receive(L.Receiver, [rawFrame(2, 'ab')], { binaryType: 'arraybuffer' }),
    fragmentsType: await receive(L.Receiver, [rawFrame(2, 'f1', { fin: false }), rawFrame(0, 'f2')], { binaryType: 'fragments' }),
    unmasked: await receive(L.Receiver, [rawFrame(1, 'nomask', { mask: false })]),
    client: await receive(L.Receiver, [rawFrame(1, 'from server', { mask: false })], { isServer: false }),
    badOpcode: await receive(L.Receiver, [rawFrame(5, 'x')]),
    badUtf8: await receive(L.Receiver, [rawFrame(1, Buffer.from([0xff, 0xfe]))]),
    rsv1: await receive(L.Receiver, [rawFrame(1, 'r', { rsv1: true })]),
    tooBig: await receive(L.Receiver, [rawFrame(1, 'too long a message')], { maxPayload: 4 }),
    badClose: await receive(L.Receiver, [rawFrame(8, Buffer.from([0, 5]))]),
    fragmentedControl: await receive(L.Receiver, [rawFrame(9, 'p', { fin: false })]),
  }),
  'extension': (_, extension = lib('extension')) => each([
    ['parse', () => extension.parse('permessage-deflate; client_max_window_bits; server_no_context_takeover, foo; bar=1; baz="2", foo')],
    ['parse empty', () => extension.parse('')],
    ['parse bad', () => extension.parse('foo;;')],
    ['parse quoted', () => extension.parse('a; b="x')],
    ['parse spaces', () => extension.parse('  a ;  b = 1 ')],
    ['format', () => extension.format({ 'permessage-deflate': [{ client_max_window_bits: [true], server_max_window_bits: [10] }], foo: [{}, { a: [1, 2] }] })],
    ['round trip', () => extension.format(extension.parse('x; y=2, z'))],
  ]),
  'subprotocol': (_, subprotocol = lib('subprotocol')) => each([
    ['parse', () => subprotocol ? [...subprotocol.parse('chat, superchat,v2')] : 'none'],
    ['parse duplicate', () => subprotocol ? [...subprotocol.parse('a, a')] : 'none'],
    ['parse bad', () => subprotocol ? [...subprotocol.parse('a b')] : 'none'],
    ['parse trailing', () => subprotocol ? [...subprotocol.parse('a,')] : 'none'],
  ]),
  'validation': (_, validation = lib('validation')) => each([
    ['utf8', () => ['hello', 'é', '🙂', 'x'.repeat(40) + 'é'].map((s) => validation.isValidUTF8(Buffer.from(s)))],
    ['bad utf8', () => [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]].map((b) => validation.isValidUTF8(Buffer.from(b)))],
    ['status codes', () => [999, 1000, 1004, 1005, 1006, 1011, 1012, 1014, 1015, 1016, 2999, 3000, 4999, 5000].map((c) => validation.isValidStatusCode(c))],
    ['tokenChars', () => validation.tokenChars ? validation.tokenChars.join('') : 'none'],
  ]),
  'buffer-util': (_, bufferUtil = lib('buffer-util')) => each([
    ['concat', () => hex(bufferUtil.concat([Buffer.from('ab'), Buffer.from('cd')], 4))],
    ['concat one', () => hex(bufferUtil.concat([Buffer.from('ab')], 2))],
    ['concat none', () => hex(bufferUtil.concat([], 0))],
    ['mask', () => { const out = Buffer.alloc(12); bufferUtil.mask(Buffer.from('abcdefgh'), Buffer.from([1, 2, 3, 4]), out, 2, 8); return hex(out); }],
    ['unmask', () => { const b = Buffer.from('abcdefghijklmnop'.repeat(3)); bufferUtil.unmask(b, Buffer.from([9, 8, 7, 6])); return hex(b); }],
    ['toArrayBuffer', () => bufferUtil.toArrayBuffer ? hex(bufferUtil.toArrayBuffer(Buffer.from('tab'))) : 'none'],
    ['toBuffer', () => bufferUtil.toBuffer ? [hex(bufferUtil.toBuffer('str')), hex(bufferUtil.toBuffer(new Uint8Array([1, 2])))] : 'none'],
  ]),
  'loopback': async (L) => {
    const { server, seen, listening } = echoServer(L.Server);
    const port = await listening;
    if (port === 'timeout') return 'no listening';
    const { client, opened } = await connect(port, {}, ['chat', 'other']);
    const replies = opened === 'open' ? await echo(client) : null;
    const state = [client.readyState, client.protocol, client.extensions, client.url.replace(String(port), 'PORT'), client.binaryType];
    const closed = once(client, 'close', 600, (code, reason) => [code, text(reason)]);
    client.close(4000, 'bye');
    const result = { opened, replies, state, closed: await closed, seen, clients: server.clients.size };
    await closeAll(server, []);
    return result;
  },
  'loopback deflate': async (L) => {
    const { server, seen, listening } = echoServer(L.Server, { perMessageDeflate: { threshold: 0 } });
    const port = await listening;
    if (port === 'timeout') return 'no listening';
    const { client, opened } = await connect(port, { perMessageDeflate: { threshold: 0 } });
    const replies = opened === 'open' ? await echo(client, ['deflate me', 'y'.repeat(300)]) : null;
    const result = { opened, replies, extensions: client.extensions, seen };
    await closeAll(server, [client]);
    return result;
  },
  'event target': async (L) => {
    const { server, listening } = echoServer(L.Server);
    const port = await listening;
    if (port === 'timeout') return 'no listening';
    const { client, opened } = await connect(port);
    const got = [];
    client.onmessage = (ev) => got.push(['onmessage', ev.type, text(ev.data), typeof ev.target]);
    const listener = (ev) => got.push(['listener', ev.type, text(ev.data)]);
    client.addEventListener('message', listener);
    const handlers = [typeof client.onmessage, client.onopen, client.onclose, client.onerror];
    const r1 = once(client, 'message', 600, () => 'ok');
    client.send('via event target');
    await r1;
    await turns(2);
    client.removeEventListener('message', listener);
    client.onmessage = null;
    const r2 = once(client, 'message', 600, () => 'ok');
    client.send('after removal');
    await r2;
    await turns(2);
    const closeEvent = new Promise((resolve) => {
      client.onclose = (ev) => resolve([ev.type, ev.code, ev.reason, ev.wasClean]);
      setTimeout(() => resolve('timeout'), 600);
    });
    client.close(1000, 'end');
    const result = { opened, got, handlers, close: await closeEvent };
    await closeAll(server, []);
    return result;
  },
  'client errors': () => each([
    ['bad url', () => described(new WebSocket('http://x'))],
    ['bad protocol', () => described(new WebSocket('ws://127.0.0.1:1', ['a', 'a']))],
    ['send before open', () => { const w = new WebSocket('ws://127.0.0.1:1'); w.on('error', () => {}); try { w.send('x'); return 'sent'; } finally { w.terminate(); } }],
    ['close code', () => { const w = new WebSocket('ws://127.0.0.1:1'); w.on('error', () => {}); try { w.close(1005); return 'closed'; } catch (e) { w.terminate(); throw e; } }],
  ], (e) => `${e?.name}: ${String(e?.message).replace(/\d{4,}/g, 'N')}`),
};

/** What a program keeps from start: a server echoing, a client connected to it with EventTarget handlers. */
export async function setup(L) {
  const { server, seen, listening } = echoServer(L.Server);
  const port = await listening;
  const { client, opened } = await connect(port);
  const got = [];
  client.onmessage = (ev) => got.push(['onmessage', text(ev.data)]);
  client.addEventListener('message', (ev) => got.push(['listener', text(ev.data)]));
  server.unref?.();
  server._server?.unref?.();
  return { server, seen, client, opened, got, port };
}

export const instanceCases = {
  'kept client': async (I) => {
    if (I.opened !== 'open') return { opened: I.opened };
    I.got.length = 0;
    const replies = await echo(I.client, ['kept', 'é kept']);
    await turns(2);
    return { replies, got: [...I.got], state: I.client.readyState, clients: I.server.clients.size };
  },
  'kept server, new client': async (I) => {
    const { client, opened } = await connect(I.port);
    const replies = opened === 'open' ? await echo(client, ['new']) : null;
    const closed = once(client, 'close', 600, (code, reason) => [code, text(reason)]);
    client.close(1000, 'done');
    return { opened, replies, closed: await closed };
  },
};
