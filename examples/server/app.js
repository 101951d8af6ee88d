// The entry point: start the server once. Everything it serves lives in routes.js,
// store.js and model.js; edit those while it runs and the next request sees the change.
import { createServer } from 'node:http';
import { handler } from './routes.js';

// The server holds `handler` from the first load; limeade keeps that same function
// object and makes it run the newest code of routes.js after each save.
const server = createServer(handler);

// PORT=0 asks the system for a free port; the line below prints the one we got.
server.listen(Number(process.env.PORT ?? 3000), () => {
  console.log(`todo server listening on http://localhost:${server.address().port}`);
});
