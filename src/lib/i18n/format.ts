export type Locale = 'en' | 'zh-CN';

/** Amounts as each language reads them: 356万 and 1.2亿 in Chinese, 356K and 1.2M in English. */
export function formatAmount(value: number | null, locale: Locale): string {
  if (value === null || !Number.isFinite(value)) return '–';
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const units: Array<[number, string]> =
    locale === 'zh-CN'
      ? [
          [1e8, '亿'],
          [1e4, '万'],
        ]
      : [
          [1e9, 'B'],
          [1e6, 'M'],
          [1e3, 'K'],
        ];
  for (const [size, unit] of units) {
    if (abs >= size) return `${sign}${compact(abs / size)}${unit}`;
  }
  return `${sign}${compact(abs)}`;
}

function compact(x: number): string {
  const digits = x >= 100 ? 0 : x >= 10 ? 1 : 2;
  return String(Number(x.toFixed(digits)));
}

// Building an Intl formatter costs far more than using one (a redraw formats thousands of
// figures), so each kind is built once per locale and kept.
type Formatter = Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat;
const formatters = new Map<string, Formatter>();

function kept<T extends Formatter>(key: string, make: () => T): T {
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter as T;
}

export function formatCount(value: number, locale: Locale): string {
  return kept(`count ${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

export function formatPercent(value: number | null, locale: Locale, digits = 1): string {
  if (value === null || !Number.isFinite(value)) return '–';
  const formatter = kept(
    `percent ${locale} ${digits}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: 'percent',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }),
  );
  return formatter.format(value);
}

/** Items as the locale lists them: “a and b”, “a和b”. */
export function formatList(items: readonly string[], locale: Locale): string {
  return kept(`list ${locale}`, () => new Intl.ListFormat(locale)).format(items);
}

/** A YYYY-MM-DD date as the locale writes it, without touching time zones. */
export function formatDate(iso: string | null, locale: Locale): string {
  if (!iso) return '–';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return iso;
  const formatter = kept(
    `date ${locale}`,
    () => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'medium' }),
  );
  return formatter.format(new Date(Date.UTC(y, m - 1, d)));
}

/** Time taken so far, as a clock shows it in every locale: 0:07, 1:05, 1:02:03. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}
