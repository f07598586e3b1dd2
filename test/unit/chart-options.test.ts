import * as echarts from 'echarts/core';
import { describe, expect, it } from 'vitest';
import '../../src/lib/charts/echarts.ts';
import '../../src/lib/charts/more-charts.ts';
import { escapeHtml, tooltipHtml } from '../../src/lib/charts/escape-html.ts';
import {
  clickedPosition,
  formatOr,
  funnelChartOption,
  MISSING,
  type ChartFormat,
  type FunnelChartLabels,
} from '../../src/lib/charts/options/funnel-chart.ts';
import {
  segmentFunnelsOption,
  type SegmentFunnelsLabels,
} from '../../src/lib/charts/options/segment-funnels.ts';
import { stageDaysOption, type StageDaysLabels } from '../../src/lib/charts/options/stage-days.ts';
import { stageFlowOption, type StageFlowLabels } from '../../src/lib/charts/options/stage-flow.ts';
import { FADED_OPACITY, STATUS_COLORS, stageColor, textOn } from '../../src/lib/charts/palette.ts';
import type { FunnelResult, FunnelStage } from '../../src/lib/metrics/funnel.ts';
import type { SegmentFunnel, StageFlowLink } from '../../src/lib/metrics/segment-funnels.ts';
import { renderSvg } from '../helpers/render-svg.ts';
import { funnelStage } from '../helpers/metric-rows.ts';

// Options are loose ECharts objects: the tests walk them as plain data.
type Loose = any;
type ChartOption = echarts.EChartsCoreOption;

const format: ChartFormat = {
  amount: (v) => `$${v}`,
  percent: (v) => `${(v * 100).toFixed(1)}%`,
  count: (v) => v.toLocaleString('en-US'),
  days: (v) => `${v} d`,
};

const XSS = '<img src=x onerror=alert(1)>';

const funnelLabels = (stageNames: string[]): FunnelChartLabels => ({
  stageNames,
  won: 'Won',
  reached: 'Reached',
  amount: 'Amount',
  withoutAmount: 'Without amount',
  passed: 'Passed',
  lostAt: 'Lost here',
  openAt: 'Open here',
  medianDays: 'Median days',
  ofPrevious: 'prev.',
  ofFirst: 'first',
  format,
});

const flowLabels = (stageNames: string[]): StageFlowLabels => ({
  stageNames,
  won: 'Won',
  lost: 'Lost',
  open: 'Still open',
  deals: 'deals',
  skipped: 'Skipped a stage',
  format,
});

const daysLabels = (stageNames: string[]): StageDaysLabels => ({
  stageNames,
  days: 'Days in stage',
  median: 'Median',
  p75: 'P75',
  p90: 'P90',
  visits: 'Visits',
  noHistory: 'No history',
  stale: 'Stale open deals',
  format,
});

const segmentLabels: SegmentFunnelsLabels = {
  won: 'Won',
  blank: '(blank)',
  reached: 'Reached',
  leftOut: 'Segments not shown',
  format,
};

const stage = funnelStage;

function funnel(stages: FunnelStage[]): FunnelResult {
  return {
    stages,
    total: stages[0]?.reached ?? 0,
    won: stages.at(-1)?.passed ?? 0,
    lost: 0,
    open: 0,
    lostUnknown: 0,
    withHistory: 0,
    backwardMoves: 0,
    backwardDeals: 0,
    reentries: 0,
    reentryDeals: 0,
  };
}

// 200 reach A, 100 B (50 % of A), 19 C (19 % of B, 9.5 % of A), 10 won (52.6 % of C, 5 % of A).
const ABC = funnel([
  stage(1, 'A', {
    reached: 200,
    amount: 5000,
    missingAmount: 3,
    passed: 100,
    passRate: 0.5,
    cumulative: 1,
    lost: 60,
    open: 40,
    medianDays: 12,
    p75Days: 20,
    p90Days: 31,
    visits: 150,
    stale: 2,
    openDated: 5,
  }),
  stage(2, 'B', {
    reached: 100,
    amount: 3000,
    passed: 19,
    passRate: 0.19,
    cumulative: 0.5,
    lost: 70,
    open: 11,
    medianDays: 8,
    p75Days: 9,
    p90Days: 15,
    visits: 19,
  }),
  stage(3, 'C', {
    reached: 19,
    amount: 900,
    passed: 10,
    passRate: 10 / 19,
    cumulative: 0.095,
    lost: 5,
    open: 4,
  }),
]);

