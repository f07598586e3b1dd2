import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { DIST } from '../../src/cli/publish-command.ts';
import { generateExport, type BenchExport } from './generate.ts';
import { buildSite, launchChromium, ORIGIN, startPreview } from './site.ts';
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
  /** The published folder opened in Chromium: from the address to its analyses' charts drawn. */
  open?:
    { ms: number; analysesKB: number; heapMB: number; dataFetched: boolean } | { error: string };
}

const { values } = parseArgs({
  options: {
    // Stage changes in the export; opportunities are a quarter of them (~4 changes each).
    stages: { type: 'string', default: '50000000' },
    // The steps to run; the others keep the last run's figures (each of the first two takes a
    // quarter of an hour; `open` opens the folder the last `publish` wrote).
    steps: { type: 'string', default: 'metrics,publish,open' },
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

/** The published report opened as a reader opens it: its folder served, its index.html visited. */
async function open(out: string): Promise<NonNullable<CommandLineFigures['open']>> {
  log('opening the published report …');
  const stop = await startPreview(out);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(request.url()));
    const started = performance.now();
    await page.goto(`${ORIGIN}/`);
    const charts = page.locator('[data-testid^=published-] [data-chart-ready]');
    await page.getByTestId('published-analyses').waitFor({ timeout: 120_000 });
    await charts.nth(2).waitFor({ timeout: 120_000 });
    const ms = performance.now() - started;
    const heapBytes = await page.evaluate(
      () =>
        (performance as Performance & { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize,
    );
    return {
      ms,
      analysesKB: statSync(join(out, 'data', 'analyses.json')).size / 1024,
      heapMB: heapBytes / 2 ** 20,
      dataFetched: fetched.some((url) => url.endsWith('.parquet')),
    };
  } catch (error) {
    return { error: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  } finally {
    await browser.close();
    stop();
  }
}

/** The last run's figures, for the steps this run skips. */
function lastFigures(path: string): CommandLineFigures | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as CommandLineFigures) : null;
}

async function main(): Promise<void> {
  const rows = Math.ceil(Number(values.stages) / CHANGES_PER_DEAL);
  log(`generating ${rows} opportunities into ${folder}`);
  const exp = await generateExport(folder, rows);
  const path = new URL('command-line.json', import.meta.url).pathname;
  const last = lastFigures(path);
  const steps = values.steps.split(',');
  const run = (step: string) => steps.includes(step) || last?.rows !== rows;
  const figures: CommandLineFigures = {
    // When the commands ran: opening a published folder again does not run them.
    date:
      run('metrics') || run('publish')
        ? new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
        : last!.date,
    machine: `${availableParallelism()} × ${cpus()[0]?.model ?? 'unknown'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB`,
    rows,
    historyRows: exp.historyRows,
    csvMB: { opportunities: megabytes(exp.csv.opportunities), history: megabytes(exp.csv.history) },
    metrics: run('metrics') ? await metrics(exp) : last!.metrics,
    publish: run('publish') ? await publish(exp) : last!.publish,
  };
  const published = join(folder, 'published');
  if (!figures.publish.error) {
    figures.open = run('open') || !last?.open ? await open(published) : last.open;
  }
  writeFileSync(path, `${JSON.stringify(figures, null, 2)}\n`);
  log(`wrote ${path}; \`npm run bench -- --report-only\` puts it in RESULTS.md`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
