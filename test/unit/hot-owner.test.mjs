// Who owns an import.meta.hot registration (runtime/hot-plan.ts): the top-level statement or
// value declaration whose evaluation made the call; a function or class body owns nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HotRuntime } from '../../dist/runtime/hot.js';
import { checkHot } from '../../dist/runtime/hot-plan.js';

/** The part of the registry checkHot uses: it keeps the parse it made. */
const registry = { keepParse: (record, source, program) => void (record.parsed = { source, program }) };

const SOURCE = `const a = 1; foo();
function f() {
  x();
}
const b = (() => {
  y();
})(), c = z();
if (c) {
  w();
} v();
class K { m() { u(); } }
`;

function owners(sites) {
  const hot = new HotRuntime({ warn() {}, refresh() {} });
  const record = { url: 'file:///app/a.js', file: '/app/a.js', source: SOURCE };
  hot.attach(record, {});
  const m = hot.modules.get(record);
  m.regs = sites.map(([line, column]) => ({ kind: 'dispose', fn() {}, site: { line, column } }));
  assert.equal(checkHot(hot, registry, [{ record, source: SOURCE }]), undefined);
  assert.equal(record.parsed.source, SOURCE, 'the parse is kept for the differ');
  return m.regs.map((r) => r.owner);
}

test('owners: declarations by name, statements by text, function and class bodies none', () => {
  assert.deepEqual(owners([[3, 3], [6, 3], [7, 11], [9, 3], [10, 4], [11, 18]]), [
    null,
    { names: ['b'] },
    { names: ['c'] },
    { text: 'if (c) {\n  w();\n}' },
    { text: 'v();' },
    null,
  ]);
});

test('line 1 (columns shifted by the prologue) goes to its first statement; no site, no owner', () => {
  assert.deepEqual(owners([[1, 400]]), [{ names: ['a'] }]);
  const hot = new HotRuntime({ warn() {}, refresh() {} });
  const record = { url: 'file:///app/b.js', file: '/app/b.js', source: 'x();\n' };
  hot.attach(record, {});
  hot.modules.get(record).regs = [{ kind: 'on', fn() {}, site: undefined }];
  checkHot(hot, registry, [{ record, source: 'y();\n' }]);
  assert.equal(hot.modules.get(record).regs[0].owner, null);
});

test('a declined module stops the refresh with the line of its decline() call', () => {
  const hot = new HotRuntime({ warn() {}, refresh() {} });
  const record = { url: 'file:///app/c.js', file: '/app/c.js', source: 'x();\nimport.meta.hot.decline();\n' };
  hot.attach(record, {});
  hot.modules.get(record).declined = { line: 2, column: 17 };
  const e = checkHot(hot, registry, [{ record, source: 'y();\n' }]);
  assert.equal(e.kind, 'declined');
  assert.equal(e.line, 2);
  assert.equal(e.column, 16);
  assert.match(e.frame, /> 2 \| import\.meta\.hot\.decline\(\);/);
});
