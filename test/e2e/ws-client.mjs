// A `ws` client for the e2e tests whose messages are read in order: `next()` resolves to the
// next message, or fails with the server's output if none comes within 10 s; `ask(text)`
// sends and waits for the answer; `closed()` says whether the server closed the connection.
import WebSocket from 'ws';

export async function connect(url, app) {
  const socket = new WebSocket(url);
  const inbox = [];
  const waiting = [];
  let closed = false;
  socket.on('message', (data) => (waiting.length ? waiting.shift()(String(data)) : inbox.push(String(data))));
  socket.on('close', () => (closed = true));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const next = () =>
    inbox.length
      ? Promise.resolve(inbox.shift())
      : new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no message from the server\n${app.output()}`)), 10000);
          waiting.push((m) => (clearTimeout(timer), resolve(m)));
        });
  return { socket, next, closed: () => closed, ask: (text) => (socket.send(text), next()) };
}
