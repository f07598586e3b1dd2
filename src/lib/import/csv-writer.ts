import type { Tabular } from './tabular.ts';

const NEEDS_QUOTES = /[",\r\n]/;

function field(value: string | null): string {
  if (value === null) return '';
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function record(values: Array<string | null>): string {
  return values.map(field).join(',');
}

/** RFC 4180 with LF line ends; null becomes an empty field. */
export function toCsv(table: Tabular): string {
  const lines = [record(table.columns), ...table.rows.map(record)];
  return lines.join('\n') + '\n';
}

export function toCsvBytes(table: Tabular): Uint8Array {
  return new TextEncoder().encode(toCsv(table));
}
