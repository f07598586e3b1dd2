import type { SqlValue } from '../../db/database.ts';

/** Adds a value to the statement's parameters and returns its placeholder. */
export type Param = (value: SqlValue) => string;

/**
 * Numbered placeholders ($1, $2, …), so SQL assembled from pieces in any order still binds each
 * value to its own place.
 */
export function numberedParams(): { params: SqlValue[]; q: Param } {
  const params: SqlValue[] = [];
  return {
    params,
    q: (value) => {
      params.push(value);
      return `$${params.length}`;
    },
  };
}
