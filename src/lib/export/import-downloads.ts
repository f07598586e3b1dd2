import type { Database } from '../db/database.ts';
import type { Locale } from '../i18n/format.ts';
import { isMessageKey, translate } from '../i18n/translate.ts';
import type { ImportReport } from '../import/import-dataset.ts';
import { spreadsheetCsv } from './csv-export.ts';

const reason = (locale: Locale, code: string) => {
  const key = `problem.${code}`;
  return isMessageKey(key) ? translate(locale, key) : code;
};

/** Every problem of the last import, as a spreadsheet-safe CSV. */
export async function problemsCsv(db: Database, locale: Locale): Promise<string> {
  const rows = await db.query<{ file: string; row: number | null; column: string | null; value: string | null; code: string; rejected: boolean }>(
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
 * row number and the reason, so they can be fixed and loaded again.
 */
export async function rejectedRowsCsv(
  db: Database,
  report: ImportReport,
  file: string,
  locale: Locale,
): Promise<string> {
  const headers =
    [report.opportunities, report.history, report.accounts].find((f) => f?.file === file)?.headers ?? [];
  const rows = await db.query<{ row: number; code: string; cells: string }>(
    `SELECT "row", code, cells FROM rejected WHERE file = ? ORDER BY "row"`,
    [file],
  );
  return spreadsheetCsv(
    ['row', 'reason', ...headers],
    rows.map((r) => [String(r.row), reason(locale, r.code), ...(JSON.parse(r.cells) as Array<string | null>)]),
  );
}
