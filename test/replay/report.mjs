// Figures of a replay (what issue 12 measures) and their text form.

const pct = (n, d) => (d ? `${((100 * n) / d).toFixed(1)}%` : '—');

/**
 * A refresh that failed, after which every later refresh failed the same way (at least one
 * later refresh, and the fresh processes loading those files): the program is stuck until a
 * restart. Returns `{ from, refreshes, kind, message }` or null.
 */
export function findStuck(steps) {
  const edits = steps.filter((s) => s.report);
  const sig = (s) => (s.report.ok ? null : `${s.report.kind} ${s.report.message}`);
  let from = edits.length;
  while (from > 0 && sig(edits[from - 1]) !== null && sig(edits[from - 1]) === sig(edits.at(-1)) && !edits[from - 1].freshLoadError) from--;
  if (from >= edits.length - 1) return null;
  const first = edits[from];
  return { from: first.label, refreshes: edits.length - from, kind: first.report.kind, message: first.report.message };
}

/**
 * Steps where a call or held-function case starts to differ (or differs otherwise than at
 * the previous step): once a live process diverges it usually stays diverged, so this
 * counts the edits that broke something, where the % equal counts the steps that were wrong.
 */
function newDifferenceSteps(steps) {
  let before = new Set();
  let n = 0;
  for (const s of steps) {
    const now = new Set([...s.calls.diffs.map((d) => `c${key(d)}`), ...s.held.diffs.map((d) => `h${key(d)}`)]);
    if ([...now].some((k) => !before.has(k))) n++;
    before = now;
  }
  return n;
}

/**
 * Runs of two or more consecutive refreshes failing the same way, though every step changed
 * files (and fresh processes load them): `[{ from, refreshes, kind, message }]`.
 */
export function failureRuns(steps) {
  const runs = [];
  let run = null;
  for (const s of steps.filter((x) => x.report)) {
    const sig = s.report.ok || s.freshLoadError ? null : `${s.report.kind} ${s.report.message}`;
    if (sig && run?.sig === sig) run.refreshes++;
    else {
      if (run?.refreshes > 1) runs.push(run);
      run = sig ? { sig, from: s.label, refreshes: 1, kind: s.report.kind, message: s.report.message } : null;
    }
  }
  if (run?.refreshes > 1) runs.push(run);
  return runs.map(({ sig, ...r }) => r);
}

export function summarize(result) {
  const edits = result.steps.filter((s) => s.report);
  const comparable = edits.filter((s) => !s.freshLoadError);
  const count = (f) => comparable.filter(f).length;
  const failures = {};
  for (const s of edits) if (!s.report.ok) failures[s.report.kind] = (failures[s.report.kind] ?? 0) + 1;
  const checked = result.steps.filter((s) => s.oracle);
  const start = result.steps[0];
  return {
    project: result.project,
    node: result.nodeVersion ?? result.node,
    window: result.window.length ? `${result.window[0]} → ${result.window.at(-1)}` : '',
    steps: edits.length,
    comparable: comparable.length,
    freshLoadErrors: edits.length - comparable.length,
    startEqual: start && !start.freshLoadError ? !start.calls.diffs.length && !start.held.diffs.length && !start.inst.diffs.length : null,
    callsEqual: count((s) => !s.calls.diffs.length),
    heldEqual: count((s) => !s.held.diffs.length),
    bothEqual: count((s) => !s.calls.diffs.length && !s.held.diffs.length),
    instDiffSteps: count((s) => s.inst.diffs.length > 0),
    newDiffSteps: newDifferenceSteps(comparable),
    instCases: comparable[0]?.inst.cases ?? 0,
    shapeSteps: count((s) => s.calls.shape.length + s.held.shape.length + s.inst.shape.length > 0),
    retargetSteps: count((s) => (s.calls.retarget?.length ?? 0) + (s.held.retarget?.length ?? 0) > 0),
    retargetCases: comparable.reduce((m, s) => Math.max(m, (s.calls.retarget?.length ?? 0)), 0),
    refreshOk: edits.filter((s) => s.report.ok).length,
    failures,
    reimports: edits.filter((s) => s.report.modules.some((m) => m.path === 'reimport')).length,
    internal: failures.internal ?? 0,
    stuck: findStuck(result.steps),
    failureRuns: failureRuns(result.steps),
    oracleChecked: checked.length,
    oracleAgree: checked.filter((s) => s.oracle.agree).length,
    repeatable: result.steps.filter((s) => !s.freshLoadError && !s.repeatable).length,
    loaded: result.steps.filter((s) => !s.freshLoadError).length,
    died: result.died ?? null,
  };
}

const show = (v, max = 300) => {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > max ? s.slice(0, max) + '…' : s;
};

function describeReport(r) {
  if (!r) return 'start';
  const paths = [...new Set(r.modules.map((m) => m.path))].join('+') || 'no modules';
  return r.ok ? `refresh ok (${paths})` : `refresh FAILED ${r.kind}: ${r.message}`;
}

/**
 * Where two serialized values first differ: `{ path, expected, actual }` (path like
 * `.meta.errors[1]`; a missing key shows as `(absent)`).
 */
