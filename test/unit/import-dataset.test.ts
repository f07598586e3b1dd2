import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import {
  ACCOUNT_FIELD_NAMES,
  OPPORTUNITY_FIELD_NAMES,
  OWNER_FIELD_NAMES,
} from '../../src/lib/model/schema.ts';
import { utf8 } from '../helpers/db.ts';
import { ENGINES } from '../helpers/engines.ts';

describe.each(ENGINES)('importDataset on %s', (_engine, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db.close());

  const file = (fileName: string, text: string) => ({ fileName, bytes: utf8(text) });

  // Header is row 1, so P1 is row 2 … P7 is row 8.
  const CHINESE_EXPORT = `商机编号,商机名称,客户名称,销售阶段,状态,预计金额(万元),预计成交日期,负责人,赢单率
P1,华东项目,甲公司,有效商机,,12.5,2024-03-05,王伟,30%
P2,华北项目,乙公司,赢单,赢单,100,2024-04-01,李娜,100%
P3,华南项目,丙公司,可行商机,输单,8,2024/5/6,王伟,50%
P1,重复,甲公司,潜在商机,,1,2024-01-01,王伟,10%
P5,坏日期,丁公司,目标商机,,-3,下周,李娜,70%
P6,无阶段,戊公司,,,5,2024-06-01,李娜,
P7,冲突,己公司,赢单,输单,20,2024-07-01,王伟,100%
`;

  describe('importDataset(db, {opportunities}) on a Chinese export', () => {
    it('loads five rows and rejects the duplicate id and the row with neither stage nor status', async () => {
      const report = await importDataset(db, { opportunities: file('商机.csv', CHINESE_EXPORT) });
      expect(report.opportunities.rows).toBe(5);
      expect(report.opportunities.rejected).toBe(2);
      expect(report.opportunities.mapping.amount?.column).toBe('预计金额(万元)');
      const rows = await db.query(
        `SELECT id, stage, status, amount, close_date, probability, owner FROM opportunities ORDER BY _row`,
      );
      expect(rows).toEqual([
        // 12.5 万元 = 125,000; 30% = 0.3.
        {
          id: 'P1',
          stage: '有效商机',
          status: 'open',
          amount: 125_000,
          close_date: '2024-03-05',
          probability: 0.3,
          owner: '王伟',
        },
        {
          id: 'P2',
          stage: '赢单',
          status: 'won',
          amount: 1_000_000,
          close_date: '2024-04-01',
          probability: 1,
          owner: '李娜',
        },
        {
          id: 'P3',
          stage: '可行商机',
          status: 'lost',
          amount: 80_000,
          close_date: '2024-05-06',
          probability: 0.5,
          owner: '王伟',
        },
        // -3 is reported and left blank; 下周 ("next week") is no date.
        {
          id: 'P5',
          stage: '目标商机',
          status: 'open',
          amount: null,
          close_date: null,
          probability: 0.7,
          owner: '李娜',
        },
        // The terminal stage 赢单 wins over the status column's 输单.
        {
          id: 'P7',
          stage: '赢单',
          status: 'won',
          amount: 200_000,
          close_date: '2024-07-01',
          probability: 1,
          owner: '王伟',
        },
      ]);
    });

    it('reports every problem with its file, row, column and value', async () => {
      const report = await importDataset(db, { opportunities: file('商机.csv', CHINESE_EXPORT) });
      const problems = report.problems.map(({ row, column, value, code, rejected }) => [
        row,
        column,
        value,
        code,
        rejected,
      ]);
      expect(problems).toEqual([
        [5, '商机编号', 'P1', 'duplicate_id', true],
        [6, '预计成交日期', '下周', 'unparseable_date', false],
        [6, '预计金额(万元)', '-3', 'negative_amount', false],
        [7, null, null, 'missing_stage_and_status', true],
        [8, '状态', '输单', 'status_conflict', false],
      ]);
      expect(report.problems.every((p) => p.file === '商机.csv')).toBe(true);
      expect(report.problemCount).toBe(5);
    });

    it('keeps the rejected rows with their original cells', async () => {
      await importDataset(db, { opportunities: file('商机.csv', CHINESE_EXPORT) });
      const rejected = await db.query(
        `SELECT _row, code, c1, c2, c4, c6 FROM rejected_opportunities ORDER BY _row`,
      );
      expect(rejected).toEqual([
        { _row: 5, code: 'duplicate_id', c1: 'P1', c2: '重复', c4: '潜在商机', c6: '1' },
        { _row: 7, code: 'missing_stage_and_status', c1: 'P6', c2: '无阶段', c4: null, c6: '5' },
      ]);
    });
  });

  describe('importDataset(db, {opportunities, history, accounts})', () => {
    const HISTORY = `商机ID,阶段,进入时间
P1,潜在商机,2024-01-02
P1,有效商机,2024-02-01 09:30
P2,有效商机,2024-01-15
P9,潜在商机,2024-01-01
P3,可行商机,not a date
`;
    const ACCOUNTS = `客户名称,行业,年营业额
甲公司,制造,5亿
乙公司,金融,1.2亿
甲公司,能源,1亿
`;

    it('loads long history, rejecting unknown ids and undated rows', async () => {
      const report = await importDataset(db, {
        opportunities: file('商机.csv', CHINESE_EXPORT),
        history: file('阶段历史.csv', HISTORY),
      });
      expect(report.history?.rows).toBe(3);
      expect(report.history?.rejected).toBe(2);
      expect(
        await db.query(`SELECT opportunity_id, stage, entered_at FROM stage_history ORDER BY _row`),
      ).toEqual([
        { opportunity_id: 'P1', stage: '潜在商机', entered_at: '2024-01-02' },
        { opportunity_id: 'P1', stage: '有效商机', entered_at: '2024-02-01' },
        { opportunity_id: 'P2', stage: '有效商机', entered_at: '2024-01-15' },
      ]);
      const historyProblems = report.problems
        .filter((p) => p.file === '阶段历史.csv' && p.rejected)
        .map((p) => [p.row, p.code, p.value]);
      expect(historyProblems).toEqual([
        [5, 'unknown_opportunity', 'P9'],
        [6, 'missing_history_date', null],
      ]);
    });

    it('fills blank industry and revenue from the accounts file, first row per account', async () => {
      const report = await importDataset(db, {
        opportunities: file('商机.csv', CHINESE_EXPORT),
        accounts: file('客户.csv', ACCOUNTS),
      });
      expect(report.accounts?.rows).toBe(2);
      expect(report.accounts?.rejected).toBe(1);
      // Of the five loaded deals, P1 (甲公司) and P2 (乙公司) have their account in the file.
      expect(report.accountMatches).toEqual({ matched: 2, total: 5 });
      expect(
        await db.query(
          `SELECT id, industry, annual_revenue FROM opportunities WHERE id IN ('P1', 'P2') ORDER BY id`,
        ),
      ).toEqual([
        { id: 'P1', industry: '制造', annual_revenue: 500_000_000 },
        { id: 'P2', industry: '金融', annual_revenue: 120_000_000 },
      ]);
    });

    it('joins by the account id where the opportunities name accounts by id, and says so', async () => {
      // Salesforce: the opportunity's AccountId against the account's Id; names would not match.
      const opportunities = `Id,Name,AccountId,StageName,Amount,CreatedDate
O1,First,001A,Prospecting,100,2024-01-02
O2,Second,001B,Closed Won,200,2024-01-03
O3,Third,001Z,Closed Lost,300,2024-01-04
O4,Fourth,,Prospecting,400,2024-01-05
`;
      const accounts = `Id,Name,Industry,AnnualRevenue
001A,Acme,Energy,5000000
001B,Globex,Banking,700000
001B,Globex again,Retail,1
`;
      const report = await importDataset(db, {
        opportunities: file('opportunity.csv', opportunities),
        accounts: file('account.csv', accounts),
      });
      expect(report.accounts?.mapping.account_id?.column).toBe('Id');
      expect(report.accounts?.mapping.account?.column).toBe('Name');
      // The second 001B repeats an id: rejected, the first row kept.
      expect(report.accounts).toMatchObject({ rows: 2, rejected: 1 });
      // O1 and O2 match by id; O3's 001Z is not in the file; O4 names no account.
      expect(report.accountMatches).toEqual({ matched: 2, total: 3 });
      // Matched by id, a deal shows its account's name; O3 keeps the id the file does not know.
      expect(
        await db.query(
          `SELECT id, account, industry, annual_revenue FROM opportunities ORDER BY id`,
        ),
      ).toEqual([
        { id: 'O1', account: 'Acme', industry: 'Energy', annual_revenue: 5_000_000 },
        { id: 'O2', account: 'Globex', industry: 'Banking', annual_revenue: 700_000 },
        { id: 'O3', account: '001Z', industry: null, annual_revenue: null },
        { id: 'O4', account: null, industry: null, annual_revenue: null },
      ]);

      // An accounts file keyed by something the opportunities do not hold matches nothing.
      const strangers = await importDataset(db, {
        opportunities: file('opportunity.csv', opportunities),
        accounts: file('account.csv', 'Name,Industry\nInitech,Software\n'),
      });
      expect(strangers.accountMatches).toEqual({ matched: 0, total: 3 });
    });

    it('names owners given by id from the sales team’s file, and fills team and region', async () => {
      // Salesforce: the opportunity's OwnerId against the user's Id, the name in two parts.
      const opportunities = `Id,Name,OwnerId,StageName,Amount,CreatedDate,Region
O1,First,005A,Prospecting,100,2024-01-02,
O2,Second,005B,Closed Won,200,2024-01-03,
O3,Third,005A,Closed Lost,300,2024-01-04,EMEA
O4,Fourth,005Z,Prospecting,400,2024-01-05,
O5,Fifth,,Prospecting,500,2024-01-06,
`;
      const users = `Id,FirstName,LastName,Department,Region
005A,Matthew,Skinner,Enterprise,Americas
005B,芳,王,华东大客户部,华东
005B,Fang,Wang,Duplicate,Elsewhere
005C,,Solo,,
`;
      const report = await importDataset(db, {
        opportunities: file('opportunity.csv', opportunities),
        owners: file('User.csv', users),
      });
      expect(report.owners?.mapping).toMatchObject({
        owner_id: { column: 'Id' },
        first_name: { column: 'FirstName' },
        last_name: { column: 'LastName' },
        team: { column: 'Department' },
        region: { column: 'Region' },
      });
      // The second 005B repeats an id: rejected, the first row kept.
      expect(report.owners).toMatchObject({ rows: 3, rejected: 1 });
      expect(report.problems.filter((p) => p.file === 'User.csv')).toEqual([
        {
          file: 'User.csv',
          row: 4,
          column: 'Id',
          value: '005B',
          code: 'duplicate_owner',
          rejected: true,
        },
      ]);
      // O1, O2 and O3 match by id; O4's 005Z is not in the file; O5 names no owner.
      expect(report.ownerMatches).toEqual({ matched: 3, total: 4 });
      // A Chinese name is family name first, unspaced (王芳); O3 keeps the region it has.
      expect(
        await db.query(`SELECT id, owner, team, region FROM opportunities ORDER BY id`),
      ).toEqual([
        { id: 'O1', owner: 'Matthew Skinner', team: 'Enterprise', region: 'Americas' },
        { id: 'O2', owner: '王芳', team: '华东大客户部', region: '华东' },
        { id: 'O3', owner: 'Matthew Skinner', team: 'Enterprise', region: 'EMEA' },
        { id: 'O4', owner: '005Z', team: null, region: null },
        { id: 'O5', owner: null, team: null, region: null },
      ]);
      expect(await db.query(`SELECT owner FROM owners ORDER BY _row`)).toEqual([
        { owner: 'Matthew Skinner' },
        { owner: '王芳' },
        { owner: 'Solo' },
      ]);
    });

    it('joins a sales team by name, its regions before the accounts’', async () => {
      // Maven: the pipeline's sales_agent against the team file's; its regional office is the
      // region a deal is sold in, where the account's office location is the customer's.
      const pipeline = `opportunity_id,sales_agent,account,deal_stage,close_value
A,Anna Snelling,Acme,Won,100
B,Moses Frase,Acme,Lost,0
C,Nobody Known,Acme,Engaging,
`;
      const teams = `sales_agent,manager,regional_office
Anna Snelling,Dustin Brinkmann,Central
Moses Frase,Cara Losch,East
`;
      const report = await importDataset(db, {
        opportunities: file('sales_pipeline.csv', pipeline),
        owners: file('sales_teams.csv', teams),
        accounts: file('accounts.csv', 'account,sector,office_location\nAcme,retail,Kenya\n'),
      });
      expect(report.ownerMatches).toEqual({ matched: 2, total: 3 });
      expect(report.accountMatches).toEqual({ matched: 3, total: 3 });
      expect(
        await db.query(`SELECT id, owner, team, region, industry FROM opportunities ORDER BY id`),
      ).toEqual([
        {
          id: 'A',
          owner: 'Anna Snelling',
          team: 'Dustin Brinkmann',
          region: 'Central',
          industry: 'retail',
        },
        { id: 'B', owner: 'Moses Frase', team: 'Cara Losch', region: 'East', industry: 'retail' },
        { id: 'C', owner: 'Nobody Known', team: null, region: 'Kenya', industry: 'retail' },
      ]);

      // A team file keyed by ids the pipeline does not hold matches nothing, and changes nothing.
      const strangers = await importDataset(db, {
        opportunities: file('sales_pipeline.csv', pipeline),
        owners: file('users.csv', 'USER_ID,First Name,Last Name\n1001,,Rozario Diego\n'),
      });
      expect(strangers.ownerMatches).toEqual({ matched: 0, total: 3 });
      expect(await db.query(`SELECT owner FROM opportunities ORDER BY id`)).toEqual([
        { owner: 'Anna Snelling' },
        { owner: 'Moses Frase' },
        { owner: 'Nobody Known' },
      ]);
    });

    it('leaves the canonical columns only, in order, and no working tables', async () => {
      await importDataset(db, {
        opportunities: file('商机.csv', CHINESE_EXPORT),
        history: file('阶段历史.csv', HISTORY),
        accounts: file('客户.csv', ACCOUNTS),
        owners: file('销售团队.csv', '负责人,团队\n王伟,华东一组\n'),
      });
      const columns = async (table: string) =>
        (
          await db.query<{ name: string }>(
            `SELECT column_name AS name FROM information_schema.columns
             WHERE table_name = ? ORDER BY ordinal_position`,
            [table],
          )
        ).map((c) => c.name);
      expect(await columns('opportunities')).toEqual([...OPPORTUNITY_FIELD_NAMES, '_row']);
      expect(await columns('accounts')).toEqual(['_row', ...ACCOUNT_FIELD_NAMES]);
      expect(await columns('owners')).toEqual(['_row', ...OWNER_FIELD_NAMES]);
      expect(await columns('stage_history')).toEqual([
        'opportunity_id',
        'stage',
        'entered_at',
        'entered_ts',
        'amount',
        'close_date',
        '_row',
        '_source',
      ]);
      const tables = await db.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables
         WHERE table_name LIKE '%typed%' OR table_name LIKE '%parsed%' OR table_name = 'import_status_words'`,
      );
      expect(tables).toEqual([]);
    });

    it('turns stage-date columns into history entries (wide history)', async () => {
      const wide = `opportunity_id,deal_stage,engage_date,close_value
A,Engaging,2017-01-05,
B,Won,2017-01-07,100
C,Prospecting,,
`;
      const report = await importDataset(
        db,
        { opportunities: file('pipeline.csv', wide) },
        { stageDates: { Engaging: 'engage_date' } },
      );
      expect(report.stageDates).toEqual([{ stage: 'Engaging', column: 'engage_date' }]);
      expect(
        await db.query(
          `SELECT opportunity_id, stage, entered_at FROM stage_history ORDER BY opportunity_id`,
        ),
      ).toEqual([
        { opportunity_id: 'A', stage: 'Engaging', entered_at: '2017-01-05' },
        { opportunity_id: 'B', stage: 'Engaging', entered_at: '2017-01-07' },
      ]);
    });
  });

  describe('importDataset(db, sources) on damaged files', () => {
    it('rejects a row with too many columns and keeps the row numbers of the rest', async () => {
      const report = await importDataset(db, {
        opportunities: file(
          'deals.csv',
          'id,stage,amount\na,Prospecting,10\nb,Prospecting,20,extra\nc,Closed Won,30\n',
        ),
      });
      expect(report.opportunities.rows).toBe(2);
      expect(report.opportunities.rejected).toBe(1);
      expect(report.problems.map((p) => [p.row, p.code, p.value])).toEqual([
        [3, 'malformed_row', 'b,Prospecting,20,extra'],
      ]);
      expect(await db.query('SELECT _row, code, _text, c1 FROM rejected_opportunities')).toEqual([
        { _row: 3, code: 'malformed_row', _text: 'b,Prospecting,20,extra', c1: null },
      ]);
      expect(await db.query('SELECT id, _row, status FROM opportunities ORDER BY _row')).toEqual([
        { id: 'a', _row: 2, status: 'open' },
        { id: 'c', _row: 4, status: 'won' },
      ]);
    });

    it('generates ids in file order when there is no id column, and says so', async () => {
      const report = await importDataset(db, {
        opportunities: file('deals.csv', 'stage,amount\nWon,5\nLost,6\n'),
      });
      expect(await db.query('SELECT id, status FROM opportunities ORDER BY _row')).toEqual([
        { id: 'row-2', status: 'won' },
        { id: 'row-3', status: 'lost' },
      ]);
      expect(report.problemCounts.generated_ids).toBe(1);
    });

    it('refuses a file with neither a stage nor a status column, naming the file', async () => {
      await expect(
        importDataset(db, { opportunities: file('names.csv', 'name,amount\nx,1\n') }),
      ).rejects.toThrow('names.csv: neither a stage nor a status column');
    });

    it('refuses an accounts or a sales team’s file it cannot join by, naming the file', async () => {
      const deals = file('deals.csv', 'id,stage,owner,account\na,Won,Ann,Acme\n');
      await expect(
        importDataset(db, { opportunities: deals, owners: file('team.csv', 'Department\nEast\n') }),
      ).rejects.toThrow('team.csv: no owner name or id column to join by');
      await expect(
        importDataset(db, {
          opportunities: deals,
          accounts: file('firms.csv', 'Industry\nRetail\n'),
        }),
      ).rejects.toThrow('firms.csv: no account name or id column to join by');
    });

    it('leaves the previous data in place when a new import fails', async () => {
      await importDataset(db, { opportunities: file('good.csv', 'id,stage\na,Won\nb,Lost\n') });
      await expect(
        importDataset(db, { opportunities: file('bad.csv', 'name\nx\n') }),
      ).rejects.toThrow();
      expect(await db.query('SELECT id FROM opportunities ORDER BY id')).toEqual([
        { id: 'a' },
        { id: 'b' },
      ]);
    });

    it('reports mixed currencies instead of summing them silently', async () => {
      const report = await importDataset(db, {
        opportunities: file(
          'deals.csv',
          'id,stage,amount,currency\na,Won,5,CNY\nb,Won,6,USD\nc,Lost,7,CNY\n',
        ),
      });
      expect(report.problems.map((p) => [p.code, p.value])).toEqual([
        ['mixed_currencies', 'CNY 2; USD 1'],
      ]);
    });
  });

  describe('importDataset(db, sources) on other encodings', () => {
    const fixture = (name: string) =>
      new Uint8Array(readFileSync(new URL(`../fixtures/encodings/${name}`, import.meta.url)));

    it.each([
      ['gbk.csv', 'gb18030', '华东区域ERP升级项目', '张伟'],
      ['big5.csv', 'big5', '華東區域ERP升級項目', '張偉'],
      ['utf16le-bom.csv', 'utf-16le', '华东区域ERP升级项目', '张伟'],
    ])('reads %s as %s, Chinese headers and all', async (name, encoding, firstName, firstOwner) => {
      const report = await importDataset(db, {
        opportunities: { fileName: name, bytes: fixture(name) },
      });
      expect(report.opportunities.encoding).toBe(encoding);
      expect(report.opportunities.rows).toBe(8);
      const [first] = await db.query(
        'SELECT name, owner, amount FROM opportunities ORDER BY _row LIMIT 1',
      );
      expect(first).toEqual({ name: firstName, owner: firstOwner, amount: 1_250_000 });
      // Terminal stages: 赢单 and 合同签订 (contract signed) are won, 输单 is lost; five stay open.
      expect(
        await db.query(
          'SELECT status, count(*)::INTEGER AS n FROM opportunities GROUP BY status ORDER BY status',
        ),
      ).toEqual([
        { status: 'lost', n: 1 },
        { status: 'open', n: 5 },
        { status: 'won', n: 2 },
      ]);
    });
  });
});
