import type { Locale } from './format.ts';
import { isMessageKey, translate } from './translate.ts';

/** A canonical field's or derived segment's name in the UI language; unknown names as they are. */
export function fieldLabel(field: string, locale: Locale): string {
  for (const key of [`field.${field}`, `segment.${field}`]) {
    if (isMessageKey(key)) return translate(locale, key);
  }
  return field;
}
