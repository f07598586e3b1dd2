import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Row } from '../../src/lib/db/database.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import {
  QUANTILE_CUTOFFS,
  type GradingSetup,
  type Indicator,
} from '../../src/lib/metrics/grades/grading-setup.ts';
import {
  buildGrades,
  computeGradeBySegment,
  computeGrades,
  gradesOrdered,
  type GradeRow,
} from '../../src/lib/metrics/grades/grades.ts';
import { buildStageProgress } from '../../src/lib/metrics/stage-progress.ts';
import { stageModel } from '../fixtures/six-deals.ts';
import { utf8 } from '../helpers/db.ts';
import { ENGINES } from '../helpers/engines.ts';
import { gradeRow } from '../helpers/metric-rows.ts';

/**
 * Twelve deals through stages A, B, C, without history. Furthest stage: open deals their stage,
 * won deals 3, d2 and d8 (lost, no stage kept) 1, d9 (lost, kept B) 2.
 *
 * Scores over all twelve (scope 1), "worse" counted with the value itself among the equal ones:
 * - amount (quintile, n = 9, d5 d11 d12 blank): 100 → ⌊5·0.5/9⌋ = 0 → 1; 200 (two) → ⌊5·2/9⌋ → 2;
 *   300 → ⌊5·3.5/9⌋ → 2; 400 → ⌊5·4.5/9⌋ = 2 → 3; 500 (three) → ⌊5·6.5/9⌋ = 3 → 4;
 *   1000 → ⌊5·8.5/9⌋ = 4 → 5.
 * - urgency: every value a whole 1–5, taken as given.
 * - competition (quintile, lower is better, n = 9): 0.5 (three, 6 worse) → ⌊5·7.5/9⌋ = 4 → 5;
 *   1.5 → ⌊5·5.5/9⌋ → 4; 2.5 (two) → ⌊5·4/9⌋ → 3; 3.5 → ⌊5·2.5/9⌋ → 2; 4.5 → 1; 9.9 → 1.
 * - customer_risk: whole 1–5, lower is better: 6 − value.
 *
 * Equal weights (¼ each, renormalised over the scored ones):
 * d1 (1,1,5,5) 3 B · d2 (2,1,1,1) 1.25 D · d3 (2,3,4,4) 3.25 B · d4 (2,4,3,–) 3 B ·
 * d5 (–,5,2,3) 10/3 B · d6 (3,–,5,5) 13/3 A · d7 (4,3,5,2) 3.5 B · d8 (4,3,–,3) 10/3 B ·
 * d9 (4,2,3,1) 2.5 C · d10 (5,5,1,5) 4 A · d11 and d12 no score.
 * Rules: [amount ≥ 1000 → A, customer_risk = 5 → D, importance ≥ 5 → B]: d10 matches rules 0
 * and 2 (rule 0 wins), d2 and d9 rule 1 (d9's C becomes D), d12 rule 2 with no score at all.
 *
 * Customer classes (A ≤ 1, B ≤ 2, C ≤ 3): Tech: X (d1 500, d2 400, d12 blank → 500) and Y 500
 * share rank 1 (A), Z 300 rank 3 (C), W 100 rank 4 (D). Retail: V 50 (d6, d10) A, d11 (no
 * account: itself) 20 B, S 10 C but exports A, which wins; U has no revenue and T no industry:
 * unclassed.
 */
const CSV = `id,stage,status,amount,urgency,competition,customer_risk,importance,region,account,industry,annual_revenue,customer_class
d1,A,open,100,1,0.5,1,,East,X,Tech,500,
d2,Lost,lost,200,1,4.5,5,,East,X,Tech,400,
d3,B,open,200,3,1.5,2,,East,Y,Tech,500,
d4,C,open,300,4,2.5,,,East,Z,Tech,300,
d5,Won,won,,5,3.5,3,,East,W,Tech,100,
d6,A,open,400,,0.5,1,,East,V,Retail,50,
d7,Won,won,500,3,0.5,4,,West,U,Retail,,
d8,Lost,lost,500,3,,3,,West,T,,1000,
d9,B,lost,500,2,2.5,5,,West,S,Retail,10,A
d10,Won,won,1000,5,9.9,1,5,West,V,Retail,50,
d11,A,open,,,,,,West,,Retail,20,
d12,C,open,,,,,5,West,X,Tech,,
`;

