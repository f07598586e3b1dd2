import type { DateOrder } from './date-formats.ts';
import type { EncodingName } from './encoding.ts';
import type { Delimiter } from './delimiters.ts';
import type { Status } from '../model/schema.ts';

/** What a user (or the command line) decided about one file; every part is optional. */
export interface FileRecipe {
  encoding?: EncodingName;
  delimiter?: Delimiter;
  sheet?: string;
  /** canonical field → header text as in the file; an empty string unmaps a field. */
  map?: Record<string, string>;
  /** header text → the order of day and month, for columns the values leave ambiguous. */
  dateOrder?: Record<string, DateOrder>;
}

/** The whole import recipe: it travels in shared links so a report can be rebuilt exactly. */
export interface ImportRecipe {
  opportunities?: FileRecipe;
  history?: FileRecipe;
  accounts?: FileRecipe;
  owners?: FileRecipe;
  /** stage name → header of the column holding the date the deal entered it (wide history). */
  stageDates?: Record<string, string>;
  /** Extra status words: cell text → status, for exports with their own vocabulary. */
  statusValues?: Record<string, Status>;
}
