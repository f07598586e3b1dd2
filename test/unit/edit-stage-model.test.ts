import { describe, expect, it } from 'vitest';
import {
  addStage,
  markTerminal,
  mergeStage,
  moveStage,
  renameStage,
  setPreset,
} from '../../src/lib/model/edit-stage-model.ts';
import type { StageModel } from '../../src/lib/model/stage-model.ts';

const base: StageModel = {
  source: { kind: 'built-in', id: 'salesforce' },
  stages: [
    { name: 'Prospecting', members: ['Prospecting'], preset: 0.1 },
    { name: 'Qualification', members: ['Qualification'], preset: 0.1 },
    { name: 'Proposal', members: ['Proposal'], preset: 0.75 },
  ],
  won: ['Closed Won'],
  lost: ['Closed Lost'],
};
const names = (m: StageModel) => m.stages.map((s) => s.name);

describe('moveStage(model, index, delta)', () => {
  it('swaps neighbours, makes the model custom and leaves the original alone', () => {
    const moved = moveStage(base, 2, -1);
    expect(names(moved)).toEqual(['Prospecting', 'Proposal', 'Qualification']);
    expect(moved.source).toEqual({ kind: 'custom' });
    expect(names(base)).toEqual(['Prospecting', 'Qualification', 'Proposal']);
  });
  it('does nothing past either end', () => {
    expect(moveStage(base, 0, -1)).toBe(base);
    expect(moveStage(base, 2, 1)).toBe(base);
  });
});

describe('renameStage(model, index, name)', () => {
  it('renames but refuses a blank or duplicate name', () => {
    expect(names(renameStage(base, 1, ' Discovery '))).toEqual([
      'Prospecting',
      'Discovery',
      'Proposal',
    ]);
    expect(renameStage(base, 1, '  ')).toBe(base);
    expect(renameStage(base, 1, 'Proposal')).toBe(base);
  });
});

describe('mergeStage(model, from, into)', () => {
  it('moves the data values of one stage into another', () => {
    const merged = mergeStage(base, 0, 1);
    expect(merged.stages).toEqual([
      { name: 'Qualification', members: ['Qualification', 'Prospecting'], preset: 0.1 },
      { name: 'Proposal', members: ['Proposal'], preset: 0.75 },
    ]);
  });
});

describe('setPreset(model, index, preset)', () => {
  it('takes 0–1 or null and refuses anything else', () => {
    expect(setPreset(base, 2, 0.6).stages[2]?.preset).toBe(0.6);
    expect(setPreset(base, 2, null).stages[2]?.preset).toBeNull();
    expect(setPreset(base, 2, 1.5)).toBe(base);
    expect(setPreset(base, 2, Number.NaN)).toBe(base);
  });
});

describe('markTerminal(model, index, outcome) and addStage(model, name)', () => {
  it('turns an open stage into a lost terminal value', () => {
    const marked = markTerminal(base, 2, 'lost');
    expect(names(marked)).toEqual(['Prospecting', 'Qualification']);
    expect(marked.lost).toEqual(['Closed Lost', 'Proposal']);
    expect(marked.won).toEqual(['Closed Won']);
  });
  it('adds an unplaced stage last, once', () => {
    const added = addStage(base, 'Negotiation');
    expect(names(added)).toEqual(['Prospecting', 'Qualification', 'Proposal', 'Negotiation']);
    expect(addStage(added, 'Negotiation')).toBe(added);
  });
});
