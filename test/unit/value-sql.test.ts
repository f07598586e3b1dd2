import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import { analyzeDateColumn } from '../../src/lib/import/date-formats.ts';
import { PLACEHOLDERS } from '../../src/lib/import/value-sql.ts';
import { databaseWithMacros, importDateColumn } from '../helpers/db.ts';

let db: Database;
beforeAll(async () => {
  db = await databaseWithMacros();
});
afterAll(() => db.close());

async function scalar(sql: string, params: Array<string | number> = []) {
  const [row] = await db.query(`SELECT ${sql} AS v`, params);
  return row?.v;
}

describe('fc_amount(raw, scale)', () => {
  it.each([
    ['1054', 1, 1054],
    ['$22,700.00', 1, 22700],
    ['¥1,234.50', 1, 1234.5],
    ['12万', 1, 120_000],
    ['100 万元', 1, 1_000_000],
    ['1.5亿', 1, 150_000_000],
    ['2.5K', 1, 2500],
    ['3M', 1, 3_000_000],
    ['(300)', 1, -300],
    ['-42.5', 1, -42.5],
    ['RMB 8,000', 1, 8000],
    // A header in 万元 scales plain numbers: 12.5 万 = 125,000.
    ['12.5', 10_000, 125_000],
  ])('reads %s (scale %d) as %d', async (raw, scale, expected) => {
    expect(await scalar('fc_amount(fc_trimmed(?), ?)', [raw, scale])).toBe(expected);
  });

  it.each(['1.234,56', '12,34', 'abc', '(300', '5%'])('refuses %s', async (raw) => {
    expect(await scalar('fc_amount(fc_trimmed(?), 1)', [raw])).toBeNull();
  });

  it.each(['', '  ', '-', '--', 'N/A', '无'])(
    'takes %j as blank, not as a problem',
    async (raw) => {
      expect(await scalar('fc_blank(fc_trimmed(?))', [raw])).toBe(true);
      expect(await scalar('fc_amount(fc_trimmed(?), 1)', [raw])).toBeNull();
    },
  );
});

describe('fc_text(raw) and fc_blank(raw)', () => {
  const ideographic = '\u3000';
  const nbsp = '\u00a0';
  it.each([
    ['Acme', 'Acme'],
    ['  Acme Ltd ', 'Acme Ltd'],
    [`${ideographic}华东区${ideographic}`, '华东区'],
    [`${nbsp}Acme`, 'Acme'],
    [`Acme\u2009`, 'Acme'],
    ['\tAcme', '\tAcme'],
    ['A  B', 'A  B'],
    ['N/A', null],
    [`${ideographic}无 `, null],
    ['           --         ', null],
    ['', null],
  ])('fc_text(%j) = %j, as trim() with placeholders blank', async (raw, expected) => {
    expect(await scalar('fc_text(fc_trimmed(?))', [raw])).toBe(expected);
    expect(await scalar('fc_blank(fc_trimmed(?))', [raw])).toBe(expected === null);
  });

  it.each(PLACEHOLDERS)('takes the placeholder %j as blank, padded or not', async (placeholder) => {
    expect(await scalar('fc_blank(fc_trimmed(?))', [placeholder])).toBe(true);
    expect(await scalar('fc_blank(fc_trimmed(?))', [` ${placeholder}\u3000`])).toBe(true);
  });

  it('takes NULL as blank', async () => {
    expect(await scalar('fc_blank(NULL)')).toBe(true);
    expect(await scalar('fc_text(NULL)')).toBeNull();
  });
});

describe('fc_amount_currency(raw)', () => {
  it.each([
    ['¥1,000', 'CNY'],
    ['100万元', 'CNY'],
    ['$22,700.00', 'USD'],
    ['€5', 'EUR'],
    ['1000', null],
  ])('names the currency in %s', async (raw, expected) => {
    expect(await scalar('fc_amount_currency(fc_trimmed(?))', [raw])).toBe(expected);
  });
});

describe('fc_percent(raw, scale)', () => {
  it.each([
    ['35%', 1, 0.35],
    ['35', 0.01, 0.35],
    ['0.35', 1, 0.35],
    ['100', 0.01, 1],
  ])('reads %s (scale %d) as %d', async (raw, scale, expected) => {
    expect(await scalar('fc_percent(fc_trimmed(?), ?)', [raw, scale])).toBeCloseTo(expected, 10);
  });
  it('refuses text', async () => {
    expect(await scalar('fc_percent(fc_trimmed(?), 1)', ['high'])).toBeNull();
  });
});

