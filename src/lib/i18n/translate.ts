import type { Locale } from './format.ts';
import { en, type MessageKey } from './messages-en.ts';
import { zh } from './messages-zh.ts';

const MESSAGES: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zh };

export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}

/**
 * The message in the locale, with `{name}` placeholders filled in. `{name:one|other}` picks the
 * words that agree with the number `name` (formatted or not): English says "1 deal", "2 deals".
 */
export function translate(
  locale: Locale,
  key: MessageKey,
  params: Record<string, string | number> = {},
): string {
  return MESSAGES[locale][key]
    .replace(/\{(\w+):([^|{}]*)\|([^{}]*)\}/g, (_, name: string, one: string, other: string) =>
      String(params[name]) === '1' ? one : other,
    )
    .replace(/\{(\w+)\}/g, (_, name: string) =>
      name in params ? String(params[name]) : `{${name}}`,
    );
}

/** The UI language from the browser's first preference: Chinese for any zh-*, else English. */
export function localeFromLanguages(languages: readonly string[]): Locale {
  return (languages[0] ?? 'en').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
