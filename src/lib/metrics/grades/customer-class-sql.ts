import type { ClassThresholds } from './grading-setup.ts';
import type { Param } from './sql-params.ts';

/** An opportunity's account: its account name, or the opportunity itself when it has none. */
export const ACCOUNT_KEY_SQL = `CASE WHEN account IS NULL THEN 'o:' || id ELSE 'a:' || account END`;

/**
 * CTEs `account_classes(acct, computed_class)` over every opportunity in `opp_progress`: accounts
 * ranked by annual revenue inside their industry (RANK: ties share a rank), A ≤ t.A, B ≤ t.B,
 * C ≤ t.C, else D. One row per account: its revenue is the largest its rows give (an accounts file
 * fills the same figure on every row; a per-deal snapshot is at worst an older, smaller one), its
 * industry the one most of its rows name (ties: alphabetically first). Accounts without revenue or
 * industry get no row: unclassed, not D.
 */
export function accountClassesSql(t: ClassThresholds, q: Param): string {
  return `account_rows AS (
        SELECT ${ACCOUNT_KEY_SQL} AS acct, industry, annual_revenue FROM opp_progress),
      account_revenue AS (
        SELECT acct, max(annual_revenue) AS revenue FROM account_rows GROUP BY acct),
      account_industry AS (
        SELECT acct, industry FROM (
          SELECT acct, industry,
            row_number() OVER (PARTITION BY acct ORDER BY count(*) DESC, industry) AS k
          FROM account_rows WHERE industry IS NOT NULL GROUP BY acct, industry)
        WHERE k = 1),
      account_ranks AS (
        SELECT acct, rank() OVER (PARTITION BY industry ORDER BY revenue DESC) AS revenue_rank
        FROM account_revenue JOIN account_industry USING (acct) WHERE revenue IS NOT NULL),
      account_classes AS (
        SELECT acct, CASE WHEN revenue_rank <= ${q(t.A)} THEN 'A' WHEN revenue_rank <= ${q(t.B)} THEN 'B'
          WHEN revenue_rank <= ${q(t.C)} THEN 'C' ELSE 'D' END AS computed_class
        FROM account_ranks)`;
}
