import { statusFromTerm } from '../import/status-terms.ts';
import { BUILT_IN_MODELS, type BuiltInModel, type BuiltInName } from './built-in-models.ts';
import { nameKeys, normalizeStageName } from './stage-names.ts';
import type { BuiltInModelId, StageModel } from './stage-model.ts';

/** A distinct stage value of the data, from the opportunities or the stage history. */
export interface StageCount {
  stage: string;
  /** Opportunities at the stage now or with a history entry for it. */
  n: number;
  /** Open opportunities at the stage now. */
  open: number;
}

/** A built-in model is taken when its open stages hold this share of the non-terminal counts. */
const MIN_COVERAGE = 0.8;

type Place = 'won' | 'lost' | number | null;

/** Where a data value goes in a built-in model: a terminal, an open stage's index, or nowhere. */
function place(model: BuiltInModel, value: string): Place {
  const key = normalizeStageName(value);
  const status = statusFromTerm(value);
  if (status === 'won' || nameKeys(model.won).includes(key)) return 'won';
  if (status === 'lost' || nameKeys(model.lost).includes(key)) return 'lost';
  const index = model.stages.findIndex((stage) => nameKeys(stage).includes(key));
  return index < 0 ? null : index;
}

const HAN = /\p{Script=Han}/u;

/** The language most placed data values are written in (Chinese on a tie), else the model's. */
function dataLanguage(model: BuiltInModel, placed: string[]): 'zh' | 'en' {
  if (placed.length === 0) return model.language;
  return placed.filter((value) => HAN.test(value)).length * 2 >= placed.length ? 'zh' : 'en';
}

/**
 * A built-in model instantiated for the data: each stage named by the first of `found` (most
 * common first) that it matches, gathering every matching value, else by its built-in name in the
 * data's language; won and lost from its terminals and from the values the import's status
 * vocabulary calls won or lost.
 */
export function builtInModel(id: BuiltInModelId, found: string[]): StageModel {
  const model = BUILT_IN_MODELS[id];
  const members: string[][] = model.stages.map(() => []);
  const won: string[] = [];
  const lost: string[] = [];
  const placed: string[] = [];
  for (const value of found) {
    const at = place(model, value);
    if (at === null) continue;
    placed.push(value);
    if (at === 'won') won.push(value);
    else if (at === 'lost') lost.push(value);
    else members[at]?.push(value);
  }
  const zh = dataLanguage(model, placed) === 'zh';
  const builtInName = (name: BuiltInName) => (zh ? name.zh : name.en);
  return {
    source: { kind: 'built-in', id },
    stages: model.stages.map((stage, i) => {
      const values = members[i] ?? [];
      const name = values[0] ?? builtInName(stage);
      return { name, members: values.length > 0 ? values : [name], preset: stage.preset };
    }),
    won: won.length > 0 ? won : [builtInName(model.won)],
    lost: lost.length > 0 ? lost : [builtInName(model.lost)],
  };
}

/**
 * The built-in model whose open stages hold at least 80 % of the opportunities at non-terminal
 * stage values (terminals: the model's, and what the status vocabulary calls won or lost), with
 * that share; null when none does, or when the data has no non-terminal stage value.
 */
export function matchBuiltInModel(
  found: StageCount[],
): { model: StageModel; coverage: number } | null {
  let best: { id: BuiltInModelId; coverage: number } | null = null;
  for (const model of Object.values(BUILT_IN_MODELS)) {
    let nonTerminal = 0;
    let covered = 0;
    for (const { stage, n } of found) {
      const at = place(model, stage);
      if (at === 'won' || at === 'lost') continue;
      nonTerminal += n;
      if (at !== null) covered += n;
    }
    if (nonTerminal > 0 && covered / nonTerminal > (best?.coverage ?? 0)) {
      best = { id: model.id, coverage: covered / nonTerminal };
    }
  }
  if (!best || best.coverage < MIN_COVERAGE) return null;
  const names = found.map((f) => f.stage);
  return { model: builtInModel(best.id, names), coverage: best.coverage };
}

/** Data stage values the model places nowhere: listed to the user, never dropped silently. */
export function unplacedStages(model: StageModel, found: string[]): string[] {
  const placed = new Set([...model.stages.flatMap((s) => s.members), ...model.won, ...model.lost]);
  return found.filter((value) => !placed.has(value));
}
