import { expect, test } from '@playwright/test';

test('the funnel follows a change of stage model and drills down to a stage’s deals', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('overview-answer')).toBeVisible();
  await page.locator('[data-view=funnel]').click();
  await expect(page.getByTestId('funnel-answer')).toContainText('Deals leak most between');
  const table = page.getByTestId('funnel-table');
  const firstStage = table.locator('tbody tr').first().locator('td').first();
  await expect(firstStage).toHaveText('Potential');
  // The demo follows the lifecycle model: of 5,000 deals, 3,017 reached Qualified, as its
  // generator counted them while simulating.
  await expect(table.locator('tr[data-stage="有效商机"] td').nth(1)).toHaveText('3,017');

  await page.getByTestId('stage-model-editor').locator('summary').click();
  await page.locator('tr[data-stage="有效商机"] [data-testid=stage-up]').click();
  await expect(firstStage).toHaveText('Qualified');
  // Every deal reaches the first stage, whichever it is.
  await expect(table.locator('tr[data-stage="有效商机"] td').nth(1)).toHaveText('5,000');

  await table.locator('tr[data-stage="可行商机"] td').nth(1).getByRole('button').click();
  await expect(page.getByTestId('drill-chip')).toContainText('Reached Feasible');
  await expect(page.getByTestId('deals-count')).toContainText('1,607 deals match');
});

test('a segment filter shows as a chip, narrows every number, and one click removes it', async ({
  page,
}) => {
  await page.goto('/');
  await page.locator('[data-view=funnel]').click();
  const entered = page.locator('[data-kpi="Entered the funnel"]');
  await expect(entered).toHaveText('5,000');
  await page.getByTestId('filter-field').selectOption('region');
  // 华东 has 1,350 deals in the demo (the breakdown chart's "华东 (n = 1,350)").
  await page.getByTestId('filter-value').selectOption('华东');
  await expect(page.getByTestId('filter-chip')).toHaveText(/Region: 华东/);
  await expect(entered).toHaveText('1,350');
  await page.locator('[data-view=overview]').click();
  await expect(page.locator('[data-kpi="Opportunities"]')).toHaveText('1,350');
  await page.getByTestId('filter-chip').getByRole('button').click();
  await page.locator('[data-view=funnel]').click();
  await expect(entered).toHaveText('5,000');
});
