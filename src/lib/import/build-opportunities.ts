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
  dropColumns,
  parseColumns,
  planColumn,
  rawValueColumn,
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
  const has = (field: string) => plans.some((p) => p.field === field);
  const f = (field: string) => (has(field) ? `p.${ident(typedColumn(field))}` : 'NULL::VARCHAR');
  await statusWords(db, raw, plans);
  const flagStatus = `CASE WHEN fc_bool(${f('is_won')}) THEN 'won'
    WHEN fc_bool(${f('is_closed')}) AND NOT coalesce(fc_bool(${f('is_won')}), false) THEN 'lost'
    WHEN fc_bool(${f('is_closed')}) = false THEN 'open' END`;
  const id = has('id') ? `coalesce(${f('id')}, 'row-' || p._row)` : `'row-' || p._row`;
  const currency = has('currency')
    ? `upper(${f('currency')})`
    : has('amount')
      ? `fc_amount_currency(p.r_amount)`
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
  const flags = ['stage_status', 'column_status', ...(has('id') ? ['generated_id'] : [])];
  const scratch = await parseColumns(db, raw, plans, 'opp_typed', {
    columns: [
      ...columns,
      'p._row',
      's.status AS stage_status',
      `coalesce(c.status, ${flagStatus}) AS column_status`,
      ...(has('id') ? [`${f('id')} IS NULL AS generated_id`] : []),
    ],
    joins: `LEFT JOIN import_status_words s ON s.raw = ${f('stage')}
      LEFT JOIN import_status_words c ON c.raw = ${f('status')}`,
  });
  await db.exec('DROP TABLE import_status_words');

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
      'opp_typed',
      file,
      header('id'),
      'generated_ids',
      'generated_id',
      'NULL',
    );
  }
  const rawStatus = has('status') ? ident(rawValueColumn('status')) : 'NULL::VARCHAR';
  await recordProblems(
    db,
    'opp_typed',
    file,
    header('status'),
    'unknown_status',
    `status IS NOT NULL AND column_status IS NULL AND NOT fc_blank(${rawStatus})`,
    rawStatus,
  );
  await recordProblems(
    db,
    'opp_typed',
    file,
    header('status'),
    'status_conflict',
    `stage_status IN ('won', 'lost') AND column_status IS NOT NULL AND column_status <> stage_status`,
    rawStatus,
  );
  await rejectRows(db, raw, 'opp_typed', [
    {
      code: 'unknown_status',
      column: header('status'),
      value: rawStatus,
      where: `status IS NULL AND NOT fc_blank(${rawStatus})`,
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
  await dropColumns(db, 'opp_typed', [...flags, ...scratch]);
  await db.exec(
    `DROP TABLE IF EXISTS staged_opportunities; ALTER TABLE opp_typed RENAME TO staged_opportunities`,
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

/**
 * `import_status_words`: each distinct stage and status value the status vocabulary knows, with
 * the status it means; looked up once per distinct value, not once per row.
 */
async function statusWords(db: Database, raw: RawTable, plans: ColumnPlan[]): Promise<void> {
  const distinct = plans
    .filter((p) => p.field === 'stage' || p.field === 'status')
    .map(
      (p) => `SELECT DISTINCT ${p.expr} AS raw FROM (SELECT fc_trimmed(${ident(p.column)}) AS
        ${ident(p.column)} FROM (SELECT DISTINCT ${ident(p.column)} FROM ${ident(raw.table)}))`,
    );
  await db.exec(
    `CREATE OR REPLACE TEMP TABLE import_status_words AS
     SELECT d.raw, t.status FROM (${distinct.length ? distinct.join(' UNION ') : 'SELECT NULL::VARCHAR AS raw'}) d
     JOIN import_status_terms t ON t.term = fc_term(d.raw)`,
  );
}
