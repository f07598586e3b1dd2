import type { Database } from '../../src/lib/db/database.ts';
import { openNodeDatabase } from '../../src/lib/db/node-database.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import { LATEST_EVENT_SQL } from '../../src/lib/metrics/funnel-sql.ts';
import { computeOverview, type OverviewData } from '../../src/lib/metrics/overview-data.ts';
import { buildStageProgress } from '../../src/lib/metrics/stage-progress.ts';
import { chooseStageModel } from '../../src/lib/model/infer-stage-order.ts';
import { defaultState } from '../../src/lib/state/url-state-schema.ts';

/** Numbers to 9 significant digits: sums over threads may differ in their last bits. */
export function roundNumbers<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_, v: unknown) =>
      typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(9)) : v,
    ),
  ) as T;
}

/**
 * The Overview of the demo with the page's defaults, computed as the page computes it, so the
 * page can paint it while DuckDB starts (the test holds the committed copy to this).
 */
export async function demoOverview(opportunities: string, history: string): Promise<OverviewData> {
  const db = await openNodeDatabase();
  try {
    const encode = (text: string) => new TextEncoder().encode(text);
    await importDataset(db, {
      opportunities: { fileName: 'demo-opportunities.csv', bytes: encode(opportunities) },
      history: { fileName: 'demo-stage-history.csv', bytes: encode(history) },
    });
    const { model } = await chooseStageModel(db);
    await buildStageProgress(db, model, defaultState().useHistory);
    return await overviewOf(db);
  } finally {
    await db.close();
  }
}

/** The Overview with the page's defaults of data already imported and derived into `db`. */
export async function overviewOf(db: Database): Promise<OverviewData> {
  const defaults = defaultState();
  const { model } = await chooseStageModel(db);
  const [latest] = await db.query<{ as_of: string | null }>(LATEST_EVENT_SQL);
  const overview = await computeOverview(db, {
    filter: defaults.filter,
    model,
    asOf: latest?.as_of ?? null,
    forecast: defaults.forecast,
    winRates: {
      strict: defaults.strictOrder,
      prior: defaults.prior,
      monotone: defaults.monotone,
      presetSource: defaults.presetSource,
      cut: defaults.cut,
    },
  });
  return roundNumbers(overview);
}
