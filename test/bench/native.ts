import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { publishImport } from '../../src/lib/app/analysis.ts';
import { openNodeDatabase } from '../../src/lib/db/node-database.ts';
import {
  importDataset,
  type ImportSources,
  type ProgressListener,
} from '../../src/lib/import/import-dataset.ts';
import type { AppState } from '../../src/lib/state/app-state.svelte.ts';
import type { BenchExport } from './generate.ts';
import { repeat } from './quiet.ts';
import {
  log,
  scenarioName,
  seconds,
  stepName,
  stepsFrom,
  timing,
  type Breakdown,
  type Scenario,
  type Timing,
} from './util.ts';

export interface NativeResult {
  scenario: Scenario;
  rows: number;
  threads: number;
  timing: Timing;
}

function sources(exp: BenchExport, { format, history }: Scenario): ImportSources {
  const files = exp[format];
  // A plain Uint8Array, as the command line reads it: a Buffer's slice() shares memory.
  const source = (path: string) => ({
    fileName: basename(path),
    bytes: new Uint8Array(readFileSync(path)),
  });
  return {
    opportunities: source(files.opportunities),
    ...(history ? { history: source(files.history) } : {}),
  };
}

/** One import on a fresh in-memory database: the page's steps from Load to its report. */
async function importOnce(
  exp: BenchExport,
  scenario: Scenario,
  threads: number,
): Promise<{ ms: number; steps: Breakdown }> {
  const files = sources(exp, scenario);
  const db = await openNodeDatabase();
  try {
    await db.exec(`SET threads = ${threads}`);
    const events: Array<{ at: number; step: string }> = [];
    const historyName = files.history?.fileName;
    const start = performance.now();
    const progress: ProgressListener = (phase, file) =>
      events.push({
        at: performance.now(),
        step: stepName(phase, file === historyName ? 'history' : 'opportunities'),
      });
    const report = await importDataset(db, files, {}, progress);
    // What the page does next, before it shows the report: choose the stage model, derive the
    // per-opportunity table. The page's state is not needed for that, only its database.
    const app = { db, loaded: () => {} } as unknown as AppState;
    await publishImport(app, report, { kind: 'demo' }, { progress });
    const end = performance.now();
    if (report.opportunities.rows !== exp.rows) {
      throw new Error(`native import loaded ${report.opportunities.rows} of ${exp.rows} rows`);
    }
    return { ms: end - start, steps: stepsFrom(events, end) };
  } finally {
    await db.close();
  }
}

/** Medians of `repeats` imports at each thread count. */
export async function benchNative(
  exp: BenchExport,
  scenario: Scenario,
  threadCounts: number[],
  repeats: number,
  budgetMs: number,
): Promise<NativeResult[]> {
  const results: NativeResult[] = [];
  for (const threads of threadCounts) {
    const runs = await repeat(repeats, budgetMs, () => importOnce(exp, scenario, threads));
    const timed = timing(
      runs.map((r) => r.result.ms),
      runs.map((r) => r.result.steps),
      runs.filter((r) => r.contended).length,
    );
    const result = { scenario, rows: exp.rows, threads, timing: timed };
    log(
      `native ${threads} thread${threads > 1 ? 's' : ''}, ${scenarioName(scenario)}, ` +
        `${exp.rows} rows: ${seconds(result.timing.median)} (${runs.map((r) => seconds(r.result.ms)).join(', ')})`,
    );
    results.push(result);
  }
  return results;
}
