import { existsSync, readFileSync } from 'node:fs';
import type { CommandLineFigures, CommandRun } from './command-line.ts';
import { SLICE_ENTRIES } from '../../src/lib/metrics/stage-progress.ts';
import { TAB_LIMIT } from '../../src/lib/publish/published-analyses.ts';
import type { ResultEntry } from './results-json.ts';

const PATH = new URL('command-line.json', import.meta.url);
const num = (n: number) => n.toLocaleString('en-US');
const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;
const gb = (mb: number) => `${(mb / 1024).toFixed(1)} GB`;

/** The figures `npm run bench:cli` last wrote, if it ran here. */
export function readCommandLine(): CommandLineFigures | null {
  return existsSync(PATH) ? (JSON.parse(readFileSync(PATH, 'utf8')) as CommandLineFigures) : null;
}

/** The command's own line, without the CLI's prefix or `/usr/bin/time`'s exit status. */
const errorText = (error: string) =>
  error
    .replace(/^funnelcast: (unexpected error: )?/, '')
    .replace(/\s*Command exited with non-zero status \d+$/, '');

const runText = (name: string, run: CommandRun) =>
  run.error
    ? `\`${name}\` failed after ${minutes(run.ms)}: ${errorText(run.error)}`
    : `\`${name}\` ${minutes(run.ms)}, peak ${gb(run.peakMB)}`;

/** The target rows: the command line at the size past a tab, and what it publishes. */
export function commandLineTargets(cli: CommandLineFigures | null): string[] {
  const what = 'beyond a tab, the command line (native DuckDB) handles 50M stage changes';
  const bundle =
    'the published bundle holds the data in a compact columnar form plus the aggregates the views need';
  if (!cli) return [`| ${what} | – | not measured (\`npm run bench:cli\`) |`];
  const size = `${num(cli.rows)} opportunities + ${num(cli.historyRows)} stage changes (CSV ${gb(cli.csvMB.opportunities + cli.csvMB.history)})`;
  const failed = cli.metrics.error || cli.publish.error;
  const handled = failed
    ? '**missed**: see the command line section'
    : cli.historyRows >= 50_000_000
      ? '**met**'
      : `not measured at 50M (\`--stages\` asked for ${num(cli.historyRows)})`;
  const data = cli.publish.dataMB;
  const parquet = data
    ? Object.entries(data)
        .filter(([name]) => name.endsWith('.parquet'))
        .map(([name, mb]) => `${name} ${mb.toFixed(0)} MB`)
        .join(', ')
    : '–';
  const open = cli.open;
  const opened = !open
    ? 'not opened in a browser'
    : 'error' in open
      ? `opening it in Chromium failed: ${open.error}`
      : `\`data/analyses.json\` ${open.analysesKB.toFixed(0)} KB (Overview, funnel, win rates, grades and forecast at the link's state); the report opens in Chromium in ${(open.ms / 1000).toFixed(1)} s${open.dataFetched ? '' : ', its data not fetched'}`;
  const shown = open && !('error' in open) && !open.dataFetched;
  return [
    `| ${what} | ${size}: ${runText('metrics', cli.metrics)}; ${runText('publish', cli.publish)} | ${handled} |`,
    `| ${bundle} | Parquet: ${parquet}; ${opened} | ${shown ? "**met** at the link's filters and settings: past a tab's limit the report opens on its aggregates; another filter there needs the data, on the command line" : '**missed**: see the command line section'} |`,
  ];
}

/** How `metrics` bounds its memory at this size, and what it did before it did. */
const slicing = (historyRows: number) => {
  const slices = Math.max(1, Math.ceil(historyRows / SLICE_ENTRIES));
  return `- Memory: past ${num(SLICE_ENTRIES)} stage changes, \`metrics\` builds the per-deal tables the analyses read (\`stage_visits\`, windows over each deal's history, and \`opp_progress\`, per-deal lists of visits and transitions) a slice of deals at a time, by a hash of the deal id (${slices} slices here), so that step needs a slice's memory rather than the whole history's. Built in one go, it ran out of memory at this size after 7.3 min (\`failed to pin block of size 256.0 KiB (11.7 GiB/11.7 GiB used)\`; at 5,000,000 opportunities + 20,264,787 stage changes it alone peaked at 14.3 GB resident). The command line gives DuckDB half the memory (the input files sit in Node beside it) and a spill folder of its own; with DuckDB’s default of 80% the process was killed at 23.6 GB.`;
};

/** How the published report opened in a browser. */
function openLines(open: CommandLineFigures['open']): string[] {
  if (!open) return [];
  if ('error' in open) return [`- Opening the published report in Chromium failed: ${open.error}.`];
  return [
    `- Opened in Chromium (its folder served by \`vite preview\`, a cold cache): ${(open.ms / 1000).toFixed(1)} s from its address to its charts, ${open.heapMB.toFixed(0)} MB of JavaScript heap; ${open.dataFetched ? 'the page fetched the data' : 'the data was not fetched'}. Past ${num(TAB_LIMIT.opportunities)} opportunities or ${num(TAB_LIMIT.history)} stage changes a published page shows the analyses computed at publishing (the link's filters and settings) instead of loading the data, which would fill most of DuckDB-WASM's 4 GB (1M opportunities with 4M stage changes took 2.3 GB); \`&load=all\` loads it anyway.`,
  ];
}

/** The section under the targets: what the command line did, from `npm run bench:cli`. */
export function commandLineLines(cli: CommandLineFigures | null): string[] {
  if (!cli) return [];
  const { metrics, publish } = cli;
  return [
    '## The command line past a tab',
    '',
    `\`npm run bench:cli\` on ${cli.date} (${cli.machine}): one run each, on native DuckDB at its default threads, of \`funnelcast metrics\` and \`funnelcast publish\` on an export of ${num(cli.rows)} opportunities (${cli.csvMB.opportunities.toFixed(0)} MB of CSV) and ${num(cli.historyRows)} stage changes (${cli.csvMB.history.toFixed(0)} MB), made by the same generator. Peak memory is the process's resident set (Node and DuckDB), from \`/usr/bin/time\`.`,
    '',
    `- ${runText('funnelcast metrics', metrics)}${metrics.outputKB ? `: every analysis as ${metrics.outputKB.toFixed(0)} KB of JSON, over a cohort of ${num(metrics.opportunities ?? 0)} deals` : ''}.`,
    `- ${runText('funnelcast publish', publish)}${publish.bundleMB ? `: a folder of ${publish.bundleMB.toFixed(0)} MB, the site included, with every analysis at the link's state (it derives the per-deal tables as \`metrics\` does)` : ''}.`,
    ...openLines(cli.open),
    slicing(cli.historyRows),
    '',
  ];
}

/** `results.json` entries for the command line; nativeMs is the whole command. */
export function commandLineEntries(cli: CommandLineFigures | null): ResultEntry[] {
  if (!cli) return [];
  const entry = (name: string, run: CommandRun): ResultEntry => ({
    name: `funnelcast ${name}, CSV + stage history (command line, native DuckDB; rows: opportunities)`,
    rows: cli.rows,
    wasmMs: null,
    nativeMs: run.error ? null : Math.round(run.ms),
    papaparseMs: null,
    peakMB: Math.round(run.peakMB),
  });
  return [entry('metrics', cli.metrics), entry('publish', cli.publish)];
}
