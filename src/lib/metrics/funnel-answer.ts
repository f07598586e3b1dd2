import type { FunnelResult, FunnelStage } from './funnel.ts';

/** Below this many deals a pass rate is too uncertain to call a stage the leak. */
export const MIN_N = 20;

/**
 * The answer line's subject: the stage with the lowest pass rate among those with enough deals
 * (any stage with deals when none has enough), and where its deals should have gone next.
 */
export function leakiestStage(
  funnel: FunnelResult,
): { stage: FunnelStage; next: FunnelStage | null } | null {
  const rated = funnel.stages.filter((s) => s.passRate !== null);
  const sure = rated.filter((s) => s.reached >= MIN_N);
  const pool = sure.length > 0 ? sure : rated;
  let worst: FunnelStage | null = null;
  for (const stage of pool) {
    if (worst === null || (stage.passRate ?? 1) < (worst.passRate ?? 1)) worst = stage;
  }
  if (!worst) return null;
  return { stage: worst, next: funnel.stages[worst.position] ?? null };
}
