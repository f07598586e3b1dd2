import type { Database } from '../db/database.ts';
import type { StageModel } from '../model/stage-model.ts';
import { resetAsOfStates } from './forecast/as-of-sql.ts';

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
 * A completed visit is kept as days · VISIT_CODE + position, one integer: DuckDB-WASM unnests a
 * list of integers about twice as fast as a list of {position, days} (the Funnel's days in stage
 * at a million deals, 85 -> 40 ms). Positions stay below it.
 */
export const VISIT_CODE = 1024;

/** The grade columns, empty until `attachGrades` fills them from `opp_grades`. */
const GRADE_PLACEHOLDERS = `NULL::VARCHAR AS grade, NULL::DOUBLE AS score, false AS in_scope,
  NULL::VARCHAR AS industry_tier, customer_class AS graded_class`;

/**
 * Copies the grades of `opp_grades` into `opp_progress` (grade, score, in_scope, industry_tier,
 * and `graded_class`: the effective customer class, exported else computed), so a filter or a
 * breakdown on them reads one table instead of joining two at every change.
 */
export async function attachGrades(db: Database): Promise<void> {
  // Updated in place: a copy of the whole table would need twice its memory (5M deals: 5 GB).
  await db.exec(
    `UPDATE opp_progress SET grade = g.grade, score = g.score, in_scope = coalesce(g.in_scope, false),
       industry_tier = g.industry_tier, graded_class = g.customer_class
     FROM (SELECT p.id, g.* EXCLUDE (id) FROM opp_progress p LEFT JOIN opp_grades g USING (id)) g
     WHERE g.id = opp_progress.id`,
  );
}

/**
 * Past this many history entries the per-deal tables are built a slice of deals at a time: their
 * windows and aggregates are all per deal, so slices by a hash of the id give the same rows, and
 * the memory a build needs is a slice's (12M deals with 50M entries ran out of 12 GB at once).
 */
export const SLICE_ENTRIES = 8_000_000;

/**
 * Up to this many deals `opp_progress` is stored sorted by CLUSTER_KEYS, the fields a director
 * filters on most: DuckDB keeps each column's min and max per stretch of rows and skips the
 * stretches a filter cannot match, so a filter on one region reads about that region's share of
 * the table (`npm run bench:views` at 1,000,000 deals, one region of six, in DuckDB-WASM: the
 * Overview's five reads 107 → 65 ms, the Funnel's four 95 → 64, the Grades' three 81 → 57; a
 * filter on another field reads as before). Sorting costs about 2.5 s of a 1,000,000-deal import
 * in the page and needs the table's memory once more, which past this size a tab has not got (5M deals fill
 * 3.3 of its 4 GB); a table built in slices is not sorted either.
 */
const CLUSTER_MAX_DEALS = 2_000_000;
/** Owners mostly sell in one region, so sorting by owner within region clusters both. */
const CLUSTER_KEYS = 'region, owner, deal_key';

async function clustered(db: Database, slices: number): Promise<boolean> {
  if (slices > 1) return false;
  const [row] = await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM opportunities');
  return (row?.n ?? 0) <= CLUSTER_MAX_DEALS;
}

async function sliceCount(db: Database, useHistory: boolean, perSlice: number): Promise<number> {
  if (!useHistory) return 1;
  const [row] = await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM stage_history');
  return Math.max(1, Math.ceil((row?.n ?? 0) / perSlice));
}

