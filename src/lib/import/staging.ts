import type { Database } from '../db/database.ts';
import { HISTORY_TABLE_SQL } from './build-history.ts';
import { FILE_ROLES } from './guess-role.ts';
import type { ImportRecipe } from './import-options.ts';
import { EMPTY_REJECTED_SQL, rejectedTableOf } from './raw-table.ts';
import { STATUS_TERMS } from './status-terms.ts';
import { SIMPLIFIED, TRADITIONAL } from './traditional-chinese.ts';
import { VALUE_MACROS } from './value-sql.ts';

/** Staged table → the table the analyses read once an import succeeds. */
const PUBLISHED: Record<string, string> = {
  staged_opportunities: 'opportunities',
  staged_history: 'stage_history',
  staged_accounts: 'accounts',
  staged_owners: 'owners',
  import_problems: 'problems',
  ...Object.fromEntries(FILE_ROLES.map((role) => [rejectedTableOf(role), `rejected_${role}`])),
};

/** What a failed import may leave behind. */
const SCRATCH = [
  ...FILE_ROLES.map((role) => `raw_${role}`),
  ...['opp_typed', 'import_status_words', 'wide_parsed', 'hist_typed'],
];

/** Fresh staging tables, the value macros, and the status vocabulary (built-in plus the user's). */
export async function setUpStaging(db: Database, recipe: ImportRecipe): Promise<void> {
  for (const macro of VALUE_MACROS) await db.exec(macro);
  await db.exec(
    `CREATE OR REPLACE TEMP MACRO fc_term(raw) AS regexp_replace(
       lower(translate(trim(raw), '${TRADITIONAL}', '${SIMPLIFIED}')), '[[:space:]_-]', '', 'g');
     CREATE OR REPLACE TABLE import_problems (file VARCHAR, "row" INTEGER, "column" VARCHAR,
       value VARCHAR, code VARCHAR, rejected BOOLEAN);
     CREATE OR REPLACE TABLE staged_accounts (account VARCHAR);
     CREATE OR REPLACE TABLE staged_owners (owner VARCHAR);
     CREATE OR REPLACE TEMP TABLE import_status_terms (term VARCHAR, status VARCHAR);
     ${HISTORY_TABLE_SQL};
     ${FILE_ROLES.map(EMPTY_REJECTED_SQL).join('; ')}`,
  );
  const terms = new Map<string, string>(STATUS_TERMS.map(([term, status]) => [term, status]));
  for (const [value, status] of Object.entries(recipe.statusValues ?? {})) {
    const [row] = await db.query<{ term: string }>('SELECT fc_term(?) AS term', [value]);
    if (row) terms.set(row.term, status);
  }
  const pairs = [...terms];
  await db.query(
    `INSERT INTO import_status_terms VALUES ${pairs.map(() => '(?, ?)').join(', ')}`,
    pairs.flat(),
  );
}

/** Replaces the published tables by the staged ones in one transaction. */
export async function publishStaging(db: Database): Promise<void> {
  const renames = Object.entries(PUBLISHED).map(
    ([staged, published]) =>
      `DROP TABLE IF EXISTS ${published}; ALTER TABLE ${staged} RENAME TO ${published}`,
  );
  try {
    await db.exec(`BEGIN TRANSACTION; ${renames.join('; ')}; COMMIT`);
  } catch (error) {
    // A failed statement leaves the transaction open, the renames before it visible.
    await db.exec('ROLLBACK');
    throw error;
  }
  await dropAll(db, SCRATCH);
}

/** Drops everything a failed import staged; the published tables are untouched. */
export async function discardStaging(db: Database): Promise<void> {
  await dropAll(db, [...Object.keys(PUBLISHED), ...SCRATCH]);
}

async function dropAll(db: Database, tables: string[]): Promise<void> {
  await db.exec(tables.map((t) => `DROP TABLE IF EXISTS ${t}`).join('; '));
}
