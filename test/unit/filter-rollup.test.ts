import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Row, SqlValue } from '../../src/lib/db/database.ts';
import { openNodeDatabase } from '../../src/lib/db/node-database.ts';
import { PivotReads } from '../../src/lib/db/pivot-reads.ts';
import type { CohortFilter } from '../../src/lib/metrics/cohort.ts';
import { forgetShownReads, preparePivots } from '../../src/lib/metrics/filter-rollup.ts';
import { PIVOT, PivotIndex } from '../../src/lib/metrics/pivot-index.ts';
import { defaultForecastSettings } from '../../src/lib/metrics/forecast/forecast-settings.ts';
import { forecastPipeline } from '../../src/lib/metrics/forecast/forecast.ts';
import { computeVelocity } from '../../src/lib/metrics/forecast/velocity.ts';
import { defaultSetup } from '../../src/lib/metrics/grades/grading-setup.ts';
import { scorePairs } from '../../src/lib/metrics/grades/grade-summary-sql.ts';
import {
  buildGrades,
  computeGradeBySegment,
  computeGrades,
} from '../../src/lib/metrics/grades/grades.ts';
import { computeFunnel, type FunnelResult } from '../../src/lib/metrics/funnel.ts';
import { computeOverview } from '../../src/lib/metrics/overview-data.ts';
import { computeSegmentFunnels, computeStageFlow } from '../../src/lib/metrics/segment-funnels.ts';
import { computeWinRateBreakdowns } from '../../src/lib/metrics/win-rate-breakdowns.ts';
import { computeWinRates } from '../../src/lib/metrics/win-rates.ts';
import { loadSixDeals, stageModel } from '../fixtures/six-deals.ts';

const ABC = stageModel(['A', 'B', 'C'], [0.2, 0.5, 0.8]);
/** Graded on the one indicator the six deals carry: their amount. */
const setup = defaultSetup(['amount']);

describe('PivotIndex.of(rows, sums).rollUp(values)', () => {
  const rows: Row[] = [
    { stage: 'A', [PIVOT]: 'East', n: 2, amount: 10 },
    { stage: 'A', [PIVOT]: 'West', n: 1, amount: null },
    { stage: 'B', [PIVOT]: 'West', n: 4, amount: 5 },
    { stage: 'A', [PIVOT]: null, n: 7, amount: 1 },
  ];
  const index = PivotIndex.of(rows, ['n', 'amount']);

  it('adds up the groups of the kept values by their other keys, nulls left out of sums', () => {
    expect(index.rollUp(['East', 'West'])).toEqual([
      { stage: 'A', n: 3, amount: 10 },
      { stage: 'B', n: 4, amount: 5 },
    ]);
    // Only nulls add up to null, as SQL's sum.
    expect(index.rollUp(['West'])).toEqual([
      { stage: 'A', n: 1, amount: null },
      { stage: 'B', n: 4, amount: 5 },
    ]);
  });

  it('keeps every group without a filter on the field, and none for a value not there', () => {
    // Deals without a value of the field (null) count only when it is not filtered on.
    expect(index.rollUp(undefined)).toEqual([
      { stage: 'A', n: 10, amount: 11 },
      { stage: 'B', n: 4, amount: 5 },
    ]);
    // The filter bar leaves an empty list once the field's last chip is removed.
    expect(index.rollUp([])).toEqual(index.rollUp(undefined));
    expect(index.rollUp(['North'])).toEqual([]);
    expect(PivotIndex.of([], ['n']).rollUp(['East'])).toEqual([]);
  });

  it('keys groups on every other column, nulls included, in the order they first come', () => {
    const keyed = PivotIndex.of(
      [
        { stage: 'B', quarter: null, [PIVOT]: 'East', n: 1 },
        { stage: 'A', quarter: '2024-Q1', [PIVOT]: 'West', n: 2 },
        { stage: 'A', quarter: '2024-Q1', [PIVOT]: 'East', n: 3 },
        { stage: 'B', quarter: null, [PIVOT]: 'West', n: 4 },
        // A null key is not the text 'null', nor one key the other's halves.
        { stage: 'B', quarter: 'null', [PIVOT]: 'West', n: 5 },
      ],
      ['n'],
    );
    expect(keyed.rollUp(['West'])).toEqual([
      { stage: 'A', quarter: '2024-Q1', n: 2 },
      { stage: 'B', quarter: null, n: 4 },
      { stage: 'B', quarter: 'null', n: 5 },
    ]);
    expect(keyed.rollUp(undefined).map((row) => row.n)).toEqual([5, 5, 5]);
  });
});

describe('scorePairs(rows)', () => {
  it('counts the Mann–Whitney pairs from the won and lost deals per score', () => {
    // Sorted: 0.5 (2 lost) adds nothing; 1 (1 won, 1 lost) adds 1 · (2 + ½) = 2.5; 2 (2 won)
    // adds 2 · (3 + 0) = 6: 8.5 pairs of 3 · 3 (an AUC of 8.5 / 9).
    const rows = [
      { score: 1, won: 1, lost: 1 },
      { score: 2, won: 2, lost: 0 },
      { score: 0.5, won: 0, lost: 2 },
    ];
    expect(scorePairs(rows)).toEqual([{ pairs: 8.5, won: 3, lost: 3 }]);
    expect(scorePairs([])).toEqual([{ pairs: 0, won: 0, lost: 0 }]);
  });
});

