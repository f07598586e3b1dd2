import { expect, test, type Page } from '@playwright/test';
import { loadCsv } from '../helpers/load-csv.ts';

/** Opens the grading setup panel and returns the opportunity group's consistency line. */
async function openSetup(page: Page) {
  await page.getByTestId('grade-editor').locator('summary').click();
  return page.getByTestId('cr-opportunity');
}

const countOf = (page: Page, grade: string) =>
  page.getByTestId('grade-table').locator(`tr[data-grade="${grade}"] [data-testid=count]`);

test('grades: the answer, and an AHP edit that the link keeps', async ({ page, context }) => {
  await page.goto('/#v=1&vw=grades');
  await expect(page.getByTestId('grades-answer')).toContainText(/AUC \d\.\d\d/);
  // The demo's grades foresee, not restate: no warning that an indicator was set at the close.
  await expect(page.getByTestId('grades-leak')).toHaveCount(0);
  await expect(page.getByTestId('grade-table').locator('tbody tr')).toHaveCount(4);
  await expect(page.getByTestId('class-table').locator('tbody tr').first()).toBeVisible();
  // Each grade's two-line label (the grade, then its closed count) shows whole: the lines apart,
  // and the count inside the chart.
  const rates = page.locator('[data-testid=grade-rates-chart] .chart[data-chart-ready]');
  const boxes = await rates.locator('svg text').evaluateAll((texts) =>
    texts.map((t) => {
      const box = t.getBoundingClientRect();
      const svg = (t as SVGTextElement).ownerSVGElement!.getBoundingClientRect();
      return { text: t.textContent, top: box.top, bottom: box.bottom, end: svg.bottom };
    }),
  );
  const grade = boxes.find((b) => b.text === 'A')!;
  const count = boxes.find((b) => b.text?.startsWith('n = ') && Math.abs(b.top - grade.top) < 40)!;
  expect(count.top).toBeGreaterThanOrEqual(grade.bottom - 1);
  expect(count.bottom).toBeLessThanOrEqual(count.end);
  // The grades by segment, below the fold, render (and query) once scrolled to.
  await page.getByTestId('grades-by-segment').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('grade-by-segment').locator('tbody tr').first()).toBeVisible();

  // The default setup is built from ratios: consistent. Pulling one judgement breaks that.
  const cr = await openSetup(page);
  await expect(cr).toContainText('CR 0.000');
  const weight = page.getByTestId('global-weight-amount');
  const before = await weight.innerText();
  const slider = page.getByTestId('pairwise-opportunity').getByTestId('pair-slider').first();
  await slider.focus();
  for (let k = 0; k < 4; k++) await slider.press('ArrowLeft');
  await expect(cr).not.toContainText('CR 0.000');
  await expect(weight).not.toHaveText(before);
  // The setup travels as `g=`, inside the packed `z=` form when that is shorter.
  await expect(page).toHaveURL(/[#&][gz]=/);
  const crText = await cr.innerText();
  const weightText = await weight.innerText();

  // The link reproduces the setup.
  const again = await context.newPage();
  await again.goto(page.url());
  await expect(again.getByTestId('grades-answer')).toBeVisible();
  await expect(await openSetup(again)).toHaveText(crText);
  await expect(again.getByTestId('global-weight-amount')).toHaveText(weightText);
  await again.close();
});

test('grades: a rule moves deals into A, and a bar click filters every view', async ({ page }) => {
  await page.goto('/#v=1&vw=grades');
  await openSetup(page);
  // A pre-assessment rule (top importance → A) moves deals into A.
  const a = countOf(page, 'A');
  const aBefore = await a.innerText();
  await page.getByTestId('add-rule').click();
  await expect(page.getByTestId('rule-row')).toHaveCount(1);
  await expect(a).not.toHaveText(aBefore);

  // Clicking the tallest deals bar (grade B) filters every view to it.
  const chart = page.locator('[data-testid=grade-counts-chart] [data-chart-ready]');
  await expect(chart).toBeVisible();
  const bars = chart.locator('path[fill="#0072B2"]');
  const heights = await bars.evaluateAll((paths) =>
    paths.map((p) => (p as SVGGraphicsElement).getBBox().height),
  );
  await bars.nth(heights.indexOf(Math.max(...heights))).click();
  await expect(page.getByTestId('filter-chip')).toContainText(/Grade: [A-D]/);
  await page.getByTestId('grades-drill').click();
  await expect(page.locator('[data-view=deals]')).toHaveClass(/active/);
});

test('grades that only restate the outcome (lost deals priced 0) are called out', async ({
  page,
}) => {
  // As Maven's export: a closed deal's value is what was signed, so every lost deal's is 0.
  const rows = Array.from({ length: 40 }, (_, i) => {
    const status = i < 20 ? 'Won' : i < 35 ? 'Lost' : 'Engaging';
    const amount = status === 'Won' ? 1000 + 100 * i : status === 'Lost' ? 0 : '';
    return `D${i},${status},${amount},2024-0${1 + (i % 6)}-10`;
  });
  await loadCsv(page, { 'signed.csv': ['id,stage,amount,created_at', ...rows].join('\n') });
  await page.locator('[data-view=grades]').click();
  await expect(page.getByTestId('grades-answer')).toContainText('AUC 1.00');
  await expect(page.getByTestId('grades-leak')).toContainText(
    'An AUC this near 1 usually means an indicator was recorded once the deal closed',
  );
});
