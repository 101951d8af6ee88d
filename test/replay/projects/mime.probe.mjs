// The mime probe. `L` is `module.exports` of index.js: the default `Mime` instance that
// index.js makes at load from both type tables (`new Mime(require('./types/standard'),
// require('./types/other'))`). lite.js (the standard table only) is left out: in 2.2.x the
// `*ext` handling rewrites the table it is given (`extensions[i] = ext.substr(1)`), so a
// process that requires both index.js and lite.js throws at load ("Attempt to change mapping
// for \"mp3\"…"), with or without limeade. The `Mime`
// constructor itself is not an export of the entry: the cases require Mime.js when they run
// (what `require('mime/Mime')` gives now, as `L.x` is the entry's export now), and `setup`
// keeps the one it gave at start (a program's top-level `const Mime = require('mime/Mime')`).
//
// Every case asks fixed paths and types (`getType`, `getExtension`), reads the tables the
// instances hold (sizes and a digest of every entry, a few entries by name), or builds its own
// `new Mime(…)` from fixed maps and `define`s on it, with and without `force`, the `*` prefix
// (2.2.0), upper case (2.0.5), conflicts that throw. The default instances are only read:
// `define` on them is `setup`'s (a program's, at start), so every run sees the same tables.
//
// `setup` keeps what a program makes at start: a custom type defined (forced) on the default
// instance, a `Mime` of its own with a custom map and a `define` after, and functions taken
// out of both (`const { getType } = mime`: bound by the constructor from 2.0.5, plain class
// methods in 2.0.0–2.0.3, where a detached call throws).
import { createRequire } from 'node:module';
import { each } from './serialize.mjs';

const require = createRequire(import.meta.url);
const MIME = '../lib/Mime.js';

const PATHS = [
  'a.txt', 'index.html', 'INDEX.HTM', 'style.css', 'app.js', 'mod.mjs', 'data.json', 'data.json5', 'feed.rss', 'x.xml',
  'img.png', 'img.JPG', 'photo.jpeg', 'pic.webp', 'pic.avif', 'pic.heic', 'pic.heif', 'a.tif', 'a.tiff', 'a.svg', 'a.ico',
  'song.mp3', 'song.ogg', 'a.wav', 'a.m4a', 'a.aac', 'a.flac', 'a.opus', 'v.mp4', 'v.webm', 'v.mkv', 'v.mov', 'v.ts',
  'f.woff', 'f.woff2', 'f.ttf', 'f.otf', 'doc.pdf', 'doc.docx', 'doc.xlsx', 'doc.pptx', 'a.zip', 'a.gz', 'a.7z', 'a.tar',
  'a.wasm', 'a.md', 'a.markdown', 'a.csv', 'a.yaml', 'a.yml', 'a.toml', 'a.ics', 'a.vcf', 'a.epub', 'a.apk', 'a.exe',
  'a.dmg', 'a.deb', 'a.rtf', 'a.shtml', 'a.jsonld', 'a.geojson', 'a.ecma', 'a.x3db', 'a.x3dv', 'a.3gpp', 'a.key', 'a.numbers',
  'a.pages', 'a.dbf', 'a.mvt', 'a.hjson', 'a.ktx2', 'a.jxl', 'a.dwd', 'a.glb', 'a.gltf', 'a.obj', 'a.stl', 'a.mtl', 'a.ac',
  'txt', '.txt', 'dir/', 'dir/.txt', 'dir/txt', 'dir\\file.PNG', 'a/b/c.d.e.json', 'a.unknownext', '', 'noext', 'a.', '.',
  'C:\\x\\y.css', '/abs/path/file.JS', 'file.tar.gz', 'weird.ÄÖÜ',
];

const TYPES = [
  'text/plain', 'text/html', 'TEXT/HTML', 'text/html; charset=UTF-8', '  text/css  ', 'application/javascript',
  'text/javascript', 'application/json', 'application/ld+json', 'image/png', 'image/jpeg', 'image/webp', 'image/avif',
  'image/heic', 'image/tiff', 'image/svg+xml', 'audio/mpeg', 'audio/mp3', 'audio/ogg', 'audio/wav', 'audio/wave',
  'audio/x-wav', 'audio/3gpp', 'audio/mp4', 'video/mp4', 'video/webm', 'video/quicktime', 'video/mp2t', 'font/woff',
  'font/woff2', 'application/pdf', 'application/zip', 'application/gzip', 'application/wasm', 'text/markdown',
  'text/csv', 'text/yaml', 'application/ecmascript', 'application/rdf+xml', 'application/xslt+xml', 'model/x3d+binary',
  'model/x3d+vrml', 'model/gltf-binary', 'application/vnd.apple.keynote', 'application/vnd.dbf',
  'application/octet-stream', 'application/x-unknown', 'nothing', '', ';', 'text/plain;charset=x',
];

