import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './harness.mjs';

test('reimport inline', async (t) => {
  const src = (tag, extra = '', tag2 = 'w1') => `${extra}import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
export const handlers = [];
bus.on('join', (name) => { handlers.push(() => '${tag} ' + name); return '${tag}'; });
bus.on('part', (name) => { handlers.push(() => '${tag2} ' + name); });
export const server = { on: (f) => { handlers.push((x) => f(x) + '${tag}'); } };
`;
  const app = await load({ 'b.mjs': src('v1') });
  t.after(app.close);
  app.ns.bus.emit('join', 'ann');
  app.ns.bus.emit('part', 'al');
  const [h, p] = app.ns.handlers;
  app.write('b.mjs', src('v1', 'export class Added {}\n', 'w2'));
  let r = await app.refresh();
  console.log(JSON.stringify(r.modules.map((m) => [m.path, m.updated, m.notes, m.statements])));
  console.log(h(), p());
  app.write('b.mjs', src('v3', 'export class Added {}\n', 'w3'));
  r = await app.refresh();
  console.log(JSON.stringify(r.modules.map((m) => [m.path, m.updated, m.notes, m.statements])));
  app.ns.bus.emit('join', 'cy');
  console.log(app.ns.bus.listenerCount('join'), app.ns.handlers.map((f) => f()), h(), p());
});
