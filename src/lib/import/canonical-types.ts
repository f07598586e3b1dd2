import type { FieldKind } from '../model/schema.ts';

/** The DuckDB type each kind of field is stored as in the canonical tables. */
export const SQL_TYPE: Record<FieldKind, string> = {
  text: 'VARCHAR',
  status: 'VARCHAR',
  class: 'VARCHAR',
  amount: 'DOUBLE',
  percent: 'DOUBLE',
  number: 'DOUBLE',
  date: 'DATE',
};
