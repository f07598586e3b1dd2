import type { PeriodUnit } from '../metrics/forecast/periods.ts';
import type { FunnelResult } from '../metrics/funnel.ts';
import type { GradeRow } from '../metrics/grades/grades.ts';
import type { OverviewData } from '../metrics/overview-data.ts';
import {
  forecastRows,
  type AnalysisSettings,
  type ForecastRow,
  type ReportAnalyses,
} from '../metrics/report-analyses.ts';
import type { StageWinRate } from '../metrics/win-rates.ts';
import { defaultState, plainState, type ReportState } from '../state/url-state.ts';

/** Path inside a bundle, beside the data. */
export const ANALYSES_FILE = 'data/analyses.json';
const VERSION = 1;

/**
 * Past these sizes a page does not load a bundle's data and shows the bundle's analyses instead:
 * DuckDB-WASM has 4 GB at most, and 1M opportunities with 4M stage changes took 2.3 GB of it.
 */
export const TAB_LIMIT = { opportunities: 2_000_000, history: 8_000_000 } as const;

/** The analyses of a report at its published filters and settings, as its views draw them. */
export interface PublishedAnalyses {
  version: typeof VERSION;
  /** When they were computed, ISO 8601. */
  computedAt: string;
  /**
   * The report state they were computed at, as `analysesKey` writes it; absent from a site built
   * before it, which a command line may copy into its bundles (`dist/`): never painted early.
   */
  key?: string;
  rows: { opportunities: number; history: number };
  asOf: string | null;
  overview: OverviewData;
  funnel: FunnelResult;
  winRates: StageWinRate[];
  /** A–D, summing to `graded`; `ungraded` counts the cohort's other deals. */
  grades: { rows: GradeRow[]; graded: number; ungraded: number };
  forecast: { unit: PeriodUnit; runs: number; periods: ForecastRow[] };
}

/**
 * What a report state's analyses depend on, as text: the state as a link writes it, without what
 * only changes how they are shown (the view, language, deal table and drill-down) or where the
 * data comes from (a bundle's page names its own with `?src=`).
 */
export function analysesKey(state: ReportState): string {
  const { view, locale, dealTable, drill, source } = defaultState();
  return plainState({ ...state, view, locale, dealTable, drill, source });
}

/** The settings a report state asks the analyses for, its grading setup aside. */
export function stateSettings(state: ReportState): Omit<AnalysisSettings, 'grading'> {
  return {
    filter: state.filter,
    strict: state.strictOrder,
    asOf: state.asOf,
    prior: state.prior,
    monotone: state.monotone,
    presetSource: state.presetSource,
    cut: state.cut,
    forecast: state.forecast,
  };
}

export function publishedAnalyses(
  analyses: ReportAnalyses,
  published: Pick<PublishedAnalyses, 'rows' | 'overview'> & {
    unit: PeriodUnit;
    computedAt: Date;
    key: string;
  },
): PublishedAnalyses {
  const { rows, overview, unit, computedAt, key } = published;
  const { forecast, simulation } = analyses;
  return {
    version: VERSION,
    computedAt: computedAt.toISOString(),
    key,
    rows,
    asOf: analyses.asOf,
    overview,
    funnel: analyses.funnel,
    winRates: forecast.winRates.stages,
    grades: {
      rows: analyses.grades.distribution,
      graded: analyses.grades.graded,
      ungraded: analyses.grades.ungraded,
    },
    forecast: {
      unit,
      runs: simulation.result.runs,
      periods: forecastRows(analyses),
    },
  };
}

/** The bundle's analyses file, or why it cannot be used (another version, not the analyses). */
export function readPublishedAnalyses(text: string): PublishedAnalyses {
  const value = JSON.parse(text) as Partial<PublishedAnalyses> | null;
  if (value?.version !== VERSION) {
    throw new Error(`${ANALYSES_FILE}: version ${String(value?.version)}, expected ${VERSION}`);
  }
  const complete =
    typeof value.rows?.opportunities === 'number' &&
    typeof value.rows.history === 'number' &&
    Array.isArray(value.overview?.stages) &&
    Array.isArray(value.funnel?.stages) &&
    Array.isArray(value.winRates) &&
    Array.isArray(value.grades?.rows) &&
    Array.isArray(value.forecast?.periods);
  if (!complete) throw new Error(`${ANALYSES_FILE}: incomplete`);
  return value as PublishedAnalyses;
}

/** True when the bundle's data is more than a tab is trusted to load. */
export function beyondTab(rows: PublishedAnalyses['rows']): boolean {
  return rows.opportunities > TAB_LIMIT.opportunities || rows.history > TAB_LIMIT.history;
}

/** The page's address asking for the data whatever its size (`&load=all`), the rest kept. */
export function loadDataUrl({
  pathname,
  search,
  hash,
}: Pick<Location, 'pathname' | 'search' | 'hash'>) {
  const params = new URLSearchParams(search);
  params.set('load', 'all');
  return `${pathname}?${params}${hash}`;
}
