// The request handler the server was created with: edit it and the next request runs the
// new code, through the same function object the server holds.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { counter, counters } from './counter.js';

type Route = (name: string) => string;

const routes: Record<string, Route> = {
  bump: (name) => {
    counter(name).bump();
    return counter(name).describe();
  },
  show: (name) => counter(name).describe(),
};

export function handle(req: IncomingMessage, res: ServerResponse): void {
  const [, action = 'list', name = 'clicks'] = (req.url ?? '/').split('/');
  const route = routes[action as keyof typeof routes];
  const body = route ? route(name) : [...counters.values()].map((c) => c.describe()).join('\n') || 'no counters yet';
  res.setHeader('content-type', 'text/plain');
  res.end(body + '\n');
}
