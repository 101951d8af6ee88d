// loader/typescript.ts: types stripped in place (every line and column kept), errors located,
// `./x.js` → `./x.ts` in TypeScript files; loader/url.ts: the source-request parameter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'acorn';
import { stripTypes, TypeScriptError, isTypeScriptUrl, isCommonJsTypeScript, typeScriptSibling } from '../../dist/loader/typescript.js';
import { baseOf, sourceRequestOf, versionOf, withSourceRequest, withVersion } from '../../dist/loader/url.js';

const sample = `import type { A } from './a.js';
import { b, type C } from './b.js';
export interface Point<T = number> {
  x: T;
  y: T;
}
type Fn = (p: Point) => string;
export function len<T extends Point>(p: T, scale: number = 1): number {
  return Math.hypot(p.x, p.y) * (scale as number)!;
}
export class Box<T> implements Point {
  #secret: string = 'k';
  declare tag: string;
  x!: number;
  y: number = 0;
  private z?: number;
  static readonly n: number = 1;
  get secret(): string { return this.#secret; }
}
export const conf = { a: 1 } satisfies Record<string, number>;
export const f = <T,>(v: T): T => v;
declare const g: Fn;
let u = b as unknown as C;
`;

test('stripping keeps every line and column: the JavaScript is the text with types blanked', () => {
  const js = stripTypes(sample);
  assert.equal(js.split('\n').length, sample.split('\n').length);
  for (const [i, line] of js.split('\n').entries()) {
    const orig = sample.split('\n')[i];
    // Every character that is not blank is the one at the same place in the TypeScript
    // (a stripper may add `;` where removing a type would join two statements).
    for (let c = 0; c < line.length; c++) if (line[c] !== ' ' && line[c] !== ';') assert.equal(line[c], orig[c], `line ${i + 1} column ${c + 1}: ${line}`);
  }
  assert.match(js, /export function len\s*\(p\s*,\s*scale\s*= 1\)\s*\{/);
  assert.doesNotMatch(js, /interface|satisfies|: number|implements|declare/);
  assert.match(js, /#secret\s*=\s*'k'/);
  assert.doesNotThrow(() => parse(js, { ecmaVersion: 'latest', sourceType: 'module' }), 'it parses as JavaScript');
});

test('syntax that needs a transform: one error per construct, with its line and column', () => {
  const cases = [
    ['let a = 1;\n\nenum E { A, B }\n', /TypeScript enum is not supported/, 3, 0],
    ['let a = 1;\nexport enum Level {\n  Low,\n  High,\n}\n', /TypeScript enum is not supported/, 2, 0],
    ['class C {\n  constructor(private q: number) {}\n}\n', /parameter property is not supported/, 2, 22],
    ['let z = 0;\nnamespace N { export const x = 1; }\n', /namespace/, 2, 0],
    ["import x = require('y');\n", /import equals/, 1, 0],
  ];
  for (const [source, message, line, column] of cases) {
    assert.throws(
      () => stripTypes(source),
      (err) => {
        assert.ok(err instanceof TypeScriptError, String(err));
        assert.equal(err.unsupported, true);
        assert.match(err.message, message);
        assert.match(err.message, /node --import tsx --import limeade\/register/);
        assert.deepEqual([err.line, err.column], [line, column], source);
        return true;
      },
    );
  }
});

test('a TypeScript syntax error is a SyntaxError with its place', () => {
  assert.throws(
    () => stripTypes('let a: number = 1;\nlet b = ;\n'),
    (err) => err instanceof TypeScriptError && !err.unsupported && /^SyntaxError: /.test(err.message) && err.line === 2 && err.column === 8,
  );
});

// Found by session 17's review: an error swc marks with no row (at the end of the file) was
// placed at 1:1, and one whose row also marks a labelled context took the context's column.
test('a TypeScript syntax error at the end of the file, or marked beside a labelled context, has the place swc gives', () => {
  const at = (source) => {
    try {
      stripTypes(source);
    } catch (err) {
      return [err.message, err.line, err.column];
    }
    return undefined;
  };
  assert.deepEqual(at('export function f(code: number) {\n  if (code > 0 +) {\n    return 1;\n  }\n}\n'), ['SyntaxError: Expression expected', 2, 16]);
  const eof = at('export class Svc {\n  run(code: number): string {\n    const s = `a${code`;\n    return \'ok\';\n  }\n}\n');
  assert.equal(eof[0], 'SyntaxError: Unexpected eof');
  assert.equal(eof[1], 6);
  const comment = at('export const x: number = 1;\n/* unfinished\nexport const y = 2;\n');
  assert.deepEqual(comment.slice(0, 2), ['SyntaxError: Unterminated block comment', 3]);
});

test('which URLs are TypeScript, and CommonJS TypeScript', () => {
  assert.ok(isTypeScriptUrl('file:///a/b.ts'));
  assert.ok(isTypeScriptUrl('file:///a/b.mts?limeade=2'));
  assert.ok(!isTypeScriptUrl('file:///a/b.cts'));
  assert.ok(!isTypeScriptUrl('file:///a/b.d.js'));
  assert.ok(!isTypeScriptUrl('file:///a/ts/b.js'));
  assert.ok(isCommonJsTypeScript('file:///a/b.cts', undefined));
  assert.ok(isCommonJsTypeScript('file:///a/b.ts', 'commonjs-typescript'));
  assert.ok(!isCommonJsTypeScript('file:///a/b.ts', 'module-typescript'));
});

test('./x.js in a .ts file means ./x.ts when only that exists', () => {
  const files = new Set(['file:///p/x.ts', 'file:///p/m.mts', 'file:///p/sub/y.ts']);
  const exists = (u) => files.has(u.href);
  assert.equal(typeScriptSibling('./x.js', 'file:///p/main.ts', exists), './x.ts');
  assert.equal(typeScriptSibling('./m.mjs', 'file:///p/main.ts', exists), './m.mts');
  assert.equal(typeScriptSibling('../sub/y.js', 'file:///p/q/main.mts', exists), '../sub/y.ts');
  assert.equal(typeScriptSibling('./z.js', 'file:///p/main.ts', exists), undefined, 'no such .ts');
  assert.equal(typeScriptSibling('./x.js', 'file:///p/main.js', exists), undefined, 'only from TypeScript');
  assert.equal(typeScriptSibling('pkg/x.js', 'file:///p/main.ts', exists), undefined, 'bare specifiers are packages');
});

test('url codec: source requests beside versions, both dropped by baseOf', () => {
  const url = 'file:///app/a.ts';
  const req = withSourceRequest(withVersion(url, 3), 5);
  assert.equal(sourceRequestOf(req), 5);
  assert.equal(versionOf(req), 0, 'a request names the base, not a version');
  assert.equal(baseOf(req), url);
  assert.equal(sourceRequestOf(withVersion(url, 2)), 0);
  assert.equal(baseOf('file:///work/limeade/app.js'), 'file:///work/limeade/app.js');
});
