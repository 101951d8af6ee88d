// The superstruct probe. `L` is the bundle's namespace (the same 53 names in every version of
// the window). Every case builds structs from fixed schemas, runs fixed values through them
// (`validate`, `is`, `assert`, `create`, `mask`, the `Struct` methods) and returns what came
// out: values, or errors described field by field (message, path, key, type, refinement, the
// lazy `failures()` list). A case on a behaviour a version lacks throws or returns its own
// answer; either is its result.
//
// `setup` does what a program does once: the app's schemas built by the factories at start
// (an object with refinements, defaults and a nested optional object, coercions, a recursive
// `lazy` tree, a union, a `define`d type, a `Struct` made by hand with a generator
// `entries`), a `StructError` caught from `assert` whose `failures` closure is first called
// later, and functions taken out of structs (`const check = User.validator`). Nothing a case
// does changes what the next run sees: values are made per call, `deprecated`'s log is the
// case's own.

import { each } from './serialize.mjs';

const failure = (f) => ({
  message: f.message,
  path: f.path,
  key: f.key ?? null,
  type: f.type,
  refinement: f.refinement ?? null,
  value: typeof f.value === 'symbol' ? String(f.value) : f.value,
  branch: Array.isArray(f.branch) ? f.branch.length : f.branch,
  explanation: f.explanation ?? null,
});

/** A StructError as a program reads it (never its stack). */
function structError(e) {
  if (!e || typeof e !== 'object') return { notAnError: String(e) };
  let failures;
  try { failures = typeof e.failures === 'function' ? e.failures().map(failure) : e.failures; } catch (err) { failures = { threw: `${err.name}: ${err.message}` }; }
  return {
    class: e.constructor?.name,
    name: e.name,
    message: e.message,
    isTypeError: e instanceof TypeError,
    path: e.path,
    key: e.key ?? null,
    type: e.type,
    refinement: e.refinement ?? null,
    cause: e.cause ?? null,
    keys: Object.keys(e).sort(),
    failures,
  };
}

/** `[error, value]` of validate, the error described. */
const result = ([err, value]) => (err ? { error: structError(err) } : { value });

/** What a throwing call gives: its value, or the StructError it threw. */
function attempt(fn) {
  try {
    return { value: fn() };
  } catch (e) {
    return { threw: e?.name === 'StructError' ? structError(e) : `${e?.name}: ${e?.message}` };
  }
}

function userSchema(L) {
  const Email = L.refine(L.string(), 'email', (v) => v.includes('@') || `Expected an email, got "${v}"`);
  return L.object({
    id: L.integer(),
    name: L.size(L.string(), 1, 20),
    email: Email,
    age: L.optional(L.min(L.number(), 0)),
    role: L.defaulted(L.enums(['admin', 'user', 'guest']), 'user'),
    tags: L.defaulted(L.array(L.string()), () => []),
    address: L.optional(L.object({ city: L.string(), zip: L.pattern(L.string(), /^\d{5}$/) })),
  });
}

// A new object at every use: `create`/`mask` write coerced fields back into the value they walk
// when an object struct's coercer does not copy it (2.0.0 copies plain objects only: an array
// given to `object()` gets `role` and `tags` written into it).
const users = () => ({
  good: { id: 1, name: 'Ada', email: 'ada@example.com', role: 'admin', tags: ['x'] },
  minimal: { id: 2, name: 'Bob', email: 'bob@example.com' },
  nested: { id: 3, name: 'Cy', email: 'cy@x.y', address: { city: 'Paris', zip: '75001' } },
  badType: { id: '4', name: 'Di', email: 'di@x.y' },
  badRefine: { id: 5, name: 'Ed', email: 'no-at-sign' },
  badMany: { id: 1.5, name: '', email: 7, age: -1, role: 'root', tags: [1, 'a', 2], address: { city: 3, zip: 'abc' } },
  unknownKey: { id: 6, name: 'Fa', email: 'fa@x.y', extra: true, address: { city: 'Rome', zip: '00100', planet: 'earth' } },
  notObject: 'user',
  array: [1, 2],
});

function treeSchema(L) {
  const Node = L.object({ value: L.number(), children: L.optional(L.array(L.lazy(() => Node))) });
  return Node;
}

