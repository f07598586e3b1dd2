/** Replaced at build time by the origins `FUNNELCAST_DATA_ORIGINS` lists (vite.config.ts). */
declare const __DATA_ORIGINS__: string[];

/**
 * Why `?src=` may not load `url` from a page at `pageOrigin`, or null when it may: the page's
 * Content-Security-Policy lets data come only from the site itself and the origins listed at
 * build time, so anything else is refused here with a message rather than by the browser.
 */
export function dataUrlProblem(
  url: string,
  pageOrigin: string,
  allowed: readonly string[] = __DATA_ORIGINS__,
): string | null {
  let origin: string;
  try {
    origin = new URL(url, pageOrigin).origin;
  } catch {
    return `${url} is not a web address`;
  }
  if (origin === pageOrigin || allowed.includes(origin)) return null;
  return `${url} is on ${origin}: this site loads data only from itself${
    allowed.length > 0 ? ` and ${allowed.join(', ')}` : ''
  }, so that nothing leaves the browser. Whoever runs the site can allow that origin when building it (FUNNELCAST_DATA_ORIGINS).`;
}
