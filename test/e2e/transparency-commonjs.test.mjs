// Instrumentation is transparent for CommonJS too: a program in a package with no "type" uses
// real CommonJS packages from npm (express with its router, body-parser and qs, fastify with
// avvio and find-my-way, pino, ajv, semver, micromatch, debug, ms, cookie, mime-types) with
// every one of their files instrumented (LIMEADE_INCLUDE=node_modules, ~440 files), serves and
// answers HTTP requests, and prints what it computed: the output must be the one plain node
// prints. Where `require` reaches limeade's hooks (Node ≥ 22.15); on Node 20 there is nothing
// to compare (CommonJS loads untouched there).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { NODES, ROOT } from '../helpers.mjs';

const PACKAGES = ['express', 'fastify', 'semver', 'micromatch', 'qs', 'ajv', 'picocolors', 'ms', 'debug', 'cookie', 'mime-types', 'pino'];

const APP = `const out = [];
const express = require('express');
const fastify = require('fastify');
const semver = require('semver');
const micromatch = require('micromatch');
const qs = require('qs');
const Ajv = require('ajv');
const picocolors = require('picocolors');
const ms = require('ms');
const debug = require('debug');
const { parse: parseCookie } = require('cookie');
const mime = require('mime-types');
const pino = require('pino');
out.push(semver.satisfies('1.2.3', '^1.0.0'), semver.inc('1.2.3', 'minor'), semver.sort(['1.10.0', '1.2.0', '1.9.9']), micromatch(['a.js', 'b.ts', 'c/d.js'], '**/*.js'));
out.push(qs.parse('a[b]=1&c=2&d[]=3&d[]=4'), qs.stringify({ a: { b: [1, 2] } }));
const ajv = new Ajv();
const validate = ajv.compile({ type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] });
out.push(validate({ n: 1 }), validate({ n: 'x' }), validate.errors?.[0]?.message);
out.push(picocolors.red('x').length, ms('2 days'), ms(60000), parseCookie('a=1; b=2'), mime.lookup('x.json'), typeof debug('x'));
const app = express();
app.use(express.json());
app.get('/u/:id', (req, res) => res.json({ id: req.params.id, q: req.query }));
app.post('/echo', (req, res) => res.json(req.body));
const f = fastify();
f.get('/f/:x', async (req) => ({ x: req.params.x, q: req.query }));
const server = app.listen(0, '127.0.0.1', async () => {
  const base = 'http://127.0.0.1:' + server.address().port;
  out.push(await fetch(base + '/u/42?a=1&b[c]=2').then((r) => r.json()));
  out.push(await fetch(base + '/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ z: [1, { y: 2 }] }) }).then((r) => r.json()));
  out.push(await fetch(base + '/nope').then((r) => r.status));
  out.push((await f.inject({ method: 'GET', url: '/f/7?k=v' })).json());
  const logs = [];
  pino({ base: null, timestamp: false }, { write: (s) => logs.push(s) }).info({ a: 1 }, 'hello');
  out.push(logs);
  console.log(JSON.stringify(out));
  if (globalThis.__limeade) console.error('INSTRUMENTED ' + globalThis.__limeade.status().modules.length);
  server.close();
  await f.close();
});
`;

function run(node, dir, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [...args, 'app.js'], { cwd: dir, env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`timed out\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`));
    }, 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

for (const node of NODES) {
  const label = node === process.execPath ? `Node ${process.versions.node}` : `Node ${node.match(/node(\d+)[\\/]bin/)?.[1] ?? node}`;
  test(`real CommonJS packages, every file instrumented, behave the same with and without limeade [${label}]`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'limeade-cjs-transparency-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'node_modules'));
    await symlink(ROOT, join(dir, 'node_modules', 'limeade'), 'dir');
    for (const p of PACKAGES) await symlink(join(ROOT, 'node_modules', p), join(dir, 'node_modules', p), 'dir');
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'cjs-transparency', private: true }));
    await writeFile(join(dir, 'app.js'), APP);
    const plain = await run(node, dir, [], {});
    assert.equal(plain.code, 0, plain.stderr);
    const live = await run(node, dir, ['--import', 'limeade/register'], { LIMEADE_INCLUDE: `${dir},node_modules`, LIMEADE_WATCH: '0', LIMEADE_CACHE: '0' });
    assert.equal(live.code, 0, live.stderr);
    const count = Number(/INSTRUMENTED (\d+)/.exec(live.stderr)?.[1] ?? 0);
    if (count === 0) {
      assert.match(live.stderr, /CommonJS, which is not live/, 'no instrumented module: only where require is not seen');
      return t.skip(`${label}: require does not reach the hooks`);
    }
    assert.ok(count > 300, `${count} modules instrumented`);
    assert.equal(live.stdout, plain.stdout);
    t.diagnostic(`${count} modules instrumented`);
  });
}