/**
 * Builds the derived tables every analysis reads (DESIGN.md), once per import and stage model:
 *
 * - `stage_map`: data stage value → position and kind;
 * - `opp_progress`: every opportunity with its columns plus `deal_key` (a row number, the integer
 *   other derived tables join on), `furthest` (the furthest open stage
 *   reached, counting skipped stages: METRICS.md "Reaching a stage"), `strict_reached` (the open
 *   stages it was seen at: entries or current stage, plus S1) and `strict_mask` (the same as bits:
 *   bit i for Si, grouped on where the list would be slow to), `current_pos`, `has_history`,
 *   `lost_unknown` (lost with neither history nor a kept stage: it reached only S1 as far as we
 *   know, so later rates are upper bounds), `closed_at` (the last won/lost entry, else the
 *   close date of a closed deal), `created_q` and `closed_q` (the creation and closing quarters
 *   as year · 4 + quarter − 1, grouped on by quarter without taking dates apart), `born` (created, or first seen in the history when earlier),
 *   `current_since` (when an open deal last entered its current stage), `backward_moves` and
 *   `reentries` (counted as the funnel reports them), `done_visits` (each completed open visit as
 *   one integer, days · VISIT_CODE + position) and `stage_entries` (the first entry into each open stage): per-deal
 *   facts derived once here, so that a filter change only aggregates this table; sorted by region
 *   and owner (`CLUSTER_MAX_DEALS`);
 * - `stage_visits`: history entries folded into visits (consecutive entries of one stage are one
 *   visit, lasting until the next visit starts), ordered by (entered_ts, stage order, file row),
 *   with the next visit's position and kind and whether it moved back to an earlier open stage.
 *   A closed deal whose history lacks its outcome (wide stage-date columns rarely have one) gets
 *   a closing entry on its close date, so its last stage's visit ends when the deal closed;
 * - `amount_spans` and `close_date_spans` (see `buildValueSpans`).
 *
 * Without `useHistory` the history is ignored: every deal is placed by its current stage alone.
 * Past `sliceEntries` history entries the tables are built a slice of deals at a time.
 */
