/** An import that cannot go on: the message names the file and what was expected. */
export class ImportError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'ImportError';
  }
}
