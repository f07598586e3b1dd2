import { expect, test, type Page } from '@playwright/test';

/** The filter bar's text as rendered: what a printed page shows, controls left out. */
const shownFilters = (page: Page) =>
  page.getByTestId('filter-bar').evaluate((bar: HTMLElement) => bar.innerText.trim());

test('on paper: the view printed is named, its filters read as text, its tables show every figure', async ({
  page,
}) => {
  await page.goto('/#v=1&vw=funnel');
  await expect(page.getByTestId('funnel-answer')).toBeVisible();
  await expect(page.getByTestId('filter-field')).toBeVisible();
  await expect(page.getByTestId('filter-none')).toBeHidden();

  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('[data-view=funnel]')).toBeVisible();
  await expect(page.locator('[data-view=overview]')).toBeHidden();
  await expect(page.getByTestId('filter-field')).toBeHidden();
  await expect(page.getByTestId('filter-date-field')).toBeHidden();
  await expect.poll(() => shownFilters(page)).toBe('All deals: no filter.');

  // A count that links to its deals on screen is a number on paper, and the table fits the page.
  const table = page.getByTestId('funnel-table');
  const reached = table.locator('tbody tr').first().getByRole('button').first();
  await expect(reached).toBeVisible();
  await expect(reached).toHaveText('5,000');
  await page.setViewportSize({ width: 718, height: 1000 });
  const overflow = await table.evaluate(
    (t) => t.getBoundingClientRect().right - t.parentElement!.getBoundingClientRect().right,
  );
  expect(overflow).toBeLessThanOrEqual(0);

  // A filtered report says what it holds.
  await page.goto(`/#v=1&vw=funnel&f.region=${encodeURIComponent('华东')}`);
  await expect(page.getByTestId('filter-chip')).toBeVisible();
  await expect.poll(() => shownFilters(page)).toBe('Region: 华东');
});

test('on paper: the deal list shows its rows on screen whole, and says which of how many they are', async ({
  page,
}) => {
  await page.goto('/#v=1&vw=deals');
  const table = page.getByRole('region', { name: /^Deals:/ });
  await expect(table.locator('tbody tr[data-row]').first()).not.toHaveClass(/pending/);
  await expect(page.getByTestId('printed-rows')).toBeHidden();

  await page.emulateMedia({ media: 'print' });
  const note = page.getByTestId('printed-rows');
  await expect(note).toHaveText(
    /^Printed: deals 1–\d+ of 5,000, as the list shows them on screen; “Export all matching deals” writes every one\.$/,
  );
  // Every row it names is on the page: the box no longer scrolls, nor holds the rows off screen.
  // (As the box grows to print, the list may show more rows, and the note follows: read both
  // until they agree, not the note once.)
  const named = async () => Number(/1–(\d+)/.exec((await note.textContent()) ?? '')?.[1]);
  const rows = table.locator('tbody tr[data-row]:visible');
  await expect
    .poll(async () => (await rows.count()) > 0 && (await rows.count()) === (await named()))
    .toBe(true);
  const box = await table.evaluate((t) => ({ client: t.clientHeight, scroll: t.scrollHeight }));
  expect(box.scroll).toBeLessThanOrEqual(box.client + 1);
  // Its columns fit an A4 page: the screen's fixed widths give way, its cells wrap.
  await page.setViewportSize({ width: 718, height: 1000 });
  const overflow = await table.evaluate(
    (t) =>
      t.querySelector('table')!.getBoundingClientRect().right -
      t.closest('section')!.getBoundingClientRect().right,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});
