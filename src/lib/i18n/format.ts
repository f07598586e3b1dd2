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

export function formatCount(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(value);
}

export function formatPercent(value: number | null, locale: Locale, digits = 1): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** A YYYY-MM-DD date as the locale writes it, without touching time zones. */
export function formatDate(iso: string | null, locale: Locale): string {
  if (!iso) return '–';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return iso;
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'medium' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}
