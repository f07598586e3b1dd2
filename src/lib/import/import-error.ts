/** A rejected row of a file: its cells under the file's headers, or its text when it had none. */
export interface RejectedLine {
  row: number;
  code: string;
  cells: Array<string | null>;
  text: string | null;
}

export interface RejectedRows {
  headers: string[];
  lines: RejectedLine[];
}

/**
 * An import that cannot go on: the message names the file and what was expected. When every row
 * was rejected, the rows come along, so the user can still see and download them.
 */
export class ImportError extends Error {
  constructor(
    readonly file: string,
    detail: string,
    readonly rejected: RejectedRows | null = null,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'ImportError';
  }
}
