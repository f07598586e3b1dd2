import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import { RowPager } from '../../src/lib/app/row-pager.ts';
import {
  pagesFor,
  pagesToKeep,
  scrollToRow,
  visibleRows,
  type Viewport,
} from '../../src/lib/app/virtual-window.ts';
import { dealTimelineSql } from '../../src/lib/metrics/deal-timeline-sql.ts';
import {
  containsPattern,
  DEAL_COLUMN_COUNTS_SQL,
  dealOrderCountSql,
  dealOrderSql,
  dealPageSql,
  dealSql,
  dealsSql,
  dropDealOrderSql,
  type DealQuery,
  type DealSort,
} from '../../src/lib/metrics/deals-sql.ts';
import { buildStageProgress } from '../../src/lib/metrics/stage-progress.ts';
import { defaultDealTableState, shownDealColumns } from '../../src/lib/state/deal-table-state.ts';
import { utf8 } from '../helpers/db.ts';
import { ENGINES } from '../helpers/engines.ts';
import { loadSixDeals, stageModel } from '../fixtures/six-deals.ts';

const query = (q: Partial<DealQuery> = {}): DealQuery => ({
  filter: {},
  drill: null,
  strict: false,
  search: '',
  sort: { column: 'amount', direction: 'desc' },
  asOf: '2024-01-20',
  ...q,
});

// Names with the LIKE wildcards % and _ in them, a backslash, Chinese text and mixed case.
const NAMED = `id,name,account,owner,stage,amount,created_at
d1,100% 续约,华东电力,Wang,A,500,2024-01-01
d2,Cloud_Sync,Acme,Li,B,300,2024-01-05
d3,CloudXSync,acme corp,李雷,Won,300,2024-01-02
d4,华东项目,North 50%,Zhang,Lost,,2024-01-03
d5,Backslash \\ deal,Beta,wang,A,100,
`;

