import {
  countReplacementChars,
  detectEncoding,
  toUtf8,
  type EncodingGuess,
  type EncodingName,
} from './encoding.ts';
import { detectFileFormat, type FileFormat } from './file-format.ts';
import { toCsvBytes } from './csv-writer.ts';
import { uniformLineEnds } from './line-ends.ts';
import { readJson, readNdjson } from './read-json.ts';
import type { Delimiter } from './delimiters.ts';
import { sniffCsv } from './sniff-csv.ts';
import { FileReadError, type Tabular } from './tabular.ts';

/** A file made ready for DuckDB: UTF-8 delimited text, with what was learnt on the way. */
export interface PreparedFile {
  fileName: string;
  format: FileFormat;
  /** Null for formats that carry no text encoding (Parquet, Excel). */
  encoding: EncodingName | null;
  detectedEncoding: EncodingGuess | null;
  /** U+FFFD characters in the decoded start of the file: a sign the encoding is wrong. */
  replacementChars: number;
  csv: Uint8Array;
  delimiter: Delimiter;
  headers: string[];
  preview: string[][];
}

export interface PrepareOptions {
  encoding?: EncodingName;
  delimiter?: Delimiter;
  sheet?: string;
  /** A preview: Parquet and Excel files are read no further than the rows it shows. */
  preview?: boolean;
}

/** Records shown before the file is loaded. */
export const PREVIEW_ROWS = 20;

const PREFIX_BYTES = 256 * 1024;

/** Reads a file of any supported format; refuses one with no columns to load. */
export async function prepareFile(
  fileName: string,
  bytes: Uint8Array,
  options: PrepareOptions = {},
): Promise<PreparedFile> {
  const prepared = await prepareAny(fileName, bytes, options);
  if (prepared.headers.length > 0) return prepared;
  throw new FileReadError(
    fileName,
    bytes.length === 0 ? 'the file is empty' : 'no columns found: no header row, or no records',
  );
}

async function prepareAny(
  fileName: string,
  bytes: Uint8Array,
  options: PrepareOptions,
): Promise<PreparedFile> {
  const format = detectFileFormat(fileName, bytes);
  if (format === 'csv') return prepareDelimited(fileName, bytes, options);
  const seen = { headers: [] as string[], preview: [] as string[][] };
  const csv = await toCsvBytes(noting(readTables(fileName, bytes, format, options), seen));
  return {
    fileName,
    format,
    encoding: null,
    detectedEncoding: null,
    replacementChars: 0,
    csv,
    delimiter: ',',
    ...seen,
  };
}

/** Passes the tables on, noting the header and the first records for the preview. */
async function* noting(
  tables: AsyncIterable<Tabular>,
  seen: { headers: string[]; preview: string[][] },
): AsyncGenerator<Tabular> {
  for await (const table of tables) {
    seen.headers = table.columns;
    for (const row of table.rows.slice(0, PREVIEW_ROWS - seen.preview.length)) {
      seen.preview.push(row.map((cell) => cell ?? ''));
    }
    yield table;
  }
}

function prepareDelimited(
  fileName: string,
  bytes: Uint8Array,
  options: PrepareOptions,
): PreparedFile {
  const detected = detectEncoding(bytes);
  const encoding = options.encoding ?? detected.encoding;
  const csv = uniformLineEnds(toUtf8(bytes, encoding));
  const prefix = new TextDecoder('utf-8').decode(csv.subarray(0, PREFIX_BYTES));
  // The prefix may stop inside a record; the sniffer only needs whole lines.
  const lastBreak = prefix.lastIndexOf('\n');
  const sniff = sniffCsv(lastBreak > 0 ? prefix.slice(0, lastBreak) : prefix, options.delimiter);
  return {
    fileName,
    format: 'csv',
    encoding,
    detectedEncoding: detected,
    replacementChars: countReplacementChars(bytes, encoding),
    csv,
    ...sniff,
  };
}

/** The file's records, in one table or (Parquet) one per row group. */
async function* readTables(
  fileName: string,
  bytes: Uint8Array,
  format: Exclude<FileFormat, 'csv'>,
  options: PrepareOptions,
): AsyncGenerator<Tabular> {
  const rows = options.preview ? PREVIEW_ROWS : undefined;
  switch (format) {
    case 'json':
      yield readJson(fileName, new TextDecoder('utf-8').decode(bytes));
      return;
    case 'ndjson':
      yield readNdjson(fileName, new TextDecoder('utf-8').decode(bytes));
      return;
    // The Parquet and Excel readers are large: loaded only when such a file arrives.
    case 'parquet':
      yield* (await import('./read-parquet.ts')).readParquet(fileName, bytes, rows);
      return;
    case 'xlsx':
      yield await (await import('./read-xlsx.ts')).readXlsx(fileName, bytes, options.sheet, rows);
  }
}
