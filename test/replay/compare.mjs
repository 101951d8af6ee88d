// Comparing one step: the live process's probe against a fresh process's (the expected
// values), case by case, in three groups:
//   calls — through the namespace imported at start (a live ESM binding);
//   held  — through the exports copied into variables at start (`const parse = lib.parse`);
//   inst  — on instances the probe's setup made at start (they may keep what the old
//           constructor did: reported apart).
// A case whose difference comes from a name the namespace did not have when the live
// process started (or has and the new files no longer export) is a *shape* difference: ESM
// cannot add or remove a namespace's exports, so it is counted apart, not as a divergence.
// So is a case that differs on a name whose re-export now points at another module while
// the first target is still exported (`retarget`, test/replay/targets.mjs): ESM links a
// namespace's re-export once, and a function copied from it IS the first target.

const same = (x, y) => JSON.stringify(x) === JSON.stringify(y);

const GROUPS = { calls: 'ns', held: 'held', inst: 'inst' };

function missingFor(probe, group, name) {
  const m = group === 'inst' ? probe.missing?.[`inst:${name}`]?.ns : probe.missing?.[name]?.[group];
  return m ?? [];
}

function diffGroup(live, fresh, group, retargeted) {
  const expected = fresh[group] ?? {};
  const actual = live[group] ?? {};
  const out = { cases: Object.keys(expected).length, diffs: [], shape: [], retarget: [] };
  for (const [name, want] of Object.entries(expected)) {
    const got = actual[name];
    if (same(want, got)) continue;
    const liveLacks = missingFor(live, group, name);
    const freshLacks = missingFor(fresh, group, name);
    const keys = [...liveLacks.filter((k) => !freshLacks.includes(k)), ...freshLacks.filter((k) => !liveLacks.includes(k))];
    if (keys.length) {
      out.shape.push({ case: name, expected: want, actual: got, keys });
      continue;
    }
    const moved = group === 'inst' ? [] : (live.used?.[name] ?? []).filter((k) => retargeted.has(k));
    (moved.length ? out.retarget : out.diffs).push({ case: name, expected: want, actual: got, ...(moved.length ? { keys: moved } : {}) });
  }
  return out;
}

/** The first case on which two probe results differ, or null. */
export function firstDifference(x, y) {
  if (!same(x.keys, y.keys)) return { case: '(export names)', expected: x.keys, actual: y.keys };
  for (const group of Object.values(GROUPS)) {
    for (const name of new Set([...Object.keys(x[group] ?? {}), ...Object.keys(y[group] ?? {})])) {
      if (!same(x[group]?.[name], y[group]?.[name])) return { case: `${group}:${name}`, expected: x[group]?.[name], actual: y[group]?.[name] };
    }
  }
  return null;
}

/**
 * `live`: the live probe; `a`: fresh process A (`{ probes: [p1, p2] }` or `{ loadError }`);
 * `b`: fresh process B, or null when the oracle is not checked; `retargeted`: the export
 * keys whose re-export points elsewhere than at start.
 */
export function compareStep(live, a, b, retargeted = new Set()) {
  if (a.loadError) {
    return { freshLoadError: a.loadError, oracle: b ? { agree: !!b.loadError && same(a.loadError, b.loadError) } : null };
  }
  const fresh = a.probes[0];
  const out = {};
  for (const [name, group] of Object.entries(GROUPS)) out[name] = diffGroup(live, fresh, group, retargeted);
  out.newExports = fresh.keys.filter((k) => !live.keys.includes(k));
  out.removedExports = live.keys.filter((k) => !fresh.keys.includes(k));
  out.repeatable = firstDifference(fresh, a.probes[1]);
  if (b) {
    const diff = b.loadError ? { case: '(load)', expected: 'loads', actual: b.loadError } : firstDifference(fresh, b.probes[0]);
    out.oracle = { agree: !diff, ...(diff ? { diff } : {}) };
  } else {
    out.oracle = null;
  }
  return out;
}
