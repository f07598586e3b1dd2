/** The service worker that isolates the site (src/service-worker/coi-sw.ts), beside index.html. */
export const ISOLATION_WORKER = 'coi-sw.js';

export interface IsolationContext {
  /** `crossOriginIsolated`: the host sent COOP/COEP, or the worker did on this visit. */
  isolated: boolean;
  /** Served over HTTP(S) from a secure context: a page opened from disk cannot register one. */
  served: boolean;
  serviceWorkers: boolean;
  /** A production build: the dev server has no built worker to register. */
  built: boolean;
}

/** Whether registering the worker would isolate the site's next visits. */
export function wantsIsolationWorker(context: IsolationContext): boolean {
  return !context.isolated && context.served && context.serviceWorkers && context.built;
}

/**
 * Registers the worker that sends COOP/COEP where the host does not, for the next visit: this
 * one keeps running DuckDB single-threaded rather than reloading under the user.
 */
export async function registerIsolationWorker(): Promise<void> {
  const context: IsolationContext = {
    isolated: crossOriginIsolated,
    served: isSecureContext && /^https?:$/.test(location.protocol),
    serviceWorkers: 'serviceWorker' in navigator,
    built: import.meta.env.PROD,
  };
  if (!wantsIsolationWorker(context)) return;
  try {
    await navigator.serviceWorker.register(`./${ISOLATION_WORKER}`, { scope: './' });
  } catch (error) {
    console.warn('The service worker that lets DuckDB run threads was not registered:', error);
  }
}
