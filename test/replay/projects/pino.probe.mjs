// The pino probe. `L` is `module.exports` of pino.js: the factory and its properties. The
// factory itself cannot be called through `L` (a view of its properties), so the probe requires
// the entry once, when it is imported (at start, right after the harness did: the same
// function), as `const pino = require('pino')` would.
//
// Every logger writes to an in-memory destination (`{ write(s) { lines.push(s) } }`) with
// `timestamp: false` and `base: null` (no time, pid or hostname); errors logged carry a fixed
// stack. A case's value is the lines written (parsed back when they are JSON, so a difference
// shows at its key), and what the loggers answer.
import { createRequire } from 'node:module';
import { each } from './serialize.mjs';

const pino = createRequire(import.meta.url)('../lib/pino.js');

const fixedError = (message, props = {}) => Object.assign(new Error(message), { stack: `Error: ${message}\n    at fixed (probe:1:1)` }, props);

/** An in-memory destination and the lines it collected (parsed when JSON). */
function sink() {
  const lines = [];
  return { lines, stream: { write(s) { lines.push(s) } }, read: () => lines.map((l) => { try { return JSON.parse(l); } catch { return l; } }) };
}

/** A logger on a fresh sink: `[logger, read]`. */
function make(opts = {}) {
  const s = sink();
  return [pino({ timestamp: false, base: null, ...opts }, s.stream), s.read, s];
}

/** The lines a logger writes for the same fixed calls at every level it has. */
function logAll(logger) {
  logger.trace('trace %s', 'x');
  logger.debug('debug %d', 42);
  logger.info('hello %s %d %o %j %%', 'world', 1.5, { a: [1] }, { b: 'c' });
  logger.info({ obj: { nested: [1, 'two', null] }, n: 3 }, 'with object');
  logger.info({ only: 'object' });
  logger.warn('extra', 'args', 7);
  logger.error(fixedError('boom', { code: 'E1' }));
  logger.error(fixedError('wrapped'), 'message wins');
  logger.error({ err: fixedError('in err') }, 'err key');
  logger.fatal(null);
  logger.info(undefined);
  logger.info('%s', { toString() { return 'custom' } });
  logger.info(42);
  logger.info([1, 2]);
}

const levelInfo = (logger) => ({
  level: logger.level,
  levelVal: logger.levelVal,
  enabled: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent', 'nope'].map((l) => { try { return logger.isLevelEnabled(l); } catch (e) { return `${e.name}: ${e.message}`; } }),
  methods: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].map((m) => typeof logger[m]),
});

