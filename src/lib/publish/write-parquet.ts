import type { SchemaElement } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { Database, SqlValue } from '../db/database.ts';
import {
  publishedColumns,
  publishedSelect,
  type ColumnType,
  type PublishedTable,
} from './published-tables.ts';

const ELEMENT: Record<ColumnType, Omit<SchemaElement, 'name'>> = {
  text: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  number: { type: 'DOUBLE' },
  date: { type: 'INT32', converted_type: 'DATE' },
  timestamp: { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' },
};

function cell(value: SqlValue, type: ColumnType): unknown {
  if (value === null) return null;
  return type === 'date' || type === 'timestamp' ? new Date(Number(value)) : value;
}

/**
 * A published table as Parquet bytes, written in JavaScript: DuckDB-WASM has no Parquet writer
 * offline (its parquet extension would be fetched from a CDN), so the rows come out through
 * `query` and hyparquet-writer packs them.
 */
export async function writeParquet(
  db: Database,
  table: PublishedTable,
  omit: readonly string[],
): Promise<Uint8Array> {
  const columns = publishedColumns(table, omit);
  const rows = await db.query(publishedSelect(table, omit, true));
  const buffer = parquetWriteBuffer({
    columnData: columns.map(({ name, type }) => ({
      name,
      data: rows.map((row) => cell(row[name] ?? null, type)),
    })),
    schema: [
      { name: 'root', num_children: columns.length },
      ...columns.map(({ name, type }) => ({
        name,
        repetition_type: 'OPTIONAL' as const,
        ...ELEMENT[type],
      })),
    ],
  });
  return new Uint8Array(buffer);
}
