import type { Locale } from '../i18n/format.ts';
import { toSimplified } from '../import/traditional-chinese.ts';
import { BUILT_IN_MODELS, type BuiltInName } from './built-in-models.ts';

/** Folds a stage name for matching: width, case, traditional Chinese, spaces and punctuation. */
export function normalizeStageName(s: string): string {
  return toSimplified(s.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** Every normalized spelling of a built-in stage or terminal. */
export function nameKeys(name: BuiltInName): string[] {
  return [name.zh, name.en, ...name.aliases].map(normalizeStageName);
}

const BY_KEY = new Map<string, BuiltInName>();
for (const model of Object.values(BUILT_IN_MODELS)) {
  for (const name of [...model.stages, model.won, model.lost]) {
    for (const key of nameKeys(name)) if (!BY_KEY.has(key)) BY_KEY.set(key, name);
  }
}

/** A built-in stage's or terminal's name in the UI language; any other stage name as it is. */
export function stageLabel(name: string, locale: Locale): string {
  const builtIn = BY_KEY.get(normalizeStageName(name));
  if (!builtIn) return name;
  return locale === 'zh-CN' ? builtIn.zh : builtIn.en;
}
