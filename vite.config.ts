import { availableParallelism } from 'node:os';
import process from 'node:process';
import { defineConfig, type Plugin } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { ISOLATION_WORKER } from './src/lib/app/isolation-worker.ts';
import { ISOLATION_HEADERS } from './src/service-worker/isolation-headers.ts';

/**
 * Origins besides the site's own that `?src=` may load data from, listed at build time
 * (`FUNNELCAST_DATA_ORIGINS="https://a.example https://b.example" npm run build`).
 */
const dataOrigins = (process.env.FUNNELCAST_DATA_ORIGINS ?? '').split(/[\s,]+/).filter(Boolean);

/**
 * The built page's Content-Security-Policy: data goes nowhere but the site itself (and the listed
 * data origins). WebAssembly needs 'wasm-unsafe-eval'; ECharts writes inline styles into its SVG.
 */
function contentSecurityPolicy(): Plugin {
  const policy = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    `connect-src 'self' blob: data: ${dataOrigins.join(' ')}`.trim(),
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
  return {
    name: 'funnelcast-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: policy },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * `FUNNELCAST_ISOLATED=1 npm run preview`: the preview sends COOP/COEP, so the page is
 * cross-origin isolated and DuckDB runs its multi-threaded (coi) bundle, as on a host sending them.
 */
const isolation = process.env.FUNNELCAST_ISOLATED ? ISOLATION_HEADERS : undefined;

export default defineConfig({
  plugins: [svelte(), contentSecurityPolicy()],
  define: { __DATA_ORIGINS__: JSON.stringify(dataOrigins) },
  // Relative URLs: the site (and a published report) works from any folder of a static server.
  base: './',
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    manifest: true,
    rollupOptions: {
      input: { index: 'index.html', 'coi-sw': 'src/service-worker/coi-sw.ts' },
      // The service worker keeps one name, beside index.html: its folder is its scope.
      output: {
        entryFileNames: (chunk) =>
          chunk.name === 'coi-sw' ? ISOLATION_WORKER : 'assets/[name]-[hash].js',
      },
    },
  },
  preview: { headers: isolation },
  worker: { format: 'es' },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // The test files share their processes, so that the DuckDB-WASM modules a closed database
    // sets free (wasm-node-database.ts) serve the next file too: no test changes globals.
    isolate: false,
    // A process a core, not Vitest's one less: on two cores, 102 s for the suite against 132 s.
    maxWorkers: availableParallelism(),
  },
});