const model = stageModel(['A', 'B', 'C']);
const INDICATORS: Indicator[] = ['amount', 'urgency', 'competition', 'customer_risk'];
const ones = INDICATORS.map(() => INDICATORS.map(() => 1));

function setup(overrides: Partial<GradingSetup> = {}): GradingSetup {
  return {
    groups: [{ name: 'all', indicators: INDICATORS, matrix: ones }],
    groupMatrix: [[1]],
    directions: {
      amount: 'higher',
      urgency: 'higher',
      importance: 'higher',
      difficulty: 'lower',
      competition: 'lower',
      customer_value: 'higher',
      customer_risk: 'lower',
      customer_activity: 'higher',
    },
    rules: [
      { indicator: 'amount', op: '>=', value: 1000, grade: 'A' },
      { indicator: 'customer_risk', op: '=', value: 5, grade: 'D' },
      { indicator: 'importance', op: '>=', value: 5, grade: 'B' },
    ],
    cutoffs: { mode: 'score', A: 4, B: 3, C: 2 },
    scopeStage: 1,
    classThresholds: { A: 1, B: 2, C: 3 },
    industryTiers: {},
    ...overrides,
  };
}

interface GradeTableRow extends Row {
  id: string;
  score: number | null;
  grade: string | null;
  rule: number | null;
  customer_class: string | null;
  class_source: string | null;
  industry_tier: string | null;
  s_amount: number | null;
  s_urgency: number | null;
  s_competition: number | null;
  s_customer_risk: number | null;
}

const byId = (rows: GradeTableRow[]) => Object.fromEntries(rows.map((r) => [r.id, r]));

const counts = (rows: GradeRow[]) => rows.map((r) => [r.grade, r.count, r.amount]);

