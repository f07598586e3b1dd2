import process from 'node:process';
import { existsSync } from 'node:fs';
import { chromium, defineConfig } from '@playwright/test';

/** Playwright's own Chromium where it is installed, else $CHROMIUM, else Debian's /usr/bin/chromium. */
function chromiumExecutable(): string | undefined {
  const own = chromium.executablePath();
  if (own && existsSync(own)) return undefined;
  for (const candidate of [
    process.env.CHROMIUM,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
  ]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  throw new Error(
    'No Chromium found: install Debian’s chromium (apt-get install chromium) or set CHROMIUM',
  );
}

const PORT = 4173;
/** The same build served with COOP/COEP, as a host sending them: DuckDB runs its coi bundle. */
const ISOLATED_PORT = 4176;

const preview = (port: number) => `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`;

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  expect: { timeout: 30_000 },
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    // Each page registers the service worker that isolates the next visit: a test that navigates
    // again would run the bundle that its timing chose. isolation-worker.spec.ts allows it.
    serviceWorkers: 'block',
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromiumExecutable(),
      args: [
        ...['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        // These tests check what pages do, not how fast (npm run bench does, in a browser without
        // this): each page starts DuckDB afresh and lives seconds, and V8's optimising compiler
        // spent about 4 s of CPU on DuckDB's wasm behind each page load, on two cores. A budget
        // 22 times V8's own (1.8M) leaves code that runs little on its first compile; a sample
        // of 15 tests took 152 s against 175 s.
        '--js-flags=--wasm-tiering-budget=40000000',
      ],
    },
  },
  projects: [
    { name: 'chromium', testIgnore: /isolated\.spec/ },
    {
      name: 'isolated',
      testMatch: /isolated\.spec/,
      use: { baseURL: `http://127.0.0.1:${ISOLATED_PORT}` },
    },
  ],
  webServer: [
    {
      command: preview(PORT),
      url: `http://127.0.0.1:${PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      command: preview(ISOLATED_PORT),
      env: { FUNNELCAST_ISOLATED: '1' },
      url: `http://127.0.0.1:${ISOLATED_PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
