import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../src/lib/db/node-database.ts';

describe('openNodeDatabase(options)', () => {
  it('spills into its own temp folder, under the limit asked for, and removes it when closed', async () => {
    const db = await openNodeDatabase({ memoryLimit: '1000MiB' });
    const [settings] = await db.query<{ limit: string; spill: string }>(
      "SELECT current_setting('memory_limit') AS limit, current_setting('temp_directory') AS spill",
    );
    expect(settings?.limit).toBe('1000.0 MiB');
    const folder = dirname(settings!.spill);
    expect(dirname(folder)).toBe(tmpdir());
    expect(existsSync(folder)).toBe(true);
    await db.close();
    expect(existsSync(folder)).toBe(false);
  });
});
