import { ENCODING_NAMES, type EncodingName } from '../lib/import/encoding.ts';
import type { DateOrder } from '../lib/import/date-formats.ts';
import type { ImportRecipe } from '../lib/import/import-options.ts';
import { DELIMITERS, type Delimiter } from '../lib/import/delimiters.ts';

export class UsageError extends Error {}

export interface ImportArgs {
  opportunities: string;
  history?: string;
  accounts?: string;
  owners?: string;
  recipe: ImportRecipe;
}

const DATE_ORDERS: readonly DateOrder[] = ['ymd', 'dmy', 'mdy'];

function pair(option: string, value: string): [string, string] {
  const at = value.indexOf('=');
  if (at <= 0) throw new UsageError(`${option} expects name=value, got "${value}"`);
  return [value.slice(0, at), value.slice(at + 1)];
}

/** Parses the input options shared by `import` and `metrics`. */
export function parseImportArgs(argv: string[]): ImportArgs {
  const files: string[] = [];
  const recipe: ImportRecipe = {};
  const opp = (recipe.opportunities = {} as NonNullable<ImportRecipe['opportunities']>);
  const next = (i: number, option: string) => {
    const value = argv[i + 1];
    if (value === undefined) throw new UsageError(`${option} needs a value`);
    return value;
  };
  let history: string | undefined;
  let accounts: string | undefined;
  let owners: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      files.push(arg);
      continue;
    }
    const value = next(i, arg);
    i++;
    switch (arg) {
      case '--history':
        history = value;
        break;
      case '--accounts':
        accounts = value;
        break;
      case '--owners':
        owners = value;
        break;
      case '--map': {
        const [field, header] = pair(arg, value);
        opp.map = { ...opp.map, [field]: header };
        break;
      }
      case '--history-map': {
        const [field, header] = pair(arg, value);
        recipe.history = { ...recipe.history, map: { ...recipe.history?.map, [field]: header } };
        break;
      }
      case '--accounts-map': {
        const [field, header] = pair(arg, value);
        recipe.accounts = { ...recipe.accounts, map: { ...recipe.accounts?.map, [field]: header } };
        break;
      }
      case '--owners-map': {
        const [field, header] = pair(arg, value);
        recipe.owners = { ...recipe.owners, map: { ...recipe.owners?.map, [field]: header } };
        break;
      }
      case '--stage-date': {
        const [stage, header] = pair(arg, value);
        recipe.stageDates = { ...recipe.stageDates, [stage]: header };
        break;
      }
      case '--date-order': {
        const [header, order] = pair(arg, value);
        if (!DATE_ORDERS.includes(order as DateOrder)) {
          throw new UsageError(`--date-order expects ymd, dmy or mdy, got "${order}"`);
        }
        opp.dateOrder = { ...opp.dateOrder, [header]: order as DateOrder };
        break;
      }
      case '--encoding':
        if (!ENCODING_NAMES.includes(value.toLowerCase() as EncodingName)) {
          throw new UsageError(`--encoding expects one of ${ENCODING_NAMES.join(', ')}`);
        }
        opp.encoding = value.toLowerCase() as EncodingName;
        break;
      case '--delimiter': {
        const delimiter = value === '\\t' || value === 'tab' ? '\t' : value;
        if (!DELIMITERS.includes(delimiter as Delimiter)) {
          throw new UsageError('--delimiter expects , ; | or tab');
        }
        opp.delimiter = delimiter as Delimiter;
        break;
      }
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  if (files.length !== 1) throw new UsageError('expected exactly one opportunities file');
  return { opportunities: files[0]!, history, accounts, owners, recipe };
}
