import { browserDatabase } from '../db/browser-database.ts';
import { countRunning } from '../db/running-statements.ts';
import { importDataset } from '../import/import-dataset.ts';
import type { ImportRecipe } from '../import/import-options.ts';
import {
  analysesKey,
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

/** The analyses a published report's link names (`&analyses=`); null when they cannot be read. */
async function linkAnalyses(url: string): Promise<PublishedAnalyses | null> {
  try {
    return readPublishedAnalyses(new TextDecoder().decode(await fetchData(url)));
  } catch (error) {
    console.warn(`${url}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/**
 * Whether a published report shows its analyses instead of loading its data: when the data is
 * more than a tab holds or the link asks for them (`&load=analyses`), unless it asks for the data
 * (`&load=all`).
 */
function showsAnalyses(analyses: PublishedAnalyses, search: URLSearchParams): boolean {
  const load = search.get('load');
  return load !== 'all' && (load === 'analyses' || beyondTab(analyses.rows));
}

/**
 * A report whose data is more than a tab holds opens on the analyses it was published with;
 * otherwise this starts DuckDB (painting the report's Overview from them meanwhile), then loads
 * the data a link names (`?src=` and `&history=`, or the source in the link's state, with its
 * import recipe), else the demo; then the link's stage model.
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
  const analysesUrl = src && search.get('analyses');
  const analyses = analysesUrl ? await linkAnalyses(analysesUrl) : null;
  if (src && analyses && showsAnalyses(analyses, search)) {
    app.published = { analyses, files: history ? [src, history] : [src] };
    void registerIsolationWorker();
    return null;
  }
  // Computed at this link's state from the same data: the Overview shows them while it loads.
  if (analyses?.key === analysesKey(link)) {
    app.linkOverview = { data: analyses.overview, filter: link.filter };
  }
  // The demo's tables download while DuckDB starts.
  const [duckdb, demo] = await Promise.all([browserDatabase(), src ? null : loadDemo()]);
  const db = countRunning(duckdb, (running) => (app.running = running));
  app.db = db;
  let error: string | null = null;
  if (src) {
    app.loadingFiles = history ? [src, history] : [src];
    try {
      await loadUrl(app, src, history, link.recipe);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    } finally {
      app.loadingFiles = null;
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
