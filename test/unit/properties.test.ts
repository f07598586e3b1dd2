import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import type { DateOrder } from '../../src/lib/import/date-formats.ts';
import { ENCODING_NAMES } from '../../src/lib/import/encoding.ts';
import type { FileRecipe, ImportRecipe } from '../../src/lib/import/import-options.ts';
import { DELIMITERS } from '../../src/lib/import/delimiters.ts';
import { RATE_SETS, MAX_RUNS } from '../../src/lib/metrics/forecast/forecast-settings.ts';
import { DEAL_COLUMNS } from '../../src/lib/metrics/deals-sql.ts';
import {
  INDICATORS,
  defaultSetup,
  equalWeights,
} from '../../src/lib/metrics/grades/grading-setup.ts';
import {
  ACCOUNT_FIELD_NAMES,
  HISTORY_FIELD_NAMES,
  OPPORTUNITY_FIELD_NAMES,
} from '../../src/lib/model/schema.ts';
import type { StageModel } from '../../src/lib/model/stage-model.ts';
import {
  LINK_SEGMENTS,
  MAX_STAGES,
  isDataUrl,
  isText,
} from '../../src/lib/state/url-state-schema.ts';
import {
  REGISTRY,
  decodeState,
  encodeState,
  type ReportState,
} from '../../src/lib/state/url-state.ts';
import { databaseWithMacros, importDateColumn } from '../helpers/db.ts';

/** Cases per property: each property runs its cases through DuckDB in one query. */
const CASES = 200;
/** One run of a generated batch of CASES, shrunk to a smaller failing value when it fails. */
const ONCE = { numRuns: 1 };
const batch = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.array(arbitrary, { minLength: CASES, maxLength: CASES });

// ---------------------------------------------------------------------------------------------
// The value parsers (SQL macros), on native DuckDB

let db: Database;
beforeAll(async () => {
  db = await databaseWithMacros();
});
afterAll(() => db.close());

/** One query: `sql` over a table t(i, raw, scale) holding the cases, in their order. */
async function parseAll(sql: string, cases: Array<{ raw: string; scale?: number }>) {
  const values = cases.map((_, i) => `(${i}, ?, ?::DOUBLE)`).join(', ');
  const rows = await db.query<{ v: number | string | null }>(
    `SELECT ${sql} AS v FROM (VALUES ${values}) t(i, raw, scale) ORDER BY i`,
    cases.flatMap((c) => [c.raw, c.scale ?? 1]),
  );
  return rows.map((row) => row.v);
}

