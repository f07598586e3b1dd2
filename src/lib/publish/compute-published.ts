import type { Database } from '../db/database.ts';
import type { GradingSetup } from '../metrics/grades/grading-setup.ts';
import { computeOverview } from '../metrics/overview-data.ts';
import { computeAnalyses } from '../metrics/report-analyses.ts';
import type { StageModel } from '../model/stage-model.ts';
import type { ReportState } from '../state/url-state.ts';
import {
  analysesKey,
  publishedAnalyses,
  stateSettings,
  type PublishedAnalyses,
} from './published-analyses.ts';

/**
 * Every analysis a published report shows at the state it opens with, over the derived tables
 * (`buildStageProgress`, then `buildGrades` with `grading`): on the command line and in the page.
 */
export async function computePublished(
  db: Database,
  model: StageModel,
  state: ReportState,
  grading: GradingSetup,
  rows: PublishedAnalyses['rows'],
): Promise<PublishedAnalyses> {
  const settings = stateSettings(state);
  const analyses = await computeAnalyses(db, model, { ...settings, grading });
  const overview = await computeOverview(db, {
    filter: settings.filter,
    model,
    asOf: analyses.asOf,
    forecast: settings.forecast,
    winRates: settings,
  });
  return publishedAnalyses(analyses, {
    rows,
    overview,
    unit: settings.forecast.unit,
    computedAt: new Date(),
    key: analysesKey(state),
  });
}
