import type { StageModel } from './stage-model.ts';

/** Edits a user makes to a stage model; each returns a new model and leaves the old one as it was. */

const custom = (model: StageModel, change: Partial<StageModel>): StageModel => ({
  ...model,
  ...change,
  source: { kind: 'custom' },
});

export function moveStage(model: StageModel, index: number, delta: -1 | 1): StageModel {
  const target = index + delta;
  if (target < 0 || target >= model.stages.length) return model;
  const stages = [...model.stages];
  [stages[index], stages[target]] = [stages[target]!, stages[index]!];
  return custom(model, { stages });
}

export function renameStage(model: StageModel, index: number, name: string): StageModel {
  const trimmed = name.trim();
  const stage = model.stages[index];
  if (!stage || trimmed === '' || model.stages.some((s, i) => i !== index && s.name === trimmed)) {
    return model;
  }
  const stages = model.stages.map((s, i) => (i === index ? { ...s, name: trimmed } : s));
  return custom(model, { stages });
}

/** Two CRM stages counted as one: `from`'s data values join `into`, which keeps its name. */
export function mergeStage(model: StageModel, from: number, into: number): StageModel {
  const source = model.stages[from];
  const target = model.stages[into];
  if (!source || !target || from === into) return model;
  const merged = {
    ...target,
    members: [...new Set([...target.members, source.name, ...source.members])],
  };
  const stages = model.stages.flatMap((s, i) => (i === from ? [] : i === into ? [merged] : [s]));
  return custom(model, { stages });
}

export function setPreset(model: StageModel, index: number, preset: number | null): StageModel {
  if (preset !== null && !(preset >= 0 && preset <= 1)) return model;
  const stages = model.stages.map((s, i) => (i === index ? { ...s, preset } : s));
  return custom(model, { stages });
}

/** A stage that really is an outcome (e.g. "Closed - Duplicate" as lost) leaves the open stages. */
export function markTerminal(
  model: StageModel,
  index: number,
  outcome: 'won' | 'lost',
): StageModel {
  const stage = model.stages[index];
  if (!stage) return model;
  const values = [stage.name, ...stage.members];
  return custom(model, {
    stages: model.stages.filter((_, i) => i !== index),
    won: outcome === 'won' ? [...new Set([...model.won, ...values])] : model.won,
    lost: outcome === 'lost' ? [...new Set([...model.lost, ...values])] : model.lost,
  });
}

/** A stage name found in the data but not in the model, added as the last open stage. */
export function addStage(model: StageModel, name: string): StageModel {
  if (model.stages.some((s) => s.name === name || s.members.includes(name))) return model;
  return custom(model, { stages: [...model.stages, { name, members: [name], preset: null }] });
}
