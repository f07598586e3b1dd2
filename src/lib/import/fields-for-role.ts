import {
  ACCOUNT_FIELD_NAMES,
  HISTORY_FIELD_NAMES,
  OPPORTUNITY_FIELD_NAMES,
  OWNER_FIELD_NAMES,
} from '../model/schema.ts';
import type { FileRole } from './guess-role.ts';

/** The canonical fields a file of each role can map, in the order the mapping step lists them. */
export const FIELDS_FOR_ROLE: Record<FileRole, readonly string[]> = {
  opportunities: [...OPPORTUNITY_FIELD_NAMES, 'is_won', 'is_closed'],
  history: HISTORY_FIELD_NAMES,
  accounts: ACCOUNT_FIELD_NAMES,
  owners: OWNER_FIELD_NAMES,
};
