import { describe, expect, it } from 'vitest';
import {
  analysesKey,
  beyondTab,
  loadDataUrl,
  readPublishedAnalyses,
  stateSettings,
  TAB_LIMIT,
} from '../../src/lib/publish/published-analyses.ts';
import { decodeState, defaultState, encodeState } from '../../src/lib/state/url-state.ts';

const minimal = {
  version: 1,
  computedAt: '2026-12-05T13:00:00.000Z',
  key: '',
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
  it('reads the analyses a bundle holds, with or without the state they were computed at', () => {
    expect(readPublishedAnalyses(JSON.stringify(minimal))).toEqual(minimal);
    const older = readPublishedAnalyses(JSON.stringify({ ...minimal, key: undefined }));
    expect(older).not.toHaveProperty('key');
    expect(older.funnel).toEqual(minimal.funnel);
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

describe('analysesKey(state)', () => {
  // A state long enough that its link is compressed (`z=`): the key is written plain.
  const published = {
    ...defaultState(),
    filter: {
      from: '2024-01-01',
      where: {
        region: ['华东', '华南', 'North America'],
        owner: ['张伟', ...Array.from({ length: 12 }, (_, i) => `Owner ${i + 1}`)],
      },
    },
    prior: 4,
    monotone: true,
    forecast: { ...defaultState().forecast, unit: 'month' as const },
    source: { kind: 'url' as const, src: 'data/opportunities.parquet' },
  };

  it('is the same for a state and the state its link opens with', async () => {
    const fragment = await encodeState(published);
    expect(fragment).toMatch(/&z=/);
    const { state } = await decodeState(fragment);
    expect(analysesKey(state)).toBe(analysesKey(published));
    expect(analysesKey(published)).toContain('f.region=');
  });

  it('leaves out what only changes how the analyses are shown, and where the data is', () => {
    const shown = {
      ...published,
      view: 'funnel' as const,
      locale: 'zh-CN' as const,
      drill: { position: 2, which: 'lost' as const },
      dealTable: { ...published.dealTable, search: 'Ann' },
      source: { kind: 'demo' as const },
    };
    expect(analysesKey(shown)).toBe(analysesKey(published));
  });

  it('differs with any filter or analysis setting', () => {
    const key = analysesKey(published);
    expect(analysesKey({ ...published, filter: { from: '2024-01-01' } })).not.toBe(key);
    expect(analysesKey({ ...published, asOf: '2024-06-30' })).not.toBe(key);
    expect(analysesKey({ ...published, prior: 5 })).not.toBe(key);
    expect(analysesKey({ ...published, strictOrder: true })).not.toBe(key);
    expect(analysesKey({ ...published, adopted: [0.1, 0.5, 1] })).not.toBe(key);
    expect(analysesKey(defaultState())).toBe('');
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
