import type { ImportReport } from '../import/import-dataset.ts';
import type { ImportRecipe } from '../import/import-options.ts';
import { LATEST_EVENT_SQL } from '../metrics/funnel-sql.ts';
import { buildStageProgress } from '../metrics/stage-progress.ts';
import { chooseStageModel } from '../model/infer-stage-order.ts';
import type { StageModel } from '../model/stage-model.ts';
import type { AppState, DataSource } from '../state/app-state.svelte.ts';

/** After an import: choose the stage model, derive the per-opportunity table, then show it. */
export async function publishImport(
  app: AppState,
  report: ImportReport,
  source: DataSource,
  recipe: ImportRecipe = {},
): Promise<void> {
  const db = app.db!;
  const { model } = await chooseStageModel(db);
  await buildStageProgress(db, model, app.useHistory);
  const [latest] = await db.query<{ as_of: string | null }>(LATEST_EVENT_SQL);
  app.loaded(report, source, recipe, model, latest?.as_of ?? null);
}

export async function applyStageModel(
  app: AppState,
  model: StageModel,
  useHistory = app.useHistory,
): Promise<void> {
  await buildStageProgress(app.db!, model, useHistory);
  app.useHistory = useHistory;
  app.modelChanged(model);
}
