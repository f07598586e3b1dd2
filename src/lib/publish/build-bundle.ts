import { fetchBytes } from '../app/fetch-bytes.ts';
import type { Database } from '../db/database.ts';
import type { ReportState } from '../state/url-state.ts';
import { defaultSetup, type GradingSetup } from '../metrics/grades/grading-setup.ts';
import { presentIndicators } from '../metrics/grades/present-indicators.ts';
import type { StageModel } from '../model/stage-model.ts';
import { APP_PAGE, bundlePages, bundleReport, bundleState } from './bundle-state.ts';
import { computePublished } from './compute-published.ts';
import { ANALYSES_FILE } from './published-analyses.ts';
import { countRows, HISTORY, OPPORTUNITIES } from './published-tables.ts';
import { MANIFEST, siteFiles } from './site-files.ts';
import { writeParquet } from './write-parquet.ts';
import { packInWorkers } from './pack-in-workers.ts';
import { zipFiles, type ZipEntry } from './zip.ts';

export type BundleStep = 'site' | 'data' | 'analyses' | 'zip';

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: the server answered ${response.status}`);
  return response.text();
}

/**
 * The published report as a zip, in the browser: this site's own files, fetched from where it is
 * served (the page itself becomes app.html), the data as Parquet, every analysis at the report's
 * state (computed with the page's stage model and grading setup), and the page that opens them.
 */
export async function buildBundle(
  db: Database,
  state: ReportState,
  omit: readonly string[],
  analysis: { model: StageModel; grading: GradingSetup | null },
  onStep: (step: BundleStep) => void = () => {},
): Promise<Blob> {
  onStep('site');
  // The page as served (index.html, or app.html in a bundle that publishes again).
  const page = await fetchText(location.pathname);
  // fetchBytes refuses the page a dev server answers for a missing file: no manifest, no build.
  const manifest = new TextDecoder().decode(await fetchBytes(MANIFEST));
  const files = siteFiles(manifest, page);
  const encoder = new TextEncoder();
  const entries: ZipEntry[] = [{ path: APP_PAGE, bytes: encoder.encode(page) }];
  for (const file of files) entries.push({ path: file, bytes: await fetchBytes(file) });

  onStep('data');
  const rows = {
    opportunities: await countRows(db, OPPORTUNITIES),
    history: await countRows(db, HISTORY),
  };
  const withHistory = rows.history > 0;
  entries.push({ path: OPPORTUNITIES.file, bytes: await writeParquet(db, OPPORTUNITIES, omit) });
  if (withHistory) {
    entries.push({ path: HISTORY.file, bytes: await writeParquet(db, HISTORY, omit) });
  }
  onStep('analyses');
  const grading = analysis.grading ?? defaultSetup(await presentIndicators(db));
  const opened = bundleState(state, omit, withHistory);
  const analyses = await computePublished(db, analysis.model, opened, grading, rows);
  entries.push({ path: ANALYSES_FILE, bytes: encoder.encode(JSON.stringify(analyses)) });
  const report = await bundleReport(state, omit, withHistory);
  for (const { path, text } of bundlePages(report)) {
    entries.push({ path, bytes: encoder.encode(text) });
  }
  onStep('zip');
  const workers = packInWorkers();
  try {
    return await zipFiles(entries, { pack: workers.pack });
  } finally {
    workers.close();
  }
}
