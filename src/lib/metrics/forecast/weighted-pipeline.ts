import { blankLast } from '../blank-last.ts';
import type { Database, Row } from '../../db/database.ts';
import type { CohortFilter } from '../cohort.ts';
import { queryRollup } from '../filter-rollup.ts';
import { periodEnd, periodLabel, periodOf, periodsBetween, type PeriodUnit } from './periods.ts';
import {
  NO_CLOSE_DATE,
  OVERDUE,
  PIPELINE_SUMS,
  weightedPipelineSql,
  type PipelineStack,
} from './weighted-pipeline-sql.ts';

export interface PipelineBucket {
  /** A period label, or `overdue` / `none` for the buckets never folded into a period. */
  period: string;
  open: number;
  /** Σ amount of the open deals (those with an amount). */
  amount: number;
  /** Σ amount · rate(stage). */
  weighted: number;
  noAmount: number;
  noRate: number;
  /** Weighted amount per stack part (stage position, grade or segment value; '' when unknown). */
  parts: Record<string, number>;
}

/** Open deals none of which has an amount: their worth is not known, which is not 0. */
export const unpriced = (bucket: PipelineBucket): boolean =>
  bucket.open > 0 && bucket.noAmount === bucket.open;

export interface WeightedPipeline {
  /** Every period from the as-of date's to the last one holding an open deal, empty ones too. */
  periods: PipelineBucket[];
  overdue: PipelineBucket;
  noCloseDate: PipelineBucket;
  /** The stack parts in a stable order: stages and grades in theirs, else largest first. */
  parts: string[];
}

export interface PipelineRow extends Row {
  fixed: typeof OVERDUE | typeof NO_CLOSE_DATE | null;
  y: number | null;
  p: number | null;
  current_pos: number | null;
  part: string;
  open: number;
  no_amount: number;
  amount: number;
  squares: number;
  negative: number;
}

/** The bucket a row falls in: `overdue`, `none` or its period's label ('2024-Q3', '2024-07'). */
export const bucketOf = (r: PipelineRow, unit: PeriodUnit) =>
  r.fixed ?? periodLabel(r.y ?? 0, r.p ?? 0, unit);

const empty = (period: string): PipelineBucket => ({
  period,
  open: 0,
  amount: 0,
  weighted: 0,
  noAmount: 0,
  noRate: 0,
  parts: {},
});

export interface PipelineOptions {
  unit: PeriodUnit;
  asOf: string;
  /** Rate per open stage position 1…k; null where the chosen rate set has none. */
  rates: Array<number | null>;
  stack?: PipelineStack;
}

/** The open deals' amounts by close date, stage and stack part, before any rate is applied. */
export function readPipelineRows(
  db: Database,
  filter: CohortFilter,
  options: Omit<PipelineOptions, 'rates'>,
): Promise<PipelineRow[]> {
  const { unit, asOf, stack = 'stage' } = options;
  return queryRollup<PipelineRow>(db, filter, {
    build: (f, pivot) => weightedPipelineSql(f, unit, asOf, stack, pivot),
    sums: PIPELINE_SUMS,
  });
}

/** The weighted pipeline by close-date period (METRICS.md "Forecast"). */
export async function computeWeightedPipeline(
  db: Database,
  filter: CohortFilter,
  options: PipelineOptions,
): Promise<WeightedPipeline> {
  return weighPipeline(await readPipelineRows(db, filter, options), options);
}

/** The pipeline's rows with each stage's rate applied, by period. */
export function weighPipeline(rows: PipelineRow[], options: PipelineOptions): WeightedPipeline {
  const buckets = new Map<string, PipelineBucket>();
  const partTotals = new Map<string, number>();
  for (const r of rows) {
    const label = bucketOf(r, options.unit);
    const bucket = buckets.get(label) ?? empty(label);
    buckets.set(label, bucket);
    const rate = r.current_pos === null ? null : (options.rates[r.current_pos - 1] ?? null);
    const weighted = rate === null ? 0 : r.amount * rate;
    bucket.open += r.open;
    bucket.amount += r.amount;
    bucket.weighted += weighted;
    bucket.noAmount += r.no_amount;
    if (rate === null) bucket.noRate += r.open;
    bucket.parts[r.part] = (bucket.parts[r.part] ?? 0) + weighted;
    partTotals.set(r.part, (partTotals.get(r.part) ?? 0) + weighted);
  }
  const labels = [...buckets.keys()].filter((b) => b !== OVERDUE && b !== NO_CLOSE_DATE).sort();
  const first = periodOf(options.asOf, options.unit);
  const last = labels.at(-1);
  const periods =
    last === undefined || last < first
      ? [empty(first)]
      : periodsBetween(options.asOf, periodEnd(last), options.unit).map(
          (p) => buckets.get(p) ?? empty(p),
        );
  return {
    periods,
    overdue: buckets.get(OVERDUE) ?? empty(OVERDUE),
    noCloseDate: buckets.get(NO_CLOSE_DATE) ?? empty(NO_CLOSE_DATE),
    parts: orderParts(partTotals, options.stack ?? 'stage'),
  };
}

/**
 * Stages in stage order and grades A to D, as every chart draws them (the unplaced last); any
 * other segment's values by weighted total, largest first.
 */
function orderParts(totals: Map<string, number>, stack: PipelineStack): string[] {
  const order =
    stack === 'stage'
      ? (a: [string, number], b: [string, number]) =>
          blankLast(a[0], b[0]) || Number(a[0]) - Number(b[0])
      : stack === 'grade'
        ? (a: [string, number], b: [string, number]) =>
            blankLast(a[0], b[0]) || a[0].localeCompare(b[0])
        : (a: [string, number], b: [string, number]) => b[1] - a[1] || a[0].localeCompare(b[0]);
  return [...totals.entries()].sort(order).map(([part]) => part);
}