const TREE = { value: 1, children: [{ value: 2 }, { value: 3, children: [{ value: 'four' }, { value: 5, children: [] }] }] };

export const cases = {
  'exports': (L) => ({
    names: Object.keys(L).sort().map((k) => [k, typeof L[k]]),
    Struct: Object.getOwnPropertyNames(L.Struct.prototype).sort(),
    StructError: [Object.getPrototypeOf(L.StructError) === TypeError, Object.getOwnPropertyNames(L.StructError.prototype).sort()],
    instance: Object.keys(L.string()).sort(),
  }),
  'primitives': (L) => {
    const values = [
      ['str', 'hello'], ['empty', ''], ['num', 42], ['float', 1.5], ['nan', NaN], ['int', -7], ['bool', false],
      ['null', null], ['undefined', undefined], ['big', 10n], ['date', new Date(0)], ['badDate', new Date(NaN)],
      ['re', /x/g], ['fn', function named() {}], ['arr', [1]], ['obj', { a: 1 }], ['sym', Symbol('s')],
    ];
    const structs = {
      string: L.string(), number: L.number(), integer: L.integer(), boolean: L.boolean(), bigint: L.bigint(),
      date: L.date(), regexp: L.regexp(), func: L.func(), any: L.any(), unknown: L.unknown(), never: L.never(),
      literal: L.literal('hello'), enums: L.enums([42, 'hello', false]), instance: L.instance(Date),
      nullable: L.nullable(L.string()), optional: L.optional(L.number()),
    };
    const out = {};
    for (const [sname, S] of Object.entries(structs)) {
      out[sname] = each(values.map(([vname, v]) => [vname, () => {
        const [err] = L.validate(v, S);
        return err ? [err.message, err.type, err.refinement ?? null] : L.is(v, S);
      }]));
    }
    return out;
  },
  'object validate': (L) => {
    const User = userSchema(L);
    return each(Object.entries(users()).map(([k, v]) => [k, () => result(L.validate(v, User))]));
  },
  'object create': (L) => {
    const User = userSchema(L);
    return each(Object.entries(users()).map(([k, v]) => [k, () => attempt(() => L.create(v, User))]));
  },
  'object mask': (L) => {
    const User = userSchema(L);
    const Loose = L.type({ id: L.number(), inner: L.object({ a: L.number() }) });
    const Deep = L.object({ list: L.array(L.object({ a: L.number() })), rec: L.record(L.string(), L.object({ b: L.string() })), t: L.tuple([L.object({ c: L.number() })]) });
    return each([
      ['user', () => attempt(() => L.mask(users().unknownKey, User))],
      ['user method', () => attempt(() => User.mask({ ...users().minimal, junk: 1 }))],
      ['type', () => attempt(() => L.mask({ id: 1, extra: 2, inner: { a: 1, b: 2 } }, Loose))],
      ['deep', () => attempt(() => L.mask({ list: [{ a: 1, x: 1 }], rec: { k: { b: 'v', y: 2 } }, t: [{ c: 1, z: 3 }], top: 0 }, Deep))],
      ['bad', () => attempt(() => L.mask({ id: 'x', junk: 1 }, User))],
      ['validate option', () => result(L.validate({ id: 1, name: 'A', email: 'a@b', junk: 1 }, User, { coerce: true, mask: true }))],
      ['array value', () => attempt(() => L.mask([1, 2], L.object({ 0: L.number() })))],
    ]);
  },
  'object helpers': (L) => {
    const A = L.object({ a: L.number(), b: L.string(), c: L.optional(L.boolean()) });
    const T = L.type({ a: L.number(), b: L.string() });
    const shape = (S) => ({ type: S.type, keys: S.schema && typeof S.schema === 'object' ? Object.keys(S.schema) : S.schema });
    return each([
      ['pick', () => shape(L.pick(A, ['a', 'c']))],
      ['omit', () => shape(L.omit(A, ['b']))],
      ['partial', () => shape(L.partial(A))],
      ['partial plain', () => shape(L.partial({ x: L.number() }))],
      ['pick type', () => shape(L.pick(T, ['a']))],
      ['omit type', () => shape(L.omit(T, ['a']))],
      ['partial type', () => shape(L.partial(T))],
      ['assign', () => shape(L.assign(A, L.object({ d: L.number() })))],
      ['assign type', () => shape(L.assign(T, L.object({ d: L.number() })))],
      ['pick type extra key', () => result(L.validate({ a: 1, zzz: 2 }, L.pick(T, ['a'])))],
      ['omit type extra key', () => result(L.validate({ b: 's', zzz: 2 }, L.omit(T, ['a'])))],
      ['partial type extra key', () => result(L.validate({ zzz: 2 }, L.partial(T)))],
      ['partial values', () => [L.is({}, L.partial(A)), L.is({ a: 'x' }, L.partial(A))]],
    ]);
  },
  'coercions': (L) => {
    const Num = L.coerce(L.number(), L.string(), (s) => parseFloat(s));
    const Trim = L.trimmed(L.string());
    const Def = L.defaulted(L.object({ a: L.number(), b: L.optional(L.string()) }), { a: 1, b: 'x' });
    const Strict = L.defaulted(L.object({ a: L.number(), b: L.optional(L.string()) }), { a: 1, b: 'x' }, { strict: true });
    const Undef = L.object({ a: L.coerce(L.optional(L.number()), L.literal('none'), () => undefined) });
    const Dates = L.coerce(L.date(), L.number(), (n) => new Date(n));
    const ArrayCopy = L.array(L.number());
    const TypeCopy = L.type({ n: Num });
    return each([
      ['number', () => ['3.5', 'x', 7, true].map((v) => attempt(() => L.create(v, Num)))],
      ['trimmed', () => ['  a b  ', 5].map((v) => attempt(() => Trim.create(v)))],
      ['defaulted', () => [undefined, {}, { a: 5 }, { b: 'y' }].map((v) => attempt(() => L.create(v, Def)))],
      ['defaulted strict', () => [undefined, {}, { a: 5 }].map((v) => attempt(() => L.create(v, Strict)))],
      ['to undefined', () => attempt(() => { const out = L.create({ a: 'none' }, Undef); return { out, has: 'a' in out }; })],
      ['date', () => attempt(() => L.create(86400000, Dates))],
      ['nested', () => attempt(() => L.create({ list: ['1', '2.5'], n: '4' }, L.object({ list: L.array(Num), n: Num })))],
      ['array copy', () => { const input = [1, 2]; const out = L.create(input, ArrayCopy); return { out, same: out === input }; }],
      ['type copy', () => { const input = { n: '2', other: 1 }; const out = L.create(input, TypeCopy); return { out, same: out === input, input }; }],
      ['union', () => ['5', 5, 'a'].map((v) => attempt(() => L.create(v, L.union([Num, L.boolean()]))))],
      ['map and set', () => attempt(() => { const m = L.create(new Map([['k', '1']]), L.map(L.string(), Num)); const s = L.create(new Set(['2']), L.set(Num)); return [m, s]; })],
      ['is ignores coercion', () => [L.is('3', Num), L.is(3, Num)]],
    ]);
  },
  'refinements': (L) => {
    const rows = [
      ['positive', L.refine(L.number(), 'positive', (n) => n > 0), [1, 0, -1, 'x']],
      ['multi', L.refine(L.number(), 'multi', (n) => [n % 2 === 0 || 'odd', n < 10 || { message: 'big', extra: 1 }]), [4, 3, 12, 13]],
      ['size string', L.size(L.string(), 2, 4), ['ab', 'a', 'abcde']],
      ['size array', L.size(L.array(L.number()), 1), [[1], [], [1, 2]]],
      ['size number', L.size(L.number(), 1, 10), [5, 0, 11]],
      ['size map', L.size(L.map(), 1, 2), [new Map([[1, 1]]), new Map()]],
      ['min', L.min(L.number(), 3), [3, 2]],
      ['min exclusive', L.min(L.number(), 3, { exclusive: true }), [3, 4]],
      ['max', L.max(L.integer(), 3), [3, 4]],
      ['max exclusive', L.max(L.integer(), 3, { exclusive: true }), [3, 2]],
      ['pattern', L.pattern(L.string(), /^a+$/), ['aaa', 'ab']],
      ['nonempty', L.nonempty(L.array(L.any())), [[1], []]],
      ['empty', L.empty(L.string()), ['', 'x']],
      ['nested refine', L.refine(L.size(L.string(), 1, 5), 'lower', (s) => s === s.toLowerCase()), ['abc', 'ABC', 'abcdefg']],
    ];
    return each(rows.map(([name, S, values]) => [name, () => values.map((v) => result(L.validate(v, S)))]));
  },
  'collections': (L) => {
    const rows = [
      ['array', L.array(L.number()), [[1, 2], [1, 'a', 3, 'b'], 'no']],
      ['tuple', L.tuple([L.string(), L.number()]), [['a', 1], ['a', 1, 2], [1, 'a'], {}]],
      ['record', L.record(L.string(), L.number()), [{ a: 1 }, { a: 'x', b: 2 }, []]],
      ['map', L.map(L.string(), L.number()), [new Map([['a', 1]]), new Map([[1, 'x']]), {}]],
      ['set', L.set(L.number()), [new Set([1]), new Set(['a']), []]],
      ['union', L.union([L.string(), L.object({ n: L.number() })]), ['s', { n: 1 }, { n: 's' }, 5]],
      ['intersection', L.intersection([L.type({ a: L.number() }), L.type({ b: L.string() })]), [{ a: 1, b: 's' }, { a: 1 }, { a: 's', b: 1 }]],
      ['tree', treeSchema(L), [TREE, { value: 1, children: 'x' }]],
      ['dynamic', L.dynamic((v) => (typeof v === 'string' ? L.size(L.string(), 1, 3) : L.number())), ['ab', 'abcd', 3, true]],
    ];
    return each(rows.map(([name, S, values]) => [name, () => values.map((v) => result(L.validate(v, S)))]));
  },
  'errors': (L) => {
    const User = userSchema(L);
    return each([
      ['assert', () => attempt(() => L.assert(users().badMany, User))],
      ['assert method', () => attempt(() => User.assert(users().badRefine))],
      ['assert message', () => attempt(() => L.assert(users().badType, User, 'Not a user'))],
      ['create message', () => attempt(() => L.create('x', L.number(), 'Need a number'))],
      ['mask message', () => attempt(() => L.mask({ id: 'x' }, User, 'Mask failed'))],
      ['symbol', () => result(L.validate(Symbol('s'), L.string()))],
      ['symbol key', () => result(L.validate({ a: Symbol.iterator }, L.object({ a: L.number() })))],
      ['failures twice', () => { const [e] = L.validate(users().badMany, User); const a = e.failures(); const b = e.failures(); return { same: a === b, n: a.length }; }],
      ['new StructError', () => structError(new L.StructError({ message: 'm', path: ['a', 0], key: 0, type: 't', value: 1, branch: [] }, function* () { yield { message: 'second', path: [], type: 'u', branch: [] }; }))],
      ['deprecated', () => {
        const log = [];
        const S = L.object({ old: L.deprecated(L.string(), (value, ctx) => log.push([value, ctx.path])) });
        return { results: [{}, { old: 'x' }, { old: 1 }].map((v) => result(L.validate(v, S))), log };
      }],
    ]);
  },
  'Struct': (L) => {
    const Even = L.define('even', (v) => (typeof v === 'number' && v % 2 === 0) || `odd: ${String(v)}`);
    const Pair = new L.Struct({
      type: 'pair',
      schema: null,
      validator: (v) => Array.isArray(v) || 'not a pair',
      refiner: (v) => v.length === 2 || { message: 'length', refinement: 'two' },
      coercer: (v) => (typeof v === 'string' ? v.split(',') : v),
      *entries(v) { if (Array.isArray(v)) for (const [i, x] of v.entries()) yield [i, x, Even]; },
    });
    return each([
      ['define', () => [2, 3, 'x'].map((v) => result(Even.validate(v)))],
      ['is', () => [Even.is(4), Even.is(5)]],
      ['pair', () => [[2, 4], [2, 3], [2, 4, 6], '2,4', 'x'].map((v) => result(Pair.validate(v, { coerce: true })))],
      ['pair create', () => attempt(() => Pair.create('8,6'))],
      ['keys', () => Object.keys(Pair).sort()],
      ['entries', () => [...Pair.entries([2, 5], { path: [], branch: [] })].map(([k, v, s]) => [k, v, s.type])],
      ['object entries', () => [...L.object({ a: L.number() }).entries({ a: 1, b: 2 }, { path: [], branch: [] })].map(([k, v, s]) => [k, v, s.type])],
      ['validator', () => [...L.string().validator(5, { path: ['p'], branch: [5] })].map(failure)],
      ['refiner', () => [...L.size(L.string(), 2).refiner('abc', { path: [], branch: ['abc'] })].map(failure)],
      ['coercer', () => L.trimmed(L.string()).coercer('  t  ', { path: [], branch: [] })],
    ]);
  },
};

