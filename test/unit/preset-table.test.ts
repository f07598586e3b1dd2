import { describe, expect, it } from 'vitest';
import { presetTableCsv, presetTableJson, roundPreset } from '../../src/lib/export/preset-table.ts';

const rows = [
  { stage: '有效商机', preset: 0.2514 },
  { stage: '=HYPERLINK("x")', preset: 0.5 },
  { stage: 'Unknown', preset: null },
];

describe('presetTableCsv(rows) and presetTableJson(rows)', () => {
  it('writes percentages with a BOM for Excel and defuses formula-like stage names', () => {
    expect(presetTableCsv(rows)).toBe(
      '\uFEFFstage,preset\n有效商机,25.1\n"\'=HYPERLINK(""x"")",50\nUnknown,\n',
    );
  });
  it('rounds an adopted preset to a tenth of a percentage point', () => {
    expect([0.2003461704889658, 0.38647746243739567, 0.12345, 0.9996, 0].map(roundPreset)).toEqual([
      0.2, 0.386, 0.123, 1, 0,
    ]);
  });
  it('writes JSON with presets as 0–1 and null', () => {
    expect(JSON.parse(presetTableJson(rows))).toEqual([
      { stage: '有效商机', preset: 0.2514 },
      { stage: '=HYPERLINK("x")', preset: 0.5 },
      { stage: 'Unknown', preset: null },
    ]);
  });
});
