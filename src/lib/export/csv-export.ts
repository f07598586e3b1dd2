import { toCsv } from '../import/csv-writer.ts';

/** Cells a spreadsheet would run as a formula start with one of these; a leading ' defuses them. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number (a negative one starts with "-") is data, not a formula: it stays a number. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

export function neutralizeCell(cell: string | null): string | null {
  return cell !== null && FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}

/** CSV for people: UTF-8 with a BOM so Excel reads Chinese correctly, formulas neutralised. */
export function spreadsheetCsv(columns: string[], rows: Array<Array<string | null>>): string {
  return `\uFEFF${toCsv({
    columns: columns.map((c) => neutralizeCell(c) ?? ''),
    rows: rows.map((row) => row.map(neutralizeCell)),
  })}`;
}
