import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import { chooseStageModel, inferStageModel } from '../../src/lib/model/infer-stage-order.ts';
import type { StageModel } from '../../src/lib/model/stage-model.ts';
import { utf8 } from '../helpers/db.ts';
import { ENGINES } from '../helpers/engines.ts';

const presets = (model: StageModel) => model.stages.map((s) => [s.name, s.preset]);

// History gives Intro → Demo → Pilot → Terms; the exported probabilities would say
// Demo 10 %, Intro 40 %, Terms 60 %, and Pilot has no open deal. Signed and Dropped hold only a won
// and a lost deal that never moved on: terminals. Pilot holds only the lost o2, but o1, o3 and o4
// moved on from it, so it stays an open stage.
const HISTORY_DEALS = `id,stage,status,probability
o1,Terms,open,60
o2,Pilot,lost,0
o3,Signed,won,100
o4,Dropped,lost,0
o5,Demo,open,10
o6,Intro,open,40
`;
// o3 skipped Intro; o4 skipped Demo and moved back from Terms to Pilot.
const HISTORY = `opportunity_id,stage,entered_at
o1,Intro,2024-01-01
o1,Demo,2024-01-02
o1,Pilot,2024-01-03
o1,Terms,2024-01-04
o2,Intro,2024-01-01
o2,Demo,2024-01-02
o2,Pilot,2024-01-03
o3,Demo,2024-01-01
o3,Pilot,2024-01-02
o3,Terms,2024-01-03
o3,Signed,2024-01-04
o4,Intro,2024-01-01
o4,Pilot,2024-01-02
o4,Terms,2024-01-03
o4,Pilot,2024-01-04
o4,Dropped,2024-01-05
o5,Intro,2024-01-01
o5,Demo,2024-01-02
o6,Intro,2024-01-01
`;

// No history and no status column: the status follows the stage, and Closed Won and Closed Lost
// are terminals by the import's vocabulary.
const PROBABILITY_DEALS = `id,stage,probability
1,Meeting,30
2,Scoping,10
3,Offer,60
4,Scoping,20
5,Closed Won,100
6,Closed Lost,0
`;

// Neither history nor probability. Dead holds only lost deals and Signed only a won one; Scoping
// and Offer hold a closed deal each beside open ones.
const PLAIN_DEALS = `id,stage,status
1,Scoping,open
2,Meeting,open
3,Scoping,lost
4,Dead,lost
5,Offer,open
6,Offer,won
7,Signed,won
8,Dead,lost
`;

// The demo's lifecycle names, plus 暂停 (paused) now and 搁置 (on hold) only in the history.
const LIFECYCLE_DEALS = `id,stage
1,潜在商机
2,潜在商机
3,潜在商机
4,有效商机
5,有效商机
6,可行商机
7,可行商机
8,目标商机
9,暂停
10,成功商机
11,成功商机
12,失败商机
`;
const LIFECYCLE_HISTORY = `opportunity_id,stage,entered_at
1,潜在商机,2024-01-01
9,搁置,2024-01-01
9,暂停,2024-02-01
`;

// Zoho's stage names, with the probabilities of the export.
const ZOHO_DEALS = `id,stage,probability
1,Needs Analysis,30
2,Proposal/Price Quote,75
3,Prospect,10
4,Closed Won,100
5,Initial Offer,50
6,Qualification,20
7,Negotiation/Review,90
8,Closed Lost,0
`;

