import type { ImportReport, ProgressListener } from '../import/import-dataset.ts';
import { importedRows } from '../import/imported-rows.ts';
import type { ImportRecipe } from '../import/import-options.ts';
import { deriveTables, gradeOpportunities } from '../metrics/derive-tables.ts';
import { LATEST_EVENT_SQL } from '../metrics/funnel-sql.ts';
import type { GradingSetup } from '../metrics/grades/grading-setup.ts';
import { segmentPresence } from '../metrics/segment-presence.ts';
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

async function deriveFor(
  app: AppState,
  model: StageModel,
  useHistory: boolean,
  rows: number,
): Promise<void> {
  const { gradesError } = await deriveTables(
    app.db!,
    model,
    { useHistory, grading: app.grading },
    rows,
  );
  setGradesError(app, gradesError);
}

function setGradesError(app: AppState, error: string | null): void {
  app.gradesReady = error === null;
  app.gradesError = error;
}

/** A new grading setup (null: the default) from the grades page or a link: grade again. */
export async function applyGrading(app: AppState, setup: GradingSetup | null): Promise<void> {
  app.grading = setup;
  if (!app.model) return;
  setGradesError(app, (await gradeOpportunities(app.db!, setup, app.model)).gradesError);
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
