import process from 'node:process';
import { openNodeDatabase } from '../lib/db/node-database.ts';
import { ImportError } from '../lib/import/import-error.ts';
import { FileReadError } from '../lib/import/tabular.ts';
import { importJson, runImport } from './import-command.ts';
import { parseImportArgs, UsageError } from './parse-args.ts';

const USAGE = `usage: funnelcast import <file> [--history <file>] [--accounts <file>]
  [--map field=header]... [--history-map field=header]... [--accounts-map field=header]...
  [--stage-date stage=header]... [--date-order header=ymd|dmy|mdy] [--encoding name] [--delimiter ,|;|tab||]`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'import')
    throw new UsageError(command ? `unknown command ${command}` : 'no command');
  const args = parseImportArgs(rest);
  const db = await openNodeDatabase();
  try {
    const report = await runImport(db, args);
    process.stdout.write(`${JSON.stringify(importJson(report), null, 2)}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known =
      error instanceof UsageError || error instanceof ImportError || error instanceof FileReadError;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`funnelcast: ${known ? message : `unexpected error: ${message}`}\n`);
    if (error instanceof UsageError) process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  },
);
