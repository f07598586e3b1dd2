import { FileReadError, type Tabular } from './tabular.ts';

type JsonObject = Record<string, unknown>;

/** Where CRM APIs put the records next to paging and totals (Salesforce REST, HubSpot, ...). */
const RECORD_KEYS = ['records', 'results', 'data', 'deals', 'items', 'rows', 'opportunities'];

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function parse(fileName: string, text: string, row?: number): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const where = row === undefined ? '' : `line ${row}: `;
    throw new FileReadError(fileName, `${where}not valid JSON (${(error as Error).message})`, row);
  }
}

function toTabular(records: JsonObject[]): Tabular {
  const seen = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) seen.add(key);
  const columns = [...seen];
  return { columns, rows: records.map((record) => columns.map((key) => cellText(record[key]))) };
}

function objectsIn(fileName: string, items: unknown[], where: string): JsonObject[] {
  const bad = items.findIndex((item) => !isObject(item));
  if (bad < 0) return items as JsonObject[];
  throw new FileReadError(
    fileName,
    `expected an array of objects${where}, but item ${bad + 1} is ${kind(items[bad])}`,
    bad + 1,
  );
}

function recordArray(fileName: string, wrapper: JsonObject): [string, unknown[]] {
  const arrays = Object.entries(wrapper).filter((entry): entry is [string, unknown[]] =>
    Array.isArray(entry[1]),
  );
  const ofObjects = arrays.filter(([, items]) => items.every(isObject));
  const known = arrays.filter(([key]) => RECORD_KEYS.includes(key.toLowerCase()));
  const chosen = [ofObjects, known].find((candidates) => candidates.length === 1)?.[0];
  if (chosen) return chosen;
  const found =
    arrays.length === 0
      ? 'an object with no array in it'
      : `an object with arrays under ${arrays.map(([key]) => `"${key}"`).join(', ')}`;
  throw new FileReadError(
    fileName,
    `expected an array of objects, or an object holding one under "records", "results" or "data"; found ${found}`,
  );
}

/** An array of objects, or an API response that wraps one. */
export function readJson(fileName: string, text: string): Tabular {
  const value = parse(fileName, text);
  if (Array.isArray(value)) return toTabular(objectsIn(fileName, value, ''));
  if (!isObject(value)) {
    throw new FileReadError(fileName, `expected an array of objects, found ${kind(value)}`);
  }
  const [key, items] = recordArray(fileName, value);
  return toTabular(objectsIn(fileName, items, ` under "${key}"`));
}

/** One object per non-blank line. */
export function readNdjson(fileName: string, text: string): Tabular {
  const records: JsonObject[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const value = parse(fileName, line, index + 1);
    if (!isObject(value)) {
      throw new FileReadError(
        fileName,
        `line ${index + 1}: expected an object, found ${kind(value)}`,
        index + 1,
      );
    }
    records.push(value);
  });
  return toTabular(records);
}
