import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { describe, expect, it } from 'vitest';
import { runMetrics } from '../../src/cli/metrics-command.ts';
import { parseMetricsArgs } from '../../src/cli/parse-metrics-args.ts';
import { progressLines } from '../../src/cli/progress-lines.ts';
import { openNodeDatabase } from '../../src/lib/db/node-database.ts';
import { DEALS, HISTORY } from '../fixtures/six-deals.ts';

const folder = mkdtempSync(join(tmpdir(), 'funnelcast-progress-'));
const write = (name: string, text: string) => {
  writeFileSync(join(folder, name), text);
  return join(folder, name);
};

describe('progressLines(stream)', () => {
  it('writes each phase on a line of its own after the time taken, on a terminal', () => {
    const written: string[] = [];
    const terminal = { isTTY: true, write: (text: string) => written.push(text) };
    const progress = progressLines(terminal, performance.now() - 65_000);
    progress('checking', 'deals.csv');
    progress('deriving', 'deals.csv');
    progress('analysing', 'deals.csv');
    progress('writing', 'report');
    expect(written).toEqual([
      'funnelcast  1:05  Checking every value of deals.csv\n',
      'funnelcast  1:05  Working out each deal’s stages and grades\n',
      'funnelcast  1:05  Computing every analysis\n',
      'funnelcast  1:05  Writing the bundle into report\n',
    ]);
  });

  it('writes nothing where standard error is redirected', () => {
    const written: string[] = [];
    progressLines({ write: (text: string) => written.push(text) })('reading', 'deals.csv');
    expect(written).toEqual([]);
    const deals = write('deals.csv', DEALS);
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'metrics', deals],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });
});

describe('runMetrics(db, args, progress)', () => {
  it('reports the import’s phases, then deriving, then analysing', async () => {
    const db = await openNodeDatabase();
    const heard: string[] = [];
    const args = parseMetricsArgs([
      write('deals.csv', DEALS),
      '--history',
      write('history.csv', HISTORY),
    ]);
    const metrics = await runMetrics(db, args, (phase, file) => heard.push(`${phase} ${file}`));
    await db.close();
    expect(heard).toEqual([
      'reading deals.csv',
      'loading deals.csv',
      'checking deals.csv',
      'reading history.csv',
      'loading history.csv',
      'checking history.csv',
      'publishing deals.csv',
      'deriving deals.csv',
      'analysing deals.csv',
    ]);
    expect(metrics.cohort.total).toBe(6);
  });
});
