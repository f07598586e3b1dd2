import {
  DERIVED_SEGMENTS,
  SEGMENT_FIELDS,
  type CohortFilter,
  type Segment,
} from '../lib/metrics/cohort.ts';
import { parseImportArgs, UsageError, type ImportArgs } from './parse-args.ts';

export interface MetricsArgs extends ImportArgs {
  stages?: string[];
  won?: string[];
  lost?: string[];
  strict: boolean;
  filter: CohortFilter;
  asOf?: string;
  /** Prior strength m of the calibration. */
  prior?: number;
  /** Presets by stage name, 0–1. */
  presets?: Record<string, number>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SEGMENTS = [...SEGMENT_FIELDS, ...Object.keys(DERIVED_SEGMENTS)] as Segment[];

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function presetList(value: string): Record<string, number> {
  const presets: Record<string, number> = {};
  for (const item of list(value)) {
    const at = item.lastIndexOf('=');
    const rate = Number(item.slice(at + 1));
    if (at <= 0 || !(rate >= 0 && rate <= 1)) {
      throw new UsageError(`--preset expects "Stage=0.1,Stage=0.2", got "${item}"`);
    }
    presets[item.slice(0, at)] = rate;
  }
  return presets;
}

function date(option: string, value: string): string {
  if (!DATE.test(value))
    throw new UsageError(`${option} expects a date YYYY-MM-DD, got "${value}"`);
  return value;
}

/** `metrics` takes the import's options plus the stage model and the cohort filter. */
export function parseMetricsArgs(argv: string[]): MetricsArgs {
  const rest: string[] = [];
  const parsed: Omit<MetricsArgs, keyof ImportArgs> = { strict: false, filter: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--stages':
        parsed.stages = list(value());
        break;
      case '--won':
        parsed.won = [...(parsed.won ?? []), value()];
        break;
      case '--lost':
        parsed.lost = [...(parsed.lost ?? []), value()];
        break;
      case '--strict':
        parsed.strict = true;
        break;
      case '--from':
        parsed.filter.from = date(arg, value());
        break;
      case '--to':
        parsed.filter.to = date(arg, value());
        break;
      case '--prior': {
        const m = Number(value());
        if (!(m >= 0)) throw new UsageError('--prior expects a number ≥ 0');
        parsed.prior = m;
        break;
      }
      case '--preset':
        parsed.presets = presetList(value());
        break;
      case '--as-of':
        parsed.asOf = date(arg, value());
        break;
      case '--where': {
        const v = value();
        const at = v.indexOf('=');
        const segment = v.slice(0, at) as Segment;
        if (at <= 0 || !SEGMENTS.includes(segment)) {
          throw new UsageError(
            `--where expects segment=value with a segment among ${SEGMENTS.join(', ')}`,
          );
        }
        const where = (parsed.filter.where ??= {});
        where[segment] = [...(where[segment] ?? []), v.slice(at + 1)];
        break;
      }
      default:
        rest.push(arg);
    }
  }
  return { ...parseImportArgs(rest), ...parsed };
}
