// dayjs: a date library built around a factory and one class, extended by plugins. Its ES
// module build (`esm/`, ES5 out of Babel): `index.js` makes the factory `dayjs(date, c)`, the
// class `Dayjs` (an immediately invoked function that assigns ~40 methods to `_proto`), the
// unit getters/setters a `forEach` puts on its prototype, the global locale (`var L = 'en'`,
// `Ls`), and `dayjs.extend(plugin)`, which calls `plugin(option, Dayjs, dayjs)` once. A plugin is
// an exported function expression that assigns methods to the prototype and to `dayjs`
// (`proto.utc = function …`, `dayjs.tz = function …`) and wraps existing ones
// (`var oldParse = proto.parse; proto.parse = function (cfg) { … oldParse.call(this, cfg) }`):
// what a program holds after start are closures a plugin made when it was extended, once. A
// locale file registers itself at load (`dayjs.locale(locale, null, true)`). The duration plugin
// has its own class (`Duration`, an immediately invoked function too) and module state set by
// `extend` (`$d = dayjs`).
//
// Replayed: index.js, constant.js, utils.js, locale/en.js, locale/de.js and the plugins the
// probe extends (utc, timezone, relativeTime, customParseFormat, advancedFormat,
// localizedFormat and its utils.js, duration). `esm/` imports without extensions
// (`import U from './utils'`): `withJsExtensions` names the file, as a bundler would. No
// dependencies.
//
// Window: 1.9.0 (the first version with every plugin above; `esm/` exists from 1.8.5) to
// 1.11.23. Releases whose files did not change are dropped by the replay.
import { withJsExtensions } from '../sources.mjs';

const PLUGINS = ['utc', 'timezone', 'relativeTime', 'customParseFormat', 'advancedFormat', 'localizedFormat', 'duration'];

export default {
  name: 'dayjs',
  kind: 'a factory, a class built by an IIFE, plugins that extend and wrap its prototype once at start, global locale state',
  source: {
    type: 'npm',
    package: 'dayjs',
    root: 'esm',
    include: (rel) =>
      /^(index|constant|utils)\.js$/.test(rel) ||
      /^locale\/(en|de)\.js$/.test(rel) ||
      rel === 'plugin/localizedFormat/utils.js' ||
      PLUGINS.some((p) => rel === `plugin/${p}/index.js`),
    transform: withJsExtensions,
  },
  entry: { '': 'index.js', de: 'locale/de.js', ...Object.fromEntries(PLUGINS.map((p) => [p, `plugin/${p}/index.js`])) },
  windows: {
    // CI: the core's methods (1.11.0: index.js and de.js), customParseFormat (1.11.1), the utc
    // plugin's wrappers (1.11.2).
    short: ['1.11.0', '1.11.1', '1.11.2'],
    long: [
      '1.9.0', '1.9.1', '1.9.2', '1.9.3', '1.9.4', '1.9.5', '1.9.6', '1.9.7', '1.9.8',
      '1.10.0', '1.10.1', '1.10.2', '1.10.3', '1.10.4', '1.10.5', '1.10.6', '1.10.7', '1.10.8',
      '1.11.0', '1.11.1', '1.11.2', '1.11.3', '1.11.4', '1.11.5', '1.11.6', '1.11.7', '1.11.8',
      '1.11.9', '1.11.10', '1.11.11', '1.11.12', '1.11.13', '1.11.14', '1.11.15', '1.11.16',
      '1.11.17', '1.11.18', '1.11.19', '1.11.20', '1.11.21', '1.11.22', '1.11.23',
    ],
  },
  probe: new URL('./dayjs.probe.mjs', import.meta.url),
};