/** A short, stable digest of a string (FNV-1a, 32 bits): a table compared without printing it. */
function fnv(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}

/** What an instance's tables hold: sizes, a digest of every entry in its order, a few entries. */
function tables(m) {
  const t = m._types ?? {};
  const e = m._extensions ?? {};
  const entries = (o) => Object.keys(o).map((k) => `${k}=${o[k]}`).join('\n');
  return {
    types: Object.keys(t).length,
    extensions: Object.keys(e).length,
    typesDigest: fnv(entries(t)),
    extensionsDigest: fnv(entries(e)),
    sortedDigest: fnv(Object.keys(t).sort().map((k) => `${k}=${t[k]}`).join('\n')),
    sample: Object.fromEntries(['js', 'mjs', 'mp3', 'wav', 'rtf', 'x3db', 'key'].map((k) => [k, t[k] ?? null])),
  };
}

const lookups = (m) => ({
  getType: Object.fromEntries(PATHS.map((p) => [p, m.getType(p)])),
  getExtension: Object.fromEntries(TYPES.map((t) => [t, m.getExtension(t)])),
});

const own = (o) => Object.keys(o).map((k) => [k, typeof o[k]]);

/** A `Mime` of the probe's own, from fixed maps. */
const custom = (Mime = require(MIME)) => new Mime(
  { 'text/x-one': ['one', 'uno'], 'Text/X-Two': ['TWO'], 'application/x-shared': ['shr'] },
  { 'text/x-three': ['three', '*one'] },
);

export const cases = {
  'exports': (L) => ({
    methods: ['define', 'getType', 'getExtension'].map((k) => [k, typeof L[k], L[k]?.name ?? null]),
    Mime: ((Mime) => [typeof Mime, Mime.name, Mime.length, /^class\b/.test(Function.prototype.toString.call(Mime)), Object.getOwnPropertyNames(Mime.prototype).sort()])(require(MIME)),
  }),
  'default lookups': (L) => lookups(L),
  'tables': (L) => tables(L),
  'detached': (L) => each([
    ['getType', () => { const { getType } = L; return getType('a.png'); }],
    ['getExtension', () => { const { getExtension } = L; return getExtension('text/html'); }],
  ]),
  'new Mime': () => { const Mime = require(MIME); return each([
    ['empty', () => { const m = new Mime(); return [tables(m), m.getType('a.txt'), m.getExtension('text/plain'), own(m).sort()]; }],
    ['custom', () => { const m = custom(); return [tables(m), ['a.one', 'a.uno', 'a.two', 'a.TWO', 'a.three', 'a.shr'].map((p) => m.getType(p)), ['text/x-one', 'text/x-two', 'Text/X-Two', 'text/x-three'].map((t) => m.getExtension(t))]; }],
    ['conflict', () => new Mime({ 'a/b': ['x'] }, { 'c/d': ['x'] })],
    ['conflict in one map', () => new Mime({ 'a/b': ['x'], 'c/d': ['y', 'x'] })],
    ['same type twice', () => { const m = new Mime({ 'a/b': ['x'] }); m.define({ 'a/b': ['y'] }); return [m.getType('f.y'), m.getExtension('a/b')]; }],
    ['non-array', () => new Mime({ 'a/b': 'x' })],
    ['null map', () => { const m = new Mime(null); return tables(m); }],
  ]); },
  'define': () => { const Mime = require(MIME); return each([
    ['new type', () => { const m = custom(); m.define({ 'text/x-four': ['four'] }); return [m.getType('x.four'), m.getExtension('text/x-four')]; }],
    ['conflict', () => { const m = custom(); m.define({ 'text/x-other': ['one'] }); return m.getType('x.one'); }],
    ['force', () => { const m = custom(); m.define({ 'text/x-other': ['one', 'oth'] }, true); return [m.getType('x.one'), m.getExtension('text/x-other'), m.getExtension('text/x-one')]; }],
    ['force keeps default ext', () => { const m = custom(); m.define({ 'text/x-one': ['zzz'] }, true); return [m.getExtension('text/x-one'), m.getType('a.zzz'), m.getType('a.one')]; }],
    ['star', () => { const m = custom(); m.define({ 'audio/x-star': ['*one', 'star'] }); return [m.getType('a.one'), m.getType('a.star'), m.getExtension('audio/x-star')]; }],
    ['star only', () => { const m = new Mime({ 'a/b': ['*x'] }); return [m.getType('f.x'), m.getExtension('a/b'), tables(m)]; }],
    ['upper case', () => { const m = new Mime(); m.define({ 'IMAGE/X-UP': ['UPX', 'Upy'] }); return [m.getType('f.upx'), m.getType('F.UPY'), m.getExtension('image/x-up'), m.getExtension('IMAGE/X-UP'), tables(m)]; }],
    ['returns', () => { const m = new Mime(); return [m.define({ 'a/b': ['q'] }) ?? null]; }],
    ['message', () => { const m = new Mime({ 'a/b': ['x'] }); try { m.define({ 'c/d': ['x'] }); } catch (e) { return [e.constructor.name, e.message]; } return 'no throw'; }],
    ['detached define', () => { const m = new Mime(); const { define } = m; define({ 'a/b': ['q'] }); return m.getType('f.q'); }],
  ]); },
  'getType edge': () => {
    const m = custom();
    return each([
      ['numbers', () => [m.getType(1), m.getType(null), m.getType(undefined), m.getType({ toString: () => 'a.one' })]],
      ['paths', () => ['x/a.one', 'x\\a.one', 'x/.one', 'x/one', '.one', 'one', 'ONE'].map((p) => m.getType(p))],
      ['getExtension odd', () => [m.getExtension(undefined), m.getExtension(null), m.getExtension(5), m.getExtension(' text/x-one ;q=1')]],
    ]);
  },
};

