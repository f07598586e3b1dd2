import { solveLinear } from './linear-solve.ts';

/** What the absorbing chain says about one open stage. */
export interface StageOutlook {
  pWin: number | null;
  pLoss: number | null;
  days: number | null;
  outgoing: number;
}

/** Open stages reachable from `from` in zero or more steps. */
function reachable(counts: ReadonlyArray<readonly number[]>, k: number, from: number): number[] {
  const seen = new Set([from]);
  const stack = [from];
  while (stack.length > 0) {
    const i = stack.pop()!;
    for (let j = 0; j < k; j++) {
      if (counts[i]![j]! > 0 && !seen.has(j)) {
        seen.add(j);
        stack.push(j);
      }
    }
  }
  return [...seen];
}

/**
 * Absorbing Markov chain over open stages 1…k, won (column k) and lost (column k + 1), from a
 * (k + 2)² matrix of transition counts (won and lost rows ignored) and each stage's mean completed
 * visit in days (null: unknown). P(win) and P(loss) are B = N·R with N = (I − Q)⁻¹; expected days
 * to close from entering a stage are N·d.
 *
 * A stage is unknown (all null) when the observed transitions can take it somewhere the data never
 * closes from: a stage with no outgoing transition (its deals are all still open there) or a loop
 * with no exit, which would make I − Q singular. Days are null when the chain can pass through a
 * stage of unknown visit length.
 */
export function absorbingChain(
  counts: ReadonlyArray<readonly number[]>,
  days: ReadonlyArray<number | null>,
): StageOutlook[] {
  const k = days.length;
  if (counts.length !== k + 2 || counts.some((row) => row.length !== k + 2)) {
    throw new RangeError(`absorbingChain: need a ${k + 2}×${k + 2} count matrix for ${k} stages`);
  }
  if (counts.flat().some((c) => !(c >= 0)) || days.some((d) => d !== null && !(d >= 0))) {
    throw new RangeError('absorbingChain: counts and days must be ≥ 0');
  }
  const outgoing = counts.slice(0, k).map((row) => row.reduce((a, b) => a + b, 0));
  const reach = outgoing.map((_, i) => reachable(counts, k, i));
  const exits = (i: number) => counts[i]![k]! + counts[i]![k + 1]! > 0;
  const canClose = reach.map((stages) => stages.some(exits));
  const known = reach.map((stages) => stages.every((j) => canClose[j]));
  const solved = outgoing.flatMap((_, i) => (known[i] ? [i] : []));

  // Every stage reachable from a known one is known, so the known stages form a closed system.
  const q = (i: number, j: number) => counts[i]![j]! / outgoing[i]!;
  const iMinusQ = solved.map((i) => solved.map((j) => (i === j ? 1 : 0) - q(i, j)));
  // An unknown visit length stands in as 0; every row it could reach gets null days below.
  const rhs = solved.map((i) => [q(i, k), q(i, k + 1), days[i] ?? 0]);
  const x = solveLinear(iMinusQ, rhs);

  return outgoing.map((out, i) => {
    const row = solved.indexOf(i);
    if (row < 0) return { pWin: null, pLoss: null, days: null, outgoing: out };
    const [pWin, pLoss, expected] = x[row]!;
    const timed = reach[i]!.every((j) => days[j] !== null);
    return { pWin: pWin!, pLoss: pLoss!, days: timed ? expected! : null, outgoing: out };
  });
}
