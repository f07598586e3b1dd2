/** A table of text cells: what every non-CSV reader produces before it is written out as CSV. */
export interface Tabular {
  columns: string[];
  rows: Array<Array<string | null>>;
}

export class FileReadError extends Error {
  constructor(
    public readonly file: string,
    message: string,
    public readonly row?: number,
    public readonly column?: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'FileReadError';
  }
}
