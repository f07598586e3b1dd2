import { pagesFor, pagesToKeep } from './virtual-window.ts';

/**
 * Rows of one query fetched a page at a time as they come into view, so a huge result never sits
 * in memory whole; keeps the `maxPages` pages nearest the latest request.
 */
export class RowPager<T> {
  readonly pageSize: number;
  readonly maxPages: number;
  #fetchRows: (offset: number, limit: number) => Promise<T[]>;
  #pages = new Map<number, T[]>();
  #loading = new Map<number, Promise<void>>();
  /** The pages the latest request wanted: never forgotten, whichever fetch ends last. */
  #latest: number[] = [];

  constructor(
    fetchRows: (offset: number, limit: number) => Promise<T[]>,
    pageSize = 200,
    maxPages = 6,
  ) {
    this.#fetchRows = fetchRows;
    this.pageSize = pageSize;
    this.maxPages = maxPages;
  }

  row(index: number): T | undefined {
    return this.#pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  get cachedPages(): number[] {
    return [...this.#pages.keys()].sort((a, b) => a - b);
  }

  /**
   * Fetches the pages holding rows [start, end) that are neither cached nor on their way; true
   * when any of them had to be fetched (the caller shows the new rows).
   */
  async load(start: number, end: number): Promise<boolean> {
    const wanted = pagesFor(start, end, this.pageSize);
    this.#latest = wanted;
    const missing = wanted.filter((page) => !this.#pages.has(page));
    await Promise.all(missing.map((page) => this.#page(page)));
    const keep = pagesToKeep(this.#pages.keys(), this.#latest, this.maxPages);
    for (const page of this.#pages.keys()) if (!keep.has(page)) this.#pages.delete(page);
    return missing.length > 0;
  }

  #page(page: number): Promise<void> {
    let loading = this.#loading.get(page);
    if (!loading) {
      loading = this.#fetchRows(page * this.pageSize, this.pageSize)
        .then((rows) => void this.#pages.set(page, rows))
        .finally(() => this.#loading.delete(page));
      this.#loading.set(page, loading);
    }
    return loading;
  }
}
