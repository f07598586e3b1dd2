import { spreadsheetCsv } from './csv-export.ts';

export interface PresetRow {
  stage: string;
  preset: number | null;
}

/**
 * A preset as an adopted table holds it: to a tenth of a percentage point, as its inputs show it
 * and the CRM takes it, so that the link, the exports and its Brier score agree.
 */
export const roundPreset = (preset: number): number => Math.round(preset * 1000) / 1000;

/** The preset table for a CRM import: stage and preset as a percentage, blank when unknown. */
export function presetTableCsv(rows: PresetRow[]): string {
  return spreadsheetCsv(
    ['stage', 'preset'],
    rows.map((r) => [r.stage, r.preset === null ? null : String(Math.round(r.preset * 1000) / 10)]),
  );
}

export function presetTableJson(rows: PresetRow[]): string {
  return `${JSON.stringify(
    rows.map((r) => ({ stage: r.stage, preset: r.preset })),
    null,
    2,
  )}\n`;
}
