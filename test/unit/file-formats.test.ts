import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env } from 'node:process';
import { DuckDBInstance } from '@duckdb/node-api';
import { CFB, utils, write } from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv, toCsvBytes } from '../../src/lib/import/csv-writer.ts';
import { detectFileFormat } from '../../src/lib/import/file-format.ts';
import { readJson, readNdjson } from '../../src/lib/import/read-json.ts';
import { prepareFile, PREVIEW_ROWS } from '../../src/lib/import/prepare-file.ts';
import { readParquet } from '../../src/lib/import/read-parquet.ts';
import { readXlsx } from '../../src/lib/import/read-xlsx.ts';
import { FileReadError, type Tabular } from '../../src/lib/import/tabular.ts';

const encode = (text: string) => new TextEncoder().encode(text);

function caught(run: () => unknown): FileReadError {
  try {
    run();
  } catch (error) {
    if (error instanceof FileReadError) return error;
    throw error;
  }
  throw new Error('expected a FileReadError');
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'funnelcast-formats-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function duckdbRows(sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRows();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('detectFileFormat(fileName, bytes)', () => {
  it('knows Parquet and xlsx by their magic bytes whatever the name', () => {
    expect(detectFileFormat('export.csv', encode('PAR1\u0015\u0004'))).toBe('parquet');
    expect(detectFileFormat('export.csv', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14]))).toBe(
      'xlsx',
    );
  });

  it('knows JSON by a bracket after a BOM and whitespace', () => {
    expect(detectFileFormat('export.txt', encode('\uFEFF \r\n [{"Id": 1}]'))).toBe('json');
    expect(detectFileFormat('export.csv', encode('{\n  "records": [\n    {"Id": 1}\n  ]\n}'))).toBe(
      'json',
    );
  });

  it('knows NDJSON by several lines that each hold an object', () => {
    expect(detectFileFormat('export.txt', encode('{"Id": 1}\n{"Id": 2}\n'))).toBe('ndjson');
  });

  it('does not take JSON written one record a line for NDJSON', () => {
    const text = '{"records": [\n{"Id": 1},\n{"Id": 2}\n]}';
    expect(detectFileFormat('export.txt', encode(text))).toBe('json');
  });

  it('lets an NDJSON extension decide for a single object', () => {
    expect(detectFileFormat('deals.jsonl', encode('{"Id": 1}\n'))).toBe('ndjson');
    expect(detectFileFormat('deals.json', encode('{"Id": 1}\n'))).toBe('json');
  });

  it.each([
    ['deals.csv', 'csv'],
    ['deals.tsv', 'csv'],
    ['deals.txt', 'csv'],
    ['deals.json', 'json'],
    ['deals.ndjson', 'ndjson'],
    ['DEALS.JSONL', 'ndjson'],
    ['deals.parquet', 'parquet'],
    ['deals.xlsx', 'xlsx'],
    ['deals.dat', 'csv'],
    ['deals', 'csv'],
  ])('falls back on the extension of %s', (name, format) => {
    expect(detectFileFormat(name, new Uint8Array())).toBe(format);
  });

  it('goes by the extension when text has no JSON bracket, CSV by default', () => {
    expect(detectFileFormat('deals.json', encode('Id,Name\n1,Acme\n'))).toBe('json');
    expect(detectFileFormat('deals', encode('Id,Name\n1,Acme\n'))).toBe('csv');
  });
});

describe('readJson(fileName, text)', () => {
  it('takes the union of keys in first-seen order, numbers and booleans as text', () => {
    const text =
      '[{"Id": "006A", "Amount": 1200.5, "IsWon": true}, {"Id": "006B", "Stage": "Won", "Amount": null}]';
    expect(readJson('deals.json', text)).toEqual({
      columns: ['Id', 'Amount', 'IsWon', 'Stage'],
      rows: [
        ['006A', '1200.5', 'true', null],
        ['006B', null, null, 'Won'],
      ],
    });
  });

  it('unwraps a Salesforce REST response and ignores a BOM', () => {
    const text =
      '\uFEFF{"totalSize": 1, "done": true, "records": [{"Id": "006A", "Name": "华为"}]}';
    expect(readJson('deals.json', text)).toEqual({
      columns: ['Id', 'Name'],
      rows: [['006A', '华为']],
    });
  });

  it('unwraps a HubSpot response next to its paging object and an empty errors list', () => {
    const text = JSON.stringify({
      results: [{ id: '512', properties: { dealname: 'Acme' } }],
      paging: { next: { after: '513' } },
      errors: [],
    });
    expect(readJson('deals.json', text)).toEqual({
      columns: ['id', 'properties'],
      rows: [['512', '{"dealname":"Acme"}']],
    });
  });

  it('writes nested objects and arrays as JSON text', () => {
    const text = '[{"Id": 1, "Account": {"Name": "Acme, Inc."}, "Tags": ["a", 2]}]';
    expect(readJson('deals.json', text).rows).toEqual([['1', '{"Name":"Acme, Inc."}', '["a",2]']]);
  });

  it('refuses a number', () => {
    const error = caught(() => readJson('deals.json', '42'));
    expect(error.message).toBe('deals.json: expected an array of objects, found a number');
  });

  it('refuses an array of numbers, naming the first bad item', () => {
    const error = caught(() => readJson('deals.json', '[1, 2]'));
    expect(error.message).toBe('deals.json: expected an array of objects, but item 1 is a number');
    expect(error.row).toBe(1);
  });

  it('refuses an object holding no single array of objects', () => {
    const error = caught(() => readJson('deals.json', '{"a": [{"x": 1}], "b": [{"y": 2}]}'));
    expect(error.message).toMatch(/^deals\.json: expected an array of objects.*"a", "b"$/);
  });

  it('refuses text that is not JSON', () => {
    expect(caught(() => readJson('deals.json', '[{"Id": 1},')).message).toMatch(
      /^deals\.json: not valid JSON/,
    );
  });
});

