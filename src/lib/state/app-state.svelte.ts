import { createContext } from 'svelte';
import type { Database } from '../db/database.ts';
import type { Locale } from '../i18n/format.ts';
import type { MessageKey } from '../i18n/messages-en.ts';
import { translate } from '../i18n/translate.ts';
import type { ImportReport } from '../import/import-dataset.ts';
import type { ImportRecipe } from '../import/import-options.ts';
import type { CohortFilter, Segment } from '../metrics/cohort.ts';
import { shownBreakdown, type SegmentPresence } from '../metrics/segment-presence.ts';
import {
  defaultForecastSettings,
  type ForecastSettings,
} from '../metrics/forecast/forecast-settings.ts';
import type { GradingSetup } from '../metrics/grades/grading-setup.ts';
import type { OverviewData } from '../metrics/overview-data.ts';
import { defaultDealTableState, type DealTableState } from './deal-table-state.ts';
import type { PresetSource, WinRateOptions } from '../metrics/win-rates.ts';
import type { StageModel } from '../model/stage-model.ts';
import type { PublishedAnalyses } from '../publish/published-analyses.ts';
import type { ReportView } from './url-state.ts';

export type View = ReportView;
export type Theme = 'system' | 'light' | 'dark';

export interface Drill {
  position: number;
  /** Deals that reached the stage, were lost there, or are still open there. */
  which: 'reached' | 'lost' | 'open';
}

export type DataSource =
  | { kind: 'demo' }
  | { kind: 'url'; src: string; history?: string }
  /** Local files: a link can name them but not carry them; the hash tells the same file again. */
  | { kind: 'file'; name: string; rows: number; hash: string; files: string[] };

/** What the whole page shares: language, view, the database and what is loaded in it. */
export class AppState {
  locale = $state<Locale>('en');
  /** The colour theme the user picked; 'system' follows the operating system. */
  theme = $state<Theme>('system');
  /** The operating system asks for dark colours. */
  systemDark = $state(false);
  view = $state<View>('overview');
  db = $state.raw<Database | null>(null);
  /** DuckDB statements running now: while any is, the page shows it is working. */
  running = $state(0);
  dbError = $state<string | null>(null);
  report = $state.raw<ImportReport | null>(null);
  source = $state.raw<DataSource | null>(null);
  /** The stage model the analyses use (chosen at import, edited by the user). */
  model = $state.raw<StageModel | null>(null);
  /** The model chosen at import: a link carries the model only when it differs. */
  chosenModel = $state.raw<StageModel | null>(null);
  /** A link made from a local file names it: the user is asked for it, and told if another comes. */
  expectedFile = $state.raw<{ name: string; rows: number; hash: string } | null>(null);
  /** The file loaded is not the one the link was made from: its numbers may differ. */
  otherFileThanLink = $state(false);
  /** The import choices behind the data (mapping, encoding, date order…). */
  recipe = $state.raw<ImportRecipe>({});
  /** The latest event in the data: "today" unless the user (or a link) sets another date. */
  dataAsOf = $state<string | null>(null);
  asOfOverride = $state<string | null>(null);
  /** The locale a link or the user chose; null follows the browser. */
  chosenLocale = $state<Locale | null>(null);
  filter = $state.raw<CohortFilter>({});
  strictOrder = $state(false);
  /** Place deals by their stage history too (off: by the current stage alone). */
  useHistory = $state(true);
  /** The breakdown the user or a link chose (null: none); the views show `shownBreakdown`. */
  breakdown = $state<Segment | null>(null);
  /** Which segments the loaded data fills (unknown, so all offered, until measured). */
  segments = $state.raw<SegmentPresence>({});
  /** Calibration settings (METRICS.md): presets from the model or the export, prior strength m. */
  presetSource = $state<PresetSource | null>(null);
  prior = $state(10);
  monotone = $state(false);
  /** Walk-forward cut date; null: two quarters before the last close. */
  cut = $state<string | null>(null);
  /** The preset table the user adopts, by stage position; kept apart from the model's presets. */
  adopted = $state.raw<Array<number | null> | null>(null);
  /** The grading setup the user or a link chose; null: the default for the data's indicators. */
  grading = $state.raw<GradingSetup | null>(null);
  /** The grades table exists for the current data and grading setup. */
  gradesReady = $state(false);
  /** Why the grades could not be built (e.g. a scope stage the model no longer has). */
  gradesError = $state<string | null>(null);
  forecast = $state.raw<ForecastSettings>(defaultForecastSettings());
  /** The deal table's sort, search and columns. */
  dealTable = $state<DealTableState>(defaultDealTableState());
  /** The deal list's drill-down from a chart: a stage and which of its deals. */
  drill = $state.raw<Drill | null>(null);
  /**
   * A published report whose data is more than a tab holds: the analyses it was published with,
   * shown in place of the views, and its data files.
   */
  published = $state.raw<{ analyses: PublishedAnalyses; files: string[] } | null>(null);
  /**
   * A published report's Overview as computed at its link's state, and that state's filter: shown
   * while its data loads, as long as the filter is that one.
   */
  linkOverview = $state.raw<{ data: OverviewData; filter: CohortFilter } | null>(null);
  /** The files a link names while they load into DuckDB (it has started). */
  loadingFiles = $state.raw<string[] | null>(null);
  /** Bumped after every import and model change, so every view queries again. */
  version = $state(0);

  t = (key: MessageKey, params?: Record<string, string | number>): string =>
    translate(this.locale, key, params);

  get dark(): boolean {
    return this.theme === 'dark' || (this.theme === 'system' && this.systemDark);
  }

  /** The win-rate settings every rate (and forecast) is computed with. */
  get winRateOptions(): WinRateOptions {
    return {
      strict: this.strictOrder,
      prior: this.prior,
      monotone: this.monotone,
      presetSource: this.presetSource,
      cut: this.cut,
    };
  }

  /** The breakdown shown: the one chosen, or one the data fills when it leaves that blank. */
  get shownBreakdown(): Segment {
    return shownBreakdown(this.breakdown, this.segments);
  }

  /** "Today" for stale deals, overdue deals and date presets; never the browser's clock. */
  get asOf(): string | null {
    return this.asOfOverride ?? this.dataAsOf;
  }

  loaded(
    report: ImportReport,
    source: DataSource,
    recipe: ImportRecipe,
    model: StageModel,
    asOf: string | null,
  ): void {
    this.report = report;
    this.source = source;
    this.recipe = recipe;
    this.model = model;
    this.chosenModel = model;
    this.dataAsOf = asOf;
    this.drill = null;
    this.version += 1;
  }

  modelChanged(model: StageModel): void {
    this.model = model;
    this.version += 1;
  }
}

export const [getAppState, setAppState] = createContext<AppState>();
