import { expect, type Page } from '@playwright/test';

/** Opens the site on the demo, then its Data tab. */
export async function openDataTab(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('overview-answer')).toBeVisible();
  await page.locator('[data-view=data]').click();
}

/** Opens the site on the demo, then loads CSV files through the Data tab as a user does. */
export async function loadCsv(page: Page, files: Record<string, string>): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('overview-answer')).toBeVisible();
  await loadMoreCsv(page, files);
}

/** Loads CSV files through the Data tab of a page already open, replacing the data. */
export async function loadMoreCsv(page: Page, files: Record<string, string>): Promise<void> {
  await page.locator('[data-view=data]').click();
  await page.getByTestId('file-input').setInputFiles(
    Object.entries(files).map(([name, text]) => ({
      name,
      mimeType: 'text/csv',
      buffer: Buffer.from(text),
    })),
  );
  await page.getByTestId('load').click();
  const [first] = Object.keys(files);
  await expect(page.locator(`tr[data-file="${first}"]`).getByTestId('loaded-count')).toBeVisible();
}