function withThousands(digits: string): string {
  const [whole = '', fraction] = digits.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

const UNITS: Array<[text: string, factor: number]> = [
  ['', 1],
  ['K', 1e3],
  ['k', 1e3],
  ['万', 1e4],
  ['M', 1e6],
  ['MM', 1e6],
  ['亿', 1e8],
  ['B', 1e9],
  ['bn', 1e9],
];

const amountCase = fc
  .record({
    value: fc.bigInt({ min: 0n, max: 10n ** 13n }).map((cents) => Number(cents) / 100),
    unit: fc.constantFrom(...UNITS),
    decimals: fc.integer({ min: 0, max: 4 }),
    grouped: fc.boolean(),
    currency: fc.constantFrom('', '$', '¥', '￥', '€', '£', 'CNY ', 'RMB', 'USD ', 'HKD'),
    suffix: fc.constantFrom('', '元', ' CNY', ' usd'),
    sign: fc.constantFrom('', '-', '()'),
    padding: fc.constantFrom('', ' ', '  '),
  })
  .map(({ value, unit: [unit, factor], decimals, grouped, currency, suffix, sign, padding }) => {
    const digits = (value / factor).toFixed(decimals);
    const body = `${currency}${grouped ? withThousands(digits) : digits}${unit}${suffix}`;
    const raw = sign === '()' ? `(${body})` : `${sign}${body}`;
    return {
      raw: `${padding}${raw}${padding}`,
      expected: sign === '' ? value : -value,
      // Half a unit in the last written digit, and the noise of a double.
      tolerance: 0.5 * 10 ** -decimals * factor + 1e-9 * value,
    };
  });

describe('fc_amount(fc_trimmed(raw), scale) — properties', () => {
  it('reads back any amount written with currency, separators, units and signs', async () => {
    await fc.assert(
      fc.asyncProperty(batch(amountCase), async (cases) => {
        const parsed = await parseAll('fc_amount(fc_trimmed(raw), scale)', cases);
        cases.forEach(({ raw, expected, tolerance }, i) => {
          const value = parsed[i];
          if (typeof value !== 'number' || !(Math.abs(value - expected) <= tolerance)) {
            throw new Error(`fc_amount(${JSON.stringify(raw)}) = ${value}, expected ${expected}`);
          }
        });
      }),
      ONCE,
    );
  });
});

const percentCase = fc
  .record({
    basisPoints: fc.integer({ min: 0, max: 10_000 }),
    style: fc.constantFrom('percent', 'spaced percent', 'fraction', 'points'),
    decimals: fc.integer({ min: 0, max: 2 }),
  })
  .map(({ basisPoints, style, decimals }) => {
    const rate = basisPoints / 10_000;
    const percent = (rate * 100).toFixed(decimals);
    const written = {
      percent: { raw: `${percent}%`, scale: 1, tolerance: (0.5 * 10 ** -decimals) / 100 },
      'spaced percent': {
        raw: ` ${percent} % `,
        scale: 1,
        tolerance: (0.5 * 10 ** -decimals) / 100,
      },
      fraction: { raw: rate.toFixed(4), scale: 1, tolerance: 0 },
      points: { raw: (rate * 100).toFixed(2), scale: 0.01, tolerance: 0 },
    }[style];
    return { ...written, expected: rate };
  });

describe('fc_percent(fc_trimmed(raw), scale) — properties', () => {
  it('reads back any rate written as 35%, 0.35 or 35 on a 0–100 column', async () => {
    await fc.assert(
      fc.asyncProperty(batch(percentCase), async (cases) => {
        const parsed = await parseAll('fc_percent(fc_trimmed(raw), scale)', cases);
        cases.forEach(({ raw, expected, tolerance }, i) => {
          const value = parsed[i];
          if (typeof value !== 'number' || !(Math.abs(value - expected) <= tolerance + 1e-12)) {
            throw new Error(`fc_percent(${JSON.stringify(raw)}) = ${value}, expected ${expected}`);
          }
        });
      }),
      ONCE,
    );
  });
});

interface Moment {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

const moment = (years: [number, number]): fc.Arbitrary<Moment> =>
  fc
    .record({
      day: fc.integer({
        min: Date.UTC(years[0], 0, 1) / 86_400_000,
        max: Date.UTC(years[1], 11, 31) / 86_400_000,
      }),
      second: fc.integer({ min: 0, max: 86_399 }),
    })
    .map(({ day, second }) => {
      const date = new Date(day * 86_400_000 + second * 1000);
      return {
        y: date.getUTCFullYear(),
        mo: date.getUTCMonth() + 1,
        d: date.getUTCDate(),
        h: date.getUTCHours(),
        mi: date.getUTCMinutes(),
        s: date.getUTCSeconds(),
      };
    });

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const hour12 = (h: number) => `${h % 12 || 12}`;

interface DateStyle {
  name: string;
  years: [number, number];
  /** The order a user would confirm for a column whose values leave it open. */
  order?: DateOrder;
  write(m: Moment): string;
  /** What the parser must give back: the written fields, the rest zero. */
  read(m: Moment): string;
}

const day = (m: Moment) => `${m.y}-${pad(m.mo)}-${pad(m.d)}`;
const STYLES: DateStyle[] = [
  {
    name: 'ISO date and time',
    years: [1900, 2100],
    write: (m) => `${day(m)} ${pad(m.h)}:${pad(m.mi)}:${pad(m.s)}`,
    read: (m) => `${day(m)} ${pad(m.h)}:${pad(m.mi)}:${pad(m.s)}`,
  },
  {
    name: 'ISO with T, fraction and zone (wall-clock time kept)',
    years: [1900, 2100],
    write: (m) => `${day(m)}T${pad(m.h)}:${pad(m.mi)}:${pad(m.s)}.250${m.s % 2 ? 'Z' : '+08:00'}`,
    read: (m) => `${day(m)} ${pad(m.h)}:${pad(m.mi)}:${pad(m.s)}`,
  },
  {
    name: 'Y/M/D without padding',
    years: [1900, 2100],
    write: (m) => `${m.y}/${m.mo}/${m.d}`,
    read: (m) => `${day(m)} 00:00:00`,
  },
  {
    name: 'Chinese 年月日',
    years: [1900, 2100],
    write: (m) => `${m.y}年${m.mo}月${m.d}日`,
    read: (m) => `${day(m)} 00:00:00`,
  },
  {
    name: 'D/M/Y with hours and minutes',
    years: [1900, 2100],
    order: 'dmy',
    write: (m) => `${pad(m.d)}/${pad(m.mo)}/${m.y} ${pad(m.h)}:${pad(m.mi)}`,
    read: (m) => `${day(m)} ${pad(m.h)}:${pad(m.mi)}:00`,
  },
  {
    name: 'D.M.Y (German)',
    years: [1900, 2100],
    order: 'dmy',
    write: (m) => `${m.d}.${m.mo}.${m.y}`,
    read: (m) => `${day(m)} 00:00:00`,
  },
  {
    name: 'M/D/YY with a 12-hour clock',
    years: [1970, 2068],
    order: 'mdy',
    write: (m) =>
      `${m.mo}/${m.d}/${pad(m.y % 100)} ${hour12(m.h)}:${pad(m.mi)} ${m.h < 12 ? 'AM' : 'PM'}`,
    read: (m) => `${day(m)} ${pad(m.h)}:${pad(m.mi)}:00`,
  },
  {
    name: 'D Mon, Y H:M:S (Zoho)',
    years: [1900, 2100],
    write: (m) => `${m.d} ${MONTHS[m.mo - 1]}, ${m.y} ${pad(m.h)}:${pad(m.mi)}:${pad(m.s)}`,
    read: (m) => `${day(m)} ${pad(m.h)}:${pad(m.mi)}:${pad(m.s)}`,
  },
  {
    name: 'Mon D, Y',
    years: [1900, 2100],
    write: (m) => `${MONTHS[m.mo - 1]} ${m.d}, ${m.y}`,
    read: (m) => `${day(m)} 00:00:00`,
  },
  {
    name: 'Excel serial numbers',
    years: [1955, 2100],
    write: (m) => String(Date.UTC(m.y, m.mo - 1, m.d) / 86_400_000 + 25_569),
    read: (m) => `${day(m)} 00:00:00`,
  },
];

describe('date columns read as an import reads them — properties', () => {
  it.each(STYLES)('reads back any date written as $name', async (style) => {
    await fc.assert(
      fc.asyncProperty(batch(moment(style.years)), async (moments) => {
        const { dates } = await importDateColumn(db, moments.map(style.write), style.order);
        moments.forEach((m, i) => {
          if (dates[i] !== style.read(m)) {
            throw new Error(`${style.write(m)} read as ${dates[i]}, expected ${style.read(m)}`);
          }
        });
      }),
      ONCE,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The URL state codec

const RUNS = { numRuns: 200 };

describe('decodeState(fragment) — never throws', () => {
  const decodes = async (fragment: string) => {
    const { state, notes, details } = await decodeState(fragment);
    expect(typeof state.view).toBe('string');
    expect(notes).toEqual(details.map((d) => d.message));
  };

  it('on any string', async () => {
    await fc.assert(fc.asyncProperty(fc.string(), decodes), RUNS);
  });

  it('on any string of Unicode code points, lone surrogates included', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary' }), decodes), RUNS);
  });

  const KEYS = [...REGISTRY.map((entry) => entry.key), 'v', 'z', 'f.region', 's.url', 'fc.n'];
  const junk = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }).map(encodeURIComponent),
    fc.json().map(encodeURIComponent),
    fc.base64String().map((b) => b.replaceAll('+', '-').replaceAll('/', '_')),
    fc.constantFrom('%', '%E0%A4%A', '__proto__', '[]', '{}', 'null', '1e999', '-0'),
  );
  const fragment = fc
    .array(fc.tuple(fc.constantFrom(...KEYS), junk), { maxLength: 12 })
    .map((pairs) => ['v=1', ...pairs.map(([key, value]) => `${key}=${value}`)].join('&'));

  it('on random v=1&… fragments, and what it keeps encodes and decodes to itself', async () => {
    await fc.assert(
      fc.asyncProperty(fragment, async (text) => {
        const { state } = await decodeState(text);
        const again = await decodeState(await encodeState(state));
        expect(again.notes).toEqual([]);
        expect(again.state).toStrictEqual(state);
      }),
      RUNS,
    );
  });
});

// Valid values only, from the schema's own checks.

const text = (minLength = 0) =>
  fc
    .string({ minLength, maxLength: 24, unit: 'grapheme' })
    .filter((t) => isText(t, 200, minLength === 0));
const name = text(1).filter((t) => t !== '__proto__');
const isoDate = fc
  .integer({ min: Date.UTC(1900, 0, 1) / 86_400_000, max: Date.UTC(2100, 11, 31) / 86_400_000 })
  .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));
const rate = fc.double({ min: 0, max: 1, noNaN: true });
const dictionary = <T>(key: fc.Arbitrary<string>, value: fc.Arbitrary<T>) =>
  fc.dictionary(key, value, { maxKeys: 4, noNullPrototype: true });

const SEGMENTS = [...LINK_SEGMENTS];
/** Plain objects, as the codec builds them (fast-check also makes prototype-less ones). */
const record = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }) =>
  fc.record(model, { noNullPrototype: true });

