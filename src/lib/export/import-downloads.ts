import type { Database } from '../db/database.ts';
import type { Locale } from '../i18n/format.ts';
import { isMessageKey, translate } from '../i18n/translate.ts';
import type { FileReport } from '../import/import-dataset.ts';
import { rawColumn } from '../import/raw-table.ts';
import { spreadsheetCsv } from './csv-export.ts';

const reason = (locale: Locale, code: string) => {
  const key = `problem.${code}`;
  return isMessageKey(key) ? translate(locale, key) : code;
};

/** Every problem of the last import, as a spreadsheet-safe CSV. */
export async function problemsCsv(db: Database, locale: Locale): Promise<string> {
  const rows = await db.query<{
    file: string;
    row: number | null;
    column: string | null;
    value: string | null;
    code: string;
    rejected: boolean;
  }>(
    `SELECT file, "row", "column", value, code, rejected FROM problems ORDER BY file, "row" NULLS FIRST, "column"`,
  );
  return spreadsheetCsv(
    ['file', 'row', 'column', 'value', 'code', 'reason', 'rejected'],
    rows.map((p) => [
      p.file,
      p.row === null ? null : String(p.row),
      p.column,
      p.value,
      p.code,
      reason(locale, p.code),
      String(p.rejected),
    ]),
  );
}

/**
 * The rejected rows of one file with their original cells under the file's own headers, plus the
 * row number, the reason and, for a record that did not split into columns, its original text.
 */
export async function rejectedRowsCsv(
  db: Database,
  file: FileReport,
  locale: Locale,
): Promise<string> {
  const columns = file.headers.map((_, i) => rawColumn(i));
  const rows = await db.query(
    `SELECT ${['_row', 'code', '_text', ...columns].join(', ')} FROM rejected_${file.role} ORDER BY _row`,
  );
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return spreadsheetCsv(
    ['row', 'reason', ...file.headers, 'original text'],
    rows.map((r) => [
      text(r._row),
      reason(locale, String(r.code)),
      ...columns.map((c) => text(r[c])),
      text(r._text),
    ]),
  );
}
