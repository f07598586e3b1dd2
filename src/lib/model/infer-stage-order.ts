import type { Database, Row } from '../db/database.ts';
import { statusFromTerm } from '../import/status-terms.ts';
import { matchBuiltInModel, unplacedStages, type StageCount } from './choose-stage-model.ts';
import type { ModelStage, StageModel } from './stage-model.ts';

/** Most common first, so that a built-in stage is named by its most common spelling. */
const STAGE_COUNTS_SQL = `
SELECT stage, count(DISTINCT opportunity_id)::INTEGER AS n,
  count(DISTINCT opportunity_id) FILTER (WHERE open_now)::INTEGER AS open
FROM (SELECT id AS opportunity_id, stage, status = 'open' AS open_now FROM opportunities
  UNION ALL SELECT opportunity_id, stage, false FROM stage_history)
WHERE stage IS NOT NULL
GROUP BY stage ORDER BY n DESC, stage`;

interface StageFacts {
  stage: string;
  /** Median rank of the stage's first entry among each opportunity's stages, by entry time. */
  position: number | null;
  /** Mean exported probability of the open opportunities at the stage now. */
  probability: number | null;
  n: number;
  won: number;
  lost: number;
  /** Some opportunity entered another stage after its last entry into this one. */
  moved_on: boolean;
  [key: string]: string | number | boolean | null;
}

/**
 * One row per stage value, in inferred order: by history, else by probability, else by first
 * row in the opportunities file. A stage no deal has an entry for comes before those with
 * entries: deals start there, and its entry date is the creation date, which wide exports
 * (Maven's engage_date, and no prospecting date) do not repeat as a stage date. Probabilities average open deals only: a closed deal that keeps
 * its stage carries the CRM's 0 or 100 %, not the stage's preset.
 */
const STAGE_FACTS_SQL = `
WITH first_entries AS (
  SELECT opportunity_id, stage, entered_ts, _row FROM stage_history WHERE stage IS NOT NULL
  QUALIFY row_number() OVER (PARTITION BY opportunity_id, stage ORDER BY entered_ts, _row) = 1),
positions AS (
  SELECT stage, _row,
    dense_rank() OVER (PARTITION BY opportunity_id ORDER BY entered_ts, _row) AS pos
  FROM first_entries),
by_history AS (
  SELECT stage, median(pos)::DOUBLE AS position, min(_row) AS first_row
  FROM positions GROUP BY stage),
last_entries AS (
  SELECT opportunity_id, stage, max(entered_ts) AS last_ts,
    max(max(entered_ts)) OVER (PARTITION BY opportunity_id) AS opportunity_last_ts
  FROM stage_history WHERE stage IS NOT NULL GROUP BY opportunity_id, stage),
moved_on AS (SELECT DISTINCT stage, true AS moved_on FROM last_entries
  WHERE last_ts < opportunity_last_ts),
current AS (
  SELECT stage, count(*)::INTEGER AS n,
    count(*) FILTER (WHERE status = 'won')::INTEGER AS won,
    count(*) FILTER (WHERE status = 'lost')::INTEGER AS lost,
    avg(probability) FILTER (WHERE status = 'open') AS probability, min(_row) AS first_row
  FROM opportunities WHERE stage IS NOT NULL GROUP BY stage)
SELECT stage, h.position, c.probability, coalesce(c.n, 0) AS n, coalesce(c.won, 0) AS won,
  coalesce(c.lost, 0) AS lost, coalesce(m.moved_on, false) AS moved_on
FROM (SELECT stage FROM current UNION SELECT stage FROM by_history) s
LEFT JOIN by_history h USING (stage)
LEFT JOIN current c USING (stage)
LEFT JOIN moved_on m USING (stage)
ORDER BY h.position IS NOT NULL, h.position, c.probability NULLS LAST, c.first_row NULLS LAST,
  h.first_row, stage`;

/**
 * The import's vocabulary decides first; else a stage is a terminal when every opportunity at it
 * now has that outcome. Unless some opportunity moved on from it in the history: then it is an
 * open stage where closed deals kept their last stage.
 */
function terminalOf(facts: StageFacts): 'won' | 'lost' | null {
  const status = statusFromTerm(facts.stage);
  if (status === 'won' || status === 'lost') return status;
  if (facts.n === 0 || facts.moved_on) return null;
  if (facts.won === facts.n) return 'won';
  if (facts.lost === facts.n) return 'lost';
  return null;
}

/**
 * The stage model of data no built-in model covers (METRICS.md, "Dates and today"): open stages
 * ordered by the median position of their first entry over the opportunities with history, else
 * by mean exported probability, else by first appearance in the file; presets from the mean
 * exported probability.
 */
export async function inferStageModel(db: Database): Promise<StageModel> {
  const rows = await db.query<StageFacts>(STAGE_FACTS_SQL);
  const open: StageFacts[] = [];
  const won: string[] = [];
  const lost: string[] = [];
  for (const facts of rows) {
    const terminal = terminalOf(facts);
    if (terminal === 'won') won.push(facts.stage);
    else if (terminal === 'lost') lost.push(facts.stage);
    else open.push(facts);
  }
  const by = open.some((f) => f.position !== null)
    ? 'history'
    : open.some((f) => f.probability !== null)
      ? 'probability'
      : 'first-appearance';
  const stages: ModelStage[] = open.map((f) => ({
    name: f.stage,
    members: [f.stage],
    preset: f.probability,
  }));
  return { source: { kind: 'inferred', by }, stages, won, lost };
}

/** The model for freshly imported data: a matching built-in model, else the inferred one. */
export async function chooseStageModel(
  db: Database,
): Promise<{ model: StageModel; unplaced: string[]; coverage: number | null }> {
  const found = await db.query<StageCount & Row>(STAGE_COUNTS_SQL);
  const match = matchBuiltInModel(found);
  const model = match?.model ?? (await inferStageModel(db));
  const unplaced = unplacedStages(
    model,
    found.map((f) => f.stage),
  );
  return { model, unplaced, coverage: match?.coverage ?? null };
}
