import { describe, expect, it } from 'vitest';
import {
  ahp,
  combineLevels,
  parseEntry,
  randomIndex,
  reciprocalMatrix,
} from '../../src/lib/metrics/grades/ahp.ts';
import {
  checkSetup,
  defaultSetup,
  equalWeights,
  INDICATORS,
} from '../../src/lib/metrics/grades/grading-setup.ts';
import { gradingWeights } from '../../src/lib/metrics/grades/grading-weights.ts';
import { gradingSetupJson, parseAhpFile } from '../../src/lib/metrics/grades/parse-ahp-file.ts';

/** The consistent matrix of a weight vector: a_ij = w_i / w_j. */
const fromWeights = (w: number[]) => w.map((x) => w.map((y) => x / y));

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe('parseEntry', () => {
  it('reads numbers and "a/b" fractions', () => {
    expect(parseEntry(3)).toBe(3);
    expect(parseEntry('1/3')).toBe(1 / 3);
    expect(parseEntry(' 2 / 5 ')).toBe(0.4);
    expect(parseEntry('7')).toBe(7);
    expect(parseEntry('1.5')).toBe(1.5);
  });

  it('rejects what is not a positive number or fraction', () => {
    for (const bad of ['', 'a/3', '1/0', '-2', '1/3/4', 0, -1, Number.NaN, 'Infinity']) {
      expect(() => parseEntry(bad), String(bad)).toThrow(/not a positive number/);
    }
  });
});

describe('reciprocalMatrix', () => {
  it('fills the lower triangle from the upper one, null or exact or rounded', () => {
    expect(
      reciprocalMatrix([
        [1, 3, '5'],
        [null, 1, '2'],
        [0.2, 0.5, null],
      ]),
    ).toEqual([
      [1, 3, 5],
      [1 / 3, 1, 2],
      [1 / 5, 1 / 2, 1],
    ]);
    // 0.33 is the usual rounding of 1/3: repaired to 1/3 exactly.
    expect(
      reciprocalMatrix([
        [1, 3],
        [0.33, 1],
      ])[1]?.[0],
    ).toBe(1 / 3);
  });

  it('rejects a lower triangle that disagrees with the upper one, naming the cell', () => {
    expect(() =>
      reciprocalMatrix([
        [1, 3],
        [3, 1],
      ]),
    ).toThrow(/row 2, column 1: 3 is not the reciprocal of row 1, column 2 \(3\)/);
  });

  it('rejects a non-square matrix, a diagonal other than 1 and values off the 1–9 scale', () => {
    expect(() => reciprocalMatrix([[1, 2], [0.5]])).toThrow(/2×2: row 2 has 1 entries/);
    expect(() =>
      reciprocalMatrix([
        [2, 2],
        [0.5, 1],
      ]),
    ).toThrow(/row 1, column 1: the diagonal must be 1/);
    expect(() =>
      reciprocalMatrix([
        [1, 12],
        [null, 1],
      ]),
    ).toThrow(/outside Saaty's scale/);
    expect(() =>
      reciprocalMatrix([
        [1, null],
        [2, 1],
      ]),
    ).toThrow(/row 1, column 2: the upper triangle must be filled in/);
  });
});

describe('ahp', () => {
  it("gives Saaty's textbook 3×3 weights and consistency", () => {
    const r = ahp(
      reciprocalMatrix([
        [1, 3, 5],
        ['1/3', 1, 2],
        ['1/5', '1/2', 1],
      ]),
    );
    // For n = 3 the principal eigenvector is the row geometric mean exactly:
    // ∛15 : ∛(2/3) : ∛(1/10) = 2.4662 : 0.8736 : 0.4642 → 0.6483, 0.2297, 0.1220.
    const g = [15, 2 / 3, 1 / 10].map(Math.cbrt);
    g.forEach((x, i) => expect(r.weights[i]).toBeCloseTo(x / sum(g), 12));
    expect(r.weights.map((x) => Number(x.toFixed(3)))).toEqual([0.648, 0.23, 0.122]);
    // And λmax = 1 + ∛(a13 / (a12·a23)) + ∛(a12·a23 / a13) = 1 + ∛(5/6) + ∛(6/5) = 3.003695.
    expect(r.lambdaMax).toBeCloseTo(1 + Math.cbrt(5 / 6) + Math.cbrt(6 / 5), 10);
    // CI = 0.003695 / 2 = 0.0018473; CR = CI / 0.58 = 0.003185.
    expect(r.ci).toBeCloseTo(0.0018473, 6);
    expect(r.cr).toBeCloseTo(0.003185, 5);
    expect(sum(r.weights)).toBeCloseTo(1, 14);
  });

  it('recovers the weights of a consistent 6×6 matrix exactly, with CR 0', () => {
    const w = [0.3, 0.25, 0.2, 0.12, 0.08, 0.05];
    const r = ahp(fromWeights(w));
    w.forEach((x, i) => expect(r.weights[i]).toBeCloseTo(x, 12));
    expect(r.lambdaMax).toBeCloseTo(6, 12);
    expect(r.cr).toBeCloseTo(0, 12);
    expect(r.cr).toBeGreaterThanOrEqual(0);
    // Every judgement is what the weights imply: no deviation anywhere.
    for (const p of r.worstPairs) expect(p.deviation).toBeCloseTo(1, 12);
    expect(r.worstPairs).toHaveLength(15);
  });

  it('flags a 4×4 matrix with one reversed judgement, and names that pair as the worst', () => {
    // From w = (0.4, 0.3, 0.2, 0.1), a_14 = 4 reversed to 1/4. Independently (numpy's eig):
    // λmax = 5.0869, CR = (1.0869 / 3) / 0.90 = 0.4026, and |ln e_14| = 1.195 beats the next 0.939.
    const a = fromWeights([0.4, 0.3, 0.2, 0.1]);
    a[0]![3] = 1 / 4;
    a[3]![0] = 4;
    const r = ahp(a);
    expect(r.lambdaMax).toBeCloseTo(5.0869, 4);
    expect(r.cr).toBeCloseTo(0.4026, 4);
    expect(r.cr).toBeGreaterThanOrEqual(0.1);
    expect(r.worstPairs[0]).toMatchObject({ i: 0, j: 3, value: 0.25 });
    expect(Math.abs(Math.log(r.worstPairs[0]!.deviation))).toBeCloseTo(1.1955, 4);
    expect(r.worstPairs[0]!.implied).toBeCloseTo(r.weights[0]! / r.weights[3]!, 12);
    // Ranked by |ln e|, largest first.
    const logs = r.worstPairs.map((p) => Math.abs(Math.log(p.deviation)));
    expect(logs).toEqual([...logs].sort((x, y) => y - x));
  });

  it('has CR 0 for n ≤ 2 whatever the judgement', () => {
    const r = ahp(
      reciprocalMatrix([
        [1, 9],
        [null, 1],
      ]),
    );
    expect(r.weights[0]).toBeCloseTo(0.9, 12);
    expect(r.cr).toBe(0);
    expect(ahp([[1]])).toMatchObject({ weights: [1], cr: 0 });
    expect(ahp([])).toMatchObject({ weights: [], cr: 0 });
  });

  it('uses the published random index, and 1.49 past n = 10', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12].map(randomIndex)).toEqual([
      0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.49,
    ]);
  });
});

