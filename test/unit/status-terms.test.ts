import { describe, expect, it } from 'vitest';
import { normalizeTerm, STATUS_TERMS, statusFromTerm } from '../../src/lib/import/status-terms.ts';

describe('normalizeTerm(s)', () => {
  it.each([
    ['  Closed Won ', 'closedwon'],
    ['Closed_Lost', 'closedlost'],
    ['In-Progress', 'inprogress'],
    ['ＷＯＮ', 'won'],
    ['赢 单', '赢单'],
  ])('%s → %s', (value, expected) => {
    expect(normalizeTerm(value)).toBe(expected);
  });
});

describe('statusFromTerm(value)', () => {
  it.each([
    'Closed Won',
    'closedwon',
    'CLOSED - WON',
    'Closed/Won',
    'Won',
    'win',
    'Deal won',
    '赢单',
    '赢',
    '成功商机',
    '成交',
    '已成交',
    '签约',
    '已签约',
    '完成销售成交',
    '合同签订',
  ])('%s is won', (value) => {
    expect(statusFromTerm(value)).toBe('won');
  });

  it.each([
    'Closed Lost',
    'closed_lost',
    'Lost',
    'Closed Lost to Competition',
    'Deal lost',
    '输单',
    '输',
    '失败',
    '失败商机',
    '丢单',
    '已丢单',
    '已流失',
    '关闭',
  ])('%s is lost', (value) => {
    expect(statusFromTerm(value)).toBe('lost');
  });

  it.each(['Open', 'in progress', 'ACTIVE', '进行中', '跟进中', '打开'])('%s is open', (value) => {
    expect(statusFromTerm(value)).toBe('open');
  });

  it.each(['Qualification', 'Engaging', 'Closed', '有效商机', 'deleted', ''])(
    '%s names no status',
    (value) => {
      expect(statusFromTerm(value)).toBeNull();
    },
  );

  it('returns null for null', () => {
    expect(statusFromTerm(null)).toBeNull();
  });
});

describe('STATUS_TERMS', () => {
  it('holds normalized, unique terms', () => {
    const terms = STATUS_TERMS.map(([term]) => term);
    expect(terms.every((term) => term === normalizeTerm(term))).toBe(true);
    expect(new Set(terms).size).toBe(terms.length);
  });

  it('agrees with statusFromTerm', () => {
    for (const [term, status] of STATUS_TERMS) expect(statusFromTerm(term)).toBe(status);
    expect(STATUS_TERMS).toContainEqual(['closedwon', 'won']);
    expect(STATUS_TERMS).toContainEqual(['已丢单', 'lost']);
    expect(STATUS_TERMS).toContainEqual(['进行中', 'open']);
  });
});
