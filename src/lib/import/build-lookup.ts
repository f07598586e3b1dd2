import type { Database } from '../db/database.ts';
import { ident } from '../db/sql.ts';
import {
  ACCOUNT_FIELDS,
  OWNER_FIELDS,
  type FieldSpec,
  type OpportunityField,
} from '../model/schema.ts';
import { SQL_TYPE } from './canonical-types.ts';
import type { ColumnMapping } from './column-mapping.ts';
import type { FileRecipe } from './import-options.ts';
import type { ProblemCode } from './problems.ts';
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
 * A file that tells more about what the opportunities name in one column (their account, their
 * owner), each of its rows keyed by an id or a name.
 */
export interface LookupFile {
  role: 'accounts' | 'owners';
  fields: Record<string, FieldSpec>;
  table: string;
  /** The opportunities' column it is joined on, and the file's field holding the same name. */
  column: OpportunityField;
  /** The file's field holding what an export may put in that column instead of the name. */
  idField: string;
  duplicate: ProblemCode;
  /** Opportunity columns filled where blank, from the file's field of the same name. */
  fills: OpportunityField[];
  /** A name given in parts: its fields, and the SQL joining them where the name itself is blank. */
  nameParts?: { fields: string[]; sql: string };
}

export const ACCOUNTS_FILE: LookupFile = {
  role: 'accounts',
  fields: ACCOUNT_FIELDS,
  table: 'staged_accounts',
  column: 'account',
  idField: 'account_id',
  duplicate: 'duplicate_account',
  fills: ['industry', 'region', 'annual_revenue', 'customer_class'],
};

export const OWNERS_FILE: LookupFile = {
  role: 'owners',
  fields: OWNER_FIELDS,
  table: 'staged_owners',
  column: 'owner',
  idField: 'owner_id',
  duplicate: 'duplicate_owner',
  fills: ['team', 'region'],
  // Chinese names put the family name first, with no space: 王 + 芳 is 王芳.
  nameParts: {
    fields: ['first_name', 'last_name'],
    sql: `CASE WHEN first_name IS NULL OR last_name IS NULL THEN coalesce(last_name, first_name)
      WHEN regexp_full_match(last_name || first_name, '\\p{Han}+') THEN last_name || first_name
      ELSE first_name || ' ' || last_name END`,
  },
};

/** The file's fields that can join it to the opportunities: without one, it adds nothing. */
export const joinFields = (file: LookupFile): string[] => [
  file.column,
  file.idField,
  ...(file.nameParts?.fields ?? []),
];

/** Of the opportunities that fill the joined column, how many the file has. */
export interface LookupMatches {
  matched: number;
  total: number;
}

/**
 * Builds the file's staged table and fills the opportunities' blank columns from it, joined by
 * id or name (an opportunity's column holds either). A value the opportunities file has is never
 * overwritten, but for an id, which becomes the name the file gives it.
 */
export async function buildLookup(
  db: Database,
  file: LookupFile,
  raw: RawTable,
  mapping: ColumnMapping,
  recipe: FileRecipe,
): Promise<LookupMatches> {
  const names = Object.keys(file.fields);
  const plans: ColumnPlan[] = [];
  for (const field of names) {
    const match = mapping[field];
    if (!match) continue;
    const column = rawColumnOf(raw, match.column);
    plans.push(
      await planColumn(db, raw, field, file.fields[field]!.kind, column, recipe.dateOrder),
    );
  }
  const present = new Set(plans.map((p) => p.field));
  const columns = names.map((field) => {
    const type = SQL_TYPE[file.fields[field]!.kind];
    return present.has(field)
      ? `p.${ident(typedColumn(field))}::${type} AS ${field}`
      : `NULL::${type} AS ${field}`;
  });
  const scratch = await parseColumns(db, raw, plans, file.table, {
    columns: ['p._row', ...columns],
  });
  await dropColumns(db, file.table, scratch);
  const { column, idField } = file;
  if (file.nameParts?.fields.some((field) => present.has(field))) {
    await db.exec(
      `UPDATE ${file.table} SET ${column} = coalesce(${column}, ${file.nameParts.sql})`,
    );
    present.add(column);
  }
  // A row is its id where the file has ids, else its name.
  const key = present.has(idField) ? idField : column;
  await rejectRows(db, raw, file.table, [
    {
      code: file.duplicate,
      column: mapping[key]?.column ?? null,
      value: key,
      where: `_row IN (SELECT _row FROM (SELECT _row, row_number() OVER (PARTITION BY ${key} ORDER BY _row) AS k
               FROM ${file.table} WHERE ${key} IS NOT NULL) WHERE k > 1)`,
    },
  ]);
  // Every id and name an opportunity may give, each once: an id before a name, the first row first.
  await db.exec(`CREATE OR REPLACE TEMP TABLE lookup_keys AS
    SELECT key, _row FROM (
      SELECT ${idField} AS key, 0 AS kind, _row FROM ${file.table} WHERE ${idField} IS NOT NULL
      UNION ALL
      SELECT ${column} AS key, 1 AS kind, _row FROM ${file.table} WHERE ${column} IS NOT NULL)
    QUALIFY row_number() OVER (PARTITION BY key ORDER BY kind, _row) = 1`);
  const [matches] = await db.query<{ matched: number; total: number }>(
    `SELECT count(k.key)::INTEGER AS matched, count(o.${column})::INTEGER AS total
     FROM staged_opportunities o LEFT JOIN lookup_keys k ON k.key = o.${column}`,
  );
  const sets = file.fills
    .filter((field) => present.has(field))
    .map((c) => `${c} = coalesce(o.${c}, a.${c})`);
  // A deal that names its account or owner by id (Salesforce's AccountId, OwnerId) shows, filters
  // and groups by the name instead, where the file gives one: an id says nothing to a director.
  if (present.has(idField) && present.has(column)) {
    sets.push(`${column} = coalesce(a.${column}, o.${column})`);
  }
  if (sets.length > 0) {
    await db.exec(
      `UPDATE staged_opportunities o SET ${sets.join(', ')}
       FROM lookup_keys k JOIN ${file.table} a USING (_row) WHERE k.key = o.${column}`,
    );
  }
  await db.exec('DROP TABLE lookup_keys');
  return { matched: matches?.matched ?? 0, total: matches?.total ?? 0 };
}
