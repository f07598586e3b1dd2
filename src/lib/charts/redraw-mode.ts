import type { SetOptionOpts } from 'echarts/core';

type Shape = string | Shape[] | { [key: string]: Shape };

/** The keys of an option, all the way down, without its values. */
function shape(value: unknown): Shape {
  if (Array.isArray(value)) return value.map(shape);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, shape((value as Record<string, unknown>)[key])]),
    );
  }
  return typeof value;
}

const sameShape = (a: unknown, b: unknown) => JSON.stringify(shape(a)) === JSON.stringify(shape(b));

/**
 * How a chart takes its next option. A whole replacement (`notMerge`) rebuilds every component,
 * the tooltip included, whose set-up measures the page (a forced layout per chart on each
 * redraw). When the next option has the same top-level keys and a tooltip of the same shape,
 * every component (`isComponent`: ECharts' own list) but the tooltip is replaced
 * (`replaceMerge`), the global settings (animation, colours) are overwritten by the next ones,
 * which draws exactly what a whole replacement would, and the tooltip is kept with its new values
 * merged in.
 */
export function redrawMode(
  previous: object | undefined,
  next: object,
  isComponent: (key: string) => boolean,
): SetOptionOpts {
  const keys = Object.keys(next).sort();
  if (
    !previous ||
    keys.join() !== Object.keys(previous).sort().join() ||
    !sameShape((previous as { tooltip?: unknown }).tooltip, (next as { tooltip?: unknown }).tooltip)
  ) {
    return { notMerge: true };
  }
  return { replaceMerge: keys.filter((key) => key !== 'tooltip' && isComponent(key)) };
}
