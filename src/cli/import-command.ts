import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Database } from '../lib/db/database.ts';
import { importDataset, type FileReport, type ImportReport } from '../lib/import/import-dataset.ts';
import { ImportError } from '../lib/import/import-error.ts';
import { translate } from '../lib/i18n/translate.ts';
import type { ImportArgs } from './parse-args.ts';

/** Past this a gzipped file is refused: a few KB can unpack to more than a process holds. */
const MAX_GUNZIPPED = 2 ** 31 - 1;

function gunzipped(path: string, bytes: Buffer): Uint8Array {
  try {
    return new Uint8Array(gunzipSync(bytes, { maxOutputLength: MAX_GUNZIPPED }));
  } catch (error) {
    const tooBig = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw new ImportError(
      path,
      tooBig
        ? 'unpacks to more than 2 GB: unpack it yourself and import the file'
        : `not a valid gzip file (${(error as Error).message})`,
    );
  }
}

/** A file from disk; a gzipped one (`export.csv.gz`) is read as what it holds. */
function readSource(path: string) {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new ImportError(
      path,
      `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    return { fileName: basename(path), bytes: new Uint8Array(bytes) };
  }
  return { fileName: basename(path).replace(/\.gz$/i, ''), bytes: gunzipped(path, bytes) };
}

/** Runs the browser's import on files from disk. */
export async function runImport(db: Database, args: ImportArgs): Promise<ImportReport> {
  return importDataset(
    db,
    {
      opportunities: readSource(args.opportunities),
      history: args.history === undefined ? undefined : readSource(args.history),
      accounts: args.accounts === undefined ? undefined : readSource(args.accounts),
    },
    args.recipe,
  );
}

const fileJson = (report: FileReport) => ({
  file: report.file,
  format: report.format,
  encoding: report.encoding,
  rows: report.rows,
  rejected: report.rejected,
  mapping: report.mapping,
});

/** The JSON the `import` command prints. */
export function importJson(report: ImportReport) {
  return {
    encoding: report.opportunities.encoding,
    opportunities: fileJson(report.opportunities),
    history:
      report.history === null && report.stageDates.length === 0
        ? null
        : {
            ...(report.history ? fileJson(report.history) : { rows: 0, rejected: 0 }),
            entries: report.historyRows,
            stageDates: report.stageDates,
          },
    accounts: report.accounts === null ? null : fileJson(report.accounts),
    problemCount: report.problemCount,
    problemCounts: report.problemCounts,
    problems: report.problems.map(({ code, ...problem }) => ({
      ...problem,
      code,
      reason: translate('en', `problem.${code}`),
    })),
  };
}
