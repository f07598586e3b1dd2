import { browserDatabase } from '../db/browser-database.ts';
import { countRunning } from '../db/running-statements.ts';
import { importDataset } from '../import/import-dataset.ts';
import type { ImportRecipe } from '../import/import-options.ts';
import {
  beyondTab,
  readPublishedAnalyses,
  type PublishedAnalyses,
} from '../publish/published-analyses.ts';
import type { AppState } from '../state/app-state.svelte.ts';
import type { ReportState } from '../state/url-state.ts';
import { applyStageModel, publishDemo, publishImport } from './analysis.ts';
import { dataUrlProblem } from './data-origins.ts';
import { fetchBytes, gunzipIfNeeded } from './fetch-bytes.ts';
import { registerIsolationWorker } from './isolation-worker.ts';
import { loadDemo } from './load-demo.ts';
import { warmUpImport } from './warm-up.ts';

function fileNameOf(url: string): string {
  return decodeURIComponent(new URL(url, location.href).pathname.split('/').pop() || 'data.csv');
}

/** A server that has sent nothing for this long is given up on, with a message. */
const FETCH_TIMEOUT_MS = 60_000;

async function fetchData(url: string): Promise<Uint8Array> {
  const problem = dataUrlProblem(url, location.origin);
  if (problem) throw new Error(problem);
  try {
    return await fetchBytes(url, AbortSignal.timeout(FETCH_TIMEOUT_MS));
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') {
      throw new Error(
        `${url}: the server did not send the file within ${FETCH_TIMEOUT_MS / 1000} s`,
        { cause: error },
      );
    }
    throw error;
  }
}

async function loadUrl(app: AppState, src: string, history: string | null, recipe: ImportRecipe) {
  const fetched = async (url: string) => ({
    fileName: fileNameOf(url),
    bytes: await gunzipIfNeeded(await fetchData(url)),
  });
  const report = await importDataset(
    app.db!,
    {
      opportunities: await fetched(src),
      history: history ? await fetched(history) : undefined,
    },
    recipe,
  );
  await publishImport(app, report, { kind: 'url', src, history: history ?? undefined }, { recipe });
}

/**
 * A published report's analyses (`&analyses=`) when its data is more than a tab holds or the
 * link asks for them (`&load=analyses`), unless it asks for the data (`&load=all`); null when
 * they cannot be read, and the data is loaded as usual.
 */
async function analysesInstead(search: URLSearchParams): Promise<PublishedAnalyses | null> {
  const url = search.get('analyses');
  const load = search.get('load');
  if (!url || load === 'all') return null;
  try {
    const analyses = readPublishedAnalyses(new TextDecoder().decode(await fetchData(url)));
    return load === 'analyses' || beyondTab(analyses.rows) ? analyses : null;
  } catch (error) {
    console.warn(`${url}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/**
 * A report whose data is more than a tab holds opens on the analyses it was published with;
 * otherwise this starts DuckDB, then loads the data a link names (`?src=` and `&history=`, or the
 * source in the link's state, with its import recipe), else the demo; then the link's stage model.
 * Data that cannot be loaded leaves the demo in place, and the error says why. Once the page is
 * live, it registers the service worker that lets DuckDB run threads on the next visit.
 */
export async function startApp(
  app: AppState,
  search: URLSearchParams,
  link: ReportState,
): Promise<string | null> {
  const named = link.source.kind === 'url' ? link.source : null;
  const src = search.get('src') ?? named?.src ?? null;
  const history = search.get('history') ?? named?.history ?? null;
  const analyses = src ? await analysesInstead(search) : null;
  if (src && analyses) {
    app.published = { analyses, files: history ? [src, history] : [src] };
    void registerIsolationWorker();
    return null;
  }
  // The demo's tables download while DuckDB starts.
  const [duckdb, demo] = await Promise.all([browserDatabase(), src ? null : loadDemo()]);
  const db = countRunning(duckdb, (running) => (app.running = running));
  app.db = db;
  let error: string | null = null;
  if (src) {
    try {
      await loadUrl(app, src, history, link.recipe);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
  }
  if (!app.report) {
    await publishDemo(app, demo ?? (await loadDemo()));
    // On the database that does not count as busy: the page is live meanwhile.
    warmUpImport(duckdb).catch((e: unknown) => console.warn('DuckDB warm-up failed:', e));
  }
  if (link.source.kind === 'file') app.expectedFile = link.source;
  if (link.model && !error && link.source.kind !== 'file') await applyStageModel(app, link.model);
  void registerIsolationWorker();
  return error;
}
