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

/** Of the opportunities that name an account, how many the accounts file has. */
export interface AccountMatches {
  matched: number;
  withAccount: number;
}

/**
 * Builds `staged_accounts` and fills the opportunities' blank industry, region, annual revenue and
 * class from it, joined by account id or name (an opportunity's account column holds either). A
 * value the opportunities file has is never overwritten, but for an account id, which becomes the
 * account's name.
 */
export async function buildAccounts(
  db: Database,
  raw: RawTable,
  mapping: ColumnMapping,
  recipe: FileRecipe,
): Promise<AccountMatches> {
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
  // An account is its id where the file has ids, else its name.
  const key = present.includes('account_id') ? 'account_id' : 'account';
  await rejectRows(db, raw, 'staged_accounts', [
    {
      code: 'duplicate_account',
      column: mapping[key]?.column ?? null,
      value: key,
      where: `_row IN (SELECT _row FROM (SELECT _row, row_number() OVER (PARTITION BY ${key} ORDER BY _row) AS k
               FROM staged_accounts WHERE ${key} IS NOT NULL) WHERE k > 1)`,
    },
  ]);
  // Every id and name an opportunity may give, each once: an id before a name, the first row first.
  await db.exec(`CREATE OR REPLACE TEMP TABLE account_keys AS
    SELECT key, _row FROM (
      SELECT account_id AS key, 0 AS kind, _row FROM staged_accounts WHERE account_id IS NOT NULL
      UNION ALL
      SELECT account AS key, 1 AS kind, _row FROM staged_accounts WHERE account IS NOT NULL)
    QUALIFY row_number() OVER (PARTITION BY key ORDER BY kind, _row) = 1`);
  const [matches] = await db.query<{ matched: number; with_account: number }>(
    `SELECT count(k.key)::INTEGER AS matched, count(o.account)::INTEGER AS with_account
     FROM staged_opportunities o LEFT JOIN account_keys k ON k.key = o.account`,
  );
  const sets = present
    .filter((field) => field !== 'account' && field !== 'account_id')
    .map((c) => `${c} = coalesce(o.${c}, a.${c})`);
  // A deal that names its account by id (Salesforce's AccountId) shows, filters and groups by the
  // account's name instead, where the file gives one: an id says nothing to a director.
  if (present.includes('account_id') && present.includes('account')) {
    sets.push('account = coalesce(a.account, o.account)');
  }
  if (sets.length > 0) {
    await db.exec(
      `UPDATE staged_opportunities o SET ${sets.join(', ')}
       FROM account_keys k JOIN staged_accounts a USING (_row) WHERE k.key = o.account`,
    );
  }
  await db.exec('DROP TABLE account_keys');
  return { matched: matches?.matched ?? 0, withAccount: matches?.with_account ?? 0 };
}