/** What a program makes once at start: its schemas, an error it caught, methods it took out. */
export function setup(L) {
  const User = userSchema(L);
  const Tree = treeSchema(L);
  const Num = L.coerce(L.number(), L.string(), (s) => parseFloat(s));
  const Shape = L.union([
    L.object({ kind: L.literal('circle'), r: L.min(L.number(), 0) }),
    L.object({ kind: L.literal('rect'), w: L.number(), h: L.number() }),
  ]);
  const Even = L.define('even', (v) => (typeof v === 'number' && v % 2 === 0) || `odd: ${String(v)}`);
  const Pair = new L.Struct({
    type: 'pair',
    schema: null,
    validator: (v) => Array.isArray(v) || 'not a pair',
    refiner: (v) => v.length === 2 || { message: 'length', refinement: 'two' },
    coercer: (v) => (typeof v === 'string' ? v.split(',') : v),
    *entries(v) { if (Array.isArray(v)) for (const [i, x] of v.entries()) yield [i, x, Even]; },
  });
  const Loose = L.type({ id: L.number(), inner: L.object({ a: L.number() }) });
  let caught = null;
  try {
    L.assert(users().badMany, User);
  } catch (e) {
    caught = e;
  }
  const [returned] = L.validate(TREE, Tree);
  return {
    User, Tree, Num, Shape, Even, Pair, Loose, caught, returned,
    check: User.validator,
    refineEmail: User.schema.email.refiner,
    coerceNum: Num.coercer,
    is: User.is.bind(User),
  };
}

