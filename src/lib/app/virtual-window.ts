/** The rows of a fixed-row-height list under a sticky header, as the scroll position shows them. */
export interface Viewport {
  scrollTop: number;
  /** The scroll container's inner height, header included. */
  height: number;
  headerHeight: number;
  rowHeight: number;
  total: number;
}

/** Rows [start, end) at least partly in view, widened by `overscan` rows on each side. */
export function visibleRows(v: Viewport, overscan = 10): { start: number; end: number } {
  if (v.total <= 0 || v.rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, v.scrollTop) / v.rowHeight);
  const last = Math.ceil(
    (Math.max(0, v.scrollTop) + Math.max(0, v.height - v.headerHeight)) / v.rowHeight,
  );
  return {
    start: Math.min(v.total, Math.max(0, first - overscan)),
    end: Math.min(v.total, last + overscan),
  };
}

/** The scroll position that brings row `index` fully into view, moving as little as possible. */
export function scrollToRow(v: Viewport, index: number): number {
  const top = index * v.rowHeight;
  const visible = Math.max(v.rowHeight, v.height - v.headerHeight);
  if (top < v.scrollTop) return top;
  if (top + v.rowHeight > v.scrollTop + visible) return top + v.rowHeight - visible;
  return v.scrollTop;
}

/** The pages of `size` rows that hold rows [start, end). */
export function pagesFor(start: number, end: number, size: number): number[] {
  const pages: number[] = [];
  for (let p = Math.floor(start / size); p * size < end; p += 1) pages.push(p);
  return pages;
}

/** The `max` pages to keep: the wanted ones, then those nearest to them. */
export function pagesToKeep(cached: Iterable<number>, wanted: number[], max: number): Set<number> {
  const centre = ((wanted.at(0) ?? 0) + (wanted.at(-1) ?? 0)) / 2;
  const distance = (p: number) => (wanted.includes(p) ? -1 : Math.abs(p - centre));
  return new Set([...cached].sort((a, b) => distance(a) - distance(b)).slice(0, max));
}
