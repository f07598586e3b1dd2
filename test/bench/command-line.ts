import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { DIST } from '../../src/cli/publish-command.ts';
import { generateExport, type BenchExport } from './generate.ts';
import { buildSite } from './site.ts';
import { log } from './util.ts';

/** One run of the command line, as `/usr/bin/time` saw it. */
export interface CommandRun {
  ms: number;
  /** Peak resident memory of the process (Node and native DuckDB together). */
  peakMB: number;
  error?: string;
}

/** What `npm run bench:cli` measured: the command line on an export too large for a tab. */
export interface CommandLineFigures {
  date: string;
  machine: string;
  rows: number;
  historyRows: number;
  csvMB: { opportunities: number; history: number };
  /** `opportunities`: the funnel's cohort, every deal the import kept. */
  metrics: CommandRun & { opportunities?: number; outputKB?: number };
  publish: CommandRun & { bundleMB?: number; dataMB?: Record<string, number> };
}

const { values } = parseArgs({
  options: {
    // Stage changes in the export; opportunities are a quarter of them (~4 changes each).
    stages: { type: 'string', default: '50000000' },
  },
});
const folder = join(tmpdir(), 'funnelcast-bench');
const CHANGES_PER_DEAL = 4.05;
const megabytes = (path: string) => statSync(path).size / 2 ** 20;

function folderMB(path: string): number {
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + megabytes(join(entry.parentPath, entry.name)), 0);
}

/** Runs `funnelcast <args>` under `/usr/bin/time`; stdout goes to `stdoutPath`. */
function timed(args: string[], stdoutPath: string): Promise<CommandRun> {
  const command = ['-f', '%e %M', process.execPath, '--import', 'tsx', 'src/cli/main.ts', ...args];
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/time', command, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('close', (code) => {
      writeFileSync(stdoutPath, Buffer.concat(out));
      const lines = err.trim().split('\n');
      const [seconds, kilobytes] = (lines.pop() ?? '').split(' ').map(Number);
      const run = { ms: (seconds ?? NaN) * 1000, peakMB: (kilobytes ?? NaN) / 1024 };
      resolve(code === 0 ? run : { ...run, error: lines.join(' ').trim() || `exit ${code}` });
    });
  });
}

async function metrics(exp: BenchExport): Promise<CommandLineFigures['metrics']> {
  const output = join(folder, 'metrics.json');
  log('funnelcast metrics …');
  const run = await timed(['metrics', exp.csv.opportunities, '--history', exp.csv.history], output);
  if (run.error) return run;
  const { cohort } = JSON.parse(readFileSync(output, 'utf8')) as { cohort: { total: number } };
  return { ...run, opportunities: cohort.total, outputKB: statSync(output).size / 1024 };
}

async function publish(exp: BenchExport): Promise<CommandLineFigures['publish']> {
  const out = join(folder, 'published');
  rmSync(out, { recursive: true, force: true });
  if (!existsSync(join(DIST, '.vite', 'manifest.json'))) buildSite(DIST);
  log('funnelcast publish …');
  const args = ['publish', exp.csv.opportunities, '--history', exp.csv.history, '--out', out];
  const run = await timed(args, join(folder, 'publish.json'));
  if (run.error) return run;
  const data = join(out, 'data');
  const dataMB = Object.fromEntries(
    readdirSync(data).map((name) => [name, megabytes(join(data, name))]),
  );
  return { ...run, bundleMB: folderMB(out), dataMB };
}

async function main(): Promise<void> {
  const rows = Math.ceil(Number(values.stages) / CHANGES_PER_DEAL);
  log(`generating ${rows} opportunities into ${folder}`);
  const exp = await generateExport(folder, rows);
  const figures: CommandLineFigures = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    machine: `${availableParallelism()} × ${cpus()[0]?.model ?? 'unknown'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB`,
    rows,
    historyRows: exp.historyRows,
    csvMB: { opportunities: megabytes(exp.csv.opportunities), history: megabytes(exp.csv.history) },
    metrics: await metrics(exp),
    publish: await publish(exp),
  };
  const path = new URL('command-line.json', import.meta.url).pathname;
  writeFileSync(path, `${JSON.stringify(figures, null, 2)}\n`);
  log(`wrote ${path}; \`npm run bench -- --report-only\` puts it in RESULTS.md`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
