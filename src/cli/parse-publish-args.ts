import { OMITTABLE, type OmittableColumn } from '../lib/publish/published-tables.ts';
import { parseImportArgs, UsageError, type ImportArgs } from './parse-args.ts';

export interface PublishArgs extends ImportArgs {
  out: string;
  omit: OmittableColumn[];
  /** A link to the report (or its fragment) whose state the bundle opens with. */
  link?: string;
}

function omitList(value: string): OmittableColumn[] {
  const names = value.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!OMITTABLE.includes(name as OmittableColumn)) {
      throw new UsageError(`--omit expects some of ${OMITTABLE.join(', ')}, got "${name}"`);
    }
  }
  return names as OmittableColumn[];
}

/** `publish` takes the import's options plus `--out DIR`, `--omit column,…` and `--link URL`. */
export function parsePublishArgs(argv: string[]): PublishArgs {
  const rest: string[] = [];
  let out: string | undefined;
  let omit: OmittableColumn[] = [];
  let link: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--out') out = value();
    else if (arg === '--link') link = value();
    else if (arg === '--omit') omit = [...new Set([...omit, ...omitList(value())])];
    // Another option's value passes on with it, never read as one of these.
    else if (arg.startsWith('--')) rest.push(arg, value());
    else rest.push(arg);
  }
  if (out === undefined) throw new UsageError('--out DIR is required');
  return { ...parseImportArgs(rest), out, omit, ...(link === undefined ? {} : { link }) };
}
