import { expect, test } from '@playwright/test';
import { loadCsv, loadMoreCsv, openDataTab } from '../helpers/load-csv.ts';

// An export with owners and sources but no region, no stage history and no accounts: the menus
// offer only what it fills, and the cards that need what it lacks say so instead of drawing
// empty charts.
const DEALS = [
  'id,name,owner,source,stage,amount,created_at',
  'S1,Alpha,Ann,Web,Qualification,100,2024-01-10',
  'S2,Beta,Bo,Event,Proposal,200,2024-02-01',
  'S3,Gamma,Ann,Web,Closed Won,300,2024-03-05',
  'S4,Delta,Bo,Web,Closed Lost,50,2024-04-02',
].join('\n');

test('a sparse export: menus offer what it fills, and missing parts are said, not drawn empty', async ({
  page,
}) => {
  await loadCsv(page, { 'sparse.csv': DEALS });
  await expect(page.locator('tr[data-file="sparse.csv"]').getByTestId('loaded-count')).toHaveText(
    '4',
  );

  // The funnel's breakdown opens on the owners (the default, region, is blank here), and the
  // days in stage say they need the history.
  await page.locator('[data-view=funnel]').click();
  // The filter menu (on every view but the Data tab) lists owner and source, not the region the export lacks.
  const fields = page.getByTestId('filter-field').locator('option');
  await expect(fields.filter({ hasText: 'Owner' })).toHaveCount(1);
  await expect(fields.filter({ hasText: 'Lead source' })).toHaveCount(1);
  await expect(fields.filter({ hasText: 'Region' })).toHaveCount(0);

  await expect(page.getByTestId('days-empty')).toContainText('stage history');
  const table = page.getByTestId('funnel-table');
  await expect(table.locator('th', { hasText: 'Pass rate' })).toHaveCount(1);
  await expect(table.locator('th', { hasText: 'Days' })).toHaveCount(0);
  const breakdown = page.getByTestId('breakdown');
  await expect(breakdown).toHaveValue('owner');
  await expect(breakdown.locator('option', { hasText: 'Region' })).toHaveCount(0);
  await expect(page.getByText('Conversion by Owner, best first', { exact: true })).toBeVisible();

  // Choosing another breakdown writes it into the link, as any setting.
  await breakdown.selectOption('source');
  await expect(
    page.getByText('Conversion by Lead source, best first', { exact: true }),
  ).toBeVisible();
  await expect(page).toHaveURL(/bd=source/);

  // No open deal has a close date: the Forecast has nothing to simulate, and says so.
  await page.locator('[data-view=forecast]').click();
  await expect(page.getByTestId('forecast-nothing')).toContainText('nothing to simulate');
  await expect(page.getByTestId('forecast-simulation')).toHaveCount(0);

  // No deal has a customer class: the Grades say where classes come from.
  await page.locator('[data-view=grades]').click();
  await expect(page.getByTestId('classes-empty')).toContainText('accounts file');
  await expect(page.getByTestId('class-table')).toHaveCount(0);
});

test('a region most deals leave blank: the breakdown opens on the owners, and the region chosen stays in the link', async ({
  page,
}) => {
  await loadCsv(page, {
    'few-regions.csv': [
      'id,owner,region,stage,amount',
      '1,Ann,East,Qualification,10',
      '2,Ann,,Closed Won,20',
      '3,Bo,,Closed Lost,30',
      '4,Bo,West,Closed Won,40',
      '5,Cy,,Proposal,50',
    ].join('\n'),
  });
  await page.locator('[data-view=funnel]').click();
  const breakdown = page.getByTestId('breakdown');
  // Two of five deals name a region; all five an owner.
  await expect(breakdown).toHaveValue('owner');
  await expect(page).not.toHaveURL(/bd=/);
  await breakdown.selectOption('region');
  await expect(page.getByText('Conversion by Region, best first', { exact: true })).toBeVisible();
  await expect(page).toHaveURL(/bd=region/);
});

test('an accounts file says how many deals found their account, and warns when none did', async ({
  page,
}) => {
  const files = (accounts: string) => ({
    'opportunity.csv': SALESFORCE_DEALS,
    'account.csv': accounts,
  });
  // Salesforce names the account by its id in the opportunities: the join follows it.
  const byId =
    'Id,Name,Industry,AnnualRevenue\n001A,Acme,Energy,5000000\n001B,Globex,Banking,700000\n';
  await loadCsv(page, files(byId));
  await expect(page.getByTestId('account-matches')).toHaveText(
    '2 of the 3 opportunities that name an account found it in the accounts file.',
  );
  // Names where the opportunities hold ids: nothing joins, and the page says so.
  await loadMoreCsv(page, files('Name,Industry\nAcme,Energy\n'));
  await expect(page.getByTestId('account-matches')).toContainText(
    'No opportunity’s account is in the accounts file (account.csv)',
  );
  await expect(page.getByTestId('account-matches')).toHaveClass(/warn/);
});

