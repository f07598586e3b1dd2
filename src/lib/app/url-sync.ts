import type { AppState, DataSource } from '../state/app-state.svelte.ts';
import type { ReportSource, ReportState } from '../state/url-state.ts';

function reportSource(source: DataSource | null): ReportSource {
  if (!source || source.kind === 'demo') return { kind: 'demo' };
  if (source.kind === 'url') return source;
  return { kind: 'file', name: source.name, rows: source.rows, hash: source.hash };
}

/** Everything on screen that a link must reproduce. */
export function reportStateOf(app: AppState): ReportState {
  return {
    view: app.view,
    locale: app.chosenLocale,
    asOf: app.asOfOverride,
    filter: app.filter,
    strictOrder: app.strictOrder,
    useHistory: app.useHistory,
    breakdown: app.breakdown,
    presetSource: app.presetSource,
    prior: app.prior,
    monotone: app.monotone,
    cut: app.cut,
    adopted: app.adopted,
    drill: app.drill,
    forecast: app.forecast,
    dealTable: app.dealTable,
    grading: app.grading,
    // The model chosen at import is chosen again from the same data: only edits travel.
    model: app.model !== app.chosenModel ? app.model : null,
    recipe: app.recipe,
    source: reportSource(app.source),
  };
}

/** The settings a link carries that apply before (and whatever) data is loaded. */
export function applySettings(app: AppState, state: ReportState): void {
  app.view = state.view;
  app.chosenLocale = state.locale;
  if (state.locale) app.locale = state.locale;
  app.asOfOverride = state.asOf;
  app.filter = state.filter;
  app.strictOrder = state.strictOrder;
  app.useHistory = state.useHistory;
  app.breakdown = state.breakdown;
  app.presetSource = state.presetSource;
  app.prior = state.prior;
  app.monotone = state.monotone;
  app.cut = state.cut;
  app.adopted = state.adopted;
  app.drill = state.drill;
  app.forecast = state.forecast;
  app.dealTable = state.dealTable;
  app.grading = state.grading;
}