export const cases = {
  'exports': (L) => ({
    type: typeof pino,
    names: Object.keys(L).sort(),
    levels: L.levels,
    // (A string: a copy taken at start, `held`, cannot follow; the function's property can.)
    version: pino.version,
    symbols: Object.keys(L.symbols ?? {}).sort(),
    stdSerializers: Object.keys(L.stdSerializers).sort(),
    stdTimeFunctions: Object.keys(L.stdTimeFunctions).sort(),
    fixed: [L.stdTimeFunctions.nullTime(), L.stdTimeFunctions.epochTime === undefined],
  }),
  'default logger': () => {
    const [logger, read] = make();
    logAll(logger);
    return { lines: read(), ...levelInfo(logger), bindings: logger.bindings() };
  },
  'levels': () => {
    const [logger, read] = make({ level: 'debug' });
    logAll(logger);
    const before = levelInfo(logger);
    logger.level = 'warn';
    logAll(logger);
    const after = levelInfo(logger);
    const bad = each([['unknown', () => { logger.level = 'nope'; }], ['factory', () => make({ level: 'nope' })[0].level]]);
    logger.level = 'silent';
    logAll(logger);
    return { lines: read(), before, after, bad, silent: levelInfo(logger) };
  },
  'custom levels': () => {
    const [logger, read] = make({ customLevels: { audit: 35, verbose: 15 }, level: 'verbose' });
    logAll(logger);
    logger.audit({ who: 'ann' }, 'audited');
    logger.verbose('chatty');
    const child = logger.child({ c: 1 });
    child.audit('from child');
    const [only, readOnly] = make({ customLevels: { low: 10, mid: 20, high: 30 }, useOnlyCustomLevels: true, level: 'mid' });
    only.low('no');
    only.mid('mid');
    only.high({ x: 1 }, 'high');
    return {
      lines: read(), only: readOnly(), levels: logger.levels, onlyLevels: only.levels,
      info: levelInfo(logger), onlyInfo: { level: only.level, info: typeof only.info, enabled: only.isLevelEnabled('high') },
      bad: each([['no customLevels', () => make({ useOnlyCustomLevels: true })], ['bad default', () => make({ customLevels: { x: 5 }, useOnlyCustomLevels: true, level: 'info' })]]),
    };
  },
  'child loggers': () => {
    const [logger, read] = make({ level: 'debug' });
    const child = logger.child({ module: 'db', n: 1 });
    const grand = child.child({ op: 'query', n: 2 });
    const quiet = child.child({ q: true }, { level: 'warn' });
    child.info('child line');
    grand.debug({ sql: 'select 1' }, 'grand line');
    quiet.info('hidden');
    quiet.warn('shown');
    grand.setBindings?.({ op: 'update' });
    grand.info('after setBindings');
    const bad = each([['no bindings', () => logger.child()], ['serializers', () => logger.child({ a: 1 }, { serializers: { a: (v) => v * 10 } }).info({ a: 2 }, 'ser')]]);
    return {
      lines: read(), bindings: [logger.bindings(), child.bindings(), grand.bindings(), quiet.bindings()],
      levels: [child.level, grand.level, quiet.level], proto: Object.getPrototypeOf(child) === logger, bad,
    };
  },
  'serializers': (L) => {
    const [logger, read] = make({ serializers: { user: (u) => ({ id: u.id }), err: L.stdSerializers.err, tags: (t) => t.join('|') } });
    logger.info({ user: { id: 7, secret: 's' }, tags: ['a', 'b'] }, 'ser');
    logger.error({ err: fixedError('e', { extra: 1 }) }, 'with err');
    logger.info({ other: { id: 1 } });
    const child = logger.child({ user: { id: 9, secret: 'x' } });
    child.info('child bindings serialized');
    return { lines: read() };
  },
  'stdSerializers': (L) => each([
    ['err', () => L.stdSerializers.err(fixedError('x', { code: 'C', cause: fixedError('cause') }))],
    ['err non-error', () => L.stdSerializers.err({ not: 'an error' })],
    ['req', () => L.stdSerializers.req({ method: 'GET', url: '/a?b=1', headers: { host: 'h', 'x-a': '1' }, socket: { remoteAddress: '10.0.0.1', remotePort: 5 } })],
    ['res', () => L.stdSerializers.res({ statusCode: 201, getHeaders: () => ({ 'content-type': 'text/plain' }) })],
    ['wrap', () => typeof L.stdSerializers.wrapErrorSerializer],
  ]),
  'redact': () => {
    const [a, readA] = make({ redact: ['password', 'user.token', 'list[*].key', 'headers["x-secret"]'] });
    a.info({ password: 'p', user: { name: 'n', token: 't' }, list: [{ key: 1, v: 2 }, { key: 3 }], headers: { 'x-secret': 's', ok: 1 } }, 'redacted');
    a.child({ password: 'in bindings' }).info('child');
    const [b, readB] = make({ redact: { paths: ['a.b', 'c'], censor: '***' } });
    b.info({ a: { b: 1, d: 2 }, c: 3 });
    const [c, readC] = make({ redact: { paths: ['a.b', 'c'], remove: true } });
    c.info({ a: { b: 1, d: 2 }, c: 3, e: 4 });
    const [d, readD] = make({ redact: { paths: ['v'], censor: (value, path) => `${path.join('.')}:${typeof value}` } });
    d.info({ v: 5 });
    const bad = each([['bad path', () => make({ redact: ['a..b'] })], ['bad type', () => make({ redact: 5 })]]);
    return { a: readA(), b: readB(), c: readC(), d: readD(), bad };
  },
  'formatters': () => {
    const [logger, read] = make({
      formatters: {
        level: (label, number) => ({ severity: label.toUpperCase(), n: number }),
        bindings: (b) => ({ ctx: b }),
        log: (o) => ({ ...o, formatted: true }),
      },
    });
    logger.info({ a: 1 }, 'fmt');
    logger.child({ svc: 'x' }).warn('child fmt');
    return { lines: read() };
  },
  'mixin': () => {
    let calls = 0;
    const [logger, read] = make({ mixin: (obj, level) => ({ calls: ++calls, lvl: level, had: Object.keys(obj).sort() }) });
    logger.info('one');
    logger.info({ calls: 'mine' }, 'two');
    logger.child({ c: 1 }).warn('three');
    const [merged, readMerged] = make({ mixin: () => ({ a: 'mixin', m: 1 }), mixinMergeStrategy: (obj, m) => ({ ...obj, ...m }) });
    merged.info({ a: 'obj' }, 'merge');
    return { lines: read(), merged: readMerged(), calls };
  },
  'keys': () => {
    const [logger, read] = make({ messageKey: 'message', errorKey: 'error', nestedKey: 'payload' });
    logger.info({ a: 1 }, 'keys');
    logger.error(fixedError('k'));
    logger.error({ error: fixedError('as error key') });
    const [crlf, readCrlf] = make({ crlf: true, name: 'app' });
    crlf.info('crlf');
    return { lines: read(), crlf: readCrlf() };
  },
  'msgPrefix': () => {
    const [logger, read] = make({ msgPrefix: '[root] ' });
    logger.info('one');
    const child = logger.child({}, { msgPrefix: '[child] ' });
    child.info('two');
    child.info({ a: 1 }, 'three %s', 'x');
    return { lines: read(), prefix: [logger.msgPrefix ?? null, child.msgPrefix ?? null] };
  },
  'hooks': () => {
    const [logger, read] = make({
      hooks: {
        logMethod(args, method, level) { return method.apply(this, [`<${level}> ${args[0]}`, ...args.slice(1)]); },
        streamWrite: (s) => s.replace('"secret"', '"hidden"'),
      },
    });
    logger.info('hooked %s', 'x');
    logger.warn('secret');
    return { lines: read() };
  },
  'onChild': () => {
    const made = [];
    const [logger, read] = make({ onChild: (child) => made.push(child.bindings()) });
    logger.child({ a: 1 }).child({ b: 2 }).info('deep');
    return { lines: read(), made };
  },
  'limits': () => {
    const [logger, read] = make({ depthLimit: 2, edgeLimit: 3 });
    const circ = { a: 1 };
    circ.self = circ;
    logger.info({ deep: { a: { b: { c: { d: 1 } } } }, wide: { a: 1, b: 2, c: 3, d: 4, e: 5 }, circ }, 'limits');
    return { lines: read() };
  },
  'multistream': (L) => {
    const a = sink();
    const b = sink();
    const ms = L.multistream([{ stream: a.stream, level: 'info' }, { stream: b.stream, level: 'error' }]);
    const logger = pino({ timestamp: false, base: null, level: 'debug' }, ms);
    logger.debug('not to either');
    logger.info('to a');
    logger.error('to both');
    const dedupe = sink();
    const c = sink();
    const ms2 = L.multistream([{ stream: dedupe.stream, level: 'info' }, { stream: c.stream, level: 'error' }], { dedupe: true });
    const l2 = pino({ timestamp: false, base: null }, ms2);
    l2.info('info only to first');
    l2.error('error only to second');
    return { a: a.read(), b: b.read(), dedupe: dedupe.read(), c: c.read(), streams: ms.streams.length, minLevel: ms.minLevel ?? null };
  },
  'misc': (L) => each([
    ['flush', () => { const [logger] = make(); logger.flush(); return typeof logger.flush; }],
    ['level change event', () => {
      const [logger] = make();
      const seen = [];
      logger.on('level-change', (lvl, val, prev, prevVal) => seen.push([lvl, val, prev, prevVal]));
      logger.level = 'error';
      logger.child({}).level = 'trace';
      return seen;
    }],
    ['levels option', () => Object.keys(make({ customLevels: { z: 99 } })[0].levels.values).sort()],
    ['version', () => make()[0].version === pino.version],
    ['bad stream', () => { try { return typeof pino({}, 5).info; } catch (e) { return `${e.name}: ${e.message}`; } }],
    ['name', () => { const [logger, read] = make({ name: 'n' }); logger.info('x'); return read(); }],
    ['base', () => { const s = sink(); pino({ timestamp: false, base: { app: 'a' } }, s.stream).info('x'); return s.read(); }],
    ['timestamp fn', () => { const s = sink(); pino({ timestamp: () => ',"t":1', base: null }, s.stream).info('x'); return s.read(); }],
  ]),
};