export const instanceCases = {
  'kept User': (I, L) => ({
    validate: each(Object.entries(users()).map(([k, v]) => [k, () => result(I.User.validate(v))])),
    create: each(Object.entries(users()).map(([k, v]) => [k, () => attempt(() => I.User.create(v))])),
    mask: attempt(() => I.User.mask(users().unknownKey)),
    namespace: result(L.validate(users().badMany, I.User, { coerce: true })),
    message: attempt(() => L.assert(users().badType, I.User, 'Not a user')),
    keys: Object.keys(I.User).sort(),
  }),
  'kept Tree': (I) => [TREE, { value: 1, children: 'x' }, { value: 1, children: [{ value: 2, children: [{}] }] }].map((v) => result(I.Tree.validate(v))),
  'kept coercions': (I, L) => ({
    num: ['3.5', 'x', 7].map((v) => attempt(() => I.Num.create(v))),
    nested: attempt(() => L.create({ list: ['1', '2.5'] }, L.object({ list: L.array(I.Num) }))),
    loose: attempt(() => I.Loose.mask({ id: 1, extra: 2, inner: { a: 1, b: 2 } })),
  }),
  'kept union': (I) => [{ kind: 'circle', r: 1 }, { kind: 'circle', r: -1 }, { kind: 'rect', w: 1 }, { kind: 'tri' }].map((v) => result(I.Shape.validate(v))),
  'kept define and Struct': (I) => ({
    even: [2, 3].map((v) => result(I.Even.validate(v))),
    pair: [[2, 4], [2, 3], '2,4', [2, 4, 6]].map((v) => result(I.Pair.validate(v, { coerce: true }))),
    entries: [...I.Pair.entries([2, 5], { path: [], branch: [] })].map(([k, v, s]) => [k, v, s.type]),
  }),
  'caught StructError': (I) => structError(I.caught),
  'returned StructError': (I) => structError(I.returned),
  'taken closures': (I) => ({
    check: [...I.check('x', { path: [], branch: ['x'] })].map(failure),
    refineEmail: [...I.refineEmail('nope', { path: ['email'], branch: [{}, 'nope'] })].map(failure),
    coerceNum: [I.coerceNum('4.5', { path: [], branch: [] }), I.coerceNum(true, { path: [], branch: [] })],
    is: [I.is(users().good), I.is(users().badType)],
  }),
};
