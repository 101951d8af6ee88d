/**
 * Which changes of a module's imports and exports a patch can apply in place (the module's
 * extra scope, runtime/extras.ts), and which still need a re-import. Pure.
 *
 * In place: imports of new names (from any module, new or loaded), side-effect imports of
 * new modules, exports added for local names, exports and imports removed (their bindings
 * stay; nothing new reads them). A re-import: an import whose local name now means another
 * export or module, a name that was imported and is declared now (or the reverse), a new
 * default export or re-export (`export … from`, `export *`), an exported name pointed at
 * another local, import attributes on a new import.
 */
import { walk, type Node } from './analyze.js';
import { linksOf, type ImportBinding } from './reads.js';

export interface ExtraImport extends ImportBinding {
  local: string;
}

export interface InPlaceLinks {
  /** New import bindings, in source order. */
  imports: ExtraImport[];
  /** Specifiers of import declarations the old text did not have, in source order: loaded when the refresh runs. */
  loads: string[];
  /** New exports of local names. */
  exports: Array<{ name: string; local: string }>;
}

/** Import bindings the new text no longer has (they stay bound; nothing new reads them). */
export interface DroppedImports {
  dropped: string[];
}

/** The in-place form of the link changes, or the reason a re-import is needed. */
export function linkChanges(oldProgram: Node, oldSource: string, program: Node, source: string): (InPlaceLinks & DroppedImports) | { reason: string } {
  const before = linksOf(oldProgram, oldSource);
  const after = linksOf(program, source);
  const out: InPlaceLinks & DroppedImports = { imports: [], loads: [], exports: [], dropped: [] };
  for (const [local, b] of after.imports) {
    const was = before.imports.get(local);
    if (was) {
      if (was.from !== b.from || was.name !== b.name) return { reason: 'imports changed' };
    } else out.imports.push({ local, ...b });
  }
  const oldDeclarations = new Set((oldProgram.body as Node[]).filter((s) => s.type === 'ImportDeclaration').map((s) => oldSource.slice(s.start, s.end)));
  for (const s of program.body as Node[]) {
    if (s.type !== 'ImportDeclaration' || oldDeclarations.has(source.slice(s.start, s.end))) continue;
    if ((s.attributes ?? []).length) return { reason: 'imports changed' };
    if (!out.loads.includes(s.source.value)) out.loads.push(s.source.value);
  }
  if (before.stars.join('\0') !== after.stars.join('\0')) return { reason: 'exports changed' };
  for (const [name, b] of after.exports) {
    const was = before.exports.get(name);
    if (was) {
      if (JSON.stringify(was) !== JSON.stringify(b)) return { reason: 'exports changed' };
    } else if (!('local' in b) || name === 'default') return { reason: 'exports changed' };
    else out.exports.push({ name, local: b.local });
  }
  for (const local of before.imports.keys()) {
    if (after.imports.has(local)) continue;
    if (declares(program, local)) return { reason: 'imports changed' };
    out.dropped.push(local);
  }
  return out;
}

/** Does the module declare `name` at top level (not by an import)? */
function declares(program: Node, name: string): boolean {
  for (const s of program.body as Node[]) {
    const d = s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration' ? s.declaration : s;
    if (!d) continue;
    if ((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id?.name === name) return true;
    if (d.type === 'VariableDeclaration') {
      let found = false;
      for (const x of d.declarations as Node[]) walk(x.id, (n) => void (n.type === 'Identifier' && n.name === name && (found = true)));
      if (found) return true;
    }
  }
  return false;
}
