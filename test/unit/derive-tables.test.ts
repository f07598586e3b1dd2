import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import { deriveTables, gradeOpportunities } from '../../src/lib/metrics/derive-tables.ts';
import { defaultSetup } from '../../src/lib/metrics/grades/grading-setup.ts';
import { DEALS, HISTORY, stageModel } from '../fixtures/six-deals.ts';
import { utf8 } from '../helpers/db.ts';
import { ENGINES } from '../helpers/engines.ts';

const model = stageModel(['A', 'B', 'C']);

/**
 * The one derivation the page and the command line share. The six deals' only grading indicator
 * is their amount, scored by quintile over the five that have one (o4 has none): 10 (o6) → 1,
 * 50 (o5) → 2, 100 (o1) → 3, 200 (o2) → 4, 300 (o3) → 5, each beating as many as its rank.
 */
describe.each(ENGINES)('deriveTables on %s', (_engine, open) => {
  let db: Database;
  const perDeal = () =>
    db.query<{ id: string; score: number | null; grade: string | null; in_scope: boolean }>(
      'SELECT id, score, grade, in_scope FROM opp_progress ORDER BY id',
    );

  beforeAll(async () => {
    db = await open();
    await importDataset(db, {
      opportunities: { fileName: 'deals.csv', bytes: utf8(DEALS) },
      history: { fileName: 'history.csv', bytes: utf8(HISTORY) },
    });
  });
  afterAll(() => db.close());

  it('derives the per-deal table and grades it with the default setup of the data', async () => {
    const { setup, gradesError } = await deriveTables(db, model, {
      useHistory: true,
      grading: null,
    });
    expect(gradesError).toBeNull();
    expect(setup).toEqual(defaultSetup(['amount']));
    const rows = await perDeal();
    expect(rows.map((r) => [r.id, r.score, r.in_scope])).toEqual([
      ['o1', 3, true],
      ['o2', 4, true],
      ['o3', 5, true],
      ['o4', null, true],
      ['o5', 2, true],
      ['o6', 1, true],
    ]);
  });

  it('leaves every deal ungraded, and says why, when the setup asks for a stage past the model', async () => {
    const late = { ...defaultSetup(['amount']), scopeStage: 4 };
    const { setup, gradesError } = await deriveTables(db, model, {
      useHistory: true,
      grading: late,
    });
    expect(setup).toBe(late);
    expect(gradesError).toBe('scopeStage: 4 is past the last open stage (3)');
    expect((await perDeal()).map((r) => [r.id, r.score, r.grade, r.in_scope])).toEqual(
      ['o1', 'o2', 'o3', 'o4', 'o5', 'o6'].map((id) => [id, null, null, false]),
    );
    const counted = await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM opp_grades');
    expect(counted).toEqual([{ n: 6 }]);
  });

  it('grades again over the same per-deal table once the setup fits', async () => {
    const third = { ...defaultSetup(['amount']), scopeStage: 3 };
    expect((await gradeOpportunities(db, third, model)).gradesError).toBeNull();
    // Furthest stages: o1, o2 and o5 reached C; o3 B, o4 and o6 A.
    expect((await perDeal()).map((r) => [r.id, r.in_scope])).toEqual([
      ['o1', true],
      ['o2', true],
      ['o3', false],
      ['o4', false],
      ['o5', true],
      ['o6', false],
    ]);
  });
});
