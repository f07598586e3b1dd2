import { createContext } from 'svelte';
import type { Database } from '../db/database.ts';
import type { Locale } from '../i18n/format.ts';
import type { MessageKey } from '../i18n/messages-en.ts';
import { translate } from '../i18n/translate.ts';
import type { ImportReport } from '../import/import-dataset.ts';

export type View = 'overview' | 'data';

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
  /** Bumped after every import, so every view queries again. */
  version = $state(0);

  t = (key: MessageKey, params?: Record<string, string | number>): string =>
    translate(this.locale, key, params);

  loaded(report: ImportReport, source: DataSource): void {
    this.report = report;
    this.source = source;
    this.version += 1;
  }
}

export const [getAppState, setAppState] = createContext<AppState>();
