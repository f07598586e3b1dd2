/**
 * For an effect that loads something: hands `load`'s result to `done` (or its error message to
 * `fail`) unless the effect has run again or been torn down since, so a slow answer never
 * overwrites a newer one. Returns the effect's cleanup.
 */
export function latest<T>(
  load: Promise<T>,
  done: (value: T) => void,
  fail: (message: string) => void = () => {},
): () => void {
  let current = true;
  load.then(
    (value) => {
      if (current) done(value);
    },
    (error: unknown) => {
      if (current) fail(error instanceof Error ? error.message : String(error));
    },
  );
  return () => {
    current = false;
  };
}
