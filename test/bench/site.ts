import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import process from 'node:process';
import { chromium, type Browser } from 'playwright-core';
import { log } from './util.ts';

export const PORT = 4174;
export const ORIGIN = `http://127.0.0.1:${PORT}`;

/** The production build, into the bench folder: the lead's `dist/` is left alone. */
export function buildSite(outDir: string): void {
  log(`building the site into ${outDir}`);
  const built = spawnSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir'], {
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`vite build failed:\n${built.stdout}\n${built.stderr}`);
}

/**
 * `vite preview` of that build; resolves once it answers, with a function that stops it.
 * `isolated`: with COOP/COEP headers, so that the page runs DuckDB's multi-threaded bundle.
 */
export async function startPreview(outDir: string, isolated = false): Promise<() => void> {
  // Another server on the port (a preview left running) would answer for this one, with its
  // own build: every figure would be that build's.
  const taken = await fetch(ORIGIN).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`${ORIGIN} already answers: stop the server on port ${PORT} first`);
  const server = spawn(
    'npx',
    ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'].concat([
      '--outDir',
      outDir,
    ]),
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
      env: { ...process.env, FUNNELCAST_ISOLATED: isolated ? '1' : '' },
    },
  );
  let stderr = '';
  server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Its own process group: npx, sh and vite all stop together, and nothing else does.
  const stop = () => {
    if (server.exitCode === null && server.pid) process.kill(-server.pid, 'SIGTERM');
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`vite preview exited: ${stderr}`);
    const ok = await fetch(ORIGIN).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return stop;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  stop();
  throw new Error(`vite preview did not answer on ${ORIGIN}: ${stderr}`);
}

/** As playwright.config.ts: Playwright's own Chromium, else $CHROMIUM, else Debian's. */
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
  throw new Error('No Chromium found: install chromium (apt-get install chromium) or set CHROMIUM');
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumExecutable(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      // Exact performance.memory figures instead of coarse buckets.
      '--enable-precise-memory-info',
    ],
  });
}