test('a sales team’s file names the owners a Salesforce export gives by id; of two files of one kind the one set by hand or fitting best is read, never both', async ({
  page,
}) => {
  const csv = (name: string, text: string) => ({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(text),
  });
  await openDataTab(page);
  await page
    .getByTestId('file-input')
    .setInputFiles([
      csv('opportunity.csv', OWNED_DEALS),
      csv('User.csv', USERS),
      csv('opportunity-2.csv', 'Id,StageName,Amount\nX1,Prospecting,5\n'),
    ]);
  const setups = page.getByTestId('file-setup');
  await expect(setups).toHaveCount(3);
  // The users list is taken for what it is, though its ChatterAdoptionStage mentions a stage.
  await expect(setups.nth(1).getByTestId('file-role')).toHaveValue('owners');
  // Two opportunities files: the import reads one, the one whose columns say more about deals.
  await expect(setups.nth(2).getByTestId('file-role')).toHaveValue('unused');
  await expect(setups.nth(2).getByTestId('unused-note')).toHaveText(
    'Left out of the import: opportunity.csv is read as the Opportunities file (its columns fit it as well or better), and an import reads one file of each kind. To read this one instead, choose what it contains.',
  );
  await expect(page.getByTestId('role-clash')).toHaveCount(0);
  // Chosen by hand, the other takes the role, and the first is left out.
  await setups.nth(2).getByTestId('file-role').selectOption('opportunities');
  await expect(setups.nth(0).getByTestId('file-role')).toHaveValue('unused');
  await expect(setups.nth(0).getByTestId('unused-note')).toHaveText(
    'Left out of the import: opportunity-2.csv is set as the Opportunities file, and an import reads one file of each kind. To read this one instead, choose what it contains.',
  );
  // Both set by hand: the import would read one, so it waits until the user says which.
  await setups.nth(0).getByTestId('file-role').selectOption('opportunities');
  await expect(page.getByTestId('role-clash')).toHaveText(
    'opportunity.csv and opportunity-2.csv are set as Opportunities, and an import reads one file of each kind: set what the others contain, or remove them.',
  );
  await expect(page.getByTestId('load')).toBeDisabled();
  // Left out by hand: the clash goes, and the report names the file it did not read.
  await setups.nth(2).getByTestId('file-role').selectOption('unused');
  await expect(setups.nth(2).getByTestId('unused-note')).toHaveText('Left out of the import.');
  await expect(page.getByTestId('role-clash')).toHaveCount(0);
  await page.getByTestId('load').click();
  await expect(page.getByTestId('left-out')).toHaveText(
    'Left out of this import, as set in its file setup: opportunity-2.csv.',
  );

  await expect(page.locator('tr[data-file="User.csv"]').getByTestId('loaded-count')).toHaveText(
    '2',
  );
  // O1 and O2 by OwnerId; 005Z is not in the file.
  await expect(page.getByTestId('owner-matches')).toHaveText(
    '2 of the 3 opportunities that name an owner found them in the sales team’s file.',
  );
  await page.locator('[data-view=deals]').click();
  const table = page.getByRole('region', { name: /^Deals:/ });
  await page.getByTestId('deals-search').fill('Lovelace');
  await expect(page.getByTestId('deals-count')).toContainText('2 deals match');
  await expect(table.locator('tbody tr[data-row]').first()).toContainText('Ada Lovelace');
});

const OWNED_DEALS = [
  'Id,OwnerId,StageName,Amount,CreatedDate',
  'O1,005A,Prospecting,100,2024-01-02',
  'O2,005A,Closed Won,200,2024-01-03',
  'O3,005Z,Closed Lost,300,2024-01-04',
].join('\n');
const USERS = [
  'Id,FirstName,LastName,Department,ChatterAdoptionStage',
  '005A,Ada,Lovelace,Analytics,Active',
  '005B,Grace,Hopper,Systems,Active',
].join('\n');

const SALESFORCE_DEALS = [
  'Id,AccountId,StageName,Amount,CreatedDate',
  'O1,001A,Prospecting,100,2024-01-02',
  'O2,001B,Closed Won,200,2024-01-03',
  'O3,001Z,Closed Lost,300,2024-01-04',
].join('\n');

