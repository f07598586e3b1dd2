import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import { BREAKDOWN_SEGMENTS, FILTER_SEGMENTS } from '../../src/lib/metrics/cohort.ts';
import { buildGrades } from '../../src/lib/metrics/grades/grades.ts';
import { defaultSetup } from '../../src/lib/metrics/grades/grading-setup.ts';
import { presentIndicators } from '../../src/lib/metrics/grades/present-indicators.ts';
import {
  segmentPresence,
  segmentsWithData,
  shownBreakdown,
  type SegmentPresence,
} from '../../src/lib/metrics/segment-presence.ts';
import { buildStageProgress } from '../../src/lib/metrics/stage-progress.ts';
import { chooseStageModel } from '../../src/lib/model/infer-stage-order.ts';
import { utf8 } from '../helpers/db.ts';
import { ENGINES } from '../helpers/engines.ts';

// Three deals: two owners, one team for all, a region column left blank, no source column.
const DEALS = `id,stage,owner,team,region,created_at
a,Qualification,Ann,East,,2024-01-10
b,Closed Won,Bo,East,,2024-02-01
c,Closed Lost,Ann,East,,2024-04-02
`;

describe.each(ENGINES)('segment presence on %s', (_engine, open) => {
  let db: Database;
  let presence: SegmentPresence;
  beforeAll(async () => {
    db = await open();
    await importDataset(db, { opportunities: { fileName: 'deals.csv', bytes: utf8(DEALS) } });
    const { model } = await chooseStageModel(db);
    await buildStageProgress(db, model);
    await buildGrades(db, defaultSetup(await presentIndicators(db)), model);
    presence = await segmentPresence(db);
  });
  afterAll(() => db.close());

  it('counts no value, one, or two and more per segment, and the share of deals that give one', () => {
    const values = (segment: keyof SegmentPresence) => presence[segment]?.values;
    expect(values('owner')).toBe(2); // Ann, Bo
    expect(values('team')).toBe(1); // East only
    expect(values('region')).toBe(0); // the column is there but blank
    expect(values('source')).toBe(0); // no such column
    expect(values('stage')).toBe(2);
    expect(values('status')).toBe(2); // open, won, lost
    expect(values('created_quarter')).toBe(2); // 2024-Q1 and 2024-Q2
    expect(values('created_month')).toBe(2);
    expect(presence.owner?.filled).toBe(1);
    expect(presence.region?.filled).toBe(0);
  });

  it('offers only the segments the data fills', () => {
    const offered = segmentsWithData(FILTER_SEGMENTS, presence);
    expect(offered).toContain('owner');
    expect(offered).toContain('team');
    expect(offered).toContain('stage');
    expect(offered).not.toContain('region');
    expect(offered).not.toContain('source');
  });

  it('shows the first breakdown that splits the deals when the chosen one is blank', () => {
    expect(shownBreakdown('region', presence)).toBe('owner');
    // A chosen field with values stays, even a single one.
    expect(shownBreakdown('team', presence)).toBe('team');
    // None chosen: the region is blank, the owner filled on every deal and split between two.
    expect(shownBreakdown(null, presence)).toBe('owner');
  });
});

/** A segment with `values` distinct values (2: two or more) on a `filled` share of the deals. */
const seg = (values: 0 | 1 | 2, filled: number) => ({ values, filled });

describe('segment presence before it is known', () => {
  it('offers every segment and keeps the chosen breakdown', () => {
    expect(segmentsWithData(BREAKDOWN_SEGMENTS, {})).toEqual(BREAKDOWN_SEGMENTS);
    expect(shownBreakdown('region', {})).toBe('region');
    expect(shownBreakdown(null, {})).toBe('region');
  });

  it('falls back to a single-valued field when none splits the deals', () => {
    expect(shownBreakdown('region', { region: seg(0, 0), owner: seg(0, 0), team: seg(1, 1) })).toBe(
      'team',
    );
    expect(shownBreakdown('region', { region: seg(0, 0) })).toBe('region');
    expect(shownBreakdown(null, { region: seg(0, 0), owner: seg(0, 0), team: seg(1, 1) })).toBe(
      'team',
    );
  });
});

describe('the breakdown shown when none is chosen', () => {
  it('is the region where half the deals or more give one', () => {
    expect(shownBreakdown(null, { region: seg(2, 0.5), owner: seg(2, 1) })).toBe('region');
  });

  it('is the splitting segment most deals fill where the region is mostly blank', () => {
    // The Salesforce Data Loader sample: 3 of 31 deals in a region, every one with an owner.
    expect(shownBreakdown(null, { region: seg(2, 3 / 31), owner: seg(2, 1) })).toBe('owner');
    expect(
      shownBreakdown(null, { region: seg(2, 0.4), owner: seg(2, 0.7), team: seg(2, 0.8) }),
    ).toBe('team');
    // One region for all says nothing either.
    expect(shownBreakdown(null, { region: seg(1, 1), source: seg(2, 0.6) })).toBe('source');
  });

  it('gives way to a breakdown chosen, however blank', () => {
    expect(shownBreakdown('region', { region: seg(2, 0.1), owner: seg(2, 1) })).toBe('region');
  });
});
