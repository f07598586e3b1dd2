import { readFileSync } from 'node:fs';
import process from 'node:process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Papa from 'papaparse';
import { quietly } from './quiet.ts';
import { log, median, seconds } from './util.ts';

export interface PapaResult {
  rows: number;
  /** Read + parse + aggregate, the naive dashboard's whole path: medians over the repeats. */
  totalMs: number;
  readMs: number;
  parseMs: number;
  aggregateMs: number;
  /** JS heap held by the parsed rows (after a full GC, before they are dropped). */
  heapMB: number;
  /** Runs kept although other processes used the CPU meanwhile. */
  contended: number;
}

/** A full garbage collection, so heap figures measure live data rather than garbage. */
const gc: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** Count and amount sum per stage: what a dashboard built on PapaParse does next. */
function aggregate(rows: Array<Record<string, string>>): Map<string, { n: number; sum: number }> {
  const byStage = new Map<string, { n: number; sum: number }>();
  for (const row of rows) {
    const stage = row.stage ?? '';
    const entry = byStage.get(stage) ?? { n: 0, sum: 0 };
    entry.n += 1;
    const amount = Number(row.amount);
    if (row.amount && Number.isFinite(amount)) entry.sum += amount;
    byStage.set(stage, entry);
  }
  return byStage;
}

function once(path: string, expectedRows: number) {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const text = readFileSync(path, 'utf8');
  const t1 = performance.now();
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  const t2 = performance.now();
  const byStage = aggregate(parsed.data);
  const t3 = performance.now();
  gc();
  const heapMB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  // Checked after the heap is read, so the parsed rows are still alive then.
  if (parsed.data.length !== expectedRows) {
    throw new Error(`PapaParse read ${parsed.data.length} of ${expectedRows} rows`);
  }
  const counted = [...byStage.values()].reduce((sum, s) => sum + s.n, 0);
  if (counted !== expectedRows) throw new Error(`aggregation counted ${counted} rows`);
  return { readMs: t1 - t0, parseMs: t2 - t1, aggregateMs: t3 - t2, totalMs: t3 - t0, heapMB };
}

export async function benchPapaparse(
  path: string,
  rows: number,
  repeats: number,
): Promise<PapaResult> {
  const runs: Array<ReturnType<typeof once>> = [];
  let contended = 0;
  for (let i = 0; i < repeats; i++) {
    const run = await quietly(async () => once(path, rows));
    runs.push(run.result);
    if (run.contended) contended++;
  }
  gc();
  const pick = (key: keyof (typeof runs)[number]) => median(runs.map((run) => run[key]));
  const result: PapaResult = {
    rows,
    totalMs: pick('totalMs'),
    readMs: pick('readMs'),
    parseMs: pick('parseMs'),
    aggregateMs: pick('aggregateMs'),
    heapMB: pick('heapMB'),
    contended,
  };
  log(
    `PapaParse ${rows} rows: ${seconds(result.totalMs)} (read ${seconds(result.readMs)}, parse ` +
      `${seconds(result.parseMs)}, aggregate ${seconds(result.aggregateMs)}), ` +
      `${Math.round(result.heapMB)} MB heap`,
  );
  return result;
}
