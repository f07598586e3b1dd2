import type { Database } from '../db/database.ts';
import type { StageModel } from '../model/stage-model.ts';

/** Where a data stage value sits in the model: open stages 1…k, won k + 1, lost 0. */
export function stagePositions(
  model: StageModel,
): Array<[member: string, position: number, kind: string]> {
  const k = model.stages.length;
  const rows: Array<[string, number, string]> = [];
  model.stages.forEach((stage, i) => {
    for (const member of new Set([stage.name, ...stage.members]))
      rows.push([member, i + 1, 'open']);
  });
  for (const member of model.won) rows.push([member, k + 1, 'won']);
  for (const member of model.lost) rows.push([member, 0, 'lost']);
  return rows;
}

/**
 * Builds the derived tables every analysis reads (DESIGN.md), once per import and stage model:
 *
 * - `stage_map`: data stage value → position and kind;
 * - `opp_progress`: every opportunity with its columns plus `furthest` (the furthest open stage
 *   reached, counting skipped stages: METRICS.md "Reaching a stage"), `strict_reached` (the open
 *   stages it was seen at: entries or current stage, plus S1), `current_pos`, `has_history`, and
 *   `lost_unknown` (lost with neither history nor a kept stage: it reached only S1 as far as we
 *   know, so later rates are upper bounds), and `closed_at` (the last won/lost entry, else the
 *   close date of a closed deal);
 * - `stage_visits`: history entries folded into visits (consecutive entries of one stage are one
 *   visit, lasting until the next visit starts), ordered by (entered_ts, stage order, file row).
 *   A closed deal whose history lacks its outcome (wide stage-date columns rarely have one) gets
 *   a closing entry on its close date, so its last stage's visit ends when the deal closed.
 *
 * Without `useHistory` the history is ignored: every deal is placed by its current stage alone.
 */
export async function buildStageProgress(
  db: Database,
  model: StageModel,
  useHistory = true,
): Promise<void> {
  const k = model.stages.length;
  const positions = stagePositions(model);
  await db.exec(
    `CREATE OR REPLACE TABLE stage_map (member VARCHAR, position INTEGER, kind VARCHAR)`,
  );
  if (positions.length > 0) {
    await db.query(
      `INSERT INTO stage_map VALUES ${positions.map(() => '(?, ?, ?)').join(', ')}`,
      positions.flat(),
    );
  }
  await db.exec(
    `CREATE OR REPLACE TABLE stage_visits AS
     WITH recorded AS (
       SELECT h.opportunity_id AS id, h.stage, m.position, m.kind, h.entered_at, h.entered_ts, h._row
       FROM stage_history h LEFT JOIN stage_map m ON m.member = h.stage
       WHERE ${useHistory}),
     closing AS (
       SELECT o.id, o.stage, CASE o.status WHEN 'won' THEN ${k + 1} ELSE 0 END AS position,
         o.status AS kind, o.close_date AS entered_at, o.close_date::TIMESTAMP AS entered_ts,
         NULL::INTEGER AS _row
       FROM opportunities o
       WHERE o.status IN ('won', 'lost') AND o.close_date IS NOT NULL
         AND o.id IN (SELECT id FROM recorded)
         AND o.id NOT IN (SELECT id FROM recorded WHERE kind IN ('won', 'lost'))),
     entries AS (SELECT * FROM recorded UNION ALL SELECT * FROM closing),
     ordered AS (
       SELECT *, coalesce(position::VARCHAR, 'stage:' || stage) AS place,
         row_number() OVER (PARTITION BY id ORDER BY entered_ts,
           CASE WHEN kind = 'open' THEN position ELSE ${k + 1} END NULLS LAST, _row) AS seq
       FROM entries),
     starts AS (
       SELECT *, place IS DISTINCT FROM lag(place) OVER (PARTITION BY id ORDER BY seq) AS starts_visit
       FROM ordered)
     SELECT id, stage, position, kind, entered_at AS started,
       lead(entered_at) OVER (PARTITION BY id ORDER BY seq) AS ended,
       row_number() OVER (PARTITION BY id ORDER BY seq)::INTEGER AS visit
     FROM starts WHERE starts_visit`,
  );
  await db.exec(
    `CREATE OR REPLACE TABLE opp_progress AS
     WITH hist AS (
       SELECT id, max(position) FILTER (WHERE kind = 'open') AS hist_max,
         bool_or(kind = 'won') AS hist_won,
         max(started) FILTER (WHERE kind IN ('won', 'lost')) AS terminal_at,
         list(DISTINCT position) FILTER (WHERE kind = 'open') AS entered
       FROM stage_visits GROUP BY id)
     SELECT o.*,
       CASE WHEN m.kind = 'open' THEN m.position END AS current_pos,
       h.id IS NOT NULL AS has_history,
       coalesce(h.hist_won, false) AS hist_won,
       CASE WHEN o.status = 'won' OR h.hist_won THEN ${k}
         ELSE greatest(1, coalesce(CASE WHEN m.kind = 'open' THEN m.position END, 0),
                       coalesce(h.hist_max, 0)) END::INTEGER AS furthest,
       list_sort(list_distinct(list_concat([1], coalesce(h.entered, []),
         CASE WHEN m.kind = 'open' THEN [m.position] ELSE [] END))) AS strict_reached,
       o.status = 'lost' AND h.id IS NULL AND m.kind IS DISTINCT FROM 'open' AS lost_unknown,
       CASE WHEN o.status IN ('won', 'lost') THEN coalesce(h.terminal_at, o.close_date) END
         AS closed_at
     FROM opportunities o
     LEFT JOIN stage_map m ON m.member = o.stage
     LEFT JOIN hist h ON h.id = o.id`,
  );
}

/** Stage values in the data the model does not place: listed to the user, never dropped. */
export const UNPLACED_STAGES_SQL = `
SELECT stage, count(*) FILTER (WHERE source = 'deal')::INTEGER AS deals,
  count(*) FILTER (WHERE source = 'history')::INTEGER AS entries
FROM (SELECT stage, 'deal' AS source FROM opportunities
      UNION ALL SELECT stage, 'history' FROM stage_history)
WHERE stage IS NOT NULL AND stage NOT IN (SELECT member FROM stage_map)
GROUP BY stage ORDER BY deals DESC, entries DESC, stage`;
