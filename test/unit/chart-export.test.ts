import { describe, expect, it } from 'vitest';
import { chartFileName } from '../../src/lib/charts/chart-export.ts';
import { chartTable } from '../../src/lib/charts/chart-table.ts';
import { createdByQuarterOption } from '../../src/lib/charts/options/created-by-quarter.ts';
import { forecastHistogramOption } from '../../src/lib/charts/options/forecast-histogram.ts';
import { forecastRangeOption } from '../../src/lib/charts/options/forecast-range-chart.ts';
import { stageStatusOption } from '../../src/lib/charts/options/stage-status.ts';
import { waterfallOption } from '../../src/lib/charts/options/waterfall-chart.ts';
import { neutralizeCell, spreadsheetCsv } from '../../src/lib/export/csv-export.ts';

const format = {
  amount: (v: number) => String(v),
  percent: (v: number) => String(v),
  count: (v: number) => String(v),
};

describe('chartTable(option)', () => {
  it('gives one row per category and a column per series, objects and arrays read', () => {
    const table = chartTable({
      xAxis: { type: 'category', data: ['Q1', 'Q2'] },
      yAxis: { type: 'value' },
      series: [
        { name: 'Won', type: 'bar', data: [3, { value: 5, extra: 'x' }] },
        { name: 'Lost', type: 'bar', data: [1] },
      ],
    });
    expect(table).toEqual({
      columns: ['', 'Won', 'Lost'],
      rows: [
        ['Q1', 3, 1],
        ['Q2', 5, null],
      ],
    });
  });

  it('spreads a whisker series over one column per number', () => {
    const option = forecastRangeOption(
      [{ period: '2024-Q3', weighted: 120, mean: 119, p10: 0, p50: 100, p90: 300 }],
      { weighted: 'W', mean: 'Mean', p10: 'P10', p50: 'P50', p90: 'P90', range: 'Range', format },
    );
    expect(chartTable(option)).toEqual({
      columns: ['', 'Mean', 'Range 1', 'Range 2', 'Range 3'],
      rows: [['2024-Q3', 119, 0, 100, 300]],
    });
  });

  it('names a histogram’s rows on an amount axis by each bin’s middle', () => {
    const option = forecastHistogramOption(
      [
        { from: 0, to: 2000, count: 30 },
        { from: 2000, to: 4000, count: 0 },
        { from: 4000, to: 6000, count: 70 },
      ],
      null,
      { runs: 'Runs', share: 'Share', format },
    );
    expect(chartTable(option)).toEqual({
      columns: ['', 'Runs'],
      rows: [
        ['1000', 30],
        ['3000', 0],
        ['5000', 70],
      ],
    });
  });

  it('leaves out a waterfall’s invisible base', () => {
    const option = waterfallOption(
      [
        { step: 'start', amount: 100, count: 1, missingAmount: 0 },
        { step: 'won', amount: -40, count: 1, missingAmount: 0 },
        { step: 'end', amount: 60, count: 1, missingAmount: 0 },
      ],
      { step: (s) => s, deals: 'Deals', withoutAmount: 'n/a', format },
    );
    expect(chartTable(option).rows).toEqual([
      ['start', 100],
      ['won', 40],
      ['end', 60],
    ]);
  });

  it('lists a Sankey’s links by node name', () => {
    const table = chartTable({
      series: [
        {
          type: 'sankey',
          data: [
            { id: 's1', name: 'Lead' },
            { id: 'won', name: '=Won' },
          ],
          links: [{ source: 's1', target: 'won', value: 7 }],
        },
      ],
    });
    expect(table).toEqual({ columns: ['source', 'target', 'value'], rows: [['Lead', '=Won', 7]] });
  });

  it('lists a heat map’s cells by their axis labels', () => {
    const table = chartTable({
      xAxis: { type: 'category', data: ['S1', 'S2'] },
      yAxis: { type: 'category', data: ['A', 'B'] },
      series: [{ type: 'heatmap', data: [[1, 0, 4], { value: [0, 1, 2] }] }],
    });
    expect(table.rows).toEqual([
      ['S2', 'A', 4],
      ['S1', 'B', 2],
    ]);
  });
});

describe('spreadsheetCsv', () => {
  it('neutralises cells a spreadsheet would run, keeps numbers, and writes a BOM', () => {
    const csv = spreadsheetCsv(
      ['name', '=1+1'],
      [
        ['=HYPERLINK("http://x")', '-12.5'],
        ['+cmd', '@SUM(A1)'],
        ['-1+2', '华东'],
        ['\tlead', null],
      ],
    );
    expect(csv).toBe(
      '\uFEFFname,\'=1+1\n"\'=HYPERLINK(""http://x"")",-12.5\n\'+cmd,\'@SUM(A1)\n\'-1+2,华东\n\'\tlead,\n',
    );
    expect(neutralizeCell('3e-7')).toBe('3e-7');
    expect(neutralizeCell(null)).toBeNull();
  });
});

describe('chartFileName', () => {
  it('keeps letters, digits and Chinese, and never gives an empty name', () => {
    expect(chartFileName('Weighted pipeline by close date', 'png')).toBe(
      'Weighted-pipeline-by-close-date.png',
    );
    expect(chartFileName('2026-11赢单金额分布', 'csv')).toBe('2026-11赢单金额分布.csv');
    expect(chartFileName('<script>/..', 'csv')).toBe('script.csv');
    expect(chartFileName('***', 'png')).toBe('chart.png');
  });
});

describe('the Overview charts', () => {
  it('hand a click the stage as in the data and the status, and export plain counts', () => {
    const option = stageStatusOption({
      rows: [
        { stage: '潜在商机', status: 'open', n: 3, stage_order: 1 },
        { stage: '潜在商机', status: 'lost', n: 2, stage_order: 1 },
      ],
      statusLabels: { open: 'Open', won: 'Won', lost: 'Lost' },
      emptyStageLabel: '–',
      stageName: () => 'Potential',
    }) as { yAxis: { data: string[] }; series: Array<{ data: unknown[] }> };
    expect(option.yAxis.data).toEqual(['Potential']);
    expect(option.series[0]!.data[0]).toEqual({ value: 3, stage: '潜在商机', status: 'open' });
    expect(chartTable(option)).toEqual({
      columns: ['', 'Open', 'Won', 'Lost'],
      rows: [['Potential', 3, 0, 2]],
    });
  });

  it('hand a click the created quarter and the status', () => {
    const option = createdByQuarterOption({
      rows: [{ quarter: '2024-Q1', status: 'won', n: 4 }],
      statusLabels: { open: 'Open', won: 'Won', lost: 'Lost' },
    }) as { series: Array<{ data: unknown[] }> };
    expect(option.series[0]!.data).toEqual([{ value: 4, quarter: '2024-Q1', status: 'won' }]);
  });
});
