import type { Segment } from '../../lib/metrics/cohort.ts';
import type { AppState } from '../../lib/state/app-state.svelte.ts';

/** Narrows every view to the clicked slice: each segment's values replace the chip it had. */
export function narrowTo(app: AppState, where: Partial<Record<Segment, string[]>>): void {
  app.filter = { ...app.filter, where: { ...app.filter.where, ...where } };
  app.drill = null;
}
