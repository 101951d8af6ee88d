// A terminal client for the example: each line you type is sent, each answer printed.
// `node examples/ws/client.js [url]`; the connection stays open while you edit handlers.js.
import { createInterface } from 'node:readline';
import WebSocket from 'ws';

const socket = new WebSocket(process.argv[2] ?? 'ws://localhost:3000');
socket.on('message', (data) => console.log(`< ${data}`));
socket.on('close', () => process.exit(0));
socket.on('error', (err) => {
  console.error(`could not connect: ${err.message} (is \`npm run example:ws\` running?)`);
  process.exit(1);
});
socket.on('open', () => {
  console.log('connected; type a message and press enter (Ctrl-D to quit)');
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => socket.send(line));
  lines.on('close', () => socket.close());
});
