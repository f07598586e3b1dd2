import { readFileSync } from 'node:fs';
import type { GradeRow, GradesResult } from '../lib/metrics/grades/grades.ts';
import type { GradingSetup } from '../lib/metrics/grades/grading-setup.ts';
import { parseAhpFile } from '../lib/metrics/grades/parse-ahp-file.ts';
import { UsageError } from './parse-args.ts';

/** The setup of `--ahp FILE.json`; an unreadable or wrong file is a usage error naming it. */
export function readAhpArg(path: string): GradingSetup {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--ahp ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  try {
    return parseAhpFile(text);
  } catch (error) {
    throw new UsageError(`--ahp ${path}: ${(error as Error).message}`);
  }
}

const row = <K extends string>(r: GradeRow<K>) => ({
  grade: r.grade,
  count: r.count,
  amount: r.amount,
  won: r.won,
  closed: r.closed,
  winRate: r.winRate,
  low: r.low,
  high: r.high,
  lift: r.lift,
});

/** `grades` of `funnelcast metrics`. */
export function gradesJson(grades: GradesResult) {
  return {
    weights: grades.weights,
    cr: grades.cr,
    graded: grades.graded,
    ungraded: grades.ungraded,
    outOfScope: grades.outOfScope,
    auc: grades.auc,
    ordered: grades.ordered,
    distribution: grades.distribution.map(row),
    customerClasses: grades.customerClasses.map(row),
    industryTiers: grades.industryTiers.map(row),
  };
}
