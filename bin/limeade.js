#!/usr/bin/env node
// `limeade [node flags] app.ts [args]` runs `node [node flags] --import limeade/register app.ts [args]`.
// Plain JavaScript, not compiled (tsc builds loader/ and runtime/ into dist/, which it runs).
// limeade's hooks are registered after the user's own `--import`s (tsx), so they run first
// in the loader chain and see what the others made.
import { spawn } from 'node:child_process';
import { isatty } from 'node:tty';

const REGISTER = new URL('../dist/loader/register.js', import.meta.url).href;
/** Node flags that take their value as the next argument (`--import tsx`). */
const WITH_VALUE = new Set([
  '-r', '--require', '-e', '--eval', '-p', '--print', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--env-file',
  '--env-file-if-exists', '--input-type', '--inspect-port', '--debug-port', '--title', '--disable-warning',
  '--watch-path', '--test-reporter', '--test-reporter-destination',
  '--test-name-pattern', '--test-skip-pattern', '--experimental-config-file', '--redirect-warnings',
]);

const argv = process.argv.slice(2);
if (!argv.length) {
  process.stderr.write(
    'usage: limeade [node options] <script> [arguments]\n' +
      '  runs `node [node options] --import limeade/register <script> [arguments]`: edits to the\n' +
      "  program's own files apply while it runs (see limeade's README).\n",
  );
  process.exit(2);
}

/** Node's own flags end at the first argument that is neither a flag nor a flag's value. */
let i = 0;
while (i < argv.length && argv[i].startsWith('-') && argv[i] !== '-' && argv[i] !== '--') {
  if (WITH_VALUE.has(argv[i])) i++;
  i++;
}
if (argv[i] === '--') i++; // `limeade --inspect -- app.js`: the script follows
const nodeFlags = argv.slice(0, i).filter((a) => a !== '--');
const rest = argv.slice(i);

const child = spawn(process.execPath, [...nodeFlags, '--import', REGISTER, ...rest], { stdio: 'inherit' });

// Signals sent to this process go to the program. Ctrl-C in a terminal already reaches the
// program (same process group): forwarding it would deliver it twice.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR2'];
const relay = (signal) => {
  if (signal === 'SIGINT' && isatty(0)) return; // (process.stdin would open a stream on the program's input)
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};
for (const s of SIGNALS) process.on(s, relay);

child.on('error', (err) => {
  process.stderr.write(`[limeade] could not start ${process.execPath}: ${err.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  for (const s of SIGNALS) process.off(s, relay);
  if (signal) {
    // Die of the same signal, so the shell sees what the program did (128 + n).
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
