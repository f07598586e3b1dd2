import { MIN_CLOSED_FOR_ORDER, type GradeRow } from '../../lib/metrics/grades/grades.ts';

/** The grades page's answer: do grades order win rates? Rows are A–D in order. */
export type GradeAnswer =
  | { kind: 'none' }
  | { kind: 'few'; closed: number }
  | { kind: 'ordered'; top: GradeRow; bottom: GradeRow }
  /** `better` is a lower grade that wins more often than the higher `worse`. */
  | { kind: 'unordered'; worse: GradeRow; better: GradeRow };

export function gradeAnswer(rows: GradeRow[]): GradeAnswer {
  if (rows.every((r) => r.count === 0)) return { kind: 'none' };
  const judged = rows.filter((r) => r.closed >= MIN_CLOSED_FOR_ORDER && r.winRate !== null);
  const top = judged[0];
  const bottom = judged[judged.length - 1];
  if (!top || !bottom || judged.length < 2) {
    return { kind: 'few', closed: rows.reduce((s, r) => s + r.closed, 0) };
  }
  for (let i = 0; i < judged.length; i++) {
    for (let j = i + 1; j < judged.length; j++) {
      const [worse, better] = [judged[i]!, judged[j]!];
      if ((better.winRate ?? 0) > (worse.winRate ?? 0)) return { kind: 'unordered', worse, better };
    }
  }
  return { kind: 'ordered', top, bottom };
}
