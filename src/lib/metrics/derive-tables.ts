import { compressTables, type Database } from '../db/database.ts';
import type { StageModel } from '../model/stage-model.ts';
import { buildGrades } from './grades/grades.ts';
import { defaultSetup, type GradingSetup } from './grades/grading-setup.ts';
import { presentIndicators } from './grades/present-indicators.ts';
import { attachGrades, buildStageProgress } from './stage-progress.ts';

/** The grading setup the grades were made with, and why they were left out (null: they were not). */
export interface Graded {
  setup: GradingSetup;
  gradesError: string | null;
}

/**
 * The per-opportunity table, then its grades, each compressed once written: the grades are built
 * beside a compressed per-deal table, which at 5M deals is what fits in a tab (and at millions of
 * deals on the command line, what lets the analyses fit in memory). The page and the command line
 * both derive through here; `rows` is how many the import wrote, which decides the compressing.
 */
export async function deriveTables(
  db: Database,
  model: StageModel,
  settings: { useHistory: boolean; grading: GradingSetup | null },
  rows = Infinity,
): Promise<Graded> {
  await buildStageProgress(db, model, settings.useHistory);
  await compressTables(db, rows);
  const graded = await gradeOpportunities(db, settings.grading, model);
  await compressTables(db, rows);
  return graded;
}

/**
 * Grades every opportunity with the setup, else the default for the data's indicators. A setup
 * that does not fit (a scope stage the model lacks) leaves every deal ungraded, and says why.
 */
export async function gradeOpportunities(
  db: Database,
  grading: GradingSetup | null,
  model: StageModel,
): Promise<Graded> {
  const setup = grading ?? defaultSetup(await presentIndicators(db));
  try {
    await buildGrades(db, setup, model);
    return { setup, gradesError: null };
  } catch (error) {
    await db.exec(`CREATE OR REPLACE TABLE opp_grades AS
      SELECT id, false AS in_scope, NULL::DOUBLE AS score, NULL::VARCHAR AS grade,
        NULL::INTEGER AS rule, customer_class, NULL::VARCHAR AS class_source,
        NULL::VARCHAR AS industry_tier FROM opp_progress`);
    await attachGrades(db);
    return { setup, gradesError: error instanceof Error ? error.message : String(error) };
  }
}
