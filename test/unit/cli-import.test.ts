import process from 'node:process';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const folder = mkdtempSync(join(tmpdir(), 'funnelcast-cli-'));
function write(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

function funnelcast(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('funnelcast import <file> [options]', () => {
  it('says how many opportunities found their account in the accounts file', () => {
    const deals = write(
      'sf-opportunity.csv',
      'Id,AccountId,StageName,Amount\nO1,001A,Prospecting,100\nO2,001B,Closed Won,200\nO3,001Z,Prospecting,50\n',
    );
    const accounts = write(
      'sf-account.csv',
      'Id,Name,Industry\n001A,Acme,Energy\n001B,Globex,Banking\n',
    );
    const { code, stdout } = funnelcast('import', deals, '--accounts', accounts);
    expect(code).toBe(0);
    // O1 and O2 by id; 001Z is not in the file.
    expect(JSON.parse(stdout).accounts).toMatchObject({
      rows: 2,
      opportunitiesMatched: 2,
      opportunitiesWithAccount: 3,
    });
  });

  it('names owners from the sales team’s file and says how many it found', () => {
    const deals = write(
      'sf-owned.csv',
      'Id,OwnerId,StageName,Amount\nO1,005A,Prospecting,100\nO2,005A,Closed Won,200\nO3,005Z,Prospecting,50\n',
    );
    const users = write('sf-user.csv', 'Id,FirstName,LastName,Squad\n005A,Ada,Lovelace,EMEA\n');
    const { code, stdout } = funnelcast(
      'import',
      deals,
      '--owners',
      users,
      '--owners-map',
      'team=Squad',
    );
    expect(code).toBe(0);
    // O1 and O2 by id; 005Z is not in the file.
    expect(JSON.parse(stdout).owners).toMatchObject({
      rows: 1,
      mapping: { owner_id: { column: 'Id' }, team: { column: 'Squad' } },
      opportunitiesMatched: 2,
      opportunitiesWithOwner: 3,
    });
  });

  it('prints what was loaded as JSON and exits 0', () => {
    const deals = write(
      'deals.csv',
      'Deal ID,Stage,Amount,Close Date\nD1,Closed Won,"$1,200",2024-03-01\nD2,Proposal,oops,2024-13-01\n',
    );
    const history = write(
      'history.csv',
      'Opportunity ID,Stage,Entered At\nD1,Proposal,2024-01-01\nD1,Closed Won,2024-03-01\nD9,Proposal,2024-01-01\n',
    );
    const { code, stdout } = funnelcast('import', deals, '--history', history);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.encoding).toBe('utf-8');
    expect(json.opportunities).toMatchObject({ rows: 2, rejected: 0 });
    expect(json.opportunities.mapping.amount).toEqual({ column: 'Amount', confidence: 1 });
    expect(json.history).toMatchObject({ rows: 2, rejected: 1 });
    expect(json.problems).toEqual([
      {
        file: 'deals.csv',
        row: 3,
        column: 'Amount',
        value: 'oops',
        code: 'unparseable_amount',
        rejected: false,
        reason: 'expected an amount (digits, optional currency, K/M/万/亿)',
      },
      {
        file: 'deals.csv',
        row: 3,
        column: 'Close Date',
        value: '2024-13-01',
        code: 'unparseable_date',
        rejected: false,
        reason: 'expected a date',
      },
      {
        file: 'history.csv',
        row: 4,
        column: 'Opportunity ID',
        value: 'D9',
        code: 'unknown_opportunity',
        rejected: true,
        reason: 'history row for an opportunity id that is not loaded',
      },
    ]);
  });

  it('takes --map to override the automatic mapping', () => {
    const deals = write('odd.csv', 'Ref,Phase,Worth\nX1,Won,10\n');
    const { code, stdout } = funnelcast(
      'import',
      deals,
      '--map',
      'id=Ref',
      '--map',
      'stage=Phase',
      '--map',
      'amount=Worth',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).opportunities.mapping.stage).toEqual({
      column: 'Phase',
      confidence: 1,
    });
  });

  it('exits 2 with a one-line message when there is neither a stage nor a status column', () => {
    const { code, stderr, stdout } = funnelcast('import', write('names.csv', 'name\nx\n'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      'funnelcast: names.csv: neither a stage nor a status column: map one of them',
    ]);
  });

  it('exits 2 naming a file it cannot read', () => {
    const { code, stderr } = funnelcast('import', join(folder, 'missing.csv'));
    expect(code).toBe(2);
    expect(stderr).toContain('missing.csv: cannot read the file (ENOENT)');
  });
});

