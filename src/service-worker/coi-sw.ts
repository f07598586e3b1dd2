/**
 * Service worker: adds COOP/COEP to the site's own responses, so that on a static host that
 * cannot send them the page is cross-origin isolated from its second visit on, and DuckDB runs
 * multi-threaded (the build writes it as `coi-sw.js` beside index.html: its scope is the site).
 */
import { withIsolationHeaders } from './isolation-headers.ts';

/** What this worker uses of its global scope (the project's types are the page's, not a worker's). */
interface FetchEvent extends Event {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ServiceWorkerScope {
  readonly location: Location;
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install', listener: () => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}
const scope = self as unknown as ServiceWorkerScope;

// A new version takes over at the next visit, without waiting for every tab to close.
scope.addEventListener('install', () => void scope.skipWaiting());

scope.addEventListener('fetch', (event) => {
  const { request } = event;
  // Data from other origins is fetched as the page asked, untouched.
  if (new URL(request.url).origin !== scope.location.origin) return;
  // Chromium rejects fetching this combination (DevTools makes such requests): left to it.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(fetch(request).then(withIsolationHeaders));
});
