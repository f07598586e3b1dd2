import { compressTables } from '../db/database.ts';
import type { ImportReport } from '../import/import-dataset.ts';
import { importedRows } from '../import/imported-rows.ts';
import type { ImportRecipe } from '../import/import-options.ts';
import { LATEST_EVENT_SQL } from '../metrics/funnel-sql.ts';
import { buildGrades } from '../metrics/grades/grades.ts';
import { defaultSetup, type GradingSetup } from '../metrics/grades/grading-setup.ts';
import { presentIndicators } from '../metrics/grades/present-indicators.ts';
import { attachGrades, buildStageProgress } from '../metrics/stage-progress.ts';
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
  await deriveTables(
    app,
    model,
    app.useHistory,
    importedRows(report.opportunities, report.history),
  );
  const [latest] = await db.query<{ as_of: string | null }>(LATEST_EVENT_SQL);
  app.loaded(report, source, recipe, model, latest?.as_of ?? null);
}

/**
 * The per-deal table, then its grades, each compressed once written: the grades are built beside
 * a compressed per-deal table, which at 5M deals is what fits in a tab.
 */
async function deriveTables(
  app: AppState,
  model: StageModel,
  useHistory: boolean,
  rows: number,
): Promise<void> {
  const db = app.db!;
  await buildStageProgress(db, model, useHistory);
  await compressTables(db, rows);
  await buildGradesFor(app, model);
  await compressTables(db, rows);
}

/**
 * Grades every opportunity with the chosen setup, else the default for the data's indicators. A
 * setup that no longer fits (a scope stage the model lacks) leaves the grades out, and says why.
 */
async function buildGradesFor(app: AppState, model: StageModel): Promise<void> {
  const db = app.db!;
  try {
    const setup = app.grading ?? defaultSetup(await presentIndicators(db));
    await buildGrades(db, setup, model);
    app.gradesReady = true;
    app.gradesError = null;
  } catch (error) {
    await db.exec(`CREATE OR REPLACE TABLE opp_grades AS
      SELECT id, false AS in_scope, NULL::DOUBLE AS score, NULL::VARCHAR AS grade,
        NULL::INTEGER AS rule, customer_class, NULL::VARCHAR AS class_source,
        NULL::VARCHAR AS industry_tier FROM opp_progress`);
    await attachGrades(db);
    app.gradesReady = false;
    app.gradesError = error instanceof Error ? error.message : String(error);
  }
}

/** A new grading setup (null: the default) from the grades page or a link: grade again. */
export async function applyGrading(app: AppState, setup: GradingSetup | null): Promise<void> {
  app.grading = setup;
  if (!app.model) return;
  await buildGradesFor(app, app.model);
  app.version += 1;
}

export async function applyStageModel(
  app: AppState,
  model: StageModel,
  useHistory = app.useHistory,
): Promise<void> {
  const { report } = app;
  await deriveTables(
    app,
    model,
    useHistory,
    report ? importedRows(report.opportunities, report.history) : Infinity,
  );
  app.useHistory = useHistory;
  app.modelChanged(model);
}
