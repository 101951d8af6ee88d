/**
 * The `limeade/import-meta` types entry: `import.meta.hot` typed in a TypeScript program.
 * Nothing runs here; the runtime defines `import.meta.hot` in every module it instruments.
 *
 * @example
 * // tsconfig.json: { "compilerOptions": { "types": ["node", "limeade/import-meta"] } }
 * // or, in one file of the program:
 * /// <reference types="limeade/import-meta" />
 * import.meta.hot?.dispose(() => clearInterval(timer));
 */
import type { LimeadeHot } from './hot.js';

export type { LimeadeHot, LimeadeHotEvents, ModuleNamespace } from './hot.js';

declare global {
  interface ImportMeta {
    /** Defined in modules limeade instruments (`node --import limeade/register`), undefined elsewhere. */
    readonly hot?: LimeadeHot;
  }
}
