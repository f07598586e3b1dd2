import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../data/demo-generator/generate.ts';
import { demoOverview, overviewOf } from '../../data/demo-generator/overview-snapshot.ts';
import { demoTables } from '../../data/demo-generator/tables-snapshot.ts';
import { loadSnapshotTables, unpackSnapshot } from '../../src/lib/app/demo-snapshot.ts';
import { openWasmDatabase } from '../../src/lib/db/wasm-node-database.ts';

const AS_OF = '2026-11-15';
const OPEN_STAGES = ['潜在商机', '有效商机', '可行商机', '目标商机'];

type Row = Record<string, string>;

function committedBytes(file: string): Buffer {
  return gunzipSync(readFileSync(new URL(`../../data/demo/${file}`, import.meta.url)));
}

function committed(file: string): string {
  return committedBytes(file).toString('utf8');
}

function parse(text: string): Row[] {
  const result = Papa.parse<Row>(text, { header: true, skipEmptyLines: true });
  expect(result.errors).toEqual([]);
  return result.data;
}

describe('demo data', () => {
  const demo = generateDemo();
  const opportunities = parse(demo.opportunities);
  const history = parse(demo.history);
  const entries = new Map<string, Row[]>();
  for (const h of history) {
    const list = entries.get(h.opportunity_id!) ?? [];
    list.push(h);
    entries.set(h.opportunity_id!, list);
  }

  it('is exactly what the generator writes', () => {
    expect(committed('opportunities.csv.gz')).toBe(demo.opportunities);
    expect(committed('stage_history.csv.gz')).toBe(demo.history);
  });

  it('comes with the Overview the page computes from it, painted while DuckDB starts', async () => {
    const url = new URL('../../data/demo/overview.json', import.meta.url);
    const snapshot = JSON.parse(readFileSync(url, 'utf8')) as unknown;
    expect(snapshot).toEqual(await demoOverview(demo.opportunities, demo.history));
  });

  it('comes with its tables ready-made, exactly what the generator makes of it', async () => {
    const made = await demoTables(demo.opportunities, demo.history);
    expect(Buffer.compare(committedBytes('tables.bin.gz'), made)).toBe(0);
  });

  it('whose tables, loaded as the page loads them, give the Overview painted first', async () => {
    const db = await openWasmDatabase();
    try {
      const snapshot = unpackSnapshot(committedBytes('tables.bin.gz'));
      expect(snapshot.report.opportunities.rows).toBe(opportunities.length);
      expect(snapshot.report.historyRows).toBe(history.length);
      await loadSnapshotTables(db, snapshot);
      const url = new URL('../../data/demo/overview.json', import.meta.url);
      expect(await overviewOf(db)).toEqual(JSON.parse(readFileSync(url, 'utf8')));
    } finally {
      await db.close();
    }
  });

  it('has about 5,000 opportunities with every status and a fair open share', () => {
    expect(opportunities.length).toBeGreaterThanOrEqual(4500);
    expect(opportunities.length).toBeLessThanOrEqual(5500);
    const count = (status: string) => opportunities.filter((o) => o.status === status).length;
    expect(count('won')).toBeGreaterThan(0);
    expect(count('lost')).toBeGreaterThan(0);
    expect(count('open') / opportunities.length).toBeGreaterThanOrEqual(0.15);
    expect(count('open') / opportunities.length).toBeLessThanOrEqual(0.3);
    expect(count('won') + count('lost') + count('open')).toBe(opportunities.length);
  });

  it('has no event after the as-of date, and it happens on that date', () => {
    const events = [
      ...opportunities.map((o) => o.created_at),
      ...opportunities.filter((o) => o.status !== 'open').map((o) => o.close_date),
      ...history.map((h) => h.entered_at),
    ];
    expect(events.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d ?? ''))).toBe(true);
    expect(events.reduce((a, b) => (a! > b! ? a : b))).toBe(AS_OF);
  });

  it('gives open deals expected close dates, some of them overdue', () => {
    const open = opportunities.filter((o) => o.status === 'open');
    expect(open.some((o) => o.close_date! < AS_OF)).toBe(true);
    expect(open.some((o) => o.close_date! > AS_OF)).toBe(true);
  });

  it('has history for known opportunities only, in date order from created_at', () => {
    const ids = new Set(opportunities.map((o) => o.id));
    expect(history.every((h) => ids.has(h.opportunity_id!))).toBe(true);
    for (const o of opportunities) {
      const dates = entries.get(o.id!)!.map((h) => h.entered_at);
      expect(dates[0]).toBe(o.created_at);
      expect(dates).toEqual(dates.toSorted());
    }
  });

  it('ends every history in the current stage, closed deals in their terminal on close_date', () => {
    for (const o of opportunities) {
      const last = entries.get(o.id!)!.at(-1)!;
      if (o.status === 'open') {
        expect(OPEN_STAGES).toContain(o.stage);
        expect(last.stage).toBe(o.stage);
      } else {
        const terminal = o.status === 'won' ? '成功商机' : '失败商机';
        expect(last.stage).toBe(terminal);
        expect(last.entered_at).toBe(o.close_date);
        expect(o.status === 'won' ? o.stage === '成功商机' : OPEN_STAGES.includes(o.stage!)).toBe(
          true,
        );
      }
    }
  });
});
