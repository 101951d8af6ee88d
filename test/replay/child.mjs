// One replay process (the live one, or a fresh oracle): `node [--import limeade/register]
// _replay/harness.mjs` in an app directory, driven over stdin with JSON lines as
// test/helpers.mjs does. Every wait is on the child's answer, with a timeout whose error
// carries what the child printed.
import { spawn } from 'node:child_process';
import { readMessages } from '../helpers.mjs';

/**
 * @param {{ node: string, dir: string, limeade: boolean, timeoutMs: number, env?: object }} o
 * @returns {Promise<Child>} once the child said `ready` (or failed to load the project:
 *   `child.loadError` is then set and the child has exited).
 */
export async function startChild({ node, dir, limeade, timeoutMs, env = {} }) {
  const args = limeade ? ['--import', 'limeade/register', '_replay/harness.mjs'] : ['_replay/harness.mjs'];
  const child = spawn(node, args, {
    cwd: dir,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      LIMEADE_WATCH: '0', // the replay calls refresh() itself, once per step
      LIMEADE_LOG: 'silent',
      LIMEADE_EXCLUDE: '_replay',
      TZ: 'UTC',
      LANG: 'C',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let exited = null;
  const pending = new Map();
  const output = () => `--- stdout (${dir}) ---\n${stdout.slice(-4000)}\n--- stderr ---\n${stderr.slice(-4000)}`;
  let gone;
  const exitPromise = new Promise((resolve) => { gone = resolve; });
  const onGone = (info) => {
    if (exited) return;
    exited = info;
    for (const reject of [...pending.values()].map((p) => p.reject)) reject(new Error(`child exited ${JSON.stringify(exited)}\n${output()}`));
    pending.clear();
    gone(exited);
  };
  child.on('exit', (code, signal) => onGone({ code, signal }));
  child.on('error', (err) => { stderr += `\n[replay] ${node}: ${err.message}\n`; onGone({ error: err.message }); });
  // Decoded as a stream (test/helpers.mjs readMessages): a character split between two
  // chunks must not become two U+FFFD (found by the replay's repeatability check).
  readMessages(
    child.stdout,
    (msg) => {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      p.resolve(msg);
    },
    (d) => {
      stdout += d;
    },
  );
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { stderr += d; });
  child.stdin.on('error', () => {}); // the child may exit before reading a command

  const wait = (id, what) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${output()}`));
    }, timeoutMs);
    pending.set(id, {
      resolve: (m) => { clearTimeout(timer); resolve(m); },
      reject: (e) => { clearTimeout(timer); reject(e); },
    });
  });

  let seq = 0;
  async function send(cmd) {
    const id = ++seq;
    const answer = wait(id, cmd);
    child.stdin.write(JSON.stringify({ id, cmd }) + '\n');
    const msg = await answer;
    if (msg.error) throw new Error(`${cmd} failed in the child: ${msg.error}\n${output()}`);
    return msg.result;
  }

  const ready = await wait('ready', 'ready').catch((e) => { child.kill(); throw e; });
  const api = {
    node: ready.node,
    loadError: ready.loadError ?? null,
    loadStack: ready.stack ?? null,
    output,
    refresh: () => send('refresh'),
    probe: () => send('probe'),
    async stop() {
      if (!exited) {
        child.stdin.end();
        child.kill();
        await exitPromise;
      }
    },
  };
  if (api.loadError) await exitPromise;
  return api;
}
