import { utils, write } from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import type { FileFormat } from '../../src/lib/import/file-format.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import { utf8 } from '../helpers/db.ts';
import { ENGINES } from '../helpers/engines.ts';

// The same three deals in every format: the import must give the same table each time.
const RECORDS = [
  { 商机编号: 'K1', 销售阶段: '有效商机', 预计金额: 120000, 预计成交日期: '2024-03-05' },
  { 商机编号: 'K2', 销售阶段: '赢单', 预计金额: 80000, 预计成交日期: '2024-04-01' },
  { 商机编号: 'K3', 销售阶段: '输单', 预计金额: null, 预计成交日期: '2024-05-06' },
];
const EXPECTED = [
  { id: 'K1', stage: '有效商机', status: 'open', amount: 120_000, close_date: '2024-03-05' },
  { id: 'K2', stage: '赢单', status: 'won', amount: 80_000, close_date: '2024-04-01' },
  { id: 'K3', stage: '输单', status: 'lost', amount: null, close_date: '2024-05-06' },
];

function xlsx(): Uint8Array {
  const header = Object.keys(RECORDS[0]!);
  const rows = RECORDS.map((r) => {
    const [y, m, d] = r.预计成交日期.split('-').map(Number);
    return [r.商机编号, r.销售阶段, r.预计金额, new Date(Date.UTC(y!, m! - 1, d!))];
  });
  const book = utils.book_new();
  utils.book_append_sheet(book, utils.aoa_to_sheet([header, ...rows], { UTC: true }), '商机');
  return new Uint8Array(write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

const SOURCES: Array<[format: FileFormat, fileName: string, bytes: () => Uint8Array]> = [
  ['json', 'deals.json', () => utf8(JSON.stringify({ records: RECORDS }))],
  ['ndjson', 'deals.ndjson', () => utf8(RECORDS.map((r) => JSON.stringify(r)).join('\n'))],
  ['xlsx', 'deals.xlsx', xlsx],
  [
    'csv',
    'deals.tsv',
    () =>
      utf8(
        `${Object.keys(RECORDS[0]!).join('\t')}\n${RECORDS.map((r) =>
          Object.values(r)
            .map((v) => v ?? '')
            .join('\t'),
        ).join('\n')}\n`,
      ),
  ],
];

describe.each(ENGINES)('importDataset on %s, other formats', (_engine, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db.close());

  it.each(SOURCES)('reads %s (%s) into the same opportunities', async (format, fileName, bytes) => {
    const report = await importDataset(db, { opportunities: { fileName, bytes: bytes() } });
    expect(report.opportunities.format).toBe(format);
    expect(report.opportunities).toMatchObject({ rows: 3, rejected: 0 });
    expect(
      await db.query(
        'SELECT id, stage, status, amount, close_date FROM opportunities ORDER BY _row',
      ),
    ).toEqual(EXPECTED);
  });
});
