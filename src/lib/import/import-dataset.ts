import { compressTables, type Database, type Row } from '../db/database.ts';
import { importedRows } from './imported-rows.ts';
import { ident } from '../db/sql.ts';
import {
  ACCOUNTS_FILE,
  buildLookup,
  joinFields,
  OWNERS_FILE,
  type LookupFile,
  type LookupMatches,
} from './build-lookup.ts';
import { buildLongHistory, buildWideHistory } from './build-history.ts';
import { buildOpportunities } from './build-opportunities.ts';
import type { ColumnMapping } from './column-mapping.ts';
import { FIELDS_FOR_ROLE } from './fields-for-role.ts';
import type { FileRole } from './guess-role.ts';
import { ImportError, type RejectedLine } from './import-error.ts';
import type { FileRecipe, ImportRecipe } from './import-options.ts';
import { prepareFile, type PreparedFile } from './prepare-file.ts';
import type { Problem, ProblemCode } from './problems.ts';
import { discardStaging, publishStaging, setUpStaging } from './staging.ts';
import { loadRawTable, type RawTable } from './raw-table.ts';
import { resolveMapping } from './resolve-mapping.ts';
import { FileReadError } from './tabular.ts';
import { wideStageDates } from './wide-stage-dates.ts';

export interface SourceFile {
  fileName: string;
  bytes: Uint8Array;
}

export type ImportSources = { opportunities: SourceFile } & Partial<Record<FileRole, SourceFile>>;

export interface FileReport {
  role: FileRole;
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
  /** With an accounts file: how many opportunities' accounts it has. */
  accountMatches?: LookupMatches;
  owners: FileReport | null;
  /** With a sales team's file: how many opportunities' owners it lists. */
  ownerMatches?: LookupMatches;
  stageDates: Array<{ stage: string; column: string }>;
  historyRows: number;
  problemCount: number;
  problemCounts: Partial<Record<ProblemCode, number>>;
  /** The first problems, in file and row order; all of them stay in the `problems` table. */
  problems: Problem[];
}

/** The files an import read, the opportunities first. */
export const reportFiles = (report: ImportReport): FileReport[] =>
  [report.opportunities, report.history, report.accounts, report.owners].filter(
    (file): file is FileReport => file !== null && file !== undefined,
  );

/** What an import is doing: three phases per file, then publishing, then (`publishImport`) deriving. */
export type ImportPhase = 'reading' | 'loading' | 'checking' | 'publishing' | 'deriving';
export type ProgressListener = (phase: ImportPhase, file: string) => void;

/** How many phases an import of `files` files goes through, from reading to deriving. */
export const importPhaseCount = (files: number): number => 3 * files + 2;

const SHOWN_PROBLEMS = 1000;

/** Each role's staged table: the loaded rows a file report counts. */
const LOADED: Record<FileRole, string> = {
  opportunities: 'staged_opportunities',
  history: `staged_history WHERE _source = 'history'`,
  accounts: 'staged_accounts',
  owners: 'staged_owners',
};

interface LoadedFile {
  prepared: PreparedFile;
  raw: RawTable;
  mapping: ColumnMapping;
}

async function load(
  db: Database,
  role: FileRole,
  source: SourceFile,
  recipe: FileRecipe,
  progress: ProgressListener,
): Promise<LoadedFile> {
  progress('reading', source.fileName);
  const unreadable = cannotRead(source.fileName, source.bytes.length);
  const prepared = await prepareFile(source.fileName, source.bytes, recipe).catch(unreadable);
  progress('loading', source.fileName);
  const raw = await loadRawTable(db, prepared, role).catch(unreadable);
  if (prepared.replacementChars > 0) {
    await db.query(
      `INSERT INTO import_problems VALUES (?, NULL, NULL, ?, 'encoding_replacement', false)`,
      [raw.file, `${prepared.encoding}: ${prepared.replacementChars}`],
    );
  }
  progress('checking', source.fileName);
  return { prepared, raw, mapping: resolveMapping(raw, role, recipe.map) };
}