// The open deals due this quarter have no amount (two closed deals before it have one).
const UNPRICED = [
  'id,stage,status,amount,close_date,created_at,region',
  'W1,Closed Won,won,1000,2023-11-20,2023-10-01,East',
  'L1,Closed Lost,lost,400,2023-12-10,2023-10-05,West',
  'O1,Proposal,open,,2024-03-20,2024-01-05,East',
  'O2,Qualification,open,,2024-02-28,2024-01-10,West',
].join('\n');
const UNPRICED_HISTORY = [
  'Opportunity ID,Stage,Entered At',
  'W1,Qualification,2023-10-01',
  'W1,Proposal,2023-10-20',
  'W1,Closed Won,2023-11-20',
  'L1,Qualification,2023-10-05',
  'L1,Closed Lost,2023-12-10',
  'O1,Qualification,2024-01-05',
  'O1,Proposal,2024-02-01',
  'O2,Qualification,2024-01-10',
].join('\n');

test('open deals without amounts: the Overview, the forecast by region and the pipeline’s change say so, not a table or chart of nothing', async ({
  page,
}) => {
  await loadCsv(page, { 'unpriced.csv': UNPRICED, 'unpriced-history.csv': UNPRICED_HISTORY });
  // The Overview: the open deals' worth is not known, which is not 0, and has no change to show.
  await page.locator('[data-view=overview]').click();
  await expect(page.getByTestId('overview-answer')).toHaveText(
    '2 open opportunities, none with an amount; 1 of 2 closed deals was won (50.0%).',
  );
  const pipeline = page.locator('.kpi', { has: page.locator('[data-kpi="Open pipeline"]') });
  await expect(pipeline.locator('.value')).toHaveText('–');
  await expect(pipeline.locator('.hint')).toHaveText('2 deals, none with an amount');
  await expect(pipeline.getByTestId('kpi-change')).toHaveCount(0);
  // Both close this quarter: its weighted forecast is not known either, nor its change.
  const weighted = page.locator('.kpi', {
    has: page.locator('[data-kpi="Weighted forecast, 2024-Q1"]'),
  });
  await expect(weighted.locator('.value')).toHaveText('–');
  await expect(weighted.locator('.hint')).toHaveText('2 deals, none with an amount');
  await expect(weighted.getByTestId('kpi-change')).toHaveCount(0);
  await page.locator('[data-view=forecast]').click();
  // The answer, the weighted pipeline's note and the simulation's say why; no chart of zero bars
  // above them, no expected amount of 0.
  await expect(page.getByTestId('forecast-answer')).toContainText(
    '2024-Q1: 2 open deals close in it, none with an amount, so there is nothing to weigh or simulate.',
  );
  await expect(page.locator('[data-kpi="Weighted, 2024-Q1"]')).toHaveText('–');
  await expect(page.getByTestId('forecast-nothing')).toBeVisible();
  await expect(page.locator('[data-kpi="Expected won, 2024-Q1"]')).toHaveCount(0);
  const pipelineNote = page.getByTestId('forecast-pipeline-note');
  await expect(pipelineNote).toContainText('2 deals without an amount are counted but not summed.');
  await expect(pipelineNote).not.toContainText('without a rate');
  await expect(page.locator('section', { has: pipelineNote }).locator('.chart')).toHaveCount(0);
  // The cards below load as they are scrolled to.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect(page.getByTestId('forecast-by-segment-empty')).toHaveText(
    'No open deal due in a period has both an amount and a win rate, so there is nothing to split by Region.',
  );
  await expect(page.getByTestId('forecast-by-segment')).toHaveCount(0);
  // From the quarter's first day to the as-of date: neither open deal existed on January 1, both
  // were created since, neither has an amount.
  const waterfall = page.getByTestId('waterfall');
  await expect(waterfall.getByTestId('waterfall-empty')).toContainText(
    /^On Jan 1, 2024, 0 open deals were due in 2024-Q1; on .+, 2\. None of them has an amount/,
  );
  await expect(waterfall.locator('.chart')).toHaveCount(0);
  // Dates before either deal was created: nothing at all was due, created, won or lost.
  await waterfall.locator('input[type=date]').first().fill('2023-10-01');
  await waterfall.locator('input[type=date]').last().fill('2023-12-31');
  await expect(waterfall.getByTestId('waterfall-empty')).toContainText(
    'No open deal was due in 2024-Q1 on',
  );
});