export async function buildStageProgress(
  db: Database,
  model: StageModel,
  useHistory = true,
  sliceEntries = SLICE_ENTRIES,
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
  const slices = await sliceCount(db, useHistory, sliceEntries);
  const sliced = (slice: number) => ({
    inSlice: (id: string) => (slices === 1 ? 'true' : `hash(${id}) % ${slices} = ${slice}`),
    into: (table: string) =>
      slice === 0 ? `CREATE OR REPLACE TABLE ${table} AS` : `INSERT INTO ${table}`,
  });
  for (let slice = 0; slice < slices; slice++) {
    const { inSlice, into } = sliced(slice);
    await db.exec(
      `${into('stage_visits')}
     WITH recorded AS (
       SELECT h.opportunity_id AS id, h.stage, m.position, m.kind, h.entered_at, h.entered_ts, h._row
       FROM stage_history h LEFT JOIN stage_map m ON m.member = h.stage
       WHERE ${useHistory} AND ${inSlice('h.opportunity_id')}),
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
       lead(entered_at) OVER v AS ended,
       (row_number() OVER v)::INTEGER AS visit,
       lead(position) OVER v AS next_position, lead(kind) OVER v AS next_kind,
       coalesce(kind = 'open' AND lag(kind) OVER v = 'open' AND position < lag(position) OVER v,
         false) AS backward
     FROM starts WHERE starts_visit
     WINDOW v AS (PARTITION BY id ORDER BY seq)`,
    );
    if (slices > 1) await db.exec('CHECKPOINT funnelcast');
  }
  const order = (await clustered(db, slices)) ? `ORDER BY ${CLUSTER_KEYS}` : '';
  for (let slice = 0; slice < slices; slice++) {
    const { inSlice, into } = sliced(slice);
    const keysBefore =
      slice === 0
        ? 0
        : ((await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM opp_progress'))[0]
            ?.n ?? 0);
    await db.exec(
      `${into('opp_progress')}
     WITH hist AS (
       SELECT id, max(position) FILTER (WHERE kind = 'open') AS hist_max,
         bool_or(kind = 'won') AS hist_won,
         max(started) FILTER (WHERE kind IN ('won', 'lost')) AS terminal_at,
         min(started) AS first_seen,
         count(*) FILTER (WHERE backward)::INTEGER AS backward_moves,
         (count(*) - count(DISTINCT coalesce(position::VARCHAR, stage)))::INTEGER AS reentries,
         list(((ended - started) * ${VISIT_CODE} + position)::INTEGER)
           FILTER (WHERE kind = 'open' AND ended IS NOT NULL) AS done_visits,
         list({'source': position,
               'target': CASE next_kind WHEN 'open' THEN next_position::VARCHAR ELSE next_kind END,
               'days': (ended - started)::DOUBLE, 'moved': ended})
           FILTER (WHERE kind = 'open' AND position IS NOT NULL AND next_kind IS NOT NULL
             AND (next_kind <> 'open' OR next_position IS NOT NULL)) AS transitions
       FROM stage_visits WHERE ${inSlice('id')} GROUP BY id),
     stays AS (
       SELECT id, position, min(started) AS first_in, max(started) AS last_in
       FROM stage_visits WHERE kind = 'open' AND ${inSlice('id')} GROUP BY id, position),
     entries AS (
       SELECT id, list({'position': position, 'entered': first_in}) AS stage_entries
       FROM stays GROUP BY id),
     placed AS (
       SELECT o.*, m.kind AS stage_kind,
         CASE WHEN m.kind = 'open' THEN m.position END AS current_pos
       FROM opportunities o LEFT JOIN stage_map m ON m.member = o.stage WHERE ${inSlice('o.id')})
     SELECT o.* EXCLUDE (stage_kind),
       (row_number() OVER () + ${keysBefore})::INTEGER AS deal_key,
       h.id IS NOT NULL AS has_history,
       coalesce(h.hist_won, false) AS hist_won,
       CASE WHEN o.status = 'won' OR h.hist_won THEN ${k}
         ELSE greatest(1, coalesce(o.current_pos, 0), coalesce(h.hist_max, 0)) END::INTEGER
         AS furthest,
       list_sort(list_distinct(list_concat([1],
         coalesce(list_transform(e.stage_entries, x -> x.position), []),
         CASE WHEN o.current_pos IS NOT NULL THEN [o.current_pos] ELSE [] END))) AS strict_reached,
       list_sum(list_transform(strict_reached, x -> 1::BIGINT << x))::BIGINT AS strict_mask,
       o.status = 'lost' AND h.id IS NULL AND o.stage_kind IS DISTINCT FROM 'open' AS lost_unknown,
       CASE WHEN o.status IN ('won', 'lost') THEN coalesce(h.terminal_at, o.close_date) END
         AS closed_at,
       (year(o.created_at) * 4 + quarter(o.created_at) - 1)::INTEGER AS created_q,
       (year(closed_at) * 4 + quarter(closed_at) - 1)::INTEGER AS closed_q,
       least(o.created_at, h.first_seen) AS born,
       s.last_in AS current_since,
       coalesce(h.backward_moves, 0) AS backward_moves,
       coalesce(h.reentries, 0) AS reentries,
       coalesce(h.done_visits, []) AS done_visits,
       coalesce(h.transitions, []) AS transitions,
       coalesce(e.stage_entries, []) AS stage_entries,
       ${GRADE_PLACEHOLDERS}
     FROM placed o
     LEFT JOIN hist h ON h.id = o.id
     LEFT JOIN entries e ON e.id = o.id
     LEFT JOIN stays s ON s.id = o.id AND s.position = o.current_pos
     ${order}`,
    );
    if (slices > 1) await db.exec('CHECKPOINT funnelcast');
  }
  await buildValueSpans(db);
  await resetAsOfStates(db);
}

/**
 * `amount_spans` and `close_date_spans`: each history entry carrying an amount (close date) holds
 * from its day until the next such entry of the deal, so the value known at a date is one range
 * lookup ("State at a date"), not a window over the whole history at every filter change.
 */
async function buildValueSpans(db: Database): Promise<void> {
  for (const [table, column] of [
    ['amount_spans', 'amount'],
    ['close_date_spans', 'close_date'],
  ] as const) {
    await db.exec(
      `CREATE OR REPLACE TABLE ${table} AS
       SELECT opportunity_id AS id, ${column}, entered_at AS known_from,
         lead(entered_at) OVER (PARTITION BY opportunity_id ORDER BY entered_ts, _row) AS known_to
       FROM stage_history WHERE ${column} IS NOT NULL`,
    );
  }
}

/** Stage values in the data the model does not place: listed to the user, never dropped. */
export const UNPLACED_STAGES_SQL = `
SELECT stage, count(*) FILTER (WHERE source = 'deal')::INTEGER AS deals,
  count(*) FILTER (WHERE source = 'history')::INTEGER AS entries
FROM (SELECT stage, 'deal' AS source FROM opportunities
      UNION ALL SELECT stage, 'history' FROM stage_history)
WHERE stage IS NOT NULL AND stage NOT IN (SELECT member FROM stage_map)
GROUP BY stage ORDER BY deals DESC, entries DESC, stage`;
