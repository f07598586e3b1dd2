import { describe, expect, it } from 'vitest';
import { clearOfTools } from '../../src/lib/charts/clear-of-tools.ts';

describe('clearOfTools(option)', () => {
  it('pads a top legend on either side, to keep its centre, clear of the PNG and CSV buttons', () => {
    const option = { legend: { top: 0, type: 'scroll', data: ['A', 'B'] }, series: [] };
    expect(clearOfTools(option)).toEqual({
      legend: { top: 0, type: 'scroll', data: ['A', 'B'], padding: [5, 90, 5, 90] },
      series: [],
    });
    // The option given is left as it was.
    expect(option.legend).not.toHaveProperty('padding');
  });

  it('starts a Sankey below the buttons, as its last column’s labels reach the top right', () => {
    const flow = { series: [{ type: 'sankey', top: 8, right: 96 }] };
    expect(clearOfTools(flow)).toEqual({ series: [{ type: 'sankey', top: 32, right: 96 }] });
    expect(flow.series[0]?.top).toBe(8);
    const lower = { series: [{ type: 'sankey', top: 40 }] };
    expect(clearOfTools(lower)).toBe(lower);
  });

  it('leaves a chart without a legend along its top as it is', () => {
    const noLegend = { series: [] };
    expect(clearOfTools(noLegend)).toBe(noLegend);
    const below = { legend: { bottom: 0 } };
    expect(clearOfTools(below)).toBe(below);
  });
});
