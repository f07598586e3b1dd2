import type { Database } from '../db/database.ts';
import { buildAccounts } from './build-accounts.ts';
import { buildLongHistory, buildWideHistory, HISTORY_TABLE_SQL } from './build-history.ts';
import { buildOpportunities } from './build-opportunities.ts';
import { findStageDateColumns, type ColumnMapping } from './column-mapping.ts';
import { ImportError } from './import-error.ts';
import type { FileRecipe, ImportRecipe } from './import-options.ts';
import { prepareFile, type PreparedFile } from './prepare-file.ts';
import type { Problem, ProblemCode } from './problems.ts';
import { loadRawTable, type RawTable } from './raw-table.ts';
import { resolveMapping } from './resolve-mapping.ts';
import { STATUS_TERMS } from './status-terms.ts';
import { VALUE_MACROS } from './value-sql.ts';

export interface SourceFile {
  fileName: string;
  bytes: Uint8Array;
}

export interface ImportSources {
  opportunities: SourceFile;
  history?: SourceFile;
  accounts?: SourceFile;
}

export interface FileReport {
  file: string;
  format: PreparedFile['format'];
  encoding: string | null;
  delimiter: string;
  headers: string[];
  rows: number;
  rejected: number;
  mapping: ColumnMapping;
}

export interface ImportReport {
  opportunities: FileReport;
  history: FileReport | null;
  accounts: FileReport | null;
  stageDates: Array<{ stage: string; column: string }>;
  historyRows: number;
  problemCount: number;
  problemCounts: Partial<Record<ProblemCode, number>>;
  /** The first problems, in file and row order; all of them stay in the `problems` table. */
  problems: Problem[];
}

export type ImportPhase = 'reading' | 'loading' | 'checking' | 'publishing';
export type ProgressListener = (phase: ImportPhase, file: string) => void;

const SHOWN_PROBLEMS = 1000;
const STAGING = [
  'staged_opportunities',
  'staged_history',
  'staged_accounts',
  'import_problems',
  'rejected_rows',
];
/** Published tables: a failed import leaves them as they were. */
export const PUBLISHED: Record<string, string> = {
  staged_opportunities: 'opportunities',
  staged_history: 'stage_history',
  staged_accounts: 'accounts',
  import_problems: 'problems',
  rejected_rows: 'rejected',
};

async function setUp(db: Database, recipe: ImportRecipe): Promise<void> {
  for (const macro of VALUE_MACROS) await db.exec(macro);
  await db.exec(
    `CREATE OR REPLACE TEMP MACRO fc_term(raw) AS regexp_replace(lower(trim(raw)), '[[:space:]_-]', '', 'g');
     CREATE OR REPLACE TABLE import_problems (file VARCHAR, "row" INTEGER, "column" VARCHAR,
       value VARCHAR, code VARCHAR, rejected BOOLEAN);
     CREATE OR REPLACE TABLE rejected_rows (file VARCHAR, "row" INTEGER, code VARCHAR, cells VARCHAR);
     CREATE OR REPLACE TABLE staged_accounts (account VARCHAR);
     CREATE OR REPLACE TEMP TABLE import_status_terms (term VARCHAR, status VARCHAR);
     ${HISTORY_TABLE_SQL}`,
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

async function load(
  db: Database,
  source: SourceFile,
  recipe: FileRecipe,
  table: string,
  progress: ProgressListener,
): Promise<{ prepared: PreparedFile; raw: RawTable }> {
  progress('reading', source.fileName);
  const prepared = await prepareFile(source.fileName, source.bytes, recipe);
  progress('loading', source.fileName);
  const raw = await loadRawTable(db, prepared, table);
  for (const { row, text } of raw.malformed) {
    await db.query(`INSERT INTO import_problems VALUES (?, ?, NULL, ?, 'malformed_row', true)`, [
      raw.file,
      row,
      text,
    ]);
    await db.query(
      `INSERT INTO rejected_rows VALUES (?, ?, 'malformed_row', to_json([?]::VARCHAR[]))`,
      [raw.file, row, text],
    );
  }
  if (prepared.replacementChars > 0) {
    await db.query(
      `INSERT INTO import_problems VALUES (?, NULL, NULL, ?, 'encoding_replacement', false)`,
      [raw.file, `${prepared.encoding}: ${prepared.replacementChars}`],
    );
  }
  return { prepared, raw };
}

function fileReport(
  prepared: PreparedFile,
  raw: RawTable,
  mapping: ColumnMapping,
  rows: number,
  rejected: number,
): FileReport {
  return {
    file: prepared.fileName,
    format: prepared.format,
    encoding: prepared.encoding,
    delimiter: prepared.delimiter,
    headers: raw.headers,
    rows,
    rejected,
    mapping,
  };
}

async function count(db: Database, sql: string, params: string[] = []): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql, params);
  return row?.n ?? 0;
}

/**
 * Reads the files, maps and checks every column, and publishes `opportunities`, `stage_history`,
 * `accounts`, `problems` and `rejected` in one step: until then the previous data stays in place.
 */
