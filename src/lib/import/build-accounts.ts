import type { Database } from '../db/database.ts';
import { ident } from '../db/sql.ts';
import { ACCOUNT_FIELDS, ACCOUNT_FIELD_NAMES } from '../model/schema.ts';
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
  typedColumn,
  type ColumnPlan,
} from './typed-columns.ts';

/**
 * Builds `staged_accounts` and fills the opportunities' blank industry, region, annual revenue and
 * class from it, joined by account name. A value the opportunities file has is never overwritten.
 */
export async function buildAccounts(
  db: Database,
  raw: RawTable,
  mapping: ColumnMapping,
  recipe: FileRecipe,
): Promise<void> {
  const plans: ColumnPlan[] = [];
  for (const field of ACCOUNT_FIELD_NAMES) {
    const match = mapping[field];
    if (!match) continue;
    const column = rawColumnOf(raw, match.column);
    plans.push(
      await planColumn(db, raw, field, ACCOUNT_FIELDS[field].kind, column, recipe.dateOrder),
    );
  }
  const present = ACCOUNT_FIELD_NAMES.filter((field) => plans.some((p) => p.field === field));
  const columns = ACCOUNT_FIELD_NAMES.map((field) => {
    const type = SQL_TYPE[ACCOUNT_FIELDS[field].kind];
    return present.includes(field)
      ? `p.${ident(typedColumn(field))}::${type} AS ${field}`
      : `NULL::${type} AS ${field}`;
  });
  const scratch = await parseColumns(db, raw, plans, 'staged_accounts', {
    columns: ['p._row', ...columns],
  });
  await dropColumns(db, 'staged_accounts', scratch);
  await rejectRows(db, raw, 'staged_accounts', [
    {
      code: 'duplicate_account',
      column: mapping.account?.column ?? null,
      value: 'account',
      where: `_row IN (SELECT _row FROM (SELECT _row, row_number() OVER (PARTITION BY account ORDER BY _row) AS k
               FROM staged_accounts) WHERE k > 1)`,
    },
  ]);
  const filled = present.filter((field) => field !== 'account');
  if (filled.length > 0) {
    await db.exec(
      `UPDATE staged_opportunities o SET ${filled.map((c) => `${c} = coalesce(o.${c}, a.${c})`).join(', ')}
       FROM staged_accounts a WHERE a.account = o.account`,
    );
  }
}