describe('funnelcast metrics <file> [options]', () => {
  // Lifecycle stages by their English names: the built-in model is recognised.
  const deals = () =>
    write(
      'lifecycle.csv',
      'id,stage,status,region,created_at\nA,Potential,open,East,2024-01-01\nB,Qualified,lost,East,2024-01-02\nC,Feasible,open,West,2024-01-03\nD,Won,won,West,2024-01-04\n',
    );

  it('prints the stages and the funnel with the field names the issue fixes', () => {
    const { code, stdout } = funnelcast('metrics', deals());
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.stages.map((s: { name: string }) => s.name)).toEqual([
      'Potential',
      'Qualified',
      'Feasible',
      'Target',
    ]);
    // Furthest stages: A 1, B 2, C 3, D 4 (won: every stage). Pass rates 3/4, 2/3, 1/2, 1/1.
    expect(json.funnel).toEqual([
      {
        stage: 'Potential',
        reached: 4,
        amount: 0,
        passRate: 0.75,
        cumulative: 1,
        lost: 0,
        open: 1,
        medianDays: null,
      },
      {
        stage: 'Qualified',
        reached: 3,
        amount: 0,
        passRate: 2 / 3,
        cumulative: 0.75,
        lost: 1,
        open: 0,
        medianDays: null,
      },
      {
        stage: 'Feasible',
        reached: 2,
        amount: 0,
        passRate: 0.5,
        cumulative: 0.5,
        lost: 0,
        open: 1,
        medianDays: null,
      },
      {
        stage: 'Target',
        reached: 1,
        amount: 0,
        passRate: 1,
        cumulative: 0.25,
        lost: 0,
        open: 0,
        medianDays: null,
      },
    ]);
  });

  it('takes --stages, --where and --strict', () => {
    const { code, stdout } = funnelcast(
      'metrics',
      deals(),
      '--stages',
      'Potential,Feasible',
      '--where',
      'region=West',
      '--strict',
    );
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    // West: C at Feasible (open), D won. Strictly, both were seen at Potential (S1) and C at
    // Feasible; D, without history, only at S1, so it did not pass to Feasible.
    expect(
      json.funnel.map((f: { stage: string; reached: number }) => [f.stage, f.reached]),
    ).toEqual([
      ['Potential', 2],
      ['Feasible', 1],
    ]);
  });

  it('exits 2 on a bad --where', () => {
    const { code, stderr } = funnelcast('metrics', deals(), '--where', 'colour=red');
    expect(code).toBe(2);
    expect(stderr).toContain('--where expects segment=value');
  });
});

describe('funnelcast metrics … --preset --prior', () => {
  it('adds win rates with their interval, preset and calibration, and Brier scores', () => {
    const file = write(
      'rates.csv',
      'id,stage,status\nA,Potential,won\nB,Potential,lost\nC,Qualified,lost\nD,Won,won\n',
    );
    const { code, stdout } = funnelcast(
      'metrics',
      file,
      '--stages',
      'Potential,Qualified',
      '--preset',
      'Potential=0.5,Qualified=0.4',
      '--prior',
      '2',
    );
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    // A won while at Potential counts as reaching every stage (won now). Furthest: A 2, B 1, C 2,
    // D 2. Potential: won A, D of 4 closed; Qualified: won A, D of A, C, D = 3.
    // Calibrated with m = 2: (2 + 2·0.5) / 6 = 0.5 and (2 + 2·0.4) / 5 = 0.56.
    expect(
      json.winRates.map((w: Record<string, unknown>) => [
        w.stage,
        w.won,
        w.closed,
        w.rate,
        w.preset,
        w.calibrated,
      ]),
    ).toEqual([
      ['Potential', 2, 4, 0.5, 0.5, 0.5],
      ['Qualified', 2, 3, 2 / 3, 0.4, expect.closeTo(0.56, 12)],
    ]);
    expect(Object.keys(json.brier)).toEqual(['preset', 'observed', 'calibrated']);
  });

  it('exits 2 on a preset outside 0–1', () => {
    const { code, stderr } = funnelcast(
      'metrics',
      write('p.csv', 'id,stage\nA,Won\n'),
      '--preset',
      'X=2',
    );
    expect(code).toBe(2);
    expect(stderr).toContain('--preset expects');
  });
});

