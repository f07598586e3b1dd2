import { mapColumns, type ColumnMapping, type MappingTarget } from './column-mapping.ts';
import { ImportError } from './import-error.ts';
import type { RawTable } from './raw-table.ts';

/** Lays the user's choices (field → header; '' unmaps) over a mapping; a header serves one field. */
export function overrideMapping(
  file: string,
  mapping: ColumnMapping,
  headers: string[],
  overrides: Record<string, string> = {},
): ColumnMapping {
  const result: ColumnMapping = { ...mapping };
  for (const [field, header] of Object.entries(overrides)) {
    if (header === '') {
      delete result[field];
      continue;
    }
    if (!headers.includes(header)) {
      throw new ImportError(file, `no column "${header}" to map to ${field}`);
    }
    for (const [other, match] of Object.entries(result)) {
      if (match.column === header) delete result[other];
    }
    result[field] = { column: header, confidence: 1 };
  }
  return result;
}

/** The automatic mapping of a loaded file's headers, with the user's choices laid over it. */
export function resolveMapping(
  raw: RawTable,
  target: MappingTarget,
  overrides?: Record<string, string>,
): ColumnMapping {
  return overrideMapping(raw.file, mapColumns(raw.headers, target), raw.headers, overrides);
}

/** The raw column (c1…cN) behind a mapped header. */
export function rawColumnOf(raw: RawTable, header: string): string {
  const column = raw.columns[raw.headers.indexOf(header)];
  if (column === undefined) throw new ImportError(raw.file, `no column "${header}"`);
  return column;
}
