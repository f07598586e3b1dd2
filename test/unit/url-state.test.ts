import { describe, expect, it } from 'vitest';
import { defaultDealTableState } from '../../src/lib/state/deal-table-state.ts';
import { defaultForecastSettings } from '../../src/lib/metrics/forecast/forecast-settings.ts';
import {
  DEFAULT_DIRECTIONS,
  defaultSetup,
  equalWeights,
} from '../../src/lib/metrics/grades/grading-setup.ts';
import type { StageModel } from '../../src/lib/model/stage-model.ts';
import {
  COMPRESS_ABOVE,
  DEFAULT_STATE,
  MAX_FRAGMENT,
  REGISTRY,
  STATE_VERSION,
  decodeState,
  defaultState,
  encodeState,
  type ReportState,
} from '../../src/lib/state/url-state.ts';

// ---------------------------------------------------------------------------------------------
// Fixtures

const state = (patch: Partial<ReportState>): ReportState => ({ ...defaultState(), ...patch });
/** A state the types forbid, as a stranger's link could carry it. */
const hostile = (patch: Record<string, unknown>): ReportState =>
  ({ ...defaultState(), ...patch }) as unknown as ReportState;

const stage = (name: string, preset: number | null, members = [name]) => ({
  name,
  members,
  preset,
});

const MODEL_8: StageModel = {
  source: { kind: 'built-in', id: 'salesforce' },
  stages: [
    stage('Prospecting', 0.1),
    stage('Qualification', 0.2, ['Qualification', 'Qualified']),
    stage('Needs Analysis', 0.25),
    stage('Value Proposition', 0.333333),
    stage('Id. Decision Makers', 0.5),
    stage('Perception Analysis', null),
    stage('Proposal/Price Quote', 0.75),
    stage('Negotiation/Review', 0.9),
  ],
  won: ['Closed Won'],
  lost: ['Closed Lost', 'Disqualified'],
};

const MODEL_ZH: StageModel = {
  source: { kind: 'inferred', by: 'history' },
  stages: [
    stage('初步接洽', null),
    stage('需求确定', 0.3, ['需求确定', '需求分析']),
    stage('方案/报价', 0.6),
    stage('谈判审核', null),
  ],
  won: ['赢单', '成功商机'],
  lost: ['输单'],
};

const MODEL_CUSTOM: StageModel = {
  source: { kind: 'custom' },
  stages: [stage('A', 0), stage('B', 1)],
  won: [],
  lost: [],
};

const RECIPE: ReportState['recipe'] = {
  opportunities: {
    encoding: 'gb18030',
    delimiter: '\t',
    sheet: '商机',
    map: { amount: '金额（万元）', owner: '', stage: 'Sales Stage' },
    dateOrder: { 创建日期: 'dmy', 'Close Date': 'mdy' },
  },
  history: { encoding: 'utf-16le', delimiter: ';', map: { opportunity_id: 'Opp ID' } },
  accounts: { sheet: 'Accounts', map: { account: 'Account Name' } },
  owners: { map: { owner_id: 'Id', last_name: '姓', team: '' } },
  stageDates: { Qualification: 'Date Qualified', 方案: '方案日期' },
  statusValues: { 赢单: 'won', 丢单: 'lost', 跟进中: 'open' },
};

interface Case {
  name: string;
  /** The registry key the case exercises. */
  key: string;
  patch: Partial<ReportState>;
}

