import { ident, literal } from '../db/sql.ts';

/** Code points DuckDB's one-argument trim() removes: Unicode space separators (Zs). */
const SPACE_SEPARATORS = [
  32, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8239, 8287,
  12288,
].join(', ');

export const PLACEHOLDERS = [
  '',
  '-',
  '--',
  '—',
  'N/A',
  'n/a',
  'NA',
  '#N/A',
  'NULL',
  'null',
  'None',
  '无',
];
const PLACEHOLDER_BYTES = 4;

/**
 * SQL macros that parse text cells into typed values. They run inside DuckDB so a million-row
 * import never round-trips through JavaScript. Every macro returns NULL for a blank cell; a cell
 * that is not blank but parses to NULL is a problem the importer reports.
 *
 * Every macro but `fc_trimmed` takes a cell already trimmed by it: trimming is most of what a
 * plain cell costs, and a macro that trims evaluates it again at each mention of the cell.
 */
export const VALUE_MACROS = [
  // trim() copies every string it is given; most cells need none, which their first and last
  // code points tell at a third of the cost. Lists of constants are tested with list_contains:
  // DuckDB turns an IN list that long into a join, one per mention, every row probing each.
  `CREATE OR REPLACE TEMP MACRO fc_trimmed(raw) AS if(list_contains([${SPACE_SEPARATORS}], ord(raw))
     OR list_contains([${SPACE_SEPARATORS}], ord(raw[-1])), trim(raw), raw)`,
  // Placeholders exports write for "no value", none longer than 4 bytes (the cheap test first).
  `CREATE OR REPLACE TEMP MACRO fc_blank(cell) AS cell IS NULL
     OR (strlen(cell) <= ${PLACEHOLDER_BYTES}
       AND list_contains([${PLACEHOLDERS.map(literal).join(', ')}], cell))`,
  `CREATE OR REPLACE TEMP MACRO fc_text(cell) AS CASE WHEN fc_blank(cell) THEN NULL ELSE cell END`,
  // Amounts: currency symbols and codes, thousands separators in groups of three, K/M/B and 万/亿
  // units, negatives with a minus or in parentheses. "1.234,56" is refused rather than misread.
  `CREATE OR REPLACE TEMP MACRO fc_amount_parts(cell) AS regexp_extract(
     regexp_replace(upper(cell), '[[:space:]¥￥$€£]|CNY|RMB|USD|EUR|GBP|HKD|JPY|元', '', 'g'),
     '^(\\()?(-)?([0-9]{1,3}(?:,[0-9]{3})+(?:\\.[0-9]+)?|[0-9]*\\.?[0-9]+)(万|亿|K|MM|M|BN|B)?(\\))?$',
     ['open', 'minus', 'num', 'unit', 'close'])`,
  `CREATE OR REPLACE TEMP MACRO fc_amount_value(p) AS CASE
     WHEN p.num = '' OR (p.open = '(') <> (p.close = ')') THEN NULL
     ELSE replace(p.num, ',', '')::DOUBLE
       * CASE p.unit WHEN '万' THEN 1e4 WHEN '亿' THEN 1e8 WHEN 'K' THEN 1e3 WHEN 'M' THEN 1e6
                     WHEN 'MM' THEN 1e6 WHEN 'B' THEN 1e9 WHEN 'BN' THEN 1e9 ELSE 1 END
       * CASE WHEN p.open = '(' OR p.minus = '-' THEN -1 ELSE 1 END END`,
  // Plain numbers take the fast cast; only the rest pay for the regular expressions.
  `CREATE OR REPLACE TEMP MACRO fc_amount(cell, scale) AS CASE WHEN fc_blank(cell) THEN NULL
     WHEN isfinite(TRY_CAST(cell AS DOUBLE)) AND NOT contains(cell, '_') THEN TRY_CAST(cell AS DOUBLE) * scale
     ELSE fc_amount_value(fc_amount_parts(cell)) * scale END`,
  // The currency a symbol or code in the cell names, for exports without a currency column.
  `CREATE OR REPLACE TEMP MACRO fc_amount_currency(cell) AS CASE
     WHEN cell SIMILAR TO '.*(¥|￥|CNY|RMB|元).*' THEN 'CNY' WHEN cell SIMILAR TO '.*(€|EUR).*' THEN 'EUR'
     WHEN cell SIMILAR TO '.*(£|GBP).*' THEN 'GBP' WHEN cell SIMILAR TO '.*(HKD).*' THEN 'HKD'
     WHEN cell SIMILAR TO '.*(JPY).*' THEN 'JPY' WHEN cell SIMILAR TO '.*(\\$|USD).*' THEN 'USD' END`,
  // Percentages: '35%', '35' on a 0-100 column (scale 0.01) or '0.35' on a 0-1 column (scale 1).
  `CREATE OR REPLACE TEMP MACRO fc_percent(cell, scale) AS CASE WHEN fc_blank(cell) THEN NULL
     WHEN cell LIKE '%\\%' ESCAPE '\\' THEN TRY_CAST(rtrim(cell, '%') AS DOUBLE) / 100
     ELSE TRY_CAST(cell AS DOUBLE) * scale END`,
  `CREATE OR REPLACE TEMP MACRO fc_number(cell) AS
     CASE WHEN fc_blank(cell) THEN NULL ELSE TRY_CAST(replace(cell, ',', '') AS DOUBLE) END`,
  `CREATE OR REPLACE TEMP MACRO fc_class(cell) AS CASE WHEN fc_blank(cell) THEN NULL
     ELSE nullif(regexp_extract(upper(cell), '^(?:CLASS |等级)?([ABCD])(?:类|级|类客户| CLASS)?$', 1), '') END`,
  `CREATE OR REPLACE TEMP MACRO fc_bool(cell) AS CASE
     WHEN fc_blank(cell) THEN NULL
     WHEN list_contains(['true', 't', 'yes', 'y', '1', '是', '真', '对'], lower(cell)) THEN true
     WHEN list_contains(['false', 'f', 'no', 'n', '0', '否', '假', '错'], lower(cell)) THEN false END`,
  // Dates: one spelling for separators, no time-zone suffix or fractions of a second, Chinese
  // 年月日 as dashes; the per-column format list then decides the order of day and month.
  `CREATE OR REPLACE TEMP MACRO fc_date_text(cell) AS regexp_replace(regexp_replace(regexp_replace(
     regexp_replace(cell, '(:[0-9]{2})(\\.[0-9]+)?(Z|[+-][0-9]{2}:?[0-9]{2})?$', '\\1'),
     '([0-9])T([0-9])', '\\1 \\2'), '[年月/.]', '-', 'g'), '[日号]', '', 'g')`,
  // A two-digit year read by %Y lands in year 24: anything outside 1900-2100 is not a CRM date.
  `CREATE OR REPLACE TEMP MACRO fc_plausible_year(ts) AS year(ts) BETWEEN 1900 AND 2100`,
  `CREATE OR REPLACE TEMP MACRO fc_excel_date(cell) AS CASE
     WHEN TRY_CAST(cell AS DOUBLE) BETWEEN 1 AND 2958465
     THEN DATE '1899-12-30' + CAST(floor(TRY_CAST(cell AS DOUBLE)) AS INTEGER) END`,
];

