import type { SqlFragment } from './cohort.ts';

export interface TimelineVisit {
  visit: number;
  stage: string | null;
  position: number | null;
  kind: 'open' | 'won' | 'lost' | null;
  started: string | null;
  /** The next visit's start; null while the deal is still in this stage, or for won and lost. */
  ended: string | null;
  /** Whole days in the stage, to the as-of date while still in it; null for won and lost. */
  days: number | null;
  /** Entered from a later open stage: the deal moved backwards. */
  backward: boolean;
}

/** One deal's stage visits from `stage_visits` (buildStageProgress), in order. */
export function dealTimelineSql(id: string, asOf: string | null): SqlFragment {
  return {
    sql: `SELECT visit, stage, position, kind, started, ended,
        CASE WHEN kind IN ('won', 'lost') THEN NULL
          ELSE date_diff('day', started, coalesce(ended, ?::DATE)) END::INTEGER AS days,
        coalesce(kind = 'open' AND lag(kind) OVER w = 'open' AND position < lag(position) OVER w,
          false) AS backward
      FROM stage_visits WHERE id = ?
      WINDOW w AS (ORDER BY visit)
      ORDER BY visit`,
    params: [asOf, id],
  };
}