describe.each(ENGINES)(
  'dealsSql(query, columns) and dealOrderSql(query, table) on %s',
  (_engine, open) => {
    let six: Database;
    let named: Database;
    beforeAll(async () => {
      six = await open();
      await loadSixDeals(six, stageModel(['A', 'B', 'C']));
      named = await open();
      await importDataset(named, {
        opportunities: { fileName: 'named.csv', bytes: utf8(NAMED) },
      });
      await buildStageProgress(named, stageModel(['A', 'B']));
    }, 60_000); // two databases to load
    afterAll(async () => {
      await six.close();
      await named.close();
    });

    const ids = async (db: Database, q: DealQuery) => {
      const sql = dealsSql(q, ['id']);
      return (await db.query<{ id: string }>(sql.sql, sql.params)).map((r) => r.id);
    };
    const sorted = (column: DealSort['column'], direction: DealSort['direction']) =>
      ids(six, query({ sort: { column, direction } }));

    it('sorts by a column either way, blanks last, ties by id', async () => {
      // Amounts: o1 100, o2 200, o3 300, o4 none, o5 50, o6 10.
      expect(await sorted('amount', 'desc')).toEqual(['o3', 'o2', 'o1', 'o5', 'o6', 'o4']);
      expect(await sorted('amount', 'asc')).toEqual(['o6', 'o5', 'o1', 'o2', 'o3', 'o4']);
      // Only o2 (01-15) and o1 (01-20) have close dates; the rest follow by id.
      expect(await sorted('close_date', 'asc')).toEqual(['o2', 'o1', 'o3', 'o4', 'o5', 'o6']);
      expect(await sorted('id', 'desc')).toEqual(['o6', 'o5', 'o4', 'o3', 'o2', 'o1']);
    });

    it('sorts stages in the model’s order: open A, B, then won, then lost (by stage name)', async () => {
      // o6 open at A, o3 open at B, o1 won; lost: o5 kept stage C, o2 and o4 are at Lost.
      expect(await sorted('stage', 'asc')).toEqual(['o6', 'o3', 'o1', 'o5', 'o2', 'o4']);
      expect(await sorted('stage', 'desc')).toEqual(['o2', 'o4', 'o5', 'o1', 'o3', 'o6']);
    });

    it('counts days open to the close, or to the as-of date while open', async () => {
      // o1 created 01-01, won 01-20: 19. o3 open since 01-02: 18 to 01-20. o6 since 01-03: 17.
      // o2 created 01-01, lost 01-15: 14. o4 and o5 are lost without a close date: blank.
      const q = dealsSql(query({ sort: { column: 'days_open', direction: 'desc' } }), [
        'id',
        'days_open',
      ]);
      expect(await six.query(q.sql, q.params)).toEqual([
        { id: 'o1', days_open: 19 },
        { id: 'o3', days_open: 18 },
        { id: 'o6', days_open: 17 },
        { id: 'o2', days_open: 14 },
        { id: 'o4', days_open: null },
        { id: 'o5', days_open: null },
      ]);
    });

    /** Sorts `q` into a temporary table; returns its row count and a reader of its pages. */
    const ordered = async (q: DealQuery) => {
      const order = dealOrderSql(q, 'deal order');
      await six.query(order.sql, order.params);
      const [count] = await six.query<{ n: number }>(dealOrderCountSql('deal order'));
      const page = async (offset: number, limit: number) => {
        const sql = dealPageSql('deal order', offset, limit);
        return (await six.query(sql.sql, sql.params)).map((r) => r.id);
      };
      return { count: count?.n, page };
    };

    it('sorts once into a table, then reads it a page at a time', async () => {
      const { count, page } = await ordered(query());
      expect(count).toBe(6);
      expect(await page(0, 2)).toEqual(['o3', 'o2']);
      expect(await page(2, 3)).toEqual(['o1', 'o5', 'o6']);
      expect(await page(5, 200)).toEqual(['o4']);
      expect(await page(6, 200)).toEqual([]);
      // Every column comes with the page, days open included (o3: 01-02 to 01-20).
      const sql = dealPageSql('deal order', 0, 1);
      expect(await six.query(sql.sql, sql.params)).toEqual([
        expect.objectContaining({
          id: 'o3',
          amount: 300,
          stage: 'B',
          status: 'open',
          days_open: 18,
        }),
      ]);
    });

    it('keeps a chart’s drill-down in the order and the count', async () => {
      // Reached B: o1, o2 (skipped it), o3, o5; by amount 300, 200, 100, 50.
      const drill = { position: 2, which: 'reached' } as const;
      expect(await ids(six, query({ drill }))).toEqual(['o3', 'o2', 'o1', 'o5']);
      const reached = await ordered(query({ drill }));
      expect([reached.count, await reached.page(1, 2)]).toEqual([4, ['o2', 'o1']]);
      expect((await ordered(query({ drill, search: 'O1' }))).count).toBe(1);
      await six.exec(dropDealOrderSql('deal order'));
      expect(
        await six.query(`SELECT * FROM duckdb_tables() WHERE table_name = 'deal order'`),
      ).toEqual([]);
    });

    const search = async (text: string) =>
      (await ids(named, query({ search: text, sort: { column: 'id', direction: 'asc' } }))).sort();

    it('searches id, name, account and owner, ignoring case', async () => {
      expect(await search('WANG')).toEqual(['d1', 'd5']);
      expect(await search('acme')).toEqual(['d2', 'd3']);
      expect(await search('D3')).toEqual(['d3']);
      expect(await search('  ')).toEqual(['d1', 'd2', 'd3', 'd4', 'd5']);
      expect(await search('nobody')).toEqual([]);
    });

    it('searches Chinese text', async () => {
      // d1's account is 华东电力, d4's name 华东项目; d3's owner is 李雷.
      expect(await search('华东')).toEqual(['d1', 'd4']);
      expect(await search('李雷')).toEqual(['d3']);
      expect(await search('续约')).toEqual(['d1']);
    });

    it('takes % _ and \\ literally', async () => {
      expect(containsPattern('50%_\\')).toBe('%50\\%\\_\\\\%');
      // Unescaped, % and _ would match every deal, and cloud_sync would match CloudXSync too.
      expect(await search('%')).toEqual(['d1', 'd4']);
      expect(await search('_')).toEqual(['d2']);
      expect(await search('cloud_sync')).toEqual(['d2']);
      expect(await search('0%')).toEqual(['d1', 'd4']);
      expect(await search('\\')).toEqual(['d5']);
    });

    it('tells which columns hold data', async () => {
      const [counts] = await named.query(DEAL_COLUMN_COUNTS_SQL);
      // Five names and owners; four amounts; four created dates (so four days open); no regions.
      expect(counts).toMatchObject({ name: 5, owner: 5, amount: 4, days_open: 4, region: 0 });
    });

    it('dealSql(id, asOf) reads one deal and whether it has history', async () => {
      const one = async (id: string) => {
        const q = dealSql(id, '2024-01-20');
        return (await six.query(q.sql, q.params))[0];
      };
      expect(await one('o3')).toMatchObject({
        id: 'o3',
        stage: 'B',
        days_open: 18,
        has_history: true,
      });
      expect(await one('o5')).toMatchObject({ id: 'o5', stage: 'C', has_history: false });
      expect(await one('nope')).toBeUndefined();
    });
  },
);

