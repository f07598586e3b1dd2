import { compressTables, type Database } from '../db/database.ts';
import type { ImportReport, ProgressListener } from '../import/import-dataset.ts';
import { importedRows } from '../import/imported-rows.ts';
import type { ImportRecipe } from '../import/import-options.ts';
import { LATEST_EVENT_SQL } from '../metrics/funnel-sql.ts';
import { buildGrades } from '../metrics/grades/grades.ts';
import { defaultSetup, type GradingSetup } from '../metrics/grades/grading-setup.ts';
import { presentIndicators } from '../metrics/grades/present-indicators.ts';
import { segmentPresence } from '../metrics/segment-presence.ts';
import { attachGrades, buildStageProgress } from '../metrics/stage-progress.ts';
import { chooseStageModel } from '../model/infer-stage-order.ts';
import type { StageModel } from '../model/stage-model.ts';
import type { AppState, DataSource } from '../state/app-state.svelte.ts';
import { loadSnapshotTables, type DemoSnapshot } from './demo-snapshot.ts';

/**
 * After an import: choose the stage model, derive the per-opportunity table, then show it. The
 * recipe is the one the import read the files with; `progress` hears the deriving phase.
 */
export async function publishImport(
  app: AppState,
  report: ImportReport,
  source: DataSource,
  { recipe = {}, progress = () => {} }: { recipe?: ImportRecipe; progress?: ProgressListener } = {},
): Promise<void> {
  progress('deriving', report.opportunities.file);
  const { model } = await chooseStageModel(app.db!);
  await deriveFor(app, model, app.useHistory, importedRows(report.opportunities, report.history));
  await show(app, report, source, recipe, model);
}

/**
 * The demo, its tables loaded ready-made as the import and the default settings leave them;
 * derived again only where the link's settings are not the defaults the snapshot was made with.
 */
export async function publishDemo(app: AppState, snapshot: DemoSnapshot): Promise<void> {
  await loadSnapshotTables(app.db!, snapshot);
  const { model } = await chooseStageModel(app.db!);
  if (
    app.useHistory === SNAPSHOT_SETTINGS.useHistory &&
    app.grading === SNAPSHOT_SETTINGS.grading
  ) {
    setGradesError(app, null);
  } else {
    const { report } = snapshot;
    await deriveFor(app, model, app.useHistory, importedRows(report.opportunities, report.history));
  }
  await show(app, snapshot.report, { kind: 'demo' }, {}, model);
}

async function show(
  app: AppState,
  report: ImportReport,
  source: DataSource,
  recipe: ImportRecipe,
  model: StageModel,
): Promise<void> {
  const [latest] = await app.db!.query<{ as_of: string | null }>(LATEST_EVENT_SQL);
  app.segments = await segmentPresence(app.db!);
  app.loaded(report, source, recipe, model, latest?.as_of ?? null);
}

/** What the demo's snapshot was derived with: the page's defaults. */
export const SNAPSHOT_SETTINGS = { useHistory: true, grading: null } as const;

/**
 * The per-opportunity table, then its grades, each compressed once written: the grades are built
 * beside a compressed per-deal table, which at 5M deals is what fits in a tab. Returns why the
 * grading setup did not fit, or null.
 */
export async function deriveTables(
  db: Database,
  model: StageModel,
  settings: { useHistory: boolean; grading: GradingSetup | null },
  rows: number,
): Promise<string | null> {
  await buildStageProgress(db, model, settings.useHistory);
  await compressTables(db, rows);
  const gradesError = await buildGradesWith(db, settings.grading, model);
  await compressTables(db, rows);
  return gradesError;
}

async function deriveFor(
  app: AppState,
  model: StageModel,
  useHistory: boolean,
  rows: number,
): Promise<void> {
  setGradesError(
    app,
    await deriveTables(app.db!, model, { useHistory, grading: app.grading }, rows),
  );
}

function setGradesError(app: AppState, error: string | null): void {
  app.gradesReady = error === null;
  app.gradesError = error;
}

/**
 * Grades every opportunity with the setup, else the default for the data's indicators. A setup
 * that no longer fits (a scope stage the model lacks) leaves the grades out, and says why.
 */
async function buildGradesWith(
  db: Database,
  grading: GradingSetup | null,
  model: StageModel,
): Promise<string | null> {
  try {
    await buildGrades(db, grading ?? defaultSetup(await presentIndicators(db)), model);
    return null;
  } catch (error) {
    await db.exec(`CREATE OR REPLACE TABLE opp_grades AS
      SELECT id, false AS in_scope, NULL::DOUBLE AS score, NULL::VARCHAR AS grade,
        NULL::INTEGER AS rule, customer_class, NULL::VARCHAR AS class_source,
        NULL::VARCHAR AS industry_tier FROM opp_progress`);
    await attachGrades(db);
    return error instanceof Error ? error.message : String(error);
  }
}

/** A new grading setup (null: the default) from the grades page or a link: grade again. */
export async function applyGrading(app: AppState, setup: GradingSetup | null): Promise<void> {
  app.grading = setup;
  if (!app.model) return;
  setGradesError(app, await buildGradesWith(app.db!, setup, app.model));
  app.segments = await segmentPresence(app.db!);
  app.version += 1;
}

export async function applyStageModel(
  app: AppState,
  model: StageModel,
  useHistory = app.useHistory,
): Promise<void> {
  const { report } = app;
  await deriveFor(
    app,
    model,
    useHistory,
    report ? importedRows(report.opportunities, report.history) : Infinity,
  );
  app.useHistory = useHistory;
  app.segments = await segmentPresence(app.db!);
  app.modelChanged(model);
}
