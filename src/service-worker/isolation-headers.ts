/**
 * The headers that make a page cross-origin isolated: it may then share memory with its workers,
 * which DuckDB-WASM's multi-threaded (coi) bundle needs. The site fetches nothing from other
 * origins but data sent with CORS, which `require-corp` allows.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/** `response` with the isolation headers added, its status, body and other headers as they were. */
export function withIsolationHeaders(response: Response): Response {
  // An opaque, redirect or error response (status 0) cannot be rebuilt, and is no page to isolate.
  if (response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
