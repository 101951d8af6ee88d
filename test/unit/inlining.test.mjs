// loader/inlining.ts: when limeade widens V8's cumulative inlining budget for its handles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { widenInliningBudget } from '../../dist/loader/inlining.js';

test('the inlining budget is widened unless turned off or set by the user', () => {
  assert.equal(widenInliningBudget({ LIMEADE_V8_INLINING: '0' }, []), false);
  assert.equal(widenInliningBudget({}, ['--max-inlined-bytecode-size-cumulative=500']), false);
  assert.equal(widenInliningBudget({ NODE_OPTIONS: '--import x --max_inlined_bytecode_size_cumulative=700' }, []), false);
  assert.equal(widenInliningBudget({ NODE_OPTIONS: '--import limeade/register' }, ['--enable-source-maps']), true);
});