/**
 * How one date column is read: Excel serial numbers, or strptime formats tried in order; `iso`
 * when year-month-day order lets DuckDB's fast cast read most values first.
 */
export type DateReading = { kind: 'excel' } | { kind: 'formats'; formats: string[]; iso: boolean };

/**
 * How a date column's text becomes a TIMESTAMP. `expr` is the fast reading; the few values it
 * reads outside 1900–2100 are read again by `implausible` (the column's formats alone, NULL when
 * still implausible). A single expression checking both readings evaluates them twice a row, which
 * took longer than the rest of a million-row file's values together.
 */
export interface TimestampReading {
  expr: string;
  implausible: string | null;
}

export function timestampSql(column: string, reading: DateReading): TimestampReading {
  const raw = ident(column);
  if (reading.kind === 'excel') {
    return { expr: `CAST(fc_excel_date(${raw}) AS TIMESTAMP)`, implausible: null };
  }
  const formats = reading.formats.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ');
  const parsed = `try_strptime(fc_date_text(${raw}), [${formats}])`;
  const cast = `TRY_CAST(${raw} AS TIMESTAMP)`;
  const blank = (value: string) => `CASE WHEN fc_blank(${raw}) THEN NULL ELSE ${value} END`;
  return {
    expr: blank(reading.iso ? `coalesce(${cast}, ${parsed})` : parsed),
    implausible: blank(`CASE WHEN fc_plausible_year(${parsed}) THEN ${parsed} END`),
  };
}
