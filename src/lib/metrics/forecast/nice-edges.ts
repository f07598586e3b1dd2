/** Bin widths tried, times a power of ten: the steps a person counts amounts in. */
const STEPS = [1, 2, 2.5, 5, 10];

/** A sum of round numbers without the binary float's tail (0.30000000000000004). */
const tidy = (value: number) => Number(value.toPrecision(12));

/**
 * The edges of at most `bins` + 1 equal bins that cover min…max (min < max) and fall on round
 * numbers: the width is 1, 2, 2.5 or 5 times a power of ten, the first edge a multiple of it.
 * A histogram on them reads 0, 2K, 4K… rather than 583, 6.42K, 12.3K….
 */
export function niceEdges(min: number, max: number, bins: number): number[] {
  const rough = (max - min) / bins;
  const power = 10 ** Math.floor(Math.log10(rough));
  const width = STEPS.map((step) => tidy(step * power)).find((w) => w >= rough)!;
  const first = Math.floor(min / width) * width;
  const count = Math.max(1, Math.ceil(tidy((max - first) / width)));
  return Array.from({ length: count + 1 }, (_, i) => tidy(first + i * width));
}