export function firstDiffPath(x, y, path = '') {
  if (JSON.stringify(x) === JSON.stringify(y)) return null;
  // A value against a throw: the whole of both says more than '.ok (absent)'.
  if (!path && x && y && typeof x === 'object' && typeof y === 'object' && ('ok' in x) !== ('ok' in y)) return { path: '(result)', expected: x, actual: y };
  const isObj = (v) => v !== null && typeof v === 'object';
  if (Array.isArray(x) && Array.isArray(y)) {
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      if (i >= x.length || i >= y.length) return { path: `${path}.length`, expected: x.length, actual: y.length };
      const d = firstDiffPath(x[i], y[i], `${path}[${i}]`);
      if (d) return d;
    }
  } else if (isObj(x) && isObj(y) && !Array.isArray(x) && !Array.isArray(y)) {
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
      if (!(k in x) || !(k in y)) return { path: `${path}.${k}`, expected: k in x ? x[k] : '(absent)', actual: k in y ? y[k] : '(absent)' };
      const d = firstDiffPath(x[k], y[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return { path: path || '(value)', expected: x, actual: y };
}

const key = (d) => `${d.case}\u0000${JSON.stringify(d.expected)}\u0000${JSON.stringify(d.actual)}`;

/** The first difference of a group that is new at this step (else the first), and how many are new. */
function pick(group, previous) {
  const before = new Set((previous?.diffs ?? []).map(key));
  const fresh = group.diffs.filter((d) => !before.has(key(d)));
  return { d: fresh[0] ?? group.diffs[0], fresh: fresh.length };
}

/** The figures and every diverging step with its first difference, as text. */
export function format(result, { verbose = false } = {}) {
  const f = summarize(result);
  const lines = [];
  lines.push(`== ${f.project}  ${f.window}  (${f.steps} steps, node ${f.node}, oracle: fresh process under ${result.oracle === 'plain' ? 'plain node' : 'limeade'})`);
  if (f.died) lines.push(`  LIVE PROCESS DIED at ${f.died.step}: ${f.died.message}`);
  lines.push(`  start: live equal to fresh: ${f.startEqual}`);
  lines.push(`  calls equal to fresh:   ${f.callsEqual}/${f.comparable} (${pct(f.callsEqual, f.comparable)})`);
  lines.push(`  held equal to fresh:    ${f.heldEqual}/${f.comparable} (${pct(f.heldEqual, f.comparable)})`);
  lines.push(`  calls and held equal:   ${f.bothEqual}/${f.comparable} (${pct(f.bothEqual, f.comparable)})`);
  lines.push(`  steps with a new difference: ${f.newDiffSteps} (edits after which some call or held function first differs)`);
  lines.push(`  old instances differ:   ${f.instDiffSteps}/${f.comparable} steps (${f.instCases} instance cases; reported apart)`);
  lines.push(`  namespace shape:        ${f.shapeSteps} steps with a case on an export added/removed since start (apart)`);
  lines.push(`  re-export retargeted:   ${f.retargetSteps} steps with a case on a name re-exported from another module than at start, the first target still exported (apart; at most ${f.retargetCases} cases a step)`);
  lines.push(`  refreshes:              ${f.refreshOk}/${f.steps} ok; failed by kind ${show(f.failures)}; ${f.reimports} with a re-import`);
  lines.push(`  internal errors:        ${f.internal}`);
  lines.push(`  stuck:                  ${f.stuck ? `from ${f.stuck.from}, ${f.stuck.refreshes} refreshes failing the same way: ${f.stuck.kind} ${f.stuck.message}` : 0}`);
  for (const r of f.failureRuns) lines.push(`  same failure repeated: from ${r.from}, ${r.refreshes} refreshes in a row: ${r.kind} ${r.message}`);
  if (f.freshLoadErrors) lines.push(`  fresh process failed to load: ${f.freshLoadErrors} steps (not compared)`);
  lines.push(`  oracle:                 two fresh processes agree on ${f.oracleChecked ? `${f.oracleAgree}/${f.oracleChecked}` : '(not checked)'} steps; probe repeatable on ${f.repeatable}/${f.loaded}`);
  let previous = null;
  for (const s of result.steps) {
    const groups = s.freshLoadError ? [] : ['calls', 'held', 'inst'].filter((g) => s[g].diffs.length || (verbose && (s[g].shape.length || s[g].retarget?.length)));
    const problems = [];
    if (s.freshLoadError) problems.push(`      fresh process failed to load: ${s.freshLoadError.name}: ${s.freshLoadError.message}`);
    if (s.oracle && !s.oracle.agree) problems.push(`      ORACLE DISAGREES: ${show(s.oracle.diff)}`);
    if (s.repeatable) problems.push(`      probe not repeatable: ${show(s.repeatable)}`);
    if (groups.length || problems.length || !(s.report?.ok ?? true)) {
      const files = s.report ? ` [${s.files.changed} changed, ${s.files.added} added, ${s.files.removed} removed]` : '';
      lines.push(`  - ${s.label}${files}: ${describeReport(s.report)}`);
      const reimports = s.report?.modules.filter((m) => m.path === 'reimport') ?? [];
      for (const m of reimports.slice(0, 3)) lines.push(`      re-import ${m.file}: ${m.reason}`);
      if (reimports.length > 3) lines.push(`      … and ${reimports.length - 3} more re-imports`);
      for (const g of groups) {
        const { d, fresh } = s[g].diffs.length ? pick(s[g], previous?.[g]) : { d: s[g].shape[0] ?? s[g].retarget[0], fresh: 0 };
        const at = firstDiffPath(d.expected, d.actual);
        const apart = [s[g].shape.length && `${s[g].shape.length} apart (namespace shape)`, s[g].retarget?.length && `${s[g].retarget.length} apart (re-export retargeted)`].filter(Boolean);
        lines.push(`      ${g}: ${s[g].diffs.length} of ${s[g].cases} differ (${fresh} new since the previous step)${apart.length ? `, ${apart.join(', ')}` : ''}; '${d.case}' at ${at.path}:`);
        lines.push(`        expected ${show(at.expected)}`);
        lines.push(`        actual   ${show(at.actual)}`);
      }
      lines.push(...problems);
    }
    if (!s.freshLoadError) previous = s;
  }
  return lines.join('\n');
}
