/**
 * The one codec for limeade's URL query:
 * - `file:///app/a.js?limeade=3` is version 3 of a.js (a re-import);
 * - `file:///app/a.ts?limeade-source=5` asks the loader chain for the JavaScript of a.ts's
 *   current text (request 5): limeade's load hook hands that to the runtime and answers
 *   with an empty module (runtime/source.ts);
 * - `file:///app/c.cjs?limeade-cjs=2` is an ES facade limeade makes for the loaded CommonJS
 *   module c.cjs (request 2), in place of Node's, whose names are those of the file's first
 *   text (runtime/cjs-names.ts).
 */
const PARAM = 'limeade';
const SOURCE_PARAM = 'limeade-source';
const FACADE_PARAM = 'limeade-cjs';

/** The module's identity: its URL without our parameters. */
export function baseOf(url: string): string {
  if (!url.includes(`${PARAM}=`) && !url.includes(`${SOURCE_PARAM}=`) && !url.includes(`${FACADE_PARAM}=`)) return url;
  const u = new URL(url);
  u.searchParams.delete(PARAM);
  u.searchParams.delete(SOURCE_PARAM);
  u.searchParams.delete(FACADE_PARAM);
  return u.href;
}

/** The version a URL names (0 for the first load). */
export function versionOf(url: string): number {
  if (!url.includes(`${PARAM}=`)) return 0;
  return Number(new URL(url).searchParams.get(PARAM)) || 0;
}

export function withVersion(url: string, version: number): string {
  const u = new URL(baseOf(url));
  if (version > 0) u.searchParams.set(PARAM, String(version));
  return u.href;
}

/** The request number a URL's `param` names (0: none). */
function requestOf(url: string, param: string): number {
  if (!url.includes(`${param}=`)) return 0;
  return Number(new URL(url).searchParams.get(param)) || 0;
}

/** The URL of `url`'s file with `param` naming request `request`. */
function withRequest(url: string, param: string, request: number): string {
  const u = new URL(baseOf(url));
  u.searchParams.set(param, String(request));
  return u.href;
}

/** The source request a URL names (0: none). */
export const sourceRequestOf = (url: string): number => requestOf(url, SOURCE_PARAM);
export const withSourceRequest = (url: string, request: number): string => withRequest(url, SOURCE_PARAM, request);

/** The facade request a URL names (0: none). */
export const facadeRequestOf = (url: string): number => requestOf(url, FACADE_PARAM);
export const withFacadeRequest = (url: string, request: number): string => withRequest(url, FACADE_PARAM, request);
