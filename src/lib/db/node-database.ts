import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { CONNECTION_SETUP, type Database, type Row, type SqlValue } from './database.ts';
import { normalizeValue } from './normalize-value.ts';

/**
 * Native DuckDB for tests and the command line; registered files live in a private temp folder,
 * and what DuckDB spills past its memory limit too (else it writes `.tmp` into the working
 * directory). `memoryLimit` (DuckDB's syntax, '12GB') replaces DuckDB's default of 80% of RAM.
 */
export async function openNodeDatabase(options: { memoryLimit?: string } = {}): Promise<Database> {
  const folder = mkdtempSync(join(tmpdir(), 'funnelcast-'));
  const instance = await DuckDBInstance.create(':memory:', {
    temp_directory: join(folder, 'spill'),
    ...(options.memoryLimit ? { memory_limit: options.memoryLimit } : {}),
  });
  const connection = await instance.connect();
  for (const statement of CONNECTION_SETUP) await connection.run(statement);

  return {
    async query<T extends Row = Row>(sql: string, params: SqlValue[] = []): Promise<T[]> {
      const reader = await connection.runAndReadAll(sql, params as DuckDBValue[]);
      const columns = reader.columnNames();
      return reader.getRows().map((values) => {
        const row: Row = {};
        columns.forEach((name, i) => (row[name] = normalizeValue(toPlain(values[i] ?? null))));
        return row as T;
      });
    },
    async exec(sql: string): Promise<void> {
      await connection.run(sql);
    },
    async registerFile(name: string, bytes: Uint8Array): Promise<string> {
      const path = join(folder, name.replace(/[^\w.-]/g, '_'));
      writeFileSync(path, bytes);
      return path;
    },
    async dropFile(name: string): Promise<void> {
      rmSync(join(folder, name.replace(/[^\w.-]/g, '_')), { force: true });
    },
    async close(): Promise<void> {
      connection.closeSync();
      instance.closeSync();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** node-api wraps DATE, TIMESTAMP and DECIMAL in value classes; turn them into JS primitives. */
function toPlain(value: DuckDBValue): unknown {
  if (value === null || typeof value !== 'object') return value;
  if ('toDouble' in value && typeof value.toDouble === 'function') return value.toDouble();
  return value.toString();
}
