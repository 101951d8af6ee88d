// The chalk probe. `L` is the namespace of index.js: `{ default: chalk, Chalk, chalkStderr,
// supportsColor, … }`. Every case makes its own instances with an explicit level (`new
// L.Chalk({ level })`) and styles fixed strings; escapes are shown as `\e` so a result reads.
// The default `chalk` is asked only what its detected level does (the same environment in
// every process), never changed.
//
// `setup` makes what a program keeps from the first version: instances at levels 1–3, chains
// and model builders made from them, and the default chalk's chain.
import { each } from './serialize.mjs';

const show = (s) => (typeof s === 'string' ? s.replace(/\u001B/g, '\\e') : s);
const LEVELS = [0, 1, 2, 3];
const at = (L, level) => new L.Chalk({ level });

/** `fn(chalk)` at every level, each result shown. */
const levels = (L, fn) => Object.fromEntries(LEVELS.map((l) => {
  try {
    return [l, show(fn(at(L, l)))];
  } catch (e) {
    return [l, { threw: `${e?.name}: ${e?.message}` }];
  }
}));

const STYLES = [
  'reset', 'bold', 'dim', 'italic', 'underline', 'overline', 'inverse', 'hidden', 'strikethrough', 'visible',
  'black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'gray', 'grey',
  'blackBright', 'redBright', 'greenBright', 'yellowBright', 'blueBright', 'magentaBright', 'cyanBright', 'whiteBright',
  'bgBlack', 'bgRed', 'bgGreen', 'bgYellow', 'bgBlue', 'bgMagenta', 'bgCyan', 'bgWhite', 'bgGray', 'bgGrey',
  'bgBlackBright', 'bgRedBright', 'bgGreenBright', 'bgYellowBright', 'bgBlueBright', 'bgMagentaBright', 'bgCyanBright', 'bgWhiteBright',
  'nope',
];

export const cases = {
  'exports': (L) => ({
    Chalk: typeof L.Chalk,
    default: typeof L.default,
    chalkStderr: typeof L.chalkStderr,
    supportsColor: L.supportsColor === false ? false : typeof L.supportsColor,
    supportsColorStderr: L.supportsColorStderr === false ? false : typeof L.supportsColorStderr,
    sameLevel: L.default.level === (L.supportsColor ? L.supportsColor.level : 0),
  }),
  'styles': (L) => Object.fromEntries(STYLES.map((s) => [s, levels(L, (c) => (typeof c[s] === 'function' ? c[s]('x') : typeof c[s]))])),
  'chains': (L) => each([
    ['red.bold', () => levels(L, (c) => c.red.bold('x'))],
    ['bold.red.bgBlue.underline', () => levels(L, (c) => c.bold.red.bgBlue.underline('a', 'b', 3))],
    ['nested', () => levels(L, (c) => c.red(`a ${c.blue.bold('b')} c ${c.red('d')} e`))],
    ['newlines', () => levels(L, (c) => c.green.bold('a\nb\r\nc\n'))],
    ['empty and numbers', () => levels(L, (c) => [c.red(''), c.red(), c.red(0), c.red(12.5), c.red(null), c.red(undefined), c.red(['a', 'b'])])],
    ['visible', () => levels(L, (c) => [c.visible('v'), c.red.visible('v'), c.visible.red('v'), c.red.visible(''), c.visible.red()])],
    ['reuse', () => levels(L, (c) => { const r = c.red; return [r('a'), r.bold('b'), r('c'), c.red === r, r.bold === r.bold]; })],
    ['template-like', () => levels(L, (c) => c.red.bold(['a', 'b'].join(' ')))],
  ]),
  'models': (L) => each([
    ['rgb', () => levels(L, (c) => c.rgb(255, 136, 0)('x'))],
    ['bgRgb', () => levels(L, (c) => c.bgRgb(10, 20, 30).bold('x'))],
    ['hex', () => levels(L, (c) => [c.hex('#FF8800')('x'), c.hex('#f80')('y'), c.hex('zz')('z')])],
    ['bgHex', () => levels(L, (c) => c.bgHex('#00ff00').red('x'))],
    ['ansi256', () => levels(L, (c) => [c.ansi256(201)('x'), c.bgAnsi256(21)('y')])],
    ['keyword', () => levels(L, (c) => (typeof c.keyword === 'function' ? c.keyword('orange')('x') : typeof c.keyword))],
    ['chained', () => levels(L, (c) => c.bold.rgb(1, 2, 3).bgHex('#123456').underline('x'))],
  ]),
  'level': (L) => each([
    ['get set', () => { const c = at(L, 2); const r = c.red; const before = [c.level, r.level]; r.level = 1; return [before, c.level, r.level, show(r('x')), show(c.blue('y'))]; }],
    ['chain keeps generator', () => { const c = at(L, 3); const b = c.bold; c.level = 0; return [show(b('x')), b.level]; }],
    ['options', () => [new L.Chalk().level === L.default.level, new L.Chalk({}).level === L.default.level, at(L, 0).level]],
    ['bad 5', () => new L.Chalk({ level: 5 })],
    ['bad 1.5', () => new L.Chalk({ level: 1.5 })],
    ['bad -1', () => new L.Chalk({ level: -1 })],
    ['instanceof', () => { const c = at(L, 1); return [c instanceof L.Chalk, typeof c, Object.getPrototypeOf(c) === Object.getPrototypeOf(L.default), Object.getPrototypeOf(Object.getPrototypeOf(c)) === Function.prototype]; }],
    ['keys', () => Object.keys(at(L, 2)).sort()],
  ]),
  'default chalk': (L) => each([
    ['red', () => show(L.default.red('x'))],
    ['rgb', () => show(L.default.rgb(1, 2, 3).bold('x'))],
    ['stderr', () => show(L.chalkStderr.green.underline('y'))],
    ['call', () => show(L.default('a', 'b'))],
  ]),
  'lists': (L) => each([
    ['modifierNames', () => L.modifierNames],
    ['foregroundColorNames', () => L.foregroundColorNames],
    ['backgroundColorNames', () => L.backgroundColorNames],
    ['colorNames', () => L.colorNames],
    ['aliases', () => [L.modifiers, L.foregroundColors?.length, L.backgroundColors?.length, L.colors?.length]],
  ]),
  'many': (L) => {
    const c = at(L, 3);
    let n = 0;
    for (let i = 0; i < 200; i++) n += c.rgb(i, 255 - i, i % 7).bold(`${i}`).length;
    return n;
  },
};

