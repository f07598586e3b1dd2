import opportunitiesUrl from '../../../data/demo/opportunities.csv.gz?url';
import historyUrl from '../../../data/demo/stage_history.csv.gz?url';
import type { Database } from '../db/database.ts';
import { stopOnAbort } from '../db/stop-on-abort.ts';
import { importDataset } from '../import/import-dataset.ts';
import { importedRows } from '../import/imported-rows.ts';
import { deriveTables } from '../metrics/derive-tables.ts';
import { chooseStageModel } from '../model/infer-stage-order.ts';
import { SNAPSHOT_SETTINGS } from './analysis.ts';
import { fetchUnzipped } from './fetch-bytes.ts';

/** What stops the warm-up under way, if any. */
let running: AbortController | null = null;

/**
 * Imports the demo's CSV with its history and derives its tables in a scratch database, then
 * throws them away. The demo's tables load ready-made, so without this the first import a user
 * makes runs on DuckDB-WASM code the browser has not optimised yet: 100,000 opportunities took
 * 5.0 s instead of 2.8 s. It stops when the user brings a file (`stopWarmUpImport`). Leaves a User
 * Timing mark, `duckdb-warm`, when done or stopped (its detail says which).
 */
export async function warmUpImport(db: Database): Promise<void> {
  if (!db.scratch) return;
  const controller = new AbortController();
  running = controller;
  const [opportunities, history] = await Promise.all(
    [opportunitiesUrl, historyUrl].map(fetchUnzipped),
  );
  const scratch = await db.scratch();
  try {
    const stoppable = stopOnAbort(scratch, controller.signal);
    const report = await importDataset(stoppable, {
      opportunities: { fileName: 'demo-opportunities.csv', bytes: opportunities! },
      history: { fileName: 'demo-stage-history.csv', bytes: history! },
    });
    const { model } = await chooseStageModel(stoppable);
    const rows = importedRows(report.opportunities, report.history);
    await deriveTables(stoppable, model, SNAPSHOT_SETTINGS, rows);
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    running = null;
    await scratch.close();
  }
  performance.mark('duckdb-warm', { detail: { stopped: controller.signal.aborted } });
}

/**
 * Stops the warm-up after the statement it is running, if it still runs: the user's file is
 * coming, its import would wait behind the warm-up's statements on DuckDB's one worker, and it
 * warms the same code itself.
 */
export function stopWarmUpImport(): void {
  running?.abort();
}
