/** How a headline number moved against the previous period, ready for a KPI card. */
export interface Change {
  /** current − previous; null when either is missing. */
  delta: number | null;
  direction: 'up' | 'down' | 'flat';
  /** Whether the move is good news (`higherIsBetter` decides); null when flat or unknown. */
  good: boolean | null;
}

export function changeOf(
  current: number | null,
  previous: number | null,
  higherIsBetter: boolean,
): Change {
  if (current === null || previous === null) return { delta: null, direction: 'flat', good: null };
  const delta = current - previous;
  if (delta === 0) return { delta, direction: 'flat', good: null };
  const direction = delta > 0 ? 'up' : 'down';
  return { delta, direction, good: delta > 0 === higherIsBetter };
}
