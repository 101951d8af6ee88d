// A WebSocket chat-echo server (the `ws` package). The connection listener is registered
// once, here; every open connection keeps calling the handlers of handlers.js, which follow
// edits while the connections stay open.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { onConnection } from './handlers.js';

const server = createServer((req, res) => res.end('connect with a WebSocket client\n'));
const wss = new WebSocketServer({ server });
wss.on('connection', onConnection);

// PORT=0 asks the system for a free port; the line below prints the one we got.
server.listen(Number(process.env.PORT ?? 3000), () => {
  console.log(`ws example listening on ws://localhost:${server.address().port}`);
});