describe('two levels', () => {
  it('multiplies local weights by the group weights', () => {
    expect(
      combineLevels(
        [0.75, 0.25],
        [
          [0.5, 0.25, 0.25],
          [0.625, 0.375],
        ],
      ),
    ).toEqual([0.375, 0.1875, 0.1875, 0.15625, 0.09375]);
  });

  it('weighs a setup: group 3:1, opportunity 2:1, customer equal → 1/2, 1/4, 1/8, 1/8', () => {
    const w = gradingWeights({
      ...equalWeights(['amount', 'urgency', 'customer_value', 'customer_risk']),
      groups: [
        { name: 'opportunity', indicators: ['amount', 'urgency'], matrix: fromWeights([2, 1]) },
        {
          name: 'customer',
          indicators: ['customer_value', 'customer_risk'],
          matrix: fromWeights([1, 1]),
        },
      ],
      groupMatrix: fromWeights([3, 1]),
    });
    expect(w.weights.amount).toBeCloseTo(0.5, 12);
    expect(w.weights.urgency).toBeCloseTo(0.25, 12);
    expect(w.weights.customer_value).toBeCloseTo(0.125, 12);
    expect(w.weights.customer_risk).toBeCloseTo(0.125, 12);
    expect(w.groupWeights.opportunity).toBeCloseTo(0.75, 12);
    expect(w.matrices.map((m) => m.matrix)).toEqual(['groups', 'opportunity', 'customer']);
  });

  it('reports the matrix with the highest CR as the one to fix', () => {
    const inconsistent = [
      [1, 5, 1 / 5],
      [1 / 5, 1, 5],
      [5, 1 / 5, 1],
    ];
    const w = gradingWeights({
      ...equalWeights(['amount', 'urgency', 'importance', 'customer_value']),
      groups: [
        {
          name: 'opportunity',
          indicators: ['amount', 'urgency', 'importance'],
          matrix: inconsistent,
        },
        { name: 'customer', indicators: ['customer_value'], matrix: [[1]] },
      ],
    });
    expect(w.worst.matrix).toBe('opportunity');
    expect(w.worst.labels).toEqual(['amount', 'urgency', 'importance']);
    expect(w.worst.cr).toBeGreaterThan(1);
  });
});

