import type { SqlValue } from './database.ts';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Formats a Date (UTC-based, as both DuckDB builds hand them over) as YYYY-MM-DD or an ISO timestamp. */
function formatDate(d: Date): string {
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const ms = d.getUTCHours() * 3_600_000 + d.getUTCMinutes() * 60_000 + d.getUTCSeconds() * 1000;
  if (ms === 0 && d.getUTCMilliseconds() === 0) return day;
  return `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Turns whatever a driver returns into a plain SqlValue, so results compare equal on both engines. */
export function normalizeValue(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return formatDate(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return String(value);
}
