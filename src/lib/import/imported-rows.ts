import type { FileReport } from './import-dataset.ts';

/**
 * Opportunities and stage changes an import brought: what decides whether to compress. (Apart
 * from the import, which the first view does not load.)
 */
export const importedRows = (opportunities: FileReport, history: FileReport | null): number =>
  opportunities.rows + (history?.rows ?? 0);
