// The dayjs probe. `L` is index.js's namespace (`L.default` is `dayjs`), `L.de` locale/de.js's,
// and `L.<plugin>` each plugin's (`L.utc.default`, …). Every case builds its dates from fixed
// inputs — ISO strings with an offset, `dayjs.utc(…)`, timestamps —, never from the clock, and
// formats them in UTC or in a named time zone (the processes run with TZ=UTC as well). A case
// on an API a version lacks throws, and that throw is its result.
//
// `setup` does what a program does once: `dayjs.extend(…)` for every plugin (each runs once,
// with the first version's code; a fresh process extends with its own), and keeps dates,
// a parsed date, a duration and a zoned date made then. The global locale is switched to
// `de` and back inside the cases that do so, so the probe can run twice.

import { each } from './serialize.mjs';

const PLUGINS = ['utc', 'timezone', 'relativeTime', 'customParseFormat', 'advancedFormat', 'localizedFormat', 'duration'];
const T0 = '2020-03-04T05:06:07.089Z';
const T1 = 1583298367089; // T0's timestamp
const UNITS = ['millisecond', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year', 'date'];

const D = (L) => L.default;
const iso = (d) => (d && typeof d.toISOString === 'function' ? [d.isValid?.(), d.valueOf(), d.isValid?.() ? d.toISOString() : null] : d);

/** Runs `fn` with the global locale switched to `name`, then back to what it was. */
function inLocale(L, name, fn) {
  const dayjs = D(L);
  const before = dayjs.locale();
  const switched = dayjs.locale(name);
  try {
    return { before, switched, value: fn(), during: dayjs.locale() };
  } finally {
    dayjs.locale(before);
  }
}

export const cases = {
  'exports': (L) => {
    const dayjs = D(L);
    return {
      statics: Object.keys(dayjs).sort(),
      proto: Object.getOwnPropertyNames(dayjs.prototype).sort(),
      locale: dayjs.locale(),
      locales: Object.keys(dayjs.Ls).sort(),
      plugins: PLUGINS.map((p) => [p, typeof L[p].default, L[p].default.length]),
      de: { name: L.de.default?.name, keys: Object.keys(L.de.default ?? {}) },
    };
  },
  'parse': (L) => {
    const dayjs = D(L);
    return each([
      ['iso z', () => iso(dayjs(T0))],
      ['iso offset', () => iso(dayjs('2020-03-04T05:06:07+02:00'))],
      ['date only', () => iso(dayjs('2020-03-04'))],
      ['date time local', () => iso(dayjs('2020-03-04 05:06:07.1234'))],
      ['timestamp', () => iso(dayjs(T1))],
      ['unix', () => iso(dayjs.unix(1583298367.5))],
      ['date object', () => iso(dayjs(new Date(T1)))],
      ['clone', () => iso(dayjs(dayjs(T0)))],
      ['invalid', () => [dayjs('nope').isValid(), dayjs('nope').format(), String(dayjs('nope').toJSON()), dayjs(null).isValid()]],
      ['isDayjs', () => [dayjs.isDayjs(dayjs(T0)), dayjs.isDayjs(new Date(T1)), dayjs(T0) instanceof dayjs]],
      ['utc', () => [iso(dayjs.utc('2020-03-04 05:06')), iso(dayjs.utc(T1)), dayjs.utc(T0).isUTC(), dayjs(T0).isUTC()]],
    ]);
  },
  'format': (L) => {
    const d = D(L).utc(T0);
    return each([
      ['default', () => d.format()],
      ['core tokens', () => d.format('YYYY YY M MM MMM MMMM D DD d dd ddd dddd H HH h hh m mm s ss SSS Z ZZ A a [Y] [escaped]')],
      ['advanced', () => d.format('Q Do k kk X x z zzz [Q] Qo')], ['zoned advanced', () => d.tz('Europe/Berlin').format('Q Do k kk X x z zzz')],
      ['localized', () => d.format('LT LTS L LL LLL LLLL l ll lll llll')],
      ['afternoon', () => D(L).utc('2021-12-31T23:59:59.999Z').format('dddd h:mm:ss A Do MMM YYYY')],
      ['offset', () => D(L).utc(T0).utcOffset(330).format('YYYY-MM-DD HH:mm Z ZZ')],
      ['toString', () => [d.toString(), d.toJSON(), d.toISOString(), d.valueOf(), d.unix(), d.toDate().toISOString()]],
    ]);
  },
  'get and set': (L) => {
    const d = D(L).utc(T0);
    return {
      get: ['year', 'month', 'date', 'day', 'hour', 'minute', 'second', 'millisecond'].map((u) => [u, d[u](), d.get(u)]),
      set: [['year', 2024], ['month', 13], ['date', 31], ['day', 0], ['hour', 25], ['minute', -1], ['second', 61], ['millisecond', 1000]].map(([u, v]) => [u, d.set(u, v).toISOString(), d[u](v).toISOString()]),
      daysInMonth: [d.daysInMonth(), D(L).utc('2021-02-10').daysInMonth(), D(L).utc('2024-02-10').daysInMonth()],
    };
  },
  'manipulate': (L) => {
    const d = D(L).utc('2020-01-31T23:30:45.500Z');
    return each([
      ['add', () => UNITS.map((u) => [u, d.add(3, u).toISOString(), d.add(-1, u).toISOString()])],
      ['subtract', () => UNITS.map((u) => [u, d.subtract(2, u).toISOString()])],
      ['short units', () => ['ms', 's', 'm', 'h', 'd', 'w', 'M', 'Q', 'y'].map((u) => d.add(1, u).toISOString())],
      ['fractions', () => [d.add(1.5, 'day').toISOString(), d.add(1.5, 'month').toISOString(), d.add(0.5, 'hour').toISOString()]],
      ['startOf', () => UNITS.map((u) => [u, d.startOf(u).toISOString(), d.endOf(u).toISOString()])],
      ['isoWeek', () => [d.startOf('isoWeek').toISOString()]],
      ['chain', () => d.add(1, 'month').startOf('month').subtract(1, 'ms').format('YYYY-MM-DD HH:mm:ss.SSS')],
    ]);
  },
  'diff': (L) => {
    const a = D(L).utc('2020-01-31T23:30:45.500Z');
    const b = D(L).utc('2021-03-01T01:02:03.004Z');
    return each([
      ['units', () => UNITS.map((u) => [u, b.diff(a, u), a.diff(b, u), b.diff(a, u, true)])],
      ['ms', () => [b.diff(a), a.diff(b), b.diff(T0)]],
      ['month ends', () => [D(L).utc('2020-03-31').diff(D(L).utc('2020-02-29'), 'month', true), D(L).utc('2020-02-29').diff(D(L).utc('2019-02-28'), 'year', true)]],
      ['local and utc', () => [D(L)(T0).diff(D(L).utc(T0), 'hour'), D(L).utc(T0).utcOffset(120).diff(D(L).utc(T0), 'minute')]],
    ]);
  },
  'compare': (L) => {
    const a = D(L).utc('2020-03-04T05:06:07.089Z');
    const b = D(L).utc('2020-03-04T23:59:59.999Z');
    return UNITS.concat([undefined]).map((u) => [u ?? 'none', a.isBefore(b, u), a.isAfter(b, u), a.isSame(b, u), b.isAfter(a, u), a.isSame(a.clone(), u)]);
  },
  'customParseFormat': (L) => {
    const dayjs = D(L);
    return each([
      ['basic', () => iso(dayjs('05/03/2021 10:20', 'DD/MM/YYYY HH:mm'))],
      ['utc with format', () => iso(dayjs.utc('2021-03-05 10:20:30.123 +02:00', 'YYYY-MM-DD HH:mm:ss.SSS Z'))],
      ['offset ZZ', () => iso(dayjs('2021-03-05 10:20 -0530', 'YYYY-MM-DD HH:mm ZZ'))],
      ['12 hour', () => iso(dayjs('3/5/21 1:02 pm', 'M/D/YY h:mm a'))],
      ['names', () => iso(dayjs('Friday March 5th 2021', 'dddd MMMM Do YYYY'))],
      ['short month', () => iso(dayjs('5 Mar 2021', 'D MMM YYYY'))],
      ['strict ok', () => iso(dayjs('2021-03-05', 'YYYY-MM-DD', true))],
      ['strict bad', () => iso(dayjs('2021-3-5', 'YYYY-MM-DD', true))],
      ['invalid date', () => iso(dayjs('2021-02-30', 'YYYY-MM-DD', true))],
      ['array of formats', () => iso(dayjs('05.03.2021', ['YYYY-MM-DD', 'DD.MM.YYYY']))],
      ['timestamps', () => [iso(dayjs('1614939630', 'X')), iso(dayjs('1614939630123', 'x'))]],
      ['escaped', () => iso(dayjs('at 2021 [05]', '[at] YYYY [[]DD]'))],
      ['two digit years', () => [iso(dayjs('68-01-01', 'YY-MM-DD')), iso(dayjs('69-01-01', 'YY-MM-DD'))]],
      ['german', () => iso(dayjs('5. März 2021', 'D. MMMM YYYY', 'de'))],
      ['german strict', () => iso(dayjs('Freitag, 5. März 2021', 'dddd, D. MMMM YYYY', 'de', true))],
      ['no match', () => iso(dayjs('hello', 'YYYY-MM-DD'))],
      ['localized format', () => iso(dayjs('03/05/2021 1:02 PM', 'L LT'))],
    ]);
  },
  'relativeTime': (L) => {
    const dayjs = D(L);
    const base = dayjs.utc('2020-03-04T05:06:07.089Z');
    const deltas = [[10, 's'], [44, 's'], [45, 's'], [89, 's'], [90, 's'], [44, 'm'], [45, 'm'], [89, 'm'], [90, 'm'], [21, 'h'], [22, 'h'], [35, 'h'], [36, 'h'], [25, 'd'], [26, 'd'], [45, 'd'], [10, 'M'], [11, 'M'], [17, 'M'], [18, 'M'], [5, 'y']];
    return deltas.map(([n, u]) => {
      const later = base.add(n, u);
      return [`${n}${u}`, later.from(base), base.from(later), base.to(later), later.to(base), later.from(base, true), base.to(later, true)];
    });
  },
  'locale': (L) => {
    const dayjs = D(L);
    const d = dayjs.utc(T0);
    return each([
      ['global de', () => inLocale(L, 'de', () => [dayjs.utc(T0).format('dddd, D. MMMM YYYY LT Do'), dayjs.utc(T0).from(dayjs.utc('2021-01-01')), dayjs.utc(T0).format('LLLL')])],
      ['back to en', () => [dayjs.locale(), dayjs.utc(T0).format('dddd, D MMMM YYYY')]],
      ['instance de', () => [d.locale('de').format('dddd MMM MMMM Do LL'), d.locale('de').locale(), d.locale(), d.locale('de').to(d.add(3, 'd'))]],
      // A regional name dayjs does not have falls back to its language, globally even when asked locally (dayjs's behaviour): set back.
      ['unknown', () => { try { return [d.locale('xx').locale(), dayjs.locale('xx'), dayjs.locale(), dayjs.locale('de-AT', undefined, true), dayjs.locale()]; } finally { dayjs.locale('en'); } }],
      ['week start', () => [d.locale('de').startOf('week').toISOString(), d.startOf('week').toISOString()]],
      ['de object', () => ({ ordinal: L.de.default.ordinal(3), formats: L.de.default.formats, rel: L.de.default.relativeTime && Object.keys(L.de.default.relativeTime) })],
      ['en object', () => ({ keys: Object.keys(dayjs.en).sort(), ordinal: [1, 2, 3, 11, 22, 104].map((n) => dayjs.en.ordinal?.(n)), rel: dayjs.en.relativeTime })],
    ]);
  },
  'utc': (L) => {
    const dayjs = D(L);
    return each([
      ['local from utc', () => [dayjs.utc(T0).local().format(), dayjs.utc(T0).local().isUTC()]],
      ['utc from local', () => [dayjs(T0).utc().format(), dayjs(T0).utc(true).format()]],
      ['utcOffset', () => [dayjs.utc(T0).utcOffset(), dayjs.utc(T0).utcOffset(-90).format(), dayjs.utc(T0).utcOffset(8).format(), dayjs.utc(T0).utcOffset('+05:30').format(), dayjs.utc(T0).utcOffset(60, true).toISOString()]],
      ['parse offset', () => [dayjs.utc('2020-03-04T05:06:07+05:00').format(), dayjs('2020-03-04T05:06:07-0300').utcOffset()]],
      ['keep offset', () => { const o = dayjs.utc(T0).utcOffset(180); return [o.add(1, 'day').format(), o.startOf('day').format(), o.clone().format(), o.toDate().toISOString()]; }],
    ]);
  },
  'timezone': (L) => {
    const dayjs = D(L);
    return each([
      ['to zones', () => ['America/New_York', 'Asia/Tokyo', 'Europe/Berlin', 'Australia/Adelaide', 'UTC'].map((z) => [z, dayjs.utc(T0).tz(z).format('YYYY-MM-DD HH:mm:ss Z'), dayjs.utc(T0).tz(z).utcOffset()])],
      ['parse in zone', () => [dayjs.tz('2020-03-08 02:30', 'America/New_York').toISOString(), dayjs.tz('2020-11-01 01:30', 'America/New_York').format(), dayjs.tz('2020-03-04 05:06', 'Asia/Tokyo').valueOf()]],
      ['parse with format', () => dayjs.tz('04/03/2020 05:06', 'DD/MM/YYYY HH:mm', 'Europe/Berlin').toISOString()],
      ['keep local', () => dayjs.utc(T0).tz('Asia/Tokyo', true).toISOString()],
      ['offsetName', () => [dayjs.utc(T0).tz('Europe/Berlin').offsetName(), dayjs.utc(T0).tz('Europe/Berlin').offsetName('long')]],
      ['startOf in zone', () => [dayjs.utc(T0).tz('America/New_York').startOf('day').toISOString(), dayjs.utc(T0).tz('America/New_York').endOf('month').format()]],
      ['dst add', () => dayjs.tz('2020-03-07 12:00', 'America/New_York').add(1, 'day').format()],
    ]);
  },
  'duration': (L) => {
    const dayjs = D(L);
    return each([
      ['object', () => { const d = dayjs.duration({ days: 1, hours: 2, minutes: 3, seconds: 4, milliseconds: 5 }); return [d.asMilliseconds(), d.asHours(), d.days(), d.hours(), d.toISOString(), d.toJSON()]; }],
      ['number and unit', () => [dayjs.duration(90, 'minutes').asHours(), dayjs.duration(2, 'weeks').days(), dayjs.duration(1.5, 'years').months(), dayjs.duration(123456789).toISOString()]],
      ['iso string', () => { const d = dayjs.duration('P1Y2M3W4DT5H6M7.5S'); return [d.years(), d.months(), d.weeks(), d.days(), d.hours(), d.minutes(), d.seconds(), d.milliseconds(), d.asDays(), d.toISOString()]; }],
      ['negative', () => [dayjs.duration(-90061001).toISOString(), dayjs.duration({ hours: -3 }).asMinutes(), dayjs.duration(-1, 'day').toISOString()]],
      ['arithmetic', () => { const d = dayjs.duration(1, 'day'); return [d.add(2, 'hours').asHours(), d.subtract(dayjs.duration(30, 'minutes')).asMinutes(), d.add({ days: 1 }).asDays()]; }],
      ['get and as', () => { const d = dayjs.duration(3725000); return ['ms', 'seconds', 'minutes', 'hours', 'days'].map((u) => [u, d.get(u), d.as(u)]); }],
      ['format', () => dayjs.duration(3725006).format('HH:mm:ss SSS D M Y [h]')],
      ['humanize', () => [dayjs.duration(2, 'hours').humanize(), dayjs.duration(-3, 'days').humanize(true), dayjs.duration(10, 'months').locale('de').humanize(true)]],
      ['with dates', () => [dayjs.utc(T0).add(dayjs.duration({ days: 2, hours: 3 })).toISOString(), dayjs.utc(T0).subtract(dayjs.duration(90, 'minutes')).toISOString(), dayjs.isDuration(dayjs.duration(1))]],
      ['from diff', () => dayjs.duration(dayjs.utc('2021-03-01').diff(dayjs.utc('2020-01-31'))).toISOString()],
    ]);
  },
};

/** What a program makes once at start: plugins extended, dates and a duration kept. */
export function setup(L) {
  const dayjs = D(L);
  for (const p of PLUGINS) dayjs.extend(L[p].default);
  return {
    dayjs,
    utc: dayjs.utc(T0),
    local: dayjs(T0),
    offset: dayjs.utc(T0).utcOffset(150),
    parsed: dayjs('05/03/2021 10:20', 'DD/MM/YYYY HH:mm'),
    de: dayjs.utc(T0).locale('de'),
    zoned: dayjs.utc(T0).tz('America/New_York'),
    duration: dayjs.duration({ days: 1, hours: 2, minutes: 3 }),
    format: (d) => d.format('dddd Do MMMM YYYY HH:mm:ss.SSS Z Q X'),
  };
}

export const instanceCases = {
  'kept dates': (I) => each([
    ['utc', () => [I.utc.format(), I.utc.toISOString(), I.utc.isUTC(), I.utc.format('Do Q LLLL')]],
    ['local', () => [I.local.format(), I.local.valueOf(), I.local.utcOffset()]],
    ['offset', () => [I.offset.format(), I.offset.utcOffset(), I.offset.add(1, 'hour').format()]],
    ['parsed', () => [I.parsed.isValid(), I.parsed.toISOString()]],
    ['de', () => [I.de.format('dddd, D. MMMM YYYY'), I.de.locale(), I.de.from(I.utc.add(2, 'month'))]],
    ['zoned', () => [I.zoned.format(), I.zoned.utcOffset(), I.zoned.startOf('day').format()]],
  ]),
  'kept dates computing': (I) => each([
    ['manipulate', () => UNITS.map((u) => [u, I.utc.add(2, u).toISOString(), I.utc.startOf(u).toISOString(), I.utc.endOf(u).toISOString()])],
    ['diff', () => UNITS.map((u) => [u, I.utc.diff(I.parsed, u, true), I.parsed.diff(I.utc, u)])],
    ['compare', () => [I.utc.isBefore(I.parsed), I.utc.isSame(I.local), I.utc.isAfter(I.parsed, 'year')]],
    ['relative', () => [I.utc.from(I.parsed), I.parsed.to(I.utc), I.utc.to(I.utc.add(40, 'seconds'))]],
    ['format fn', () => [I.format(I.utc), I.format(I.offset)]],
  ]),
  'kept duration': (I) => each([
    ['values', () => [I.duration.asMinutes(), I.duration.toISOString(), I.duration.hours()]],
    ['arithmetic', () => [I.duration.add(1, 'hour').asHours(), I.duration.subtract(I.duration).asMilliseconds()]],
    ['format', () => I.duration.format('D HH:mm')],
    ['humanize', () => I.duration.humanize(true)],
  ]),
};
