import { concatBytes } from './concat-bytes.ts';
import type { Tabular } from './tabular.ts';

const NEEDS_QUOTES = /[",\r\n]/;

function field(value: string | null): string {
  if (value === null) return '';
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function record(values: Array<string | null>): string {
  return values.map(field).join(',');
}

/** RFC 4180 records, each ending in LF; null becomes an empty field. */
export function csvRecords(rows: Array<Array<string | null>>): string {
  return rows.map((values) => `${record(values)}\n`).join('');
}

export function toCsv(table: Tabular): string {
  return csvRecords([table.columns]) + csvRecords(table.rows);
}

/**
 * One UTF-8 CSV from tables that share their columns (the header taken from the first), each
 * encoded as it arrives so that the rows of only one are held at a time.
 */
export async function toCsvBytes(tables: AsyncIterable<Tabular>): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const pieces: Uint8Array[] = [];
  for await (const table of tables) {
    if (pieces.length === 0) pieces.push(encoder.encode(csvRecords([table.columns])));
    pieces.push(encoder.encode(csvRecords(table.rows)));
  }
  return concatBytes(pieces);
}
