import { browserDatabase } from '../db/browser-database.ts';
import { importDataset } from '../import/import-dataset.ts';
import type { AppState } from '../state/app-state.svelte.ts';
import { publishImport } from './analysis.ts';
import { fetchBytes, gunzipIfNeeded } from './fetch-bytes.ts';
import { loadDemo } from './load-demo.ts';

function fileNameOf(url: string): string {
  return decodeURIComponent(new URL(url, location.href).pathname.split('/').pop() || 'data.csv');
}

/**
 * Starts DuckDB, then loads `?src=` (and `&history=`) when the link names data, else the demo.
 * A link's data that cannot be loaded leaves the demo in place and says why.
 */
export async function startApp(state: AppState, search: URLSearchParams): Promise<string | null> {
  const { db } = await browserDatabase();
  state.db = db;
  const src = search.get('src');
  const history = search.get('history');
  if (src) {
    try {
      const report = await importDataset(db, {
        opportunities: {
          fileName: fileNameOf(src),
          bytes: await gunzipIfNeeded(await fetchBytes(src)),
        },
        history: history
          ? {
              fileName: fileNameOf(history),
              bytes: await gunzipIfNeeded(await fetchBytes(history)),
            }
          : undefined,
      });
      await publishImport(state, report, {
        kind: 'url',
        files: [src, ...(history ? [history] : [])],
      });
      return null;
    } catch (error) {
      await publishImport(state, await loadDemo(db), { kind: 'demo', files: [] });
      return error instanceof Error ? error.message : String(error);
    }
  }
  await publishImport(state, await loadDemo(db), { kind: 'demo', files: [] });
  return null;
}
