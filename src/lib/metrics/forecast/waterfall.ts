import type { Database, Row } from '../../db/database.ts';
import type { CohortFilter } from '../cohort.ts';
import { historyCoverage } from './as-of.ts';
import { periodEnd, periodStart } from './periods.ts';
import { waterfallSql } from './waterfall-sql.ts';
import { prepareAsOf } from './as-of-sql.ts';

export type WaterfallStepKind =
  | 'start'
  | 'created'
  | 'won'
  | 'lost'
  | 'moved-in'
  | 'moved-out'
  | 'amount-change'
  | 'other'
  | 'end';

export type DetailStep = 'moved-in' | 'moved-out' | 'amount-change';

export interface WaterfallStep {
  step: WaterfallStepKind;
  /** The level for start and end; otherwise the signed change (won, lost, moved-out ≤ 0). */
  amount: number;
  /** Opportunities in the step (for amount-change: those whose amount changed). */
  count: number;
  /** Of them, those whose amount is missing at either date: left out of `amount`. */
  missingAmount: number;
}

export interface WaterfallResult {
  available: boolean;
  reason: 'no-history' | null;
  period: string;
  from: string;
  to: string;
  /** start, created, won, lost, then moved-in, moved-out, amount-change or one other, end. */
  steps: WaterfallStep[];
  /** Detail steps folded into 'other', and the history they would need; null when shown. */
  unavailable: {
    steps: DetailStep[];
    reasons: Array<'no-close-date-history' | 'no-amount-history'>;
  } | null;
  /** False: today's close dates (amounts) stood in for those at T0 and T1; say so. */
  closeDateHistory: boolean;
  amountHistory: boolean;
}

interface StepRow extends Row {
  step: WaterfallStepKind;
  amount: number;
  n: number;
  missing: number;
}

const OUTFLOWS = new Set<WaterfallStepKind>(['won', 'lost', 'moved-out']);
const DETAIL: DetailStep[] = ['moved-in', 'moved-out', 'amount-change'];

/**
 * How the pipeline closing in `period` changed from `from` (T0) to `to` (T1), METRICS.md
 * "Pipeline change between two dates": Start + Created − Won − Lost ± the rest = End. The rest
 * splits into moved in, moved out and amount change only when the history carries close dates
 * and amounts; otherwise it is one 'other' step. Needs stage history.
 */
export async function computeWaterfall(
  db: Database,
  filter: CohortFilter,
  range: { period: string; from: string; to: string },
): Promise<WaterfallResult> {
  const { period, from, to } = range;
  if (!(from < to)) throw new RangeError(`waterfall: ${from} is not before ${to}`);
  const dates = { start: periodStart(period), end: periodEnd(period), from, to };
  const coverage = await historyCoverage(db);
  const result = {
    period,
    from,
    to,
    closeDateHistory: coverage.closeDateHistory,
    amountHistory: coverage.amountHistory,
  };
  if (!coverage.available) {
    return { ...result, available: false, reason: coverage.reason, steps: [], unavailable: null };
  }
  await prepareAsOf(db, from);
  await prepareAsOf(db, to);
  const q = waterfallSql(filter, dates);
  const rows = await db.query<StepRow>(q.sql, q.params);
  const step = (kind: WaterfallStepKind): WaterfallStep => {
    const r = rows.find((row) => row.step === kind);
    const amount = r?.amount ?? 0;
    return {
      step: kind,
      // 0 − x rather than −x: an empty outflow is 0, not −0.
      amount: OUTFLOWS.has(kind) ? 0 - amount : amount,
      count: r?.n ?? 0,
      missingAmount: r?.missing ?? 0,
    };
  };
  const detailed = coverage.closeDateHistory && coverage.amountHistory;
  const detail = DETAIL.map(step);
  const other: WaterfallStep = {
    step: 'other',
    amount: detail.reduce((sum, s) => sum + s.amount, 0),
    count: detail.reduce((sum, s) => sum + s.count, 0),
    missingAmount: detail.reduce((sum, s) => sum + s.missingAmount, 0),
  };
  const reasons = [
    ...(coverage.closeDateHistory ? [] : ['no-close-date-history' as const]),
    ...(coverage.amountHistory ? [] : ['no-amount-history' as const]),
  ];
  return {
    ...result,
    available: true,
    reason: null,
    steps: [
      step('start'),
      step('created'),
      step('won'),
      step('lost'),
      ...(detailed ? detail : [other]),
      step('end'),
    ],
    unavailable: detailed ? null : { steps: DETAIL, reasons },
  };
}
