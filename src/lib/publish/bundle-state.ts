import { escapeHtml } from '../charts/escape-html.ts';
import { translate } from '../i18n/translate.ts';
import type { CohortFilter } from '../metrics/cohort.ts';
import { defaultState, encodeState, type ReportState } from '../state/url-state.ts';
import { ANALYSES_FILE } from './published-analyses.ts';
import { HISTORY, OPPORTUNITIES } from './published-tables.ts';

/** The site's own page, renamed in a bundle: its index.html opens it on the bundled data. */
export const APP_PAGE = 'app.html';

/** What a bundle holds besides the site: read by people and tests, not by the app. */
export interface BundleReport {
  /** The page and link fragment the bundle opens with. */
  url: string;
  fragment: string;
  data: { opportunities: string; history: string | null; analyses: string };
  omitted: string[];
}

function withoutOmitted(filter: CohortFilter, omit: readonly string[]): CohortFilter {
  const where = Object.entries(filter.where ?? {}).filter(([segment]) => !omit.includes(segment));
  const rest = { ...filter };
  delete rest.where;
  return where.length > 0 ? { ...rest, where: Object.fromEntries(where) } : rest;
}

function withoutOmittedDeals(
  table: ReportState['dealTable'],
  omit: readonly string[],
): ReportState['dealTable'] {
  if (omit.length === 0) return table;
  const columns = table.columns.filter((c) => !omit.includes(c));
  const sorted = !omit.includes(table.sort.column);
  const defaults = defaultState().dealTable;
  return {
    sort: sorted ? table.sort : defaults.sort,
    search: '',
    columns: columns.length > 0 ? columns : defaults.columns.filter((c) => !omit.includes(c)),
  };
}

/**
 * The report state a bundle opens with: its own data files, the Overview rather than the Data
 * view it was published from, no filter or breakdown by a column left out (a filter value would
 * name what was left out), no deal search and no left-out deal column (the search text may name
 * a person or an account), and no per-file import recipe, which names the original file's headers
 * and would remap the Parquet's canonical ones.
 */
export function bundleState(
  state: ReportState,
  omit: readonly string[],
  withHistory: boolean,
): ReportState {
  const statusValues = state.recipe.statusValues;
  return {
    ...state,
    view: state.view === 'data' ? 'overview' : state.view,
    filter: withoutOmitted(state.filter, omit),
    breakdown: state.breakdown && omit.includes(state.breakdown) ? null : state.breakdown,
    dealTable: withoutOmittedDeals(state.dealTable, omit),
    recipe: statusValues ? { statusValues } : {},
    source: withHistory
      ? { kind: 'url', src: OPPORTUNITIES.file, history: HISTORY.file }
      : { kind: 'url', src: OPPORTUNITIES.file },
  };
}

/**
 * The page's address and what the bundle holds; `?src=` wins over a link's source on start, and
 * `&analyses=` names the analyses the page shows when the data is more than a tab holds.
 */
export async function bundleReport(
  state: ReportState,
  omit: readonly string[],
  withHistory: boolean,
): Promise<BundleReport> {
  const fragment = await encodeState(bundleState(state, omit, withHistory));
  const search =
    `?src=${OPPORTUNITIES.file}` +
    (withHistory ? `&history=${HISTORY.file}` : '') +
    `&analyses=${ANALYSES_FILE}`;
  return {
    url: `${APP_PAGE}${search}${fragment ? `#${fragment}` : ''}`,
    fragment,
    data: {
      opportunities: OPPORTUNITIES.file,
      history: withHistory ? HISTORY.file : null,
      analyses: ANALYSES_FILE,
    },
    omitted: [...omit],
  };
}

/**
 * The bundle's index.html: served over HTTP it goes straight to the report; opened from disk
 * (file://, where browsers load no workers or WebAssembly) it says how to serve the folder.
 */
export function indexPage(url: string): string {
  const lines = (['en', 'zh-CN'] as const).map(
    (locale) =>
      `<p lang="${locale}">${escapeHtml(translate(locale, 'publish.page.serve'))} ` +
      `<a href="${escapeHtml(url)}">${escapeHtml(translate(locale, 'publish.page.open'))}</a></p>`,
  );
  // JSON text inside a script: `<` escaped so no `</script>` can end it early.
  const target = JSON.stringify(url).replaceAll('<', '\\u003c');
  return `<!doctype html>
<html>
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(translate('en', 'publish.page.title'))}</title>
    <style>
      body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; }
    </style>
    <script>
      if (location.protocol !== 'file:') location.replace(${target});
    </script>
  </head>
  <body>
    ${lines.join('\n    ')}
  </body>
</html>
`;
}

/** The bundle's own files besides the site and the data. */
export function bundlePages(report: BundleReport): Array<{ path: string; text: string }> {
  return [
    { path: 'index.html', text: indexPage(report.url) },
    { path: 'report.json', text: `${JSON.stringify(report, null, 2)}\n` },
  ];
}
