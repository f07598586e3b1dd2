import { describe, expect, it } from 'vitest';
import { presetTableCsv, presetTableJson } from '../../src/lib/export/preset-table.ts';

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
  it('writes JSON with presets as 0–1 and null', () => {
    expect(JSON.parse(presetTableJson(rows))).toEqual([
      { stage: '有效商机', preset: 0.2514 },
      { stage: '=HYPERLINK("x")', preset: 0.5 },
      { stage: 'Unknown', preset: null },
    ]);
  });
});