const filter: fc.Arbitrary<ReportState['filter']> = fc.record(
  {
    from: isoDate,
    to: isoDate,
    dateField: fc.constantFrom('created_at' as const, 'close_date' as const),
    where: fc
      .uniqueArray(
        fc.tuple(fc.constantFrom(...SEGMENTS), fc.array(text(), { minLength: 1, maxLength: 4 })),
        {
          minLength: 1,
          maxLength: 3,
          selector: ([segment]) => segment,
        },
      )
      .map((entries) => Object.fromEntries(entries)),
  },
  { requiredKeys: [], noNullPrototype: true },
);

const model: fc.Arbitrary<StageModel> = record({
  source: fc.oneof(
    fc.constant({ kind: 'custom' as const }),
    record({
      kind: fc.constant('built-in' as const),
      id: fc.constantFrom(
        'lifecycle' as const,
        'project-sales' as const,
        'key-account' as const,
        'salesforce' as const,
        'hubspot' as const,
      ),
    }),
    record({
      kind: fc.constant('inferred' as const),
      by: fc.constantFrom(
        'history' as const,
        'probability' as const,
        'sort-order' as const,
        'first-appearance' as const,
      ),
    }),
  ),
  stages: fc.uniqueArray(name, { minLength: 1, maxLength: MAX_STAGES }).chain((names) =>
    fc.tuple(
      ...names.map((stageName) =>
        record({
          name: fc.constant(stageName),
          members: fc
            .array(name, { maxLength: 3 })
            .map((others) => [stageName, ...others.filter((o) => o !== stageName)]),
          preset: fc.option(rate, { nil: null }),
        }),
      ),
    ),
  ),
  won: fc.array(name, { maxLength: 3 }),
  lost: fc.array(name, { maxLength: 3 }),
});

