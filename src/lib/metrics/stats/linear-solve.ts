type Matrix = ReadonlyArray<readonly number[]>;

/**
 * Solves A·X = B (A n×n, B n×m) by Gaussian elimination with partial pivoting, leaving A and B
 * untouched. Throws when A is singular to working precision: callers rule such systems out first.
 */
export function solveLinear(a: Matrix, b: Matrix): number[][] {
  const n = a.length;
  if (b.length !== n || a.some((row) => row.length !== n)) {
    throw new RangeError('solveLinear: A must be square with as many rows as B');
  }
  const m = b[0]?.length ?? 0;
  const rows = a.map((row, i) => [...row, ...b[i]!]);
  const scale = Math.max(0, ...a.flat().map(Math.abs));
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(rows[r]![col]!) > Math.abs(rows[pivot]![col]!)) pivot = r;
    }
    if (!(Math.abs(rows[pivot]![col]!) > 1e-12 * scale)) throw new Error('solveLinear: singular');
    [rows[col], rows[pivot]] = [rows[pivot]!, rows[col]!];
    const top = rows[col]!;
    for (let r = col + 1; r < n; r++) {
      const row = rows[r]!;
      const f = row[col]! / top[col]!;
      for (let c = col; c < n + m; c++) row[c]! -= f * top[c]!;
    }
  }
  const x = Array.from({ length: n }, () => Array<number>(m).fill(0));
  for (let r = n - 1; r >= 0; r--) {
    const row = rows[r]!;
    for (let c = 0; c < m; c++) {
      let sum = row[n + c]!;
      for (let j = r + 1; j < n; j++) sum -= row[j]! * x[j]![c]!;
      x[r]![c] = sum / row[r]!;
    }
  }
  return x;
}
