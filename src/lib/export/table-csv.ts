import { spreadsheetCsv } from './csv-export.ts';

/** A cell's value for export: its raw number when it carries one (`data-value`), else its text. */
const cellText = (cell: Element): string =>
  (cell as HTMLElement).dataset.value ?? (cell.textContent ?? '').replace(/\s+/g, ' ').trim();

export interface HeaderCell {
  text: string;
  colSpan: number;
  rowSpan: number;
}

/**
 * One name per column from header rows that group columns (`colspan`) or span rows (`rowspan`):
 * each column's labels from the top row down, joined ("Won / lost within" over "30 d" gives
 * "Won / lost within 30 d"), as a spreadsheet has one header row.
 */
export function columnNames(rows: HeaderCell[][]): string[] {
  const grid: string[][] = rows.map(() => []);
  rows.forEach((cells, r) => {
    let c = 0;
    for (const cell of cells) {
      while (grid[r]![c] !== undefined) c++;
      for (let dr = 0; dr < cell.rowSpan && r + dr < rows.length; dr++) {
        for (let dc = 0; dc < cell.colSpan; dc++) {
          // A cell spanning rows names its column once, not once per row it covers.
          grid[r + dr]![c + dc] = dr === 0 ? cell.text : '';
        }
      }
      c += cell.colSpan;
    }
  });
  const width = Math.max(0, ...grid.map((row) => row.length));
  return Array.from({ length: width }, (_, c) =>
    grid
      .map((row) => row[c] ?? '')
      .filter(Boolean)
      .join(' '),
  );
}

/** A table on screen as spreadsheet-safe CSV: one header row named from `thead`, then the body. */
export function tableCsv(table: HTMLTableElement): string {
  const head = [...(table.tHead?.rows ?? [])].map((row) =>
    [...row.cells].map((cell) => ({
      text: cellText(cell),
      colSpan: cell.colSpan,
      rowSpan: cell.rowSpan,
    })),
  );
  const rows = [...table.tBodies].flatMap((body) =>
    [...body.rows].map((row) => [...row.cells].map(cellText)),
  );
  return spreadsheetCsv(columnNames(head), rows);
}