describe.each(ENGINES)('grades on %s', (_engine, open) => {
  let db: Database;
  const table = async () =>
    byId(await db.query<GradeTableRow>('SELECT * FROM opp_grades ORDER BY id'));

  beforeAll(async () => {
    db = await open();
    await importDataset(db, { opportunities: { fileName: 'deals.csv', bytes: utf8(CSV) } });
    await buildStageProgress(db, model);
  });
  afterAll(() => db.close());

  it('scores by quintile with ties and blanks, as given, and with the direction reversed', async () => {
    await buildGrades(db, setup(), model);
    const t = await table();
    const column = (name: keyof GradeTableRow) =>
      ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8', 'd9', 'd10', 'd11', 'd12'].map(
        (id) => t[id]?.[name],
      );
    expect(column('s_amount')).toEqual([1, 2, 2, 2, null, 3, 4, 4, 4, 5, null, null]);
    expect(column('s_urgency')).toEqual([1, 1, 3, 4, 5, null, 3, 3, 2, 5, null, null]);
    expect(column('s_competition')).toEqual([5, 1, 4, 3, 2, 5, 5, null, 3, 1, null, null]);
    expect(column('s_customer_risk')).toEqual([5, 1, 4, null, 3, 5, 2, 3, 1, 5, null, null]);
    const scores = column('score') as Array<number | null>;
    const expected = [3, 1.25, 3.25, 3, 10 / 3, 13 / 3, 3.5, 10 / 3, 2.5, 4, null, null];
    expected.forEach((x, i) =>
      x === null ? expect(scores[i]).toBeNull() : expect(scores[i]).toBeCloseTo(x, 8),
    );
  });

  it('reverses a quintile when the direction is flipped', async () => {
    const directions = { ...setup().directions, competition: 'higher' as const };
    await buildGrades(db, setup({ directions }), model);
    const t = await table();
    // 9.9 is now the best (8 worse → ⌊5·8.5/9⌋ = 4 → 5); 0.5 the worst (⌊5·1.5/9⌋ = 0 → 1).
    expect(t.d10?.s_competition).toBe(5);
    expect(t.d1?.s_competition).toBe(1);
  });

  it('grades by cut-offs, with rules applied in order overriding the score', async () => {
    await buildGrades(db, setup(), model);
    const t = await table();
    expect(Object.values(t).map((r) => [r.id, r.grade, r.rule])).toEqual([
      ['d1', 'B', null],
      ['d10', 'A', 0],
      ['d11', null, null],
      ['d12', 'B', 2],
      ['d2', 'D', 1],
      ['d3', 'B', null],
      ['d4', 'B', null],
      ['d5', 'B', null],
      ['d6', 'A', null],
      ['d7', 'B', null],
      ['d8', 'B', null],
      ['d9', 'D', 1],
    ]);
  });

  it('grades by quantile: top 20 % A, next 30 % B, next 30 % C, the rest D', async () => {
    await buildGrades(db, setup({ rules: [], cutoffs: { ...QUANTILE_CUTOFFS } }), model);
    const t = await table();
    // Ten scored, best first: d6 d10 | d7 d5 d8 (tied) | d3 d1 d4 (tied) | d9 d2.
    const grade = (ids: string[]) => ids.map((id) => t[id]?.grade);
    expect(grade(['d6', 'd10'])).toEqual(['A', 'A']);
    expect(grade(['d7', 'd5', 'd8'])).toEqual(['B', 'B', 'B']);
    expect(grade(['d3', 'd1', 'd4'])).toEqual(['C', 'C', 'C']);
    expect(grade(['d9', 'd2', 'd11', 'd12'])).toEqual(['D', 'D', null, null]);
  });

  it('grades only deals in scope, scoring over those alone', async () => {
    await buildGrades(db, setup({ scopeStage: 2 }), model);
    const t = await table();
    // In scope (furthest ≥ 2): d3 d4 d5 d7 d9 d10 d12. Amounts n = 5: 200 → ⌊5·0.5/5⌋ → 1,
    // 300 → ⌊1.5⌋ → 2, 500 (two) → ⌊5·3/5⌋ = 3 → 4, 1000 → ⌊4.5⌋ → 5.
    expect(['d3', 'd4', 'd7', 'd9', 'd10'].map((id) => t[id]?.s_amount)).toEqual([1, 2, 4, 4, 5]);
    for (const id of ['d1', 'd2', 'd6', 'd8', 'd11']) {
      expect(t[id]).toMatchObject({ grade: null, score: null, rule: null, s_amount: null });
    }
    // d3: (1, 3, 4, 4) → 3; competition over six values: 1.5 has 4 worse → ⌊5·4.5/6⌋ = 3 → 4.
    expect(t.d3).toMatchObject({ score: 3, grade: 'B', s_competition: 4 });
    const r = await computeGrades(db, setup({ scopeStage: 2 }), {});
    expect(r).toMatchObject({ graded: 7, ungraded: 5, outOfScope: 5 });
  });

  it('grades by rules alone when no indicator is weighted', async () => {
    const rulesOnly = setup({ groups: [] });
    await buildGrades(db, rulesOnly, model);
    const r = await computeGrades(db, rulesOnly, {});
    // d10 (rule 0), d2 d9 (rule 1), d12 (rule 2); nothing has a score.
    expect(counts(r.distribution)).toEqual([
      ['A', 1, 1000],
      ['B', 1, 0],
      ['C', 0, 0],
      ['D', 2, 700],
    ]);
    expect(r).toMatchObject({ graded: 4, ungraded: 8, auc: null, cr: 0, weights: {} });
  });

  it('refuses a scope past the last open stage', async () => {
    await expect(buildGrades(db, setup({ scopeStage: 4 }), model)).rejects.toThrow(/scopeStage/);
  });

  it('summarises the grade distribution with amounts, win rates and lift', async () => {
    await buildGrades(db, setup(), model);
    const r = await computeGrades(db, setup(), {});
    expect(r).toMatchObject({ graded: 11, ungraded: 1, outOfScope: 0 });
    // A: d6 400 + d10 1000; B: d1 d3 d4 d5 d7 d8 d12 (d5 and d12 blank); D: d2 200 + d9 500.
    expect(counts(r.distribution)).toEqual([
      ['A', 2, 1400],
      ['B', 7, 1600],
      ['C', 0, 0],
      ['D', 2, 700],
    ]);
    expect(r.distribution.reduce((s, g) => s + g.count, 0)).toBe(r.graded);
    expect(r.distribution.map((g) => g.missingAmount)).toEqual([0, 2, 0, 0]);
    // Closed: A d10 won; B d5 d7 won, d8 lost; D d2 d9 lost → overall 3 of 6 = ½.
    expect(r.distribution.map((g) => [g.won, g.closed, g.winRate, g.lift])).toEqual([
      [1, 1, 1, 2],
      [2, 3, 2 / 3, 4 / 3],
      [0, 0, null, null],
      [0, 2, 0, 0],
    ]);
    // Wilson 95 % for 2 of 3: [0.2077, 0.9385]; none for C.
    expect(r.distribution[1]?.low).toBeCloseTo(0.2077, 4);
    expect(r.distribution[1]?.high).toBeCloseTo(0.9385, 4);
    expect(r.distribution[2]).toMatchObject({ low: null, high: null });
    expect(r.ordered).toBe(true);
    expect(r.weights.amount).toBeCloseTo(0.25, 12);
    expect(r.cr).toBeCloseTo(0, 12);
  });

  it('measures the AUC of the score, ties counting ½', async () => {
    await buildGrades(db, setup(), model);
    const r = await computeGrades(db, setup(), {});
    // Won d5 10/3, d7 3.5, d10 4 against lost d2 1.25, d8 10/3, d9 2.5:
    // d5 beats d2 and d9 and ties d8 (2.5), d7 and d10 beat all three (3 each) → 8.5 / 9.
    expect(r.auc).toBeCloseTo(8.5 / 9, 12);
    const east = await computeGrades(db, setup(), { where: { region: ['East'] } });
    // East's closed deals: d5 won (10/3) beats d2 lost (1.25): 1 of 1 pair.
    expect(east.auc).toBe(1);
    const none = await computeGrades(db, setup(), { where: { region: ['North'] } });
    expect(none.auc).toBeNull();
    expect(none.graded).toBe(0);
    expect(none.distribution.every((g) => g.count === 0 && g.lift === null)).toBe(true);
  });

  it('keeps grades fixed under a filter: the cohort only selects', async () => {
    await buildGrades(db, setup(), model);
    const r = await computeGrades(db, setup(), { where: { region: ['East'] } });
    // East: d1 B, d2 D, d3 B, d4 B, d5 B, d6 A.
    expect(counts(r.distribution)).toEqual([
      ['A', 1, 400],
      ['B', 4, 600],
      ['C', 0, 0],
      ['D', 1, 200],
    ]);
  });

  it('classes customers by revenue rank inside the industry; an exported class wins', async () => {
    await buildGrades(db, setup(), model);
    const t = await table();
    const classOf = (id: string) => [t[id]?.customer_class, t[id]?.class_source];
    expect(classOf('d1')).toEqual(['A', 'computed']);
    expect(classOf('d2')).toEqual(['A', 'computed']); // account X: its largest revenue, 500
    expect(classOf('d12')).toEqual(['A', 'computed']); // X again, though this row has none
    expect(classOf('d3')).toEqual(['A', 'computed']); // Y ties X at 500
    expect(classOf('d4')).toEqual(['C', 'computed']); // rank 3 after the tie, not 2
    expect(classOf('d5')).toEqual(['D', 'computed']);
    expect(classOf('d6')).toEqual(['A', 'computed']);
    expect(classOf('d10')).toEqual(['A', 'computed']);
    expect(classOf('d11')).toEqual(['B', 'computed']);
    expect(classOf('d9')).toEqual(['A', 'export']); // computed would be C
    expect(classOf('d7')).toEqual([null, null]); // no revenue
    expect(classOf('d8')).toEqual([null, null]); // no industry
    const r = await computeGrades(db, setup(), {});
    expect(r.customerClasses.map((c) => [c.grade, c.count])).toEqual([
      ['A', 7],
      ['B', 1],
      ['C', 1],
      ['D', 1],
      [null, 2],
    ]);
    // Lift against the whole cohort (3 won of 6 closed): A has d2 d9 lost, d10 won → 1/3 → ⅔.
    expect(r.customerClasses[0]?.lift).toBeCloseTo(2 / 3, 12);
    // A customer-class filter sees the effective (computed) class.
    const b = await computeGrades(db, setup(), { where: { customer_class: ['B'] } });
    expect(b.graded + b.ungraded).toBe(1);
  });

  it('tiers industries by the mapping, summarises win rates per tier and filters by tier', async () => {
    // No mapping: every deal unmapped, only the null row.
    await buildGrades(db, setup(), model);
    const none = await computeGrades(db, setup(), {});
    expect(none.industryTiers.map((t) => [t.grade, t.count])).toEqual([
      ['mainstream', 0],
      ['secondary', 0],
      ['non-mainstream', 0],
      [null, 12],
    ]);
    // Tech mainstream, Retail secondary; d8 has no industry, so it stays unmapped. A name with a
    // quote shows the names go in as parameters.
    const tiers = setup({
      industryTiers: { Tech: 'mainstream', Retail: 'secondary', "O'Brien": 'non-mainstream' },
    });
    await buildGrades(db, tiers, model);
    const t = await table();
    expect(['d1', 'd6', 'd8', 'd12'].map((id) => t[id]?.industry_tier)).toEqual([
      'mainstream',
      'secondary',
      null,
      'mainstream',
    ]);
    const r = await computeGrades(db, tiers, {});
    // Tech: d1–d5, d12 (amount 100 + 200 + 200 + 300 = 800; d5 won, d2 lost).
    // Retail: d6 d7 d9 d10 d11 (400 + 500 + 500 + 1000 = 2400; d7 d10 won, d9 lost).
    // Unmapped: d8 500 lost. Whole cohort 3 won of 6 closed = ½.
    expect(r.industryTiers.map((x) => [x.grade, x.count, x.amount, x.won, x.closed])).toEqual([
      ['mainstream', 6, 800, 1, 2],
      ['secondary', 5, 2400, 2, 3],
      ['non-mainstream', 0, 0, 0, 0],
      [null, 1, 500, 0, 1],
    ]);
    expect(r.industryTiers.map((x) => [x.winRate, x.lift])).toEqual([
      [0.5, 1],
      [2 / 3, 4 / 3],
      [null, null],
      [0, 0],
    ]);
    // Wilson 95 % for 2 of 3, as for grade B above.
    expect(r.industryTiers[1]?.low).toBeCloseTo(0.2077, 4);
    const secondary = await computeGrades(db, tiers, { where: { industry_tier: ['secondary'] } });
    expect(secondary.graded + secondary.ungraded).toBe(5);
    // Grades stay fixed: Retail d6 d10 A, d7 B, d9 D, d11 ungraded.
    expect(counts(secondary.distribution)).toEqual([
      ['A', 2, 1400],
      ['B', 1, 500],
      ['C', 0, 0],
      ['D', 1, 500],
    ]);
    expect(secondary.industryTiers.map((x) => x.count)).toEqual([0, 5, 0]);
  });

  it('breaks grades down by segment and by current stage', async () => {
    await buildGrades(db, setup(), model);
    const rows = await computeGradeBySegment(db, 'region', {});
    expect(rows.map((r) => [r.segment, r.grade, r.count, r.amount, r.won, r.closed])).toEqual([
      ['East', 'A', 1, 400, 0, 0],
      ['East', 'B', 4, 600, 1, 1],
      ['East', 'D', 1, 200, 0, 1],
      ['West', 'A', 1, 1000, 1, 1],
      ['West', 'B', 3, 1000, 1, 2],
      ['West', 'D', 1, 500, 0, 1],
    ]);
    const r = await computeGrades(db, setup(), {});
    expect(r.gradeByStage.map((g) => [g.grade, g.status, g.position, g.count, g.amount])).toEqual([
      ['A', 'open', 1, 1, 400],
      ['A', 'won', null, 1, 1000],
      ['B', 'lost', null, 1, 500],
      ['B', 'open', 1, 1, 100],
      ['B', 'open', 2, 1, 200],
      ['B', 'open', 3, 2, 300],
      ['B', 'won', null, 2, 500],
      ['D', 'lost', 2, 1, 500],
      ['D', 'lost', null, 1, 200],
    ]);
  });
});

describe('gradesOrdered', () => {
  const row = (grade: GradeRow['grade'], won: number, closed: number) =>
    gradeRow(grade, won, closed);

  it('warns when a grade with enough closed deals wins more often than a better one', () => {
    expect(gradesOrdered([row('A', 4, 5), row('B', 3, 5), row('C', 3, 5), row('D', 0, 5)])).toBe(
      true,
    );
    expect(gradesOrdered([row('A', 2, 5), row('B', 3, 5), row('C', 1, 5), row('D', 0, 5)])).toBe(
      false,
    );
    // B's 4 of 4 is too few closed deals to count against A.
    expect(gradesOrdered([row('A', 2, 5), row('B', 4, 4), row('C', 0, 0), row('D', 1, 5)])).toBe(
      true,
    );
  });
});
