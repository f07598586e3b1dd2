import { describe, expect, it } from 'vitest';
import { wantsIsolationWorker, type IsolationContext } from '../../src/lib/app/isolation-worker.ts';

const served: IsolationContext = {
  isolated: false,
  served: true,
  serviceWorkers: true,
  built: true,
};

describe('wantsIsolationWorker', () => {
  it('registers on a built site served over HTTP without isolation', () => {
    expect(wantsIsolationWorker(served)).toBe(true);
  });

  it.each([
    ['already isolated (the host sends COOP/COEP, or the worker did)', { isolated: true }],
    ['opened from disk, or over plain HTTP from another machine', { served: false }],
    ['in a browser without service workers', { serviceWorkers: false }],
    ['on the dev server, which has no built worker', { built: false }],
  ])('does not when %s', (_why, change) => {
    expect(wantsIsolationWorker({ ...served, ...change })).toBe(false);
  });
});
