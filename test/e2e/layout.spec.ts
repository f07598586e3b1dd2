import { expect, test, type Locator, type Page } from '@playwright/test';
import { loadCsv, loadMoreCsv } from '../helpers/load-csv.ts';

test.use({ locale: 'zh-CN', viewport: { width: 390, height: 800 } });

test('on a phone in Chinese, each view tab keeps its label on one line', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('[data-view=overview]')).toHaveText('概览');
  const tabs = page.locator('nav .tab');
  const heights = await tabs.evaluateAll((all) => all.map((t) => t.getBoundingClientRect().height));
  const single = await page
    .locator('[data-view=overview]')
    .evaluate(
      (t) => parseFloat(getComputedStyle(t).lineHeight) || t.getBoundingClientRect().height,
    );
  expect(heights.length).toBe(7);
  // Padding aside, a tab is one line high: not a column of single characters.
  for (const height of heights) expect(height).toBeLessThan(single * 2);
});

/** How far the page reaches past the screen's right edge, in CSS pixels (0: no sideways scroll). */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test('on a phone, no view reaches past the screen’s edge, nor the Data tab’s file setup', async ({
  page,
}) => {
  await page.goto('/');
  for (const view of ['overview', 'funnel', 'rates', 'grades', 'forecast', 'deals', 'data']) {
    await page.locator(`[data-view=${view}]`).click();
    await expect(page.locator('main')).toHaveAttribute('aria-busy', 'false');
    expect({ view, overflow: await overflow(page) }).toEqual({ view, overflow: 0 });
    // A chart's PNG and CSV buttons sit above it, not over its legend.
    const covered = await page.evaluate(
      () =>
        [...document.querySelectorAll('.chart-box')].filter((box) => {
          const tools = box.querySelector('.chart-tools')!.getBoundingClientRect();
          return tools.bottom > box.querySelector('.chart')!.getBoundingClientRect().top;
        }).length,
    );
    expect({ view, covered }).toEqual({ view, covered: 0 });
  }
  // A long sample value in every column of an export with many fields.
  const long =
    'Apex Health GmbH – API Access – Enterprise renewal with three regional subsidiaries';
  const csv = `Opportunity ID,Opportunity Name,Account Name,Owner,Region,Industry,Lead Source,Stage,Amount,Currency,Created Date,Close Date,Probability
OPP-0000001,${long},${long},Fatima Kim,APAC,Energy,Cold Call,Qualification,74100,USD,2024-07-24,2024-11-26,20
OPP-0000001,${long},${long},Jon Smith,EMEA,Energy,Event,Qualification,5000,EUR,2024-08-01,2024-12-01,20
`;
  await page.getByTestId('file-input').setInputFiles({
    name: 'opportunities-export-2024-q3.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  const setup = page.getByTestId('file-setup');
  await expect(setup.locator('select[data-field=name]')).toHaveValue('Opportunity Name');
  expect(await overflow(page)).toBe(0);
  // Each field still shows the column it reads and its samples.
  await expect(setup.locator('tr', { has: page.locator('select[data-field=name]') })).toContainText(
    'Apex Health GmbH',
  );
  // Loaded, its report (the duplicate id rejected, with its download button) fits as well.
  await page.getByTestId('load').click();
  const row = page.locator('tr[data-file="opportunities-export-2024-q3.csv"]');
  await expect(row.getByTestId('rejected-count')).toHaveText('1');
  expect(await overflow(page)).toBe(0);
});

/** How many lines of text tall each row of a table's body is. */
const linesPerRow = (table: Locator) =>
  table
    .locator('tbody tr')
    .evaluateAll((all) =>
      all.map(
        (tr) =>
          tr.getBoundingClientRect().height /
          parseFloat(getComputedStyle(tr.querySelector('td')!).lineHeight),
      ),
    );

test('on a phone in Chinese, the win-rate table’s notes keep a readable width', async ({
  page,
}) => {
  // Presets from the model, which has none: each row says so, the longest of the notes.
  await page.goto('/#v=1&vw=rates&ps=model');
  const table = page.getByTestId('win-rates-table');
  await expect(table.locator('td.flags').first()).toContainText('无预设');
  // A CJK note may break after any character: squeezed, it stood a character wide, each row
  // six lines tall. The table scrolls sideways in its card instead.
  const rows = await linesPerRow(table);
  expect(rows.length).toBeGreaterThan(3);
  for (const lines of rows) expect(lines).toBeLessThan(3.5);
});

const CHINESE_EXPORT =
  '商机编号,负责人,销售阶段,金额(万元),预计成交日期\nC1,张伟,需求确认,abc,2024-03-01\nC2,李娜,赢单,30,2024/13/45\n';

test('on a phone in Chinese, the import’s problems name their file once and keep column and reason readable', async ({
  page,
}) => {
  await page.goto('/');
  await page.locator('[data-view=data]').click();
  await page.getByTestId('file-input').setInputFiles({
    name: 'crm-export.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(CHINESE_EXPORT),
  });
  await page.getByTestId('load').click();
  const problems = page.getByTestId('problems');
  await expect(problems.locator('tbody tr')).toHaveCount(2);
  // Squeezed, "金额(万元)" stood a character wide and each row was six or more lines tall.
  const rows = await linesPerRow(problems);
  for (const lines of rows) expect(lines).toBeLessThan(3.5);
  await expect(problems.locator('td.label', { hasText: '金额(万元)' })).toHaveCount(1);
  // One file: named above the rows, not in a first column that pushed the reasons off screen.
  await expect(problems.locator('caption')).toHaveText('以下问题均出自 crm-export.csv。');
  await expect(problems.locator('th')).toHaveText(['行', '列', '值', '原因']);
  const reason = await problems.locator('td.reason').first().boundingBox();
  expect(reason!.x).toBeLessThan(390 - 60);
  expect(await overflow(page)).toBe(0);

  // Problems from two files: each row names its own.
  await loadMoreCsv(page, {
    'crm-export.csv': CHINESE_EXPORT,
    'history.csv': 'opportunity_id,stage,entered_at\nC9,需求确认,2024-01-01\n',
  });
  await expect(problems.locator('caption')).toHaveCount(0);
  await expect(problems.locator('th').first()).toHaveText('文件');
  await expect(problems.locator('td.label', { hasText: 'history.csv' })).toHaveCount(1);
});

test('on a phone, the stage flow names each of six stages, none over another', async ({ page }) => {
  const stages = [
    'Discovery',
    'Initial Offer',
    'Prospect',
    'Solution Design',
    'Negotiation',
    'Proposal',
  ];
  const rows = stages.flatMap((stage, k) =>
    Array.from({ length: 4 + k }, (_, j) => `${stage}-${j},${stage},open,100`),
  );
  const closed = Array.from({ length: 6 }, (_, j) => [
    `W${j},Closed Won,won,200`,
    `L${j},Closed Lost,lost,50`,
  ]);
  await loadCsv(page, {
    'six-stages.csv': ['id,stage,status,amount', ...rows, ...closed.flat()].join('\n'),
  });
  await page.locator('[data-view=funnel]').click();
  const flow = page.getByTestId('flow-card').locator('[data-chart-ready]');
  await flow.scrollIntoViewIfNeeded();
  await expect(flow).toBeVisible();
  // Beside their nodes, the names ran across the next stages' columns, over their nodes and over
  // one another (Zoho's, in Chinese); each now runs up its own column.
  const labels = await flow
    .locator('svg text')
    .evaluateAll((texts) =>
      texts.map((t) => ({ text: t.textContent ?? '', box: t.getBoundingClientRect().toJSON() })),
    );
  const named = labels.filter((l) => stages.includes(l.text));
  expect(named.map((l) => l.text).sort()).toEqual([...stages].sort());
  // Up its column: taller than wide, so no name reaches into the next stage's column.
  for (const { text, box } of named) {
    expect({ text, upright: box.height > box.width }).toEqual({ text, upright: true });
  }
  for (const [i, a] of named.entries()) {
    for (const b of named.slice(i + 1)) {
      const apart =
        a.box.right <= b.box.left ||
        b.box.right <= a.box.left ||
        a.box.bottom <= b.box.top ||
        b.box.bottom <= a.box.top;
      expect({ a: a.text, b: b.text, apart }).toEqual({ a: a.text, b: b.text, apart: true });
    }
  }
});
