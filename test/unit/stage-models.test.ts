import { describe, expect, it } from 'vitest';
import { BUILT_IN_MODELS } from '../../src/lib/model/built-in-models.ts';
import {
  builtInModel,
  matchBuiltInModel,
  unplacedStages,
  type StageCount,
} from '../../src/lib/model/choose-stage-model.ts';
import { nameKeys, normalizeStageName, stageLabel } from '../../src/lib/model/stage-names.ts';
import type { StageModel } from '../../src/lib/model/stage-model.ts';

const MODELS = Object.values(BUILT_IN_MODELS);
const HAN = /\p{Script=Han}/u;
const counts = (...rows: Array<[stage: string, n: number]>): StageCount[] =>
  rows.map(([stage, n]) => ({ stage, n, open: n }));
const stageNames = (model: { stages: Array<{ name: string }> }) => model.stages.map((s) => s.name);

const SALESFORCE_SAMPLE = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Id. Decision Makers',
  'Perception Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
];

describe('BUILT_IN_MODELS', () => {
  it('keys every model by its id', () => {
    for (const [key, model] of Object.entries(BUILT_IN_MODELS)) expect(model.id).toBe(key);
  });

  it('names every stage and terminal in Chinese and in English', () => {
    for (const model of MODELS) {
      for (const name of [...model.stages, model.won, model.lost]) {
        expect(name.zh).toMatch(HAN);
        expect(name.en).not.toMatch(HAN);
      }
    }
  });

  it('has the GLOSSARY.md step counts: lifecycle 5, project sales 7, key account 8', () => {
    // The last step of each seed model is its won terminal, so the open stages are one fewer.
    expect(MODELS.map((m) => [m.id, m.stages.length])).toEqual([
      ['lifecycle', 4],
      ['project-sales', 6],
      ['key-account', 7],
      ['salesforce', 8],
      ['hubspot', 5],
    ]);
    expect(BUILT_IN_MODELS['project-sales'].won.zh).toBe('完成销售成交');
    expect(BUILT_IN_MODELS['key-account'].won.zh).toBe('合同签订');
  });

  it('gives the seed models no presets and the CRM defaults theirs, all within 0–1', () => {
    const presets = (id: keyof typeof BUILT_IN_MODELS) =>
      BUILT_IN_MODELS[id].stages.map((s) => s.preset);
    expect(presets('lifecycle')).toEqual([null, null, null, null]);
    expect(presets('project-sales').every((p) => p === null)).toBe(true);
    expect(presets('key-account').every((p) => p === null)).toBe(true);
    expect(presets('salesforce')).toEqual([0.1, 0.1, 0.2, 0.5, 0.6, 0.7, 0.75, 0.9]);
    expect(presets('hubspot')).toEqual([0.2, 0.4, 0.6, 0.8, 0.9]);
  });

  it('has no two names or aliases in one model that fold to the same key', () => {
    for (const model of MODELS) {
      const keys = [...model.stages, model.won, model.lost].flatMap(nameKeys);
      expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
    }
  });

  it('gives a key shared by two models the same translation, so stageLabel is unambiguous', () => {
    const pairs = new Map<string, string>();
    for (const model of MODELS) {
      for (const name of [...model.stages, model.won, model.lost]) {
        const pair = `${normalizeStageName(name.zh)} | ${normalizeStageName(name.en)}`;
        for (const key of nameKeys(name)) {
          expect(pairs.get(key) ?? pair).toBe(pair);
          pairs.set(key, pair);
        }
      }
    }
  });

  it('shares no open stage name between models, so at most one model places a stage value', () => {
    const owner = new Map<string, string>();
    for (const model of MODELS) {
      for (const key of model.stages.flatMap(nameKeys)) {
        expect(owner.get(key) ?? model.id).toBe(model.id);
        owner.set(key, model.id);
      }
    }
  });
});

describe('normalizeStageName(s)', () => {
  it('folds width, case, spaces and punctuation', () => {
    expect(normalizeStageName('Ｃｌｏｓｅｄ\u3000Ｗｏｎ')).toBe('closedwon');
    expect(normalizeStageName('Id. Decision Makers')).toBe('iddecisionmakers');
    expect(normalizeStageName(' Proposal / Price-Quote ')).toBe('proposalpricequote');
    expect(normalizeStageName('Decision maker bought-in')).toBe('decisionmakerboughtin');
  });

  it('folds traditional Chinese, including characters only stage names use', () => {
    expect(normalizeStageName('潛在商機')).toBe('潜在商机');
    expect(normalizeStageName('目標商機')).toBe('目标商机');
    expect(normalizeStageName('電話預約與上門拜訪')).toBe('电话预约与上门拜访');
  });
});

