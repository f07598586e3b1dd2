import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { publishDemo } from '../../src/lib/app/analysis.ts';
import { packSnapshot, unpackSnapshot } from '../../src/lib/app/demo-snapshot.ts';
import { openWasmDatabase } from '../../src/lib/db/wasm-node-database.ts';
import { importDataset, type ImportReport } from '../../src/lib/import/import-dataset.ts';
import { defaultSetup, type GradingSetup } from '../../src/lib/metrics/grades/grading-setup.ts';
import type { AppState } from '../../src/lib/state/app-state.svelte.ts';

const report = { historyRows: 7, problems: [] } as unknown as ImportReport;

describe('demo snapshot file', () => {
  it('holds the report and each table, in order, byte for byte', () => {
    const tables = [
      { name: 'a', stream: new Uint8Array([1, 2, 3]) },
      { name: '商机', stream: new Uint8Array([]) },
      { name: 'c', stream: new Uint8Array([9]) },
    ];
    const packed = packSnapshot({ report, tables });
    // 4 bytes of length, the header, then 3 + 0 + 1 bytes of streams.
    const header = new DataView(packed.buffer).getUint32(0, true);
    expect(packed.byteLength).toBe(4 + header + 4);
    expect(unpackSnapshot(packed)).toEqual({ report, tables });
  });

  it('says so when bytes follow its last table', () => {
    const packed = packSnapshot({ report, tables: [{ name: 'a', stream: new Uint8Array([1]) }] });
    const longer = new Uint8Array(packed.byteLength + 2);
    longer.set(packed);
    expect(() => unpackSnapshot(longer)).toThrow('demo snapshot: 2 bytes past its last table');
  });
});

describe('publishDemo', () => {
  const snapshot = () =>
    unpackSnapshot(
      gunzipSync(readFileSync(new URL('../../data/demo/tables.bin.gz', import.meta.url))),
    );

  async function publish(useHistory: boolean, grading: GradingSetup | null = null) {
    const db = await openWasmDatabase();
    const loaded: unknown[][] = [];
    const app = {
      db,
      useHistory,
      grading,
      loaded: (...args: unknown[]) => loaded.push(args),
    } as unknown as AppState;
    await publishDemo(app, snapshot());
    const [deals] = await db.query<{ n: number; traced: number; graded: number }>(
      `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE has_history)::INTEGER AS traced,
         count(grade)::INTEGER AS graded
       FROM opp_progress`,
    );
    await db.close();
    return { app, loaded, deals };
  }

  it('shows the tables as they come with the default settings, graded', async () => {
    const { app, loaded, deals } = await publish(true);
    expect(deals).toMatchObject({ n: 5000, traced: 5000 });
    expect(deals!.graded).toBeGreaterThan(0);
    expect(app.gradesReady).toBe(true);
    expect(app.gradesError).toBeNull();
    expect(loaded).toHaveLength(1);
    const [shownReport, source, recipe, model, asOf] = loaded[0]!;
    expect(shownReport).toEqual(snapshot().report);
    expect(source).toEqual({ kind: 'demo' });
    expect(recipe).toEqual({});
    const stages = (model as { stages: Array<{ name: string }> }).stages.map((s) => s.name);
    expect(stages).toEqual(['潜在商机', '有效商机', '可行商机', '目标商机']);
    expect(asOf).toBe('2026-11-15');
  });

  it('derives the tables again for a link that leaves the stage history out', async () => {
    const { app, deals } = await publish(false);
    expect(deals).toMatchObject({ n: 5000, traced: 0 });
    expect(app.gradesReady).toBe(true);
  });

  it('shows the data ungraded, saying why, for a link whose grading asks for a fifth stage', async () => {
    const late = { ...defaultSetup(['amount', 'urgency']), scopeStage: 5 };
    const { app, loaded, deals } = await publish(true, late);
    expect(deals).toEqual({ n: 5000, traced: 5000, graded: 0 });
    expect(app.gradesReady).toBe(false);
    expect(app.gradesError).toBe('scopeStage: 5 is past the last open stage (4)');
    expect(loaded).toHaveLength(1);
  });
});

describe('a scratch connection', () => {
  it('imports beside the page’s tables, and takes its own away when closed', async () => {
    const db = await openWasmDatabase();
    try {
      await db.exec('CREATE TABLE opportunities AS SELECT 1 AS kept');
      const scratch = await db.scratch();
      const csv =
        'id,stage,status,amount,created_at\nA,有效商机,open,10,2026-01-05\nB,成功商机,won,20,2026-01-06\n';
      const report = await importDataset(scratch, {
        opportunities: { fileName: 'demo-opportunities.csv', bytes: new TextEncoder().encode(csv) },
      });
      expect(report.opportunities.rows).toBe(2);
      const [imported] = await scratch.query<{ n: number }>(
        'SELECT count(*)::INTEGER AS n FROM opportunities',
      );
      expect(imported).toEqual({ n: 2 });
      await scratch.close();
      expect(await db.query('FROM opportunities')).toEqual([{ kept: 1 }]);
      const attached = await db.query<{ name: string }>(
        `SELECT database_name AS name FROM duckdb_databases() WHERE NOT internal ORDER BY 1`,
      );
      expect(attached.map((d) => d.name)).toEqual(['funnelcast', 'memory']);
    } finally {
      await db.close();
    }
  });
});
