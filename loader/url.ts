/** The one codec for limeade's URL query: `file:///app/a.js?limeade=3` is version 3 of a.js. */
const PARAM = 'limeade';

/** The module's identity: its URL without our version parameter. */
export function baseOf(url: string): string {
  if (!url.includes(`${PARAM}=`)) return url;
  const u = new URL(url);
  u.searchParams.delete(PARAM);
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
