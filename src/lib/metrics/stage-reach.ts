/**
 * Per-stage figures are rolled up in TypeScript from a few hundred grouped rows, not in SQL by a
 * join of the stages to those groups: in DuckDB-WASM that join and its filtered sums cost two to
 * three times the grouped scan they read (15 ms against 6 ms at 100,000 deals).
 *
 * A group's `reach` says which open stages its deals reached: counting skipped stages, the
 * furthest one (reached Si when reach ≥ i); in strict order, the stages seen as a bit mask
 * (`strict_mask`: reached Si when bit i is set). Null reached none.
 */
export type Reach = number | null;

/**
 * Deals of `opp_progress` grouped by their reach, then by `keys` (SQL expressions with their
 * aliases, none when empty), with `aggregates`.
 */
export function reachGroupsSql(
  strict: boolean,
  keys: string[],
  aggregates: string,
  where: string,
): string {
  return `SELECT ${strict ? 'strict_mask' : 'furthest'} AS reach, ${[...keys, aggregates].join(', ')}
    FROM opp_progress WHERE ${where} GROUP BY ALL`;
}

/** The stages (1-based, ascending) a strict-order mask holds. */
export function maskStages(mask: number): number[] {
  const stages: number[] = [];
  for (let i = 1, rest = Math.floor(mask / 2); rest > 0; i++, rest = Math.floor(rest / 2)) {
    if (rest % 2 === 1) stages.push(i);
  }
  return stages;
}

/** Whether the deals of a group with this reach reached stage i (1-based). */
export function reaches(reach: Reach, i: number, strict: boolean): boolean {
  if (reach === null) return false;
  return strict ? Math.floor(reach / 2 ** i) % 2 === 1 : reach >= i;
}

/** Stages 1…k. */
export const stagePositions = (k: number): number[] => Array.from({ length: k }, (_, i) => i + 1);

/** Rows grouped by a key, in the order their keys first appear. */
export function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
