import { expect, test } from '@playwright/test';

test('the theme button cycles system, light, dark, and the choice survives a reload', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page.getByTestId('overview-answer')).toBeVisible();
  const html = page.locator('html');
  const background = () =>
    page.evaluate(() => getComputedStyle(document.querySelector('.card')!).backgroundColor);
  await expect(html).not.toHaveAttribute('data-theme');
  // Following the dark system: the cards are dark.
  expect(await background()).toBe('rgb(27, 32, 41)');
  await page.getByTestId('theme').click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  expect(await background()).toBe('rgb(255, 255, 255)');
  await page.getByTestId('theme').click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.reload();
  await expect(page.getByTestId('overview-answer')).toBeVisible();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  expect(await background()).toBe('rgb(27, 32, 41)');
  // The theme is personal: it never enters the shared link.
  expect(page.url()).not.toContain('dark');
});
