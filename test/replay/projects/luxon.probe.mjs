// The luxon probe. `L` is `src/luxon.js`'s namespace (the same 11 names in every version of
// the window). Every case builds its DateTimes from FIXED instants (ISO strings, milliseconds,
// objects with a zone), never from the clock (`now()`, `local()` without arguments, a
// relative time without `base`), and formats them in fixed zones (`UTC`, `Europe/Berlin`,
// `America/New_York`, `Asia/Kolkata`, fixed offsets) and fixed locales (`en-US`, `de`). A
// DateTime, Duration or Interval is returned as what a program reads of it (ISO text, parts,
// `invalidReason`), never as the object. A method a version lacks throws, and the throw is its
// result.
//
// Settings are module state: `setup` sets `defaultLocale` and `defaultZone` once, as a program
// configures them at start; a case that needs other Settings sets them and restores what it
// found before returning (`withSettings`), so the probe can run twice. `setup` also keeps
// DateTimes, a Duration, an Interval, zones and a formatting closure made at start.

import { each } from './serialize.mjs';

const T0 = '2020-03-04T05:06:07.089Z';
const MS = 1583298367089; // T0
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC+5:30', 'utc-3', 'Etc/GMT+2', 'Nowhere/Land'];
const UNITS = ['years', 'quarters', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds'];
const START_UNITS = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second'];

/** What a program reads of a DateTime. */
const dt = (d) => (d && typeof d === 'object' && 'isValid' in d
  ? (d.isValid ? [d.toISO(), d.zoneName, d.offset, d.locale] : { invalid: d.invalidReason, explanation: d.invalidExplanation ?? null })
  : d);
const dur = (d) => (d && typeof d === 'object' && 'isValid' in d
  ? (d.isValid ? { iso: d.toISO(), values: d.toObject() } : { invalid: d.invalidReason, explanation: d.invalidExplanation ?? null })
  : d);
const ival = (i) => (i && typeof i === 'object' && 'isValid' in i
  ? (i.isValid ? i.toISO() : { invalid: i.invalidReason, explanation: i.invalidExplanation ?? null })
  : i);

/** Runs `fn` with some Settings changed, then puts back what they were. */
function withSettings(L, changes, fn) {
  const S = L.Settings;
  const before = Object.fromEntries(Object.keys(changes).map((k) => [k, S[k]]));
  try {
    for (const [k, v] of Object.entries(changes)) S[k] = v;
    return fn();
  } finally {
    for (const [k, v] of Object.entries(before)) S[k] = v;
  }
}

const zoneInfo = (z) => (z ? { class: z.constructor?.name, name: z.name, type: z.type, isUniversal: z.isUniversal, isValid: z.isValid } : z);

export const cases = {
  'exports': (L) => ({
    names: Object.keys(L).sort().map((k) => [k, typeof L[k]]),
    DateTime: Object.getOwnPropertyNames(L.DateTime).filter((k) => /^[A-Z_]+$/.test(k)).sort().map((k) => [k, L.DateTime[k]]),
    zones: [Object.getPrototypeOf(L.FixedOffsetZone) === L.Zone, Object.getPrototypeOf(L.IANAZone) === L.Zone, Object.getPrototypeOf(L.SystemZone) === L.Zone],
  }),
  'settings': (L) => ({
    zone: zoneInfo(L.Settings.defaultZone),
    locale: L.Settings.defaultLocale,
    numbering: L.Settings.defaultNumberingSystem ?? null,
    calendar: L.Settings.defaultOutputCalendar ?? null,
    throwOnInvalid: L.Settings.throwOnInvalid ?? null,
    made: dt(L.DateTime.fromISO('2021-06-01T12:00:00')),
    local: dt(L.DateTime.local(2021, 6, 1, 12)),
    switched: withSettings(L, { defaultZone: 'Asia/Kolkata', defaultLocale: 'de' }, () => [dt(L.DateTime.fromISO('2021-06-01T12:00:00')), L.DateTime.fromMillis(MS).toFormat('cccc, d. LLLL yyyy HH:mm ZZZZ')]),
    after: dt(L.DateTime.fromISO('2021-06-01T12:00:00')),
    throws: withSettings(L, { throwOnInvalid: true }, () => { try { return L.DateTime.fromISO('2021-13-01').toISO(); } catch (e) { return `${e.name}: ${e.message}`; } }),
  }),
  'parse': (L) => {
    const D = L.DateTime;
    return each([
      ['iso', () => ['2020-03-04T05:06:07.089Z', '2020-03-04T05:06:07+05:30', '2020-W10-3', '2020-064', '2020-03-04', '20200304T050607', '2020-03', 'T10:20', '2020-02-30', 'nope'].map((s) => dt(D.fromISO(s, { zone: 'UTC' })))],
      ['iso setZone', () => dt(D.fromISO('2020-03-04T05:06:07+05:30', { setZone: true }))],
      ['iso zone', () => dt(D.fromISO('2020-03-04T05:06:07', { zone: 'America/New_York' }))],
      ['sql', () => ['2020-03-04 05:06:07.089', '2020-03-04', '05:06:07', '2020-03-04 05:06:07 +02:00', '2020-03-04 05:06:07 Europe/Berlin'].map((s) => dt(D.fromSQL(s, { zone: 'UTC' })))],
      ['rfc2822', () => ['Wed, 04 Mar 2020 05:06:07 +0000', 'Tue, 01 Nov 2016 13:23:12 +0630', '04 Mar 2020 05:06 GMT', 'bad'].map((s) => dt(D.fromRFC2822(s, { zone: 'UTC' })))],
      ['http', () => ['Wed, 04 Mar 2020 05:06:07 GMT', 'Wednesday, 04-Mar-20 05:06:07 GMT', 'Wed Mar  4 05:06:07 2020'].map((s) => dt(D.fromHTTP(s)))],
      ['format', () => [
        ['04/03/2020 05:06', 'dd/MM/yyyy HH:mm'], ['March 4, 2020', 'MMMM d, yyyy'], ['4. März 2020', 'd. MMMM yyyy', 'de'],
        ['2020-03-04 5:06 PM', 'yyyy-MM-dd h:mm a'], ['20 1 1', 'yy o E'], ['2020-03-04T05:06:07+02:00', "yyyy-MM-dd'T'HH:mm:ssZZ"],
        ['1583298367', 'X'], ['1583298367089', 'x'], ['2020 W10 3', "kkkk 'W'WW c"], ['Mittwoch', 'EEEE', 'de'], ['mismatch', 'yyyy'],
      ].map(([s, f, locale]) => dt(D.fromFormat(s, f, { zone: 'UTC', locale: locale ?? 'en-US' })))],
      ['format explain', () => { const e = D.fromFormatExplain('2020-03-04', 'yyyy-MM-dd'); return { regex: String(e.regex), matches: e.matches, result: e.result, invalidReason: e.invalidReason ?? null }; }],
      ['millis seconds', () => [dt(D.fromMillis(MS, { zone: 'UTC' })), dt(D.fromSeconds(MS / 1000, { zone: 'Asia/Kolkata' }))]],
      ['millis not a number', () => dt(D.fromMillis('x'))],
      ['object', () => [
        { year: 2020, month: 3, day: 4, hour: 5 }, { weekYear: 2020, weekNumber: 10, weekday: 3 }, { ordinal: 64, year: 2020 },
        { year: 2020, month: 13 }, { year: 2021, month: 2, day: 29 }, { hour: 25 },
      ].map((o) => dt(D.fromObject({ ...o }, { zone: 'UTC' })))],
      ['object with a zone key', () => dt(D.fromObject({ year: 2020, month: 3, day: 4, zone: 'Europe/Berlin' }))],
      ['jsdate', () => [dt(D.fromJSDate(new Date(MS), { zone: 'Europe/Berlin' })), dt(D.fromJSDate(new Date(NaN)))]],
      ['utc and local with args', () => [dt(D.utc(2020, 3, 4, 5, 6, 7, 89)), dt(D.local(2020, 3, 4, { zone: 'Asia/Kolkata' }))]],
      ['invalid', () => [dt(D.invalid('my reason', 'my explanation')), dt(D.fromISO('2020-03-04', { zone: 'Nowhere/Land' }))]],
      ['min max', () => [dt(D.min(D.fromMillis(MS), D.fromMillis(0))), dt(D.max(D.fromMillis(MS), D.fromMillis(0))), D.min() ?? null]],
      ['isDateTime', () => [D.isDateTime(D.fromMillis(MS)), D.isDateTime(new Date(MS)), D.isDateTime({ isLuxonDateTime: true })]],
      ['two digit years', () => ['01', '49', '50', '99', '68', '69'].map((y) => D.fromFormat(y, 'yy', { zone: 'UTC' }).year)],
      ['format parser', () => (typeof D.buildFormatParser === 'function' ? dt(D.fromFormatParser('2020/03/04', D.buildFormatParser('yyyy/MM/dd', { locale: 'en-US' }), { zone: 'UTC' })) : 'none')],
    ]);
  },
  'format': (L) => {
    const d = L.DateTime.fromISO(T0, { zone: 'UTC' });
    const F = L.DateTime;
    const presets = ['DATE_SHORT', 'DATE_MED', 'DATE_MED_WITH_WEEKDAY', 'DATE_FULL', 'DATE_HUGE', 'TIME_SIMPLE', 'TIME_WITH_SECONDS', 'TIME_WITH_SHORT_OFFSET', 'TIME_24_SIMPLE', 'DATETIME_SHORT', 'DATETIME_MED', 'DATETIME_FULL', 'DATETIME_HUGE_WITH_SECONDS'];
    return each([
      ['iso family', () => [d.toISO(), d.toISODate(), d.toISOWeekDate(), d.toISOTime(), d.toISO({ suppressMilliseconds: true }), d.toISO({ includeOffset: false }), d.toISO({ format: 'basic' }), d.toISOTime({ suppressSeconds: true, includePrefix: true })]],
      ['sql family', () => [d.toSQL(), d.toSQLDate(), d.toSQLTime(), d.toSQL({ includeOffset: false }), d.setZone('Europe/Berlin').toSQL({ includeZone: true })]],
      ['others', () => [d.toRFC2822(), d.toHTTP(), d.toMillis(), d.toSeconds(), d.toUnixInteger?.() ?? null, d.valueOf(), d.toString(), d.toJSON(), d.toJSDate().toISOString(), d.toBSON().toISOString()]],
      ['toFormat', () => ['yyyy-MM-dd HH:mm:ss.SSS', 'y yy yyyy yyyyyy', 'M MM MMM MMMM MMMMM L LL LLL LLLL', 'd dd o ooo E EEE EEEE c ccc cccc', 'h hh H HH m mm s ss S SSS u uu uuu', 'a Z ZZ ZZZ ZZZZ ZZZZZ z', 'W WW kk kkkk q qq G GG', "'literal' 'escaped''quote' X x", 'D DD DDD DDDD t tt ttt tttt T TT TTT TTTT f ff fff ffff F FF FFF FFFF']
        .map((f) => [d.toFormat(f), d.setZone('America/New_York').toFormat(f), d.setLocale('de').setZone('Europe/Berlin').toFormat(f)])],
      ['toLocaleString', () => presets.map((p) => [p, d.setLocale('en-US').toLocaleString(F[p]), d.setLocale('de').setZone('Europe/Berlin').toLocaleString(F[p])])],
      ['toLocaleString opts', () => [d.toLocaleString({ weekday: 'long', month: 'long', day: 'numeric' }, { locale: 'de' }), d.setLocale('en-US').toLocaleString({ hour: '2-digit', hourCycle: 'h23' }), d.toLocaleParts ? d.setLocale('en-US').toLocaleParts().map((p) => p.type) : null]],
      ['relative', () => {
        const base = L.DateTime.fromISO('2020-03-10T00:00:00Z', { zone: 'UTC' });
        return [
          d.toRelative({ base }), d.toRelative({ base, locale: 'de' }), d.toRelative({ base, unit: 'hours' }), d.toRelative({ base, style: 'short', locale: 'en-US' }),
          d.toRelative({ base, numeric: 'auto', unit: 'days' }), base.toRelative({ base: d, padding: 0 }), d.toRelativeCalendar({ base }), d.toRelativeCalendar({ base, locale: 'de' }),
          d.toRelative({ base: d }), d.plus({ years: 2 }).toRelative({ base, round: false, unit: 'years' }),
        ];
      }],
      ['parts', () => [d.year, d.quarter, d.month, d.day, d.weekday, d.hour, d.minute, d.second, d.millisecond, d.ordinal, d.weekYear, d.weekNumber, d.monthLong, d.monthShort, d.weekdayLong, d.weekdayShort, d.daysInMonth, d.daysInYear, d.weeksInWeekYear, d.isInLeapYear, d.offsetNameShort, d.offsetNameLong, d.isOffsetFixed, d.isInDST, d.setLocale('de').monthLong]],
      ['zoned parts', () => ZONES.map((z) => { const x = d.setZone(z); return [z, x.isValid, x.isValid ? [x.toFormat('yyyy-MM-dd HH:mm ZZ'), x.offset, x.offsetNameShort, x.isInDST, x.zoneName] : x.invalidReason]; })],
      ['keepLocalTime', () => [dt(d.setZone('Asia/Kolkata', { keepLocalTime: true })), dt(d.toUTC(60)), dt(d.toLocal())]],
      ['numbering', () => [d.reconfigure({ numberingSystem: 'arab' }).toFormat('yyyy-MM-dd'), d.reconfigure({ outputCalendar: 'islamic' }).toLocaleString(L.DateTime.DATE_FULL), d.resolvedLocaleOptions({ locale: 'de' })]],
      ['invalid format', () => { const x = L.DateTime.fromISO('bad'); return [x.toISO(), x.toFormat('yyyy'), x.toString(), x.toLocaleString(), x.toMillis(), x.toJSON(), x.year]; }],
    ]);
  },
  'math': (L) => {
    const d = L.DateTime.fromISO('2020-01-31T10:00:00', { zone: 'Europe/Berlin' });
    const e = L.DateTime.fromISO('2021-03-28T01:30:00', { zone: 'Europe/Berlin' });
    return each([
      ['plus minus', () => UNITS.map((u) => [u, d.plus({ [u]: 1 }).toISO(), d.minus({ [u]: 1 }).toISO()])],
      ['dst', () => [e.plus({ hours: 1 }).toISO(), e.plus({ days: 1 }).toISO(), e.plus({ hours: 24 }).toISO(), e.set({ hour: 2, minute: 30 }).toISO()]],
      ['startOf endOf', () => START_UNITS.map((u) => [u, d.startOf(u).toISO(), d.endOf(u).toISO(), d.setLocale('en-US').startOf(u).toISO()])],
      ['set', () => [d.set({ month: 2 }).toISO(), d.set({ weekday: 7 }).toISO(), d.set({ ordinal: 366 }).toISO(), d.set({ weekNumber: 53 }).toISO(), d.set({ year: 2021, month: 2, day: 29 }).isValid]],
      ['diff', () => [
        e.diff(d).toObject(), e.diff(d, 'days').toObject(), e.diff(d, ['months', 'days', 'hours']).toObject(), d.diff(e, ['years', 'months']).toObject(),
        e.diff(d, 'weeks', { conversionAccuracy: 'longterm' }).toObject(), L.DateTime.fromISO('2020-03-31', { zone: 'UTC' }).diff(L.DateTime.fromISO('2020-02-29', { zone: 'UTC' }), ['months', 'days']).toObject(),
      ]],
      ['compare', () => [d.equals(d.plus({})), d.hasSame(e, 'year'), d.hasSame(d.plus({ hours: 20 }), 'day'), d < e, +d, d.until(e).toISO?.() ?? null]],
      ['local week', () => (typeof d.startOf === 'function' && 'localWeekNumber' in d ? [d.localWeekNumber, d.localWeekYear, d.localWeekday, d.setLocale('en-US').localWeekNumber, d.startOf('week', { useLocaleWeeks: true }).toISO(), d.setLocale('en-US').startOf('week', { useLocaleWeeks: true }).toISO()] : 'none')],
      ['isWeekend', () => ('isWeekend' in d ? [d.isWeekend, d.plus({ days: 1 }).isWeekend, d.setLocale('ar-AE').isWeekend] : 'none')],
      ['info week', () => (typeof L.Info.getStartOfWeek === 'function' ? [L.Info.getStartOfWeek({ locale: 'en-US' }), L.Info.getStartOfWeek({ locale: 'de' }), L.Info.getMinimumDaysInFirstWeek({ locale: 'de' }), L.Info.getWeekendWeekdays({ locale: 'de' })] : 'none')],
    ]);
  },
  'duration': (L) => {
    const D = L.Duration;
    const d = D.fromObject({ years: 1, months: 2, weeks: 1, days: 3, hours: 4, minutes: 5, seconds: 6, milliseconds: 7 });
    return each([
      ['make', () => [dur(d), dur(D.fromMillis(90061001)), dur(D.fromISO('P1Y2M10DT2H30M')), dur(D.fromISO('PT1.5S')), dur(D.fromISO('P2W')), dur(D.fromISO('bad')), dur(D.fromISOTime?.('11:22:33.444') ?? null), dur(D.invalid('why'))]],
      ['fromObject bad', () => { try { return dur(D.fromObject({ hours: 'x' })); } catch (e) { return `${e.name}: ${e.message}`; } }],
      ['like', () => (typeof D.fromDurationLike === 'function' ? [dur(D.fromDurationLike(1000)), dur(D.fromDurationLike({ hours: 2 })), dur(D.fromDurationLike(d))] : 'none')],
      ['as and get', () => UNITS.map((u) => [u, d.as(u), d.get(u), d[u]])],
      ['shift normalize', () => [d.shiftTo('hours', 'minutes').toObject(), d.shiftTo('days').toObject(), D.fromObject({ hours: 36, minutes: 90 }).normalize().toObject(), D.fromObject({ hours: -1, minutes: 90 }).normalize().toObject(), d.shiftTo('months', 'seconds').toObject()]],
      ['longterm', () => { const x = D.fromObject({ years: 1 }, { conversionAccuracy: 'longterm' }); return [x.as('days'), x.shiftTo('months').toObject(), D.fromObject({ years: 1 }).as('days')]; }],
      ['math', () => [d.plus({ hours: 30 }).toObject(), d.minus(D.fromObject({ days: 10 })).toObject(), d.negate().toObject(), d.mapUnits((x) => x * 2).toObject(), d.set({ hours: 0 }).toObject(), d.equals(D.fromObject(d.toObject())), d.plus(1000).toObject()]],
      ['format', () => [d.toISO(), d.toISOTime?.() ?? null, d.toFormat('y M w d h m s S'), d.toFormat("hh:mm:ss.SSS 'left'"), D.fromMillis(3723004).toFormat('hh:mm:ss'), d.toString(), d.toJSON(), d.toMillis(), D.fromObject({ hours: 1 }).toFormat('m', { floor: false })]],
      ['human', () => (typeof d.toHuman === 'function' ? [d.toHuman(), d.reconfigure({ locale: 'de' }).toHuman({ unitDisplay: 'short' }), D.fromObject({ hours: 1, minutes: 0 }).toHuman({ listStyle: 'long' })] : 'none')],
      ['rescale', () => (typeof d.rescale === 'function' ? [D.fromObject({ milliseconds: 90061001 }).rescale().toObject(), d.shiftToAll().toObject()] : 'none')],
      ['removeZeros', () => (typeof d.removeZeros === 'function' ? D.fromObject({ hours: 0, minutes: 5 }).removeZeros().toObject() : 'none')],
      ['locale', () => [d.locale, d.reconfigure({ locale: 'de' }).locale, d.numberingSystem ?? null, D.isDuration(d), D.normalizeUnit('Hours'), (() => { try { return D.normalizeUnit('fortnight'); } catch (e) { return e.name; } })()]],
    ]);
  },
  'interval': (L) => {
    const a = L.DateTime.fromISO('2020-03-01T00:00:00Z', { zone: 'UTC' });
    const b = L.DateTime.fromISO('2020-04-15T12:00:00Z', { zone: 'UTC' });
    const I = L.Interval;
    const i = I.fromDateTimes(a, b);
    return each([
      ['make', () => [ival(i), ival(I.after(a, { days: 3 })), ival(I.before(b, { weeks: 1 })), ival(I.fromISO('2020-01-01/P1M')), ival(I.fromISO('2020-01-01T00:00Z/2020-02-01T00:00Z')), ival(I.fromDateTimes(b, a)), ival(I.fromISO('bad')), ival(I.invalid('why'))]],
      ['measure', () => [i.length('days'), i.length(), i.count('months'), i.count('weeks'), i.toDuration(['months', 'days']).toObject(), i.toDuration().toObject(), i.isEmpty(), I.isInterval(i)]],
      ['split', () => [i.splitBy({ weeks: 2 }).map(ival), i.divideEqually(3).map(ival), i.splitAt(L.DateTime.fromISO('2020-03-15T00:00:00Z'), L.DateTime.fromISO('2020-04-01T00:00:00Z')).map(ival)]],
      ['relations', () => {
        const j = I.fromISO('2020-04-01T00:00:00Z/2020-05-01T00:00:00Z');
        const k = I.fromISO('2020-05-01T00:00:00Z/2020-06-01T00:00:00Z');
        return [i.overlaps(j), j.abutsStart(k), k.abutsEnd(j), i.engulfs(I.after(a, { days: 1 })), i.contains(a), i.contains(b), i.isBefore(b.plus({ seconds: 1 })), i.isAfter(a), ival(i.intersection(j)), ival(i.intersection(k)), ival(i.union(k)), i.equals(I.fromDateTimes(a, b))];
      }],
      ['merge xor', () => {
        const list = ['2020-01-01/2020-01-10', '2020-01-05/2020-01-20', '2020-02-01/2020-02-05', '2020-02-05/2020-02-06'].map((s) => I.fromISO(s, { zone: 'UTC' }));
        return [I.merge(list).map(ival), I.xor(list).map(ival), list[0].difference(list[1], list[2]).map(ival)];
      }],
      ['format', () => [i.toISO(), i.toISODate(), i.toISOTime(), i.toString(), i.toFormat('yyyy-MM-dd'), i.toFormat('dd LLL', { separator: ' ~ ' }), i.toLocaleString ? i.toLocaleString(L.DateTime.DATE_MED, { locale: 'de' }) : null, i.toLocaleString ? i.set({ end: a.plus({ days: 2 }) }).toLocaleString(L.DateTime.DATE_MED) : null]],
      ['mapEndpoints', () => [ival(i.mapEndpoints((x) => x.setZone('Asia/Kolkata'))), ival(i.set({ start: a.minus({ days: 1 }) })), dt(i.start), dt(i.end)]],
    ]);
  },
  'info and zones': (L) => each([
    ['months', () => [L.Info.months('long', { locale: 'de' }), L.Info.months('short', { locale: 'en-US' }), L.Info.months('narrow'), L.Info.months('numeric'), L.Info.monthsFormat('long', { locale: 'de' })]],
    ['weekdays', () => [L.Info.weekdays('long', { locale: 'de' }), L.Info.weekdays('short', { locale: 'en-US' }), L.Info.weekdaysFormat('narrow')]],
    ['other lists', () => [L.Info.meridiems({ locale: 'de' }), L.Info.eras('long', { locale: 'en-US' }), L.Info.eras('short', { locale: 'de' })]],
    ['zones', () => [L.Info.isValidIANAZone('Europe/Berlin'), L.Info.isValidIANAZone('Nowhere/Land'), L.Info.hasDST('Europe/Berlin'), L.Info.hasDST('Asia/Kolkata'), L.Info.hasDST('UTC'), ...['UTC', 'utc+3', 'Europe/Paris', 'nope', 5, null].map((z) => zoneInfo(L.Info.normalizeZone(z)))]],
    ['features', () => { const f = L.Info.features(); return Object.keys(f).sort().map((k) => [k, f[k]]); }],
    ['fixed offset', () => [zoneInfo(L.FixedOffsetZone.utcInstance), zoneInfo(L.FixedOffsetZone.instance(330)), zoneInfo(L.FixedOffsetZone.instance(-90)), zoneInfo(L.FixedOffsetZone.parseSpecifier('UTC+3')), L.FixedOffsetZone.parseSpecifier('x'), L.FixedOffsetZone.instance(120).formatOffset(MS, 'short'), L.FixedOffsetZone.instance(120).formatOffset(MS, 'techie'), L.FixedOffsetZone.instance(120).offset(MS), L.FixedOffsetZone.instance(0).equals(L.FixedOffsetZone.utcInstance)]],
    ['iana', () => ['Europe/Berlin', 'America/New_York', 'Bad/Zone'].map((n) => { const z = L.IANAZone.create(n); return [zoneInfo(z), L.IANAZone.isValidZone(n), z.isValid ? [z.offset(MS), z.offset(MS + 200 * 86400000), z.formatOffset(MS, 'short'), z.offsetName(MS, { format: 'long', locale: 'de' }), z.offsetName(MS, { format: 'short', locale: 'en-US' })] : null]; })],
    ['invalid zone', () => { const z = new L.InvalidZone('Bad/Zone'); return [zoneInfo(z), z.offset(MS), z.formatOffset(MS, 'short'), z.offsetName(MS, {})]; }],
    ['system zone', () => [zoneInfo(L.SystemZone.instance), L.SystemZone.instance.offset(MS)]],
    ['custom zone subclass', () => {
      class Plus7 extends L.Zone {
        get type() { return 'custom'; }
        get name() { return 'Plus7'; }
        get isUniversal() { return true; }
        offsetName() { return 'P7'; }
        formatOffset() { return '+07:00'; }
        offset() { return 420; }
        equals(o) { return o?.name === 'Plus7'; }
        get isValid() { return true; }
      }
      return dt(L.DateTime.fromMillis(MS, { zone: new Plus7() }));
    }],
  ]),
  'default zone switch': (L) => each(ZONES.map((z) => [z, () => withSettings(L, { defaultZone: z }, () => {
    const x = L.DateTime.fromObject({ year: 2020, month: 7, day: 1, hour: 12 });
    return [dt(x), dt(L.DateTime.fromMillis(MS)), zoneInfo(L.Settings.defaultZone)];
  })])),
};

/** What a program makes once at start: its Settings, then dates, a duration, an interval, zones. */
export function setup(L) {
  L.Settings.defaultLocale = 'en-US';
  L.Settings.defaultZone = 'Europe/Paris';
  const start = L.DateTime.fromISO(T0, { zone: 'UTC' });
  const berlin = L.DateTime.fromISO('2021-03-27T12:00:00', { zone: 'Europe/Berlin' }).setLocale('de');
  return {
    start,
    berlin,
    paris: L.DateTime.fromMillis(MS),
    invalid: L.DateTime.fromISO('2020-02-30'),
    parsed: L.DateTime.fromFormat('04.03.2020 05:06', 'dd.MM.yyyy HH:mm'),
    duration: L.Duration.fromObject({ days: 1, hours: 2, minutes: 3 }),
    longterm: L.Duration.fromObject({ years: 1, months: 1 }, { conversionAccuracy: 'longterm' }),
    interval: L.Interval.fromDateTimes(start, start.plus({ days: 10, hours: 5 })),
    fixed: L.FixedOffsetZone.instance(-150),
    iana: L.IANAZone.create('America/New_York'),
    format: (d) => d.toFormat('cccc d LLLL yyyy HH:mm:ss ZZ'),
  };
}

export const instanceCases = {
  'kept settings': (I, L) => ({
    zone: zoneInfo(L.Settings.defaultZone),
    locale: L.Settings.defaultLocale,
    made: dt(L.DateTime.fromObject({ year: 2021, month: 1, day: 2 })),
  }),
  'kept dates': (I, L) => each([
    ['read', () => [dt(I.start), dt(I.berlin), dt(I.paris), dt(I.invalid), dt(I.parsed)]],
    ['format', () => [I.start.toFormat('yyyy LLL dd HH:mm'), I.berlin.toFormat('cccc, d. LLLL yyyy HH:mm ZZZZ'), I.berlin.toLocaleString(L.DateTime.DATETIME_FULL), I.paris.toRFC2822(), I.start.toSQL(), I.format(I.start), I.format(I.berlin)]],
    ['math', () => [I.berlin.plus({ days: 1 }).toISO(), I.berlin.plus({ hours: 24 }).toISO(), I.start.startOf('week').toISO(), I.start.endOf('month').toISO(), I.berlin.diff(I.start, ['months', 'days', 'hours']).toObject(), I.start.set({ month: 12 }).toISO()]],
    ['zones', () => [dt(I.start.setZone('Asia/Kolkata')), dt(I.paris.toUTC()), dt(I.start.setZone(I.fixed)), dt(I.start.setZone(I.iana)), I.start.hasSame(I.paris, 'day')]],
    ['relative', () => [I.start.toRelative({ base: I.berlin }), I.berlin.toRelative({ base: I.start }), I.start.toRelativeCalendar({ base: I.start.plus({ days: 1 }) })]],
    ['invalid', () => [I.invalid.isValid, I.invalid.invalidReason, I.invalid.invalidExplanation ?? null, I.invalid.plus({ days: 1 }).isValid, I.invalid.toISO()]],
  ]),
  'kept duration and interval': (I, L) => each([
    ['duration', () => [dur(I.duration), I.duration.as('minutes'), I.duration.toFormat('d hh:mm'), I.duration.shiftTo('hours').toObject(), I.duration.plus({ hours: 30 }).normalize().toObject(), typeof I.duration.toHuman === 'function' ? I.duration.toHuman() : 'none']],
    ['longterm', () => [I.longterm.as('days'), I.longterm.shiftTo('days').toObject(), I.longterm.conversionAccuracy]],
    ['with dates', () => [I.start.plus(I.duration).toISO(), I.berlin.minus(I.longterm).toISO()]],
    ['interval', () => [ival(I.interval), I.interval.length('hours'), I.interval.count('days'), I.interval.splitBy({ days: 4 }).map(ival), I.interval.contains(I.start.plus({ days: 1 })), I.interval.toDuration(['days', 'hours']).toObject(), ival(I.interval.union(L.Interval.after(I.start.plus({ days: 12 }), { days: 1 })))]],
  ]),
  'kept zones': (I) => ({
    fixed: [zoneInfo(I.fixed), I.fixed.offset(MS), I.fixed.formatOffset(MS, 'techie'), I.fixed.offsetName(MS, { format: 'short' })],
    iana: [zoneInfo(I.iana), I.iana.offset(MS), I.iana.offset(MS + 200 * 86400000), I.iana.offsetName(MS, { format: 'long', locale: 'de' }), I.iana.equals(I.iana)],
  }),
};
