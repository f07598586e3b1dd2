import {
  DERIVED_SEGMENTS,
  SEGMENT_FIELDS,
  type CohortFilter,
  type Segment,
} from '../lib/metrics/cohort.ts';
import {
  defaultForecastSettings,
  MAX_RUNS,
  RATE_SETS,
  type ForecastSettings,
  type RateSet,
} from '../lib/metrics/forecast/forecast-settings.ts';
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
  forecast: ForecastSettings;
  /** Path of the grading setup (`--ahp FILE.json`). */
  ahp?: string;
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

function whole(option: string, value: string, min: number, max: number): number {
  const n = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) {
    throw new UsageError(`${option} expects a whole number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

function date(option: string, value: string): string {
  if (!DATE.test(value))
    throw new UsageError(`${option} expects a date YYYY-MM-DD, got "${value}"`);
  return value;
}

/** `metrics` takes the import's options plus the stage model and the cohort filter. */
export function parseMetricsArgs(argv: string[]): MetricsArgs {
  const rest: string[] = [];
  const parsed: Omit<MetricsArgs, keyof ImportArgs> = {
    strict: false,
    filter: {},
    forecast: defaultForecastSettings(),
  };
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
      case '--period': {
        const unit = value();
        if (unit !== 'quarter' && unit !== 'month') {
          throw new UsageError(`--period expects quarter or month, got "${unit}"`);
        }
        parsed.forecast.unit = unit;
        break;
      }
      case '--rates': {
        const set = value();
        if (!RATE_SETS.includes(set as RateSet)) {
          throw new UsageError(`--rates expects ${RATE_SETS.join(', ')}, got "${set}"`);
        }
        parsed.forecast.rates = set as RateSet;
        break;
      }
      case '--runs':
        parsed.forecast.runs = whole(arg, value(), 1, MAX_RUNS);
        break;
      case '--seed':
        parsed.forecast.seed = whole(arg, value(), 0, 2 ** 32 - 1);
        break;
      case '--timing': {
        const timing = value();
        if (timing !== 'close' && timing !== 'history') {
          throw new UsageError(`--timing expects close or history, got "${timing}"`);
        }
        parsed.forecast.timing = timing;
        break;
      }
      case '--target':
        parsed.forecast.target = whole(arg, value(), 0, 1e15);
        break;
      case '--ahp':
        parsed.ahp = value();
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
