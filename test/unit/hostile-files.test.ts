import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, deflateRawSync } from 'node:zlib';
import { CFB } from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import { openNodeDatabase } from '../../src/lib/db/node-database.ts';
import { importDataset, type ImportSources } from '../../src/lib/import/import-dataset.ts';
import { ImportError } from '../../src/lib/import/import-error.ts';
import type { ImportRecipe } from '../../src/lib/import/import-options.ts';
import { utf8 } from '../helpers/db.ts';
import { ENGINES } from '../helpers/engines.ts';

// ---------------------------------------------------------------------------------------------
// Fixtures, all made here

const GOOD = 'id,stage,amount\nG1,Won,10\nG2,Lost,20\n';

/** GBK bytes: 赢单 (won), 王伟 (a name), 商机 (opportunity). */
const GBK = { won: [0xd3, 0xae, 0xb5, 0xa5], name: [0xcd, 0xf5, 0xce, 0xb0] };
const gbkFile = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : p)));

/** A zip with stored sizes as given: `declared` lets an entry lie about what it unpacks to. */
function zip(entries: Array<{ name: string; data: Uint8Array; size: number }>): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const { name, data, size } of entries) {
    const nameBytes = utf8(name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, 8, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, size, true);
    local.setUint16(26, nameBytes.length, true);
    const entry = new DataView(new ArrayBuffer(46));
    entry.setUint32(0, 0x02014b50, true);
    entry.setUint16(6, 20, true);
    entry.setUint16(10, 8, true);
    entry.setUint32(20, data.length, true);
    entry.setUint32(24, size, true);
    entry.setUint16(28, nameBytes.length, true);
    entry.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), nameBytes, data);
    central.push(new Uint8Array(entry.buffer), nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const centralSize = central.reduce((n, part) => n + part.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  return new Uint8Array(Buffer.concat([...parts, ...central, new Uint8Array(end.buffer)]));
}

/** Deflate data for `megabytes` MB of zeros in about 1 KB per MB: full-flushed blocks repeat. */
function zeros(megabytes: number): Uint8Array {
  const block = deflateRawSync(Buffer.alloc(1 << 20), { finishFlush: constants.Z_FULL_FLUSH });
  const last = Uint8Array.of(0x03, 0x00); // an empty final block
  return new Uint8Array(Buffer.concat([...Array<Buffer>(megabytes).fill(block), last]));
}

let parquet: Uint8Array;
let folder: string;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'funnelcast-hostile-'));
  const path = join(folder, 'deals.parquet');
  const db = await openNodeDatabase();
  await db.exec(
    `COPY (SELECT 'P' || i AS id, 'Won' AS stage, i * 10 AS amount FROM range(1, 200) t(i))
     TO '${path}' (FORMAT parquet)`,
  );
  await db.close();
  parquet = new Uint8Array(readFileSync(path));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------