const fileRecipe = (fields: readonly string[]): fc.Arbitrary<FileRecipe> =>
  fc.record(
    {
      encoding: fc.constantFrom(...ENCODING_NAMES),
      delimiter: fc.constantFrom(...DELIMITERS),
      sheet: text(),
      map: dictionary(fc.constantFrom(...fields), text()),
      dateOrder: dictionary(name, fc.constantFrom('ymd' as const, 'dmy' as const, 'mdy' as const)),
    },
    { requiredKeys: [], noNullPrototype: true },
  );

const recipe: fc.Arbitrary<ImportRecipe> = fc.record(
  {
    opportunities: fileRecipe(OPPORTUNITY_FIELD_NAMES),
    history: fileRecipe(HISTORY_FIELD_NAMES),
    accounts: fileRecipe(ACCOUNT_FIELD_NAMES),
    stageDates: dictionary(name, name),
    statusValues: dictionary(
      name,
      fc.constantFrom('open' as const, 'won' as const, 'lost' as const),
    ),
  },
  { requiredKeys: [], noNullPrototype: true },
);

const source: fc.Arbitrary<ReportState['source']> = fc.oneof(
  fc.constant({ kind: 'demo' as const }),
  fc.record(
    { kind: fc.constant('url' as const), src: fc.webUrl(), history: fc.webUrl() },
    { requiredKeys: ['kind', 'src'], noNullPrototype: true },
  ),
  record({
    kind: fc.constant('file' as const),
    name,
    rows: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    hash: fc.stringMatching(/^[A-Za-z0-9_+/=:.-]{1,64}$/),
  }),
);

