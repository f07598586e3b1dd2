import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import { openNodeDatabase } from '../../src/lib/db/node-database.ts';
import { assignRoles } from '../../src/lib/import/assign-roles.ts';
import { guessRole } from '../../src/lib/import/guess-role.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import { prepareFile } from '../../src/lib/import/prepare-file.ts';

// The real public exports in ../shared/samples: present on CI and developers' machines, absent
// in a clone elsewhere, where these tests say they were skipped.
const SAMPLES = new URL('../../../shared/samples/', import.meta.url);
const present = existsSync(SAMPLES);
if (!present)
  console.warn(`samples.test.ts: ${SAMPLES.pathname} not found; real-export tests skipped`);

const sample = (path: string) => ({
  fileName: basename(path),
  bytes: new Uint8Array(readFileSync(new URL(path, SAMPLES))),
});

let db: Database;
beforeEach(async () => {
  db = await openNodeDatabase();
});
afterEach(() => db.close());

const statusCounts = () =>
  db.query(
    'SELECT status, count(*)::INTEGER AS n FROM opportunities GROUP BY status ORDER BY status',
  );

describe.skipIf(!present)('importDataset(db, sources) on real exports', () => {
  it('Maven: 8,800 deals, Won/Lost stages as outcomes, engage_date as wide history, accounts joined', async () => {
    const report = await importDataset(db, {
      opportunities: sample('maven-crm-sales-opportunities/sales_pipeline.csv'),
      accounts: sample('maven-crm-sales-opportunities/accounts.csv'),
    });
    expect(report.opportunities).toMatchObject({ rows: 8800, rejected: 0 });
    expect(report.accounts).toMatchObject({ rows: 85, rejected: 0 });
    // deal_stage counts (cut -f5 | sort | uniq -c): Engaging 1589, Prospecting 500, Won 4238, Lost 2473.
    expect(await statusCounts()).toEqual([
      { status: 'lost', n: 2473 },
      { status: 'open', n: 2089 },
      { status: 'won', n: 4238 },
    ]);
    // 8,300 rows have an engage_date.
    expect(report.stageDates).toEqual([{ stage: 'Engaging', column: 'engage_date' }]);
    expect(report.historyRows).toBe(8300);
    const [acme] = await db.query(
      `SELECT industry, annual_revenue FROM opportunities WHERE account = 'Acme Corporation' LIMIT 1`,
    );
    expect(acme).toEqual({ industry: 'technolgy', annual_revenue: 1100.04 });
  });

  it('Salesforce Data Loader: 31 deals with IsWon/IsClosed, 62 history rows', async () => {
    const report = await importDataset(db, {
      opportunities: sample('salesforce-dataloader-demo/opportunity.csv'),
      history: sample('salesforce-dataloader-demo/OpportunityHistory.csv'),
    });
    expect(report.opportunities).toMatchObject({ rows: 31, rejected: 0 });
    expect(report.history).toMatchObject({ rows: 62, rejected: 0 });
    expect(report.problemCount).toBe(0);
    // 18 Closed Won; the other 13 are open stages.
    expect(await statusCounts()).toEqual([
      { status: 'open', n: 13 },
      { status: 'won', n: 18 },
    ]);
  });

  it('Salesforce via Excel: US M/D/YY dates and 12-hour times read correctly', async () => {
    const report = await importDataset(db, {
      opportunities: sample('salesforce-powerbi-demo/Opportunity.csv'),
      history: sample('salesforce-powerbi-demo/OpportunityHistory.csv'),
    });
    expect(report.opportunities).toMatchObject({ rows: 36, rejected: 0 });
    expect(report.problemCount).toBe(0);
    // First row: CloseDate 02/03/24, CreatedDate 02/23/26.
    const [first] = await db.query(
      'SELECT close_date, created_at FROM opportunities ORDER BY _row LIMIT 1',
    );
    expect(first).toEqual({ close_date: '2024-02-03', created_at: '2026-02-23' });
  });

  it('Zoho: "$22,700.00" amounts and "15 Apr, 2021" dates; ids generated', async () => {
    const report = await importDataset(db, {
      opportunities: sample('zoho-crm-analytics-sample/Potentials.csv'),
    });
    expect(report.opportunities).toMatchObject({ rows: 3632, rejected: 0 });
    expect(report.problemCounts).toEqual({ generated_ids: 1 });
    // Closed Won 1425, Closed Lost 485, the rest open; amounts sum to 231,380,900 and the first
    // Created Time is 04 Aug, 2018 (both by Python's csv and strptime).
    expect(await statusCounts()).toEqual([
      { status: 'lost', n: 485 },
      { status: 'open', n: 1722 },
      { status: 'won', n: 1425 },
    ]);
    const [sum] = await db.query(
      'SELECT sum(amount) AS total, min(created_at) AS first FROM opportunities',
    );
    expect(sum).toEqual({ total: 231_380_900, first: '2018-08-04' });
  });
});

/** The roles the file setup gives a sample folder's files dropped all at once, by file name. */
async function folderRoles(folder: string): Promise<Record<string, string>> {
  const names = readdirSync(new URL(`${folder}/`, SAMPLES))
    .filter((name) => name.endsWith('.csv'))
    .sort();
  const guesses = await Promise.all(
    names.map(async (name) => {
      const { fileName, bytes } = sample(`${folder}/${name}`);
      const prepared = await prepareFile(fileName, bytes, { preview: true });
      return { guess: guessRole(prepared.headers), chosen: null };
    }),
  );
  const assigned = assignRoles(guesses);
  return Object.fromEntries(names.map((name, i) => [name, assigned[i]!.role]));
}

describe.skipIf(!present)('a whole sample folder dropped at once', () => {
  it.each([
    [
      'maven-crm-sales-opportunities',
      {
        'accounts.csv': 'accounts',
        'data_dictionary.csv': 'unused',
        'products.csv': 'unused',
        'sales_pipeline.csv': 'opportunities',
        'sales_teams.csv': 'owners',
      },
    ],
    [
      'salesforce-powerbi-demo',
      {
        'Account.csv': 'accounts',
        'Lead.csv': 'unused',
        'Opportunity.csv': 'opportunities',
        'OpportunityHistory.csv': 'history',
        'OpportunityHistoryGroup.csv': 'unused',
      },
    ],
    [
      'salesforce-dataloader-demo',
      {
        'OpportunityHistory.csv': 'history',
        'User.csv': 'owners',
        'account.csv': 'accounts',
        'opportunity.csv': 'opportunities',
      },
    ],
    [
      'zoho-crm-analytics-sample',
      {
        'Campaigns.csv': 'unused',
        'Leads.csv': 'unused',
        'Potentials.csv': 'opportunities',
        'Users.csv': 'owners',
      },
    ],
  ])('%s: one file of each kind it holds, the rest left out', async (folder, roles) => {
    expect(await folderRoles(folder)).toEqual(roles);
  });
});
