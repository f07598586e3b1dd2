import { fetchBytes } from '../app/fetch-bytes.ts';
import type { Database } from '../db/database.ts';
import type { ReportState } from '../state/url-state.ts';
import { APP_PAGE, bundlePages, bundleReport } from './bundle-state.ts';
import { HISTORY, OPPORTUNITIES } from './published-tables.ts';
import { MANIFEST, siteFiles } from './site-files.ts';
import { writeParquet } from './write-parquet.ts';
import { zipFiles, type ZipEntry } from './zip.ts';

export type BundleStep = 'site' | 'data' | 'zip';

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: the server answered ${response.status}`);
  return response.text();
}

/** True when the data holds stage history worth a file. */
async function hasHistory(db: Database): Promise<boolean> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${HISTORY.from}`);
  return (row?.n ?? 0) > 0;
}

/**
 * The published report as a zip, in the browser: this site's own files, fetched from where it is
 * served (the page itself becomes app.html), the data as Parquet, and the page that opens both.
 */
export async function buildBundle(
  db: Database,
  state: ReportState,
  omit: readonly string[],
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
  const withHistory = await hasHistory(db);
  entries.push({ path: OPPORTUNITIES.file, bytes: await writeParquet(db, OPPORTUNITIES, omit) });
  if (withHistory) {
    entries.push({ path: HISTORY.file, bytes: await writeParquet(db, HISTORY, omit) });
  }
  const report = await bundleReport(state, omit, withHistory);
  for (const { path, text } of bundlePages(report)) {
    entries.push({ path, bytes: encoder.encode(text) });
  }
  onStep('zip');
  return zipFiles(entries);
}
