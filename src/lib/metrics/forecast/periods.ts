/** Forecast periods: calendar quarters (`2026-Q4`) or months (`2026-11`), labelled as text. */
export type PeriodUnit = 'quarter' | 'month';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const iso = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

/** The label of a quarter numbered as year · 4 + quarter − 1 (`created_q`, `closed_q`). */
export function quarterOfIndex(index: number): string {
  return periodLabel(Math.floor(index / 4), (index % 4) + 1, 'quarter');
}

/** The label of a year's quarter or month `p` (1-based). */
export function periodLabel(y: number, p: number, unit: PeriodUnit): string {
  return unit === 'quarter' ? `${pad(y, 4)}-Q${p}` : `${pad(y, 4)}-${pad(p)}`;
}

/** The label of the period holding a `YYYY-MM-DD` date. */
export function periodOf(date: string, unit: PeriodUnit): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return periodLabel(y, unit === 'quarter' ? Math.ceil(m / 3) : m, unit);
}

function parse(label: string): { y: number; first: number; months: number } {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(label);
  if (quarter) return { y: Number(quarter[1]), first: (Number(quarter[2]) - 1) * 3 + 1, months: 3 };
  const month = /^(\d{4})-(\d{2})$/.exec(label);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12)
    return { y: Number(month[1]), first: Number(month[2]), months: 1 };
  throw new Error(`not a period: ${label}`);
}

export function periodUnit(label: string): PeriodUnit {
  return parse(label).months === 3 ? 'quarter' : 'month';
}

/** First day of a period, `YYYY-MM-DD`. */
export function periodStart(label: string): string {
  const { y, first } = parse(label);
  return iso(y, first, 1);
}

/** Last day of a period (ranges are inclusive), `YYYY-MM-DD`. */
export function periodEnd(label: string): string {
  const { y, first, months } = parse(label);
  const end = new Date(Date.UTC(y, first - 1 + months, 0));
  return iso(end.getUTCFullYear(), end.getUTCMonth() + 1, end.getUTCDate());
}

/** The period `steps` after (or before, when negative) the given one. */
export function shiftPeriod(label: string, steps: number): string {
  const { y, first, months } = parse(label);
  const start = new Date(Date.UTC(y, first - 1 + steps * months, 1));
  return periodOf(iso(start.getUTCFullYear(), start.getUTCMonth() + 1, 1), periodUnit(label));
}

/** Every period from the one holding `from` to the one holding `to`, in order. */
export function periodsBetween(from: string, to: string, unit: PeriodUnit): string[] {
  const last = periodOf(to, unit);
  const out: string[] = [];
  for (let p = periodOf(from, unit); p <= last; p = shiftPeriod(p, 1)) out.push(p);
  return out;
}
