/** Saaty's scale runs 1/9 … 1 … 9: a slider from -8 (left item 9× as important) to 8 (right 9×). */
export const SLIDER_MAX = 8;

/** Slider position of judgement a_ij (how much more the left item i counts than the right j). */
export function sliderPosition(value: number): number {
  return value >= 1 ? -(value - 1) : 1 / value - 1;
}

/** The judgement a_ij at a slider position: left of the middle favours i, right favours j. */
export function judgementAt(position: number): number {
  return position <= 0 ? 1 - position : 1 / (1 + position);
}

const short = (x: number) => String(Number(x.toFixed(2)));

/** A judgement as Saaty writes it: "3", "1", "1/5", "1.5", "1/1.5". */
export function formatJudgement(value: number): string {
  return value >= 1 ? short(value) : `1/${short(1 / value)}`;
}

/** A copy of a reciprocal matrix with a_ij = value and a_ji = 1 / value. */
export function withJudgement(matrix: number[][], i: number, j: number, value: number): number[][] {
  return matrix.map((row, r) =>
    row.map((x, c) => (r === i && c === j ? value : r === j && c === i ? 1 / value : x)),
  );
}