describe.each(ENGINES)('inferStageModel(db) on %s', (_engine, open) => {
  let db: Database;
  beforeEach(async () => {
    db = await open();
  });
  afterEach(() => db.close());

  const load = (deals: string, history?: string) =>
    importDataset(db, {
      opportunities: { fileName: 'deals.csv', bytes: utf8(deals) },
      ...(history ? { history: { fileName: 'history.csv', bytes: utf8(history) } } : {}),
    });

  it('orders by the median position of first entries, despite a backward move', async () => {
    await load(HISTORY_DEALS, HISTORY);
    // First-entry positions: Intro o1 1, o2 1, o4 1, o5 1, o6 1 → median 1;
    // Demo o1 2, o2 2, o3 1, o5 2 → 2; Pilot o1 3, o2 3, o3 2, o4 2 → 2.5; Terms o1 4, o3 3,
    // o4 3 → 3. Ranking o4's return to Pilot instead (Terms 2, Pilot 3), or every entry, would
    // tie Pilot and Terms at 3.
    const model = await inferStageModel(db);
    expect(model.source).toEqual({ kind: 'inferred', by: 'history' });
    expect(presets(model)).toEqual([
      ['Intro', 0.4],
      ['Demo', 0.1],
      ['Pilot', null],
      ['Terms', 0.6],
    ]);
    expect(model.won).toEqual(['Signed']);
    expect(model.lost).toEqual(['Dropped']);
  });

  it('orders by the mean probability of the open deals without history', async () => {
    await load(PROBABILITY_DEALS);
    // Scoping (10 + 20) / 2 = 15 %, Meeting 30 %, Offer 60 %.
    const model = await inferStageModel(db);
    expect(model.source).toEqual({ kind: 'inferred', by: 'probability' });
    expect(model.stages.map((s) => s.name)).toEqual(['Scoping', 'Meeting', 'Offer']);
    expect(model.stages[0]?.preset).toBeCloseTo(0.15, 12);
    expect(model.stages.map((s) => s.members)).toEqual([['Scoping'], ['Meeting'], ['Offer']]);
    expect(model.won).toEqual(['Closed Won']);
    expect(model.lost).toEqual(['Closed Lost']);
  });

  it('orders by first appearance in the file without history or probability', async () => {
    await load(PLAIN_DEALS);
    // First rows: Scoping 1, Meeting 2, Offer 5. Dead (all lost) and Signed (all won) are terminals.
    const model = await inferStageModel(db);
    expect(model.source).toEqual({ kind: 'inferred', by: 'first-appearance' });
    expect(presets(model)).toEqual([
      ['Scoping', null],
      ['Meeting', null],
      ['Offer', null],
    ]);
    expect(model.won).toEqual(['Signed']);
    expect(model.lost).toEqual(['Dead']);
  });
});

describe.each(ENGINES)('chooseStageModel(db) on %s', (_engine, open) => {
  let db: Database;
  beforeEach(async () => {
    db = await open();
  });
  afterEach(() => db.close());

  it('takes a built-in model that covers the data and lists what it leaves out', async () => {
    await importDataset(db, {
      opportunities: { fileName: 'deals.csv', bytes: utf8(LIFECYCLE_DEALS) },
      history: { fileName: 'history.csv', bytes: utf8(LIFECYCLE_HISTORY) },
    });
    // Non-terminal opportunities per value: 潜在商机 3, 有效商机 2, 可行商机 2, 目标商机 1, 暂停 1,
    // 搁置 1 (history only) → coverage 8 / 10.
    const choice = await chooseStageModel(db);
    expect(choice.model.source).toEqual({ kind: 'built-in', id: 'lifecycle' });
    expect(choice.model.stages.map((s) => s.name)).toEqual([
      '潜在商机',
      '有效商机',
      '可行商机',
      '目标商机',
    ]);
    expect(choice.model.won).toEqual(['成功商机']);
    expect(choice.model.lost).toEqual(['失败商机']);
    expect(choice.coverage).toBe(0.8);
    // Equal counts, then by value: 搁 U+6401 before 暂 U+6682.
    expect(choice.unplaced).toEqual(['搁置', '暂停']);
  });

  it('infers the order when no built-in model covers the data (Zoho)', async () => {
    await importDataset(db, {
      opportunities: { fileName: 'deals.csv', bytes: utf8(ZOHO_DEALS) },
    });
    const choice = await chooseStageModel(db);
    expect(choice).toEqual({
      model: {
        source: { kind: 'inferred', by: 'probability' },
        stages: [
          { name: 'Prospect', members: ['Prospect'], preset: 0.1 },
          { name: 'Qualification', members: ['Qualification'], preset: 0.2 },
          { name: 'Needs Analysis', members: ['Needs Analysis'], preset: 0.3 },
          { name: 'Initial Offer', members: ['Initial Offer'], preset: 0.5 },
          { name: 'Proposal/Price Quote', members: ['Proposal/Price Quote'], preset: 0.75 },
          { name: 'Negotiation/Review', members: ['Negotiation/Review'], preset: 0.9 },
        ],
        won: ['Closed Won'],
        lost: ['Closed Lost'],
      },
      unplaced: [],
      coverage: null,
    });
  });
});
