/**
 * What a shared link carries: the report state, its defaults, and one registry of short keys, each
 * with how its value is written and how a value from a link is validated. The wire format (plain
 * parameters or compressed JSON) lives in `url-state.ts`; this file only says what goes in it.
 *
 * A link may come from a stranger: every reader checks types, enums, dates and sizes, builds fresh
 * objects (no prototype tricks), refuses control characters and markup-like text, and reports what
 * it drops without echoing the offending text.
 */
import {
  DERIVED_SEGMENTS,
  SEGMENT_FIELDS,
  type CohortFilter,
  type Segment,
} from '../metrics/cohort.ts';
import type { DateOrder } from '../import/date-formats.ts';
import {
  defaultForecastSettings,
  MAX_RUNS,
  RATE_SETS,
  type ForecastSettings,
  type Timing,
} from '../metrics/forecast/forecast-settings.ts';
import type { PeriodUnit } from '../metrics/forecast/periods.ts';
import type { GradingSetup } from '../metrics/grades/grading-setup.ts';
import { isDealColumn, DEAL_COLUMNS, type DealColumn } from '../metrics/deals-sql.ts';
import { defaultDealTableState, type DealTableState } from './deal-table-state.ts';
import { gradingSetupJson, readGradingSetup } from '../metrics/grades/parse-ahp-file.ts';
import { ENCODING_NAMES } from '../import/encoding.ts';
import type { FileRecipe, ImportRecipe } from '../import/import-options.ts';
import { DELIMITERS } from '../import/delimiters.ts';
import {
  ACCOUNT_FIELD_NAMES,
  HISTORY_FIELD_NAMES,
  OPPORTUNITY_FIELD_NAMES,
  OWNER_FIELD_NAMES,
  type Status,
} from '../model/schema.ts';
import type {
  BuiltInModelId,
  ModelStage,
  StageModel,
  StageModelSource,
} from '../model/stage-model.ts';

export type ReportView = 'overview' | 'funnel' | 'rates' | 'grades' | 'forecast' | 'deals' | 'data';
export type ReportLocale = 'en' | 'zh-CN';
export type DrillWhich = 'reached' | 'lost' | 'open';

export type ReportSource =
  | { kind: 'url'; src: string; history?: string }
  | { kind: 'file'; name: string; rows: number; hash: string }
  | { kind: 'demo' };

export interface ReportState {
  view: ReportView;
  /** null = follow the browser. */
  locale: ReportLocale | null;
  /** YYYY-MM-DD; null = the latest date in the data. */
  asOf: string | null;
  filter: CohortFilter;
  strictOrder: boolean;
  useHistory: boolean;
  /** null = the region where the data fills it, else the segment it fills best. */
  breakdown: Segment | null;
  /**
   * Calibration: presets from the model or the export (null: from the model where it carries
   * any, else from the export; `computeWinRates`), prior strength m, monotone rates.
   */
  presetSource: 'model' | 'export' | null;
  prior: number;
  monotone: boolean;
  /** Walk-forward cut date; null = two quarters before the last close. */
  cut: string | null;
  /** The adopted preset table by stage position (0–1 or null); null = none adopted. */
  adopted: Array<number | null> | null;
  /** 1-based stage position in the model, and which of its deals. */
  drill: { position: number; which: DrillWhich } | null;
  forecast: ForecastSettings;
  dealTable: DealTableState;
  /** null = the default setup for the indicators the data has. */
  grading: GradingSetup | null;
  /** null = the model chosen at import. */
  model: StageModel | null;
  /** {} = automatic. */
  recipe: ImportRecipe;
  source: ReportSource;
}

