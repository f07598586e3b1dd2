import { createContext } from 'svelte';
import type { Database } from '../db/database.ts';
import type { Locale } from '../i18n/format.ts';
import type { MessageKey } from '../i18n/messages-en.ts';
import { translate } from '../i18n/translate.ts';
import type { ImportReport } from '../import/import-dataset.ts';
import type { CohortFilter } from '../metrics/cohort.ts';
import type { StageModel } from '../model/stage-model.ts';

export type View = 'overview' | 'funnel' | 'deals' | 'data';

export interface Drill {
  position: number;
  /** Deals that reached the stage, were lost there, or are still open there. */
  which: 'reached' | 'lost' | 'open';
}

export interface DataSource {
  kind: 'demo' | 'files' | 'url';
  files: string[];
}

/** What the whole page shares: language, view, the database and what is loaded in it. */
export class AppState {
  locale = $state<Locale>('en');
  view = $state<View>('overview');
  db = $state.raw<Database | null>(null);
  dbError = $state<string | null>(null);
  report = $state.raw<ImportReport | null>(null);
  source = $state.raw<DataSource | null>(null);
  /** The stage model the analyses use (chosen at import, edited by the user). */
  model = $state.raw<StageModel | null>(null);
  /** "Today" for stale deals and date presets: the latest event in the data unless set. */
  asOf = $state<string | null>(null);
  filter = $state.raw<CohortFilter>({});
  strictOrder = $state(false);
  /** Place deals by their stage history too (off: by the current stage alone). */
  useHistory = $state(true);
  /** The deal list's drill-down from a chart: a stage and which of its deals. */
  drill = $state.raw<Drill | null>(null);
  /** Bumped after every import and model change, so every view queries again. */
  version = $state(0);

  t = (key: MessageKey, params?: Record<string, string | number>): string =>
    translate(this.locale, key, params);

  loaded(report: ImportReport, source: DataSource, model: StageModel, asOf: string | null): void {
    this.report = report;
    this.source = source;
    this.model = model;
    this.asOf = asOf;
    this.drill = null;
    this.version += 1;
  }

  modelChanged(model: StageModel): void {
    this.model = model;
    this.version += 1;
  }
}

export const [getAppState, setAppState] = createContext<AppState>();
