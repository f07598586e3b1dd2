import { toSimplified } from './traditional-chinese.ts';
import type { Status } from '../model/schema.ts';

/**
 * Folds a stage or status value for lookup, traditional Chinese to simplified. The SQL macro
 * fc_term mirrors it; the NFKC step (full-width → half-width) is done in JS only, as DuckDB has
 * no NFKC.
 */
export function normalizeTerm(s: string): string {
  return toSimplified(s)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

const TERMS: Record<Status, readonly string[]> = {
  won: [
    'Closed Won',
    'Closed/Won',
    'Won',
    'Win',
    'Deal Won',
    'Won Deal',
    '赢单',
    '赢',
    '已赢单',
    '赢单关闭',
    '成功',
    '成功商机',
    '成交',
    '已成交',
    '签约',
    '已签约',
    '签单',
    '已签单',
    '完成销售成交',
    '合同签订',
    '合同已签订',
  ],
  lost: [
    'Closed Lost',
    'Closed/Lost',
    'Closed Lost to Competition',
    'Lost to Competition',
    'Lost',
    'Loss',
    'Deal Lost',
    'Lost Deal',
    '输单',
    '输',
    '已输单',
    '输单关闭',
    '失败',
    '失败商机',
    '丢单',
    '已丢单',
    '丢失',
    '流失',
    '已流失',
    '关闭',
    '已关闭',
  ],
  open: ['Open', 'In Progress', 'Active', 'Ongoing', '进行中', '跟进中', '打开', '未关闭'],
};

/** Normalized terms for a DuckDB lookup table; a normal open stage name is not among them. */
export const STATUS_TERMS: ReadonlyArray<readonly [term: string, status: Status]> = (
  Object.entries(TERMS) as Array<[Status, readonly string[]]>
).flatMap(([status, terms]) => terms.map((term) => [normalizeTerm(term), status] as const));

const BY_TERM = new Map(STATUS_TERMS);

/** The status a terminal stage name or a status value stands for; null when it names none. */
export function statusFromTerm(value: string | null): Status | null {
  if (value === null) return null;
  return BY_TERM.get(normalizeTerm(value)) ?? null;
}
