// What the server says. Edit `reply` (or `welcome`, or the message handler inside
// `onConnection`) and the next message on an already open connection gets the new answer;
// each connection's counter is kept.
let connections = 0;

export function onConnection(socket) {
  const session = { id: ++connections, messages: 0 };
  // Made once per connection, inline: edit its body and save, and the connections already
  // open run the new body, each with its own socket and session.
  socket.on('message', (data) => {
    session.messages++;
    socket.send(reply(session, String(data)));
  });
  socket.send(welcome(session));
}

export function welcome(session) {
  return `welcome, client ${session.id}`;
}

export function reply(session, text) {
  return `echo ${session.messages}: ${text}`;
}
