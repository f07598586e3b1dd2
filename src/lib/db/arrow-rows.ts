import { DataType, type Table, type Vector } from 'apache-arrow';
import type { Row, SqlValue } from './database.ts';
import { normalizeValue } from './normalize-value.ts';

/** One column's values as SqlValues, read column-wise: Arrow's row proxies cost ~4 µs a cell. */
function columnValues(vector: Vector, type: DataType): SqlValue[] {
  const values: SqlValue[] = new Array<SqlValue>(vector.length);
  let i = 0;
  if (DataType.isDate(type) || DataType.isTimestamp(type)) {
    for (const value of vector as Iterable<unknown>) {
      values[i++] = normalizeValue(typeof value === 'number' ? new Date(value) : value);
    }
  } else if (
    (DataType.isFloat(type) || (DataType.isInt(type) && type.bitWidth <= 32)) &&
    vector.nullCount === 0
  ) {
    const numbers = vector.toArray() as ArrayLike<number>;
    for (; i < numbers.length; i++) values[i] = numbers[i]!;
  } else {
    for (const value of vector as Iterable<unknown>) values[i++] = normalizeValue(value);
  }
  return values;
}

/** Plain rows from a DuckDB-WASM result; DATE arrives as epoch milliseconds and becomes text. */
export function arrowRows<T extends Row>(table: Table): T[] {
  const columns = table.schema.fields.map((field, c) => ({
    name: field.name,
    values: columnValues(table.getChildAt(c)!, field.type),
  }));
  const rows: Row[] = new Array<Row>(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    const row: Row = {};
    for (const { name, values } of columns) row[name] = values[r]!;
    rows[r] = row;
  }
  return rows as T[];
}
