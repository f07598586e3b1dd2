import process from 'node:process';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const folder = mkdtempSync(join(tmpdir(), 'funnelcast-cli-'));
function write(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

function funnelcast(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('funnelcast import <file> [options]', () => {
  it('prints what was loaded as JSON and exits 0', () => {
    const deals = write(
      'deals.csv',
      'Deal ID,Stage,Amount,Close Date\nD1,Closed Won,"$1,200",2024-03-01\nD2,Proposal,oops,2024-13-01\n',
    );
    const history = write(
      'history.csv',
      'Opportunity ID,Stage,Entered At\nD1,Proposal,2024-01-01\nD1,Closed Won,2024-03-01\nD9,Proposal,2024-01-01\n',
    );
    const { code, stdout } = funnelcast('import', deals, '--history', history);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.encoding).toBe('utf-8');
    expect(json.opportunities).toMatchObject({ rows: 2, rejected: 0 });
    expect(json.opportunities.mapping.amount).toEqual({ column: 'Amount', confidence: 1 });
    expect(json.history).toMatchObject({ rows: 2, rejected: 1 });
    expect(json.problems).toEqual([
      {
        file: 'deals.csv',
        row: 3,
        column: 'Amount',
        value: 'oops',
        code: 'unparseable_amount',
        rejected: false,
        reason: 'expected an amount (digits, optional currency, K/M/万/亿)',
      },
      {
        file: 'deals.csv',
        row: 3,
        column: 'Close Date',
        value: '2024-13-01',
        code: 'unparseable_date',
        rejected: false,
        reason: 'expected a date',
      },
      {
        file: 'history.csv',
        row: 4,
        column: 'Opportunity ID',
        value: 'D9',
        code: 'unknown_opportunity',
        rejected: true,
        reason: 'history row for an opportunity id that is not loaded',
      },
    ]);
  });

  it('takes --map to override the automatic mapping', () => {
    const deals = write('odd.csv', 'Ref,Phase,Worth\nX1,Won,10\n');
    const { code, stdout } = funnelcast(
      'import',
      deals,
      '--map',
      'id=Ref',
      '--map',
      'stage=Phase',
      '--map',
      'amount=Worth',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).opportunities.mapping.stage).toEqual({
      column: 'Phase',
      confidence: 1,
    });
  });

  it('exits 2 with a one-line message when there is neither a stage nor a status column', () => {
    const { code, stderr, stdout } = funnelcast('import', write('names.csv', 'name\nx\n'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      'funnelcast: names.csv: neither a stage nor a status column: map one of them',
    ]);
  });

  it('exits 2 naming a file it cannot read', () => {
    const { code, stderr } = funnelcast('import', join(folder, 'missing.csv'));
    expect(code).toBe(2);
    expect(stderr).toContain('missing.csv: cannot read the file (ENOENT)');
  });
});
