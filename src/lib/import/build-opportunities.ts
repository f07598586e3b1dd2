import type { Database } from '../db/database.ts';
import { ident } from '../db/sql.ts';
import { OPPORTUNITY_FIELDS, OPPORTUNITY_FIELD_NAMES } from '../model/schema.ts';
import { SQL_TYPE } from './canonical-types.ts';
import type { ColumnMapping } from './column-mapping.ts';
import type { FileRecipe } from './import-options.ts';
import { rejectRows } from './reject-rows.ts';
import type { RawTable } from './raw-table.ts';
import { rawColumnOf } from './resolve-mapping.ts';
import {
  parseColumns,
  planColumn,
  recordProblems,
  typedColumn,
  type ColumnPlan,
} from './typed-columns.ts';

const STATUS_FLAGS = ['is_won', 'is_closed'] as const;

/**
 * Builds `staged_opportunities` from the raw table: typed canonical columns, status from the
 * terminal stage or the status column, generated ids when the file has none, duplicate ids and
 * unplaceable rows rejected. Every decision that is not obvious lands in `import_problems`.
 */
export async function buildOpportunities(
  db: Database,
  raw: RawTable,
  mapping: ColumnMapping,
  recipe: FileRecipe,
): Promise<void> {
  const plans: ColumnPlan[] = [];
  for (const field of OPPORTUNITY_FIELD_NAMES) {
    const match = mapping[field];
    if (!match) continue;
    const column = rawColumnOf(raw, match.column);
    plans.push(
      await planColumn(db, raw, field, OPPORTUNITY_FIELDS[field].kind, column, recipe.dateOrder),
    );
  }
  for (const flag of STATUS_FLAGS) {
    const match = mapping[flag];
    if (match) plans.push(await planColumn(db, raw, flag, 'text', rawColumnOf(raw, match.column)));
  }
  await parseColumns(db, raw, plans, 'opp_parsed');

  const has = (field: string) => plans.some((p) => p.field === field);
  const f = (field: string) => (has(field) ? ident(typedColumn(field)) : 'NULL::VARCHAR');
  const flagStatus = `CASE WHEN fc_bool(${f('is_won')}) THEN 'won'
    WHEN fc_bool(${f('is_closed')}) AND NOT coalesce(fc_bool(${f('is_won')}), false) THEN 'lost'
    WHEN fc_bool(${f('is_closed')}) = false THEN 'open' END`;
  const id = has('id') ? `coalesce(${f('id')}, 'row-' || _row)` : `'row-' || _row`;
  const currency = has('currency')
    ? `upper(${f('currency')})`
    : has('amount')
      ? `fc_amount_currency(r_amount)`
      : 'NULL';
  const columns = OPPORTUNITY_FIELD_NAMES.map((field) => {
    const type = SQL_TYPE[OPPORTUNITY_FIELDS[field].kind];
    if (field === 'id') return `${id} AS id`;
    if (field === 'currency') return `${currency}::VARCHAR AS currency`;
    if (field === 'status') {
      return `CASE WHEN s.status IN ('won', 'lost') THEN s.status
        WHEN coalesce(c.status, ${flagStatus}) IS NOT NULL THEN coalesce(c.status, ${flagStatus})
        WHEN ${f('stage')} IS NOT NULL THEN 'open' END AS status`;
    }
    return has(field) ? `${f(field)}::${type} AS ${field}` : `NULL::${type} AS ${field}`;
  });
  await db.exec(
    // Status words are looked up once per distinct value, not once per row.
    `CREATE OR REPLACE TABLE opp_typed AS
     WITH words AS (
       SELECT d.raw, t.status FROM (
         SELECT DISTINCT ${f('stage')} AS raw FROM opp_parsed
         UNION SELECT DISTINCT ${f('status')} FROM opp_parsed) d
       JOIN import_status_terms t ON t.term = fc_term(d.raw))
     SELECT ${columns.join(', ')}, p._row, s.status AS stage_status,
       coalesce(c.status, ${flagStatus}) AS column_status,
       ${has('status') ? 'p.r_status' : 'NULL::VARCHAR'} AS r_status
     FROM opp_parsed p
     LEFT JOIN words s ON s.raw = ${f('stage')}
     LEFT JOIN words c ON c.raw = ${f('status')}`,
  );

  const file = raw.file;
  const header = (field: string) => mapping[field]?.column ?? null;
  if (!has('id')) {
    await db.query(
      `INSERT INTO import_problems VALUES (?, NULL, NULL, NULL, 'generated_ids', false)`,
      [file],
    );
  } else {
    await recordProblems(
      db,
      'opp_parsed',
      file,
      header('id'),
      'generated_ids',
      `${f('id')} IS NULL`,
      'NULL',
    );
  }
  await db.exec('DROP TABLE opp_parsed');
  await recordProblems(
    db,
    'opp_typed',
    file,
    header('status'),
    'unknown_status',
    `status IS NOT NULL AND column_status IS NULL AND NOT fc_blank(r_status)`,
    'r_status',
  );
  await recordProblems(
    db,
    'opp_typed',
    file,
    header('status'),
    'status_conflict',
    `stage_status IN ('won', 'lost') AND column_status IS NOT NULL AND column_status <> stage_status`,
    'r_status',
  );
  await rejectRows(db, raw, 'opp_typed', [
    {
      code: 'unknown_status',
      column: header('status'),
      value: 'r_status',
      where: `status IS NULL AND NOT fc_blank(r_status)`,
    },
    { code: 'missing_stage_and_status', column: null, value: 'NULL', where: `status IS NULL` },
    {
      code: 'duplicate_id',
      column: header('id'),
      value: 'id',
      where: `_row IN (SELECT _row FROM (SELECT _row, row_number() OVER (PARTITION BY id ORDER BY _row) AS k
               FROM opp_typed WHERE status IS NOT NULL) WHERE k > 1)`,
    },
  ]);
  // Dropping columns shares the rest: a million-row copy saved.
  await db.exec(
    `ALTER TABLE opp_typed DROP COLUMN stage_status; ALTER TABLE opp_typed DROP COLUMN column_status;
     ALTER TABLE opp_typed DROP COLUMN r_status;
     DROP TABLE IF EXISTS staged_opportunities; ALTER TABLE opp_typed RENAME TO staged_opportunities`,
  );
  const currencies = await db.query<{ currency: string; n: number }>(
    `SELECT currency, count(*)::INTEGER AS n FROM staged_opportunities
     WHERE currency IS NOT NULL GROUP BY currency ORDER BY n DESC, currency`,
  );
  if (currencies.length > 1) {
    await db.query(
      `INSERT INTO import_problems VALUES (?, NULL, ?, ?, 'mixed_currencies', false)`,
      [
        file,
        header('currency') ?? header('amount'),
        currencies.map((c) => `${c.currency} ${c.n}`).join('; '),
      ],
    );
  }
}
