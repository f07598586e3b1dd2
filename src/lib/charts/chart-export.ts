import { downloadBlob } from '../app/download.ts';
import { spreadsheetCsv } from '../export/csv-export.ts';
import { chartTable } from './chart-table.ts';
import type { ChartOption } from './echarts.ts';

/** A file name from a chart's title: letters, digits and CJK kept, the rest dashes. */
export function chartFileName(label: string, extension: string): string {
  const stem = label
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${stem || 'chart'}.${extension}`;
}

/** The chart's numbers as a spreadsheet-safe CSV download. */
export function downloadChartCsv(option: ChartOption, label: string): void {
  const table = chartTable(option);
  const text = spreadsheetCsv(
    table.columns,
    table.rows.map((row) => row.map((cell) => (cell === null ? null : String(cell)))),
  );
  downloadBlob(chartFileName(label, 'csv'), new Blob([text], { type: 'text/csv;charset=utf-8' }));
}

/**
 * The chart as a PNG at twice its size on a white (or the page's) background: the SVG the
 * renderer drew is painted onto a canvas, all in the page, without any request.
 */
export async function downloadChartPng(
  svgDataUrl: string,
  width: number,
  height: number,
  background: string,
  label: string,
): Promise<void> {
  const image = new Image();
  image.src = svgDataUrl;
  await image.decode();
  const scale = 2;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('this browser cannot draw on a canvas');
  context.fillStyle = background;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the chart could not be turned into a PNG');
  downloadBlob(chartFileName(label, 'png'), blob);
}