describe('stageLabel(name, locale)', () => {
  it('translates built-in stages both ways', () => {
    expect(stageLabel('潜在商机', 'en')).toBe('Potential');
    expect(stageLabel('Potential', 'zh-CN')).toBe('潜在商机');
    expect(stageLabel('Qualification', 'zh-CN')).toBe('资格审查');
    expect(stageLabel('合同签订', 'en')).toBe('Contract signed');
  });

  it('recognises traditional Chinese, aliases and API ids', () => {
    expect(stageLabel('潛在商機', 'en')).toBe('Potential');
    expect(stageLabel('潛在商機', 'zh-CN')).toBe('潜在商机');
    expect(stageLabel('Identify Decision Makers', 'zh-CN')).toBe('确定决策者');
    expect(stageLabel('Identify Decision Makers', 'en')).toBe('Id. Decision Makers');
    expect(stageLabel('closedwon', 'zh-CN')).toBe('赢单关闭');
    expect(stageLabel('qualifiedtobuy', 'en')).toBe('Qualified to buy');
  });

  it('leaves any other stage name as the data has it', () => {
    expect(stageLabel('暂停', 'en')).toBe('暂停');
    expect(stageLabel('Initial Offer', 'zh-CN')).toBe('Initial Offer');
  });
});

describe('builtInModel(id, found)', () => {
  it('names stages as the data does, gathers spellings, and names absent stages in its language', () => {
    const model = builtInModel('salesforce', [
      'Identify Decision Makers',
      'Prospecting',
      'Id. Decision Makers',
      'Won',
      'Closed Lost',
      'Initial Offer',
    ]);
    expect(model.source).toEqual({ kind: 'built-in', id: 'salesforce' });
    expect(model.stages[0]).toEqual({ name: 'Prospecting', members: ['Prospecting'], preset: 0.1 });
    // Absent from the data: the English name, as the placed values are English.
    expect(model.stages[1]).toEqual({
      name: 'Qualification',
      members: ['Qualification'],
      preset: 0.1,
    });
    // The first spelling found names the stage.
    expect(model.stages[4]).toEqual({
      name: 'Identify Decision Makers',
      members: ['Identify Decision Makers', 'Id. Decision Makers'],
      preset: 0.6,
    });
    // 'Won' is not Salesforce's name, but the import's status vocabulary calls it won.
    expect(model.won).toEqual(['Won']);
    expect(model.lost).toEqual(['Closed Lost']);
    expect(unplacedStages(model, ['Prospecting', 'Won', 'Initial Offer'])).toEqual([
      'Initial Offer',
    ]);
  });

  it('instantiates a seed model for English data in English', () => {
    const model = builtInModel('lifecycle', ['Potential', 'Qualified opportunity', 'Won']);
    expect(stageNames(model)).toEqual(['Potential', 'Qualified opportunity', 'Feasible', 'Target']);
    expect(model.won).toEqual(['Won']);
    expect(model.lost).toEqual(['Lost']);
  });

  it('falls back to the names of the model’s own language when nothing in the data matches', () => {
    const model = builtInModel('key-account', []);
    expect(stageNames(model)[0]).toBe('行业与客户规划');
    expect(model.won).toEqual(['合同签订']);
    expect(model.lost).toEqual(['丢单']);
  });
});

