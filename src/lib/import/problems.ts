/** Why a cell or a row could not be taken as it stands. Messages live in i18n under `problem.<code>`. */
export type ProblemCode =
  | 'malformed_row'
  | 'missing_stage_and_status'
  | 'duplicate_id'
  | 'generated_ids'
  | 'unparseable_date'
  | 'ambiguous_date_order'
  | 'unparseable_amount'
  | 'negative_amount'
  | 'unparseable_percent'
  | 'percent_out_of_range'
  | 'unparseable_number'
  | 'unparseable_class'
  | 'unknown_status'
  | 'status_conflict'
  | 'mixed_currencies'
  | 'unknown_opportunity'
  | 'missing_history_date'
  | 'duplicate_account'
  | 'duplicate_owner'
  | 'encoding_replacement';

export interface Problem {
  file: string;
  /** Spreadsheet row: the header is row 1, so the first record is row 2. Null for file-wide problems. */
  row: number | null;
  column: string | null;
  value: string | null;
  code: ProblemCode;
  /** The row was not loaded; it is kept in the rejected table. */
  rejected: boolean;
}
