import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { constants } from 'node:buffer';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Database } from '../lib/db/database.ts';
import {
  importDataset,
  type FileReport,
  type ImportReport,
  type ProgressListener,
} from '../lib/import/import-dataset.ts';
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

/** A gigabyte at a time: one read call is capped at 2 GB, the file only at what a Buffer holds. */
const READ_CHUNK = 2 ** 30;

function readOpen(path: string, fd: number): Buffer {
  const size = fstatSync(fd).size;
  if (size > constants.MAX_LENGTH) {
    const gb = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GB`;
    throw new ImportError(
      path,
      `${gb(size)}, more than the ${gb(constants.MAX_LENGTH)} the command line reads at once: split the file`,
    );
  }
  const bytes = Buffer.allocUnsafe(size);
  let read = 0;
  for (let n = 1; read < size && n > 0; read += n) {
    n = readSync(fd, bytes, read, Math.min(READ_CHUNK, size - read), read);
  }
  return bytes.subarray(0, read);
}

function readWhole(path: string): Buffer {
  try {
    const fd = openSync(path, 'r');
    try {
      return readOpen(path, fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ImportError(path, `cannot read the file (${code})`);
  }
}

/** A file from disk; a gzipped one (`export.csv.gz`) is read as what it holds. */
function readSource(path: string) {
  const bytes = readWhole(path);
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    // A view, not a copy: an export can be gigabytes.
    return {
      fileName: basename(path),
      bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    };
  }
  return { fileName: basename(path).replace(/\.gz$/i, ''), bytes: gunzipped(path, bytes) };
}

/** Runs the browser's import on files from disk. */
export async function runImport(
  db: Database,
  args: ImportArgs,
  progress?: ProgressListener,
): Promise<ImportReport> {
  return importDataset(
    db,
    {
      opportunities: readSource(args.opportunities),
      history: args.history === undefined ? undefined : readSource(args.history),
      accounts: args.accounts === undefined ? undefined : readSource(args.accounts),
      owners: args.owners === undefined ? undefined : readSource(args.owners),
    },
    args.recipe,
    progress,
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
    accounts:
      report.accounts === null
        ? null
        : {
            ...fileJson(report.accounts),
            opportunitiesMatched: report.accountMatches?.matched ?? 0,
            opportunitiesWithAccount: report.accountMatches?.total ?? 0,
          },
    owners:
      report.owners === null
        ? null
        : {
            ...fileJson(report.owners),
            opportunitiesMatched: report.ownerMatches?.matched ?? 0,
            opportunitiesWithOwner: report.ownerMatches?.total ?? 0,
          },
    problemCount: report.problemCount,
    problemCounts: report.problemCounts,
    problems: report.problems.map(({ code, ...problem }) => ({
      ...problem,
      code,
      reason: translate('en', `problem.${code}`),
    })),
  };
}