describe('matchBuiltInModel(found)', () => {
  it('takes the lifecycle model for the demo’s names', () => {
    const match = matchBuiltInModel(
      counts(
        ['潜在商机', 40],
        ['有效商机', 30],
        ['失败商机', 25],
        ['可行商机', 20],
        ['成功商机', 15],
        ['目标商机', 10],
      ),
    );
    expect(match?.coverage).toBe(1);
    expect(match?.model.source).toEqual({ kind: 'built-in', id: 'lifecycle' });
    expect(stageNames(match!.model)).toEqual(['潜在商机', '有效商机', '可行商机', '目标商机']);
    expect(match?.model.stages.map((s) => s.preset)).toEqual([null, null, null, null]);
    expect(match?.model.won).toEqual(['成功商机']);
    expect(match?.model.lost).toEqual(['失败商机']);
  });

  it('takes the lifecycle model for traditional-Chinese names, keeping them as written', () => {
    const match = matchBuiltInModel(
      counts(['潛在商機', 4], ['有效商機', 3], ['可行商機', 2], ['目標商機', 1], ['失敗商機', 2]),
    );
    expect(match?.model.source).toEqual({ kind: 'built-in', id: 'lifecycle' });
    expect(stageNames(match!.model)).toEqual(['潛在商機', '有效商機', '可行商機', '目標商機']);
    expect(match?.model.lost).toEqual(['失敗商機']);
  });

  it('takes the Salesforce model for Salesforce’s sample stage names, with its presets', () => {
    const match = matchBuiltInModel(
      counts(
        ...[...SALESFORCE_SAMPLE, 'Closed Won', 'Closed Lost'].map(
          (s) => [s, 3] as [string, number],
        ),
      ),
    );
    expect(match?.coverage).toBe(1);
    expect(match?.model.source).toEqual({ kind: 'built-in', id: 'salesforce' });
    expect(stageNames(match!.model)).toEqual(SALESFORCE_SAMPLE);
    expect(match?.model.stages[6]?.preset).toBe(0.75);
    expect(match?.model.won).toEqual(['Closed Won']);
  });

  it('takes the HubSpot model for its API ids', () => {
    const ids = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled'];
    const match = matchBuiltInModel(
      counts(
        ...[...ids, 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost'].map(
          (s) => [s, 2] as [string, number],
        ),
      ),
    );
    expect(match?.model.source).toEqual({ kind: 'built-in', id: 'hubspot' });
    expect(stageNames(match!.model).slice(0, 3)).toEqual(ids);
    expect(match?.model.stages.map((s) => s.preset)).toEqual([0.2, 0.4, 0.6, 0.8, 0.9]);
    expect(match?.model.won).toEqual(['closedwon']);
    expect(match?.model.lost).toEqual(['closedlost']);
  });

  it('leaves Zoho’s stage set to inference: Salesforce places only 4 of its 6 open stages', () => {
    // Ten deals each: Salesforce covers Qualification, Needs Analysis, Proposal/Price Quote and
    // Negotiation/Review = 40 / 60 = 67 % < 80 %; no other model covers any.
    const zoho = counts(
      ...[
        'Qualification',
        'Needs Analysis',
        'Initial Offer',
        'Prospect',
        'Proposal/Price Quote',
        'Negotiation/Review',
        'Closed Won',
        'Closed Lost',
      ].map((s) => [s, 10] as [string, number]),
    );
    expect(matchBuiltInModel(zoho)).toBeNull();
  });

  it('counts coverage by opportunities: rare unknown stages still let a model match', () => {
    // Covered 30 + 30 + 20 + 10 = 90 of 100 at non-terminal values; the terminals do not count.
    const found = counts(
      ['Qualification', 30],
      ['Needs Analysis', 30],
      ['Proposal/Price Quote', 20],
      ['Closed Lost', 50],
      ['Negotiation/Review', 10],
      ['Initial Offer', 5],
      ['Prospect', 5],
    );
    const match = matchBuiltInModel(found);
    expect(match?.model.source).toEqual({ kind: 'built-in', id: 'salesforce' });
    expect(match?.coverage).toBeCloseTo(0.9, 12);
    expect(
      unplacedStages(
        match!.model,
        found.map((f) => f.stage),
      ),
    ).toEqual(['Initial Offer', 'Prospect']);
  });

  it('matches at 80 % coverage and not below', () => {
    // 8 / (8 + 2) = 0.8 matches; 7 / (7 + 2) = 0.78 does not.
    expect(matchBuiltInModel(counts(['有效商机', 8], ['暂停', 2]))?.coverage).toBe(0.8);
    expect(matchBuiltInModel(counts(['有效商机', 7], ['暂停', 2]))).toBeNull();
  });

  it('keeps status-vocabulary terminals out of the coverage and puts them in won and lost', () => {
    // 赢单 and 丢单 are not lifecycle names, but the import reads them as won and lost.
    const match = matchBuiltInModel(
      counts(['赢单', 50], ['丢单', 30], ['潜在商机', 10], ['有效商机', 10]),
    );
    expect(match?.coverage).toBe(1);
    expect(match?.model.won).toEqual(['赢单']);
    expect(match?.model.lost).toEqual(['丢单']);
  });

  it('matches nothing when the data has only terminals or nothing', () => {
    expect(matchBuiltInModel(counts(['Closed Won', 3], ['Closed Lost', 2]))).toBeNull();
    expect(matchBuiltInModel([])).toBeNull();
  });
});

describe('unplacedStages(model, found)', () => {
  it('lists the values that are neither a stage member nor a terminal, in the order found', () => {
    const model: StageModel = {
      source: { kind: 'custom' },
      stages: [{ name: 'Early', members: ['Early', 'Lead'], preset: null }],
      won: ['Won'],
      lost: ['Lost'],
    };
    expect(unplacedStages(model, ['Paused', 'Lead', 'Won', 'Early', 'Lost', 'early'])).toEqual([
      'Paused',
      'early',
    ]);
  });
});
