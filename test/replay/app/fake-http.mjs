// Requests without a server, for the probes of web frameworks (express, koa): an
// `http.IncomingMessage` and an `http.ServerResponse` over a socket that keeps what the
// response writes. No port, no clock: the probe reads the raw response text.
import http from 'node:http';
import { Duplex } from 'node:stream';

/**
 * A request (`headers` as given, names lowercased in `req.headers`; `body` pushed when given)
 * and its response, over one fake socket; `out` collects the response's bytes.
 */
export function exchange({ method, url, headers = {}, body }) {
  const out = [];
  const socket = new Duplex({
    read() {},
    write(chunk, encoding, cb) {
      out.push(Buffer.from(chunk, encoding));
      cb();
    },
    final(cb) {
      cb();
    },
  });
  socket.remoteAddress = '10.0.0.1';
  socket.encrypted = false;
  const req = new http.IncomingMessage(socket);
  req.method = method;
  req.url = url;
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  req.httpVersion = '1.1';
  req.headers = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  req.rawHeaders = Object.entries(headers).flat();
  if (body != null) req.push(body);
  req.push(null);
  const res = new http.ServerResponse(req);
  res.assignSocket(socket);
  return { req, res, out };
}
