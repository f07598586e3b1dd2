import process from 'node:process';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const folder = mkdtempSync(join(tmpdir(), 'funnelcast-cli-hostile-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function write(name: string, content: string | Uint8Array): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

function funnelcast(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Exit 2, nothing on stdout, one line on stderr, no new file anywhere near the input. */
function expectRefusal(result: ReturnType<typeof funnelcast>, ...mentions: string[]) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toBe('');
  expect(lines[0]).toMatch(/^funnelcast: /);
  expect(lines[0]).not.toMatch(/\bat .*:\d+:\d+/);
  for (const mention of mentions) expect(lines[0]).toContain(mention);
}

describe('funnelcast import <file> on broken input', () => {
  it('exits 2 naming a 0-byte file', () => {
    const result = funnelcast('import', write('empty.csv', ''));
    expectRefusal(result, 'empty.csv: the file is empty');
  });

  it('exits 2 naming a JSON file that holds no array', () => {
    const result = funnelcast('import', write('count.json', '42'));
    expectRefusal(result, 'count.json: expected an array of objects, found a number');
  });

  it('exits 2 naming a .parquet file that is not Parquet', () => {
    const random = Uint8Array.from({ length: 2048 }, (_, i) => (i * 7919 + 13) % 256);
    const result = funnelcast('import', write('random.parquet', random));
    expectRefusal(result, 'random.parquet: not a Parquet file');
  });

  it('exits 2 naming a .gz file that is not gzip inside', () => {
    const bytes = Uint8Array.from([0x1f, 0x8b, ...new TextEncoder().encode('not deflate at all')]);
    const result = funnelcast('import', write('broken.csv.gz', bytes));
    expectRefusal(result, 'broken.csv.gz: not a valid gzip file');
  });

  it('exits 2 naming a missing file', () => {
    const result = funnelcast('import', join(folder, 'missing.csv'));
    expectRefusal(result, 'missing.csv: cannot read the file (ENOENT)');
  });

  it('exits 2 naming a directory given as the file', () => {
    const result = funnelcast('import', folder);
    expectRefusal(result, 'cannot read the file (EISDIR)');
  });

  it('exits 2 naming a file larger than a Buffer holds, before reading it', () => {
    // Sparse: 5 GB long, no disk used.
    const path = write('huge.csv', '');
    truncateSync(path, 5 * 2 ** 30);
    const result = funnelcast('import', path);
    expectRefusal(result, 'huge.csv: 5.0 GB, more than the 4.0 GB the command line reads at once');
  });

  it('exits 2 naming an unknown option, on one line', () => {
    const result = funnelcast('import', write('fine.csv', 'id,stage\nA,Won\n'), '--bogus', 'x');
    expectRefusal(result, 'unknown option --bogus');
  });

  it('exits 2 naming a file whose every row is rejected', () => {
    const result = funnelcast('import', write('all-bad.csv', 'id,stage\nA,\nB,\n'));
    expectRefusal(
      result,
      'all-bad.csv: no opportunity could be loaded: all 2 rows were rejected (missing_stage_and_status 2)',
    );
  });

  it('exits 0 on mixed line ends with a quote left open, listing the broken record', () => {
    const result = funnelcast(
      'import',
      write('open-quote.csv', 'id,stage\r\nA,Won\nB,"Lost\r\nC,Won\n'),
    );
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.opportunities).toMatchObject({ rows: 1, rejected: 1 });
    expect(json.problems).toMatchObject([
      { file: 'open-quote.csv', row: 3, code: 'malformed_row', rejected: true },
    ]);
  });

  it('exits 0 with the problems in its JSON when some rows are bad', () => {
    const result = funnelcast(
      'import',
      write('some-bad.csv', 'id,stage,amount\nA,Won,10\nB,Lost,20,extra\nC,,5\nD,Open,lots\n'),
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const json = JSON.parse(result.stdout);
    expect(json.opportunities).toMatchObject({ file: 'some-bad.csv', rows: 2, rejected: 2 });
    expect(
      json.problems.map((p: { row: number; code: string; rejected: boolean }) => [
        p.row,
        p.code,
        p.rejected,
      ]),
    ).toEqual([
      [3, 'malformed_row', true],
      [4, 'missing_stage_and_status', true],
      [5, 'unparseable_amount', false],
    ]);
  });

  it('writes no file next to its input', () => {
    expect(readdirSync(folder).sort()).toEqual(
      [
        'all-bad.csv',
        'broken.csv.gz',
        'count.json',
        'empty.csv',
        'fine.csv',
        'huge.csv',
        'open-quote.csv',
        'random.parquet',
        'some-bad.csv',
      ].sort(),
    );
  });
});
