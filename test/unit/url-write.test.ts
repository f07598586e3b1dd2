import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scheduleUrlWrite, URL_WRITE_LAG_MS } from '../../src/lib/app/url-write.ts';

describe('scheduleUrlWrite', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes at the next idle moment when DuckDB is idle', () => {
    const write = vi.fn();
    scheduleUrlWrite(false, write);
    expect(write).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('waits while DuckDB is busy, a second at most', () => {
    const write = vi.fn();
    scheduleUrlWrite(true, write);
    vi.advanceTimersByTime(URL_WRITE_LAG_MS - 1);
    expect(write).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(write).toHaveBeenCalledTimes(1);
    expect(URL_WRITE_LAG_MS).toBe(1000);
  });

  it('writes nothing once cancelled, busy or not', () => {
    const write = vi.fn();
    scheduleUrlWrite(true, write)();
    scheduleUrlWrite(false, write)();
    vi.advanceTimersByTime(URL_WRITE_LAG_MS * 2);
    expect(write).not.toHaveBeenCalled();
  });
});
