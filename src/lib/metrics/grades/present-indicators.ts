import type { Database } from '../../db/database.ts';
import { ident } from '../../db/sql.ts';
import { INDICATORS, type Indicator } from './grading-setup.ts';

/** The grading indicators the loaded opportunities hold at least one value of, in setup order. */
export async function presentIndicators(db: Database): Promise<Indicator[]> {
  const counts = INDICATORS.map((i) => `count(${ident(i)})::INTEGER AS ${ident(i)}`).join(', ');
  const [row] = await db.query<Record<Indicator, number>>(`SELECT ${counts} FROM opportunities`);
  return INDICATORS.filter((i) => (row?.[i] ?? 0) > 0);
}
