import { describe, expect, it } from 'vitest';
import { winRatesOption } from '../../src/lib/charts/options/win-rates-chart.ts';
import type { StageWinRate } from '../../src/lib/metrics/win-rates.ts';

const stage = (name: string, won: number, closed: number, preset: number | null): StageWinRate => ({
  stage: name,
  position: 1,
  won,
  closed,
  rate: closed > 0 ? won / closed : null,
  low: closed > 0 ? 0.1 : null,
  high: closed > 0 ? 0.6 : null,
  preset,
  calibrated: closed > 0 ? 0.3 : preset,
  presetOutside: false,
  needed: null,
  exportedPreset: null,
  contradictions: 0,
});

const labels = {
  stageNames: [] as string[],
  observed: 'Observed',
  interval: '95 % interval',
  preset: 'Preset',
  calibrated: 'Calibrated',
  closed: 'Closed',
  format: { amount: String, percent: (v: number) => `${Math.round(v * 100)}%`, count: String },
};

type Series = Array<{ name: string; data: unknown[]; tooltip?: unknown }>;

describe('winRatesOption({ stages, labels })', () => {
  it('draws observed bars, preset and calibrated markers, fading small n', () => {
    const option = winRatesOption({
      stages: [stage('A', 30, 100, 0.2), stage('B', 1, 4, null)],
      labels,
    });
    const series = option.series as Series;
    expect(series.map((s) => s.name)).toEqual([
      'Observed',
      '95 % interval',
      'Preset',
      'Calibrated',
    ]);
    expect(series[0]!.data).toEqual([
      { value: 0.3, itemStyle: expect.objectContaining({ opacity: 1 }) },
      { value: 0.25, itemStyle: expect.objectContaining({ opacity: 0.35 }) },
    ]);
    // B has no preset: no marker rather than a marker at 0.
    expect(series[2]!.data).toEqual([[0, 0.2], null]);
  });

  it('escapes stage names in the tooltip and never writes NaN for an empty stage', () => {
    const option = winRatesOption({
      stages: [stage('<img src=x onerror=alert(1)>', 0, 0, null)],
      labels,
    });
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter;
    const html = formatter([{ dataIndex: 0 }]);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
    expect(html).not.toContain('NaN');
    expect(JSON.stringify(option)).not.toContain('NaN');
  });
});