test('a stage history dated the day it was loaded: the days in stage say so, not a chart of zeros', async ({
  page,
}) => {
  const deals = [
    'id,stage,status,amount,created_at',
    'D1,Closed Won,won,100,2024-01-05',
    'D2,Closed Lost,lost,200,2024-01-06',
    'D3,Proposal,open,300,2024-01-07',
  ].join('\n');
  // Every entry carries the one day the records were loaded: each visit ends the day it began.
  const loaded = (moves: string[]) =>
    ['Opportunity ID,Stage,Entered At', ...moves.map((m) => `${m},2024-03-01`)].join('\n');
  const sameDay = loaded([
    'D1,Qualification',
    'D1,Proposal',
    'D1,Closed Won',
    'D2,Qualification',
    'D2,Closed Lost',
    'D3,Qualification',
    'D3,Proposal',
  ]);
  await loadCsv(page, { 'deals.csv': deals, 'history.csv': sameDay });
  await page.locator('[data-view=funnel]').click();
  const days = page.locator('section.card', { hasText: 'Days in each stage' });
  await expect(days.getByTestId('days-empty')).toContainText(
    '(P90: 0 days), so there is nothing to chart',
  );
  await expect(days.locator('.chart')).toHaveCount(0);

  // One visit of nine days at Qualification: now there is something to chart.
  await loadMoreCsv(page, {
    'deals.csv': deals,
    'history.csv': sameDay.replace('D3,Proposal,2024-03-01', 'D3,Proposal,2024-03-10'),
  });
  await page.locator('[data-view=funnel]').click();
  await expect(days.locator('.chart')).toHaveCount(1);
  await expect(days.getByTestId('days-empty')).toHaveCount(0);

  // Only D3's first entry: no visit has ended, so none can be timed at all.
  await loadMoreCsv(page, { 'deals.csv': deals, 'history.csv': loaded(['D3,Qualification']) });
  await page.locator('[data-view=funnel]').click();
  await expect(days.getByTestId('days-empty')).toContainText(
    'No stage visit among these deals can be timed',
  );
});

test('won deals closed the day they were created: the sales cycle and velocity say why', async ({
  page,
}) => {
  await loadCsv(page, {
    'loaded-once.csv': [
      'id,stage,status,amount,created_at,close_date',
      'W1,Closed Won,won,100,2024-03-01,2024-03-01',
      'L1,Closed Lost,lost,50,2024-03-01,2024-03-01',
      'O1,Proposal,open,300,2024-03-01,2024-04-20',
    ].join('\n'),
  });
  await page.locator('[data-view=overview]').click();
  const cycle = page.locator('.kpi', { has: page.locator('[data-kpi="Sales cycle"]') });
  await expect(cycle.locator('.value')).toHaveText('0 d');
  await expect(cycle.locator('.hint')).toHaveText(
    'half or more of the deals won in the last 90 days closed the day they were created (check the created dates)',
  );
  await page.locator('[data-view=forecast]').click();
  const velocity = page.locator('.kpi', { has: page.locator('[data-kpi="Sales velocity"]') });
  await expect(velocity.locator('.value')).toHaveText('–');
  await expect(velocity.locator('.hint')).toHaveText(
    'every won deal closed the day it was created: no sales cycle to divide by (check the created dates)',
  );
});

test('a sales cycle and velocity without created dates, or without deals won, say which', async ({
  page,
}) => {
  await loadCsv(page, {
    'undated.csv': [
      'id,stage,status,amount,close_date',
      'W1,Closed Won,won,100,2024-03-01',
      'W2,Closed Won,won,80,2024-02-10',
      'O1,Proposal,open,300,2024-04-20',
    ].join('\n'),
  });
  await page.locator('[data-view=overview]').click();
  const cycle = page.locator('.kpi', { has: page.locator('[data-kpi="Sales cycle"]') });
  await expect(cycle.locator('.value')).toHaveText('–');
  await expect(cycle.locator('.hint')).toHaveText(
    'none of the 2 deals won in the last 90 days has a created date on or before its close',
  );
  await page.locator('[data-view=forecast]').click();
  const velocity = page.locator('.kpi', { has: page.locator('[data-kpi="Sales velocity"]') });
  await expect(velocity.locator('.value')).toHaveText('–');
  await expect(velocity.locator('.hint')).toHaveText(
    'no won deal has a created date on or before its close: no sales cycle to divide by (map the created column on the Data tab)',
  );

  // The last 90 days up to 2024-03-01 close one deal, lost; the deal won closed a year before.
  await loadMoreCsv(page, {
    'lost-lately.csv': [
      'id,stage,status,amount,created_at,close_date',
      'W1,Closed Won,won,100,2023-01-10,2023-03-01',
      'L1,Closed Lost,lost,50,2024-01-10,2024-03-01',
    ].join('\n'),
  });
  await page.locator('[data-view=overview]').click();
  await expect(cycle.locator('.value')).toHaveText('–');
  await expect(cycle.locator('.hint')).toHaveText('no deal won in the last 90 days');
  await page.getByTestId('language').click();
  await expect(page.locator('.kpi', { hasText: '销售周期' }).locator('.hint')).toHaveText(
    '近 90 天没有赢单',
  );
});
