// The capability table (loader/capabilities.ts) is where limeade decides what the running
// Node offers. Tables for pretend Nodes show what each entry makes the code do; child
// processes show that register.ts installs the hook kind the table names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { capabilities, capabilitiesOf } from '../../dist/loader/capabilities.js';
import { afterResolve } from '../../dist/loader/hooks.js';
import { stripperFor, stripTypes } from '../../dist/loader/typescript.js';
import { NODES, ROOT } from '../helpers.mjs';

const registerHooks = () => {};
const node20 = { features: { require_module: true } };
const node24 = { features: { require_module: true, typescript: 'strip' } };

test('the table for this Node says what this Node has, and is made once', () => {
  const caps = capabilities();
  assert.equal(capabilities(), caps);
  assert.ok(Object.isFrozen(caps));
  const hasHooks = typeof nodeModule.registerHooks === 'function' && process.env.LIMEADE_HOOKS !== 'register';
  assert.equal(caps.inThreadHooks, hasHooks ? nodeModule.registerHooks : undefined);
  assert.equal(caps.requireModule, !!process.features.require_module);
  assert.equal(caps.nodeStripsTypes, !!process.features.typescript);
  assert.equal(caps.builtinTypeStripper, typeof nodeModule.stripTypeScriptTypes === 'function' ? nodeModule.stripTypeScriptTypes : undefined);
  assert.deepEqual(Object.keys(caps).sort(), ['builtinTypeStripper', 'inThreadHooks', 'nodeStripsTypes', 'requireModule']);
});

test('without module.registerHooks (Node 20) the hooks run on the hooks thread', () => {
  assert.equal(capabilitiesOf({ register() {} }, node20, {}).inThreadHooks, undefined);
});

test('with module.registerHooks the hooks run in-thread, unless LIMEADE_HOOKS=register', () => {
  assert.equal(capabilitiesOf({ registerHooks }, node24, {}).inThreadHooks, registerHooks);
  assert.equal(capabilitiesOf({ registerHooks }, node24, { LIMEADE_HOOKS: 'register' }).inThreadHooks, undefined);
  assert.equal(capabilitiesOf({ registerHooks }, node24, { LIMEADE_HOOKS: 'registerHooks' }).inThreadHooks, registerHooks);
});

test('requireModule and nodeStripsTypes follow process.features', () => {
  assert.equal(capabilitiesOf({}, { features: {} }, {}).requireModule, false);
  assert.equal(capabilitiesOf({}, node20, {}).requireModule, true);
  assert.equal(capabilitiesOf({}, node20, {}).nodeStripsTypes, false);
  assert.equal(capabilitiesOf({}, node24, {}).nodeStripsTypes, true);
  assert.equal(capabilitiesOf({}, { features: { typescript: false } }, {}).nodeStripsTypes, false);
});

test('where Node does not strip types, the resolve hook gives a .ts file the format module', () => {
  const url = pathToFileURL(join(tmpdir(), 'x.ts')).href;
  const state = (features) => ({ caps: capabilitiesOf({}, { features }, {}), versions: new Map() });
  assert.equal(afterResolve({ url, format: null }, state(node20.features)).format, 'module');
  assert.equal(afterResolve({ url, format: null }, state(node24.features)).format, null);
});

const ts = 'export const n: number = 1;\nfunction f<T>(x: T): T { return x; }\n';

test("with module.stripTypeScriptTypes, types are stripped by Node's built-in", () => {
  const calls = [];
  const stripTypeScriptTypes = (code, options) => (calls.push(options), `built-in:${code.length}`);
  const strip = stripperFor(capabilitiesOf({ stripTypeScriptTypes }, node24, {}));
  assert.equal(strip(ts), `built-in:${ts.length}`);
  assert.deepEqual(calls, [{ mode: 'strip' }]);
});

test('without module.stripTypeScriptTypes, types are stripped by the amaro package', () => {
  const amaro = createRequire(join(ROOT, 'package.json'))('amaro');
  const strip = stripperFor(capabilitiesOf({}, node20, {}));
  assert.equal(strip(ts), amaro.transformSync(ts, { mode: 'strip-only' }).code);
  // Either stripper keeps every position: the runtime's stripTypes agrees with the package.
  assert.equal(stripTypes(ts), strip(ts));
});

// Records which of module.register / module.registerHooks limeade calls, and whether this
// Node has registerHooks at all.
const SPY = `
import module, { syncBuiltinESMExports } from 'node:module';
const has = typeof module.registerHooks === 'function';
const called = [];
for (const name of ['register', 'registerHooks']) {
  const real = module[name];
  if (typeof real === 'function') module[name] = function (...args) { called.push(name); return real.apply(this, args); };
}
syncBuiltinESMExports();
const major = Number(process.versions.node.split('.')[0]);
process.on('exit', () => process.stdout.write('@@' + JSON.stringify({ has, called, major }) + '\\n'));
`;

function hookKind(t, node, env) {
  const dir = mkdtempSync(join(tmpdir(), 'limeade-caps-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'spy.mjs'), SPY);
  writeFileSync(join(dir, 'app.mjs'), 'export const ok = 1;\n');
  const register = pathToFileURL(join(ROOT, 'dist', 'loader', 'register.js')).href;
  const r = spawnSync(node, ['--import', pathToFileURL(join(dir, 'spy.mjs')).href, '--import', register, join(dir, 'app.mjs')], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NODE_OPTIONS: '', LIMEADE_WATCH: '0', LIMEADE_CACHE: '0', LIMEADE_HOOKS: '', ...env },
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@'));
  assert.ok(r.status === 0 && line, `child failed (status ${r.status}, ${r.error ?? ''}):\n${r.stdout}\n${r.stderr}`);
  const deprecations = [...r.stderr.matchAll(/\[(\w+)\] DeprecationWarning/g)].map((m) => m[1]);
  return { ...JSON.parse(line.slice(2)), deprecations };
}

for (const node of NODES) {
  const label = node === process.execPath ? process.version : node.replace(ROOT + sep, '');
  test(`register.ts installs the hook kind the table names [${label}]`, (t) => {
    const plain = hookKind(t, node, {});
    assert.deepEqual(plain.called, [plain.has ? 'registerHooks' : 'register']);
    assert.deepEqual(plain.deprecations, [], 'limeade made Node print a deprecation warning');
    // Asked for, module.register is what runs, and from Node 26 (DEP0205) Node says it is
    // deprecated: the only warning, and only where the user asked for it.
    const forced = hookKind(t, node, { LIMEADE_HOOKS: 'register' });
    assert.deepEqual(forced.called, ['register']);
    assert.deepEqual(forced.deprecations, forced.major >= 26 ? ['DEP0205'] : []);
  });
}
