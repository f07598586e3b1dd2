import type { StageModel } from '../model/stage-model.ts';
import { cohortWhere, type CohortFilter, type SqlFragment } from './cohort.ts';
import { pivotKey } from './filter-rollup.ts';
import { quarterOfIndex } from './forecast/periods.ts';

/**
 * The cohort counted by current stage, status and creation quarter, with amounts and exported
 * probabilities: a few hundred rows that the headline numbers, the stage chart and the quarter
 * chart are rolled up from (`summarizeOverview`), in one scan of the deals instead of three.
 */
export function overviewCubeSql(filter: CohortFilter, pivot?: string): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `SELECT ${['stage', 'status', 'created_q', ...pivotKey(pivot)].join(', ')},
        count(*)::INTEGER AS n, coalesce(sum(amount), 0)::DOUBLE AS amount,
        count(amount)::INTEGER AS with_amount,
        coalesce(sum(probability), 0)::DOUBLE AS p_sum, count(probability)::INTEGER AS p_n
      FROM opp_progress WHERE ${where.sql} GROUP BY ALL`,
    params: where.params,
  };
}

/** The columns of `overviewCubeSql` that add up across its groups. */
export const OVERVIEW_CUBE_SUMS = ['n', 'amount', 'with_amount', 'p_sum', 'p_n'] as const;

export interface OverviewCubeRow {
  stage: string | null;
  status: 'open' | 'won' | 'lost';
  /** Creation quarter as year · 4 + quarter − 1; null without a creation date. */
  created_q: number | null;
  n: number;
  amount: number;
  with_amount: number;
  p_sum: number;
  p_n: number;
  [key: string]: string | number | null;
}

/** Headline numbers over the cohort. */
export interface OverviewKpis {
  total: number;
  open: number;
  open_amount: number;
  open_missing_amount: number;
  won: number;
  lost: number;
  won_amount: number;
  won_missing_amount: number;
}

/** Opportunities per current stage and status, `stage_order` as `stageStatus` orders them. */
export interface StageStatusRow {
  stage: string;
  status: 'open' | 'won' | 'lost';
  n: number;
  stage_order: number;
}

/** Opportunities created per calendar quarter ('2024-Q2'), split by their status today. */
export interface QuarterStatusRow {
  quarter: string;
  status: 'open' | 'won' | 'lost';
  n: number;
}

export interface OverviewSummary {
  kpis: OverviewKpis;
  stages: StageStatusRow[];
  quarters: QuarterStatusRow[];
}

const sumOf = (rows: OverviewCubeRow[], value: (r: OverviewCubeRow) => number) =>
  rows.reduce((sum, r) => sum + value(r), 0);

/** Rows summed by a key, in the order their keys first appear. */
function totalsBy<K>(rows: OverviewCubeRow[], key: (r: OverviewCubeRow) => K) {
  const totals = new Map<K, OverviewCubeRow[]>();
  for (const r of rows) totals.set(key(r), [...(totals.get(key(r)) ?? []), r]);
  return totals;
}

function overviewKpis(rows: OverviewCubeRow[]): OverviewKpis {
  const of = (status: OverviewCubeRow['status']) => rows.filter((r) => r.status === status);
  const [open, won, lost] = [of('open'), of('won'), of('lost')];
  return {
    total: sumOf(rows, (r) => r.n),
    open: sumOf(open, (r) => r.n),
    open_amount: sumOf(open, (r) => r.amount),
    open_missing_amount: sumOf(open, (r) => r.n - r.with_amount),
    won: sumOf(won, (r) => r.n),
    lost: sumOf(lost, (r) => r.n),
    won_amount: sumOf(won, (r) => r.amount),
    won_missing_amount: sumOf(won, (r) => r.n - r.with_amount),
  };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Stages holding open deals come first, in the order of their mean exported probability (a
 * stand-in until a stage model orders them: `orderByModel`), then the others; ties by name.
 */
function stageStatus(rows: OverviewCubeRow[]): StageStatusRow[] {
  const stages = [...totalsBy(rows, (r) => r.stage ?? '')].map(([stage, group]) => {
    const open = group.filter((r) => r.status === 'open');
    const pN = sumOf(open, (r) => r.p_n);
    return {
      stage,
      group,
      openN: sumOf(open, (r) => r.n),
      p: pN > 0 ? sumOf(open, (r) => r.p_sum) / pN : null,
    };
  });
  stages.sort(
    (a, b) =>
      Number(a.openN === 0) - Number(b.openN === 0) ||
      (a.p === null ? 1 : 0) - (b.p === null ? 1 : 0) ||
      (a.p ?? 0) - (b.p ?? 0) ||
      byText(a.stage, b.stage),
  );
  return stages.flatMap(({ stage, group }, i) =>
    [...totalsBy(group, (r) => r.status)]
      .map(([status, g]) => ({ stage, status, n: sumOf(g, (r) => r.n), stage_order: i + 1 }))
      .sort((a, b) => byText(a.status, b.status)),
  );
}

/**
 * The stages in the stage model's order, as the Funnel draws them: its stages, then the won and
 * the lost values, then what it does not place, in the order they had.
 */
export function orderByModel(rows: StageStatusRow[], model: StageModel): StageStatusRow[] {
  const k = model.stages.length;
  const rank = (stage: string) => {
    const at = model.stages.findIndex((s) => s.members.includes(stage));
    if (at >= 0) return at;
    if (model.won.includes(stage)) return k;
    return model.lost.includes(stage) ? k + 1 : k + 2;
  };
  const order = [...new Map(rows.map((r) => [r.stage, r.stage_order]))]
    .sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1])
    .map(([stage]) => stage);
  const place = new Map(order.map((stage, i) => [stage, i + 1]));
  return rows
    .map((r) => ({ ...r, stage_order: place.get(r.stage) ?? order.length }))
    .sort((a, b) => a.stage_order - b.stage_order || byText(a.status, b.status));
}

function createdByQuarter(rows: OverviewCubeRow[]): QuarterStatusRow[] {
  const dated = rows.filter((r) => r.created_q !== null);
  return [...totalsBy(dated, (r) => `${r.created_q} ${r.status}`)]
    .map(([, g]) => ({
      quarter: quarterOfIndex(g[0]!.created_q!),
      status: g[0]!.status,
      n: sumOf(g, (r) => r.n),
    }))
    .sort((a, b) => byText(a.quarter, b.quarter) || byText(a.status, b.status));
}

export function summarizeOverview(rows: OverviewCubeRow[]): OverviewSummary {
  return { kpis: overviewKpis(rows), stages: stageStatus(rows), quarters: createdByQuarter(rows) };
}