describe('fc_bool(raw) and fc_class(raw)', () => {
  it.each([
    ['TRUE', true],
    ['1', true],
    ['是', true],
    ['false', false],
    ['0', false],
    ['否', false],
    ['maybe', null],
  ])('fc_bool(%s) = %s', async (raw, expected) => {
    expect(await scalar('fc_bool(fc_trimmed(?))', [raw])).toBe(expected);
  });
  it.each([
    ['A', 'A'],
    ['b', 'B'],
    ['C类', 'C'],
    ['D级', 'D'],
    ['E', null],
    ['AB', null],
  ])('fc_class(%s) = %s', async (raw, expected) => {
    expect(await scalar('fc_class(fc_trimmed(?))', [raw])).toBe(expected);
  });
});

async function readDates(values: string[]) {
  await db.exec('CREATE OR REPLACE TABLE dates (c1 VARCHAR)');
  for (const v of values) await db.query('INSERT INTO dates VALUES (?)', [v]);
  const analysis = await analyzeDateColumn(db, 'dates', 'c1');
  const { dates, problems } = await importDateColumn(db, values);
  return { analysis, dates: dates.map((d) => d?.slice(0, 16) ?? null), problems };
}

describe('analyzeDateColumn(db, table, column)', () => {
  it('reads ISO dates and timestamps with zones and fractions', async () => {
    const { analysis, dates } = await readDates([
      '2016-10-20',
      '2023-10-28 20:45:25',
      '2024-03-05T10:00:00.123Z',
      '2024-03-05T10:00:00+08:00',
    ]);
    expect(analysis.order).toBe('ymd');
    expect(dates).toEqual([
      '2016-10-20 00:00',
      '2023-10-28 20:45',
      '2024-03-05 10:00',
      '2024-03-05 10:00',
    ]);
  });

  it('decides day-first from a day above 12 (Olist re-saved by Excel)', async () => {
    const { analysis, dates } = await readDates(['26-02-2018 19:58', '08-05-2018 20:17']);
    expect(analysis.order).toBe('dmy');
    expect(analysis.ambiguous).toBe(false);
    expect(dates).toEqual(['2018-02-26 19:58', '2018-05-08 20:17']);
  });

  it('decides month-first with two-digit years and 12-hour clocks (Salesforce via Excel)', async () => {
    const { analysis, dates } = await readDates([
      '02/23/26 08:55 PM',
      '02/03/24',
      '12/31/23 12:05 AM',
    ]);
    expect(analysis.order).toBe('mdy');
    expect(dates).toEqual(['2026-02-23 20:55', '2024-02-03 00:00', '2023-12-31 00:05']);
  });

  it('reads Zoho’s "15 Apr, 2021 00:02:00" and Chinese 年月日', async () => {
    expect((await readDates(['15 Apr, 2021 00:02:00', '3 May, 2021 13:30:00'])).dates).toEqual([
      '2021-04-15 00:02',
      '2021-05-03 13:30',
    ]);
    expect((await readDates(['2024年3月5日', '2024年12月25日'])).dates).toEqual([
      '2024-03-05 00:00',
      '2024-12-25 00:00',
    ]);
  });

  it('reads Excel serial numbers (45292 is 2024-01-01)', async () => {
    const { analysis, dates } = await readDates(['45292', '45351']);
    expect(analysis.reading.kind).toBe('excel');
    expect(dates).toEqual(['2024-01-01 00:00', '2024-02-29 00:00']);
  });

  it('flags a column whose days never exceed 12 as ambiguous', async () => {
    const { analysis } = await readDates(['01/02/2024', '03/04/2024']);
    expect(analysis.ambiguous).toBe(true);
  });

  it('leaves unreadable dates NULL and reports them', async () => {
    const { dates, problems } = await readDates(['2024-01-05', 'next week', '2024-13-45']);
    expect(dates).toEqual(['2024-01-05 00:00', null, null]);
    expect(problems).toEqual([
      { row: 3, code: 'unparseable_date' },
      { row: 4, code: 'unparseable_date' },
    ]);
  });

  it('reads a date outside 1900–2100 as unreadable, whichever reading found it', async () => {
    const iso = await readDates(['2024-01-05', '1850-06-01', '0024-03-05', '2101-01-01']);
    expect(iso.dates).toEqual(['2024-01-05 00:00', null, null, null]);
    expect(iso.problems.map((p) => p.row)).toEqual([3, 4, 5]);
    const dayFirst = await readDates(['26-02-2018', '05-03-1850']);
    expect(dayFirst.dates).toEqual(['2018-02-26 00:00', null]);
    expect(dayFirst.problems).toEqual([{ row: 3, code: 'unparseable_date' }]);
  });
});
