interface Block {
  weightedSum: number;
  weight: number;
  plainSum: number;
  count: number;
}

// A block whose weights are all zero carries no evidence: it takes its plain mean on its own and
// its neighbours' level once pooled with them.
const level = (b: Block): number =>
  b.weight > 0 ? b.weightedSum / b.weight : b.plainSum / b.count;

/**
 * Weighted pool-adjacent-violators: the non-decreasing sequence closest in weighted squared error.
 * Nulls stay null in place and are stepped over, so their neighbours pool across them.
 */
export function poolAdjacentViolators(
  values: ReadonlyArray<number | null>,
  weights: readonly number[],
): Array<number | null> {
  if (weights.length !== values.length) {
    throw new RangeError('poolAdjacentViolators: values and weights differ in length');
  }
  const blocks: Block[] = [];
  values.forEach((value, i) => {
    if (value === null) return;
    const weight = weights[i]!;
    if (!(weight >= 0)) throw new RangeError(`poolAdjacentViolators: weight ${weight} < 0`);
    blocks.push({ weightedSum: value * weight, weight, plainSum: value, count: 1 });
    while (blocks.length > 1 && level(blocks.at(-2)!) > level(blocks.at(-1)!)) {
      const last = blocks.pop()!;
      const prev = blocks.at(-1)!;
      prev.weightedSum += last.weightedSum;
      prev.weight += last.weight;
      prev.plainSum += last.plainSum;
      prev.count += last.count;
    }
  });
  const fitted = blocks.flatMap((b) => Array<number>(b.count).fill(level(b)));
  let next = 0;
  return values.map((value) => (value === null ? null : fitted[next++]!));
}
