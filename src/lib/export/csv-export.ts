import { toCsv } from '../import/csv-writer.ts';

/** Cells a spreadsheet would run as a formula start with one of these; a leading ' defuses them. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralizeCell(cell: string | null): string | null {
  return cell !== null && FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** CSV for people: UTF-8 with a BOM so Excel reads Chinese correctly, formulas neutralised. */
export function spreadsheetCsv(columns: string[], rows: Array<Array<string | null>>): string {
  return `\uFEFF${toCsv({
    columns: columns.map((c) => neutralizeCell(c) ?? ''),
    rows: rows.map((row) => row.map(neutralizeCell)),
  })}`;
}
