import { expect, test } from '@playwright/test';

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
