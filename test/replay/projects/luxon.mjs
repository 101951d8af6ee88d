// luxon: a date and time library, replayed as published in its ES module source (`src/`, 24
// modules, every import with its `.js`; `build/es6/luxon.js` is the same code bundled). In it:
// the classes `DateTime` (immutable: a constructor that computes and freezes nothing but
// stores `ts`, `zone`, `loc`, `invalid`, the cached Gregorian and week objects `c`, `o`,
// `weekData`; ~25 statics, ~100 getters and methods), `Duration` (`values`, `loc`,
// `conversionAccuracy`, matrices of unit conversions at top level), `Interval` (`s`, `e`),
// `Info` (statics only), `Settings` whose static accessors read and write module-level `let`s
// (`defaultZone`, `defaultLocale`, `now`, `throwOnInvalid`, `twoDigitCutoffYear`,
// `defaultWeekSettings`), `Zone` → `FixedOffsetZone` (a `singleton` `let`, `instance(offset)`),
// `IANAZone` (a module-level cache of zones and `Intl.DateTimeFormat`s), `InvalidZone`,
// `SystemZone`; in `impl/`: `Locale` (caches of `Intl` formatters keyed by JSON, its own
// `create`/`fromOpts`, a `PolyNumberFormatter`, `PolyDateFormatter`, `PolyRelFormatter`),
// `Formatter` (token formats as closures), the regexp parsers combined by `combineRegexes`
// and `combineExtractors` at top level, `tokenParser` building regexps per format, the
// English tables. No dependencies. What a program holds after start: DateTimes, durations
// and intervals it made, zones, and the Settings it chose.
//
// Window: 2.0.0 → 3.7.2 (33 releases, every one with the same 11 exports from `luxon.js`):
// 2.0 renamed `Settings.defaultZoneName` and dropped `LocalZone`, so 1.x would be a window of
// its own. 3.0.2 is left out: its `info.js` imports `./impl/formatter` without `.js`, which
// no fresh process loads (its builds were fine; 3.0.3 restored the extension). Along the way:
// `Duration.fromDurationLike` (2.1.0), `toHuman` (2.3.0), `rescale` and `shiftToAll` (3.1.0),
// `Settings.twoDigitCutoffYear` (3.1.1), `defaultWeekSettings` and the locale-aware week
// methods (3.4.4), `buildFormatParser`/`fromFormatParser` (3.5.0), `removeZeros` (3.7.0), the
// `VERSION` constant every release. Releases whose files did not change are dropped by the
// replay.
//
// What differs from a fresh process (Node 24, 2026-12): 3.4.4 makes `impl/util.js` import
// `dayOfWeek` and `isoWeekdayToLocal` from `impl/conversions.js`, which imports util.js (a new
// cycle) and adds them in the same save; both are imported again, one at a time in load
// order, and util.js's new version links to the running conversions.js, which lacks them: the
// refresh fails ("does not provide an export named 'dayOfWeek'"), and so does every later one
// that retries the text (3.5.0–3.7.0); 3.7.1 and 3.7.2 apply without it (`stillFailing`).
// Started at 3.4.3 (the short window) the same happens one link over, in the cycle util.js →
// settings.js → locale.js → util.js: locale.js's new version links to the running util.js
// ("… named 'hasLocaleWeekInfo'"). Before 3.4.4 calls, held functions and old instances are
// equal on every step.
export default {
  name: 'luxon',
  kind: 'a date library in 24 ES modules: immutable DateTime/Duration/Interval classes, Settings as static accessors over module state, zones with caches, Intl formatter caches',
  source: {
    type: 'npm',
    package: 'luxon',
    root: 'src',
    include: (rel) => rel.endsWith('.js'),
  },
  entry: 'luxon.js',
  windows: {
    // CI: week settings and locale-aware weeks, with util.js ↔ conversions.js becoming a
    // cycle (3.4.4: the refresh fails, see above) → format parsers (3.5.0).
    short: ['3.4.3', '3.4.4', '3.5.0'],
    long: [
      '2.0.0', '2.0.1', '2.0.2', '2.1.0', '2.1.1', '2.2.0', '2.3.0', '2.3.1', '2.3.2',
      '2.4.0', '2.5.0', '2.5.1', '2.5.2', '3.0.0', '3.0.1', '3.0.3', '3.0.4',
      '3.1.0', '3.1.1', '3.2.0', '3.2.1', '3.3.0', '3.4.0', '3.4.1', '3.4.2', '3.4.3',
      '3.4.4', '3.5.0', '3.6.0', '3.6.1', '3.7.0', '3.7.1', '3.7.2',
    ],
  },
  probe: new URL('./luxon.probe.mjs', import.meta.url),
};
