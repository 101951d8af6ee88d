// What the server says. Edit `reply` (or `welcome`) and the next message on an already open
// connection gets the new answer; each connection's counter is kept.
let connections = 0;

export function onConnection(socket) {
  const session = { id: ++connections, messages: 0 };
  // This arrow is created once per connection and keeps its own code (limeade follows
  // top-level functions, not closures): it only forwards to the top-level `onMessage`,
  // which does follow edits.
  socket.on('message', (data) => onMessage(socket, session, String(data)));
  socket.send(welcome(session));
}

export function onMessage(socket, session, text) {
  session.messages++;
  socket.send(reply(session, text));
}

export function welcome(session) {
  return `welcome, client ${session.id}`;
}

export function reply(session, text) {
  return `echo ${session.messages}: ${text}`;
}