const series = (option: ChartOption, i = 0): Loose => (option as Loose).series[i];

/** Every text a formatter gives for the option's items: labels and tooltips included. */
function formatterTexts(option: ChartOption): string[] {
  const o = option as Loose;
  const texts: string[] = [];
  for (const [seriesIndex, s] of (o.series as Loose[]).entries()) {
    const items: Loose[] = s.data ?? [];
    items.forEach((data, dataIndex) => {
      const params = { seriesIndex, dataIndex, data, value: data?.value, dataType: 'node' };
      if (typeof o.tooltip?.formatter === 'function') texts.push(o.tooltip.formatter(params));
      if (typeof o.tooltip?.formatter === 'function') texts.push(o.tooltip.formatter([params]));
      if (typeof s.label?.formatter === 'function') texts.push(s.label.formatter(params));
    });
    for (const data of s.links ?? []) {
      texts.push(o.tooltip.formatter({ dataType: 'edge', data, value: data.value }));
    }
  }
  return texts;
}

function expectNoNaN(option: ChartOption) {
  const text = JSON.stringify(option) + formatterTexts(option).join('\n');
  expect(text).not.toMatch(/NaN|null%|undefined|Infinity/);
}

describe('textOn(background)', () => {
  it('is near-black on light colours and white on dark ones', () => {
    expect(['#ffffff', '#bcbddc', '#f0e442'].map(textOn)).toEqual([
      '#1d2330',
      '#1d2330',
      '#1d2330',
    ]);
    expect(['#000000', '#3f007d', '#0072b2'].map(textOn)).toEqual([
      '#ffffff',
      '#ffffff',
      '#ffffff',
    ]);
  });
});

