import type { Database } from '../../src/lib/db/database.ts';
import { openNodeDatabase } from '../../src/lib/db/node-database.ts';
import { VALUE_MACROS } from '../../src/lib/import/value-sql.ts';

/** A fresh native DuckDB with the import's value macros defined. */
export async function databaseWithMacros(): Promise<Database> {
  const db = await openNodeDatabase();
  for (const macro of VALUE_MACROS) await db.exec(macro);
  return db;
}

export const utf8 = (text: string) => new TextEncoder().encode(text);
