import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { loadCsv } from '../helpers/load-csv.ts';

test('calibrates presets: adopt, edit one, see the Brier score change, export the table', async ({
  page,
}) => {
  await page.goto('/');
  await page.locator('[data-view=rates]').click();
  await expect(page.getByTestId('win-rates-answer')).toBeVisible();
  // The demo's lifecycle model: four open stages.
  const table = page.getByTestId('win-rates-table');
  await expect(table.locator('tbody tr')).toHaveCount(4);
  // Seven regions in the demo, largest first; one closing quarter row at least.
  await expect(page.getByTestId('rates-by-segment').locator('tbody tr')).toHaveCount(7);
  await expect(page.getByTestId('rates-by-quarter').locator('tbody tr').first()).toBeVisible();
  // The outlook, below the fold, renders (and queries) once scrolled to: after the tables above
  // it have come, which would push it back out of view.
  await page.getByTestId('stage-outlook').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('outlook-table').locator('tbody tr')).toHaveCount(4);
  // Its header groups columns (days to close, won / lost within, Markov): the CSV names each one.
  const outlookCsv = page.waitForEvent('download');
  await page.getByTestId('stage-outlook').getByTestId('export-table-csv').click();
  const [outlookHeader] = readFileSync(await (await outlookCsv).path(), 'utf8')
    .replace('\uFEFF', '')
    .split('\n');
  expect(outlookHeader).toBe(
    'Stage,Entered (n),Days to close (median · P90) to win,Days to close (median · P90) to lose,' +
      'Won / lost within 30 d,Won / lost within 60 d,Won / lost within 90 d,' +
      'Won / lost within 180 d,Markov chain P(win),Markov chain days to close',
  );
  await expect(page.getByTestId('brier-split').locator('tbody tr')).toHaveCount(3);
  await page.getByTestId('adopt').click();
  // Adopted to a tenth of a point, as the inputs and the CRM's table show them: so in the link.
  await expect(page).toHaveURL(/[#&]ad=/);
  const adopted = JSON.parse(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('ad')!);
  expect(adopted).toHaveLength(4);
  for (const rate of adopted) expect(Math.round(rate * 1000) / 1000).toBe(rate);
  const brier = page.getByTestId('adopted-brier');
  await expect(brier).toContainText(/0\.\d{4}/);
  const before = await brier.innerText();
  await page.getByTestId('adopted-input').first().fill('90');
  await page.getByTestId('adopted-input').first().blur();
  await expect(brier).not.toHaveText(before);

  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const file = await (await download).path();
  const csv = readFileSync(file, 'utf8');
  expect(csv.startsWith('\uFEFFstage,preset\n潜在商机,90\n')).toBe(true);
  expect(csv.trim().split('\n')).toHaveLength(5);
});

test('the demo’s presets come from its exported probability until the model’s are chosen', async ({
  page,
}) => {
  await page.goto('/');
  await page.locator('[data-view=rates]').click();
  // The lifecycle model carries no presets; the export's CRM probability does, per stage, the
  // 0 % its lost deals were set to at the loss left out.
  const source = page.getByTestId('preset-source');
  await expect(source).toHaveValue('export');
  const answer = page.getByTestId('win-rates-answer');
  await expect(answer).toHaveText(
    '3 presets disagree with history: Potential is preset at 10.0%, but its 3,950 closed deals say 10.8% – 12.8%.',
  );
  const presets = page.getByTestId('win-rates-table').locator('tbody tr td:nth-child(6)');
  await expect(presets).toHaveText(['10.0%', '30.0%', '50.0%', '75.0%']);
  expect(page.url()).not.toContain('ps=');

  await source.selectOption('model');
  await expect(answer).toContainText(
    'There are no presets to check: the stage model carries none.',
  );
  await expect(presets).toHaveText(['–', '–', '–', '–']);
  await expect(page).toHaveURL(/[#&]ps=model(&|$)/);
});

test('an export without probabilities: the answer says neither the model nor the export has presets', async ({
  page,
}) => {
  await loadCsv(page, {
    'no-probability.csv': [
      'id,stage,status,amount,created_at,close_date',
      'A1,Prospecting,lost,100,2024-01-02,2024-02-01',
      'A2,Engaging,won,200,2024-01-03,2024-02-10',
      'A3,Engaging,open,300,2024-01-04,2024-04-01',
    ].join('\n'),
  });
  await page.locator('[data-view=rates]').click();
  const answer = page.getByTestId('win-rates-answer');
  await expect(answer).toContainText(
    'There are no presets to check: neither the stage model nor the export carries any.',
  );
  await expect(page.getByTestId('preset-source')).toHaveValue('model');
  await page.getByTestId('preset-source').selectOption('export');
  await expect(answer).toContainText(
    'There are no presets to check: the export carries no probability.',
  );
});

test('lost deals that keep no stage: the win rates and the forecast say the later rates are upper bounds', async ({
  page,
}) => {
  await loadCsv(page, {
    'closed-lost.csv': [
      'id,stage,status,amount,created_at,close_date',
      'L1,Closed Lost,lost,100,2024-01-02,2024-02-01',
      'L2,Closed Lost,lost,100,2024-01-03,2024-02-05',
      'W1,Closed Won,won,200,2024-01-04,2024-02-10',
      'O1,Negotiation/Review,open,500,2024-01-05,2024-03-20',
      'O2,Qualification,open,300,2024-01-06,2024-05-20',
    ].join('\n'),
  });
  await page.locator('[data-view=rates]').click();
  await expect(page.getByTestId('rates-upper-bound')).toHaveText(
    '2 lost deals have neither a stage history nor a kept stage: they count as lost at the first stage, so the observed and calibrated rates of the stages after it are upper bounds. Load the stage history (or stage date columns) on the Data tab to place them.',
  );

  // Observed, the one deal closing this quarter sits where no deal was lost: won in every run.
  await page.locator('[data-view=forecast]').click();
  await page.getByTestId('forecast-rates').selectOption('observed');
  await expect(page.getByTestId('forecast-answer')).toHaveText(
    /^2024-Q1: 500 weighted from 1 open deal; at least 8 in 10 of the simulation’s runs win exactly 500\./,
  );
  const note = page.getByTestId('forecast-upper-bound');
  await expect(note).toContainText('2 lost deals count as lost at the first stage');
  await page.getByTestId('forecast-rates').selectOption('preset');
  await expect(note).toHaveCount(0);
});
