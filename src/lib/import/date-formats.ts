import type { Database } from '../db/database.ts';
import { ident, literal } from '../db/sql.ts';
import type { DateReading } from './value-sql.ts';

export type DateOrder = 'ymd' | 'dmy' | 'mdy';

const TIMES = ['', ' %H:%M:%S', ' %H:%M', ' %I:%M:%S %p', ' %I:%M %p'];
const withTimes = (dates: string[]) => dates.flatMap((d) => TIMES.map((t) => d + t));

/** Candidate formats after `fc_date_text` normalised separators; %y before %Y, which takes 2 digits too. */
const FAMILIES: Record<DateOrder | 'named', string[]> = {
  ymd: withTimes(['%Y-%m-%d', '%Y%m%d']),
  dmy: withTimes(['%d-%m-%y', '%d-%m-%Y']),
  mdy: withTimes(['%m-%d-%y', '%m-%d-%Y']),
  named: withTimes([
    '%d %b, %Y',
    '%d %b %Y',
    '%b %d, %Y',
    '%b %d %Y',
    '%d-%b-%y',
    '%d-%b-%Y',
    '%d %B, %Y',
    '%d %B %Y',
    '%B %d, %Y',
    '%B %d %Y',
  ]),
};

export interface DateColumnAnalysis {
  reading: DateReading;
  order: DateOrder | null;
  /** Day and month could be either way round for every value seen: the user must confirm. */
  ambiguous: boolean;
  sampled: number;
  parsed: number;
}

const ORDERED = Object.values(FAMILIES).flat();
const SAMPLE = 2000;

/**
 * Decides how to read one text column as dates, from up to 2,000 distinct values: which order of
 * day and month (per column, from the values), or Excel serial numbers. `forced` is the user's
 * choice of order when the values cannot tell.
 */
export async function analyzeDateColumn(
  db: Database,
  table: string,
  column: string,
  forced?: DateOrder,
): Promise<DateColumnAnalysis> {
  const candidates = Object.entries(FAMILIES).flatMap(([family, formats]) =>
    formats.map((format) => ({ family, format })),
  );
  // Distinct cells first: a date column holds a few thousand, and only those are trimmed. (As a
  // subquery, the optimiser would push the blank test below the DISTINCT, trimming every row.)
  const sample = `SELECT DISTINCT cell AS raw
    FROM (SELECT fc_trimmed(unnest(list(DISTINCT ${ident(column)}))) AS cell FROM ${ident(table)})
    WHERE NOT fc_blank(cell) LIMIT ${SAMPLE}`;
  // strptime wants a constant format: one counted column per candidate. The cell's date text is
  // worked out once, not once per candidate (each would compile its patterns), and a candidate
  // is tried only on texts it could read: a time of day needs a colon, a month name or AM/PM
  // needs letters, and a format without them reads neither.
  const tried = (format: string) =>
    `${/%[HI]/.test(format) ? '' : 'NOT '}clock AND ${/%[bBp]/.test(format) ? '' : 'NOT '}letters`;
  const [counts = {}] = await db.query<Record<string, number>>(
    `WITH t AS (SELECT raw, fc_date_text(raw) AS text FROM (${sample})),
      s AS (SELECT *, contains(text, ':') AS clock, regexp_matches(text, '[A-Za-z]') AS letters
        FROM t)
     SELECT ${candidates
       .map(
         (c, i) =>
           `count(CASE WHEN ${tried(c.format)} THEN try_strptime(text, ${literal(c.format)}) END)::INTEGER AS f${i}`,
       )
       .join(', ')},
      count(*) FILTER (WHERE regexp_full_match(raw, '[0-9]{5}(\\.[0-9]+)?')
        AND TRY_CAST(raw AS DOUBLE) BETWEEN 20000 AND 80000)::INTEGER AS serials,
      count(*)::INTEGER AS n
     FROM s`,
  );
  const rows = candidates.map((c, i) => ({ ...c, ok: counts[`f${i}`] ?? 0 }));
  const n = counts.n ?? 0;
  if (n > 0 && counts.serials === n) {
    return { reading: { kind: 'excel' }, order: null, ambiguous: false, sampled: n, parsed: n };
  }
  const coverage = (family: string) =>
    Math.max(0, ...rows.filter((r) => r.family === family).map((r) => r.ok));
  const dmy = coverage('dmy');
  const mdy = coverage('mdy');
  const ymd = coverage('ymd');
  const ambiguous = dmy > 0 && dmy === mdy;
  const order: DateOrder =
    forced ?? (ymd >= Math.max(dmy, mdy) && ymd > 0 ? 'ymd' : dmy > mdy ? 'dmy' : 'mdy');
  const formats = rows
    .filter((r) => (r.family === order || r.family === 'named') && r.ok > 0)
    .map((r) => r.format)
    .sort((a, b) => ORDERED.indexOf(a) - ORDERED.indexOf(b));
  const parsed = Math.max(coverage(order), 0) + coverage('named');
  return {
    reading: {
      kind: 'formats',
      formats: formats.length > 0 ? formats : FAMILIES[order],
      iso: order === 'ymd',
    },
    order,
    ambiguous: ambiguous && forced === undefined && ymd < dmy,
    sampled: n,
    parsed: Math.min(parsed, n),
  };
}
