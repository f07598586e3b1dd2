import { describe, expect, it } from 'vitest';
import { gradeAnswer } from '../../src/components/grades/grade-answer.ts';
import type { Grade } from '../../src/lib/metrics/grades/grading-setup.ts';
import { gradeRow } from '../helpers/metric-rows.ts';

const row = (grade: Grade, won: number, closed: number, count = closed) =>
  gradeRow(grade, won, closed, { count });

describe('gradeAnswer', () => {
  it('says none when nothing is graded', () => {
    expect(gradeAnswer([row('A', 0, 0), row('B', 0, 0)])).toEqual({ kind: 'none' });
  });

  it('needs two grades with enough closed deals', () => {
    const rows = [row('A', 3, 10), row('B', 1, 4), row('C', 0, 0, 7)];
    expect(gradeAnswer(rows)).toEqual({ kind: 'few', closed: 14 });
  });

  it('names the top and bottom judged grades when win rates fall from A to D', () => {
    const rows = [row('A', 48, 100), row('B', 30, 100), row('C', 1, 2), row('D', 9, 100)];
    const answer = gradeAnswer(rows);
    expect(answer.kind).toBe('ordered');
    if (answer.kind === 'ordered')
      expect([answer.top.grade, answer.bottom.grade]).toEqual(['A', 'D']);
  });

  it('names the first pair where a lower grade wins more', () => {
    const rows = [row('A', 48, 100), row('B', 50, 100), row('C', 10, 100), row('D', 20, 100)];
    const answer = gradeAnswer(rows);
    expect(answer.kind).toBe('unordered');
    if (answer.kind === 'unordered') {
      expect([answer.worse.grade, answer.better.grade]).toEqual(['A', 'B']);
    }
  });
});
