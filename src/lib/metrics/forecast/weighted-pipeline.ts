import type { Database, Row } from '../../db/database.ts';
import type { CohortFilter } from '../cohort.ts';
import { periodEnd, periodOf, periodsBetween, type PeriodUnit } from './periods.ts';
import {
  NO_CLOSE_DATE,
  OVERDUE,
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

export interface WeightedPipeline {
  /** Every period from the as-of date's to the last one holding an open deal, empty ones too. */
  periods: PipelineBucket[];
  overdue: PipelineBucket;
  noCloseDate: PipelineBucket;
  /** The stack parts in a stable order (by total weighted amount, largest first). */
  parts: string[];
}

interface BucketRow extends Row {
  bucket: string;
  part: string;
  open: number;
  no_amount: number;
  no_rate: number;
  amount: number;
  weighted: number;
}

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

/** The weighted pipeline by close-date period (METRICS.md "Forecast"). */
export async function computeWeightedPipeline(
  db: Database,
  filter: CohortFilter,
  options: PipelineOptions,
): Promise<WeightedPipeline> {
  const q = weightedPipelineSql(
    filter,
    options.unit,
    options.asOf,
    options.rates,
    options.stack ?? 'stage',
  );
  const rows = await db.query<BucketRow>(q.sql, q.params);
  const buckets = new Map<string, PipelineBucket>();
  const partTotals = new Map<string, number>();
  for (const r of rows) {
    const bucket = buckets.get(r.bucket) ?? empty(r.bucket);
    buckets.set(r.bucket, bucket);
    bucket.open += r.open;
    bucket.amount += r.amount;
    bucket.weighted += r.weighted;
    bucket.noAmount += r.no_amount;
    bucket.noRate += r.no_rate;
    bucket.parts[r.part] = (bucket.parts[r.part] ?? 0) + r.weighted;
    partTotals.set(r.part, (partTotals.get(r.part) ?? 0) + r.weighted);
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
    parts: [...partTotals.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([part]) => part),
  };
}
