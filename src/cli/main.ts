import { totalmem } from 'node:os';
import process from 'node:process';
import { openNodeDatabase } from '../lib/db/node-database.ts';
import { ImportError } from '../lib/import/import-error.ts';
import { FileReadError } from '../lib/import/tabular.ts';
import { importJson, runImport } from './import-command.ts';
import { runMetrics } from './metrics-command.ts';
import { parseImportArgs, UsageError } from './parse-args.ts';
import { parseMetricsArgs } from './parse-metrics-args.ts';
import { parsePublishArgs } from './parse-publish-args.ts';
import { progressLines } from './progress-lines.ts';
import { PublishError, runPublish } from './publish-command.ts';

const USAGE = `usage: funnelcast import <file> [input options]
       funnelcast metrics <file> [input options] [--stages "S1,S2,…"] [--won NAME]... [--lost NAME]...
         [--strict] [--from DATE] [--to DATE] [--where segment=value]... [--as-of DATE]
       funnelcast publish <file> [input options] --out DIR [--omit name,account,owner,team]
         [--link URL]
input options: [--history <file>] [--accounts <file>] [--owners <file>] [--map field=header]...
  [--history-map field=header]... [--accounts-map field=header]... [--owners-map field=header]...
  [--stage-date stage=header]...
  [--date-order header=ymd|dmy|mdy] [--encoding name] [--delimiter ,|;|tab||]`;

/**
 * Half the machine's memory, not DuckDB's 80%: the input files sit in Node's memory beside it, and
 * DuckDB's resident memory runs past its limit; past the limit it spills to disk.
 */
const MEMORY_LIMIT = `${Math.floor(totalmem() / 2 ** 21)}MiB`;

async function run(command: string | undefined, rest: string[]): Promise<unknown> {
  if (command !== 'import' && command !== 'metrics' && command !== 'publish') {
    throw new UsageError(command ? `unknown command ${command}` : 'no command');
  }
  const db = await openNodeDatabase({ memoryLimit: MEMORY_LIMIT });
  const progress = progressLines(process.stderr);
  try {
    if (command === 'publish') return await runPublish(db, parsePublishArgs(rest), { progress });
    return command === 'import'
      ? importJson(await runImport(db, parseImportArgs(rest), progress))
      : await runMetrics(db, parseMetricsArgs(rest), progress);
  } finally {
    await db.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  process.stdout.write(`${JSON.stringify(await run(command, rest), null, 2)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known =
      error instanceof UsageError ||
      error instanceof ImportError ||
      error instanceof FileReadError ||
      error instanceof PublishError;
    // One line, never a stack trace: the engine's messages run over several lines.
    const message = (error instanceof Error ? error.message : String(error)).trim().split('\n')[0];
    process.stderr.write(`funnelcast: ${known ? message : `unexpected error: ${message}`}\n`);
    // The usage is for someone who typed no arguments; otherwise the one line says what was wrong.
    if (error instanceof UsageError && process.argv.length <= 2) process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  },
);
