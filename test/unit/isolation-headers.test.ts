import { describe, expect, it } from 'vitest';
import { withIsolationHeaders } from '../../src/service-worker/isolation-headers.ts';

describe('withIsolationHeaders', () => {
  it('adds COOP and COEP, keeping the status, body and other headers', async () => {
    const response = withIsolationHeaders(
      new Response('id,stage\n1,Won\n', {
        status: 201,
        statusText: 'Created',
        headers: { 'Content-Type': 'text/csv', 'Cross-Origin-Embedder-Policy': 'unsafe-none' },
      }),
    );
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Created');
    expect(response.headers.get('Content-Type')).toBe('text/csv');
    expect(response.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(response.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(await response.text()).toBe('id,stage\n1,Won\n');
  });

  it('keeps a response without a body (304) as one', async () => {
    const response = withIsolationHeaders(new Response(null, { status: 304 }));
    expect(response.status).toBe(304);
    expect(response.body).toBeNull();
    expect(response.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
  });

  it('passes an error or opaque response (status 0) on as it is', () => {
    const error = Response.error();
    expect(withIsolationHeaders(error)).toBe(error);
  });
});
