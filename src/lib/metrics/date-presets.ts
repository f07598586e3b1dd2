export type DatePreset = 'this-quarter' | 'last-4-quarters' | 'year-to-date';
export const DATE_PRESETS: DatePreset[] = ['this-quarter', 'last-4-quarters', 'year-to-date'];

const iso = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** Inclusive date range of a preset, relative to the as-of date (never the browser's clock). */
export function presetRange(preset: DatePreset, asOf: string): { from: string; to: string } {
  const [y, m] = asOf.split('-').map(Number) as [number, number];
  const quarterStart = m - ((m - 1) % 3);
  switch (preset) {
    case 'this-quarter':
      return { from: iso(y, quarterStart, 1), to: asOf };
    case 'last-4-quarters': {
      const start = new Date(Date.UTC(y, quarterStart - 1 - 9, 1));
      return { from: iso(start.getUTCFullYear(), start.getUTCMonth() + 1, 1), to: asOf };
    }
    case 'year-to-date':
      return { from: iso(y, 1, 1), to: asOf };
  }
}
