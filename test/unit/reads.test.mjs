// readsOf / linksOf (loader/reads.ts): what a top-level initializer reads while it evaluates,
// and how a module's names connect to other modules. Pure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModule } from '../../dist/loader/analyze.js';
import { linksOf } from '../../dist/loader/reads.js';

const valuesOf = (src) => Object.fromEntries(linksOf(parseModule(src), src).values.map((v) => [v.item.name || v.item.names.join(','), [...v.reads].sort()]));

test('an initializer reads what it refers to, not what a function it only creates refers to', () => {
  assert.deepEqual(
    valuesOf(`const a = b * c.d + e[f];
const g = { h, i: j, [k]: 1, m() { return n; } };
const o = () => p;
const q = (() => r)();
const s = new (class extends T { static u = v; w = x; y() { return z; } })();
const { aa, bb } = cc;
export default dd + 1;
`),
    {
      a: ['b', 'c', 'e', 'f'],
      g: ['h', 'j', 'k'],
      q: ['r'],
      s: ['T', 'v'],
      'aa,bb': ['cc'],
      default: ['dd'],
    },
  );
});

test('imports, exports, re-exports and star exports', () => {
  const src = `import d, { a as b, c } from './x.js';
import * as ns from './y.js';
export { b as B, c };
export { z as Z } from './z.js';
export * from './w.js';
export * as all from './v.js';
export const k = 1;
export default k;
`;
  const l = linksOf(parseModule(src), src);
  assert.deepEqual(Object.fromEntries(l.imports), {
    d: { from: './x.js', name: 'default' },
    b: { from: './x.js', name: 'a' },
    c: { from: './x.js', name: 'c' },
    ns: { from: './y.js', name: '*' },
  });
  assert.deepEqual(Object.fromEntries(l.exports), {
    B: { local: 'b' },
    c: { local: 'c' },
    Z: { from: './z.js', name: 'z' },
    all: { from: './v.js', name: '*' },
    k: { local: 'k' },
    default: { local: 'default' },
  });
  assert.deepEqual(l.stars, ['./w.js']);
});

test('CommonJS requires of top-level declarators are imports: the whole exports, destructured keys, one key; only relative specifiers', () => {
  const src = `'use strict';
const lib = require('./lib.cjs');
const { VERSION, greet: hello, opt = 1, ...rest } = require('./lib.cjs');
const port = require('./config.json').port;
const other = require('./x')[key];
const fs = require('node:fs');
const express = require('express');
const banner = 'lib ' + lib.VERSION + lib['other'];
const all = Object.keys(lib);
const { f, g: h } = lib;
const later = () => lib.VERSION;
const cfg = { port: require('./c.json').port, n: 1 };
if (x) require('./side.cjs');
function load() { return require('./lazy.cjs'); }
`;
  const l = linksOf(parseModule(src, false, true), src);
  assert.deepEqual(Object.fromEntries(l.requires), {
    lib: { from: './lib.cjs', name: '*' },
    VERSION: { from: './lib.cjs', name: 'VERSION' },
    hello: { from: './lib.cjs', name: 'greet' },
    opt: { from: './lib.cjs', name: 'opt' },
    port: { from: './config.json', name: 'port' },
    other: { from: './x', name: '' },
  });
  // Every relative require the top-level code calls (not one a function makes later): what the module evaluates first.
  assert.deepEqual(l.required, ['./lib.cjs', './lib.cjs', './config.json', './x', './c.json', './side.cjs']);
  const members = Object.fromEntries(l.values.map((v, i) => [v.item.name || v.item.names.join(','), l.members[i]]));
  assert.deepEqual(members.banner, new Map([['lib', new Set(['VERSION', 'other'])]]));
  assert.deepEqual(members.all, new Map([['lib', null]]));
  assert.deepEqual(members['f,h'], new Map([['lib', new Set(['f', 'g'])]]));
  assert.deepEqual(members.cfg, new Map([['require:./c.json', new Set(['port'])]]));
  // A declarator that is a require is not a reader of it.
  assert.deepEqual([members.lib, members.port], [new Map(), new Map()]);
});

test('an ES module without require has no requires', () => {
  const src = `import x from './x.js';\nexport const a = x.b;\n`;
  const l = linksOf(parseModule(src), src);
  assert.deepEqual([l.requires.size, l.required, l.members], [0, [], [new Map()]]);
});