describe.each(ENGINES)('importDataset on %s, hostile files', (_engine, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db.close());

  const load = (fileName: string, bytes: Uint8Array | string, recipe: ImportRecipe = {}) =>
    importDataset(
      db,
      { opportunities: { fileName, bytes: typeof bytes === 'string' ? utf8(bytes) : bytes } },
      recipe,
    );

  /** Loads a good file, then the bad one: the error names it, and the good data stays usable. */
  async function refused(
    sources: ImportSources,
    message: RegExp,
    recipe: ImportRecipe = {},
  ): Promise<void> {
    await load('good.csv', GOOD);
    await expect(importDataset(db, sources, recipe)).rejects.toThrow(message);
    expect(await db.query('SELECT id, status FROM opportunities ORDER BY id')).toEqual([
      { id: 'G1', status: 'won' },
      { id: 'G2', status: 'lost' },
    ]);
    expect(await db.query('SELECT DISTINCT file FROM problems')).toEqual([]);
    const leftovers = await db.query(
      `SELECT table_name FROM information_schema.tables
       WHERE table_name LIKE 'staged%' OR table_name LIKE 'raw%' OR table_name = 'import_problems'`,
    );
    expect(leftovers).toEqual([]);
  }
  const refusedFile = (
    fileName: string,
    bytes: Uint8Array | string,
    message: RegExp,
    recipe?: ImportRecipe,
  ) =>
    refused(
      { opportunities: { fileName, bytes: typeof bytes === 'string' ? utf8(bytes) : bytes } },
      message,
      recipe,
    );

  it('keeps the previous data whole when publishing the new one fails half-way', async () => {
    await load('good.csv', GOOD);
    // Something in the way of the last rename: the opportunities are renamed before it.
    await db.exec('DROP TABLE rejected_accounts; CREATE VIEW rejected_accounts AS SELECT 1 AS x');
    await expect(load('next.csv', 'id,stage\nN1,Won\n')).rejects.toThrow(/rejected_accounts/);
    expect(await db.query('SELECT id FROM opportunities ORDER BY id')).toEqual([
      { id: 'G1' },
      { id: 'G2' },
    ]);
    await db.exec('DROP VIEW rejected_accounts');
    await load('next.csv', 'id,stage\nN1,Won\n');
    expect(await db.query('SELECT id FROM opportunities')).toEqual([{ id: 'N1' }]);
  });

  describe('empty and degenerate text files', () => {
    it('refuses a 0-byte file, naming it', async () => {
      await refusedFile('empty.csv', new Uint8Array(0), /^empty\.csv: the file is empty$/);
    });

    it('refuses a file with only a header', async () => {
      await refusedFile(
        'header.csv',
        'id,stage,amount\n',
        /^header\.csv: no opportunities below the header$/,
      );
    });

    it('refuses a file whose every row is rejected, saying why', async () => {
      await refusedFile(
        'rejected.csv',
        'id,stage\nA,Won,extra\nB,\n',
        /^rejected\.csv: no opportunity could be loaded: all 2 rows were rejected \(malformed_row 1, missing_stage_and_status 1\)$/,
      );
    });

    it('hands the rejected rows back with the refusal, so nothing is lost', async () => {
      const error = await importDataset(db, {
        opportunities: { fileName: 'rejected.csv', bytes: utf8('id,stage\nA,Won,extra\nB,\n') },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImportError);
      // A row DuckDB could not split keeps its text; a row that split keeps its cells.
      expect((error as ImportError).rejected).toEqual({
        headers: ['id', 'stage'],
        lines: [
          { row: 2, code: 'malformed_row', cells: [null, null], text: 'A,Won,extra' },
          { row: 3, code: 'missing_stage_and_status', cells: ['B', null], text: null },
        ],
      });
    });

    it('refuses an empty opportunities file even beside a good history file', async () => {
      await refused(
        {
          opportunities: { fileName: 'empty.csv', bytes: new Uint8Array(0) },
          history: {
            fileName: 'history.csv',
            bytes: utf8('opportunity_id,stage,date\nG1,Won,2024-01-01\n'),
          },
        },
        /^empty\.csv: the file is empty$/,
      );
    });

    it('imports a column with an empty name, leaving it unmapped', async () => {
      const report = await load('blank-header.csv', 'id,,stage\nA,kept,Won\n');
      expect(report.opportunities.headers).toEqual(['id', '', 'stage']);
      expect(report.opportunities.rows).toBe(1);
      expect(Object.values(report.opportunities.mapping).map((m) => m.column)).not.toContain('');
    });

    it('imports duplicate column names, mapping the first of them', async () => {
      const report = await load('twice.csv', 'id,stage,amount,amount\nA,Won,5,7\n');
      expect(report.opportunities.headers).toEqual(['id', 'stage', 'amount', 'amount']);
      expect(report.opportunities.mapping.amount?.column).toBe('amount');
      expect(await db.query('SELECT id, amount FROM opportunities')).toEqual([
        { id: 'A', amount: 5 },
      ]);
    });

    it('imports 5,000 columns', async () => {
      const headers = ['id', 'stage', ...Array.from({ length: 4998 }, (_, i) => `x${i}`)];
      const row = (id: string) => [id, 'Won', ...Array.from({ length: 4998 }, () => '1')];
      const text = [headers, row('A'), row('B')].map((r) => r.join(',')).join('\n');
      const report = await load('wide.csv', text);
      expect(report.opportunities.headers).toHaveLength(5000);
      expect(report.opportunities.rows).toBe(2);
    });

    it('imports a 10 MB field whole', async () => {
      const big = 'x'.repeat(10 * 1024 * 1024);
      const report = await load('big.csv', `id,stage,name\nA,Won,"${big}"\nB,Lost,small\n`);
      expect(report.opportunities.rows).toBe(2);
      expect(
        await db.query('SELECT id, length(name)::INTEGER AS n FROM opportunities ORDER BY id'),
      ).toEqual([
        { id: 'A', n: big.length },
        { id: 'B', n: 5 },
      ]);
    });
  });

  describe('broken text', () => {
    it('rejects the row where a quote never closes, keeping its text and the rows before it', async () => {
      const report = await load('quotes.csv', 'id,stage,name\nA,Won,fine\nB,Lost,"never closed\n');
      expect(report.opportunities.rows).toBe(1);
      expect(report.problems.map((p) => [p.file, p.row, p.code, p.rejected])).toEqual([
        ['quotes.csv', 3, 'malformed_row', true],
      ]);
      const [rejected] = await db.query('SELECT _row, code, _text FROM rejected_opportunities');
      expect(rejected).toMatchObject({ _row: 3, code: 'malformed_row' });
      expect(String(rejected?._text)).toContain('never closed');
    });

    it('reads \\r\\n, \\n and \\r line ends mixed in one file', async () => {
      const report = await load('mixed.csv', 'id,stage\r\nA,Won\nB,Lost\rC,Open\r\n');
      expect(report.opportunities.rows).toBe(3);
      expect(await db.query('SELECT id, _row FROM opportunities ORDER BY id')).toEqual([
        { id: 'A', _row: 2 },
        { id: 'B', _row: 3 },
        { id: 'C', _row: 4 },
      ]);
    });

    it('keeps line breaks inside quoted cells when it evens out the line ends', async () => {
      const text = 'id,stage,name\r\nA,Won,"two\nlines"\r\nB,Lost,"old\rMac"\nC,Open,plain\r\n';
      await load('cells.csv', text);
      expect(await db.query('SELECT id, name FROM opportunities ORDER BY id')).toEqual([
        { id: 'A', name: 'two\nlines' },
        { id: 'B', name: 'old\rMac' },
        { id: 'C', name: 'plain' },
      ]);
    });

    it('keeps NUL bytes inside a field as they are', async () => {
      const report = await load('nul.csv', 'id,stage,name\nA,Won,Ac\0me\nB,Lost,Beta\n');
      expect(report.opportunities.rows).toBe(2);
      expect(await db.query('SELECT id, name FROM opportunities ORDER BY id')).toEqual([
        { id: 'A', name: 'Ac\0me' },
        { id: 'B', name: 'Beta' },
      ]);
    });
  });

  describe('encodings', () => {
    it('reports GBK bytes read as the UTF-8 the recipe says, keeping the rows they spoil', async () => {
      const bytes = gbkFile('id,stage,owner\nA,Won,', GBK.name, '\nB,Lost,x\n');
      const report = await load('gbk.csv', bytes, { opportunities: { encoding: 'utf-8' } });
      expect(report.opportunities).toMatchObject({ encoding: 'utf-8', rows: 1, rejected: 1 });
      expect(report.problems.map((p) => [p.file, p.row, p.code, p.value, p.rejected])).toEqual([
        ['gbk.csv', null, 'encoding_replacement', 'utf-8: 2', false],
        ['gbk.csv', 2, 'malformed_row', 'A,Won,??ΰ', true],
      ]);
      expect(await db.query('SELECT _row, _text FROM rejected_opportunities')).toEqual([
        { _row: 2, _text: 'A,Won,??ΰ' },
      ]);
    });

    it('says the encoding is wrong when no row survives it', async () => {
      const bytes = gbkFile('id,stage,owner\nA,Won,', GBK.name, '\n');
      await refusedFile(
        'gbk.csv',
        bytes,
        /^gbk\.csv: no opportunity could be loaded: all 1 rows were rejected \(malformed_row 1\); 2 characters are not utf-8: check the encoding$/,
        { opportunities: { encoding: 'utf-8' } },
      );
    });

    it('reads a GBK file cut inside its last character, reporting the broken end', async () => {
      const bytes = gbkFile('id,stage,owner\nA,', GBK.won, ',', GBK.name, '\nB,Lost,', [0xcd]);
      const report = await load('cut.csv', bytes);
      expect(report.opportunities.encoding).toBe('gb18030');
      expect(await db.query('SELECT id, status, owner FROM opportunities ORDER BY id')).toEqual([
        { id: 'A', status: 'won', owner: '王伟' },
        { id: 'B', status: 'lost', owner: '\ufffd' },
      ]);
      expect(report.problems.map((p) => [p.code, p.value])).toEqual([
        ['encoding_replacement', 'gb18030: 1'],
      ]);
    });
  });

  describe('JSON, Parquet and Excel that are not what they say', () => {
    it.each([
      ['a number', '42', /^n\.json: expected an array of objects, found a number$/],
      ['a string', '"hello"', /^n\.json: expected an array of objects, found a string$/],
      [
        'an object without records',
        '{"total": 3, "next": null}',
        /^n\.json: expected an array of objects, .*found an object with no array in it$/,
      ],
      ['an empty array', '[]', /^n\.json: no columns found: no header row, or no records$/],
      [
        'an object holding an empty list',
        '{"records": []}',
        /^n\.json: no columns found: no header row, or no records$/,
      ],
      ['broken JSON', '[{"id": 1,', /^n\.json: not valid JSON/],
    ])('refuses JSON holding %s', async (_what, text, message) => {
      await refusedFile('n.json', text, message);
    });

    it('refuses random bytes named .parquet', async () => {
      const random = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256);
      await refusedFile('random.parquet', random, /^random\.parquet: not a Parquet file/);
    });

    it('refuses a Parquet file cut short', async () => {
      await refusedFile(
        'cut.parquet',
        parquet.slice(0, Math.floor(parquet.length / 2)),
        /^cut\.parquet: not a Parquet file/,
      );
    });

    it('refuses random bytes named .xlsx', async () => {
      const random = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256);
      await refusedFile('random.xlsx', random, /^random\.xlsx: not an Excel workbook/);
    });

    it('refuses a zip without xl/workbook.xml', async () => {
      const archive = CFB.utils.cfb_new();
      CFB.utils.cfb_add(archive, '/hello.txt', utf8('hello'));
      const bytes = new Uint8Array(CFB.write(archive, { fileType: 'zip', type: 'array' }));
      await refusedFile('hello.xlsx', bytes, /^hello\.xlsx: not an Excel workbook/);
    });

    it('refuses a zip bomb that says what it unpacks to', async () => {
      const bomb = zip([{ name: 'xl/workbook.xml', data: zeros(600), size: 600 << 20 }]);
      await refusedFile(
        'bomb.xlsx',
        bomb,
        /^bomb\.xlsx: the workbook unpacks to 600 MB, over the 500 MB limit$/,
      );
    });

    it('refuses a zip bomb that lies about what it unpacks to', async () => {
      const bomb = zip([{ name: 'xl/workbook.xml', data: zeros(600), size: 1000 }]);
      await refusedFile(
        'liar.xlsx',
        bomb,
        /^liar\.xlsx: the workbook unpacks to more than the 500 MB limit$/,
      );
    });
  });

  describe('values and headers that look like code', () => {
    const HOSTILE = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      "'); DROP TABLE opportunities; --",
      '{@html x}',
      '{a|x}',
    ];
    const csvField = (text: string) => `"${text.replaceAll('"', '""')}"`;
    const HEADER = '"; DROP TABLE opportunities; --';

    it('imports them as plain text and leaves every table intact', async () => {
      const rows = HOSTILE.map((text, i) =>
        [`H${i}`, text, text, text, String(i)].map(csvField).join(','),
      );
      const report = await load(
        'code.csv',
        [['id', 'name', 'owner', 'stage', HEADER].map(csvField).join(','), ...rows].join('\n'),
        {
          opportunities: { map: { amount: HEADER } },
          statusValues: { [HOSTILE[2]!]: 'lost' },
        },
      );
      expect(report.opportunities.headers).toEqual(['id', 'name', 'owner', 'stage', HEADER]);
      expect(report.opportunities.mapping.amount?.column).toBe(HEADER);
      expect(
        await db.query('SELECT name, owner, stage, amount, status FROM opportunities ORDER BY id'),
      ).toEqual(
        HOSTILE.map((text, i) => ({
          name: text,
          owner: text,
          stage: text,
          amount: i,
          status: i === 2 ? 'lost' : 'open',
        })),
      );
      const tables = await db.query<{ name: string }>(
        'SELECT table_name AS name FROM information_schema.tables ORDER BY 1',
      );
      expect(tables.map((t) => t.name)).toEqual(
        expect.arrayContaining(['accounts', 'opportunities', 'problems', 'stage_history']),
      );
    });

    it('uses such a header as a stage-date column name, as text', async () => {
      const report = await load('wide.csv', `id,stage,${csvField(HEADER)}\nA,Won,2024-01-02\n`, {
        stageDates: { [HOSTILE[0]!]: HEADER },
      });
      expect(report.stageDates).toEqual([{ stage: HOSTILE[0], column: HEADER }]);
      expect(await db.query('SELECT opportunity_id, stage, entered_at FROM stage_history')).toEqual(
        [{ opportunity_id: 'A', stage: HOSTILE[0], entered_at: '2024-01-02' }],
      );
    });
  });
});

describe('a file larger than the tab can hold', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openNodeDatabase();
  });
  afterAll(() => db.close());

  it('says how big the file was and what to do, and keeps the data loaded before', async () => {
    await importDataset(db, { opportunities: { fileName: 'good.csv', bytes: utf8(GOOD) } });
    // The engine runs out of memory while reading the file, as DuckDB-WASM does near 4 GB.
    const starved: Database = {
      ...db,
      exec: (sql) =>
        /read_csv/i.test(sql)
          ? Promise.reject(
              new Error('Out of Memory Error: could not allocate block of size 256 KiB'),
            )
          : db.exec(sql),
      query: db.query.bind(db),
      registerFile: db.registerFile.bind(db),
    };
    const big = utf8(`id,stage\n${'X,Won\n'.repeat(200_000)}`);
    await expect(
      importDataset(starved, { opportunities: { fileName: 'huge.csv', bytes: big } }),
    ).rejects.toThrow(
      /^huge\.csv: at 1 MB the file is more than this browser tab can hold: .*command line/,
    );
    const [row] = await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM opportunities');
    expect(row?.n).toBe(2);
  });
});
