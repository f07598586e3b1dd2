import { DataType, type Table } from 'apache-arrow';
import type { Row } from './database.ts';
import { normalizeValue } from './normalize-value.ts';

/** Plain rows from a DuckDB-WASM result; DATE arrives as epoch milliseconds and becomes text. */
export function arrowRows<T extends Row>(table: Table): T[] {
  const fields = table.schema.fields.map((f) => ({
    name: f.name,
    isDate: DataType.isDate(f.type) || DataType.isTimestamp(f.type),
  }));
  const rows: Row[] = [];
  for (const record of table) {
    const row: Row = {};
    for (const { name, isDate } of fields) {
      const value: unknown = record[name];
      row[name] = normalizeValue(isDate && typeof value === 'number' ? new Date(value) : value);
    }
    rows.push(row);
  }
  return rows as T[];
}
