export type FileFormat = 'csv' | 'json' | 'ndjson' | 'parquet' | 'xlsx';

const EXTENSIONS: Record<string, FileFormat> = {
  csv: 'csv',
  tsv: 'csv',
  txt: 'csv',
  json: 'json',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  parquet: 'parquet',
  xlsx: 'xlsx',
};

const SNIFF_BYTES = 64 * 1024;

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((byte, i) => bytes[i] === byte);
}

function extensionFormat(fileName: string): FileFormat | undefined {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? undefined : EXTENSIONS[fileName.slice(dot + 1).toLowerCase()];
}

function isJsonObject(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** A whole object on the first line and another object starting the next: one JSON document cannot look like that. */
function looksLikeNdjson(text: string): boolean {
  const [first, second] = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return first !== undefined && second?.startsWith('{') === true && isJsonObject(first);
}

/** Magic bytes first, then the extension; anything else is taken for CSV. */
export function detectFileFormat(fileName: string, bytes: Uint8Array): FileFormat {
  if (startsWith(bytes, [0x50, 0x41, 0x52, 0x31])) return 'parquet';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  const byExtension = extensionFormat(fileName);
  const text = new TextDecoder().decode(bytes.subarray(0, SNIFF_BYTES)).trimStart();
  if (text.startsWith('[')) return 'json';
  if (text.startsWith('{')) {
    if (byExtension === 'ndjson' || looksLikeNdjson(text)) return 'ndjson';
    return 'json';
  }
  return byExtension ?? 'csv';
}
