import { SNAPSHOT_SETTINGS } from '../../src/lib/app/analysis.ts';
import { packSnapshot } from '../../src/lib/app/demo-snapshot.ts';
import { ident } from '../../src/lib/db/sql.ts';
import { openWasmDatabase } from '../../src/lib/db/wasm-node-database.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import { importedRows } from '../../src/lib/import/imported-rows.ts';
import { deriveTables } from '../../src/lib/metrics/derive-tables.ts';
import { chooseStageModel } from '../../src/lib/model/infer-stage-order.ts';

/**
 * The demo's tables as the page's import and default settings leave them, on the page's engine
 * (DuckDB-WASM), packed for the page to load instead of importing the demo's CSV.
 */
export async function demoTables(opportunities: string, history: string): Promise<Uint8Array> {
  const db = await openWasmDatabase({ castResults: false });
  try {
    const encode = (text: string) => new TextEncoder().encode(text);
    const report = await importDataset(db, {
      opportunities: { fileName: 'demo-opportunities.csv', bytes: encode(opportunities) },
      history: { fileName: 'demo-stage-history.csv', bytes: encode(history) },
    });
    const { model } = await chooseStageModel(db);
    const rows = importedRows(report.opportunities, report.history);
    const { gradesError } = await deriveTables(db, model, SNAPSHOT_SETTINGS, rows);
    if (gradesError) throw new Error(`the demo cannot be graded: ${gradesError}`);
    const views = await db.query(`SELECT view_name FROM duckdb_views() WHERE NOT internal`);
    if (views.length > 0)
      throw new Error('the snapshot holds tables only, and the import made views');
    const tables = await db.query<{ name: string }>(
      `SELECT table_name AS name FROM duckdb_tables() WHERE database_name = 'funnelcast' ORDER BY 1`,
    );
    return packSnapshot({
      report,
      tables: tables.map(({ name }) => ({ name, stream: db.arrowStream(`FROM ${ident(name)}`) })),
    });
  } finally {
    await db.close();
  }
}
