import { spreadsheetCsv } from './csv-export.ts';

/** A cell's value for export: its raw number when it carries one (`data-value`), else its text. */
const cellText = (cell: Element): string =>
  (cell as HTMLElement).dataset.value ?? (cell.textContent ?? '').replace(/\s+/g, ' ').trim();

/** A table on screen as spreadsheet-safe CSV: header row from `thead`, then every body row. */
export function tableCsv(table: HTMLTableElement): string {
  const head = table.tHead?.rows[0];
  const columns = head ? [...head.cells].map(cellText) : [];
  const rows = [...table.tBodies].flatMap((body) =>
    [...body.rows].map((row) => [...row.cells].map(cellText)),
  );
  return spreadsheetCsv(columns, rows);
}