export async function importDataset(
  db: Database,
  sources: ImportSources,
  recipe: ImportRecipe = {},
  progress: ProgressListener = () => {},
): Promise<ImportReport> {
  try {
    await setUp(db, recipe);
    const opp = await load(
      db,
      sources.opportunities,
      recipe.opportunities ?? {},
      'raw_opportunities',
      progress,
    );
    progress('checking', opp.raw.file);
    const mapping = resolveMapping(opp.raw, 'opportunities', recipe.opportunities?.map);
    if (!mapping.stage && !mapping.status && !mapping.is_won && !mapping.is_closed) {
      throw new ImportError(opp.raw.file, 'neither a stage nor a status column: map one of them');
    }
    await buildOpportunities(db, opp.raw, mapping, recipe.opportunities ?? {});
    const stageDates = await wideStageDates(db, opp.raw, mapping, recipe);
    await buildWideHistory(db, opp.raw, stageDates, recipe.opportunities ?? {});

    let accounts: FileReport | null = null;
    if (sources.accounts) {
      const acct = await load(
        db,
        sources.accounts,
        recipe.accounts ?? {},
        'raw_accounts',
        progress,
      );
      const accountMapping = resolveMapping(acct.raw, 'accounts', recipe.accounts?.map);
      if (!accountMapping.account)
        throw new ImportError(acct.raw.file, 'no account column to join by');
      await buildAccounts(db, acct.raw, accountMapping, recipe.accounts ?? {});
      accounts = fileReport(
        acct.prepared,
        acct.raw,
        accountMapping,
        await count(db, 'SELECT count(*)::INTEGER AS n FROM staged_accounts'),
        await count(db, 'SELECT count(*)::INTEGER AS n FROM rejected_rows WHERE file = ?', [
          acct.raw.file,
        ]),
      );
    }
    let history: FileReport | null = null;
    if (sources.history) {
      const hist = await load(db, sources.history, recipe.history ?? {}, 'raw_history', progress);
      const historyMapping = resolveMapping(hist.raw, 'history', recipe.history?.map);
      for (const field of ['opportunity_id', 'stage', 'entered_at'] as const) {
        if (!historyMapping[field])
          throw new ImportError(hist.raw.file, `no ${field} column in the stage history`);
      }
      await buildLongHistory(db, hist.raw, historyMapping, recipe.history ?? {});
      history = fileReport(
        hist.prepared,
        hist.raw,
        historyMapping,
        await count(
          db,
          `SELECT count(*)::INTEGER AS n FROM staged_history WHERE _source = 'history'`,
        ),
        await count(db, 'SELECT count(*)::INTEGER AS n FROM rejected_rows WHERE file = ?', [
          hist.raw.file,
        ]),
      );
    }
    const opportunities = fileReport(
      opp.prepared,
      opp.raw,
      mapping,
      await count(db, 'SELECT count(*)::INTEGER AS n FROM staged_opportunities'),
      await count(db, 'SELECT count(*)::INTEGER AS n FROM rejected_rows WHERE file = ?', [
        opp.raw.file,
      ]),
    );
    progress('publishing', opp.raw.file);
    await publish(db);
    return {
      opportunities,
      history,
      accounts,
      stageDates,
      historyRows: await count(db, 'SELECT count(*)::INTEGER AS n FROM stage_history'),
      ...(await summarizeProblems(db)),
    };
  } catch (error) {
    await db.exec(STAGING.map((t) => `DROP TABLE IF EXISTS ${t}`).join('; '));
    throw error;
  } finally {
    await db.exec(
      ['raw_opportunities', 'raw_history', 'raw_accounts', 'opp_parsed']
        .map((t) => `DROP TABLE IF EXISTS ${t}`)
        .join('; '),
    );
  }
}

async function wideStageDates(
  db: Database,
  raw: RawTable,
  mapping: ColumnMapping,
  recipe: ImportRecipe,
): Promise<Array<{ stage: string; column: string }>> {
  if (recipe.stageDates) {
    return Object.entries(recipe.stageDates).map(([stage, column]) => {
      if (!raw.headers.includes(column))
        throw new ImportError(raw.file, `no column "${column}" for stage ${stage}`);
      return { stage, column };
    });
  }
  const stages = await db.query<{ stage: string }>(
    'SELECT DISTINCT stage FROM staged_opportunities WHERE stage IS NOT NULL ORDER BY stage',
  );
  const used = new Set(Object.values(mapping).map((m) => m.column));
  return findStageDateColumns(
    raw.headers.filter((h) => !used.has(h)),
    stages.map((s) => s.stage),
  ).map(({ stage, column }) => ({ stage, column }));
}

async function publish(db: Database): Promise<void> {
  const renames = Object.entries(PUBLISHED).map(
    ([staged, published]) =>
      `DROP TABLE IF EXISTS ${published}; ALTER TABLE ${staged} RENAME TO ${published}`,
  );
  await db.exec(`BEGIN TRANSACTION; ${renames.join('; ')}; COMMIT`);
}

async function summarizeProblems(
  db: Database,
): Promise<Pick<ImportReport, 'problemCount' | 'problemCounts' | 'problems'>> {
  const counts = await db.query<{ code: ProblemCode; n: number }>(
    'SELECT code, count(*)::INTEGER AS n FROM problems GROUP BY code ORDER BY code',
  );
  const problems = await db.query<Problem & Record<string, string | number | boolean | null>>(
    `SELECT file, "row", "column", value, code, rejected FROM problems
     ORDER BY file, "row" NULLS FIRST, "column" LIMIT ${SHOWN_PROBLEMS}`,
  );
  return {
    problemCount: counts.reduce((sum, c) => sum + c.n, 0),
    problemCounts: Object.fromEntries(counts.map((c) => [c.code, c.n])),
    problems,
  };
}