const state: fc.Arbitrary<ReportState> = record({
  view: fc.constantFrom(
    'overview' as const,
    'funnel' as const,
    'rates' as const,
    'grades' as const,
    'forecast' as const,
    'deals' as const,
    'data' as const,
  ),
  locale: fc.constantFrom(null, 'en' as const, 'zh-CN' as const),
  asOf: fc.option(isoDate, { nil: null }),
  filter,
  strictOrder: fc.boolean(),
  useHistory: fc.boolean(),
  breakdown: fc.option(fc.constantFrom(...SEGMENTS), { nil: null }),
  presetSource: fc.constantFrom('model' as const, 'export' as const, null),
  prior: fc.integer({ min: 0, max: 1_000_000 }).map((k) => k / 1000),
  monotone: fc.boolean(),
  cut: fc.option(isoDate, { nil: null }),
  adopted: fc.option(
    fc.array(fc.option(rate, { nil: null }), { minLength: 1, maxLength: MAX_STAGES }),
    {
      nil: null,
    },
  ),
  drill: fc.option(
    record({
      position: fc.integer({ min: 1, max: MAX_STAGES }),
      which: fc.constantFrom('reached' as const, 'lost' as const, 'open' as const),
    }),
    { nil: null },
  ),
  forecast: record({
    unit: fc.constantFrom('quarter' as const, 'month' as const),
    rates: fc.constantFrom(...RATE_SETS),
    stack: fc.constantFrom('stage' as const, 'grade' as const, ...SEGMENTS),
    timing: fc.constantFrom('close' as const, 'history' as const),
    runs: fc.integer({ min: 1, max: MAX_RUNS }),
    seed: fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }).map(Number),
    target: fc.option(fc.bigInt({ min: 0n, max: 10n ** 15n }).map(Number), { nil: null }),
  }),
  dealTable: record({
    sort: record({
      column: fc.constantFrom(...DEAL_COLUMNS),
      direction: fc.constantFrom('asc' as const, 'desc' as const),
    }),
    search: name,
    columns: fc.subarray([...DEAL_COLUMNS], { minLength: 1 }),
  }),
  grading: fc.option(
    fc
      .subarray([...INDICATORS], { minLength: 1 })
      .chain((indicators) => fc.constantFrom(defaultSetup(indicators), equalWeights(indicators))),
    { nil: null },
  ),
  model: fc.option(model, { nil: null }),
  recipe,
  source: source.filter(
    (s) =>
      s.kind !== 'url' || (isDataUrl(s.src) && (s.history === undefined || isDataUrl(s.history))),
  ),
});

describe('encodeState(state) then decodeState(fragment) — properties', () => {
  it('gives back any valid state exactly, with no notes', async () => {
    await fc.assert(
      fc.asyncProperty(state, async (input) => {
        const { state: output, notes } = await decodeState(await encodeState(input));
        expect(notes).toEqual([]);
        expect(output).toStrictEqual(input);
      }),
      RUNS,
    );
  });
});