describe('presets', () => {
  it('equalWeights gives every indicator the same weight across two groups', () => {
    const w = gradingWeights(equalWeights(['amount', 'urgency', 'importance', 'customer_risk']));
    for (const x of Object.values(w.weights)) expect(x).toBeCloseTo(0.25, 12);
    expect(w.groupWeights).toEqual({
      opportunity: expect.closeTo(0.75, 12),
      customer: expect.closeTo(0.25, 12),
    });
  });

  it('defaultSetup weighs amount and importance most, is consistent, and keeps only present groups', () => {
    const all = defaultSetup([...INDICATORS]);
    checkSetup(all);
    const w = gradingWeights(all);
    // Opportunity 2/3 split 3:3:2:1:1, customer 1/3 split 3:2:1.
    expect(w.weights.amount).toBeCloseTo((2 / 3) * 0.3, 12);
    expect(w.weights.importance).toBeCloseTo((2 / 3) * 0.3, 12);
    expect(w.weights.competition).toBeCloseTo((2 / 3) * 0.1, 12);
    expect(w.weights.customer_value).toBeCloseTo((1 / 3) * 0.5, 12);
    expect(w.worst.cr).toBeLessThan(1e-9);
    const one = defaultSetup(['urgency', 'amount']);
    expect(one.groups).toEqual([
      {
        name: 'opportunity',
        indicators: ['amount', 'urgency'],
        matrix: [
          [1, 1.5],
          [2 / 3, 1],
        ],
      },
    ]);
    expect(gradingWeights(one).weights).toEqual({
      amount: expect.closeTo(0.6, 12),
      urgency: expect.closeTo(0.4, 12),
    });
  });
});

