import { describe, expect, it } from 'vitest';
import { latest } from '../../src/lib/app/latest.ts';

describe('latest(load, done, fail)', () => {
  it('hands over the result, or the error message, while the effect stands', async () => {
    const got: string[] = [];
    latest(Promise.resolve('a'), (v) => got.push(v));
    latest(
      Promise.reject(new Error('boom')),
      () => got.push('never'),
      (m) => got.push(m),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(got).toEqual(['a', 'boom']);
  });

  it('drops a result that arrives after the cleanup, so an old answer never wins', async () => {
    const got: string[] = [];
    let resolve!: (v: string) => void;
    const cleanup = latest(new Promise<string>((r) => (resolve = r)), (v) => got.push(v));
    cleanup();
    resolve('late');
    await new Promise((r) => setTimeout(r, 0));
    expect(got).toEqual([]);
  });
});