/** A fresh default state (safe to mutate). */
export function defaultState(): ReportState {
  return {
    view: 'overview',
    locale: null,
    asOf: null,
    filter: {},
    strictOrder: false,
    useHistory: true,
    breakdown: null,
    presetSource: null,
    prior: 10,
    monotone: false,
    cut: null,
    adopted: null,
    drill: null,
    forecast: defaultForecastSettings(),
    dealTable: defaultDealTableState(),
    grading: null,
    model: null,
    recipe: {},
    source: { kind: 'demo' },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The defaults, frozen: copy with `defaultState()` to change anything. */
export const DEFAULT_STATE: ReportState = deepFreeze(defaultState());

// ---------------------------------------------------------------------------------------------
// Notes

export type StateNoteCode = 'unknown_key' | 'bad_value' | 'bad_version' | 'malformed' | 'too_long';

/** A problem met while reading a link; `message` is English, `code` (+ `key`) for translations. */
export interface StateNote {
  code: StateNoteCode;
  /** The short key concerned, when there is one (only ever a short, safe token). */
  key?: string;
  message: string;
}

export const MAX_NOTES = 20;

/** Collects notes, at most MAX_NOTES of them plus one line counting the rest. */
export class NoteList {
  readonly #notes: StateNote[] = [];
  #more = 0;

  add(code: StateNoteCode, message: string, key?: string): void {
    if (this.#notes.length >= MAX_NOTES) {
      this.#more += 1;
      return;
    }
    this.#notes.push(key === undefined ? { code, message } : { code, key, message });
  }

  get list(): StateNote[] {
    if (this.#more === 0) return [...this.#notes];
    const code = this.#notes.at(-1)?.code ?? 'malformed';
    return [...this.#notes, { code, message: `${this.#more} more problems not listed` }];
  }
}

/** A name from a link, quoted in a note only when it is a short plain token. */
export function safeName(name: string): string {
  return /^[A-Za-z0-9_.-]{1,40}$/.test(name) ? `"${name}"` : '(unprintable)';
}

// ---------------------------------------------------------------------------------------------
// Limits and value checks

export const MAX_STAGES = 50;
export const MAX_TEXT = 200;
export const MAX_URL = 2000;
/** Values per filtered segment. */
export const MAX_VALUES = 1000;
/** Members of a stage, won and lost values, entries of a recipe map. */
export const MAX_NAMES = 100;
export const MAX_HASH = 128;
export const MAX_ROWS = 1e12;
/** A content hash as the import writes it (hex or base64, optionally `algorithm:`). */
const HASH = new RegExp(`^[A-Za-z0-9_+/=:.-]{1,${MAX_HASH}}$`);

/** Reports why (part of) a value was dropped; the reason never contains text from the link. */
export type Bad = (reason: string) => void;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/** Control, bidi-override, line-separator and BOM characters, and lone surrogates. */
function hasHiddenCharacters(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (
      c < 0x20 ||
      (c >= 0x7f && c <= 0x9f) ||
      (c >= 0xd800 && c <= 0xdfff) ||
      c === 0x2028 ||
      c === 0x2029 ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069) ||
      c === 0xfeff
    ) {
      return true;
    }
  }
  return false;
}

/** Looks like an HTML tag, comment or declaration: `<script`, `</x`, `<!--`, `<?`. */
const MARKUP = /<\s*[a-z!?/]/i;

/** Why a string from a link is unacceptable, or null when it is fine. */
export function textProblem(value: unknown, max = MAX_TEXT, allowEmpty = true): string | null {
  if (typeof value !== 'string') return 'not text';
  if (value.length > max) return `longer than ${max} characters`;
  if (!allowEmpty && value.length === 0) return 'empty';
  if (hasHiddenCharacters(value)) return 'control characters';
  if (MARKUP.test(value)) return 'markup';
  return null;
}

export function isText(value: unknown, max = MAX_TEXT, allowEmpty = true): value is string {
  return textProblem(value, max, allowEmpty) === null;
}

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** An http(s) address or a path relative to the page; never `javascript:`, `data:`, `file:` … */
export function isDataUrl(value: unknown): value is string {
  if (!isText(value, MAX_URL, false) || value.trim() !== value) return false;
  try {
    const url = new URL(value, 'https://base.invalid/');
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** A list of acceptable strings, or a reason. */
function textList(value: unknown, max: number, allowEmpty: boolean): string[] | string {
  if (!Array.isArray(value)) return 'not a list';
  if (value.length > max) return `${value.length} items, at most ${max}`;
  for (const item of value) {
    const problem = textProblem(item, MAX_TEXT, allowEmpty);
    if (problem) return `an item is ${problem}`;
  }
  return [...(value as string[])];
}

/**
 * A map of text → value from a link, entry by entry: keys must pass `keyOk`, values `read`;
 * bad entries are dropped with a note. Never assigns `__proto__`.
 */
function readMap<V>(
  value: unknown,
  what: string,
  bad: Bad,
  keyOk: (key: string) => boolean,
  read: (value: unknown) => V | undefined,
): Record<string, V> | undefined {
  if (!isRecord(value)) {
    bad(`${what} is not a map: ignored`);
    return undefined;
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_NAMES) {
    bad(`${what} has ${entries.length} entries, at most ${MAX_NAMES}: ignored`);
    return undefined;
  }
  const out: Record<string, V> = {};
  let dropped = 0;
  for (const [key, raw] of entries) {
    const v = key === '__proto__' || !keyOk(key) ? undefined : read(raw);
    if (v === undefined) dropped += 1;
    else out[key] = v;
  }
  if (dropped > 0) bad(`${dropped} ${dropped === 1 ? 'entry' : 'entries'} of ${what} ignored`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Enumerations (records, so that a new member of a union fails to compile until listed here)

const keysOf = <T extends string>(record: Record<T, true>): T[] => Object.keys(record) as T[];

const VIEWS = keysOf<ReportView>({
  overview: true,
  funnel: true,
  rates: true,
  grades: true,
  forecast: true,
  deals: true,
  data: true,
});
const LOCALES = keysOf<ReportLocale>({ en: true, 'zh-CN': true });
const DRILL_WHICH = keysOf<DrillWhich>({ reached: true, lost: true, open: true });
const DATE_FIELDS = keysOf<NonNullable<CohortFilter['dateField']>>({
  created_at: true,
  close_date: true,
});
const PERIOD_UNITS = keysOf<PeriodUnit>({ quarter: true, month: true });
const TIMINGS = keysOf<Timing>({ close: true, history: true });
const DATE_ORDERS = keysOf<DateOrder>({ ymd: true, dmy: true, mdy: true });
const STATUSES = keysOf<Status>({ open: true, won: true, lost: true });
const BUILT_IN_IDS = keysOf<BuiltInModelId>({
  lifecycle: true,
  'project-sales': true,
  'key-account': true,
  salesforce: true,
  hubspot: true,
});
type InferredBy = Extract<StageModelSource, { kind: 'inferred' }>['by'];
const INFERRED_BY = keysOf<InferredBy>({
  history: true,
  probability: true,
  'sort-order': true,
  'first-appearance': true,
});

/** Every segment a link may filter or break down by. */
export const LINK_SEGMENTS: readonly Segment[] = [
  ...SEGMENT_FIELDS,
  'grade',
  'industry_tier',
  ...(Object.keys(DERIVED_SEGMENTS) as Array<keyof typeof DERIVED_SEGMENTS>),
];

// ---------------------------------------------------------------------------------------------
// Stage model ⇄ wire: { s: 'custom' | 'built-in:<id>' | 'inferred:<by>', st: [[name, preset] or
// [name, preset, members]], w: won values, l: lost values }; members are written only when they
// are not just [name].

type WireStage = [string, number | null] | [string, number | null, string[]];
interface WireModel {
  s: string;
  st: WireStage[];
  w: string[];
  l: string[];
}

function sourceCode(source: StageModelSource): string {
  if (source.kind === 'built-in') return `built-in:${source.id}`;
  if (source.kind === 'inferred') return `inferred:${source.by}`;
  return 'custom';
}

function readModelSource(code: unknown): StageModelSource | undefined {
  if (code === 'custom') return { kind: 'custom' };
  if (typeof code !== 'string') return undefined;
  const [kind, value] = code.split(':', 2);
  if (kind === 'built-in' && oneOf(BUILT_IN_IDS, value)) return { kind: 'built-in', id: value };
  if (kind === 'inferred' && oneOf(INFERRED_BY, value)) return { kind: 'inferred', by: value };
  return undefined;
}

export function modelToWire(model: StageModel): WireModel {
  return {
    s: sourceCode(model.source),
    st: model.stages.map((stage): WireStage => {
      const plain = stage.members.length === 1 && stage.members[0] === stage.name;
      return plain ? [stage.name, stage.preset] : [stage.name, stage.preset, [...stage.members]];
    }),
    w: [...model.won],
    l: [...model.lost],
  };
}

/** A stage model from a link, whole or not at all (a partial model would mislead). */
export function readModel(wire: unknown): StageModel | string {
  if (!isRecord(wire)) return 'not a model';
  const source = readModelSource(wire.s);
  if (!source) return 'unknown model source';
  const stages = wire.st;
  if (!Array.isArray(stages)) return 'no stage list';
  if (stages.length === 0) return 'no stages';
  if (stages.length > MAX_STAGES) return `${stages.length} stages, at most ${MAX_STAGES}`;
  const out: ModelStage[] = [];
  const names = new Set<string>();
  for (const [i, stage] of stages.entries()) {
    const at = `stage ${i + 1}`;
    if (!Array.isArray(stage) || stage.length < 2 || stage.length > 3) return `${at} is malformed`;
    const [name, preset, members] = stage as unknown[];
    const problem = textProblem(name, MAX_TEXT, false);
    if (problem !== null) return `${at} name is ${problem}`;
    const stageName = name as string;
    if (names.has(stageName)) return `${at} repeats a stage name`;
    names.add(stageName);
    if (
      preset !== null &&
      !(typeof preset === 'number' && Number.isFinite(preset) && preset >= 0 && preset <= 1)
    ) {
      return `${at} preset is not a rate between 0 and 1`;
    }
    let list: string[] = [stageName];
    if (stage.length === 3) {
      const read = textList(members, MAX_NAMES, false);
      if (typeof read === 'string') return `${at} members: ${read}`;
      if (!read.includes(stageName)) return `${at} members leave out the stage itself`;
      list = read;
    }
    out.push({ name: stageName, members: list, preset: preset as number | null });
  }
  const won = textList(wire.w, MAX_NAMES, false);
  if (typeof won === 'string') return `won values: ${won}`;
  const lost = textList(wire.l, MAX_NAMES, false);
  if (typeof lost === 'string') return `lost values: ${lost}`;
  return { source, stages: out, won, lost };
}

// ---------------------------------------------------------------------------------------------
// Import recipe ⇄ wire: the same shape with short keys.

const RECIPE_FILES = { opportunities: 'o', history: 'h', accounts: 'a', owners: 'u' } as const;
type RecipeFile = keyof typeof RECIPE_FILES;
const FILE_FIELDS: Record<RecipeFile, readonly string[]> = {
  opportunities: OPPORTUNITY_FIELD_NAMES,
  history: HISTORY_FIELD_NAMES,
  accounts: ACCOUNT_FIELD_NAMES,
  owners: OWNER_FIELD_NAMES,
};
const FILE_KEYS = {
  encoding: 'e',
  delimiter: 'd',
  sheet: 's',
  map: 'm',
  dateOrder: 'do',
} as const satisfies Record<keyof FileRecipe, string>;
const RECIPE_MAPS = { stageDates: 'sd', statusValues: 'sv' } as const;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function fileToWire(file: FileRecipe): Record<string, Json> {
  const out: Record<string, Json> = {};
  if (file.encoding !== undefined) out[FILE_KEYS.encoding] = file.encoding;
  if (file.delimiter !== undefined) out[FILE_KEYS.delimiter] = file.delimiter;
  if (file.sheet !== undefined) out[FILE_KEYS.sheet] = file.sheet;
  if (file.map !== undefined) out[FILE_KEYS.map] = { ...file.map };
  if (file.dateOrder !== undefined) out[FILE_KEYS.dateOrder] = { ...file.dateOrder };
  return out;
}

export function recipeToWire(recipe: ImportRecipe): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [file, key] of Object.entries(RECIPE_FILES) as Array<[RecipeFile, string]>) {
    const part = recipe[file];
    if (part !== undefined) out[key] = fileToWire(part);
  }
  if (recipe.stageDates !== undefined) out[RECIPE_MAPS.stageDates] = { ...recipe.stageDates };
  if (recipe.statusValues !== undefined) {
    out[RECIPE_MAPS.statusValues] = { ...recipe.statusValues };
  }
  return out;
}

function readFileRecipe(wire: unknown, file: RecipeFile, bad: Bad): FileRecipe | undefined {
  const what = `${file} recipe`;
  if (!isRecord(wire)) {
    bad(`${what} is not a map: ignored`);
    return undefined;
  }
  const out: FileRecipe = {};
  const known = new Set<string>(Object.values(FILE_KEYS));
  for (const key of Object.keys(wire)) {
    if (!known.has(key)) bad(`unknown part ${safeName(key)} of ${what} ignored`);
  }
  const { e, d, s, m } = wire;
  const order = wire[FILE_KEYS.dateOrder];
  if (e !== undefined) {
    if (oneOf(ENCODING_NAMES, e)) out.encoding = e;
    else bad(`${what}: unknown encoding ignored`);
  }
  if (d !== undefined) {
    if (oneOf(DELIMITERS, d)) out.delimiter = d;
    else bad(`${what}: unknown delimiter ignored`);
  }
  if (s !== undefined) {
    if (isText(s)) out.sheet = s;
    else bad(`${what}: sheet name is ${textProblem(s)}: ignored`);
  }
  if (m !== undefined) {
    const fields = FILE_FIELDS[file];
    const map = readMap(
      m,
      `${what} column mapping`,
      bad,
      (field) => fields.includes(field),
      (header) => (isText(header) ? header : undefined),
    );
    if (map) out.map = map;
  }
  if (order !== undefined) {
    const map = readMap(
      order,
      `${what} date orders`,
      bad,
      (header) => isText(header, MAX_TEXT, false),
      (v) => (oneOf(DATE_ORDERS, v) ? v : undefined),
    );
    if (map) out.dateOrder = map;
  }
  return out;
}

/** An import recipe from a link, keeping every part that checks out. */
export function readRecipe(wire: unknown, bad: Bad): ImportRecipe {
  const out: ImportRecipe = {};
  if (!isRecord(wire)) {
    bad('not a recipe: ignored');
    return out;
  }
  const known = new Set<string>([...Object.values(RECIPE_FILES), ...Object.values(RECIPE_MAPS)]);
  for (const key of Object.keys(wire)) {
    if (!known.has(key)) bad(`unknown part ${safeName(key)} ignored`);
  }
  for (const [file, key] of Object.entries(RECIPE_FILES) as Array<[RecipeFile, string]>) {
    if (wire[key] === undefined) continue;
    const part = readFileRecipe(wire[key], file, bad);
    if (part) out[file] = part;
  }
  const stageDates = wire[RECIPE_MAPS.stageDates];
  if (stageDates !== undefined) {
    const map = readMap(
      stageDates,
      'stage date columns',
      bad,
      (stage) => isText(stage, MAX_TEXT, false),
      (header) => (isText(header, MAX_TEXT, false) ? header : undefined),
    );
    if (map) out.stageDates = map;
  }
  const statusValues = wire[RECIPE_MAPS.statusValues];
  if (statusValues !== undefined) {
    const map = readMap(
      statusValues,
      'status words',
      bad,
      (word) => isText(word, MAX_TEXT, false),
      (status) => (oneOf(STATUSES, status) ? status : undefined),
    );
    if (map) out.statusValues = map;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The registry

/**
 * How an entry appears as plain parameters: `text` as `k=value`; `json` as `k=<JSON>`; `dict` as
 * `k.sub=value` per entry; `dict-list` as `k.sub=a,b,c` (items percent-encoded, so commas inside
 * values survive). In the compressed form every entry is `"k": <wire value>` in one JSON object.
 */
export type WireForm = 'text' | 'json' | 'dict' | 'dict-list';

interface EntryBase {
  /** The short key in the link (letters only: the plain form splits `k.sub` at the dot). */
  key: string;
  /** What the key holds, for notes. */
  label: string;
  /** Validates a wire value from a link and stores what passes in `state`; reports what it drops. */
  read(wire: unknown, state: ReportState, bad: Bad): void;
}

export type RegistryEntry = EntryBase &
  (
    | { form: 'text'; write(state: ReportState): string | undefined }
    | { form: 'json'; write(state: ReportState): Json | undefined }
    | { form: 'dict'; write(state: ReportState): Record<string, string> | undefined }
    | { form: 'dict-list'; write(state: ReportState): Record<string, string[]> | undefined }
  );

/** `write` returns undefined for a default value, which is then left out of the link. */
function enumEntry<K extends 'view' | 'locale' | 'breakdown' | 'presetSource'>(
  key: string,
  label: string,
  field: K,
  values: ReadonlyArray<NonNullable<ReportState[K]>>,
): RegistryEntry {
  return {
    key,
    label,
    form: 'text',
    write: (state) => {
      const value = state[field];
      return value === DEFAULT_STATE[field] || value === null ? undefined : value;
    },
    read: (wire, state, bad) => {
      if (oneOf(values as readonly string[], wire)) state[field] = wire as ReportState[K];
      else bad(`not one of ${values.join(', ')}: ignored`);
    },
  };
}

function flagEntry(
  key: string,
  label: string,
  field: 'strictOrder' | 'useHistory' | 'monotone',
): RegistryEntry {
  return {
    key,
    label,
    form: 'text',
    write: (state) =>
      state[field] === DEFAULT_STATE[field] ? undefined : state[field] ? '1' : '0',
    read: (wire, state, bad) => {
      if (wire === '1' || wire === '0') state[field] = wire === '1';
      else bad('not 0 or 1: ignored');
    },
  };
}

function filterDateEntry(key: string, label: string, field: 'from' | 'to'): RegistryEntry {
  return {
    key,
    label,
    form: 'text',
    write: (state) => state.filter[field],
    read: (wire, state, bad) => {
      if (isIsoDate(wire)) state.filter = { ...state.filter, [field]: wire };
      else bad('not a date YYYY-MM-DD: ignored');
    },
  };
}

export const REGISTRY: readonly RegistryEntry[] = [
  enumEntry('vw', 'view', 'view', VIEWS),
  enumEntry('lc', 'language', 'locale', LOCALES),
  {
    key: 'at',
    label: 'as-of date',
    form: 'text',
    write: (state) => state.asOf ?? undefined,
    read: (wire, state, bad) => {
      if (isIsoDate(wire)) state.asOf = wire;
      else bad('not a date YYYY-MM-DD: ignored');
    },
  },
  filterDateEntry('from', 'filter start date', 'from'),
  filterDateEntry('to', 'filter end date', 'to'),
  {
    key: 'df',
    label: 'filter date field',
    form: 'text',
    write: (state) => state.filter.dateField,
    read: (wire, state, bad) => {
      if (oneOf(DATE_FIELDS, wire)) state.filter = { ...state.filter, dateField: wire };
      else bad(`not one of ${DATE_FIELDS.join(', ')}: ignored`);
    },
  },
  {
    key: 'f',
    label: 'filter',
    form: 'dict-list',
    write: (state) => {
      const out: Record<string, string[]> = {};
      for (const [segment, values] of Object.entries(state.filter.where ?? {})) {
        if (values && values.length > 0) out[segment] = [...values];
      }
      return Object.keys(out).length > 0 ? out : undefined;
    },
    read: (wire, state, bad) => {
      if (!isRecord(wire)) {
        bad('not a map of segments: ignored');
        return;
      }
      const where: Partial<Record<Segment, string[]>> = {};
      for (const [segment, values] of Object.entries(wire)) {
        if (!oneOf(LINK_SEGMENTS, segment)) {
          bad(`unknown segment ${safeName(segment)} ignored`);
          continue;
        }
        if (!Array.isArray(values)) {
          bad(`values of ${segment} are not a list: ignored`);
          continue;
        }
        if (values.length > MAX_VALUES) {
          bad(`${values.length} values of ${segment}, at most ${MAX_VALUES}: ignored`);
          continue;
        }
        const kept = values.filter((v): v is string => isText(v));
        if (kept.length < values.length) {
          bad(`${values.length - kept.length} bad values of ${segment} ignored`);
        }
        if (kept.length > 0) where[segment] = kept;
      }
      if (Object.keys(where).length > 0) state.filter = { ...state.filter, where };
    },
  },
  flagEntry('so', 'strict stage order', 'strictOrder'),
  flagEntry('uh', 'use stage history', 'useHistory'),
  enumEntry('bd', 'breakdown', 'breakdown', LINK_SEGMENTS),
  enumEntry('ps', 'preset source', 'presetSource', ['model', 'export']),
  {
    key: 'pr',
    label: 'prior strength',
    form: 'text',
    write: (state) => (state.prior === DEFAULT_STATE.prior ? undefined : String(state.prior)),
    read: (wire, state, bad) => {
      const m = typeof wire === 'string' && /^\d{1,4}(\.\d{1,3})?$/.test(wire) ? Number(wire) : NaN;
      if (m >= 0 && m <= 1000) state.prior = m;
      else bad('not a number from 0 to 1000: ignored');
    },
  },
  flagEntry('mo', 'monotone rates', 'monotone'),
  {
    key: 'ct',
    label: 'walk-forward cut',
    form: 'text',
    write: (state) => state.cut ?? undefined,
    read: (wire, state, bad) => {
      if (isIsoDate(wire)) state.cut = wire;
      else bad('not a date YYYY-MM-DD: ignored');
    },
  },
  {
    key: 'ad',
    label: 'adopted presets',
    form: 'json',
    write: (state) => (state.adopted ? [...state.adopted] : undefined),
    read: (wire, state, bad) => {
      const ok =
        Array.isArray(wire) &&
        wire.length >= 1 &&
        wire.length <= MAX_STAGES &&
        wire.every((v) => v === null || (typeof v === 'number' && v >= 0 && v <= 1));
      if (ok) state.adopted = wire as Array<number | null>;
      else bad('not a list of presets 0–1 or null: ignored');
    },
  },
  {
    key: 'dr',
    label: 'drill-down',
    form: 'text',
    write: (state) => (state.drill ? `${state.drill.position}.${state.drill.which}` : undefined),
    read: (wire, state, bad) => {
      const match = typeof wire === 'string' ? /^([1-9]\d?)\.([a-z]+)$/.exec(wire) : null;
      const position = Number(match?.[1]);
      const which = match?.[2];
      if (match && position >= 1 && position <= MAX_STAGES && oneOf(DRILL_WHICH, which)) {
        state.drill = { position, which };
      } else {
        bad('not <stage position>.<reached|lost|open>: ignored');
      }
    },
  },
  {
    key: 'fc',
    label: 'forecast settings',
    form: 'dict',
    write: (state) => {
      const f = state.forecast;
      const d = DEFAULT_STATE.forecast;
      const out: Record<string, string> = {};
      if (f.unit !== d.unit) out.u = f.unit;
      if (f.rates !== d.rates) out.r = f.rates;
      if (f.stack !== d.stack) out.k = f.stack;
      if (f.timing !== d.timing) out.t = f.timing;
      if (f.runs !== d.runs) out.n = String(f.runs);
      if (f.seed !== d.seed) out.s = String(f.seed);
      if (f.target !== null) out.g = String(f.target);
      return Object.keys(out).length > 0 ? out : undefined;
    },
    read: (wire, state, bad) => {
      if (!isRecord(wire)) {
        bad('not a map: ignored');
        return;
      }
      const f = { ...state.forecast };
      const whole = (v: unknown, max: number) =>
        typeof v === 'string' && /^\d{1,16}$/.test(v) && Number(v) <= max ? Number(v) : null;
      for (const [part, v] of Object.entries(wire)) {
        if (part === 'u' && oneOf(PERIOD_UNITS, v)) f.unit = v;
        else if (part === 'r' && oneOf(RATE_SETS, v)) f.rates = v;
        else if (part === 'k' && (v === 'stage' || v === 'grade' || oneOf(LINK_SEGMENTS, v)))
          f.stack = v;
        else if (part === 't' && oneOf(TIMINGS, v)) f.timing = v;
        else if (part === 'n' && (whole(v, MAX_RUNS) ?? 0) >= 1) f.runs = Number(v);
        else if (part === 's' && whole(v, 2 ** 32 - 1) !== null) f.seed = Number(v);
        else if (part === 'g' && whole(v, 1e15) !== null) f.target = Number(v);
        else bad(`forecast setting ${safeName(part)} ignored`);
      }
      state.forecast = f;
    },
  },
  {
    key: 'ds',
    label: 'deal table sort',
    form: 'text',
    write: (state) => {
      const { column, direction } = state.dealTable.sort;
      const d = DEFAULT_STATE.dealTable.sort;
      return column === d.column && direction === d.direction
        ? undefined
        : `${column}.${direction}`;
    },
    read: (wire, state, bad) => {
      const [column, direction] = typeof wire === 'string' ? wire.split('.') : [];
      if (
        column !== undefined &&
        isDealColumn(column) &&
        (direction === 'asc' || direction === 'desc')
      )
        state.dealTable = { ...state.dealTable, sort: { column, direction } };
      else bad('not <column>.<asc|desc>: ignored');
    },
  },
  {
    key: 'dq',
    label: 'deal search',
    form: 'text',
    write: (state) => state.dealTable.search || undefined,
    read: (wire, state, bad) => {
      if (isText(wire)) state.dealTable = { ...state.dealTable, search: wire };
      else bad(`search text is ${textProblem(wire)}: ignored`);
    },
  },
  {
    key: 'dc',
    label: 'deal table columns',
    form: 'json',
    write: (state) => {
      const columns = state.dealTable.columns;
      const d = DEFAULT_STATE.dealTable.columns;
      return columns.length === d.length && columns.every((c, i) => c === d[i])
        ? undefined
        : [...columns];
    },
    read: (wire, state, bad) => {
      const kept = Array.isArray(wire)
        ? wire.filter((c): c is DealColumn => typeof c === 'string' && isDealColumn(c))
        : [];
      if (kept.length === 0) {
        bad('no known column: ignored');
        return;
      }
      if (!Array.isArray(wire) || kept.length < wire.length) bad('unknown columns ignored');
      state.dealTable = {
        ...state.dealTable,
        columns: DEAL_COLUMNS.filter((c) => kept.includes(c)),
      };
    },
  },
  {
    key: 'g',
    label: 'grading setup',
    form: 'json',
    write: (state) =>
      state.grading ? (gradingSetupJson(state.grading) as unknown as Json) : undefined,
    read: (wire, state, bad) => {
      // The reader's messages quote the link: only a fixed sentence goes into the note.
      try {
        const setup = readGradingSetup(wire);
        if (setup.rules.length > MAX_NAMES || !setup.groups.every((g) => isText(g.name, 40, false)))
          bad('not a usable grading setup: ignored');
        else state.grading = setup;
      } catch {
        bad('not a usable grading setup: ignored');
      }
    },
  },
  {
    key: 'm',
    label: 'stage model',
    form: 'json',
    write: (state) => (state.model ? (modelToWire(state.model) as unknown as Json) : undefined),
    read: (wire, state, bad) => {
      const model = readModel(wire);
      if (typeof model === 'string') bad(`${model}: model ignored`);
      else state.model = model;
    },
  },
  {
    key: 'r',
    label: 'import recipe',
    form: 'json',
    write: (state) =>
      Object.keys(state.recipe).length > 0 ? recipeToWire(state.recipe) : undefined,
    read: (wire, state, bad) => {
      state.recipe = readRecipe(wire, bad);
    },
  },
  {
    key: 's',
    label: 'data source',
    form: 'dict',
    write: (state): Record<string, string> | undefined => {
      const source = state.source;
      if (source.kind === 'url') {
        return source.history === undefined
          ? { url: source.src }
          : { url: source.src, hist: source.history };
      }
      if (source.kind === 'file') {
        return { name: source.name, rows: String(source.rows), hash: source.hash };
      }
      return undefined;
    },
    read: (wire, state, bad) => {
      if (!isRecord(wire)) {
        bad('not a map: ignored');
        return;
      }
      const keys = Object.keys(wire).sort().join(',');
      if (keys === 'url' || keys === 'hist,url') {
        if (!isDataUrl(wire.url) || (wire.hist !== undefined && !isDataUrl(wire.hist))) {
          bad('not an http(s) address or a relative path: ignored');
          return;
        }
        state.source =
          wire.hist === undefined
            ? { kind: 'url', src: wire.url }
            : { kind: 'url', src: wire.url, history: wire.hist as string };
        return;
      }
      if (keys === 'hash,name,rows') {
        const { name, rows, hash } = wire;
        const count = typeof rows === 'string' && /^\d{1,13}$/.test(rows) ? Number(rows) : NaN;
        const problem = !isText(name, MAX_TEXT, false)
          ? `file name is ${textProblem(name, MAX_TEXT, false)}`
          : !(count <= MAX_ROWS)
            ? 'row count is not a whole number'
            : typeof hash !== 'string' || !HASH.test(hash)
              ? 'content hash is malformed'
              : null;
        if (problem === null)
          state.source = { kind: 'file', name: name as string, rows: count, hash: hash as string };
        else bad(`${problem}: ignored`);
        return;
      }
      bad('neither url (+hist) nor name, rows and hash: ignored');
    },
  },
];

export const REGISTRY_BY_KEY: ReadonlyMap<string, RegistryEntry> = new Map(
  REGISTRY.map((entry) => [entry.key, entry]),
);
