import { whenIdle } from './when-idle.ts';

/** How late the address may follow the screen while DuckDB keeps working (an import, say). */
export const URL_WRITE_LAG_MS = 1000;

/**
 * Schedules writing the address: at the page's next idle moment when DuckDB is idle, else a
 * second later at most. A filter change's queries keep DuckDB busy until they have answered, so
 * the write (Chromium's replaceState holds the main thread for 15 to 30 ms) does not take the
 * CPU they need. Returns a cancel function.
 */
export function scheduleUrlWrite(duckdbBusy: boolean, write: () => void): () => void {
  if (!duckdbBusy) return whenIdle(write);
  const timer = setTimeout(write, URL_WRITE_LAG_MS);
  return () => clearTimeout(timer);
}
