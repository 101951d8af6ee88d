// A TypeScript HTTP server run by limeade alone: `node --import limeade/register app.ts`
// (or `npx limeade app.ts`), no other loader. limeade strips the types in place, so every
// line and column is where it is in this file, and edits of counter.ts and handlers.ts
// apply to the running server.
import { createServer } from 'node:http';
import { handle } from './handlers.js';

const server = createServer(handle);
// PORT=0 asks the system for a free port; the line below prints the one we got.
server.listen(Number(process.env.PORT ?? 3000), () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(`typescript example listening on http://localhost:${port}`);
});