describe('parseAhpFile', () => {
  const minimal = `{"indicators": ["amount", "urgency", "importance"],
    "matrix": [[1, 3, 5], ["1/3", 1, 2], ["1/5", "1/2", 1]],
    "rules": [{"indicator": "amount", "op": ">=", "value": 5000000, "grade": "A"}],
    "cutoffs": {"A": 4, "B": 3, "C": 2}}`;

  it('reads the single-level form as one group, with defaults for the rest', () => {
    const setup = parseAhpFile(minimal);
    expect(setup.groups).toHaveLength(1);
    expect(setup.groups[0]?.indicators).toEqual(['amount', 'urgency', 'importance']);
    expect(setup.groups[0]?.matrix[2]).toEqual([1 / 5, 1 / 2, 1]);
    expect(setup.rules).toEqual([{ indicator: 'amount', op: '>=', value: 5000000, grade: 'A' }]);
    expect(setup.cutoffs).toEqual({ mode: 'score', A: 4, B: 3, C: 2 });
    expect(setup).toMatchObject({ scopeStage: 1, classThresholds: { A: 10, B: 50, C: 200 } });
    expect(setup.directions.difficulty).toBe('lower');
    expect(gradingWeights(setup).weights.amount).toBeCloseTo(0.6483, 4);
  });

  it('reads the two-level form with directions, quantile cut-offs, classes and scope', () => {
    const setup = parseAhpFile(
      JSON.stringify({
        groups: [
          {
            name: 'opportunity',
            indicators: ['amount', 'difficulty'],
            matrix: [
              [1, 2],
              [null, 1],
            ],
          },
          { name: 'customer', indicators: ['customer_risk'], matrix: [[1]] },
        ],
        groupMatrix: [
          [1, '3'],
          ['1/3', 1],
        ],
        directions: { difficulty: 'higher' },
        cutoffs: { mode: 'quantile' },
        classes: { A: 5 },
        scopeStage: 2,
      }),
    );
    expect(setup.directions).toMatchObject({ difficulty: 'higher', customer_risk: 'lower' });
    expect(setup.cutoffs).toEqual({ mode: 'quantile', A: 0.2, B: 0.5, C: 0.8 });
    expect(setup.classThresholds).toEqual({ A: 5, B: 50, C: 200 });
    expect(setup.scopeStage).toBe(2);
    // Group 3:1 → 3/4; inside, 2:1 → amount 3/4 · 2/3 = 1/2.
    expect(gradingWeights(setup).weights.amount).toBeCloseTo(0.5, 12);
  });

  it('reads industry tiers, and writes them back only when there are some', () => {
    const setup = parseAhpFile(
      JSON.stringify({
        indicators: ['amount'],
        matrix: [[1]],
        industryTiers: { 制造: 'mainstream', 能源: 'secondary', 零售: 'non-mainstream' },
      }),
    );
    expect(setup.industryTiers).toEqual({
      制造: 'mainstream',
      能源: 'secondary',
      零售: 'non-mainstream',
    });
    expect(gradingSetupJson(setup).industryTiers).toEqual(setup.industryTiers);
    expect(parseAhpFile(minimal).industryTiers).toEqual({});
    expect(gradingSetupJson(parseAhpFile(minimal))).not.toHaveProperty('industryTiers');
    const many = Object.fromEntries(
      Array.from({ length: 501 }, (_, k) => [`i${k}`, 'secondary' as const]),
    );
    expect(() => checkSetup({ ...setup, industryTiers: many })).toThrow(
      /industryTiers: at most 500 industries, got 501/,
    );
  });

  it.each([
    ['{', /not valid JSON/],
    [
      '{"indicators": ["amount"], "matrix": [[1]], "industryTiers": {"制造": "main"}}',
      /"industryTiers.制造" must be "mainstream", "secondary" or "non-mainstream", got "main"/,
    ],
    [
      '{"indicators": ["amount"], "matrix": [[1]], "industryTiers": ["制造"]}',
      /"industryTiers" must be an object/,
    ],
    [
      '{"indicators": ["amount"], "matrix": [[1]], "industryTiers": {" ": "mainstream"}}',
      /industryTiers: industry names need 1–200 characters/,
    ],
    ['[]', /"the file" must be an object/],
    ['{"indicators": ["amount"], "matrix": [[1]], "weights": 1}', /unknown field "weights"/],
    ['{"matrix": [[1]]}', /"indicators" \(or "groups"\) is required/],
    [
      '{"indicators": ["amount", "revenue"], "matrix": [[1, 2], [null, 1]]}',
      /"indicators\[1\]": unknown indicator "revenue"/,
    ],
    [
      '{"indicators": ["amount", "urgency"], "matrix": [[1, 2], [2, 1]]}',
      /"matrix": row 2, column 1: 2 is not the reciprocal/,
    ],
    [
      '{"indicators": ["amount", "urgency"], "matrix": [[1, "x"], [null, 1]]}',
      /"matrix": row 1, column 2: not a positive/,
    ],
    [
      '{"indicators": ["amount", "urgency"], "matrix": [[1]]}',
      /^matrix: 2 indicators need a 2×2 matrix/,
    ],
    [
      '{"indicators": ["amount", "amount"], "matrix": [[1, 1], [1, 1]]}',
      /indicators: "amount" is listed twice/,
    ],
    [
      '{"indicators": ["amount"], "matrix": [[1]], "rules": [{"indicator": "amount", "op": "=>", "value": 1, "grade": "A"}]}',
      /rules\[0\]\.op: expected one of/,
    ],
    [
      '{"indicators": ["amount"], "matrix": [[1]], "rules": [{"indicator": "amount", "op": ">=", "value": "big", "grade": "A"}]}',
      /"rules\[0\]\.value" must be a number/,
    ],
    [
      '{"indicators": ["amount"], "matrix": [[1]], "rules": [{"indicator": "amount", "op": ">=", "value": 1, "grade": "E"}]}',
      /rules\[0\]\.grade: expected A, B, C or D/,
    ],
    [
      '{"indicators": ["amount"], "matrix": [[1]], "cutoffs": {"A": 2, "B": 3, "C": 1}}',
      /cutoffs: need 5 ≥ A ≥ B ≥ C ≥ 1/,
    ],
    [
      '{"indicators": ["amount"], "matrix": [[1]], "directions": {"amount": "up"}}',
      /"directions.amount" must be "higher" or "lower"/,
    ],
    [
      '{"indicators": ["amount"], "matrix": [[1]], "scopeStage": 0}',
      /scopeStage: expected a stage position/,
    ],
    [
      '{"indicators": ["amount"], "matrix": [[1]], "classes": {"A": 60}}',
      /classes: need whole ranks 1 ≤ A ≤ B ≤ C/,
    ],
    [
      '{"groups": [{"name": "o", "indicators": ["amount"], "matrix": [[1]]}, {"name": "c", "indicators": ["customer_value"], "matrix": [[1]]}]}',
      /"groupMatrix" is required with 2 groups/,
    ],
  ])('rejects %s', (text, message) => {
    expect(() => parseAhpFile(text)).toThrow(message);
  });
});
