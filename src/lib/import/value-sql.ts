import { ident } from '../db/sql.ts';

/**
 * SQL macros that parse text cells into typed values. They run inside DuckDB so a million-row
 * import never round-trips through JavaScript. Every macro returns NULL for a blank cell; a cell
 * that is not blank but parses to NULL is a problem the importer reports.
 */
export const VALUE_MACROS = [
  // Placeholders exports write for "no value".
  // The length test first: most cells are longer than any placeholder, and it is the cheap check.
  `CREATE OR REPLACE TEMP MACRO fc_blank(raw) AS raw IS NULL OR (length(raw) <= 8
     AND trim(raw) IN ('', '-', '--', '—', 'N/A', 'n/a', 'NA', '#N/A', 'NULL', 'null', 'None', '无'))`,
  `CREATE OR REPLACE TEMP MACRO fc_text(raw) AS CASE WHEN fc_blank(raw) THEN NULL ELSE trim(raw) END`,
  // Amounts: currency symbols and codes, thousands separators in groups of three, K/M/B and 万/亿
  // units, negatives with a minus or in parentheses. "1.234,56" is refused rather than misread.
  `CREATE OR REPLACE TEMP MACRO fc_amount_parts(raw) AS regexp_extract(
     regexp_replace(upper(trim(raw)), '[[:space:]¥￥$€£]|CNY|RMB|USD|EUR|GBP|HKD|JPY|元', '', 'g'),
     '^(\\()?(-)?([0-9]{1,3}(?:,[0-9]{3})+(?:\\.[0-9]+)?|[0-9]*\\.?[0-9]+)(万|亿|K|MM|M|BN|B)?(\\))?$',
     ['open', 'minus', 'num', 'unit', 'close'])`,
  `CREATE OR REPLACE TEMP MACRO fc_amount_value(p) AS CASE
     WHEN p.num = '' OR (p.open = '(') <> (p.close = ')') THEN NULL
     ELSE replace(p.num, ',', '')::DOUBLE
       * CASE p.unit WHEN '万' THEN 1e4 WHEN '亿' THEN 1e8 WHEN 'K' THEN 1e3 WHEN 'M' THEN 1e6
                     WHEN 'MM' THEN 1e6 WHEN 'B' THEN 1e9 WHEN 'BN' THEN 1e9 ELSE 1 END
       * CASE WHEN p.open = '(' OR p.minus = '-' THEN -1 ELSE 1 END END`,
  // Plain numbers take the fast cast; only the rest pay for the regular expressions.
  `CREATE OR REPLACE TEMP MACRO fc_amount(raw, scale) AS CASE WHEN fc_blank(raw) THEN NULL
     WHEN isfinite(TRY_CAST(raw AS DOUBLE)) AND NOT contains(raw, '_') THEN TRY_CAST(raw AS DOUBLE) * scale
     ELSE fc_amount_value(fc_amount_parts(raw)) * scale END`,
  // The currency a symbol or code in the cell names, for exports without a currency column.
  `CREATE OR REPLACE TEMP MACRO fc_amount_currency(raw) AS CASE
     WHEN raw SIMILAR TO '.*(¥|￥|CNY|RMB|元).*' THEN 'CNY' WHEN raw SIMILAR TO '.*(€|EUR).*' THEN 'EUR'
     WHEN raw SIMILAR TO '.*(£|GBP).*' THEN 'GBP' WHEN raw SIMILAR TO '.*(HKD).*' THEN 'HKD'
     WHEN raw SIMILAR TO '.*(JPY).*' THEN 'JPY' WHEN raw SIMILAR TO '.*(\\$|USD).*' THEN 'USD' END`,
  // Percentages: '35%', '35' on a 0-100 column (scale 0.01) or '0.35' on a 0-1 column (scale 1).
  `CREATE OR REPLACE TEMP MACRO fc_percent(raw, scale) AS CASE WHEN fc_blank(raw) THEN NULL
     WHEN trim(raw) LIKE '%\\%' ESCAPE '\\' THEN TRY_CAST(rtrim(trim(raw), '%') AS DOUBLE) / 100
     ELSE TRY_CAST(trim(raw) AS DOUBLE) * scale END`,
  `CREATE OR REPLACE TEMP MACRO fc_number(raw) AS
     CASE WHEN fc_blank(raw) THEN NULL ELSE TRY_CAST(replace(trim(raw), ',', '') AS DOUBLE) END`,
  `CREATE OR REPLACE TEMP MACRO fc_class(raw) AS CASE WHEN fc_blank(raw) THEN NULL
     ELSE nullif(regexp_extract(upper(trim(raw)), '^(?:CLASS |等级)?([ABCD])(?:类|级|类客户| CLASS)?$', 1), '') END`,
  `CREATE OR REPLACE TEMP MACRO fc_bool(raw) AS CASE
     WHEN fc_blank(raw) THEN NULL
     WHEN lower(trim(raw)) IN ('true', 't', 'yes', 'y', '1', '是', '真', '对') THEN true
     WHEN lower(trim(raw)) IN ('false', 'f', 'no', 'n', '0', '否', '假', '错') THEN false END`,
  // Dates: one spelling for separators, no time-zone suffix or fractions of a second, Chinese
  // 年月日 as dashes; the per-column format list then decides the order of day and month.
  `CREATE OR REPLACE TEMP MACRO fc_date_text(raw) AS regexp_replace(regexp_replace(regexp_replace(
     regexp_replace(trim(raw), '(:[0-9]{2})(\\.[0-9]+)?(Z|[+-][0-9]{2}:?[0-9]{2})?$', '\\1'),
     '([0-9])T([0-9])', '\\1 \\2'), '[年月/.]', '-', 'g'), '[日号]', '', 'g')`,
  // A two-digit year read by %Y lands in year 24: anything outside 1900-2100 is not a CRM date.
  `CREATE OR REPLACE TEMP MACRO fc_plausible_date(ts) AS
     CASE WHEN year(ts) BETWEEN 1900 AND 2100 THEN ts END`,
  `CREATE OR REPLACE TEMP MACRO fc_excel_date(raw) AS CASE
     WHEN TRY_CAST(trim(raw) AS DOUBLE) BETWEEN 1 AND 2958465
     THEN DATE '1899-12-30' + CAST(floor(TRY_CAST(trim(raw) AS DOUBLE)) AS INTEGER) END`,
];

/**
 * How one date column is read: Excel serial numbers, or strptime formats tried in order; `iso`
 * when year-month-day order lets DuckDB's fast cast read most values first.
 */
export type DateReading = { kind: 'excel' } | { kind: 'formats'; formats: string[]; iso: boolean };

/** SQL for a typed date (TIMESTAMP) parsed from a raw text column. */
export function timestampSql(column: string, reading: DateReading): string {
  const raw = ident(column);
  if (reading.kind === 'excel') return `CAST(fc_excel_date(${raw}) AS TIMESTAMP)`;
  const formats = reading.formats.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ');
  const parsed = `fc_plausible_date(try_strptime(fc_date_text(${raw}), [${formats}]))`;
  const cast = `fc_plausible_date(TRY_CAST(trim(${raw}) AS TIMESTAMP))`;
  return `CASE WHEN fc_blank(${raw}) THEN NULL ELSE ${reading.iso ? `coalesce(${cast}, ${parsed})` : parsed} END`;
}