describe('funnelcast metrics … --period --rates --runs --seed --target', () => {
  // Presets Potential 0.2, Qualified 0.5. On 2024-06-30: A (100 at Potential) closes in July, B
  // (200 at Qualified) in November, C (50 at Potential) closed in May and is overdue.
  const file = () =>
    write(
      'forecast.csv',
      'id,stage,status,amount,close_date\nA,Potential,open,100,2024-07-10\nB,Qualified,open,200,2024-11-05\nC,Potential,open,50,2024-05-01\nD,Won,won,80,2024-03-01\n',
    );
  const args = (...more: string[]) => [
    'metrics',
    file(),
    '--stages',
    'Potential,Qualified',
    '--preset',
    'Potential=0.2,Qualified=0.5',
    '--rates',
    'preset',
    '--as-of',
    '2024-06-30',
    '--runs',
    '4000',
    '--seed',
    '5',
    ...more,
  ];

  it('adds the weighted pipeline and the simulated range per quarter, the same for a seed', () => {
    const first = funnelcast(...args('--target', '100'));
    expect(first.code).toBe(0);
    const json = JSON.parse(first.stdout);
    // Q2 (the as-of quarter) holds nothing; Q3 weighs 100 · 0.2 = 20; Q4 200 · 0.5 = 100.
    expect(
      json.forecast.map((r: Record<string, number>) => [r.period, r.open, r.amount, r.weighted]),
    ).toEqual([
      ['2024-Q2', 0, 0, 0],
      ['2024-Q3', 1, 100, 20],
      ['2024-Q4', 1, 200, 100],
    ]);
    // Q3 is 100 won one time in five: P10 = P50 = 0, P90 = 100 (type 7 over 4,000 runs).
    expect(json.forecast[1]).toMatchObject({ p10: 0, p50: 0, p90: 100 });
    // The mean of 4,000 runs: 20 ± 4 · √(100² · 0.16 / 4000) ≈ 20 ± 2.5.
    expect(Math.abs(json.forecast[1].mean - 20)).toBeLessThan(2.6);
    expect(json.forecastExcluded).toEqual({
      overdue: { open: 1, amount: 50, weighted: 10 },
      noCloseDate: { open: 0, amount: 0, weighted: 0 },
      noAmount: 0,
      noRate: 0,
    });
    // Without stage history there is no past pipeline to rebuild: the backtest says why.
    expect(json.backtest).toEqual([]);
    expect(json.mape).toBeNull();
    expect(json.backtestUnavailable).toBe('no-history');
    // The target is read in the as-of quarter, where nothing closes.
    expect(json.target).toEqual({ amount: 100, period: '2024-Q2', probability: 0 });
    expect(funnelcast(...args('--target', '100')).stdout).toBe(first.stdout);
  });

  it('forecasts by month with --period month', () => {
    const json = JSON.parse(funnelcast(...args('--period', 'month')).stdout);
    expect(json.forecast.map((r: { period: string }) => r.period)).toEqual([
      '2024-06',
      '2024-07',
      '2024-08',
      '2024-09',
      '2024-10',
      '2024-11',
    ]);
  });

  it('exits 2 on an unknown rate set or a run count of 0', () => {
    expect(funnelcast(...args('--rates', 'magic')).stderr).toContain('--rates expects');
    const runs = funnelcast('metrics', file(), '--runs', '0');
    expect(runs.code).toBe(2);
    expect(runs.stderr).toContain('--runs expects a whole number from 1 to 100000');
  });

  it('reads a gzipped export', () => {
    const path = join(folder, 'forecast.csv.gz');
    writeFileSync(path, gzipSync(readFileSync(file())));
    const { code, stdout } = funnelcast('metrics', path, '--runs', '100');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).cohort.total).toBe(4);
  });
});

