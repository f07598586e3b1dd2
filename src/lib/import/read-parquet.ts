import {
  parquetMetadata,
  parquetRead,
  parquetSchema,
  type AsyncBuffer,
  type FileMetaData,
  type ParquetParsers,
  type SchemaElement,
} from 'hyparquet';
import { FileReadError, type Tabular } from './tabular.ts';

function isoText(millis: number): string {
  return new Date(millis).toISOString();
}

function timestampText(millis: number): string {
  const iso = isoText(millis);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** Dates and timestamps come out as the text DuckDB casts back, in UTC. */
const PARSERS: Partial<ParquetParsers> = {
  dateFromDays: (days) => isoText(days * 86_400_000).slice(0, 10),
  timestampFromMilliseconds: (millis) => timestampText(Number(millis)),
  timestampFromMicroseconds: (micros) => timestampText(Number(micros / 1000n)),
  timestampFromNanoseconds: (nanos) => timestampText(Number(nanos / 1_000_000n)),
};

function jsonText(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === 'bigint' ? String(inner) : inner,
  );
}

/** hyparquet hands DECIMAL over as a float (19.99 → 19.990000000000002); print it at its scale. */
function cellText(value: unknown, element: SchemaElement): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' && element.converted_type === 'DECIMAL') {
    return value.toFixed(element.scale ?? 0);
  }
  if (typeof value === 'object') return jsonText(value);
  return String(value);
}

function asyncBuffer(bytes: Uint8Array): AsyncBuffer {
  // A plain view: a Node Buffer's own slice() shares its larger pool instead of copying.
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { byteLength: bytes.byteLength, slice: (start, end) => view.slice(start, end).buffer };
}

function metadataOf(fileName: string, bytes: Uint8Array): FileMetaData {
  try {
    return parquetMetadata(bytes, { parsers: PARSERS });
  } catch (error) {
    throw new FileReadError(fileName, `not a Parquet file (${(error as Error).message})`);
  }
}

async function readRows(
  fileName: string,
  file: AsyncBuffer,
  metadata: FileMetaData,
  elements: SchemaElement[],
  rowStart: number,
  rowEnd: number,
): Promise<Tabular['rows']> {
  let values: unknown[][] = [];
  try {
    await parquetRead({
      file,
      metadata,
      columns: elements.map((element) => element.name),
      rowStart,
      rowEnd,
      parsers: PARSERS,
      onComplete: (rows) => (values = rows),
    });
  } catch (error) {
    throw new FileReadError(fileName, `cannot read Parquet data (${(error as Error).message})`);
  }
  return values.map((row) => elements.map((element, i) => cellText(row[i], element)));
}

/**
 * The file's records a row group at a time, so that the rows of only one group are held, or its
 * first `rows` alone. Snappy and uncompressed files only: other codecs need hyparquet-compressors.
 */
export async function* readParquet(
  fileName: string,
  bytes: Uint8Array,
  rows = Infinity,
): AsyncGenerator<Tabular> {
  const metadata = metadataOf(fileName, bytes);
  const elements = parquetSchema(metadata).children.map((child) => child.element);
  const columns = elements.map((element) => element.name);
  const file = asyncBuffer(bytes);
  const limit = Math.min(Number(metadata.num_rows), rows);
  let start = 0;
  for (const group of metadata.row_groups) {
    if (start >= limit) break;
    const end = Math.min(start + Number(group.num_rows), limit);
    if (end > start) {
      yield { columns, rows: await readRows(fileName, file, metadata, elements, start, end) };
    }
    start += Number(group.num_rows);
  }
  // A file without records still has its columns.
  if (limit === 0) yield { columns, rows: [] };
}
