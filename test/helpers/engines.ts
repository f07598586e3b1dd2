import type { Database } from '../../src/lib/db/database.ts';
import { openNodeDatabase } from '../../src/lib/db/node-database.ts';
import { openWasmDatabase } from '../../src/lib/db/wasm-node-database.ts';

/** Both engines the product runs on: native DuckDB (command line) and DuckDB-WASM (the site). */
export const ENGINES: Array<[name: string, open: () => Promise<Database>]> = [
  ['native DuckDB', openNodeDatabase],
  ['DuckDB-WASM', openWasmDatabase],
];
