import type { BenchRun } from './report.ts';
import { scenarioName } from './util.ts';

const round = (value: number | null | undefined) => (value == null ? null : Math.round(value));

export interface ResultEntry {
  name: string;
  rows: number;
  wasmMs: number | null;
  nativeMs: number | null;
  papaparseMs: number | null;
  peakMB: number | null;
}

type Figures = Partial<Record<'wasmMs' | 'nativeMs' | 'papaparseMs' | 'peakMB', number | null>>;

const entry = (name: string, rows: number, f: Figures): ResultEntry => ({
  name,
  rows,
  wasmMs: round(f.wasmMs),
  nativeMs: round(f.nativeMs),
  papaparseMs: round(f.papaparseMs),
  peakMB: round(f.peakMB),
});

/** `results.json`: one entry per figure, null where not measured. */
export function resultsJson(run: BenchRun): ResultEntry[] {
  const entries: ResultEntry[] = [];
  if (run.visit) {
    entries.push(
      entry('first visit to first chart (demo, cold cache)', run.visit.demoRows, {
        wasmMs: run.visit.chartMs,
        peakMB: run.visit.memory.rendererMB,
      }),
    );
    if (run.visit.liveMs != null) {
      const name = 'first visit to the page live (demo loaded into DuckDB, cold cache)';
      entries.push(entry(name, run.visit.demoRows, { wasmMs: run.visit.liveMs }));
    }
  }
  if (run.isolatedVisit?.liveMs != null && run.visit) {
    const name = 'first visit to the page live, cross-origin isolated (coi bundle, cold cache)';
    entries.push(entry(name, run.visit.demoRows, { wasmMs: run.isolatedVisit.liveMs }));
  }
  for (const f of run.imports) {
    entries.push(
      entry(scenarioName(f.scenario), f.rows, {
        wasmMs: f.wasm?.timing.median,
        nativeMs: f.native[run.wasmThreads]?.median,
        papaparseMs: f.papaparse?.totalMs,
        peakMB: f.wasm?.memory.rendererMB,
      }),
    );
  }
  for (const f of run.imports) {
    for (const [threads, timing] of Object.entries(f.native)) {
      if (Number(threads) === run.wasmThreads) continue;
      const name = `${scenarioName(f.scenario)} (native, ${threads} threads)`;
      entries.push(entry(name, f.rows, { nativeMs: timing.median }));
    }
    if (f.isolated) {
      const name = `${scenarioName(f.scenario)}, cross-origin isolated (${f.isolated.bundle} bundle; nativeMs at 2 threads)`;
      entries.push(
        entry(name, f.rows, {
          wasmMs: f.isolated.timing.median,
          nativeMs: f.native[2]?.median,
          peakMB: f.isolated.memory.rendererMB,
        }),
      );
    }
    if (f.papaparse) {
      const { totalMs, heapMB } = f.papaparse;
      const name = 'PapaParse + JS count and sum per stage (Node; peakMB: heap of its rows)';
      entries.push(entry(name, f.rows, { papaparseMs: totalMs, peakMB: heapMB }));
    }
  }
  for (const page of run.interactive ?? []) {
    for (const f of page.filters) {
      if (f.changes.length === 0) continue;
      const name = `filter change → ${f.view} view's numbers and charts updated, CSV + stage history`;
      entries.push(entry(`${name} (p95 of ${f.changes.length})`, f.rows, { wasmMs: f.p95 }));
      entries.push(entry(`${name} (p50)`, f.rows, { wasmMs: f.p50 }));
    }
  }
  for (const f of run.isolatedInteractive?.filters ?? []) {
    if (f.changes.length === 0) continue;
    const name = `filter change → ${f.view} view's numbers and charts updated, CSV + stage history, cross-origin isolated (coi bundle)`;
    entries.push(entry(`${name} (p95 of ${f.changes.length})`, f.rows, { wasmMs: f.p95 }));
    entries.push(entry(`${name} (p50)`, f.rows, { wasmMs: f.p50 }));
  }
  const mc = run.interactive?.find((p) => p.monteCarlo)?.monteCarlo;
  if (mc || run.engine) {
    const runs = run.mcRuns ?? 10_000;
    const deals = mc?.deals ?? run.engine?.deals ?? 0;
    entries.push(
      entry(
        `Monte Carlo ${runs} runs (rows: open deals; wasmMs: the page, progress → charts, in workers; nativeMs: the engine in Node, one thread)`,
        deals,
        { wasmMs: mc?.median, nativeMs: run.engine?.ms },
      ),
    );
  }
  return entries;
}