/** Every registry key, alone, set to non-default values. */
const CASES: Case[] = [
  { name: 'view funnel', key: 'vw', patch: { view: 'funnel' } },
  { name: 'view data', key: 'vw', patch: { view: 'data' } },
  { name: 'locale en', key: 'lc', patch: { locale: 'en' } },
  { name: 'locale zh-CN', key: 'lc', patch: { locale: 'zh-CN' } },
  { name: 'as-of date', key: 'at', patch: { asOf: '2024-02-29' } },
  { name: 'filter from', key: 'from', patch: { filter: { from: '2024-01-01' } } },
  { name: 'filter to', key: 'to', patch: { filter: { to: '2024-12-31' } } },
  { name: 'date field close', key: 'df', patch: { filter: { dateField: 'close_date' } } },
  { name: 'date field created', key: 'df', patch: { filter: { dateField: 'created_at' } } },
  {
    name: 'filter one segment',
    key: 'f',
    patch: { filter: { where: { region: ['East', 'West'] } } },
  },
  {
    name: 'filter values with commas, ampersands, percent and empty text',
    key: 'f',
    patch: {
      filter: { where: { account: ['Acme, Inc.', 'A&B=C', '100%', ''], status: ['won'] } },
    },
  },
  {
    name: 'filter on derived segments',
    key: 'f',
    patch: { filter: { where: { created_quarter: ['2024-Q1'], created_month: ['2024-03'] } } },
  },
  { name: 'strict order', key: 'so', patch: { strictOrder: true } },
  { name: 'without stage history', key: 'uh', patch: { useHistory: false } },
  { name: 'presets from the export', key: 'ps', patch: { presetSource: 'export' } },
  { name: 'presets from the model, chosen', key: 'ps', patch: { presetSource: 'model' } },
  { name: 'a prior strength', key: 'pr', patch: { prior: 25.5 } },
  { name: 'monotone rates', key: 'mo', patch: { monotone: true } },
  { name: 'a walk-forward cut', key: 'ct', patch: { cut: '2026-04-01' } },
  { name: 'an adopted preset table', key: 'ad', patch: { adopted: [0.1, null, 0.75] } },
  { name: 'the win-rates view', key: 'vw', patch: { view: 'rates' } },
  { name: 'the forecast view', key: 'vw', patch: { view: 'forecast' } },
  { name: 'the grades view', key: 'vw', patch: { view: 'grades' } },
  {
    name: 'deals sorted by close date, rising',
    key: 'ds',
    patch: {
      dealTable: { ...defaultDealTableState(), sort: { column: 'close_date', direction: 'asc' } },
    },
  },
  {
    name: 'deals searched for Chinese text with % and commas',
    key: 'dq',
    patch: { dealTable: { ...defaultDealTableState(), search: '华东 100%, Acme' } },
  },
  {
    name: 'deal table columns chosen',
    key: 'dc',
    patch: { dealTable: { ...defaultDealTableState(), columns: ['id', 'region', 'days_open'] } },
  },
  {
    name: 'a two-level grading setup with a rule, quantile cut-offs and a scope',
    key: 'g',
    patch: {
      grading: {
        ...defaultSetup(['amount', 'urgency', 'customer_risk']),
        directions: { ...DEFAULT_DIRECTIONS, urgency: 'lower' },
        rules: [{ indicator: 'amount', op: '>=', value: 5000000, grade: 'A' }],
        cutoffs: { mode: 'quantile', A: 0.1, B: 0.4, C: 0.8 },
        scopeStage: 2,
        classThresholds: { A: 5, B: 20, C: 100 },
      },
    },
  },
  {
    name: 'a grading setup with industry tiers',
    key: 'g',
    patch: {
      grading: {
        ...defaultSetup(['amount', 'importance']),
        industryTiers: { 制造: 'mainstream', 'Oil & Gas': 'secondary', 零售: 'non-mainstream' },
      },
    },
  },
  {
    name: 'a single-level grading setup with an inconsistent matrix',
    key: 'g',
    patch: {
      grading: {
        ...equalWeights(['amount', 'importance']),
        groups: [
          {
            name: 'indicators',
            indicators: ['amount', 'importance', 'urgency'],
            matrix: [
              [1, 3, 1 / 5],
              [1 / 3, 1, 7],
              [5, 1 / 7, 1],
            ],
          },
        ],
        groupMatrix: [[1]],
      },
    },
  },
  {
    name: 'forecast by month, observed rates, stacked by owner, history timing',
    key: 'fc',
    patch: {
      forecast: {
        unit: 'month',
        rates: 'observed',
        stack: 'owner',
        timing: 'history',
        runs: 2500,
        seed: 4294967295,
        target: 1250000,
      },
    },
  },
  {
    name: 'forecast stacked by grade with a target',
    key: 'fc',
    patch: { forecast: { ...defaultForecastSettings(), stack: 'grade', target: 0 } },
  },
  { name: 'breakdown owner', key: 'bd', patch: { breakdown: 'owner' } },
  // Chosen, the region is kept where the page would show another by default.
  { name: 'breakdown region', key: 'bd', patch: { breakdown: 'region' } },
  { name: 'breakdown created month', key: 'bd', patch: { breakdown: 'created_month' } },
  {
    name: 'drill first stage reached',
    key: 'dr',
    patch: { drill: { position: 1, which: 'reached' } },
  },
  { name: 'drill lost', key: 'dr', patch: { drill: { position: 3, which: 'lost' } } },
  { name: 'drill open at 50', key: 'dr', patch: { drill: { position: 50, which: 'open' } } },
  { name: 'model built-in, 8 stages', key: 'm', patch: { model: MODEL_8 } },
  { name: 'model inferred, Chinese', key: 'm', patch: { model: MODEL_ZH } },
  { name: 'model custom, presets 0 and 1', key: 'm', patch: { model: MODEL_CUSTOM } },
  { name: 'recipe, everything', key: 'r', patch: { recipe: RECIPE } },
  {
    name: 'recipe, one encoding',
    key: 'r',
    patch: { recipe: { opportunities: { encoding: 'big5' } } },
  },
  { name: 'recipe, empty file part', key: 'r', patch: { recipe: { history: {} } } },
  {
    name: 'source url',
    key: 's',
    patch: { source: { kind: 'url', src: 'https://example.com/data/opps.csv?x=1&y=2' } },
  },
  {
    name: 'source url with history, relative',
    key: 's',
    patch: { source: { kind: 'url', src: 'data/opps.csv', history: 'data/history.csv' } },
  },
  {
    name: 'source file',
    key: 's',
    patch: {
      source: { kind: 'file', name: '商机导出 2024.xlsx', rows: 12345, hash: 'a1b2c3d4e5f6' },
    },
  },
];