describe.each(ENGINES)('dealTimelineSql(id, asOf) on %s', (_engine, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
    await loadSixDeals(db, stageModel(['A', 'B', 'C']));
  });
  afterAll(() => db.close());

  const timeline = async (id: string) => {
    const q = dealTimelineSql(id, '2024-01-20');
    return (await db.query(q.sql, q.params)).map((v) => [
      v.stage,
      v.position,
      v.kind,
      v.started,
      v.ended,
      v.days,
      v.backward,
    ]);
  };

  it('marks a move back: o3 went A, B, back to A, then B again, still open there', async () => {
    expect(await timeline('o3')).toEqual([
      ['A', 1, 'open', '2024-01-02', '2024-01-04', 2, false],
      ['B', 2, 'open', '2024-01-04', '2024-01-06', 2, false],
      ['A', 1, 'open', '2024-01-06', '2024-01-09', 3, true],
      // Still at B: 11 days to the as-of date.
      ['B', 2, 'open', '2024-01-09', null, 11, false],
    ]);
  });

  it('ends with the outcome, which has no duration; a skipped stage is no move back', async () => {
    expect(await timeline('o1')).toEqual([
      ['A', 1, 'open', '2024-01-01', '2024-01-05', 4, false],
      ['B', 2, 'open', '2024-01-05', '2024-01-10', 5, false],
      ['C', 3, 'open', '2024-01-10', '2024-01-20', 10, false],
      ['Won', 4, 'won', '2024-01-20', null, null, false],
    ]);
    expect(await timeline('o2')).toEqual([
      ['A', 1, 'open', '2024-01-01', '2024-01-08', 7, false],
      ['C', 3, 'open', '2024-01-08', '2024-01-15', 7, false],
      ['Lost', 0, 'lost', '2024-01-15', null, null, false],
    ]);
  });

  it('is empty for a deal without history', async () => {
    expect(await timeline('o5')).toEqual([]);
  });
});