describe('stageColor(position, count)', () => {
  it('gives each stage its own colour, light to dark along the stage order', () => {
    const colors = [1, 2, 3, 4, 5].map((p) => stageColor(p, 5));
    expect(new Set(colors).size).toBe(5);
    for (const c of colors) expect(c).toMatch(/^#[0-9a-f]{6}$/);
    const lightness = colors.map((c) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    });
    expect(lightness).toEqual([...lightness].sort((a, b) => b - a));
    expect(lightness[0]! - lightness[4]!).toBeGreaterThan(100);
  });

  it('runs from the same lightest to the same darkest colour whatever the stage count', () => {
    expect(new Set([2, 3, 7].map((k) => stageColor(1, k))).size).toBe(1);
    expect(new Set([2, 3, 7].map((k) => stageColor(k, k))).size).toBe(1);
    expect(stageColor(1, 1)).toBe(stageColor(2, 3));
  });

  it('is the same for the same stage and never one of the status colours', () => {
    expect(stageColor(2, 4)).toBe(stageColor(2, 4));
    const statuses = Object.values(STATUS_COLORS).map((c) => c.toLowerCase());
    for (let k = 1; k <= 9; k++) {
      for (let p = 1; p <= k; p++) expect(statuses).not.toContain(stageColor(p, k));
    }
  });

  it('stays a valid colour for out-of-range or empty input', () => {
    expect(stageColor(0, 3)).toBe(stageColor(1, 3));
    expect(stageColor(9, 3)).toBe(stageColor(3, 3));
    for (const c of [stageColor(1, 0), stageColor(Number.NaN, 3), stageColor(1, Infinity)]) {
      expect(c).toMatch(/^#[0-9a-f]{6}$/);
    }
  });
});

describe('escapeHtml(text) and tooltipHtml(title, rows)', () => {
  it('escapes the five HTML-special characters, ampersands included', () => {
    expect(escapeHtml(`<a href="x">'&lt;'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;lt;&#39;&lt;/a&gt;',
    );
  });

  it('escapes the title, labels and values, and leaves out empty titles and labels', () => {
    expect(tooltipHtml('<b>', [['a&b', '"1"']])).toBe(
      '<strong>&lt;b&gt;</strong><br>a&amp;b: &quot;1&quot;',
    );
    expect(
      tooltipHtml('', [
        ['', 'x'],
        ['y', 'z'],
      ]),
    ).toBe('x<br>y: z');
    expect(tooltipHtml('', [['', '<b>']])).toBe('&lt;b&gt;');
  });
});

describe('formatOr(value, format)', () => {
  it('formats finite numbers and shows a dash for null, NaN and infinities', () => {
    expect(formatOr(0.25, format.percent)).toBe('25.0%');
    expect([null, undefined, Number.NaN, Infinity].map((v) => formatOr(v, format.percent))).toEqual(
      [MISSING, MISSING, MISSING, MISSING],
    );
    expect(MISSING).toBe('–');
  });
});

describe('funnelChartOption({ funnel, labels })', () => {
  const option = funnelChartOption({ funnel: ABC, labels: funnelLabels(['A', 'B', 'C']) });
  const data: Loose[] = series(option).data;

  it('draws one bar per stage in order, then Won, as wide as the deals that reached it', () => {
    expect(data.map((d) => d.value)).toEqual([200, 100, 19, 10]);
    expect((option as Loose).yAxis.data).toEqual(['A', 'B', 'C', 'Won']);
    expect(data.map((d) => d.position)).toEqual([1, 2, 3, null]);
    expect(data[3].outcome).toBe('won');
  });

  it('colours bars by stage and the Won bar in the won colour', () => {
    expect(data.map((d) => d.itemStyle.color)).toEqual([
      stageColor(1, 3),
      stageColor(2, 3),
      stageColor(3, 3),
      STATUS_COLORS.won,
    ]);
  });

  it('labels each bar with its count, % of previous and % of first', () => {
    const label = (i: number) => series(option).label.formatter({ dataIndex: i });
    expect(label(0)).toBe('200 · first 100.0%');
    expect(label(1)).toBe('100 · prev. 50.0% · first 50.0%');
    expect(label(2)).toBe('19 · prev. 19.0% · first 9.5%');
    expect(label(3)).toBe('10 · prev. 52.6% · first 5.0%');
  });

  it('on a phone, labels each bar with its count over its % of previous', () => {
    const compact = funnelChartOption({
      funnel: ABC,
      labels: funnelLabels(['A', 'B', 'C']),
      compact: true,
    });
    const label = (i: number) => series(compact).label.formatter({ dataIndex: i });
    expect([0, 1, 2, 3].map(label)).toEqual([
      '200',
      '100\nprev. 50.0%',
      '19\nprev. 19.0%',
      '10\nprev. 52.6%',
    ]);
  });

  it('fades bars that fewer than 20 deals reached', () => {
    expect(data.map((d) => d.itemStyle.opacity)).toEqual([1, 1, FADED_OPACITY, FADED_OPACITY]);
    const twenty = funnel([stage(1, 'A', { reached: 20, passed: 20, passRate: 1, cumulative: 1 })]);
    const bars: Loose[] = series(
      funnelChartOption({ funnel: twenty, labels: funnelLabels(['A']) }),
    ).data;
    expect(bars.map((d) => d.itemStyle.opacity)).toEqual([1, 1]);
  });

  it('shows the stage figures in the tooltip, "without amount" only when some lack one', () => {
    const tip = (i: number) => (option as Loose).tooltip.formatter({ dataIndex: i });
    expect(tip(0)).toBe(
      [
        '<strong>A</strong>',
        'Reached: 200',
        'first: 100.0%',
        'Amount: $5000',
        'Without amount: 3',
        'Passed: 100',
        'Lost here: 60',
        'Open here: 40',
        'Median days: 12 d',
      ].join('<br>'),
    );
    expect(tip(1)).toContain('prev.: 50.0%');
    expect(tip(1)).not.toContain('Without amount');
    expect(tip(2)).toContain('Median days: –');
    expect(tip(3)).toBe('<strong>Won</strong><br>Won: 10<br>prev.: 52.6%<br>first: 5.0%');
  });

  it('emits { position } on its items so a click tells which stage was hit', () => {
    expect(data.map((d) => clickedPosition(d))).toEqual([1, 2, 3, null]);
    expect(clickedPosition(undefined)).toBeNull();
    expect(clickedPosition({ position: '2' })).toBeNull();
  });

  it('escapes a stage name in the tooltip and keeps it plain text on the axis', () => {
    const o = funnelChartOption({ funnel: ABC, labels: funnelLabels(['A', XSS, 'C']) });
    const tip: string = (o as Loose).tooltip.formatter({ dataIndex: 1 });
    expect(tip).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(tip).not.toContain('<img');
    expect((o as Loose).yAxis.data[1]).toBe(XSS);
    expect((o as Loose).yAxis.axisLabel.rich).toBeUndefined();
  });

  it('falls back to the data stage name when no display name is given', () => {
    const o = funnelChartOption({ funnel: ABC, labels: funnelLabels([]) });
    expect((o as Loose).yAxis.data).toEqual(['A', 'B', 'C', 'Won']);
  });

  it('gives a valid option without NaN for an empty or all-zero funnel', () => {
    const empty = funnelChartOption({ funnel: funnel([]), labels: funnelLabels([]) });
    expect(series(empty).data).toEqual([]);
    expectNoNaN(empty);
    const zeros = funnelChartOption({
      funnel: funnel([stage(1, 'A'), stage(2, 'B')]),
      labels: funnelLabels(['A', 'B']),
    });
    expect(series(zeros).data.map((d: Loose) => d.value)).toEqual([0, 0, 0]);
    expect(series(zeros).label.formatter({ dataIndex: 1 })).toBe('0 · prev. – · first –');
    expectNoNaN(zeros);
  });
});

describe('stageFlowOption({ links, labels })', () => {
  const links: StageFlowLink[] = [
    { source: '1', target: '2', n: 3 },
    { source: '1', target: '3', n: 1 },
    { source: '1', target: 'lost', n: 1 },
    { source: '1', target: 'open', n: 1 },
    { source: '2', target: '3', n: 2 },
    { source: '2', target: 'open', n: 1 },
    { source: '3', target: 'lost', n: 2 },
    { source: '3', target: 'won', n: 1 },
  ];
  const option = stageFlowOption({ links, labels: flowLabels(['A', 'B', 'C']) });
  const s = series(option);

  it('has a node per stage in order and per outcome, coloured like the funnel', () => {
    expect(s.data.map((n: Loose) => [n.id, n.name, n.itemStyle.color])).toEqual([
      ['stage-1', 'A', stageColor(1, 3)],
      ['stage-2', 'B', stageColor(2, 3)],
      ['stage-3', 'C', stageColor(3, 3)],
      ['won', 'Won', STATUS_COLORS.won],
      ['lost', 'Lost', STATUS_COLORS.lost],
      ['open', 'Still open', STATUS_COLORS.open],
    ]);
    const bars: Loose[] = series(funnelChartOption({ funnel: ABC, labels: funnelLabels([]) })).data;
    for (const node of s.data.filter((n: Loose) => n.position !== null)) {
      expect(node.itemStyle.color).toBe(bars[node.position - 1].itemStyle.color);
    }
    expect(s.data.map((n: Loose) => n.depth)).toEqual([0, 1, 2, 3, 3, 3]);
  });

  it('on a phone, writes each stage’s name up its own node, in a colour that reads on it', () => {
    expect(s.data.every((n: Loose) => n.label === undefined)).toBe(true);
    const nodes: Loose[] = series(
      stageFlowOption({ links, labels: flowLabels(['A', 'B', 'C']), compact: true }),
    ).data;
    // The ramp's lightest purple takes near-black text, its darkest white; outcomes keep theirs.
    expect(nodes.map((n) => n.label)).toEqual([
      { position: 'inside', rotate: 90, color: '#1d2330', textBorderColor: stageColor(1, 3) },
      { position: 'inside', rotate: 90, color: '#ffffff', textBorderColor: stageColor(2, 3) },
      { position: 'inside', rotate: 90, color: '#ffffff', textBorderColor: stageColor(3, 3) },
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('keeps node ids unique when a stage is named like an outcome', () => {
    const o = stageFlowOption({ links, labels: flowLabels(['Won', 'Lost', 'Still open']) });
    const nodes: Loose[] = series(o).data;
    expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
    expect(nodes.map((n) => n.name)).toEqual([
      'Won',
      'Lost',
      'Still open',
      'Won',
      'Lost',
      'Still open',
    ]);
    const ids = new Set(nodes.map((n) => n.id));
    for (const l of series(o).links) {
      expect(ids.has(l.source)).toBe(true);
      expect(ids.has(l.target)).toBe(true);
    }
  });

  it('turns every row into a link with its count, skipped stages drawn paler and dashed', () => {
    expect(s.links.map((l: Loose) => [l.source, l.target, l.value, l.skipped])).toEqual([
      ['stage-1', 'stage-2', 3, false],
      ['stage-1', 'stage-3', 1, true],
      ['stage-1', 'lost', 1, false],
      ['stage-1', 'open', 1, false],
      ['stage-2', 'stage-3', 2, false],
      ['stage-2', 'open', 1, false],
      ['stage-3', 'lost', 2, false],
      ['stage-3', 'won', 1, false],
    ]);
    const skip = s.links[1].lineStyle;
    const direct = s.links[0].lineStyle;
    expect(skip.opacity).toBeLessThan(direct.opacity);
    expect(skip.borderType).toBe('dashed');
    expect(direct.borderType).toBeUndefined();
  });

  it('leaves out backward, self and empty links, and rows it cannot place', () => {
    const o = stageFlowOption({
      links: [
        { source: '2', target: '1', n: 4 },
        { source: '2', target: '2', n: 1 },
        { source: '1', target: '2', n: 0 },
        { source: 'x', target: 'won', n: 1 },
        { source: '1', target: 'maybe', n: 1 },
        { source: '1', target: 'won', n: 2 },
      ],
      labels: flowLabels(['A', 'B']),
    });
    expect(series(o).links.map((l: Loose) => [l.source, l.target, l.value])).toEqual([
      ['stage-1', 'won', 2],
    ]);
    expect(series(o).data.map((n: Loose) => n.id)).toEqual(['stage-1', 'won']);
  });

  it('says "A → C: n deals" on a link and escapes stage names', () => {
    const tip = (o: ChartOption, i: number) =>
      (o as Loose).tooltip.formatter({ dataType: 'edge', data: series(o).links[i] });
    expect(tip(option, 0)).toBe('A → B: 3 deals');
    expect(tip(option, 1)).toBe('A → C: 1 deals<br>Skipped a stage: ✓');
    const o = stageFlowOption({ links, labels: flowLabels(['A', 'B', XSS]) });
    expect(tip(o, 1)).toBe('A → &lt;img src=x onerror=alert(1)&gt;: 1 deals<br>Skipped a stage: ✓');
    const node: string = (o as Loose).tooltip.formatter({
      dataType: 'node',
      data: series(o).data[2],
    });
    expect(node).toBe('<strong>&lt;img src=x onerror=alert(1)&gt;</strong><br>3 deals');
    expect(series(o).label.formatter({ data: series(o).data[2] })).toBe(XSS);
  });

  it('gives a valid option for no links', () => {
    const o = stageFlowOption({ links: [], labels: flowLabels(['A']) });
    expect(series(o).data).toEqual([]);
    expect(series(o).links).toEqual([]);
    expectNoNaN(o);
  });
});

describe('stageDaysOption({ funnel, labels })', () => {
  const option = stageDaysOption({ funnel: ABC, labels: daysLabels(['A', 'B', 'C']) });
  const tip = (params: unknown): string => (option as Loose).tooltip.formatter(params);

  it('draws a bar to the median per stage, none without history, in stage colours', () => {
    const bars: Loose[] = series(option, 0).data;
    expect(bars.map((d) => d.value)).toEqual([12, 8, null]);
    expect(bars.map((d) => d.itemStyle.color)).toEqual([1, 2, 3].map((p) => stageColor(p, 3)));
    expect(bars.map((d) => d.itemStyle.opacity)).toEqual([1, FADED_OPACITY, FADED_OPACITY]);
  });

  it('adds a whisker from the median to P75 and P90 for stages with history', () => {
    const whiskers: Loose[] = series(option, 1).data;
    expect(whiskers.map((d) => d.value)).toEqual([
      [12, 0, 20, 31],
      [8, 1, 9, 15],
    ]);
    expect(whiskers.map((d) => d.itemStyle.color)).toEqual([stageColor(1, 3), stageColor(2, 3)]);
  });

  it('puts n (visits) in the axis labels', () => {
    expect((option as Loose).yAxis.data).toEqual(['A (n = 150)', 'B (n = 19)', 'C (n = 0)']);
  });

  it('shows the figures and stale open deals in the tooltip, or "no history"', () => {
    expect(tip([{ seriesIndex: 0, dataIndex: 0 }])).toBe(
      [
        '<strong>A</strong>',
        'Visits: 150',
        'Median: 12 d',
        'P75: 20 d',
        'P90: 31 d',
        'Stale open deals: 2 / 5',
      ].join('<br>'),
    );
    expect(tip([{ seriesIndex: 0, dataIndex: 2 }])).toBe(
      '<strong>C</strong><br>No history<br>Stale open deals: 0 / 0',
    );
    // A hover on the whisker alone finds its stage through the value it carries.
    const noA = stageDaysOption({
      funnel: funnel([stage(1, 'A'), ...ABC.stages.slice(1)]),
      labels: daysLabels(['A', 'B', 'C']),
    });
    expect(series(noA, 1).data.map((d: Loose) => d.value[1])).toEqual([1]);
    expect(
      (noA as Loose).tooltip.formatter([{ seriesIndex: 1, dataIndex: 0, value: [8, 1, 9, 15] }]),
    ).toContain('<strong>B</strong>');
  });

  it('escapes stage names in the tooltip', () => {
    const o = stageDaysOption({ funnel: ABC, labels: daysLabels([XSS, 'B', 'C']) });
    const text: string = (o as Loose).tooltip.formatter([{ seriesIndex: 0, dataIndex: 0 }]);
    expect(text).toContain('&lt;img');
    expect(text).not.toContain('<img');
  });

  it('gives a valid option without NaN for an empty funnel', () => {
    expectNoNaN(stageDaysOption({ funnel: funnel([]), labels: daysLabels([]) }));
    expectNoNaN(
      stageDaysOption({ funnel: funnel([stage(1, 'A'), stage(2, 'B')]), labels: daysLabels([]) }),
    );
  });
});

describe('segmentFunnelsOption({ segments, stageNames, labels, limit })', () => {
  const seg = (name: string, total: number, reached: number[], won: number): SegmentFunnel => ({
    segment: name,
    total,
    won,
    conversion: total > 0 ? won / total : null,
    stages: reached.map((r, i) => ({
      reached: r,
      passed: reached[i + 1] ?? won,
      passRate: r > 0 ? (reached[i + 1] ?? won) / r : null,
      cumulative: total > 0 ? r / total : null,
    })),
  });
  const segments = [
    seg('East', 1024, [1024, 512, 256], 128),
    seg('', 40, [40, 10, 5], 2),
    seg('North', 10, [10, 5, 1], 0),
    seg('South', 0, [0, 0, 0], 0),
  ];
  const option = segmentFunnelsOption({
    segments,
    stageNames: ['A', 'B', 'C'],
    labels: segmentLabels,
  });

  it('has a row per segment, best first, with n in its label', () => {
    expect((option as Loose).yAxis.data).toEqual([
      'East (n = 1,024)',
      '(blank) (n = 40)',
      'North (n = 10)',
      'South (n = 0)',
    ]);
  });

  it('shows cumulative conversion per stage in stage colours, then the conversion to won', () => {
    const all: Loose[] = (option as Loose).series;
    expect(all.map((s) => s.name)).toEqual(['A', 'B', 'C', 'Won']);
    expect(all.map((s) => s.color)).toEqual([
      stageColor(1, 3),
      stageColor(2, 3),
      stageColor(3, 3),
      STATUS_COLORS.won,
    ]);
    expect(all.map((s) => s.data[0].value)).toEqual([1, 0.5, 0.25, 0.125]);
    expect(all.map((s) => s.data[3].value)).toEqual([null, null, null, null]);
  });

  it('fades segments with fewer than 20 deals', () => {
    expect(series(option, 1).data.map((d: Loose) => d.itemStyle.opacity)).toEqual([
      1,
      1,
      FADED_OPACITY,
      FADED_OPACITY,
    ]);
  });

  it('shows at most `limit` segments and says how many were left out', () => {
    const o = segmentFunnelsOption({
      segments,
      stageNames: ['A', 'B', 'C'],
      labels: segmentLabels,
      limit: 2,
    });
    expect((o as Loose).yAxis.data).toHaveLength(2);
    expect(series(o, 0).data).toHaveLength(2);
    expect((o as Loose).title).toMatchObject({ show: true, text: 'Segments not shown: 2' });
    expect((option as Loose).title.show).toBe(false);
    const many = Array.from({ length: 15 }, (_, i) => seg(`S${i}`, 30, [30, 20, 10], 5));
    const d = segmentFunnelsOption({
      segments: many,
      stageNames: ['A', 'B', 'C'],
      labels: segmentLabels,
    });
    expect((d as Loose).yAxis.data).toHaveLength(12);
    expect((d as Loose).title.text).toBe('Segments not shown: 3');
  });

  it('lists the stages of the hovered segment in the tooltip, names escaped', () => {
    const o = segmentFunnelsOption({
      segments: [seg(XSS, 100, [100, 50, 20], 10)],
      stageNames: ['A', 'B', 'C'],
      labels: segmentLabels,
    });
    expect((o as Loose).tooltip.formatter([{ dataIndex: 0 }])).toBe(
      [
        '<strong>&lt;img src=x onerror=alert(1)&gt; (n = 100)</strong>',
        'A: 100.0% (100)',
        'B: 50.0% (50)',
        'C: 20.0% (20)',
        'Won: 10.0% (10)',
      ].join('<br>'),
    );
  });

  it('keeps legend names apart when a stage is named like the won bar', () => {
    const o = segmentFunnelsOption({
      segments,
      stageNames: ['A', 'Won', 'C'],
      labels: segmentLabels,
    });
    const names = (o as Loose).series.map((s: Loose) => s.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives a valid option without NaN for no segments or empty ones', () => {
    const none = segmentFunnelsOption({ segments: [], stageNames: [], labels: segmentLabels });
    expect((none as Loose).yAxis.data).toEqual([]);
    expectNoNaN(none);
    expectNoNaN(option);
  });
});

describe('the options render in ECharts (server-side SVG)', () => {
  it('draws the funnel with its bar labels and escapes stage names', () => {
    const svg = renderSvg(
      funnelChartOption({ funnel: ABC, labels: funnelLabels(['A', XSS, 'C']) }),
    );
    expect(svg).toContain('100 · prev. 50.0% · first 50.0%');
    // The axis truncates long names; the part shown is escaped.
    expect(svg).toContain('>&lt;img src=x');
    expect(svg).not.toContain('<img');
    // Faded bars keep readable labels.
    expect(svg).toMatch(/fill-opacity="0\.35"[^>]*ecmeta_data_index="2"/);
    expect(svg).not.toMatch(/fill-opacity="0\.35"[^>]*>19 · prev/);
  });

  it('draws the Sankey, with skipped and backward links, and the empty cases', () => {
    const links: StageFlowLink[] = [
      { source: '1', target: '3', n: 2 },
      { source: '1', target: '2', n: 3 },
      { source: '2', target: '1', n: 1 },
      { source: '2', target: 'won', n: 3 },
      { source: '3', target: 'lost', n: 2 },
    ];
    const svg = renderSvg(stageFlowOption({ links, labels: flowLabels(['Won', 'B', 'C']) }));
    expect(svg).toContain('>B<');
    expect(svg).toContain('stroke-dasharray');
    expect(() => renderSvg(stageFlowOption({ links: [], labels: flowLabels([]) }))).not.toThrow();
  });

  it('draws the days chart with its whiskers, and the segment funnels', () => {
    const days = renderSvg(stageDaysOption({ funnel: ABC, labels: daysLabels(['A', 'B', 'C']) }));
    expect(days).toContain('A (n = 150)');
    // Whiskers: a line to P90 and ticks at P75 and P90 for each of the two stages with history.
    expect(days.match(/<path[^>]*ecmeta_series_index="1"/g)).toHaveLength(6);
    const segs = renderSvg(
      segmentFunnelsOption({
        segments: [
          {
            segment: 'East',
            total: 30,
            won: 3,
            conversion: 0.1,
            stages: [{ reached: 30, passed: 3, passRate: 0.1, cumulative: 1 }],
          },
        ],
        stageNames: ['A'],
        labels: segmentLabels,
        limit: 0,
      }),
    );
    expect(segs).toContain('Segments not shown: 1');
    expect(() =>
      renderSvg(stageDaysOption({ funnel: funnel([]), labels: daysLabels([]) })),
    ).not.toThrow();
  });
});
