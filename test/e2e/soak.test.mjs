// Short-mode soak (issue 6): test/soak/soak.mjs with 60 seeded edits against a live HTTP
// server, on the current Node only. The script exits 0 only if no crash, failed request,
// state loss or failed check happened; its summary table and first problem are shown on failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers.mjs';

test(
  'soak: 60 seeded edits (valid, invalid, delete/restore; four save patterns) under HTTP load',
  { timeout: 120000 },
  async () => {
    const child = spawn(process.execPath, [join(ROOT, 'test', 'soak', 'soak.mjs'), '--edits', '60', '--seed', '42'], {
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const code = await new Promise((r) => child.on('exit', (c) => r(c)));
    assert.equal(code, 0, out.slice(-6000));
  },
);
