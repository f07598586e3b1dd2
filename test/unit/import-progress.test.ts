import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishImport } from '../../src/lib/app/analysis.ts';
import type { Database } from '../../src/lib/db/database.ts';
import {
  importDataset,
  importPhaseCount,
  type ImportSources,
  type ProgressListener,
} from '../../src/lib/import/import-dataset.ts';
import type { AppState } from '../../src/lib/state/app-state.svelte.ts';
import { utf8 } from '../helpers/db.ts';
import { ENGINES } from '../helpers/engines.ts';

const OPPORTUNITIES = `id,account,stage,status,amount,created_at,close_date
A1,Acme,Proposal,open,100,2024-01-05,2024-06-30
A2,Birch,Won,won,200,2024-02-01,2024-03-15
`;
const HISTORY = `opportunity_id,stage,entered_at
A1,Qualification,2024-01-05
A1,Proposal,2024-02-10
A2,Qualification,2024-02-01
`;
const ACCOUNTS = `account,industry
Acme,Retail
Birch,Energy
`;

describe.each(ENGINES)('the phases an import reports, on %s', (_engine, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db.close());

  /** Imports and publishes the files, as the Data tab does, and lists the phases heard. */
  async function phasesOf(sources: ImportSources): Promise<string[]> {
    const heard: string[] = [];
    const progress: ProgressListener = (phase, file) => heard.push(`${phase} ${file}`);
    const report = await importDataset(db, sources, {}, progress);
    const app = { db, useHistory: true, grading: null, loaded: () => {} } as unknown as AppState;
    await publishImport(app, report, { kind: 'demo' }, { progress });
    return heard;
  }
  const file = (fileName: string, text: string) => ({ fileName, bytes: utf8(text) });

  it('goes through three phases a file, then publishing and deriving', async () => {
    const heard = await phasesOf({
      opportunities: file('deals.csv', OPPORTUNITIES),
      history: file('history.csv', HISTORY),
      accounts: file('accounts.csv', ACCOUNTS),
    });
    expect(heard).toEqual([
      'reading deals.csv',
      'loading deals.csv',
      'checking deals.csv',
      'reading accounts.csv',
      'loading accounts.csv',
      'checking accounts.csv',
      'reading history.csv',
      'loading history.csv',
      'checking history.csv',
      'publishing deals.csv',
      'deriving deals.csv',
    ]);
    expect(heard).toHaveLength(importPhaseCount(3));
  });

  it('counts the phases of a single file the same way', async () => {
    const heard = await phasesOf({ opportunities: file('deals.csv', OPPORTUNITIES) });
    expect(heard).toHaveLength(importPhaseCount(1));
    expect(heard.at(-1)).toBe('deriving deals.csv');
  });
});