async function count(db: Database, from: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${from}`);
  return row?.n ?? 0;
}

async function fileReport(
  db: Database,
  { prepared, raw, mapping }: LoadedFile,
): Promise<FileReport> {
  return {
    role: raw.role,
    file: prepared.fileName,
    format: prepared.format,
    encoding: prepared.encoding,
    delimiter: prepared.delimiter,
    headers: raw.headers,
    rows: await count(db, LOADED[raw.role]),
    rejected: await count(db, raw.rejectedTable),
    mapping: Object.fromEntries(
      FIELDS_FOR_ROLE[raw.role].flatMap((field) =>
        mapping[field] ? [[field, mapping[field]]] : [],
      ),
    ),
  };
}

/** How engines and browsers word running out of memory (DuckDB, WebAssembly, V8). */
const OUT_OF_MEMORY =
  /out of memory|memory access out of bounds|could not allocate|array buffer allocation failed|invalid (array|string) length/i;

const megabytes = (bytes: number) => `${Math.round(bytes / 2 ** 20).toLocaleString('en')} MB`;

/**
 * Any other failure while reading a file (the engine's, out of memory) still names the file; past
 * what the tab can hold it says how big the file was and what to do instead.
 */
function cannotRead(file: string, size: number) {
  return (error: unknown): never => {
    if (error instanceof FileReadError || error instanceof ImportError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (OUT_OF_MEMORY.test(message)) {
      throw new ImportError(
        file,
        `at ${megabytes(size)} the file is more than this browser tab can hold: export fewer columns or rows, or load it with the command line (npm run funnelcast -- metrics or publish), which has no such limit`,
      );
    }
    throw new ImportError(file, `cannot read the file (${message.split('\n')[0]!.trim()})`);
  };
}

/** Rejected lines an import that loads nothing hands back for download. */
const MAX_KEPT_LINES = 100_000;

/** An import must bring at least one opportunity: it replaces the data on screen. */
async function requireOpportunities(db: Database, { prepared, raw }: LoadedFile): Promise<void> {
  if ((await count(db, 'staged_opportunities')) > 0) return;
  const rejected = await db.query<{ code: string; n: number }>(
    `SELECT code, count(*)::INTEGER AS n FROM ${raw.rejectedTable} GROUP BY code ORDER BY code`,
  );
  if (rejected.length === 0) throw new ImportError(raw.file, 'no opportunities below the header');
  const total = rejected.reduce((sum, r) => sum + r.n, 0);
  const reasons = rejected.map((r) => `${r.code} ${r.n}`).join(', ');
  const encoding =
    prepared.replacementChars > 0
      ? `; ${prepared.replacementChars} characters are not ${prepared.encoding}: check the encoding`
      : '';
  const rows = await db.query<Row>(
    `SELECT _row, code, _text, ${raw.columns.join(', ') || 'NULL AS c1'} FROM ${raw.rejectedTable}
     ORDER BY _row LIMIT ${MAX_KEPT_LINES}`,
  );
  const lines = rows.map((r): RejectedLine => ({
    row: Number(r._row),
    code: String(r.code),
    cells: raw.columns.map((c) => (r[c] === null || r[c] === undefined ? null : String(r[c]))),
    text: r._text === null ? null : String(r._text),
  }));
  throw new ImportError(
    raw.file,
    `no opportunity could be loaded: all ${total} rows were rejected (${reasons})${encoding}`,
    { headers: raw.headers, lines },
  );
}

/** A file's cells, once its rows are typed and its rejected rows kept: memory back for the next. */
async function dropRaw(db: Database, raw: RawTable): Promise<void> {
  await db.exec(`DROP TABLE ${ident(raw.table)}`);
}

function requireMapped(loaded: LoadedFile, fields: string[], message: string): void {
  if (!fields.some((field) => loaded.mapping[field]))
    throw new ImportError(loaded.raw.file, message);
}

/**
 * Reads the files, maps and checks every column, and publishes `opportunities`, `stage_history`,
 * `accounts`, `owners`, `problems` and the `rejected_*` tables in one step: until then, and whenever
 * anything fails, the previous data stays as it was.
 */
export async function importDataset(
  db: Database,
  sources: ImportSources,
  recipe: ImportRecipe = {},
  progress: ProgressListener = () => {},
): Promise<ImportReport> {
  try {
    await setUpStaging(db, recipe);
    const opp = await load(
      db,
      'opportunities',
      sources.opportunities,
      recipe.opportunities ?? {},
      progress,
    );
    requireMapped(
      opp,
      ['stage', 'status', 'is_won', 'is_closed'],
      'neither a stage nor a status column: map one of them',
    );
    await buildOpportunities(db, opp.raw, opp.mapping, recipe.opportunities ?? {});
    await requireOpportunities(db, opp);
    const stageDates = await wideStageDates(db, opp.raw, opp.mapping, recipe.stageDates);
    await buildWideHistory(db, opp.raw, stageDates, recipe.opportunities ?? {});
    await dropRaw(db, opp.raw);
    const reports: Partial<Record<FileRole, FileReport>> = {
      opportunities: await fileReport(db, opp),
    };
    const matches: Partial<Record<LookupFile['role'], LookupMatches>> = {};
    // The sales team's regions come first: they are where a deal is sold, the accounts' where
    // its customer is.
    for (const lookup of [OWNERS_FILE, ACCOUNTS_FILE]) {
      const source = sources[lookup.role];
      if (!source) continue;
      const fileRecipe = recipe[lookup.role] ?? {};
      const loaded = await load(db, lookup.role, source, fileRecipe, progress);
      requireMapped(loaded, joinFields(lookup), `no ${lookup.column} name or id column to join by`);
      matches[lookup.role] = await buildLookup(db, lookup, loaded.raw, loaded.mapping, fileRecipe);
      await dropRaw(db, loaded.raw);
      reports[lookup.role] = await fileReport(db, loaded);
    }
    if (sources.history) {
      const hist = await load(db, 'history', sources.history, recipe.history ?? {}, progress);
      for (const field of ['opportunity_id', 'stage', 'entered_at']) {
        requireMapped(hist, [field], `no ${field} column in the stage history`);
      }
      await buildLongHistory(db, hist.raw, hist.mapping, recipe.history ?? {});
      await dropRaw(db, hist.raw);
      reports.history = await fileReport(db, hist);
    }
    progress('publishing', opp.raw.file);
    await publishStaging(db);
    // The derived tables are built next: they fit beside these compressed, not beside raw ones.
    await compressTables(db, importedRows(reports.opportunities!, reports.history ?? null));
    return {
      opportunities: reports.opportunities!,
      history: reports.history ?? null,
      accounts: reports.accounts ?? null,
      ...(matches.accounts && { accountMatches: matches.accounts }),
      owners: reports.owners ?? null,
      ...(matches.owners && { ownerMatches: matches.owners }),
      stageDates,
      historyRows: await count(db, 'stage_history'),
      ...(await summarizeProblems(db)),
    };
  } catch (error) {
    await discardStaging(db);
    throw error;
  }
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