describe('funnelcast metrics … --ahp FILE.json', () => {
  // Amounts 1–4 and 6,000,000 bin to quintile scores 1–5 (each value beats L others: s = 1 + L);
  // urgency and importance hold 1–5 already and are taken as given.
  const deals = () =>
    write(
      'graded.csv',
      'id,stage,status,amount,urgency,importance\na,Won,won,1,5,5\nb,Lost,lost,2,4,5\nc,Lost,lost,3,3,1\nd,Won,won,4,2,1\ne,Potential,open,6000000,1,1\n',
    );
  const ahp = write(
    'ahp.json',
    JSON.stringify({
      indicators: ['amount', 'urgency', 'importance'],
      matrix: [
        [1, 3, 5],
        ['1/3', 1, 2],
        ['1/5', '1/2', 1],
      ],
      rules: [{ indicator: 'amount', op: '>=', value: 5000000, grade: 'A' }],
      cutoffs: { A: 4, B: 3, C: 2 },
    }),
  );

  it('grades with the matrix, the rule and the cut-offs, and reports the distribution', () => {
    const { code, stdout, stderr } = funnelcast('metrics', deals(), '--ahp', ahp);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { grades } = JSON.parse(stdout);
    // Saaty's matrix: w ≈ 0.648, 0.230, 0.122 with CR ≈ 0.003.
    expect(grades.weights.amount).toBeCloseTo(0.648, 3);
    expect(grades.weights.urgency).toBeCloseTo(0.23, 2);
    expect(grades.weights.importance).toBeCloseTo(0.122, 3);
    expect(grades.cr).toBeCloseTo(0.003, 3);
    // Scores: a 0.648 + 5·0.230 + 5·0.122 ≈ 2.41 (C), b ≈ 2.83 (C), c ≈ 2.76 (C), d ≈ 3.17 (B);
    // e scores ≈ 3.59 (B) but the rule makes it A.
    expect(
      grades.distribution.map((r: Record<string, unknown>) => [
        r.grade,
        r.count,
        r.amount,
        r.won,
        r.closed,
        r.winRate,
      ]),
    ).toEqual([
      ['A', 1, 6000000, 0, 0, null],
      ['B', 1, 4, 1, 1, 1],
      ['C', 3, 6, 1, 3, 1 / 3],
      ['D', 0, 0, 0, 0, null],
    ]);
    expect(grades.graded).toBe(5);
  });

  it('exits 2 naming the file and the field when the matrix is not reciprocal', () => {
    const bad = write(
      'bad-ahp.json',
      JSON.stringify({
        indicators: ['amount', 'urgency'],
        matrix: [
          [1, 3],
          [3, 1],
        ],
      }),
    );
    const { code, stderr } = funnelcast('metrics', deals(), '--ahp', bad);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toMatch(/^funnelcast: --ahp .*bad-ahp\.json: "matrix"/);
  });

  it('exits 2 naming the file when its scope stage is past the stages of the data', () => {
    // Won, Lost and Potential alone: the stages are the method's four, so there is no fifth.
    const late = write(
      'late-scope-ahp.json',
      JSON.stringify({
        indicators: ['amount', 'urgency'],
        matrix: [
          [1, 2],
          ['1/2', 1],
        ],
        scopeStage: 5,
      }),
    );
    const { code, stdout, stderr } = funnelcast('metrics', deals(), '--ahp', late);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^funnelcast: --ahp .*late-scope-ahp\.json: scopeStage: 5 is past the last open stage \(4\)\n$/,
    );
  });
});