/** What a program keeps from start: loggers made by the first version, writing to kept sinks. */
export function setup() {
  const main = sink();
  const logger = pino({
    timestamp: false, base: null, level: 'debug', customLevels: { audit: 35 },
    serializers: { user: (u) => ({ id: u.id }) }, redact: ['secret', 'user.token'],
    formatters: { level: (label) => ({ level: label }) }, mixin: () => ({ mixed: true }),
  }, main.stream);
  const child = logger.child({ module: 'kept' });
  const plain = sink();
  const plainLogger = pino({ timestamp: false, base: null }, plain.stream);
  return { main, logger, child, plain, plainLogger, pino };
}

export const instanceCases = {
  'kept logger': (I) => {
    I.main.lines.length = 0;
    I.logger.info({ user: { id: 1, token: 't' }, secret: 's' }, 'kept %s', 'x');
    I.logger.audit('audited');
    I.logger.debug('debugged');
    I.logger.error(fixedError('kept error'));
    I.child.warn({ n: 1 }, 'from child');
    I.child.child({ sub: 2 }).info('grandchild');
    return { lines: I.main.read(), level: levelInfo(I.logger), bindings: I.child.bindings() };
  },
  'kept level change': (I) => {
    I.plain.lines.length = 0;
    I.plainLogger.level = 'warn';
    I.plainLogger.info('hidden');
    I.plainLogger.warn('shown');
    I.plainLogger.level = 'info';
    I.plainLogger.info('shown again');
    return { lines: I.plain.read(), level: levelInfo(I.plainLogger) };
  },
  'kept factory': (I) => {
    const s = sink();
    const logger = I.pino({ timestamp: false, base: null, msgPrefix: 'p ' }, s.stream);
    logAll(logger);
    logger.child({ a: 1 }, { msgPrefix: 'c ' }).info('child');
    return s.read();
  },
};