/** What a program keeps of mime at start: a type defined on the default, its own Mime, functions taken out. */
export function setup(L) {
  L.define({ 'text/x-replay-app': ['rpl', 'replayapp'] }, true);
  const Mime = require(MIME);
  const mine = custom(Mime);
  mine.define({ 'application/x-kept': ['kept', 'one'] }, true);
  mine.define({ 'audio/x-kept-star': ['*one', 'kstar'] }, true);
  return {
    Mime,
    mine,
    getType: L.getType,
    getExtension: L.getExtension,
    mineGetType: mine.getType,
    lookup: (p) => L.getType(p),
  };
}

export const instanceCases = {
  'kept define on default': (I, L) => each([
    ['getType', () => [L.getType('a.rpl'), L.getType('a.replayapp'), L.getExtension('text/x-replay-app')]],
  ]),
  'kept Mime': (I) => each([
    ['lookups', () => [['a.one', 'a.kept', 'a.two', 'a.three', 'a.shr', 'a.png', 'a.kstar'].map((p) => I.mine.getType(p)), ['application/x-kept', 'text/x-one', 'text/x-three', 'audio/x-kept-star'].map((t) => I.mine.getExtension(t))]],
    ['tables', () => tables(I.mine)],
    ['own', () => own(I.mine).sort()],
    ['define conflict', () => { I.mine.define({ 'x/y': ['kept'] }); return 'no throw'; }],
  ]),
  'kept constructor': (I) => each([
    ['made now', () => { const m = custom(I.Mime); return [tables(m), m.getType('a.one'), m.getExtension('text/x-three'), own(m).sort()]; }],
    ['upper case', () => { const m = new I.Mime({ 'A/B': ['X'] }); return [m.getType('f.x'), m.getExtension('a/b')]; }],
    ['instanceof', () => [I.mine instanceof I.Mime, I.mine instanceof require(MIME)]],
  ]),
  'kept functions': (I) => each([
    ['getType', () => ['a.png', 'a.mp3', 'a.rpl', 'a.jxl', 'a.mjs'].map((p) => I.getType(p))],
    ['getExtension', () => ['image/png', 'audio/wav', 'text/x-replay-app', 'application/ecmascript'].map((t) => I.getExtension(t))],
    ['mine getType', () => I.mineGetType('a.kept')],
    ['lookup', () => I.lookup('a.wasm')],
  ]),
};
