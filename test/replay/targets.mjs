// Where each export of an entry comes from, read statically from one step's files: export
// name → `file#binding` (the module that declares it and the binding's name there), following
// `export { x } from`, `export * from` and `import { x } …; export { x }`.
//
// What for: ESM links a re-export once. A namespace imported at start whose entry later
// re-exports a name from another module (`export { negate } from '../function/negate.mjs'`
// becomes `from './function/negate.mjs'`) keeps the first target, and a function copied from
// it at start IS the first target's function, which other modules still use as it is. A
// fresh process links the new target. So a case that differs on such a name is counted
// apart, like a namespace's shape (docs/design.md §5), and said as what it is.
import { Parser } from 'acorn';
import { createRequire } from 'node:module';
import { posix } from 'node:path';

const require = createRequire(import.meta.url);
let amaro;

function parse(rel, text) {
  let code = text;
  if (/\.[mc]?ts$/.test(rel)) {
    amaro ??= require('amaro');
    code = amaro.transformSync(text, { mode: 'strip-only' }).code;
  }
  return Parser.parse(code, { ecmaVersion: 'latest', sourceType: 'module' });
}

/** A relative specifier from `rel` to a file of `files` (as written, or with a TypeScript/JavaScript extension or index). */
function resolve(files, rel, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = posix.normalize(posix.join(posix.dirname(rel), spec));
  for (const candidate of [base, `${base}.ts`, `${base}.js`, `${base}.mjs`, `${base}/index.ts`, `${base}/index.js`, `${base}/index.mjs`]) {
    if (files.has(candidate)) return candidate;
  }
  return undefined;
}

/** `files`: Map of path → text. Returns `(entry) => Map<exportName, 'file#binding'>`. */
export function exportTargets(files) {
  const parsed = new Map();
  const program = (rel) => {
    if (!parsed.has(rel)) {
      let p = null;
      try {
        p = parse(rel, files.get(rel));
      } catch {
        // A file this reader cannot parse: its exports are unknown (nothing counted apart).
      }
      parsed.set(rel, p);
    }
    return parsed.get(rel);
  };
  const memo = new Map();
  const exportsOf = (rel, seen = new Set()) => {
    if (memo.has(rel)) return memo.get(rel);
    const out = new Map();
    const p = files.has(rel) ? program(rel) : null;
    if (!p || seen.has(rel)) return out;
    seen.add(rel);
    const imports = new Map(); // local → { from, name }
    for (const n of p.body) {
      if (n.type !== 'ImportDeclaration') continue;
      for (const s of n.specifiers) {
        const name = s.type === 'ImportSpecifier' ? (s.imported.name ?? s.imported.value) : s.type === 'ImportDefaultSpecifier' ? 'default' : '*';
        imports.set(s.local.name, { from: n.source.value, name });
      }
    }
    const through = (spec, name) => {
      const target = resolve(files, rel, spec);
      if (!target) return `${spec}#${name}`; // a package, or a file not in the step
      return name === '*' ? `${target}#*` : exportsOf(target, seen).get(name) ?? `${target}#${name}`;
    };
    const local = (name) => (imports.has(name) ? through(imports.get(name).from, imports.get(name).name) : `${rel}#${name}`);
    const stars = [];
    for (const n of p.body) {
      if (n.type === 'ExportAllDeclaration') {
        if (n.exported) out.set(n.exported.name ?? n.exported.value, through(n.source.value, '*'));
        else stars.push(n.source.value);
      } else if (n.type === 'ExportDefaultDeclaration') {
        out.set('default', n.declaration.type === 'Identifier' ? local(n.declaration.name) : `${rel}#default`);
      } else if (n.type === 'ExportNamedDeclaration') {
        for (const s of n.specifiers) {
          const exported = s.exported.name ?? s.exported.value;
          const name = s.local.name ?? s.local.value;
          out.set(exported, n.source ? through(n.source.value, name) : local(name));
        }
        const d = n.declaration;
        if (d?.id) out.set(d.id.name, `${rel}#${d.id.name}`);
        for (const v of d?.declarations ?? []) if (v.id.type === 'Identifier') out.set(v.id.name, `${rel}#${v.id.name}`);
      }
    }
    for (const spec of stars) {
      const target = resolve(files, rel, spec);
      if (!target) continue;
      for (const [name, where] of exportsOf(target, seen)) if (name !== 'default' && !out.has(name)) out.set(name, where);
    }
    seen.delete(rel);
    memo.set(rel, out);
    return out;
  };
  return (entry) => exportsOf(entry);
}

/**
 * The export keys (`name`, or `entry.name` for an entry other than the main one) whose target
 * differs between the start's files and `files`, where the first target is still exported by
 * its module (others may use it as it is, so the namespace's first link cannot follow); a
 * first target no longer exported anywhere is not counted: nothing stops it from following.
 * `entries` as in the project (`{ '': path }`).
 */
export function retargeted(entries, startFiles, files) {
  const before = exportTargets(startFiles);
  const now = exportTargets(files);
  const out = [];
  for (const [key, path] of Object.entries(entries)) {
    const a = before(path);
    const b = now(path);
    for (const [name, where] of b) {
      const first = a.get(name);
      if (first === undefined || first === where) continue;
      const file = first.slice(0, first.lastIndexOf('#'));
      if (![...now(file).values()].includes(first)) continue;
      out.push(key ? `${key}.${name}` : name);
    }
  }
  return out;
}
