import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { publishDemo } from '../../src/lib/app/analysis.ts';
import { packSnapshot, unpackSnapshot } from '../../src/lib/app/demo-snapshot.ts';
import { openWasmDatabase } from '../../src/lib/db/wasm-node-database.ts';
import type { ImportReport } from '../../src/lib/import/import-dataset.ts';
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

  async function publish(useHistory: boolean) {
    const db = await openWasmDatabase();
    const loaded: unknown[][] = [];
    const app = {
      db,
      useHistory,
      grading: null,
      loaded: (...args: unknown[]) => loaded.push(args),
    } as unknown as AppState;
    await publishDemo(app, snapshot());
    const [deals] = await db.query<{ n: number; traced: number }>(
      `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE has_history)::INTEGER AS traced
       FROM opp_progress`,
    );
    await db.close();
    return { app, loaded, deals };
  }

  it('shows the tables as they come with the default settings, graded', async () => {
    const { app, loaded, deals } = await publish(true);
    expect(deals).toEqual({ n: 5000, traced: 5000 });
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
    expect(deals).toEqual({ n: 5000, traced: 0 });
    expect(app.gradesReady).toBe(true);
  });
});
