const MS_PER_DAY = 86_400_000;

/** Dates are whole UTC day numbers, so no time zone or clock can shift them. */
export function dayOf(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY;
}

export function isoOf(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function monthOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCMonth() + 1;
}

export function yearOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

export const FIRST_CREATED = dayOf('2023-11-01');
export const LAST_CREATED = dayOf('2026-10-31');
export const AS_OF = dayOf('2026-11-15');
