import type { Database } from '../db/database.ts';
import { ident } from '../db/sql.ts';
import { HISTORY_FIELDS, HISTORY_FIELD_NAMES } from '../model/schema.ts';
import type { ColumnMapping } from './column-mapping.ts';
import type { FileRecipe } from './import-options.ts';
import { rejectRows } from './reject-rows.ts';
import type { RawTable } from './raw-table.ts';
import { rawColumnOf } from './resolve-mapping.ts';
import {
  dropColumns,
  parseColumns,
  planColumn,
  typedColumn,
  type ColumnPlan,
} from './typed-columns.ts';

export const HISTORY_TABLE_SQL = `CREATE OR REPLACE TABLE staged_history (
  opportunity_id VARCHAR, stage VARCHAR, entered_at DATE, entered_ts TIMESTAMP,
  amount DOUBLE, close_date DATE, _row INTEGER, _source VARCHAR)`;

/** Long history (one row per stage entry): typed, with rows for unknown ids or without a date rejected. */
export async function buildLongHistory(
  db: Database,
  raw: RawTable,
  mapping: ColumnMapping,
  recipe: FileRecipe,
): Promise<void> {
  const plans: ColumnPlan[] = [];
  for (const field of HISTORY_FIELD_NAMES) {
    const match = mapping[field];
    if (!match) continue;
    const column = rawColumnOf(raw, match.column);
    plans.push(
      await planColumn(db, raw, field, HISTORY_FIELDS[field].kind, column, recipe.dateOrder),
    );
  }
  const has = (field: string) => plans.some((p) => p.field === field);
  const f = (field: string, type: string) =>
    has(field) ? `p.${ident(typedColumn(field))}::${type}` : `NULL::${type}`;
  const scratch = await parseColumns(db, raw, plans, 'hist_typed', {
    columns: [
      `${f('opportunity_id', 'VARCHAR')} AS opportunity_id`,
      `${f('stage', 'VARCHAR')} AS stage`,
      `${f('entered_at', 'DATE')} AS entered_at`,
      `${f('entered_at', 'TIMESTAMP')} AS entered_ts`,
      `${f('amount', 'DOUBLE')} AS amount`,
      `${f('close_date', 'DATE')} AS close_date`,
      'p._row',
      `'history' AS _source`,
    ],
  });
  await dropColumns(db, 'hist_typed', scratch);
  const header = (field: string) => mapping[field]?.column ?? null;
  await rejectRows(db, raw, 'hist_typed', [
    {
      code: 'missing_stage_and_status',
      column: header('stage'),
      value: 'NULL',
      where: 'stage IS NULL',
    },
    {
      code: 'unknown_opportunity',
      column: header('opportunity_id'),
      value: 'opportunity_id',
      where: `opportunity_id IS NULL OR opportunity_id NOT IN (SELECT id FROM staged_opportunities)`,
    },
    {
      code: 'missing_history_date',
      column: header('entered_at'),
      value: 'NULL',
      where: 'entered_ts IS NULL',
    },
  ]);
  // With no history from stage-date columns before it, the typed table becomes the history as is.
  const [wide] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM staged_history`);
  await db.exec(
    wide?.n
      ? `INSERT INTO staged_history SELECT * FROM hist_typed; DROP TABLE hist_typed`
      : `DROP TABLE staged_history; ALTER TABLE hist_typed RENAME TO staged_history`,
  );
}

/** Wide history: a column per stage holding the date the deal entered it (HubSpot, Maven). */
export async function buildWideHistory(
  db: Database,
  raw: RawTable,
  stageDates: Array<{ stage: string; column: string }>,
  recipe: FileRecipe,
): Promise<void> {
  if (stageDates.length === 0) return;
  const plans: ColumnPlan[] = [];
  for (const [i, { column }] of stageDates.entries()) {
    plans.push(
      await planColumn(db, raw, `stage_${i}`, 'date', rawColumnOf(raw, column), recipe.dateOrder),
    );
  }
  await parseColumns(db, raw, plans, 'wide_parsed');
  for (const [i, { stage }] of stageDates.entries()) {
    const typed = ident(`stage_${i}`);
    await db.query(
      `INSERT INTO staged_history SELECT o.id, ?, w.${typed}::DATE, w.${typed}, NULL, NULL, w._row, 'wide'
       FROM wide_parsed w JOIN staged_opportunities o USING (_row) WHERE w.${typed} IS NOT NULL`,
      [stage],
    );
  }
  await db.exec('DROP TABLE wide_parsed');
}