describe('queryRollup: the views answered from pivot reads run ahead', () => {
  let native: Database;
  beforeAll(async () => {
    native = await openNodeDatabase();
    await loadSixDeals(native, ABC);
    await buildGrades(native, setup, ABC);
  });
  afterAll(() => native.close());

  /** A database that runs pivot reads ahead, and the SQL of every read it sent to DuckDB. */
  function pivoting() {
    const sent: string[] = [];
    const query = <T extends Row>(sql: string, params?: SqlValue[]) => {
      sent.push(sql);
      return native.query<T>(sql, params);
    };
    const db: Database = { ...native, query, pivots: new PivotReads(query) };
    return { db, sent };
  }

  /** What each view reads through `queryRollup` under `filter`, and the rollup reads it makes. */
  const VIEWS = {
    // By stage and quarter, by day closed, open 90 days before, the pipeline, the stage counts.
    overview: {
      reads: 5,
      show: (db: Database, filter: CohortFilter) =>
        computeOverview(db, {
          filter,
          model: ABC,
          asOf: '2024-01-31',
          forecast: defaultForecastSettings(),
          winRates: {},
        }),
    },
    // Reach, days in stage, the flow, the funnel by status.
    funnel: {
      reads: 4,
      show: async (db: Database, filter: CohortFilter) => [
        await computeFunnel(db, ABC, filter, { asOf: '2024-01-31' }),
        await computeStageFlow(db, filter),
        await computeSegmentFunnels(db, ABC, filter, 'status'),
      ],
    },
    // By stage and side of the cut, by status, by quarter closed.
    winRates: {
      reads: 3,
      show: async (db: Database, filter: CohortFilter) => {
        const winRates = await computeWinRates(db, ABC, filter, {});
        const overall = winRates.stages.map((s) => s.calibrated);
        const breakdowns = await computeWinRateBreakdowns(db, ABC, filter, {
          segment: 'status',
          prior: 10,
          strict: false,
          overall,
        });
        return { winRates, breakdowns };
      },
    },
    // The stage counts, the pipeline, the deals by status for the sales velocity.
    forecast: {
      reads: 3,
      show: async (db: Database, filter: CohortFilter) => [
        await forecastPipeline(db, ABC, filter, defaultForecastSettings(), '2024-01-31'),
        await computeVelocity(db, filter),
      ],
    },
    // By grade, class, tier, status and stage; won and lost per score; by status and grade.
    grades: {
      reads: 3,
      show: async (db: Database, filter: CohortFilter) => [
        await computeGrades(db, setup, filter),
        await computeGradeBySegment(db, 'status', filter),
      ],
    },
  };

  const east: CohortFilter = { where: { region: ['East'] } };
  const both: CohortFilter = { where: { region: ['East', 'West'] } };

  it.each(Object.entries(VIEWS))(
    '%s: gives what DuckDB gives, for one value, two, and none, without those reads',
    async (_, view) => {
      const { db, sent } = pivoting();
      await view.show(db, {});
      sent.length = 0;
      await preparePivots(db, {}, 'region');
      expect(sent).toHaveLength(view.reads);
      expect(sent.every((sql) => sql.includes(`"region"::VARCHAR AS ${PIVOT}`))).toBe(true);
      for (const filter of [east, both, {}, { where: { region: [] } }]) {
        sent.length = 0;
        expect(await view.show(db, filter)).toEqual(await view.show(native, filter));
        expect(sent.filter((sql) => sql.includes('/* cohort */'))).toEqual([]);
      }
    },
  );

  it('runs ahead the reads of the view shown last, not those of the views before', async () => {
    const { db, sent } = pivoting();
    await VIEWS.overview.show(db, {});
    await VIEWS.funnel.show(db, {});
    sent.length = 0;
    // The Overview's five and the Funnel's four, up to the eight kept.
    await preparePivots(db, {}, 'region');
    expect(sent).toHaveLength(8);
    forgetShownReads(db);
    await VIEWS.winRates.show(db, {});
    sent.length = 0;
    await preparePivots(db, {}, 'industry');
    expect(sent).toHaveLength(VIEWS.winRates.reads);
  });

  it('counts the deals by hand: East holds o1 (won, 100), o2 and o5 (lost)', async () => {
    const { db } = pivoting();
    await VIEWS.overview.show(db, {});
    await VIEWS.funnel.show(db, {});
    await preparePivots(db, {}, 'region');
    const overview = await VIEWS.overview.show(db, east);
    const [funnel] = await VIEWS.funnel.show(db, east);
    expect(overview.kpis).toMatchObject({ total: 3, open: 0, won: 1, lost: 2, won_amount: 100 });
    // o1 and o2 reached C through their history, o5 kept stage C: all three reached every stage.
    expect((funnel as FunnelResult).stages.map((s) => s.reached)).toEqual([3, 3, 3]);
    const whole = await VIEWS.overview.show(db, both);
    // West adds o3 (open, 300), o6 (open, 10) and o4 (lost, no amount).
    expect(whole.kpis).toMatchObject({ total: 6, open: 2, open_amount: 310, lost: 3 });
  });

  it('reads DuckDB again under a filter on another field, and after the data changes', async () => {
    const { db, sent } = pivoting();
    await VIEWS.funnel.show(db, {});
    await preparePivots(db, {}, 'region');
    sent.length = 0;
    const open: CohortFilter = { where: { status: ['open'] } };
    expect(await VIEWS.funnel.show(db, open)).toEqual(await VIEWS.funnel.show(native, open));
    expect(sent.some((sql) => sql.includes('"status" IN (?)'))).toBe(true);
    db.pivots!.clear('opp_progress');
    sent.length = 0;
    await VIEWS.funnel.show(db, east);
    expect(sent.some((sql) => sql.includes('"region" IN (?)'))).toBe(true);
  });
});
