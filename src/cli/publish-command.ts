import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../lib/db/database.ts';
import { literal } from '../lib/db/sql.ts';
import { chooseStageModel } from '../lib/model/infer-stage-order.ts';
import {
  APP_PAGE,
  bundlePages,
  bundleReport,
  bundleState,
  type BundleReport,
} from '../lib/publish/bundle-state.ts';
import { computePublished } from '../lib/publish/compute-published.ts';
import { ANALYSES_FILE, type PublishedAnalyses } from '../lib/publish/published-analyses.ts';
import {
  countRows,
  HISTORY,
  OPPORTUNITIES,
  publishedSelect,
  type PublishedTable,
} from '../lib/publish/published-tables.ts';
import { MANIFEST, siteFiles } from '../lib/publish/site-files.ts';
import { decodeState, type ReportState } from '../lib/state/url-state.ts';
import { runImport } from './import-command.ts';
import { deriveForAnalyses } from './metrics-command.ts';
import type { PublishArgs } from './parse-publish-args.ts';
import type { RunProgress } from './progress-lines.ts';

/** A publish that cannot go on; nothing was written. */
export class PublishError extends Error {}

/** The built site, beside the sources. */
export const DIST = fileURLToPath(new URL('../../dist', import.meta.url));

export interface PublishResult {
  out: string;
  rows: { opportunities: number; history: number };
  report: BundleReport;
}

function readSite(site: string): { page: string; files: string[] } {
  if (!existsSync(join(site, MANIFEST))) {
    throw new PublishError(`no built site in ${site}: run \`npm run build\` first`);
  }
  const page = readFileSync(join(site, 'index.html'), 'utf8');
  return { page, files: siteFiles(readFileSync(join(site, MANIFEST), 'utf8'), page) };
}

/** The state of `--link` (a whole link or its fragment), or the defaults. */
async function linkState(link = ''): Promise<ReportState> {
  const { state, notes } = await decodeState(link.slice(link.indexOf('#') + 1));
  if (notes.length > 0) throw new PublishError(`--link: ${notes.join('; ')}`);
  return state;
}

function place(folder: string, path: string): string {
  const target = join(folder, path);
  mkdirSync(dirname(target), { recursive: true });
  return target;
}

/** Native DuckDB writes the Parquet to a path of its own making, then it is copied into place. */
async function copyParquet(
  db: Database,
  tables: PublishedTable[],
  omit: readonly string[],
  folder: string,
): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'funnelcast-publish-'));
  try {
    for (const table of tables) {
      const path = join(scratch, basename(table.file));
      await db.exec(`COPY (${publishedSelect(table, omit)}) TO ${literal(path)} (FORMAT PARQUET)`);
      copyFileSync(path, place(folder, table.file));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Every analysis at the state the bundle opens with, for a page the data is too big for. */
async function analysesOf(
  db: Database,
  state: ReportState,
  rows: PublishedAnalyses['rows'],
  announce: (phase: 'deriving' | 'analysing') => void,
): Promise<PublishedAnalyses> {
  announce('deriving');
  const model = state.model ?? (await chooseStageModel(db)).model;
  const settings = { useHistory: state.useHistory, grading: state.grading };
  const grading = await deriveForAnalyses(db, model, settings, '--link');
  announce('analysing');
  return computePublished(db, model, state, grading, rows);
}

/**
 * Imports the files as the site does and writes the published bundle as a folder: the built site
 * (its page renamed app.html), the data as Parquet, every analysis at the link's state as JSON,
 * and the page that opens them. It is written into a temporary folder beside `out` and renamed
 * at the end, so `out` is whole or absent.
 */
export async function runPublish(
  db: Database,
  args: PublishArgs,
  { site = DIST, progress = () => {} }: { site?: string; progress?: RunProgress } = {},
): Promise<PublishResult> {
  const out = resolve(args.out);
  if (existsSync(out) && readdirSync(out).length > 0) {
    throw new PublishError(`${args.out} already exists and is not empty: choose another --out`);
  }
  const state = await linkState(args.link);
  const imported = await runImport(db, args, progress);
  const { page, files } = readSite(site);
  const rows = {
    opportunities: await countRows(db, OPPORTUNITIES),
    history: await countRows(db, HISTORY),
  };
  const report = await bundleReport(state, args.omit, rows.history > 0);
  const analyses = await analysesOf(
    db,
    bundleState(state, args.omit, rows.history > 0),
    rows,
    (phase) => progress(phase, imported.opportunities.file),
  );

  progress('writing', args.out);
  mkdirSync(dirname(out), { recursive: true });
  const temp = mkdtempSync(join(dirname(out), `.${basename(out)}-`));
  try {
    writeFileSync(place(temp, APP_PAGE), page);
    for (const file of files) copyFileSync(join(site, file), place(temp, file));
    const tables = rows.history > 0 ? [OPPORTUNITIES, HISTORY] : [OPPORTUNITIES];
    await copyParquet(db, tables, args.omit, temp);
    writeFileSync(place(temp, ANALYSES_FILE), JSON.stringify(analyses));
    for (const { path, text } of bundlePages(report)) writeFileSync(place(temp, path), text);
    chmodSync(temp, 0o755); // mkdtemp's folder is private; a bundle is served to others.
    if (existsSync(out)) rmdirSync(out);
    renameSync(temp, out);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  return { out, rows, report };
}
