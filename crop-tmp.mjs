import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 2 });
await page.goto('http://127.0.0.1:4173/#v=1&vw=grades');
await page.getByTestId('grades-answer').waitFor({ timeout: 60000 });
await page.waitForTimeout(1500);
const chart = page.locator('section.card').filter({ hasText: 'Win rate per grade' }).first();
await chart.screenshot({ path: '/tmp/grade-wr2.png' });
await browser.close();
