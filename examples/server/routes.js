// The request handler the server holds. Try editing the text of a response and
// `curl http://localhost:3000/todos` again: no restart, the todos are still there.
import { addTodo, findTodo, listTodos } from './store.js';

export async function handler(req, res) {
  try {
    await route(req, res);
  } catch (err) {
    // A mistake in an edit shows up here as a 500 instead of taking the server down.
    console.error(err);
    if (!res.headersSent) send(res, 500, `Internal error: ${err.message}\n`);
    else res.end();
  }
}

async function route(req, res) {
  const { pathname } = new URL(req.url, 'http://localhost');

  if (req.method === 'GET' && pathname === '/') {
    return send(res, 200, 'Todo server. GET /todos, POST /todos (body: title), POST /todos/:id/toggle\n');
  }

  if (req.method === 'GET' && pathname === '/todos') {
    const lines = listTodos().map((todo) => todo.describe());
    return send(res, 200, `Todos (${lines.length}):\n${lines.join('\n')}\n`);
  }

  if (req.method === 'POST' && pathname === '/todos') {
    const title = (await readBody(req)).trim();
    if (!title) return send(res, 400, 'A todo needs a title: send it as the request body.\n');
    const todo = addTodo(title);
    return send(res, 201, `Added ${todo.describe()}\n`);
  }

  const toggle = pathname.match(/^\/todos\/(\d+)\/toggle$/);
  if (req.method === 'POST' && toggle) {
    const todo = findTodo(toggle[1]);
    if (!todo) return send(res, 404, `No todo #${toggle[1]}\n`);
    todo.toggle();
    return send(res, 200, `Toggled ${todo.describe()}\n`);
  }

  send(res, 404, `Not found: ${req.method} ${pathname}\n`);
}

function send(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

async function readBody(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}
