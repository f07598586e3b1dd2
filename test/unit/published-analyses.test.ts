import { describe, expect, it } from 'vitest';
import {
  beyondTab,
  loadDataUrl,
  readPublishedAnalyses,
  stateSettings,
  TAB_LIMIT,
} from '../../src/lib/publish/published-analyses.ts';
import { defaultState } from '../../src/lib/state/url-state.ts';

const minimal = {
  version: 1,
  computedAt: '2026-12-05T13:00:00.000Z',
  rows: { opportunities: 10, history: 40 },
  asOf: '2026-11-15',
  overview: { stages: [] },
  funnel: { stages: [] },
  winRates: [],
  grades: { rows: [], graded: 0, ungraded: 10 },
  forecast: { unit: 'quarter', runs: 10_000, periods: [] },
};

describe('beyondTab(rows)', () => {
  it('is true past either limit, not at it', () => {
    expect(beyondTab({ ...TAB_LIMIT })).toBe(false);
    expect(beyondTab({ opportunities: TAB_LIMIT.opportunities + 1, history: 0 })).toBe(true);
    expect(beyondTab({ opportunities: 1, history: TAB_LIMIT.history + 1 })).toBe(true);
  });
});

describe('readPublishedAnalyses(text)', () => {
  it('reads the analyses a bundle holds', () => {
    expect(readPublishedAnalyses(JSON.stringify(minimal))).toEqual(minimal);
  });

  it('names the file and what is wrong with it', () => {
    expect(() => readPublishedAnalyses(JSON.stringify({ ...minimal, version: 2 }))).toThrow(
      'data/analyses.json: version 2, expected 1',
    );
    expect(() => readPublishedAnalyses('null')).toThrow('version undefined, expected 1');
    const noFunnel = { ...minimal, funnel: undefined };
    expect(() => readPublishedAnalyses(JSON.stringify(noFunnel))).toThrow(
      'data/analyses.json: incomplete',
    );
    expect(() => readPublishedAnalyses('{')).toThrow(SyntaxError);
  });
});

describe('loadDataUrl(location)', () => {
  it('asks for the data instead of the analyses, the data files and the report kept', () => {
    const location = {
      pathname: '/r/app.html',
      search: '?src=data/opportunities.parquet&analyses=data/analyses.json&load=analyses',
      hash: '#v=1&f.region=%E5%8D%8E%E4%B8%9C',
    };
    const url = new URL(loadDataUrl(location), 'http://x');
    expect(url.pathname).toBe('/r/app.html');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      src: 'data/opportunities.parquet',
      analyses: 'data/analyses.json',
      load: 'all',
    });
    expect(url.hash).toBe(location.hash);
  });
});

describe('stateSettings(state)', () => {
  it('takes the filter and every analysis setting from the link', () => {
    const state = {
      ...defaultState(),
      filter: { from: '2024-01-01', where: { region: ['East'] } },
      strictOrder: true,
      asOf: '2024-06-30',
      prior: 4,
      monotone: true,
      presetSource: 'export' as const,
      cut: '2024-03-31',
    };
    expect(stateSettings(state)).toEqual({
      filter: state.filter,
      strict: true,
      asOf: '2024-06-30',
      prior: 4,
      monotone: true,
      presetSource: 'export',
      cut: '2024-03-31',
      forecast: state.forecast,
    });
  });
});