const EVERYTHING = state({
  view: 'deals',
  locale: 'zh-CN',
  asOf: '2024-06-30',
  filter: {
    from: '2023-01-01',
    to: '2024-06-30',
    dateField: 'close_date',
    where: { region: ['华东', '华南'], owner: ['张伟', 'Li, Na'], created_quarter: ['2024-Q1'] },
  },
  strictOrder: true,
  useHistory: false,
  breakdown: 'team',
  drill: { position: 4, which: 'open' },
  forecast: {
    unit: 'month',
    rates: 'preset',
    stack: 'region',
    timing: 'history',
    runs: 500,
    seed: 42,
    target: 3000000,
  },
  model: MODEL_8,
  recipe: RECIPE,
  source: { kind: 'file', name: 'export.csv', rows: 987, hash: 'deadbeef' },
});

async function roundTrip(input: ReportState) {
  const fragment = await encodeState(input);
  const decoded = await decodeState(fragment);
  return { fragment, ...decoded };
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** A compressed fragment around any JSON text, made independently of the module. */
async function packed(json: string, version = STATE_VERSION): Promise<string> {
  const stream = new Blob([new TextEncoder().encode(json)])
    .stream()
    .pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  return `v=${version}&z=${toBase64Url(bytes)}`;
}

/** A tiny deterministic generator for garbage. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// ---------------------------------------------------------------------------------------------

describe('REGISTRY', () => {
  it('has one entry per short key, and the cases cover every key', () => {
    const keys = REGISTRY.map((entry) => entry.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(CASES.map((c) => c.key))).toEqual(new Set(keys));
  });

  it('uses short keys that the plain form can split (no dots, not v or z)', () => {
    for (const entry of REGISTRY) {
      expect(entry.key).toMatch(/^[a-z]{1,4}$/);
      expect(['v', 'z']).not.toContain(entry.key);
    }
  });
});

describe('encodeState(state): Promise<string>', () => {
  it('gives the empty fragment for the defaults', async () => {
    expect(await encodeState(defaultState())).toBe('');
    expect(await encodeState(DEFAULT_STATE)).toBe('');
  });

  it('leaves out values equal to the defaults, and empty filter lists', async () => {
    const explicit = state({
      view: 'overview',
      useHistory: true,
      breakdown: null,
      filter: { where: { region: [] } },
      recipe: {},
      source: { kind: 'demo' },
    });
    expect(await encodeState(explicit)).toBe('');
  });

  it.each(CASES)('writes only v and the key for $name', async ({ key, patch }) => {
    const fragment = await encodeState(state(patch));
    if (fragment.startsWith('v=1&z=')) return; // compressed: checked by the round trip
    const [version, ...params] = fragment.split('&');
    expect(version).toBe(`v=${STATE_VERSION}`);
    expect(params.length).toBeGreaterThan(0);
    for (const param of params) expect(param).toMatch(new RegExp(`^${key}[.=]`));
  });

  it('writes a small state as readable plain parameters', async () => {
    const fragment = await encodeState(
      state({
        view: 'funnel',
        strictOrder: true,
        filter: { from: '2024-01-01', where: { region: ['East', 'West'] } },
        source: { kind: 'url', src: 'https://example.com/a.csv' },
      }),
    );
    expect(fragment).toBe(
      'v=1&vw=funnel&from=2024-01-01&f.region=East,West&so=1&s.url=https://example.com/a.csv',
    );
  });

  it('percent-encodes Chinese text, so the fragment is plain ASCII', async () => {
    const fragment = await encodeState(state({ filter: { where: { region: ['华东'] } } }));
    expect(fragment).toBe('v=1&f.region=%E5%8D%8E%E4%B8%9C');
  });

  it('keeps a state at most COMPRESS_ABOVE characters long uncompressed', async () => {
    const fragment = await encodeState(state({ view: 'funnel', asOf: '2024-01-31' }));
    expect(fragment.length).toBeLessThanOrEqual(COMPRESS_ABOVE);
    expect(fragment).not.toContain('z=');
  });

  it('compresses a long state (8-stage model with presets and a mapping recipe)', async () => {
    const big = state({ model: MODEL_8, recipe: RECIPE });
    const fragment = await encodeState(big);
    expect(fragment).toMatch(/^v=1&z=[A-Za-z0-9_-]+$/);
    expect(fragment.length).toBeLessThan(encodeURIComponent(JSON.stringify(MODEL_8)).length);
  });

  it('is deterministic', async () => {
    expect(await encodeState(EVERYTHING)).toBe(await encodeState(structuredClone(EVERYTHING)));
  });
});

describe('decodeState(fragment): Promise<{ state, notes }> — round trips', () => {
  it.each(CASES)('round-trips $name exactly, with no notes', async ({ patch }) => {
    const input = state(patch);
    const { state: output, notes } = await roundTrip(input);
    expect(notes).toEqual([]);
    expect(output).toStrictEqual(input);
  });

  it('round-trips every key set at once (compressed)', async () => {
    const { fragment, state: output, notes } = await roundTrip(EVERYTHING);
    expect(fragment.startsWith('v=1&z=')).toBe(true);
    expect(notes).toEqual([]);
    expect(output).toStrictEqual(EVERYTHING);
  });

  it('round-trips Chinese stage names and segment values', async () => {
    const input = state({
      model: MODEL_ZH,
      breakdown: 'industry',
      filter: { where: { industry: ['制造业', '金融・保险'], stage: ['方案/报价'] } },
    });
    const { state: output, notes } = await roundTrip(input);
    expect(notes).toEqual([]);
    expect(output.model?.stages.map((s) => s.name)).toEqual([
      '初步接洽',
      '需求确定',
      '方案/报价',
      '谈判审核',
    ]);
    expect(output).toStrictEqual(input);
  });

  it('round-trips a long state through the compressed form', async () => {
    const input = state({ view: 'funnel', model: MODEL_8, recipe: RECIPE });
    const { fragment, state: output, notes } = await roundTrip(input);
    expect(fragment.startsWith('v=1&z=')).toBe(true);
    expect(notes).toEqual([]);
    expect(output).toStrictEqual(input);
  });

  it('accepts a leading # and gives the defaults for an empty fragment', async () => {
    const fragment = await encodeState(state({ view: 'deals' }));
    expect((await decodeState(`#${fragment}`)).state.view).toBe('deals');
    expect(await decodeState('')).toEqual({ state: defaultState(), notes: [], details: [] });
    expect(await decodeState('#')).toEqual({ state: defaultState(), notes: [], details: [] });
  });

  it('returns fresh objects, never the frozen defaults', async () => {
    const { state: output } = await decodeState('');
    output.filter.from = '2024-01-01';
    expect(DEFAULT_STATE.filter).toEqual({});
  });
});

describe('decodeState(fragment): Promise<{ state, notes }> — hostile links', () => {
  it('gives the defaults and a note for random garbage, never throwing', async () => {
    const next = random(7);
    const alphabet = 'v=1&z.%#,;:/?[]{}"\'<>\\ \u0000\u2028华\ud800abcXYZ0123456789-_';
    for (let i = 0; i < 300; i++) {
      const length = Math.floor(next() * 120);
      let text = '';
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(next() * alphabet.length)];
      const { state: output, notes } = await decodeState(text);
      if (text.replace(/^#/, '') === '') continue;
      if (!/(^|&)v=1(&|$)/.test(text.replace(/^#/, ''))) {
        expect(output).toEqual(DEFAULT_STATE);
        expect(notes.length).toBeGreaterThan(0);
      }
    }
  });

  it('survives garbage after a valid version, never throwing', async () => {
    const next = random(11);
    for (let i = 0; i < 200; i++) {
      let text = 'v=1&';
      for (let j = 0; j < 60; j++) text += String.fromCharCode(Math.floor(next() * 0x3000));
      const { state: output } = await decodeState(text);
      expect(typeof output.view).toBe('string');
    }
  });

  it('gives the defaults for a truncated compressed payload', async () => {
    const fragment = await encodeState(EVERYTHING);
    const cut = fragment.slice(0, Math.floor(fragment.length / 2));
    const { state: output, details } = await decodeState(cut);
    expect(output).toStrictEqual(defaultState());
    expect(details.map((d) => d.code)).toEqual(['malformed']);
  });

  it('gives the defaults for a corrupted or non-base64 compressed payload', async () => {
    const fragment = await encodeState(EVERYTHING);
    for (const bad of [
      `${fragment.slice(0, 20)}AAAA${fragment.slice(24)}`,
      'v=1&z=!!!!',
      'v=1&z=A',
      'v=1&z=',
      await packed('[1,2,3]'),
      await packed('not json'),
    ]) {
      const { state: output, details } = await decodeState(bad);
      expect(output).toStrictEqual(defaultState());
      expect(details.map((d) => d.code)).toContain('malformed');
    }
  });

  it.each([
    ['v=9&vw=funnel', 'link version 9 is newer than this app: defaults used'],
    ['v=0&vw=funnel', 'link version 0 is not supported: defaults used'],
    ['v=one&vw=funnel', 'link version is not a number: defaults used'],
    ['vw=funnel', 'link has no version: defaults used'],
  ])('gives the defaults for a wrong version: %s', async (fragment, message) => {
    const { state: output, notes, details } = await decodeState(fragment);
    expect(output).toStrictEqual(defaultState());
    expect(notes).toEqual([message]);
    expect(details[0]?.code).toBe('bad_version');
  });

  it('checks the version of a compressed link before unpacking it', async () => {
    const { state: output, details } = await decodeState(await packed('{"vw":"funnel"}', 2));
    expect(output.view).toBe('overview');
    expect(details.map((d) => d.code)).toEqual(['bad_version']);
  });

  it('refuses a fragment longer than 64 KB', async () => {
    const fragment = `v=1&vw=funnel&f.region=${'x,'.repeat(MAX_FRAGMENT / 2)}`;
    expect(fragment.length).toBeGreaterThan(64 * 1024);
    const { state: output, details } = await decodeState(fragment);
    expect(output).toStrictEqual(defaultState());
    expect(details.map((d) => d.code)).toEqual(['too_long']);
  });

  it('refuses a small compressed link that unpacks to megabytes', async () => {
    const fragment = await packed(`{"vw":"funnel","pad":"${' '.repeat(4_000_000)}"}`);
    expect(fragment.length).toBeLessThan(MAX_FRAGMENT);
    const { state: output, details } = await decodeState(fragment);
    expect(output.view).toBe('overview');
    expect(details.map((d) => d.code)).toEqual(['too_long']);
  });

  it('drops a model with 10,000 stages and keeps the rest', async () => {
    const stages = Array.from({ length: 10_000 }, (_, i) => stage(`S${i}`, null));
    const input = hostile({ view: 'funnel', model: { ...MODEL_CUSTOM, stages } });
    const { state: output, notes, details } = await roundTrip(input);
    expect(output.model).toBeNull();
    expect(output.view).toBe('funnel');
    expect(details).toEqual([
      {
        code: 'bad_value',
        key: 'm',
        message: 'bad value for m (stage model): 10000 stages, at most 50: model ignored',
      },
    ]);
    expect(notes).toHaveLength(1);
  });

  it.each([
    ['a preset of 5', { ...MODEL_CUSTOM, stages: [stage('A', 5)] }],
    ['a negative preset', { ...MODEL_CUSTOM, stages: [stage('A', -0.1)] }],
    ['a text preset', { ...MODEL_CUSTOM, stages: [stage('A', '0.5' as unknown as number)] }],
    ['a name of 201 characters', { ...MODEL_CUSTOM, stages: [stage('x'.repeat(201), 0.5)] }],
    ['an empty name', { ...MODEL_CUSTOM, stages: [stage('', 0.5)] }],
    ['no stages', { ...MODEL_CUSTOM, stages: [] }],
    ['repeated names', { ...MODEL_CUSTOM, stages: [stage('A', 0.1), stage('A', 0.2)] }],
    ['members without the name', { ...MODEL_CUSTOM, stages: [stage('A', 0.1, ['B'])] }],
    [
      'a script tag as a name',
      { ...MODEL_CUSTOM, stages: [stage('<script>alert(1)</script>', 0)] },
    ],
    ['an unknown built-in model', { ...MODEL_CUSTOM, source: { kind: 'built-in', id: 'evil' } }],
    ['a won value that is not text', { ...MODEL_CUSTOM, won: [42] }],
  ])('drops a model with %s and notes it', async (_, model) => {
    const { state: output, details } = await roundTrip(hostile({ asOf: '2024-01-01', model }));
    expect(output.model).toBeNull();
    expect(output.asOf).toBe('2024-01-01');
    expect(details.map((d) => [d.code, d.key])).toEqual([['bad_value', 'm']]);
    expect(details[0]?.message).not.toContain('<script');
  });

  it('drops a filter on an unknown segment without echoing it', async () => {
    const input = hostile({
      filter: { where: { '"; DROP TABLE opportunities; --': ['x'], region: ['East'] } },
    });
    const { state: output, notes, details } = await roundTrip(input);
    expect(output.filter).toEqual({ where: { region: ['East'] } });
    expect(details.map((d) => d.code)).toEqual(['bad_value']);
    expect(notes.join(' ')).not.toContain('DROP');
    expect(notes[0]).toContain('unknown segment');
  });

  it('drops a grading setup with a script as a group name, or a broken matrix, without echoing it', async () => {
    const setup = defaultSetup(['amount', 'urgency']);
    for (const grading of [
      { ...setup, groups: [{ ...setup.groups[0]!, name: '<script>alert(1)</script>' }] },
      {
        ...setup,
        groups: [
          {
            ...setup.groups[0]!,
            matrix: [
              [1, 3],
              [3, 1],
            ],
          },
        ],
      },
    ]) {
      const { state: output, notes } = await roundTrip(hostile({ view: 'grades', grading }));
      expect(output.grading).toBeNull();
      expect(output.view).toBe('grades');
      expect(notes).toEqual([
        'bad value for g (grading setup): not a usable grading setup: ignored',
      ]);
    }
  });

  it('drops a deal sort on an unknown column and keeps only known deal columns', async () => {
    const { state: output, notes } = await decodeState(
      `v=1&ds=password.asc&dc=${encodeURIComponent('["id","secret","amount"]')}`,
    );
    expect(output.dealTable.sort).toEqual(defaultDealTableState().sort);
    expect(output.dealTable.columns).toEqual(['id', 'amount']);
    expect(notes).toEqual([
      'bad value for ds (deal table sort): not <column>.<asc|desc>: ignored',
      'bad value for dc (deal table columns): unknown columns ignored',
    ]);
  });

  it('keeps the good forecast settings of a link and notes each bad one', async () => {
    const { state: output, notes } = await decodeState(
      'v=1&fc.u=week&fc.r=observed&fc.n=0&fc.s=-1&fc.g=1e9&fc.k=amount&fc.t=history&fc.x=1',
    );
    expect(output.forecast).toEqual({
      ...defaultForecastSettings(),
      rates: 'observed',
      timing: 'history',
    });
    expect(notes).toHaveLength(6);
    expect(notes[0]).toBe('bad value for fc (forecast settings): forecast setting "u" ignored');
  });

  it('drops a filter on a field that is not a segment (amount)', async () => {
    const { state: output, notes } = await decodeState('v=1&f.amount=1&f.owner=Ann');
    expect(output.filter).toEqual({ where: { owner: ['Ann'] } });
    expect(notes).toEqual(['bad value for f (filter): unknown segment "amount" ignored']);
  });

  it('drops values with <script>, control characters or excess length, keeping the rest', async () => {
    const input = hostile({
      filter: {
        where: {
          region: ['East', '<script>alert(1)</script>', 'a\u0000b', 'y'.repeat(201), '<10k'],
        },
      },
    });
    const { state: output, notes } = await roundTrip(input);
    expect(output.filter.where).toEqual({ region: ['East', '<10k'] });
    expect(notes).toEqual(['bad value for f (filter): 3 bad values of region ignored']);
  });

  it.each([
    ['view', 'v=1&vw=%3Cscript%3E', 'view'],
    ['language', 'v=1&lc=fr', 'locale'],
    ['as-of date', 'v=1&at=2024-02-30', 'asOf'],
    ['breakdown', 'v=1&bd=amount', 'breakdown'],
    ['strict order', 'v=1&so=true', 'strictOrder'],
    ['use history', 'v=1&uh=no', 'useHistory'],
    ['drill position 0', 'v=1&dr=0.lost', 'drill'],
    ['drill position 51', 'v=1&dr=51.lost', 'drill'],
    ['drill which', 'v=1&dr=2.won', 'drill'],
    ['model JSON', 'v=1&m=%7Bnot%20json', 'model'],
    ['recipe', 'v=1&r=%5B%5D', 'recipe'],
    ['javascript: source', 'v=1&s.url=javascript:alert(1)', 'source'],
    ['data: source', 'v=1&s.url=data:text/csv,a', 'source'],
    ['source with a space', 'v=1&s.url=%20https://x.test/a.csv', 'source'],
    ['file source without rows', 'v=1&s.name=a.csv&s.hash=abc', 'source'],
    ['file source with rows -1', 'v=1&s.name=a.csv&s.rows=-1&s.hash=abc', 'source'],
    ['file source with a script hash', 'v=1&s.name=a.csv&s.rows=1&s.hash=%3Cscript%3E', 'source'],
  ] as const)('drops a bad %s with a note, keeping the other keys', async (_, bad, field) => {
    const good = field === 'view' ? 'so=1' : 'vw=deals';
    const { state: output, details } = await decodeState(`${bad}&${good}`);
    expect(output[field]).toStrictEqual(defaultState()[field]);
    expect(details.map((d) => d.code)).toEqual(['bad_value']);
    if (field === 'view') expect(output.strictOrder).toBe(true);
    else expect(output.view).toBe('deals');
    expect(details[0]?.message).not.toMatch(/<script|javascript/);
  });

  it('drops bad parts of a recipe and keeps the good ones', async () => {
    const input = hostile({
      recipe: {
        opportunities: {
          encoding: 'ebcdic',
          delimiter: ',',
          map: { amount: 'Amount', __proto__polluted: 'x', owner: '<script>' },
        },
        history: { map: { not_a_history_field: 'X', stage: 'Stage' } },
        statusValues: { Won: 'won', Maybe: 'perhaps' },
      },
    });
    const { state: output, details } = await roundTrip(input);
    expect(output.recipe).toStrictEqual({
      opportunities: { delimiter: ',', map: { amount: 'Amount' } },
      history: { map: { stage: 'Stage' } },
      statusValues: { Won: 'won' },
    });
    expect(details.map((d) => d.code)).toEqual(Array(4).fill('bad_value'));
  });

  it('never lets __proto__ through (plain and compressed)', async () => {
    const plain = await decodeState('v=1&f.__proto__=x&s.__proto__=y');
    expect(plain.state.filter).toEqual({});
    expect(plain.state.source).toEqual({ kind: 'demo' });
    const json = `{"r":{"o":{"m":{"__proto__":"x"}},"sv":{"__proto__":"won"}},"f":{"__proto__":["x"]}}`;
    const compressed = await decodeState(await packed(json));
    expect(compressed.state.recipe).toStrictEqual({ opportunities: { map: {} }, statusValues: {} });
    expect(Object.getPrototypeOf(compressed.state.recipe.opportunities?.map)).toBe(
      Object.prototype,
    );
    expect(compressed.details.length).toBe(3);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('ignores and reports unknown keys, quoting only safe names', async () => {
    const {
      state: output,
      notes,
      details,
    } = await decodeState('v=1&vw=funnel&x=1&%3Cscript%3E=1&vw.sub=2');
    expect(output.view).toBe('funnel');
    expect(notes).toEqual([
      'unknown key "x" ignored',
      'unknown key (unprintable) ignored',
      'unknown key "vw.sub" ignored',
    ]);
    expect(details.map((d) => d.code)).toEqual(['unknown_key', 'unknown_key', 'unknown_key']);
  });

  it('reports unknown keys inside a compressed link too', async () => {
    const { state: output, details } = await decodeState(await packed('{"vw":"data","zz":1}'));
    expect(output.view).toBe('data');
    expect(details).toEqual([
      { code: 'unknown_key', key: 'zz', message: 'unknown key "zz" ignored' },
    ]);
  });

  it('uses the first of repeated keys and notes it', async () => {
    const { state: output, details } = await decodeState('v=1&vw=funnel&vw=data');
    expect(output.view).toBe('funnel');
    expect(details.map((d) => d.code)).toEqual(['bad_value']);
  });

  it('notes broken percent-encoding', async () => {
    const { state: output, notes } = await decodeState('v=1&vw=%E0%A4%A&so=1');
    expect(output.view).toBe('overview');
    expect(output.strictOrder).toBe(true);
    expect(notes).toEqual(['bad encoding for vw (view): ignored']);
  });

  it('caps the number of notes', async () => {
    const junk = Array.from({ length: 100 }, (_, i) => `x${i}=1`).join('&');
    const { notes } = await decodeState(`v=1&${junk}`);
    expect(notes).toHaveLength(21);
    expect(notes.at(-1)).toBe('80 more problems not listed');
  });

  it('never throws, even when handed something that is not a string', async () => {
    const { state: output } = await decodeState(42 as unknown as string);
    expect(output).toStrictEqual(defaultState());
  });
});
