/**
 * A stage model: the ordered open stages S1…Sk plus the won and lost terminals (METRICS.md,
 * "Dates and today"). Stage names are as the data writes them; a model stage can gather several
 * CRM stages (`members`), e.g. two CRM stages merged into one lifecycle stage.
 */
export interface ModelStage {
  /** The name shown for the stage (and used in links); for a built-in stage, its data name. */
  name: string;
  /** Stage values in the data counted as this stage; always includes `name` itself. */
  members: string[];
  /** Preset win rate 0–1, or null when unknown (the seed models carry no numbers). */
  preset: number | null;
}

export type StageModelSource =
  | { kind: 'built-in'; id: BuiltInModelId }
  /** Order inferred from the data, to be confirmed by the user. */
  | { kind: 'inferred'; by: 'history' | 'probability' | 'sort-order' | 'first-appearance' }
  | { kind: 'custom' };

export type BuiltInModelId =
  'lifecycle' | 'project-sales' | 'key-account' | 'salesforce' | 'hubspot';

export interface StageModel {
  source: StageModelSource;
  stages: ModelStage[];
  /** Data values that mean the won terminal (Closed Won, 成功商机 …). */
  won: string[];
  /** Data values that mean the lost terminal. */
  lost: string[];
}