describe('readNdjson(fileName, text)', () => {
  it('reads one object a line, skipping blank lines and CR', () => {
    const text = '{"Id": 1, "Stage": "Won"}\r\n\r\n{"Id": 2, "Owner": "李娜"}\r\n';
    expect(readNdjson('deals.ndjson', text)).toEqual({
      columns: ['Id', 'Stage', 'Owner'],
      rows: [
        ['1', 'Won', null],
        ['2', null, '李娜'],
      ],
    });
  });

  it('names the line that is not JSON', () => {
    const error = caught(() => readNdjson('deals.ndjson', '{"Id": 1}\n{"Id": 2}\n{"Id": 3\n'));
    expect(error.message).toMatch(/^deals\.ndjson: line 3: not valid JSON/);
    expect(error.row).toBe(3);
  });

  it('names the line that holds something else than an object', () => {
    const error = caught(() => readNdjson('deals.ndjson', '{"Id": 1}\n\n[1]\n'));
    expect(error.message).toBe('deals.ndjson: line 3: expected an object, found an array');
  });
});

describe('readParquet(fileName, bytes, rows?)', () => {
  /** Every table the reader yields, in order. */
  const tablesOf = async (bytes: Uint8Array, rows?: number) => {
    const tables: Tabular[] = [];
    for await (const table of readParquet('deals.parquet', bytes, rows)) tables.push(table);
    return tables;
  };
  const write = async (name: string, options: string) => {
    const path = join(dir, name);
    await duckdbRows(`COPY (
      SELECT * FROM (VALUES
        ('华为 Cloud, "Q3"', 1234.5::DOUBLE, DATE '2024-03-15', TIMESTAMP '2024-03-15 13:45:30',
         9007199254740993::BIGINT, NULL::VARCHAR, 19.99::DECIMAL(18, 2)),
        ('Acme', -0.25::DOUBLE, DATE '1999-12-31', TIMESTAMP '2000-01-01 00:00:00.999',
         -42::BIGINT, 'x', 20::DECIMAL(18, 2))
      ) AS t(name, amount, close_date, created_at, big, missing, price)
    ) TO '${path}' (FORMAT parquet${options})`);
    return new Uint8Array(readFileSync(path));
  };

  it('reads bytes that sit inside a larger Node Buffer', async () => {
    const bytes = await write('offset.parquet', '');
    const inside = Buffer.concat([Buffer.alloc(7), bytes]).subarray(7);
    expect(inside.byteOffset).toBeGreaterThan(0);
    expect(await tablesOf(inside)).toEqual(await tablesOf(bytes));
  });

  it('turns every cell into text, dates and timestamps in UTC', async () => {
    expect(await tablesOf(await write('plain.parquet', ''))).toEqual([
      {
        columns: ['name', 'amount', 'close_date', 'created_at', 'big', 'missing', 'price'],
        rows: [
          [
            '华为 Cloud, "Q3"',
            '1234.5',
            '2024-03-15',
            '2024-03-15 13:45:30',
            '9007199254740993',
            null,
            '19.99',
          ],
          ['Acme', '-0.25', '1999-12-31', '2000-01-01 00:00:00', '-42', 'x', '20.00'],
        ],
      },
    ]);
  });

  it('yields a table per row group, or only the first rows it is asked for', async () => {
    const path = join(dir, 'groups.parquet');
    await duckdbRows(`COPY (SELECT i AS id, 'deal ' || i AS name FROM range(5000) t(i))
      TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    const bytes = new Uint8Array(readFileSync(path));
    const whole = await tablesOf(bytes);
    expect(whole.map((table) => table.rows.length)).toEqual([2048, 2048, 904]);
    expect(whole[2]?.rows.at(-1)).toEqual(['4999', 'deal 4999']);
    expect(await tablesOf(bytes, 3)).toEqual([
      {
        columns: ['id', 'name'],
        rows: [
          ['0', 'deal 0'],
          ['1', 'deal 1'],
          ['2', 'deal 2'],
        ],
      },
    ]);
    expect((await tablesOf(bytes, 2100)).map((table) => table.rows.length)).toEqual([2048, 52]);
  });

  it('yields the columns of a file without records', async () => {
    const path = join(dir, 'empty.parquet');
    await duckdbRows(`COPY (SELECT 1 AS id, 'x' AS name LIMIT 0) TO '${path}' (FORMAT parquet)`);
    expect(await tablesOf(new Uint8Array(readFileSync(path)))).toEqual([
      { columns: ['id', 'name'], rows: [] },
    ]);
  });

  it('refuses a codec hyparquet cannot decompress, naming it', async () => {
    const bytes = await write('zstd.parquet', ', COMPRESSION zstd');
    await expect(tablesOf(bytes)).rejects.toThrow(
      /^deals\.parquet: cannot read Parquet data \(.*ZSTD\)$/,
    );
  });

  it('refuses bytes that are not Parquet', async () => {
    const promise = tablesOf(encode('Id,Name\n1,Acme\n'));
    await expect(promise).rejects.toBeInstanceOf(FileReadError);
    await expect(promise).rejects.toThrow(/^deals\.parquet: not a Parquet file/);
  });
});

describe('prepareFile(fileName, bytes, { preview }) on Parquet', () => {
  it('makes the whole file CSV, or for a preview only the rows shown', async () => {
    const path = join(dir, 'prepare.parquet');
    await duckdbRows(`COPY (SELECT i AS id, 'deal ' || i AS name FROM range(5000) t(i))
      TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    const bytes = new Uint8Array(readFileSync(path));
    const lines = (csv: Uint8Array) => new TextDecoder().decode(csv).split('\n').slice(0, -1);

    const whole = await prepareFile('deals.parquet', bytes);
    expect([whole.format, whole.headers, whole.preview.length]).toEqual([
      'parquet',
      ['id', 'name'],
      PREVIEW_ROWS,
    ]);
    expect(whole.preview[19]).toEqual(['19', 'deal 19']);
    const all = lines(whole.csv);
    expect([all.length, all[0], all[2049], all[5000]]).toEqual([
      5001,
      'id,name',
      '2048,deal 2048',
      '4999,deal 4999',
    ]);

    const preview = await prepareFile('deals.parquet', bytes, { preview: true });
    expect(preview.preview).toEqual(whole.preview);
    expect(lines(preview.csv)).toEqual(all.slice(0, PREVIEW_ROWS + 1));
  });
});

describe('readXlsx(fileName, bytes, sheet?)', () => {
  // Dates must not shift with the machine's time zone.
  const zone = env.TZ;
  beforeAll(() => {
    env.TZ = 'America/Los_Angeles';
  });
  afterAll(() => {
    if (zone === undefined) delete env.TZ;
    else env.TZ = zone;
  });

  function workbook(sheets: Record<string, unknown[][]>): Uint8Array {
    const book = utils.book_new();
    for (const [name, rows] of Object.entries(sheets)) {
      utils.book_append_sheet(book, utils.aoa_to_sheet(rows, { UTC: true }), name);
    }
    return new Uint8Array(write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
  }

  const deals = workbook({
    Empty: [],
    Deals: [
      ['Opportunity', 'Close date', 'Created', 'Amount', 'Note', 'Won'],
      [
        '华为 Cloud',
        new Date(Date.UTC(2024, 2, 15)),
        new Date(Date.UTC(2024, 2, 15, 13, 45, 30)),
        1234567.5,
        null,
        true,
      ],
      ['Acme, Inc.', new Date(Date.UTC(1999, 11, 31)), null, 0.1 + 0.2, 'n/a', false],
    ],
    Other: [['Id'], [1]],
  });

  it('reads the first sheet holding data, dates as ISO text and plain numbers', async () => {
    expect(await readXlsx('deals.xlsx', deals)).toEqual({
      sheets: ['Empty', 'Deals', 'Other'],
      sheet: 'Deals',
      columns: ['Opportunity', 'Close date', 'Created', 'Amount', 'Note', 'Won'],
      rows: [
        ['华为 Cloud', '2024-03-15', '2024-03-15 13:45:30', '1234567.5', null, 'true'],
        ['Acme, Inc.', '1999-12-31', null, '0.3', 'n/a', 'false'],
      ],
    });
  });

  it('reads the sheet it is asked for', async () => {
    const table = await readXlsx('deals.xlsx', deals, 'Other');
    expect([table.sheet, table.columns, table.rows]).toEqual(['Other', ['Id'], [['1']]]);
  });

  it('reads only the first rows it is asked for', async () => {
    const table = await readXlsx('deals.xlsx', deals, undefined, 1);
    expect([table.sheet, table.columns, table.rows]).toEqual([
      'Deals',
      ['Opportunity', 'Close date', 'Created', 'Amount', 'Note', 'Won'],
      [['华为 Cloud', '2024-03-15', '2024-03-15 13:45:30', '1234567.5', null, 'true']],
    ]);
  });

  it('names the sheets when the one asked for is missing', async () => {
    await expect(readXlsx('deals.xlsx', deals, 'Nope')).rejects.toThrow(
      'deals.xlsx: no sheet named "Nope" (sheets: Empty, Deals, Other)',
    );
  });

  it('refuses bytes that are not a zip', async () => {
    const random = Uint8Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256);
    await expect(readXlsx('deals.xlsx', random)).rejects.toThrow(
      new FileReadError('deals.xlsx', 'not an Excel workbook (.xlsx)'),
    );
  });

  it('refuses a zip that holds no workbook', async () => {
    const zip = CFB.utils.cfb_new();
    CFB.utils.cfb_add(zip, '/hello.txt', encode('hello'));
    const bytes = new Uint8Array(CFB.write(zip, { fileType: 'zip', type: 'array' }));
    await expect(readXlsx('deals.xlsx', bytes)).rejects.toThrow(
      /^deals\.xlsx: not an Excel workbook \(/,
    );
  });

  it('refuses a workbook whose parts declare more than 500 MB', async () => {
    const bytes = deals.slice();
    const view = new DataView(bytes.buffer);
    for (let at = 0; at + 4 <= bytes.length; at++) {
      if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 24, 256 * 1024 * 1024, true);
    }
    await expect(readXlsx('deals.xlsx', bytes)).rejects.toThrow(
      /^deals\.xlsx: the workbook unpacks to \d+ MB, over the 500 MB limit$/,
    );
  });

  it('refuses a sheet whose range spans more than 5,000,000 cells', async () => {
    // A dense sheet with empty rows, which SheetJS writes fast.
    const sheet = utils.aoa_to_sheet([['Id'], [1]], { dense: true });
    sheet['!ref'] = 'A1:Z200000';
    sheet['!data'] = Array.from({ length: 200_000 }, (_, row) => sheet['!data']?.[row] ?? []);
    const book = utils.book_new();
    utils.book_append_sheet(book, sheet, 'Huge');
    const bytes = new Uint8Array(write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const refusal = new FileReadError(
      'deals.xlsx',
      'sheet "Huge" spans 5200000 cells, over the 5000000 cell limit',
    );
    await expect(readXlsx('deals.xlsx', bytes)).rejects.toThrow(refusal);
    // A preview reads a few rows, yet judges the sheet by its whole range.
    await expect(readXlsx('deals.xlsx', bytes, undefined, 20)).rejects.toThrow(refusal);
  });
});

describe('toCsv(table) and toCsvBytes(tables)', () => {
  const table: Tabular = {
    columns: ['id', 'name, full', 'note'],
    rows: [
      ['1', 'Acme, Inc.', 'say "hi"'],
      ['2', '华为', 'line1\nline2'],
      ['3', null, 'cr\rhere'],
      ['4', '', 'plain'],
    ],
  };
  const expected =
    'id,"name, full",note\n' +
    '1,"Acme, Inc.","say ""hi"""\n' +
    '2,华为,"line1\nline2"\n' +
    '3,,"cr\rhere"\n' +
    '4,,plain\n';

  it('quotes only fields holding a comma, quote, CR or LF', () => {
    expect(toCsv(table)).toBe(expected);
  });

  /** The table in two parts, as a reader of row groups yields it. */
  async function* halves(): AsyncGenerator<Tabular> {
    yield { columns: table.columns, rows: table.rows.slice(0, 1) };
    yield { columns: table.columns, rows: table.rows.slice(1) };
  }

  it('encodes UTF-8 without a BOM, the header once for tables in parts', async () => {
    const bytes = await toCsvBytes(halves());
    expect(Array.from(bytes.slice(0, 3))).toEqual([0x69, 0x64, 0x2c]);
    expect(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)).toBe(expected);
  });

  it('reads back identically through DuckDB read_csv(all_varchar=true)', async () => {
    const path = join(dir, 'round-trip.csv');
    writeFileSync(path, await toCsvBytes(halves()));
    const rows = await duckdbRows(
      `SELECT * FROM read_csv('${path}', all_varchar = true, header = true, delim = ',', quote = '"')`,
    );
    // An empty field is NULL to DuckDB, so '' and null read back alike.
    expect(rows).toEqual(table.rows.map((row) => row.map((cell) => (cell === '' ? null : cell))));
  });
});
