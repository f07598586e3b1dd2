/** Web Worker: simulates one slice of Monte Carlo runs for `runMonteCarlo`. */
import { runsPerChunk, simulateRuns, type PreparedForecast } from './monte-carlo.ts';

export interface SliceRequest {
  forecast: PreparedForecast;
  from: number;
  to: number;
}

/** `done` counts the slice's runs finished so far; `totals` is transferred, not copied. */
export type SliceReply =
  { type: 'progress'; done: number } | { type: 'done'; totals: Float64Array };

self.onmessage = (event: MessageEvent<SliceRequest>) => {
  const { forecast, from, to } = event.data;
  const { periods } = forecast;
  const totals = new Float64Array((to - from) * periods);
  const step = runsPerChunk(forecast);
  for (let start = from; start < to; start += step) {
    const end = Math.min(to, start + step);
    const chunk = totals.subarray((start - from) * periods, (end - from) * periods);
    simulateRuns(forecast, start, end, chunk);
    self.postMessage({ type: 'progress', done: end - from } satisfies SliceReply);
  }
  self.postMessage({ type: 'done', totals } satisfies SliceReply, { transfer: [totals.buffer] });
};
