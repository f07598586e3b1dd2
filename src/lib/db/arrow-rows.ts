import { DataType, Precision, type Data, type Table, type Vector } from 'apache-arrow';
import type { Row, SqlValue } from './database.ts';
import { normalizeValue } from './normalize-value.ts';

const utf8 = new TextDecoder();

/** Numbers read straight from a chunk's buffer: Arrow's own reader costs ~1 µs a value. */
function numbers(data: Data, out: SqlValue[], at: number): void {
  const values = data.values as ArrayLike<number>;
  for (let i = 0; i < data.length; i++) {
    out[at + i] = data.nullCount > 0 && !data.getValid(i) ? null : values[i]!;
  }
}

/**
 * Text read from a chunk's offsets and bytes. When the chunk is plain ASCII (ids, codes, most
 * names) its bytes are decoded once and cut at the offsets; otherwise each value is decoded.
 */
function texts(data: Data, out: SqlValue[], at: number): void {
  const offsets = data.valueOffsets as Int32Array;
  const bytes = data.values as Uint8Array;
  const start = offsets[0]!;
  const end = offsets[data.length]!;
  let ascii = true;
  for (let b = start; b < end && ascii; b++) ascii = bytes[b]! < 0x80;
  const whole = ascii ? utf8.decode(bytes.subarray(start, end)) : '';
  for (let i = 0; i < data.length; i++) {
    if (data.nullCount > 0 && !data.getValid(i)) out[at + i] = null;
    else if (ascii) out[at + i] = whole.slice(offsets[i]! - start, offsets[i + 1]! - start);
    else out[at + i] = utf8.decode(bytes.subarray(offsets[i]!, offsets[i + 1]!));
  }
}

/** One column's values as SqlValues, read chunk by chunk and column-wise. */
function columnValues(vector: Vector, type: DataType): SqlValue[] {
  const values = new Array<SqlValue>(vector.length);
  if (DataType.isDate(type) || DataType.isTimestamp(type)) {
    // Dates repeat (a few hundred days over a million deals): each is formatted once.
    const formatted = new Map<unknown, SqlValue>();
    let i = 0;
    for (const value of vector as Iterable<unknown>) {
      let text = formatted.get(value);
      if (text === undefined) {
        text = normalizeValue(typeof value === 'number' ? new Date(value) : value);
        formatted.set(value, text);
      }
      values[i++] = text;
    }
    return values;
  }
  const numeric =
    (DataType.isFloat(type) && type.precision !== Precision.HALF) ||
    (DataType.isInt(type) && type.bitWidth <= 32);
  const text = DataType.isUtf8(type);
  let at = 0;
  for (const data of vector.data) {
    if (numeric) numbers(data, values, at);
    else if (text) texts(data, values, at);
    else for (let i = 0; i < data.length; i++) values[at + i] = normalizeValue(vector.get(at + i));
    at += data.length;
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