describe('visibleRows(viewport, overscan) and scrollToRow(viewport, index)', () => {
  // A 332 px box with a 32 px sticky header shows 300 px of 30 px rows: ten rows.
  const at = (scrollTop: number): Viewport => ({
    scrollTop,
    height: 332,
    headerHeight: 32,
    rowHeight: 30,
    total: 100,
  });

  it('covers the rows in view plus the overscan, within the list', () => {
    expect(visibleRows(at(0), 0)).toEqual({ start: 0, end: 10 });
    // From 45 px: row 1 (30–60) is partly in view, down to row 11 (330–360) ending at 345.
    expect(visibleRows(at(45), 0)).toEqual({ start: 1, end: 12 });
    expect(visibleRows(at(45), 10)).toEqual({ start: 0, end: 22 });
    // The bottom: 100 rows × 30 px = 3,000 px, scrolled 2,700 px shows rows 90–99.
    expect(visibleRows(at(2700), 5)).toEqual({ start: 85, end: 100 });
    expect(visibleRows({ ...at(0), total: 0 })).toEqual({ start: 0, end: 0 });
  });

  it('scrolls as little as it can to show a row whole', () => {
    expect(scrollToRow(at(0), 5)).toBe(0);
    // Row 10 spans 300–330 px; 300 px of rows are visible, so scroll by 30.
    expect(scrollToRow(at(0), 10)).toBe(30);
    expect(scrollToRow(at(90), 0)).toBe(0);
  });
});

describe('pagesFor(start, end, size) and pagesToKeep(cached, wanted, max)', () => {
  it('lists the pages holding a range', () => {
    expect(pagesFor(190, 410, 200)).toEqual([0, 1, 2]);
    expect(pagesFor(0, 200, 200)).toEqual([0]);
    expect(pagesFor(0, 0, 200)).toEqual([]);
  });

  it('keeps the wanted pages, then the nearest', () => {
    // Around page 5: page 2 is 3 away, pages 1 and 9 are 4 away (the first cached wins the tie).
    expect(pagesToKeep([0, 1, 2, 5, 9], [5], 3)).toEqual(new Set([5, 2, 1]));
  });
});

describe('RowPager(fetch, pageSize, maxPages)', () => {
  it('fetches each page once, as rows come into view, and forgets the far ones', async () => {
    const calls: number[] = [];
    const pager = new RowPager(
      async (offset, limit) => {
        calls.push(offset);
        return Array.from({ length: limit }, (_, i) => offset + i);
      },
      10,
      2,
    );
    await Promise.all([pager.load(0, 15), pager.load(5, 12)]);
    expect(calls).toEqual([0, 10]);
    expect([pager.row(0), pager.row(12), pager.row(25)]).toEqual([0, 12, undefined]);
    await pager.load(35, 38);
    expect(calls).toEqual([0, 10, 30]);
    expect(pager.cachedPages).toEqual([1, 3]);
    expect(pager.row(3)).toBeUndefined();
  });

  it('keeps the latest range’s pages when an earlier, farther request ends after it', async () => {
    const pending = new Map<number, () => void>();
    const pager = new RowPager(
      (offset, limit) =>
        new Promise<number[]>((resolve) =>
          pending.set(offset, () => resolve(Array.from({ length: limit }, (_, i) => offset + i))),
        ),
      10,
      1,
    );
    const early = pager.load(0, 5);
    const latest = pager.load(50, 55);
    pending.get(50)?.();
    expect(await latest).toBe(true);
    pending.get(0)?.();
    await early;
    expect(pager.cachedPages).toEqual([5]);
    expect(pager.row(52)).toBe(52);
  });
});

describe('shownDealColumns(columns, withData)', () => {
  const defaults = defaultDealTableState().columns;
  const filled = new Set(defaults.filter((column) => column !== 'name'));

  it('leaves out a default column that no deal fills', () => {
    expect(shownDealColumns(defaults, filled)).toEqual([
      'id',
      'account',
      'owner',
      'stage',
      'status',
      'amount',
      'close_date',
    ]);
    expect(shownDealColumns(defaults, new Set(defaults))).toEqual(defaults);
  });

  it('shows columns the user chose, filled or not', () => {
    const chosen = ['id', 'name', 'region'] as const;
    expect(shownDealColumns(chosen, filled)).toEqual(['id', 'name', 'region']);
  });
});
