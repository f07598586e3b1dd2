/** One change of a view's filter: a value's chip added, or removed. */
export type FilterStep = { add: string } | { remove: string };

/** The filter a set of chosen values makes, whatever the order they were chosen in. */
export const filterKey = (chosen: readonly string[]): string => [...chosen].sort().join('\u0000');

/** The values chosen once `step` is taken from `chosen`. */
export const afterStep = (chosen: readonly string[], step: FilterStep): string[] =>
  'add' in step ? [...chosen, step.add] : chosen.filter((v) => v !== step.remove);

/**
 * `changes` steps through the filters one field's `values` make with at most two chips: each
 * step leads to a filter not met before where one does (a value alone, then two values), else
 * to one met before (what the page may answer from the results it keeps). Adding a value comes
 * first, then removing the oldest chip, so that the walk reads as a person would narrow and widen
 * it: EMEA; EMEA or APAC; APAC; APAC or LATAM…
 */
export function filterWalk(values: readonly string[], changes: number): FilterStep[] {
  const steps: FilterStep[] = [];
  const seen = new Set([filterKey([])]);
  let chosen: string[] = [];
  let next = 0;
  for (let i = 0; i < changes; i++) {
    const adds: FilterStep[] =
      chosen.length < 2
        ? values
            .map((_, k) => values[(next + k) % values.length]!)
            .filter((v) => !chosen.includes(v))
            .map((v) => ({ add: v }))
        : [];
    const candidates = [...adds, ...chosen.map((v) => ({ remove: v }))];
    const step =
      candidates.find((c) => !seen.has(filterKey(afterStep(chosen, c)))) ?? candidates[0]!;
    if ('add' in step) next = (values.indexOf(step.add) + 1) % values.length;
    chosen = afterStep(chosen, step);
    seen.add(filterKey(chosen));
    steps.push(step);
  }
  return steps;
}