/** What the app keeps from the first version: instances, chains and builders made from them. */
export function setup(L) {
  const c1 = new L.Chalk({ level: 1 });
  const c2 = new L.Chalk({ level: 2 });
  const c3 = new L.Chalk({ level: 3 });
  return {
    c1, c2, c3,
    warn: c3.yellow.bold,
    error: c2.red.bgWhite,
    orange: c3.rgb(255, 136, 0),
    hex256: c2.hex('#FF8800'),
    visibleBlue: c1.visible.blue,
    plainChain: L.default.green.italic,
  };
}

export const instanceCases = {
  'instances': (I) => each([
    ['levels', () => [I.c1.level, I.c2.level, I.c3.level]],
    ['styles', () => [I.c1, I.c2, I.c3].map((c) => [c.red('x'), c.bold.underline('y'), c.gray?.('z'), c.overline?.('o')].map(show))],
    ['models', () => [I.c1, I.c2, I.c3].map((c) => [c.rgb(1, 2, 3)('x'), c.bgHex('#abcdef')('y'), c.ansi256(100)('z')].map(show))],
    ['nested', () => show(I.c3.red(`a ${I.c3.blue('b')} c`))],
    ['newline', () => show(I.c2.cyan('a\nb'))],
  ]),
  'chains': (I) => each([
    ['warn', () => [show(I.warn('careful')), show(I.warn.underline('more')), I.warn.level]],
    ['error', () => show(I.error('bad', 2))],
    ['orange', () => [show(I.orange('o')), show(I.orange.bold('b'))]],
    ['hex256', () => show(I.hex256('h'))],
    ['visibleBlue', () => [show(I.visibleBlue('v')), show(I.visibleBlue(''))]],
    ['plainChain', () => show(I.plainChain('p'))],
    ['level change', () => { I.c2.level = 1; const r = show(I.error('x')); I.c2.level = 2; return [r, show(I.error('x'))]; }],
  ]),
};
