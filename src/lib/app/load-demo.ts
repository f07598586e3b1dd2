import opportunitiesUrl from '../../../data/demo/opportunities.csv.gz?url';
import historyUrl from '../../../data/demo/stage_history.csv.gz?url';
import type { Database } from '../db/database.ts';
import { importDataset, type ImportReport } from '../import/import-dataset.ts';
import { fetchBytes, gunzipIfNeeded } from './fetch-bytes.ts';

/** Loads the bundled demo export, served by the site itself. */
export async function loadDemo(db: Database): Promise<ImportReport> {
  const [opportunities, history] = await Promise.all(
    [opportunitiesUrl, historyUrl].map(async (url) => gunzipIfNeeded(await fetchBytes(url))),
  );
  return importDataset(db, {
    opportunities: { fileName: 'demo-opportunities.csv', bytes: opportunities! },
    history: { fileName: 'demo-stage-history.csv', bytes: history! },
  });
}
